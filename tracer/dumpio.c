/* -e read=SET / -e write=SET: hex dumps of the data a syscall moved through
 * the selected descriptors, printed after its line as strace does. */
#include <stdlib.h>
#include <string.h>

#include "dumpio.h"
#include "emit.h"

/* fd sets: a bitmap for small fds, "all" for everything; a set never
 * given is all zeros and holds nothing. */
struct fdset {
	bool all, negated;
	uint8_t bits[1024 / 8];
};

static struct fdset read_set, write_set, trace_fds;
bool dumpio_reads_given, dumpio_writes_given, trace_fds_given;

static bool in_set(const struct fdset *set, int fd)
{
	bool hit = set->all || (fd >= 0 && fd < 1024 && (set->bits[fd / 8] >> (fd % 8)) & 1);
	return set->negated ? !hit : hit;
}

static const char *parse_fdset(struct fdset *set, const char *expr, char *err, size_t errlen)
{
	const char *whole = expr;
	memset(set, 0, sizeof(*set));
	if (*expr == '!') {
		set->negated = true;
		expr++;
	}
	char *copy = xstrdup(expr), *save = NULL;
	bool any = false;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		any = true;
		if (!strcmp(tok, "all")) {
			set->all = true;
			continue;
		}
		if (!strcmp(tok, "none"))
			continue;
		char *end;
		long fd = strtol(tok, &end, 10);
		if (!*tok || *end || fd < 0 || fd > 2147483647) {
			snprintf(err, errlen, "invalid descriptor '%s'", tok);
			free(copy);
			return err;
		}
		if (fd < 1024)  /* larger ones can never be open here */
			set->bits[fd / 8] |= 1u << (fd % 8);
	}
	free(copy);
	if (!any) {
		snprintf(err, errlen, "invalid descriptor '%s'", whole);
		return err;
	}
	return NULL;
}

static char errbuf[128];

const char *dumpio_read_set(const char *expr)
{
	dumpio_reads_given = true;
	return parse_fdset(&read_set, expr, errbuf, sizeof(errbuf));
}

const char *dumpio_write_set(const char *expr)
{
	dumpio_writes_given = true;
	return parse_fdset(&write_set, expr, errbuf, sizeof(errbuf));
}

const char *trace_fds_set(const char *expr)
{
	trace_fds_given = true;
	return parse_fdset(&trace_fds, expr, errbuf, sizeof(errbuf));
}

bool trace_fds_match(int fd) { return in_set(&trace_fds, fd); }

/* One line of a dump: " | 00000  68 65 ...  hello... |" */
static void dump_line(uint64_t off, const uint8_t *buf, size_t n)
{
	char line[128];
	int p = snprintf(line, sizeof(line), " | %05llx ", (unsigned long long)off);

	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			line[p++] = ' ';
		if (i < n)
			p += snprintf(line + p, sizeof(line) - p, " %02x", buf[i]);
		else
			p += snprintf(line + p, sizeof(line) - p, "   ");
	}
	line[p++] = ' ';
	line[p++] = ' ';
	for (size_t i = 0; i < 16; i++) {
		unsigned char c = i < n ? buf[i] : ' ';
		line[p++] = (c >= ' ' && c < 0x7f) ? c : '.';
	}
	p += snprintf(line + p, sizeof(line) - p, " |\n");
	emit_mem(line, p);
}

static void dump_addr(struct tcb *tcp, uint64_t addr, uint64_t len)
{
	uint8_t chunk[4096];

	/* In pages: a dump may be far longer than any printed string. */
	for (uint64_t off = 0; off < len;) {
		size_t n = len - off < sizeof(chunk) ? len - off : sizeof(chunk);
		if (umoven(tcp, addr + off, n, chunk) < 0)
			return;
		for (size_t i = 0; i < n; i += 16)
			dump_line(off + i, chunk + i, n - i < 16 ? n - i : 16);
		off += n;
	}
}

static uint64_t word(struct tcb *tcp, const uint8_t *p)
{
	if (tcp->sc_pers == PERS_I386) {
		uint32_t v;
		memcpy(&v, p, 4);
		return v;
	}
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* readv/writev: each buffer in turn, "* N bytes in buffer I", until the
 * syscall's byte count is used up. */
static void dump_iov(struct tcb *tcp, uint64_t iov, uint64_t cnt, uint64_t total)
{
	size_t wsize = tcp->sc_pers == PERS_I386 ? 4 : 8;

	for (uint64_t i = 0; i < cnt && i < 1024 && total; i++) {
		uint8_t pair[16];
		if (umoven(tcp, iov + i * 2 * wsize, 2 * wsize, pair) < 0)
			return;
		uint64_t base = word(tcp, pair), len = word(tcp, pair + wsize);
		if (len > total)
			len = total;
		emit_fmt(" * %llu bytes in buffer %llu\n", (unsigned long long)len, (unsigned long long)i);
		dump_addr(tcp, base, len);
		total -= len;
	}
}

enum io_kind { IO_NONE, IO_BUF, IO_IOV };

static enum io_kind io_kind_of(const char *name, bool *is_write)
{
	static const struct {
		const char *name;
		bool write;
		enum io_kind kind;
	} calls[] = {
		{ "read", false, IO_BUF }, { "pread64", false, IO_BUF },
		{ "recvfrom", false, IO_BUF }, { "recv", false, IO_BUF },
		{ "write", true, IO_BUF }, { "pwrite64", true, IO_BUF },
		{ "sendto", true, IO_BUF }, { "send", true, IO_BUF },
		{ "readv", false, IO_IOV }, { "preadv", false, IO_IOV }, { "preadv2", false, IO_IOV },
		{ "writev", true, IO_IOV }, { "pwritev", true, IO_IOV }, { "pwritev2", true, IO_IOV },
	};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (!strcmp(calls[i].name, name)) {
			*is_write = calls[i].write;
			return calls[i].kind;
		}
	}
	return IO_NONE;
}

void dumpio(struct tcb *tcp)
{
	if ((!dumpio_reads_given && !dumpio_writes_given) || !tcp->s_ent || syserror(tcp) || tcp->u_rval <= 0)
		return;
	bool is_write = false;
	enum io_kind kind = io_kind_of(tcp->s_ent->name, &is_write);
	int fd = (int)tcp->u_arg[0];
	if (kind == IO_NONE || !in_set(is_write ? &write_set : &read_set, fd))
		return;
	if (kind == IO_BUF)
		dump_addr(tcp, tcp->u_arg[1], tcp->u_rval);
	else
		dump_iov(tcp, tcp->u_arg[1], tcp->u_arg[2], tcp->u_rval);
}
