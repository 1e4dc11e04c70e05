#ifndef HYTRACE_PATHTRACE_H
#define HYTRACE_PATHTRACE_H

#include <stdbool.h>

struct tcb;

void pathtrace_add(const char *path);
/* Asked at every entry and every fd printed: inline. */
extern unsigned int pathtrace_npaths;
static inline bool pathtrace_active(void) { return pathtrace_npaths != 0; }
/* Per syscall entry: reset, let the emitter check, then ask. */
void pathtrace_reset(void);
bool pathtrace_matched(void);
void pathtrace_check_path(const char *s);
void pathtrace_check_fd(struct tcb *tcp, int fd);
/* Another selector (-e trace-fds=) matched this syscall */
void pathtrace_note_match(void);

#endif
