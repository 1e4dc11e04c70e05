#!/usr/bin/env bats
# The seccomp filter builder (bpf/): progs/bpf-filter-test runs its table
# of (arch, syscall, instruction pointer) cases in the simulator and in
# the kernel and prints TAP.  The tracer is not involved.

load common

setup_file() {
	# not in build-progs.sh's list: built here when $PROGS lacks it (make
	# check builds it as a check_PROGRAM)
	local top=$TESTS_DIR/.. bin=$PROGS/bpf-filter-test f newer=
	for f in "$top"/tests/progs/bpf-filter-test.c "$top"/bpf/build.c "$top"/bpf/sim.c "$top"/bpf/filter.h; do
		[ "$f" -nt "$bin" ] && newer=1
	done
	if [ ! -x "$bin" ] || [ -n "$newer" ]; then
		${CC:-gcc} -O1 -g -Wall -D_GNU_SOURCE -I"$top/bpf" -o "$bin.tmp.$$" \
			"$top/bpf/build.c" "$top/bpf/sim.c" "$top/tests/progs/bpf-filter-test.c" -lseccomp &&
			mv "$bin.tmp.$$" "$bin"
	fi
}

@test "bpf-filter-test: every case passes" {
	[ -x "$PROGS/bpf-filter-test" ] || fail "no $PROGS/bpf-filter-test"
	run "$PROGS/bpf-filter-test"
	assert_success
	refute_output --partial 'not ok'
	# a TAP plan "1..N" with exactly N "ok" lines, numbered 1..N
	local plan n
	plan=$(grep -E '^1\.\.[0-9]+$' <<<"$output")
	[ -n "$plan" ] || fail "no plan line"
	n=${plan#1..}
	[ "$n" -ge 10 ] || fail "only $n cases"
	run grep -Ec '^ok [0-9]+ - ' <<<"$output"
	assert_output "$n"
	run awk '/^ok [0-9]+ - / { if ($2 != ++i) { print "case " $2 " out of order"; exit 1 } }' <<<"$output"
	assert_success
}

@test "bpf-filter-test: the kernel agrees with the simulator" {
	run "$PROGS/bpf-filter-test"
	assert_success
	assert_line --regexp '^ok [0-9]+ - kernel: '
}
