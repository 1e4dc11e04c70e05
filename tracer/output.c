/* Sinks and the line discipline.  Output is fully buffered: output_flush()
 * runs before the tracer blocks, so a live terminal still sees every line. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "count.h"
#include "emit.h"
#include "output.h"
#include "timestamps.h"

struct sink *cur_sink;
bool print_pid_pfx;
bool output_dirty_flag;   /* something written since the last flush */
#define dirty output_dirty_flag

static struct sink shared_sink;
static char *separate_prefix;   /* -ff: FILE of FILE.PID */



/* The sink's buffered bytes to its FILE (and on, with fflush). */
static void sink_flush(struct sink *s, bool to_fd)
{
	if (!s->fp)
		return;
	if (s->olen) {
		fwrite(s->obuf, 1, s->olen, s->fp);
		s->olen = 0;
	}
	if (to_fd)
		fflush(s->fp);
}

static void sink_setup(struct sink *s, FILE *fp)
{
	s->fp = fp;
	setvbuf(fp, NULL, _IOFBF, SINK_BUFSIZE);
	/* our own buffer in front of stdio: a trace line is a dozen small
	 * pieces, and fwrite's locking per piece showed in profiles */
	if (!s->obuf)
		s->obuf = xcalloc(1, SINK_BUFSIZE);
	s->olen = 0;
}

/* -o |cmd: run cmd with /bin/sh reading our output on its stdin. */
static FILE *open_pipe(const char *cmd, pid_t *pid_out)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0)
		perror_msg_and_die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		perror_msg_and_die("fork");
	if (pid == 0) {
		dup2(fds[0], 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		perror_msg_and_die("exec /bin/sh");
	}
	close(fds[0]);
	*pid_out = pid;
	FILE *fp = fdopen(fds[1], "w");
	if (!fp)
		perror_msg_and_die("fdopen");
	return fp;
}

static FILE *open_file(const char *path)
{
	FILE *fp = fopen(path, "we");
	if (!fp)
		perror_msg_and_die("Can't fopen '%s'", path);
	return fp;
}

void output_init(void)
{
	const char *name = opts.outfname;

	shared_sink.shared = true;
	if (!name) {
		sink_setup(&shared_sink, stderr);
		return;
	}
	if (name[0] == '|' || name[0] == '!') {
		sink_setup(&shared_sink, open_pipe(name + 1, &shared_sink.popen_pid));
		return;
	}
	if (opts.output_separately) {
		separate_prefix = xstrdup(name);
		return;
	}
	sink_setup(&shared_sink, open_file(name));
}

struct sink *output_sink_for(struct tcb *tcp)
{
	if (!separate_prefix)
		return &shared_sink;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s.%d", separate_prefix, tcp->pid);
	struct sink *s = xcalloc(1, sizeof(*s));
	/* A thread that takes over its leader's pid after execve keeps writing
	 * the leader's file, so open for append. */
	FILE *fp = fopen(path, "ae");
	if (!fp)
		perror_msg_and_die("Can't fopen '%s'", path);
	sink_setup(s, fp);
	return s;
}

void output_close_sink_for(struct tcb *tcp)
{
	struct sink *s = tcp->out;

	if (!s || s == &shared_sink)
		return;
	if (cur_sink == s)
		cur_sink = NULL;
	sink_flush(s, false);
	fclose(s->fp);
	free(s->obuf);
	free(s);
	tcp->out = NULL;
}

static void flush_one(struct tcb *tcp, void *data)
{
	(void)data;
	if (tcp->out && tcp->out != &shared_sink)
		sink_flush(tcp->out, true);
}

bool output_dirty(void)
{
	return dirty;
}

/* The trace on stderr shares it with the tracees' own messages: what we
 * printed must be out before a tracee runs again, or its output could come
 * first.  (-o FILE and pipes flush only before the tracer blocks.) */
void output_flush_before_resume(void)
{
	if (dirty && shared_sink.fp == stderr)
		output_flush();
}

void output_flush(void)
{
	dirty = false;
	sink_flush(&shared_sink, true);
	if (separate_prefix)
		tcb_foreach(flush_one, NULL);
}

void output_finish(void)
{
	output_flush();
	if (shared_sink.fp && shared_sink.fp != stderr) {
		fclose(shared_sink.fp);
		shared_sink.fp = NULL;
	}
	if (shared_sink.popen_pid > 0) {
		int status;
		while (waitpid(shared_sink.popen_pid, &status, 0) < 0 && errno == EINTR)
			;
	}
}

static void mem_append(struct sink *s, const char *buf, size_t len)
{
	if (s->len + len > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (cap < s->len + len)
			cap *= 2;
		char *mem = realloc(s->mem, cap);
		if (!mem)
			error_msg_and_die("Out of memory");
		s->mem = mem;
		s->cap = cap;
	}
	memcpy(s->mem + s->len, buf, len);
	s->len += len;
}

void sink_write(struct sink *s, const char *buf, size_t len)
{
	if (!s)
		return;
	if (s->mem) {
		mem_append(s, buf, len);
	} else if (s->fp) {
		if (s->olen + len > SINK_BUFSIZE)
			sink_flush(s, false);
		if (len > SINK_BUFSIZE)
			fwrite(buf, 1, len, s->fp);
		else
			memcpy(s->obuf + s->olen, buf, len), s->olen += len;
		dirty = true;
	} else {
		return;
	}
	/* the column: bytes since the last newline (pieces are short and
	 * rarely hold one; this runs a dozen times per line) */
	if (len && buf[len - 1] == '\n') {
		s->col = 0;
	} else if (len < 16) {
		size_t i = len;
		while (i && buf[i - 1] != '\n')
			i--;
		s->col = i ? len - i : s->col + len;
	} else {
		const char *nl = memrchr(buf, '\n', len);
		s->col = nl ? (size_t)(buf + len - nl - 1) : s->col + len;
	}
}

