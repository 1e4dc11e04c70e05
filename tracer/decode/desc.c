/* dup, dup2, dup3, pipe, pipe2, fcntl, fcntl64, flock, ioctl, fadvise64,
 * fadvise64_64, sendfile, sendfile64, copy_file_range, splice, tee,
 * vmsplice, poll, ppoll */
#include <stdio.h>
#include <string.h>

#include "decode.h"

/* --- dup, pipe --------------------------------------------------------- */

SYS_FUNC(dup)
{
	emit_fd(tcp, arg_int(tcp, 0));
	return RVAL_DECODED | RVAL_FD;
}

SYS_FUNC(dup2)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_fd(tcp, arg_int(tcp, 1));
	return RVAL_DECODED | RVAL_FD;
}

SYS_FUNC(dup3)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_fd(tcp, arg_int(tcp, 1));
	emit_arg_next();
	emit_flags(&xlat_open_flags, (uint32_t)tcp->u_arg[2], "O_???");
	return RVAL_DECODED | RVAL_FD;
}

static void print_fd_pair(struct tcb *tcp, uint64_t addr)
{
	int32_t fds[2];

	if (umove_or_printaddr(tcp, addr, sizeof(fds), fds))
		return;
	emit_char('[');
	emit_fd(tcp, fds[0]);
	emit_raw(", ");
	emit_fd(tcp, fds[1]);
	emit_char(']');
}

SYS_FUNC(pipe)
{
	if (exiting(tcp))
		print_fd_pair(tcp, tcp->u_arg[0]);
	return 0;
}

SYS_FUNC(pipe2)
{
	if (exiting(tcp)) {
		print_fd_pair(tcp, tcp->u_arg[0]);
		emit_arg_next();
		emit_flags(&xlat_open_flags, (uint32_t)tcp->u_arg[1], "O_???");
	}
	return 0;
}

/* --- fcntl ------------------------------------------------------------- */

enum {
	H_F_DUPFD = 0, H_F_GETFD = 1, H_F_SETFD = 2, H_F_GETFL = 3, H_F_SETFL = 4,
	H_F_GETLK = 5, H_F_SETLK = 6, H_F_SETLKW = 7, H_F_SETOWN = 8,
	H_F_GETOWN = 9, H_F_SETSIG = 10, H_F_GETSIG = 11,
	H_F_GETLK64 = 12, H_F_SETLK64 = 13, H_F_SETLKW64 = 14,
	H_F_SETOWN_EX = 15, H_F_GETOWN_EX = 16,
	H_F_OFD_GETLK = 36, H_F_OFD_SETLK = 37, H_F_OFD_SETLKW = 38,
	H_F_SETLEASE = 1024, H_F_GETLEASE = 1025, H_F_NOTIFY = 1026,
	H_F_DUPFD_CLOEXEC = 1030, H_F_SETPIPE_SZ = 1031, H_F_GETPIPE_SZ = 1032,
	H_F_ADD_SEALS = 1033, H_F_GET_SEALS = 1034,
};

struct hflock {
	int16_t type, whence;
	int64_t start, len;
	int32_t pid;
};

static void print_hflock(const struct hflock *fl, bool getlk)
{
	emit_raw("{l_type=");
	emit_xval(&xlat_lock_types, (uint16_t)fl->type, "F_???");
	emit_raw(", l_whence=");
	emit_xval(&xlat_seek_whence, (uint16_t)fl->whence, "SEEK_???");
	emit_fmt(", l_start=%lld, l_len=%lld", (long long)fl->start, (long long)fl->len);
	if (getlk)
		emit_fmt(", l_pid=%d", fl->pid);
	emit_char('}');
}

