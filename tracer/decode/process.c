/* Process syscalls: exit, fork, wait4/waitpid/waitid, clone, clone3,
 * set_tid_address, get_robust_list, set/get_thread_area, arch_prctl,
 * getrlimit/setrlimit/prlimit64, getrusage, getpriority/setpriority,
 * getrandom, uname, sysinfo, prctl, pidfd_open, as strace 6.1 prints them. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif
#include <stdio.h>
#include <errno.h>
#include <string.h>

#include "decode.h"

#define H_CSIGNAL               0xffu
#define H_CLONE_PIDFD           0x00001000u
#define H_CLONE_SETTLS          0x00080000u
#define H_CLONE_PARENT_SETTID   0x00100000u
#define H_CLONE_CHILD_CLEARTID  0x00200000u
#define H_CLONE_CHILD_SETTID    0x01000000u
#define H_CLONE_INTO_CGROUP     0x200000000ull

/* --- small printers ---------------------------------------------------- */

/* A string of at most n bytes that may lack its NUL (strace's printstr_ex
 * with QUOTE_0_TERMINATED): cut at -s too; "..." when no NUL was seen. */
static void print_str_n(struct tcb *tcp, uint64_t addr, unsigned int n)
{
	char buf[4096];
	unsigned int size = n < opts.max_strlen ? n : opts.max_strlen;

	if (!addr) {
		emit_raw("NULL");
		return;
	}
	if (size >= sizeof(buf))
		size = sizeof(buf) - 1;
	memset(buf, 0, sizeof(buf));
	int rc = size ? umovestr(tcp, addr, size, buf) : 0;
	if (rc < 0) {
		emit_x(addr);
		return;
	}
	if (rc > 0)
		emit_quoted(buf, strlen(buf), false, true);
	else
		emit_quoted(buf, size, true, false);
}

/* A buffer in \x.. form (QUOTE_FORCE_HEX), cut at -s */
static void print_hex_buf(struct tcb *tcp, uint64_t addr, uint64_t len)
{
	unsigned char buf[4096];
	uint64_t n = len < opts.max_strlen ? len : opts.max_strlen;

	if (!addr) {
		emit_raw("NULL");
		return;
	}
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n && umoven(tcp, addr, (size_t)n, buf) < 0) {
		emit_x(addr);
		return;
	}
	emit_char('"');
	for (uint64_t i = 0; i < n; i++)
		emit_fmt("\\x%02x", buf[i]);
	emit_char('"');
	if (len > n)
		emit_raw("...");
}

/* [N] of a tracee pointer-sized value printed as an address */
static void print_kptr_indirect(struct tcb *tcp, uint64_t addr)
{
	uint64_t v = 0;

	if (is_i386(tcp)) {
		uint32_t v32;
		if (umove_or_printaddr(tcp, addr, sizeof(v32), &v32))
			return;
		v = v32;
	} else if (umove_or_printaddr(tcp, addr, sizeof(v), &v)) {
		return;
	}
	emit_char('[');
	emit_ptr(v);
	emit_char(']');
}

/* [fd] of an int in tracee memory (strace's printnum_fd) */
static void print_fd_indirect(struct tcb *tcp, uint64_t addr)
{
	int32_t fd;

	if (umove_or_printaddr(tcp, addr, sizeof(fd), &fd))
		return;
	emit_char('[');
	emit_fd(tcp, fd);
	emit_char(']');
}

/* --- exit, fork -------------------------------------------------------- */

/* exit, exit_group: the core prints "= ?" when the thread is gone */
SYS_FUNC(exit)
{
	emit_d((int)tcp->u_arg[0]);
	return RVAL_DECODED;
}

SYS_FUNC(fork)
{
	(void)tcp;
	return RVAL_DECODED;
}

/* --- rusage ------------------------------------------------------------ */

void print_rusage(struct tcb *tcp, uint64_t addr)
{
	int64_t tv[4];
	uint64_t f[14];

	if (is_i386(tcp)) {
		int32_t ru[4 + 14];
		if (umove_or_printaddr(tcp, addr, sizeof(ru), ru))
			return;
		for (int i = 0; i < 4; i++)
			tv[i] = ru[i];
		/* the usec parts are printed unsigned */
		tv[1] = (uint32_t)ru[1];
		tv[3] = (uint32_t)ru[3];
		for (int i = 0; i < 14; i++)
			f[i] = (uint32_t)ru[4 + i];
	} else {
		int64_t ru[4 + 14];
		if (umove_or_printaddr(tcp, addr, sizeof(ru), ru))
			return;
		for (int i = 0; i < 4; i++)
			tv[i] = ru[i];
		for (int i = 0; i < 14; i++)
			f[i] = (uint64_t)ru[4 + i];
	}
	emit_fmt("{ru_utime={tv_sec=%lld, tv_usec=%llu}, ru_stime={tv_sec=%lld, tv_usec=%llu}",
		 (long long)tv[0], (unsigned long long)tv[1],
		 (long long)tv[2], (unsigned long long)tv[3]);
	if (abbrev(tcp)) {
		emit_raw(", ...}");
		return;
	}
	static const char *const names[14] = {
		"ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt",
		"ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock",
		"ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw",
	};
	for (int i = 0; i < 14; i++)
		emit_fmt(", %s=%llu", names[i], (unsigned long long)f[i]);
	emit_char('}');
}

SYS_FUNC(getrusage)
{
	if (entering(tcp)) {
		emit_xval(&xlat_usage_who, (uint64_t)(int64_t)(int)tcp->u_arg[0], "RUSAGE_???");
		emit_arg_next();
	} else {
		print_rusage(tcp, arg_ulong(tcp, 1));
	}
	return 0;
}

