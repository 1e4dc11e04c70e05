/* A classic-BPF interpreter restricted to what seccomp allows: enough to
 * run our programs in tests exactly as the kernel would. */
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>

#include "filter.h"

uint32_t filter_run(const struct sock_fprog *prog, const struct seccomp_data *data)
{
	uint32_t A = 0, X = 0, mem[BPF_MEMWORDS] = { 0 };
	const struct sock_filter *f = prog->filter;

	for (unsigned int pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *in = &f[pc];
		uint32_t k = in->k;
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			/* seccomp_data is read in aligned 32-bit words only */
			if (k >= sizeof(*data) || (k & 3))
				return SECCOMP_RET_KILL_THREAD;
			memcpy(&A, (const char *)data + k, 4);
			break;
		case BPF_LD | BPF_W | BPF_LEN: A = sizeof(*data); break;
		case BPF_LDX | BPF_W | BPF_LEN: X = sizeof(*data); break;
		case BPF_LD | BPF_IMM: A = k; break;
		case BPF_LDX | BPF_IMM: X = k; break;
		case BPF_LD | BPF_MEM: A = mem[k % BPF_MEMWORDS]; break;
		case BPF_LDX | BPF_MEM: X = mem[k % BPF_MEMWORDS]; break;
		case BPF_ST: mem[k % BPF_MEMWORDS] = A; break;
		case BPF_STX: mem[k % BPF_MEMWORDS] = X; break;
		case BPF_ALU | BPF_ADD | BPF_K: A += k; break;
		case BPF_ALU | BPF_SUB | BPF_K: A -= k; break;
		case BPF_ALU | BPF_AND | BPF_K: A &= k; break;
		case BPF_ALU | BPF_OR | BPF_K: A |= k; break;
		case BPF_ALU | BPF_LSH | BPF_K: A <<= (k & 31); break;
		case BPF_ALU | BPF_RSH | BPF_K: A >>= (k & 31); break;
		case BPF_ALU | BPF_AND | BPF_X: A &= X; break;
		case BPF_ALU | BPF_OR | BPF_X: A |= X; break;
		case BPF_ALU | BPF_NEG: A = -A; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_MISC | BPF_TXA: A = X; break;
		case BPF_JMP | BPF_JA: pc += k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += A == k ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += A > k ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += A >= k ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += (A & k) ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JEQ | BPF_X: pc += A == X ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JGT | BPF_X: pc += A > X ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JGE | BPF_X: pc += A >= X ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JSET | BPF_X: pc += (A & X) ? in->jt : in->jf; break;
		case BPF_RET | BPF_K: return k;
		case BPF_RET | BPF_A: return A;
		default: return SECCOMP_RET_KILL_THREAD;  /* the kernel rejects it */
		}
	}
	return SECCOMP_RET_KILL_THREAD;  /* fell off the end */
}
