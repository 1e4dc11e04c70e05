/* Signal syscalls: rt_sigaction, rt_sigprocmask, rt_sigreturn, ... and
 * the old i386 ones (sigaction, sigprocmask, sigreturn, signal, ...),
 * printed as strace 6.1 does. */
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <linux/ptrace.h>

#include "decode.h"

#define NSIG_BYTES 8   /* the kernel's sigset_t on x86: 64 signals */
#define H_SA_RESTORER 0x04000000u

void print_signal(int sig)
{
	const char *s = sig > 0 ? signal_name((unsigned int)sig) : NULL;

	if (s)
		emit_raw(s);
	else
		emit_d(sig);
}

/* strace's sprintsigmask_n: [HUP INT] or, when 2/3 or more of the bits in
 * the words shown are set, the ones that are not: ~[KILL STOP].  Writes
 * into buf after prefix and returns buf. */
const char *sprint_sigmask(const char *prefix, const void *mask_buf, unsigned int bytes)
{
	static char buf[16 + 64 * 8];
	uint32_t mask[NSIG_BYTES / 4] = { 0 };
	unsigned int words = (bytes < NSIG_BYTES ? bytes : NSIG_BYTES);
	size_t pos = 0;

	memcpy(mask, mask_buf, words);
	words = (words + 3) / 4;
	pos += (size_t)snprintf(buf, 17, "%s", prefix);

	unsigned int count = 0;
	for (unsigned int i = 0; i < words; i++)
		count += (unsigned int)__builtin_popcount(mask[i]);
	if (count >= words * 32 * 2 / 3) {
		for (unsigned int i = 0; i < words; i++)
			mask[i] = ~mask[i];
		buf[pos++] = '~';
	}

	char sep = '[';
	for (unsigned int bit = 0; bit < words * 32; bit++) {
		if (!(mask[bit / 32] & (1u << (bit % 32))))
			continue;
		unsigned int sig = bit + 1;
		buf[pos++] = sep;
		sep = ' ';
		const char *name = signal_name(sig);
		if (name && sig <= 32)
			pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos, "%s", name + 3);
		else if (sig > 32 && sig <= 64)
			pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos, "RT_%u", sig - 32);
		else
			pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos, "%u", sig);
	}
	if (sep == '[')
		buf[pos++] = '[';
	buf[pos++] = ']';
	buf[pos] = '\0';
	return buf;
}

void print_sigmask(const void *mask_buf, unsigned int bytes)
{
	emit_raw(sprint_sigmask("", mask_buf, bytes));
}

static void print_sigset_addr_len_limit(struct tcb *tcp, uint64_t addr,
					uint64_t len, uint64_t min_len)
{
	unsigned char mask[NSIG_BYTES] = { 0 };

	if (len < min_len || len > NSIG_BYTES) {
		emit_ptr(addr);
		return;
	}
	if (umove_or_printaddr(tcp, addr, (size_t)len, mask))
		return;
	print_sigmask(mask, (unsigned int)len);
}

void print_sigset_addr_len(struct tcb *tcp, uint64_t addr, uint64_t len)
{
	print_sigset_addr_len_limit(tcp, addr, len, tcp_wordsize(tcp));
}

/* {mask=[...]} of a full kernel sigset at addr */
static void print_sigset_struct(struct tcb *tcp, uint64_t addr)
{
	emit_struct_begin();
	emit_field("mask");
	print_sigset_addr_len_limit(tcp, addr, NSIG_BYTES, NSIG_BYTES);
	emit_struct_end();
}

/* An "old" word-sized sigset passed by value */
static void print_old_sigmask_val(struct tcb *tcp, uint64_t val)
{
	if (is_i386(tcp)) {
		uint32_t m = (uint32_t)val;
		print_sigmask(&m, 4);
	} else {
		print_sigmask(&val, 8);
	}
}

static void print_sa_handler(struct tcb *tcp, uint64_t handler)
{
	const char *s = xlat_lookup(&xlat_sa_handler_values, handler);

	(void)tcp;
	if (s)
		emit_raw(s);
	else
		emit_ptr(handler);
}

/* --- rt_sigaction ------------------------------------------------------ */

