#!/usr/bin/env bats
# Timestamps and durations: -t -tt -ttt, -r, -T and their long forms
# --absolute-timestamps=format:...,precision:..., --relative-timestamps=P,
# --syscall-times=P.  The formats are checked exactly (every digit
# masked), the values for sense, and the traces against strace 6.1.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\n' >fruit.txt
}

# run_both compares after normalize: the shared filter handles -t/-tt/
# -ttt/-r/-T; this adds the other precisions, -t with -r and bare unix
# seconds.
normalize() {
	sed -E -f "$TESTS_DIR/normalize.sed" "$@" | sed -E '
		s/^((\[pid PID\]|PID) )?[0-9]{9,} /\1TIME /
		s/^((\[pid PID\]|PID) )? *[0-9]+(\.[0-9]+)? /\1TIME /
		s/^((\[pid PID\]|PID) )?TIME \(\+ +[0-9]+(\.[0-9]+)?\) /\1TIME (+ REL) /
		s/ <[0-9]+(\.[0-9]+)?>$/ <DURATION>/'
}

# masked OPTS...: the tracer's trace of "true" (close and exit_group
# only), each digit of the timestamps and durations replaced by D
masked() {
	run --separate-stderr "${NOFDS[@]}" "${TRACER_CMD[@]}" "$@" -e trace=close,exit_group true
	assert_success
	perl -pe 's/^([0-9:. ()+]*)/$1 =~ tr|0-9|D|r/e; s/<([0-9.]+)>$/"<" . ($1 =~ tr|0-9|D|r) . ">"/e' <<<"$stderr" |
		tail -n 3
}

