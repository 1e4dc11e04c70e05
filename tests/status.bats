#!/usr/bin/env bats
# -e status=SET, -z (successful only), -Z (failed only): which calls are
# printed by how they ended ("aggregation").  A call is printed only once
# it has ended, as one whole line: with -f no "<unfinished ...>" /
# "<... X resumed>" pairs.  Compared with strace 6.1 where the output is
# deterministic; where children run at once, as a sorted multiset.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\n' >fruit.txt
}

# The trace of the tracer's run in the last run_both, as written (with
# -f into one file, run_both keeps the raw file aside)
both_trace() {
	if [ -e "$BATS_TEST_TMPDIR/both.tracer.trace.raw" ]; then
		echo "$BATS_TEST_TMPDIR/both.tracer.trace.raw"
	else
		echo "$BATS_TEST_TMPDIR/both.tracer.trace"
	fi
}

# sorted_norm FILE: FILE normalised (pids, addresses), sorted
sorted_norm() {
	normalize "$1" | LC_ALL=C sort
}

@test "seed 1: -z -f -e signal=none, three background sleeps: whole lines, same multiset as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		rm -f "log.$which"
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "log.$which" -z -f -e signal=none \
			-e trace=execve,nanosleep,clock_nanosleep \
			sh -c 'sleep 0.1 & sleep 0.2 & sleep 0.3' </dev/null
		# whole lines only
		run grep -Ec 'unfinished|resumed>' "log.$which"
		assert_output 0
		run grep -Ec '^[0-9]+ +execve\(' "log.$which"
		assert_output 4
		run grep -Ec '^[0-9]+ +clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=0, tv_nsec=[123]00000000\}, 0x[0-9a-f]+\) += 0$' "log.$which"
		assert_output 3
		run grep -Ec '^[0-9]+ +\+\+\+ exited with 0 \+\+\+$' "log.$which"
		assert_output 4
		run grep -c . "log.$which"
		assert_output 11
	done
	diff -u <(sorted_norm log.strace) <(sorted_norm log.tracer) ||
		fail "the multisets of lines differ"
}

@test "seed 2: -qq -Z -e trace=%file eu-elflint of missing files: only the failed calls, as strace" {
	command -v eu-elflint >/dev/null || skip "no eu-elflint"
	run_both -qq -Z -e trace=%file -- eu-elflint no-such-file1 no-such-file2
	run grep -c 'openat(AT_FDCWD, "no-such-file[12]", O_RDONLY) = -1 ENOENT (No such file or directory)$' \
		"$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
	run grep -vc ' = -1 E' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
}

@test "seed 3: buildreq-style file list, -o '|sort -u > files': the same files as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		rm -f files
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -qq -f -z -e signal=none -e trace=%file \
			-o '|sort -u > files' \
			sh -c 'cat /etc/hostname >/dev/null; ls /etc >/dev/null' </dev/null
		[ -s files ] || fail "$which: no file list"
		mv files "files.$which"
		run grep -Ec ' = -1 |unfinished|resumed>|\+\+\+' "files.$which"
		assert_output 0
		run grep -c 'openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3$' "files.$which"
		assert_output 1
	done
	diff -u <(sorted_norm files.strace) <(sorted_norm files.tracer) ||
		fail "the file lists differ"
}

@test "-e status=failed: only the calls that returned an error" {
	run_both -e status=failed -- cat no-such-file
	run tail -n 2 "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output - <<'EOF'
openat(AT_FDCWD, "no-such-file", O_RDONLY) = -1 ENOENT (No such file or directory)
+++ exited with 1 +++
EOF
	run grep -vc -e ' = -1 E' -e '^+++ exited' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
}

@test "-Z is -e status=failed" {
	run_both -Z -- cat no-such-file
	run_both -Z -e trace=openat,close -- cat fruit.txt
	run cat "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output '+++ exited with 0 +++'
}

@test "-e status=successful: no failed call, no exit_group" {
	run_both -e status=successful -- cat no-such-file
	run grep -c -e ' = -1 E' -e exit_group "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
	run tail -n 1 "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output '+++ exited with 1 +++'
}

@test "-z -e trace=openat,read,close cat FILE: exact" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -z -e trace=openat,read,close,exit_group cat fruit.txt
	assert_success
	run sed -n '/fruit/,$p' <<<"$stderr"
	assert_output - <<'EOF'
openat(AT_FDCWD, "fruit.txt", O_RDONLY) = 3
read(3, "pear\napple\nfig\n", 131072)   = 15
read(3, "", 131072)                     = 0
close(3)                                = 0
close(1)                                = 0
close(2)                                = 0
+++ exited with 0 +++
EOF
	run_both -z -e trace=openat,read,close,exit_group -- cat fruit.txt
}

@test "-e status='!successful': failed calls and the unfinished exit_group" {
	run_both -e 'status=!successful' -- cat no-such-file
	run tail -n 3 "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output - <<'EOF'
openat(AT_FDCWD, "no-such-file", O_RDONLY) = -1 ENOENT (No such file or directory)
exit_group(1)                           = ?
+++ exited with 1 +++
EOF
}

@test "-e status=none: no call at all, the exit line stays" {
	run_both -e status=none -- cat no-such-file
	run cat "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output '+++ exited with 1 +++'
}

