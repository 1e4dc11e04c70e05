/* shim-threads T N: T threads, each making N write() calls of its own
 * message ("thread K\n", K two digits) to /dev/null, opened once; the
 * main thread joins them and exits 0.  For tests/shim.bats: every call
 * must show in the trace exactly once, however many threads share the
 * shim's rings. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fd;
static long calls;

static void *run(void *arg)
{
	char msg[16];
	int len = snprintf(msg, sizeof(msg), "thread %02ld\n", (long)arg);

	for (long i = 0; i < calls; i++)
		if (write(fd, msg, (size_t)len) != len)
			return (void *)1;
	return NULL;
}

int main(int argc, char **argv)
{
	long t, nthreads = argc > 1 ? atol(argv[1]) : 2;
	pthread_t tids[100];
	int bad = 0;

	calls = argc > 2 ? atol(argv[2]) : 10;
	if (nthreads < 1 || nthreads > 100)
		return 2;
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		return 2;
	for (t = 0; t < nthreads; t++)
		if (pthread_create(&tids[t], NULL, run, (void *)t))
			return 2;
	for (t = 0; t < nthreads; t++) {
		void *r;
		if (pthread_join(tids[t], &r) || r)
			bad = 1;
	}
	return bad;
}