static void decode_new_sigaction(struct tcb *tcp, uint64_t addr)
{
	uint64_t handler, flags, restorer;
	unsigned char mask[NSIG_BYTES];

	if (is_i386(tcp)) {
		struct { uint32_t handler, flags, restorer, mask[2]; } sa32;
		if (umove_or_printaddr(tcp, addr, sizeof(sa32), &sa32))
			return;
		handler = sa32.handler;
		flags = sa32.flags;
		restorer = sa32.restorer;
		memcpy(mask, sa32.mask, sizeof(mask));
	} else {
		struct { uint64_t handler, flags, restorer; unsigned char mask[8]; } sa;
		if (umove_or_printaddr(tcp, addr, sizeof(sa), &sa))
			return;
		handler = sa.handler;
		flags = sa.flags;
		restorer = sa.restorer;
		memcpy(mask, sa.mask, sizeof(mask));
	}
	emit_struct_begin();
	emit_field("sa_handler");
	print_sa_handler(tcp, handler);
	emit_field("sa_mask");
	print_sigmask(mask, sizeof(mask));
	emit_field("sa_flags");
	emit_flags(&xlat_sigact_flags, flags, "SA_???");
	if (flags & H_SA_RESTORER) {
		emit_field("sa_restorer");
		emit_ptr(restorer);
	}
	emit_struct_end();
}

SYS_FUNC(rt_sigaction)
{
	if (entering(tcp)) {
		print_signal((int)tcp->u_arg[0]);
		emit_arg_next();
		decode_new_sigaction(tcp, tcp->u_arg[1]);
		emit_arg_next();
	} else {
		decode_new_sigaction(tcp, tcp->u_arg[2]);
		emit_arg_next();
		emit_u(arg_ulong(tcp, 3));
	}
	return 0;
}

/* old sigaction (i386): {handler, mask, flags, restorer} */
static void decode_old_sigaction(struct tcb *tcp, uint64_t addr)
{
	struct { uint32_t handler, mask, flags, restorer; } sa32;

	if (umove_or_printaddr(tcp, addr, sizeof(sa32), &sa32))
		return;
	emit_struct_begin();
	emit_field("sa_handler");
	print_sa_handler(tcp, sa32.handler);
	emit_field("sa_mask");
	print_sigmask(&sa32.mask, 4);
	emit_field("sa_flags");
	emit_flags(&xlat_sigact_flags, sa32.flags, "SA_???");
	if (sa32.flags & H_SA_RESTORER) {
		emit_field("sa_restorer");
		emit_ptr(sa32.restorer);
	}
	emit_struct_end();
}

SYS_FUNC(sigaction)
{
	if (entering(tcp)) {
		print_signal((int)tcp->u_arg[0]);
		emit_arg_next();
		decode_old_sigaction(tcp, tcp->u_arg[1]);
		emit_arg_next();
	} else {
		decode_old_sigaction(tcp, tcp->u_arg[2]);
	}
	return 0;
}

SYS_FUNC(signal)
{
	if (entering(tcp)) {
		print_signal((int)tcp->u_arg[0]);
		emit_arg_next();
		print_sa_handler(tcp, arg_ulong(tcp, 1));
		return 0;
	}
	if (!syserror(tcp)) {
		uint64_t rv = is_i386(tcp) ? (uint32_t)tcp->u_rval : (uint64_t)tcp->u_rval;
		tcp->auxstr = xlat_lookup(&xlat_sa_handler_values, rv);
		return RVAL_HEX | (tcp->auxstr ? RVAL_STR : 0);
	}
	return 0;
}

/* --- masks ------------------------------------------------------------- */

SYS_FUNC(rt_sigprocmask)
{
	if (entering(tcp)) {
		emit_xval(&xlat_sigprocmask_how, (uint32_t)tcp->u_arg[0], "SIG_???");
		emit_arg_next();
		print_sigset_addr_len(tcp, tcp->u_arg[1], arg_ulong(tcp, 3));
		emit_arg_next();
	} else {
		print_sigset_addr_len(tcp, tcp->u_arg[2], arg_ulong(tcp, 3));
		emit_arg_next();
		emit_u(arg_ulong(tcp, 3));
	}
	return 0;
}

SYS_FUNC(sigprocmask)
{
	if (entering(tcp)) {
		emit_xval(&xlat_sigprocmask_how, (uint32_t)tcp->u_arg[0], "SIG_???");
		emit_arg_next();
		print_sigset_addr_len(tcp, tcp->u_arg[1], tcp_wordsize(tcp));
		emit_arg_next();
	} else {
		print_sigset_addr_len(tcp, tcp->u_arg[2], tcp_wordsize(tcp));
	}
	return 0;
}

SYS_FUNC(rt_sigpending)
{
	if (exiting(tcp)) {
		print_sigset_addr_len_limit(tcp, tcp->u_arg[0], arg_ulong(tcp, 1), 1);
		emit_arg_next();
		emit_u(arg_ulong(tcp, 1));
	}
	return 0;
}

