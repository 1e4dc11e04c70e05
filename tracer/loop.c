/* The event loop: wait for any tracee, decide what the stop is, print it,
 * resume.  Reads top to bottom in the order the kernel reports things. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "emit.h"
#include "options.h"
#include "output.h"
#include "shim.h"
#include "tracer.h"

int exit_code;
volatile int interrupted;
sigset_t wait_sigmask;

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Under the filter a thread outside a syscall runs freely (PTRACE_CONT):
 * the filter stops it at the next traced call.  Inside one, we want its
 * exit stop, so PTRACE_SYSCALL. */
static void resume(struct tcb *tcp, int sig)
{
	int req = (tcp->flags & TCB_SECCOMP) && !(tcp->flags & TCB_INSYSCALL) ? PTRACE_CONT : PTRACE_SYSCALL;

	output_flush_before_resume();

	if (ptrace(req, tcp->pid, 0L, (unsigned long)sig) < 0 && errno != ESRCH)
		perror_msg("ptrace(%s, %d)", req == PTRACE_CONT ? "PTRACE_CONT" : "PTRACE_SYSCALL", tcp->pid);
}

/* Children announced by their parent's fork event but not seen yet: what
 * they inherit (attached or launched) is known only at that event. */
#define MAX_PENDING 64
static struct {
	pid_t pid;
	unsigned int flags;
	struct shim_proc *shim;    /* the parent's, with a reference */
	enum shim_child kind;
	pid_t parent;
} pending[MAX_PENDING];

static unsigned int npending;

/* Tracees the pid prefix counts: those we know and those announced. */
unsigned int tracee_count(void)
{
	return tcb_count() + npending;
}

static void drop_pending(unsigned int i)
{
	pending[i].pid = 0;
	npending--;
	if (pending[i].shim)
		shim_proc_unref(pending[i].shim);
	pending[i].shim = NULL;
}

static unsigned int take_pending_flags(struct tcb *child, bool *known)
{
	pid_t pid = child->pid;
	for (unsigned int i = 0; i < MAX_PENDING; i++) {
		if (pending[i].pid == pid) {
			unsigned int flags = pending[i].flags;
			*known = true;
			shim_child_start(child, tcb_find(pending[i].parent), pending[i].shim, pending[i].kind);
			drop_pending(i);
			return flags;
		}
	}
	*known = false;
	/* Unknown parent: under -p only, everything we trace was attached. */
	return strace_child == 0 && tcb_count() && n_attach_pids ? TCB_ATTACHED : 0;
}

/* A tracee we have not seen: a new child under -f.  strace creates it at
 * its first stop, not at the parent's event, and says so. */
static struct tcb *new_tracee(pid_t pid)
{
	struct tcb *tcp = tcb_add(pid);
	bool known;
	unsigned int inherited = take_pending_flags(tcp, &known);

	tcp->flags |= TCB_STARTUP | inherited;
	/* A child seen before its parent's fork event may need the shim told
	 * about it before it runs: it waits for that event. */
	if (!known && shim_any_armed()) {
		tcp->flags |= TCB_PARKED;
		clock_gettime(CLOCK_MONOTONIC, &tcp->stime);
	}
	tcp->pers = last_personality;
	if (!(opts.quiet & QUIET_ATTACH)) {
		output_flush();
		error_msg("Process %d attached", pid);
	}
	return tcp;
}

static void resume(struct tcb *tcp, int sig);

static void on_new_child(struct tcb *parent, unsigned int event)
{
	unsigned long msg = 0;

	if (ptrace(PTRACE_GETEVENTMSG, parent->pid, 0L, &msg) < 0 || !msg)
		return;
	enum shim_child kind = shim_child_kind(parent, event);
	struct tcb *child = tcb_find((pid_t)msg);
	if (child) {
		child->flags |= parent->flags & (TCB_ATTACHED | TCB_SECCOMP);
		shim_child_start(child, parent, parent->shim, kind);
		if (child->flags & TCB_PARKED) {
			child->flags &= ~TCB_PARKED;
			resume(child, 0);
		}
		return;
	}

	static unsigned int next;
	if (pending[next].pid)
		drop_pending(next);  /* overwritten: never showed up */
	npending++;
	pending[next].pid = (pid_t)msg;
	pending[next].flags = parent->flags & (TCB_ATTACHED | TCB_SECCOMP);
	pending[next].kind = kind;
	/* a vfork parent's shim rests from now until the child execs or
	 * exits (the child is not seen yet: it gets its part later) */
	if (kind == SHIM_CHILD_VFORK)
		shim_vfork_pause(parent);
	pending[next].shim = parent->shim;
	pending[next].parent = parent->pid;
	if (parent->shim)
		shim_proc_ref(parent->shim);
	next = (next + 1) % MAX_PENDING;
}

/* execve by a thread other than the leader: the kernel gives it the
 * leader's pid, and the leader vanishes without an exit report. */
