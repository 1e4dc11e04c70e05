#ifndef HYTRACE_DUMPIO_H
#define HYTRACE_DUMPIO_H

#include <stdbool.h>
#include "hytrace.h"

/* -e read=SET, -e write=SET, -e trace-fds=SET; NULL or a diagnostic */
const char *dumpio_read_set(const char *expr);
const char *dumpio_write_set(const char *expr);
const char *trace_fds_set(const char *expr);

/* Which sets were given: asked for every line, so plain flags inline. */
extern bool dumpio_reads_given, dumpio_writes_given, trace_fds_given;
static inline bool trace_fds_active(void) { return trace_fds_given; }
/* -e read= / -e write= given: the shim leaves those calls to ptrace */
static inline bool dumpio_reads_active(void) { return dumpio_reads_given; }
static inline bool dumpio_writes_active(void) { return dumpio_writes_given; }
bool trace_fds_match(int fd);

/* After a syscall's line: the dump of what it read or wrote, if selected. */
void dumpio(struct tcb *tcp);

#endif
