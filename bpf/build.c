/* Building the seccomp program.  libseccomp compiles the syscall sets of
 * both personalities (its prologue also sends unknown architectures and
 * x32 calls to our "bad arch" action); then every "traced" return is turned
 * into a jump to a short hand-written tail that needs the instruction
 * pointer.  Untraced calls return ALLOW without any instruction-pointer
 * load, so the kernel's per-syscall action cache skips the filter for them.
 *
 * The finished program, in order (DESIGN.md §5):
 *   1-2. arch neither x86_64 nor i386, or an x32 call  -> TRACE (prologue)
 *   3.   syscall not traced for its personality        -> ALLOW
 *   4.   i386 (32-bit process, or int 0x80)           -> TRACE
 *   5.   x86_64 lifecycle call                         -> TRACE
 *   6.   instruction pointer == gate (both halves)     -> ALLOW
 *   7.   otherwise                                     -> TRACE
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "filter.h"

/* The action data of libseccomp's TRACE returns: which become a plain
 * TRACE, which the jump to the gate check. */
#define MARK_STOP 0x4854     /* i386, x86_64 lifecycle calls: always stop */
#define MARK_GATE 0x4847     /* x86_64: stop unless made from the gate */
#define MARK_BADARCH 0x4842

static bool is_lifecycle(const struct filter_spec *spec, uint32_t nr)
{
	for (unsigned int i = 0; i < spec->nlifecycle; i++)
		if (spec->lifecycle[i] == nr)
			return true;
	return false;
}

static int add_x86_64(scmp_filter_ctx ctx, const struct filter_spec *spec)
{
	for (uint32_t nr = 0; nr < spec->max_nr; nr++) {
		if (!spec->traced(BPF_PERS_X86_64, nr, spec->data))
			continue;
		uint16_t mark = spec->gate_ip && !is_lifecycle(spec, nr) ? MARK_GATE : MARK_STOP;
		int rc = seccomp_rule_add_exact(ctx, SCMP_ACT_TRACE(mark), nr, 0);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* libseccomp names a non-native syscall by the native-side (pseudo) number
 * of its name.  A traced i386 call it cannot name leaves the whole i386
 * personality to the "bad arch" action, which traces everything: slower,
 * never wrong.  Returns 1 when the i386 part is usable. */
static int add_i386(scmp_filter_ctx ctx, const struct filter_spec *spec)
{
	for (uint32_t nr = 0; nr < spec->max_nr; nr++) {
		if (!spec->traced(BPF_PERS_I386, nr, spec->data))
			continue;
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86, nr);
		if (!name)
			return 0;
		int pseudo = seccomp_syscall_resolve_name(name);
		free(name);
		if (pseudo == __NR_SCMP_ERROR)
			return 0;
		if (seccomp_rule_add(ctx, SCMP_ACT_TRACE(MARK_STOP), pseudo, 0) < 0)
			return 0;
	}
	return 1;
}

static scmp_filter_ctx new_ctx(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return NULL;
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRACE(MARK_BADARCH)) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

/* libseccomp's program for both personalities, as raw instructions. */
static int compile_sets(const struct filter_spec *spec, struct sock_filter **out, unsigned int *len)
{
	scmp_filter_ctx ctx64 = new_ctx(), ctx32 = new_ctx();
	int rc = -ENOMEM;

	if (!ctx64 || !ctx32)
		goto out;
	rc = add_x86_64(ctx64, spec);
	if (rc < 0)
		goto out;
	if ((rc = seccomp_arch_add(ctx32, SCMP_ARCH_X86)) < 0 ||
	    (rc = seccomp_arch_remove(ctx32, SCMP_ARCH_NATIVE)) < 0)
		goto out;
	if (add_i386(ctx32, spec)) {
		rc = seccomp_merge(ctx64, ctx32);
		if (rc < 0)
			goto out;
		ctx32 = NULL;  /* merged into ctx64 */
	}

	int fd = memfd_create("hytrace-bpf", MFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = seccomp_export_bpf(ctx64, fd);
	off_t size = lseek(fd, 0, SEEK_END);
	if (rc == 0 && (size <= 0 || size % sizeof(struct sock_filter)))
		rc = -EINVAL;
	if (rc == 0) {
		*out = malloc(size);
		*len = size / sizeof(struct sock_filter);
		if (!*out)
			rc = -ENOMEM;
		else if (pread(fd, *out, size, 0) != size)
			rc = -EIO;
	}
	close(fd);
out:
	if (ctx64)
		seccomp_release(ctx64);
	if (ctx32)
		seccomp_release(ctx32);
	return rc;
}

#define STMT(c, k) ((struct sock_filter){ (uint16_t)(c), 0, 0, (uint32_t)(k) })
#define JUMP(c, k, t, f) ((struct sock_filter){ (uint16_t)(c), (uint8_t)(t), (uint8_t)(f), (uint32_t)(k) })

/* The tail that gate-eligible calls jump to: the instruction pointer, both
 * halves, against the gate's. */
static unsigned int build_tail(const struct filter_spec *spec, struct sock_filter *t)
{
	const uint32_t ip = offsetof(struct seccomp_data, instruction_pointer);
	unsigned int n = 0;

	t[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, ip + 4);
	t[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(spec->gate_ip >> 32), 0, 2);
	t[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, ip);
	t[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)spec->gate_ip, 1, 0);
	t[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	t[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return n;
}
#define TAIL_LEN 6

int filter_build(const struct filter_spec *spec, struct sock_fprog *prog)
{
	struct sock_filter *body = NULL;
	unsigned int len = 0;

	int rc = compile_sets(spec, &body, &len);
	if (rc < 0)
		return rc;

	struct sock_filter *all = malloc((len + TAIL_LEN) * sizeof(*all));
	if (!all) {
		free(body);
		return -ENOMEM;
	}
	memcpy(all, body, len * sizeof(*all));
	free(body);
	unsigned int tail = len;
	for (unsigned int i = 0; i < len; i++) {
		if (all[i].code != (BPF_RET | BPF_K))
			continue;
		if (all[i].k == (SECCOMP_RET_TRACE | MARK_GATE))
			all[i] = STMT(BPF_JMP | BPF_JA, tail - i - 1);
		else if (all[i].k == (SECCOMP_RET_TRACE | MARK_STOP) ||
			 all[i].k == (SECCOMP_RET_TRACE | MARK_BADARCH))
			all[i] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	}
	unsigned int total = len + (spec->gate_ip ? build_tail(spec, all + tail) : 0);
	if (total > BPF_MAXINSNS) {
		free(all);
		return -E2BIG;
	}
	prog->filter = all;
	prog->len = total;
	return 0;
}
