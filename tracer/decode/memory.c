/* Memory syscalls: brk, mmap (x86_64 mmap, i386 old_mmap and mmap2),
 * mprotect, munmap, mremap, madvise, msync, the mlock family, mincore,
 * remap_file_pages, as strace 6.1 prints them. */
#include <string.h>

#include "decode.h"

#define H_MAP_TYPE      0xfu
#define H_MAP_HUGE_SHIFT 26
#define H_MAP_HUGE_MASK  0x3fu
#define H_PAGE_SIZE     4096u

SYS_FUNC(brk)
{
	emit_ptr(arg_ulong(tcp, 0));
	return RVAL_DECODED | RVAL_HEX;
}

static void print_mmap_flags(uint64_t flags)
{
	const char *type = xlat_lookup(&xlat_mmap_flags, flags & H_MAP_TYPE);

	if (type) {
		emit_raw(type);
	} else {
		emit_x(flags & H_MAP_TYPE);
		emit_raw(" /* MAP_??? */");
	}
	flags &= ~(uint64_t)H_MAP_TYPE;

	const uint64_t mask = (uint64_t)H_MAP_HUGE_MASK << H_MAP_HUGE_SHIFT;
	const uint64_t huge = flags & mask;
	flags &= ~mask;
	if (flags) {
		emit_char('|');
		emit_flags(&xlat_mmap_flags, flags, NULL);
	}
	if (huge)
		emit_fmt("|%u<<MAP_HUGE_SHIFT", (unsigned int)(huge >> H_MAP_HUGE_SHIFT));
}

static void print_mmap(struct tcb *tcp, const uint64_t *args, uint64_t offset)
{
	emit_ptr(args[0]);
	emit_arg_next();
	emit_u(args[1]);
	emit_arg_next();
	emit_flags(&xlat_mmap_prot, args[2], "PROT_???");
	emit_arg_next();
	print_mmap_flags(args[3]);
	emit_arg_next();
	emit_fd(tcp, (int)args[4]);
	emit_arg_next();
	emit_x(offset);
}

static void mmap_args(const struct tcb *tcp, uint64_t *a)
{
	for (int i = 0; i < 6; i++)
		a[i] = arg_ulong(tcp, i);
}

/* x86_64 mmap: byte offset in the 6th argument */
SYS_FUNC(mmap)
{
	uint64_t a[6];

	mmap_args(tcp, a);
	print_mmap(tcp, a, a[5]);
	return RVAL_DECODED | RVAL_HEX;
}

/* i386 mmap2: page offset */
SYS_FUNC(mmap_pgoff)
{
	uint64_t a[6];

	mmap_args(tcp, a);
	print_mmap(tcp, a, a[5] * H_PAGE_SIZE);
	return RVAL_DECODED | RVAL_HEX;
}

/* i386 old mmap: the six arguments are in memory at arg 0 */
SYS_FUNC(old_mmap)
{
	uint64_t a[6];
	uint64_t addr = arg_ulong(tcp, 0);

	if (is_i386(tcp)) {
		uint32_t a32[6];
		if (!addr || umoven(tcp, addr, sizeof(a32), a32) < 0) {
			emit_ptr(addr);
			return RVAL_DECODED | RVAL_HEX;
		}
		for (int i = 0; i < 6; i++)
			a[i] = a32[i];
	} else {
		if (!addr || umoven(tcp, addr, sizeof(a), a) < 0) {
			emit_ptr(addr);
			return RVAL_DECODED | RVAL_HEX;
		}
	}
	print_mmap(tcp, a, a[5]);
	return RVAL_DECODED | RVAL_HEX;
}

/* munmap, mlock, munlock, set_robust_list: address, length */
SYS_FUNC(munmap)
{
	emit_ptr(arg_ulong(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	return RVAL_DECODED;
}

static int do_mprotect(struct tcb *tcp, bool has_pkey)
{
	emit_ptr(arg_ulong(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	emit_arg_next();
	emit_flags(&xlat_mmap_prot, arg_ulong(tcp, 2), "PROT_???");
	if (has_pkey) {
		emit_arg_next();
		emit_d((int)tcp->u_arg[3]);
	}
	return RVAL_DECODED;
}

SYS_FUNC(mprotect)
{
	return do_mprotect(tcp, false);
}

SYS_FUNC(pkey_mprotect)
{
	return do_mprotect(tcp, true);
}

SYS_FUNC(mremap)
{
	uint64_t flags = arg_ulong(tcp, 3);

	emit_ptr(arg_ulong(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 2));
	emit_arg_next();
	emit_flags(&xlat_mremap_flags, flags, "MREMAP_???");
	if ((flags & 3) == 3) {       /* MREMAP_MAYMOVE | MREMAP_FIXED */
		emit_arg_next();
		emit_ptr(arg_ulong(tcp, 4));
	}
	return RVAL_DECODED | RVAL_HEX;
}

SYS_FUNC(madvise)
{
	emit_ptr(arg_ulong(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	emit_arg_next();
	emit_xval(&xlat_madvise_cmds, (uint32_t)tcp->u_arg[2], "MADV_???");
	return RVAL_DECODED;
}

SYS_FUNC(mlockall)
{
	emit_flags(&xlat_mlockall_flags, (uint32_t)tcp->u_arg[0], "MCL_???");
	return RVAL_DECODED;
}

SYS_FUNC(munlockall)
{
	(void)tcp;
	return RVAL_DECODED;
}

SYS_FUNC(msync)
{
	emit_ptr(arg_ulong(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	emit_arg_next();
	emit_flags(&xlat_msync_flags, (uint32_t)tcp->u_arg[2], "MS_???");
	return RVAL_DECODED;
}

SYS_FUNC(mlock2)
{
	emit_ptr(arg_ulong(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	emit_arg_next();
	emit_flags(&xlat_mlock_flags, (uint32_t)tcp->u_arg[2], "MLOCK_???");
	return RVAL_DECODED;
}

static bool print_mincore_entry(struct tcb *tcp, void *elem, size_t elem_size, void *data)
{
	(void)tcp;
	(void)elem_size;
	(void)data;
	emit_u(*(uint8_t *)elem & 1);
	return true;
}

SYS_FUNC(mincore)
{
	if (entering(tcp)) {
		emit_ptr(arg_ulong(tcp, 0));
		emit_arg_next();
		emit_u(arg_ulong(tcp, 1));
		emit_arg_next();
		return 0;
	}
	uint64_t len = arg_ulong(tcp, 1);
	uint64_t nmemb = len / H_PAGE_SIZE + ((len & (H_PAGE_SIZE - 1)) ? 1 : 0);
	print_array(tcp, arg_ulong(tcp, 2), nmemb, 1, print_mincore_entry, NULL);
	return 0;
}

SYS_FUNC(remap_file_pages)
{
	emit_ptr(arg_ulong(tcp, 0));
	emit_arg_next();
	emit_u(arg_ulong(tcp, 1));
	emit_arg_next();
	emit_flags(&xlat_mmap_prot, arg_ulong(tcp, 2), "PROT_???");
	emit_arg_next();
	emit_u(arg_ulong(tcp, 3));
	emit_arg_next();
	print_mmap_flags(arg_ulong(tcp, 4));
	return RVAL_DECODED;
}
