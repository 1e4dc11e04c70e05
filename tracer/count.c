/* -c/-C: per-syscall counts, errors and time, printed as strace 6.1's
 * summary table (one table per personality that made calls). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "hytrace.h"

struct counts {
	uint64_t calls, errors;
	uint64_t time_ns;              /* system CPU time, or wall time with -w */
	uint64_t min_ns, max_ns;
};

#define MAX_COUNTED 1024
static struct counts *table[PERS_COUNT];
static uint64_t overhead_ns;

enum column {
	COL_NONE, COL_PERCENT, COL_SECONDS, COL_MIN, COL_MAX, COL_AVG, COL_CALLS, COL_ERRORS,
	COL_NAME, COL_COUNT,
};
static enum column columns[COL_COUNT] = {
	COL_PERCENT, COL_SECONDS, COL_AVG, COL_CALLS, COL_ERRORS, COL_NAME,
};
static enum column sort_by = COL_SECONDS;

static const struct {
	const char *name;
	enum column col;
} aliases[] = {
	{ "time", COL_PERCENT }, { "time_percent", COL_PERCENT }, { "time-percent", COL_PERCENT },
	{ "time_total", COL_SECONDS }, { "time-total", COL_SECONDS },
	{ "total_time", COL_SECONDS }, { "total-time", COL_SECONDS },
	{ "min_time", COL_MIN }, { "min-time", COL_MIN }, { "shortest", COL_MIN },
	{ "time_min", COL_MIN }, { "time-min", COL_MIN },
	{ "longest", COL_MAX }, { "max_time", COL_MAX }, { "max-time", COL_MAX },
	{ "time_max", COL_MAX }, { "time-max", COL_MAX },
	{ "avg_time", COL_AVG }, { "avg-time", COL_AVG }, { "time_avg", COL_AVG },
	{ "time-avg", COL_AVG },
	{ "calls", COL_CALLS }, { "count", COL_CALLS },
	{ "error", COL_ERRORS }, { "errors", COL_ERRORS },
	{ "name", COL_NAME }, { "syscall", COL_NAME }, { "syscall_name", COL_NAME },
	{ "syscall-name", COL_NAME },
	{ "none", COL_NONE }, { "nothing", COL_NONE },
};

static int find_alias(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].name) == len && !strncmp(aliases[i].name, s, len))
			return (int)i;
	return -1;
}

void count_set_sortby(const char *s)
{
	int i = find_alias(s, strlen(s));
	if (i < 0)
		error_msg_and_help("invalid sortby: '%s'", s);
	sort_by = aliases[i].col == COL_PERCENT ? COL_SECONDS : aliases[i].col;
}

void count_set_columns(const char *s)
{
	bool seen[COL_COUNT] = { false };
	size_t n = 0;

	memset(columns, 0, sizeof(columns));
	for (const char *p = s;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int i = find_alias(p, len);
		if (i < 0 || aliases[i].col == COL_NONE)
			error_msg_and_help("unknown column name: '%.*s'", (int)len, p);
		if (seen[aliases[i].col])
			error_msg_and_help("call summary column has been provided more than once: '%s' (-U option residual: '%s')",
					   aliases[i].name, p);
		seen[aliases[i].col] = true;
		columns[n++] = aliases[i].col;
		if (!comma)
			break;
		p = comma + 1;
	}
	/* Without names the table means nothing. */
	if (!seen[COL_NAME])
		columns[n++] = COL_NAME;
}

bool count_set_overhead(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		return false;
	if (!strcmp(end, "ns"))
		v /= 1e9;
	else if (!strcmp(end, "us"))
		v /= 1e6;
	else if (!strcmp(end, "ms"))
		v /= 1e3;
	else if (*end && strcmp(end, "s"))
		return false;
	overhead_ns = (uint64_t)(v * 1e9 + 0.5);
	return true;
}

void count_syscall(enum personality pers, uint64_t nr, bool failed, int64_t ns)
{
	if (nr >= MAX_COUNTED)
		return;
	if (!table[pers]) {
		table[pers] = xcalloc(MAX_COUNTED, sizeof(struct counts));
		for (size_t i = 0; i < MAX_COUNTED; i++)
			table[pers][i].min_ns = UINT64_MAX;
	}
	struct counts *c = &table[pers][nr];
	ns -= (int64_t)overhead_ns;
	if (ns < 0)
		ns = 0;
	c->calls++;
	c->errors += failed;
	c->time_ns += ns;
	if ((uint64_t)ns < c->min_ns)
		c->min_ns = ns;
	if ((uint64_t)ns > c->max_ns)
		c->max_ns = ns;
}

static const struct counts *sort_table;
static enum personality sort_pers;

static int compare(const void *pa, const void *pb)
{
	unsigned int a = *(const unsigned int *)pa, b = *(const unsigned int *)pb;
	const struct counts *x = &sort_table[a], *y = &sort_table[b];
	uint64_t vx = 0, vy = 0;

	switch (sort_by) {
	case COL_SECONDS: vx = x->time_ns; vy = y->time_ns; break;
	case COL_MIN: vx = x->min_ns; vy = y->min_ns; break;
	case COL_MAX: vx = x->max_ns; vy = y->max_ns; break;
	case COL_AVG: vx = x->time_ns / x->calls; vy = y->time_ns / y->calls; break;
	case COL_CALLS: vx = x->calls; vy = y->calls; break;
	case COL_ERRORS: vx = x->errors; vy = y->errors; break;
	case COL_NAME: {
		const struct sysent *ex = sysent_lookup(sort_pers, a), *ey = sysent_lookup(sort_pers, b);
		int c = strcmp(ex ? ex->name : "", ey ? ey->name : "");
		if (c)
			return c;
		break;
	}
	default: break;
	}
	if (vx != vy)
		return vx < vy ? 1 : -1;
	/* Equal keys keep syscall number order, as strace's sort does. */
	return a < b ? -1 : a > b;
}

