/* siginfo_t as strace 6.1 prints it:
 *   {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=123, si_uid=0,
 *    si_status=3, si_utime=0, si_stime=0}
 *
 * The kernel hands a 64-bit tracer the native (x86_64) layout through
 * PTRACE_GETSIGINFO whatever the tracee's personality; siginfo_t read from
 * the memory of an i386 tracee (waitid, rt_sigqueueinfo, ...) has the
 * 32-bit compat layout.  Both are read field by field at the offsets of
 * the kernel's UAPI layouts, so the host's siginfo_t is used only as a
 * 128-byte buffer. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"

/* Every interpretation of the union, read from its own offset. */
struct si_fields {
	int signo, err, code;
	int pid;
	uint32_t uid;
	int status;
	int64_t utime, stime;
	int sival_int;
	uint64_t sival_ptr;
	int timerid, overrun;
	uint64_t addr;
	int16_t addr_lsb;
	uint64_t lower, upper;
	uint32_t pkey;
	int64_t band;
	int fd;
	uint64_t call_addr;
	int syscall;
	uint32_t arch;
};

static int32_t get_s32(const unsigned char *b, size_t off)
{
	int32_t v;
	memcpy(&v, b + off, sizeof(v));
	return v;
}

static uint32_t get_u32(const unsigned char *b, size_t off)
{
	uint32_t v;
	memcpy(&v, b + off, sizeof(v));
	return v;
}

static int64_t get_s64(const unsigned char *b, size_t off)
{
	int64_t v;
	memcpy(&v, b + off, sizeof(v));
	return v;
}

static int16_t get_s16(const unsigned char *b, size_t off)
{
	int16_t v;
	memcpy(&v, b + off, sizeof(v));
	return v;
}

static void si_fetch(struct si_fields *f, const unsigned char *b, bool compat)
{
	memset(f, 0, sizeof(*f));
	f->signo = get_s32(b, 0);
	f->err = get_s32(b, 4);
	f->code = get_s32(b, 8);
	if (!compat) {
		/* union _sifields at 16, 8-aligned */
		f->pid = get_s32(b, 16);
		f->uid = get_u32(b, 20);
		f->timerid = get_s32(b, 16);
		f->overrun = get_s32(b, 20);
		f->sival_int = get_s32(b, 24);
		f->sival_ptr = (uint64_t)get_s64(b, 24);
		f->status = get_s32(b, 24);
		f->utime = get_s64(b, 32);
		f->stime = get_s64(b, 40);
		f->addr = (uint64_t)get_s64(b, 16);
		f->addr_lsb = get_s16(b, 24);
		f->lower = (uint64_t)get_s64(b, 32);
		f->upper = (uint64_t)get_s64(b, 40);
		f->pkey = get_u32(b, 32);
		f->band = get_s64(b, 16);
		f->fd = get_s32(b, 24);
		f->call_addr = (uint64_t)get_s64(b, 16);
		f->syscall = get_s32(b, 24);
		f->arch = get_u32(b, 28);
	} else {
		/* compat: union at 12, 4-aligned, 32-bit longs and pointers */
		f->pid = get_s32(b, 12);
		f->uid = get_u32(b, 16);
		f->timerid = get_s32(b, 12);
		f->overrun = get_s32(b, 16);
		f->sival_int = get_s32(b, 20);
		f->sival_ptr = get_u32(b, 20);
		f->status = get_s32(b, 20);
		f->utime = get_s32(b, 24);
		f->stime = get_s32(b, 28);
		f->addr = get_u32(b, 12);
		f->addr_lsb = get_s16(b, 16);
		f->lower = get_u32(b, 20);
		f->upper = get_u32(b, 24);
		f->pkey = get_u32(b, 20);
		f->band = get_s32(b, 12);
		f->fd = get_s32(b, 16);
		f->call_addr = get_u32(b, 12);
		f->syscall = get_s32(b, 16);
		f->arch = get_u32(b, 20);
	}
}

/* strace's printsignal: the name, or the number */
static void print_signo(int sig)
{
	const char *s = sig > 0 ? signal_name((unsigned int)sig) : NULL;

	if (s)
		emit_raw(s);
	else
		emit_d(sig);
}

static void print_si_code(int signo, int code)
{
	const struct xlat *per_sig = NULL;
	const char *s = xlat_lookup(&xlat_siginfo_codes, (uint64_t)(int64_t)code);

	if (!s) {
		switch (signo) {
		case SIGTRAP: per_sig = &xlat_sigtrap_codes; break;
		case SIGCHLD: per_sig = &xlat_sigchld_codes; break;
		case SIGIO:   per_sig = &xlat_sigpoll_codes; break;
		case SIGILL:  per_sig = &xlat_sigill_codes; break;
		case SIGFPE:  per_sig = &xlat_sigfpe_codes; break;
		case SIGSEGV: per_sig = &xlat_sigsegv_codes; break;
		case SIGBUS:  per_sig = &xlat_sigbus_codes; break;
		case SIGSYS:  per_sig = &xlat_sigsys_codes; break;
		}
		if (per_sig)
			s = xlat_lookup(per_sig, (uint64_t)(int64_t)code);
	}
	if (s)
		emit_raw(s);
	else
		emit_x((uint32_t)code);
}

static void print_uid(uint32_t uid)
{
	if (uid == (uint32_t)-1)
		emit_raw("-1");
	else
		emit_u(uid);
}

