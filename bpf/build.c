/* Building the seccomp program.  libseccomp compiles the syscall sets of
 * both personalities (its prologue also sends unknown architectures and
 * x32 calls to our "bad arch" action); in front of it a short hand-written
 * block lets the shim's calls through when they come from the gate.
 * Untraced calls return ALLOW without any instruction-pointer load, so the
 * kernel's per-syscall action cache skips the filter for them.
 *
 * The finished program (DESIGN.md §5):
 *   gate block: an x86_64 call whose number the gate may make (traced,
 *               not a lifecycle call): instruction pointer == gate, both
 *               halves, ALLOW; else TRACE.  Anything else goes on to
 *   libseccomp: arch neither x86_64 nor i386, or an x32 call  -> TRACE;
 *               not traced for its personality -> ALLOW; else TRACE
 *               (i386, lifecycle calls, every traced call the gate does
 *               not make: they stop wherever they come from).
 * A gate call runs 8 instructions, not libseccomp's tree first: measured,
 * 4-5 ns a call less (running any filter costs some 20 ns over the cache).
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

/* The action data of libseccomp's "bad arch" return, turned into a plain
 * TRACE */
#define MARK_BADARCH 0x4842

/* The gate block's numbers at most (its jumps are 8-bit) */
#define MAX_GATE_NRS 64

#define STMT(c, k) ((struct sock_filter){ (uint16_t)(c), 0, 0, (uint32_t)(k) })
#define JUMP(c, k, t, f) ((struct sock_filter){ (uint16_t)(c), (uint8_t)(t), (uint8_t)(f), (uint32_t)(k) })

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
		int rc = seccomp_rule_add_exact(ctx, SCMP_ACT_TRACE(0), nr, 0);
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
		if (seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), pseudo, 0) < 0)
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


/* The numbers the gate block tests: those the gate may make that are
 * traced and not lifecycle calls (an untraced one must stay cacheable). */
static unsigned int gate_numbers(const struct filter_spec *spec, uint32_t *out)
{
	unsigned int n = 0;

	if (!spec->gate_ip)
		return 0;
	for (unsigned int i = 0; i < spec->ngate_nrs && n < MAX_GATE_NRS; i++) {
		uint32_t nr = spec->gate_nrs[i];
		if (nr < spec->max_nr && spec->traced(BPF_PERS_X86_64, nr, spec->data) &&
		    !is_lifecycle(spec, nr))
			out[n++] = nr;
	}
	return n;
}

/* The gate block for m numbers: 9 + m instructions, whose last "else"
 * falls through to what follows. */
static unsigned int build_gate_block(const struct filter_spec *spec, const uint32_t *nrs,
				     unsigned int m, struct sock_filter *t)
{
	const uint32_t ip = offsetof(struct seccomp_data, instruction_pointer);
	const unsigned int l_ip = 3 + m, l_trace = 7 + m, l_allow = 8 + m, l_next = 9 + m;
	unsigned int n = 0;

	t[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	t[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, l_next - n - 1);
	n++;
	t[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (unsigned int i = 0; i < m; i++, n++)
		t[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], l_ip - n - 1, i + 1 < m ? 0 : l_next - n - 1);
	t[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, ip + 4);
	t[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(spec->gate_ip >> 32), 0, l_trace - n - 1);
	n++;
	t[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, ip);
	t[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)spec->gate_ip, l_allow - n - 1, l_trace - n - 1);
	n++;
	t[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	t[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return n;
}

int filter_build(const struct filter_spec *spec, struct sock_fprog *prog)
{
	struct sock_filter *body = NULL;
	uint32_t nrs[MAX_GATE_NRS];
	unsigned int len = 0, m = gate_numbers(spec, nrs);
	unsigned int block = m ? 9 + m : 0;

	int rc = compile_sets(spec, &body, &len);
	if (rc < 0)
		return rc;
	if (block + len > BPF_MAXINSNS) {
		free(body);
		return -E2BIG;
	}
	struct sock_filter *all = malloc((block + len) * sizeof(*all));
	if (!all) {
		free(body);
		return -ENOMEM;
	}
	if (m)
		build_gate_block(spec, nrs, m, all);
	memcpy(all + block, body, len * sizeof(*all));
	free(body);
	/* libseccomp's jumps are relative: its code moves as a whole */
	for (unsigned int i = block; i < block + len; i++)
		if (all[i].code == (BPF_RET | BPF_K) && all[i].k == (SECCOMP_RET_TRACE | MARK_BADARCH))
			all[i] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	prog->filter = all;
	prog->len = block + len;
	return 0;
}
