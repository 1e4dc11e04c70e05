/* Which programs get the shim, and giving it to them.  The shim goes only
 * into dynamically linked x86_64 programs (libelf reads the file at each
 * execve); static and 32-bit programs keep a clean environment and pure
 * ptrace.  The environment is changed in the execve call itself: a new
 * envp array below the stack pointer, the register pointed at it; the
 * trace line was printed from the original. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <unistd.h>

#include "dumpio.h"
#include "filter.h"
#include "pathtrace.h"
#include "shim.h"

enum shim_mode shim_mode = SHIM_AUTO;
const char *shim_path_opt;
bool shim_active;
uint64_t shim_gate = SHIM_GATE_DEFAULT;
char shim_lib[4096];

/* The library: --shim=PATH, $HYTRACE_SHIM_PATH, next to the tracer in the
 * build tree, or where it is installed. */
static bool find_library(void)
{
	const char *env = getenv("HYTRACE_SHIM_PATH");
	char self[PATH_MAX], cand[PATH_MAX + 64];

	if (shim_path_opt)
		return realpath(shim_path_opt, shim_lib) != NULL;
	if (env && *env)
		return realpath(env, shim_lib) != NULL;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = 0;
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			snprintf(cand, sizeof(cand), "%s/../shim/libhytrace-shim.so", self);
			if (access(cand, R_OK) == 0 && realpath(cand, shim_lib))
				return true;
		}
	}
	snprintf(cand, sizeof(cand), "%s/libhytrace-shim.so", PKGLIBDIR);
	return access(cand, R_OK) == 0 && realpath(cand, shim_lib) != NULL;
}

static bool planned;

uint64_t shim_plan(void)
{
	if (shim_mode == SHIM_OFF)
		return 0;
	/* -P names files by their fd at the time of the call: only a stop
	 * can tell. */
	if (pathtrace_active())
		return 0;
	/* Loading any preloaded library changes ld.so's own allocations: an
	 * anonymous mmap of 8 KiB may become 12 KiB, or one more appears.
	 * Where mmap is traced the trace would differ from strace's, so auto
	 * leaves the shim out (--shim=on takes it anyway). */
	if (shim_mode == SHIM_AUTO && filter_traced(PERS_X86_64, 9 /* mmap */))
		return 0;
	/* Nothing it could take (a -e trace=%file build): the shim would be
	 * set-up cost in every exec for no call. */
	uint64_t bits[SHIM_NR_MAX / 64];
	bool any = false;
	shim_fill_traced(bits);
	for (size_t i = 0; i < SHIM_NR_MAX / 64; i++)
		any |= bits[i] != 0;
	if (!any)
		return 0;
	const char *gate = getenv("HYTRACE_GATE");
	if (gate && *gate) {
		char *end;
		unsigned long long g = strtoull(gate, &end, 0);
		if (*end || !g || (g & 4095) || g >= 0x800000000000ull) {
			error_msg("HYTRACE_GATE=%s is not a page address, the shim is off", gate);
			return 0;
		}
		shim_gate = g;
	}
	if (!find_library()) {
		if (shim_mode == SHIM_ON)
			error_msg("shim library not found (--shim=PATH or HYTRACE_SHIM_PATH), the shim is off");
		return 0;
	}
	planned = true;
	return shim_gate + SHIM_GATE_EXEMPT_OFF;
}

void shim_start(bool seccomp_on)
{
	if (planned && seccomp_on) {
		shim_active = true;
		elf_version(EV_CURRENT);
	} else if (shim_mode == SHIM_ON && !planned) {
		if (!seccomp_on)
			error_msg("the shim needs seccomp mode (-f and -e trace=SET), the shim is off");
	}
}

/* --- which programs -------------------------------------------------- */

/* Dynamic x86_64 ELF: ELFCLASS64, EM_X86_64, a PT_INTERP.  set-id files
 * are left alone (ld.so would ignore the preload for them anyway). */
static bool elf_wants_shim(int fd)
{
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	bool yes = false;
	GElf_Ehdr eh;
	size_t n;

	if (!elf)
		return false;
	if (elf_kind(elf) == ELF_K_ELF && gelf_getclass(elf) == ELFCLASS64 &&
	    gelf_getehdr(elf, &eh) && eh.e_machine == EM_X86_64 && elf_getphdrnum(elf, &n) == 0) {
		for (size_t i = 0; i < n && !yes; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP)
				yes = true;
		}
	}
	elf_end(elf);
	return yes;
}

