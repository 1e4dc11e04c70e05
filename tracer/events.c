/* Process and signal lines: +++ exited +++, +++ killed by +++,
 * --- SIGNAL {siginfo} ---, --- stopped by SIGSTOP ---. */
#include <signal.h>
#include <sys/wait.h>

#include "emit.h"
#include "filter.h"
#include "output.h"
#include "tracer.h"

void emit_siginfo(struct tcb *tcp, const siginfo_t *si);

void print_exited(struct tcb *tcp, int status)
{
	if ((opts.quiet & QUIET_EXIT) || opts.cflag == 1)
		return;
	printleader(tcp);
	emit_fmt("+++ exited with %d +++\n", WEXITSTATUS(status));
	line_ended();
}

void print_signalled(struct tcb *tcp, int status)
{
	int sig = WTERMSIG(status);

	if (!filter_signal_shown(sig) || opts.cflag == 1)
		return;
	printleader(tcp);
	emit_raw("+++ killed by ");
	emit_signame(sig);
	emit_raw(WCOREDUMP(status) ? " (core dumped) +++\n" : " +++\n");
	line_ended();
}

void print_signal_delivery(struct tcb *tcp, const siginfo_t *si)
{
	if ((tcp->flags & TCB_HIDE_LOG) || !filter_signal_shown(si->si_signo) || opts.cflag == 1)
		return;
	printleader(tcp);
	emit_raw("--- ");
	emit_signame(si->si_signo);
	emit_char(' ');
	emit_siginfo(tcp, si);
	emit_raw(" ---\n");
	line_ended();
}

void print_group_stop(struct tcb *tcp, int sig)
{
	if ((tcp->flags & TCB_HIDE_LOG) || !filter_signal_shown(sig) || opts.cflag == 1)
		return;
	printleader(tcp);
	emit_raw("--- stopped by ");
	emit_signame(sig);
	emit_raw(" ---\n");
	line_ended();
}
