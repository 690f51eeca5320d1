/* chan_file.c — the file output (Falco's outputs_file): the alert string and a newline appended
 * to file_output.filename. With keep_alive the file stays open (reopened on SIGHUP, so that
 * logrotate can move it away); without it, it is opened and closed for every alert, as Falco
 * does. The file is created (mode 0644, less the umask) when missing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "outputs/channel.h"

struct st_file {
	char *path;
	bool keep_alive;
	int fd; /* -1 when closed */
	bool failing;
};

static int file_open(struct st_file *s)
{
	s->fd = open(s->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	return s->fd < 0 ? -1 : 0;
}

static void *file_init(const struct lanner_config *c, char *err, size_t errlen)
{
	if (!chan_setting_given(c->file_output.filename, "filename", "file_output", err, errlen))
		return NULL;
	struct st_file *s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(c->file_output.filename);
	s->keep_alive = c->file_output.keep_alive;
	/* open once now so that a bad path stops lanner at start, not at the first alert */
	if (file_open(s)) {
		snprintf(err, errlen, "cannot open %s: %s", s->path, strerror(errno));
		free(s->path);
		free(s);
		return NULL;
	}
	if (!s->keep_alive) {
		close(s->fd);
		s->fd = -1;
	}
	return s;
}

static int file_write(void *st, int priority, const char *msg, size_t len)
{
	struct st_file *s = st;
	(void)priority;
	if (s->fd < 0 && file_open(s))
		return chan_outcome(&s->failing, true, "lanner: file output: cannot open %s: %s\n",
				    s->path, strerror(errno));
	int rc = chan_write_line(s->fd, msg, len);
	chan_outcome(&s->failing, rc != 0, "lanner: file output: %s: %s\n", s->path,
		     strerror(errno));
	if (!s->keep_alive || rc) {
		close(s->fd);
		s->fd = -1;
	}
	return rc;
}

static void file_reopen(void *st)
{
	struct st_file *s = st;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->keep_alive && file_open(s))
		fprintf(stderr, "lanner: file output: cannot reopen %s: %s\n", s->path,
			strerror(errno));
}

static void file_fini(void *st)
{
	struct st_file *s = st;
	if (s->fd >= 0)
		close(s->fd);
	free(s->path);
	free(s);
}

const struct chan_ops chan_file_ops = {
	.name = "file",
	.init = file_init,
	.write = file_write,
	.reopen = file_reopen,
	.fini = file_fini,
};
