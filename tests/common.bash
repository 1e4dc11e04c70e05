# Loaded by every bats file:  load common
#
# Environment:
#   TRACER  the tracer under test, an absolute path (default: the hytrace
#           built in this tree).  TRACER=/usr/bin/strace runs the suite
#           against the real strace, which checks the tests themselves.
#   STRACE  the reference strace (default /usr/bin/strace).
#   PROGS   directory of the test programs (make check exports it); when
#           unset they are built with tests/build-progs.sh.
#   BATS_TEST_TIMEOUT  seconds a test may take (default 60).

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

# A tracer that hangs fails its test instead of the whole run (bats kills
# the test's processes after this many seconds).
: "${BATS_TEST_TIMEOUT:=60}"

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

: "${TRACER:=$TESTS_DIR/../tracer/hytrace}"
case $TRACER in
/*) ;;
*) TRACER=$PWD/$TRACER ;;
esac
TRACER_NAME=${TRACER##*/}
: "${STRACE:=/usr/bin/strace}"
export TRACER TRACER_NAME STRACE

if [ -z "${PROGS:-}" ]; then
	PROGS=$TESTS_DIR/progs/bin
	"$TESTS_DIR/build-progs.sh" "$PROGS" >&2 ||
		{ echo "common.bash: building the test programs failed" >&2; exit 1; }
fi
export PROGS

# tracer ARGS...: runs the tracer with argv[0] set to its base name, so
# that its messages start with "$TRACER_NAME: " (strace prefixes its
# messages with argv[0] as invoked, e.g. "/usr/bin/strace: ...").
# TRACER_CMD is the same as a command (for env, wait_status, bg_traced):
#     run env -i "${TRACER_CMD[@]}" ARGS...
TRACER_CMD=(perl -e 'my $p = shift; exec {$p} @ARGV or die "exec $p: $!\n"' --
	"$TRACER" "$TRACER_NAME")
tracer() {
	"${TRACER_CMD[@]}" "$@"
}

# NOFDS CMD...: runs CMD with every file descriptor above 2 closed (bats
# keeps some open, and a traced program's open() would get another fd).
NOFDS=(perl -e 'use POSIX (); POSIX::close($_) for 3 .. 1023; exec {$ARGV[0]} @ARGV or die "exec $ARGV[0]: $!\n"' --)

# The tracer is under test; a missing one fails every test that uses it.
# Called by every setup (after the cd to $BATS_TEST_TMPDIR): also starts
# the watchdog.
check_tracer() {
	[ -x "$TRACER" ] || fail "TRACER=$TRACER is not an executable"
	start_watchdog
}

