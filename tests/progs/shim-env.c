/* shim-env [again]: what a program sees of its environment, and calls
 * that must not notice the shim.  Prints (write() to stdout) its
 * generation, getenv("LD_PRELOAD") and getenv("HYTRACE_SHIM") ("(null)"
 * when unset), the number of environ entries and each entry; closes every
 * fd from 3 to 1023; writes 5 lines; takes SIGALRM twice (raise(), then a
 * 20 ms timer while in sigsuspend) with a handler that write()s; the first
 * generation then clears its environment and execs itself with "again". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

extern char **environ;
static int gen;

static void out(const char *s)
{
	size_t n = strlen(s);
	if (write(1, s, n) != (ssize_t)n)
		_exit(9);
}

static void on_alarm(int sig)
{
	char b[32];
	(void)sig;
	snprintf(b, sizeof(b), "alarm %d\n", gen);
	out(b);
}

int main(int argc, char **argv)
{
	char buf[4096 + 64];
	const char *lp = getenv("LD_PRELOAD"), *hs = getenv("HYTRACE_SHIM");
	int n = 0, fd, i;
	char **e;

	gen = argc > 1 ? 2 : 1;
	for (e = environ; *e; e++)
		n++;
	snprintf(buf, sizeof(buf), "gen %d: LD_PRELOAD=%s HYTRACE_SHIM=%s environ=%d\n", gen,
		 lp ? lp : "(null)", hs ? hs : "(null)", n);
	out(buf);
	for (e = environ; *e; e++) {
		snprintf(buf, sizeof(buf), "gen %d: env %s\n", gen, *e);
		out(buf);
	}
	for (fd = 3; fd < 1024; fd++)
		close(fd);
	for (i = 0; i < 5; i++) {
		snprintf(buf, sizeof(buf), "gen %d write %d\n", gen, i);
		out(buf);
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	if (sigaction(SIGALRM, &sa, NULL))
		return 2;
	raise(SIGALRM);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct itimerval it = { .it_value = { .tv_sec = 0, .tv_usec = 20000 } };
	if (setitimer(ITIMER_REAL, &it, NULL))
		return 2;
	sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	snprintf(buf, sizeof(buf), "gen %d done\n", gen);
	out(buf);

	if (gen == 1) {
		char *args[] = { argv[0], "again", NULL };
		clearenv();
		execv("/proc/self/exe", args);
		return 127;
	}
	return 0;
}
