/* Records in a thread's ring (shim/protocol.h): the entry half before the
 * call, blobs and the exit half after it, and the fault-tolerant copy that
 * reads the program's memory for them (a buffer given to write() may be
 * unmapped: /dev/null never reads it). */
#include <string.h>
#include <time.h>

#include "shim.h"

#define RING_MASK ((uint64_t)SHIM_RING_SIZE - 1)

_Static_assert((SHIM_RING_SIZE & (SHIM_RING_SIZE - 1)) == 0, "ring size: a power of 2");
_Static_assert(sizeof(struct shim_rec) % 8 == 0, "record header: 8-aligned");
_Static_assert(sizeof(struct shim_blob) % 8 == 0, "blob header: 8-aligned");

int64_t shim_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* --- the safe copy ----------------------------------------------------- */

/* shim_fault_copy(dst, src, len): a byte loop for short copies (rep movsb
 * takes some 30 cycles to start, and most captures are a few bytes), rep
 * movsb for the rest, returning the bytes copied.
 * A fault on the source (a buffer the kernel never read: a write to
 * /dev/null does not touch it) stops the thread with SIGSEGV or SIGBUS at
 * [shim_copy_start, shim_copy_end); the tracer swallows the signal and
 * resumes at shim_copy_fixup (protocol.h, struct shim_ctl), where %rcx
 * still counts the bytes left. */
__asm__(".pushsection .text\n"
	".globl shim_fault_copy\n"
	".hidden shim_fault_copy\n"
	".globl shim_copy_start\n"
	".hidden shim_copy_start\n"
	".globl shim_copy_end\n"
	".hidden shim_copy_end\n"
	".globl shim_copy_fixup\n"
	".hidden shim_copy_fixup\n"
	".type shim_fault_copy, @function\n"
	".p2align 4\n"
	"shim_fault_copy:\n"
	"\t.cfi_startproc\n"
	"\tmovq %rdx, %rcx\n"
	"\tcmpq $32, %rcx\n"
	"\tja 2f\n"
	"shim_copy_start:\n"
	"1:\ttestq %rcx, %rcx\n"
	"\tjz 3f\n"
	"\tmovb (%rsi), %al\n"
	"\tmovb %al, (%rdi)\n"
	"\tincq %rsi\n"
	"\tincq %rdi\n"
	"\tdecq %rcx\n"
	"\tjmp 1b\n"
	"2:\trep movsb\n"
	"shim_copy_end:\n"
	"3:\tmovq %rdx, %rax\n"
	"\tret\n"
	"shim_copy_fixup:\n"
	"\tmovq %rdx, %rax\n"
	"\tsubq %rcx, %rax\n"
	"\tret\n"
	"\t.cfi_endproc\n"
	".size shim_fault_copy, .-shim_fault_copy\n"
	".popsection\n");

uint64_t shim_safe_copy(void *dst, uint64_t src, uint64_t len)
{
	uint64_t n;

	if (!len)
		return 0;
	n = shim_fault_copy(dst, (const void *)(uintptr_t)src, len);
	return n < len ? n : len;
}

/* --- records ----------------------------------------------------------- */

static inline char *shim_ring(struct shim_slot *slot)
{
	return (char *)slot + SHIM_PAGE;
}

int shim_rec_begin(struct shim_rec_ctx *c, struct shim_slot *slot,
		   uint64_t worst, unsigned nr, const uint64_t args[6],
		   uint64_t seq, int64_t t_entry)
{
	char *ring = shim_ring(slot);
	uint64_t head = __atomic_load_n(&slot->head, __ATOMIC_RELAXED);
	uint64_t tail = __atomic_load_n(&slot->tail, __ATOMIC_ACQUIRE);
	uint64_t used = head - tail;
	uint64_t off = head & RING_MASK;
	uint64_t to_end = SHIM_RING_SIZE - off;
	uint64_t need;
	struct shim_rec *rec;

	worst = SHIM_ALIGN8(worst);
	if ((head & 7) || used > SHIM_RING_SIZE || worst > SHIM_RING_SIZE)
		return -1;
	need = worst <= to_end ? worst : to_end + worst;
	if (need > SHIM_RING_SIZE - used)
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
	rec->len = sizeof(*rec);
	rec->nr = (uint16_t)nr;
	rec->type = SHIM_REC_SYSCALL;
	rec->nblobs = 0;
	rec->seq = seq;
	rec->t_entry = t_entry;
	rec->t_exit = 0;
	for (int i = 0; i < 6; i++)
		rec->args[i] = args[i];
	rec->ret = SHIM_RET_PENDING;
	__atomic_store_n(&slot->inflight, 1, __ATOMIC_RELEASE);

	c->slot = slot;
	c->rec = rec;
	c->pos = head;
	c->cur = (char *)(rec + 1);
	c->end = (char *)rec + worst;
	c->nblobs = 0;
	return 0;
}

static void shim_blob_header(char *at, uint64_t addr, uint64_t len, uint32_t flags)
{
	struct shim_blob b = { .addr = addr, .len = (uint32_t)len, .flags = flags };

	memcpy(at, &b, sizeof(b));
	/* padding: no stale bytes in the ring */
	memset(at + sizeof(b) + len, 0, SHIM_ALIGN8(len) - len);
}

const void *shim_blob_copy(struct shim_rec_ctx *c, uint64_t addr, uint64_t len,
			   uint64_t unit, uint64_t *got)
{
	char *data = c->cur + sizeof(struct shim_blob);
	uint64_t n;

	*got = 0;
	if (!len || c->nblobs >= 255 || shim_blob_size(len) > (uint64_t)(c->end - c->cur))
		return NULL;
	n = shim_safe_copy(data, addr, len);
	if (n < len)
		n = unit ? n - n % unit : 0;
	if (n) {
		shim_blob_header(c->cur, addr, n, 0);
		c->cur = data + SHIM_ALIGN8(n);
		c->nblobs++;
	}
	if (n < len && c->nblobs < 255 &&
	    sizeof(struct shim_blob) <= (uint64_t)(c->end - c->cur)) {
		/* where the readable part ends */
		shim_blob_header(c->cur, addr + n, 0, SHIM_BLOB_FAULT);
		c->cur += sizeof(struct shim_blob);
		c->nblobs++;
	}
	*got = n;
	return n ? data : NULL;
}

void shim_rec_returned(struct shim_rec_ctx *c, int64_t ret, int64_t t_exit)
{
	c->rec->ret = ret;
	c->rec->t_exit = t_exit;
	/* a signal stop from here on sees the call as returned */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

void shim_rec_commit(struct shim_rec_ctx *c)
{
	struct shim_rec *rec = c->rec;
	uint32_t len = (uint32_t)(c->cur - (char *)rec);

	rec->nblobs = (uint8_t)c->nblobs;
	rec->len = len;
	__atomic_store_n(&c->slot->head, c->pos + len, __ATOMIC_RELEASE);
	__atomic_store_n(&c->slot->inflight, 0, __ATOMIC_RELEASE);
}
