/* The fault-tolerant copy that reads the program's memory for the records
 * (a buffer given to write() may be unmapped: /dev/null never reads it),
 * and the clock.  The record writers are inline, in record.h. */
#include <string.h>
#include <time.h>

#include "shim.h"

int64_t shim_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* --- the safe copy ----------------------------------------------------- */

/* shim_fault_copy(dst, src, len): a byte loop for short copies (rep movsb
 * takes some 30 cycles to start, and most captures are a few bytes), rep
 * movsb for the rest, returning the bytes copied.
 * A fault on the source (a buffer the kernel never read: a write to
 * /dev/null does not touch it) stops the thread with SIGSEGV or SIGBUS at
 * [shim_copy_start, shim_copy_end); the tracer swallows the signal and
 * resumes at shim_copy_fixup (protocol.h, struct shim_ctl), where %rcx
 * still counts the bytes left. */
__asm__(".pushsection .text\n"
	".globl shim_fault_copy\n"
	".hidden shim_fault_copy\n"
	".globl shim_copy_start\n"
	".hidden shim_copy_start\n"
	".globl shim_copy_end\n"
	".hidden shim_copy_end\n"
	".globl shim_copy_fixup\n"
	".hidden shim_copy_fixup\n"
	".type shim_fault_copy, @function\n"
	".p2align 4\n"
	"shim_fault_copy:\n"
	"\t.cfi_startproc\n"
	"\tmovq %rdx, %rcx\n"
	"\tcmpq $32, %rcx\n"
	"\tja 2f\n"
	"shim_copy_start:\n"
	"1:\ttestq %rcx, %rcx\n"
	"\tjz 3f\n"
	"\tmovb (%rsi), %al\n"
	"\tmovb %al, (%rdi)\n"
	"\tincq %rsi\n"
	"\tincq %rdi\n"
	"\tdecq %rcx\n"
	"\tjmp 1b\n"
	"2:\trep movsb\n"
	"shim_copy_end:\n"
	"3:\tmovq %rdx, %rax\n"
	"\tret\n"
	"shim_copy_fixup:\n"
	"\tmovq %rdx, %rax\n"
	"\tsubq %rcx, %rax\n"
	"\tret\n"
	"\t.cfi_endproc\n"
	".size shim_fault_copy, .-shim_fault_copy\n"
	".popsection\n");
