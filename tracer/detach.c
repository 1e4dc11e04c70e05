/* Detaching on SIGINT/SIGTERM/SIGHUP: every attached tracee is let go in a
 * state where it keeps running (or stays in a stop the user caused). */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

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
	if (!(tcp->flags & TCB_ATTACHED))
		return;  /* launched tracees die with us (PTRACE_O_EXITKILL) */
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
	/* Lines that a detached thread left unfinished stay as they are. */
	tcb_foreach(detach_tcb, NULL);
}
