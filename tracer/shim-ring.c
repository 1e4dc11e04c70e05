/* The ring consumer: records from the shim become the same syscall events
 * as ptrace stops (syscall_entering/syscall_exiting), their memory served
 * from the captured buffers.  Every record is copied out of the shared
 * memory before it is looked at and checked against what we allowed; a bad
 * one switches the shim off for that process (DESIGN.md §6). */
#include <cpuid.h>
#include <linux/audit.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/user.h>
#include <time.h>

#include "shim-proc.h"
#include "tracer.h"

int64_t event_mono_ns;
unsigned long shim_records, shim_processes;

static struct shim_ctl *ctl_of(struct shim_proc *sp)
{
	return (struct shim_ctl *)sp->area;
}

static struct shim_slot *slot_of(struct shim_proc *sp, unsigned int i)
{
	return (struct shim_slot *)(sp->area + SHIM_SLOT_OFF(i));
}

static const uint8_t *ring_of(struct shim_proc *sp, unsigned int i)
{
	return sp->area + SHIM_SLOT_OFF(i) + SHIM_PAGE;
}

/* clflushopt: unordered, so a pass over many lines costs little */
__attribute__((target("clflushopt"))) static void flush_opt(const void *line)
{
	__builtin_ia32_clflushopt(line);
}

static bool nr_allowed(const struct shim_proc *sp, uint32_t nr)
{
	return nr < SHIM_NR_MAX && (sp->traced[nr / 64] >> (nr % 64) & 1);
}

/* A record as the tracer uses it: the copy of its bytes (header at 0) and
 * its fields, checked.  Arguments a record does not carry read as 0. */
struct rec_view {
	const uint8_t *bytes;
	uint32_t len;              /* set by copy_record, not view_fill */
	uint32_t nr, seq, nblobs, blobs_off;
	int64_t ret, t_entry, t_exit;
	uint64_t args[6];
};

/* The header's fields and the arguments and timestamps after it, from the
 * first `have` bytes of a record at `bytes`; false when they do not fit. */
static bool view_fill(struct rec_view *v, const uint8_t *bytes, uint32_t have)
{
	struct shim_rec h;

	if (have < sizeof(h))
		return false;
	memcpy(&h, bytes, sizeof(h));
	if (h.nargs > 6 || (h.flags & ~SHIM_REC_TIMES) || h.reserved)
		return false;
	uint32_t base = SHIM_REC_BLOBS_OFF(h.nargs, h.flags);
	uint32_t upto = h.nblobs ? base : SHIM_REC_TIMES_OFF(h.nargs) + ((h.flags & SHIM_REC_TIMES) ? 8 : 0);
	if (upto > have)
		return false;
	memset(v, 0, sizeof(*v));
	v->bytes = bytes;
	v->nr = h.nr;
	v->seq = h.seq;
	v->nblobs = h.nblobs;
	v->blobs_off = base;
	v->ret = h.ret;
	memcpy(v->args, bytes + SHIM_REC_ARGS_OFF, 8u * h.nargs);
	if (h.flags & SHIM_REC_TIMES) {
		memcpy(&v->t_entry, bytes + SHIM_REC_TIMES_OFF(h.nargs), 8);
		/* whole records always have it; an entry half may not yet */
		if (have >= SHIM_REC_TIMES_OFF(h.nargs) + 16)
			memcpy(&v->t_exit, bytes + SHIM_REC_TIMES_OFF(h.nargs) + 8, 8);
	}
	return true;
}

/* A bad record: say so once, stop the shim, and go on from the producer's
 * current position so calls already under way are still seen. */
static void violation(struct shim_proc *sp, pid_t pid, const char *what)
{
	if (!sp->dead)
		error_msg("Process %d: bad record in the shim's ring (%s); "
			  "the shim is off for this process", pid, what);
	shim_disable(sp, pid);
}

/* The record at ring position pos, copied out whole into buf (records
 * never straddle the ring's end) and checked; its type in *type.  false
 * when it is not well formed. */
