/* Lookups in the generated per-personality syscall tables. */
#include "hytrace.h"

const struct sysent *sysent_lookup(enum personality pers, uint64_t nr)
{
	const struct sysent *table = pers == PERS_I386 ? sysent_i386 : sysent_x86_64;
	unsigned int n = pers == PERS_I386 ? nsyscalls_i386 : nsyscalls_x86_64;

	if (nr >= n || !table[nr].name)
		return NULL;
	return &table[nr];
}

const char *personality_name(enum personality pers)
{
	return pers == PERS_I386 ? "32 bit" : "64 bit";
}
