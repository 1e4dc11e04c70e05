#!/usr/bin/env bats
# -c / -C: the per-syscall summary table.  Times differ from run to run,
# so the tables of strace 6.1 and the tracer are compared by their calls
# and errors columns per syscall; the layout (header, dividers, total
# line, column widths) is checked exactly.

load common

HEADER='% time     seconds  usecs/call     calls    errors syscall'
# the syscall column is as wide as the longest name + 1, 16 at least
DIVIDER_RE='^------ ----------- ----------- --------- --------- -{16,}$'
# "%6.2f %11.6f %11lu %9u %9s %s" (errors blank when 0)
COLS_RE='[ 0-9]{2}[0-9]\.[0-9]{2} [ 0-9]{3}[0-9]\.[0-9]{6} [ 0-9]{10}[0-9] [ 0-9]{8}[0-9] ( {9}|[ 0-9]{7}[1-9][0-9]|[ 0-9]{8}[1-9])'
ROW_RE="^$COLS_RE [a-z_0-9]+\$"
TOTAL_RE='^100\.00 [ 0-9]{3}[0-9]\.[0-9]{6} [ 0-9]{10}[0-9] [ 0-9]{8}[0-9] ( {9}|[ 0-9]{7}[1-9][0-9]|[ 0-9]{8}[1-9]) total$'

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\nbanana\ncherry\n' >fruit.txt
	mkdir -p dir/sub
	touch dir/a dir/b dir/c
}

# counts FILE: "NAME CALLS ERRORS" of each row of the default table in
# FILE (the lines between the dividers), sorted by name
counts() {
	awk '
		/^-+( -+)*$/ { n++; next }
		n == 1 { print $NF, $4, (NF == 6 ? $5 : 0) }' "$1" | LC_ALL=C sort
}

# totals FILE: "CALLS ERRORS" of the total line
totals() {
	awk '$NF == "total" { print $4, (NF == 6 ? $5 : 0) }' "$1"
}

# table_of FILE: the table at the end of FILE, from its header on
table_of() {
	sed -n "/^$(printf '%s' "$HEADER" | sed 's/[%/]/\\&/g')\$/,\$p" "$1"
}

