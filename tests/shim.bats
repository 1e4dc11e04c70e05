#!/usr/bin/env bats
# The shim (shim/, shim/protocol.h): in seccomp mode (-f and a -e trace=SET
# that is not everything) a dynamically linked x86_64 program gets
# libhytrace-shim.so by LD_PRELOAD, and its read, write, pread64, pwrite64,
# readv, writev, lseek, close and getpid-family calls skip the ptrace stop:
# they come to the tracer through shared memory.  The trace must not tell:
# --shim=on and --shim=off give the same trace after normalize.
#
# Every run sets HYTRACE_SHIM_STATS=1 (the tracer's last message is
# "shim: N records from M processes": N > 0 shows the fast path really ran)
# and HYTRACE_SHIM_STRICT=1 (a decoder that needed memory the shim did not
# capture says "shim record of syscall ... lacks ..."): the tracer's stderr
# must be the stats line alone.

load common

SHIM_PROGS=(shim-threads shim-busy shim-forkexec shim-hostile shim-env shim-signals)

setup_file() {
	# make check builds them (check_PROGRAMS), as does build-progs.sh;
	# built here when $PROGS lacks them
	local p flags src
	for p in "${SHIM_PROGS[@]}"; do
		src=$TESTS_DIR/progs/$p.c
		flags=
		[ "$p" != shim-threads ] && [ "$p" != shim-busy ] || flags=-pthread
		if [ ! -x "$PROGS/$p" ] || [ "$src" -nt "$PROGS/$p" ]; then
			${CC:-gcc} -O1 -g -Wall -Wextra $flags -o "$PROGS/$p.tmp.$$" "$src" &&
				mv "$PROGS/$p.tmp.$$" "$PROGS/$p"
		fi
	done
}

setup() {
	check_tracer
	tracer_is_strace && skip "--shim is hytrace's"
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\nbanana\ncherry\n' >fruit.txt
	seq 1 30000 >big.txt
	mkdir -p dir/sub
	touch dir/a dir/b dir/c
	local p
	for p in "${SHIM_PROGS[@]}"; do
		[ -x "$PROGS/$p" ] || fail "no $PROGS/$p"
	done
}

# The environment of the tracer and so of the traced programs: small,
# fixed, the same with --shim=on and off.
SHIM_ENV=(env -i PATH=/usr/bin:/bin LANG=C HYTRACE_SHIM_STATS=1 HYTRACE_SHIM_STRICT=1)
if [ -n "${HYTRACE_SHIM_PATH:-}" ]; then
	SHIM_ENV+=("HYTRACE_SHIM_PATH=$HYTRACE_SHIM_PATH")
fi

# shim_run NAME MODE TRACER-OPTS... -- CMD...: the tracer with --shim=MODE
# -o NAME.trace TRACER-OPTS CMD, in $SHIM_ENV with the fds above 2 closed
# and stdin /dev/null.  The program's stdout goes through a pipe into
# NAME.out (into a file, cat and cp would copy with copy_file_range, not
# read and write), the tracer's stderr (the program's too) into NAME.err,
# the tracer's exit status into NAME.rc ("exit N").
shim_run() {
	local name=$1 mode=$2 opts=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ "${1:-}" = -- ] || fail "shim_run: missing --"
	shift
	rm -f "$name".*
	"${SHIM_ENV[@]}" "${NOFDS[@]}" "${TRACER_CMD[@]}" --shim="$mode" -o "$name.trace" "${opts[@]}" "$@" \
		</dev/null 2>"$name.err" | cat >"$name.out"
	echo "exit ${PIPESTATUS[0]}" >"$name.rc"
}

# shim_stats NAME: "N M" of NAME.err's "shim: N records from M processes"
shim_stats() {
	sed -nE "s/^$TRACER_NAME: shim: ([0-9]+) records from ([0-9]+) processes\$/\\1 \\2/p" "$1.err"
}

# assert_only_stats NAME: NAME.err is the stats line and nothing else (no
# "lacks" line of HYTRACE_SHIM_STRICT, no warning)
assert_only_stats() {
	if [ "$(grep -c . "$1.err")" != 1 ] || [ -z "$(shim_stats "$1")" ]; then
		cat "$1.err"
		fail "$1.err: not the stats line alone"
	fi
}

# records NAME: N of the stats line
records() {
	local s
	s=$(shim_stats "$1")
	echo "${s%% *}"
}