/* struct flock of the personality (i386: 32-bit offsets) */
static void print_flock(struct tcb *tcp, uint64_t addr, bool getlk)
{
	unsigned char b[32];
	struct hflock fl;

	if (is_i386(tcp)) {
		if (umove_or_printaddr(tcp, addr, 16, b))
			return;
		int32_t v;
		memcpy(&fl.type, b, 2);
		memcpy(&fl.whence, b + 2, 2);
		memcpy(&v, b + 4, 4);
		fl.start = v;
		memcpy(&v, b + 8, 4);
		fl.len = v;
		memcpy(&fl.pid, b + 12, 4);
	} else {
		if (umove_or_printaddr(tcp, addr, 32, b))
			return;
		memcpy(&fl.type, b, 2);
		memcpy(&fl.whence, b + 2, 2);
		memcpy(&fl.start, b + 8, 8);
		memcpy(&fl.len, b + 16, 8);
		memcpy(&fl.pid, b + 24, 4);
	}
	print_hflock(&fl, getlk);
}

/* struct flock64 (i386: packed, 24 bytes) */
static void print_flock64(struct tcb *tcp, uint64_t addr, bool getlk)
{
	unsigned char b[32];
	struct hflock fl;

	if (!is_i386(tcp)) {
		print_flock(tcp, addr, getlk);
		return;
	}
	if (umove_or_printaddr(tcp, addr, 24, b))
		return;
	memcpy(&fl.type, b, 2);
	memcpy(&fl.whence, b + 2, 2);
	memcpy(&fl.start, b + 4, 8);
	memcpy(&fl.len, b + 12, 8);
	memcpy(&fl.pid, b + 20, 4);
	print_hflock(&fl, getlk);
}

static void print_f_owner_ex(struct tcb *tcp, uint64_t addr)
{
	int32_t owner[2];

	if (umove_or_printaddr(tcp, addr, sizeof(owner), owner))
		return;
	emit_raw("{type=");
	emit_xval(&xlat_f_owner_types, (uint32_t)owner[0], "F_OWNER_???");
	emit_fmt(", pid=%d}", owner[1]);
}

static int print_fcntl(struct tcb *tcp)
{
	const unsigned int cmd = (uint32_t)tcp->u_arg[1];

	switch (cmd) {
	case H_F_SETFD:
		emit_arg_next();
		emit_flags(&xlat_fd_flags, arg_ulong(tcp, 2), "FD_???");
		break;
	case H_F_SETOWN:
	case H_F_SETPIPE_SZ:
		emit_arg_next();
		emit_d(arg_int(tcp, 2));
		break;
	case H_F_DUPFD:
	case H_F_DUPFD_CLOEXEC:
		emit_arg_next();
		emit_d(arg_int(tcp, 2));
		return RVAL_DECODED | RVAL_FD;
	case H_F_SETFL:
		emit_arg_next();
		print_open_modes((uint32_t)tcp->u_arg[2]);
		break;
	case H_F_SETLK:
	case H_F_SETLKW:
		emit_arg_next();
		print_flock(tcp, tcp->u_arg[2], false);
		break;
	case H_F_OFD_SETLK:
	case H_F_OFD_SETLKW:
		emit_arg_next();
		print_flock64(tcp, tcp->u_arg[2], false);
		break;
	case H_F_SETOWN_EX:
		emit_arg_next();
		print_f_owner_ex(tcp, tcp->u_arg[2]);
		break;
	case H_F_NOTIFY:
		emit_arg_next();
		emit_flags(&xlat_notify_flags, arg_ulong(tcp, 2), "DN_???");
		break;
	case H_F_SETLEASE:
		emit_arg_next();
		emit_xval(&xlat_lock_types, arg_ulong(tcp, 2), "F_???");
		break;
	case H_F_ADD_SEALS:
		emit_arg_next();
		emit_flags(&xlat_f_seals, arg_ulong(tcp, 2), "F_SEAL_???");
		break;
	case H_F_SETSIG:
		emit_arg_next();
		emit_signame((uint32_t)tcp->u_arg[2]);
		break;
	case H_F_GETOWN:
	case H_F_GETPIPE_SZ:
		break;
	case H_F_GETFD:
		if (entering(tcp) || syserror(tcp) || tcp->u_rval == 0)
			return 0;
		tcp->auxstr = sprint_flags("flags ", &xlat_fd_flags, rval_size(tcp));
		return RVAL_HEX | RVAL_STR;
	case H_F_GETFL:
		if (entering(tcp) || syserror(tcp))
			return 0;
		tcp->auxstr = sprint_open_modes((uint32_t)tcp->u_rval);
		return RVAL_HEX | RVAL_STR;
	case H_F_GETLK:
		if (entering(tcp))
			return 0;
		emit_arg_next();
		print_flock(tcp, tcp->u_arg[2], true);
		break;
	case H_F_OFD_GETLK:
		if (entering(tcp))
			return 0;
		emit_arg_next();
		print_flock64(tcp, tcp->u_arg[2], true);
		break;
	case H_F_GETOWN_EX:
		if (entering(tcp))
			return 0;
		emit_arg_next();
		print_f_owner_ex(tcp, tcp->u_arg[2]);
		break;
	case H_F_GETLEASE:
		if (entering(tcp) || syserror(tcp))
			return 0;
		tcp->auxstr = xlat_lookup(&xlat_lock_types, rval_size(tcp));
		return tcp->auxstr ? RVAL_HEX | RVAL_STR : RVAL_HEX;
	case H_F_GET_SEALS:
		if (entering(tcp) || syserror(tcp) || tcp->u_rval == 0)
			return 0;
		tcp->auxstr = sprint_flags("seals ", &xlat_f_seals, rval_size(tcp));
		return RVAL_HEX | RVAL_STR;
	case H_F_GETSIG:
		if (entering(tcp) || syserror(tcp) || tcp->u_rval == 0)
			return 0;
		tcp->auxstr = signal_name((unsigned int)tcp->u_rval);
		return tcp->auxstr ? RVAL_STR : 0;
	default:
		emit_arg_next();
		emit_x(arg_ulong(tcp, 2));
		break;
	}
	return RVAL_DECODED;
}

