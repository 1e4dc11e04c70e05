/* Starting the command and attaching to running processes (-p). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "options.h"
#include "output.h"
#include "seccomp-mode.h"
#include "shim.h"
#include "tracer.h"

pid_t strace_child;
sigset_t original_sigmask;

/* The dispositions setup_signals() changes: at most the five fatal signals
 * and SIGCHLD. */
static struct {
	int sig;
	struct sigaction sa;
} kept_actions[8];
static unsigned int n_kept_actions;

void keep_original_action(int sig)
{
	unsigned int n = n_kept_actions;

	if (n < sizeof(kept_actions) / sizeof(kept_actions[0]) &&
	    sigaction(sig, NULL, &kept_actions[n].sa) == 0) {
		kept_actions[n].sig = sig;
		n_kept_actions = n + 1;
	}
}

/* In the child, before exec: what hytrace's caller gave, as strace does
 * (exec would turn the tracer's handlers into SIG_DFL, losing SIG_IGN). */
static void restore_original_signals(void)
{
	for (unsigned int i = 0; i < n_kept_actions; i++)
		sigaction(kept_actions[i].sig, &kept_actions[i].sa, NULL);
	sigprocmask(SIG_SETMASK, &original_sigmask, NULL);
}

unsigned int ptrace_options(bool launched)
{
	unsigned int o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;

	if (opts.follow_forks)
		o |= PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	/* Launched tracees die with the tracer; attached ones never do. */
	if (launched)
		o |= PTRACE_O_EXITKILL;
	if (launched && seccomp_enabled)
		o |= PTRACE_O_TRACESECCOMP;
	return o;
}

/* Find the program as execvp would, so that a missing one is reported by
 * the tracer before anything runs, in strace's words. */
static const char *resolve_program(const char *name, char *buf, size_t size)
{
	struct stat st;

	if (strchr(name, '/')) {
		if (stat(name, &st) < 0)
			perror_msg_and_die("Can't stat '%s'", name);
		return name;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	int saved = ENOENT;
	for (const char *p = path;; ) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len == 0)
			snprintf(buf, size, "%s", name);
		else
			snprintf(buf, size, "%.*s/%s", (int)len, p, name);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return buf;
		if (errno != ENOENT && errno != ENOTDIR)
			saved = errno;
		if (!colon)
			break;
		p = colon + 1;
	}
	errno = saved;
	perror_msg_and_die("Can't stat '%s'", name);
}

struct tcb *startup_child(char **argv)
{
	char pathbuf[PATH_MAX];
	const char *path = resolve_program(argv[0], pathbuf, sizeof(pathbuf));

	output_flush();
	pid_t pid = fork();
	if (pid < 0)
		perror_msg_and_die("fork");
	if (pid == 0) {
		/* The program must not inherit the tracer's signal set-up. */
		restore_original_signals();
		/* Wait here until the tracer has seized us, then exec. */
		kill(getpid(), SIGSTOP);
		seccomp_install_in_child();
		execv(path, argv);
		perror_msg_and_die("exec");
	}
	int status;
	while (waitpid(pid, &status, WSTOPPED) < 0) {
		if (errno != EINTR)
			perror_msg_and_die("waitpid");
	}
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP) {
		kill(pid, SIGKILL);
		error_msg_and_die("Unexpected wait status %#x", status);
	}
	if (ptrace(PTRACE_SEIZE, pid, 0L, (unsigned long)ptrace_options(true)) < 0) {
		kill(pid, SIGKILL);
		perror_msg_and_die("PTRACE_SEIZE");
	}
	kill(pid, SIGCONT);
	strace_child = pid;
	struct tcb *tcp = tcb_add(pid);
	tcp->flags |= TCB_STARTUP | TCB_HIDE_LOG | TCB_PRE_EXEC;
	return tcp;
}

static bool seize(pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, 0L, (unsigned long)ptrace_options(false)) < 0)
		return false;
	/* Stop it so the first stop tells us where it is. */
	ptrace(PTRACE_INTERRUPT, pid, 0L, 0L);
	return true;
}

static void attach_threads(pid_t pid)
{
	char dirpath[64];
	snprintf(dirpath, sizeof(dirpath), "/proc/%d/task", pid);
	DIR *dir = opendir(dirpath);
	unsigned int nthreads = 1;

	if (dir) {
		struct dirent *de;
		while ((de = readdir(dir))) {
			pid_t tid = atoi(de->d_name);
			if (tid <= 0 || tid == pid || tcb_find(tid))
				continue;
			if (!seize(tid))
				continue;
			struct tcb *t = tcb_add(tid);
			t->tgid = pid;
			t->flags |= TCB_STARTUP | TCB_ATTACHED;
			nthreads++;
		}
		closedir(dir);
	}
	if (opts.quiet & QUIET_ATTACH)
		return;
	if (nthreads > 1)
		error_msg("Process %d attached with %u threads", pid, nthreads);
	else
		error_msg("Process %d attached", pid);
}

void attach_pids_all(void)
{
	for (unsigned int i = 0; i < n_attach_pids; i++) {
		pid_t pid = attach_pids[i];
		if (tcb_find(pid))
			continue;
		if (!seize(pid)) {
			perror_msg("attach: ptrace(PTRACE_SEIZE, %d)", pid);
			continue;
		}
		struct tcb *tcp = tcb_add(pid);
		tcp->flags |= TCB_STARTUP | TCB_ATTACHED;
		/* strace takes every thread only with -f */
		if (opts.follow_forks)
			attach_threads(pid);
		else if (!(opts.quiet & QUIET_ATTACH))
			error_msg("Process %d attached", pid);
	}
}
