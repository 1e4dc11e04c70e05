/* open, openat, openat2, creat, close, close_range */
#include <string.h>

#include "decode.h"

#define H_O_CREAT     0100
#define H___O_TMPFILE 020000000

static int decode_open(struct tcb *tcp, unsigned int off)
{
	emit_path(tcp, tcp->u_arg[off]);
	emit_arg_next();
	uint32_t flags = (uint32_t)tcp->u_arg[off + 1];
	print_open_modes(flags);
	if (flags & (H_O_CREAT | H___O_TMPFILE)) {
		emit_arg_next();
		print_numeric_umode_t((unsigned int)tcp->u_arg[off + 2]);
	}
	return RVAL_DECODED | RVAL_FD;
}

SYS_FUNC(open)
{
	return decode_open(tcp, 0);
}

SYS_FUNC(openat)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	return decode_open(tcp, 1);
}

static void print_open_how(struct tcb *tcp, uint64_t addr, uint64_t size)
{
	struct {
		uint64_t flags;
		uint64_t mode;
		uint64_t resolve;
	} how;

	if (size < sizeof(how)) {
		emit_ptr(addr);
		return;
	}
	if (umove_or_printaddr(tcp, addr, sizeof(how), &how))
		return;
	emit_raw("{flags=");
	print_open_modes(how.flags);
	if ((how.flags & (H_O_CREAT | H___O_TMPFILE)) || how.mode) {
		emit_raw(", mode=");
		print_numeric_ll_umode_t(how.mode);
	}
	emit_raw(", resolve=");
	emit_flags(&xlat_resolve_flags, how.resolve, "RESOLVE_???");
	if (size > sizeof(how)) {
		/* Nonzero bytes past the known structure, as strace shows them */
		unsigned char extra[256];
		uint64_t n = size - sizeof(how);
		if (n > sizeof(extra))
			n = sizeof(extra);
		if (umoven(tcp, addr + sizeof(how), n, extra) == 0) {
			bool nonzero = false;
			for (uint64_t i = 0; i < n; i++)
				nonzero |= extra[i] != 0;
			if (nonzero) {
				emit_raw(", ");
				emit_fmt("/* bytes %zu..%llu */ ", sizeof(how),
					 (unsigned long long)(sizeof(how) + n - 1));
				emit_char('"');
				for (uint64_t i = 0; i < n; i++)
					emit_fmt("\\x%02x", extra[i]);
				emit_char('"');
			}
		} else {
			emit_raw(", ...");
		}
	}
	emit_char('}');
}

SYS_FUNC(openat2)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	print_open_how(tcp, tcp->u_arg[2], arg_ulong(tcp, 3));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 3));
	return RVAL_DECODED | RVAL_FD;
}

SYS_FUNC(creat)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	print_numeric_umode_t((unsigned int)tcp->u_arg[1]);
	return RVAL_DECODED | RVAL_FD;
}

/* close, fsync, fdatasync, fchdir, syncfs: one fd */
SYS_FUNC(close)
{
	emit_fd(tcp, arg_int(tcp, 0));
	return RVAL_DECODED;
}

SYS_FUNC(close_range)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_u((uint32_t)tcp->u_arg[1]);
	emit_arg_next();
	emit_flags(&xlat_close_range_flags, (uint32_t)tcp->u_arg[2], "CLOSE_RANGE_???");
	return RVAL_DECODED;
}
