/* Helpers shared by the decoders: memory fetches, constant strings, modes,
 * devices, times, iovecs and arrays, all printed through emit.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode.h"

/* --- memory ------------------------------------------------------------ */

bool umove_or_printaddr_ignore_syserror(struct tcb *tcp, uint64_t addr,
					size_t len, void *buf)
{
	if (!addr) {
		emit_raw("NULL");
		return true;
	}
	if (umoven(tcp, addr, len, buf) < 0) {
		emit_x(addr);
		return true;
	}
	return false;
}

bool umove_or_printaddr(struct tcb *tcp, uint64_t addr, size_t len, void *buf)
{
	if (addr && exiting(tcp) && syserror(tcp)) {
		emit_x(addr);
		return true;
	}
	return umove_or_printaddr_ignore_syserror(tcp, addr, len, buf);
}

int umove_ulong(struct tcb *tcp, uint64_t addr, uint64_t *val)
{
	if (is_i386(tcp)) {
		uint32_t v;
		if (umoven(tcp, addr, sizeof(v), &v) < 0)
			return -1;
		*val = v;
		return 0;
	}
	return umoven(tcp, addr, sizeof(*val), val);
}

void print_int_indirect(struct tcb *tcp, uint64_t addr)
{
	int32_t v;
	if (umove_or_printaddr(tcp, addr, sizeof(v), &v))
		return;
	emit_fmt("[%d]", v);
}

void print_uint_indirect(struct tcb *tcp, uint64_t addr)
{
	uint32_t v;
	if (umove_or_printaddr(tcp, addr, sizeof(v), &v))
		return;
	emit_fmt("[%u]", v);
}

void print_int64_indirect(struct tcb *tcp, uint64_t addr)
{
	int64_t v;
	if (umove_or_printaddr(tcp, addr, sizeof(v), &v))
		return;
	emit_fmt("[%lld]", (long long)v);
}

void print_uint64_indirect(struct tcb *tcp, uint64_t addr)
{
	uint64_t v;
	if (umove_or_printaddr(tcp, addr, sizeof(v), &v))
		return;
	emit_fmt("[%llu]", (unsigned long long)v);
}

void print_long_indirect(struct tcb *tcp, uint64_t addr)
{
	if (is_i386(tcp))
		print_int_indirect(tcp, addr);
	else
		print_int64_indirect(tcp, addr);
}

void print_ulong_indirect(struct tcb *tcp, uint64_t addr)
{
	if (is_i386(tcp))
		print_uint_indirect(tcp, addr);
	else
		print_uint64_indirect(tcp, addr);
}

/* --- strings of constants --------------------------------------------- */

static char sbuf[1024];

