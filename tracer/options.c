/* The command line, with strace's short and long options. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "filter.h"
#include "hytrace.h"
#include "count.h"
#include "dumpio.h"
#include "options.h"
#include "shim.h"
#include "pathtrace.h"
#include "timestamps.h"

struct options opts = {
	.max_strlen = 32,
	.acolumn = 40,
	.rflag_digits = 6,
	.Tflag_digits = 6,
	.status_set = STATUS_ALL,
};

pid_t *attach_pids;
unsigned int n_attach_pids;

enum {
	OPT_SECCOMP = 0x100,
	OPT_SHIM,
	OPT_TRACE, OPT_SIGNAL, OPT_QUIET, OPT_NO_SECCOMP, OPT_STATUS,
	OPT_ABS_TS, OPT_REL_TS, OPT_SC_TIMES, OPT_OVERHEAD, OPT_TRACE_FDS, OPT_READ, OPT_WRITE,
};

static const struct option longopts[] = {
	{ "columns", required_argument, NULL, 'a' },
	{ "output", required_argument, NULL, 'o' },
	{ "follow-forks", no_argument, NULL, 'f' },
	{ "output-separately", no_argument, NULL, 'F' },
	{ "string-limit", required_argument, NULL, 's' },
	{ "attach", required_argument, NULL, 'p' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "quiet", optional_argument, NULL, OPT_QUIET },
	{ "no-abbrev", no_argument, NULL, 'v' },
	{ "syscall-number", no_argument, NULL, 'n' },
	{ "seccomp-bpf", optional_argument, NULL, OPT_SECCOMP },
	{ "shim", required_argument, NULL, OPT_SHIM },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "signal", required_argument, NULL, OPT_SIGNAL },
	{ "signals", required_argument, NULL, OPT_SIGNAL },
	{ "debug", no_argument, NULL, 'd' },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "trace-path", required_argument, NULL, 'P' },
	{ "trace-fds", required_argument, NULL, OPT_TRACE_FDS },
	{ "read", required_argument, NULL, OPT_READ },
	{ "write", required_argument, NULL, OPT_WRITE },
	{ "summary-only", no_argument, NULL, 'c' },
	{ "summary", no_argument, NULL, 'C' },
	{ "summary-wall-clock", no_argument, NULL, 'w' },
	{ "summary-sort-by", required_argument, NULL, 'S' },
	{ "summary-columns", required_argument, NULL, 'U' },
	{ "summary-syscall-overhead", required_argument, NULL, 'O' },
	{ "successful-only", no_argument, NULL, 'z' },
	{ "failed-only", no_argument, NULL, 'Z' },
	{ "absolute-timestamps", optional_argument, NULL, OPT_ABS_TS },
	{ "timestamps", optional_argument, NULL, OPT_ABS_TS },
	{ "relative-timestamps", optional_argument, NULL, OPT_REL_TS },
	{ "syscall-times", optional_argument, NULL, OPT_SC_TIMES },
	{ NULL, 0, NULL, 0 },
};

static void usage(void)
{
	printf("Usage: %s [-dffhnqqqvVxx] [-a COLUMN] [-e EXPR]... [-o FILE] [-s STRSIZE]\n"
	       "              [-p PID]... [--seccomp-bpf] { -p PID | PROG [ARGS] }\n"
	       "\n"
	       "General:\n"
	       "  -e EXPR        a qualifying expression: OPTION=[!]all or OPTION=[!]VAL1[,VAL2]...\n"
	       "     options:    trace, signal, quiet\n"
	       "\n"
	       "Startup:\n"
	       "  -p PID, --attach=PID\n"
	       "                 trace process with process id PID, may be repeated\n"
	       "\n"
	       "Tracing:\n"
	       "  -f, --follow-forks\n"
	       "                 follow forks\n"
	       "  -ff, --follow-forks --output-separately\n"
	       "                 follow forks with output into separate files\n"
	       "  --seccomp-bpf  enable seccomp-bpf filtering\n"
	       "  --shim=auto|on|off|PATH\n"
	       "                 in-process fast path for dynamic x86_64 programs (seccomp mode)\n"
	       "\n"
	       "Filtering:\n"
	       "  -e trace=[!][?]{{SYSCALL|GROUP|all|/REGEX}[@64|@32]|none},\n"
	       "   --trace=...   trace only specified syscalls.\n"
	       "     groups:     %%clock, %%creds, %%desc, %%file, %%fstat, %%fstatfs %%ipc, %%lstat,\n"
	       "                 %%memory, %%net, %%process, %%pure, %%signal, %%stat, %%%%stat,\n"
	       "                 %%statfs, %%%%statfs\n"
	       "  -e signal=SET, --signal=SET\n"
	       "                 trace only the specified set of signals\n"
	       "\n"
	       "Output format:\n"
	       "  -a COLUMN, --columns=COLUMN\n"
	       "                 alignment COLUMN for printing syscall results (default 40)\n"
	       "  -e quiet=SET, --quiet=SET\n"
	       "                 suppress various informational messages\n"
	       "     messages:   attach, exit, path-resolution, personality, thread-execve\n"
	       "  -n, --syscall-number\n"
	       "                 print syscall number\n"
	       "  -o FILE, --output=FILE\n"
	       "                 send trace output to FILE instead of stderr\n"
	       "                 (|CMD or !CMD: pipe it to CMD)\n"
	       "  -q, --quiet=attach,personality\n"
	       "                 suppress messages about attaching, detaching, etc.\n"
	       "  -qq, --quiet=attach,personality,exit\n"
	       "                 suppress messages about process exit status as well.\n"
	       "  -s STRSIZE, --string-limit=STRSIZE\n"
	       "                 limit length of print strings to STRSIZE chars (default 32)\n"
	       "  -v, --no-abbrev\n"
	       "                 print unabbreviated argv, stat, termios, etc. args\n"
	       "  -x             print non-ascii strings in hex\n"
	       "  -xx            print all strings in hex\n"
	       "\n"
	       "Miscellaneous:\n"
	       "  -d, --debug    enable debug output to stderr\n"
	       "  -h, --help     print help message\n"
	       "  -V, --version  print version\n",
	       progname);
	exit(0);
}

static void print_version(void)
{
	printf("%s -- version %s\n"
	       "Copyright (c) 2026 The hytrace developers.\n"
	       "This is free software; see the source for copying conditions.  There is NO\n"
	       "warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n"
	       "\n"
	       "Optional features enabled: %s\n",
	       progname, PACKAGE_VERSION, HYTRACE_FEATURES);
	exit(0);
}

static unsigned int parse_uint(const char *arg, const char *opt, unsigned int max)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < 0 || (unsigned long)v > max)
		error_msg_and_help("invalid %s argument: '%s'", opt, arg);
	return v;
}

static void add_pid(const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL;

	for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		char *end;
		errno = 0;
		long pid = strtol(tok, &end, 10);
		if (*end || errno || pid <= 0 || pid > INT_MAX)
			error_msg_and_die("Invalid process id: '%s'", tok);
		if (pid == getpid())
			error_msg_and_die("I'm sorry, I can't let you do that, Dave.");
		attach_pids = realloc(attach_pids, (n_attach_pids + 1) * sizeof(*attach_pids));
		if (!attach_pids)
			error_msg_and_die("Out of memory");
		attach_pids[n_attach_pids++] = pid;
	}
	free(copy);
}

static void check(const char *err, bool with_help)
{
	if (!err)
		return;
	if (with_help)
		error_msg_and_help("%s", err);
	error_msg_and_die("%s", err);
}

/* A bad personality designator is a usage error in strace (with the hint),
 * other bad names are not. */
