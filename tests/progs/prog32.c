/* Built with -m32: an i386 program making a few plain system calls. */
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "hello from i386\n";
	int fd;

	syscall(SYS_getuid32);
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		return 1;
	if (write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg))
		return 1;
	close(fd);
	if (write(1, msg, strlen(msg)) < 0)
		return 1;
	return 7;
}
