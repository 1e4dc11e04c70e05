/* Shared state of the tracer: options, the tracee control block, and the
 * calls every part uses.  Decoders include this and emit.h only. */
#ifndef HYTRACE_H
#define HYTRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "sysent.h"

#define MAX_ARGS 6

/* How a decoder tells the exit path to print the return value. */
enum {
	RVAL_DECIMAL  = 0,        /* default: signed decimal */
	RVAL_HEX      = 1,        /* 0x... (brk, mmap) */
	RVAL_OCTAL    = 2,        /* 0... (umask) */
	RVAL_UDECIMAL = 3,        /* unsigned decimal */
	RVAL_FD       = 4,        /* a file descriptor */
	RVAL_MASK     = 7,
	RVAL_STR      = 1 << 3,   /* the decoder set tcp->auxstr: " (text)" follows */
	RVAL_NONE     = 1 << 4,   /* print "= ?" (exit, exit_group) */
	RVAL_DECODED  = 1 << 5,   /* entry printed everything; do not call at exit */
};

/* Quiet categories (-q, -e quiet=) */
enum {
	QUIET_ATTACH = 1 << 0,
	QUIET_EXIT = 1 << 1,
	QUIET_PATH_RESOLUTION = 1 << 2,
	QUIET_PERSONALITY = 1 << 3,
	QUIET_THREAD_EXECVE = 1 << 4,
};

struct sink;
struct staged;

/* Per-thread state.  One syscall is in flight at most. */
struct tcb {
	pid_t pid;                /* thread id */
	pid_t tgid;               /* thread group (process) id */
	unsigned int flags;       /* TCB_* */
	enum personality pers;    /* personality of the last syscall seen */
	bool pers_known;

	/* The current syscall event (entry, then exit). */
	enum personality sc_pers;
	uint64_t scno;
	const struct sysent *s_ent;   /* NULL: not a known syscall */
	const struct sysent *prev_s_ent; /* the syscall before, for restart_syscall */
	uint64_t u_arg[MAX_ARGS];
	uint64_t stack_pointer;        /* at the entry (sigreturn frames) */
	int64_t u_rval;
	int u_error;                   /* errno on failure, 0 on success */
	int sys_func_rval;             /* what the decoder returned at entry */
	const char *auxstr;            /* for RVAL_STR */
	struct timespec stime;         /* time of the entry */
	uint64_t cpu_ns;               /* -c: the process's system CPU time at entry */

	struct sink *out;              /* where this thread's lines go */
	struct staged *stage;          /* status filtering: the held line */
	unsigned int restart_sig;      /* signal to inject at the next resume */

	/* The shim (shim-*.c) */
	struct shim_proc *shim;        /* the process runs the shim */
	const void *shim_rec;          /* record being printed: memory comes from it */
	uint64_t shim_shown;           /* seq+1 of an in-flight record whose entry is out */
	uint64_t shim_final;           /* seq+1 printed whole at a signal stop */
	uint64_t shim_restart;         /* seq+1 printed as interrupted (= ? ERESTART*) */
	bool shim_eintr;               /* ... and rt_sigreturn ended it with EINTR */
	bool shim_injected;            /* this execve carries the shim's environment */
	uint64_t shim_saved_envp;      /* the envp register before that */
	struct shim_proc *shim_vfork_of; /* a vfork child: whose shim rests meanwhile */
	pid_t shim_vfork_parent;
};

enum {
	TCB_STARTUP      = 1 << 0,  /* attached, first stop not seen yet */
	TCB_INSYSCALL    = 1 << 1,  /* between entry and exit */
	TCB_HIDE_LOG     = 1 << 2,  /* launched child before its execve */
	TCB_ATTACHED     = 1 << 3,  /* attached with -p: detach, never kill */
	TCB_ENTRY_PRINTED = 1 << 4, /* entry half is on the output */
	TCB_REPRINT      = 1 << 5,  /* entry was interrupted: print "resumed" */
	TCB_FILTERED     = 1 << 6,  /* current syscall is not traced: print nothing */
	TCB_GROUP_STOP   = 1 << 7,  /* in a group-stop, resumed with PTRACE_LISTEN */
	TCB_SKIP_DETACH  = 1 << 8,
	TCB_COUNT_ONLY   = 1 << 9,  /* -c: the syscall is counted, not printed */
	TCB_SECCOMP      = 1 << 10, /* runs under our filter: resume with PTRACE_CONT */
	TCB_PRE_EXEC     = 1 << 11, /* launched child whose exec has not succeeded yet */
	TCB_PARKED       = 1 << 12, /* new child held until its parent's fork event */
	TCB_SHIM_HIDDEN  = 1 << 13, /* the shim's own call, or ld.so loading it */
};

