/* access, faccessat, faccessat2, readlink, readlinkat, getcwd, chdir and
 * the other one-path calls, chmod/mkdir, fchmodat/mkdirat, fchmodat2,
 * fchmod, unlinkat, link/rename/symlink, linkat, renameat, renameat2,
 * symlinkat, getdents, getdents64, truncate, truncate64, ftruncate,
 * ftruncate64, umask, chown family, mknod, mknodat */
#include <stddef.h>
#include <string.h>

#include "decode.h"

/* --- access ------------------------------------------------------------ */

SYS_FUNC(access)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	emit_flags(&xlat_access_modes, (uint32_t)tcp->u_arg[1], "?_OK");
	return RVAL_DECODED;
}

SYS_FUNC(faccessat)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	emit_flags(&xlat_access_modes, (uint32_t)tcp->u_arg[2], "?_OK");
	return RVAL_DECODED;
}

SYS_FUNC(faccessat2)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	emit_flags(&xlat_access_modes, (uint32_t)tcp->u_arg[2], "?_OK");
	emit_arg_next();
	emit_flags(&xlat_faccessat_flags, (uint32_t)tcp->u_arg[3], "AT_???");
	return RVAL_DECODED;
}

/* --- readlink, getcwd -------------------------------------------------- */

static int decode_readlink(struct tcb *tcp, unsigned int off)
{
	if (entering(tcp)) {
		emit_path(tcp, tcp->u_arg[off]);
		emit_arg_next();
		return 0;
	}
	if (syserror(tcp))
		emit_ptr(tcp->u_arg[off + 1]);
	else
		emit_buf(tcp, tcp->u_arg[off + 1], rval_size(tcp));
	emit_arg_next();
	emit_u(arg_ulong(tcp, off + 2));
	return 0;
}

SYS_FUNC(readlink)
{
	return decode_readlink(tcp, 0);
}

SYS_FUNC(readlinkat)
{
	if (entering(tcp)) {
		emit_dirfd(tcp, arg_int(tcp, 0));
		emit_arg_next();
	}
	return decode_readlink(tcp, 1);
}

/* A path of at most n bytes (strace's printpathn) */
static void print_pathn(struct tcb *tcp, uint64_t addr, unsigned int n)
{
	char path[4097];

	if (!addr) {
		emit_raw("NULL");
		return;
	}
	if (n > sizeof(path) - 2)
		n = sizeof(path) - 2;
	int rc = umovestr(tcp, addr, n + 1, path);
	if (rc < 0) {
		emit_x(addr);
		return;
	}
	if (rc > 0) {
		size_t len = strnlen(path, n + 1);
		if (len <= n) {
			emit_quoted(path, len, false, true);
			return;
		}
	}
	emit_quoted(path, n, true, false);
}

SYS_FUNC(getcwd)
{
	if (entering(tcp))
		return 0;
	if (syserror(tcp))
		emit_ptr(tcp->u_arg[0]);
	else
		print_pathn(tcp, tcp->u_arg[0], (unsigned int)rval_size(tcp));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	return 0;
}

/* --- one path ---------------------------------------------------------- */

/* chdir, unlink, rmdir, chroot, acct, uselib, swapoff, mq_unlink, umount */
SYS_FUNC(chdir)
{
	emit_path(tcp, tcp->u_arg[0]);
	return RVAL_DECODED;
}

/* chmod, mkdir */
SYS_FUNC(chmod)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	print_numeric_umode_t((unsigned int)tcp->u_arg[1]);
	return RVAL_DECODED;
}

/* fchmodat, mkdirat */
SYS_FUNC(fchmodat)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	print_numeric_umode_t((unsigned int)tcp->u_arg[2]);
	return RVAL_DECODED;
}

SYS_FUNC(fchmodat2)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	print_numeric_umode_t((unsigned int)tcp->u_arg[2]);
	emit_arg_next();
	emit_flags(&xlat_at_flags, (uint32_t)tcp->u_arg[3], "AT_???");
	return RVAL_DECODED;
}

SYS_FUNC(fchmod)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_numeric_umode_t((unsigned int)tcp->u_arg[1]);
	return RVAL_DECODED;
}

SYS_FUNC(unlinkat)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	emit_flags(&xlat_at_flags, (uint32_t)tcp->u_arg[2], "AT_???");
	return RVAL_DECODED;
}

/* --- two paths --------------------------------------------------------- */

/* link, rename, symlink, pivot_root */
SYS_FUNC(link)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	return RVAL_DECODED;
}

SYS_FUNC(linkat)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	emit_dirfd(tcp, arg_int(tcp, 2));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[3]);
	emit_arg_next();
	emit_flags(&xlat_at_flags, (uint32_t)tcp->u_arg[4], "AT_???");
	return RVAL_DECODED;
}

