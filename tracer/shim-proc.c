/* One traced process running the shim: the handshake that hands its memfd
 * to us, what we hide so the trace reads as without the shim (the shim's
 * own calls, ld.so loading the library), and its fork, vfork and exec. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "dumpio.h"
#include "filter.h"
#include "shim-proc.h"

static struct shim_proc *procs;   /* every live one, for the idle drain */

struct shim_proc *shim_proc_first(void)
{
	return procs;
}

static struct shim_proc *proc_new(void)
{
	struct shim_proc *sp = xcalloc(1, sizeof(*sp));
	sp->lib_fd = -1;
	sp->next = procs;
	if (procs)
		procs->prev = sp;
	procs = sp;
	return sp;
}

void shim_proc_ref(struct shim_proc *sp)
{
	sp->refs++;
}

void shim_proc_unref(struct shim_proc *sp)
{
	if (--sp->refs)
		return;
	if (sp->area)
		munmap(sp->area, SHIM_AREA_SIZE);
	if (sp->prev)
		sp->prev->next = sp->next;
	else
		procs = sp->next;
	if (sp->next)
		sp->next->prev = sp->prev;
	free(sp);
}

struct shim_proc *shim_proc_of(struct tcb *tcp)
{
	return tcp->shim;
}

static void attach(struct tcb *tcp, struct shim_proc *sp)
{
	if (tcp->shim == sp)
		return;
	if (tcp->shim) {
		shim_drain(tcp);
		shim_proc_unref(tcp->shim);
	}
	tcp->shim = sp;
	if (sp)
		shim_proc_ref(sp);
}

static void vfork_child_done(struct tcb *child);

void shim_tcb_gone(struct tcb *tcp)
{
	vfork_child_done(tcp);
	attach(tcp, NULL);
}

/* The new program: what was before is printed (the exec line comes
 * after), and a program that got the shim starts loading it. */
void shim_on_exec(struct tcb *tcp)
{
	bool injected = tcp->shim_injected;

	tcp->shim_injected = false;
	vfork_child_done(tcp);
	attach(tcp, NULL);
	if (injected) {
		struct shim_proc *sp = proc_new();
		sp->loading = true;
		attach(tcp, sp);
	}
}

/* --- the handshake --------------------------------------------------- */

/* The library's executable mappings in the process (the hello must come
 * from one, and the copy the tracer fixes up must lie in one): one read of
 * /proc/PID/maps, at the hello.  A fork child inherits them. */
static void read_lib_text(pid_t pid, struct shim_proc *sp)
{
	char path[64], line[4096 + 128];

	sp->nlib_text = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	while (sp->nlib_text < sizeof(sp->lib_text) / sizeof(sp->lib_text[0]) &&
	       fgets(line, sizeof(line), f)) {
		/* lo-hi perms offset dev inode   name */
		char *p = line, *e;
		uint64_t lo = strtoull(p, &e, 16), hi;
		if (*e != '-')
			continue;
		hi = strtoull(e + 1, &p, 16);
		if (*p != ' ' || p[3] != 'x')
			continue;
		for (int field = 0; field < 4 && p; field++)
			p = strchr(p + 1, ' ');
		if (!p)
			continue;
		p += strspn(p, " ");
		p[strcspn(p, "\n")] = 0;
		if (!strcmp(p, shim_lib)) {
			sp->lib_text[sp->nlib_text].lo = lo;
			sp->lib_text[sp->nlib_text].hi = hi;
			sp->nlib_text++;
		}
	}
	fclose(f);
}

static bool ip_in_library(const struct shim_proc *sp, uint64_t ip)
{
	for (unsigned int i = 0; i < sp->nlib_text; i++)
		if (ip >= sp->lib_text[i].lo && ip < sp->lib_text[i].hi)
			return true;
	return false;
}

/* What the shim may take: the calls it wraps that the user traces, less
 * those whose options need a stop (-e read=, -e write= dump everything). */
void shim_fill_traced(uint64_t *bits)
{
	static const unsigned int reads[] = { 0, 17, 19 };      /* read pread64 readv */
	static const unsigned int writes[] = { 1, 18, 20 };     /* write pwrite64 writev */
	static const unsigned int plain[] = { 3, 8, 39, 102, 104, 107, 108, 110, 186 };

	memset(bits, 0, SHIM_NR_MAX / 8);
	for (size_t i = 0; i < 3; i++) {
		if (!dumpio_reads_active() && filter_traced(PERS_X86_64, reads[i]))
			bits[reads[i] / 64] |= 1ull << (reads[i] % 64);
		if (!dumpio_writes_active() && filter_traced(PERS_X86_64, writes[i]))
			bits[writes[i] / 64] |= 1ull << (writes[i] % 64);
	}
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (filter_traced(PERS_X86_64, plain[i]))
			bits[plain[i] / 64] |= 1ull << (plain[i] % 64);
}

