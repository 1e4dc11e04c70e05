/* The text backend of the emitter: strace-compatible formatting of numbers,
 * strings, flag sets and structures, written to the current sink. */
#include <fcntl.h>
#include <stdlib.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "emit.h"
#include "output.h"
#include "dumpio.h"
#include "pathtrace.h"

/* Structures and arrays nest; each level remembers whether it has printed
 * an element yet, so that ", " goes only between elements. */
#define MAX_NESTING 16
static bool level_has_item[MAX_NESTING];
static unsigned int level;

void emit_mem_slow(const char *s, size_t len)
{
	sink_write(cur_sink, s, len);
}


void emit_fmt(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	emit_mem(buf, n);
}

/* Numbers are most of a line: converted here, not through printf, and
 * straight into the sink when it has room. */
static void emit_udigits(uint64_t v, bool negative)
{
	char buf[24];
	size_t len = 1 + negative;

	if (v < 10 && !negative) {  /* most fds, sizes and results */
		emit_char((char)('0' + v));
		return;
	}
	for (uint64_t rest = v; rest >= 10; rest /= 10)
		len++;
	char *out = emit_reserve(len);
	char *p = (out ? out : buf) + len;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		*--p = '-';
	if (out)
		emit_commit(len);
	else
		emit_mem(buf, len);
}

void emit_d(int64_t v)
{
	emit_udigits(v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0);
}

void emit_u(uint64_t v)
{
	emit_udigits(v, false);
}

void emit_x(uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char buf[24];
	char *p = buf + sizeof(buf);

	if (!v) {
		emit_char('0');
		return;
	}
	while (v) {
		*--p = hex[v & 15];
		v >>= 4;
	}
	*--p = 'x';
	*--p = '0';
	emit_mem(p, (size_t)(buf + sizeof(buf) - p));
}
void emit_o(uint64_t v) { emit_fmt("%#llo", (unsigned long long)v); }

void emit_ptr(uint64_t addr)
{
	if (addr)
		emit_x(addr);
	else
		emit_raw("NULL");
}

void emit_int(struct tcb *tcp, uint64_t arg)
{
	(void)tcp;
	emit_d((int)arg);
}

void emit_fd(struct tcb *tcp, int fd)
{
	if (entering(tcp)) {
		if (pathtrace_active())
			pathtrace_check_fd(tcp, fd);
		if (trace_fds_active() && trace_fds_match(fd))
			pathtrace_note_match();
	}
	emit_d(fd);
}

void emit_dirfd(struct tcb *tcp, int fd)
{
	if (fd == AT_FDCWD)
		emit_raw("AT_FDCWD");
	else
		emit_fd(tcp, fd);
}

unsigned int emit_strlen_limit(void)
{
	return opts.max_strlen;
}

static bool is_octal_digit(unsigned char c)
{
	return c >= '0' && c <= '7';
}

/* Does -x ask to print this string in hex?  Only when it holds a byte that
 * is neither printable ASCII nor one of the C whitespace escapes. */
static bool wants_hex(const unsigned char *s, size_t len)
{
	if (opts.xflag > 1)
		return true;
	if (!opts.xflag)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c > 0x7e || (c < ' ' && (unsigned)(c - '\t') >= 5))
			return true;
	}
	return false;
}

/* Bytes from..to-1 of the len bytes at s, escaped as strace does, into out
 * (4 bytes per input byte at most); returns the length written. */
static size_t escape_bytes(char *out, const unsigned char *s, size_t from, size_t to, size_t len, bool hex)
{
	size_t o = 0;

	for (size_t i = from; i < to; i++) {
		unsigned char c = s[i];
		if (hex) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = "0123456789abcdef"[c >> 4];
			out[o++] = "0123456789abcdef"[c & 15];
			continue;
		}
		switch (c) {
		case '"': out[o++] = '\\'; out[o++] = '"'; continue;
		case '\\': out[o++] = '\\'; out[o++] = '\\'; continue;
		case '\f': out[o++] = '\\'; out[o++] = 'f'; continue;
		case '\n': out[o++] = '\\'; out[o++] = 'n'; continue;
		case '\r': out[o++] = '\\'; out[o++] = 'r'; continue;
		case '\t': out[o++] = '\\'; out[o++] = 't'; continue;
		case '\v': out[o++] = '\\'; out[o++] = 'v'; continue;
		}
		if (c >= ' ' && c <= 0x7e) {
			out[o++] = c;
		} else if (i + 1 < len && is_octal_digit(s[i + 1])) {
			/* A following digit would be read as part of a short
			 * escape, so this one takes all three digits. */
			out[o++] = '\\';
			out[o++] = (char)('0' + (c >> 6));
			out[o++] = (char)('0' + ((c >> 3) & 7));
			out[o++] = (char)('0' + (c & 7));
		} else {
			/* the shortest octal form */
			out[o++] = '\\';
			if (c >> 6)
				out[o++] = (char)('0' + (c >> 6));
			if (c >> 3)
				out[o++] = (char)('0' + ((c >> 3) & 7));
			out[o++] = (char)('0' + (c & 7));
		}
	}
	return o;
}

/* Longer strings go out in pieces of this many bytes through a local buffer */
#define QUOTE_PIECE 256

