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

static bool have_cap_sys_admin(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long caps = 0;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7))
			caps = strtoull(line + 7, NULL, 16);
	fclose(f);
	return caps & (1ull << CAP_SYS_ADMIN);
}

static bool tracer_is_traced(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	long pid = 0;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "TracerPid:", 10))
			pid = strtol(line + 10, NULL, 10);
	fclose(f);
	return pid != 0;
}

static int install(void)
{
	if (need_no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) < 0 ? -1 : 0;
}

/* Try the program in a throw-away child: a filter already in place may
 * forbid ours, seccomp may be compiled out.  Under our filter the child
 * cannot even exit (exit_group would need a tracer), so it reports through
 * a pipe and is killed. */
static bool probe(void)
{
	int fds[2];
	char ok = '0';

	if (pipe2(fds, O_CLOEXEC) < 0)
		return false;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		char c = install() == 0 ? '1' : '0';
		if (write(fds[1], &c, 1) < 0)
			c = '0';
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], &ok, 1) != 1)
		ok = '0';
	close(fds[0]);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return ok == '1';
}

static uint32_t lifecycle64[64];

void seccomp_setup(bool requested, bool automatic)
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
	/* Without CAP_SYS_ADMIN the filter needs NO_NEW_PRIVS, which changes
	 * what setuid programs can do: only when asked for. */
	need_no_new_privs = !have_cap_sys_admin();
	if (need_no_new_privs && !requested)
		return;
	if (tracer_is_traced()) {
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
	struct filter_spec spec = {
		.traced = traced_by_filter,
		.max_nr = 1024,
		.lifecycle = lifecycle64,
		.nlifecycle = nlife,
		.gate_ip = 0,  /* no shim yet */
	};
	if (filter_build(&spec, &program) < 0 || !probe()) {
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
