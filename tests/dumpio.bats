#!/usr/bin/env bats
# -e read=SET / -e write=SET: a hex dump of the data read from / written
# to those descriptors after each such call, compared with strace 6.1.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\nbanana\ncherry and a long line to wrap past sixteen bytes\n' >fruit.txt
	printf '\000\001\002\377\376 binary \t\r\n\177' >bin.dat
}

@test "-e write=1: the dump of each write to stdout, exact" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -e trace=write -e write=1 head -n 3 fruit.txt
	assert_success
	assert_output - <<'EOF'
pear
apple
fig
EOF
	[ "$stderr" = 'write(1, "pear\napple\nfig\n", 15)      = 15
 | 00000  70 65 61 72 0a 61 70 70  6c 65 0a 66 69 67 0a     pear.apple.fig.  |
+++ exited with 0 +++' ] || fail "stderr: $stderr"
}

@test "-e read=3: several dump lines, the last one partial, exact" {
	run --separate-stderr $CLEAN_ENV "${NOFDS[@]}" "${TRACER_CMD[@]}" -P fruit.txt -e trace=read -e read=3 head -c 100 fruit.txt
	assert_success
	run sed -n '/^read(3, "pear/,/^read(3, ""/p' <<<"$stderr"
	assert_output - <<'EOF'
read(3, "pear\napple\nfig\nbanana\ncherry and"..., 100) = 72
 | 00000  70 65 61 72 0a 61 70 70  6c 65 0a 66 69 67 0a 62  pear.apple.fig.b |
 | 00010  61 6e 61 6e 61 0a 63 68  65 72 72 79 20 61 6e 64  anana.cherry and |
 | 00020  20 61 20 6c 6f 6e 67 20  6c 69 6e 65 20 74 6f 20   a long line to  |
 | 00030  77 72 61 70 20 70 61 73  74 20 73 69 78 74 65 65  wrap past sixtee |
 | 00040  6e 20 62 79 74 65 73 0a                           n bytes.         |
read(3, "", 28)                         = 0
EOF
}

@test "-e read=3: the loader's reads and the file's, as strace" {
	run_both -e read=3 -- head -n 3 fruit.txt
	run grep -c '^ | 00000  7f 45 4c 46 ' "$BATS_TEST_TMPDIR/both.tracer.trace"
	[ "$output" -ge 1 ] || fail "no dump of the ELF header"
}

@test "-e read=3 -e trace=read: only the reads, with their dumps, as strace" {
	run_both -e trace=read -e read=3 -- head -n 3 fruit.txt
}

@test "-e write=1: as strace" {
	run_both -e write=1 -- head -n 3 fruit.txt
	run grep -c '^ | 00000  70 65 61 72 0a ' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 1
}

@test "binary data: dots for the unprintable bytes, as strace" {
	run_both -e trace=read,write -e read=3 -e write=1 -- head -c 64 bin.dat
	run grep -c '^ | 00000  00 01 02 ff fe 20 62 69  6e 61 72 79 20 09 0d 0a  \.\.\.\.\. binary \.\.\. |$' \
		"$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
}

@test "-e read=3 -e write=1 together, sort FILE" {
	run_both -e read=3 -e write=1 -- sort fruit.txt
}

@test "-e read=all, -e write=all: every descriptor, as strace" {
	run_both -e read=all -- head -n 3 fruit.txt
	run_both -e write=all -- head -n 3 fruit.txt
}

@test "-e read=!3, -e write=0,1,2, -e write=none, --read=, --write=: as strace" {
	run_both -e 'read=!3' -- head -n 3 fruit.txt
	run_both -e write=0,1,2 -- head -n 3 fruit.txt
	run_both -e write=none -- head -n 3 fruit.txt
	run grep -c '^ | ' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
	run_both --read=3 --write=1 -- head -n 3 fruit.txt
	run_both -e reads=3 -e writes=1 -- head -n 3 fruit.txt
}

@test "a descriptor not used: no dump" {
	run_both -e read=7 -e write=7 -- head -n 3 fruit.txt
	run grep -c '^ | ' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
}

@test "-e write=1 with -f and a pipeline, as strace" {
	RUN_BOTH_TRIES=5 run_both -f -e trace=write -e write=1 -- sh -c 'head -n 2 fruit.txt; echo done'
}

@test "-e write=2 on a failed command's message: as strace" {
	run_both -e trace=write -e write=2 -- cat no-such-file
	run grep -c '^ | 00000  63 61 74 3a 20 ' "$BATS_TEST_TMPDIR/both.tracer.trace"
	[ "$output" -ge 1 ] || fail "no dump of \"cat: \""
}

@test "invalid descriptors: strace's messages, exit 1" {
	local e want
	for e in read=foo read=-1 read= 'read=!' write=foo read=3,foo 'read=!foo' read=2147483648; do
		run "$STRACE" -e "$e" true
		[ "$status" = 1 ] || fail "strace -e $e: exit $status"
		want=${output//"$STRACE: "/TRACER: }
		run tracer -e "$e" true
		assert_failure 1
		assert_equal "${output//"$TRACER_NAME: "/TRACER: }" "$want"
	done
	run tracer -e read=foo true
	assert_output "$TRACER_NAME: invalid descriptor 'foo'"
}

@test "read=2147483647 (the largest descriptor) is accepted, as strace" {
	run_both -e read=2147483647 -- head -n 1 fruit.txt
}
