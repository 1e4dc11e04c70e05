/* A 64-bit program that makes i386 system calls with int $0x80.
 *   int80          getgid32 (i386 nr 200) via int $0x80, then a native
 *                  write(1, "native\n", 7) and exit_group(0).
 *   int80 getpid   getpid (i386 nr 20) via int $0x80, then the same.
 *   int80 fork     fork (i386 nr 2) via int $0x80; parent and child each
 *                  make a native write; the child sleeps 200 ms first (so
 *                  the parent has written and is in wait4: the output order
 *                  is fixed), then writes and exits 5, the parent
 *                  reaps it with a native wait4 and exits 0.
 * Only registers the kernel may clobber are listed as clobbered. */
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long int80_0(long nr)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr)
			 : "r8", "r9", "r10", "r11", "memory", "cc");
	return ret;
}

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		_exit(1);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "getgid32";

	if (!strcmp(mode, "fork")) {
		long pid = int80_0(2);
		int status;

		if (pid < 0)
			return 1;
		if (pid == 0) {
			const struct timespec ts = { 0, 200000000 };

			nanosleep(&ts, NULL);
			say("child\n");
			syscall(SYS_exit_group, 5);
		}
		say("parent\n");
		if (wait4(pid, &status, 0, NULL) != pid)
			return 1;
		return !(WIFEXITED(status) && WEXITSTATUS(status) == 5);
	}
	if (int80_0(!strcmp(mode, "getpid") ? 20 : 200) < 0)
		return 1;
	say("native\n");
	return 0;
}
