#!/usr/bin/env bats
# Command line errors, -h and -V.  The texts are strace 6.1's; messages
# start with argv[0] as invoked (here the base name, see `tracer`).

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
}

# assert_usage_error LINE: exit 1, output LINE + the "Try" line
assert_usage_error() {
	assert_failure 1
	assert_output - <<EOF
$TRACER_NAME: $1
Try '$TRACER_NAME -h' for more information.
EOF
}

@test "unknown short option" {
	run tracer -j true
	assert_usage_error "invalid option -- 'j'"
}

@test "unknown long option" {
	run tracer --bogus true
	assert_usage_error "unrecognized option '--bogus'"
}

@test "no command and no -p" {
	run tracer
	assert_usage_error "must have PROG [ARGS] or -p PID"
	run tracer -f -o trace
	assert_usage_error "must have PROG [ARGS] or -p PID"
	[ ! -e trace ] || fail "-o file created before the check"
}

@test "option without its argument" {
	run tracer -o
	assert_usage_error "option requires an argument -- 'o'"
	run tracer -p
	assert_usage_error "option requires an argument -- 'p'"
	run tracer -s
	assert_usage_error "option requires an argument -- 's'"
	run tracer -e
	assert_usage_error "option requires an argument -- 'e'"
}

@test "bad -s values" {
	local v
	for v in abc -1 1x 99999999999; do
		run tracer -s "$v" true
		assert_usage_error "invalid -s argument: '$v'"
	done
}

@test "bad -a values" {
	local v
	for v in abc -1; do
		run tracer -a "$v" true
		assert_usage_error "invalid -a argument: '$v'"
	done
}

@test "-ff with -o '|cmd' or '!cmd': mutually exclusive" {
	run tracer -ff -o '|cat' true
	assert_usage_error "piping the output and -ff/--output-separately are mutually exclusive"
	run tracer -ff -o '!cat' true
	assert_usage_error "piping the output and -ff/--output-separately are mutually exclusive"
}

@test "bad system call names in -e trace=: one line, no Try line" {
	run tracer -e trace=bogus true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid system call 'bogus'"
	run tracer -e trace=write,nope true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid system call 'nope'"
	run tracer -e trace= true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid system call ''"
}

@test "messages start with argv[0] as invoked" {
	run "$TRACER" -j true
	assert_failure 1
	assert_output - <<EOF
$TRACER: invalid option -- 'j'
Try '$TRACER -h' for more information.
EOF
}

@test "-h: usage on stdout, exit 0" {
	run --separate-stderr tracer -h
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	assert_line --index 0 --regexp "^Usage: $TRACER_NAME \["
	[ "${#lines[@]}" -gt 10 ] || fail "short help: $output"
	# the options the suite relies on are documented
	local o
	for o in -f -ff -o -p -s -a -x -xx -q -n -e -V; do
		assert_output --partial -- "$o"
	done
}

@test "-V: a version line on stdout, exit 0" {
	run --separate-stderr tracer -V
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	assert_line --index 0 --regexp "^$TRACER_NAME -- version [0-9]+(\.[0-9]+)*\$"
}

@test "-V and -h do not run the command" {
	run tracer -V touch ran
	assert_success
	[ ! -e ran ] || fail "-V ran the command"
	run tracer -h touch ran
	assert_success
	[ ! -e ran ] || fail "-h ran the command"
}

@test "options after the command belong to the command" {
	run --separate-stderr tracer -e trace=none echo -s x -f
	assert_success
	assert_output "-s x -f"
	[ "$stderr" = "+++ exited with 0 +++" ] || fail "stderr: $stderr"
}
