/* stat, lstat, fstat, newfstatat; i386 stat64, lstat64, fstat64,
 * fstatat64; statx; statfs, fstatfs, statfs64, fstatfs64 */
#include <string.h>

#include "decode.h"

/* --- struct stat ------------------------------------------------------- */

struct hstat {
	uint64_t dev, ino, nlink, rdev, size, blksize, blocks;
	unsigned int mode;
	uint64_t uid, gid;
	int64_t atime, mtime, ctime;
	uint64_t atime_nsec, mtime_nsec, ctime_nsec;
};

static uint16_t get16(const unsigned char *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t get32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Kernel struct stat of x86_64 (144 bytes) */
static void conv_stat_x86_64(const unsigned char *b, struct hstat *st)
{
	st->dev = get64(b + 0);
	st->ino = get64(b + 8);
	st->nlink = get64(b + 16);
	st->mode = get32(b + 24);
	st->uid = get32(b + 28);
	st->gid = get32(b + 32);
	st->rdev = get64(b + 40);
	st->size = get64(b + 48);
	st->blksize = get64(b + 56);
	st->blocks = get64(b + 64);
	st->atime = (int64_t)get64(b + 72);
	st->atime_nsec = get64(b + 80);
	st->mtime = (int64_t)get64(b + 88);
	st->mtime_nsec = get64(b + 96);
	st->ctime = (int64_t)get64(b + 104);
	st->ctime_nsec = get64(b + 112);
}

/* Kernel struct stat of i386 (struct compat_stat, 64 bytes) */
static void conv_stat_i386(const unsigned char *b, struct hstat *st)
{
	st->dev = get32(b + 0);
	st->ino = get32(b + 4);
	st->mode = get16(b + 8);
	st->nlink = get16(b + 10);
	st->uid = get16(b + 12);
	st->gid = get16(b + 14);
	st->rdev = get32(b + 16);
	st->size = get32(b + 20);
	st->blksize = get32(b + 24);
	st->blocks = get32(b + 28);
	st->atime = (int32_t)get32(b + 32);
	st->atime_nsec = get32(b + 36);
	st->mtime = (int32_t)get32(b + 40);
	st->mtime_nsec = get32(b + 44);
	st->ctime = (int32_t)get32(b + 48);
	st->ctime_nsec = get32(b + 52);
}

/* Kernel struct stat64 of i386 (packed, 96 bytes) */
static void conv_stat64_i386(const unsigned char *b, struct hstat *st)
{
	st->dev = get64(b + 0);
	st->mode = get32(b + 16);
	st->nlink = get32(b + 20);
	st->uid = get32(b + 24);
	st->gid = get32(b + 28);
	st->rdev = get64(b + 32);
	st->size = get64(b + 44);
	st->blksize = get32(b + 52);
	st->blocks = get64(b + 56);
	st->atime = (int32_t)get32(b + 64);
	st->atime_nsec = get32(b + 68);
	st->mtime = (int32_t)get32(b + 72);
	st->mtime_nsec = get32(b + 76);
	st->ctime = (int32_t)get32(b + 80);
	st->ctime_nsec = get32(b + 84);
	st->ino = get64(b + 88);
}

#define H_S_IFMT  0170000
#define H_S_IFCHR 0020000
#define H_S_IFBLK 0060000

static void print_time_field(const char *name, int64_t sec, uint64_t nsec)
{
	emit_fmt(", %s=%lld", name, (long long)sec);
	print_time_comment_nsec(sec, nsec);
	emit_fmt(", %s_nsec=%llu", name, (unsigned long long)nsec);
}

static void print_hstat(struct tcb *tcp, const struct hstat *st)
{
	emit_char('{');
	if (!abbrev(tcp)) {
		emit_raw("st_dev=");
		print_dev_t(st->dev);
		emit_fmt(", st_ino=%llu, st_mode=", (unsigned long long)st->ino);
		print_symbolic_mode_t(st->mode);
		emit_fmt(", st_nlink=%llu, st_uid=%llu, st_gid=%llu, st_blksize=%llu, st_blocks=%llu",
			 (unsigned long long)st->nlink, (unsigned long long)st->uid,
			 (unsigned long long)st->gid, (unsigned long long)st->blksize,
			 (unsigned long long)st->blocks);
	} else {
		emit_raw("st_mode=");
		print_symbolic_mode_t(st->mode);
	}
	switch (st->mode & H_S_IFMT) {
	case H_S_IFCHR:
	case H_S_IFBLK:
		emit_raw(", st_rdev=");
		print_dev_t(st->rdev);
		break;
	default:
		emit_fmt(", st_size=%llu", (unsigned long long)st->size);
		break;
	}
	if (!abbrev(tcp)) {
		print_time_field("st_atime", st->atime, st->atime_nsec);
		print_time_field("st_mtime", st->mtime, st->mtime_nsec);
		print_time_field("st_ctime", st->ctime, st->ctime_nsec);
	} else {
		emit_raw(", ...");
	}
	emit_char('}');
}

/* struct stat of the personality */
static void decode_struct_stat(struct tcb *tcp, uint64_t addr)
{
	unsigned char buf[144];
	struct hstat st;
	size_t len = is_i386(tcp) ? 64 : 144;

	if (umove_or_printaddr(tcp, addr, len, buf))
		return;
	if (is_i386(tcp))
		conv_stat_i386(buf, &st);
	else
		conv_stat_x86_64(buf, &st);
	print_hstat(tcp, &st);
}

/* struct stat64 (i386); on x86_64 there is only struct stat */
static void decode_struct_stat64(struct tcb *tcp, uint64_t addr)
{
	unsigned char buf[144];
	struct hstat st;
	size_t len = is_i386(tcp) ? 96 : 144;

	if (umove_or_printaddr(tcp, addr, len, buf))
		return;
	if (is_i386(tcp))
		conv_stat64_i386(buf, &st);
	else
		conv_stat_x86_64(buf, &st);
	print_hstat(tcp, &st);
}

/* stat, lstat */
SYS_FUNC(stat)
{
	if (entering(tcp)) {
		emit_path(tcp, tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	decode_struct_stat(tcp, tcp->u_arg[1]);
	return 0;
}

SYS_FUNC(fstat)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		return 0;
	}
	decode_struct_stat(tcp, tcp->u_arg[1]);
	return 0;
}

SYS_FUNC(newfstatat)
{
	if (entering(tcp)) {
		emit_dirfd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		emit_path(tcp, tcp->u_arg[1]);
		emit_arg_next();
		return 0;
	}
	decode_struct_stat(tcp, tcp->u_arg[2]);
	emit_arg_next();
	emit_flags(&xlat_at_flags, (uint32_t)tcp->u_arg[3], "AT_???");
	return 0;
}

/* stat64, lstat64 */
SYS_FUNC(stat64)
{
	if (entering(tcp)) {
		emit_path(tcp, tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	decode_struct_stat64(tcp, tcp->u_arg[1]);
	return 0;
}

SYS_FUNC(fstat64)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		return 0;
	}
	decode_struct_stat64(tcp, tcp->u_arg[1]);
	return 0;
}

SYS_FUNC(fstatat64)
{
	if (entering(tcp)) {
		emit_dirfd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		emit_path(tcp, tcp->u_arg[1]);
		emit_arg_next();
		return 0;
	}
	decode_struct_stat64(tcp, tcp->u_arg[2]);
	emit_arg_next();
	emit_flags(&xlat_at_flags, (uint32_t)tcp->u_arg[3], "AT_???");
	return 0;
}

/* --- statx ------------------------------------------------------------- */

#define H_AT_STATX_SYNC_TYPE 0x6000
#define H_STATX_BTIME        0x00000800U
#define H_STATX_MNT_ID       0x00001000U
#define H_STATX_DIOALIGN     0x00002000U

static void print_statx_ts(const char *name, const unsigned char *p)
{
	int64_t sec = (int64_t)get64(p);
	uint32_t nsec = get32(p + 8);

	emit_fmt(", %s={tv_sec=%lld, tv_nsec=%u}", name, (long long)sec, nsec);
	print_time_comment_nsec(sec, nsec);
}

SYS_FUNC(statx)
{
	if (entering(tcp)) {
		emit_dirfd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		emit_path(tcp, tcp->u_arg[1]);
		emit_arg_next();
		uint32_t flags = (uint32_t)tcp->u_arg[2];
		emit_flags(&xlat_statx_sync_types, flags & H_AT_STATX_SYNC_TYPE, NULL);
		flags &= ~H_AT_STATX_SYNC_TYPE;
		if (flags) {
			emit_char('|');
			emit_flags(&xlat_at_flags, flags, NULL);
		}
		emit_arg_next();
		emit_flags(&xlat_statx_masks, (uint32_t)tcp->u_arg[3], "STATX_???");
		emit_arg_next();
		return 0;
	}

	unsigned char b[256];
	if (umove_or_printaddr(tcp, tcp->u_arg[4], sizeof(b), b))
		return 0;
	uint32_t mask = get32(b + 0);
	emit_raw("{stx_mask=");
	emit_flags(&xlat_statx_masks, mask, "STATX_???");
	if (!abbrev(tcp))
		emit_fmt(", stx_blksize=%u", get32(b + 4));
	emit_raw(", stx_attributes=");
	emit_flags(&xlat_statx_attrs, get64(b + 8), "STATX_ATTR_???");
	if (!abbrev(tcp))
		emit_fmt(", stx_nlink=%u, stx_uid=%u, stx_gid=%u",
			 get32(b + 16), get32(b + 20), get32(b + 24));
	emit_raw(", stx_mode=");
	print_symbolic_mode_t(get16(b + 28));
	if (!abbrev(tcp))
		emit_fmt(", stx_ino=%llu", (unsigned long long)get64(b + 32));
	emit_fmt(", stx_size=%llu", (unsigned long long)get64(b + 40));
	if (!abbrev(tcp)) {
		emit_fmt(", stx_blocks=%llu", (unsigned long long)get64(b + 48));
		emit_raw(", stx_attributes_mask=");
		emit_flags(&xlat_statx_attrs, get64(b + 56), "STATX_ATTR_???");
		print_statx_ts("stx_atime", b + 64);
		if (mask & H_STATX_BTIME)
			print_statx_ts("stx_btime", b + 80);
		print_statx_ts("stx_ctime", b + 96);
		print_statx_ts("stx_mtime", b + 112);
		emit_fmt(", stx_rdev_major=%u, stx_rdev_minor=%u, stx_dev_major=%u, stx_dev_minor=%u",
			 get32(b + 128), get32(b + 132), get32(b + 136), get32(b + 140));
		if (mask & H_STATX_MNT_ID)
			emit_fmt(", stx_mnt_id=%#llx", (unsigned long long)get64(b + 144));
		if (mask & H_STATX_DIOALIGN)
			emit_fmt(", stx_dio_mem_align=%u, stx_dio_offset_align=%u",
				 get32(b + 152), get32(b + 156));
	} else {
		emit_raw(", ...");
	}
	emit_char('}');
	return 0;
}

/* --- statfs ------------------------------------------------------------ */

struct hstatfs {
	uint64_t type, bsize, blocks, bfree, bavail, files, ffree;
	uint32_t fsid[2];
	uint64_t namelen, frsize, flags;
};

#define H_ST_VALID 0x0020

static void print_hstatfs(const struct hstatfs *b)
{
	emit_raw("{f_type=");
	emit_xval(&xlat_fs_magic, b->type, NULL);
	emit_fmt(", f_bsize=%llu, f_blocks=%llu, f_bfree=%llu, f_bavail=%llu, f_files=%llu, f_ffree=%llu",
		 (unsigned long long)b->bsize, (unsigned long long)b->blocks,
		 (unsigned long long)b->bfree, (unsigned long long)b->bavail,
		 (unsigned long long)b->files, (unsigned long long)b->ffree);
	emit_fmt(", f_fsid={val=[%#x, %#x]}", b->fsid[0], b->fsid[1]);
	emit_fmt(", f_namelen=%llu, f_frsize=%llu",
		 (unsigned long long)b->namelen, (unsigned long long)b->frsize);
	if (b->flags & H_ST_VALID) {
		emit_raw(", f_flags=");
		emit_flags(&xlat_statfs_flags, b->flags, "ST_???");
	}
	emit_char('}');
}

/* struct statfs of the personality */
static void decode_struct_statfs(struct tcb *tcp, uint64_t addr)
{
	unsigned char b[120];
	struct hstatfs s;

	if (is_i386(tcp)) {
		if (umove_or_printaddr(tcp, addr, 64, b))
			return;
		s.type = get32(b + 0);
		s.bsize = get32(b + 4);
		s.blocks = get32(b + 8);
		s.bfree = get32(b + 12);
		s.bavail = get32(b + 16);
		s.files = get32(b + 20);
		s.ffree = get32(b + 24);
		s.fsid[0] = get32(b + 28);
		s.fsid[1] = get32(b + 32);
		s.namelen = get32(b + 36);
		s.frsize = get32(b + 40);
		s.flags = get32(b + 44);
	} else {
		if (umove_or_printaddr(tcp, addr, 120, b))
			return;
		s.type = get64(b + 0);
		s.bsize = get64(b + 8);
		s.blocks = get64(b + 16);
		s.bfree = get64(b + 24);
		s.bavail = get64(b + 32);
		s.files = get64(b + 40);
		s.ffree = get64(b + 48);
		s.fsid[0] = get32(b + 56);
		s.fsid[1] = get32(b + 60);
		s.namelen = get64(b + 64);
		s.frsize = get64(b + 72);
		s.flags = get64(b + 80);
	}
	print_hstatfs(&s);
}

/* struct statfs64 (i386: 84 bytes, packed) */
static void decode_struct_statfs64(struct tcb *tcp, uint64_t addr, uint64_t size)
{
	unsigned char b[120];
	struct hstatfs s;

	if (!is_i386(tcp)) {
		if (size != 120) {
			emit_ptr(addr);
			return;
		}
		decode_struct_statfs(tcp, addr);
		return;
	}
	if (size != 84 && size != 88) {
		emit_ptr(addr);
		return;
	}
	if (umove_or_printaddr(tcp, addr, 84, b))
		return;
	s.type = get32(b + 0);
	s.bsize = get32(b + 4);
	s.blocks = get64(b + 8);
	s.bfree = get64(b + 16);
	s.bavail = get64(b + 24);
	s.files = get64(b + 32);
	s.ffree = get64(b + 40);
	s.fsid[0] = get32(b + 48);
	s.fsid[1] = get32(b + 52);
	s.namelen = get32(b + 56);
	s.frsize = get32(b + 60);
	s.flags = get32(b + 64);
	print_hstatfs(&s);
}

SYS_FUNC(statfs)
{
	if (entering(tcp)) {
		emit_path(tcp, tcp->u_arg[0]);
		emit_arg_next();
		return 0;
	}
	decode_struct_statfs(tcp, tcp->u_arg[1]);
	return 0;
}

SYS_FUNC(fstatfs)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		return 0;
	}
	decode_struct_statfs(tcp, tcp->u_arg[1]);
	return 0;
}

SYS_FUNC(statfs64)
{
	if (entering(tcp)) {
		emit_path(tcp, tcp->u_arg[0]);
		emit_arg_next();
		emit_u(arg_ulong(tcp, 1));
		emit_arg_next();
		return 0;
	}
	decode_struct_statfs64(tcp, tcp->u_arg[2], arg_ulong(tcp, 1));
	return 0;
}

SYS_FUNC(fstatfs64)
{
	if (entering(tcp)) {
		emit_fd(tcp, arg_int(tcp, 0));
		emit_arg_next();
		emit_u(arg_ulong(tcp, 1));
		emit_arg_next();
		return 0;
	}
	decode_struct_statfs64(tcp, tcp->u_arg[2], arg_ulong(tcp, 1));
	return 0;
}
