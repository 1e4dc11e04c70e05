/* The -e trace= / signal= / quiet= expressions.  Sets are bitmaps per
 * personality, built from the generated syscall tables and their classes. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "hytrace.h"
#include <stdio.h>

#define MAX_NR 1024
/* Numbers beyond the table (unknown syscalls) are traced by default. */
static uint8_t trace_set[PERS_COUNT][MAX_NR / 8];
static bool trace_unknown[PERS_COUNT] = { true, true };
static bool trace_given;
static uint8_t signal_set[128 / 8];
static bool signal_given;

/* Parsers return NULL or the message of strace's diagnostic. */
static char errbuf[512];

static const char *fail(const char *fmt, const char *a, const char *b)
{
	snprintf(errbuf, sizeof(errbuf), fmt, a, b);
	return errbuf;
}

static const struct {
	const char *name;
	uint32_t bit;
} classes[] = {
	{ "file", TRACE_FILE }, { "desc", TRACE_DESC }, { "process", TRACE_PROCESS },
	{ "network", TRACE_NETWORK }, { "net", TRACE_NETWORK }, { "signal", TRACE_SIGNAL },
	{ "ipc", TRACE_IPC }, { "memory", TRACE_MEMORY }, { "creds", TRACE_CREDS },
	{ "clock", TRACE_CLOCK }, { "stat", TRACE_STAT }, { "lstat", TRACE_LSTAT },
	{ "fstat", TRACE_FSTAT }, { "%stat", TRACE_STAT_LIKE }, { "statfs", TRACE_STATFS },
	{ "fstatfs", TRACE_FSTATFS }, { "%statfs", TRACE_STATFS_LIKE }, { "pure", TRACE_PURE },
};

static void set_bit(uint8_t *set, unsigned int nr, bool on)
{
	if (on)
		set[nr / 8] |= 1u << (nr % 8);
	else
		set[nr / 8] &= ~(1u << (nr % 8));
}

static unsigned int table_size(enum personality p)
{
	unsigned int n = p == PERS_I386 ? nsyscalls_i386 : nsyscalls_x86_64;
	return n > MAX_NR ? MAX_NR : n;
}

static bool sysent_named(const char *name)
{
	for (int p = 0; p < PERS_COUNT; p++)
		for (unsigned int nr = 0; nr < table_size(p); nr++) {
			const struct sysent *e = sysent_lookup(p, nr);
			if (e && !strcmp(e->name, name))
				return true;
		}
	return false;
}


/* glibc compiles "x+" as "xx*" and "x{m,n}" as n copies of x, and a
 * repetition of a repetition or of a group multiplies: "q+++++++++++++"
 * or "((a{99}){99}){99}" took gigabytes (found by tests/fuzz).  An estimate
 * of the compiled size: atoms count 1, a sequence adds, a repetition
 * multiplies what it repeats, a group counts as its contents.  Past a
 * generous bound the pattern is refused as glibc refuses one it cannot
 * allocate; a count over RE_DUP_MAX is left to regcomp ("too big"). */
#define REGEX_SIZE_MAX 65536.0

static bool regex_too_big(const char *p)
{
	double sum[32] = { 0 }, last[32] = { 0 };  /* per open group */
	int depth = 0;

	for (; *p; p++) {
		double factor = 0, item = 1;
		switch (*p) {
		case '\\':
			if (p[1])
				p++;
			break;
		case '[':   /* a bracket expression is one atom */
			p += p[1] == '^';
			p += p[1] == ']';
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
			break;
		case '(':
			if (depth == 31)
				return true;
			depth++;
			sum[depth] = last[depth] = 0;
			continue;
		case ')':
			if (depth == 0)
				break;
			item = sum[depth] > 1 ? sum[depth] : 1;
			depth--;
			break;
		case '+':
			factor = 2;
			break;
		case '*':
		case '?':
		case '|':
		case '^':
		case '$':
			continue;
		case '{': {
			char *end;
			unsigned long m = strtoul(p + 1, &end, 10), n = m;
			if (*end == ',')
				n = end[1] == '}' ? m + 1 : strtoul(end + 1, &end, 10);
			if (m > RE_DUP_MAX || n > RE_DUP_MAX)
				return false;
			factor = (double)(m > n ? m : n);
			if (factor < 1)
				factor = 1;
			break;
		}
		}
		if (factor) {
			sum[depth] += last[depth] * (factor - 1);
			last[depth] *= factor;
		} else {
			sum[depth] += item;
			last[depth] = item;
		}
		if (sum[depth] > REGEX_SIZE_MAX)
			return true;
	}
	return false;
}

