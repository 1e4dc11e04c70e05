#!/usr/bin/env bats
# The i386 personality: int $0x80 from a 64-bit program, a -m32 program,
# the "[ Process PID=N runs in XX bit mode. ]" lines and i386 syscall
# names and numbers.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
}

@test "int 0x80 getgid32: 32 bit mode, getgid32(), back to 64 bit mode" {
	run --separate-stderr "$TRACER" -e trace=getgid32,write,exit_group "$PROGS/int80"
	assert_success
	assert_output native
	local pid
	pid=$(sed -n 's/^\[ Process PID=\([0-9]*\) runs in 32 bit mode. \]$/\1/p' <<<"$stderr")
	[ -n "$pid" ] || fail "no 32 bit mode line: $stderr"
	[ "$stderr" = "[ Process PID=$pid runs in 32 bit mode. ]
getgid32()                              = $(id -g)
[ Process PID=$pid runs in 64 bit mode. ]
write(1, \"native\\n\", 7)                 = 7
exit_group(0)                           = ?
+++ exited with 0 +++" ] || fail "stderr: $stderr"
}

@test "int 0x80 getpid: the i386 getpid (20), PID= is the tracee's pid" {
	run --separate-stderr "$TRACER" -e trace=getpid,write "$PROGS/int80" getpid
	assert_success
	local pid
	pid=$(sed -n 's/^getpid() *= \([0-9]*\)$/\1/p' <<<"$stderr")
	[ -n "$pid" ] || fail "no getpid line: $stderr"
	[ "$stderr" = "[ Process PID=$pid runs in 32 bit mode. ]
$(printf '%-40s= %s' 'getpid()' "$pid")
[ Process PID=$pid runs in 64 bit mode. ]
write(1, \"native\\n\", 7)                 = 7
+++ exited with 0 +++" ] || fail "stderr: $stderr"
}

@test "personality changes are reported even when the calls are not traced" {
	run --separate-stderr "$TRACER" -e trace=write "$PROGS/int80"
	assert_success
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
[ Process PID=PID runs in 32 bit mode. ]
[ Process PID=PID runs in 64 bit mode. ]
write(1, "native\n", 7)                 = 7
+++ exited with 0 +++
EOF
}

@test "a 64-bit getgid is not an i386 one: no mode line" {
	run --separate-stderr "$TRACER" -e trace=getgid,getgid32 id -g
	assert_success
	run normalize <<<"$stderr"
	refute_line --partial 'bit mode'
}

@test "i386 fork via int 0x80, -f: both processes, back to 64 bit" {
	run --separate-stderr "$TRACER" -f -o trace -e quiet=none -e trace=fork,write,wait4,exit_group "$PROGS/int80" fork
	assert_success
	[ "$output" = $'parent\nchild' ] || [ "$output" = $'child\nparent' ] ||
		fail "output: $output"
	run trace_pids trace
	assert_equal "${#lines[@]}" 2
	local parent=${lines[0]} child=${lines[1]}
	run pid_lines trace "$parent"
	assert_output - <<EOF
[ Process PID=$parent runs in 32 bit mode. ]
fork() = $child
[ Process PID=$parent runs in 64 bit mode. ]
write(1, "parent\n", 7) = 7
wait4($child, [{WIFEXITED(s) && WEXITSTATUS(s) == 5}], 0, NULL) = $child
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$child, si_uid=0, si_status=5, si_utime=$(grep -o 'si_utime=[0-9]*' trace | cut -d= -f2), si_stime=$(grep -o 'si_stime=[0-9]*' trace | cut -d= -f2)} ---
exit_group(0) = ?
+++ exited with 0 +++
EOF
	# strace may or may not say that the new child runs in 64 bit mode
	# (it depends on which stop it sees first); the rest is fixed.
	pid_lines trace "$child" >child.lines
	run grep -v "^\[ Process PID=$child runs in 64 bit mode. \]\$" child.lines
	assert_output - <<'EOF'
write(1, "child\n", 6) = 6
exit_group(5) = ?
+++ exited with 5 +++
EOF
}

@test "-m32 program: 32 bit mode right after execve, i386 calls decoded" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "$TRACER" "$PROGS/prog32"
	assert_failure 7
	assert_output "hello from i386"
	echo "$stderr" >trace
	run normalize trace
	assert_line --index 0 "execve(\"$PROGS/prog32\", [$(quoted_arg "$PROGS/prog32")], 0xADDR /* 2 vars */) = 0"
	assert_line --index 1 '[ Process PID=PID runs in 32 bit mode. ]'
	assert_line --index 2 --regexp '^brk\(NULL\) += 0xADDR$'
	assert_line --regexp '^mmap2\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0xADDR$'
	assert_line --regexp '^set_thread_area\(\{entry_number=-1, base_addr=0xADDR, limit=0x0fffff, seg_32bit=1, contents=0, read_exec_only=0, limit_in_pages=1, seg_not_present=0, useable=1\}\) = 0 \(entry_number=[0-9]+\)$'
	run tail -n 7 trace
	assert_output - <<'EOF'
getuid32()                              = 0
openat(AT_FDCWD, "/dev/null", O_WRONLY) = 3
write(3, "hello from i386\n", 16)       = 16
close(3)                                = 0
write(1, "hello from i386\n", 16)       = 16
exit_group(7)                           = ?
+++ exited with 7 +++
EOF
	run grep -c 'bit mode' trace
	assert_output 1
}

@test "-f: a 64-bit parent execs a 32-bit child" {
	run --separate-stderr "$TRACER" -f -e trace=execve,getuid32,exit_group "$PROGS/vfork-exec" "$PROGS/prog32"
	assert_failure 7
	run grep -E "^\[pid +[0-9]+\] \[ Process PID=[0-9]+ runs in 32 bit mode. \]\$" <<<"$stderr"
	assert_success
	local child
	child=$(sed -nE 's/^\[pid +([0-9]+)\] getuid32\(\) += 0$/\1/p' <<<"$stderr")
	[ -n "$child" ] || fail "no getuid32 line: $stderr"
	run grep -Ec "^\[pid +$child\] \[ Process PID=$child runs in 32 bit mode. \]\$" <<<"$stderr"
	assert_output 1
	run grep -E "exit_group\(7\)|exited with 7" <<<"$stderr"
	assert_line --index 0 --regexp "^\[pid +$child\] exit_group\(7\) += \?\$"
	assert_line --index 1 --regexp "^\[pid +$child\] \+\+\+ exited with 7 \+\+\+\$"
	# the 64-bit parent's own lines are not switched
	run grep -c '64 bit mode' <<<"$stderr"
	assert_output 0
}

@test "-m32 program, full trace: the same as strace" {
	run_both -- "$PROGS/prog32"
}

@test "int 0x80 program, full trace: the same as strace" {
	run_both -- "$PROGS/int80"
}
