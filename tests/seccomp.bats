#!/usr/bin/env bats
# Seccomp mode: with -f the launched command runs under a seccomp-bpf
# filter that stops it only at the selected syscalls.  hytrace uses it by
# default with -f (as root), --seccomp-bpf asks for it as strace does,
# --seccomp-bpf=never turns it off.  The traces are the same as without
# the filter: compared with strace 6.1 --seccomp-bpf; strace's messages
# where the filter cannot be used.

load common

setup_file() {
	# progs/seccomp-status is not in build-progs.sh's list: build it here
	# when $PROGS lacks it (make check builds it as a check_PROGRAM)
	local src=$TESTS_DIR/progs/seccomp-status.c
	if [ ! -x "$PROGS/seccomp-status" ] || [ "$src" -nt "$PROGS/seccomp-status" ]; then
		${CC:-gcc} -O1 -g -Wall -Wextra -o "$PROGS/seccomp-status.tmp.$$" "$src" &&
			mv "$PROGS/seccomp-status.tmp.$$" "$PROGS/seccomp-status"
	fi
}

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\nbanana\ncherry\n' >fruit.txt
	[ -x "$PROGS/seccomp-status" ] || fail "no $PROGS/seccomp-status"
}

SECCOMP_ON=$'Seccomp:\t2'
SECCOMP_OFF=$'Seccomp:\t0'

# chdir_lines N: N "chdir(".") = 0" lines as strace aligns them
chdir_lines() {
	local i
	for ((i = 0; i < $1; i++)); do
		echo 'chdir(".")                              = 0'
	done
}

# limited SECONDS CMD...: runs CMD in a session of its own with stdout in
# lim.out, stderr in lim.err; if it is not done after SECONDS, kills the
# whole session (a tracer stuck with its helper child) and returns 124
limited() {
	perl -e '
		use POSIX ();
		my $secs = shift;
		my $pid = fork // die "fork: $!";
		if (!$pid) {
			POSIX::setsid();
			open(STDOUT, ">", "lim.out") or die;
			open(STDERR, ">", "lim.err") or die;
			exec @ARGV or exit 127;
		}
		local $SIG{ALRM} = sub { kill "KILL", -$pid; waitpid($pid, 0); exit 124 };
		alarm $secs;
		waitpid($pid, 0);
		alarm 0;
		kill "KILL", -$pid;	# what it left behind
		exit($? & 127 ? 128 + ($? & 127) : $? >> 8);' -- "$@"
}

# --- is the filter there? -------------------------------------------------

@test "-f: the filter is on by default (hytrace), each chdir traced once" {
	tracer_is_strace && skip "strace 6.1 uses seccomp only with --seccomp-bpf"
	run --separate-stderr "${TRACER_CMD[@]}" -f -e trace=chdir "$PROGS/seccomp-status" 3
	assert_success
	assert_output "$SECCOMP_ON"
	assert_equal "$stderr" "$(chdir_lines 3; echo '+++ exited with 0 +++')"
}

@test "--seccomp-bpf=never -f: no filter, the same trace (hytrace)" {
	tracer_is_strace && skip "--seccomp-bpf=never is hytrace's"
	run --separate-stderr "${TRACER_CMD[@]}" --seccomp-bpf=never -f -e trace=chdir "$PROGS/seccomp-status" 3
	assert_success
	assert_output "$SECCOMP_OFF"
	assert_equal "$stderr" "$(chdir_lines 3; echo '+++ exited with 0 +++')"
}

@test "--seccomp-bpf=auto is the default; a bad argument is an error (hytrace)" {
	tracer_is_strace && skip "--seccomp-bpf=WHEN is hytrace's"
	run --separate-stderr "${TRACER_CMD[@]}" --seccomp-bpf=never --seccomp-bpf=auto -f -e trace=chdir "$PROGS/seccomp-status" 1
	assert_success
	assert_output "$SECCOMP_ON"
	run tracer --seccomp-bpf=sometimes true
	assert_failure 1
	assert_output - <<EOF
$TRACER_NAME: invalid --seccomp-bpf argument: 'sometimes'
Try '$TRACER_NAME -h' for more information.
EOF
}