SYS_FUNC(fcntl)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		emit_xval(&xlat_fcntl_cmds, (uint32_t)tcp->u_arg[1], "F_???");
	}
	return print_fcntl(tcp);
}

SYS_FUNC(fcntl64)
{
	const unsigned int cmd = (uint32_t)tcp->u_arg[1];

	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		emit_xval(&xlat_fcntl_cmds, cmd, "F_???");
	}
	switch (cmd) {
	case H_F_SETLK64:
	case H_F_SETLKW64:
		emit_arg_next();
		print_flock64(tcp, tcp->u_arg[2], false);
		return RVAL_DECODED;
	case H_F_GETLK64:
		if (exiting(tcp)) {
			emit_arg_next();
			print_flock64(tcp, tcp->u_arg[2], true);
		}
		return 0;
	}
	return print_fcntl(tcp);
}

SYS_FUNC(flock)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_flags(&xlat_flock_ops, (uint32_t)tcp->u_arg[1], "LOCK_???");
	return RVAL_DECODED;
}

/* --- ioctl ------------------------------------------------------------- */

#define IOC_NRBITS   8
#define IOC_TYPEBITS 8
#define IOC_SIZEBITS 14
#define IOC_NR(c)    ((c) & 0xff)
#define IOC_TYPE(c)  (((c) >> 8) & 0xff)
#define IOC_SIZE(c)  (((c) >> 16) & 0x3fff)
#define IOC_DIR(c)   (((c) >> 30) & 3)

enum {
	TCGETS = 0x5401, TCSETS, TCSETSW, TCSETSF, TCGETA, TCSETA, TCSETAW,
	TCSETAF, TCSBRK, TCXONC, TCFLSH, TIOCEXCL, TIOCNXCL, TIOCSCTTY,
	TIOCGPGRP, TIOCSPGRP, TIOCOUTQ, TIOCSTI, TIOCGWINSZ, TIOCSWINSZ,
	TIOCMGET, TIOCMBIS, TIOCMBIC, TIOCMSET, TIOCGSOFTCAR, TIOCSSOFTCAR,
	FIONREAD, TIOCLINUX, TIOCCONS, TIOCGSERIAL, TIOCSSERIAL, TIOCPKT,
	FIONBIO, TIOCNOTTY, TIOCSETD, TIOCGETD, TCSBRKP,
	TIOCSBRK = 0x5427, TIOCCBRK, TIOCGSID,
	TIOCVHANGUP = 0x5437,
	FIONCLEX = 0x5450, FIOCLEX, FIOASYNC,
	TIOCGLCKTRMIOS = 0x5456, TIOCSLCKTRMIOS,
};
#define TIOCGPTN   0x80045430U
#define TIOCSPTLCK 0x40045431U
#define TIOCGDEV   0x80045432U
#define TIOCGEXCL  0x80045440U
#define FICLONE    0x40049409U

