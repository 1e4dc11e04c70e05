/* Table-driven tests of the seccomp program (bpf/): each case is an
 * (arch, syscall, instruction pointer) and the action the program must
 * return, run in the simulator; a last group installs a program in the
 * kernel and checks that it agrees.  Prints TAP; exits 1 on any failure. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filter.h"

#define TRACE SECCOMP_RET_TRACE
#define ALLOW SECCOMP_RET_ALLOW
#define GATE 0x00007ffe12340ff0ull

static unsigned int failures, count;

static void check(bool ok, const char *what)
{
	count++;
	printf("%sok %u - %s\n", ok ? "" : "not ", count, what);
	if (!ok)
		failures++;
}

/* A set given as a predicate, with a flag word to pick one */
enum set_kind { SET_CHDIR, SET_ALL_BUT_CHDIR, SET_EVERY_OTHER, SET_I386_UNNAMEABLE, SET_CHDIR_ONLY };

static const uint32_t lifecycle64[] = { 56, 57, 58, 59, 60, 231, 322, 435, 15, 219 };

static bool is_lifecycle64(uint32_t nr)
{
	for (size_t i = 0; i < sizeof(lifecycle64) / sizeof(lifecycle64[0]); i++)
		if (lifecycle64[i] == nr)
			return true;
	return false;
}

/* The numbers the test's gate may make (as the shim's: read, write, ...),
 * with chdir for the small set, an untraced one, and execve, a lifecycle
 * call that must stop even when listed. */
static const uint32_t gate_nrs[] = { 0, 1, 3, 8, 17, 18, 19, 20, 39, 80, 81, 59 };

static bool gate_may(uint32_t nr)
{
	for (size_t i = 0; i < sizeof(gate_nrs) / sizeof(gate_nrs[0]); i++)
		if (gate_nrs[i] == nr)
			return true;
	return false;
}

/* i386 numbers that are syscalls libseccomp 2.5 can name (the tracer asks
 * only about its table's syscalls) */
static bool i386_nameable(uint32_t nr)
{
	return nr < 457 && nr != 222 && nr != 223 && nr != 251 && nr != 285 &&
	       !(nr >= 387 && nr <= 392) && nr != 415;
}

static bool traced(int pers, uint32_t nr, void *data)
{
	enum set_kind kind = *(enum set_kind *)data;
	if (kind == SET_CHDIR_ONLY)
		return nr == (pers == BPF_PERS_X86_64 ? 80u : 12u);
	if (pers == BPF_PERS_X86_64 && is_lifecycle64(nr))
		return true;
	if (pers == BPF_PERS_I386 && kind != SET_I386_UNNAMEABLE && !i386_nameable(nr))
		return false;
	switch (kind) {
	case SET_CHDIR: return nr == (pers == BPF_PERS_X86_64 ? 80u : 12u);
	case SET_ALL_BUT_CHDIR: return nr != (pers == BPF_PERS_X86_64 ? 80u : 12u);
	case SET_EVERY_OTHER: return nr % 2 == 0;
	case SET_I386_UNNAMEABLE: return pers == BPF_PERS_X86_64 ? nr == 80 : nr == 460;
	default: return false;
	}
}

static struct sock_fprog build(enum set_kind *kind, uint64_t gate)
{
	struct filter_spec spec = {
		.traced = traced, .data = kind, .max_nr = 1024,
		.lifecycle = lifecycle64,
		.nlifecycle = *kind == SET_CHDIR_ONLY ? 0 : sizeof(lifecycle64) / sizeof(lifecycle64[0]),
		.gate_ip = gate,
		.gate_nrs = gate_nrs,
		.ngate_nrs = sizeof(gate_nrs) / sizeof(gate_nrs[0]),
	};
	struct sock_fprog prog = { 0, NULL };
	int rc = filter_build(&spec, &prog);
	if (rc < 0) {
		printf("Bail out! filter_build: %s\n", strerror(-rc));
		exit(1);
	}
	return prog;
}

static uint32_t run(const struct sock_fprog *p, uint32_t arch, uint32_t nr, uint64_t ip)
{
	struct seccomp_data d;
	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = (int)nr;
	d.instruction_pointer = ip;
	return filter_run(p, &d) & SECCOMP_RET_ACTION_FULL;
}

static void expect(const struct sock_fprog *p, uint32_t arch, uint32_t nr, uint64_t ip, uint32_t want,
		   const char *what)
{
	char buf[200];
	uint32_t got = run(p, arch, nr, ip);
	snprintf(buf, sizeof(buf), "%s (arch %#x nr %u ip %#llx: got %#x want %#x)", what, arch, nr,
		 (unsigned long long)ip, got, want);
	check(got == want, buf);
}

static void test_small_set(void)
{
	enum set_kind k = SET_CHDIR;
	struct sock_fprog p = build(&k, 0);
	expect(&p, AUDIT_ARCH_X86_64, 80, 0x401000, TRACE, "traced x86_64 call stops");
	expect(&p, AUDIT_ARCH_X86_64, 81, 0x401000, ALLOW, "untraced x86_64 call runs");
	expect(&p, AUDIT_ARCH_X86_64, 59, 0x401000, TRACE, "execve always stops");
	expect(&p, AUDIT_ARCH_X86_64, 80 | 0x40000000, 0x401000, TRACE, "x32 call stops");
	expect(&p, AUDIT_ARCH_I386, 12, 0x8048000, TRACE, "traced i386 call stops");
	expect(&p, AUDIT_ARCH_I386, 13, 0x8048000, ALLOW, "untraced i386 call runs");
	expect(&p, AUDIT_ARCH_I386, 12, 0x7f0000001000ull, TRACE, "int 0x80 from 64-bit code stops");
	expect(&p, AUDIT_ARCH_AARCH64, 80, 0x401000, TRACE, "unknown architecture stops");
	expect(&p, AUDIT_ARCH_X86_64, 900, 0x401000, ALLOW, "untraced unknown number runs");
	free(p.filter);
}

