/* The exported libc wrappers.  Each takes the fast path (the call through
 * the gate, recorded in the thread's ring) when it can, and otherwise calls
 * the real libc function, whose syscall stops under ptrace as usual. */

/* These would turn read() & co. into inline functions or redirect pread()
 * to pread64(): the wrappers need the plain declarations. */
#undef _FORTIFY_SOURCE
#undef _FILE_OFFSET_BITS
#undef _TIME_BITS

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "record.h"

#define EXPORT __attribute__((visibility("default")))

/* What a call's record captures */
enum shim_kind { K_NONE, K_READ, K_WRITE, K_READV, K_WRITEV };

/* The numbers the shim takes: their kind and argument count; -1 for any
 * other number. */
static inline __attribute__((always_inline)) int shim_nr_kind(long nr, unsigned *nargs)
{
	switch (nr) {
	case SYS_read:      *nargs = 3; return K_READ;
	case SYS_pread64:   *nargs = 4; return K_READ;
	case SYS_write:     *nargs = 3; return K_WRITE;
	case SYS_pwrite64:  *nargs = 4; return K_WRITE;
	case SYS_readv:     *nargs = 3; return K_READV;
	case SYS_writev:    *nargs = 3; return K_WRITEV;
	case SYS_lseek:     *nargs = 3; return K_NONE;
	case SYS_close:     *nargs = 1; return K_NONE;
	case SYS_getpid:
	case SYS_getppid:
	case SYS_gettid:
	case SYS_getuid:
	case SYS_geteuid:
	case SYS_getgid:
	case SYS_getegid:   *nargs = 0; return K_NONE;
	default:            return -1;
	}
}

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The iovec blobs of readv/writev: how many array elements and data blobs
 * (the decoders read max_strlen + 1 elements, max_strlen of them with
 * data; -v: all of them).  0 when the array is not decoded at all. */
static int shim_iov_plan(const uint64_t a[6], uint32_t s, int verbose,
			 uint64_t *narr, uint64_t *ndata)
{
	uint64_t cnt = a[2];

	if (!a[1] || cnt < 1 || cnt > 1024)
		return 0;
	*narr = verbose ? cnt : min_u64(cnt, (uint64_t)s + 1);
	*ndata = s == 0 ? 0 : verbose ? cnt : min_u64(cnt, s);
	return 1;
}

static void shim_iov_blobs(struct shim_rec_ctx *c, int kind, const uint64_t a[6],
			   long ret, uint32_t s, int verbose)
{
	uint64_t narr, ndata, got, left;
	const char *arr;

	if (!shim_iov_plan(a, s, verbose, &narr, &ndata))
		return;
	/* the array, element by element as the decoder reads it (also on
	 * error: strace prints it then too) */
	arr = shim_blob_copy(c, a[1], narr * sizeof(struct iovec), sizeof(struct iovec), &got);
	if (!arr)
		return;
	ndata = min_u64(ndata, got / sizeof(struct iovec));
	if (kind == K_READV && ret < 0)
		return;         /* no data to show */
	/* readv: the first ret bytes, in element order, are the data */
	left = ret >= 0 ? (uint64_t)ret : 0;
	for (uint64_t i = 0; i < ndata; i++) {
		struct iovec v;
		uint64_t n;

		__builtin_memcpy(&v, arr + i * sizeof(v), sizeof(v));
		if (kind == K_READV) {
			n = min_u64(v.iov_len, left);
			left -= n;
		} else {
			n = v.iov_len;
		}
		n = min_u64(n, s);
		if (n)
			shim_blob_copy(c, (uint64_t)(uintptr_t)v.iov_base, n, 0, &got);
	}
}

/* The fast path.  Returns 1 with the raw kernel result in *out, or 0: the
 * caller calls the real function. */
