/* Helpers shared by the decoders in tracer/decode/.  Everything prints
 * through emit.h.  Other decoder files may append helpers at the end. */
#ifndef HYTRACE_DECODE_H
#define HYTRACE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hytrace.h"
#include "emit.h"
#include "xlat.h"

#define SYS_FUNC(name) int sys_##name(struct tcb *tcp)

static inline bool is_i386(const struct tcb *tcp)
{
	return tcp->sc_pers == PERS_I386;
}

/* Size of a tracee "long" / pointer */
static inline size_t tcp_wordsize(const struct tcb *tcp)
{
	return is_i386(tcp) ? 4 : 8;
}

/* Argument i as a C int */
static inline int arg_int(const struct tcb *tcp, unsigned int i)
{
	return (int)(uint32_t)tcp->u_arg[i];
}

/* Argument i as a kernel "long" (sign-extended from 32 bits on i386) */
static inline int64_t arg_long(const struct tcb *tcp, unsigned int i)
{
	return is_i386(tcp) ? (int64_t)(int32_t)tcp->u_arg[i] : (int64_t)tcp->u_arg[i];
}

/* Argument i as a kernel "unsigned long" */
static inline uint64_t arg_ulong(const struct tcb *tcp, unsigned int i)
{
	return is_i386(tcp) ? (uint32_t)tcp->u_arg[i] : tcp->u_arg[i];
}

/* A 64-bit value passed as (low, high) in two arguments on i386, in one
 * argument (lo) on x86_64. */
static inline int64_t arg_lo_hi(const struct tcb *tcp, unsigned int lo)
{
	if (is_i386(tcp))
		return (int64_t)(((uint64_t)(uint32_t)tcp->u_arg[lo + 1] << 32) |
				 (uint32_t)tcp->u_arg[lo]);
	return (int64_t)tcp->u_arg[lo];
}

/* strace's abbrev(tcp): structures are abbreviated unless -v */
static inline bool abbrev(const struct tcb *tcp)
{
	(void)tcp;
	return !opts.verbose;
}

/* The return value as a size (for buffers filled by the kernel) */
static inline uint64_t rval_size(const struct tcb *tcp)
{
	return is_i386(tcp) ? (uint32_t)tcp->u_rval : (uint64_t)tcp->u_rval;
}

/* --- memory ------------------------------------------------------------ */

/* strace's umove_or_printaddr: NULL prints "NULL"; at exit after a failed
 * syscall, or when the memory is unreadable, prints the address.  Returns
 * true when something was printed (the caller prints nothing more), false
 * when buf holds the data. */
bool umove_or_printaddr(struct tcb *tcp, uint64_t addr, size_t len, void *buf);
/* The same, but decodes even after a failed syscall. */
bool umove_or_printaddr_ignore_syserror(struct tcb *tcp, uint64_t addr,
					size_t len, void *buf);

/* Reads a tracee "unsigned long" (4 or 8 bytes as the personality says). */
int umove_ulong(struct tcb *tcp, uint64_t addr, uint64_t *val);

/* [N] from an int / int64 in tracee memory (or the address / NULL) */
void print_int_indirect(struct tcb *tcp, uint64_t addr);
void print_uint_indirect(struct tcb *tcp, uint64_t addr);
void print_int64_indirect(struct tcb *tcp, uint64_t addr);
void print_uint64_indirect(struct tcb *tcp, uint64_t addr);
/* [N] from a tracee "long" / "unsigned long" */
void print_long_indirect(struct tcb *tcp, uint64_t addr);
void print_ulong_indirect(struct tcb *tcp, uint64_t addr);

/* --- strings of constants --------------------------------------------- */

/* Like emit_flags, into a static buffer after prefix (strace's
 * sprintflags): "flags FD_CLOEXEC".  Returns the buffer. */
const char *sprint_flags(const char *prefix, const struct xlat *x, uint64_t flags);

/* open(2) flags: O_RDWR|O_CREAT|O_CLOEXEC */
void print_open_modes(uint64_t flags);
/* "flags O_RDONLY|O_LARGEFILE" in a static buffer (fcntl F_GETFL) */
const char *sprint_open_modes(uint64_t flags);

/* File modes */
void print_symbolic_mode_t(unsigned int mode);   /* S_IFREG|0644 */
void print_numeric_umode_t(unsigned int mode);   /* %#03o of a umode_t */
void print_numeric_ll_umode_t(uint64_t mode);    /* %#03llo */

/* makedev(0x8, 0x1) from a kernel (new-encoded) dev_t */
void print_dev_t(uint64_t dev);

/* " / * 2024-01-01T00:00:00.123456789+0000 * /" (a C comment) as strace's
 * sprinttime_nsec;
 * prints nothing when sec and nsec are 0 or nsec is out of range. */
