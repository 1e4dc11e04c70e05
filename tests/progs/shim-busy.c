/* shim-busy SECONDS: one thread writes "x" to /dev/null every 5 us while
 * the main thread blocks in read(3, ...) on a pipe nobody writes to; the
 * process ends itself after SECONDS (SIGALRM).  Under the shim the writer
 * keeps the tracer busy for good: the tracer must still show the blocked
 * read, flush its output and take SIGINT. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* a busy wait, no syscall (vDSO clock): enough to keep every look of the
 * tracer at the ring finding it moved, little enough to keep the trace
 * file small */
static void spin_us(long us)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < us * 1000);
}

static void *writer(void *arg)
{
	int fd = *(int *)arg;

	for (;;) {
		if (write(fd, "x", 1) != 1)
			_exit(3);
		spin_us(5);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int p[2], null;
	pthread_t t;
	char c;

	alarm(argc > 1 ? (unsigned)atoi(argv[1]) : 5);
	if (pipe(p) != 0 || p[0] != 3 || (null = open("/dev/null", O_WRONLY)) < 0)
		return 2;
	if (pthread_create(&t, NULL, writer, &null) != 0)
		return 2;
	return read(p[0], &c, 1) < 0 ? 1 : 0;
}
