/* fork; the child exits with status 3, the parent reaps it with wait4 and
 * exits 0. */
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(3);
	if (wait4(pid, &status, 0, NULL) != pid)
		return 1;
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 3);
}
