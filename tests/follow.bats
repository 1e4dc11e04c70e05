#!/usr/bin/env bats
# -f: following fork, vfork and threads; pid prefixes; <unfinished ...> /
# <... X resumed>; "+++ exited with N +++" of every process.
#
# Where the interleaving of processes is up to the scheduler, the checks
# use -o FILE and pid_lines (one process's lines, unfinished/resumed
# joined); exact whole-output checks are kept to sequences that ptrace
# itself orders.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
}

@test "without -f children are not traced" {
	run --separate-stderr "$TRACER" -e trace=clone,wait4,exit_group "$PROGS/fork-exit" 200
	assert_success
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0xADDR) = PID
wait4(PID, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = PID
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
exit_group(0)                           = ?
+++ exited with 0 +++
EOF
}

@test "-f fork: [pid N] on the child's lines while two are traced, none after" {
	# The parent sleeps in wait4 (not traced) until the child is gone, and
	# its SIGCHLD comes only once the tracer has reaped the child, so this
	# order is fixed.
	run --separate-stderr tracer -f -e trace=exit_group "$PROGS/fork-exit" 200
	assert_success
	local child
	child=$(sed -n 's/^\[pid *\([0-9]*\)\] exit_group(3).*/\1/p' <<<"$stderr")
	[ -n "$child" ] || fail "no child exit_group: $stderr"
	[ "$stderr" = "$TRACER_NAME: Process $child attached
$(printf '[pid %5d]' "$child") exit_group(3)               = ?
$(printf '[pid %5d]' "$child") +++ exited with 3 +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$child, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---
exit_group(0)                           = ?
+++ exited with 0 +++" ] || fail "stderr: $stderr"
}

@test "-f -o FILE: every line starts with the pid as %-5d, from the execve on" {
	run $CLEAN_ENV "$TRACER" -f -o trace "$PROGS/fork-exit"
	assert_success
	local parent
	parent=$(head -n 1 trace | cut -d' ' -f1)
	run sed -E -n '1s/0x[0-9a-f]+ /0xADDR /p' trace
	assert_output "$(printf '%-5d' "$parent") execve(\"$PROGS/fork-exit\", [$(quoted_arg "$PROGS/fork-exit")], 0xADDR /* 2 vars */) = 0"
	run grep -Ecv '^[0-9]{1,5} {1,5}[^ ]|^[0-9]{6,} [^ ]' trace
	assert_output 0
	# "%-5d ": one space after a pid of 5 digits or more, more before
	run grep -Ecv "^$(printf '%-5d ' "$parent" | sed 's/ /\\ /g')|^[0-9]+ " trace
	assert_output 0
	run trace_pids trace
	assert_equal "${#lines[@]}" 2
}

@test "-f -o FILE fork: each process's lines" {
	run "$TRACER" -f -o trace -e trace=clone,wait4,exit_group "$PROGS/fork-exit" 200
	assert_success
	run trace_pids trace
	assert_equal "${#lines[@]}" 2
	local parent=${lines[0]} child=${lines[1]}
	run pid_lines trace "$parent"
	assert_output - <<EOF
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=$(grep -o 'child_tidptr=0x[0-9a-f]*' trace | cut -d= -f2)) = $child
wait4($child, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = $child
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$child, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---
exit_group(0) = ?
+++ exited with 0 +++
EOF
	run pid_lines trace "$child"
	assert_output - <<'EOF'
exit_group(3) = ?
+++ exited with 3 +++
EOF
}

@test "-f: the parent's wait4 is <unfinished ...> and <... wait4 resumed>" {
	run "$TRACER" -f -o trace -e trace=wait4,exit_group "$PROGS/fork-exit" 200
	assert_success
	run trace_pids trace
	local parent=${lines[0]} child=${lines[1]}
	local p c
	p=$(printf '%-5d ' "$parent")
	c=$(printf '%-5d ' "$child")
	run cat trace
	assert_output - <<EOF
${p}wait4($child,  <unfinished ...>
${c}exit_group(3)                     = ?
${c}+++ exited with 3 +++
${p}<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = $child
${p}--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$child, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---
${p}exit_group(0)                     = ?
${p}+++ exited with 0 +++
EOF
}

@test "-f vfork + execve: both processes, vfork returns the child" {
	# the child sleeps: the parent is surely in wait4 when SIGCHLD comes
	run "$TRACER" -f -o trace -e trace=vfork,execve,wait4,exit_group "$PROGS/vfork-exec" /bin/sleep 0.2
	assert_success
	run trace_pids trace
	assert_equal "${#lines[@]}" 2
	local parent=${lines[0]} child=${lines[1]}
	run normalize <(pid_lines trace "$parent")
	assert_output - <<EOF
execve("$PROGS/vfork-exec", [$(quoted_arg "$PROGS/vfork-exec"), "/bin/sleep", "0.2"], 0xADDR /* $(grep -o '[0-9]* vars' trace | head -n 1 | cut -d' ' -f1) vars */) = 0
vfork() = PID
wait4(PID, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = PID
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=0, si_utime=N, si_stime=N} ---
exit_group(0) = ?
+++ exited with 0 +++
EOF
	grep -q "vfork.*= $child\$" trace || fail "vfork does not return $child"
	run normalize <(pid_lines trace "$child")
	assert_output --regexp '^execve\("/bin/sleep", \["/bin/sleep", "0\.2"\], 0xADDR /\* [0-9]+ vars \*/\) = 0
exit_group\(0\) = \?
\+\+\+ exited with 0 \+\+\+$'
}

@test "-f vfork: the parent's vfork waits for the child's execve" {
	run "$TRACER" -f -o trace -e trace=vfork,execve "$PROGS/vfork-exec"
	assert_success
	run trace_pids trace
	local parent=${lines[0]} child=${lines[1]}
	# the parent is suspended in vfork until the child has exec'd
	run grep -E "^$parent +vfork\( <unfinished \.\.\.>\$" trace
	assert_success
}

@test "-f threads: each thread's lines under its own tid" {
	run "$TRACER" -f -o trace -e trace=write,exit "$PROGS/threads" 3
	assert_success
	assert_output $'thread 0\nthread 1\nthread 2'
	run trace_pids trace
	assert_equal "${#lines[@]}" 4
	local pids=("${lines[@]}") main i
	# the main thread has no traced call; its "exited" line comes last
	main=$(tail -n 1 trace | cut -d' ' -f1)
	run pid_lines trace "$main"
	assert_output "+++ exited with 0 +++"
	for i in 0 1 2; do
		local tid
		tid=$(grep -F "write(1, \"thread $i\\n\"" trace | cut -d' ' -f1)
		[ -n "$tid" ] && [ "$tid" != "$main" ] || fail "thread $i: tid '$tid'"
		run pid_lines trace "$tid"
		assert_output - <<EOF
write(1, "thread $i\n", 9) = 9
exit(0) = ?
+++ exited with 0 +++
EOF
	done
}

@test "-f threads on stderr: [pid TID] on the threads' lines" {
	run --separate-stderr tracer -f -e trace=write "$PROGS/threads" 2
	assert_success
	run grep -Ec '^\[pid +[0-9]+\] write\(1, "thread [01]\\n", 9\) += 9$' <<<"$stderr"
	assert_output 2
	run grep -c "^$TRACER_NAME: Process [0-9]* attached\$" <<<"$stderr"
	assert_output 2
	run grep -c '+++ exited with 0 +++$' <<<"$stderr"
	assert_output 3
	[ "${stderr##*$'\n'}" = "+++ exited with 0 +++" ] ||
		fail "last line: ${stderr##*$'\n'}"
}

@test "-f exit statuses: '+++ exited with N +++' for every process" {
	run "$TRACER" -f -o trace -e trace=none sh -c \
		"$PROGS/exit-status 4 & $PROGS/exit-status 5 & wait; exit 6"
	assert_failure 6
	run trace_pids trace
	assert_equal "${#lines[@]}" 3
	local pids=("${lines[@]}")
	# the shell waits for both: its line is the last
	run tail -n 1 trace
	assert_output --regexp '^[0-9]+ +\+\+\+ exited with 6 \+\+\+$'
	run bash -c "grep -o '+++ exited with.*' trace | sort"
	assert_output - <<'EOF'
+++ exited with 4 +++
+++ exited with 5 +++
+++ exited with 6 +++
EOF
}

@test "seed case: sh -c 'sleep 0.1 & sleep 0.2 & sleep 0.3', shape of the output" {
	run --separate-stderr $CLEAN_ENV "${TRACER_CMD[@]}" -f \
		-e trace=execve,nanosleep,clock_nanosleep \
		sh -c 'sleep 0.1 & sleep 0.2 & sleep 0.3'
	assert_success
	echo "$stderr" >raw
	# An "attached" message may cut a line in two (same stream): the
	# checks below work on the lines joined again, without the messages.
	run grep -c "$TRACER_NAME: Process [0-9]* attached\$" raw
	assert_output 3
	awk -v msg="$TRACER_NAME: Process [0-9]+ attached\$" '
		held != "" { $0 = held $0; held = "" }
		$0 ~ "^" msg { next }
		$0 ~ msg { held = $0; sub(msg, "", held); next }
		{ print }' raw >trace
	run normalize trace
	assert_line --index 0 'execve("/usr/bin/sh", ["sh", "-c", "sleep 0.1 & sleep 0.2 & sleep 0."...], 0xADDR /* 2 vars */) = 0'
	assert_line --index -1 '+++ exited with 0 +++'
	run grep -c 'execve(' trace
	assert_output 4
	run grep -c 'execve("/usr/bin/sleep", \["sleep", "0\.[123]"\], 0x[0-9a-f]* /\* 3 vars \*/' trace
	assert_output 3
	run grep -c '+++ exited with 0 +++$' trace
	assert_output 4
	run grep -c -- '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=[0-9]*, si_uid=0, si_status=0, si_utime=[0-9]*, si_stime=[0-9]*} ---$' trace
	assert_output 3
	local n
	for n in 1 2 3; do
		run grep -c "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=${n}00000000}, " trace
		assert_output 1
	done
	# sleeps overlap: at least one is <unfinished ...>
	run grep -c 'clock_nanosleep(.* <unfinished \.\.\.>$' trace
	[ "$output" -ge 1 ] || fail "no unfinished clock_nanosleep"
	# every <unfinished ...> is resumed later by the same pid, same call
	run awk '
		/^\[pid +[0-9]+\] [a-z_0-9]+\(.* <unfinished \.\.\.>$/ {
			p = $0; sub(/^\[pid +/, "", p); sub(/\].*/, "", p)
			c = $0; sub(/^\[pid +[0-9]+\] /, "", c); sub(/\(.*/, "", c)
			open[p] = c; next
		}
		/^\[pid +[0-9]+\] <\.\.\. [a-z_0-9]+ resumed>/ {
			p = $0; sub(/^\[pid +/, "", p); sub(/\].*/, "", p)
			c = $0; sub(/^.*<\.\.\. /, "", c); sub(/ resumed>.*/, "", c)
			if (open[p] != c) { print "resumed without unfinished: " $0; bad = 1 }
			delete open[p]
		}
		END { for (p in open) { print "never resumed: " p " " open[p]; bad = 1 } exit bad }' trace
	assert_success
}

@test "seed case with -o FILE: each process's own lines" {
	run $CLEAN_ENV "$TRACER" -f -o trace \
		-e trace=execve,nanosleep,clock_nanosleep \
		sh -c 'sleep 0.1 & sleep 0.2 & sleep 0.3'
	assert_success
	run trace_pids trace
	assert_equal "${#lines[@]}" 4
	local pids=("${lines[@]}") p n found
	run normalize <(pid_lines trace "${pids[0]}")
	assert_line --index 0 'execve("/usr/bin/sh", ["sh", "-c", "sleep 0.1 & sleep 0.2 & sleep 0."...], 0xADDR /* 2 vars */) = 0'
	assert_line --index -1 '+++ exited with 0 +++'
	for n in 1 2 3; do
		found=
		for p in "${pids[@]:1}"; do
			# dash adds PWD to the environment: 3 vars
			if [ "$(normalize <(pid_lines trace "$p"))" = "execve(\"/usr/bin/sleep\", [\"sleep\", \"0.$n\"], 0xADDR /* 3 vars */) = 0
clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=${n}00000000}, 0xADDR) = 0
+++ exited with 0 +++" ]; then
				found=$p
			fi
		done
		[ -n "$found" ] || fail "no process with the lines of sleep 0.$n"
	done
}
