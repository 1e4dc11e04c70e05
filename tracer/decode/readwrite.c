/* read, write, pread64, pwrite64, readv, writev, preadv, pwritev,
 * preadv2, pwritev2, lseek, _llseek */
#include "decode.h"

static void print_read_buf(struct tcb *tcp, uint64_t addr)
{
	if (syserror(tcp))
		emit_ptr(addr);
	else
		emit_buf(tcp, addr, rval_size(tcp));
}

SYS_FUNC(read)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		return 0;
	}
	print_read_buf(tcp, tcp->u_arg[1]);
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	return 0;
}

SYS_FUNC(write)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_buf(tcp, tcp->u_arg[1], arg_ulong(tcp, 2));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	return RVAL_DECODED;
}

/* pread64: read's arguments, then the offset */
SYS_FUNC(pread)
{
	sys_read(tcp);
	if (exiting(tcp)) {
		emit_arg_next();
		emit_d(arg_lo_hi(tcp, 3));
	}
	return 0;
}

/* pwrite64: write's arguments, then the offset */
SYS_FUNC(pwrite)
{
	sys_write(tcp);
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, 3));
	return RVAL_DECODED;
}

static void print_read_iov(struct tcb *tcp)
{
	print_iov_upto(tcp, arg_ulong(tcp, 2), tcp->u_arg[1], !syserror(tcp),
		       syserror(tcp) ? UINT64_MAX : rval_size(tcp));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
}

static void print_write_iov(struct tcb *tcp)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_iov_upto(tcp, arg_ulong(tcp, 2), tcp->u_arg[1], true, UINT64_MAX);
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
}

SYS_FUNC(readv)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		return 0;
	}
	print_read_iov(tcp);
	return 0;
}

SYS_FUNC(writev)
{
	print_write_iov(tcp);
	return RVAL_DECODED;
}

SYS_FUNC(preadv)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		return 0;
	}
	print_read_iov(tcp);
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, 3));
	return 0;
}

SYS_FUNC(pwritev)
{
	print_write_iov(tcp);
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, 3));
	return RVAL_DECODED;
}

SYS_FUNC(preadv2)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		return 0;
	}
	print_read_iov(tcp);
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, 3));
	emit_arg_next();
	emit_flags(&xlat_rwf_flags, (uint32_t)tcp->u_arg[5], "RWF_???");
	return 0;
}

SYS_FUNC(pwritev2)
{
	print_write_iov(tcp);
	emit_arg_next();
	emit_d(arg_lo_hi(tcp, 3));
	emit_arg_next();
	emit_flags(&xlat_rwf_flags, (uint32_t)tcp->u_arg[5], "RWF_???");
	return RVAL_DECODED;
}

SYS_FUNC(lseek)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_d(arg_long(tcp, 1));
	emit_arg_next();
	emit_xval(&xlat_seek_whence, (uint32_t)tcp->u_arg[2], "SEEK_???");
	return RVAL_DECODED;
}

/* _llseek(fd, offset_high, offset_low, result, whence) */
SYS_FUNC(llseek)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		uint64_t off = ((uint64_t)(uint32_t)tcp->u_arg[1] << 32) |
			       (uint32_t)tcp->u_arg[2];
		emit_d((int64_t)off);
		emit_arg_next();
		return 0;
	}
	print_int64_indirect(tcp, tcp->u_arg[3]);
	emit_arg_next();
	emit_xval(&xlat_seek_whence, (uint32_t)tcp->u_arg[4], "SEEK_???");
	return 0;
}