SYS_FUNC(sigpending)
{
	if (exiting(tcp))
		print_sigset_addr_len(tcp, tcp->u_arg[0], tcp_wordsize(tcp));
	return 0;
}

SYS_FUNC(rt_sigsuspend)
{
	print_sigset_addr_len(tcp, tcp->u_arg[0], arg_ulong(tcp, 1));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	return RVAL_DECODED;
}

SYS_FUNC(sigsuspend)
{
	/* i386: sigsuspend(int, int, old_sigset_t mask): only the mask */
	unsigned int n = tcp->s_ent ? tcp->s_ent->nargs : 3;
	print_old_sigmask_val(tcp, tcp->u_arg[n ? n - 1 : 0]);
	return RVAL_DECODED;
}

SYS_FUNC(sgetmask)
{
	if (exiting(tcp) && !syserror(tcp)) {
		uint32_t m = (uint32_t)tcp->u_rval;
		tcp->auxstr = sprint_sigmask("mask ", &m, 4);
		return RVAL_HEX | RVAL_STR;
	}
	return 0;
}

SYS_FUNC(ssetmask)
{
	if (entering(tcp)) {
		print_old_sigmask_val(tcp, (uint32_t)tcp->u_arg[0]);
		return 0;
	}
	if (!syserror(tcp)) {
		uint32_t m = (uint32_t)tcp->u_rval;
		tcp->auxstr = sprint_sigmask("old mask ", &m, 4);
		return RVAL_HEX | RVAL_STR;
	}
	return 0;
}

/* --- sigreturn --------------------------------------------------------- */

/* The stack pointer at syscall entry, from the event. */
static bool get_stack_pointer(struct tcb *tcp, uint64_t *sp)
{
	*sp = tcp->stack_pointer;
	return *sp != 0;
}

SYS_FUNC(rt_sigreturn)
{
	uint64_t sp;

	if (!get_stack_pointer(tcp, &sp))
		return RVAL_DECODED;
	if (is_i386(tcp)) {
		/* rt_sigframe_ia32: pretcode, sig, pinfo, puc, compat siginfo
		 * (128), ucontext_ia32 {flags, link, stack(12), sigcontext(88),
		 * sigmask} */
		uint64_t frame = (uint32_t)(sp - 4);
		print_sigset_struct(tcp, frame + 252);
	} else {
		/* rt_sigframe: pretcode, ucontext {flags, link, stack(24),
		 * sigcontext(256), sigmask} */
		print_sigset_struct(tcp, sp - 8 + 304);
	}
	return RVAL_DECODED;
}

SYS_FUNC(sigreturn)
{
	uint64_t sp;
	struct {
		uint32_t pad1[20];
		uint32_t oldmask;
		uint32_t pad2;
		uint32_t fpstate[156];
		uint32_t extramask;
	} frame;

	if (!get_stack_pointer(tcp, &sp))
		return RVAL_DECODED;
	if (is_i386(tcp))
		sp = (uint32_t)sp;
	if (umove_or_printaddr(tcp, sp, sizeof(frame), &frame))
		return RVAL_DECODED;
	uint32_t mask[2] = { frame.oldmask, frame.extramask };
	emit_struct_begin();
	emit_field("mask");
	print_sigmask(mask, sizeof(mask));
	emit_struct_end();
	return RVAL_DECODED;
}

/* --- sigaltstack ------------------------------------------------------- */

static void print_stack_t(struct tcb *tcp, uint64_t addr)
{
	uint64_t sp, size;
	uint32_t flags;

	if (is_i386(tcp)) {
		struct { uint32_t sp; int32_t flags; uint32_t size; } ss;
		if (umove_or_printaddr(tcp, addr, sizeof(ss), &ss))
			return;
		sp = ss.sp;
		flags = (uint32_t)ss.flags;
		size = ss.size;
	} else {
		struct { uint64_t sp; int32_t flags; uint32_t pad; uint64_t size; } ss;
		if (umove_or_printaddr(tcp, addr, sizeof(ss), &ss))
			return;
		sp = ss.sp;
		flags = (uint32_t)ss.flags;
		size = ss.size;
	}
	emit_struct_begin();
	emit_field("ss_sp");
	emit_ptr(sp);
	emit_field("ss_flags");
	emit_flags(&xlat_sigaltstack_flags, flags, "SS_???");
	emit_field("ss_size");
	emit_u(size);
	emit_struct_end();
}

