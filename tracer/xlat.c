/* Lookup in the constant tables generated from tracer/xlat/NAME.in. */
#include "xlat.h"

const char *
xlat_lookup(const struct xlat *x, uint64_t val)
{
	if (!x)
		return NULL;
	for (size_t i = 0; i < x->size; i++)
		if (x->data[i].val == val)
			return x->data[i].str;
	return NULL;
}
