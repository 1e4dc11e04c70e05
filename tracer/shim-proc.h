/* The tracer's record of one process running the shim: shared by
 * shim-proc.c (handshake, hiding, fork) and shim-ring.c (draining). */
#ifndef HYTRACE_SHIM_PROC_H
#define HYTRACE_SHIM_PROC_H

#include "shim.h"

/* What the tracer knows of a slot: never taken from the tracee's copy. */
struct slot_view {
	uint64_t tail;        /* consumed up to */
	uint64_t next_seq;    /* the seq the next record must carry */
	uint64_t pending_seq; /* in-flight record seen at the last idle look (+1) */
	int pending_looks;
	uint64_t last_head;   /* head at the last idle look */
};

struct shim_proc {
	struct shim_proc *next, *prev;
	unsigned int refs;         /* threads pointing here */
	bool loading;              /* ld.so is loading the library */
	int lib_fd;                /* its fd then: -1 unknown, -2 closed */
	bool lib_fd_at_exit;       /* the hidden open in flight returns it */
	uint64_t private_ip;       /* the shim's own syscall instruction */
	uint64_t state_addr;       /* the tracee's state word */
	pid_t pid_hint;            /* the process, as last seen pausing a vfork */
	uint8_t *area;             /* our mapping of its memfd, NULL until registered */
	uint64_t traced[SHIM_NR_MAX / 64]; /* what we allowed it to take */
	bool dead;                 /* a bad record was seen: the shim is off */
	uint64_t copy_start, copy_end, copy_fixup; /* the shim's faulting copy */
	/* the library's executable mappings, read once at the hello */
	struct { uint64_t lo, hi; } lib_text[4];
	unsigned int nlib_text;
	struct slot_view slots[SHIM_MAX_SLOTS];
};

struct shim_proc *shim_proc_first(void);
void shim_disable(struct shim_proc *sp, pid_t pid);

#endif