static void trace_expr(const char *expr)
{
	const char *err = filter_trace(expr);
	check(err, err && !strncmp(err, "incorrect personality", 21));
}

static void qualify(const char *expr)
{
	const char *eq = strchr(expr, '=');
	size_t klen = eq ? (size_t)(eq - expr) : 0;
	const char *val = eq ? eq + 1 : expr;

	if (!eq || (klen == 5 && !strncmp(expr, "trace", 5)) || (klen == 1 && expr[0] == 't'))
		trace_expr(val);
	else if ((klen == 6 && !strncmp(expr, "signal", 6)) ||
		 (klen == 7 && !strncmp(expr, "signals", 7)) || (klen == 1 && expr[0] == 's'))
		check(filter_signal(val), false);
	else if ((klen == 4 && !strncmp(expr, "read", 4)) || (klen == 5 && !strncmp(expr, "reads", 5)))
		check(dumpio_read_set(val), false);
	else if ((klen == 5 && !strncmp(expr, "write", 5)) || (klen == 6 && !strncmp(expr, "writes", 6)))
		check(dumpio_write_set(val), false);
	else if ((klen == 9 && !strncmp(expr, "trace-fds", 9)) || (klen == 9 && !strncmp(expr, "trace_fds", 9)) ||
		 (klen == 2 && !strncmp(expr, "fd", 2)) || (klen == 3 && !strncmp(expr, "fds", 3)))
		check(trace_fds_set(val), false);
	else if (klen == 6 && !strncmp(expr, "status", 6))
		check(filter_status(val), false);
	else if ((klen == 5 && !strncmp(expr, "quiet", 5)) ||
		 (klen == 6 && !strncmp(expr, "silent", 6)) ||
		 (klen == 6 && !strncmp(expr, "silence", 7)))
		check(filter_quiet(val), false);
	else
		trace_expr(expr);  /* strace reports the whole word as a syscall */
}