/* Apply one element (name, number, %class, /regex, all) to the personalities
 * in pmask; returns how many syscalls it matched. */
static unsigned int apply_element(const char *s, unsigned int pmask, bool on, const char **err)
{
	unsigned int matched = 0;
	uint32_t class_bit = 0;
	regex_t re;
	bool is_regex = s[0] == '/';
	bool is_all = !strcmp(s, "all");
	char *end;
	long number = strtol(s, &end, 10);
	bool is_number = *s && !*end && number >= 0;

	if (s[0] == '%') {
		for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
			if (!strcmp(s + 1, classes[i].name))
				class_bit = classes[i].bit;
		if (!class_bit)
			return 0;
	} else if (!is_all && !sysent_named(s)) {
		/* strace still takes the old class names without the % */
		for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
			if (!strcmp(s, classes[i].name) && classes[i].name[0] != '%')
				class_bit = classes[i].bit;
	}
	if (is_regex) {
		int rc = regex_too_big(s + 1) ? REG_ESPACE : regcomp(&re, s + 1, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char msg[256];
			regerror(rc, &re, msg, sizeof(msg));
			*err = fail("regcomp: %s: %s", s + 1, msg);
			return 0;
		}
	}
	for (int p = 0; p < PERS_COUNT; p++) {
		if (!(pmask & (1u << p)))
			continue;
		if (is_all)
			trace_unknown[p] = on;
		if (is_number && number >= (long)table_size(p) && number < MAX_NR) {
			set_bit(trace_set[p], number, on);
			matched++;
			continue;
		}
		for (unsigned int nr = 0; nr < table_size(p); nr++) {
			const struct sysent *e = sysent_lookup(p, nr);
			bool hit;
			if (is_all)
				hit = true;
			else if (is_number)
				hit = (long)nr == number;
			else if (!e)
				hit = false;
			else if (class_bit)
				hit = e->flags & class_bit;
			else if (is_regex)
				hit = !regexec(&re, e->name, 0, NULL, 0);
			else
				hit = !strcmp(e->name, s);
			if (hit) {
				set_bit(trace_set[p], nr, on);
				matched++;
			}
		}
	}
	if (is_regex)
		regfree(&re);
	return matched;
}

/* As in strace 6.1, each -e trace= replaces the set before it. */
const char *filter_trace(const char *expr)
{
	const char *err = NULL;
	bool negate = expr[0] == '!';
	const char *list = negate ? expr + 1 : expr;

	memset(trace_set, 0, sizeof(trace_set));
	trace_unknown[0] = trace_unknown[1] = false;
	trace_given = true;
	/* "!x" is everything but x */
	if (negate)
		apply_element("all", 3, true, &err);
	if (!strcmp(list, "none"))
		return NULL;
	char *copy = xstrdup(list), *save = NULL;
	bool any = false;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool optional = tok[0] == '?';
		char *name = optional ? tok + 1 : tok;
		unsigned int pmask = 3;
		char *at = strrchr(name, '@');
		any = true;
		if (at) {
			if (!strcmp(at, "@64"))
				pmask = 1u << PERS_X86_64;
			else if (!strcmp(at, "@32"))
				pmask = 1u << PERS_I386;
			else if (!strcmp(at, "@x32"))
				pmask = 0;
			else {
				fail("incorrect personality designator '%s' in qualification '%s'", at + 1, tok);
				free(copy);
				return errbuf;
			}
			*at = 0;
		}
		unsigned int n = strcmp(name, "none") ? apply_element(name, pmask, !negate, &err) : 0;
		if (err) {
			free(copy);
			return err;
		}
		if (!n && !optional && pmask) {
			if (at)
				*at = '@';
			fail("invalid system call '%s'%s", tok, "");
			free(copy);
			return errbuf;
		}
	}
	free(copy);
	if (!any)
		return fail("invalid system call '%s'%s", expr, "");
	return NULL;
}

bool filter_traced(enum personality pers, uint64_t nr)
{
	if (!trace_given)
		return true;
	if (nr >= MAX_NR)
		return trace_unknown[pers];
	return trace_set[pers][nr / 8] & (1u << (nr % 8));
}

bool filter_trace_all(void)
{
	if (!trace_given)
		return true;
	for (int p = 0; p < PERS_COUNT; p++)
		for (unsigned int nr = 0; nr < table_size(p); nr++)
			if (!filter_traced(p, nr))
				return false;
	return true;
}

static int signal_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end)
		return n >= 0 && n <= 255 ? (int)n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (unsigned int sig = 1; sig < 128; sig++) {
		const char *name = signal_name(sig);
		if (name && !strcasecmp(name + 3, s))
			return sig;
	}
	return -1;
}

