/* shim-hostile MODE: a program that damages the shim's shared memory.
 * Writes "early-<i>\n" 5 times, calls chdir(".") (a ptrace stop: the
 * tracer takes in what the ring holds), finds its shim area in
 * /proc/self/maps (the memfd "hytrace-shim") and the slot of this thread,
 * damages it as MODE says, calls chdir(".") again (the tracer looks at the
 * ring at this stop), then writes "late-<i>\n" 100 times and exits 0.
 *   head     the slot's head moved 2^40 bytes ahead
 *   garbage  64 bytes of 0xff committed as a record
 *   ring     the whole ring filled with 0xff, head moved past 256 bytes
 * With a second argument "nosync", no chdir after the damage: the tracer
 * comes across it when it next looks at the ring.
 * Exit 3: no shim area; 4: its control page is wrong; 5: no slot of ours. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../shim/protocol.h"

static void out(const char *s)
{
	size_t n = strlen(s);
	if (write(1, s, n) != (ssize_t)n)
		_exit(9);
}

static uint8_t *find_area(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4096 + 128];
	uint8_t *area = NULL;

	if (!f)
		return NULL;
	while (!area && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi, off;
		char perms[8];
		if (sscanf(line, "%lx-%lx %7s %lx", &lo, &hi, perms, &off) != 4)
			continue;
		if (strstr(line, "memfd:hytrace-shim") && off == 0 && perms[1] == 'w' &&
		    hi - lo >= SHIM_AREA_SIZE)
			area = (uint8_t *)lo;
	}
	fclose(f);
	return area;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "head";
	char buf[32];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(buf, sizeof(buf), "early-%d\n", i);
		out(buf);
	}
	if (chdir(".") < 0)
		return 2;

	uint8_t *area = find_area();
	if (!area) {
		fprintf(stderr, "shim-hostile: no shim area in /proc/self/maps\n");
		return 3;
	}
	struct shim_ctl *ctl = (struct shim_ctl *)area;
	if (ctl->magic != SHIM_MAGIC || ctl->version != SHIM_VERSION || !ctl->armed) {
		fprintf(stderr, "shim-hostile: bad control page\n");
		return 4;
	}
	struct shim_slot *slot = NULL;
	uint8_t *ring = NULL;
	uint64_t claimed = __atomic_load_n(&ctl->slots_claimed, __ATOMIC_ACQUIRE);
	for (unsigned int s = 0; s < SHIM_MAX_SLOTS && !slot; s++) {
		struct shim_slot *p = (struct shim_slot *)(area + SHIM_SLOT_OFF(s));
		if ((claimed >> s & 1) && p->owner_tid == (uint32_t)gettid()) {
			slot = p;
			ring = area + SHIM_SLOT_OFF(s) + SHIM_PAGE;
		}
	}
	if (!slot) {
		fprintf(stderr, "shim-hostile: no slot of thread %d\n", (int)gettid());
		return 5;
	}
	uint64_t head = __atomic_load_n(&slot->head, __ATOMIC_ACQUIRE);
	uint64_t off = head & (SHIM_RING_SIZE - 1);
	if (!strcmp(mode, "head")) {
		__atomic_store_n(&slot->head, head + (1ull << 40), __ATOMIC_RELEASE);
	} else if (!strcmp(mode, "garbage")) {
		if (off + 64 > SHIM_RING_SIZE)
			off = 0, head = (head | (SHIM_RING_SIZE - 1)) + 1;
		memset(ring + off, 0xff, 64);
		__atomic_store_n(&slot->head, head + 64, __ATOMIC_RELEASE);
	} else if (!strcmp(mode, "ring")) {
		memset(ring, 0xff, SHIM_RING_SIZE);
		__atomic_store_n(&slot->head, head + 256, __ATOMIC_RELEASE);
	} else {
		return 2;
	}
	if (!(argc > 2 && !strcmp(argv[2], "nosync")) && chdir(".") < 0)
		return 2;

	for (i = 0; i < 100; i++) {
		snprintf(buf, sizeof(buf), "late-%03d\n", i);
		out(buf);
	}
	return 0;
}
