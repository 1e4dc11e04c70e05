# Normalises strace-style output so two runs (strace and hytrace, or two
# runs of one tracer) can be compared line by line.  Used with sed -E:
#     sed -E -f tests/normalize.sed
# It replaces only what legitimately differs between runs: pids, ASLR
# addresses, timestamps, CPU times, random bytes and a few kernel counters.
# Everything else (argument decoding, return values, alignment of " = " on
# lines without a pid prefix, /* N vars */ counts) is left alone.

# --- pid prefixes -------------------------------------------------------
# "[pid  1234] " (stderr output with -f) and "1234  " (-o FILE with -f or
# several -p).  The width of the pid changes the padding before " = ", so
# on such lines the padding is squeezed to one space.
/^\[pid +[0-9]+\] /{
	s/^\[pid +[0-9]+\] /[pid PID] /
	s/\) +=( |$)/) =\1/
}
/^[0-9]+ +/{
	s/^[0-9]+ +/PID /
	s/\) +=( |$)/) =\1/
}

# --- timestamps (-t, -tt, -ttt, -r) and durations (-T) -------------------
s/^((\[pid PID\]|PID) )?[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)? /\1TIME /
s/^((\[pid PID\]|PID) )?[0-9]{9,}\.[0-9]+ /\1TIME /
s/^((\[pid PID\]|PID) )? *[0-9]+\.[0-9]{6} /\1TIME /
s/ <[0-9]+\.[0-9]+>$/ <DURATION>/

# --- addresses (ASLR) ------------------------------------------------------
# 64-bit: mmap area and stack 0x7..., PIE text/data and heap 0x55.../0x56...
# (12 hex digits: the same length in every run, so padding is kept)
s/0x[57][0-9a-f]{11}\b/0xADDR/g
# i386 personality: mmap area and stack 0xf7.../0xff..., PIE 0x56.../0x57...
s/0x(f[7-9a-f]|5[5-8])[0-9a-f]{6}\b/0xADDR/g
# brk results (and arguments) of non-PIE programs; text whose length
# changes from run to run also gets its padding squeezed
/(^|[] >])brk\(0x[0-9a-f]+\)/{
	s/(^|[] >])brk\(0x[0-9a-f]+\)/\1brk(0xADDR)/
	s/\) +=( |$)/) =\1/
}
s/(^|[] >])(brk\((NULL|0xADDR)\))( +)= 0x[0-9a-f]+/\1\2\4= 0xADDR/

# --- pids inside lines ------------------------------------------------------
s/(Process|PID=)( ?)[0-9]+/\1\2PID/g
s/si_pid=[0-9]+/si_pid=PID/g
# A pid inside the call changes the length of the text before " = ", so
# where one is replaced the padding is squeezed as well.
/\/proc\/[0-9]+\//{
	s/\/proc\/[0-9]+\//\/proc\/PID\//g
	s/\) +=( |$)/) =\1/
}
# first argument that is a pid
/(^|[] >])(wait4|kill|tkill|tgkill|getpgid|setpgid|getsid|sched_getaffinity|sched_setaffinity|sched_getparam|sched_getscheduler|prlimit64|pidfd_open|waitid\(P_PID,)\(? ?[1-9]/{
	s/(^|[] >])(wait4|kill|tkill|getpgid|setpgid|getsid|sched_getaffinity|sched_setaffinity|sched_getparam|sched_getscheduler|prlimit64|pidfd_open)\([1-9][0-9]*/\1\2(PID/
	s/(^|[] >])tgkill\([1-9][0-9]*, [1-9][0-9]*/\1tgkill(PID, PID/
	s/(^|[] >])waitid\(P_PID, [1-9][0-9]*/\1waitid(P_PID, PID/
	s/\) +=( |$)/) =\1/
}
# return values that are pids (rt_sigreturn returns the value of the call
# the signal interrupted: a pid after wait4)
s/(^|[] >])((fork|vfork|clone|clone3|wait4|waitid|getpid|gettid|getppid|set_tid_address|getpgid|getpgrp|getsid|setsid|rt_sigreturn)\(.*|<\.\.\. (fork|vfork|clone|clone3|wait4|waitid) resumed>.*)( +)= [1-9][0-9]*( <DURATION>)?$/\1\2\5= PID\6/
# clone3's parent_tid, and the tid a thread joiner waits for in futex
/parent_tid=\[[0-9]+\]|(^|[] >])futex\(0xADDR, FUTEX_WAIT[A-Z_|]*, [0-9]+,/{
	s/parent_tid=\[[0-9]+\]/parent_tid=[PID]/g
	s/(^|[] >])futex\(0xADDR, (FUTEX_WAIT[A-Z_|]*), [0-9]+,/\1futex(0xADDR, \2, VAL,/
	s/\) +=( |$)/) =\1/
}

# --- CPU times in SIGCHLD siginfo ----------------------------------------
s/si_(utime|stime)=[0-9]+/si_\1=N/g

# --- data that is random or changes with time ----------------------------
/(^|[] >])(getrandom|sysinfo|clock_gettime|clock_gettime64|gettimeofday|time)\(|(st_[amc]time|stx_[abcm]time)=/{
	s/(^|[] >])getrandom\("([^"\\]|\\.)*"(\.\.\.)?/\1getrandom("RANDOM"/
	s/(^|[] >])sysinfo\(\{[^}]*\}\)/\1sysinfo({...})/
	s/(^|[] >])(clock_gettime|clock_gettime64|gettimeofday)\(([A-Z_]+, )?\{tv_sec=[0-9]+, tv_(nsec|usec)=[0-9]+\}/\1\2(\3{TIME}/
	s/(^|[] >])time\((NULL|0xADDR)\)( +)= [0-9]+/\1time(\2)\3= TIME/
	s/(st_[amc]time|stx_[abcm]time)=[^,}]*(, \1_nsec=[0-9]+)?/\1=TIME/g
	s/\) +=( |$)/) =\1/
}
