/* execve and execveat, as strace 6.1 prints them:
 *   execve("/bin/true", ["true"], 0x7ffc... /- 23 vars -/) = 0
 * argv is cut after -s elements with "..." unless -v; envp is shown as
 * its address and a count unless -v. */
#include "decode.h"

static bool fetch_word(struct tcb *tcp, uint64_t addr, uint64_t *word)
{
	if (is_i386(tcp)) {
		uint32_t w;
		if (umoven(tcp, addr, sizeof(w), &w) < 0)
			return false;
		*word = w;
		return true;
	}
	return umoven(tcp, addr, sizeof(*word), word) == 0;
}

static void print_argv(struct tcb *tcp, uint64_t addr)
{
	const unsigned int ws = (unsigned int)tcp_wordsize(tcp);
	const uint64_t wrap = is_i386(tcp) ? 0xffffffffull : ~0ull;
	uint64_t prev = 0;
	unsigned int n = 0;

	if (!addr) {
		emit_ptr(addr);
		return;
	}
	for (;; prev = addr, addr = (addr + ws) & wrap, n++) {
		uint64_t word;

		/* a hostile, never-ending array stops after 2^20 elements */
		if (addr < prev || n >= (1u << 20) || !fetch_word(tcp, addr, &word)) {
			if (n == 0) {
				emit_ptr(addr);
				return;
			}
			emit_raw(", ... /* ");
			emit_ptr(addr);
			emit_raw(" */");
			break;
		}
		if (n == 0)
			emit_char('[');
		if (word == 0)
			break;
		if (n != 0)
			emit_raw(", ");
		if (abbrev(tcp) && n + 1 > opts.max_strlen) {
			emit_raw("...");
			break;
		}
		emit_cstr(tcp, word);
	}
	emit_char(']');
}

static void print_argc(struct tcb *tcp, uint64_t addr)
{
	const unsigned int ws = (unsigned int)tcp_wordsize(tcp);
	const uint64_t wrap = is_i386(tcp) ? 0xffffffffull : ~0ull;
	uint64_t prev = 0;
	unsigned int n;

	emit_ptr(addr);
	if (!addr)
		return;
	for (n = 0; addr > prev && n < (1u << 20); prev = addr, addr = (addr + ws) & wrap, n++) {
		uint64_t word;
		if (!fetch_word(tcp, addr, &word)) {
			if (n == 0)
				return;
			addr = 0;
			break;
		}
		if (word == 0)
			break;
	}
	emit_fmt(" /* %u var%s%s */", n, n == 1 ? "" : "s",
		 addr < prev ? ", unterminated" : "");
}

static void decode_execve(struct tcb *tcp, unsigned int index)
{
	emit_path(tcp, arg_ulong(tcp, index));
	emit_arg_next();
	print_argv(tcp, arg_ulong(tcp, index + 1));
	emit_arg_next();
	if (opts.verbose || opts.no_abbrev_env)
		print_argv(tcp, arg_ulong(tcp, index + 2));
	else
		print_argc(tcp, arg_ulong(tcp, index + 2));
}

SYS_FUNC(execve)
{
	decode_execve(tcp, 0);
	return RVAL_DECODED;
}

SYS_FUNC(execveat)
{
	emit_dirfd(tcp, (int)tcp->u_arg[0]);
	emit_arg_next();
	decode_execve(tcp, 1);
	emit_arg_next();
	emit_flags(&xlat_execveat_flags, (uint32_t)tcp->u_arg[4], "AT_???");
	return RVAL_DECODED;
}
