/* The shim's two ways into the kernel (DESIGN.md §6, shim/protocol.h).
 *
 *  - shim_private_syscall(): the shim's own bookkeeping (handshake, slot
 *    claim).  It is ONE function holding exactly ONE syscall instruction:
 *    the tracer learns that instruction pointer from the hello call and
 *    hides every call made from it in this process.  These calls stop under
 *    ptrace (they are not exempt), which the tracer needs for the handshake.
 *
 *  - shim_gate_call(): a call to the gate page ("syscall; ret" at gate + 0),
 *    whose instruction pointer gate + 2 the seccomp filter lets through
 *    without a stop.  The application's fast-path calls go this way.
 */
#ifndef HYTRACE_SHIM_GATE_H
#define HYTRACE_SHIM_GATE_H

#include <stdint.h>

/* nr, then up to six arguments in the kernel's order; returns the raw
 * kernel result (-4095..-1 is -errno).  Never touches errno. */
long shim_private_syscall(long nr, long a1, long a2, long a3, long a4,
			  long a5, long a6) __attribute__((visibility("hidden")));

/* Expanded once, at file scope, in init.c.  The System V argument
 * registers are rdi, rsi, rdx, rcx, r8, r9, then the stack; the kernel
 * wants rax, rdi, rsi, rdx, r10, r8, r9. */
#define SHIM_DEFINE_PRIVATE_SYSCALL()					\
	__asm__(".pushsection .text\n"					\
		".globl shim_private_syscall\n"				\
		".hidden shim_private_syscall\n"			\
		".type shim_private_syscall, @function\n"		\
		".p2align 4\n"						\
		"shim_private_syscall:\n"				\
		"\t.cfi_startproc\n"					\
		"\tmovq %rdi, %rax\n"					\
		"\tmovq %rsi, %rdi\n"					\
		"\tmovq %rdx, %rsi\n"					\
		"\tmovq %rcx, %rdx\n"					\
		"\tmovq %r8, %r10\n"					\
		"\tmovq %r9, %r8\n"					\
		"\tmovq 8(%rsp), %r9\n"					\
		"\tsyscall\n"						\
		"\tret\n"						\
		"\t.cfi_endproc\n"					\
		".size shim_private_syscall, .-shim_private_syscall\n"	\
		".popsection\n")

/* Call the gate page: rax = nr, the arguments in the kernel's registers.
 * The gate preserves every register but rax (result), rcx and r11 (the
 * syscall instruction's).  The call pushes a return address below %rsp:
 * the library is built with -mno-red-zone, and the asm steps over the
 * 128-byte red zone anyway so that it stays correct in any build. */
static inline __attribute__((always_inline)) long
shim_gate_call(uintptr_t gate, long nr, long a1, long a2, long a3, long a4,
	       long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret = nr;

	__asm__ volatile("leaq -128(%%rsp), %%rsp\n\t"
			 "call *%[gate]\n\t"
			 "leaq 128(%%rsp), %%rsp"
			 : "+a"(ret)
			 : [gate] "r"(gate), "D"(a1), "S"(a2), "d"(a3),
			   "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory", "cc");
	return ret;
}

#endif
