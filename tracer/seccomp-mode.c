/* seccomp mode: which syscalls the filter sends to the tracer, whether the
 * filter can be used at all, and installing it in the launched child. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../bpf/filter.h"
#include "filter.h"
#include "seccomp-mode.h"
#include "shim.h"

#ifndef CAP_SYS_ADMIN
#define CAP_SYS_ADMIN 21
#endif

bool seccomp_enabled;
static struct sock_fprog program;
static bool need_no_new_privs;
static int status_pipe[2] = { -1, -1 };

/* The filter stops the user's selection and the lifecycle calls the tracer
 * needs to see; holes in the i386 table are left alone (they fail with
 * ENOSYS either way). */
static bool traced_by_filter(int pers, uint32_t nr, void *data)
{
	(void)data;
	enum personality p = pers == BPF_PERS_I386 ? PERS_I386 : PERS_X86_64;
	const struct sysent *e = sysent_lookup(p, nr);

	if (!e && p == PERS_I386)
		return false;
	if (e && (e->flags & SYSCALL_LIFECYCLE))
		return true;
	return filter_traced(p, nr);
}

/* What the tracer's own /proc status says: CapEff and TracerPid */
static void own_status(bool *cap_sys_admin, bool *traced)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];

	*cap_sys_admin = *traced = false;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "CapEff:", 7))
			*cap_sys_admin = strtoull(line + 7, NULL, 16) & (1ull << CAP_SYS_ADMIN);
		else if (!strncmp(line, "TracerPid:", 10))
			*traced = strtol(line + 10, NULL, 10) != 0;
	}
	fclose(f);
}

static int install(void)
{
	if (need_no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) < 0 ? -1 : 0;
}

/* How many seccomp filters a process (0: this one) has: its status's
 * Seccomp_filters field (Linux 5.9), else 0 or 1 from its Seccomp field;
 * -1 when unreadable, or under a filter on a kernel without the count. */
static int seccomp_filters(pid_t pid)
{
	char path[64], line[256];
	int mode = -1, filters = -1;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Seccomp:", 8))
			mode = atoi(line + 8);
		else if (!strncmp(line, "Seccomp_filters:", 16))
			filters = atoi(line + 16);
	}
	fclose(f);
	if (filters >= 0 || mode < 0)
		return filters;
	return mode == 2 ? (pid ? 1 : -1) : 0;
}

/* Try the program in a throw-away child: a filter already in place may
 * forbid ours, seccomp may be compiled out.  Under our filter the child can
 * make no traced call at all (not even exit_group or a write: with no
 * tracer they fail), so we watch its status from outside and kill it. */
static bool probe(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		if (install() < 0)
			_exit(1);
		for (;;)
			;  /* no syscalls: wait to be killed */
	}
	/* one filter more than we have: ours (a filter we run under is the
	 * child's too).  Under a filter on a kernel that does not count them,
	 * a child still there after 20 ms installed it (a failure exits at
	 * once). */
	int before = seccomp_filters(0);
	bool ok = false;
	for (int i = 0; i < 2000; i++) {
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid)
			return false;  /* install failed */
		if (before < 0 ? i >= 40 : seccomp_filters(pid) > before) {
			ok = true;
			break;
		}
		usleep(500);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return ok;
}

static uint32_t lifecycle64[64];

void seccomp_setup(bool requested, bool automatic, bool launch)
{
	if (!requested && !automatic)
		return;
	if (!opts.follow_forks) {
		if (requested)
			error_msg("--seccomp-bpf cannot be used without -f/--follow-forks, disabling");
		return;
	}
	if (filter_trace_all()) {
		if (requested)
			error_msg("Seccomp filter is requested but there are no syscalls to filter.  "
				  "See -e trace to filter syscalls.");
		return;
	}
	if (!launch)
		return;  /* only the messages, as strace: nothing to filter */
	/* Without CAP_SYS_ADMIN the filter needs NO_NEW_PRIVS, which changes
	 * what setuid programs can do: only when asked for. */
	bool cap_sys_admin, traced;
	own_status(&cap_sys_admin, &traced);
	need_no_new_privs = !cap_sys_admin;
	if (need_no_new_privs && !requested)
		return;
	if (traced) {
		if (requested)
			error_msg("seccomp filter is requested but unavailable: %s is itself being traced", progname);
		return;
	}

	unsigned int nlife = 0;
	for (uint32_t nr = 0; nr < nsyscalls_x86_64 && nlife < 64; nr++) {
		const struct sysent *e = sysent_lookup(PERS_X86_64, nr);
		if (e && (e->flags & SYSCALL_LIFECYCLE))
			lifecycle64[nlife++] = nr;
	}
	/* the numbers the shim may take: the only ones the gate lets by */
	uint64_t bits[SHIM_NR_MAX / 64];
	uint32_t gate_nrs[SHIM_NR_MAX];
	unsigned int ngate = 0;
	uint64_t gate_ip = shim_plan();
	shim_fill_traced(bits);
	for (uint32_t nr = 0; gate_ip && nr < SHIM_NR_MAX; nr++)
		if (bits[nr / 64] >> (nr % 64) & 1)
			gate_nrs[ngate++] = nr;
	struct filter_spec spec = {
		.traced = traced_by_filter,
		.max_nr = 1024,
		.lifecycle = lifecycle64,
		.nlifecycle = nlife,
		.gate_ip = gate_ip,
		.gate_nrs = gate_nrs,
		.ngate_nrs = ngate,
	};
	/* The probe (a child that installs the filter, about a millisecond)
	 * is for the message only: without it a filter that cannot go in is
	 * found when the launched child reports on the status pipe, and that
	 * child is then traced by ptrace alone. */
	if (filter_build(&spec, &program) < 0 || (requested && !probe())) {
		if (requested)
			error_msg("seccomp filter is requested but unavailable");
		return;
	}
	if (pipe2(status_pipe, O_CLOEXEC) < 0)
		return;
	seccomp_enabled = true;
}

void seccomp_install_in_child(void)
{
	if (!seccomp_enabled)
		return;
	char ok = install() == 0 ? '1' : '0';
	if (write(status_pipe[1], &ok, 1) != 1)
		_exit(1);
}

bool seccomp_child_installed(void)
{
	char c = '0';

	if (status_pipe[0] < 0)
		return false;
	if (read(status_pipe[0], &c, 1) != 1)
		c = '0';
	close(status_pipe[0]);
	close(status_pipe[1]);
	status_pipe[0] = status_pipe[1] = -1;
	return c == '1';
}
