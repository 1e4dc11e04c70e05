/* The LD_PRELOAD shim's internal declarations (DESIGN.md §6).  Nothing here
 * is exported: the library is built with -fvisibility=hidden and only the
 * libc wrappers in wrappers.c are marked default. */
#ifndef HYTRACE_SHIM_H
#define HYTRACE_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "protocol.h"
#include "gate.h"

#pragma GCC visibility push(hidden)

#define SHIM_TLS __attribute__((tls_model("initial-exec")))

/* Per thread */
struct shim_tls {
	uint64_t gen;              /* process generation the slot belongs to */
	uint64_t seq;              /* the next record's sequence number */
	uint64_t tail_seen;        /* the slot's tail when last read */
	uint32_t slot;             /* slot index, valid when gen matches */
	volatile uint32_t nest;    /* 1 while the thread is in the fast path */
};

extern __thread struct shim_tls shim_tls SHIM_TLS;

/* Per process */
extern volatile uint32_t shim_state;     /* SHIM_STATE_*, written by the tracer too */
extern struct shim_ctl *shim_ctl;        /* the shared area, or NULL */
extern uint64_t shim_gen;                /* bumped by each successful handshake */
extern uintptr_t shim_gate;              /* the gate page */
extern int shim_cancel_used;             /* pthread_cancel was called */

/* The real libc functions, from dlsym(RTLD_NEXT) */
struct shim_real {
	ssize_t (*read)(int, void *, size_t);
	ssize_t (*write)(int, const void *, size_t);
	ssize_t (*pread)(int, void *, size_t, off_t);
	ssize_t (*pread64)(int, void *, size_t, off_t);
	ssize_t (*pwrite)(int, const void *, size_t, off_t);
	ssize_t (*pwrite64)(int, const void *, size_t, off_t);
	ssize_t (*readv)(int, const struct iovec *, int);
	ssize_t (*writev)(int, const struct iovec *, int);
	off_t (*lseek)(int, off_t, int);
	off_t (*lseek64)(int, off_t, int);
	int (*close)(int);
	pid_t (*getpid)(void);
	pid_t (*getppid)(void);
	pid_t (*gettid)(void);
	uid_t (*getuid)(void);
	uid_t (*geteuid)(void);
	gid_t (*getgid)(void);
	gid_t (*getegid)(void);
	long (*syscall)(long, ...);
	int (*pthread_cancel)(pthread_t);
};

enum shim_real_id {
	SHIM_R_read, SHIM_R_write, SHIM_R_pread, SHIM_R_pread64,
	SHIM_R_pwrite, SHIM_R_pwrite64, SHIM_R_readv, SHIM_R_writev,
	SHIM_R_lseek, SHIM_R_lseek64, SHIM_R_close, SHIM_R_getpid,
	SHIM_R_getppid, SHIM_R_gettid, SHIM_R_getuid, SHIM_R_geteuid,
	SHIM_R_getgid, SHIM_R_getegid, SHIM_R_syscall, SHIM_R_pthread_cancel,
	SHIM_R_COUNT
};

extern struct shim_real shim_real;

/* dlsym(RTLD_NEXT) of one function, for a wrapper that runs before the
 * constructor; NULL if libc has no such function. */
void *shim_resolve(enum shim_real_id id);

/* The REAL(name) pointer, resolved on demand */
#define SHIM_REAL(name)							\
	(__builtin_expect(shim_real.name != NULL, 1) ? shim_real.name	\
	 : (__typeof__(shim_real.name))shim_resolve(SHIM_R_##name))

/* Handle SHIM_STATE_REINIT (a fork child): redo the handshake.  Returns 1
 * when the shim is armed afterwards. */
int shim_reinit(void);

/* The calling thread's slot in ctl, claimed if the thread has none in this
 * generation; NULL when none is free. */
struct shim_slot *shim_thread_slot(struct shim_ctl *ctl, struct shim_tls *t);

static inline struct shim_slot *shim_slot_at(struct shim_ctl *ctl, uint32_t i)
{
	return (struct shim_slot *)((char *)ctl + SHIM_SLOT_OFF(i));
}

/* --- ring.c (the record writers are in record.h) ----------------------- */

/* ring.c's fault-tolerant copy and the addresses the tracer is told */
uint64_t shim_fault_copy(void *dst, const void *src, uint64_t len);
extern const char shim_copy_start[], shim_copy_end[], shim_copy_fixup[];

/* Copy len bytes at the tracee address src to dst; a fault is the
 * tracer's to fix up (ring.c).  Returns the bytes copied, a prefix of the
 * range (0 when unreadable). */
static inline uint64_t shim_safe_copy(void *dst, uint64_t src, uint64_t len)
{
	uint64_t n;

	if (!len)
		return 0;
	n = shim_fault_copy(dst, (const void *)(uintptr_t)src, len);
	return n < len ? n : len;
}

/* CLOCK_MONOTONIC in ns */
int64_t shim_now(void);

#pragma GCC visibility pop

#endif
