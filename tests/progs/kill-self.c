/* Kills itself.  argv[1]: "segv" (SIGSEGV, core dumps disabled),
 * "segv-core" (SIGSEGV, RLIMIT_CORE unlimited: run it in a scratch
 * directory), "kill" (SIGKILL), "term" (SIGTERM), "fault" (a real
 * SIGSEGV: a store to address 0, core dumps disabled). */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "segv";
	struct rlimit rl = { 0, 0 };
	int sig = SIGSEGV;

	if (!strcmp(how, "segv-core"))
		rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
	else if (!strcmp(how, "kill"))
		sig = SIGKILL;
	else if (!strcmp(how, "term"))
		sig = SIGTERM;
	setrlimit(RLIMIT_CORE, &rl);
	if (!strcmp(how, "fault"))
		*(volatile int *)0 = 1;
	kill(getpid(), sig);
	return 99;
}
