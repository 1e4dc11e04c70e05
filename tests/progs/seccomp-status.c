/* For the seccomp tests.  seccomp-status [N]
 * Prints "Seccomp:\t2" under a seccomp filter, "Seccomp:\t0" without (as
 * the line of /proc/self/status reads; asked with prctl, since the rest of
 * that file changes from run to run and the traces are compared), then makes exactly N chdir(".") calls (default 3), each
 * followed by a getppid(), and exits 0.  Only raw syscalls after the
 * status line, so the trace of chdir is exactly N lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);

	if (mode < 0)
		return 1;
	printf("Seccomp:\t%d\n", mode);
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		if (syscall(SYS_chdir, ".") != 0)
			return 1;
		syscall(SYS_getppid);
	}
	return 0;
}
