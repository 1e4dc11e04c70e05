/* Writing records into a thread's ring (shim/protocol.h): the entry half
 * before the call, blobs and the exit half after it.  Inline: this is the
 * fast path of every call the shim takes, and every store counts (the
 * writer's cost per record is what the shim adds to a traced call). */
#ifndef HYTRACE_SHIM_RECORD_H
#define HYTRACE_SHIM_RECORD_H

#include <string.h>

#include "shim.h"

#define SHIM_RING_MASK ((uint64_t)SHIM_RING_SIZE - 1)

_Static_assert((SHIM_RING_SIZE & (SHIM_RING_SIZE - 1)) == 0, "ring size: a power of 2");
_Static_assert(sizeof(struct shim_rec) == 24, "record header: 24 bytes");
_Static_assert(sizeof(struct shim_blob) % 8 == 0, "blob header: 8-aligned");

struct shim_rec_ctx {
	struct shim_slot *slot;
	struct shim_rec *rec;
	char *cur;                 /* where the next blob goes */
	char *end;                 /* end of the reservation */
	int64_t *t_exit;           /* where t_exit goes, or NULL */
	uint64_t pos;              /* the record's ring position */
	unsigned nblobs;
};

/* The worst-case size of a blob of len bytes */
static inline uint64_t shim_blob_size(uint64_t len)
{
	return sizeof(struct shim_blob) + SHIM_ALIGN8(len);
}

/* The fixed part of a record: header, arguments, timestamps */
static inline uint64_t shim_rec_base(unsigned nargs, int times)
{
	return SHIM_REC_BLOBS_OFF(nargs, times ? SHIM_REC_TIMES : 0);
}

/* Room for worst bytes at head?  The consumer's tail is read only when
 * the last value seen no longer proves there is: reading it each time
 * would pull its cache line from the tracer's core at every call. */
static inline int shim_ring_room(struct shim_slot *slot, struct shim_tls *t,
				 uint64_t head, uint64_t need)
{
	if (need > SHIM_RING_SIZE)
		return 0;
	if (head - t->tail_seen <= SHIM_RING_SIZE - need)
		return 1;
	t->tail_seen = __atomic_load_n(&slot->tail, __ATOMIC_ACQUIRE);
	return head - t->tail_seen <= SHIM_RING_SIZE - need;
}

/* Reserve worst bytes at the slot's head (a PAD record first if they would
 * cross the end of the ring), write the entry half and mark it in flight.
 * Returns -1, with nothing written, when the ring lacks the space. */
static inline int shim_rec_begin(struct shim_rec_ctx *c, struct shim_slot *slot,
				 struct shim_tls *t, uint64_t worst, unsigned nr,
				 unsigned nargs, const uint64_t args[6], int times,
				 int64_t t_entry)
{
	char *ring = (char *)slot + SHIM_PAGE;
	uint64_t head = __atomic_load_n(&slot->head, __ATOMIC_RELAXED);
	uint64_t off = head & SHIM_RING_MASK;
	uint64_t to_end = SHIM_RING_SIZE - off;
	struct shim_rec *rec;

	worst = SHIM_ALIGN8(worst);
	if ((head & 7) || worst > SHIM_RING_SIZE / 2)
		return -1;
	if (!shim_ring_room(slot, t, head, worst <= to_end ? worst : to_end + worst))
		return -1;

	if (worst > to_end) {
		/* fill the rest of the ring: to_end is 8 at least, and the
		 * fields past it are the next slot's */
		struct { uint32_t len; uint16_t nr; uint8_t type, nblobs; } pad = {
			(uint32_t)to_end, 0, SHIM_REC_PAD, 0
		};
		_Static_assert(sizeof(pad) == 8, "PAD header");
		memcpy(ring + off, &pad, sizeof(pad));
		if (to_end >= sizeof(struct shim_rec))
			memset(ring + off + sizeof(pad), 0, sizeof(struct shim_rec) - sizeof(pad));
		head += to_end;
		__atomic_store_n(&slot->head, head, __ATOMIC_RELEASE);
		off = 0;
	}

	rec = (struct shim_rec *)(ring + off);
	uint64_t base = shim_rec_base(nargs, times);
	uint64_t *words = (uint64_t *)(rec + 1);
	rec->len = (uint32_t)base;
	rec->nr = (uint16_t)nr;
	rec->type = SHIM_REC_SYSCALL;
	rec->nblobs = 0;
	rec->seq = (uint32_t)t->seq;
	rec->nargs = (uint8_t)nargs;
	rec->flags = times ? SHIM_REC_TIMES : 0;
	rec->reserved = 0;
	rec->ret = SHIM_RET_PENDING;
	for (unsigned i = 0; i < nargs; i++)
		words[i] = args[i];
	c->t_exit = NULL;
	if (times) {
		words[nargs] = (uint64_t)t_entry;
		words[nargs + 1] = 0;
		c->t_exit = (int64_t *)&words[nargs + 1];
	}
	__atomic_store_n(&slot->inflight, 1, __ATOMIC_RELEASE);

	c->slot = slot;
	c->rec = rec;
	c->pos = head;
	c->cur = (char *)rec + base;
	c->end = (char *)rec + worst;
	c->nblobs = 0;
	return 0;
}

