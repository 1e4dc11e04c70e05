#!/usr/bin/env bats
# Launching a program under the tracer: the first line, exit statuses,
# deaths by signal, programs that cannot be run.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
}

@test "first line is the program's execve, found on PATH" {
	run --separate-stderr $CLEAN_ENV "$TRACER" true
	assert_success
	stderr_lines=("${stderr_lines[@]}")
	[ "$(printf '%s\n' "${stderr_lines[0]}" | normalize)" = \
		'execve("/usr/bin/true", ["true"], 0xADDR /* 2 vars */) = 0' ] ||
		fail "first line: ${stderr_lines[0]}"
	[ "${stderr_lines[-1]}" = "+++ exited with 0 +++" ] ||
		fail "last line: ${stderr_lines[-1]}"
}

@test "execve with an absolute path and an empty environment" {
	run --separate-stderr env -i "$TRACER" -e trace=execve /bin/true
	assert_success
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
execve("/bin/true", ["/bin/true"], 0xADDR /* 0 vars */) = 0
+++ exited with 0 +++
EOF
}

@test "execve arguments are quoted and abbreviated like strace" {
	run --separate-stderr $CLEAN_ENV "$TRACER" -e trace=execve /bin/echo \
		'a b' 'c"d' $'e\tf' 0123456789012345678901234567890123456789
	assert_success
	assert_output 'a b c"d e	f 0123456789012345678901234567890123456789'
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
execve("/bin/echo", ["/bin/echo", "a b", "c\"d", "e\tf", "01234567890123456789012345678901"...], 0xADDR /* 2 vars */) = 0
+++ exited with 0 +++
EOF
}

@test "more than 32 arguments end in ..." {
	run --separate-stderr env -i "$TRACER" -e trace=execve -a 0 /bin/echo \
		$(seq 1 35)
	assert_success
	run normalize <<<"$stderr"
	assert_line --index 0 'execve("/bin/echo", ["/bin/echo", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", ...], 0xADDR /* 0 vars */) = 0'
}

@test "the program's stdin and stdout pass through untouched" {
	run bash -c 'printf "one\ntwo\n" | "$TRACER" -o /dev/null cat'
	assert_success
	assert_output $'one\ntwo'
	run bash -c '"$TRACER" -o /dev/null "$PROGS/strings" | od -An -c'
	assert_success
	assert_output - <<'EOF'
   0   1   2   3   4   5   6   7   8   9   a   b   c   d   e   f
   g   h   i   j   k   l   m   n   o   p   q   r   s   t   u   v
   w   x   y   z   A   B   C   D   a   b  \t   c  \n 001 177 200
 377
EOF
}

@test "exit status 3 is passed through" {
	run "$TRACER" -e trace=none "$PROGS/exit-status" 3
	assert_failure 3
	assert_output "+++ exited with 3 +++"
}

@test "exit status 0 and 255 are passed through" {
	run "$TRACER" -e trace=exit_group "$PROGS/exit-status" 0
	assert_success
	assert_output - <<'EOF'
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
	run "$TRACER" -e trace=exit_group "$PROGS/exit-status" 255
	assert_failure 255
	assert_output - <<'EOF'
exit_group(255)                         = ?
+++ exited with 255 +++
EOF
}

@test "killed by SIGSEGV: the tracer dies by SIGSEGV, without a core" {
	run wait_status "$TRACER" -o trace "$PROGS/kill-self" segv
	assert_output "signal 11"
	run normalize trace
	assert_line --index -2 '--- SIGSEGV {si_signo=SIGSEGV, si_code=SI_USER, si_pid=PID, si_uid=0} ---'
	assert_line --index -1 '+++ killed by SIGSEGV +++'
	[ ! -e core ] || fail "a core file was written"
}

@test "killed by SIGSEGV with a core dump: (core dumped)" {
	run wait_status "$PROGS/kill-self" segv-core
	rm -f core core.*
	[ "$output" = "signal 11 core" ] ||
		skip "this machine does not dump cores ($output)"
	run wait_status "$TRACER" -o trace "$PROGS/kill-self" segv-core
	# the tracer re-raises the signal but never dumps a core itself
	assert_output "signal 11"
	run tail -n 1 trace
	assert_output '+++ killed by SIGSEGV (core dumped) +++'
	rm -f core core.*
}

@test "killed by SIGKILL" {
	run wait_status "$TRACER" -e trace=none "$PROGS/kill-self" kill
	assert_output - <<'EOF'
+++ killed by SIGKILL +++
signal 9
EOF
}

@test "killed by SIGTERM: exit status of bash is 143" {
	run --separate-stderr "$TRACER" -e trace=kill "$PROGS/kill-self" term
	assert_failure 143
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
kill(PID, SIGTERM) = 0
--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=PID, si_uid=0} ---
+++ killed by SIGTERM +++
EOF
}

@test "missing program: Can't stat, exit 1" {
	run tracer nope-no-such-program
	assert_failure 1
	assert_output "$TRACER_NAME: Can't stat 'nope-no-such-program': No such file or directory"
	run tracer ./nope
	assert_failure 1
	assert_output "$TRACER_NAME: Can't stat './nope': No such file or directory"
}