/* The answer per file, for builds that exec the same compiler 1000 times. */
#define ELF_CACHE 64
static struct {
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
	off_t size;
	bool yes;
} cache[ELF_CACHE];
static unsigned int cache_next;

static bool file_wants_shim(const char *path, int depth)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	bool yes = false;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (st.st_mode & (S_ISUID | S_ISGID))) {
		close(fd);
		return false;
	}
	for (unsigned int i = 0; i < ELF_CACHE; i++) {
		if (cache[i].ino == st.st_ino && cache[i].dev == st.st_dev && cache[i].size == st.st_size &&
		    cache[i].mtime.tv_sec == st.st_mtim.tv_sec && cache[i].mtime.tv_nsec == st.st_mtim.tv_nsec) {
			close(fd);
			return cache[i].yes;
		}
	}
	char head[256];
	ssize_t got = pread(fd, head, sizeof(head) - 1, 0);
	if (got > 2 && head[0] == '#' && head[1] == '!') {
		/* a script: its interpreter decides (one level, as the kernel
		 * allows more but nobody writes that) */
		head[got] = 0;
		char *p = head + 2;
		while (*p == ' ' || *p == '\t')
			p++;
		char *e = p;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n')
			e++;
		*e = 0;
		yes = depth == 0 && *p == '/' && file_wants_shim(p, 1);
	} else if (got > 4) {
		yes = elf_wants_shim(fd);
	}
	close(fd);
	unsigned int i = cache_next++ % ELF_CACHE;
	cache[i].dev = st.st_dev;
	cache[i].ino = st.st_ino;
	cache[i].mtime = st.st_mtim;
	cache[i].size = st.st_size;
	cache[i].yes = yes;
	return yes;
}

/* --- the environment ------------------------------------------------- */

#define MAX_ENV 16384
#define PRELOAD "LD_PRELOAD="
#define PRELOAD_LEN 11

/* Is env[i] LD_PRELOAD=...?  1 yes, 0 no, -1 unreadable. */
static int is_preload(struct tcb *tcp, uint64_t addr)
{
	char head[PRELOAD_LEN];

	if (umoven(tcp, addr, PRELOAD_LEN, head) < 0) {
		/* shorter than the prefix near the end of a mapping */
		char s[PRELOAD_LEN + 1];
		return umovestr(tcp, addr, sizeof(s), s) < 0 ? -1 : 0;
	}
	return !memcmp(head, PRELOAD, PRELOAD_LEN);
}

/* The index of the LD_PRELOAD entry, -1 when none, -2 when unreadable.
 * The strings' first bytes are read 64 at a time in one process_vm_readv
 * (a call per string cost some 30 us an exec); one it stops at is read
 * alone. */
static long find_preload(struct tcb *tcp, const uint64_t *env, size_t n)
{
	enum { BATCH = 64 };
	char heads[BATCH][PRELOAD_LEN];
	struct iovec local = { heads, sizeof(heads) }, remote[BATCH];

	for (size_t i = 0; i < n; ) {
		size_t k = n - i < BATCH ? n - i : BATCH;
		for (size_t j = 0; j < k; j++) {
			remote[j].iov_base = (void *)(uintptr_t)env[i + j];
			remote[j].iov_len = PRELOAD_LEN;
		}
		local.iov_len = k * PRELOAD_LEN;
		ssize_t got = process_vm_readv(tcp->pid, &local, 1, remote, k, 0);
		size_t whole = got > 0 ? (size_t)got / PRELOAD_LEN : 0;
		for (size_t j = 0; j < whole; j++)
			if (!memcmp(heads[j], PRELOAD, PRELOAD_LEN))
				return (long)(i + j);
		i += whole;
		if (whole < k) {
			int r = is_preload(tcp, env[i]);
			if (r != 0)
				return r > 0 ? (long)i : -2;
			i++;
		}
	}
	return -1;
}

/* Builds the new block (array, then strings) for a stack address and
 * writes it there.  Returns the array's address, 0 on failure. */