/* A blob header at `at`, and its data's padding zeroed (no stale bytes in
 * the ring): the last word is cleared before the data is copied over it. */
static inline char *shim_blob_start(char *at, uint64_t addr, uint64_t len, uint32_t flags)
{
	struct shim_blob b = { .addr = addr, .len = (uint32_t)len, .flags = flags };

	memcpy(at, &b, sizeof(b));
	if (len)
		memset(at + sizeof(b) + SHIM_ALIGN8(len) - 8, 0, 8);
	return at + sizeof(b);
}

/* Append a blob of the len bytes at addr, read with the safe copy.
 * unit 0: all or nothing (a buffer: decoders read it whole), else the
 * readable prefix in whole units (an array: decoders read it element by
 * element).  Whatever is unreadable is marked by a SHIM_BLOB_FAULT blob at
 * its first address, which takes sizeof(struct shim_blob) more when
 * something was readable.  Returns the copy in the ring (NULL if nothing
 * was copied) and its length in *got. */
static inline const void *shim_blob_copy(struct shim_rec_ctx *c, uint64_t addr, uint64_t len,
					 uint64_t unit, uint64_t *got)
{
	char *data;
	uint64_t n;

	*got = 0;
	if (!len || c->nblobs >= 255 || shim_blob_size(len) > (uint64_t)(c->end - c->cur))
		return NULL;
	data = shim_blob_start(c->cur, addr, len, 0);
	n = shim_safe_copy(data, addr, len);
	if (n < len) {
		n = unit ? n - n % unit : 0;
		if (n) {
			/* the header again, for the readable part: its
			 * padding is what the copy left past n */
			shim_blob_start(c->cur, addr, n, 0);
			memset(data + n, 0, SHIM_ALIGN8(n) - n);
		}
	}
	if (n) {
		c->cur = data + SHIM_ALIGN8(n);
		c->nblobs++;
	}
	if (n < len && c->nblobs < 255 &&
	    sizeof(struct shim_blob) <= (uint64_t)(c->end - c->cur)) {
		/* where the readable part ends */
		shim_blob_start(c->cur, addr + n, 0, SHIM_BLOB_FAULT);
		c->cur += sizeof(struct shim_blob);
		c->nblobs++;
	}
	*got = n;
	return n ? data : NULL;
}

/* The call returned: ret and t_exit, at once (the tracer, stopping the
 * thread for a signal while it copies the blobs, shows the call whole). */
static inline void shim_rec_returned(struct shim_rec_ctx *c, int64_t ret, int64_t t_exit)
{
	c->rec->ret = ret;
	if (c->t_exit)
		*c->t_exit = t_exit;
	/* a signal stop from here on sees the call as returned */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* The rest of the exit half: nblobs, len; publish head, then clear
 * inflight. */
static inline void shim_rec_commit(struct shim_rec_ctx *c)
{
	struct shim_rec *rec = c->rec;
	uint32_t len = (uint32_t)(c->cur - (char *)rec);

	rec->nblobs = (uint8_t)c->nblobs;
	rec->len = len;
	__atomic_store_n(&c->slot->head, c->pos + len, __ATOMIC_RELEASE);
	__atomic_store_n(&c->slot->inflight, 0, __ATOMIC_RELEASE);
}

#endif
