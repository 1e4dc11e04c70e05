/* seccomp-deny CMD [ARGS]: runs CMD where no further seccomp filter can be
 * installed (seccomp(2) and prctl(PR_SET_SECCOMP) fail with EPERM), as
 * under a container runtime's own filter: the tracer's filter cannot go
 * in, and the trace must still be whole. */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: seccomp-deny CMD [ARGS]\n");
		return 2;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(seccomp), 0) < 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
			     SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP)) < 0 ||
	    seccomp_load(ctx) < 0) {
		perror("seccomp");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror("exec");
	return 127;
}