static bool copy_record(struct shim_proc *sp, unsigned int i, uint64_t pos, uint64_t avail,
			uint8_t *buf, struct rec_view *v, uint8_t *type, const char **why)
{
	uint64_t off = pos & (SHIM_RING_SIZE - 1);
	uint64_t room = SHIM_RING_SIZE - off;
	const uint8_t *ring = ring_of(sp, i);
	uint32_t len;

	if (avail > room)
		avail = room;
	if (avail < 8) {
		*why = "truncated record";
		return false;
	}
	memcpy(&len, ring + off, 4);
	if (len < 8 || len % 8 || len > avail) {
		*why = "record length";
		return false;
	}
	memcpy(buf, ring + off, len);
	*type = buf[offsetof(struct shim_rec, type)];
	if (*type == SHIM_REC_PAD) {
		v->len = len;
		if (len != room) {
			*why = "padding";
			return false;
		}
		return true;
	}
	if (*type != SHIM_REC_SYSCALL || !view_fill(v, buf, len)) {
		*why = "record type";
		return false;
	}
	/* the length checked above: the header's copy may say otherwise if
	 * the writer changed it in between */
	v->len = len;
	if (!nr_allowed(sp, v->nr)) {
		*why = "syscall number";
		return false;
	}
	/* the blobs must tile the rest of the record exactly */
	uint64_t p = v->blobs_off;
	for (unsigned int b = 0; b < v->nblobs; b++) {
		struct shim_blob bl;
		if (p + sizeof(bl) > len) {
			*why = "blob header";
			return false;
		}
		memcpy(&bl, buf + p, sizeof(bl));
		p += sizeof(bl);
		if (bl.len > len - p || SHIM_ALIGN8(bl.len) > len - p || (bl.flags & ~SHIM_BLOB_FAULT) ||
		    ((bl.flags & SHIM_BLOB_FAULT) && bl.len)) {
			*why = "blob length";
			return false;
		}
		p += SHIM_ALIGN8(bl.len);
	}
	if (p != len) {
		*why = "record size";
		return false;
	}
	return true;
}

static bool is_errno(int64_t rv)
{
	return rv < 0 && rv >= -4095;
}

static void fill_info(struct __ptrace_syscall_info *info, const struct rec_view *r)
{
	memset(info, 0, sizeof(*info));
	info->arch = AUDIT_ARCH_X86_64;
	info->instruction_pointer = shim_gate + SHIM_GATE_EXEMPT_OFF;
	info->entry.nr = r->nr;
	for (int a = 0; a < 6; a++)
		info->entry.args[a] = r->args[a];
}

static void print_entry(struct tcb *tcp, const struct rec_view *r)
{
	struct __ptrace_syscall_info info;

	fill_info(&info, r);
	event_mono_ns = r->t_entry;
	syscall_entering(tcp, &info, (uint64_t)r->t_entry);
	event_mono_ns = 0;
}

static void print_exit(struct tcb *tcp, const struct rec_view *r, int64_t rv)
{
	struct __ptrace_syscall_info info;

	fill_info(&info, r);
	info.exit.rval = rv;
	info.exit.is_error = is_errno(rv);
	event_mono_ns = r->t_exit;
	syscall_exiting(tcp, &info, (uint64_t)r->t_exit);
	event_mono_ns = 0;
}

/* One committed record: the entry unless it is out already (a call that
 * was seen blocking), then the exit; records printed at a signal stop are
 * skipped, a restarted one prints as the new call it is. */
static void emit_record(struct tcb *tcp, const struct rec_view *r)
{
	uint64_t tag = (uint64_t)r->seq + 1;

	if (tcp->shim_final == tag) {
		tcp->shim_final = 0;
		return;
	}
	if (tcp->shim_restart == tag) {
		bool eintr = tcp->shim_eintr;
		tcp->shim_restart = 0;
		tcp->shim_eintr = false;
		if (eintr)
			return;  /* rt_sigreturn's "= -1 EINTR" said it */
	}
	tcp->shim_rec = r;
	if (tcp->shim_shown != tag || !(tcp->flags & TCB_INSYSCALL))
		print_entry(tcp, r);
	tcp->shim_shown = 0;
	print_exit(tcp, r, r->ret);
	tcp->shim_rec = NULL;
}

static uint8_t *recbuf;

/* After a bad record: the first position from which well-formed records
 * with consecutive numbers run exactly up to head.  The calls the program
 * made after the damage are there, and must not be lost. */
