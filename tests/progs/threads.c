/* Starts N threads (argv[1], default 3); thread i writes "thread i\n" to
 * stdout.  The threads run one after another (each is joined before the next
 * starts) so the output order is fixed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *run(void *arg)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "thread %ld\n", (long)arg);

	if (write(1, buf, n) != n)
		abort();
	return NULL;
}

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 3;

	for (i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, run, (void *)i) || pthread_join(t, NULL))
			return 1;
	}
	return 0;
}