static struct tcb *on_exec(struct tcb *tcp)
{
	unsigned long old = 0;

	if (ptrace(PTRACE_GETEVENTMSG, tcp->pid, 0L, &old) < 0 || (pid_t)old == tcp->pid)
		return tcp;
	struct tcb *execer = tcb_find((pid_t)old);
	if (!execer)
		return tcp;
	/* the leader's held line, if any, is out before it goes */
	stage_end(tcp, true);
	if (!(opts.quiet & QUIET_THREAD_EXECVE)) {
		printleader(tcp);
		emit_fmt("+++ superseded by execve in pid %lu +++\n", old);
		line_ended();
	}
	pid_t pid = tcp->pid;
	tcb_drop(tcp);
	return tcb_rekey(execer, pid);
}

static void on_syscall_stop(struct tcb *tcp, uint64_t cpu_ns)
{
	struct __ptrace_syscall_info info;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, tcp->pid, sizeof(info), &info) <= 0) {
		syscall_unavailable(tcp);
		return;
	}
	switch (info.op) {
	case PTRACE_SYSCALL_INFO_SECCOMP:
		/* The filter's stop is the entry; when the thread was stepping
		 * with PTRACE_SYSCALL it already had its entry stop. */
		if (tcp->flags & TCB_INSYSCALL)
			break;
		info.entry.nr = info.seccomp.nr;
		memmove(info.entry.args, info.seccomp.args, sizeof(info.entry.args));
		syscall_entering(tcp, &info, cpu_ns);
		break;
	case PTRACE_SYSCALL_INFO_ENTRY:
		syscall_entering(tcp, &info, cpu_ns);
		break;
	case PTRACE_SYSCALL_INFO_EXIT:
		syscall_exiting(tcp, &info, cpu_ns);
		break;
	default:
		break;
	}
}

static void on_exit_status(struct tcb *tcp, int status)
{
	shim_thread_exit(tcp);
	syscall_unfinished_exit(tcp);
	if (WIFEXITED(status)) {
		if (tcp->pid == strace_child) {
			exit_code = WEXITSTATUS(status);
			strace_child = 0;
		}
		print_exited(tcp, status);
	} else {
		if (tcp->pid == strace_child) {
			exit_code = 0x100 | WTERMSIG(status);
			strace_child = 0;
		}
		print_signalled(tcp, status);
	}
	tcb_drop(tcp);
}

static void dispatch(pid_t pid, int status, uint64_t cpu_ns)
{
	struct tcb *tcp = tcb_find(pid);

	if (!tcp) {
		if (!WIFSTOPPED(status))
			return;
		tcp = new_tracee(pid);
	}
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		on_exit_status(tcp, status);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	/* What the process did through the shim comes before this stop. */
	shim_drain(tcp);

	int sig = WSTOPSIG(status);
	unsigned int event = (unsigned int)status >> 16;
	switch (event) {
	case PTRACE_EVENT_STOP:
		if (tcp->flags & TCB_PARKED)
			return;  /* on_new_child resumes it */
		tcp->flags &= ~TCB_STARTUP;
		if (is_stop_signal(sig) && !(tcp->flags & TCB_HIDE_LOG)) {
			/* A real group-stop: stay stopped, but keep watching. */
			print_group_stop(tcp, sig);
			ptrace(PTRACE_LISTEN, tcp->pid, 0L, 0L);
			return;
		}
		resume(tcp, 0);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_new_child(tcp, event);
		resume(tcp, 0);
		return;
	case PTRACE_EVENT_EXEC:
		tcp = on_exec(tcp);
		shim_on_exec(tcp);
		resume(tcp, 0);
		return;
	case PTRACE_EVENT_SECCOMP:
		on_syscall_stop(tcp, cpu_ns);
		resume(tcp, 0);
		return;
	case PTRACE_EVENT_EXIT:
		shim_thread_exit(tcp);
		syscall_unfinished_exit(tcp);
		resume(tcp, 0);
		return;
	case 0:
		break;
	default:
		resume(tcp, 0);
		return;
	}
	if (sig == (SIGTRAP | 0x80)) {
		on_syscall_stop(tcp, cpu_ns);
		resume(tcp, 0);
		return;
	}
	siginfo_t si;
	if (ptrace(PTRACE_GETSIGINFO, tcp->pid, 0L, &si) < 0) {
		resume(tcp, sig);
		return;
	}
	if (shim_fault_fixup(tcp, sig, si.si_code)) {
		resume(tcp, 0);
		return;
	}
	shim_signal_stop(tcp);
	print_signal_delivery(tcp, &si);
	resume(tcp, sig);
}

/* How long to poll for the next stop before flushing and sleeping.  Most
 * stops follow within microseconds: polling for them saves a sleep and a
 * wake-up per stop (measured: 1.6x the traced-call rate of blocking at
 * once), and a call that really blocks (read on a terminal) still shows
 * within 30 us. */
#define POLL_BEFORE_BLOCK_NS 30000
#define POLL_PAUSES 20

