/* Group-stop: the child stops itself with SIGSTOP; the parent sees the
 * stop with wait4(WUNTRACED), writes "stopped", sends SIGCONT, and reaps
 * the child, which writes "resumed" and exits 0.  Exit 0 when every step
 * went as expected, else 1. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		_exit(1);
}

int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		kill(getpid(), SIGSTOP);
		say("resumed\n");
		_exit(0);
	}
	if (wait4(pid, &status, WUNTRACED, NULL) != pid || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGSTOP)
		return 1;
	say("stopped\n");
	if (kill(pid, SIGCONT))
		return 1;
	if (wait4(pid, &status, 0, NULL) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return 1;
	return 0;
}
