/* The protocol between the shim (inside the tracee) and the tracer
 * (DESIGN.md §6).  Everything here lives in memory the tracee can write:
 * the tracer copies and validates whatever it reads from it.
 *
 * Shared memory, one memfd per process, created by the shim:
 *   offset 0                          struct shim_ctl (one page)
 *   offset SHIM_SLOT_OFF(i)           struct shim_slot header (one page),
 *   offset SHIM_SLOT_OFF(i) + 4096    its ring of SHIM_RING_SIZE bytes
 * for i < SHIM_MAX_SLOTS, one slot per thread.
 *
 * Ring positions (head, tail) count bytes since the slot was claimed and
 * never wrap; the byte offset in the ring is pos & (SHIM_RING_SIZE - 1).
 * A record never straddles the end of the ring: the producer fills the
 * rest of the ring with one SHIM_REC_PAD record first.
 *
 * Handshake, in each process (at start-up and again after fork):
 *  1. hello: execve(NULL, SHIM_MAGIC_A, SHIM_HELLO) from the shim's private
 *     syscall instruction.  execve always stops under the filter; the tracer
 *     remembers that instruction (it must lie in the shim's mapping) and
 *     hides every call made from it in this process.  The kernel fails the
 *     call with EFAULT: no side effect.
 *  2. the shim creates the memfd (memfd_create, ftruncate), maps it,
 *     madvise(MADV_DONTFORK), maps the gate page at the session's address
 *     (MAP_FIXED_NOREPLACE) and makes it read+exec: all from the private
 *     instruction, so the tracer hides them.
 *  3. register: execve(NULL, SHIM_MAGIC_A, SHIM_REGISTER, memfd, size,
 *     &shim_state).  The tracer takes the fd with pidfd_getfd, maps it,
 *     fills the control page and sets ctl->armed = 1 before the call
 *     returns (EFAULT).  The shim then closes its fd (private, hidden).
 *  Armed means the shim may take calls; anything else and the shim stays
 *  off: every call goes to libc and stops under ptrace as usual.
 *
 * The tracer writes the tracee's shim_state word (registered above) with
 * process_vm_writev: SHIM_STATE_REINIT in a fork child before it runs (its
 * copy of the parent's mapping is gone: MADV_DONTFORK), SHIM_STATE_PAUSED
 * while a vfork child borrows the memory, SHIM_STATE_ARMED after.
 */
#ifndef HYTRACE_SHIM_PROTOCOL_H
#define HYTRACE_SHIM_PROTOCOL_H

#include <stdint.h>

#define SHIM_VERSION 2u
#define SHIM_MAGIC 0x52545948u            /* "HYTR" */

/* The gate page: "syscall; ret" at offset 0; a call from there is let
 * through by the filter (instruction pointer gate + 2). */
#define SHIM_GATE_DEFAULT 0x70000000ull
#define SHIM_GATE_EXEMPT_OFF 2u

/* Environment: LD_PRELOAD=<shim> (prepended to a LD_PRELOAD the program
 * had, separated by ':') and SHIM_ENV_TOKEN=<version>:<gate in hex>.  The
 * shim removes both from environ at start-up. */
#define SHIM_ENV_TOKEN "HYTRACE_SHIM"

/* execve(NULL, SHIM_MAGIC_A, op, ...) */
#define SHIM_MAGIC_A 0x6879747261636521ull  /* "!ecartyh" */
#define SHIM_HELLO 0x48454c4c4f000001ull
#define SHIM_REGISTER 0x5245474953540001ull

/* The tracee's state word */
#define SHIM_STATE_OFF 0u
#define SHIM_STATE_ARMED 1u
#define SHIM_STATE_REINIT 2u
#define SHIM_STATE_PAUSED 3u

#define SHIM_NR_MAX 512u                    /* x86_64 numbers the bitmap covers */
#define SHIM_MAX_SLOTS 64u
#define SHIM_RING_SIZE (1u << 20)
#define SHIM_PAGE 4096u
#define SHIM_SLOT_SIZE (SHIM_PAGE + SHIM_RING_SIZE)
#define SHIM_SLOT_OFF(i) ((uint64_t)SHIM_PAGE + (uint64_t)(i) * SHIM_SLOT_SIZE)
#define SHIM_AREA_SIZE SHIM_SLOT_OFF(SHIM_MAX_SLOTS)