@test "a filter that cannot go in: pure ptrace, the whole trace; the message only with --seccomp-bpf" {
	# under seccomp-deny the launched child's install fails: the tracer
	# learns it from the child (no probe in the default mode) and traces
	# it by ptrace alone
	run --separate-stderr "$PROGS/seccomp-deny" "${TRACER_CMD[@]}" -f -e trace=chdir "$PROGS/seccomp-status" 3
	assert_success
	assert_equal "$stderr" "$(chdir_lines 3; echo '+++ exited with 0 +++')"
	run --separate-stderr "$PROGS/seccomp-deny" "${TRACER_CMD[@]}" --seccomp-bpf -f -e trace=chdir "$PROGS/seccomp-status" 3
	assert_success
	assert_equal "$stderr" "$(echo "$TRACER_NAME: seccomp filter is requested but unavailable"; chdir_lines 3; echo '+++ exited with 0 +++')"
}

@test "without -f: no filter" {
	run --separate-stderr "${TRACER_CMD[@]}" -e trace=chdir "$PROGS/seccomp-status" 3
	assert_success
	assert_output "$SECCOMP_OFF"
	assert_equal "$stderr" "$(chdir_lines 3; echo '+++ exited with 0 +++')"
}

@test "--seccomp-bpf -f: the filter, as strace" {
	run --separate-stderr "${TRACER_CMD[@]}" --seccomp-bpf -f -e trace=chdir "$PROGS/seccomp-status" 3
	assert_success
	assert_output "$SECCOMP_ON"
	assert_equal "$stderr" "$(chdir_lines 3; echo '+++ exited with 0 +++')"
	run_both --seccomp-bpf -f -e trace=chdir,getppid -- "$PROGS/seccomp-status" 3
}

@test "every selected syscall exactly once: 500 chdir calls, 500 lines" {
	local mode
	for mode in --seccomp-bpf --seccomp-bpf; do
		# the second time in the tracer's default mode (hytrace: the filter)
		tracer_is_strace || [ "$mode" = done ] || mode=--quiet=attach
		"${TRACER_CMD[@]}" $mode -f -e trace=chdir "$PROGS/seccomp-status" 500 >out 2>trace
		mode=done
		assert_equal "$(cat out)" "$SECCOMP_ON"
		run grep -c . trace
		assert_output 501
		run grep -vc '^chdir(".")                              = 0$' trace
		assert_output 1
		run tail -n 1 trace
		assert_output '+++ exited with 0 +++'
	done
	# two selected calls, alternating
	"${TRACER_CMD[@]}" --seccomp-bpf -f -e trace=chdir,getppid "$PROGS/seccomp-status" 200 >out 2>trace
	run awk 'NR % 2 == 1 && !/^chdir\("\."\) +=/ || NR % 2 == 0 && !/^getppid\(\) +=/ { n++ } END { print NR, n + 0 }' trace
	assert_output "401 1"
}

# --- strace's messages ----------------------------------------------------------

@test "--seccomp-bpf without -f: cannot be used without -f, disabling; as strace" {
	run --separate-stderr "${TRACER_CMD[@]}" --seccomp-bpf -e trace=chdir "$PROGS/seccomp-status" 1
	assert_success
	assert_output "$SECCOMP_OFF"
	assert_equal "$stderr" "$TRACER_NAME: --seccomp-bpf cannot be used without -f/--follow-forks, disabling
$(chdir_lines 1)
+++ exited with 0 +++"
	run_both --seccomp-bpf -e trace=chdir -- "$PROGS/seccomp-status" 1
}

@test "--seccomp-bpf with nothing to filter (trace=all): strace's message, no filter" {
	run --separate-stderr "${TRACER_CMD[@]}" --seccomp-bpf -f -o /dev/null "$PROGS/seccomp-status" 1
	assert_success
	assert_output "$SECCOMP_OFF"
	assert_equal "$stderr" "$TRACER_NAME: Seccomp filter is requested but there are no syscalls to filter.  See -e trace to filter syscalls."
	run_both --seccomp-bpf -f -- "$PROGS/seccomp-status" 1
	run_both --seccomp-bpf -f -e status=failed -- "$PROGS/seccomp-status" 1
	run_both --seccomp-bpf -f -e 'trace=!none' -- "$PROGS/seccomp-status" 1
}