/* "" and "!" are not sets; "all" and "none" stand only alone. */
static const char *check_set_syntax(const char *expr, const char *what)
{
	const char *list = expr[0] == '!' ? expr + 1 : expr;
	char *copy = xstrdup(list), *save = NULL;
	bool any = false;
	const char *bad = NULL;

	for (char *tok = strtok_r(copy, ",", &save); tok && !bad; tok = strtok_r(NULL, ",", &save)) {
		any = true;
		if ((!strcasecmp(tok, "all") || !strcasecmp(tok, "none")) && strcmp(tok, list))
			bad = fail("invalid %s '%s'", what, tok);
	}
	free(copy);
	if (bad)
		return bad;
	if (!any)
		return fail("invalid %s '%s'", what, expr);
	return NULL;
}

const char *filter_signal(const char *expr)
{
	const char *bad = check_set_syntax(expr, "signal");
	if (bad)
		return bad;
	bool negate = expr[0] == '!';
	const char *list = negate ? expr + 1 : expr;

	signal_given = true;
	memset(signal_set, negate ? 0xff : 0, sizeof(signal_set));
	char *copy = xstrdup(list), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			memset(signal_set, negate ? 0 : 0xff, sizeof(signal_set));
			continue;
		}
		if (!strcmp(tok, "none")) {
			memset(signal_set, negate ? 0xff : 0, sizeof(signal_set));
			continue;
		}
		int sig = signal_number(tok);
		if (sig < 0) {
			fail("invalid signal '%s'%s", tok, "");
			free(copy);
			return errbuf;
		}
		if (sig < 128)
			set_bit(signal_set, sig, !negate);
	}
	free(copy);
	return NULL;
}

bool filter_signal_shown(unsigned int sig)
{
	if (!signal_given)
		return true;
	return sig < 128 && (signal_set[sig / 8] & (1u << (sig % 8)));
}

struct word {
	const char *name;
	unsigned int bit;
};

/* A set of words (-e quiet=, -e status=): "all", "none", "!" negation. */
static const char *parse_word_set(const char *expr, const char *what, const struct word *words,
				  size_t nwords, unsigned int every, unsigned int *out)
{
	const char *bad = check_set_syntax(expr, what);
	if (bad)
		return bad;
	bool negate = expr[0] == '!';
	unsigned int set = 0;

	char *copy = xstrdup(negate ? expr + 1 : expr), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcasecmp(tok, "all")) {
			set = every;
			continue;
		}
		if (!strcasecmp(tok, "none"))
			continue;
		size_t i;
		for (i = 0; i < nwords; i++)
			if (!strcasecmp(tok, words[i].name))
				break;
		if (i == nwords) {
			snprintf(errbuf, sizeof(errbuf), "invalid %s '%s'", what, tok);
			free(copy);
			return errbuf;
		}
		set |= words[i].bit;
	}
	free(copy);
	*out = negate ? every & ~set : set;
	return NULL;
}

const char *filter_quiet(const char *expr)
{
	static const struct word words[] = {
		{ "attach", QUIET_ATTACH }, { "exit", QUIET_EXIT }, { "exits", QUIET_EXIT },
		{ "path-resolution", QUIET_PATH_RESOLUTION }, { "personality", QUIET_PERSONALITY },
		{ "thread-execve", QUIET_THREAD_EXECVE }, { "superseded", QUIET_THREAD_EXECVE },
	};
	const unsigned int every = QUIET_ATTACH | QUIET_EXIT | QUIET_PATH_RESOLUTION |
				   QUIET_PERSONALITY | QUIET_THREAD_EXECVE;
	const char *err = parse_word_set(expr, "quiet", words, sizeof(words) / sizeof(words[0]), every, &opts.quiet);
	if (!err)
		opts.quiet_set = true;
	return err;
}

/* -e status=SET */
const char *filter_status(const char *expr)
{
	static const struct word words[] = {
		{ "successful", STATUS_SUCCESSFUL }, { "failed", STATUS_FAILED },
		{ "unfinished", STATUS_UNFINISHED }, { "unavailable", STATUS_UNAVAILABLE },
		{ "detached", STATUS_DETACHED },
	};
	return parse_word_set(expr, "status", words, sizeof(words) / sizeof(words[0]), STATUS_ALL,
			      &opts.status_set);
}

void filter_reset(void)
{
	memset(trace_set, 0, sizeof(trace_set));
	trace_unknown[0] = trace_unknown[1] = true;
	trace_given = false;
	memset(signal_set, 0, sizeof(signal_set));
	signal_given = false;
}