static inline bool entering(const struct tcb *tcp) { return !(tcp->flags & TCB_INSYSCALL); }
static inline bool exiting(const struct tcb *tcp) { return tcp->flags & TCB_INSYSCALL; }
static inline bool syserror(const struct tcb *tcp) { return tcp->u_error != 0; }

/* Options as parsed from the command line. */
struct options {
	int follow_forks;         /* -f */
	bool output_separately;   /* -ff with -o */
	const char *outfname;     /* -o */
	unsigned int max_strlen;  /* -s, default 32 */
	unsigned int acolumn;     /* -a, default 40 */
	unsigned int quiet;       /* QUIET_* */
	bool quiet_set;           /* -q/-e quiet= given explicitly */
	int xflag;                /* -x: 1, -xx: 2 */
	bool verbose;             /* -v */
	bool print_scno;          /* -n */
	bool seccomp_requested;   /* --seccomp-bpf */
	bool seccomp_never;       /* --seccomp-bpf=never */
	int debug;                /* -d */
	bool no_abbrev_env;       /* -v prints envp in full */

	/* Timestamps: -t/-tt/-ttt/--absolute-timestamps, -r, -T */
	int tflag_format;         /* 0 none, 1 time of day, 2 unix seconds */
	int tflag_digits;         /* 0, 3, 6 or 9 */
	bool rflag;
	int rflag_digits;
	bool Tflag;
	int Tflag_digits;

	/* -c: 1 only the summary, -C: 2 trace and summary; -w: wall time */
	int cflag;
	bool count_wall;

	/* -e status=, -z, -Z: the statuses to print (STATUS_* bits) */
	unsigned int status_set;
};

enum {
	STATUS_SUCCESSFUL  = 1 << 0,
	STATUS_FAILED      = 1 << 1,
	STATUS_UNFINISHED  = 1 << 2,
	STATUS_UNAVAILABLE = 1 << 3,
	STATUS_DETACHED    = 1 << 4,
	STATUS_ALL         = (1 << 5) - 1,
};

extern struct options opts;
extern const char *progname;

/* Tracee table (tcb.c) */
struct tcb *tcb_find(pid_t pid);
struct tcb *tcb_add(pid_t pid);
void tcb_drop(struct tcb *tcp);
/* A thread that execs takes its leader's pid. */
struct tcb *tcb_rekey(struct tcb *tcp, pid_t pid);
unsigned int tcb_count(void);
void tcb_foreach(void (*fn)(struct tcb *tcp, void *data), void *data);

/* Memory of the tracee as it was at the event (umove.c).  The only way a
 * decoder reads tracee memory.  Returns 0 on success, -1 when unreadable. */
int umoven(struct tcb *tcp, uint64_t addr, size_t len, void *buf);
/* Reads up to len bytes, stopping after a NUL.  Returns 1 when a NUL was
 * found within len, 0 when not, -1 when unreadable. */
int umovestr(struct tcb *tcp, uint64_t addr, size_t len, char *buf);
/* The other way, for the shim's set-up only; 0 or -1. */
int upoken(pid_t pid, uint64_t addr, size_t len, const void *buf);

/* Errors (error.c) */
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void perror_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error_msg_and_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void perror_msg_and_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void error_msg_and_help(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void die(void) __attribute__((noreturn));
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *old, size_t size);
char *xstrdup(const char *s);

/* Names of errors and signals (errnoent.c, signals.c) */
const char *errno_name(int err);          /* "ENOENT" or NULL */
const char *errno_message(int err);       /* strerror, or restart texts */
const char *signal_name(unsigned int sig);/* "SIGINT", "SIGRT_3", or NULL */

#endif