/* ctl->flags */
#define SHIM_CTL_TIMES 1u      /* record CLOCK_MONOTONIC timestamps */
#define SHIM_CTL_VERBOSE 2u    /* -v: capture every iovec's data, not the first max_strlen */

struct shim_ctl {
	uint32_t magic;            /* shim: SHIM_MAGIC */
	uint32_t version;          /* shim: SHIM_VERSION */
	uint32_t armed;            /* tracer: 1 once mapped and filled */
	uint32_t disabled;         /* tracer: 1 = take no more calls */
	uint32_t max_strlen;       /* tracer: -s, the bytes of a buffer printed */
	uint32_t flags;            /* tracer: SHIM_CTL_* */
	uint64_t traced[SHIM_NR_MAX / 64]; /* tracer: bit nr = the shim may take nr */
	uint64_t slots_claimed;    /* bit i: slot i has an owner (shim sets, tracer frees) */
	/* The shim's fault-tolerant copy (shim: before register).  A SIGSEGV
	 * or SIGBUS whose instruction pointer is in [copy_start, copy_end) is
	 * the shim reading memory the kernel did not prove readable (a write
	 * to /dev/null never touches its buffer): the tracer swallows the
	 * signal and resumes at copy_fixup, which reports the copy failed.
	 * All three must lie in the shim library's code. */
	uint64_t copy_start, copy_end, copy_fixup;
};

struct shim_slot {
	/* producer's line (shim) */
	uint64_t head;             /* position after the last committed record */
	uint32_t owner_tid;        /* the thread that writes here */
	uint32_t inflight;         /* 1: a record's entry half is at head */
	uint8_t pad1[48];
	/* consumer's line (tracer) */
	uint64_t tail;             /* position consumed up to */
	uint8_t pad2[56];
};

#define SHIM_REC_SYSCALL 1u
#define SHIM_REC_PAD 2u

#define SHIM_RET_PENDING INT64_MIN

/* rec->flags */
#define SHIM_REC_TIMES 1u      /* t_entry and t_exit follow the arguments */

/* A record: this header, nargs arguments, the two timestamps when
 * SHIM_REC_TIMES, then nblobs blobs.  len counts everything and is a
 * multiple of 8.  While inflight, the entry half (header with ret ==
 * SHIM_RET_PENDING and nblobs == 0, the arguments, t_entry) is valid at
 * head.  The header is small because the writer pays for every byte (a
 * write(fd, buf, 1) record is 72 bytes: header, 3 arguments, one blob). */
struct shim_rec {
	uint32_t len;
	uint16_t nr;               /* x86_64 syscall number */
	uint8_t type;              /* SHIM_REC_* */
	uint8_t nblobs;
	uint32_t seq;              /* per slot: 0, 1, 2, ... (wraps) */
	uint8_t nargs;             /* 0..6 */
	uint8_t flags;             /* SHIM_REC_TIMES */
	uint16_t reserved;         /* 0 */
	int64_t ret;               /* raw kernel return: -4095..-1 is -errno */
	/* uint64_t args[nargs];
	 * int64_t t_entry, t_exit;   CLOCK_MONOTONIC ns, with SHIM_REC_TIMES */
};

/* Where a record's parts start, from its header */
#define SHIM_REC_ARGS_OFF ((uint32_t)sizeof(struct shim_rec))
#define SHIM_REC_TIMES_OFF(nargs) (SHIM_REC_ARGS_OFF + 8u * (uint32_t)(nargs))
#define SHIM_REC_BLOBS_OFF(nargs, flags) \
	(SHIM_REC_TIMES_OFF(nargs) + (((flags) & SHIM_REC_TIMES) ? 16u : 0u))

/* Tracee memory as the call saw it: len bytes at addr (input buffers after
 * the kernel read them, output buffers after it wrote them), padded to 8.
 * SHIM_BLOB_FAULT: the range could not be read (len 0, a decoder prints
 * the address). */
#define SHIM_BLOB_FAULT 1u
struct shim_blob {
	uint64_t addr;
	uint32_t len;
	uint32_t flags;
};

#define SHIM_ALIGN8(n) (((n) + 7u) & ~(uint64_t)7u)

#endif