# sweep [DELAY]: after DELAY seconds (default 0), SIGKILLs every process
# whose working directory is this test's $BATS_TEST_TMPDIR, except the
# test's own shell.  A tracer that hangs while blocking SIGTERM (as strace
# does with -o and a command) or that left its parent would otherwise
# keep bats waiting on its output pipe past BATS_TEST_TIMEOUT.
SWEEP=(perl -e '
	my ($delay, $dir, $keep) = @ARGV;
	sleep $delay if $delay;
	opendir(my $d, "/proc") or exit 0;
	for my $p (grep { /^\d+$/ } readdir $d) {
		next if $p == $$ || $p == $keep;
		my $cwd = readlink("/proc/$p/cwd");
		kill "KILL", $p if defined $cwd && $cwd eq $dir;
	}' --)

start_watchdog() {
	[ -z "${WATCHDOG_PID:-}" ] || return 0
	local delay=$(( ${BATS_TEST_TIMEOUT:-60} - 5 ))
	[ "$delay" -gt 0 ] || delay=1
	( cd / && exec "${SWEEP[@]}" "$delay" "$BATS_TEST_TMPDIR" "$$" ) \
		</dev/null >/dev/null 2>&1 3>&- 4>&- &
	WATCHDOG_PID=$!
	disown "$WATCHDOG_PID"
}

# True when the tracer under test is the reference strace itself (the
# suite validating itself).
tracer_is_strace() {
	[ "$(readlink -f "$TRACER")" = "$(readlink -f "$STRACE")" ]
}

# normalize [FILE...]: the shared filter (tests/normalize.sed).
normalize() {
	sed -E -f "$TESTS_DIR/normalize.sed" "$@"
}

# A small, fixed environment for the traced programs, so that output is
# stable:  $CLEAN_ENV cmd...
CLEAN_ENV="env -i PATH=/usr/bin:/bin LANG=C"

# wait_status CMD...: runs CMD and prints how it ended, as the raw wait
# status tells it: "exit N" or "signal N" (+ " core" when WCOREDUMP).
# Bash's $? cannot tell "killed by SIGSEGV" from "exit 139"; this can.
# With WS_PIDFILE set, CMD's pid is written there once it is started;
# with WS_OUT / WS_ERR set, CMD's stdout / stderr go to those files.
wait_status() {
	perl -e '
		my $pid = fork // die "fork: $!";
		if (!$pid) {
			open(STDOUT, ">", $ENV{WS_OUT}) or die if $ENV{WS_OUT};
			open(STDERR, ">", $ENV{WS_ERR}) or die if $ENV{WS_ERR};
			delete @ENV{qw(WS_OUT WS_ERR WS_PIDFILE)};
			exec @ARGV or exit 127;
		}
		if ($ENV{WS_PIDFILE}) {
			open(my $f, ">", "$ENV{WS_PIDFILE}.tmp") or die;
			print $f "$pid\n"; close($f);
			rename("$ENV{WS_PIDFILE}.tmp", $ENV{WS_PIDFILE}) or die;
		}
		waitpid($pid, 0);
		my $s = $?;
		if ($s & 127) { printf "signal %d%s\n", $s & 127, ($s & 128) ? " core" : "" }
		else { printf "exit %d\n", $s >> 8 }' -- "$@"
}

# bg_traced NAME CMD...: starts CMD in the background with stdout in
# NAME.out, stderr in NAME.err and its wait status (see wait_status)
# written to NAME.status when it ends; sets BG_PID to CMD's pid.
# bg_wait NAME waits (10 s at most) for NAME.status and prints it.
bg_traced() {
	local name=$1
	shift
	rm -f "$name.pid" "$name.status"
	( WS_PIDFILE=$name.pid WS_OUT=$name.out WS_ERR=$name.err \
		wait_status "$@" >"$name.status.tmp" </dev/null &&
		mv "$name.status.tmp" "$name.status" ) 3>&- 4>&- &
	disown $!
	wait_until 10 test -s "$name.pid" || fail "$1 did not start"
	BG_PID=$(cat "$name.pid")
	BG_PIDS+=("$BG_PID")
}

# ps_tree PID: PID's descendants, with their states
ps_tree() {
	ps -eo pid=,ppid=,stat=,wchan:24=,args= | awk -v root="$1" '
		{ line[$1] = $0; parent[$1] = $2 }
		END {
			for (p in line) {
				for (q = p; q in parent && q != root; q = parent[q]) ;
				if (q == root && p != root) print line[p]
			}
		}' | sort -n | cut -c1-160
}

bg_wait() {
	if ! wait_until 10 test -s "$1.status"; then
		# what was left running, for the report
		{
			ps_tree $$
			ls -l --time-style=+%T.%N
			tail -n 5 "$1".*
		} >&2
		fail "$1 did not end"
	fi
	cat "$1.status"
}

# wait_until SECONDS CMD...: polls CMD every 50 ms until it succeeds;
# fails after SECONDS.
wait_until() {
	local limit=$(( $1 * 20 )) i=0
	shift
	until "$@"; do
		i=$((i + 1))
		[ "$i" -lt "$limit" ] || return 1
		sleep 0.05
	done
}

# proc_state PID: the one-letter state from /proc/PID/stat (R, S, T, t,
# Z...), empty when the process is gone.
proc_state() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	echo "${stat%% *}"
}

