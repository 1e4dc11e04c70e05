/* -P PATH: only syscalls whose path or descriptor arguments name PATH.
 * The decoders already print every path and fd through the emitter, so the
 * emitter reports them here and the entry is kept only when one matched. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hytrace.h"
#include "pathtrace.h"

#define MAX_PATHS 256
static char *paths[MAX_PATHS];
unsigned int pathtrace_npaths;
static bool matched;

static void add_one(const char *path)
{
	for (unsigned int i = 0; i < pathtrace_npaths; i++)
		if (!strcmp(paths[i], path))
			return;
	if (pathtrace_npaths == MAX_PATHS)
		error_msg_and_die("too many -P paths");
	paths[pathtrace_npaths++] = xstrdup(path);
}

void pathtrace_add(const char *path)
{
	char resolved[PATH_MAX];

	add_one(path);
	/* A path through a symlink is also traced under its target's name. */
	if (realpath(path, resolved) && strcmp(resolved, path)) {
		if (!(opts.quiet & QUIET_PATH_RESOLUTION))
			error_msg("Requested path \"%s\" resolved into \"%s\"", path, resolved);
		add_one(resolved);
	}
}

void pathtrace_reset(void)
{
	matched = false;
}

bool pathtrace_matched(void)
{
	return matched;
}

void pathtrace_check_path(const char *s)
{
	for (unsigned int i = 0; i < pathtrace_npaths && !matched; i++)
		if (!strcmp(paths[i], s))
			matched = true;
}

void pathtrace_check_fd(struct tcb *tcp, int fd)
{
	char link[64], target[PATH_MAX];

	if (matched || fd < 0)
		return;
	snprintf(link, sizeof(link), "/proc/%d/fd/%d", tcp->pid, fd);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = 0;
	pathtrace_check_path(target);
}

void pathtrace_note_match(void)
{
	matched = true;
}