static void test_gate(void)
{
	enum set_kind k = SET_CHDIR;
	struct sock_fprog p = build(&k, GATE);
	expect(&p, AUDIT_ARCH_X86_64, 80, GATE, ALLOW, "traced call from the gate runs");
	expect(&p, AUDIT_ARCH_X86_64, 80, GATE + 1, TRACE, "traced call next to the gate stops");
	expect(&p, AUDIT_ARCH_X86_64, 80, GATE & 0xffffffffull, TRACE, "same low half, other high half stops");
	expect(&p, AUDIT_ARCH_X86_64, 80, (GATE & ~0xffffffffull) | 0x1000, TRACE, "same high half, other low half stops");
	expect(&p, AUDIT_ARCH_X86_64, 59, GATE, TRACE, "execve from the gate stops");
	expect(&p, AUDIT_ARCH_X86_64, 231, GATE, TRACE, "exit_group from the gate stops");
	expect(&p, AUDIT_ARCH_X86_64, 56, GATE, TRACE, "clone from the gate stops");
	expect(&p, AUDIT_ARCH_I386, 12, GATE, TRACE, "i386 call at the gate address stops");
	expect(&p, AUDIT_ARCH_X86_64, 81, GATE, ALLOW, "untraced call from the gate runs");
	free(p.filter);
	k = SET_EVERY_OTHER;
	p = build(&k, GATE);
	expect(&p, AUDIT_ARCH_X86_64, 0, GATE, ALLOW, "traced read from the gate runs");
	expect(&p, AUDIT_ARCH_X86_64, 0, 0x401000, TRACE, "traced read elsewhere stops");
	expect(&p, AUDIT_ARCH_X86_64, 2, GATE, TRACE, "a traced call the gate never makes stops there too");
	expect(&p, AUDIT_ARCH_X86_64, 1, GATE, ALLOW, "untraced write from the gate runs");
	expect(&p, AUDIT_ARCH_X86_64, 1 | 0x40000000, GATE, TRACE, "x32 write from the gate stops");
	free(p.filter);
}

/* Long programs: every number of both personalities against the predicate. */
static void test_exhaustive(enum set_kind kind, const char *name)
{
	struct sock_fprog p = build(&kind, GATE);
	unsigned int bad = 0;
	char what[160];

	for (uint32_t nr = 0; nr < 1024; nr++) {
		uint32_t want64 = traced(BPF_PERS_X86_64, nr, &kind) ? TRACE : ALLOW;
		uint32_t want32 = traced(BPF_PERS_I386, nr, &kind) ? TRACE : ALLOW;
		bad += run(&p, AUDIT_ARCH_X86_64, nr, 0x401000) != want64;
		bad += run(&p, AUDIT_ARCH_I386, nr, 0x8048000) != want32;
		/* from the gate: only what it may make is let by */
		uint32_t want_gate = want64 == TRACE && !is_lifecycle64(nr) && gate_may(nr) ? ALLOW : want64;
		bad += run(&p, AUDIT_ARCH_X86_64, nr, GATE) != want_gate;
	}
	snprintf(what, sizeof(what), "%s: all 2048 numbers as expected (%u instructions)", name, p.len);
	check(bad == 0, what);
	if (kind == SET_EVERY_OTHER) {
		snprintf(what, sizeof(what), "%s: program longer than 255 instructions", name);
		check(p.len > 255, what);
	}
	free(p.filter);
}

static void test_unnameable_i386(void)
{
	enum set_kind k = SET_I386_UNNAMEABLE;
	struct sock_fprog p = build(&k, 0);
	expect(&p, AUDIT_ARCH_I386, 13, 0x8048000, TRACE, "i386 set libseccomp cannot name: every i386 call stops");
	expect(&p, AUDIT_ARCH_X86_64, 81, 0x401000, ALLOW, "... while x86_64 keeps its set");
	free(p.filter);
}

/* In the kernel: without a tracer, RET_TRACE fails the call with ENOSYS.
 * (No lifecycle calls here: the child must still be able to exit.) */
static void test_kernel(void)
{
	enum set_kind k = SET_CHDIR_ONLY;
	struct sock_fprog p = build(&k, 0);
	pid_t pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) < 0)
			_exit(2);
		int traced_rc = chdir(".") == -1 && errno == ENOSYS;
		int untraced_rc = syscall(SYS_getppid) > 0;
		_exit(traced_rc && untraced_rc ? 0 : 3);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "kernel: traced call without a tracer gets ENOSYS, untraced runs");
	free(p.filter);
}

int main(void)
{
	test_small_set();
	test_gate();
	test_exhaustive(SET_CHDIR, "chdir only");
	test_exhaustive(SET_ALL_BUT_CHDIR, "all but chdir");
	test_exhaustive(SET_EVERY_OTHER, "every other number");
	test_unnameable_i386();
	test_kernel();
	printf("1..%u\n", count);
	return failures ? 1 : 0;
}
