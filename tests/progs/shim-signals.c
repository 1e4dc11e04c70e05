/* shim-signals restart|norestart: a read() interrupted by a signal.
 * A pipe (read end fd 10, write end fd 11); a SIGALRM handler (with
 * SA_RESTART or not) that writes "h\n" to stdout; a 200 ms timer; a
 * blocking read() of the pipe; with "restart" a child process writes
 * "data\n" into the pipe after 1 s, so the restarted read gets it.  Then
 * prints what read returned.  SIGCHLD is blocked: the child's exit shows
 * no signal in the trace. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig)
{
	(void)sig;
	if (write(1, "h\n", 2) != 2)
		_exit(9);
}

int main(int argc, char **argv)
{
	int restart = argc > 1 && !strcmp(argv[1], "restart");
	int p[2], status;
	pid_t child = -1;
	char buf[64], msg[64];

	if (pipe(p) || dup2(p[0], 10) != 10 || dup2(p[1], 11) != 11)
		return 2;
	close(p[0]);
	close(p[1]);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = restart ? SA_RESTART : 0;
	if (sigaction(SIGALRM, &sa, NULL))
		return 2;
	if (restart) {
		child = fork();
		if (child < 0)
			return 2;
		if (child == 0) {
			struct timespec ts = { 1, 0 };
			nanosleep(&ts, NULL);
			_exit(write(11, "data\n", 5) == 5 ? 0 : 1);
		}
	}
	struct itimerval it = { .it_value = { .tv_sec = 0, .tv_usec = 200000 } };
	if (setitimer(ITIMER_REAL, &it, NULL))
		return 2;
	ssize_t r = read(10, buf, sizeof(buf));
	int err = errno;
	int len = snprintf(msg, sizeof(msg), "read returned %zd%s\n", r, r < 0 && err == EINTR ? " EINTR" : "");
	if (write(1, msg, (size_t)len) != len)
		return 2;
	if (child > 0 && (waitpid(child, &status, 0) != child || status))
		return 1;
	return 0;
}