static uint64_t resync(struct shim_proc *sp, unsigned int i, uint64_t from, uint64_t head, uint64_t *seq)
{
	for (uint64_t p = (from + 8) & ~7ull; p < head; p += 8) {
		uint64_t q = p, expect = 0;
		bool first = true, ok = true;
		while (ok && q < head) {
			const char *why;
			struct rec_view r;
			uint8_t type;
			if (!copy_record(sp, i, q, head - q, recbuf, &r, &type, &why) ||
			    (type == SHIM_REC_SYSCALL && !first && r.seq != (uint32_t)expect)) {
				ok = false;
				break;
			}
			if (type == SHIM_REC_SYSCALL) {
				if (first)
					*seq = r.seq;
				expect = (uint64_t)r.seq + 1;
				first = false;
			}
			q += r.len;
		}
		if (ok && q == head && !first)
			return p;
	}
	return head;
}

/* Give the cache lines of ring positions [from, to) back to memory once
 * they are consumed.  Read by us, a line stays shared in our caches until
 * the writer comes round the ring again, and its store must then take it
 * from this core; when the two cores are far apart (another CCX, another
 * socket), each such store stalled the writer's next syscall entry:
 * measured, a writer making a syscall per 112-byte record took 230 ns per
 * record instead of 115 with a private ring.  Flushed, the line comes from
 * memory, which the writer's prefetcher hides (120 ns).  The line holding
 * `to` may still be being written: it is left alone. */
static void release_lines(struct shim_proc *sp, unsigned int i, uint64_t from, uint64_t to)
{
	static int have_clflushopt = -1;
	const uint8_t *ring = ring_of(sp, i);

	if (have_clflushopt < 0) {
		unsigned int a, b, c, d;
		have_clflushopt = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_CLFLUSHOPT);
	}
	for (uint64_t p = from & ~63ull; p + 64 <= to; p += 64) {
		const void *line = ring + (p & (SHIM_RING_SIZE - 1));
		if (have_clflushopt)
			flush_opt(line);
		else
			__builtin_ia32_clflush(line);
	}
}

/* While the thread is writing, the idle drain waits for this much: reading
 * right behind the writer bounces every cache line of the ring between the
 * two cores (measured: it cost the writer more than the record itself). */
#define DRAIN_LOW_WATER (64 * 1024)

/* Within a long pass the tail is published every this many bytes, so a
 * writer waiting for room goes on long before the pass ends. */
#define TAIL_STEP (16 * 1024)

/* A slot's head moved since the last look: its thread is writing now. */
static bool rings_moving;

/* Consume one slot up to its head (at a stop, force: all of it).  Returns
 * the records printed. */
static unsigned int drain_slot(struct shim_proc *sp, unsigned int i, bool force)
{
	struct shim_slot *s = slot_of(sp, i);
	struct slot_view *v = &sp->slots[i];
	uint64_t head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);
	pid_t owner = (pid_t)__atomic_load_n(&s->owner_tid, __ATOMIC_RELAXED);
	unsigned int n = 0;

	if (head == v->tail)
		return 0;
	bool writing = head != v->last_head;
	v->last_head = head;
	rings_moving |= writing;
	/* still writing, not much yet: later */
	if (!force && writing && head - v->tail < DRAIN_LOW_WATER)
		return 0;
	struct tcb *tcp = owner > 0 ? tcb_find(owner) : NULL;
	if (!tcp || tcp->shim != sp) {
		violation(sp, owner, "slot owner");
		v->tail = head;
		__atomic_store_n(&s->tail, head, __ATOMIC_RELEASE);
		return 0;
	}
	if (head < v->tail || head - v->tail > SHIM_RING_SIZE) {
		violation(sp, tcp->pid, "ring position");
		v->tail = head;
		__atomic_store_n(&s->tail, head, __ATOMIC_RELEASE);
		return 0;
	}
	if (!recbuf)
		recbuf = xcalloc(1, SHIM_RING_SIZE);
	uint64_t from = v->tail;
	while (v->tail < head) {
		const char *why = NULL;
		struct rec_view r;
		uint8_t type;
		bool ok = copy_record(sp, i, v->tail, head - v->tail, recbuf, &r, &type, &why);
		if (ok && type == SHIM_REC_SYSCALL && r.seq != (uint32_t)v->next_seq && !sp->dead)
			why = "sequence", ok = false;
		if (!ok) {
			violation(sp, tcp->pid, why);
			uint64_t seq = v->next_seq;
			v->tail = resync(sp, i, v->tail, head, &seq);
			v->next_seq = seq;
			continue;
		}
		v->tail += r.len;
		if (type == SHIM_REC_PAD)
			continue;
		v->next_seq = (uint64_t)r.seq + 1;
		shim_records++;
		emit_record(tcp, &r);
		n++;
		if (v->tail - from >= TAIL_STEP) {
			release_lines(sp, i, from, v->tail);
			__atomic_store_n(&s->tail, v->tail, __ATOMIC_RELEASE);
			from = v->tail;
		}
	}
	release_lines(sp, i, from, v->tail);
	__atomic_store_n(&s->tail, v->tail, __ATOMIC_RELEASE);
	return n;
}