@test "--seccomp-bpf -e trace=none: the filter, no message, as strace" {
	run_both --seccomp-bpf -f -e trace=none -- "$PROGS/seccomp-status" 1
	run cat "$BATS_TEST_TMPDIR/both.tracer.stdout"
	assert_output "$SECCOMP_ON"
	run cat "$BATS_TEST_TMPDIR/both.tracer.stderr"
	assert_output ""
}

# attach_msgs OPTS...: the tracer's stderr for "-o trace OPTS -p SLEEPER"
# interrupted after the attach
attach_msgs() {
	bg_traced tr "${TRACER_CMD[@]}" -o trace "$@" -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	cat tr.err
}

@test "--seccomp-bpf -p: not enabled for processes attached with -p, as strace" {
	start_sleeper
	run attach_msgs --seccomp-bpf
	assert_output - <<EOF
$TRACER_NAME: --seccomp-bpf is not enabled for processes attached with -p
$TRACER_NAME: --seccomp-bpf cannot be used without -f/--follow-forks, disabling
$TRACER_NAME: Process $SLEEPER_PID attached
$TRACER_NAME: Process $SLEEPER_PID detached
EOF
}

@test "--seccomp-bpf -f -p: not enabled for -p; nothing to filter with trace=all, as strace" {
	start_sleeper
	run attach_msgs --seccomp-bpf -f
	assert_output - <<EOF
$TRACER_NAME: --seccomp-bpf is not enabled for processes attached with -p
$TRACER_NAME: Seccomp filter is requested but there are no syscalls to filter.  See -e trace to filter syscalls.
$TRACER_NAME: Process $SLEEPER_PID attached
$TRACER_NAME: Process $SLEEPER_PID detached
EOF
	run attach_msgs --seccomp-bpf -f -e trace=write
	assert_output - <<EOF
$TRACER_NAME: --seccomp-bpf is not enabled for processes attached with -p
$TRACER_NAME: Process $SLEEPER_PID attached
$TRACER_NAME: Process $SLEEPER_PID detached
EOF
}

@test "-p with -f and no --seccomp-bpf: no message, no filter in the attached process" {
	start_sleeper
	run attach_msgs -f -e trace=write
	assert_output - <<EOF
$TRACER_NAME: Process $SLEEPER_PID attached
$TRACER_NAME: Process $SLEEPER_PID detached
EOF
	run grep '^Seccomp:' "/proc/$SLEEPER_PID/status"
	assert_output "$SECCOMP_OFF"
}

# --- the same traces as strace, in seccomp mode --------------------------------

@test "seccomp mode, -f -e trace=write: the tracer does not hang" {
	# the filter's installation is checked in a helper process; write is
	# a traced call there too
	run limited 20 "$TRACER" -f -e trace=write,exit_group true
	assert_success
	run cat lim.err
	assert_output - <<'EOF'
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
	run limited 20 "$TRACER" --seccomp-bpf -f -e trace=write "$PROGS/seccomp-status" 1
	assert_success
	assert_equal "$(cat lim.out)" "$SECCOMP_ON"
	run cat lim.err
	assert_output --regexp '^write\(1, "Seccomp:\\t2\\n", 11\) += 11
\+\+\+ exited with 0 \+\+\+$'
}

@test "seccomp mode, fork-exit -f, as strace" {
	RUN_BOTH_TRIES=5 run_both --seccomp-bpf -f -e trace=clone,wait4,exit_group,clock_nanosleep -- "$PROGS/fork-exit" 200
	run grep -c 'exit_group' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
}

@test "seccomp mode, fork-exit -ff %process, as strace" {
	run_both --seccomp-bpf -ff -e trace=%process -- "$PROGS/fork-exit" 200
}

