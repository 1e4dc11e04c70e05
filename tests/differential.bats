#!/usr/bin/env bats
# strace and the tracer on the same real programs with the same options,
# compared line by line after normalize (see run_both in common.bash).
# First restricted to the core decoded calls, then the full trace.

load common

CORE=execve,openat,close,read,write,mmap,mprotect,munmap,brk,exit_group,wait4,clone,rt_sigaction,rt_sigprocmask,kill,newfstatat,fstat

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\nbanana\ncherry\n' >fruit.txt
	mkdir -p dir
	touch dir/a dir/b dir/c
	mkdir -p dir/sub
}

run_both_prepare() {
	rm -f copy.txt f
}

@test "cat FILE: core calls" {
	run_both -e trace=$CORE -- cat fruit.txt
}

@test "cat FILE: full trace" {
	run_both -- cat fruit.txt
}

@test "ls DIR: core calls" {
	run_both -e trace=$CORE -- ls dir
}

@test "ls DIR: full trace" {
	run_both -- ls dir
}

@test "ls -l DIR: full trace" {
	run_both -- ls -l --time-style=+ dir
}

@test "sort FILE: core calls" {
	run_both -e trace=$CORE -- sort fruit.txt
}

@test "sort FILE: full trace" {
	run_both -- sort fruit.txt
}

@test "cp A B: core calls" {
	run_both -e trace=$CORE -- cp fruit.txt copy.txt
}

@test "cp A B: full trace" {
	run_both -- cp fruit.txt copy.txt
}

@test "head -n 2 FILE: core calls" {
	run_both -e trace=$CORE -- head -n 2 fruit.txt
}

@test "head -n 2 FILE: full trace" {
	run_both -- head -n 2 fruit.txt
}

@test "wc FILE: core calls" {
	run_both -e trace=$CORE -- wc fruit.txt
}

@test "wc FILE: full trace" {
	run_both -- wc fruit.txt
}

# The shell's SIGCHLD comes before or inside its wait4: up to the
# scheduler, hence the retries.
@test "sh -c 'echo hi > f; cat f', -ff: core calls" {
	RUN_BOTH_TRIES=5 run_both -ff -e trace=$CORE -- sh -c 'echo hi > f; cat f'
}

@test "sh -c 'echo hi > f; cat f', -ff: full trace" {
	RUN_BOTH_TRIES=5 run_both -ff -- sh -c 'echo hi > f; cat f'
}

@test "cat of a missing file: errors decoded the same" {
	run_both -- cat no-such-file
}

@test "cat FILE with -s 8 -x -a 20" {
	run_both -s 8 -x -a 20 -- cat fruit.txt
}

@test "fork-exit -ff: full trace of parent and child" {
	# the child sleeps 200 ms: the parent is in wait4 when SIGCHLD comes
	run_both -ff -- "$PROGS/fork-exit" 200
}

@test "fork-exit -f -o FILE: full trace, one file with pid prefixes" {
	run_both -f -- "$PROGS/fork-exit" 200
}

@test "threads -ff: full trace of three threads" {
	# pthread_join may or may not have to wait in futex
	RUN_BOTH_TRIES=5 run_both -ff -- "$PROGS/threads" 2
}

@test "sigchld: full trace with a signal handler" {
	run_both -- "$PROGS/sigchld"
}

@test "strings -xx: full trace" {
	run_both -xx -- "$PROGS/strings"
}

@test "vfork-exec -ff: full trace" {
	# sleep 0.2: the parent is in wait4 when SIGCHLD comes
	run_both -ff -- "$PROGS/vfork-exec" /bin/sleep 0.2
}