/* --- wait -------------------------------------------------------------- */

static void print_status(int status)
{
	unsigned int s = (unsigned int)status;

	emit_char('[');
	if ((s & 0xff) == 0x7f) {                         /* WIFSTOPPED */
		unsigned int sig = (s >> 8) & 0xff;
		const char *name = signal_name(sig & 0x7f);
		emit_raw("{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		if (name)
			emit_raw(name);
		else
			emit_d((int)(sig & 0x7f));
		emit_raw(sig & 0x80 ? " | 0x80}" : "}");
		s &= ~(((sig << 8) | 0x7f));
	} else if ((s & 0x7f) != 0 && (s & 0x7f) != 0x7f) {  /* WIFSIGNALED */
		unsigned int sig = s & 0x7f;
		const char *name = signal_name(sig);
		emit_raw("{WIFSIGNALED(s) && WTERMSIG(s) == ");
		if (name)
			emit_raw(name);
		else
			emit_d((int)sig);
		emit_raw(s & 0x80 ? " && WCOREDUMP(s)}" : "}");
		s &= ~(sig | 0x80u);
	} else if ((s & 0x7f) == 0) {                     /* WIFEXITED */
		unsigned int code = (s >> 8) & 0xff;
		emit_fmt("{WIFEXITED(s) && WEXITSTATUS(s) == %u}", code);
		s &= ~(code << 8);
	} else if (s == 0xffff) {                         /* WIFCONTINUED */
		emit_raw("{WIFCONTINUED(s)}");
		s = 0;
	} else {
		emit_x(s);
		emit_char(']');
		return;
	}
	if (s) {
		unsigned int event = s >> 16;
		if (event) {
			emit_raw(" | ");
			emit_xval(&xlat_ptrace_events, event, "PTRACE_EVENT_???");
			emit_raw(" << 16");
			s &= 0xffff;
		}
		if (s) {
			emit_raw(" | ");
			emit_x(s);
		}
	}
	emit_char(']');
}

static int do_wait(struct tcb *tcp, bool has_rusage)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	int64_t rval = is_i386(tcp) ? (int32_t)tcp->u_rval : tcp->u_rval;
	uint64_t saddr = arg_ulong(tcp, 1);
	int status;

	if (syserror(tcp))
		rval = -1;
	if (rval == 0)
		emit_ptr(saddr);
	else if (!umove_or_printaddr(tcp, saddr, sizeof(status), &status))
		print_status(status);
	emit_arg_next();
	emit_flags(&xlat_wait4_options, (uint32_t)tcp->u_arg[2], "W???");
	if (has_rusage) {
		emit_arg_next();
		if (rval > 0)
			print_rusage(tcp, arg_ulong(tcp, 3));
		else
			emit_ptr(arg_ulong(tcp, 3));
	}
	return 0;
}

SYS_FUNC(wait4)
{
	return do_wait(tcp, true);
}

SYS_FUNC(waitpid)
{
	return do_wait(tcp, false);
}

SYS_FUNC(waitid)
{
	if (entering(tcp)) {
		emit_xval(&xlat_waitid_types, (uint32_t)tcp->u_arg[0], "P_???");
		emit_arg_next();
		if ((uint32_t)tcp->u_arg[0] == 3)    /* P_PIDFD */
			emit_fd(tcp, (int)tcp->u_arg[1]);
		else
			emit_d((int)tcp->u_arg[1]);
		emit_arg_next();
		return 0;
	}
	print_siginfo_at(tcp, arg_ulong(tcp, 2));
	emit_arg_next();
	emit_flags(&xlat_wait4_options, (uint32_t)tcp->u_arg[3], "W???");
	emit_arg_next();
	print_rusage(tcp, arg_ulong(tcp, 4));
	return 0;
}

/* --- user_desc (i386 TLS) ---------------------------------------------- */

struct h_user_desc {
	uint32_t entry_number;
	uint32_t base_addr;
	uint32_t limit;
	uint32_t bits;
};

static void print_user_desc_fields(const struct tcb *tcp, const struct h_user_desc *d)
{
	emit_fmt(", base_addr=%#08x, limit=%#08x, seg_32bit=%u, contents=%u, "
		 "read_exec_only=%u, limit_in_pages=%u, seg_not_present=%u, useable=%u",
		 d->base_addr, d->limit, d->bits & 1, (d->bits >> 1) & 3,
		 (d->bits >> 3) & 1, (d->bits >> 4) & 1, (d->bits >> 5) & 1,
		 (d->bits >> 6) & 1);
	if (!is_i386(tcp))
		emit_fmt(", lm=%u", (d->bits >> 7) & 1);
	emit_char('}');
}

static void print_entry_number(uint32_t n)
{
	if (n == (uint32_t)-1)
		emit_raw("-1");
	else
		emit_u(n);
}

static void print_user_desc(struct tcb *tcp, uint64_t addr)
{
	struct h_user_desc d;

	if (umove_or_printaddr(tcp, addr, sizeof(d), &d))
		return;
	emit_raw("{entry_number=");
	print_entry_number(d.entry_number);
	print_user_desc_fields(tcp, &d);
}

static void print_tls_arg(struct tcb *tcp, uint64_t addr)
{
	if (is_i386(tcp))
		print_user_desc(tcp, addr);
	else
		emit_ptr(addr);
}

SYS_FUNC(set_thread_area)
{
	if (entering(tcp)) {
		print_user_desc(tcp, arg_ulong(tcp, 0));
		return 0;
	}
	struct h_user_desc d;
	if (syserror(tcp) || umoven(tcp, arg_ulong(tcp, 0), sizeof(d), &d) < 0)
		return 0;
	static char buf[32];
	snprintf(buf, sizeof(buf), "entry_number=%u", d.entry_number);
	tcp->auxstr = buf;
	return RVAL_STR;
}

