/* For the seccomp tests.  seccomp-status [N]
 * Prints the "Seccomp:" line of /proc/self/status (whether a seccomp
 * filter is installed: "Seccomp:\t2" under a filter, "Seccomp:\t0"
 * without), then makes exactly N chdir(".") calls (default 3), each
 * followed by a getppid(), and exits 0.  Only raw syscalls after the
 * status line, so the trace of chdir is exactly N lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char line[256];
	int n = argc > 1 ? atoi(argv[1]) : 3, found = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Seccomp:", 8)) {
			fputs(line, stdout);
			found = 1;
		}
	fclose(f);
	fflush(stdout);
	if (!found)
		return 1;
	for (int i = 0; i < n; i++) {
		if (syscall(SYS_chdir, ".") != 0)
			return 1;
		syscall(SYS_getppid);
	}
	return 0;
}
