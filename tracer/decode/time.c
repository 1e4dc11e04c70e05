/* Time syscalls: nanosleep, clock_nanosleep, clock_gettime/getres/settime,
 * gettimeofday/settimeofday, time, times, getitimer/setitimer, alarm,
 * timer_* and timerfd_*, as strace 6.1 prints them.  Structures with a
 * _time32 decoder use 32-bit time_t (i386); the others 64-bit. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode.h"

/* --- timespec / timeval ------------------------------------------------ */

static bool fetch_pair(struct tcb *tcp, uint64_t addr, bool small,
		       int64_t *a, uint64_t *b)
{
	if (small) {
		int32_t v[2];
		if (umove_or_printaddr(tcp, addr, sizeof(v), v))
			return false;
		*a = v[0];
		*b = (uint32_t)v[1];
	} else {
		int64_t v[2];
		if (umove_or_printaddr(tcp, addr, sizeof(v), v))
			return false;
		*a = v[0];
		*b = (uint64_t)v[1];
	}
	return true;
}

void print_timespec(struct tcb *tcp, uint64_t addr, bool time32)
{
	int64_t sec;
	uint64_t nsec;

	if (!fetch_pair(tcp, addr, time32, &sec, &nsec))
		return;
	emit_fmt("{tv_sec=%lld, tv_nsec=%llu}", (long long)sec, (unsigned long long)nsec);
}

/* struct timeval: the kernel's "long" pair (32-bit on i386) */
void print_timeval(struct tcb *tcp, uint64_t addr, bool time32)
{
	int64_t sec;
	uint64_t usec;

	if (!fetch_pair(tcp, addr, time32, &sec, &usec))
		return;
	emit_fmt("{tv_sec=%lld, tv_usec=%llu}", (long long)sec, (unsigned long long)usec);
}

static bool is_erestart(const struct tcb *tcp)
{
	switch (tcp->u_error) {
	case 512: /* ERESTARTSYS */
	case 513: /* ERESTARTNOINTR */
	case 514: /* ERESTARTNOHAND */
	case 516: /* ERESTART_RESTARTBLOCK */
		return true;
	}
	return false;
}

/* Prints a timespec that the kernel wrote although the syscall failed
 * (the remaining time of an interrupted sleep). */
static void print_timespec_despite_error(struct tcb *tcp, uint64_t addr, bool time32)
{
	int saved = tcp->u_error;

	tcp->u_error = 0;
	print_timespec(tcp, addr, time32);
	tcp->u_error = saved;
}

void print_clockid(int clockid)
{
	emit_xval(&xlat_clock_names, (uint32_t)clockid, "CLOCK_???");
}

/* --- sleeping ---------------------------------------------------------- */

static int do_nanosleep(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		print_timespec(tcp, arg_ulong(tcp, 0), time32);
		emit_arg_next();
		return 0;
	}
	if (is_erestart(tcp))
		print_timespec_despite_error(tcp, arg_ulong(tcp, 1), time32);
	else
		emit_ptr(arg_ulong(tcp, 1));
	return 0;
}

SYS_FUNC(nanosleep_time64)
{
	return do_nanosleep(tcp, false);
}

SYS_FUNC(nanosleep_time32)
{
	return do_nanosleep(tcp, true);
}

static int do_clock_nanosleep(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		print_clockid((int)tcp->u_arg[0]);
		emit_arg_next();
		emit_flags(&xlat_clock_flags, (uint32_t)tcp->u_arg[1], "TIMER_???");
		emit_arg_next();
		print_timespec(tcp, arg_ulong(tcp, 2), time32);
		emit_arg_next();
		return 0;
	}
	if (!arg_ulong(tcp, 1) && is_erestart(tcp))
		print_timespec_despite_error(tcp, arg_ulong(tcp, 3), time32);
	else
		emit_ptr(arg_ulong(tcp, 3));
	return 0;
}

SYS_FUNC(clock_nanosleep_time64)
{
	return do_clock_nanosleep(tcp, false);
}

SYS_FUNC(clock_nanosleep_time32)
{
	return do_clock_nanosleep(tcp, true);
}