/* termios flags */
#define H_NLDLY  0000400
#define H_CRDLY  0003000
#define H_TABDLY 0014000
#define H_BSDLY  0020000
#define H_VTDLY  0040000
#define H_FFDLY  0100000
#define H_CBAUD  0010017
#define H_CIBAUD 002003600000
#define H_CSIZE  0000060
#define H_IBSHIFT 16

static void decode_oflag(uint32_t val)
{
	static const struct { const struct xlat *x; uint32_t mask; const char *dflt; } f[] = {
		{ &xlat_term_oflags_nldly, H_NLDLY, "NL?" },
		{ &xlat_term_oflags_crdly, H_CRDLY, "CR?" },
		{ &xlat_term_oflags_tabdly, H_TABDLY, "TAB?" },
		{ &xlat_term_oflags_bsdly, H_BSDLY, "BS?" },
		{ &xlat_term_oflags_vtdly, H_VTDLY, "VT?" },
		{ &xlat_term_oflags_ffdly, H_FFDLY, "FF?" },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		emit_xval(f[i].x, val & f[i].mask, f[i].dflt);
		emit_char('|');
		val &= ~f[i].mask;
	}
	emit_flags(&xlat_term_oflags, val, NULL);
}

static void decode_cflag(uint32_t val)
{
	emit_xval(&xlat_baud_options, val & H_CBAUD, "B???");
	emit_char('|');
	if (val & H_CIBAUD) {
		emit_char('(');
		emit_xval(&xlat_baud_options, (val & H_CIBAUD) >> H_IBSHIFT, "B???");
		emit_raw("<<IBSHIFT)|");
	}
	emit_xval(&xlat_term_cflags_csize, val & H_CSIZE, "CS?");
	emit_char('|');
	val &= ~(uint32_t)(H_CBAUD | H_CIBAUD | H_CSIZE);
	emit_flags(&xlat_term_cflags, val, NULL);
}

static void decode_term_flags(const uint32_t f[4])
{
	emit_raw("{c_iflag=");
	emit_flags(&xlat_term_iflags, f[0], NULL);
	emit_raw(", c_oflag=");
	decode_oflag(f[1]);
	emit_raw(", c_cflag=");
	decode_cflag(f[2]);
	emit_raw(", c_lflag=");
	emit_flags(&xlat_term_lflags, f[3], NULL);
}

static void decode_term_cc(const unsigned char *cc, unsigned int n)
{
	emit_raw("c_cc=[");
	for (unsigned int i = 0; i < n; i++) {
		if (i)
			emit_raw(", ");
		const char *s = xlat_lookup(&xlat_termios_cc, i);
		if (s)
			emit_fmt("[%s]=", s);
		else
			emit_fmt("[%u]=", i);
		emit_x(cc[i]);
	}
	emit_char(']');
}

/* struct termios (kernel): 4 flags, c_line, c_cc[19] */
static void decode_termios(struct tcb *tcp, uint64_t addr)
{
	unsigned char b[36];
	uint32_t f[4];

	if (umove_or_printaddr(tcp, addr, sizeof(b), b))
		return;
	memcpy(f, b, sizeof(f));
	decode_term_flags(f);
	emit_raw(", ");
	if (abbrev(tcp)) {
		emit_raw("...");
	} else {
		emit_raw("c_line=");
		emit_xval(&xlat_term_line_discs, b[16], "N_???");
		emit_raw(", ");
		decode_term_cc(b + 17, 19);
	}
	emit_char('}');
}

