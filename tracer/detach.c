/* Detaching on SIGINT/SIGTERM/SIGHUP: every attached tracee is let go in a
 * state where it keeps running (or stays in a stop the user caused). */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "shim.h"
#include "emit.h"
#include "output.h"
#include "tracer.h"

/* Bring a running tracee to a ptrace-stop, then detach, handing back a
 * signal that was about to be delivered. */
static void detach_one(struct tcb *tcp)
{
	pid_t pid = tcp->pid;

	if (ptrace(PTRACE_DETACH, pid, 0L, 0L) == 0)
		return;
	if (errno != ESRCH)
		return;
	if (ptrace(PTRACE_INTERRUPT, pid, 0L, 0L) < 0)
		return;  /* already gone */
	for (;;) {
		int status;
		pid_t r = waitpid(pid, &status, __WALL);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (!WIFSTOPPED(status))
			return;  /* it exited meanwhile */
		int sig = WSTOPSIG(status);
		unsigned int event = (unsigned int)status >> 16;
		bool deliver = event == 0 && sig != (SIGTRAP | 0x80);
		if (ptrace(PTRACE_DETACH, pid, 0L, (unsigned long)(deliver ? sig : 0)) == 0 || errno == ESRCH)
			return;
	}
}

static void detach_tcb(struct tcb *tcp, void *data)
{
	(void)data;
	/* As strace: the command we started gets the fatal signal too. */
	if (tcp->pid == strace_child && interrupted) {
		kill(tcp->pid, SIGCONT);
		kill(tcp->pid, interrupted);
	}
	/* Under our seccomp filter a detached process would get ENOSYS for
	 * every traced call: those die with the tracer (PTRACE_O_EXITKILL). */
	if (tcp->flags & TCB_SECCOMP) {
		tcb_drop(tcp);
		return;
	}
	detach_one(tcp);
	if (!(opts.quiet & QUIET_ATTACH)) {
		output_flush();
		error_msg("Process %d detached", tcp->pid);
	}
	/* A line left open by a syscall in flight is closed as strace does. */
	syscall_detached(tcp);
	tcb_drop(tcp);
}

void detach_all(void)
{
	/* What came through the shim so far is printed first; lines that a
	 * detached thread left unfinished stay as they are. */
	shim_drain_all(true);
	tcb_foreach(detach_tcb, NULL);
}