@test "program that cannot be executed: failed execve, exec: message, exit 1" {
	run env -i "${TRACER_CMD[@]}" /etc/passwd
	assert_failure 1
	run normalize <<<"$output"
	assert_output - <<EOF
execve("/etc/passwd", ["/etc/passwd"], 0xADDR /* 0 vars */) = -1 EACCES (Permission denied)
$TRACER_NAME: exec: Permission denied
+++ exited with 1 +++
EOF
}

@test "a directory is not executable either" {
	run env -i "${TRACER_CMD[@]}" -e trace=execve "$BATS_TEST_TMPDIR"
	assert_failure 1
	run normalize <<<"$output"
	assert_output - <<EOF
execve("$BATS_TEST_TMPDIR", ["$BATS_TEST_TMPDIR"], 0xADDR /* 0 vars */) = -1 EACCES (Permission denied)
$TRACER_NAME: exec: Permission denied
+++ exited with 1 +++
EOF
}

@test "-o FILE with a command: SIGTERM to the tracer does not stop the trace" {
	# strace blocks SIGINT/SIGTERM/... when it runs a command with -o
	# (interruptible "never"): the trace goes on to the end.
	bg_traced tr "$TRACER" -o trace -e trace=exit_group "$PROGS/sleeper" pid
	local tracer=$BG_PID
	wait_until 10 test -s pid
	local sleeper
	sleeper=$(cat pid)
	BG_PIDS+=("$sleeper")
	kill -TERM "$tracer"
	sleep 0.3
	[ -d "/proc/$tracer" ] || fail "the tracer died of SIGTERM"
	kill -TERM "$sleeper"
	run bg_wait tr
	assert_output "signal 15"
	run normalize trace
	assert_output - <<'EOF'
--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=PID, si_uid=0} ---
+++ killed by SIGTERM +++
EOF
}

@test "without -o, SIGTERM to the tracer: the program gets it too" {
	# strace detaches, sends the fatal signal (after a SIGCONT) to the
	# program it started, and dies of the same signal.
	bg_traced tr "${TRACER_CMD[@]}" -e trace=none "$PROGS/sleeper" pid
	local tracer=$BG_PID
	wait_until 10 test -s pid
	local sleeper
	sleeper=$(cat pid)
	BG_PIDS+=("$sleeper")
	kill -TERM "$tracer"
	run bg_wait tr
	assert_output "signal 15"
	run normalize tr.err
	assert_output "$TRACER_NAME: Process PID detached"
	grep -qx "$TRACER_NAME: Process $sleeper detached" tr.err
	# the program ended (a zombie until init reaps it)
	wait_until 10 eval '[[ "$(proc_state "$sleeper")" =~ ^Z?$ ]]' ||
		fail "program still running: state $(proc_state "$sleeper")"
}

@test "without -o, SIGINT to the tracer: it dies of SIGINT, exit 130 in bash" {
	bg_traced tr "${TRACER_CMD[@]}" -e trace=none "$PROGS/sleeper" pid
	local tracer=$BG_PID
	wait_until 10 test -s pid
	local sleeper
	sleeper=$(cat pid)
	BG_PIDS+=("$sleeper")
	kill -INT "$tracer"
	run bg_wait tr
	assert_output "signal 2"
	grep -qx "$TRACER_NAME: Process $sleeper detached" tr.err
}

@test "ignored signals and the signal mask reach the program as given (nohup), as strace" {
	# perl ignores HUP, INT and CHLD, blocks USR1, then runs the command;
	# grep prints its own SigBlk and SigIgn masks
	masks() {
		perl -MPOSIX -e '$SIG{HUP} = $SIG{INT} = $SIG{CHLD} = "IGNORE";
			sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1));
			exec @ARGV or die' -- "$@" 2>/dev/null | grep -E '^Sig(Blk|Ign):'
	}
	local native
	native=$(masks grep ^Sig /proc/self/status)
	# HUP INT CHLD: bits 0, 1, 16; USR1: bit 9
	local blk ign
	blk=$(sed -n 's/^SigBlk:\t//p' <<<"$native")
	ign=$(sed -n 's/^SigIgn:\t//p' <<<"$native")
	(( (0x$blk & 0x200) == 0x200 && (0x$ign & 0x10003) == 0x10003 )) ||
		fail "perl did not set the masks up: $native"
	assert_equal "$(masks /usr/bin/strace -o /dev/null grep ^Sig /proc/self/status)" "$native"
	assert_equal "$(masks "$TRACER" -o /dev/null grep ^Sig /proc/self/status)" "$native"
	assert_equal "$(masks "$TRACER" grep ^Sig /proc/self/status)" "$native"
	assert_equal "$(masks "$TRACER" -f --seccomp-bpf=never grep ^Sig /proc/self/status)" "$native"
	assert_equal "$(masks "$TRACER" -f --shim=off grep ^Sig /proc/self/status)" "$native"
}
