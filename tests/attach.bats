#!/usr/bin/env bats
# -p: attaching to running processes and threads, detaching on SIGINT /
# SIGTERM, leaving them running, and the errors of bad pids.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
}

# The lines the sleeper makes (see progs/sleeper.c), -e trace=write,...
TICK='write(3, "tick\n", 5)                   = 5'
SLEEP='clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=100000000}, NULL) = 0'

# voluntary context switches of PID: grows while it runs (each sleep)
ctxt_switches() {
	sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' "/proc/$1/status"
}

# assert_running PID: PID is alive, not stopped, and keeps sleeping
assert_running() {
	local c1 c2
	c1=$(ctxt_switches "$1")
	sleep 0.4
	run proc_state "$1"
	assert_output --regexp '^[RS]$'
	c2=$(ctxt_switches "$1")
	[ "$c2" -gt "$c1" ] || fail "pid $1 does not run: $c1 -> $c2 switches"
}

# check_sleeper_trace FILE: the trace of one sleeper thread after attach:
# a first line resuming the interrupted sleep (or a write, when the attach
# came between two sleeps), then ticks and sleeps, then " <detached ...>"
# ending the last, unfinished line.
check_sleeper_trace() {
	local first last
	first=$(head -n 1 "$1")
	[[ $first =~ ^restart_syscall\(\<\.\.\.\ resuming\ interrupted\ [a-z_0-9\ ]+\ \.\.\.\>\)\ +=\ 0$ ||
		$first == "$TICK" || $first == "$SLEEP" ]] ||
		fail "first line: $first"
	last=$(tail -n 1 "$1")
	[[ $last =~ ' <detached ...>'$ ]] || fail "last line: $last"
	run sed '1d;$d' "$1"
	local l n=0
	for l in "${lines[@]}"; do
		[ "$l" = "$TICK" ] || [ "$l" = "$SLEEP" ] || fail "line: $l"
		n=$((n + 1))
	done
	[ "$n" -ge 2 ] || fail "too few lines: $(cat "$1")"
}

@test "-p PID, SIGINT: attached, detached, dies of SIGINT, the process runs on" {
	start_sleeper
	bg_traced tr "${TRACER_CMD[@]}" -o trace -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	sleep 0.4
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run cat tr.err
	assert_output - <<EOF
$TRACER_NAME: Process $SLEEPER_PID attached
$TRACER_NAME: Process $SLEEPER_PID detached
EOF
	check_sleeper_trace trace
	assert_running "$SLEEPER_PID"
}

@test "-p PID, SIGTERM: same, dies of SIGTERM" {
	start_sleeper
	bg_traced tr "${TRACER_CMD[@]}" -o trace -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	sleep 0.4
	kill -TERM "$BG_PID"
	run bg_wait tr
	assert_output "signal 15"
	run cat tr.err
	assert_output - <<EOF
$TRACER_NAME: Process $SLEEPER_PID attached
$TRACER_NAME: Process $SLEEPER_PID detached
EOF
	check_sleeper_trace trace
	assert_running "$SLEEPER_PID"
}

@test "-p PID without -o: the trace and the messages share stderr" {
	start_sleeper
	bg_traced tr "${TRACER_CMD[@]}" -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	sleep 0.4
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run head -n 1 tr.err
	assert_output "$TRACER_NAME: Process $SLEEPER_PID attached"
	# the detach message cuts the unfinished line, " <detached ...>" ends it
	run tail -n 2 tr.err
	assert_line --index 0 --regexp "$TRACER_NAME: Process $SLEEPER_PID detached\$"
	assert_line --index 1 ' <detached ...>'
	assert_running "$SLEEPER_PID"
}

@test "-p: the attached process is not killed when the tracer is killed" {
	start_sleeper
	bg_traced tr "$TRACER" -o trace -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	kill -KILL "$BG_PID"
	run bg_wait tr
	assert_output "signal 9"
	# the kernel detaches it; it must not be left stopped either
	assert_running "$SLEEPER_PID"
}

@test "-p PID,PID: both attached, lines prefixed with the pid" {
	start_sleeper
	local a=$SLEEPER_PID
	start_sleeper
	local b=$SLEEPER_PID
	bg_traced tr "${TRACER_CMD[@]}" -o trace -p "$a,$b"
	wait_until 10 eval '[ "$(grep -c attached tr.err)" = 2 ]'
	sleep 0.4
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run sort tr.err
	assert_output - <<EOF
$(printf '%s\n' "$TRACER_NAME: Process $a attached" "$TRACER_NAME: Process $a detached" \
	"$TRACER_NAME: Process $b attached" "$TRACER_NAME: Process $b detached" | sort)
EOF
	run trace_pids trace
	assert_equal "$(sort -n <<<"$output")" "$(printf '%s\n' "$a" "$b" | sort -n)"
	# every line has the "%-5d " prefix
	run grep -Ecv "^($(printf '%-5d ' "$a")|$(printf '%-5d ' "$b"))" trace
	assert_output 0
	run grep -c 'write(3, "tick\\n", 5) = 5' <(pid_lines trace "$a")
	[ "$output" -ge 2 ] || fail "too few ticks of $a"
	run grep -c 'write(3, "tick\\n", 5) = 5' <(pid_lines trace "$b")
	[ "$output" -ge 2 ] || fail "too few ticks of $b"
	assert_running "$a"
	assert_running "$b"
}