/* struct termios2: termios + c_ispeed, c_ospeed */
static void decode_termios2(struct tcb *tcp, uint64_t addr)
{
	unsigned char b[44];
	uint32_t f[4], speed[2];

	if (umove_or_printaddr(tcp, addr, sizeof(b), b))
		return;
	memcpy(f, b, sizeof(f));
	memcpy(speed, b + 36, sizeof(speed));
	decode_term_flags(f);
	emit_raw(", ");
	if (abbrev(tcp)) {
		emit_raw("...");
	} else {
		emit_raw("c_line=");
		emit_xval(&xlat_term_line_discs, b[16], "N_???");
		emit_raw(", ");
		decode_term_cc(b + 17, 19);
		emit_fmt(", c_ispeed=%u, c_ospeed=%u", speed[0], speed[1]);
	}
	emit_char('}');
}

/* struct termio: 4 unsigned shorts, c_line, c_cc[8] */
static void decode_termio(struct tcb *tcp, uint64_t addr)
{
	unsigned char b[18];
	uint16_t s[4];
	uint32_t f[4];

	if (umove_or_printaddr(tcp, addr, sizeof(b), b))
		return;
	memcpy(s, b, sizeof(s));
	for (int i = 0; i < 4; i++)
		f[i] = s[i];
	decode_term_flags(f);
	emit_raw(", ");
	if (abbrev(tcp)) {
		emit_raw("...");
	} else {
		emit_raw("c_line=");
		emit_xval(&xlat_term_line_discs, b[8], "N_???");
		emit_raw(", ");
		decode_term_cc(b + 9, 8);
	}
	emit_char('}');
}

static void decode_winsize(struct tcb *tcp, uint64_t addr)
{
	uint16_t ws[4];

	if (umove_or_printaddr(tcp, addr, sizeof(ws), ws))
		return;
	emit_fmt("{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}",
		 ws[0], ws[1], ws[2], ws[3]);
}

/* Returns like strace's term_ioctl: 1 when the argument was printed (or
 * will be at exit, with *rc = 0), 0 when the generic code prints it. */
static int term_ioctl(struct tcb *tcp, uint32_t code, uint64_t arg, int *rc)
{
	*rc = RVAL_DECODED;
	switch (code) {
	case 0x802c542aU: /* TCGETS2 */
		if (entering(tcp)) {
			*rc = 0;
			return 1;
		}
		/* fall through */
	case 0x402c542bU: /* TCSETS2 */
	case 0x402c542cU: /* TCSETSW2 */
	case 0x402c542dU: /* TCSETSF2 */
		emit_arg_next();
		decode_termios2(tcp, arg);
		return 1;
	case TCGETS:
	case TIOCGLCKTRMIOS:
		if (entering(tcp)) {
			*rc = 0;
			return 1;
		}
		/* fall through */
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TIOCSLCKTRMIOS:
		emit_arg_next();
		decode_termios(tcp, arg);
		return 1;
	case TCGETA:
		if (entering(tcp)) {
			*rc = 0;
			return 1;
		}
		/* fall through */
	case TCSETA:
	case TCSETAW:
	case TCSETAF:
		emit_arg_next();
		decode_termio(tcp, arg);
		return 1;
	case TIOCGWINSZ:
		if (entering(tcp)) {
			*rc = 0;
			return 1;
		}
		/* fall through */
	case TIOCSWINSZ:
		emit_arg_next();
		decode_winsize(tcp, arg);
		return 1;
	case TCXONC:
		emit_arg_next();
		emit_xval(&xlat_tcxonc_options, arg, "TC???");
		return 1;
	case TCFLSH:
		emit_arg_next();
		emit_xval(&xlat_tcflsh_options, arg, "TC???");
		return 1;
	case TCSBRK:
	case TCSBRKP:
	case TIOCSCTTY:
		emit_arg_next();
		emit_d((int)arg);
		return 1;
	case TIOCGPGRP:
	case TIOCGSID:
	case TIOCGETD:
	case TIOCGSOFTCAR:
	case TIOCGPTN:
	case FIONREAD:
	case TIOCOUTQ:
	case TIOCGEXCL:
	case TIOCGDEV:
		if (entering(tcp)) {
			*rc = 0;
			return 1;
		}
		/* fall through */
	case TIOCSPGRP:
	case TIOCSETD:
	case FIONBIO:
	case FIOASYNC:
	case TIOCPKT:
	case TIOCSSOFTCAR:
	case TIOCSPTLCK:
		emit_arg_next();
		print_int_indirect(tcp, arg);
		return 1;
	case TIOCSTI:
		emit_arg_next();
		emit_buf(tcp, arg, 1);
		return 1;
	case TIOCSBRK:
	case TIOCCBRK:
	case TIOCCONS:
	case TIOCNOTTY:
	case TIOCEXCL:
	case TIOCNXCL:
	case FIOCLEX:
	case FIONCLEX:
	case TIOCVHANGUP:
	case TIOCSSERIAL:
		return 1;
	}
	return 0;
}

