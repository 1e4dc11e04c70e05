/* The shim's start-up: the real libc functions, the environment clean-up,
 * the handshake with the tracer (shim/protocol.h), its re-run in a fork
 * child, and each thread's slot claim.  Every syscall of the shim's own
 * goes through shim_private_syscall(), the one instruction the tracer
 * hides. */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "shim.h"

SHIM_DEFINE_PRIVATE_SYSCALL();

#define PSYS(nr, a1, a2, a3, a4, a5, a6)				\
	shim_private_syscall((long)(nr), (long)(a1), (long)(a2), (long)(a3), \
			     (long)(a4), (long)(a5), (long)(a6))
#define RAW_FAILED(r) ((unsigned long)(r) > -4096UL)

__thread struct shim_tls shim_tls SHIM_TLS;

/* Registered with the tracer: it writes REINIT / PAUSED / ARMED here */
volatile uint32_t shim_state = SHIM_STATE_OFF;
struct shim_ctl *shim_ctl;
uint64_t shim_gen;
uintptr_t shim_gate;
int shim_cancel_used;
struct shim_real shim_real;

static int shim_init_busy;       /* one handshake at a time */

/* --- the real functions ------------------------------------------------ */

static const char *const shim_real_names[SHIM_R_COUNT] = {
	[SHIM_R_read] = "read",
	[SHIM_R_write] = "write",
	[SHIM_R_pread] = "pread",
	[SHIM_R_pread64] = "pread64",
	[SHIM_R_pwrite] = "pwrite",
	[SHIM_R_pwrite64] = "pwrite64",
	[SHIM_R_readv] = "readv",
	[SHIM_R_writev] = "writev",
	[SHIM_R_lseek] = "lseek",
	[SHIM_R_lseek64] = "lseek64",
	[SHIM_R_close] = "close",
	[SHIM_R_getpid] = "getpid",
	[SHIM_R_getppid] = "getppid",
	[SHIM_R_gettid] = "gettid",
	[SHIM_R_getuid] = "getuid",
	[SHIM_R_geteuid] = "geteuid",
	[SHIM_R_getgid] = "getgid",
	[SHIM_R_getegid] = "getegid",
	[SHIM_R_syscall] = "syscall",
	[SHIM_R_pthread_cancel] = "pthread_cancel",
};

/* shim_real as an array of pointers, in enum shim_real_id order */
static void **shim_real_slot(enum shim_real_id id)
{
	_Static_assert(sizeof(struct shim_real) == SHIM_R_COUNT * sizeof(void *),
		       "struct shim_real and enum shim_real_id disagree");
	return (void **)&shim_real + id;
}

void *shim_resolve(enum shim_real_id id)
{
	void **slot = shim_real_slot(id);
	void *p = __atomic_load_n(slot, __ATOMIC_RELAXED);

	if (!p) {
		int saved = errno;
		p = dlsym(RTLD_NEXT, shim_real_names[id]);
		errno = saved;
		__atomic_store_n(slot, p, __ATOMIC_RELAXED);
	}
	return p;
}

/* --- the environment --------------------------------------------------- */

static void shim_env_remove(char **env, size_t i)
{
	do
		env[i] = env[i + 1];
	while (env[++i]);
}

/* "<version>:<gate in hex>" */
static int shim_parse_token(const char *v, uintptr_t *gate)
{
	unsigned long ver = 0, g = 0;
	int digits = 0;

	for (; *v >= '0' && *v <= '9'; v++, digits++) {
		if (ver > 0xffffffffUL / 10)
			return -1;
		ver = ver * 10 + (unsigned long)(*v - '0');
	}
	if (!digits || *v++ != ':' || ver != SHIM_VERSION)
		return -1;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		v += 2;
	for (digits = 0; *v; v++, digits++) {
		unsigned d;
		if (*v >= '0' && *v <= '9')
			d = (unsigned)(*v - '0');
		else if (*v >= 'a' && *v <= 'f')
			d = (unsigned)(*v - 'a' + 10);
		else if (*v >= 'A' && *v <= 'F')
			d = (unsigned)(*v - 'A' + 10);
		else
			return -1;
		if (g >> 44)
			return -1;
		g = g << 4 | d;
	}
	/* a page of user space (47-bit) */
	if (!digits || !g || (g & (SHIM_PAGE - 1)) || g > 0x7fffffffe000UL - SHIM_PAGE)
		return -1;
	*gate = (uintptr_t)g;
	return 0;
}

