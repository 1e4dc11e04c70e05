/* libFuzzer target for the -e expression parsers: any input must give
 * either a set or a diagnostic, never a crash, a leak or a hang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "hytrace.h"

struct options opts;
const char *progname = "hytrace";

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		abort();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		abort();
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *expr = malloc(size + 1);
	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = 0;

	filter_reset();
	/* The first byte picks the parser, as -e KEY= would. */
	switch (size ? expr[0] % 4 : 0) {
	case 0: filter_trace(size ? expr + 1 : expr); break;
	case 1: filter_signal(expr + 1); break;
	case 2: filter_status(expr + 1); break;
	default: filter_quiet(expr + 1); break;
	}
	/* The resulting set must be queryable for every number. */
	for (uint64_t nr = 0; nr < 1100; nr += 7)
		(void)filter_traced(nr & 1 ? PERS_I386 : PERS_X86_64, nr);
	(void)filter_signal_shown(9);
	free(expr);
	return 0;
}
