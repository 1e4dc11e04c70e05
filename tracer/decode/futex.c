/* futex: which arguments mean something depends on the command, and strace
 * prints only those. */
#include "decode.h"
#include "emit.h"

#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

static void print_op(uint32_t op)
{
	const char *name = xlat_lookup(&xlat_futex_ops, op & FUTEX_CMD_MASK);

	if (!name) {
		emit_x(op);
		emit_raw(" /* FUTEX_??? */");
		return;
	}
	emit_raw(name);
	if (op & FUTEX_PRIVATE_FLAG)
		emit_raw("_PRIVATE");
	if (op & FUTEX_CLOCK_REALTIME)
		emit_raw("|FUTEX_CLOCK_REALTIME");
}

/* val3 of FUTEX_WAKE_OP: op<<28|oparg<<12|cmp<<24|cmparg */
static void print_wake_op(uint32_t v)
{
	if (v & (8u << 28))
		emit_raw("FUTEX_OP_OPARG_SHIFT<<28|");
	emit_xval(&xlat_futex_wake_ops, (v >> 28) & 7, NULL);
	emit_raw("<<28|");
	emit_x((v >> 12) & 0xfff);
	emit_raw("<<12|");
	emit_xval(&xlat_futex_wake_cmps, (v >> 24) & 0xf, NULL);
	emit_raw("<<24|");
	emit_x(v & 0xfff);
}

static void print_bitset(uint32_t v)
{
	if (v == 0xffffffffu)
		emit_raw("FUTEX_BITSET_MATCH_ANY");
	else
		emit_x(v);
}

static int decode_futex(struct tcb *tcp, bool time32)
{
	uint64_t uaddr = tcp->u_arg[0], timeout = tcp->u_arg[3], uaddr2 = tcp->u_arg[4];
	uint32_t op = (uint32_t)tcp->u_arg[1], val = (uint32_t)tcp->u_arg[2];
	uint32_t val2 = (uint32_t)timeout, val3 = (uint32_t)tcp->u_arg[5];

	emit_ptr(uaddr);
	emit_arg_next();
	print_op(op);
	switch (op & FUTEX_CMD_MASK) {
	case 0:  /* WAIT */
		emit_fmt(", %u, ", val);
		print_timespec(tcp, timeout, time32);
		break;
	case 6: case 13:  /* LOCK_PI, LOCK_PI2 */
		emit_arg_next();
		print_timespec(tcp, timeout, time32);
		break;
	case 9:  /* WAIT_BITSET */
		emit_fmt(", %u, ", val);
		print_timespec(tcp, timeout, time32);
		emit_arg_next();
		print_bitset(val3);
		break;
	case 10:  /* WAKE_BITSET */
		emit_fmt(", %u, ", val);
		print_bitset(val3);
		break;
	case 3:  /* REQUEUE */
		emit_fmt(", %u, %u, ", val, val2);
		emit_ptr(uaddr2);
		break;
	case 4: case 12:  /* CMP_REQUEUE, CMP_REQUEUE_PI */
		emit_fmt(", %u, %u, ", val, val2);
		emit_ptr(uaddr2);
		emit_fmt(", %u", val3);
		break;
	case 5:  /* WAKE_OP */
		emit_fmt(", %u, %u, ", val, val2);
		emit_ptr(uaddr2);
		emit_arg_next();
		print_wake_op(val3);
		break;
	case 11:  /* WAIT_REQUEUE_PI */
		emit_fmt(", %u, ", val);
		print_timespec(tcp, timeout, time32);
		emit_arg_next();
		emit_ptr(uaddr2);
		break;
	case 1: case 2:  /* WAKE, FD */
		emit_fmt(", %u", val);
		break;
	case 7: case 8:  /* UNLOCK_PI, TRYLOCK_PI */
		break;
	default:
		emit_fmt(", %u, ", val);
		emit_x(timeout);
		emit_arg_next();
		emit_ptr(uaddr2);
		emit_fmt(", %#x", val3);
		break;
	}
	return RVAL_DECODED;
}

SYS_FUNC(futex_time64)
{
	return decode_futex(tcp, false);
}

SYS_FUNC(futex_time32)
{
	return decode_futex(tcp, true);
}
