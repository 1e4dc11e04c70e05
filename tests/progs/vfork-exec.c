/* vfork; the child execs argv[1] (default /bin/true), the parent waits and
 * exits with the child's status. */
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *const dflt[] = { "true", NULL };
	const char *path = argc > 1 ? argv[1] : "/bin/true";
	char *const *args = argc > 1 ? argv + 1 : dflt;
	int status;
	pid_t pid = vfork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		execv(path, args);
		_exit(127);
	}
	if (wait4(pid, &status, 0, NULL) != pid)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
