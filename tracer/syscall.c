/* Syscall entry and exit: turn one PTRACE_GET_SYSCALL_INFO answer into the
 * event (tcb fields), filter it, and print it through the decoders. */
#include <errno.h>
#include <linux/audit.h>
#include <sys/ptrace.h>
#include <string.h>
#include <sys/ptrace.h>

#include "count.h"
#include "decode/decode.h"
#include "dumpio.h"
#include "emit.h"
#include "filter.h"
#include "output.h"
#include "pathtrace.h"
#include "seccomp-mode.h"
#include "shim.h"
#include "timestamps.h"
#include "tracer.h"

/* Kernel-internal restart codes: the call will be restarted, so strace
 * prints "= ?" rather than "= -1". */
#define ERESTARTSYS 512
#define ERESTART_RESTARTBLOCK 516

static enum personality personality_of(uint32_t arch)
{
	return arch == AUDIT_ARCH_I386 ? PERS_I386 : PERS_X86_64;
}

enum personality last_personality;

/* strace announces a personality switch at the first syscall made in it. */
static void update_personality(struct tcb *tcp, enum personality pers)
{
	if (tcp->pers == pers)
		return;
	tcp->pers = pers;
	if (opts.quiet & QUIET_PERSONALITY)
		return;
	printleader(tcp);
	emit_fmt("[ Process PID=%d runs in %s mode. ]\n", tcp->pid, personality_name(pers));
	line_ended();
}

/* By decoder, not by name: asked at every entry under the shim. */
static bool is_exec(const struct tcb *tcp)
{
	return tcp->s_ent && (tcp->s_ent->decode == sys_execve || tcp->s_ent->decode == sys_execveat);
}

static void print_raw_args(struct tcb *tcp)
{
	unsigned int n = tcp->s_ent ? tcp->s_ent->nargs : MAX_ARGS;
	for (unsigned int i = 0; i < n; i++) {
		if (i)
			emit_arg_next();
		emit_x(tcp->sc_pers == PERS_I386 ? (uint32_t)tcp->u_arg[i] : tcp->u_arg[i]);
	}
}

static void print_name(struct tcb *tcp)
{
	if (tcp->s_ent)
		emit_mem(tcp->s_ent->name, tcp->s_ent->name_len);
	else
		emit_fmt("syscall_%#llx", (unsigned long long)tcp->scno);
	emit_char('(');
}

/* restart_syscall names the call it resumes: the thread's previous one.
 * After an attach there is none and, as strace does, number 0 is named. */
int sys_restart_syscall(struct tcb *tcp)
{
	const struct sysent *prev = tcp->prev_s_ent ? tcp->prev_s_ent : sysent_lookup(tcp->sc_pers, 0);

	emit_fmt("<... resuming interrupted %s ...>", prev ? prev->name : "system call");
	return RVAL_DECODED;
}

