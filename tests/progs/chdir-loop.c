/* The seed's filter_seccomp-perf: chdir(".") in a loop for a given time
 * (default 1 s); prints how many calls it made.  Used by scripts/bench. */
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
	struct timespec start;
	long calls = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		/* check the clock every 100 calls so it costs nothing */
		for (int i = 0; i < 100; i++, calls++)
			if (chdir(".") < 0)
				return 1;
	} while (elapsed(&start) < secs);
	printf("%ld\n", calls);
	return 0;
}