SYS_FUNC(get_thread_area)
{
	struct h_user_desc d;
	uint64_t addr = arg_ulong(tcp, 0);

	if (entering(tcp)) {
		uint32_t n;
		if (umove_or_printaddr(tcp, addr, sizeof(n), &n)) {
			/* nothing to finish at exit */
			tcp->auxstr = NULL;
			return 0;
		}
		emit_raw("{entry_number=");
		print_entry_number(n);
		return 0;
	}
	if (!addr)
		return 0;
	if (syserror(tcp) || umoven(tcp, addr, sizeof(d), &d) < 0) {
		/* only when the entry half opened the structure */
		uint32_t n;
		if (umoven(tcp, addr, sizeof(n), &n) == 0)
			emit_raw(", ...}");
		return 0;
	}
	print_user_desc_fields(tcp, &d);
	return 0;
}

/* --- clone ------------------------------------------------------------- */

SYS_FUNC(clone)
{
	const uint64_t raw = arg_ulong(tcp, 0);
	const uint64_t flags = raw & ~(uint64_t)H_CSIGNAL;
	/* i386 passes tls before child_tid */
	const unsigned int arg_ctid = is_i386(tcp) ? 4 : 3;
	const unsigned int arg_tls = is_i386(tcp) ? 3 : 4;

	if (entering(tcp)) {
		unsigned int sig = raw & H_CSIGNAL;
		emit_raw("child_stack=");
		emit_ptr(arg_ulong(tcp, 1));
		emit_raw(", flags=");
		if (flags) {
			emit_flags(&xlat_clone_flags, flags, "CLONE_???");
			if (sig) {
				emit_char('|');
				print_signal((int)sig);
			}
		} else {
			print_signal((int)sig);
		}
		if (!(flags & (H_CLONE_PARENT_SETTID | H_CLONE_PIDFD | H_CLONE_CHILD_SETTID |
			       H_CLONE_CHILD_CLEARTID | H_CLONE_SETTLS)))
			return RVAL_DECODED;
		return 0;
	}
	if (flags & (H_CLONE_PARENT_SETTID | H_CLONE_PIDFD)) {
		emit_raw(", parent_tid=");
		if (flags & H_CLONE_PARENT_SETTID)
			print_int_indirect(tcp, arg_ulong(tcp, 2));
		else
			print_fd_indirect(tcp, arg_ulong(tcp, 2));
	}
	if (flags & H_CLONE_SETTLS) {
		emit_raw(", tls=");
		print_tls_arg(tcp, arg_ulong(tcp, arg_tls));
	}
	if (flags & (H_CLONE_CHILD_SETTID | H_CLONE_CHILD_CLEARTID)) {
		emit_raw(", child_tidptr=");
		emit_ptr(arg_ulong(tcp, arg_ctid));
	}
	return 0;
}

struct h_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static void print_clone3_flags(uint64_t flags)
{
	/* clone_flags, then the clone3-only ones, as one set */
	const struct xlat *tabs[2] = { &xlat_clone_flags, &xlat_clone3_flags };
	unsigned int n = 0;

	if (!flags) {
		emit_char('0');
		return;
	}
	for (int t = 0; t < 2; t++) {
		for (size_t i = 0; i < tabs[t]->size && flags; i++) {
			uint64_t v = tabs[t]->data[i].val;
			if (v && (flags & v) == v) {
				if (n++)
					emit_char('|');
				emit_raw(tabs[t]->data[i].str);
				flags &= ~v;
			}
		}
	}
	if (flags) {
		if (n)
			emit_char('|');
		emit_x(flags);
		if (!n)
			emit_raw(" /* CLONE_??? */");
	}
}

/* strace's print_nonzero_bytes: the tail of a structure larger than the
 * one known, when it holds anything but zeros */
static bool print_nonzero_tail(struct tcb *tcp, const char *prefix, uint64_t addr,
			       uint64_t start, uint64_t total)
{
	unsigned char buf[4096];

	if (total <= start || total - start > sizeof(buf))
		return false;
	if (umoven(tcp, addr + start, (size_t)(total - start), buf) < 0) {
		emit_raw(prefix);
		emit_fmt("/* bytes %llu..%llu */ ", (unsigned long long)start,
			 (unsigned long long)(total - 1));
		emit_x(addr + start);
		return true;
	}
	bool nonzero = false;
	for (uint64_t i = 0; i < total - start; i++)
		if (buf[i])
			nonzero = true;
	if (!nonzero)
		return false;
	emit_raw(prefix);
	emit_fmt("/* bytes %llu..%llu */ \"", (unsigned long long)start,
		 (unsigned long long)(total - 1));
	for (uint64_t i = 0; i < total - start; i++)
		emit_fmt("\\x%02x", buf[i]);
	emit_char('"');
	return true;
}

static bool print_int_elem(struct tcb *tcp, void *elem, size_t elem_size, void *data)
{
	(void)tcp;
	(void)elem_size;
	(void)data;
	emit_d(*(int32_t *)elem);
	return true;
}