void syscall_entering(struct tcb *tcp, const struct __ptrace_syscall_info *info, uint64_t cpu_ns)
{
	enum personality pers = personality_of(info->arch);

	/* The notice comes before the new call is known (-n shows the old one). */
	update_personality(tcp, pers);
	last_personality = pers;
	if (tcp->s_ent && tcp->s_ent->decode != sys_restart_syscall)
		tcp->prev_s_ent = tcp->s_ent;
	tcp->sc_pers = pers;
	tcp->scno = info->entry.nr;
	tcp->s_ent = sysent_lookup(pers, tcp->scno);
	for (int i = 0; i < MAX_ARGS; i++)
		tcp->u_arg[i] = info->entry.args[i];
	tcp->stack_pointer = info->stack_pointer;
	/* 32-bit glibc sends socket calls through socketcall: show the call
	 * it stands for, as strace does. */
	if (pers == PERS_I386 && tcp->s_ent && !strcmp(tcp->s_ent->name, "socketcall")) {
		uint64_t sub;
		const struct sysent *se = socketcall_subcall(tcp, &sub);
		if (se) {
			tcp->s_ent = se;
			if (sub != UINT64_MAX)
				tcp->scno = sub;
		}
	}
	tcp->u_rval = 0;
	tcp->u_error = 0;
	tcp->auxstr = NULL;
	tcp->flags &= ~(TCB_INSYSCALL | TCB_FILTERED | TCB_ENTRY_PRINTED | TCB_REPRINT | TCB_COUNT_ONLY | TCB_SHIM_HIDDEN);
	tcp->cpu_ns = cpu_ns;
	if (opts.Tflag || opts.cflag)
		event_clock(CLOCK_MONOTONIC, &tcp->stime);

	/* The shim's own calls and ld.so loading it are not the program's. */
	if (tcp->shim && shim_hide_entry(tcp, info->instruction_pointer)) {
		tcp->flags |= TCB_FILTERED | TCB_INSYSCALL | TCB_SHIM_HIDDEN;
		return;
	}

	/* The launched child's own set-up, before it execs the program, is
	 * not part of the trace. */
	if (tcp->flags & TCB_HIDE_LOG) {
		if (!is_exec(tcp)) {
			tcp->flags |= TCB_FILTERED | TCB_INSYSCALL;
			return;
		}
		tcp->flags &= ~TCB_HIDE_LOG;
		/* The launched child installed the filter just before this. */
		if (tcp->pid == strace_child && seccomp_enabled && seccomp_child_installed())
			tcp->flags |= TCB_SECCOMP;
	}
	/* A dynamic x86_64 program under the filter gets the shim in its
	 * environment; the line shows the environment as given (it is
	 * printed from u_arg, the register changes after). */
	if (shim_active && (tcp->flags & TCB_SECCOMP) && is_exec(tcp))
		shim_execve_entry(tcp);
	if (!filter_traced(pers, tcp->scno)) {
		tcp->flags |= TCB_FILTERED | TCB_INSYSCALL;
		return;
	}

	if (opts.cflag == 1) {
		/* -c: counted at the exit, never printed */
		tcp->flags |= TCB_INSYSCALL | TCB_COUNT_ONLY;
		return;
	}
	/* -P decides after the entry is decoded, so the entry is held too. */
	bool selecting = pathtrace_active() || trace_fds_active();
	if (status_filtering() || selecting)
		stage_begin(tcp);
	if (selecting)
		pathtrace_reset();
	printleader(tcp);
	print_name(tcp);
	if (tcp->s_ent && tcp->s_ent->decode) {
		tcp->sys_func_rval = tcp->s_ent->decode(tcp);
	} else {
		print_raw_args(tcp);
		tcp->sys_func_rval = RVAL_DECODED;
	}
	if (selecting) {
		if (!pathtrace_matched()) {
			stage_end(tcp, false);
			tcp->flags |= TCB_FILTERED | TCB_INSYSCALL;
			return;
		}
		if (!status_filtering())
			stage_end(tcp, true);
	}
	tcp->flags |= TCB_ENTRY_PRINTED | TCB_INSYSCALL;
}

static void print_error(struct tcb *tcp)
{
	int err = tcp->u_error;
	const char *name = errno_name(err);
	bool restart = err >= ERESTARTSYS && err <= ERESTART_RESTARTBLOCK;

	emit_raw(restart ? "? " : "-1 ");
	if (name)
		emit_fmt("%s (%s)", name, errno_message(err));
	else
		emit_fmt("(errno %d)", err);
}

static void print_value(struct tcb *tcp, int rval_flags)
{
	int64_t v = tcp->u_rval;
	uint64_t u = tcp->sc_pers == PERS_I386 ? (uint32_t)v : (uint64_t)v;

	if (tcp->sc_pers == PERS_I386)
		v = (int32_t)v;
	switch (rval_flags & RVAL_MASK) {
	case RVAL_HEX: emit_x(u); break;
	case RVAL_OCTAL: emit_o(u); break;
	case RVAL_UDECIMAL: emit_u(u); break;
	default: emit_d(v); break;
	}
	if ((rval_flags & RVAL_STR) && tcp->auxstr) {
		emit_raw(" (");
		emit_raw(tcp->auxstr);
		emit_char(')');
	}
}

static bool status_wanted(unsigned int status)
{
	return opts.status_set & status;
}

static void count_exit(struct tcb *tcp, const struct timespec *etime, uint64_t cpu_ns)
{
	int64_t ns;

	if (opts.count_wall)
		ns = (etime->tv_sec - tcp->stime.tv_sec) * 1000000000ll + (etime->tv_nsec - tcp->stime.tv_nsec);
	else
		ns = cpu_ns - tcp->cpu_ns;
	count_syscall(tcp->sc_pers, tcp->scno, tcp->u_error != 0, ns);
}

