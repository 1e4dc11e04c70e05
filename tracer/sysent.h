/* One row per syscall of a personality, generated from tracer/syscalls/<pers>.in. */
#ifndef HYTRACE_SYSENT_H
#define HYTRACE_SYSENT_H

#include <stdint.h>

struct tcb;

/* A decoder is called at entry and again at exit (see entering()/exiting()).
 * It returns RVAL_* flags saying how the return value prints. */
typedef int (*decoder_fn)(struct tcb *tcp);

/* Classes for -e trace=%class; the bits are what the data files call them. */
enum {
	TRACE_FILE    = 1u << 0,  /* file   : takes a file name */
	TRACE_DESC    = 1u << 1,  /* desc   : takes or returns a file descriptor */
	TRACE_PROCESS = 1u << 2,  /* process: process lifecycle */
	TRACE_NETWORK = 1u << 3,  /* network */
	TRACE_SIGNAL  = 1u << 4,  /* signal */
	TRACE_IPC     = 1u << 5,  /* ipc */
	TRACE_MEMORY  = 1u << 6,  /* memory */
	TRACE_CREDS   = 1u << 7,  /* creds */
	TRACE_CLOCK   = 1u << 8,  /* clock */
	TRACE_STAT    = 1u << 9,  /* stat   : stat-like on a path */
	TRACE_LSTAT   = 1u << 10, /* lstat */
	TRACE_FSTAT   = 1u << 11, /* fstat */
	TRACE_STAT_LIKE = 1u << 12, /* %%stat */
	TRACE_STATFS  = 1u << 13, /* statfs */
	TRACE_FSTATFS = 1u << 14, /* fstatfs */
	TRACE_STATFS_LIKE = 1u << 15, /* %%statfs */
	TRACE_PURE    = 1u << 16, /* pure   : no args, always succeeds */
	SYSCALL_NEVER_FAILS = 1u << 17, /* nf: the return value is never an error */
	SYSCALL_LIFECYCLE = 1u << 18, /* lifecycle: always stops under seccomp */
};

struct sysent {
	const char *name;      /* NULL: a hole in the table */
	uint8_t name_len;      /* strlen(name): every printed line starts with it */
	uint8_t nargs;
	uint32_t flags;
	decoder_fn decode;     /* NULL: print raw arguments */
};

enum personality { PERS_X86_64 = 0, PERS_I386 = 1, PERS_COUNT };

extern const struct sysent sysent_x86_64[];
extern const unsigned int nsyscalls_x86_64;
extern const struct sysent sysent_i386[];
extern const unsigned int nsyscalls_i386;

/* The row for (pers, nr), or NULL when the number is not a syscall. */
const struct sysent *sysent_lookup(enum personality pers, uint64_t nr);
const char *personality_name(enum personality pers);

#endif