/* --- clocks ------------------------------------------------------------ */

static int do_clock_gettime(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		print_clockid((int)tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	print_timespec(tcp, arg_ulong(tcp, 1), time32);
	return 0;
}

SYS_FUNC(clock_gettime64)
{
	return do_clock_gettime(tcp, false);
}

SYS_FUNC(clock_gettime32)
{
	return do_clock_gettime(tcp, true);
}

static int do_clock_settime(struct tcb *tcp, bool time32)
{
	print_clockid((int)tcp->u_arg[0]);
	emit_arg_next();
	print_timespec(tcp, arg_ulong(tcp, 1), time32);
	return RVAL_DECODED;
}

SYS_FUNC(clock_settime64)
{
	return do_clock_settime(tcp, false);
}

SYS_FUNC(clock_settime32)
{
	return do_clock_settime(tcp, true);
}

static void print_timezone(struct tcb *tcp, uint64_t addr)
{
	int32_t tz[2];

	if (umove_or_printaddr(tcp, addr, sizeof(tz), tz))
		return;
	emit_fmt("{tz_minuteswest=%d, tz_dsttime=%d}", tz[0], tz[1]);
}

SYS_FUNC(gettimeofday)
{
	if (exiting(tcp)) {
		print_timeval(tcp, arg_ulong(tcp, 0), is_i386(tcp));
		emit_arg_next();
		print_timezone(tcp, arg_ulong(tcp, 1));
	}
	return 0;
}

SYS_FUNC(settimeofday)
{
	print_timeval(tcp, arg_ulong(tcp, 0), is_i386(tcp));
	emit_arg_next();
	print_timezone(tcp, arg_ulong(tcp, 1));
	return RVAL_DECODED;
}

/* "2026-12-04T15:49:58+0000", strace's sprinttime */
static const char *sprint_time(int64_t sec)
{
	static char buf[64];
	time_t t = (time_t)sec;
	struct tm tm;

	if ((int64_t)t != sec || !localtime_r(&t, &tm) ||
	    !strftime(buf, sizeof(buf), "%FT%T%z", &tm))
		snprintf(buf, sizeof(buf), "%lld", (long long)sec);
	return buf;
}

SYS_FUNC(time)
{
	if (entering(tcp))
		return 0;
	uint64_t addr = arg_ulong(tcp, 0);
	if (is_i386(tcp)) {
		int32_t v;
		if (!umove_or_printaddr(tcp, addr, sizeof(v), &v))
			emit_fmt("[%d /* %s */]", v, sprint_time(v));
	} else {
		int64_t v;
		if (!umove_or_printaddr(tcp, addr, sizeof(v), &v))
			emit_fmt("[%lld /* %s */]", (long long)v, sprint_time(v));
	}
	if (syserror(tcp))
		return 0;
	int64_t rv = is_i386(tcp) ? (int32_t)tcp->u_rval : tcp->u_rval;
	tcp->auxstr = sprint_time(rv);
	return RVAL_STR;
}

SYS_FUNC(times)
{
	if (entering(tcp))
		return 0;
	uint64_t addr = arg_ulong(tcp, 0);
	uint64_t v[4];
	if (is_i386(tcp)) {
		uint32_t v32[4];
		if (umove_or_printaddr(tcp, addr, sizeof(v32), v32))
			goto out;
		for (int i = 0; i < 4; i++)
			v[i] = (uint64_t)(int64_t)(int32_t)v32[i];
	} else {
		if (umove_or_printaddr(tcp, addr, sizeof(v), v))
			goto out;
	}
	emit_fmt("{tms_utime=%llu, tms_stime=%llu, tms_cutime=%llu, tms_cstime=%llu}",
		 (unsigned long long)v[0], (unsigned long long)v[1],
		 (unsigned long long)v[2], (unsigned long long)v[3]);
out:
	return syserror(tcp) ? 0 : RVAL_UDECIMAL;
}

/* --- interval timers --------------------------------------------------- */

static void print_itimerval(struct tcb *tcp, uint64_t addr)
{
	if (is_i386(tcp)) {
		int32_t v[4];
		if (umove_or_printaddr(tcp, addr, sizeof(v), v))
			return;
		emit_fmt("{it_interval={tv_sec=%d, tv_usec=%u}, it_value={tv_sec=%d, tv_usec=%u}}",
			 v[0], (uint32_t)v[1], v[2], (uint32_t)v[3]);
	} else {
		int64_t v[4];
		if (umove_or_printaddr(tcp, addr, sizeof(v), v))
			return;
		emit_fmt("{it_interval={tv_sec=%lld, tv_usec=%llu}, it_value={tv_sec=%lld, tv_usec=%llu}}",
			 (long long)v[0], (unsigned long long)v[1],
			 (long long)v[2], (unsigned long long)v[3]);
	}
}

static void print_itimerspec(struct tcb *tcp, uint64_t addr, bool time32)
{
	if (time32) {
		int32_t v[4];
		if (umove_or_printaddr(tcp, addr, sizeof(v), v))
			return;
		emit_fmt("{it_interval={tv_sec=%d, tv_nsec=%u}, it_value={tv_sec=%d, tv_nsec=%u}}",
			 v[0], (uint32_t)v[1], v[2], (uint32_t)v[3]);
	} else {
		int64_t v[4];
		if (umove_or_printaddr(tcp, addr, sizeof(v), v))
			return;
		emit_fmt("{it_interval={tv_sec=%lld, tv_nsec=%llu}, it_value={tv_sec=%lld, tv_nsec=%llu}}",
			 (long long)v[0], (unsigned long long)v[1],
			 (long long)v[2], (unsigned long long)v[3]);
	}
}

SYS_FUNC(getitimer)
{
	if (entering(tcp)) {
		emit_xval(&xlat_itimer_which, (uint32_t)tcp->u_arg[0], "ITIMER_???");
		emit_arg_next();
	} else {
		print_itimerval(tcp, arg_ulong(tcp, 1));
	}
	return 0;
}

SYS_FUNC(setitimer)
{
	if (entering(tcp)) {
		emit_xval(&xlat_itimer_which, (uint32_t)tcp->u_arg[0], "ITIMER_???");
		emit_arg_next();
		print_itimerval(tcp, arg_ulong(tcp, 1));
		emit_arg_next();
	} else {
		print_itimerval(tcp, arg_ulong(tcp, 2));
	}
	return 0;
}

SYS_FUNC(alarm)
{
	emit_u((uint32_t)tcp->u_arg[0]);
	return RVAL_DECODED;
}

/* --- POSIX timers ------------------------------------------------------ */

static const struct xlat_entry sigev_notify_e[] = {
	{ 0, "SIGEV_SIGNAL" }, { 1, "SIGEV_NONE" }, { 2, "SIGEV_THREAD" },
	{ 4, "SIGEV_THREAD_ID" },
};
static const struct xlat sigev_notify_x = { sigev_notify_e, 4 };

static void print_sigevent(struct tcb *tcp, uint64_t addr)
{
	uint64_t ptr;
	int32_t signo, notify, tid;
	uint64_t func, attr;
	int32_t ival;

	if (is_i386(tcp)) {
		struct { uint32_t val; int32_t signo, notify; uint32_t un[13]; } ev;
		if (umove_or_printaddr(tcp, addr, sizeof(ev), &ev))
			return;
		ival = (int32_t)ev.val;
		ptr = ev.val;
		signo = ev.signo;
		notify = ev.notify;
		tid = (int32_t)ev.un[0];
		func = ev.un[0];
		attr = ev.un[1];
	} else {
		struct { uint64_t val; int32_t signo, notify; uint64_t un[6]; } ev;
		if (umove_or_printaddr(tcp, addr, sizeof(ev), &ev))
			return;
		ival = (int32_t)ev.val;
		ptr = ev.val;
		signo = ev.signo;
		notify = ev.notify;
		tid = (int32_t)ev.un[0];
		func = ev.un[0];
		attr = ev.un[1];
	}
	emit_struct_begin();
	if (ptr) {
		emit_field("sigev_value");
		emit_fmt("{sival_int=%d, sival_ptr=", ival);
		emit_ptr(ptr);
		emit_char('}');
	}
	emit_field("sigev_signo");
	if (notify == 0 || notify == 2 || notify == 4)
		print_signal(signo);
	else
		emit_u((uint32_t)signo);
	emit_field("sigev_notify");
	emit_xval(&sigev_notify_x, (uint32_t)notify, "SIGEV_???");
	if (notify == 4) {
		emit_field("sigev_notify_thread_id");
		emit_d(tid);
	} else if (notify == 2) {
		emit_field("sigev_notify_function");
		emit_ptr(func);
		emit_field("sigev_notify_attributes");
		emit_ptr(attr);
	}
	emit_struct_end();
}

SYS_FUNC(timer_create)
{
	if (entering(tcp)) {
		print_clockid((int)tcp->u_arg[0]);
		emit_arg_next();
		print_sigevent(tcp, arg_ulong(tcp, 1));
		emit_arg_next();
		return 0;
	}
	print_int_indirect(tcp, arg_ulong(tcp, 2));
	return 0;
}

static int do_timer_settime(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		emit_flags(&xlat_clock_flags, (uint32_t)tcp->u_arg[1], "TIMER_???");
		emit_arg_next();
		print_itimerspec(tcp, arg_ulong(tcp, 2), time32);
		emit_arg_next();
		return 0;
	}
	print_itimerspec(tcp, arg_ulong(tcp, 3), time32);
	return 0;
}