static double secs(uint64_t ns)
{
	return ns / 1e9;
}

static unsigned int width_of(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	return n > 0 ? (unsigned int)n : 0;
}

static unsigned int max_u(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

static void summary_for(FILE *out, enum personality pers)
{
	const struct counts *t = table[pers];
	unsigned int idx[MAX_COUNTED], n = 0;
	uint64_t total_ns = 0, calls = 0, errors = 0, min_all = UINT64_MAX, max_all = 0, avg_max = 0;
	uint64_t min_max = 0;
	size_t name_max = 0;

	for (unsigned int i = 0; i < MAX_COUNTED; i++) {
		if (!t[i].calls)
			continue;
		idx[n++] = i;
		total_ns += t[i].time_ns;
		calls += t[i].calls;
		errors += t[i].errors;
		if (t[i].min_ns < min_all)
			min_all = t[i].min_ns;
		if (t[i].min_ns > min_max)
			min_max = t[i].min_ns;
		if (t[i].max_ns > max_all)
			max_all = t[i].max_ns;
		if (t[i].time_ns / t[i].calls > avg_max)
			avg_max = t[i].time_ns / t[i].calls;
		const struct sysent *e = sysent_lookup(pers, i);
		size_t len = e ? strlen(e->name) : 0;
		if (len > name_max)
			name_max = len;
	}
	sort_table = t;
	sort_pers = pers;
	if (sort_by != COL_NONE)
		qsort(idx, n, sizeof(idx[0]), compare);

	static const char *const heads[COL_COUNT] = {
		[COL_PERCENT] = "% time", [COL_SECONDS] = "seconds", [COL_MIN] = "shortest",
		[COL_MAX] = "longest", [COL_AVG] = "usecs/call", [COL_CALLS] = "calls",
		[COL_ERRORS] = "errors", [COL_NAME] = "syscall",
	};
	unsigned int w[COL_COUNT] = {
		[COL_PERCENT] = 6,
		[COL_SECONDS] = max_u(11, width_of("%.6f", secs(total_ns))),
		[COL_MIN] = max_u(8, width_of("%llu.000000", (unsigned long long)(min_max / 1000000000))),
		[COL_MAX] = max_u(7, width_of("%llu.000000", (unsigned long long)(max_all / 1000000000))),
		[COL_AVG] = max_u(11, width_of("%llu", (unsigned long long)(avg_max / 1000))),
		[COL_CALLS] = max_u(9, width_of("%llu", (unsigned long long)calls)),
		[COL_ERRORS] = max_u(9, width_of("%llu", (unsigned long long)errors)),
		[COL_NAME] = max_u(16, name_max + 1),
	};
	size_t last = 0;
	while (last + 1 < COL_COUNT && columns[last + 1])
		last++;

	for (size_t i = 0; i <= last; i++) {
		enum column c = columns[i];
		if (i)
			fputc(' ', out);
		if (c == COL_NAME)
			fprintf(out, "%-*s", i == last ? 0 : (int)w[c], heads[c]);
		else
			fprintf(out, "%*s", (int)w[c], heads[c]);
	}
	fputc('\n', out);
	for (size_t r = 0; r <= n; r++) {
		bool total = r == n;
		if (r == 0 || total) {
			for (size_t i = 0; i <= last; i++) {
				if (i)
					fputc(' ', out);
				for (unsigned int k = 0; k < w[columns[i]]; k++)
					fputc('-', out);
			}
			fputc('\n', out);
		}
		const struct counts *c = total ? NULL : &t[idx[r]];
		uint64_t ns = total ? total_ns : c->time_ns;
		uint64_t ncalls = total ? calls : c->calls;
		uint64_t nerr = total ? errors : c->errors;
		double percent = total ? 100.0 : (ns && total_ns ? 100.0 * ns / total_ns : 0.0);
		const struct sysent *e = total ? NULL : sysent_lookup(pers, idx[r]);
		for (size_t i = 0; i <= last; i++) {
			enum column col = columns[i];
			if (i)
				fputc(' ', out);
			switch (col) {
			case COL_PERCENT: fprintf(out, "%*.2f", (int)w[col], percent); break;
			case COL_SECONDS: fprintf(out, "%*.6f", (int)w[col], secs(ns)); break;
			case COL_MIN: fprintf(out, "%*.6f", (int)w[col], secs(total ? min_all : c->min_ns)); break;
			case COL_MAX: fprintf(out, "%*.6f", (int)w[col], secs(total ? max_all : c->max_ns)); break;
			case COL_AVG:
				fprintf(out, "%*llu", (int)w[col], (unsigned long long)(ncalls ? ns / ncalls / 1000 : 0));
				break;
			case COL_CALLS: fprintf(out, "%*llu", (int)w[col], (unsigned long long)ncalls); break;
			case COL_ERRORS:
				/* strace leaves a zero error count blank */
				if (nerr)
					fprintf(out, "%*llu", (int)w[col], (unsigned long long)nerr);
				else
					fprintf(out, "%*s", (int)w[col], "");
				break;
			case COL_NAME: {
				const char *name = total ? "total" : e ? e->name : "?";
				if (i == last)
					fputs(name, out);
				else
					fprintf(out, "%-*s", (int)w[col], name);
				break;
			}
			default: break;
			}
		}
		fputc('\n', out);
	}
}

void count_summary(FILE *out)
{
	for (int p = 0; p < PERS_COUNT; p++) {
		if (!table[p])
			continue;
		if (p)
			fprintf(out, "System call usage summary for %s mode:\n", personality_name(p));
		summary_for(out, p);
	}
}