@test "seccomp mode, vfork-exec -ff, as strace" {
	run_both --seccomp-bpf -ff -e trace=vfork,execve,wait4,exit_group -- "$PROGS/vfork-exec" /bin/sleep 0.2
	run_both --seccomp-bpf -ff -e trace=%process,%file -- "$PROGS/vfork-exec" /bin/sleep 0.2
}

@test "seccomp mode, threads -ff, as strace" {
	RUN_BOTH_TRIES=5 run_both --seccomp-bpf -ff -e trace=clone,clone3,exit,exit_group,set_robust_list -- "$PROGS/threads" 2
}

@test "seccomp mode, sh -c pipelines -ff, as strace" {
	# (the shell's wait4 and SIGCHLD come in any order: not traced)
	RUN_BOTH_TRIES=5 run_both --seccomp-bpf -ff -e signal=none -e trace=execve,pipe,pipe2,dup2,exit_group,openat \
		-- sh -c 'cat fruit.txt | sort | head -n 2; echo hi | cat >/dev/null'
	run grep -c '^execve(' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 5
}

@test "seccomp mode, a 32-bit program: the personality notice, i386 calls, as strace" {
	command -v gcc >/dev/null && [ -x "$PROGS/prog32" ] || skip "no prog32"
	# (-o implies -q: quiet=none for the personality notice)
	run_both --seccomp-bpf -ff -e quiet=none -e trace=getuid32,openat,close,exit_group -- "$PROGS/prog32"
	run normalize "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_line --index 1 '[ Process PID=PID runs in 32 bit mode. ]'
	run sed -n '/^getuid32/,$p' <<<"$output"
	assert_output - <<'EOF'
getuid32()                              = 0
openat(AT_FDCWD, "/dev/null", O_WRONLY) = 3
close(3)                                = 0
exit_group(7)                           = ?
+++ exited with 7 +++
EOF
}

@test "seccomp mode, int 0x80 from 64-bit code: 32 bit mode, getgid32(), as strace" {
	run_both --seccomp-bpf -ff -e quiet=none -e trace=getgid32,exit_group -- "$PROGS/int80"
	run normalize "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output - <<EOF
=== process 1 ===
[ Process PID=PID runs in 32 bit mode. ]
getgid32()                              = $(id -g)
[ Process PID=PID runs in 64 bit mode. ]
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
	run_both --seccomp-bpf -ff -e quiet=none -e trace=getpid,exit_group -- "$PROGS/int80" getpid
}

@test "seccomp mode, an i386 fork by int 0x80, -ff, as strace" {
	# (parent and child write at once: their output comes in either order)
	RUN_BOTH_TRIES=5 run_both --seccomp-bpf -ff -e quiet=none -e trace=fork,wait4,exit_group -- "$PROGS/int80" fork
	run grep -c 'bit mode' "$BATS_TEST_TMPDIR/both.tracer.trace"
	[ "$output" -ge 2 ] || fail "no personality notices"
}

@test "seccomp mode, -e status=unfinished: the exit_groups, as strace" {
	run_both --seccomp-bpf -ff -e trace=%process -e status=unfinished -- "$PROGS/fork-exit" 200
	run grep -c '^exit_group([03]) *= ?$' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
}

@test "seccomp mode, -e status=failed, cat of a missing file, as strace" {
	run_both --seccomp-bpf -f -e trace=%file -e status=failed -- cat no-such-file
	run grep -c 'no-such-file' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 1
}

@test "seccomp mode, -c: the same counts of the selected calls as strace" {
	local which bin
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		$CLEAN_ENV "${NOFDS[@]}" "$bin" --seccomp-bpf -f -c -S name -U calls,errors,name -e trace=chdir,getppid \
			-o "sum.$which" "$PROGS/seccomp-status" 50 >/dev/null
	done
	run cat sum.tracer
	assert_output - <<'EOF'
    calls    errors syscall
--------- --------- ----------------
       50           chdir
       50           getppid
--------- --------- ----------------
      100           total
EOF
	diff -u sum.strace sum.tracer || fail "the tables differ"
}
