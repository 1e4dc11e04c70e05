#!/usr/bin/env bats
# -P PATH (--trace-path): only the calls that name PATH, by a path
# argument or a descriptor open on it; the "Requested path ... resolved
# into ..." message; several -P.  And hytrace's -e trace-fds=SET: only the
# calls on those descriptors.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\n' >fruit.txt
	printf 'kiwi\n' >other.txt
	ln -sf fruit.txt link.txt
	mkdir -p dir/sub
	touch dir/a dir/b
}

@test "-P FILE: only the calls on FILE, exact" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -P fruit.txt cat fruit.txt
	assert_success
	assert_output "$(cat fruit.txt)"
	[ "$stderr" = "$TRACER_NAME: Requested path \"fruit.txt\" resolved into \"$PWD/fruit.txt\"
openat(AT_FDCWD, \"fruit.txt\", O_RDONLY) = 3
newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=15, ...}, AT_EMPTY_PATH) = 0
fadvise64(3, 0, 0, POSIX_FADV_SEQUENTIAL) = 0
read(3, \"pear\\napple\\nfig\\n\", 131072)   = 15
read(3, \"\", 131072)                     = 0
close(3)                                = 0
+++ exited with 0 +++" ] || fail "stderr: $stderr"
}

@test "-P FILE: as strace" {
	run_both -P fruit.txt -- cat fruit.txt
	run_both -P fruit.txt -- cat other.txt fruit.txt
}

@test "-P SYMLINK: Requested path resolved into its target, both names traced" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -P link.txt -e trace=openat,close cat link.txt
	assert_success
	[ "$stderr" = "$TRACER_NAME: Requested path \"link.txt\" resolved into \"$PWD/fruit.txt\"
openat(AT_FDCWD, \"link.txt\", O_RDONLY)  = 3
close(3)                                = 0
+++ exited with 0 +++" ] || fail "stderr: $stderr"
	run_both -P link.txt -- cat link.txt
	run_both -P link.txt -- cat fruit.txt
}

@test "-P ABSOLUTE-PATH: the descriptor is matched, the relative name is not" {
	run_both -P "$PWD/fruit.txt" -- cat fruit.txt
	run grep -c '^openat' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
	# (stdout is a file: cat copies with copy_file_range)
	run grep -c '^copy_file_range(3, NULL, 1, ' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
	run grep -c '^close(3) ' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 1
}

@test "-P a program argument that is not a path argument: no execve line" {
	run_both -P fruit.txt -e trace=execve,openat -- cat fruit.txt
	run cat "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output - <<'EOF'
openat(AT_FDCWD, "fruit.txt", O_RDONLY) = 3
+++ exited with 0 +++
EOF
}

@test "-P the program's own path: its execve" {
	run_both -P /usr/bin/cat -- cat fruit.txt
	run grep -c '^execve("/usr/bin/cat"' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 1
}

@test "-P a missing path: no syscall line, no message" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -P no-such-file cat fruit.txt
	assert_success
	assert_equal "$stderr" "+++ exited with 0 +++"
	run_both -P no-such-file -- cat fruit.txt
}

@test "-P a missing path the program tries: only that failed call" {
	run_both -P no-such-file -- cat no-such-file
	run cat "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output - <<'EOF'
openat(AT_FDCWD, "no-such-file", O_RDONLY) = -1 ENOENT (No such file or directory)
+++ exited with 1 +++
EOF
}

@test "several -P: the union, one message each" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -P fruit.txt -P other.txt -e trace=openat cat fruit.txt other.txt
	assert_success
	[ "$stderr" = "$TRACER_NAME: Requested path \"fruit.txt\" resolved into \"$PWD/fruit.txt\"
$TRACER_NAME: Requested path \"other.txt\" resolved into \"$PWD/other.txt\"
openat(AT_FDCWD, \"fruit.txt\", O_RDONLY) = 3
openat(AT_FDCWD, \"other.txt\", O_RDONLY) = 3
+++ exited with 0 +++" ] || fail "stderr: $stderr"
	run_both -P fruit.txt -P other.txt -- cat fruit.txt other.txt
	run_both -P other.txt -P dir -- ls dir other.txt
	run_both --trace-path=fruit.txt --trace-path=no-such-file -- cat fruit.txt
}

@test "-P DIR with ls: the directory's calls, as strace" {
	run_both -P dir -- ls dir
	run grep -c '^getdents64(3' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
}

@test "-P with -f: the calls of every process, as strace" {
	run_both -f -P fruit.txt -- sh -c 'cat fruit.txt; cat fruit.txt >/dev/null'
	run grep -c 'openat(AT_FDCWD, "fruit.txt"' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
}

@test "-P with -q, -qqq: the message stays, as strace" {
	run_both -q -P link.txt -- cat link.txt
	run_both -qqq -P link.txt -- cat link.txt
	run normalize "$BATS_TEST_TMPDIR/both.tracer.stderr"
	assert_output "TRACER: Requested path \"link.txt\" resolved into \"$PWD/fruit.txt\""
}

@test "-e quiet=path-resolution before -P: no message, as strace" {
	run --separate-stderr "${NOFDS[@]}" "${TRACER_CMD[@]}" -e quiet=path-resolution -P link.txt -e trace=close cat link.txt
	assert_success
	assert_equal "$stderr" "close(3)                                = 0
+++ exited with 0 +++"
	run_both --quiet=path-resolution -P link.txt -- cat link.txt
	run_both -e quiet=path-resolution -P link.txt -- cat link.txt
}

# The calls of a trace whose descriptor argument is 3: those taking an fd
# first, and mmap of fd 3 (what strace's -P matches by descriptor)
fd3_calls() {
	grep -E '^((read|write|close|pread64|pwrite64|fadvise64|newfstatat|fstat|lseek|getdents64|ioctl|fcntl|fstatfs|statx)\(3[,)]|mmap\([^,]+, [^,]+, [^,]+, [^,]+, 3, )|^\+\+\+ ' "$1"
}

@test "-e trace-fds=3 (hytrace only): exactly the calls on fd 3" {
	tracer_is_strace && skip "strace 6.1 has no trace-fds"
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -e trace-fds=3 cat fruit.txt
	assert_success
	assert_output "$(cat fruit.txt)"
	normalize <<<"$stderr" >fds.trace
	# the oracle: strace's full trace, filtered
	$CLEAN_ENV "${NOFDS[@]}" "$STRACE" -o full.trace cat fruit.txt >/dev/null
	normalize full.trace >full.norm
	fd3_calls full.norm >want
	[ "$(grep -c . want)" -ge 10 ] || fail "too few calls on fd 3 in strace's trace"
	diff -u want fds.trace || fail "other calls than those on fd 3"
	# the file's own calls are among them
	run grep -c '^read(3, "pear\\napple\\nfig\\n", 131072) *= 15$' fds.trace
	assert_output 1
	run grep -c '^openat' fds.trace
	assert_output 0
}

@test "-e trace-fds=1 (hytrace only): the writes to stdout" {
	tracer_is_strace && skip "strace 6.1 has no trace-fds"
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -e trace-fds=1 cat fruit.txt
	assert_success
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
newfstatat(1, "", {st_mode=S_IFIFO|0600, st_size=0, ...}, AT_EMPTY_PATH) = 0
write(1, "pear\napple\nfig\n", 15)      = 15
close(1)                                = 0
+++ exited with 0 +++
EOF
}
