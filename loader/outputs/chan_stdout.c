/* chan_stdout.c — the stdout output: the alert string and a newline, flushed per alert unless
 * buffered_outputs (Falco's outputs_stdout). Only this channel's thread writes alerts to stdout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "outputs/channel.h"

struct st_stdout {
	bool buffered;
	bool failing; /* a write error was reported; quiet until one succeeds */
};

static void *stdout_init(const struct lanner_config *c, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	struct st_stdout *s = xcalloc(1, sizeof(*s));
	s->buffered = c->opt.buffered_outputs;
	return s;
}

static int stdout_write(void *st, int priority, const char *msg, size_t len)
{
	struct st_stdout *s = st;
	(void)priority;
	int rc = fwrite(msg, 1, len, stdout) == len && fputc('\n', stdout) != EOF ? 0 : -1;
	if (!s->buffered && fflush(stdout) != 0)
		rc = -1;
	chan_outcome(&s->failing, rc != 0, "lanner: stdout output: %s\n", strerror(errno));
	if (rc)
		clearerr(stdout);
	return rc;
}

static void stdout_fini(void *st)
{
	fflush(stdout);
	free(st);
}

CHAN_OPS(stdout, NULL);