/* Remove HYTRACE_SHIM= and our path from LD_PRELOAD=; returns 0 and the
 * gate when the token is present and of our version. */
static int shim_env_clean(uintptr_t *gate)
{
	static const char tok[] = SHIM_ENV_TOKEN "=";
	static const char pre[] = "LD_PRELOAD=";
	char **env = environ;
	const char *self = NULL;
	size_t self_len = 0;
	Dl_info info;
	int found = -1;

	if (!env)
		return -1;
	if (dladdr((void *)&shim_env_clean, &info) && info.dli_fname && info.dli_fname[0]) {
		self = info.dli_fname;
		self_len = strlen(self);
	}
	for (size_t i = 0; env[i]; ) {
		char *e = env[i];
		if (!strncmp(e, tok, sizeof(tok) - 1)) {
			if (found < 0)
				found = shim_parse_token(e + sizeof(tok) - 1, gate);
			shim_env_remove(env, i);
			continue;
		}
		if (self && !strncmp(e, pre, sizeof(pre) - 1)) {
			char *v = e + sizeof(pre) - 1;
			if (!strncmp(v, self, self_len)) {
				if (v[self_len] == '\0') {
					shim_env_remove(env, i);
					continue;
				}
				if (v[self_len] == ':')
					memmove(v, v + self_len + 1,
						strlen(v + self_len + 1) + 1);
			}
		}
		i++;
	}
	return found;
}

/* --- the handshake ----------------------------------------------------- */