SYS_FUNC(clone3)
{
	const uint64_t minsz = 64;    /* offsetofend(struct clone_args, tls) */
	const uint64_t addr = arg_ulong(tcp, 0);
	const uint64_t size = arg_ulong(tcp, 1);
	const uint64_t fetch_size = size < sizeof(struct h_clone_args) ? size : sizeof(struct h_clone_args);
	struct h_clone_args a;

	memset(&a, 0, sizeof(a));
	if (entering(tcp)) {
		if (fetch_size < minsz) {
			emit_ptr(addr);
			goto out;
		}
		if (umove_or_printaddr(tcp, addr, (size_t)fetch_size, &a))
			goto out;
		emit_raw("{flags=");
		print_clone3_flags(a.flags);
		if (a.flags & H_CLONE_PIDFD) {
			emit_raw(", pidfd=");
			emit_ptr(a.pidfd);
		}
		if (a.flags & (H_CLONE_CHILD_SETTID | H_CLONE_CHILD_CLEARTID)) {
			emit_raw(", child_tid=");
			emit_ptr(a.child_tid);
		}
		if (a.flags & H_CLONE_PARENT_SETTID) {
			emit_raw(", parent_tid=");
			emit_ptr(a.parent_tid);
		}
		emit_raw(", exit_signal=");
		if (a.exit_signal < 0x7fffffff)
			print_signal((int)a.exit_signal);
		else
			emit_u(a.exit_signal);
		emit_raw(", stack=");
		emit_ptr(a.stack);
		emit_raw(", stack_size=");
		emit_x(a.stack_size);
		if (a.flags & H_CLONE_SETTLS) {
			emit_raw(", tls=");
			print_tls_arg(tcp, a.tls);
		}
		if (a.set_tid || a.set_tid_size) {
			emit_raw(", set_tid=");
			if (!a.set_tid || !a.set_tid_size || a.set_tid_size > 32)
				emit_ptr(a.set_tid);
			else
				print_array(tcp, a.set_tid, a.set_tid_size, 4, print_int_elem, NULL);
			emit_fmt(", set_tid_size=%llu", (unsigned long long)a.set_tid_size);
		}
		if (fetch_size > 80 && (a.cgroup || (a.flags & H_CLONE_INTO_CGROUP)))
			emit_fmt(", cgroup=%llu", (unsigned long long)a.cgroup);
		if (size > fetch_size)
			print_nonzero_tail(tcp, ", ", addr, fetch_size,
					   size < 4096 ? size : 4096);
		emit_char('}');
		if ((a.flags & (H_CLONE_PIDFD | H_CLONE_PARENT_SETTID)) || size > fetch_size)
			return 0;
		goto out;
	}

	if (syserror(tcp))
		goto out;
	if (umoven(tcp, addr, (size_t)fetch_size, &a) < 0) {
		emit_raw(" => ");
		emit_ptr(addr);
		goto out;
	}
	const char *prefix = " => {";
	if (a.flags & H_CLONE_PIDFD) {
		emit_raw(prefix);
		prefix = ", ";
		emit_raw("pidfd=");
		print_fd_indirect(tcp, a.pidfd);
	}
	if (a.flags & H_CLONE_PARENT_SETTID) {
		emit_raw(prefix);
		prefix = ", ";
		emit_raw("parent_tid=");
		print_int_indirect(tcp, a.parent_tid);
	}
	if (size > fetch_size) {
		bool first = prefix[1] == '=';
		if (print_nonzero_tail(tcp, first ? " => {" : ", ", addr, fetch_size,
				       size < 4096 ? size : 4096))
			prefix = ", ";
	}
	if (prefix[1] != '=')
		emit_char('}');
out:
	emit_arg_next();
	emit_u(size);
	return RVAL_DECODED;
}

/* --- thread bookkeeping ------------------------------------------------ */

SYS_FUNC(set_tid_address)
{
	emit_x(arg_ulong(tcp, 0));
	return RVAL_DECODED;
}

SYS_FUNC(get_robust_list)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	print_kptr_indirect(tcp, arg_ulong(tcp, 1));
	emit_arg_next();
	print_ulong_indirect(tcp, arg_ulong(tcp, 2));
	return 0;
}

/* --- arch_prctl -------------------------------------------------------- */

SYS_FUNC(arch_prctl)
{
	const unsigned int option = (uint32_t)tcp->u_arg[0];
	const uint64_t addr = arg_ulong(tcp, 1);

	if (entering(tcp))
		emit_xval(&xlat_arch_prctl_codes, option, "ARCH_???");
	switch (option) {
	case 0x1003:   /* ARCH_GET_FS */
	case 0x1004:   /* ARCH_GET_GS */
		if (entering(tcp))
			emit_arg_next();
		else
			print_kptr_indirect(tcp, addr);
		return 0;
	case 0x1011:   /* ARCH_GET_CPUID */
		return RVAL_DECODED;
	case 0x1021:   /* ARCH_GET_XCOMP_SUPP */
	case 0x1022:   /* ARCH_GET_XCOMP_PERM */
	case 0x1024:   /* ARCH_GET_XCOMP_GUEST_PERM */
		if (entering(tcp)) {
			emit_arg_next();
		} else {
			uint64_t v;
			if (!umove_or_printaddr(tcp, addr, sizeof(v), &v)) {
				emit_char('[');
				emit_x(v);
				emit_char(']');
			}
		}
		return 0;
	default:
		break;
	}
	emit_arg_next();
	emit_x(addr);
	return RVAL_DECODED;
}

/* --- resource limits --------------------------------------------------- */

static void print_rlim(uint64_t lim, bool is32)
{
	if (is32 ? lim == 0xffffffffull : lim == ~0ull)
		emit_raw(is32 ? "RLIM_INFINITY" : "RLIM64_INFINITY");
	else if (lim > 1024 && lim % 1024 == 0)
		emit_fmt("%llu*1024", (unsigned long long)(lim / 1024));
	else
		emit_u(lim);
}

