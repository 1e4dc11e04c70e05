/* Sinks (stderr, -o FILE, -o |CMD, -ff files) and the line discipline that
 * strace follows: leader, <unfinished ...>, <... resumed>, alignment. */
#ifndef HYTRACE_OUTPUT_H
#define HYTRACE_OUTPUT_H

#include "hytrace.h"

struct sink {
	FILE *fp;
	struct tcb *line_owner;   /* thread whose line is not ended yet */
	unsigned int col;         /* column of the line being written */
	pid_t popen_pid;          /* -o |cmd: the command reading our output */
	bool shared;              /* several threads write here */
	char *mem;                /* a staging sink: bytes held in memory */
	size_t len, cap;
	char *obuf;               /* a file sink: bytes not yet given to fp */
	size_t olen;
};

extern struct sink *cur_sink;
extern bool output_dirty_flag;
#define SINK_BUFSIZE (64 * 1024)

/* Open the sinks as -o asks; called once after option parsing. */
void output_init(void);
/* The sink for a new thread: the shared one, or FILE.PID with -ff. */
struct sink *output_sink_for(struct tcb *tcp);
void output_close_sink_for(struct tcb *tcp);
/* Flush every sink; before the tracer blocks and at exit. */
void output_flush(void);
bool output_dirty(void);
void output_flush_before_resume(void);
/* Close all sinks and wait for a -o |cmd reader. */
void output_finish(void);
/* -c/-C: the summary table, on the shared sink */
void output_summary(void);

void sink_write(struct sink *s, const char *buf, size_t len);

/* Start a line for tcp: ends another thread's line with <unfinished ...>,
 * prints the pid prefix. */
void printleader(struct tcb *tcp);
/* Pad to the -a column (the return value's column). */
void tabto(void);
void line_ended(void);
/* At a syscall exit: continue the entry's line, or start "<... NAME resumed>". */
void print_syscall_resume(struct tcb *tcp);
/* Whether this tracee's entry line is still the last thing on its sink */
bool line_is_open(struct tcb *tcp);
void emit_reset_nesting(void);

/* Status filtering (-z, -Z, -e status=) holds a syscall's line until its
 * result is known: stage_begin() redirects the thread's output into memory,
 * stage_end() publishes it to the real sink or drops it. */
static inline bool status_filtering(void) { return opts.status_set != STATUS_ALL; }
void stage_begin(struct tcb *tcp);
void stage_end(struct tcb *tcp, bool publish);
bool tcb_is_staging(const struct tcb *tcp);
void stage_free(struct tcb *tcp);

/* Decides the [pid N] / "N " prefix as strace does. */
extern bool print_pid_pfx;
/* Tracees known or announced by a fork event (loop.c) */
unsigned int tracee_count(void);

#endif
