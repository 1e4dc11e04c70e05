/* Reading tracee memory: the one function decoders use.  Events from
 * ptrace stops read live memory with process_vm_readv, falling back to
 * /proc/PID/mem (e.g. for pages process_vm_readv refuses). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/types.h>
#include <unistd.h>

#include "hytrace.h"
#include "shim.h"

/* /proc/PID/mem: reaches pages process_vm_readv/writev refuse. */
static int proc_mem(pid_t pid, uint64_t addr, size_t len, void *buf, bool write)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	int fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write ? pwrite(fd, buf, len, (off_t)addr) : pread(fd, buf, len, (off_t)addr);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static int read_proc_mem(pid_t pid, uint64_t addr, size_t len, void *buf)
{
	return proc_mem(pid, addr, len, buf, false);
}

/* Writing the tracee's memory: only the shim's set-up does (a new envp at
 * an execve, the shim's state word). */
int upoken(pid_t pid, uint64_t addr, size_t len, const void *buf)
{
	struct iovec local = { (void *)buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	if (process_vm_writev(pid, &local, 1, &remote, 1, 0) == (ssize_t)len)
		return 0;
	return proc_mem(pid, addr, len, (void *)buf, true);
}

static ssize_t vm_read(pid_t pid, uint64_t addr, size_t len, void *buf)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

int umoven(struct tcb *tcp, uint64_t addr, size_t len, void *buf)
{
	if (!addr)
		return -1;
	if (tcp->shim_rec)
		return shim_umoven(tcp->shim_rec, addr, len, buf);
	if (tcp->sc_pers == PERS_I386 && addr + len > 0x100000000ull)
		return -1;
	ssize_t n = vm_read(tcp->pid, addr, len, buf);
	if (n == (ssize_t)len)
		return 0;
	return read_proc_mem(tcp->pid, addr, len, buf);
}

int umovestr(struct tcb *tcp, uint64_t addr, size_t len, char *buf)
{
	const size_t page = 4096;
	size_t got = 0;

	if (!addr)
		return -1;
	if (tcp->shim_rec)
		return shim_umovestr(tcp->shim_rec, addr, len, buf);
	/* Read page by page: a string may end just before an unmapped page. */
	while (got < len) {
		size_t chunk = page - ((addr + got) & (page - 1));
		if (chunk > len - got)
			chunk = len - got;
		ssize_t n = vm_read(tcp->pid, addr + got, chunk, buf + got);
		/* A string that runs into unreadable memory is unreadable: never
		 * hand back a half-filled buffer. */
		if (n != (ssize_t)chunk && read_proc_mem(tcp->pid, addr + got, chunk, buf + got) < 0)
			return -1;
		if (memchr(buf + got, 0, chunk))
			return 1;
		got += chunk;
	}
	return 0;
}