static void print_rlimit(struct tcb *tcp, uint64_t addr, bool is32)
{
	uint64_t cur, max;

	if (is32) {
		uint32_t r[2];
		if (umove_or_printaddr(tcp, addr, sizeof(r), r))
			return;
		cur = r[0];
		max = r[1];
	} else {
		uint64_t r[2];
		if (umove_or_printaddr(tcp, addr, sizeof(r), r))
			return;
		cur = r[0];
		max = r[1];
	}
	emit_raw("{rlim_cur=");
	print_rlim(cur, is32);
	emit_raw(", rlim_max=");
	print_rlim(max, is32);
	emit_char('}');
}

static void print_resource(struct tcb *tcp, unsigned int i)
{
	emit_xval(&xlat_rlimit_resources, (uint32_t)tcp->u_arg[i], "RLIMIT_???");
}

SYS_FUNC(getrlimit)
{
	if (entering(tcp)) {
		print_resource(tcp, 0);
		emit_arg_next();
	} else {
		print_rlimit(tcp, arg_ulong(tcp, 1), is_i386(tcp));
	}
	return 0;
}

SYS_FUNC(setrlimit)
{
	print_resource(tcp, 0);
	emit_arg_next();
	print_rlimit(tcp, arg_ulong(tcp, 1), is_i386(tcp));
	return RVAL_DECODED;
}

SYS_FUNC(prlimit64)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		print_resource(tcp, 1);
		emit_arg_next();
		print_rlimit(tcp, arg_ulong(tcp, 2), false);
		emit_arg_next();
	} else {
		print_rlimit(tcp, arg_ulong(tcp, 3), false);
	}
	return 0;
}

/* --- priorities -------------------------------------------------------- */

SYS_FUNC(getpriority)
{
	emit_xval(&xlat_priority_which, (uint32_t)tcp->u_arg[0], "PRIO_???");
	emit_arg_next();
	emit_d((int)tcp->u_arg[1]);
	return RVAL_DECODED;
}

SYS_FUNC(setpriority)
{
	emit_xval(&xlat_priority_which, (uint32_t)tcp->u_arg[0], "PRIO_???");
	emit_arg_next();
	emit_d((int)tcp->u_arg[1]);
	emit_arg_next();
	emit_d((int)tcp->u_arg[2]);
	return RVAL_DECODED;
}

/* --- getrandom --------------------------------------------------------- */

SYS_FUNC(getrandom)
{
	if (entering(tcp))
		return 0;
	if (syserror(tcp))
		emit_ptr(arg_ulong(tcp, 0));
	else
		print_hex_buf(tcp, arg_ulong(tcp, 0), rval_size(tcp));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	emit_arg_next();
	emit_flags(&xlat_getrandom_flags, (uint32_t)tcp->u_arg[2], "GRND_???");
	return 0;
}

/* --- uname, sysinfo ---------------------------------------------------- */

static void print_utsname_field(const char *name, const char *f, size_t size)
{
	size_t len = strnlen(f, size);

	emit_raw(name);
	emit_quoted(f, len, len == size, false);
}

SYS_FUNC(uname)
{
	char u[6][65];

	if (entering(tcp))
		return 0;
	if (umove_or_printaddr(tcp, arg_ulong(tcp, 0), sizeof(u), u))
		return 0;
	print_utsname_field("{sysname=", u[0], 65);
	print_utsname_field(", nodename=", u[1], 65);
	if (abbrev(tcp)) {
		emit_raw(", ...}");
		return 0;
	}
	print_utsname_field(", release=", u[2], 65);
	print_utsname_field(", version=", u[3], 65);
	print_utsname_field(", machine=", u[4], 65);
	print_utsname_field(", domainname=", u[5], 65);
	emit_char('}');
	return 0;
}

SYS_FUNC(sysinfo)
{
	uint64_t uptime, loads[3], ram[6], totalhigh, freehigh;
	unsigned int procs, mem_unit;

	if (entering(tcp))
		return 0;
	if (is_i386(tcp)) {
		unsigned char b[64];
		uint32_t w[16];
		uint16_t p;
		if (umove_or_printaddr(tcp, arg_ulong(tcp, 0), sizeof(b), b))
			return 0;
		memcpy(w, b, sizeof(w));
		memcpy(&p, b + 40, sizeof(p));
		uptime = w[0];
		for (int i = 0; i < 3; i++)
			loads[i] = w[1 + i];
		for (int i = 0; i < 6; i++)
			ram[i] = w[4 + i];
		procs = p;
		totalhigh = w[11];
		freehigh = w[12];
		mem_unit = w[13];
	} else {
		unsigned char b[112];
		uint64_t q[14];
		uint16_t p;
		uint32_t mu;
		if (umove_or_printaddr(tcp, arg_ulong(tcp, 0), sizeof(b), b))
			return 0;
		memcpy(q, b, sizeof(q));
		memcpy(&p, b + 80, sizeof(p));
		memcpy(&mu, b + 104, sizeof(mu));
		uptime = q[0];
		for (int i = 0; i < 3; i++)
			loads[i] = q[1 + i];
		for (int i = 0; i < 6; i++)
			ram[i] = q[4 + i];
		procs = p;
		totalhigh = q[11];
		freehigh = q[12];
		mem_unit = mu;
	}
	emit_fmt("{uptime=%llu, loads=[%llu, %llu, %llu], totalram=%llu, freeram=%llu, "
		 "sharedram=%llu, bufferram=%llu, totalswap=%llu, freeswap=%llu, "
		 "procs=%u, totalhigh=%llu, freehigh=%llu, mem_unit=%u}",
		 (unsigned long long)uptime, (unsigned long long)loads[0],
		 (unsigned long long)loads[1], (unsigned long long)loads[2],
		 (unsigned long long)ram[0], (unsigned long long)ram[1],
		 (unsigned long long)ram[2], (unsigned long long)ram[3],
		 (unsigned long long)ram[4], (unsigned long long)ram[5],
		 procs, (unsigned long long)totalhigh, (unsigned long long)freehigh,
		 mem_unit);
	return 0;
}

