/* The seccomp-BPF program of seccomp mode (DESIGN.md §5).  A library-like
 * part: functions return 0 or a negative errno, never exit or print. */
#ifndef HYTRACE_BPF_FILTER_H
#define HYTRACE_BPF_FILTER_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>

#define BPF_PERS_X86_64 0
#define BPF_PERS_I386 1

struct filter_spec {
	/* Does the user's selection (or the tracer's own needs) trace nr? */
	bool (*traced)(int pers, uint32_t nr, void *data);
	void *data;
	uint32_t max_nr;            /* numbers 0..max_nr-1 are asked about */
	/* x86_64 lifecycle calls: always stop, wherever they come from */
	const uint32_t *lifecycle;
	unsigned int nlifecycle;
	/* The shim's gate: a call made from this exact instruction pointer is
	 * let through (0: no gate, every traced call stops). */
	uint64_t gate_ip;
	/* the x86_64 numbers the gate may make (the shim's); traced others
	 * stop wherever they come from */
	const uint32_t *gate_nrs;
	unsigned int ngate_nrs;
};

/* Builds the program into *prog (free prog->filter with free()).
 * Returns 0 or a negative errno. */
int filter_build(const struct filter_spec *spec, struct sock_fprog *prog);

/* The action the program returns for one call, as the kernel would run it
 * (bpf/sim.c). */
struct seccomp_data;
uint32_t filter_run(const struct sock_fprog *prog, const struct seccomp_data *data);

#endif