static void print_ioctl_code(uint32_t code)
{
	bool found = false;

	for (size_t i = 0; i < xlat_ioctl_names.size; i++) {
		if (xlat_ioctl_names.data[i].val == code) {
			if (found)
				emit_raw(" or ");
			emit_raw(xlat_ioctl_names.data[i].str);
			found = true;
		}
	}
	if (found)
		return;
	emit_raw("_IOC(");
	emit_flags(&xlat_ioctl_dirs, IOC_DIR(code), "_IOC_???");
	emit_fmt(", %#x, %#x, %#x)", IOC_TYPE(code), IOC_NR(code), IOC_SIZE(code));
}

SYS_FUNC(ioctl)
{
	const uint32_t code = (uint32_t)tcp->u_arg[1];
	const uint64_t arg = arg_ulong(tcp, 2);
	int rc;

	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		print_ioctl_code(code);
	}
	if (IOC_TYPE(code) == 'T' && term_ioctl(tcp, code, arg, &rc))
		return rc;
	if (code == FICLONE) {
		emit_arg_next();
		emit_fd(tcp, (int)arg);
		return RVAL_DECODED;
	}
	if (entering(tcp)) {
		emit_arg_next();
		emit_x(arg);
	}
	return RVAL_DECODED;
}

/* --- fadvise ----------------------------------------------------------- */

SYS_FUNC(fadvise64)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, 1));
	unsigned int argn = is_i386(tcp) ? 3 : 2;
	emit_arg_next();
	emit_d(arg_long(tcp, argn));
	emit_arg_next();
	emit_xval(&xlat_fadvise_advice, (uint32_t)tcp->u_arg[argn + 1], "POSIX_FADV_???");
	return RVAL_DECODED;
}

SYS_FUNC(fadvise64_64)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, 1));
	unsigned int argn = is_i386(tcp) ? 3 : 2;
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, argn));
	argn += is_i386(tcp) ? 2 : 1;
	emit_arg_next();
	emit_xval(&xlat_fadvise_advice, (uint32_t)tcp->u_arg[argn], "POSIX_FADV_???");
	return RVAL_DECODED;
}

/* --- sendfile, copy_file_range, splice ---------------------------------- */

/* [N] of a 64-bit offset; false when only NULL or the address printed */
static bool print_loff_indirect(struct tcb *tcp, uint64_t addr, bool is_signed)
{
	int64_t v;

	if (umove_or_printaddr(tcp, addr, sizeof(v), &v))
		return false;
	if (is_signed)
		emit_fmt("[%lld]", (long long)v);
	else
		emit_fmt("[%llu]", (unsigned long long)v);
	return true;
}

/* [N] of a kernel "unsigned long" offset (sendfile's off_t) */
static bool print_off_indirect(struct tcb *tcp, uint64_t addr)
{
	uint64_t v;

	if (!addr) {
		emit_raw("NULL");
		return false;
	}
	if ((exiting(tcp) && syserror(tcp)) || umove_ulong(tcp, addr, &v) < 0) {
		emit_x(addr);
		return false;
	}
	emit_fmt("[%llu]", (unsigned long long)v);
	return true;
}

static int decode_sendfile(struct tcb *tcp, bool is64)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		emit_fd(tcp, arg_int(tcp, 1));
		emit_arg_next();
		bool printed = is64 ? print_loff_indirect(tcp, tcp->u_arg[2], false)
				    : print_off_indirect(tcp, tcp->u_arg[2]);
		if (!printed) {
			emit_arg_next();
			emit_u(arg_ulong(tcp, 3));
			return RVAL_DECODED;
		}
		return 0;
	}
	if (!syserror(tcp) && tcp->u_rval) {
		emit_raw(" => ");
		if (is64)
			print_loff_indirect(tcp, tcp->u_arg[2], false);
		else
			print_off_indirect(tcp, tcp->u_arg[2]);
	}
	emit_arg_next();
	emit_u(arg_ulong(tcp, 3));
	return 0;
}