# trace_view FILE: what a -f -o FILE trace says whatever the interleaving
# and the order the processes show up in (children of a shell pipeline
# start in any order): each process's lines (pid_lines: unfinished and
# resumed joined), normalized, as a block; the blocks sorted
trace_view() {
	local p
	for p in $(trace_pids "$1"); do
		pid_lines "$1" "$p" | normalize | drop_ldso_mmaps | paste -sd $'\001'
	done | LC_ALL=C sort | while IFS= read -r p; do
		echo "=== process"
		tr '\001' '\n' <<<"$p"
	done
}

# drop_ldso_mmaps: with DROP_LDSO_MMAPS=1, leaves out the anonymous
# read-write mmap(NULL, ...) calls.  Loading any preloaded library (the
# shim, or an empty one) changes ld.so's own allocations: an 8 KiB one
# becomes 12 KiB, or one more appears.  That is the one known difference
# where mmap is traced (--shim=auto leaves the shim out then); the tests
# that trace mmap with --shim=on compare everything else.
drop_ldso_mmaps() {
	if [ -n "${DROP_LDSO_MMAPS:-}" ]; then
		grep -Ev '^mmap\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) += ' || true
	else
		cat
	fi
}

# joined FILE: the lines of a -f -o FILE trace as "PID<tab>LINE", each
# "<unfinished ...>" joined with its "<... X resumed>" and the padding
# before " = " squeezed; a resumed line without its start is marked
# "RESUMED-ALONE", an unfinished one never resumed comes at the end
joined() {
	awk '
	{
		if (!match($0, /^[0-9]+ +/)) { print "NOPID\t" $0; next }
		pid = $1
		line = substr($0, RLENGTH + 1)
		if (line ~ / <unfinished \.\.\.>$/) {
			sub(/ <unfinished \.\.\.>$/, "", line)
			if (pid in held)
				print pid "\t" held[pid] " <unfinished ...>"
			held[pid] = line
			next
		}
		if (match(line, /^<\.\.\. [a-z_0-9]+ resumed>/)) {
			if (pid in held) {
				line = held[pid] substr(line, RLENGTH + 1)
				delete held[pid]
			} else
				line = "RESUMED-ALONE " line
		}
		sub(/\) +=( |$)/, ") = ", line)
		print pid "\t" line
	}
	END { for (p in held) print p "\t" held[p] " <unfinished ...>" }' "$1"
}