SYS_FUNC(sigaltstack)
{
	if (entering(tcp)) {
		print_stack_t(tcp, arg_ulong(tcp, 0));
		emit_arg_next();
	} else {
		print_stack_t(tcp, arg_ulong(tcp, 1));
	}
	return 0;
}

/* --- kill and friends -------------------------------------------------- */

SYS_FUNC(kill)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	print_signal((int)tcp->u_arg[1]);
	return RVAL_DECODED;
}

SYS_FUNC(tkill)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	print_signal((int)tcp->u_arg[1]);
	return RVAL_DECODED;
}

SYS_FUNC(tgkill)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	emit_d((int)tcp->u_arg[1]);
	emit_arg_next();
	print_signal((int)tcp->u_arg[2]);
	return RVAL_DECODED;
}

SYS_FUNC(rt_sigqueueinfo)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	print_signal((int)tcp->u_arg[1]);
	emit_arg_next();
	print_siginfo_at(tcp, arg_ulong(tcp, 2));
	return RVAL_DECODED;
}

SYS_FUNC(rt_tgsigqueueinfo)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	emit_d((int)tcp->u_arg[1]);
	emit_arg_next();
	print_signal((int)tcp->u_arg[2]);
	emit_arg_next();
	print_siginfo_at(tcp, arg_ulong(tcp, 3));
	return RVAL_DECODED;
}

SYS_FUNC(pidfd_send_signal)
{
	emit_fd(tcp, (int)tcp->u_arg[0]);
	emit_arg_next();
	print_signal((int)tcp->u_arg[1]);
	emit_arg_next();
	print_siginfo_at(tcp, arg_ulong(tcp, 2));
	emit_arg_next();
	emit_x((uint32_t)tcp->u_arg[3]);
	return RVAL_DECODED;
}

/* --- rt_sigtimedwait --------------------------------------------------- */

static int do_rt_sigtimedwait(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		print_sigset_addr_len(tcp, tcp->u_arg[0], arg_ulong(tcp, 3));
		emit_arg_next();
		if (!arg_ulong(tcp, 1)) {
			emit_ptr(0);
			emit_arg_next();
			print_timespec(tcp, arg_ulong(tcp, 2), time32);
			emit_arg_next();
			emit_u(arg_ulong(tcp, 3));
		}
		return 0;
	}
	if (arg_ulong(tcp, 1)) {
		print_siginfo_at(tcp, arg_ulong(tcp, 1));
		emit_arg_next();
		/* the timeout is an input: read it again (strace keeps the
		 * text it made at entry) */
		bool err = syserror(tcp);
		int saved = tcp->u_error;
		if (err)
			tcp->u_error = 0;
		print_timespec(tcp, arg_ulong(tcp, 2), time32);
		tcp->u_error = saved;
		emit_arg_next();
		emit_u(arg_ulong(tcp, 3));
	}
	if (!syserror(tcp) && tcp->u_rval) {
		tcp->auxstr = signal_name((unsigned int)tcp->u_rval);
		if (tcp->auxstr)
			return RVAL_STR;
	}
	return 0;
}

SYS_FUNC(rt_sigtimedwait_time64)
{
	return do_rt_sigtimedwait(tcp, false);
}

SYS_FUNC(rt_sigtimedwait_time32)
{
	return do_rt_sigtimedwait(tcp, true);
}

/* --- signalfd ---------------------------------------------------------- */

static void print_sfd_flags(uint64_t flags)
{
	/* SFD_CLOEXEC == O_CLOEXEC, SFD_NONBLOCK == O_NONBLOCK */
	static const struct xlat_entry e[] = {
		{ 02000000, "SFD_CLOEXEC" },
		{ 04000, "SFD_NONBLOCK" },
	};
	static const struct xlat x = { e, 2 };
	emit_flags(&x, flags, "SFD_???");
}

static int do_signalfd(struct tcb *tcp, int flags_arg)
{
	emit_fd(tcp, (int)tcp->u_arg[0]);
	emit_arg_next();
	print_sigset_addr_len(tcp, arg_ulong(tcp, 1), arg_ulong(tcp, 2));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	if (flags_arg >= 0) {
		emit_arg_next();
		print_sfd_flags((uint32_t)tcp->u_arg[flags_arg]);
	}
	return RVAL_DECODED | RVAL_FD;
}

SYS_FUNC(signalfd)
{
	return do_signalfd(tcp, -1);
}

SYS_FUNC(signalfd4)
{
	return do_signalfd(tcp, 3);
}