SYS_FUNC(sendfile)
{
	return decode_sendfile(tcp, false);
}

SYS_FUNC(sendfile64)
{
	return decode_sendfile(tcp, true);
}

SYS_FUNC(copy_file_range)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_loff_indirect(tcp, tcp->u_arg[1], true);
	emit_arg_next();
	emit_fd(tcp, arg_int(tcp, 2));
	emit_arg_next();
	print_loff_indirect(tcp, tcp->u_arg[3], true);
	emit_arg_next();
	emit_u(arg_ulong(tcp, 4));
	emit_arg_next();
	emit_u((uint32_t)tcp->u_arg[5]);
	return RVAL_DECODED;
}

SYS_FUNC(splice)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_loff_indirect(tcp, tcp->u_arg[1], true);
	emit_arg_next();
	emit_fd(tcp, arg_int(tcp, 2));
	emit_arg_next();
	print_loff_indirect(tcp, tcp->u_arg[3], true);
	emit_arg_next();
	emit_u(arg_ulong(tcp, 4));
	emit_arg_next();
	emit_flags(&xlat_splice_flags, (uint32_t)tcp->u_arg[5], "SPLICE_F_???");
	return RVAL_DECODED;
}

SYS_FUNC(tee)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_fd(tcp, arg_int(tcp, 1));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	emit_arg_next();
	emit_flags(&xlat_splice_flags, (uint32_t)tcp->u_arg[3], "SPLICE_F_???");
	return RVAL_DECODED;
}

SYS_FUNC(vmsplice)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_iov_upto(tcp, arg_ulong(tcp, 2), tcp->u_arg[1], true, UINT64_MAX);
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	emit_arg_next();
	emit_flags(&xlat_splice_flags, (uint32_t)tcp->u_arg[3], "SPLICE_F_???");
	return RVAL_DECODED;
}

/* --- poll, ppoll ------------------------------------------------------- */

static bool print_pollfd(struct tcb *tcp, void *elem, size_t elem_size, void *data)
{
	int32_t fd;
	int16_t events;

	(void)elem_size;
	(void)data;
	memcpy(&fd, elem, 4);
	memcpy(&events, (char *)elem + 4, 2);
	emit_raw("{fd=");
	emit_fd(tcp, fd);
	if (fd >= 0) {
		emit_raw(", events=");
		emit_flags(&xlat_poll_events, (uint16_t)events, "POLL???");
	}
	emit_char('}');
	return true;
}

static void decode_poll_entering(struct tcb *tcp)
{
	uint64_t nfds = (uint32_t)tcp->u_arg[1];

	print_array(tcp, tcp->u_arg[0], nfds, 8, print_pollfd, NULL);
	emit_arg_next();
	emit_u(nfds);
}

/* A struct timespec of the given width (time32: 32-bit fields) */
static bool fetch_timespec(struct tcb *tcp, uint64_t addr, bool time32,
			   int64_t *sec, int64_t *nsec)
{
	if (time32) {
		int32_t ts[2];
		if (umoven(tcp, addr, sizeof(ts), ts) < 0)
			return false;
		*sec = ts[0];
		*nsec = ts[1];
	} else {
		int64_t ts[2];
		if (umoven(tcp, addr, sizeof(ts), ts) < 0)
			return false;
		*sec = ts[0];
		*nsec = ts[1];
	}
	return true;
}

static void print_timespec_addr(struct tcb *tcp, uint64_t addr, bool time32)
{
	int64_t sec, nsec;

	if (!addr) {
		emit_raw("NULL");
		return;
	}
	if ((exiting(tcp) && syserror(tcp)) || !fetch_timespec(tcp, addr, time32, &sec, &nsec)) {
		emit_x(addr);
		return;
	}
	emit_fmt("{tv_sec=%lld, tv_nsec=%lld}", (long long)sec, (long long)nsec);
}

