/* hytrace: trace the system calls of a command or of running processes,
 * printing them exactly as strace does. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "options.h"
#include "output.h"
#include "seccomp-mode.h"
#include "shim.h"
#include "tracer.h"

static void on_fatal_signal(int sig)
{
	interrupted = sig;
}

/* Fatal signals are blocked except while the tracer waits, so a stop is
 * never half handled.  With -o FILE and a command they stay blocked, as in
 * strace, so ^C reaches the command and not the tracer. */
static void setup_signals(bool launched)
{
	static const int fatal[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM };
	struct sigaction sa;
	sigset_t blocked;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&blocked);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		keep_original_action(fatal[i]);
		sigaction(fatal[i], &sa, NULL);
		sigaddset(&blocked, fatal[i]);
	}
	sigprocmask(SIG_BLOCK, &blocked, &original_sigmask);
	/* A stop's SIGCHLD stays pending: it wakes the shim-mode sleep. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	if (launched && opts.outfname)
		wait_sigmask = blocked;
	else
		sigemptyset(&wait_sigmask);
	/* SIGCHLD must stay default so waitpid sees our tracees. */
	keep_original_action(SIGCHLD);
	signal(SIGCHLD, SIG_DFL);
}

/* Exit as the traced command did: its status, or death by its signal. */
static void __attribute__((noreturn)) exit_like_child(int code)
{
	if (code > 0xff) {
		int sig = code & 0xff;
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);  /* don't clobber its core file */
		signal(sig, SIG_DFL);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
		exit(0x80 | (sig & 0x7f));
	}
	exit(code);
}

int main(int argc, char **argv)
{
	int cmd = parse_options(argc, argv);
	bool launch = cmd < argc;

	output_init();
	unsigned int nstart = n_attach_pids + (launch ? 1 : 0);
	print_pid_pfx = opts.outfname && !opts.output_separately &&
			(opts.follow_forks || nstart > 1);
	setup_signals(launch);
	/* seccomp mode is for the launched command only (-p stays pure); by
	 * default it is on with -f when it cannot change the program. */
	if (opts.seccomp_requested && n_attach_pids)
		error_msg("--seccomp-bpf is not enabled for processes attached with -p");
	seccomp_setup(opts.seccomp_requested, launch && !opts.seccomp_never, launch);
	shim_start(seccomp_enabled);

	if (n_attach_pids)
		attach_pids_all();
	if (launch)
		startup_child(argv + cmd);
	if (tcb_count() == 0)
		exit(1);

	trace_loop();
	shim_print_stats();
	if (opts.cflag)
		output_summary();
	output_finish();
	if (interrupted)
		exit_code = 0x100 | interrupted;
	exit_like_child(exit_code);
}
