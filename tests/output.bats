#!/usr/bin/env bats
# Where the trace goes and how lines are formatted: -o, -ff, -s, -a, -x,
# -xx, -q, -qq, -n.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
}

# The three writes of tests/progs/strings with default options.
STRINGS_TRACE='write(1, "0123456789abcdefghijklmnopqrstuv"..., 40) = 40
write(1, "ab\tc\n", 5)                  = 5
write(1, "\1\177\200\377", 4)           = 4
+++ exited with 0 +++'

@test "default output goes to stderr, the program's to stdout" {
	run --separate-stderr "$TRACER" -e trace=write "$PROGS/strings"
	assert_success
	assert_output $'0123456789abcdefghijklmnopqrstuvwxyzABCDab\tc\n\x01\x7f\x80\xff'
	[ "$stderr" = "$STRINGS_TRACE" ] || fail "stderr: $stderr"
}

@test "-o FILE: the trace goes to FILE, nothing to stderr" {
	run --separate-stderr "$TRACER" -o trace -e trace=write "$PROGS/strings"
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	assert_output $'0123456789abcdefghijklmnopqrstuvwxyzABCDab\tc\n\x01\x7f\x80\xff'
	run cat trace
	assert_output "$STRINGS_TRACE"
}

@test "-o FILE truncates an existing FILE" {
	seq 1 1000 >trace
	run "$TRACER" -o trace -e trace=exit_group "$PROGS/exit-status" 0
	assert_success
	run cat trace
	assert_output - <<'EOF'
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
}

@test "-o FILE that cannot be opened: Can't fopen, exit 1" {
	run tracer -o /nonexistent/dir/trace true
	assert_failure 1
	assert_output "$TRACER_NAME: Can't fopen '/nonexistent/dir/trace': No such file or directory"
}

@test "the -o file is not inherited by the program" {
	run "$TRACER" -o trace -e trace=none bash -c 'cd /proc/$$/fd && for f in *; do echo "$f $(readlink $f)"; done'
	assert_success
	assert_line --regexp '^0 '
	refute_line --partial "$BATS_TEST_TMPDIR/trace"
}

@test "-o '|cmd' pipes the trace to a shell command" {
	run --separate-stderr "$TRACER" -o '|tr a-z A-Z > piped' -e trace=write "$PROGS/strings"
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	# the tracer waited for the command: the file is complete
	run cat piped
	assert_output - <<'EOF'
WRITE(1, "0123456789ABCDEFGHIJKLMNOPQRSTUV"..., 40) = 40
WRITE(1, "AB\TC\N", 5)                  = 5
WRITE(1, "\1\177\200\377", 4)           = 4
+++ EXITED WITH 0 +++
EOF
}

@test "-o '!cmd' is the same as '|cmd'" {
	run --separate-stderr "$TRACER" -o '!cat > piped' -e trace=exit_group "$PROGS/exit-status" 4
	assert_failure 4
	run cat piped
	assert_output - <<'EOF'
exit_group(4)                           = ?
+++ exited with 4 +++
EOF
}

@test "-o '|cmd': the command's stdout is the tracer's stdout" {
	run --separate-stderr "$TRACER" -o '|sed s/^/T:/' -e trace=exit_group "$PROGS/exit-status" 0
	assert_success
	assert_output - <<'EOF'
T:exit_group(0)                           = ?
T:+++ exited with 0 +++
EOF
}

@test "-ff -o F: one file per process, no pid prefix" {
	run "$TRACER" -ff -o F -e trace=clone,wait4,exit_group "$PROGS/fork-exit" 200
	assert_success
	[ ! -e F ] || fail "F itself was written"
	local files=(F.*)
	[ "${#files[@]}" = 2 ] || fail "files: ${files[*]}"
	# the parent's file is the one with the clone
	local parent child
	parent=$(grep -l '^clone(' F.*)
	child=$(grep -L '^clone(' F.*)
	[ "$(grep -c . "$child")" = 2 ] || fail "child file: $(cat "$child")"
	local cpid=${child#F.} ppid=${parent#F.}
	run cat "$child"
	assert_output - <<'EOF'
exit_group(3)                           = ?
+++ exited with 3 +++
EOF
	run cat "$parent"
	assert_output - <<EOF
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=$(grep -o 'child_tidptr=0x[0-9a-f]*' "$parent" | cut -d= -f2)) = $cpid
wait4($cpid, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = $cpid
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$cpid, si_uid=0, si_status=3, si_utime=$(grep -o 'si_utime=[0-9]*' "$parent" | cut -d= -f2), si_stime=$(grep -o 'si_stime=[0-9]*' "$parent" | cut -d= -f2)} ---
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
	[ "$ppid" -ne "$cpid" ]
}

@test "-ff -o F with threads: one file per thread" {
	run "$TRACER" -ff -o F -e trace=write,exit "$PROGS/threads" 2
	assert_success
	local files=(F.*)
	[ "${#files[@]}" = 3 ] || fail "files: ${files[*]}"
	run cat "${files[@]}"
	assert_line 'write(1, "thread 0\n", 9)               = 9'
	assert_line 'write(1, "thread 1\n", 9)               = 9'
	run grep -c '^+++ exited with 0 +++$' "${files[@]}"
	assert_output - <<EOF
${files[0]}:1
${files[1]}:1
${files[2]}:1
EOF
}

@test "-ff without -o is -f" {
	run --separate-stderr tracer -ff -e trace=exit_group "$PROGS/fork-exit"
	assert_success
	run normalize <<<"$stderr"
	assert_output - <<EOF
$TRACER_NAME: Process PID attached
[pid PID] exit_group(3) = ?
[pid PID] +++ exited with 3 +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
}

