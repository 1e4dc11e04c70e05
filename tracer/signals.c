/* Signal names as strace 6.1 prints them on x86_64 and i386.
 *
 *   1..31  the classic names, SIGHUP .. SIGSYS
 *   32     SIGRTMIN
 *   33..64 SIGRT_1 .. SIGRT_32 (numbered from SIGRTMIN, i.e. 32)
 *   0 and anything above 64 have no name: the caller prints the number.
 *
 * In signal sets strace drops the "SIG" prefix: [HUP INT RTMIN RT_1]. */
#include <stddef.h>

#include "hytrace.h"

#define NSIG_KERNEL 64

static const char *const signalent[NSIG_KERNEL + 1] = {
	[1] = "SIGHUP",     [2] = "SIGINT",     [3] = "SIGQUIT",
	[4] = "SIGILL",     [5] = "SIGTRAP",    [6] = "SIGABRT",
	[7] = "SIGBUS",     [8] = "SIGFPE",     [9] = "SIGKILL",
	[10] = "SIGUSR1",   [11] = "SIGSEGV",   [12] = "SIGUSR2",
	[13] = "SIGPIPE",   [14] = "SIGALRM",   [15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD",   [18] = "SIGCONT",
	[19] = "SIGSTOP",   [20] = "SIGTSTP",   [21] = "SIGTTIN",
	[22] = "SIGTTOU",   [23] = "SIGURG",    [24] = "SIGXCPU",
	[25] = "SIGXFSZ",   [26] = "SIGVTALRM", [27] = "SIGPROF",
	[28] = "SIGWINCH",  [29] = "SIGIO",     [30] = "SIGPWR",
	[31] = "SIGSYS",    [32] = "SIGRTMIN",
	[33] = "SIGRT_1",   [34] = "SIGRT_2",   [35] = "SIGRT_3",
	[36] = "SIGRT_4",   [37] = "SIGRT_5",   [38] = "SIGRT_6",
	[39] = "SIGRT_7",   [40] = "SIGRT_8",   [41] = "SIGRT_9",
	[42] = "SIGRT_10",  [43] = "SIGRT_11",  [44] = "SIGRT_12",
	[45] = "SIGRT_13",  [46] = "SIGRT_14",  [47] = "SIGRT_15",
	[48] = "SIGRT_16",  [49] = "SIGRT_17",  [50] = "SIGRT_18",
	[51] = "SIGRT_19",  [52] = "SIGRT_20",  [53] = "SIGRT_21",
	[54] = "SIGRT_22",  [55] = "SIGRT_23",  [56] = "SIGRT_24",
	[57] = "SIGRT_25",  [58] = "SIGRT_26",  [59] = "SIGRT_27",
	[60] = "SIGRT_28",  [61] = "SIGRT_29",  [62] = "SIGRT_30",
	[63] = "SIGRT_31",  [64] = "SIGRT_32",
};

/* The number of signals the kernel knows on x86 (1..64). */
const unsigned int nsignals = NSIG_KERNEL;

const char *signal_name(unsigned int sig)
{
	if (sig == 0 || sig > NSIG_KERNEL)
		return NULL;
	return signalent[sig];
}
