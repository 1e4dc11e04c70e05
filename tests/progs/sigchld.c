/* SIGCHLD with a handler, delivered at a fixed point: SIGCHLD is blocked,
 * the child exits 3, the parent unblocks it in rt_sigsuspend, the handler
 * writes "SIGCHLD\n", then the parent reaps the child with wait4. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig)
{
	(void)sig;
	if (write(1, "SIGCHLD\n", 8) != 8)
		_exit(1);
}

int main(void)
{
	struct sigaction sa;
	sigset_t block, empty;
	int status;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(3);
	sigsuspend(&empty);
	if (wait4(pid, &status, 0, NULL) != pid)
		return 1;
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 3);
}
