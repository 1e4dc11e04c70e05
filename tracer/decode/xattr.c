/* setxattr, lsetxattr, fsetxattr, getxattr, lgetxattr, fgetxattr,
 * listxattr, llistxattr, flistxattr, removexattr, lremovexattr,
 * fremovexattr */
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define H_XATTR_SIZE_MAX 65536

/* strace's printstr_ex(tcp, addr, len, style): len bytes cut at -s;
 * omit_trailing_0 drops a NUL in the last byte shown (QUOTE_OMIT_TRAILING_0)
 * unless the string prints in hex. */
void print_str_len(struct tcb *tcp, uint64_t addr, uint64_t len, bool omit_trailing_0)
{
	if (!addr) {
		emit_raw("NULL");
		return;
	}
	unsigned int max = emit_strlen_limit();
	size_t size = len > max ? max : (size_t)len;
	char *buf = malloc(size + 1);
	if (!buf || (size && umoven(tcp, addr, size, buf) < 0)) {
		free(buf);
		emit_x(addr);
		return;
	}
	bool truncated = len > max;
	if (omit_trailing_0 && size && buf[size - 1] == '\0' && !opts.xflag)
		emit_quoted(buf, size - 1, false, false);
	else
		emit_quoted(buf, size, truncated, false);
	free(buf);
}

static void print_xattr_val(struct tcb *tcp, uint64_t addr, uint64_t insize,
			    uint64_t size)
{
	emit_arg_next();
	if (size > H_XATTR_SIZE_MAX)
		emit_ptr(addr);
	else
		print_str_len(tcp, addr, size, true);
	emit_arg_next();
	emit_u(insize);
}

static void print_xattr_set(struct tcb *tcp)
{
	emit_arg_next();
	emit_cstr(tcp, tcp->u_arg[1]);
	uint64_t size = arg_ulong(tcp, 3);
	print_xattr_val(tcp, tcp->u_arg[2], size, size);
	emit_arg_next();
	emit_flags(&xlat_xattr_flags, arg_ulong(tcp, 4), "XATTR_???");
}

SYS_FUNC(setxattr)
{
	emit_path(tcp, tcp->u_arg[0]);
	print_xattr_set(tcp);
	return RVAL_DECODED;
}

SYS_FUNC(fsetxattr)
{
	emit_fd(tcp, arg_int(tcp, 0));
	print_xattr_set(tcp);
	return RVAL_DECODED;
}

static int do_getxattr(struct tcb *tcp, bool fd)
{
	if (entering(tcp)) {
		if (fd)
			emit_fd(tcp, arg_int(tcp, 0));
		else
			emit_path(tcp, tcp->u_arg[0]);
		emit_arg_next();
		emit_cstr(tcp, tcp->u_arg[1]);
	} else {
		print_xattr_val(tcp, tcp->u_arg[2], arg_ulong(tcp, 3),
				rval_size(tcp));
	}
	return 0;
}

SYS_FUNC(getxattr)
{
	return do_getxattr(tcp, false);
}

SYS_FUNC(fgetxattr)
{
	return do_getxattr(tcp, true);
}

static void print_xattr_list(struct tcb *tcp, uint64_t addr, uint64_t size)
{
	if (!size || syserror(tcp))
		emit_ptr(addr);
	else
		print_str_len(tcp, addr, rval_size(tcp), false);
	emit_arg_next();
	emit_u(size);
}

SYS_FUNC(listxattr)
{
	if (entering(tcp)) {
		emit_path(tcp, tcp->u_arg[0]);
		emit_arg_next();
	} else {
		print_xattr_list(tcp, tcp->u_arg[1], arg_ulong(tcp, 2));
	}
	return 0;
}

SYS_FUNC(flistxattr)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
	} else {
		print_xattr_list(tcp, tcp->u_arg[1], arg_ulong(tcp, 2));
	}
	return 0;
}

SYS_FUNC(removexattr)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	emit_cstr(tcp, tcp->u_arg[1]);
	return RVAL_DECODED;
}

SYS_FUNC(fremovexattr)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_cstr(tcp, tcp->u_arg[1]);
	return RVAL_DECODED;
}
