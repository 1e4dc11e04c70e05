/* The one way out: every byte of a trace line goes through these calls.
 * Decoders print arguments in order with them and never call stdio. */
#ifndef HYTRACE_EMIT_H
#define HYTRACE_EMIT_H

#include <stdint.h>
#include "hytrace.h"
#include "xlat.h"

/* Raw text.  A piece holds a newline only as its last byte (every caller
 * does: strings from the tracee are escaped), which lets the common case
 * (a file sink with room) be a copy and an addition: a trace line is a
 * couple of dozen pieces, and this is the tracer's hottest path. */
#include <string.h>
#include "output.h"
void emit_mem_slow(const char *s, size_t len);
static inline void emit_mem(const char *s, size_t len)
{
	struct sink *k = cur_sink;
	if (k && k->obuf && len <= SINK_BUFSIZE - k->olen) {
		/* tested before the copy, which for all the compiler knows
		 * could change s[]: for a literal or a char it folds away */
		bool ends_line = len && s[len - 1] == '\n';
		memcpy(k->obuf + k->olen, s, len);
		k->olen += len;
		k->col = ends_line ? 0 : k->col + (unsigned int)len;
		output_dirty_flag = true;
		return;
	}
	emit_mem_slow(s, len);
}
/* inline: strlen of a literal folds away */
static inline void emit_raw(const char *s) { emit_mem(s, __builtin_strlen(s)); }
void emit_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void emit_char(char c) { emit_mem(&c, 1); }

/* Formatting in place: room for len bytes at the end of the current file
 * sink, or NULL (a staging sink, a full buffer; then build the piece
 * elsewhere and emit_mem it).  Numbers and quoted strings are written
 * straight into the sink this way instead of being copied there. */
static inline char *emit_reserve(size_t len)
{
	struct sink *k = cur_sink;
	if (k && k->obuf && len <= SINK_BUFSIZE - k->olen)
		return k->obuf + k->olen;
	return NULL;
}
/* The first len bytes at emit_reserve()'s pointer are written; none of
 * them is a newline. */
static inline void emit_commit(size_t len)
{
	cur_sink->olen += len;
	cur_sink->col += (unsigned int)len;
	output_dirty_flag = true;
}

/* Argument separator ", " */
static inline void emit_arg_next(void) { emit_mem(", ", 2); }

/* Numbers */
void emit_d(int64_t v);            /* signed decimal */
void emit_u(uint64_t v);           /* unsigned decimal */
void emit_x(uint64_t v);           /* %#llx: 0 prints as 0 */
void emit_o(uint64_t v);           /* %#llo: 0 prints as 0 */
void emit_ptr(uint64_t addr);      /* NULL or 0x... */
void emit_int(struct tcb *tcp, uint64_t arg);  /* an int argument (sign-extended 32-bit) */

/* File descriptors: plain number; dirfd prints AT_FDCWD */
void emit_fd(struct tcb *tcp, int fd);
void emit_dirfd(struct tcb *tcp, int fd);

/* Strings from tracee memory.
 * emit_path: a NUL-terminated path (limit PATH_MAX, no -s cut).
 * emit_cstr: a NUL-terminated string cut at -s.
 * emit_buf: len bytes of data (read/write buffers) cut at -s.
 * Unreadable memory prints the address, as strace does. */
void emit_path(struct tcb *tcp, uint64_t addr);
void emit_cstr(struct tcb *tcp, uint64_t addr);
void emit_buf(struct tcb *tcp, uint64_t addr, uint64_t len);
/* Quote a local buffer as strace does; 'nul_terminated' stops at NUL. */
void emit_quoted(const char *s, size_t len, bool truncated, bool nul_terminated);

/* Constants: "O_RDONLY|O_CLOEXEC", "SIG_BLOCK" */
void emit_flags(const struct xlat *x, uint64_t flags, const char *dflt);
void emit_xval(const struct xlat *x, uint64_t val, const char *dflt);
/* Signals: "SIGINT" or the number */
void emit_signame(unsigned int sig);
/* Signal sets print through decode.h's print_sigset_addr_len(). */

/* Structures: { a=1, b=2 } -> emit_struct_begin(); emit_field("a"); ...; emit_struct_end() */
void emit_struct_begin(void);
void emit_field(const char *name);   /* prints ", " (unless first) and "name=" */
void emit_struct_end(void);
void emit_array_begin(void);
void emit_array_next(void);          /* ", " unless first */
void emit_array_end(void);
void emit_more(void);                /* "..." */

/* The -s limit and -x flags as the decoders see them */
unsigned int emit_strlen_limit(void);

#endif