@test "-e status=unfinished: exit_group shows as exit_group(0) = ?" {
	run --separate-stderr tracer -e status=unfinished cat fruit.txt
	assert_success
	assert_output "$(cat fruit.txt)"
	[ "$stderr" = 'exit_group(0)                           = ?
+++ exited with 0 +++' ] || fail "stderr: $stderr"
	run_both -e status=unfinished -- cat fruit.txt
}

@test "-e status=unfinished -f fork-exit: both exit_groups" {
	run_both -f -e status=unfinished -- "$PROGS/fork-exit" 200
	run normalize "$(both_trace)"
	assert_output - <<'EOF'
PID exit_group(3) = ?
PID +++ exited with 3 +++
PID --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
PID exit_group(0) = ?
PID +++ exited with 0 +++
EOF
}

@test "-e status=unavailable,failed: the same as strace" {
	run_both -e status=unavailable,failed -- cat no-such-file
}

@test "-e status=all: the full trace, as without" {
	run_both -e status=all -e trace=close -- cat fruit.txt
	run grep -c '^close(' "$BATS_TEST_TMPDIR/both.tracer.trace"
	[ "$output" -ge 3 ] || fail "too few close lines"
}

@test "-e status=detached: only the line cut by the detach, ending in <detached ...>" {
	start_sleeper
	bg_traced tr "${TRACER_CMD[@]}" -o trace -e status=detached -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	sleep 0.45
	kill -TERM "$BG_PID"
	run bg_wait tr
	assert_output "signal 15"
	run cat tr.err
	assert_output - <<EOF
$TRACER_NAME: Process $SLEEPER_PID attached
$TRACER_NAME: Process $SLEEPER_PID detached
EOF
	run cat trace
	assert_equal "${#lines[@]}" 1
	# the sleeper is nearly always in its 100 ms sleep; rarely in the write
	assert_output --regexp '^(clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=0, tv_nsec=100000000\}, |write\(3, "tick\\n", 5) <detached \.\.\.>$'
}

@test "-e status=successful -p: the detached line is not shown" {
	start_sleeper
	bg_traced tr "${TRACER_CMD[@]}" -o trace -e status=successful -e trace=clock_nanosleep -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	sleep 0.45
	kill -TERM "$BG_PID"
	run bg_wait tr
	assert_output "signal 15"
	run grep -vc '^clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=100000000}, NULL) = 0$' trace
	assert_output 0
	run grep -c . trace
	[ "$output" -ge 2 ] || fail "too few lines: $(cat trace)"
}

@test "-z -f fork-exit: whole lines, as strace" {
	RUN_BOTH_TRIES=5 run_both -f -z -- "$PROGS/fork-exit" 200
	run grep -Ec 'unfinished|resumed>' "$(both_trace)"
	assert_output 0
	run grep -Ec '^[0-9]+ +wait4\([0-9]+, \[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 3\}\], 0, NULL\) = [0-9]+$' \
		"$(both_trace)"
	assert_output 1
}

@test "-Z -f fork-exit: whole lines, as strace" {
	RUN_BOTH_TRIES=5 run_both -f -Z -- "$PROGS/fork-exit" 200
	run grep -Ec 'unfinished|resumed>|wait4' "$(both_trace)"
	assert_output 0
}

@test "-z -ff fork-exit: per-process files, as strace" {
	run_both -ff -z -- "$PROGS/fork-exit" 200
}

@test "-z -f without -o: [pid N] prefixes, no unfinished lines" {
	run --separate-stderr "${TRACER_CMD[@]}" -z -f -e trace=wait4,exit_group,nanosleep,clock_nanosleep "$PROGS/fork-exit" 200
	assert_success
	run normalize <<<"$stderr"
	# the parent's wait4 began while two were traced: prefixed
	assert_output - <<EOF
$TRACER_NAME: Process PID attached
[pid PID] clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=200000000}, NULL) = 0
[pid PID] +++ exited with 3 +++
[pid PID] wait4(PID, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = PID
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
+++ exited with 0 +++
EOF
}

# renamed NAME: stdin with the messages' prefix "NAME: " and the "Try
# 'NAME -h'" hint's NAME replaced by TRACER
renamed() {
	NAME=$1 perl -pe 's/^\Q$ENV{NAME}\E: /TRACER: /; s/\x27\Q$ENV{NAME}\E -h\x27/\x27TRACER -h\x27/'
}

# same_error ARGS...: the tracer fails on ARGS with exit 1 and the same
# messages as strace (the program name replaced)
same_error() {
	local want
	run "$STRACE" "$@"
	[ "$status" = 1 ] || fail "strace $*: exit $status"
	want=$(renamed "$STRACE" <<<"$output")
	run tracer "$@"
	assert_failure 1
	output=$(renamed "$TRACER_NAME" <<<"$output")
	assert_output "$want"
}

@test "bad status words: invalid status 'WORD', exit 1, as strace" {
	local w
	for w in foo '' '!' success 'failed,foo' '!foo' 'all,none' ','; do
		same_error -e "status=$w" true
	done
	run tracer -e status=foo true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid status 'foo'"
	run tracer --status=bar true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid status 'bar'"
}

@test "status words are case-insensitive, a trailing comma is allowed, as strace" {
	run_both -e status=FAILED -- cat no-such-file
	run_both -e status=failed, -- cat no-such-file
	run grep -c 'no-such-file' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 1
}