int parse_options(int argc, char **argv)
{
	int c, qflag = 0, tflag = 0;

	/* Messages start with the name as invoked, as strace's do. */
	if (argv[0] && argv[0][0])
		progname = argv[0];
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+a:cCde:fFhnO:o:p:P:qrs:S:tTU:vVwxzZ", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': opts.acolumn = parse_uint(optarg, "-a", INT_MAX); break;
		case 'd': opts.debug++; break;
		case 'e': qualify(optarg); break;
		case 'f': opts.follow_forks++; break;
		case 'F': opts.follow_forks = 2; break;
		case 'h': usage(); break;
		case 'n': opts.print_scno = true; break;
		case 'o': opts.outfname = optarg; break;
		case 'p': add_pid(optarg); break;
		case 'q': qflag++; break;
		case 's': opts.max_strlen = parse_uint(optarg, "-s", INT_MAX / 4); break;
		case 'v': opts.verbose = true; break;
		case 'V': print_version(); break;
		case 'x': opts.xflag++; break;
		case 'P': pathtrace_add(optarg); break;
		case 'c': opts.cflag = 1; break;
		case 'C': opts.cflag = 2; break;
		case 'w': opts.count_wall = true; break;
		case 'S': count_set_sortby(optarg); break;
		case 'U': count_set_columns(optarg); break;
		case 'O':
			if (!count_set_overhead(optarg))
				error_msg_and_help("invalid -O argument: '%s'", optarg);
			break;
		case 'r': opts.rflag = true; break;
		case 't': tflag++; break;
		case 'T': opts.Tflag = true; break;
		case 'z': filter_status("successful"); break;
		case 'Z': filter_status("failed"); break;
		case OPT_STATUS: check(filter_status(optarg), false); break;
		case OPT_TRACE_FDS: check(trace_fds_set(optarg), false); break;
		case OPT_READ: check(dumpio_read_set(optarg), false); break;
		case OPT_WRITE: check(dumpio_write_set(optarg), false); break;
		case OPT_ABS_TS:
			if (!parse_absolute_timestamps(optarg))
				error_msg_and_help("invalid --absolute-timestamps argument: '%s'", optarg);
			tflag = -1;
			break;
		case OPT_REL_TS:
			if (!parse_precision_arg(optarg, &opts.rflag_digits))
				error_msg_and_help("invalid --relative-timestamps argument: '%s'", optarg);
			opts.rflag = true;
			break;
		case OPT_SC_TIMES:
			if (!parse_precision_arg(optarg, &opts.Tflag_digits))
				error_msg_and_help("invalid --syscall-times argument: '%s'", optarg);
			opts.Tflag = true;
			break;
		case OPT_SECCOMP:
			/* --seccomp-bpf as in strace; =never and =auto are ours */
			if (!optarg || !strcmp(optarg, "always")) {
				opts.seccomp_requested = true;
				opts.seccomp_never = false;
			} else if (!strcmp(optarg, "never")) {
				opts.seccomp_never = true;
				opts.seccomp_requested = false;
			} else if (!strcmp(optarg, "auto")) {
				opts.seccomp_never = opts.seccomp_requested = false;
			} else {
				error_msg_and_help("invalid --seccomp-bpf argument: '%s'", optarg);
			}
			break;
		case OPT_SHIM:
			/* auto, on, off, or where the library is (implies on) */
			if (!strcmp(optarg, "auto"))
				shim_mode = SHIM_AUTO;
			else if (!strcmp(optarg, "on"))
				shim_mode = SHIM_ON;
			else if (!strcmp(optarg, "off"))
				shim_mode = SHIM_OFF;
			else if (strchr(optarg, '/'))
				shim_mode = SHIM_ON, shim_path_opt = optarg;
			else
				error_msg_and_help("invalid --shim argument: '%s'", optarg);
			break;
		case OPT_TRACE: trace_expr(optarg); break;
		case OPT_SIGNAL: check(filter_signal(optarg), false); break;
		case OPT_QUIET:
			if (optarg)
				check(filter_quiet(optarg), false);
			else
				qflag++;
			break;
		case '?':
			if (optopt && strchr("aeoOpPsSU", optopt))
				error_msg_and_help("option requires an argument -- '%c'", optopt);
			if (optopt)
				error_msg_and_help("invalid option -- '%c'", optopt);
			error_msg_and_help("unrecognized option '%s'", argv[optind - 1]);
		default:
			error_msg_and_help(NULL);
		}
	}
	if (optind >= argc && !n_attach_pids)
		error_msg_and_help("must have PROG [ARGS] or -p PID");
	if (opts.follow_forks >= 2 && opts.outfname &&
	    (opts.outfname[0] == '|' || opts.outfname[0] == '!'))
		error_msg_and_help("piping the output and -ff/--output-separately are mutually exclusive");
	opts.output_separately = opts.follow_forks >= 2 && opts.outfname;
	if (opts.cflag && opts.output_separately)
		error_msg_and_help("(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive");
	if (tflag > 0) {
		/* -t: time of day; -tt: with microseconds; -ttt: unix time */
		opts.tflag_format = tflag >= 3 ? 2 : 1;
		opts.tflag_digits = tflag >= 2 ? 6 : 0;
	}
	if (opts.xflag > 2)
		opts.xflag = 2;

	/* strace: -o FILE with a command implies -q, unless quiet was set. */
	if (opts.outfname && optind < argc && !qflag && !opts.quiet_set)
		qflag = 1;
	if (!opts.quiet_set) {
		if (qflag >= 1)
			opts.quiet |= QUIET_ATTACH | QUIET_PERSONALITY;
		if (qflag >= 2)
			opts.quiet |= QUIET_EXIT;
		if (qflag >= 3)
			opts.quiet |= QUIET_PATH_RESOLUTION | QUIET_THREAD_EXECVE;
	}
	return optind;
}
