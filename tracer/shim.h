/* The tracer's side of the shim (DESIGN.md §6, shim/protocol.h): which
 * programs get it (shim-exec.c), the per-process handshake and what it
 * hides (shim-proc.c), and the ring consumer that turns records into the
 * same syscall events as ptrace stops (shim-ring.c). */
#ifndef HYTRACE_SHIM_H
#define HYTRACE_SHIM_H

#include <stdbool.h>
#include <stdint.h>

#include "hytrace.h"
#include "../shim/protocol.h"

/* --shim= */
enum shim_mode { SHIM_AUTO, SHIM_ON, SHIM_OFF };
extern enum shim_mode shim_mode;
extern const char *shim_path_opt;   /* --shim=PATH */

/* Decided before the filter is built: the gate's exempt instruction
 * pointer (0: no shim this session). */
uint64_t shim_plan(void);
/* After seccomp_setup(): the shim runs only in seccomp mode. */
void shim_start(bool seccomp_on);
extern bool shim_active;
extern uint64_t shim_gate;          /* the gate page's address */
extern char shim_lib[4096];         /* absolute path of the library */

/* One per traced process that loaded the shim (threads share it). */
struct shim_proc;

/* shim-exec.c: at an x86_64 execve entry, after its line: give a dynamic
 * x86_64 program the shim through its environment. */
void shim_execve_entry(struct tcb *tcp);
/* at the execve's exit: a failed exec gets its envp register back */
void shim_execve_exit(struct tcb *tcp);

/* shim-proc.c */
void shim_fill_traced(uint64_t *bits);   /* SHIM_NR_MAX / 64 words */
void shim_on_exec(struct tcb *tcp);            /* PTRACE_EVENT_EXEC */
bool shim_hide_entry(struct tcb *tcp, uint64_t ip);
void shim_hidden_exit(struct tcb *tcp, int64_t rval);
void shim_tcb_gone(struct tcb *tcp);           /* the tcb is freed */
/* Fork, vfork and clone events of a parent running the shim; whether the
 * child, not yet seen, must wait until then. */
enum shim_child { SHIM_CHILD_NONE, SHIM_CHILD_THREAD, SHIM_CHILD_FORK, SHIM_CHILD_VFORK, SHIM_CHILD_SHARED };
enum shim_child shim_child_kind(struct tcb *parent, unsigned int event);
void shim_child_start(struct tcb *child, struct tcb *parent_or_null, struct shim_proc *sp, enum shim_child kind);
struct shim_proc *shim_proc_of(struct tcb *tcp);
void shim_vfork_pause(struct tcb *parent);
/* SIGSEGV/SIGBUS inside the shim's fault-tolerant copy: fixed up, the
 * signal is not delivered (true). */
bool shim_fault_fixup(struct tcb *tcp, int sig, int si_code);
void shim_proc_ref(struct shim_proc *sp);
void shim_proc_unref(struct shim_proc *sp);

/* shim-ring.c: draining */
void shim_drain(struct tcb *tcp);              /* before any stop of tcp */
/* before sleeping, at detach: true when something was printed or a ring
 * is being written; without force, a ring still being written is left
 * until it holds a batch */
bool shim_drain_all(bool force);
/* between stops: shim_drain_all(false), but a ring being written is looked
 * at only every few microseconds; true while there is work or a writer */
bool shim_poll(void);
void shim_show_pending(void);                  /* blocked calls show their entry */
void shim_thread_exit(struct tcb *tcp);        /* PTRACE_EVENT_EXIT or death */
void shim_signal_stop(struct tcb *tcp);        /* before a signal-delivery line */
void shim_sigreturn_exit(struct tcb *tcp, int64_t rval);
bool shim_any_armed(void);
/* Reading memory of a record's event: its captured buffers only. */
int shim_umoven(const void *rec, uint64_t addr, size_t len, void *buf);
int shim_umovestr(const void *rec, uint64_t addr, size_t len, char *buf);

/* The time of the event being printed, CLOCK_MONOTONIC ns (0: now). */
extern int64_t event_mono_ns;

/* HYTRACE_SHIM_STATS=1: at exit, how much came through the shim (tests
 * check that the fast path really ran). */
extern unsigned long shim_records, shim_processes;
void shim_print_stats(void);

#endif
