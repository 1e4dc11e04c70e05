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

/* --- ring.c ------------------------------------------------------------ */

struct shim_rec_ctx {
	struct shim_slot *slot;
	struct shim_rec *rec;
	char *cur;                 /* where the next blob goes */
	char *end;                 /* end of the reservation */
	uint64_t pos;              /* the record's ring position */
	unsigned nblobs;
};

/* The worst-case size of a blob of len bytes */
static inline uint64_t shim_blob_size(uint64_t len)
{
	return sizeof(struct shim_blob) + SHIM_ALIGN8(len);
}

/* Reserve worst bytes at the slot's head (a PAD record first if they would
 * cross the end of the ring), write the entry half and mark it in flight.
 * Returns -1, with nothing written, when the ring lacks the space. */
int shim_rec_begin(struct shim_rec_ctx *c, struct shim_slot *slot,
		   uint64_t worst, unsigned nr, const uint64_t args[6],
		   uint64_t seq, int64_t t_entry);

/* Append a blob of the len bytes at addr, read with the safe copy.
 * unit 0: all or nothing (a buffer: decoders read it whole), else the
 * readable prefix in whole units (an array: decoders read it element by
 * element).  Whatever is unreadable is marked by a SHIM_BLOB_FAULT blob at
 * its first address, which takes sizeof(struct shim_blob) more when
 * something was readable.  Returns the copy in the ring (NULL if nothing
 * was copied) and its length in *got. */
const void *shim_blob_copy(struct shim_rec_ctx *c, uint64_t addr, uint64_t len,
			   uint64_t unit, uint64_t *got);

/* The call returned: ret and t_exit, at once (the tracer, stopping the
 * thread for a signal while it copies the blobs, shows the call whole). */
void shim_rec_returned(struct shim_rec_ctx *c, int64_t ret, int64_t t_exit);

/* The rest of the exit half: nblobs, len; publish head, then clear
 * inflight. */
void shim_rec_commit(struct shim_rec_ctx *c);

/* Copy len bytes at the tracee address src to dst; a fault is the
 * tracer's to fix up (ring.c).  Returns the bytes copied, a prefix of the
 * range (0 when unreadable). */
uint64_t shim_safe_copy(void *dst, uint64_t src, uint64_t len);

/* ring.c's fault-tolerant copy and the addresses the tracer is told */
uint64_t shim_fault_copy(void *dst, const void *src, uint64_t len);
extern const char shim_copy_start[], shim_copy_end[], shim_copy_fixup[];

/* CLOCK_MONOTONIC in ns */
int64_t shim_now(void);

#pragma GCC visibility pop

#endif