/* --- pidfd_open -------------------------------------------------------- */

SYS_FUNC(pidfd_open)
{
	static const struct xlat_entry e[] = { { 04000, "PIDFD_NONBLOCK" } };
	static const struct xlat x = { e, 1 };

	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	emit_flags(&x, (uint32_t)tcp->u_arg[1], "PIDFD_???");
	return RVAL_DECODED | RVAL_FD;
}

/* --- prctl ------------------------------------------------------------- */

enum {
	H_PR_SET_PDEATHSIG = 1, H_PR_GET_PDEATHSIG = 2, H_PR_GET_DUMPABLE = 3,
	H_PR_SET_DUMPABLE = 4, H_PR_GET_UNALIGN = 5, H_PR_SET_UNALIGN = 6,
	H_PR_GET_KEEPCAPS = 7, H_PR_SET_KEEPCAPS = 8, H_PR_GET_FPEMU = 9,
	H_PR_SET_FPEMU = 10, H_PR_GET_FPEXC = 11, H_PR_SET_FPEXC = 12,
	H_PR_GET_TIMING = 13, H_PR_SET_TIMING = 14, H_PR_SET_NAME = 15,
	H_PR_GET_NAME = 16, H_PR_GET_ENDIAN = 19, H_PR_SET_ENDIAN = 20,
	H_PR_GET_SECCOMP = 21, H_PR_SET_SECCOMP = 22, H_PR_CAPBSET_READ = 23,
	H_PR_CAPBSET_DROP = 24, H_PR_GET_TSC = 25, H_PR_SET_TSC = 26,
	H_PR_GET_SECUREBITS = 27, H_PR_SET_SECUREBITS = 28,
	H_PR_SET_TIMERSLACK = 29, H_PR_GET_TIMERSLACK = 30,
	H_PR_TASK_PERF_EVENTS_DISABLE = 31, H_PR_TASK_PERF_EVENTS_ENABLE = 32,
	H_PR_MCE_KILL = 33, H_PR_MCE_KILL_GET = 34, H_PR_SET_MM = 35,
	H_PR_SET_CHILD_SUBREAPER = 36, H_PR_GET_CHILD_SUBREAPER = 37,
	H_PR_SET_NO_NEW_PRIVS = 38, H_PR_GET_NO_NEW_PRIVS = 39,
	H_PR_GET_TID_ADDRESS = 40, H_PR_SET_THP_DISABLE = 41,
	H_PR_GET_THP_DISABLE = 42, H_PR_CAP_AMBIENT = 47,
	H_PR_SET_IO_FLUSHER = 57,
	H_PR_SET_VMA = 0x53564d41, H_PR_SET_PTRACER = 0x59616d61,
};

static const struct xlat_entry secbits_e[] = {
	{ 0x01, "SECBIT_NOROOT" }, { 0x02, "SECBIT_NOROOT_LOCKED" },
	{ 0x04, "SECBIT_NO_SETUID_FIXUP" }, { 0x08, "SECBIT_NO_SETUID_FIXUP_LOCKED" },
	{ 0x10, "SECBIT_KEEP_CAPS" }, { 0x20, "SECBIT_KEEP_CAPS_LOCKED" },
	{ 0x40, "SECBIT_NO_CAP_AMBIENT_RAISE" }, { 0x80, "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED" },
};
static const struct xlat secbits_x = { secbits_e, 8 };

static void print_prctl_args(struct tcb *tcp, unsigned int first)
{
	unsigned int n = tcp->s_ent ? tcp->s_ent->nargs : 5;

	for (unsigned int i = first; i < n; i++) {
		emit_arg_next();
		emit_x(arg_ulong(tcp, i));
	}
}