# aligned TEXT RESULT: TEXT padded to column 40 (a space at least), then
# "= RESULT", as strace aligns the results
aligned() {
	local n=$((40 - ${#1}))
	[ "$n" -ge 1 ] || n=1
	printf '%s%*s= %s\n' "$1" "$n" '' "$2"
}

# tail3 PREFIX: the last three lines of "true"'s trace, each after PREFIX
tail3() {
	aligned "${1}close(3)" 0
	aligned "${1}exit_group(0)" '?'
	echo "${1}+++ exited with 0 +++"
}

# assert_format EXPECTED-PREFIX OPTS...: the tracer's lines have exactly
# that (masked) prefix and " = " where it belongs
assert_format() {
	local p=$1
	shift
	run masked "$@"
	assert_output "$(tail3 "$p")"
}

# --- exact formats -------------------------------------------------------

@test "-t: HH:MM:SS" {
	assert_format 'DD:DD:DD ' -t
	assert_format 'DD:DD:DD ' --absolute-timestamps
	assert_format 'DD:DD:DD ' --timestamps=time
	assert_format 'DD:DD:DD ' --absolute-timestamps=precision:s
}

@test "-tt: HH:MM:SS.micro" {
	assert_format 'DD:DD:DD.DDDDDD ' -tt
	assert_format 'DD:DD:DD.DDDDDD ' --absolute-timestamps=precision:us
	assert_format 'DD:DD:DD.DDDDDD ' --absolute-timestamps=format:time,precision:us
}

@test "--absolute-timestamps=precision:ms and :ns" {
	assert_format 'DD:DD:DD.DDD ' --absolute-timestamps=precision:ms
	assert_format 'DD:DD:DD.DDDDDDDDD ' --absolute-timestamps=precision:ns
}

@test "-ttt: unix seconds.micro" {
	assert_format 'DDDDDDDDDD.DDDDDD ' -ttt
	assert_format 'DDDDDDDDDD.DDDDDD ' --absolute-timestamps=format:unix,precision:us
}

@test "--absolute-timestamps=format:unix,precision:ns" {
	assert_format 'DDDDDDDDDD.DDDDDDDDD ' --absolute-timestamps=format:unix,precision:ns
	assert_format 'DDDDDDDDDD ' --timestamps=unix
	assert_format 'DDDDDDDDDD.DDD ' --absolute-timestamps=unix,ms
}

@test "-r: %6d.%06d since the previous line" {
	assert_format '     D.DDDDDD ' -r
	assert_format '     D.DDDDDD ' --relative-timestamps
	assert_format '     D.DDDDDD ' --relative-timestamps=us
}

@test "--relative-timestamps=ms, =ns, =s" {
	assert_format '     D.DDD ' --relative-timestamps=ms
	assert_format '     D.DDDDDDDDD ' --relative-timestamps=ns
	assert_format '     D ' --relative-timestamps=s
}

@test "-T: <seconds.micro> after the result, none for exit_group" {
	run masked -T
	assert_output - <<'EOF'
close(3)                                = 0 <D.DDDDDD>
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
}

@test "--syscall-times=ns, =ms, =s, =us" {
	local p want
	for p in ns:D.DDDDDDDDD ms:D.DDD s:D us:D.DDDDDD; do
		run masked --syscall-times="${p%%:*}"
		want="close(3)                                = 0 <${p#*:}>"
		assert_line --index 0 "$want"
		assert_line --index 1 'exit_group(0)                           = ?'
	done
}

@test "-t with -r: the time of day and (+ relative)" {
	assert_format 'DD:DD:DD (+     D.DDDDDD) ' -t -r
	assert_format 'DD:DD:DD (+     D.DDDDDD) ' -r -t
	assert_format 'DD:DD:DD.DDDDDD (+     D.DDDDDD) ' -tt -r
	assert_format 'DDDDDDDDDD.DDDDDD (+     D.DDDDDD) ' -ttt -r
}

@test "-tt -T together" {
	run masked -tt -T
	assert_line --index 0 'DD:DD:DD.DDDDDD close(3)                = 0 <D.DDDDDD>'
	assert_line --index 1 'DD:DD:DD.DDDDDD exit_group(0)           = ?'
}

@test "bad timestamp arguments: strace's messages, exit 1" {
	local o
	for o in --absolute-timestamps=foo --absolute-timestamps=precision:ps \
		--relative-timestamps=foo --syscall-times=foo --syscall-times=ps; do
		run "$STRACE" "$o" true
		[ "$status" = 1 ] || fail "strace $o: exit $status"
		local want=${output//"$STRACE"/TRACER}
		run tracer "$o" true
		assert_failure 1
		assert_equal "${output//"$TRACER_NAME"/TRACER}" "$want"
	done
}

# --- values --------------------------------------------------------------

@test "-ttt: the time is now" {
	local before after
	before=$(date +%s)
	run --separate-stderr "${TRACER_CMD[@]}" -ttt -e trace=exit_group true
	after=$(date +%s)
	local t=${stderr%%.*}
	[ "$t" -ge "$before" ] && [ "$t" -le "$after" ] || fail "$stderr not in [$before, $after]"
}

@test "-t: the time of day is now" {
	local before after t
	before=$(date +%H:%M:%S)
	run --separate-stderr "${TRACER_CMD[@]}" -t -e trace=exit_group true
	after=$(date +%H:%M:%S)
	t=${stderr%% *}
	[[ ! $t < $before && ! $t > $after ]] || fail "$t not in [$before, $after]"
}

@test "-T: clock_nanosleep of 0.2 s takes 0.2 s" {
	run --separate-stderr "${TRACER_CMD[@]}" -T -e trace=clock_nanosleep sleep 0.2
	assert_success
	local d
	d=$(sed -n 's/^clock_nanosleep(.*) = 0 <\([0-9.]*\)>$/\1/p' <<<"$stderr")
	[ -n "$d" ] || fail "no duration: $stderr"
	awk -v d="$d" 'BEGIN { exit !(d >= 0.19 && d < 1.5) }' || fail "duration $d"
}

@test "-r: the line after a 0.2 s sleep is 0.2 s later" {
	run --separate-stderr "${TRACER_CMD[@]}" -r -e trace=clock_nanosleep,exit_group sleep 0.2
	assert_success
	local d
	d=$(sed -n 's/^ *\([0-9.]*\) exit_group(0) .*/\1/p' <<<"$stderr")
	[ -n "$d" ] || fail "no exit_group line: $stderr"
	awk -v d="$d" 'BEGIN { exit !(d >= 0.19 && d < 1.5) }' || fail "relative $d"
}

@test "-tt: timestamps do not go backwards" {
	run --separate-stderr "${TRACER_CMD[@]}" -ttt -e trace=all ls /
	assert_success
	sed -n 's/^\([0-9]*\.[0-9]*\) .*/\1/p' <<<"$stderr" |
		awk 'NR > 1 && $1 < prev { print "backwards: " prev " " $1; bad = 1 } { prev = $1 } END { exit bad }'
}

# --- the same as strace ------------------------------------------------

@test "run_both -t, -tt, -ttt, -r, -T: cat FILE" {
	local o
	for o in -t -tt -ttt -r -T; do
		run_both "$o" -- cat fruit.txt
	done
}

@test "run_both the long forms: cat FILE" {
	run_both --absolute-timestamps=format:unix,precision:ns -- cat fruit.txt
	run_both --relative-timestamps=ms -- cat fruit.txt
	run_both --syscall-times=ns -- cat fruit.txt
	run_both --absolute-timestamps=precision:ms -- cat fruit.txt
}

@test "run_both -t -r, -tt -T: cat FILE" {
	run_both -t -r -- cat fruit.txt
	run_both -tt -T -- cat fruit.txt
}

@test "run_both -f -tt -T: fork-exit, timestamps after the pid prefix" {
	# Per-process files: which call another process's line cuts in two
	# (and so where a resumed line with its own time stands) is up to the
	# scheduler; the content of each process's trace is not.
	RUN_BOTH_TRIES=5 run_both -ff -tt -T -- "$PROGS/fork-exit" 200
	tracer -f -tt -T -o shared.trace "$PROGS/fork-exit" 200
	run grep -Ec '^[0-9]+ +[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} ' shared.trace
	[ "$output" -ge 30 ] || fail "too few prefixed timestamps: $output"
}

@test "-tt -f without -o: [pid N] then the time; messages have no time" {
	run --separate-stderr "${TRACER_CMD[@]}" -tt -f -e trace=exit_group "$PROGS/fork-exit" 200
	assert_success
	run sed -E 's/[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}/TIME/' <<<"$(normalize <<<"$stderr")"
	assert_output - <<EOF
$TRACER_NAME: Process PID attached
[pid PID] TIME exit_group(3) = ?
[pid PID] TIME +++ exited with 3 +++
TIME --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
TIME exit_group(0)           = ?
TIME +++ exited with 0 +++
EOF
}