static inline __attribute__((always_inline)) int shim_take(long nr, const uint64_t a[6], long *out)
{
	struct shim_tls *t = &shim_tls;
	struct shim_rec_ctx c;
	struct shim_ctl *ctl;
	struct shim_slot *slot;
	uint64_t worst, n, narr, ndata, got;
	uint32_t s, flags, st;
	unsigned nargs;
	int kind, verbose, times;
	int64_t t_entry, t_exit;
	long ret;

	if (__atomic_load_n(&shim_cancel_used, __ATOMIC_RELAXED))
		return 0;
	st = __atomic_load_n(&shim_state, __ATOMIC_ACQUIRE);
	if (st != SHIM_STATE_ARMED && (st != SHIM_STATE_REINIT || !shim_reinit()))
		return 0;
	ctl = __atomic_load_n(&shim_ctl, __ATOMIC_RELAXED);
	if (!ctl || __atomic_load_n(&ctl->disabled, __ATOMIC_RELAXED))
		return 0;
	kind = shim_nr_kind(nr, &nargs);
	if (kind < 0 || (unsigned long)nr >= SHIM_NR_MAX
	    || !((__atomic_load_n(&ctl->traced[nr >> 6], __ATOMIC_RELAXED) >> (nr & 63)) & 1))
		return 0;
	if (t->nest)
		return 0;
	t->nest = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);

	/* the thread's slot: claimed at its first call in this process */
	slot = __builtin_expect(t->gen == __atomic_load_n(&shim_gen, __ATOMIC_RELAXED), 1)
		? shim_slot_at(ctl, t->slot) : shim_thread_slot(ctl, t);
	if (!slot)
		goto fallback;
	/* the tracer's settings, read once */
	s = __atomic_load_n(&ctl->max_strlen, __ATOMIC_RELAXED);
	flags = __atomic_load_n(&ctl->flags, __ATOMIC_RELAXED);
	verbose = !!(flags & SHIM_CTL_VERBOSE);
	times = !!(flags & SHIM_CTL_TIMES);

	worst = shim_rec_base(nargs, times);
	switch (kind) {
	case K_READ:
	case K_WRITE:
		n = a[1] ? min_u64(a[2], s) : 0;
		if (n)
			worst += shim_blob_size(n);
		break;
	case K_READV:
	case K_WRITEV:
		/* more than UIO_MAXIOV: EINVAL, but the decoder still prints
		 * the array, from memory the shim does not capture */
		if (a[1] && a[2] > 1024)
			goto fallback;
		if (shim_iov_plan(a, s, verbose, &narr, &ndata)) {
			/* the array, a FAULT blob where it may stop being
			 * readable, the data */
			if (2 + ndata > 255)
				goto fallback;
			worst += shim_blob_size(narr * sizeof(struct iovec))
				+ sizeof(struct shim_blob)
				+ ndata * shim_blob_size(s);
		}
		break;
	}

	t_entry = times ? shim_now() : 0;
	if (shim_rec_begin(&c, slot, t, worst, (unsigned)nr, nargs, a, times, t_entry) < 0)
		goto fallback;       /* the ring is full: this stop drains it */

	ret = shim_gate_call(shim_gate, nr, (long)a[0], (long)a[1], (long)a[2],
			     (long)a[3], (long)a[4], (long)a[5]);

	t_exit = times ? shim_now() : 0;
	shim_rec_returned(&c, ret, t_exit);
	switch (kind) {
	case K_WRITE:
		/* the buffer as the kernel read it: also on error */
		n = a[1] ? min_u64(a[2], s) : 0;
		if (n)
			shim_blob_copy(&c, a[1], n, 0, &got);
		break;
	case K_READ:
		/* the first ret bytes, as the kernel wrote them */
		n = ret > 0 && a[1] ? min_u64(min_u64((uint64_t)ret, a[2]), s) : 0;
		if (n)
			shim_blob_copy(&c, a[1], n, 0, &got);
		break;
	case K_READV:
	case K_WRITEV:
		shim_iov_blobs(&c, kind, a, ret, s, verbose);
		break;
	}
	shim_rec_commit(&c);
	t->seq++;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->nest = 0;
	*out = ret;
	return 1;

fallback:
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->nest = 0;
	return 0;
}

/* The general path, out of line for the lean one below */
static __attribute__((noinline)) int shim_take_slow(long nr, uint64_t a0, uint64_t a1, uint64_t a2,
						    uint64_t a3, long *out)
{
	const uint64_t a[6] = { a0, a1, a2, a3, 0, 0 };

	return shim_take(nr, a, out);
}

/* The lean path of read, write, pread64 and pwrite64, the calls that make
 * up most traced loops: without timestamps, away from the ring's end, with
 * room by the last tail seen, there is one buffer blob at most and every
 * size is known up front.  The record is what shim_take writes; this path
 * just writes it with a quarter fewer instructions and the arguments in
 * registers (measured: 14 ns a call over libc's function instead of 20).
 * Anything else goes to shim_take. */
