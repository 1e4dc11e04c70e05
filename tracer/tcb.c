/* The tracee table: threads by tid in an open-addressing hash, so lookups
 * on every stop stay O(1) with thousands of threads in a build. */
#include <stdlib.h>
#include <string.h>

#include "hytrace.h"
#include "output.h"
#include "shim.h"

static struct tcb **slots;
static size_t nslots;   /* a power of two */
static size_t nused;    /* live entries */
static size_t ntomb;    /* deleted markers */

static struct tcb tombstone;

static size_t slot_of(pid_t pid)
{
	return ((size_t)pid * 2654435761u) & (nslots - 1);
}

static void rehash(size_t want)
{
	struct tcb **old = slots;
	size_t oldn = nslots;

	nslots = 64;
	while (nslots < want * 2)
		nslots *= 2;
	slots = xcalloc(nslots, sizeof(*slots));
	ntomb = 0;
	for (size_t i = 0; i < oldn; i++) {
		struct tcb *t = old[i];
		if (!t || t == &tombstone)
			continue;
		size_t j = slot_of(t->pid);
		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = t;
	}
	free(old);
}

struct tcb *tcb_find(pid_t pid)
{
	if (!nslots)
		return NULL;
	for (size_t j = slot_of(pid);; j = (j + 1) & (nslots - 1)) {
		struct tcb *t = slots[j];
		if (!t)
			return NULL;
		if (t != &tombstone && t->pid == pid)
			return t;
	}
}

/* Put tcp in the first free slot of its pid's probe sequence. */
static void insert(struct tcb *tcp)
{
	size_t j = slot_of(tcp->pid);
	while (slots[j] && slots[j] != &tombstone)
		j = (j + 1) & (nslots - 1);
	if (slots[j] == &tombstone)
		ntomb--;
	slots[j] = tcp;
}

struct tcb *tcb_add(pid_t pid)
{
	if ((nused + ntomb + 1) * 2 > nslots)
		rehash(nused + 1);
	struct tcb *tcp = xcalloc(1, sizeof(*tcp));
	tcp->pid = pid;
	tcp->tgid = pid;
	insert(tcp);
	nused++;
	tcp->out = output_sink_for(tcp);
	return tcp;
}

void tcb_drop(struct tcb *tcp)
{
	for (size_t j = slot_of(tcp->pid);; j = (j + 1) & (nslots - 1)) {
		if (!slots[j])
			break;
		if (slots[j] == tcp) {
			slots[j] = &tombstone;
			ntomb++;
			nused--;
			break;
		}
	}
	shim_tcb_gone(tcp);
	stage_free(tcp);
	if (tcp->out && tcp->out->line_owner == tcp)
		tcp->out->line_owner = NULL;
	output_close_sink_for(tcp);
	free(tcp);
}

unsigned int tcb_count(void)
{
	return nused;
}

void tcb_foreach(void (*fn)(struct tcb *tcp, void *data), void *data)
{
	/* fn may drop the tcb it is given: tombstones keep the walk valid. */
	for (size_t i = 0; i < nslots; i++) {
		struct tcb *t = slots[i];
		if (t && t != &tombstone)
			fn(t, data);
	}
}

struct tcb *tcb_rekey(struct tcb *tcp, pid_t pid)
{
	/* Move the entry to its new key without touching its sink. */
	for (size_t j = slot_of(tcp->pid);; j = (j + 1) & (nslots - 1)) {
		if (!slots[j])
			break;
		if (slots[j] == tcp) {
			slots[j] = &tombstone;
			ntomb++;
			break;
		}
	}
	tcp->pid = pid;
	tcp->tgid = pid;
	insert(tcp);
	return tcp;
}