SYS_FUNC(prctl)
{
	const unsigned int option = (uint32_t)tcp->u_arg[0];
	const uint64_t arg2 = arg_ulong(tcp, 1);
	const uint64_t arg3 = arg_ulong(tcp, 2);
	uint32_t i;

	if (entering(tcp))
		emit_xval(&xlat_prctl_options, option, "PR_???");

	switch (option) {
	case H_PR_GET_KEEPCAPS:
	case H_PR_GET_SECCOMP:
	case H_PR_GET_TIMERSLACK:
	case H_PR_GET_TIMING:
		return RVAL_DECODED;

	case H_PR_GET_CHILD_SUBREAPER:
	case H_PR_GET_ENDIAN:
	case H_PR_GET_FPEMU:
	case H_PR_GET_FPEXC:
		if (entering(tcp))
			emit_arg_next();
		else
			print_uint_indirect(tcp, arg2);
		return 0;

	case H_PR_GET_DUMPABLE:
		if (entering(tcp) || syserror(tcp))
			return 0;
		tcp->auxstr = xlat_lookup(&xlat_pr_dumpable, (uint64_t)tcp->u_rval);
		return tcp->auxstr ? RVAL_STR : 0;

	case H_PR_GET_NAME:
		if (entering(tcp)) {
			emit_arg_next();
		} else if (syserror(tcp)) {
			emit_ptr(arg2);
		} else {
			print_str_n(tcp, arg2, 16);
		}
		return 0;

	case H_PR_GET_PDEATHSIG:
		if (entering(tcp)) {
			emit_arg_next();
		} else if (!umove_or_printaddr(tcp, arg2, sizeof(i), &i)) {
			emit_char('[');
			print_signal((int)i);
			emit_char(']');
		}
		return 0;

	case H_PR_GET_SECUREBITS:
		if (entering(tcp) || syserror(tcp) || tcp->u_rval == 0)
			return 0;
		tcp->auxstr = sprint_flags("", &secbits_x, (uint64_t)tcp->u_rval);
		return RVAL_HEX | RVAL_STR;

	case H_PR_GET_TID_ADDRESS:
		if (entering(tcp))
			emit_arg_next();
		else
			print_kptr_indirect(tcp, arg2);
		return 0;

	case H_PR_GET_TSC:
		if (entering(tcp)) {
			emit_arg_next();
		} else if (!umove_or_printaddr(tcp, arg2, sizeof(i), &i)) {
			emit_char('[');
			emit_xval(&xlat_pr_tsc, i, "PR_TSC_???");
			emit_char(']');
		}
		return 0;

	case H_PR_GET_UNALIGN:
		if (entering(tcp)) {
			emit_arg_next();
		} else if (!umove_or_printaddr(tcp, arg2, sizeof(i), &i)) {
			emit_char('[');
			emit_flags(&xlat_pr_unalign_flags, i, "PR_UNALIGN_???");
			emit_char(']');
		}
		return 0;

	case H_PR_TASK_PERF_EVENTS_DISABLE:
	case H_PR_TASK_PERF_EVENTS_ENABLE:
		return RVAL_DECODED;

	case H_PR_SET_CHILD_SUBREAPER:
	case H_PR_SET_ENDIAN:
	case H_PR_SET_FPEMU:
	case H_PR_SET_FPEXC:
	case H_PR_SET_KEEPCAPS:
	case H_PR_SET_TIMING:
		emit_arg_next();
		emit_u(arg2);
		return RVAL_DECODED;

	case H_PR_SET_DUMPABLE:
		emit_arg_next();
		emit_xval(&xlat_pr_dumpable, arg2, "SUID_DUMP_???");
		return RVAL_DECODED;

	case H_PR_CAPBSET_DROP:
	case H_PR_CAPBSET_READ:
		emit_arg_next();
		emit_xval(&xlat_capabilities, arg2, "CAP_???");
		return RVAL_DECODED;

	case H_PR_CAP_AMBIENT:
		emit_arg_next();
		emit_xval(&xlat_pr_cap_ambient, arg2, "PR_CAP_AMBIENT_???");
		switch (arg2) {
		case 1: case 2: case 3:   /* IS_SET, RAISE, LOWER */
			emit_arg_next();
			emit_xval(&xlat_capabilities, arg3, "CAP_???");
			print_prctl_args(tcp, 3);
			break;
		default:
			print_prctl_args(tcp, 2);
			break;
		}
		return RVAL_DECODED;

	case H_PR_MCE_KILL:
		emit_arg_next();
		emit_xval(&xlat_pr_mce_kill, arg2, "PR_MCE_KILL_???");
		emit_arg_next();
		if (arg2 == 1)
			emit_xval(&xlat_pr_mce_kill_policy, arg3, "PR_MCE_KILL_???");
		else
			emit_x(arg3);
		print_prctl_args(tcp, 3);
		return RVAL_DECODED;

	case H_PR_SET_NAME:
		emit_arg_next();
		print_str_n(tcp, arg2, 15);
		return RVAL_DECODED;

	case H_PR_SET_VMA:
		emit_arg_next();
		emit_xval(&xlat_pr_set_vma, arg2, "PR_SET_VMA_???");
		if (arg2 == 0) {
			emit_arg_next();
			emit_ptr(arg3);
			emit_arg_next();
			emit_u(arg_ulong(tcp, 3));
			emit_arg_next();
			emit_cstr(tcp, arg_ulong(tcp, 4));
		} else {
			print_prctl_args(tcp, 2);
		}
		return RVAL_DECODED;

	case H_PR_SET_MM:
		emit_arg_next();
		emit_xval(&xlat_pr_set_mm, (uint32_t)arg2, "PR_SET_MM_???");
		print_prctl_args(tcp, 2);
		return RVAL_DECODED;

	case H_PR_SET_PDEATHSIG:
		emit_arg_next();
		if (arg2 > 128)
			emit_u(arg2);
		else
			print_signal((int)arg2);
		return RVAL_DECODED;

	case H_PR_SET_PTRACER:
		emit_arg_next();
		if ((int)arg2 == -1)
			emit_raw("PR_SET_PTRACER_ANY");
		else
			emit_d((int)arg2);
		return RVAL_DECODED;

	case H_PR_SET_SECCOMP:
		emit_arg_next();
		emit_xval(&xlat_seccomp_mode, arg2, "SECCOMP_MODE_???");
		if (arg2 == 1)
			return RVAL_DECODED;
		if (arg2 == 2) {
			/* the filter program: its address */
			emit_arg_next();
			emit_ptr(arg3);
			return RVAL_DECODED;
		}
		print_prctl_args(tcp, 2);
		return RVAL_DECODED;

	case H_PR_SET_SECUREBITS:
		emit_arg_next();
		emit_flags(&secbits_x, arg2, "SECBIT_???");
		return RVAL_DECODED;

	case H_PR_SET_TIMERSLACK:
		emit_arg_next();
		emit_d(arg_long(tcp, 1));
		return RVAL_DECODED;

	case H_PR_SET_TSC:
		emit_arg_next();
		emit_xval(&xlat_pr_tsc, (uint32_t)arg2, "PR_TSC_???");
		return RVAL_DECODED;

	case H_PR_SET_UNALIGN:
		emit_arg_next();
		emit_flags(&xlat_pr_unalign_flags, (uint32_t)arg2, "PR_UNALIGN_???");
		return RVAL_DECODED;

	case H_PR_SET_NO_NEW_PRIVS:
	case H_PR_SET_THP_DISABLE:
	case H_PR_SET_IO_FLUSHER:
		emit_arg_next();
		emit_u(arg2);
		print_prctl_args(tcp, 2);
		return RVAL_DECODED;

	case H_PR_MCE_KILL_GET:
		if (entering(tcp)) {
			print_prctl_args(tcp, 1);
			return 0;
		}
		if (syserror(tcp))
			return 0;
		tcp->auxstr = xlat_lookup(&xlat_pr_mce_kill_policy, (uint64_t)tcp->u_rval);
		return tcp->auxstr ? RVAL_STR : 0;

	default:
		print_prctl_args(tcp, 1);
		return RVAL_DECODED;
	}
}

