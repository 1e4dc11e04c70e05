/* -t/-tt/-ttt (--absolute-timestamps), -r (--relative-timestamps) and
 * -T (--syscall-times), formatted as strace prints them. */
#include <string.h>
#include <time.h>

#include "emit.h"
#include "shim.h"
#include "timestamps.h"

/* The clock at the event being printed: now for a ptrace stop, the
 * record's time for a shim event (taken with CLOCK_MONOTONIC in the
 * tracee; the wall clock is derived from it). */
void event_clock(clockid_t clk, struct timespec *ts)
{
	if (!event_mono_ns) {
		clock_gettime(clk, ts);
		return;
	}
	int64_t ns = event_mono_ns;
	if (clk == CLOCK_REALTIME) {
		struct timespec r, m;
		clock_gettime(CLOCK_REALTIME, &r);
		clock_gettime(CLOCK_MONOTONIC, &m);
		ns += (r.tv_sec - m.tv_sec) * 1000000000ll + (r.tv_nsec - m.tv_nsec);
	}
	ts->tv_sec = ns / 1000000000;
	ts->tv_nsec = ns % 1000000000;
}

static long scale_for(int digits)
{
	long scale = 1000000000;
	for (int i = 0; i < digits; i++)
		scale /= 10;
	return scale;
}

static void emit_fraction(long nsec, int digits)
{
	if (digits)
		emit_fmt(".%0*ld", digits, nsec / scale_for(digits));
}

void print_timestamps(void)
{
	if (opts.tflag_format) {
		struct timespec ts;
		event_clock(CLOCK_REALTIME, &ts);
		if (opts.tflag_format == 2) {
			emit_fmt("%lld", (long long)ts.tv_sec);
		} else {
			struct tm tm;
			char buf[32];
			localtime_r(&ts.tv_sec, &tm);
			strftime(buf, sizeof(buf), "%T", &tm);
			emit_raw(buf);
		}
		emit_fraction(ts.tv_nsec, opts.tflag_digits);
		emit_char(' ');
	}
	if (opts.rflag) {
		static struct timespec last;
		struct timespec now, d;
		event_clock(CLOCK_MONOTONIC, &now);
		if (!last.tv_sec && !last.tv_nsec)
			last = now;
		d.tv_sec = now.tv_sec - last.tv_sec;
		d.tv_nsec = now.tv_nsec - last.tv_nsec;
		if (d.tv_nsec < 0) {
			d.tv_sec--;
			d.tv_nsec += 1000000000;
		}
		last = now;
		emit_fmt("%s%6ld", opts.tflag_format ? "(+" : "", (long)d.tv_sec);
		emit_fraction(d.tv_nsec, opts.rflag_digits);
		emit_raw(opts.tflag_format ? ") " : " ");
	}
}

void print_syscall_time(const struct timespec *start, const struct timespec *end)
{
	struct timespec d = { end->tv_sec - start->tv_sec, end->tv_nsec - start->tv_nsec };

	if (d.tv_nsec < 0) {
		d.tv_sec--;
		d.tv_nsec += 1000000000;
	}
	emit_fmt(" <%ld", (long)d.tv_sec);
	emit_fraction(d.tv_nsec, opts.Tflag_digits);
	emit_char('>');
}

static int parse_precision(const char *s)
{
	static const struct {
		const char *name;
		int digits;
	} table[] = {
		{ "s", 0 }, { "ms", 3 }, { "us", 6 }, { "ns", 9 },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(s, table[i].name))
			return table[i].digits;
	return -1;
}

/* "format:time,precision:us" and the short forms "unix,ns" */
bool parse_absolute_timestamps(const char *arg)
{
	int format = 1, digits = 0;
	char buf[128];

	if (arg) {
		snprintf(buf, sizeof(buf), "%s", arg);
		char *save = NULL;
		for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *val = tok;
			if (!strncmp(tok, "format:", 7))
				val = tok + 7;
			else if (!strncmp(tok, "precision:", 10))
				val = tok + 10;
			if (!strcmp(val, "none"))
				format = 0;
			else if (!strcmp(val, "time"))
				format = 1;
			else if (!strcmp(val, "unix"))
				format = 2;
			else if (val != tok + 7 && parse_precision(val) >= 0)
				digits = parse_precision(val);
			else
				return false;
		}
	}
	opts.tflag_format = format;
	opts.tflag_digits = digits;
	return true;
}

bool parse_precision_arg(const char *arg, int *digits)
{
	if (!arg)
		return true;
	const char *val = !strncmp(arg, "precision:", 10) ? arg + 10 : arg;
	int d = parse_precision(val);
	if (d < 0)
		return false;
	*digits = d;
	return true;
}
