/* For -p tests.  sleeper PIDFILE [NTHREADS]
 * Opens /dev/null (fd 3), starts NTHREADS extra threads (default 0), then
 * writes its pid to PIDFILE (atomically, via rename) and loops forever:
 * write(3, "tick\n", 5) then a 100 ms nanosleep.  Each extra thread loops
 * the same way with "tock\n". */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void __attribute__((noreturn)) loop(const char *msg)
{
	const struct timespec ts = { 0, 100000000 };

	for (;;) {
		if (write(3, msg, 5) != 5)
			_exit(1);
		nanosleep(&ts, NULL);
	}
}

static void *thread(void *arg)
{
	(void)arg;
	loop("tock\n");
	return NULL;
}

int main(int argc, char **argv)
{
	char tmp[4096];
	int i, n = argc > 2 ? atoi(argv[2]) : 0;
	FILE *f;

	if (argc < 2 || open("/dev/null", O_WRONLY) != 3)
		return 2;
	for (i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, thread, NULL))
			return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) ||
	    rename(tmp, argv[1]))
		return 1;
	loop("tick\n");
}