static int shim_map_gate(uintptr_t gate)
{
	long r = PSYS(SYS_mmap, gate, SHIM_PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (RAW_FAILED(r))
		return -1;
	if ((uintptr_t)r != gate) {
		/* a kernel older than 4.17 took it as a hint */
		PSYS(SYS_munmap, r, SHIM_PAGE, 0, 0, 0, 0);
		return -1;
	}
	volatile uint8_t *p = (volatile uint8_t *)gate;
	p[0] = 0x0f;      /* syscall */
	p[1] = 0x05;
	p[2] = 0xc3;      /* ret */
	if (RAW_FAILED(PSYS(SYS_mprotect, gate, SHIM_PAGE, PROT_READ | PROT_EXEC, 0, 0, 0))) {
		PSYS(SYS_munmap, gate, SHIM_PAGE, 0, 0, 0, 0);
		return -1;
	}
	return 0;
}

/* Steps 1-3 of protocol.h; first: map the gate too (a fork child inherits
 * it).  On success the shim is ARMED with a new generation; otherwise
 * nothing is left behind and the state is OFF. */
static void shim_handshake(int first)
{
	struct shim_ctl *ctl;
	long fd, r;

	shim_ctl = NULL;

	/* 1. hello: first of all, so that the tracer hides what follows */
	PSYS(SYS_execve, 0, SHIM_MAGIC_A, SHIM_HELLO, 0, 0, 0);

	/* 2. the area and the gate */
	fd = PSYS(SYS_memfd_create, "hytrace-shim", MFD_CLOEXEC, 0, 0, 0, 0);
	if (RAW_FAILED(fd))
		goto off;
	if (RAW_FAILED(PSYS(SYS_ftruncate, fd, SHIM_AREA_SIZE, 0, 0, 0, 0)))
		goto close_fd;
	r = PSYS(SYS_mmap, 0, SHIM_AREA_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_NORESERVE, fd, 0);
	if (RAW_FAILED(r))
		goto close_fd;
	ctl = (struct shim_ctl *)r;
	if (RAW_FAILED(PSYS(SYS_madvise, ctl, SHIM_AREA_SIZE, MADV_DONTFORK, 0, 0, 0)))
		goto unmap;
	if (first && shim_map_gate(shim_gate) < 0)
		goto unmap;
	ctl->magic = SHIM_MAGIC;
	ctl->version = SHIM_VERSION;
	ctl->copy_start = (uint64_t)(uintptr_t)shim_copy_start;
	ctl->copy_end = (uint64_t)(uintptr_t)shim_copy_end;
	ctl->copy_fixup = (uint64_t)(uintptr_t)shim_copy_fixup;

	/* 3. register */
	PSYS(SYS_execve, 0, SHIM_MAGIC_A, SHIM_REGISTER, fd, SHIM_AREA_SIZE,
	     (uintptr_t)&shim_state);
	PSYS(SYS_close, fd, 0, 0, 0, 0, 0);
	fd = -1;
	if (__atomic_load_n(&ctl->armed, __ATOMIC_ACQUIRE) != 1)
		goto unmap_gate;

	shim_ctl = ctl;
	__atomic_store_n(&shim_gen, shim_gen + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&shim_state, SHIM_STATE_ARMED, __ATOMIC_RELEASE);
	return;

unmap_gate:
	if (first)
		PSYS(SYS_munmap, shim_gate, SHIM_PAGE, 0, 0, 0, 0);
unmap:
	PSYS(SYS_munmap, ctl, SHIM_AREA_SIZE, 0, 0, 0, 0);
close_fd:
	if (fd >= 0)
		PSYS(SYS_close, fd, 0, 0, 0, 0, 0);
off:
	__atomic_store_n(&shim_state, SHIM_STATE_OFF, __ATOMIC_RELEASE);
}

int shim_reinit(void)
{
	int armed;

	if (__atomic_exchange_n(&shim_init_busy, 1, __ATOMIC_ACQUIRE))
		return 0;       /* another thread, or a signal handler's caller */
	if (__atomic_load_n(&shim_state, __ATOMIC_ACQUIRE) == SHIM_STATE_REINIT) {
		if (shim_gate) {
			/* The old area is gone in this process (MADV_DONTFORK)
			 * and its addresses may be in use again: forget it,
			 * never unmap it. */
			int saved = errno;
			shim_handshake(0);
			errno = saved;
		} else {
			/* never armed: no gate to reuse */
			__atomic_store_n(&shim_state, SHIM_STATE_OFF, __ATOMIC_RELEASE);
		}
	}
	armed = __atomic_load_n(&shim_state, __ATOMIC_ACQUIRE) == SHIM_STATE_ARMED
		&& shim_ctl;
	__atomic_store_n(&shim_init_busy, 0, __ATOMIC_RELEASE);
	return armed;
}

/* fork() in glibc: the child lost the area (MADV_DONTFORK).  A tracer that
 * follows the child has written REINIT already; one that does not left the
 * parent's ARMED: either way the old pointer must go. */
static void shim_atfork_child(void)
{
	shim_ctl = NULL;
	/* the only thread now: a handshake another thread of the parent was
	 * running is not running here */
	__atomic_store_n(&shim_init_busy, 0, __ATOMIC_RELAXED);
}

/* --- slots ------------------------------------------------------------- */

struct shim_slot *shim_thread_slot(struct shim_ctl *ctl, struct shim_tls *t)
{
	uint64_t gen = __atomic_load_n(&shim_gen, __ATOMIC_RELAXED);
	uint64_t m;
	uint32_t i;
	long tid;

	if (t->gen == gen)
		return shim_slot_at(ctl, t->slot);

	m = __atomic_load_n(&ctl->slots_claimed, __ATOMIC_RELAXED);
	if (m == ~0ull)
		return NULL;
	tid = PSYS(SYS_gettid, 0, 0, 0, 0, 0, 0);
	do {
		if (m == ~0ull)
			return NULL;
		i = (uint32_t)__builtin_ctzll(~m);
	} while (!__atomic_compare_exchange_n(&ctl->slots_claimed, &m, m | (1ull << i),
					      0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));

	struct shim_slot *slot = shim_slot_at(ctl, i);
	__atomic_store_n(&slot->owner_tid, (uint32_t)tid, __ATOMIC_RELAXED);
	t->slot = i;
	t->seq = 0;
	t->tail_seen = 0;
	t->gen = gen;
	return slot;
}

/* --- the constructor --------------------------------------------------- */

__attribute__((constructor(101)))
static void shim_ctor(void)
{
	int saved = errno;
	uintptr_t gate = 0;
	int ok;

	for (int id = 0; id < SHIM_R_COUNT; id++)
		shim_resolve((enum shim_real_id)id);

	ok = shim_env_clean(&gate) == 0;
	/* all the wrappers' fallbacks must exist */
	for (int id = 0; ok && id < SHIM_R_COUNT; id++)
		if (!*shim_real_slot((enum shim_real_id)id))
			ok = 0;
	if (ok && pthread_atfork(NULL, NULL, shim_atfork_child) != 0)
		ok = 0;
	if (ok) {
		shim_gate = gate;
		__atomic_store_n(&shim_init_busy, 1, __ATOMIC_RELAXED);
		shim_handshake(1);
		__atomic_store_n(&shim_init_busy, 0, __ATOMIC_RELEASE);
		if (__atomic_load_n(&shim_state, __ATOMIC_RELAXED) != SHIM_STATE_ARMED)
			shim_gate = 0;      /* never re-initialise */
	}
	errno = saved;
}