/* --- process groups, sessions, namespaces ------------------------------ */

SYS_FUNC(getpgid)
{
	emit_d((int)tcp->u_arg[0]);
	return RVAL_DECODED;
}

SYS_FUNC(getsid)
{
	emit_d((int)tcp->u_arg[0]);
	return RVAL_DECODED;
}

SYS_FUNC(setpgid)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	emit_d((int)tcp->u_arg[1]);
	return RVAL_DECODED;
}

SYS_FUNC(nice)
{
	emit_d((int)tcp->u_arg[0]);
	return RVAL_DECODED;
}

SYS_FUNC(unshare)
{
	emit_flags(&xlat_unshare_flags, arg_ulong(tcp, 0), "CLONE_???");
	return RVAL_DECODED;
}

SYS_FUNC(setns)
{
	emit_fd(tcp, (int)tcp->u_arg[0]);
	emit_arg_next();
	emit_flags(&xlat_setns_types, (uint32_t)tcp->u_arg[1], "CLONE_NEW???");
	return RVAL_DECODED;
}

/* --- scheduler --------------------------------------------------------- */

#include <sched.h>

/* The smallest cpuset the kernel takes, probed as strace does */
static unsigned int get_cpuset_size(void)
{
	static unsigned int cpuset_size;

	if (!cpuset_size) {
		cpuset_size = 128;
		while (cpuset_size &&
		       sched_getaffinity(0, cpuset_size, NULL) == -1 && errno == EINVAL)
			cpuset_size <<= 1;
		if (!cpuset_size)
			cpuset_size = 128;
	}
	return cpuset_size;
}

static void print_affinitylist(struct tcb *tcp, uint64_t addr, unsigned int len)
{
	const unsigned int max_size = get_cpuset_size();
	const unsigned int umove_size = len < max_size ? len : max_size;
	const unsigned int ws = (unsigned int)tcp_wordsize(tcp);
	const unsigned int size = (umove_size + ws - 1) / ws * ws;
	static unsigned char cpu[8192];

	if ((exiting(tcp) && syserror(tcp)) || !addr) {
		emit_ptr(addr);
		return;
	}
	if (!len) {
		emit_raw("[]");
		return;
	}
	if (size > sizeof(cpu)) {
		emit_ptr(addr);
		return;
	}
	memset(cpu, 0, size);
	if (umoven(tcp, addr, umove_size, cpu) < 0) {
		emit_x(addr);
		return;
	}
	bool printed = false;
	emit_char('[');
	for (unsigned int i = 0; i < size * 8; i++) {
		if (!(cpu[i / 8] & (1u << (i % 8))))
			continue;
		if (printed)
			emit_char(' ');
		printed = true;
		emit_u(i);
	}
	if (size < len) {
		if (printed)
			emit_char(' ');
		emit_raw("...");
	}
	emit_char(']');
}

SYS_FUNC(sched_setaffinity)
{
	const unsigned int len = (uint32_t)tcp->u_arg[1];

	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	emit_u(len);
	emit_arg_next();
	print_affinitylist(tcp, arg_ulong(tcp, 2), len);
	return RVAL_DECODED;
}

SYS_FUNC(sched_getaffinity)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		emit_u((uint32_t)tcp->u_arg[1]);
		emit_arg_next();
		return 0;
	}
	print_affinitylist(tcp, arg_ulong(tcp, 2), (unsigned int)tcp->u_rval);
	return 0;
}

SYS_FUNC(sched_getscheduler)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		return 0;
	}
	if (!syserror(tcp)) {
		tcp->auxstr = xlat_lookup(&xlat_schedulers, (uint64_t)tcp->u_rval);
		if (tcp->auxstr)
			return RVAL_STR;
	}
	return 0;
}

SYS_FUNC(sched_setscheduler)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	emit_xval(&xlat_schedulers, (uint32_t)tcp->u_arg[1], "SCHED_???");
	emit_arg_next();
	print_int_indirect(tcp, arg_ulong(tcp, 2));
	return RVAL_DECODED;
}

SYS_FUNC(sched_getparam)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	print_int_indirect(tcp, arg_ulong(tcp, 1));
	return 0;
}

SYS_FUNC(sched_setparam)
{
	emit_d((int)tcp->u_arg[0]);
	emit_arg_next();
	print_int_indirect(tcp, arg_ulong(tcp, 1));
	return RVAL_DECODED;
}

SYS_FUNC(sched_get_priority_min)
{
	emit_xval(&xlat_schedulers, (uint32_t)tcp->u_arg[0], "SCHED_???");
	return RVAL_DECODED;
}

static int do_sched_rr_get_interval(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		emit_d((int)tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	if (syserror(tcp))
		emit_ptr(arg_ulong(tcp, 1));
	else
		print_timespec(tcp, arg_ulong(tcp, 1), time32);
	return 0;
}

SYS_FUNC(sched_rr_get_interval_time64)
{
	return do_sched_rr_get_interval(tcp, false);
}

SYS_FUNC(sched_rr_get_interval_time32)
{
	return do_sched_rr_get_interval(tcp, true);
}