/* While shim rings are being written, wait4 is called only this often.
 * On this machine any syscall-heavy loop on one core slows syscalls on
 * the other (measured: a getppid loop beside a read/write loop, 147 ns a
 * call instead of 126), and a wait4 every microsecond cost the writer 55
 * ns a call.  A stop meanwhile waits at most this long to be seen. */
#define BUSY_WAIT4_GAP_NS 10000

/* ... and what the sleep path does between sleeps (output to a live
 * reader, blocked calls shown, parked children freed, fatal signals let
 * in) is done this often instead: a writer may keep us busy for good. */
#define BUSY_CHORES_NS 1000000

static int64_t ns_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000000000ll + (now.tv_nsec - t0->tv_nsec);
}

/* A parked child whose parent's event never came (the parent was killed
 * in between) must not stay stopped: after 200 ms it goes on as is. */
static void unpark_one(struct tcb *tcp, void *data)
{
	(void)data;
	if ((tcp->flags & TCB_PARKED) && ns_since(&tcp->stime) > 200000000) {
		tcp->flags &= ~(TCB_PARKED | TCB_STARTUP);
		resume(tcp, 0);
	}
}

/* Up to a millisecond, or until a tracee stops (SIGCHLD, kept blocked so
 * that it stays pending).  Fatal signals are let in meanwhile. */
static void sleep_for_child(void)
{
	static const struct timespec ms = { 0, 1000000 };
	sigset_t chld, old;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_SETMASK, &wait_sigmask, &old);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	if (!interrupted)
		sigtimedwait(&chld, NULL, &ms);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* The chores of an idle tracer: blocked shim calls show their entry, a
 * parked child whose parent's event never came goes on, output reaches a
 * live reader, and fatal signals (blocked while we work) are let in. */
static void between_sleeps(void)
{
	sigset_t open, old;

	shim_show_pending();
	tcb_foreach(unpark_one, NULL);
	if (output_dirty())
		output_flush();
	/* SIGCHLD stays blocked: pending, it wakes the next sleep */
	open = wait_sigmask;
	sigaddset(&open, SIGCHLD);
	sigprocmask(SIG_SETMASK, &open, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Output is flushed before the tracer blocks, so a live reader sees every
 * line; fatal signals are let in only while blocked. */
static pid_t wait_any(int *status, struct rusage *ru)
{
	pid_t pid;

	/* -c needs the tracee's system CPU time at each stop, which wait4
	 * reports for free. */
	if (!opts.cflag)
		ru = NULL;
	struct timespec t0, waited = { 0, 0 }, chores;
	bool busy = false;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	chores = t0;
	for (;;) {
		do {
			if (busy && ns_since(&chores) >= BUSY_CHORES_NS) {
				between_sleeps();
				clock_gettime(CLOCK_MONOTONIC, &chores);
			}
			if (!busy || ns_since(&waited) >= BUSY_WAIT4_GAP_NS) {
				pid = wait4(-1, status, __WALL | WNOHANG, ru);
				if (pid != 0)
					return pid;
				clock_gettime(CLOCK_MONOTONIC, &waited);
			}
			/* records the shim wrote meanwhile: printing them is
			 * work done, and a ring being written will need us
			 * soon (sleeping then let it fill up and its writer
			 * fall back to ptrace stops), so keep polling (a ring
			 * still being written is taken in batches, see
			 * shim-ring.c) */
			busy = shim_poll();
			if (busy)
				clock_gettime(CLOCK_MONOTONIC, &t0);
			/* a short pause between polls leaves the tracee's stop
			 * path the locks our wait4 takes */
			for (int i = 0; i < POLL_PAUSES; i++)
				__builtin_ia32_pause();
		} while (ns_since(&t0) < POLL_BEFORE_BLOCK_NS && !interrupted);
		if (output_dirty())
			output_flush();
		if (!shim_any_armed() || interrupted)
			break;
		/* Processes run the shim: no stop may come for a long time
		 * while records do.  Sleep a little at a time (a stop's
		 * SIGCHLD ends the sleep early). */
		shim_drain_all(true);
		between_sleeps();
		sleep_for_child();
		clock_gettime(CLOCK_MONOTONIC, &t0);
		chores = t0;
	}
	sigset_t old;
	sigprocmask(SIG_SETMASK, &wait_sigmask, &old);
	pid = interrupted ? -1 : wait4(-1, status, __WALL, ru);
	int saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = interrupted ? EINTR : saved;
	return pid;
}

void trace_loop(void)
{
	while (tcb_count() > 0) {
		if (interrupted) {
			detach_all();
			return;
		}
		int status;
		struct rusage ru = { 0 };
		pid_t pid = wait_any(&status, &ru);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				return;
			perror_msg("wait");
			return;
		}
		dispatch(pid, status, ru.ru_stime.tv_sec * 1000000000ull + ru.ru_stime.tv_usec * 1000ull);
	}
}
