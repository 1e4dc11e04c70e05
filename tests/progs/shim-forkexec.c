/* shim-forkexec DEPTH K: a chain of fork (or vfork) and exec.
 *   writes "p<DEPTH>-<i>\n" for i < K;  at DEPTH 0 exits 0;
 *   else forks (vfork at odd depths): the child writes "c<DEPTH>-<i>\n"
 *   and execs this program (/proc/self/exe) with DEPTH-1; the parent
 *   writes "q<DEPTH>-<i>\n" (while the child runs), waits for it, then
 *   writes "w<DEPTH>-<i>\n" and exits 0 (1 when the child failed).
 * Every marker is one write() to stdout: tests/shim.bats checks that each
 * shows in a -f trace exactly once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXK 1000

static char marks[MAXK][24];
static int lens[MAXK];

static void make(char tag, int depth, int k)
{
	for (int i = 0; i < k; i++)
		lens[i] = snprintf(marks[i], sizeof(marks[i]), "%c%d-%d\n", tag, depth, i);
}

/* only write(): usable in a vfork child */
static void put(int k)
{
	for (int i = 0; i < k; i++)
		if (write(1, marks[i], (size_t)lens[i]) != lens[i])
			_exit(9);
}

int main(int argc, char **argv)
{
	int depth = argc > 1 ? atoi(argv[1]) : 2;
	int k = argc > 2 ? atoi(argv[2]) : 3;
	char next[16];
	char *args[] = { argv[0], next, argc > 2 ? argv[2] : "3", NULL };
	pid_t pid;
	int status;

	if (depth < 0 || k < 0 || k > MAXK)
		return 2;
	make('p', depth, k);
	put(k);
	if (depth == 0)
		return 0;
	snprintf(next, sizeof(next), "%d", depth - 1);
	make('c', depth, k);
	pid = depth % 2 ? vfork() : fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		put(k);
		execv("/proc/self/exe", args);
		_exit(127);
	}
	make('q', depth, k);
	put(k);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	make('w', depth, k);
	put(k);
	return 0;
}