static void decode_renameat(struct tcb *tcp)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	emit_dirfd(tcp, arg_int(tcp, 2));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[3]);
}

SYS_FUNC(renameat)
{
	decode_renameat(tcp);
	return RVAL_DECODED;
}

SYS_FUNC(renameat2)
{
	decode_renameat(tcp);
	emit_arg_next();
	emit_flags(&xlat_rename_flags, (uint32_t)tcp->u_arg[4], "RENAME_??");
	return RVAL_DECODED;
}

SYS_FUNC(symlinkat)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	emit_dirfd(tcp, arg_int(tcp, 1));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[2]);
	return RVAL_DECODED;
}

/* --- getdents ---------------------------------------------------------- */

#define D_NAME_LEN_MAX 256

static void decode_dents(struct tcb *tcp, uint64_t addr, unsigned int len, bool is64)
{
	const unsigned int header_size = is64 ? 19 : (is_i386(tcp) ? 10 : 18);
	unsigned int count = 0;
	unsigned char h[24];

	if (abbrev(tcp))
		emit_x(addr);

	for (;;) {
		if (len < header_size) {
			if (!abbrev(tcp)) {
				if (!len) {
					emit_char('[');
					++count;
				} else {
					/* a partial entry: its bytes in hex */
					unsigned char tail[32];
					if (umoven(tcp, addr, len, tail) < 0) {
						emit_x(addr);
					} else {
						emit_char('"');
						for (unsigned int i = 0; i < len; i++)
							emit_fmt("\\x%02x", tail[i]);
						emit_char('"');
					}
				}
			}
			break;
		}
		if (umoven(tcp, addr, header_size, h) < 0) {
			if (!abbrev(tcp)) {
				if (count) {
					emit_raw("... /* ");
					emit_x(addr);
					emit_raw(" */");
				} else {
					emit_x(addr);
				}
			}
			break;
		}
		if (!abbrev(tcp) && !count)
			emit_char('[');
		++count;

		uint64_t d_ino, d_off;
		uint16_t d_reclen;
		unsigned char d_type = 0;
		if (is64) {
			memcpy(&d_ino, h, 8);
			memcpy(&d_off, h + 8, 8);
			memcpy(&d_reclen, h + 16, 2);
			d_type = h[18];
		} else if (is_i386(tcp)) {
			uint32_t v;
			memcpy(&v, h, 4);
			d_ino = v;
			memcpy(&v, h + 4, 4);
			d_off = v;
			memcpy(&d_reclen, h + 8, 2);
		} else {
			memcpy(&d_ino, h, 8);
			memcpy(&d_off, h + 8, 8);
			memcpy(&d_reclen, h + 16, 2);
		}
		if (!abbrev(tcp))
			emit_fmt("{d_ino=%llu, d_off=%llu, d_reclen=%u",
				 (unsigned long long)d_ino, (unsigned long long)d_off,
				 d_reclen);

		uint64_t next_addr = 0;
		unsigned int next_len = 0;
		unsigned int reclen = d_reclen;
		if (reclen > len) {
			emit_fmt(" /* %s%u bytes overflow */",
				 abbrev(tcp) ? "d_reclen " : "", reclen - len);
			reclen = len;
		} else if (reclen < header_size) {
			emit_fmt(" /* %s%u bytes underflow */",
				 abbrev(tcp) ? "d_reclen " : "", header_size - reclen);
			reclen = header_size;
			next_len = len - header_size;
		} else {
			next_len = len - reclen;
			if (next_len)
				next_addr = addr + reclen;
		}
		len = next_len;

		if (!abbrev(tcp)) {
			int rc = 0;
			unsigned int tail_len = reclen - header_size;
			uint64_t name_addr = addr + header_size;
			if (is64) {
				emit_raw(", d_type=");
				emit_xval(&xlat_dirent_types, d_type, "DT_???");
				if (tail_len) {
					unsigned int n = tail_len > D_NAME_LEN_MAX ? D_NAME_LEN_MAX : tail_len;
					emit_raw(", d_name=");
					print_pathn(tcp, name_addr, n);
				}
			} else if (tail_len) {
				unsigned int n = tail_len - 1;
				if (n) {
					if (n > D_NAME_LEN_MAX)
						n = D_NAME_LEN_MAX;
					emit_raw(", d_name=");
					print_pathn(tcp, name_addr, n);
				}
				emit_raw(", d_type=");
				if (umoven(tcp, name_addr + tail_len - 1, 1, &d_type) < 0) {
					emit_x(name_addr + tail_len - 1);
					rc = -1;
				} else {
					emit_xval(&xlat_dirent_types, d_type, "DT_???");
				}
			}
			emit_char('}');
			if (next_addr) {
				emit_raw(", ");
				if (rc < 0) {
					emit_raw("...");
					break;
				}
			}
		}
		if (!next_addr)
			break;
		addr = next_addr;
	}

	if (!abbrev(tcp)) {
		if (count)
			emit_char(']');
	} else {
		emit_fmt(" /* %u%s entries */", count, len ? "+" : "");
	}
}