static unsigned int drain_proc(struct shim_proc *sp, bool force)
{
	unsigned int n = 0;

	if (!sp->area)
		return 0;
	uint64_t claimed = __atomic_load_n(&ctl_of(sp)->slots_claimed, __ATOMIC_ACQUIRE);
	for (unsigned int i = 0; i < SHIM_MAX_SLOTS; i++)
		if (claimed >> i & 1)
			n += drain_slot(sp, i, force);
	return n;
}

void shim_drain(struct tcb *tcp)
{
	if (tcp->shim)
		drain_proc(tcp->shim, true);
}

/* Every process's rings; the records printed (rings_moving says whether
 * a writer was at work). */
static unsigned int drain_every(bool force)
{
	unsigned int n = 0;
	rings_moving = false;
	for (struct shim_proc *sp = shim_proc_first(); sp; sp = sp->next)
		n += drain_proc(sp, force);
	return n;
}

bool shim_drain_all(bool force)
{
	return drain_every(force) != 0 || rings_moving;
}

/* After a look that found a writer but less than a batch, the next look
 * waits this long: each look moves the slot header's cache line (head, that
 * the writer stores at every call) to us, and looking every microsecond
 * cost a fast writer more than our printing did (dd bs=1: 130 ms instead
 * of 105).  At 100 ns a 72-byte record a writer adds some 14 KiB
 * meanwhile, well inside the ring. */
#define LOOK_GAP_NS 20000

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool shim_poll(void)
{
	static int64_t next_look;
	static bool busy;

	if (!shim_proc_first())
		return false;
	int64_t now = mono_ns();
	if (now < next_look)
		return busy;
	unsigned int n = drain_every(false);
	busy = n != 0 || rings_moving;
	next_look = n == 0 && rings_moving ? now + LOOK_GAP_NS : 0;
	return busy;
}

bool shim_any_armed(void)
{
	for (struct shim_proc *sp = shim_proc_first(); sp; sp = sp->next)
		if (sp->area)
			return true;
	return false;
}

/* The slot a thread writes in, per its header (checked by the caller). */
static int slot_index(struct shim_proc *sp, pid_t tid)
{
	uint64_t claimed = __atomic_load_n(&ctl_of(sp)->slots_claimed, __ATOMIC_ACQUIRE);
	for (unsigned int i = 0; i < SHIM_MAX_SLOTS; i++)
		if ((claimed >> i & 1) && (pid_t)slot_of(sp, i)->owner_tid == tid)
			return (int)i;
	return -1;
}

/* The thread's in-flight record (entry half at head): its fields in *r,
 * its bytes in buf. */
static bool inflight_record(struct shim_proc *sp, struct tcb *tcp, int *slot, struct rec_view *r,
			    uint8_t buf[SHIM_REC_BLOBS_OFF(6, SHIM_REC_TIMES)])
{
	if (!sp || !sp->area)
		return false;
	int i = slot_index(sp, tcp->pid);
	if (i < 0)
		return false;
	struct shim_slot *s = slot_of(sp, (unsigned int)i);
	struct slot_view *v = &sp->slots[i];
	if (!__atomic_load_n(&s->inflight, __ATOMIC_ACQUIRE) || __atomic_load_n(&s->head, __ATOMIC_ACQUIRE) != v->tail)
		return false;
	uint64_t off = v->tail & (SHIM_RING_SIZE - 1);
	uint32_t have = SHIM_REC_BLOBS_OFF(6, SHIM_REC_TIMES);
	if (off + have > SHIM_RING_SIZE)
		have = (uint32_t)(SHIM_RING_SIZE - off);
	memcpy(buf, ring_of(sp, (unsigned int)i) + off, have);
	if (buf[offsetof(struct shim_rec, type)] != SHIM_REC_SYSCALL || !view_fill(r, buf, have) || r->seq != (uint32_t)v->next_seq ||
	    !nr_allowed(sp, r->nr) || r->nblobs)
		return false;
	*slot = i;
	return true;
}