SYS_FUNC(timer_settime64)
{
	return do_timer_settime(tcp, false);
}

SYS_FUNC(timer_settime32)
{
	return do_timer_settime(tcp, true);
}

static int do_timer_gettime(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	print_itimerspec(tcp, arg_ulong(tcp, 1), time32);
	return 0;
}

SYS_FUNC(timer_gettime64)
{
	return do_timer_gettime(tcp, false);
}

SYS_FUNC(timer_gettime32)
{
	return do_timer_gettime(tcp, true);
}

/* timer_getoverrun, timer_delete: the timer id */
SYS_FUNC(timer_delete)
{
	emit_d((int)tcp->u_arg[0]);
	return RVAL_DECODED;
}

SYS_FUNC(timer_getoverrun)
{
	emit_d((int)tcp->u_arg[0]);
	return RVAL_DECODED;
}

static const struct xlat_entry tfd_flags_e[] = {
	{ 1, "TFD_TIMER_ABSTIME" }, { 2, "TFD_TIMER_CANCEL_ON_SET" },
	{ 02000000, "TFD_CLOEXEC" }, { 04000, "TFD_NONBLOCK" },
};
static const struct xlat tfd_flags_x = { tfd_flags_e, 4 };

SYS_FUNC(timerfd_create)
{
	print_clockid((int)tcp->u_arg[0]);
	emit_arg_next();
	emit_flags(&tfd_flags_x, (uint32_t)tcp->u_arg[1], "TFD_???");
	return RVAL_DECODED | RVAL_FD;
}

static int do_timerfd_settime(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		emit_fd(tcp, (int)tcp->u_arg[0]);
		emit_arg_next();
		emit_flags(&tfd_flags_x, (uint32_t)tcp->u_arg[1], "TFD_???");
		emit_arg_next();
		print_itimerspec(tcp, arg_ulong(tcp, 2), time32);
		emit_arg_next();
		return 0;
	}
	print_itimerspec(tcp, arg_ulong(tcp, 3), time32);
	return 0;
}

SYS_FUNC(timerfd_settime64)
{
	return do_timerfd_settime(tcp, false);
}

SYS_FUNC(timerfd_settime32)
{
	return do_timerfd_settime(tcp, true);
}

static int do_timerfd_gettime(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		emit_fd(tcp, (int)tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	print_itimerspec(tcp, arg_ulong(tcp, 1), time32);
	return 0;
}

SYS_FUNC(timerfd_gettime64)
{
	return do_timerfd_gettime(tcp, false);
}

SYS_FUNC(timerfd_gettime32)
{
	return do_timerfd_gettime(tcp, true);
}