void print_time_comment_nsec(int64_t sec, uint64_t nsec);
void print_time_comment_usec(int64_t sec, uint64_t usec);
void print_time_comment_sec(int64_t sec);

/* --- iovecs ------------------------------------------------------------ */

/* [{iov_base="...", iov_len=N}, ...]: data_size limits the bytes shown
 * (UINT64_MAX: all of each iov_len); decode_data false prints the bases
 * as addresses. */
void print_iov_upto(struct tcb *tcp, uint64_t count, uint64_t addr,
		    bool decode_data, uint64_t data_size);

/* --- arrays ------------------------------------------------------------ */

/* Generic array printer: reads count elements of elem_size at addr one by
 * one, calls print_elem for each, stops at the -s limit with "...".
 * Returns false when it printed only the address. */
typedef bool (*print_elem_fn)(struct tcb *tcp, void *elem, size_t elem_size, void *data);
bool print_array(struct tcb *tcp, uint64_t addr, uint64_t count, size_t elem_size,
		 print_elem_fn print_elem, void *data);
/* The same, reading the elements even after a failed syscall */
bool print_array_ignore_syserror(struct tcb *tcp, uint64_t addr, uint64_t count,
				 size_t elem_size, print_elem_fn print_elem, void *data);

/* A string builder for auxstr (RVAL_STR): returns a static buffer. */
const char *auxbuf_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));


/* strace's printflags: names in table order joined with '|', unknown
 * bits appended as |0x..; only unknown bits: 0x.. / * dflt * /; 0 with no
 * zero entry: "0" (nothing when dflt is NULL). */

/* --- signals, processes (siginfo.c, signal.c, process.c, time.c) ------- */

#include <signal.h>

/* {si_signo=SIGCHLD, si_code=CLD_EXITED, ...}: a native (x86_64 layout)
 * siginfo_t, as PTRACE_GETSIGINFO returns it */
void emit_siginfo(struct tcb *tcp, const siginfo_t *si);
/* The same from a 128-byte buffer in the native or the i386 compat layout */
void emit_siginfo_raw(struct tcb *tcp, const void *buf, bool compat);
/* A siginfo_t in tracee memory (compat layout for i386 tracees) */
void print_siginfo_at(struct tcb *tcp, uint64_t addr);

/* strace's printsignal: SIGINT, or the number (signed decimal) */
void print_signal(int sig);
/* strace's sigset text ([HUP INT], ~[KILL STOP]) of the first bytes
 * (<= 8) of a sigset: sprint_ returns a static buffer after prefix */
const char *sprint_sigmask(const char *prefix, const void *mask, unsigned int bytes);
void print_sigmask(const void *mask, unsigned int bytes);
/* A kernel sigset in tracee memory of len bytes (strace's
 * print_sigset_addr_len): the address when len is below the tracee word
 * size or above 8 bytes, or unreadable. */
void print_sigset_addr_len(struct tcb *tcp, uint64_t addr, uint64_t len);

/* {tv_sec=1, tv_nsec=2} from tracee memory (64-bit, or 32-bit time_t
 * on i386 for the *_time32 calls) */
void print_timespec(struct tcb *tcp, uint64_t addr, bool time32);
void print_timeval(struct tcb *tcp, uint64_t addr, bool time32);
/* A clockid_t: CLOCK_MONOTONIC, or its number in hex with a CLOCK_??? comment (strace 6.1
 * does not decode dynamic clocks) */
void print_clockid(int clockid);
/* struct rusage (64-bit or i386 compat layout) */
void print_rusage(struct tcb *tcp, uint64_t addr);


/* --- strings, sockets (xattr.c, net.c) --------------------------------- */

/* strace's printstr_ex: len bytes at addr cut at -s; omit_trailing_0
 * drops a NUL in the last byte (QUOTE_OMIT_TRAILING_0) */
void print_str_len(struct tcb *tcp, uint64_t addr, uint64_t len, bool omit_trailing_0);
/* strace's decode_sockaddr: {sa_family=AF_INET, ...} of addrlen bytes at
 * addr; returns the family, or -1 when only the address was printed */
int decode_sockaddr(struct tcb *tcp, uint64_t addr, int addrlen);

/* i386 socketcall(call, args), decoded as strace does as the call itself:
 * replaces tcp->u_arg with the subcall's arguments and returns its row (the
 * i386 table's row of the direct syscall, *scno its number; for accept, send
 * and recv, which have none, a row of net.c and *scno = UINT64_MAX).
 * NULL: not a known call or unreadable arguments, nothing changed.  For
 * the core to call at entry, before filtering and printing the name. */
const struct sysent *socketcall_subcall(struct tcb *tcp, uint64_t *scno);

/* The core tells execve and execveat (either personality) by decoder. */
int sys_execve(struct tcb *tcp);
int sys_execveat(struct tcb *tcp);

#endif