void syscall_exiting(struct tcb *tcp, const struct __ptrace_syscall_info *info, uint64_t cpu_ns)
{
	if (!(tcp->flags & TCB_INSYSCALL))
		return;  /* an exit whose entry we never saw (attach) */
	struct timespec etime;
	if (opts.Tflag || opts.cflag)
		event_clock(CLOCK_MONOTONIC, &etime);
	if (tcp->shim_injected && info->exit.is_error)
		shim_execve_exit(tcp);
	if (tcp->flags & TCB_SHIM_HIDDEN) {
		tcp->flags &= ~TCB_SHIM_HIDDEN;
		shim_hidden_exit(tcp, info->exit.rval);
	}
	if (tcp->shim && tcp->sc_pers == PERS_X86_64 && tcp->scno == 15 /* rt_sigreturn */)
		shim_sigreturn_exit(tcp, info->exit.rval);
	tcp->u_rval = info->exit.rval;
	tcp->u_error = info->exit.is_error ? (int)-info->exit.rval : 0;
	if (tcp->s_ent && (tcp->s_ent->flags & SYSCALL_NEVER_FAILS))
		tcp->u_error = 0;
	if (opts.cflag && !(tcp->flags & TCB_FILTERED))
		count_exit(tcp, &etime, cpu_ns);
	if (tcp->flags & TCB_COUNT_ONLY) {
		tcp->flags &= ~(TCB_INSYSCALL | TCB_COUNT_ONLY);
		return;
	}
	if (!(tcp->flags & TCB_ENTRY_PRINTED)) {
		tcp->flags &= ~TCB_INSYSCALL;
		return;
	}

	print_syscall_resume(tcp);
	int rval_flags = tcp->sys_func_rval;
	if (!(rval_flags & RVAL_DECODED) && tcp->s_ent && tcp->s_ent->decode)
		rval_flags = tcp->s_ent->decode(tcp);
	tcp->flags &= ~(TCB_INSYSCALL | TCB_ENTRY_PRINTED);

	emit_raw(") ");
	tabto();
	emit_raw("= ");
	if (rval_flags & RVAL_NONE)
		emit_char('?');
	else if (tcp->u_error)
		print_error(tcp);
	else
		print_value(tcp, rval_flags);
	if (opts.Tflag)
		print_syscall_time(&tcp->stime, &etime);
	emit_char('\n');
	if (dumpio_reads_active() || dumpio_writes_active())
		dumpio(tcp);
	line_ended();
	/* Until the launched child's exec succeeds, what it does (report the
	 * failure, exit) is the tracer's business, not the trace. */
	if ((tcp->flags & TCB_PRE_EXEC) && is_exec(tcp)) {
		if (tcp->u_error)
			tcp->flags |= TCB_HIDE_LOG;
		else
			tcp->flags &= ~TCB_PRE_EXEC;
	}
	stage_end(tcp, status_wanted(tcp->u_error ? STATUS_FAILED : STATUS_SUCCESSFUL));
}

/* The syscall's result cannot be read (the thread vanished under us). */
void syscall_unavailable(struct tcb *tcp)
{
	if (!(tcp->flags & TCB_INSYSCALL) || !(tcp->flags & TCB_ENTRY_PRINTED))
		return;
	print_syscall_resume(tcp);
	emit_raw(") ");
	tabto();
	emit_raw("= ? <unavailable>\n");
	line_ended();
	tcp->flags &= ~(TCB_INSYSCALL | TCB_ENTRY_PRINTED);
	stage_end(tcp, status_wanted(STATUS_UNAVAILABLE));
}

/* The thread leaves in the middle of a syscall (exit_group, a fatal
 * signal): finish its line with "= ?" as strace does, saying
 * <unfinished ...> when the decoder still had something to print. */
void syscall_unfinished_exit(struct tcb *tcp)
{
	if (!(tcp->flags & TCB_INSYSCALL) || !(tcp->flags & TCB_ENTRY_PRINTED))
		return;
	print_syscall_resume(tcp);
	if (!(tcp->sys_func_rval & RVAL_DECODED))
		emit_raw(" <unfinished ...>");
	emit_raw(") ");
	tabto();
	emit_raw("= ?\n");
	line_ended();
	tcp->flags &= ~(TCB_INSYSCALL | TCB_ENTRY_PRINTED);
	stage_end(tcp, status_wanted(STATUS_UNFINISHED));
}

/* Detaching while the thread is inside a syscall. */
void syscall_detached(struct tcb *tcp)
{
	if (tcb_is_staging(tcp)) {
		bool publish = status_wanted(STATUS_DETACHED);
		if (publish && line_is_open(tcp)) {
			cur_sink = tcp->out;
			emit_raw(" <detached ...>\n");
		}
		stage_end(tcp, publish);
	} else if (line_is_open(tcp)) {
		cur_sink = tcp->out;
		emit_raw(" <detached ...>\n");
		line_ended();
	}
	tcp->flags &= ~(TCB_INSYSCALL | TCB_ENTRY_PRINTED);
}
