/* Which syscalls and signals the user selected (-e trace=, -e signal=). */
#ifndef HYTRACE_FILTER_H
#define HYTRACE_FILTER_H

#include <stdbool.h>
#include <stdint.h>
#include "sysent.h"

/* -e trace=EXPR; several accumulate as in strace.  Each parser returns NULL,
 * or the text of strace's diagnostic for a bad expression (the CLI dies with
 * it; the fuzz target only checks that nothing breaks). */
const char *filter_trace(const char *expr);
const char *filter_signal(const char *expr);
const char *filter_quiet(const char *expr);
const char *filter_status(const char *expr);

/* Back to the defaults (everything traced and shown) */
void filter_reset(void);

bool filter_traced(enum personality pers, uint64_t nr);
bool filter_signal_shown(unsigned int sig);
/* True when every syscall of every personality is traced */
bool filter_trace_all(void);

#endif