# Background processes started by a test; killed in teardown.
BG_PIDS=()

# start_sleeper [NTHREADS]: starts tests/progs/sleeper in the background
# and sets SLEEPER_PID once it is running (its pid file is written).
start_sleeper() {
	local pidfile=$BATS_TEST_TMPDIR/sleeper.$RANDOM.pid
	"$PROGS/sleeper" "$pidfile" "${1:-0}" 3>&- &
	SLEEPER_PID=$!
	disown "$SLEEPER_PID"
	BG_PIDS+=("$SLEEPER_PID")
	wait_until 10 test -s "$pidfile" || fail "sleeper did not start"
	[ "$(cat "$pidfile")" = "$SLEEPER_PID" ] || fail "sleeper pid mismatch"
}

# start_bg CMD...: starts CMD in the background, sets BG_PID, and kills it
# in teardown if it is still running.
start_bg() {
	"$@" 3>&- &
	BG_PID=$!
	disown "$BG_PID"
	BG_PIDS+=("$BG_PID")
}

kill_bg() {
	local p
	for p in "${BG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
	BG_PIDS=()
}

# thread_ids PID: the tids of PID's threads, one a line, sorted.
thread_ids() {
	ls "/proc/$1/task" | sort -n
}

# quoted_arg STRING [MAX]: STRING as strace prints a string argument of
# plain printable characters: quoted, cut after MAX (default 32) bytes
# with "..." after the closing quote.
quoted_arg() {
	local max=${2:-32}
	if [ "${#1}" -gt "$max" ]; then
		printf '"%s"...' "${1:0:$max}"
	else
		printf '"%s"' "$1"
	fi
}

# trace_pids FILE: the pids of the prefixed lines of FILE ("1234  ..." as
# written with -o FILE -f, or "[pid 1234] ..."), in order of appearance.
trace_pids() {
	sed -nE 's/^(\[pid +)?([0-9]+)(\]? ).*/\2/p' "$1" | awk '!seen[$0]++'
}

# pid_lines FILE PID: the lines of one process of a -f trace, without the
# prefix, each "<unfinished ...>" joined with its "<... X resumed>" line,
# and the padding before " = " squeezed to one space (joined lines are
# padded differently).  This is what the trace says about PID whatever the
# interleaving with other processes.
pid_lines() {
	awk -v pid="$2" '
	{
		line = $0
		if (match(line, /^\[pid +[0-9]+\] /)) {
			p = substr(line, 1, RLENGTH); sub(/^\[pid +/, "", p); sub(/\] $/, "", p)
			line = substr(line, RLENGTH + 1)
		} else if (match(line, /^[0-9]+ +/)) {
			p = substr(line, 1, RLENGTH); sub(/ +$/, "", p)
			line = substr(line, RLENGTH + 1)
		} else next
		if (p != pid) next
		if (line ~ / <unfinished \.\.\.>$/) {
			sub(/ <unfinished \.\.\.>$/, "", line)
			held = line
			next
		}
		if (held != "" && match(line, /^<\.\.\. [a-z_0-9]+ resumed>/)) {
			line = held substr(line, RLENGTH + 1)
			held = ""
		}
		sub(/\) +=( |$)/, ") = ", line)
		sub(/ $/, "", line)
		print line
	}
	END { if (held != "") print held " <unfinished ...>" }' "$1"
}