static inline __attribute__((always_inline)) int
shim_take_buf(long nr, unsigned nargs, int is_read, uint64_t a0, uint64_t a1, uint64_t a2,
	      uint64_t a3, long *out)
{
	struct shim_tls *t = &shim_tls;
	struct shim_ctl *ctl;
	struct shim_slot *slot;

	if (__builtin_expect(__atomic_load_n(&shim_state, __ATOMIC_ACQUIRE) != SHIM_STATE_ARMED, 0) ||
	    __atomic_load_n(&shim_cancel_used, __ATOMIC_RELAXED))
		goto slow;
	ctl = __atomic_load_n(&shim_ctl, __ATOMIC_RELAXED);
	if (!ctl || __atomic_load_n(&ctl->disabled, __ATOMIC_RELAXED) ||
	    !((__atomic_load_n(&ctl->traced[nr >> 6], __ATOMIC_RELAXED) >> (nr & 63)) & 1) ||
	    (__atomic_load_n(&ctl->flags, __ATOMIC_RELAXED) & SHIM_CTL_TIMES) || t->nest ||
	    t->gen != __atomic_load_n(&shim_gen, __ATOMIC_RELAXED))
		goto slow;
	uint32_t s = __atomic_load_n(&ctl->max_strlen, __ATOMIC_RELAXED);
	uint64_t n = a1 ? min_u64(a2, s) : 0;
	uint64_t base = SHIM_REC_BLOBS_OFF(nargs, 0);
	uint64_t worst = base + shim_blob_size(n);
	slot = shim_slot_at(ctl, t->slot);
	uint64_t head = __atomic_load_n(&slot->head, __ATOMIC_RELAXED);
	uint64_t off = head & SHIM_RING_MASK;
	if (worst > SHIM_RING_SIZE - off || (head & 7) || n > 4096 ||
	    head - t->tail_seen > SHIM_RING_SIZE - worst)
		goto slow;   /* wrap, room: the general path */
	t->nest = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	struct shim_rec *rec = (struct shim_rec *)((char *)slot + SHIM_PAGE + off);
	uint64_t *w = (uint64_t *)rec;
	/* len | nr | type | nblobs, then seq | nargs | flags | reserved */
	const uint64_t w0 = (uint64_t)nr << 32 | (uint64_t)SHIM_REC_SYSCALL << 48;
	w[0] = base | w0;
	w[1] = (uint32_t)t->seq | (uint64_t)nargs << 32;
	rec->ret = SHIM_RET_PENDING;
	w[3] = a0;
	w[4] = a1;
	w[5] = a2;
	if (nargs > 3)
		w[6] = a3;
	__atomic_store_n(&slot->inflight, 1, __ATOMIC_RELEASE);

	long ret = shim_gate_call(shim_gate, nr, (long)a0, (long)a1, (long)a2, (long)a3, 0, 0);
	rec->ret = ret;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	uint64_t len = base, nb = 0;
	if (is_read)
		n = ret > 0 ? min_u64(n, (uint64_t)ret) : 0;
	if (n) {
		uint64_t *b = (uint64_t *)((char *)rec + base);
		b[0] = a1;
		b[1] = n;     /* len, flags 0 */
		b[1 + SHIM_ALIGN8(n) / 8] = 0;
		if (shim_safe_copy(b + 2, a1, n) == n) {
			len += shim_blob_size(n);
		} else {
			/* unreadable: a FAULT blob at the buffer */
			b[1] = (uint64_t)SHIM_BLOB_FAULT << 32;
			len += sizeof(struct shim_blob);
		}
		nb = 1;
	}
	w[0] = len | w0 | nb << 56;
	__atomic_store_n(&slot->head, head + len, __ATOMIC_RELEASE);
	__atomic_store_n(&slot->inflight, 0, __ATOMIC_RELEASE);
	t->seq++;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->nest = 0;
	*out = ret;
	return 1;
slow:
	return shim_take_slow(nr, a0, a1, a2, a3, out);
}