static uint64_t write_env(struct tcb *tcp, uint64_t sp, const uint64_t *env, size_t n, long pre, const char *oldval)
{
	char preload[sizeof(shim_lib) + 4096 + 16], token[64];
	int lp = snprintf(preload, sizeof(preload), "%s%s%s%s", PRELOAD, shim_lib, oldval ? ":" : "", oldval ? oldval : "");
	int lt = snprintf(token, sizeof(token), "%s=%u:%#llx", SHIM_ENV_TOKEN, SHIM_VERSION, (unsigned long long)shim_gate);
	if (lp < 0 || (size_t)lp >= sizeof(preload))
		return 0;
	size_t count = n + (pre < 0 ? 1 : 0) + 1;       /* + preload? + token */
	size_t arr = (count + 1) * 8;
	size_t total = arr + (size_t)lp + 1 + (size_t)lt + 1;
	/* below the red zone, 16-byte aligned */
	uint64_t base = (sp - 128 - total - 64) & ~15ull;
	uint64_t *a = xcalloc(count + 1, 8);
	char *blob = xcalloc(1, total);
	uint64_t s_pre = base + arr, s_tok = s_pre + (uint64_t)lp + 1;

	memcpy(a, env, n * 8);
	size_t k = n;
	if (pre >= 0)
		a[pre] = s_pre;
	else
		a[k++] = s_pre;
	a[k++] = s_tok;
	a[k] = 0;
	memcpy(blob, a, arr);
	memcpy(blob + arr, preload, (size_t)lp + 1);
	memcpy(blob + arr + lp + 1, token, (size_t)lt + 1);
	int rc = upoken(tcp->pid, base, total, blob);
	free(a);
	free(blob);
	return rc == 0 ? base : 0;
}

static bool inject(struct tcb *tcp)
{
	static uint64_t *env;      /* kept from exec to exec */
	static size_t env_cap;
	uint64_t envp = tcp->u_arg[2];
	size_t n = 0;
	bool ok = false;
	char oldval[4096];

	/* the array, a page at a time */
	while (envp && n < MAX_ENV) {
		size_t chunk = 512 - ((envp + n * 8) & 4095) / 8;
		if (chunk > MAX_ENV - n)
			chunk = MAX_ENV - n;
		if (n + chunk + 1 > env_cap) {
			env_cap = n + chunk + 1 > 2 * env_cap ? n + chunk + 1 : 2 * env_cap;
			env = xrealloc(env, env_cap * 8);
		}
		if (umoven(tcp, envp + n * 8, chunk * 8, env + n) < 0)
			goto out;
		size_t j;
		for (j = 0; j < chunk && env[n + j]; j++)
			;
		n += j;
		if (j < chunk)
			break;
	}
	if (n >= MAX_ENV)
		goto out;
	long pre = find_preload(tcp, env, n);
	if (pre == -2)
		goto out;
	if (pre >= 0) {
		if (umovestr(tcp, env[pre] + PRELOAD_LEN, sizeof(oldval), oldval) != 1)
			goto out;
	}
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETREGS, tcp->pid, 0L, &regs) < 0)
		goto out;
	uint64_t arr = write_env(tcp, regs.rsp, env, n, pre, pre >= 0 ? oldval : NULL);
	if (!arr)
		goto out;
	tcp->shim_saved_envp = regs.rdx;
	regs.rdx = arr;
	ok = ptrace(PTRACE_SETREGS, tcp->pid, 0L, &regs) == 0;
out:
	return ok;
}

void shim_execve_entry(struct tcb *tcp)
{
	char path[PATH_MAX], full[PATH_MAX + 64];

	tcp->shim_injected = false;
	if (!shim_active || tcp->sc_pers != PERS_X86_64 || tcp->scno != 59 /* execve */)
		return;
	if (umovestr(tcp, tcp->u_arg[0], sizeof(path), path) != 1 || !path[0])
		return;
	if (path[0] == '/')
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "/proc/%d/cwd/%s", tcp->pid, path);
	if (!file_wants_shim(full, 0))
		return;
	tcp->shim_injected = inject(tcp);
}

void shim_execve_exit(struct tcb *tcp)
{
	if (!tcp->shim_injected)
		return;
	tcp->shim_injected = false;
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETREGS, tcp->pid, 0L, &regs) == 0) {
		regs.rdx = tcp->shim_saved_envp;
		ptrace(PTRACE_SETREGS, tcp->pid, 0L, &regs);
	}
}
