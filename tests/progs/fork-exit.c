/* fork; the child exits with status 3, the parent reaps it with wait4 and
 * exits 0.  fork-exit MS: the child first sleeps MS milliseconds
 * (nanosleep), so that the parent is surely waiting in wait4 by then. */
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status, ms = argc > 1 ? atoi(argv[1]) : 0;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (ms > 0) {
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
		_exit(3);
	}
	if (wait4(pid, &status, 0, NULL) != pid)
		return 1;
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 3);
}