/* libc's return: -4095..-1 is -errno */
static inline long shim_ret(long r)
{
	if ((unsigned long)r > -4096UL) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

#define ARG(x) ((uint64_t)(x))
#define ARG_INT(x) ((uint64_t)(long)(x))

/* Call the real function, or fail with ENOSYS if libc has none */
/* read, write, pread64, pwrite64: the lean path */
#define FAST_BUF(nr, nargs, is_read, a0, a1, a2, a3)			\
	do {								\
		long r_;						\
		if (shim_take_buf((nr), (nargs), (is_read), (a0), (a1), (a2), (a3), &r_)) \
			return shim_ret(r_);				\
	} while (0)

#define CALL_REAL(name, ...)						\
	do {								\
		__typeof__(shim_real.name) f_ = SHIM_REAL(name);	\
		if (!f_) {						\
			errno = ENOSYS;					\
			return -1;					\
		}							\
		return f_(__VA_ARGS__);					\
	} while (0)

#define FAST(nr, ...)							\
	do {								\
		uint64_t a_[6] = { __VA_ARGS__ };			\
		long r_;						\
		if (shim_take((nr), a_, &r_))				\
			return shim_ret(r_);				\
	} while (0)

EXPORT ssize_t read(int fd, void *buf, size_t count)
{
	FAST_BUF(SYS_read, 3, 1, ARG_INT(fd), ARG(buf), ARG(count), 0);
	CALL_REAL(read, fd, buf, count);
}

EXPORT ssize_t write(int fd, const void *buf, size_t count)
{
	FAST_BUF(SYS_write, 3, 0, ARG_INT(fd), ARG(buf), ARG(count), 0);
	CALL_REAL(write, fd, buf, count);
}

EXPORT ssize_t pread(int fd, void *buf, size_t count, off_t offset)
{
	FAST_BUF(SYS_pread64, 4, 1, ARG_INT(fd), ARG(buf), ARG(count), ARG(offset));
	CALL_REAL(pread, fd, buf, count, offset);
}

EXPORT ssize_t pread64(int fd, void *buf, size_t count, off64_t offset)
{
	FAST_BUF(SYS_pread64, 4, 1, ARG_INT(fd), ARG(buf), ARG(count), ARG(offset));
	CALL_REAL(pread64, fd, buf, count, offset);
}

EXPORT ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	FAST_BUF(SYS_pwrite64, 4, 0, ARG_INT(fd), ARG(buf), ARG(count), ARG(offset));
	CALL_REAL(pwrite, fd, buf, count, offset);
}

EXPORT ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
	FAST_BUF(SYS_pwrite64, 4, 0, ARG_INT(fd), ARG(buf), ARG(count), ARG(offset));
	CALL_REAL(pwrite64, fd, buf, count, offset);
}

EXPORT ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	FAST(SYS_readv, ARG_INT(fd), ARG(iov), ARG_INT(iovcnt));
	CALL_REAL(readv, fd, iov, iovcnt);
}

EXPORT ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	FAST(SYS_writev, ARG_INT(fd), ARG(iov), ARG_INT(iovcnt));
	CALL_REAL(writev, fd, iov, iovcnt);
}

EXPORT off_t lseek(int fd, off_t offset, int whence)
{
	FAST(SYS_lseek, ARG_INT(fd), ARG(offset), ARG_INT(whence));
	CALL_REAL(lseek, fd, offset, whence);
}

EXPORT off64_t lseek64(int fd, off64_t offset, int whence)
{
	FAST(SYS_lseek, ARG_INT(fd), ARG(offset), ARG_INT(whence));
	CALL_REAL(lseek64, fd, offset, whence);
}

EXPORT int close(int fd)
{
	FAST(SYS_close, ARG_INT(fd));
	CALL_REAL(close, fd);
}

EXPORT pid_t getpid(void)
{
	FAST(SYS_getpid, 0);
	CALL_REAL(getpid);
}

EXPORT pid_t getppid(void)
{
	FAST(SYS_getppid, 0);
	CALL_REAL(getppid);
}

EXPORT pid_t gettid(void)
{
	FAST(SYS_gettid, 0);
	CALL_REAL(gettid);
}

EXPORT uid_t getuid(void)
{
	FAST(SYS_getuid, 0);
	CALL_REAL(getuid);
}

EXPORT uid_t geteuid(void)
{
	FAST(SYS_geteuid, 0);
	CALL_REAL(geteuid);
}

EXPORT gid_t getgid(void)
{
	FAST(SYS_getgid, 0);
	CALL_REAL(getgid);
}

EXPORT gid_t getegid(void)
{
	FAST(SYS_getegid, 0);
	CALL_REAL(getegid);
}

/* syscall(2): the numbers above take the fast path with their own
 * arguments (the others as 0); everything else goes to libc with six. */
EXPORT long syscall(long nr, ...)
{
	uint64_t v[6];
	unsigned nargs;
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		v[i] = va_arg(ap, uint64_t);
	va_end(ap);

	if (shim_nr_kind(nr, &nargs) >= 0) {
		uint64_t a[6] = { 0 };
		long r;
		for (unsigned i = 0; i < nargs; i++)
			a[i] = v[i];
		if (shim_take(nr, a, &r))
			return shim_ret(r);
	}
	CALL_REAL(syscall, nr, v[0], v[1], v[2], v[3], v[4], v[5]);
}

/* glibc's cancellation acts on its own syscall sites only: once a thread
 * may be cancelled, every call goes to libc. */
EXPORT int pthread_cancel(pthread_t th)
{
	int (*f)(pthread_t);

	__atomic_store_n(&shim_cancel_used, 1, __ATOMIC_SEQ_CST);
	f = SHIM_REAL(pthread_cancel);
	if (!f)
		return ENOSYS;
	return f(th);
}
