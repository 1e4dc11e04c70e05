/* The supervisor: starting and attaching tracees, the event loop, and the
 * syscall and process events it hands to the printer. */
#ifndef HYTRACE_TRACER_H
#define HYTRACE_TRACER_H

#include <sys/ptrace.h>
#include <signal.h>
#include "hytrace.h"

/* launch.c */
extern pid_t strace_child;         /* the launched command, 0 when none/gone */
extern sigset_t original_sigmask;  /* restored in the launched child */
/* Remember sig's disposition before the tracer changes it: the launched
 * child gets it back (a command run under nohup keeps SIGHUP ignored). */
void keep_original_action(int sig);
struct tcb *startup_child(char **argv);
void attach_pids_all(void);
unsigned int ptrace_options(bool launched);

/* detach.c */
void detach_all(void);

/* loop.c */
void trace_loop(void);
extern int exit_code;          /* the launched command's exit status */
extern volatile int interrupted;
extern sigset_t wait_sigmask;    /* signals blocked while waiting */

/* syscall.c */
extern enum personality last_personality;  /* new tracees start in it */
void syscall_entering(struct tcb *tcp, const struct __ptrace_syscall_info *info, uint64_t cpu_ns);
void syscall_exiting(struct tcb *tcp, const struct __ptrace_syscall_info *info, uint64_t cpu_ns);
void syscall_unfinished_exit(struct tcb *tcp);
void syscall_unavailable(struct tcb *tcp);
void syscall_detached(struct tcb *tcp);

/* events.c: process and signal lines */
void print_exited(struct tcb *tcp, int status);
void print_signalled(struct tcb *tcp, int status);
void print_signal_delivery(struct tcb *tcp, const siginfo_t *si);
void print_group_stop(struct tcb *tcp, int sig);

#endif