void emit_quoted(const char *str, size_t len, bool truncated, bool nul_terminated)
{
	const unsigned char *s = (const unsigned char *)str;

	if (nul_terminated)
		len = strnlen(str, len);
	bool hex = wants_hex(s, len);

	/* The common short string: quotes, escapes and "..." written into
	 * the sink at once (4 bytes per byte at most, 2 quotes, "..."). */
	char *out = len <= QUOTE_PIECE ? emit_reserve(4 * len + 5) : NULL;
	if (out) {
		size_t o = 0;
		out[o++] = '"';
		o += escape_bytes(out + o, s, 0, len, len, hex);
		out[o++] = '"';
		if (truncated) {
			memcpy(out + o, "...", 3);
			o += 3;
		}
		emit_commit(o);
		return;
	}

	char piece[4 * QUOTE_PIECE];
	emit_char('"');
	for (size_t i = 0; i < len; i += QUOTE_PIECE) {
		size_t to = len - i < QUOTE_PIECE ? len : i + QUOTE_PIECE;
		emit_mem(piece, escape_bytes(piece, s, i, to, len, hex));
	}
	emit_char('"');
	if (truncated)
		emit_raw("...");
}

/* Bounded scratch space for strings read from the tracee. */
static char *scratch(size_t len)
{
	static char *buf;
	static size_t cap;

	if (len > cap) {
		free(buf);
		cap = len < 4096 ? 4096 : len;
		buf = xcalloc(1, cap);
	}
	return buf;
}

static void emit_nul_terminated(struct tcb *tcp, uint64_t addr, size_t limit, bool is_path)
{
	if (!addr) {
		emit_raw("NULL");
		return;
	}
	char *buf = scratch(limit + 1);
	int rc = umovestr(tcp, addr, limit + 1, buf);
	if (rc < 0) {
		emit_x(addr);
		return;
	}
	if (rc > 0) {
		if (is_path && pathtrace_active() && entering(tcp))
			pathtrace_check_path(buf);
		emit_quoted(buf, strlen(buf), false, true);
		return;
	}
	emit_quoted(buf, limit, true, false);
}

void emit_path(struct tcb *tcp, uint64_t addr)
{
	emit_nul_terminated(tcp, addr, PATH_MAX - 1 < opts.max_strlen ? opts.max_strlen : PATH_MAX - 1, true);
}

void emit_cstr(struct tcb *tcp, uint64_t addr)
{
	emit_nul_terminated(tcp, addr, opts.max_strlen, false);
}

void emit_buf(struct tcb *tcp, uint64_t addr, uint64_t len)
{
	if (!addr) {
		emit_raw("NULL");
		return;
	}
	bool truncated = len > opts.max_strlen;
	size_t n = truncated ? opts.max_strlen : len;
	char *buf = scratch(n + 1);
	if (n && umoven(tcp, addr, n, buf) < 0) {
		emit_x(addr);
		return;
	}
	emit_quoted(buf, n, truncated, false);
}

void emit_xval(const struct xlat *x, uint64_t val, const char *dflt)
{
	const char *s = xlat_lookup(x, val);

	if (s) {
		emit_raw(s);
		return;
	}
	emit_x(val);
	if (dflt)
		emit_fmt(" /* %s */", dflt);
}

/* strace's flag printing: table entries in order, each taking bits that are
 * all still unclaimed; leftovers in hex.  A value that is nothing prints
 * the zero entry, or "0" when the caller gave a default name, else nothing. */
void emit_flags(const struct xlat *x, uint64_t flags, const char *dflt)
{
	unsigned int n = 0;

	for (size_t i = 0; i < x->size; i++) {
		uint64_t v = x->data[i].val;
		if (flags == v || (v && (flags & v) == v)) {
			if (n++)
				emit_char('|');
			emit_raw(x->data[i].str);
			flags &= ~v;
		}
		if (n && !flags)
			break;
	}
	if (n) {
		if (flags) {
			emit_char('|');
			emit_x(flags);
		}
	} else if (flags) {
		emit_x(flags);
		if (dflt)
			emit_fmt(" /* %s */", dflt);
	} else if (dflt) {
		emit_char('0');
	}
}

void emit_signame(unsigned int sig)
{
	const char *s = signal_name(sig);

	if (s)
		emit_raw(s);
	else
		emit_u(sig);
}

void emit_struct_begin(void)
{
	emit_char('{');
	if (level < MAX_NESTING - 1)
		level++;
	level_has_item[level] = false;
}

void emit_field(const char *name)
{
	if (level_has_item[level])
		emit_arg_next();
	level_has_item[level] = true;
	emit_raw(name);
	emit_char('=');
}

void emit_struct_end(void)
{
	emit_char('}');
	if (level)
		level--;
}

void emit_array_begin(void)
{
	emit_char('[');
	if (level < MAX_NESTING - 1)
		level++;
	level_has_item[level] = false;
}

void emit_array_next(void)
{
	if (level_has_item[level])
		emit_arg_next();
	level_has_item[level] = true;
}

void emit_array_end(void)
{
	emit_char(']');
	if (level)
		level--;
}

void emit_more(void)
{
	if (level_has_item[level])
		emit_arg_next();
	level_has_item[level] = true;
	emit_raw("...");
}

void emit_reset_nesting(void)
{
	level = 0;
	level_has_item[0] = false;
}