/* Appends to sbuf at *pos, never past its end */
static void sbuf_add(size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sbuf_add(size_t *pos, const char *fmt, ...)
{
	va_list ap;

	if (*pos >= sizeof(sbuf) - 1)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(sbuf + *pos, sizeof(sbuf) - *pos, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	*pos += (size_t)n;
	if (*pos > sizeof(sbuf) - 1)
		*pos = sizeof(sbuf) - 1;
}

/* strace's sprintflags_ex(prefix, xlat, flags, sep): the names of the set
 * flags after prefix; the first one follows sep (' ' or '|' or none). */
static const char *sprint_flags_sep(const char *prefix, char sep,
				    const struct xlat *x, uint64_t flags)
{
	size_t pos = 0;
	bool found = false;

	sbuf[0] = '\0';
	sbuf_add(&pos, "%s", prefix);
	if (flags == 0) {
		const char *zero = xlat_lookup(x, 0);
		if (zero) {
			if (sep)
				sbuf_add(&pos, "%c", sep);
			sbuf_add(&pos, "%s", zero);
		}
		return sbuf;
	}
	for (size_t i = 0; i < x->size && flags; i++) {
		uint64_t v = x->data[i].val;
		if (v && (flags & v) == v) {
			if (found)
				sbuf_add(&pos, "|");
			else if (sep)
				sbuf_add(&pos, "%c", sep);
			sbuf_add(&pos, "%s", x->data[i].str);
			found = true;
			flags &= ~v;
		}
	}
	if (flags) {
		if (found)
			sbuf_add(&pos, "|");
		else if (sep)
			sbuf_add(&pos, "%c", sep);
		sbuf_add(&pos, "%#llx", (unsigned long long)flags);
	}
	return sbuf;
}

const char *sprint_flags(const char *prefix, const struct xlat *x, uint64_t flags)
{
	/* strace's prefixes end with a blank: "flags ", "seals " */
	return sprint_flags_sep(prefix, '\0', x, flags);
}


static const char *sprint_open_modes_into(uint64_t flags)
{
	const char *acc = xlat_lookup(&xlat_open_access_modes, flags & 3);
	char head[64] = "flags";

	if (acc) {
		size_t pos = 0;
		sbuf_add(&pos, "flags %s", acc);
		flags &= ~(uint64_t)3;
		if (!flags)
			return sbuf;
		/* sprint_flags_sep rewrites sbuf: keep the head */
		size_t n = strlen(sbuf);
		if (n >= sizeof(head))
			n = sizeof(head) - 1;
		memcpy(head, sbuf, n);
		head[n] = '\0';
		return sprint_flags_sep(head, '|', &xlat_open_flags, flags);
	}
	return sprint_flags_sep(head, ' ', &xlat_open_flags, flags);
}

const char *sprint_open_modes(uint64_t flags)
{
	return sprint_open_modes_into(flags);
}

void print_open_modes(uint64_t flags)
{
	emit_raw(sprint_open_modes_into(flags) + sizeof("flags"));
}

/* --- modes, devices ---------------------------------------------------- */

#define H_S_IFMT  0170000
#define H_S_ISUID 04000
#define H_S_ISGID 02000
#define H_S_ISVTX 01000

void print_symbolic_mode_t(unsigned int mode)
{
	const char *ifmt = "";

	if (mode & H_S_IFMT)
		ifmt = xlat_lookup(&xlat_stat_modes, mode & H_S_IFMT);
	if (!ifmt) {
		emit_fmt("%#03o", mode);
		return;
	}
	emit_fmt("%s%s%s%s%s%#03o", ifmt, ifmt[0] ? "|" : "",
		 (mode & H_S_ISUID) ? "S_ISUID|" : "",
		 (mode & H_S_ISGID) ? "S_ISGID|" : "",
		 (mode & H_S_ISVTX) ? "S_ISVTX|" : "",
		 mode & ~(H_S_IFMT | H_S_ISUID | H_S_ISGID | H_S_ISVTX));
}

void print_numeric_umode_t(unsigned int mode)
{
	emit_fmt("%#03o", mode & 0xffff);
}

void print_numeric_ll_umode_t(uint64_t mode)
{
	emit_fmt("%#03llo", (unsigned long long)mode);
}

void print_dev_t(uint64_t dev)
{
	unsigned int major = ((dev >> 8) & 0xfff) | ((unsigned int)(dev >> 32) & ~0xfffu);
	unsigned int minor = (dev & 0xff) | ((unsigned int)(dev >> 12) & ~0xffu);

	emit_fmt("makedev(%#x, %#x)", major, minor);
}

/* --- times ------------------------------------------------------------- */

static void print_time_comment_ex(int64_t sec, uint64_t part, uint64_t max_part, int width)
{
	char buf[128];

	if ((sec == 0 && part == 0) || part > max_part)
		return;
	time_t t = (time_t)sec;
	if ((int64_t)t != sec)
		return;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return;
	size_t pos = strftime(buf, sizeof(buf), "%FT%T", &tm);
	if (!pos)
		return;
	if (part > 0)
		pos += snprintf(buf + pos, sizeof(buf) - pos, ".%0*llu", width,
				(unsigned long long)part);
	if (pos >= sizeof(buf) || !strftime(buf + pos, sizeof(buf) - pos, "%z", &tm))
		return;
	emit_fmt(" /* %s */", buf);
}

void print_time_comment_nsec(int64_t sec, uint64_t nsec)
{
	print_time_comment_ex(sec, nsec, 999999999, 9);
}

void print_time_comment_usec(int64_t sec, uint64_t usec)
{
	print_time_comment_ex(sec, usec, 999999, 6);
}

void print_time_comment_sec(int64_t sec)
{
	print_time_comment_ex(sec, 0, 0, 0);
}

/* --- arrays ------------------------------------------------------------ */

static bool print_array_common(struct tcb *tcp, uint64_t addr, uint64_t count,
			       size_t elem_size, print_elem_fn print_elem,
			       void *data, bool ignore_syserror)
{
	unsigned char elem[256];

	if (!addr) {
		emit_raw("NULL");
		return false;
	}
	if (!count) {
		emit_raw("[]");
		return false;
	}
	if (elem_size == 0 || elem_size > sizeof(elem)) {
		emit_x(addr);
		return false;
	}
	uint64_t size = count * elem_size;
	uint64_t end = addr + size;
	if (size / elem_size != count || end <= addr) {
		emit_x(addr);
		return false;
	}
	if (!ignore_syserror && exiting(tcp) && syserror(tcp)) {
		emit_x(addr);
		return false;
	}
	/* -v on a hostile count: 2^20 elements at most */
	if (end - addr > elem_size * (uint64_t)(1u << 20))
		end = addr + elem_size * (uint64_t)(1u << 20);
	uint64_t abbrev_end = end;
	if (abbrev(tcp) && opts.max_strlen < count)
		abbrev_end = addr + elem_size * (uint64_t)opts.max_strlen;

	uint64_t cur;
	bool opened = false;
	for (cur = addr; cur < end; cur += elem_size) {
		if (cur != addr)
			emit_raw(", ");
		if (umoven(tcp, cur, elem_size, elem) < 0) {
			if (cur == addr) {
				emit_x(cur);
			} else {
				emit_raw("... /* ");
				emit_x(cur);
				emit_raw(" */");
			}
			break;
		}
		if (cur == addr) {
			emit_char('[');
			opened = true;
		}
		if (cur >= abbrev_end) {
			emit_raw("...");
			break;
		}
		if (!print_elem(tcp, elem, elem_size, data))
			break;
	}
	if (opened)
		emit_char(']');
	return opened;
}

bool print_array(struct tcb *tcp, uint64_t addr, uint64_t count, size_t elem_size,
		 print_elem_fn print_elem, void *data)
{
	return print_array_common(tcp, addr, count, elem_size, print_elem, data, false);
}

bool print_array_ignore_syserror(struct tcb *tcp, uint64_t addr, uint64_t count,
				 size_t elem_size, print_elem_fn print_elem, void *data)
{
	return print_array_common(tcp, addr, count, elem_size, print_elem, data, true);
}

/* --- iovecs ------------------------------------------------------------ */

struct iov_config {
	bool decode_data;
	uint64_t data_size;
};

static bool print_iovec_elem(struct tcb *tcp, void *elem, size_t elem_size, void *data)
{
	struct iov_config *c = data;
	uint64_t base, len;

	if (elem_size == 8) {
		uint32_t v[2];
		memcpy(v, elem, sizeof(v));
		base = v[0];
		len = v[1];
	} else {
		uint64_t v[2];
		memcpy(v, elem, sizeof(v));
		base = v[0];
		len = v[1];
	}
	emit_raw("{iov_base=");
	if (c->decode_data) {
		uint64_t n = len;
		if (n > c->data_size)
			n = c->data_size;
		if (c->data_size != UINT64_MAX)
			c->data_size -= n;
		emit_buf(tcp, base, n);
	} else {
		emit_ptr(base);
	}
	emit_raw(", iov_len=");
	emit_u(len);
	emit_char('}');
	return true;
}

void print_iov_upto(struct tcb *tcp, uint64_t count, uint64_t addr,
		    bool decode_data, uint64_t data_size)
{
	struct iov_config c = { decode_data, data_size };

	print_array_ignore_syserror(tcp, addr, count, 2 * tcp_wordsize(tcp),
				    print_iovec_elem, &c);
}

/* --- auxstr ------------------------------------------------------------ */

const char *auxbuf_fmt(const char *fmt, ...)
{
	static char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

/* --- flags as strace prints them --------------------------------------- */