@test "-s 0, 5, 39, 40: strings are cut with ..." {
	run "$TRACER" -o trace -s 0 -e trace=write "$PROGS/strings"
	run cat trace
	assert_output - <<'EOF'
write(1, ""..., 40)                     = 40
write(1, ""..., 5)                      = 5
write(1, ""..., 4)                      = 4
+++ exited with 0 +++
EOF
	run "$TRACER" -o trace -s 5 -e trace=write "$PROGS/strings"
	run cat trace
	assert_output - <<'EOF'
write(1, "01234"..., 40)                = 40
write(1, "ab\tc\n", 5)                  = 5
write(1, "\1\177\200\377", 4)           = 4
+++ exited with 0 +++
EOF
	run "$TRACER" -o trace -s 39 -e trace=write "$PROGS/strings"
	run head -n 1 trace
	assert_output 'write(1, "0123456789abcdefghijklmnopqrstuvwxyzABC"..., 40) = 40'
	run "$TRACER" -o trace -s 40 -e trace=write "$PROGS/strings"
	run head -n 1 trace
	assert_output 'write(1, "0123456789abcdefghijklmnopqrstuvwxyzABCD", 40) = 40'
}

@test "-s 0 abbreviates execve's argv to [...]" {
	run env -i "$TRACER" -o trace -s 0 -e trace=execve /bin/true
	assert_success
	run normalize trace
	assert_output - <<'EOF'
execve("/bin/true", [...], 0xADDR /* 0 vars */) = 0
+++ exited with 0 +++
EOF
}

@test "-a 10 and -a 60: the column of ' = '" {
	run "$TRACER" -o trace -a 10 -e trace=write,exit_group "$PROGS/strings"
	run cat trace
	assert_output - <<'EOF'
write(1, "0123456789abcdefghijklmnopqrstuv"..., 40) = 40
write(1, "ab\tc\n", 5) = 5
write(1, "\1\177\200\377", 4) = 4
exit_group(0) = ?
+++ exited with 0 +++
EOF
	run "$TRACER" -o trace -a 60 -e trace=write,exit_group "$PROGS/strings"
	run cat trace
	assert_output - <<'EOF'
write(1, "0123456789abcdefghijklmnopqrstuv"..., 40)         = 40
write(1, "ab\tc\n", 5)                                      = 5
write(1, "\1\177\200\377", 4)                               = 4
exit_group(0)                                               = ?
+++ exited with 0 +++
EOF
}

@test "-x: non-ASCII strings in hex" {
	run "$TRACER" -o trace -x -e trace=write "$PROGS/strings"
	run cat trace
	assert_output - <<'EOF'
write(1, "0123456789abcdefghijklmnopqrstuv"..., 40) = 40
write(1, "ab\tc\n", 5)                  = 5
write(1, "\x01\x7f\x80\xff", 4)         = 4
+++ exited with 0 +++
EOF
}

@test "-xx: all strings in hex" {
	run "$TRACER" -o trace -xx -e trace=write "$PROGS/strings"
	run cat trace
	assert_output - <<'EOF'
write(1, "\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f\x70\x71\x72\x73\x74\x75\x76"..., 40) = 40
write(1, "\x61\x62\x09\x63\x0a", 5)     = 5
write(1, "\x01\x7f\x80\xff", 4)         = 4
+++ exited with 0 +++
EOF
}

@test "-q hides 'Process N attached' of followed children" {
	run --separate-stderr "$TRACER" -q -f -e trace=exit_group "$PROGS/fork-exit"
	assert_success
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
[pid PID] exit_group(3) = ?
[pid PID] +++ exited with 3 +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
}

@test "-q hides personality changes" {
	run --separate-stderr "$TRACER" -q -e trace=getgid32,write "$PROGS/int80"
	assert_success
	[ "$stderr" = 'getgid32()                              = 0
write(1, "native\n", 7)                 = 7
+++ exited with 0 +++' ] || fail "stderr: $stderr"
}

@test "-qq also hides '+++ exited with' but not '+++ killed by'" {
	run --separate-stderr "$TRACER" -qq -e trace=exit_group "$PROGS/exit-status" 2
	assert_failure 2
	[ "$stderr" = 'exit_group(2)                           = ?' ] ||
		fail "stderr: $stderr"
	run --separate-stderr "$TRACER" -qq -e trace=none "$PROGS/kill-self" kill
	assert_failure 137
	[ "$stderr" = '+++ killed by SIGKILL +++' ] || fail "stderr: $stderr"
}

@test "-o FILE with a command implies -q: no attach or personality lines" {
	run --separate-stderr "$TRACER" -o trace -f -e trace=exit_group "$PROGS/fork-exit"
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	run "$TRACER" -o trace -e trace=getgid32 "$PROGS/int80"
	assert_success
	run cat trace
	assert_output - <<'EOF'
getgid32()                              = 0
+++ exited with 0 +++
EOF
}

@test "-n prints syscall numbers, [%4u] wide" {
	run --separate-stderr "$TRACER" -n -e trace=write,exit_group "$PROGS/strings"
	assert_success
	[ "$stderr" = '[   1] write(1, "0123456789abcdefghijklmnopqrstuv"..., 40) = 40
[   1] write(1, "ab\tc\n", 5)           = 5
[   1] write(1, "\1\177\200\377", 4)    = 4
[ 231] exit_group(0)                    = ?
[ 231] +++ exited with 0 +++' ] || fail "stderr: $stderr"
}

@test "-n in the i386 personality prints i386 numbers" {
	run --separate-stderr "$TRACER" -n -e trace=getuid32,exit_group "$PROGS/prog32"
	assert_failure 7
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
[  59] [ Process PID=PID runs in 32 bit mode. ]
[ 199] getuid32()                       = 0
[ 252] exit_group(7)                    = ?
[ 252] +++ exited with 7 +++
EOF
}
