#!/usr/bin/env bats
# Signals: decoded siginfo lines, death by signal, and group-stop (a
# stopped tracee stays stopped, its parent sees the stop, SIGCONT resumes
# it: strace uses PTRACE_SEIZE + PTRACE_LISTEN for this).

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
}

@test "SIGCHLD with a handler: siginfo decoded, rt_sigreturn, EINTR" {
	run --separate-stderr "$TRACER" -e trace=rt_sigsuspend,write,rt_sigreturn,wait4 "$PROGS/sigchld"
	assert_success
	assert_output "SIGCHLD"
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
rt_sigsuspend([], 8)                    = ? ERESTARTNOHAND (To be restarted if no handler)
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
write(1, "SIGCHLD\n", 8)                = 8
rt_sigreturn({mask=[CHLD]})             = -1 EINTR (Interrupted system call)
wait4(PID, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = PID
+++ exited with 0 +++
EOF
}

@test "SIGCHLD: si_pid is the child's pid, si_status its exit status" {
	run "$TRACER" -f -o trace -e trace=exit_group "$PROGS/sigchld"
	assert_success
	local parent child
	child=$(grep -E '^[0-9]+ +exit_group\(3\)' trace | cut -d' ' -f1)
	parent=$(trace_pids trace | grep -vx "$child")
	[ -n "$child" ] && [ -n "$parent" ] || fail "pids: '$child' '$parent'"
	run pid_lines trace "$parent"
	assert_line --index 0 --regexp "^--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$child, si_uid=0, si_status=3, si_utime=[0-9]+, si_stime=[0-9]+\} ---\$"
	assert_line --index 1 'exit_group(0) = ?'
	assert_line --index 2 '+++ exited with 0 +++'
}

@test "a real SIGSEGV: SEGV_MAPERR with si_addr=NULL" {
	run "$TRACER" -e trace=none "$PROGS/kill-self" fault
	assert_failure 139
	assert_output - <<'EOF'
--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---
+++ killed by SIGSEGV +++
EOF
}

@test "a signal from outside kills the tracee: SIGUSR1 line, killed by" {
	bg_traced tr "$TRACER" -o trace -e trace=none "$PROGS/sleeper" pid
	wait_until 10 test -s pid
	kill -USR1 "$(cat pid)"
	run bg_wait tr
	assert_output "signal 10"
	run normalize trace
	assert_output - <<'EOF'
--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=PID, si_uid=0} ---
+++ killed by SIGUSR1 +++
EOF
	grep -q "si_pid=$$," trace || fail "si_pid is not the sender ($$)"
}

@test "-f: the child's own SIGSTOP, the parent sees the stop, SIGCONT resumes" {
	run "$TRACER" -f -o trace -e trace=kill,write,exit_group,wait4 "$PROGS/stop-cont"
	assert_success
	assert_output $'stopped\nresumed'
	run trace_pids trace
	assert_equal "${#lines[@]}" 2
	local parent=${lines[0]} child
	child=$(grep -E '^[0-9]+ +kill\([0-9]+, SIGSTOP\)' trace | cut -d' ' -f1)
	[ -n "$child" ] && [ "$child" != "$parent" ] || fail "child: '$child'"
	run pid_lines trace "$child"
	assert_output - <<EOF
kill($child, SIGSTOP) = 0
--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=$child, si_uid=0} ---
--- stopped by SIGSTOP ---
--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=$parent, si_uid=0} ---
write(1, "resumed\n", 8) = 8
exit_group(0) = ?
+++ exited with 0 +++
EOF
	run pid_lines trace "$parent"
	assert_line "wait4($child, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED, NULL) = $child"
	assert_line --regexp "^--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_STOPPED, si_pid=$child, si_uid=0, si_status=SIGSTOP, si_utime=[0-9]+, si_stime=[0-9]+\} ---\$"
	assert_line 'write(1, "stopped\n", 8) = 8'
	assert_line "kill($child, SIGCONT) = 0"
	assert_line "wait4($child, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = $child"
	assert_line --index -2 'exit_group(0) = ?'
	assert_line --index -1 '+++ exited with 0 +++'
}