# run_both [TRACER-OPTS...] -- CMD [ARGS...]
# Runs "$STRACE -o S TRACER-OPTS CMD..." and "$TRACER -o T TRACER-OPTS
# CMD..." one after the other in the current directory, in $CLEAN_ENV,
# with the program's stdout/stderr saved per run.  When the shell
# function run_both_prepare is defined it is called before each run (to
# reset files the command changes).  Then compares, after normalize: the
# traces, the exit statuses and the program output (the tracer's own
# messages with its name replaced by "TRACER").  With -ff the per-process
# files are compared in the order of their pids; with -f into one file,
# each process's lines (see pid_lines) in the order the processes appear.  Fails with a unified
# diff.  Leaves the files in $BATS_TEST_TMPDIR/both.{strace,tracer}.*.
# RUN_BOTH_TRIES=N (default 1) runs the pair again, up to N times, while
# they differ: for programs of several processes whose order of events
# (a SIGCHLD before or inside wait4, a futex wait or not) is up to the
# scheduler even between two runs of strace.
run_both() {
	local opts=() d=$BATS_TEST_TMPDIR/both
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		opts+=("$1")
		shift
	done
	[ "${1:-}" = "--" ] || fail "run_both: missing --"
	shift
	check_tracer
	local try tries=${RUN_BOTH_TRIES:-1}
	for ((try = 1; ; try++)); do
		if run_both_once "$@"; then
			break
		fi
		if [ "$try" -ge "$tries" ]; then
			head -c 20000 "$d.diff"
			fail "run_both: $(cat "$d.what") differs (${opts[*]} -- $*)"
		fi
	done
	# A comparison of two empty traces proves nothing.
	[ -s "$d.strace.trace" ] || fail "run_both: strace wrote no trace"
}

# run_both_once CMD...: one run of each, compared; uses opts and d of
# run_both.  On a difference, the diff is in $d.diff, what differs in
# $d.what.
run_both_once() {
	local which bin f rc n
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		if declare -F run_both_prepare >/dev/null; then
			run_both_prepare
		fi
		rm -f "$d.$which".*
		rc=0
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "$d.$which.trace" "${opts[@]}" "$@" \
			>"$d.$which.stdout" 2>"$d.$which.stderr" </dev/null || rc=$?
		echo "exit $rc" >"$d.$which.rc"
		# -ff: one file per pid, joined in pid order
		if [ ! -e "$d.$which.trace" ]; then
			n=0
			for f in $(ls "$d.$which.trace".* 2>/dev/null |
				sed -n 's/.*\.trace\.\([0-9][0-9]*\)$/\1/p' | sort -n); do
				n=$((n + 1))
				echo "=== process $n ==="
				cat "$d.$which.trace.$f"
			done >"$d.$which.joined"
			mv "$d.$which.joined" "$d.$which.trace"
		fi
		# -f into one file: how the processes' lines interleave is up
		# to the scheduler; compare each process's lines (in the order
		# the processes first appear, unfinished/resumed joined)
		if grep -Eq '^[0-9]+ ' "$d.$which.trace"; then
			n=0
			for f in $(trace_pids "$d.$which.trace"); do
				n=$((n + 1))
				echo "=== process $n ==="
				pid_lines "$d.$which.trace" "$f"
			done >"$d.$which.joined"
			mv "$d.$which.trace" "$d.$which.trace.raw"
			mv "$d.$which.joined" "$d.$which.trace"
		fi
		BIN=$bin perl -pi -e 's/^\Q$ENV{BIN}\E: /TRACER: /' "$d.$which.stderr"
	done
	for f in trace stdout stderr rc; do
		normalize "$d.strace.$f" >"$d.strace.$f.norm"
		normalize "$d.tracer.$f" >"$d.tracer.$f.norm"
		if ! diff -u --label "strace $f" --label "$TRACER_NAME $f" \
			"$d.strace.$f.norm" "$d.tracer.$f.norm" >"$d.diff"; then
			echo "$f" >"$d.what"
			return 1
		fi
	done
	return 0
}

teardown() {
	kill_bg
	if [ -n "${WATCHDOG_PID:-}" ]; then
		kill "$WATCHDOG_PID" 2>/dev/null || true
		WATCHDOG_PID=
	fi
	# whatever the test left running in its directory
	"${SWEEP[@]}" 0 "$BATS_TEST_TMPDIR" "$$" || true
}