/* The auxstr of poll/ppoll: "[{fd=3, revents=POLLIN}], left {...}" */
static int decode_poll_exiting(struct tcb *tcp, uint64_t ts_addr, bool time32)
{
	static char out[1024];
	const size_t room = sizeof(out) - 64;	/* for "...]" and "left {...}" */
	size_t pos = 0;
	bool printed = false;
	unsigned int nprinted = 0;

	if (syserror(tcp))
		return 0;
	if (tcp->u_rval == 0) {
		tcp->auxstr = "Timeout";
		return RVAL_STR;
	}

	uint64_t addr = tcp->u_arg[0];
	uint64_t nfds = (uint32_t)tcp->u_arg[1];
	uint64_t end = addr + nfds * 8;
	if (!nfds || !addr || end <= addr)
		return 0;

	out[0] = '\0';
	for (uint64_t cur = addr; cur < end; cur += 8) {
		unsigned char e[8];
		if (umoven(tcp, cur, sizeof(e), e) < 0) {
			pos += snprintf(out + pos, sizeof(out) - pos, "%s%#llx",
					printed ? ", " : "[", (unsigned long long)cur);
			printed = true;
			break;
		}
		int32_t fd;
		uint16_t revents;
		memcpy(&fd, e, 4);
		memcpy(&revents, e + 6, 2);
		if (!revents)
			continue;
		if (abbrev(tcp) && nprinted >= opts.max_strlen) {
			pos += snprintf(out + pos, sizeof(out) - pos, "%s...",
					printed ? ", " : "[");
			printed = true;
			break;
		}
		nprinted++;
		const char *flags = sprint_flags("", &xlat_poll_events, revents);
		char item[300];
		int n = snprintf(item, sizeof(item), "%s{fd=%d, revents=%s}",
				 printed ? ", " : "[", fd, flags);
		if (n < 0 || pos + (size_t)n >= room) {
			pos += snprintf(out + pos, sizeof(out) - pos, "%s...",
					printed ? ", " : "[");
			printed = true;
			break;
		}
		memcpy(out + pos, item, (size_t)n + 1);
		pos += (size_t)n;
		printed = true;
	}
	if (printed)
		pos += snprintf(out + pos, sizeof(out) - pos, "]");

	if (ts_addr) {
		int64_t sec, nsec;
		const char *sep = printed ? ", " : "";
		if (fetch_timespec(tcp, ts_addr, time32, &sec, &nsec))
			snprintf(out + pos, sizeof(out) - pos, "%sleft {tv_sec=%lld, tv_nsec=%lld}",
				 sep, (long long)sec, (long long)nsec);
		else
			snprintf(out + pos, sizeof(out) - pos, "%sleft %#llx",
				 sep, (unsigned long long)ts_addr);
		printed = true;
	}
	if (!printed)
		return 0;
	tcp->auxstr = out;
	return RVAL_STR;
}

static int decode_poll(struct tcb *tcp)
{
	if (entering(tcp)) {
		decode_poll_entering(tcp);
		emit_arg_next();
		emit_d(arg_int(tcp, 2));
		return 0;
	}
	return decode_poll_exiting(tcp, 0, false);
}

SYS_FUNC(poll_time64)
{
	return decode_poll(tcp);
}

SYS_FUNC(poll_time32)
{
	return decode_poll(tcp);
}

static int decode_ppoll(struct tcb *tcp, bool time32)
{
	if (entering(tcp)) {
		decode_poll_entering(tcp);
		emit_arg_next();
		print_timespec_addr(tcp, tcp->u_arg[2], time32);
		emit_arg_next();
		print_sigset_addr_len(tcp, tcp->u_arg[3], arg_ulong(tcp, 4));
		emit_arg_next();
		emit_u(arg_ulong(tcp, 4));
		return 0;
	}
	return decode_poll_exiting(tcp, tcp->u_arg[2], time32);
}

SYS_FUNC(ppoll_time64)
{
	return decode_ppoll(tcp, false);
}

SYS_FUNC(ppoll_time32)
{
	return decode_ppoll(tcp, true);
}
