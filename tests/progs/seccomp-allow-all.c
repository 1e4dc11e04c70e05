/* Runs a command under an allow-everything seccomp filter: the floor of
 * what any seccomp filter costs on this kernel (scripts/bench). */
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: seccomp-allow-all CMD [ARGS]\n");
		return 2;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx || seccomp_load(ctx) < 0) {
		perror("seccomp");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror("exec");
	return 127;
}