/* A call that has been in flight for two looks (the tracer slept in
 * between) shows its entry, as a blocked call does under strace. */
void shim_show_pending(void)
{
	for (struct shim_proc *sp = shim_proc_first(); sp; sp = sp->next) {
		if (!sp->area)
			continue;
		uint64_t claimed = __atomic_load_n(&ctl_of(sp)->slots_claimed, __ATOMIC_ACQUIRE);
		for (unsigned int i = 0; i < SHIM_MAX_SLOTS; i++) {
			if (!(claimed >> i & 1))
				continue;
			struct tcb *tcp = tcb_find((pid_t)slot_of(sp, i)->owner_tid);
			struct rec_view r;
			uint8_t rb[SHIM_REC_BLOBS_OFF(6, SHIM_REC_TIMES)];
			int si;
			if (!tcp || tcp->shim != sp || !inflight_record(sp, tcp, &si, &r, rb) || (unsigned int)si != i ||
			    r.ret != SHIM_RET_PENDING) {
				sp->slots[i].pending_seq = 0;
				continue;
			}
			struct slot_view *v = &sp->slots[i];
			uint64_t tag = (uint64_t)r.seq + 1;
			if (v->pending_seq != tag) {
				v->pending_seq = tag;
				v->pending_looks = 0;
			}
			if (++v->pending_looks < 2 || tcp->shim_shown == tag || tcp->shim_restart == tag)
				continue;
			tcp->shim_rec = NULL;   /* blocked: its memory is as at the entry */
			print_entry(tcp, &r);
			tcp->shim_shown = tag;
		}
	}
}

#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

/* A signal stops a thread inside a shim call.  strace would have shown the
 * call before the signal: as interrupted ("= ? ERESTARTSYS") when the
 * kernel will restart or fail it, or whole when it had returned. */
void shim_signal_stop(struct tcb *tcp)
{
	struct rec_view r;
	uint8_t rb[SHIM_REC_BLOBS_OFF(6, SHIM_REC_TIMES)];
	int i;

	if (!inflight_record(tcp->shim, tcp, &i, &r, rb))
		return;
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETREGS, tcp->pid, 0L, &regs) < 0)
		return;
	uint64_t tag = (uint64_t)r.seq + 1;
	bool at_gate = regs.rip == shim_gate + SHIM_GATE_EXEMPT_OFF && regs.orig_rax == r.nr;
	int64_t rv;
	if (r.ret != SHIM_RET_PENDING)
		rv = r.ret;
	else if (at_gate)
		rv = (int64_t)regs.rax;
	else
		return;  /* not in the call yet: it comes after the signal */
	bool restart = r.ret == SHIM_RET_PENDING &&
		       (rv == -ERESTARTSYS || rv == -ERESTARTNOINTR || rv == -ERESTARTNOHAND || rv == -ERESTART_RESTARTBLOCK);
	if (tcp->shim_final == tag)
		return;
	tcp->shim_rec = NULL;   /* the thread is stopped: its memory is the call's */
	if (tcp->shim_shown != tag || !(tcp->flags & TCB_INSYSCALL))
		print_entry(tcp, &r);
	tcp->shim_shown = 0;
	print_exit(tcp, &r, rv);
	if (restart) {
		tcp->shim_restart = tag;
		tcp->shim_eintr = false;
	} else {
		tcp->shim_final = tag;
	}
}

void shim_sigreturn_exit(struct tcb *tcp, int64_t rval)
{
	if (tcp->shim_restart && rval == -4 /* EINTR */)
		tcp->shim_eintr = true;
}

/* The thread is leaving: what it committed is printed, a call it was
 * inside shows as unfinished, and its slot is free for a new thread. */