/* strace's print_clock_t: ticks, and the seconds as a comment */
static void print_clock_t(int64_t sval)
{
	static long clk_tck;
	static int frac_width;
	uint64_t val = (uint64_t)sval;

	if (!clk_tck) {
		clk_tck = sysconf(_SC_CLK_TCK);
		if (clk_tck <= 0) {
			clk_tck = -1;
		} else {
			frac_width = 0;
			for (long t = clk_tck; t >= 10 && frac_width < 9; t /= 10)
				frac_width++;
		}
	}
	emit_u(val);
	if (clk_tck > 0 && val > 0)
		emit_fmt(" /* %llu.%0*llu s */",
			 (unsigned long long)(val / (uint64_t)clk_tck), frac_width,
			 (unsigned long long)(val % (uint64_t)clk_tck));
}

static void print_source(const struct si_fields *f)
{
	emit_field("si_pid");
	emit_d(f->pid);
	emit_field("si_uid");
	print_uid(f->uid);
}

static void print_sigval(const struct si_fields *f)
{
	emit_field("si_int");
	emit_d(f->sival_int);
	emit_field("si_ptr");
	emit_ptr(f->sival_ptr);
}

/* si_syscall: __NR_name in the tracee's personality, "nr / * name * /" in
 * the other one, the bare number otherwise. */
static void print_si_syscall(struct tcb *tcp, const struct si_fields *f)
{
	enum personality pers;
	bool known = true;

	switch (f->arch) {
	case 0xc000003eu: pers = PERS_X86_64; break;   /* AUDIT_ARCH_X86_64 */
	case 0x40000003u: pers = PERS_I386; break;     /* AUDIT_ARCH_I386 */
	default: known = false; pers = PERS_X86_64; break;
	}
	const struct sysent *s = known ? sysent_lookup(pers, (uint32_t)f->syscall) : NULL;
	if (s && s->name) {
		if (pers == tcp->pers) {
			emit_raw("__NR_");
			emit_raw(s->name);
		} else {
			emit_u((uint32_t)f->syscall);
			emit_fmt(" /* %s */", s->name);
		}
		return;
	}
	emit_u((uint32_t)f->syscall);
}

static void print_si_info(struct tcb *tcp, const struct si_fields *f)
{
	if (f->err) {
		const char *e = errno_name(f->err);
		emit_field("si_errno");
		if (e)
			emit_raw(e);
		else
			emit_u((uint32_t)f->err);
	}

	if (f->code <= 0) {
		switch (f->code) {
		case SI_USER:
		case SI_TKILL:
			print_source(f);
			break;
		case SI_TIMER:
			emit_field("si_timerid");
			emit_x((uint32_t)f->timerid);
			emit_field("si_overrun");
			emit_d(f->overrun);
			print_sigval(f);
			break;
		case SI_SIGIO:
			emit_field("si_band");
			emit_d(f->band);
			emit_field("si_fd");
			emit_fd(tcp, f->fd);
			break;
		default:
			print_source(f);
			if (f->sival_ptr)
				print_sigval(f);
			break;
		}
		return;
	}

	switch (f->signo) {
	case SIGCHLD:
		print_source(f);
		emit_field("si_status");
		if (f->code == CLD_EXITED)
			emit_d(f->status);
		else
			print_signo(f->status);
		emit_field("si_utime");
		print_clock_t(f->utime);
		emit_field("si_stime");
		print_clock_t(f->stime);
		break;
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		emit_field("si_addr");
		emit_ptr(f->addr);
		break;
	case SIGBUS:
		emit_field("si_addr");
		emit_ptr(f->addr);
		if (f->code == BUS_MCEERR_AR || f->code == BUS_MCEERR_AO) {
			emit_field("si_addr_lsb");
			emit_x((uint16_t)f->addr_lsb);
		}
		break;
	case SIGSEGV:
		emit_field("si_addr");
		emit_ptr(f->addr);
		if (f->code == 3) {          /* SEGV_BNDERR */
			emit_field("si_lower");
			emit_ptr(f->lower);
			emit_field("si_upper");
			emit_ptr(f->upper);
		} else if (f->code == 4) {   /* SEGV_PKUERR */
			emit_field("si_pkey");
			emit_u(f->pkey);
		}
		break;
	case SIGIO:
		if (f->code >= POLL_IN && f->code <= POLL_HUP) {
			emit_field("si_band");
			emit_d(f->band);
			emit_field("si_fd");
			emit_fd(tcp, f->fd);
		}
		break;
	case SIGSYS:
		emit_field("si_call_addr");
		emit_ptr(f->call_addr);
		emit_field("si_syscall");
		print_si_syscall(tcp, f);
		emit_field("si_arch");
		emit_xval(&xlat_audit_arch, f->arch, "AUDIT_ARCH_???");
		break;
	default:
		if (f->pid || f->uid)
			print_source(f);
		if (f->sival_ptr)
			print_sigval(f);
		break;
	}
}

void emit_siginfo_raw(struct tcb *tcp, const void *buf, bool compat)
{
	struct si_fields f;

	si_fetch(&f, buf, compat);
	emit_struct_begin();
	if (f.signo) {
		emit_field("si_signo");
		print_signo(f.signo);
		emit_field("si_code");
		print_si_code(f.signo, f.code);
		print_si_info(tcp, &f);
	}
	emit_struct_end();
}

void emit_siginfo(struct tcb *tcp, const siginfo_t *si)
{
	emit_siginfo_raw(tcp, si, false);
}

void print_siginfo_at(struct tcb *tcp, uint64_t addr)
{
	unsigned char buf[128];

	if (umove_or_printaddr(tcp, addr, sizeof(buf), buf))
		return;
	emit_siginfo_raw(tcp, buf, is_i386(tcp));
}