/* register: take the memfd, map it, fill the control page, arm. */
static void do_register(struct tcb *tcp, struct shim_proc *sp)
{
	int fd = (int)tcp->u_arg[3];
	struct stat st;

	if (sp->area || tcp->u_arg[4] != SHIM_AREA_SIZE)
		return;
	int pidfd = (int)syscall(SYS_pidfd_open, tcp->pid, 0);
	if (pidfd < 0)
		return;
	int mine = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	if (mine < 0)
		return;
	void *area = MAP_FAILED;
	if (fstat(mine, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == SHIM_AREA_SIZE)
		area = mmap(NULL, SHIM_AREA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, mine, 0);
	close(mine);
	if (area == MAP_FAILED)
		return;
	struct shim_ctl *ctl = area;
	if (ctl->magic != SHIM_MAGIC || ctl->version != SHIM_VERSION) {
		munmap(area, SHIM_AREA_SIZE);
		return;
	}
	sp->area = area;
	sp->state_addr = tcp->u_arg[5];
	/* the copy whose faults we fix up must be the library's own code */
	uint64_t cs = ctl->copy_start, ce = ctl->copy_end, cf = ctl->copy_fixup;
	if (cs < ce && ce - cs <= 4096 && ip_in_library(sp, cs) && ip_in_library(sp, ce - 1) &&
	    ip_in_library(sp, cf)) {
		sp->copy_start = cs;
		sp->copy_end = ce;
		sp->copy_fixup = cf;
	}
	shim_fill_traced(sp->traced);
	memcpy(ctl->traced, sp->traced, sizeof(sp->traced));
	ctl->max_strlen = opts.max_strlen;
	ctl->flags = (opts.tflag_format || opts.rflag || opts.Tflag || opts.cflag ? SHIM_CTL_TIMES : 0) |
		     (opts.verbose ? SHIM_CTL_VERBOSE : 0);
	ctl->disabled = 0;
	ctl->slots_claimed = 0;
	memset(sp->slots, 0, sizeof(sp->slots));
	__atomic_store_n(&ctl->armed, 1, __ATOMIC_RELEASE);
	sp->loading = false;
	shim_processes++;
}

/* The tracee's state word (fork child, vfork window). */
static void write_state(pid_t pid, uint64_t addr, uint32_t value)
{
	if (addr && !(addr & 3))
		upoken(pid, addr, sizeof(value), &value);
}

/* --- hiding ---------------------------------------------------------- */

static bool fd_is_library(pid_t pid, int fd)
{
	char path[64], target[sizeof(shim_lib)];
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = 0;
	return !strcmp(target, shim_lib);
}

/* ld.so opening and mapping the library, before the shim has said hello:
 * the open of its path, and read/pread/fstat/mmap/close on that fd. */
static bool hide_loading(struct tcb *tcp, struct shim_proc *sp)
{
	int fdarg;

	switch (tcp->scno) {
	case 2:    /* open */
	case 257: { /* openat */
		char path[sizeof(shim_lib)];
		uint64_t a = tcp->u_arg[tcp->scno == 2 ? 0 : 1];
		if (umovestr(tcp, a, sizeof(path), path) == 1 && !strcmp(path, shim_lib)) {
			sp->lib_fd_at_exit = true;
			return true;
		}
		return false;
	}
	case 0: case 17: case 5: case 262: case 3:
		fdarg = (int)tcp->u_arg[0];
		break;
	case 9:   /* mmap */
		fdarg = (int)tcp->u_arg[4];
		break;
	default:
		return false;
	}
	/* the fd may be reused for the next library: ask each time (only
	 * while loading, a handful of calls) */
	if (fdarg < 0 || !fd_is_library(tcp->pid, fdarg))
		return false;
	if (tcp->scno == 3)
		sp->lib_fd = -2;   /* closed: the loading is over */
	return true;
}

bool shim_hide_entry(struct tcb *tcp, uint64_t ip)
{
	struct shim_proc *sp = tcp->shim;

	if (!sp || tcp->sc_pers != PERS_X86_64)
		return false;
	if (tcp->scno == 59 && tcp->u_arg[0] == 0 && tcp->u_arg[1] == SHIM_MAGIC_A) {
		if (tcp->u_arg[2] == SHIM_HELLO && !sp->private_ip) {
			read_lib_text(tcp->pid, sp);
			if (!ip_in_library(sp, ip))
				return false;
			sp->private_ip = ip;
			return true;
		}
		if (tcp->u_arg[2] == SHIM_REGISTER && ip == sp->private_ip) {
			do_register(tcp, sp);
			return true;
		}
	}
	if (sp->private_ip && ip == sp->private_ip)
		return true;
	if (sp->loading && sp->lib_fd != -2)
		return hide_loading(tcp, sp);
	return false;
}

void shim_hidden_exit(struct tcb *tcp, int64_t rval)
{
	struct shim_proc *sp = tcp->shim;

	if (sp && sp->lib_fd_at_exit) {
		sp->lib_fd_at_exit = false;
		if (rval >= 0)
			sp->lib_fd = (int)rval;
	}
}

/* --- fork, vfork, clone ---------------------------------------------- */

#define CLONE_VM_ 0x100
#define CLONE_THREAD_ 0x10000

enum shim_child shim_child_kind(struct tcb *parent, unsigned int event)
{
	if (!parent->shim)
		return SHIM_CHILD_NONE;
	if (event == 2 /* PTRACE_EVENT_VFORK */)
		return SHIM_CHILD_VFORK;
	if (event == 1 /* PTRACE_EVENT_FORK */)
		return SHIM_CHILD_FORK;
	uint64_t flags = parent->u_arg[0];
	if (parent->scno == 435) {   /* clone3: flags lead struct clone_args */
		parent->shim_rec = NULL;
		if (umoven(parent, parent->u_arg[0], 8, &flags) < 0)
			flags = CLONE_VM_;  /* unknown: assume the worst */
	}
	if (flags & CLONE_THREAD_)
		return SHIM_CHILD_THREAD;
	if (flags & CLONE_VM_)
		return SHIM_CHILD_SHARED;
	return SHIM_CHILD_FORK;
}

/* A child of a shim process, before it runs a single instruction. */
void shim_child_start(struct tcb *child, struct tcb *parent, struct shim_proc *sp, enum shim_child kind)
{
	if (!sp)
		return;
	switch (kind) {
	case SHIM_CHILD_THREAD:
		attach(child, sp);
		break;
	case SHIM_CHILD_FORK: {
		/* its copy of our mapping is gone (MADV_DONTFORK): it sets up
		 * its own, from the same library, when told to */
		struct shim_proc *c = proc_new();
		c->private_ip = sp->private_ip;
		memcpy(c->lib_text, sp->lib_text, sizeof(c->lib_text));
		c->nlib_text = sp->nlib_text;
		c->state_addr = sp->state_addr;
		c->lib_fd = -2;
		attach(child, c);
		if (sp->area)
			write_state(child->pid, sp->state_addr, SHIM_STATE_REINIT);
		break;
	}
	case SHIM_CHILD_VFORK:
		/* borrows the parent's memory until it execs or exits: the shim
		 * rests meanwhile, and the child's exec or exit re-arms it (no
		 * PTRACE_O_TRACEVFORKDONE: its extra stop of the parent changed
		 * when SIGCHLD arrives relative to strace) */
		if (parent)
			shim_vfork_pause(parent);
		if (child && !child->shim_vfork_of) {
			child->shim_vfork_of = sp;
			child->shim_vfork_parent = parent ? parent->pid : sp->pid_hint;
			shim_proc_ref(sp);
		}
		break;
	case SHIM_CHILD_SHARED:
		/* another process in the same memory: two writers, one ring */
		if (parent && sp->area) {
			write_state(parent->pid, sp->state_addr, SHIM_STATE_OFF);
			((struct shim_ctl *)sp->area)->disabled = 1;
		}
		break;
	case SHIM_CHILD_NONE:
		break;
	}
}

void shim_vfork_pause(struct tcb *parent)
{
	struct shim_proc *sp = parent->shim;
	if (sp && sp->area) {
		sp->pid_hint = parent->pid;
		write_state(parent->pid, sp->state_addr, SHIM_STATE_PAUSED);
	}
}

/* The vfork child has its own memory now (exec) or is gone. */
static void vfork_child_done(struct tcb *child)
{
	struct shim_proc *sp = child->shim_vfork_of;
	if (!sp)
		return;
	child->shim_vfork_of = NULL;
	if (sp->area && !sp->dead && !((struct shim_ctl *)sp->area)->disabled)
		write_state(child->shim_vfork_parent, sp->state_addr, SHIM_STATE_ARMED);
	shim_proc_unref(sp);
}

/* A bad record: the shim takes no more calls in this process (its own
 * check, and the state word for good measure). */
void shim_disable(struct shim_proc *sp, pid_t pid)
{
	sp->dead = true;
	if (!sp->area)
		return;
	__atomic_store_n(&((struct shim_ctl *)sp->area)->disabled, 1, __ATOMIC_RELEASE);
	write_state(pid, sp->state_addr, SHIM_STATE_OFF);
}

/* A fault in the shim's copy of a buffer the kernel never read: not the
 * program's signal.  The copy resumes at its failure exit. */
bool shim_fault_fixup(struct tcb *tcp, int sig, int si_code)
{
	struct shim_proc *sp = tcp->shim;
	struct user_regs_struct regs;

	/* kernel-made (si_code > 0), not a kill() aimed at the program */
	if (!sp || !sp->copy_end || (sig != SIGSEGV && sig != SIGBUS) || si_code <= 0)
		return false;
	if (ptrace(PTRACE_GETREGS, tcp->pid, 0L, &regs) < 0)
		return false;
	if (regs.rip < sp->copy_start || regs.rip >= sp->copy_end)
		return false;
	regs.rip = sp->copy_fixup;
	return ptrace(PTRACE_SETREGS, tcp->pid, 0L, &regs) == 0;
}
