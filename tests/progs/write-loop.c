/* write(fd, "x", 1) to /dev/null through libc in a loop for a given time
 * (default 1 s); prints how many calls it made.  scripts/bench measures
 * the shim's fast path with it. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double elapsed(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	int fd = open("/dev/null", O_WRONLY);
	struct timespec start;
	long calls = 0;

	if (fd < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		/* check the clock every 100 calls so it costs nothing */
		for (int i = 0; i < 100; i++, calls++)
			if (write(fd, "x", 1) != 1)
				return 1;
	} while (elapsed(&start) < secs);
	printf("%ld\n", calls);
	return 0;
}
