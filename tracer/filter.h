/* Which syscalls and signals the user selected (-e trace=, -e signal=). */
#ifndef HYTRACE_FILTER_H
#define HYTRACE_FILTER_H

#include <stdbool.h>
#include <stdint.h>
#include "sysent.h"

/* -e trace=EXPR; several accumulate as in strace.  Dies on a bad expression. */
void filter_trace(const char *expr);
void filter_signal(const char *expr);
void filter_quiet(const char *expr);
void filter_status(const char *expr);

bool filter_traced(enum personality pers, uint64_t nr);
bool filter_signal_shown(unsigned int sig);
/* True when every syscall of every personality is traced */
bool filter_trace_all(void);

#endif