@test "stop-cont without -f: the parent's SIGCHLDs are decoded" {
	run "$TRACER" -o trace -e trace=none "$PROGS/stop-cont"
	assert_success
	# The CLD_EXITED SIGCHLD is lost when the CLD_CONTINUED one is still
	# pending then (one standard signal is queued at most).
	run normalize <(grep -v CLD_EXITED trace)
	assert_output - <<'EOF'
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_STOPPED, si_pid=PID, si_uid=0, si_status=SIGSTOP, si_utime=N, si_stime=N} ---
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_CONTINUED, si_pid=PID, si_uid=0, si_status=SIGCONT, si_utime=N, si_stime=N} ---
+++ exited with 0 +++
EOF
	run normalize <(grep CLD_EXITED trace)
	[ -z "$output" ] || [ "$output" = '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=0, si_utime=N, si_stime=N} ---' ] ||
		fail "CLD_EXITED line: $output"
	run tail -n 2 trace
	assert_line --index 1 '+++ exited with 0 +++'
}

@test "a stopped tracee stays stopped until SIGCONT, then runs on" {
	bg_traced tr "$TRACER" -o trace -e trace=write "$PROGS/sleeper" pid
	wait_until 10 test -s pid
	local pid
	pid=$(cat pid)
	kill -STOP "$pid"
	wait_until 10 grep -q -- '--- stopped by SIGSTOP ---' trace ||
		fail "no 'stopped by' line"
	run proc_state "$pid"
	assert_output --regexp '^[tT]$'
	local n1 n2 n3
	n1=$(grep -c tick trace)
	sleep 0.5
	n2=$(grep -c tick trace)
	[ "$n1" = "$n2" ] || fail "ticks went on while stopped: $n1 -> $n2"
	run proc_state "$pid"
	assert_output --regexp '^[tT]$'
	kill -CONT "$pid"
	wait_until 10 eval '[ "$(grep -c tick trace)" -gt "$n2" ]' ||
		fail "no tick after SIGCONT"
	run proc_state "$pid"
	assert_output --regexp '^[RS]$'
	kill -TERM "$pid"
	run bg_wait tr
	assert_output "signal 15"
	run normalize <(grep -v '^write(' trace)
	assert_output - <<'EOF'
--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=PID, si_uid=0} ---
--- stopped by SIGSTOP ---
--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=PID, si_uid=0} ---
--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=PID, si_uid=0} ---
+++ killed by SIGTERM +++
EOF
}

@test "group-stop of a threaded tracee: every thread stops, SIGCONT resumes all" {
	bg_traced tr "$TRACER" -f -o trace -e trace=none "$PROGS/sleeper" pid 2
	wait_until 10 test -s pid
	local pid tid
	pid=$(cat pid)
	kill -STOP "$pid"
	wait_until 10 eval '[ "$(grep -c -- "--- stopped by SIGSTOP ---" trace)" = 3 ]' ||
		fail "not every thread stopped: $(cat trace)"
	for tid in $(thread_ids "$pid"); do
		run proc_state "$tid"
		assert_output --regexp '^[tT]$'
		run pid_lines trace "$tid"
		assert_line -- '--- stopped by SIGSTOP ---'
	done
	sleep 0.3
	for tid in $(thread_ids "$pid"); do
		run proc_state "$tid"
		assert_output --regexp '^[tT]$'
	done
	kill -CONT "$pid"
	sleep 0.3
	for tid in $(thread_ids "$pid"); do
		run proc_state "$tid"
		assert_output --regexp '^[RS]$'
	done
	kill -USR1 "$pid"
	run bg_wait tr
	assert_output "signal 10"
	run grep -c -- '--- SIGSTOP {' trace
	assert_output 1
	run grep -c -- '--- SIGCONT {' trace
	assert_output 1
	run grep -c '+++ killed by SIGUSR1 +++' trace
	assert_output 3
}

@test "the shell sees a traced job stop and continue (WUNTRACED via PTRACE_LISTEN)" {
	# The real parent's wait4(WUNTRACED) must report the group-stop of a
	# traced child, and its SIGCONT must wake the child.
	run "$TRACER" -o trace -f -e trace=none "$PROGS/stop-cont"
	assert_success
	assert_output $'stopped\nresumed'
}