void printleader(struct tcb *tcp)
{
	struct sink *s = tcp->out;

	cur_sink = s;
	emit_reset_nesting();
	if (s->line_owner && s->col != 0) {
		/* Someone's line (ours too, when a signal kills us inside a
		 * syscall) is cut short by this new line. */
		sink_write(s, " <unfinished ...>\n", 18);
		s->line_owner->flags |= TCB_REPRINT;
	}
	s->line_owner = tcp;
	s->col = 0;
	char pfx[32];
	int n = 0;
	/* the same thread's prefix line after line: formatted once */
	static char last_pfx[32];
	static int last_n, last_kind;
	static pid_t last_pid;
	int kind = print_pid_pfx ? 1 : !opts.outfname && tracee_count() > 1 ? 2 : 0;
	if (kind && (kind != last_kind || tcp->pid != last_pid)) {
		last_n = snprintf(last_pfx, sizeof(last_pfx), kind == 1 ? "%-5u " : "[pid %5u] ", (unsigned)tcp->pid);
		last_kind = kind;
		last_pid = tcp->pid;
	}
	if (kind)
		emit_mem(last_pfx, (size_t)last_n);
	if (opts.tflag_format || opts.rflag)  /* -t, -r */
		print_timestamps();
	/* -n: every line carries the thread's current (or last) syscall number */
	if (opts.print_scno) {
		n = snprintf(pfx, sizeof(pfx), "[%4llu] ", (unsigned long long)tcp->scno);
		sink_write(s, pfx, n);
	}
}

void tabto(void)
{
	static const char spaces[] = "                                                                ";
	unsigned int col = cur_sink ? cur_sink->col : 0;

	if (col >= opts.acolumn)
		return;
	/* nearly every line pads: in place when the sink has room */
	unsigned int pad = opts.acolumn - col;
	char *out = emit_reserve(pad);
	if (out) {
		memset(out, ' ', pad);
		emit_commit(pad);
		return;
	}
	while (col < opts.acolumn) {
		unsigned int n = opts.acolumn - col;
		if (n > sizeof(spaces) - 1)
			n = sizeof(spaces) - 1;
		emit_mem(spaces, n);
		col += n;
	}
}

void line_ended(void)
{
	if (cur_sink) {
		cur_sink->line_owner = NULL;
		cur_sink->col = 0;
	}
}

bool line_is_open(struct tcb *tcp)
{
	return tcp->out && tcp->out->line_owner == tcp && tcp->out->col != 0;
}

void print_syscall_resume(struct tcb *tcp)
{
	cur_sink = tcp->out;
	if (line_is_open(tcp) && !(tcp->flags & TCB_REPRINT))
		return;
	tcp->flags &= ~TCB_REPRINT;
	printleader(tcp);
	sink_write(cur_sink, "<... ", 5);
	const char *name = tcp->s_ent ? tcp->s_ent->name : NULL;
	char buf[64];
	if (!name) {
		snprintf(buf, sizeof(buf), "syscall_%#llx", (unsigned long long)tcp->scno);
		name = buf;
	}
	sink_write(cur_sink, name, strlen(name));
	sink_write(cur_sink, " resumed>", 9);
}

struct staged {
	struct sink mem;
	struct sink *real;
};

void stage_begin(struct tcb *tcp)
{
	if (!tcp->stage) {
		tcp->stage = xcalloc(1, sizeof(struct staged));
		tcp->stage->mem.mem = xcalloc(1, 256);
		tcp->stage->mem.cap = 256;
	}
	tcp->stage->mem.len = 0;
	tcp->stage->mem.col = 0;
	tcp->stage->mem.line_owner = NULL;
	tcp->stage->real = tcp->out;
	tcp->out = &tcp->stage->mem;
}

void stage_end(struct tcb *tcp, bool publish)
{
	struct staged *st = tcp->stage;

	if (!st || tcp->out != &st->mem)
		return;
	struct sink *real = st->real;
	tcp->out = real;
	if (cur_sink == &st->mem)
		cur_sink = real;
	if (publish && st->mem.len) {
		/* The held text may end mid-line (-P holds only the entry): it
		 * takes over the real sink's line as printleader would. */
		if (real->line_owner && real->line_owner != tcp && real->col != 0) {
			sink_write(real, " <unfinished ...>\n", 18);
			real->line_owner->flags |= TCB_REPRINT;
		}
		sink_write(real, st->mem.mem, st->mem.len);
		real->line_owner = real->col ? tcp : NULL;
	}
	st->mem.len = 0;
}

bool tcb_is_staging(const struct tcb *tcp)
{
	return tcp->stage && tcp->out == &tcp->stage->mem;
}

void stage_free(struct tcb *tcp)
{
	if (!tcp->stage)
		return;
	if (cur_sink == &tcp->stage->mem)
		cur_sink = tcp->stage->real;
	if (tcb_is_staging(tcp))
		tcp->out = tcp->stage->real;
	free(tcp->stage->mem.mem);
	free(tcp->stage);
	tcp->stage = NULL;
}

void output_summary(void)
{
	struct sink *s = &shared_sink;

	/* Like strace, the table goes where the trace went. */
	if (!s->fp)
		return;
	sink_flush(s, true);
	count_summary(s->fp);
}
