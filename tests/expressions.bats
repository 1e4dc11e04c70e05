#!/usr/bin/env bats
# The -e parser: trace=, signal=, quiet= and their classes, regexes,
# negations, personalities and numbers, compared with strace 6.1 on real
# commands (which checks the class tables); invalid expressions give
# strace's messages and exit 1.

load common

setup() {
	check_tracer
	cd "$BATS_TEST_TMPDIR"
	printf 'pear\napple\nfig\nbanana\ncherry\n' >fruit.txt
	mkdir -p dir/sub
	touch dir/a dir/b dir/c
}

# The commands the selections are checked on
LS=(ls -l --time-style=+ dir)
CAT=(cat fruit.txt)

# calls_of FILE: what each line of a trace is, without the arguments:
# the syscall name, "--- SIGNAL" or "+++ exited with N"
calls_of() {
	sed -E '
		s/^([0-9]+ +|\[pid +[0-9]+\] )//
		s/^<\.\.\. ([a-z_0-9]+) resumed>.*/\1 resumed/
		s/^([a-z_0-9]+)\(.*/\1/
		s/^(\+\+\+|---) ([A-Z]+|exited with [0-9]+|killed by [A-Z]+).*/\1 \2/' "$1"
}

# same_calls OPTS... -- CMD...: strace and the tracer select the same
# calls (names, in order); says which differ first, independently of how
# the arguments are decoded
same_calls() {
	local opts=() which bin
	while [ "$1" != "--" ]; do
		opts+=("$1")
		shift
	done
	shift
	for which in strace tracer; do
		if [ "$which" = strace ]; then bin=$STRACE; else bin=$TRACER; fi
		rm -f "sel.$which"
		$CLEAN_ENV "${NOFDS[@]}" "$bin" -o "sel.$which" "${opts[@]}" "$@" \
			>/dev/null 2>&1 </dev/null || true
	done
	[ -s sel.strace ] || fail "strace wrote no trace (${opts[*]})"
	diff -u --label strace --label "$TRACER_NAME" <(calls_of sel.strace) <(calls_of sel.tracer) ||
		fail "other calls selected (${opts[*]} -- $*)"
}

# check_expr OPTS...: the same selection as strace, then the same trace,
# on ls -l DIR and on cat FILE
check_expr() {
	same_calls "$@" -- "${LS[@]}"
	same_calls "$@" -- "${CAT[@]}"
	run_both "$@" -- "${LS[@]}"
	run_both "$@" -- "${CAT[@]}"
}

# count_calls NAME FILE: the number of NAME( lines
count_calls() {
	grep -Ec "^([0-9]+ +)?$1\\(" "$2" || true
}

# --- classes --------------------------------------------------------------

@test "trace=%file" { check_expr -e trace=%file; }
@test "trace=%desc" { check_expr -e trace=%desc; }
@test "trace=%process" { check_expr -e trace=%process; }
@test "trace=%network" { check_expr -e trace=%network; }
@test "trace=%net" { check_expr -e trace=%net; }
@test "trace=%signal" { check_expr -e trace=%signal; }
@test "trace=%ipc" { check_expr -e trace=%ipc; }
@test "trace=%memory" { check_expr -e trace=%memory; }
@test "trace=%creds" { check_expr -e trace=%creds; }
@test "trace=%clock" { check_expr -e trace=%clock; }
@test "trace=%stat" { check_expr -e trace=%stat; }
@test "trace=%lstat" { check_expr -e trace=%lstat; }
@test "trace=%fstat" { check_expr -e trace=%fstat; }
@test "trace=%%stat" { check_expr -e trace=%%stat; }
@test "trace=%statfs" { check_expr -e trace=%statfs; }
@test "trace=%fstatfs" { check_expr -e trace=%fstatfs; }
@test "trace=%%statfs" { check_expr -e trace=%%statfs; }
@test "trace=%pure" { check_expr -e trace=%pure; }
@test "trace=!%file (everything but)" { check_expr -e 'trace=!%file'; }
@test "trace=!%memory,%desc" { check_expr -e 'trace=!%memory,%desc'; }
@test "trace=%file,%desc,%memory (a union)" { check_expr -e trace=%file,%desc,%memory; }
@test "file (the old class name without %)" { check_expr -e trace=file; }

@test "the classes select what they should (sanity of the oracle)" {
	same_calls -e trace=%memory -- "${CAT[@]}"
	[ "$(count_calls mmap sel.tracer)" -ge 5 ] || fail "no mmap"
	[ "$(count_calls openat sel.tracer)" = 0 ] || fail "openat in %memory"
	same_calls -e trace=%%stat -- "${LS[@]}"
	[ "$(count_calls newfstatat sel.tracer)" -ge 1 ] || fail "no newfstatat"
	[ "$(count_calls openat sel.tracer)" = 0 ] || fail "openat in %%stat"
	same_calls -e trace=%desc -- "${CAT[@]}"
	[ "$(count_calls read sel.tracer)" -ge 2 ] || fail "no read"
	[ "$(count_calls mprotect sel.tracer)" = 0 ] || fail "mprotect in %desc"
}

# --- names, regexes, ?, !, all, none ---------------------------------------

@test "trace=openat,close" { check_expr -e trace=openat,close; }
@test "trace=/^open (a regex)" { check_expr -e trace=/^open; }
@test "trace=/stat\$" { check_expr -e 'trace=/stat$'; }
@test "trace=/^(read|write)\$" { check_expr -e 'trace=/^(read|write)$'; }
@test "trace=/. (every name)" { check_expr -e trace=/.; }
@test "trace=/^open@64 (a regex and a personality)" { check_expr -e 'trace=/^open@64'; }
@test "trace=?nosuchcall: nothing, no error" { check_expr -e 'trace=?nosuchcall'; }
@test "trace=?nosuchcall,openat" { check_expr -e 'trace=?nosuchcall,openat'; }
@test "trace=?/^nosuch: nothing, no error" { check_expr -e 'trace=?/^nosuch'; }
@test "trace=!mmap" { check_expr -e 'trace=!mmap'; }
@test "trace=!openat,close" { check_expr -e 'trace=!openat,close'; }
@test "trace=all" { check_expr -e trace=all; }
@test "trace=!all (nothing)" { check_expr -e 'trace=!all'; }
@test "trace=none" { check_expr -e trace=none; }
@test "trace=!none (everything)" { check_expr -e 'trace=!none'; }
@test "trace=openat@64" { check_expr -e trace=openat@64; }
@test "trace=openat@32: not the 64-bit openat" { check_expr -e trace=openat@32; }
@test "trace=%file@64" { check_expr -e trace=%file@64; }
@test "trace=257 (openat by number)" { check_expr -e trace=257; }
@test "trace=0,3 (read, close by number)" { check_expr -e trace=0,3; }
@test "trace=!257" { check_expr -e 'trace=!257'; }
@test "trace=openat, (a trailing comma)" { check_expr -e 'trace=openat,'; }
@test "openat (no trace=), t=openat, --trace=openat" {
	check_expr -e openat
	check_expr -e t=openat
	check_expr --trace=openat
}
@test "trace=all,openat" { check_expr -e trace=all,openat; }

@test "@32 and @64 with an i386 call made by int 0x80" {
	run_both -e trace=getgid32@32,write@64 -- "$PROGS/int80"
	run_both -e trace=%creds@32 -- "$PROGS/int80"
	run_both -e trace=%creds@64 -- "$PROGS/int80"
	run grep -c '^getgid32()' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
	run_both -e 'trace=/^getgid@32' -- "$PROGS/int80"
}

# --- several -e trace= ------------------------------------------------------

@test "-e trace=openat,close vs -e trace=openat -e trace=close: the last one wins, as strace" {
	same_calls -e trace=openat,close -- "${CAT[@]}"
	[ "$(count_calls openat sel.tracer)" -ge 3 ] || fail "no openat"
	[ "$(count_calls close sel.tracer)" -ge 3 ] || fail "no close"
	# strace 6.1: each -e trace= replaces the set before it
	same_calls -e trace=openat -e trace=close -- "${CAT[@]}"
	[ "$(count_calls openat sel.tracer)" = 0 ] || fail "openat traced"
	[ "$(count_calls close sel.tracer)" -ge 3 ] || fail "no close"
	run_both -e trace=openat -e trace=close -- "${CAT[@]}"
}

@test "-e trace= several times, with !, none and all: as strace" {
	check_expr -e 'trace=!mmap' -e trace=munmap
	check_expr -e trace=none -e trace=close
	check_expr -e trace=close -e trace=none
	check_expr -e trace=close -e trace=all
	check_expr -e trace=%file -e 'trace=!openat'
	check_expr --trace=close -e trace=read
}

# --- invalid expressions -------------------------------------------------------

# renamed NAME: stdin with the messages' prefix "NAME: " and the "Try
# 'NAME -h'" hint's NAME replaced by TRACER
renamed() {
	NAME=$1 perl -pe 's/^\Q$ENV{NAME}\E: /TRACER: /; s/\x27\Q$ENV{NAME}\E -h\x27/\x27TRACER -h\x27/'
}

# bad_exprs EXPR...: for each, "-e EXPR" makes strace and the tracer fail
# with exit 1 and the same messages; fails listing every difference
bad_exprs() {
	local e want got bad=""
	for e in "$@"; do
		run "$STRACE" -e "$e" true
		[ "$status" = 1 ] || fail "strace -e '$e': exit $status (not a bad expression?)"
		want=$(renamed "$STRACE" <<<"$output")
		run tracer -e "$e" true
		got=$(renamed "$TRACER_NAME" <<<"$output")
		if [ "$status" != 1 ] || [ "$got" != "$want" ]; then
			bad+="-e '$e': strace (exit 1): $want"$'\n'"    $TRACER_NAME (exit $status): ${got:0:200}"$'\n'
		fi
	done
	[ -z "$bad" ] || fail "$bad"
}

@test "invalid system calls and classes: strace's message, exit 1" {
	run tracer -e trace=foo true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid system call 'foo'"
	bad_exprs trace=foo foo trace=%foo trace=%%foo trace=% trace=-1 trace=9999 \
		trace=none,openat 'trace=!' '!' trace= trace=,
}

@test "invalid regexes: regcomp's message; a regex matching nothing is an error without ?" {
	run tracer -e 'trace=/['
	assert_failure 1
	bad_exprs 'trace=/[' 'trace=?/[' 'trace=/^nosuchcall' 'trace=/('
}

@test "a regex glibc would expand to gigabytes is refused in one line, at once" {
	# "q+++..." doubles glibc's compiled tree at each '+' (the fuzzer's
	# out-of-memory find); a bounded pattern with repetitions still works
	run timeout 10 "$TRACER" -e 'trace=/^q++++0/^q+++++++++++++++++++++++' true
	assert_failure 1
	assert_output --regexp ": regcomp: \^q\+\+\+\+0/\^q\+{23}: Memory exhausted$"
	assert_equal "${#lines[@]}" 1
	run timeout 10 "$TRACER" -e 'trace=/((a{99}){99}){99}' true
	assert_failure 1
	assert_output --partial "Memory exhausted"
	run tracer -qq -e 'trace=/^(ex|ex)+it_group$' true
	assert_success
	assert_output "exit_group(0)                           = ?"
	# repetitions one after the other add up: compiled and judged by
	# regcomp, with strace's messages
	bad_exprs 'trace=/a{300}b{300}' 'trace=/x+y+z+w+a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+' 'trace=/a{40000}'
}

@test "invalid personalities: incorrect personality designator, with the Try line" {
	run tracer -e trace=open@99 true
	assert_failure 1
	assert_output - <<EOF
$TRACER_NAME: incorrect personality designator '99' in qualification 'open@99'
Try '$TRACER_NAME -h' for more information.
EOF
	bad_exprs trace=open@99 trace=open@ trace=open@64x trace=%file@16 'trace=/^open@3'
}

@test "invalid signals and quiet words: strace's messages, exit 1" {
	run tracer -e signal=FOO true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid signal 'FOO'"
	run tracer -e quiet=foo true
	assert_failure 1
	assert_output "$TRACER_NAME: invalid quiet 'foo'"
	bad_exprs signal=FOO signal=SIGFOO signal= 'signal=!' signal=SIGCHLD,FOO \
		quiet=foo quiet= 'quiet=!' quiet=exit,foo quiet=exited
}

@test "an unknown qualifier is taken as a system call name, as strace" {
	bad_exprs foo=bar 'trace=open;close'
}

# --- -e signal= -----------------------------------------------------------------

@test "-e signal=none: no signal line" {
	run_both -e trace=wait4 -e signal=none -- "$PROGS/fork-exit" 200
	run grep -c -e '^---' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
}

@test "-e signal=SIGCHLD, signal=17, signal=chld, signal=CHLD: the SIGCHLD line" {
	local s
	for s in SIGCHLD 17 chld CHLD sigchld; do
		run_both -e trace=wait4 -e signal=$s -- "$PROGS/fork-exit" 200
		run grep -c '^--- SIGCHLD {' "$BATS_TEST_TMPDIR/both.tracer.trace"
		assert_output 1
	done
}

@test "-e signal=!SIGCHLD, signal=SIGUSR1, signal=!all: no SIGCHLD line, as strace" {
	local s
	for s in '!SIGCHLD' SIGUSR1 '!all' '!17,SIGTERM'; do
		run_both -e trace=wait4 -e "signal=$s" -- "$PROGS/fork-exit" 200
		run grep -c '^---' "$BATS_TEST_TMPDIR/both.tracer.trace"
		assert_output 0
	done
}

@test "-e signal=SIGUSR1,SIGCHLD with a handled SIGCHLD, as strace" {
	run_both -e trace=none -e signal=SIGUSR1,SIGCHLD -- "$PROGS/sigchld"
	run grep -c '^--- SIGCHLD {' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 1
	run_both -e 'signal=!SIGCHLD' -e trace=rt_sigsuspend,wait4 -- "$PROGS/sigchld"
	run grep -c '^---' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
}

# --- -e quiet= ----------------------------------------------------------------

@test "-e quiet=exit: no +++ exited line" {
	run_both -e trace=close -e quiet=exit -- "${CAT[@]}"
	run grep -c '^+++' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
	run --separate-stderr "${TRACER_CMD[@]}" -e trace=exit_group -e quiet=exit true
	assert_success
	assert_equal "$stderr" 'exit_group(0)                           = ?'
}

@test "-e quiet=attach,exit -f without -o: neither attach nor exit lines" {
	run --separate-stderr "${TRACER_CMD[@]}" -f -e trace=exit_group -e quiet=attach,exit "$PROGS/fork-exit" 200
	assert_success
	run normalize <<<"$stderr"
	assert_output - <<'EOF'
[pid PID] exit_group(3) = ?
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=3, si_utime=N, si_stime=N} ---
exit_group(0)                           = ?
EOF
}

@test "-e quiet=none with -o: the attach messages are back, as strace" {
	run_both -f -e trace=exit_group -e quiet=none -- "$PROGS/fork-exit" 200
	run normalize "$BATS_TEST_TMPDIR/both.tracer.stderr"
	assert_output "TRACER: Process PID attached"
}

@test "-e quiet=attach, quiet=!exit, quiet=all, quiet=path-resolution, thread-execve: as strace" {
	local q
	for q in attach '!exit' all path-resolution thread-execve exit,attach personality; do
		run_both -f -e trace=wait4 -e "quiet=$q" -- "$PROGS/fork-exit" 200
	done
}

@test "-e quiet=personality: no mode lines for int 0x80, as strace" {
	run_both -e trace=getgid32,write -e quiet=personality -- "$PROGS/int80"
	run grep -c 'bit mode' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 0
	run_both -e trace=getgid32,write -e quiet=none -- "$PROGS/int80"
	run grep -c 'bit mode' "$BATS_TEST_TMPDIR/both.tracer.trace"
	assert_output 2
}
