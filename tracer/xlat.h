/* Constant tables, generated from tracer/xlat/NAME.in (one "NAME VALUE" a line)
 * into tracer/gen-xlat.c by scripts/gen-xlat.awk. */
#ifndef HYTRACE_XLAT_H
#define HYTRACE_XLAT_H

#include <stddef.h>
#include <stdint.h>

struct xlat_entry {
	uint64_t val;
	const char *str;
};

struct xlat {
	const struct xlat_entry *data;
	size_t size;
};

/* The name of val, or NULL */
const char *xlat_lookup(const struct xlat *x, uint64_t val);

#include "gen-xlat.h"

#endif
