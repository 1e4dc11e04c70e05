/* For the shim tests: writes to /dev/null from memory nobody can read (the
 * kernel's /dev/null returns the count without reading the buffer, so the
 * shim's own copy of it faults; the tracer must fix that up), from a
 * buffer that runs into an unmapped page, and a writev whose iovec points
 * at the unmapped page; then a normal write to stdout.  Exits 0. */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("/dev/null", O_WRONLY);

	if (p == MAP_FAILED || fd < 0)
		return 1;
	memset(p, 'a', page);
	munmap(p + page, page);              /* the second page is gone */
	if (write(fd, p + page, 10) != 10)   /* wholly unmapped */
		return 1;
	if (write(fd, p + page - 4, 10) != 10)  /* runs into it */
		return 1;
	struct iovec iov[2] = { { p, 3 }, { p + page, 5 } };
	if (writev(fd, iov, 2) != 8)
		return 1;
	if (write(1, "done\n", 5) != 5)
		return 1;
	return 0;
}
