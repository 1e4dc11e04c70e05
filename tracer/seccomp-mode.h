#ifndef HYTRACE_SECCOMP_MODE_H
#define HYTRACE_SECCOMP_MODE_H

#include <stdbool.h>
#include "hytrace.h"

/* Set when the launched command runs under the filter. */
extern bool seccomp_enabled;

/* Decide and build, after option parsing; prints strace's messages when
 * the user asked for the filter and it cannot be had. */
void seccomp_setup(bool requested, bool automatic, bool launch);
/* In the launched child, after the tracer seized it, before execve. */
void seccomp_install_in_child(void);
/* In the tracer, at the child's execve: did the filter go in? */
bool seccomp_child_installed(void);

#endif