static int xgetdents(struct tcb *tcp, bool is64)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		return 0;
	}
	unsigned int count = (uint32_t)tcp->u_arg[2];
	emit_arg_next();
	if (syserror(tcp) || rval_size(tcp) > count)
		emit_ptr(tcp->u_arg[1]);
	else
		decode_dents(tcp, tcp->u_arg[1], (unsigned int)tcp->u_rval, is64);
	emit_arg_next();
	emit_u(count);
	return 0;
}

SYS_FUNC(getdents)
{
	return xgetdents(tcp, false);
}

SYS_FUNC(getdents64)
{
	return xgetdents(tcp, true);
}

/* --- truncate ---------------------------------------------------------- */

SYS_FUNC(truncate)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	return RVAL_DECODED;
}

SYS_FUNC(truncate64)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	emit_u((uint64_t)arg_lo_hi(tcp, 1));
	return RVAL_DECODED;
}

SYS_FUNC(ftruncate)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	return RVAL_DECODED;
}

SYS_FUNC(ftruncate64)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_u((uint64_t)arg_lo_hi(tcp, 1));
	return RVAL_DECODED;
}

SYS_FUNC(umask)
{
	emit_fmt("%#03llo", (unsigned long long)arg_ulong(tcp, 0));
	return RVAL_DECODED | RVAL_OCTAL;
}

/* --- chown ------------------------------------------------------------- */

static void print_uid(uint32_t uid)
{
	if (uid == UINT32_MAX)
		emit_raw("-1");
	else
		emit_u(uid);
}

static void print_uid16(uint64_t arg)
{
	uint16_t uid = (uint16_t)arg;
	print_uid(uid == UINT16_MAX ? UINT32_MAX : uid);
}

/* chown, lchown (32-bit ids) */
SYS_FUNC(chown)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	print_uid((uint32_t)tcp->u_arg[1]);
	emit_arg_next();
	print_uid((uint32_t)tcp->u_arg[2]);
	return RVAL_DECODED;
}

/* i386 chown, lchown with 16-bit ids */
SYS_FUNC(chown16)
{
	emit_path(tcp, tcp->u_arg[0]);
	emit_arg_next();
	print_uid16(tcp->u_arg[1]);
	emit_arg_next();
	print_uid16(tcp->u_arg[2]);
	return RVAL_DECODED;
}

SYS_FUNC(fchown)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_uid((uint32_t)tcp->u_arg[1]);
	emit_arg_next();
	print_uid((uint32_t)tcp->u_arg[2]);
	return RVAL_DECODED;
}

SYS_FUNC(fchown16)
{
	emit_fd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	print_uid16(tcp->u_arg[1]);
	emit_arg_next();
	print_uid16(tcp->u_arg[2]);
	return RVAL_DECODED;
}

SYS_FUNC(fchownat)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	emit_path(tcp, tcp->u_arg[1]);
	emit_arg_next();
	print_uid((uint32_t)tcp->u_arg[2]);
	emit_arg_next();
	print_uid((uint32_t)tcp->u_arg[3]);
	emit_arg_next();
	emit_flags(&xlat_at_flags, (uint32_t)tcp->u_arg[4], "AT_???");
	return RVAL_DECODED;
}

/* --- mknod ------------------------------------------------------------- */

static void decode_mknod(struct tcb *tcp, unsigned int off)
{
	unsigned int mode = (uint16_t)tcp->u_arg[off + 1];

	emit_path(tcp, tcp->u_arg[off]);
	emit_arg_next();
	print_symbolic_mode_t(mode);
	switch (mode & 0170000) {
	case 0020000: /* S_IFCHR */
	case 0060000: /* S_IFBLK */
		emit_arg_next();
		print_dev_t((uint32_t)tcp->u_arg[off + 2]);
		break;
	}
}

SYS_FUNC(mknod)
{
	decode_mknod(tcp, 0);
	return RVAL_DECODED;
}

SYS_FUNC(mknodat)
{
	emit_dirfd(tcp, arg_int(tcp, 0));
	emit_arg_next();
	decode_mknod(tcp, 1);
	return RVAL_DECODED;
}