void shim_thread_exit(struct tcb *tcp)
{
	struct shim_proc *sp = tcp->shim;
	struct rec_view r;
	uint8_t rb[SHIM_REC_BLOBS_OFF(6, SHIM_REC_TIMES)];
	int i;

	if (!sp || !sp->area)
		return;
	drain_proc(sp, true);
	if (inflight_record(sp, tcp, &i, &r, rb)) {
		uint64_t tag = (uint64_t)r.seq + 1;
		if (tcp->shim_final != tag && tcp->shim_restart != tag &&
		    (tcp->shim_shown != tag || !(tcp->flags & TCB_INSYSCALL))) {
			tcp->shim_rec = NULL;
			print_entry(tcp, &r);
		}
		tcp->shim_shown = 0;
	} else {
		i = slot_index(sp, tcp->pid);
	}
	if (i < 0)
		return;
	struct shim_slot *s = slot_of(sp, (unsigned int)i);
	__atomic_store_n(&s->inflight, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&s->head, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&s->tail, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&s->owner_tid, 0, __ATOMIC_RELEASE);
	memset(&sp->slots[i], 0, sizeof(sp->slots[i]));
	__atomic_and_fetch(&ctl_of(sp)->slots_claimed, ~(1ull << i), __ATOMIC_RELEASE);
}

/* --- memory of a record's event -------------------------------------- */

/* The blob holding the most bytes from addr (iovecs may share a buffer:
 * {buf, 1} and {buf, 2} make two blobs at one address); a FAULT blob only
 * when none holds it. */
static const struct shim_blob *find_blob(const void *rec, uint64_t addr, const uint8_t **data)
{
	const struct rec_view *r = rec;
	const uint8_t *p = r->bytes + r->blobs_off;
	const struct shim_blob *best = NULL, *fault = NULL;
	const uint8_t *best_data = NULL;
	uint64_t best_have = 0;

	for (unsigned int b = 0; b < r->nblobs; b++) {
		const struct shim_blob *bl = (const struct shim_blob *)p;
		p += sizeof(*bl);
		if (addr >= bl->addr) {
			uint64_t off = addr - bl->addr;
			if (off < bl->len && bl->len - off > best_have) {
				best = bl;
				best_data = p;
				best_have = bl->len - off;
			} else if ((bl->flags & SHIM_BLOB_FAULT) && off == 0 && !fault) {
				fault = bl;
			}
		}
		p += SHIM_ALIGN8(bl->len);
	}
	if (best) {
		*data = best_data;
		return best;
	}
	*data = p;
	return fault;
}

/* A decoder reaching outside the captured buffers means the capture spec
 * is short: loud with HYTRACE_SHIM_STRICT (the tests set it). */
static int missing(const void *rec, uint64_t addr, size_t len)
{
	static int strict = -1;
	if (strict < 0)
		strict = getenv("HYTRACE_SHIM_STRICT") != NULL;
	if (strict)
		error_msg("shim record of syscall %u lacks %zu bytes at %#llx",
			  ((const struct rec_view *)rec)->nr, len, (unsigned long long)addr);
	return -1;
}

/* The captured bytes from addr on: *have of them; -1 when the record says
 * unreadable or never captured them. */
static const uint8_t *captured(const void *rec, uint64_t addr, size_t len, size_t *have)
{
	const uint8_t *data;
	const struct shim_blob *bl = find_blob(rec, addr, &data);

	if (!bl) {
		missing(rec, addr, len);
		return NULL;
	}
	if (bl->flags & SHIM_BLOB_FAULT)
		return NULL;
	*have = bl->len - (addr - bl->addr);
	return data + (addr - bl->addr);
}

int shim_umoven(const void *rec, uint64_t addr, size_t len, void *buf)
{
	size_t have;
	const uint8_t *p = captured(rec, addr, len, &have);

	if (!p)
		return -1;
	if (len > have)
		return missing(rec, addr, len);
	memcpy(buf, p, len);
	return 0;
}

int shim_umovestr(const void *rec, uint64_t addr, size_t len, char *buf)
{
	size_t have;
	const uint8_t *p = captured(rec, addr, len, &have);

	if (!p)
		return -1;
	size_t n = have < len ? have : len;
	memcpy(buf, p, n);
	if (memchr(buf, 0, n))
		return 1;
	return n == len ? 0 : missing(rec, addr, len);
}

void shim_print_stats(void)
{
	const char *e = getenv("HYTRACE_SHIM_STATS");
	if (!e || !*e || !strcmp(e, "0"))
		return;
	error_msg("shim: %lu records from %lu processes", shim_records, shim_processes);
	if (!strcmp(e, "2")) {
		/* for tuning: is the tracer the bottleneck? */
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		error_msg("shim: tracer CPU %ld.%03ld s user, %ld.%03ld s system",
			  (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec / 1000,
			  (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec / 1000);
	}
}