# check_layout FILE: FILE is exactly a default table: header, divider,
# rows, divider, total; each row in strace's widths, percentages and
# calls adding up
check_layout() {
	local n
	n=$(wc -l <"$1")
	[ "$n" -ge 5 ] || fail "too short a table: $(cat "$1")"
	run sed -n 1p "$1"
	assert_output "$HEADER"
	local div l
	div=$(sed -n 2p "$1")
	[[ $div =~ $DIVIDER_RE ]] || fail "divider: '$div'"
	run sed -n "$((n - 1))p" "$1"
	assert_output "$div"
	# rows; the name column as wide as the longest name + 1
	run sed -n "3,$((n - 2))p" "$1"
	local longest=15
	for l in "${lines[@]}"; do
		[[ $l =~ $ROW_RE ]] || fail "row: '$l'"
		[ $((${#l} - 51)) -le "$longest" ] || longest=$((${#l} - 51))
	done
	assert_equal "${#div}" $((51 + longest + 1))
	l=$(tail -n 1 "$1")
	[[ $l =~ $TOTAL_RE ]] || fail "total line: '$l'"
	# the total line's calls and errors are the sums of the rows
	run awk '
		/^-+( -+)*$/ { n++; next }
		n == 1 { c += $4; e += (NF == 6 ? $5 : 0) }
		END { print c, e }' "$1"
	assert_output "$(totals "$1")"
}

# both_tables OPTS... -- CMD...: runs strace and the tracer with
# "-o FILE OPTS CMD" and compares the tables' calls and errors
both_tables() {
	local opts=() which bin
	while [ "$1" != "--" ]; do
		opts+=("$1")
		shift
	done
	shift
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		rm -f "sum.$which"
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "sum.$which" "${opts[@]}" "$@" \
			>"out.$which" 2>"err.$which" </dev/null || true
		[ -s "sum.$which" ] || fail "$which wrote no table"
	done
	diff -u <(counts sum.strace) <(counts sum.tracer) || fail "the counts differ ($*)"
	diff -u <(totals sum.strace) <(totals sum.tracer) || fail "the totals differ ($*)"
	[ "$(counts sum.tracer | wc -l)" -ge 2 ] || fail "too few rows: $(cat sum.tracer)"
	cmp out.strace out.tracer || fail "the program's output differs"
	check_layout sum.tracer
}

@test "-c cat FILE: calls and errors per syscall as strace" {
	both_tables -c -- cat fruit.txt
	run counts sum.tracer
	assert_line 'openat 3 0'
	assert_line 'execve 1 0'
	# exit_group does not return: not counted
	refute_line --partial exit_group
}

@test "-c ls DIR: calls and errors per syscall as strace" {
	both_tables -c -- ls dir
	run counts sum.tracer
	assert_line 'getdents64 2 0'
}

@test "-c sort FILE: calls and errors per syscall as strace" {
	both_tables -c -- sort fruit.txt
	assert_equal "$(cat out.tracer)" "$(sort fruit.txt)"
}

@test "-c cat of a missing file: the errors column as strace" {
	both_tables -c -- cat no-such-file
	run counts sum.tracer
	assert_line 'access 1 1'
	assert_line --regexp '^openat [0-9]+ [1-9][0-9]*$'
	run totals sum.tracer
	assert_output --regexp '^[0-9]+ [1-9][0-9]*$'
}

@test "-c -e trace=openat,close: only those rows" {
	both_tables -c -e trace=openat,close -- cat no-such-file
	run counts sum.tracer
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp '^close [0-9]+ 0$'
	assert_line --index 1 --regexp '^openat [0-9]+ [1-9][0-9]*$'
}

@test "-c -w: runs, wall clock times, the same counts" {
	both_tables -c -w -- cat fruit.txt
	# wall clock time of execve is never zero
	run awk '$NF == "total" { print ($2 > 0) }' sum.tracer
	assert_output 1
}

@test "-c without -o: the table on stderr, the program's output alone on stdout" {
	run --separate-stderr $CLEAN_ENV "${TRACER_CMD[@]}" -c cat fruit.txt
	assert_success
	assert_output "$(cat fruit.txt)"
	printf '%s\n' "$stderr" >table
	check_layout table
}

@test "-c -o FILE: the table is written to FILE, nothing on stderr" {
	run --separate-stderr $CLEAN_ENV "${TRACER_CMD[@]}" -c -o table cat fruit.txt
	assert_success
	assert_output "$(cat fruit.txt)"
	assert_equal "$stderr" ""
	check_layout table
}

@test "-c with a program exiting 1: the table, and exit 1" {
	run --separate-stderr $CLEAN_ENV "${TRACER_CMD[@]}" -c -o table cat no-such-file
	assert_failure 1
	assert_equal "$stderr" "cat: no-such-file: No such file or directory"
	check_layout table
}

@test "-C: the trace, then the table; the counts as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "all.$which" -C -e trace=openat,close cat no-such-file \
			2>/dev/null || true
		# the trace part is the same as without -C
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "plain.$which" -e trace=openat,close cat no-such-file \
			2>/dev/null || true
		sed -n "1,$(wc -l <"plain.$which")p" "all.$which" >"head.$which"
		cmp "head.$which" "plain.$which" || fail "$which: the trace part differs"
		run tail -n 1 "plain.$which"
		assert_output "+++ exited with 1 +++"
		table_of "all.$which" >"sum.$which"
		[ "$(wc -l <"all.$which")" = $(($(wc -l <"plain.$which") + $(wc -l <"sum.$which"))) ] ||
			fail "$which: more than the trace and the table"
	done
	diff -u <(counts sum.strace) <(counts sum.tracer) || fail "the counts differ"
	check_layout sum.tracer
	diff -u plain.strace plain.tracer || fail "the traces differ"
}

@test "-S calls -U calls,name: exact, as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "sum.$which" -c -S calls -U calls,name ls dir >/dev/null
	done
	run sed -n '1,2p' sum.tracer
	assert_output - <<'EOF'
    calls syscall
--------- ----------------
EOF
	# calls descending
	run awk 'NR > 2 && $2 != "total" && !/^-/ { if (prev != "" && $1 > prev) print "bad: " $0; prev = $1 }' sum.tracer
	assert_output ""
	diff -u sum.strace sum.tracer || fail "the tables differ"
}

@test "-S name: rows in the order of the names, as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "sum.$which" -c -S name -U name,calls,errors ls dir >/dev/null
	done
	run awk 'NR > 2 && !/^-/ && $1 != "total" { print $1 }' sum.tracer
	assert_equal "$output" "$(printf '%s\n' "${lines[@]}" | LC_ALL=C sort)"
	[ "${#lines[@]}" -ge 10 ] || fail "too few rows"
	diff -u sum.strace sum.tracer || fail "the tables differ"
}

@test "-S nothing: syscall number order, as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "sum.$which" -c -S nothing -U name,calls,errors cat fruit.txt >/dev/null
	done
	run sed -n 3,5p sum.tracer
	assert_output - <<'EOF'
read                     3          
write                    1          
close                    5          
EOF
	diff -u sum.strace sum.tracer || fail "the tables differ"
}

@test "-U calls,errors,name with -S errors: exact, as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "sum.$which" -c -S errors -U calls,errors,name cat no-such-file 2>/dev/null || true
	done
	run sed -n 1,2p sum.tracer
	assert_output - <<'EOF'
    calls    errors syscall
--------- --------- ----------------
EOF
	diff -u sum.strace sum.tracer || fail "the tables differ"
}

@test "-S foo: invalid sortby, the Try line, exit 1" {
	run tracer -c -S foo true
	assert_failure 1
	assert_output - <<EOF
$TRACER_NAME: invalid sortby: 'foo'
Try '$TRACER_NAME -h' for more information.
EOF
}

@test "-c -ff -o x: mutually exclusive, as strace" {
	run tracer -c -ff -o x true
	assert_failure 1
	assert_output - <<EOF
$TRACER_NAME: (-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive
Try '$TRACER_NAME -h' for more information.
EOF
	[ ! -e x ] || fail "x was created"
	run tracer -C -ff -o x true
	assert_failure 1
	assert_line --index 0 "$TRACER_NAME: (-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive"
}

@test "-c -f: the children's calls are counted too, as strace" {
	both_tables -c -f -- "$PROGS/fork-exit" 200
	run counts sum.tracer
	assert_line 'set_robust_list 2 0'
	assert_line 'clone 1 0'
	assert_line 'wait4 1 0'
}