@test "-p PID -p PID and a space-separated list work as well" {
	start_sleeper
	local a=$SLEEPER_PID
	start_sleeper
	local b=$SLEEPER_PID
	bg_traced tr "${TRACER_CMD[@]}" -o trace -p "$a" -p "$b"
	wait_until 10 eval '[ "$(grep -c attached tr.err)" = 2 ]'
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	bg_traced tr "${TRACER_CMD[@]}" -o trace -p "$a $b"
	wait_until 10 eval '[ "$(grep -c attached tr.err)" = 2 ]'
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run grep -c detached tr.err
	assert_output 2
	assert_running "$a"
	assert_running "$b"
}

@test "-f -p PID of a threaded process: attached with 3 threads" {
	start_sleeper 2
	local tids
	tids=$(thread_ids "$SLEEPER_PID")
	[ "$(wc -l <<<"$tids")" = 3 ] || fail "tids: $tids"
	bg_traced tr "${TRACER_CMD[@]}" -f -o trace -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	sleep 0.4
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run head -n 1 tr.err
	assert_output "$TRACER_NAME: Process $SLEEPER_PID attached with 3 threads"
	run sort tr.err
	assert_output "$( (echo "$TRACER_NAME: Process $SLEEPER_PID attached with 3 threads"
		for t in $tids; do echo "$TRACER_NAME: Process $t detached"; done) | sort)"
	run trace_pids trace
	assert_equal "$(sort -n <<<"$output")" "$tids"
	local t
	for t in $tids; do
		run grep -c "write(3, \"t[io]ck\\\\n\", 5) = 5" <(pid_lines trace "$t")
		[ "$output" -ge 2 ] || fail "too few writes of thread $t"
		run proc_state "$t"
		assert_output --regexp '^[RS]$'
	done
	assert_running "$SLEEPER_PID"
}

@test "-p TID without -f: only that thread" {
	start_sleeper 2
	local tid
	tid=$(thread_ids "$SLEEPER_PID" | tail -n 1)
	[ "$tid" != "$SLEEPER_PID" ] || fail "no second thread"
	bg_traced tr "${TRACER_CMD[@]}" -o trace -p "$tid"
	wait_until 10 grep -q attached tr.err
	sleep 0.4
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run cat tr.err
	assert_output - <<EOF
$TRACER_NAME: Process $tid attached
$TRACER_NAME: Process $tid detached
EOF
	# only the thread's "tock", no "tick" of the main thread, no prefix
	run grep -c 'write(3, "tock\\n", 5)                   = 5' trace
	[ "$output" -ge 2 ] || fail "too few tocks: $(cat trace)"
	run grep -c tick trace
	assert_output 0
	assert_running "$SLEEPER_PID"
}

@test "-q -p: no attached/detached messages" {
	start_sleeper
	bg_traced tr "$TRACER" -q -o trace -p "$SLEEPER_PID"
	wait_until 10 test -s trace
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run cat tr.err
	assert_output ""
	assert_running "$SLEEPER_PID"
}

@test "-p of a pid that does not exist: attach error, exit 1" {
	run tracer -p 999999999
	assert_failure 1
	assert_output "$TRACER_NAME: attach: ptrace(PTRACE_SEIZE, 999999999): No such process"
}

@test "-p of an already traced process: Operation not permitted, exit 1" {
	start_sleeper
	bg_traced tr "$TRACER" -o /dev/null -p "$SLEEPER_PID"
	wait_until 10 grep -q attached tr.err
	run tracer -p "$SLEEPER_PID"
	assert_failure 1
	assert_output "$TRACER_NAME: attach: ptrace(PTRACE_SEIZE, $SLEEPER_PID): Operation not permitted"
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
}

@test "-p with one good pid and one missing: the error, then tracing goes on" {
	start_sleeper
	bg_traced tr "${TRACER_CMD[@]}" -o trace -p "$SLEEPER_PID,999999999"
	wait_until 10 grep -q attached tr.err
	sleep 0.3
	kill -INT "$BG_PID"
	run bg_wait tr
	assert_output "signal 2"
	run sort tr.err
	assert_output "$(printf '%s\n' \
		"$TRACER_NAME: Process $SLEEPER_PID attached" \
		"$TRACER_NAME: Process $SLEEPER_PID detached" \
		"$TRACER_NAME: attach: ptrace(PTRACE_SEIZE, 999999999): No such process" | sort)"
}

@test "-p abc, -p 0, -p -1, -p 1a: Invalid process id, exit 1" {
	local p
	for p in abc 0 -1 1a; do
		run tracer -p "$p"
		assert_failure 1
		assert_output "$TRACER_NAME: Invalid process id: '$p'"
	done
}

@test "-p of the tracer itself: I'm sorry, I can't let you do that, Dave." {
	run sh -c 'exec "$@" -p $$' sh "${TRACER_CMD[@]}"
	assert_failure 1
	assert_output "$TRACER_NAME: I'm sorry, I can't let you do that, Dave."
}