# markers FILE: the strings of the write(1, "STRING\n", L) = L calls of a
# -f -o FILE trace, one a line, sorted; a write(1, ...) of another form
# shows as "BAD: LINE"
markers() {
	joined "$1" | awk -F '\t' '
		$2 ~ /^write\(1, / {
			if (match($2, /^write\(1, "[a-z0-9-]+\\n", [0-9]+\) = [0-9]+$/)) {
				s = $2
				sub(/^write\(1, "/, "", s)
				sub(/\\n".*/, "", s)
				print s
			} else
				print "BAD: " $2
		}' | LC_ALL=C sort
}

# compare_onoff TRACER-OPTS... -- CMD...: shim_run with --shim=on (on.*)
# and with --shim=off (off.*), then compared: the traces (trace_view), the
# program's output, the exit status.  Each stderr must be the stats line
# alone, "0 records from 0 processes" with off; ONOFF_RECORDS and
# ONOFF_PROCS are on's numbers.  SHIM_TRIES=N (default 1) runs the pair
# again, up to N times, while the traces differ: where several processes
# run, the place of a SIGCHLD and which child shows first are up to the
# scheduler.  shim_prepare, when defined, is called before each run.
compare_onoff() {
	local try tries=${SHIM_TRIES:-1} s
	for ((try = 1; ; try++)); do
		if declare -F shim_prepare >/dev/null; then shim_prepare; fi
		shim_run on on "$@"
		if declare -F shim_prepare >/dev/null; then shim_prepare; fi
		shim_run off off "$@"
		trace_view on.trace >on.view
		trace_view off.trace >off.view
		if diff -u --label "--shim=off trace" --label "--shim=on trace" off.view on.view >onoff.diff &&
			diff -u --label "--shim=off stdout" --label "--shim=on stdout" off.out on.out >onoff.diff &&
			diff -u --label "--shim=off status" --label "--shim=on status" off.rc on.rc >onoff.diff; then
			break
		fi
		if [ "$try" -ge "$tries" ]; then
			head -c 20000 onoff.diff
			echo "--- --shim=on stderr:"
			head -n 20 on.err
			fail "--shim=on and --shim=off differ: $*"
		fi
	done
	grep -q . off.view || fail "no trace: $*"
	assert_only_stats on
	assert_only_stats off
	[ "$(shim_stats off)" = "0 0" ] || fail "--shim=off: $(cat off.err)"
	s=$(shim_stats on)
	ONOFF_RECORDS=${s%% *}
	ONOFF_PROCS=${s##* }
}

shim_prepare() {
	rm -f copy.txt dd.out out.tar
}

# --- 1. real programs: --shim=on as --shim=off --------------------------------

SET1=read,write,pread64,pwrite64,readv,writev,lseek,close,getpid,execve,openat

onoff_start() {
	SUM_RECORDS=0
	rm -f records.txt failures.txt
}

# onoff_program TRACER-OPTS... -- CMD...: compare_onoff (3 tries); the
# records are added to SUM_RECORDS and listed in records.txt, a failure's
# message goes to failures.txt (all the programs run, then
# onoff_programs fails with every difference)
onoff_program() {
	local rc=0
	# (in the background: "set -e" holds there, not in an "if" or "||")
	(SHIM_TRIES=3 compare_onoff "$@") >onoff.msg 2>&1 &
	wait $! || rc=$?
	if [ "$rc" = 0 ]; then
		SUM_RECORDS=$((SUM_RECORDS + $(records on)))
		echo "ok: $(shim_stats on): $*" >>records.txt
	else
		echo "FAILED: $*" >>records.txt
		{
			echo "=== $*"
			cat onoff.msg
		} >>failures.txt
	fi
}

# onoff_verdict: fails with failures.txt when an onoff_program failed
onoff_verdict() {
	cat records.txt
	if [ -s failures.txt ]; then
		head -c 30000 failures.txt
		fail "$(grep -c '^FAILED' records.txt) of $(grep -c . records.txt) programs differ"
	fi
}

# onoff_programs TRACER-OPTS...: onoff_program for each of the programs
onoff_programs() {
	local cat_records
	onoff_start
	onoff_program "$@" -- cat big.txt
	cat_records=$(records on)
	onoff_program "$@" -- cat fruit.txt
	onoff_program "$@" -- head -n 2 fruit.txt
	onoff_program "$@" -- head -c 100000 big.txt
	onoff_program "$@" -- tail -n 2 big.txt
	onoff_program "$@" -- tail -c 20 big.txt
	onoff_program "$@" -- wc fruit.txt
	onoff_program "$@" -- sort fruit.txt
	onoff_program "$@" -- cp fruit.txt copy.txt
	onoff_program "$@" -- dd if=big.txt of=dd.out bs=4096 status=none
	onoff_program "$@" -- dd if=fruit.txt bs=7 status=none
	onoff_program "$@" -- sh -c 'echo hi; cat fruit.txt'
	# (how many SIGCHLD the shell gets, one or several for its three
	# children, is up to the scheduler)
	onoff_program "$@" -e 'signal=!SIGCHLD' -- sh -c 'cat fruit.txt | sort | head -n 2'
	onoff_program "$@" -- ls -l --time-style=+ dir
	onoff_program "$@" -- tar cf out.tar fruit.txt dir
	onoff_program "$@" -- gzip -cn fruit.txt
	onoff_program "$@" -- sed -n 2p fruit.txt
	onoff_program "$@" -- cut -c 1-3 fruit.txt
	onoff_program "$@" -- nl fruit.txt
	onoff_program "$@" -- ls -R dir
	onoff_program "$@" -- id
	onoff_program "$@" -- date -u -d @0
	onoff_program "$@" -- env
	onoff_program "$@" -- md5sum fruit.txt big.txt
	onoff_program "$@" -- od -c fruit.txt
	onoff_program "$@" -- seq 1 5000
	onoff_program "$@" -- paste -d , fruit.txt fruit.txt
	onoff_verdict
	[ "$cat_records" -gt 0 ] || fail "cat big.txt: no shim records with --shim=on"
	[ "$SUM_RECORDS" -gt 0 ] || fail "no shim records at all"
}

@test "real programs, -e trace=read,write,...,execve,openat: --shim=on as --shim=off" {
	onoff_programs -f -e trace=$SET1
}

@test "real programs, -e trace=%desc,execve: --shim=on as --shim=off (but ld.so's anonymous mmaps)" {
	DROP_LDSO_MMAPS=1 onoff_programs -f -e trace=%desc,execve
}

@test "mmap traced, or no call the shim takes: --shim=auto leaves the shim out; else it takes the calls" {
	run --separate-stderr env HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -f -e trace=%desc,execve -o auto.trace cat fruit.txt
	assert_success
	assert_equal "$stderr" "$TRACER_NAME: shim: 0 records from 0 processes"
	# a build traced for its files: no exec pays for a shim that takes nothing
	run --separate-stderr env HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -f -e trace=%file -o auto.trace cat fruit.txt
	assert_success
	assert_equal "$stderr" "$TRACER_NAME: shim: 0 records from 0 processes"
	run --separate-stderr env HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -f -e trace=%file,write -o auto.trace cat fruit.txt
	assert_success
	[[ $stderr == "$TRACER_NAME: shim: "[0-9]*" records from 1 processes" ]] || fail "%file,write: $stderr"
	run --separate-stderr env HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -f -e trace=read,write -o auto.trace cat big.txt
	assert_success
	[[ $stderr == "$TRACER_NAME: shim: "[1-9]*" records from 1 processes" ]] || fail "no mmap traced: $stderr"
}

# --- 2. threads ---------------------------------------------------------------

@test "8 threads x 20000 writes: each call exactly once in the trace" {
	local t expected
	shim_run thr on -f -e trace=write -- "$PROGS/shim-threads" 8 20000
	assert_equal "$(cat thr.rc)" "exit 0"
	assert_only_stats thr
	[ "$(records thr)" -gt 0 ] || fail "no shim records: $(cat thr.err)"
	# every write whole (unfinished ones joined), the message of its
	# thread; nothing else but the threads' exits
	joined thr.trace | awk -F '\t' '
		$2 ~ /^write\(/ {
			if (match($2, /^write\([0-9]+, "thread [0-9][0-9]\\n", 10\) = 10$/)) {
				c[substr($2, RSTART + 10, 9)]++
				w++
			} else if (bad++ < 10)
				print "bad: " $0
			next
		}
		$2 == "+++ exited with 0 +++" { next }
		{ if (bad++ < 10) print "unexpected: " $0 }
		END {
			for (m in c) print m, c[m]
			print "writes", w + 0
			print "bad lines", bad + 0
		}' | LC_ALL=C sort >thr.summary
	expected=$(
		echo "bad lines 0"
		for ((t = 0; t < 8; t++)); do printf 'thread %02d 20000\n' "$t"; done
		echo "writes 160000")
	run cat thr.summary
	assert_output "$expected"
}

@test "threads -ff: the multiset of per-thread files, --shim=on as --shim=off" {
	local mode f
	for mode in on off; do
		shim_run $mode $mode -ff -e trace=write -- "$PROGS/shim-threads" 4 50
		assert_equal "$(cat $mode.rc)" "exit 0"
		assert_only_stats $mode
		# one line per file: its normalized lines joined by " | "
		for f in $mode.trace.*; do
			normalize "$f" | paste -sd '|' | sed 's/|/ | /g'
		done | LC_ALL=C sort >$mode.files
	done
	[ "$(records on)" -gt 0 ] || fail "no shim records: $(cat on.err)"
	assert_equal "$(shim_stats off)" "0 0"
	run grep -c . on.files
	assert_output 5
	diff -u --label "--shim=off files" --label "--shim=on files" off.files on.files ||
		fail "the per-thread traces differ"
}

# --- 3. fork and exec ---------------------------------------------------------

@test "fork/vfork and exec chain: every marker exactly once, --shim=on and off" {
	local mode d i tag expected
	expected=$(
		for ((d = 0; d <= 4; d++)); do
			for tag in p c q w; do
				[ "$d" -gt 0 ] || [ "$tag" = p ] || continue
				for ((i = 0; i < 40; i++)); do echo "$tag$d-$i"; done
			done
		done | LC_ALL=C sort)
	for mode in on off; do
		shim_run $mode $mode -f -e trace=write -- "$PROGS/shim-forkexec" 4 40
		assert_equal "$(cat $mode.rc)" "exit 0"
		assert_only_stats $mode
		assert_equal "$(LC_ALL=C sort $mode.out)" "$expected"
		markers $mode.trace >$mode.markers
		diff -u --label expected --label "--shim=$mode trace" <(echo "$expected") $mode.markers ||
			fail "--shim=$mode: the markers in the trace are not each exactly once"
		run grep -c '^[0-9]* *+++ exited with 0 +++$' $mode.trace
		assert_output 5
	done
	# the 5 programs exec'd (the vfork children borrow their parents' shim)
	run shim_stats on
	[ "${output%% *}" -gt 0 ] && [ "${output##* }" -ge 5 ] || fail "--shim=on: $output"
}

# --- 4. a hostile program -----------------------------------------------------

# hostile_run MODE [nosync]: shim-hostile MODE under -f -e trace=write,chdir
# --shim=on: exit 0, the stats line and one warning, every marker in the
# trace exactly once, the 100 written after the damage too
hostile_run() {
	local expected i
	expected=$(
		for ((i = 0; i < 5; i++)); do echo "early-$i"; done
		for ((i = 0; i < 100; i++)); do printf 'late-%03d\n' "$i"; done)
	shim_run hostile on -f -e trace=write,chdir -- "$PROGS/shim-hostile" "$@"
	assert_equal "$(cat hostile.rc)" "exit 0"
	if [ "$(grep -c . hostile.err)" != 2 ] || [ "$(grep -c shim hostile.err)" != 2 ] ||
		[ -z "$(shim_stats hostile)" ]; then
		cat hostile.err
		fail "$*: stderr is not the stats line and one warning"
	fi
	[ "$(records hostile)" -gt 0 ] || fail "$*: no shim records: $(cat hostile.err)"
	markers hostile.trace >hostile.markers
	if ! diff -u --label expected --label "$*: trace" <(echo "$expected") hostile.markers >hostile.diff; then
		head -n 20 hostile.diff
		fail "$*: the markers in the trace are not each exactly once ($(grep -c '^-[el]' hostile.diff) missing, $(grep -c '^+[el]' hostile.diff) extra)"
	fi
	assert_equal "$(LC_ALL=C sort hostile.out)" "$expected"
}

@test "a program damaging its shim ring, then a stop: one warning, exit 0, every call traced" {
	local mode
	for mode in head garbage ring; do
		hostile_run $mode
		run grep -c '^[0-9]* *chdir("\.") *= 0$' hostile.trace
		assert_output 2
	done
}

@test "a program damaging its shim ring, no stop after: one warning, exit 0, every call traced" {
	local mode
	for mode in head garbage ring; do
		hostile_run $mode nosync
	done
}

# --- unreadable buffers ---------------------------------------------------------

@test "buffers nobody can read (write to /dev/null of an unmapped page): the program runs on, the trace as --shim=off" {
	[ -x "$PROGS/shim-badbuf" ] || fail "no $PROGS/shim-badbuf"
	compare_onoff -f -e trace=write,writev -- "$PROGS/shim-badbuf"
	assert_equal "$(cat on.out)" "done"
	[ "$(records on)" -ge 4 ] || fail "the writes did not come through the shim: $(cat on.err)"
	# the addresses print, not bytes from somewhere
	grep -Eq '^write\(3, 0x[0-9a-f]+, 10\) += 10$' on.trace ||
		grep -Eq '^[0-9]+ +write\(3, 0x[0-9a-f]+, 10\) += 10$' on.trace || fail "$(cat on.trace)"
}

# --- 5. static and 32-bit programs ---------------------------------------------

@test "static and 32-bit programs: no shim, a clean environment, the same trace" {
	[ -x /bin/busybox ] || skip "no /bin/busybox"
	if readelf -l /bin/busybox 2>/dev/null | grep -q INTERP; then
		skip "/bin/busybox is not static"
	fi
	compare_onoff -f -e trace=write -- /bin/busybox env
	assert_equal "$ONOFF_RECORDS $ONOFF_PROCS" "0 0"
	run grep -E '^(LD_PRELOAD|HYTRACE_SHIM)=' on.out
	assert_failure 1
	run grep -c '^HYTRACE_SHIM_STATS=1$' on.out
	assert_output 1
	if [ -x "$PROGS/prog32" ]; then
		compare_onoff -f -e trace=write,openat,close,getuid32,exit_group -- "$PROGS/prog32"
		assert_equal "$(cat on.rc)" "exit 7"
		assert_equal "$ONOFF_RECORDS $ONOFF_PROCS" "0 0"
		run grep -c 'write(1, "hello from i386\\n", 16) = 16' on.view
		assert_output 1
	fi
}

# --- 6. invisible -------------------------------------------------------------------

@test "invisible: environment, fds, signals, clearenv and re-exec as without the shim" {
	local nvars=$((${#SHIM_ENV[@]} - 2))
	"${SHIM_ENV[@]}" "${NOFDS[@]}" "$PROGS/shim-env" </dev/null | cat >plain.out
	assert_equal "$(head -n 1 plain.out)" "gen 1: LD_PRELOAD=(null) HYTRACE_SHIM=(null) environ=$nvars"
	compare_onoff -f -e trace=write,close,execve -- "$PROGS/shim-env"
	diff -u --label untraced --label "--shim=on" plain.out on.out ||
		fail "the program's output differs under the tracer"
	assert_equal "$ONOFF_PROCS" 2
	[ "$ONOFF_RECORDS" -gt 0 ] || fail "no shim records"
	# (after clearenv, environ is NULL: execv passes a NULL envp)
	run sed -nE 's|^execve\(.*(/\* [0-9]+ vars \*/\|NULL)\) = 0$|\1|p' on.view
	assert_output "/* $nvars vars */
NULL"
	run grep -cE '^write\(1, "gen [12] write [0-4]\\n", 14\) = 14$' on.view
	assert_output 10
	run grep -cE '^write\(1, "alarm [12]\\n", 8\) = 8$' on.view
	assert_output 4
	run grep -c '^--- SIGALRM ' on.view
	assert_output 4
	run grep -cE '^write\(1, "gen [12] done\\n", 11\) = 11$' on.view
	assert_output 2
	# the shim keeps no fd of the program's: each close fails as without it
	run grep -c '^close([0-9]*) = -1 EBADF (Bad file descriptor)$' on.view
	assert_output $((2 * 1021))
}

# --- 7. the shim's set-up is hidden --------------------------------------------

# hidden_check WHAT: nothing of the shim's in on.trace (its memfd, its
# library, the gate page): a failure goes to failures.txt
hidden_check() {
	if grep -E 'memfd|libhytrace-shim|HYTRACE_SHIM|0x70000000' on.trace >hidden.txt; then
		echo "FAILED: the shim shows in the trace of $1" >>records.txt
		{
			echo "=== the shim shows in the trace of $1:"
			cat hidden.txt
		} >>failures.txt
	fi
}

@test "hidden set-up: -e trace=%memory,%desc,execve, --shim=on as --shim=off (but ld.so's anonymous mmaps)" {
	export DROP_LDSO_MMAPS=1
	onoff_start
	onoff_program -f -e trace=%memory,%desc,execve -- cat fruit.txt
	hidden_check cat
	[ "$(records on)" -gt 0 ] || fail "cat: no shim records: $(cat on.err)"
	onoff_program -f -e trace=%memory,%desc,execve -- ls -l --time-style=+ dir
	hidden_check ls
	onoff_program -f -e trace=%memory,%desc,execve -- "$PROGS/shim-threads" 3 10
	hidden_check shim-threads
	onoff_program -f -e trace=%memory,%desc,%process -e 'signal=!SIGCHLD' -- sh -c 'cat fruit.txt | wc -l'
	hidden_check "sh -c 'cat fruit.txt | wc -l'"
	run shim_stats on
	[ "${output##* }" -ge 3 ] || fail "sh, cat, wc: the shim in $output processes"
	onoff_verdict
}

# --- 8. and 10. a call that blocks ---------------------------------------------

# fifo_cat MODE: starts "TRACER --shim=MODE -f -e trace=read -o MODE.trace
# cat" in the background (bg_traced MODE) with cat's stdin the fifo "fifo";
# a holder process keeps the fifo open for writing (so the open does not
# block, and cat's read does) until the file "go" appears: then it writes
# "x" when "go" is not empty, and exits (cat's next read gets EOF).  Waits
# until cat is in read(0, ...), sets CAT_PID.
fifo_cat() {
	rm -f fifo go
	mkfifo fifo
	start_bg perl -e 'open(my $f, "+<", "fifo") or die "fifo: $!\n";
		select(undef, undef, undef, 0.02) until -e "go";
		syswrite($f, "x") if -s "go"'
	bg_traced "$1" sh -c 'exec "$@" <fifo' sh "${SHIM_ENV[@]}" "${NOFDS[@]}" "${TRACER_CMD[@]}" \
		--shim="$1" -f -e trace=read -o "$1.trace" cat
	wait_until 10 cat_in_read "$BG_PID" || fail "cat did not block in read"
}

# cat_in_read TRACER-PID: true when the tracer's child cat is in read(0,
# ...); sets CAT_PID
cat_in_read() {
	local c nr a0 rest
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = cat ] || continue
		CAT_PID=$c
		read -r nr a0 rest <"/proc/$c/syscall" 2>/dev/null || return 1
		[ "$nr" = 0 ] && [ "$a0" = 0x0 ] && return 0
	done
	return 1
}

@test "a blocked read shows at once, then whole; as --shim=off" {
	local mode
	for mode in off on; do
		fifo_cat $mode
		sleep 0.5
		run tail -n 1 $mode.trace
		assert_output --regexp '^[0-9]+ +read\(0, $'
		echo x >go
		run bg_wait $mode
		assert_output "exit 0"
		assert_equal "$(cat $mode.out)" x
		assert_only_stats $mode
	done
	# both reads of the fifo came through the shim, the blocked one too
	assert_equal "$(shim_stats on)" "2 1"
	run grep -cE '^[0-9]+ +read\(0, "x", [0-9]+\) += 1$' on.trace
	assert_output 1
	diff -u --label "--shim=off" --label "--shim=on" <(normalize off.trace) <(normalize on.trace) ||
		fail "the traces differ"
}

@test "a thread that keeps writing: another's blocked read shows, output flows, SIGINT detaches at once" {
	# the writer keeps the tracer polling; what it does between sleeps
	# (pending calls, output, fatal signals) must still happen (no -o:
	# with -o and a launched command, strace and we leave SIGINT to it)
	bg_traced busy "${SHIM_ENV[@]}" "${TRACER_CMD[@]}" --shim=on -f -e trace=read,write \
		"$PROGS/shim-busy" 20
	wait_until 10 grep -qE 'read\(3, ( <unfinished \.\.\.>)?$' busy.err ||
		fail "the blocked read(3, ...) never showed"
	grep -qE 'write\(5, "x", 1\) += 1$' busy.err || fail "no writes in the trace"
	kill -INT "$BG_PID"
	wait_until 3 test -s busy.status || fail "SIGINT did not end the tracer in 3 s"
	pkill -KILL -x shim-busy || true
}

@test "killed in a blocked read: <unfinished ...> and killed by SIGKILL; as --shim=off" {
	local mode
	for mode in off on; do
		fifo_cat $mode
		sleep 0.5
		run tail -n 1 $mode.trace
		assert_output --regexp '^[0-9]+ +read\(0, $'
		kill -KILL "$CAT_PID"
		# (bg_traced writes $mode.status: no redirection into it here)
		bg_wait $mode >/dev/null
		touch go
		assert_only_stats $mode
	done
	assert_equal "$(cat off.status)" "signal 9"
	assert_equal "$(cat on.status)" "signal 9"
	# (the read never ends: no record; but the shim was armed in cat)
	assert_equal "$(shim_stats on)" "0 1"
	run grep -cE '^[0-9]+ +read\(0,  <unfinished \.\.\.>\) += \?$' on.trace
	assert_output 1
	run tail -n 1 on.trace
	assert_output --regexp '^[0-9]+ +\+\+\+ killed by SIGKILL \+\+\+$'
	diff -u --label "--shim=off" --label "--shim=on" <(normalize off.trace) <(normalize on.trace) ||
		fail "the traces differ"
}

# --- 9. signals -----------------------------------------------------------------------

@test "signals: a read interrupted, restarted (SA_RESTART) or failing EINTR; as --shim=off" {
	SHIM_TRIES=3 compare_onoff -f -e trace=read,write,rt_sigreturn -- "$PROGS/shim-signals" restart
	assert_equal "$(cat on.out)" "h
read returned 5"
	[ "$ONOFF_RECORDS" -gt 0 ] || fail "no shim records"
	run grep -c '^read(10, 0xADDR, 64) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)$' on.view
	assert_output 1
	run grep -c '^read(10, "data\\n", 64) = 5$' on.view
	assert_output 1
	run grep -c '^write(11, "data\\n", 5) = 5$' on.view
	assert_output 1
	run grep -c '^rt_sigreturn(.*) = -1 EINTR' on.view
	assert_output 0

	compare_onoff -f -e trace=read,write,rt_sigreturn -- "$PROGS/shim-signals" norestart
	assert_equal "$(cat on.out)" "h
read returned -1 EINTR"
	[ "$ONOFF_RECORDS" -gt 0 ] || fail "no shim records"
	run grep -A 3 '^read(10, ' on.view
	assert_output - <<'EOF'
read(10, 0xADDR, 64) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
write(1, "h\n", 2) = 2
rt_sigreturn({mask=[CHLD]}) = -1 EINTR (Interrupted system call)
EOF
}

# --- 11. the command line --------------------------------------------------------------

@test "--shim=bogus: strace-style error, exit 1; -V lists the shim" {
	run tracer --shim=bogus -f -e trace=write true
	assert_failure 1
	assert_output - <<EOF
$TRACER_NAME: invalid --shim argument: 'bogus'
Try '$TRACER_NAME -h' for more information.
EOF
	run --separate-stderr tracer -V
	assert_success
	assert_line --regexp '^Optional features enabled: (.* )?shim[= ]'
}

@test "--shim=auto is the default; --shim=PATH names the library" {
	local lib
	# no --shim option: shim_run with MODE auto is the same as none
	rm -f def.*
	"${SHIM_ENV[@]}" "${NOFDS[@]}" "${TRACER_CMD[@]}" -o def.trace -f -e trace=read,write cat big.txt \
		</dev/null 2>def.err | cat >def.out
	assert_only_stats def
	[ "$(records def)" -gt 0 ] || fail "default: no shim records: $(cat def.err)"
	compare_onoff -f -e trace=read,write -- cat big.txt
	diff -u <(trace_view def.trace) on.view || fail "the default differs from --shim=on"
	lib=${HYTRACE_SHIM_PATH:-$(dirname "$TRACER")/../shim/libhytrace-shim.so}
	[ -f "$lib" ] || skip "no $lib"
	lib=$(readlink -f "$lib")
	shim_run path "$lib" -f -e trace=read,write -- cat big.txt
	assert_only_stats path
	[ "$(records path)" -gt 0 ] || fail "--shim=$lib: no shim records: $(cat path.err)"
	diff -u <(trace_view path.trace) on.view || fail "--shim=PATH differs from --shim=on"
}

@test "HYTRACE_SHIM_PATH names the library; HYTRACE_GATE moves the gate; a bad one: one line, no shim" {
	local lib
	lib=$(readlink -f "$(dirname "$TRACER")/../shim/libhytrace-shim.so")
	[ -f "$lib" ] || skip "no $lib"
	compare_onoff -f -e trace=read,write -- cat big.txt
	run --separate-stderr env HYTRACE_SHIM_PATH="$lib" HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -o env.trace \
		-f -e trace=read,write cat big.txt
	assert_success
	[[ $stderr == "$TRACER_NAME: shim: "[1-9]*" records from 1 processes" ]] || fail "HYTRACE_SHIM_PATH: $stderr"
	# the gate elsewhere: the program's maps show it there, and the trace is the same
	run --separate-stderr env HYTRACE_GATE=0x71230000 HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -o gate.trace \
		-f -e trace=read,write grep -c '^71230000-71231000 r-xp' /proc/self/maps
	assert_success
	assert_output 1
	[[ $stderr == "$TRACER_NAME: shim: "[1-9]*" records from 1 processes" ]] || fail "HYTRACE_GATE: $stderr"
	run --separate-stderr env HYTRACE_GATE=12345 HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -o bad.trace \
		-f -e trace=read,write cat fruit.txt
	assert_success
	assert_equal "$stderr" "$TRACER_NAME: HYTRACE_GATE=12345 is not a page address, the shim is off
$TRACER_NAME: shim: 0 records from 0 processes"
}

@test "options the shim cannot honour: -e write= dumps come from ptrace stops, -P leaves the shim out" {
	# -e write=1: the hex dump of every write; the writes stop (no records
	# for them), the reads still come through the shim
	compare_onoff -f -e trace=read,write -e write=1 -- cat fruit.txt
	grep -q '^ | 00000  70 65 61 72' off.trace || grep -q ' | 00000  70 65 61 72' off.trace || fail "no dump: $(cat off.trace)"
	[ "$(records on)" -gt 0 ] || fail "the reads did not come through the shim"
	run --separate-stderr env HYTRACE_SHIM_STATS=1 "${TRACER_CMD[@]}" -o p.trace -f -e trace=read,write \
		-e quiet=path-resolution -P fruit.txt cat fruit.txt
	assert_success
	assert_equal "$stderr" "$TRACER_NAME: shim: 0 records from 0 processes"
	grep -Eq '^[0-9]+ +read\([0-9]+, "pear' p.trace || fail "-P: $(cat p.trace)"
}
