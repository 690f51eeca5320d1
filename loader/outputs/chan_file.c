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

static int file_open(struct chan_fd *f)
{
	f->fd = open(f->label, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	return f->fd < 0 ? -1 : 0;
}

static void file_close(struct chan_fd *f)
{
	close(f->fd);
}

static void *file_init(const struct lanner_config *c, char *err, size_t errlen)
{
	if (!chan_setting_given(c->file_output.filename, "filename", "file_output", err, errlen))
		return NULL;
	struct chan_fd *f = xcalloc(1, sizeof(*f));
	*f = (struct chan_fd){.name = "file",
			      .verb = "open",
			      .label = xstrdup(c->file_output.filename),
			      .keep_alive = c->file_output.keep_alive,
			      .open = file_open,
			      .close = file_close};
	/* open once now so that a bad path stops lanner at start, not at the first alert */
	if (file_open(f)) {
		snprintf(err, errlen, "cannot open %s: %s", f->label, strerror(errno));
		free(f->label);
		free(f);
		return NULL;
	}
	if (!f->keep_alive)
		chan_fd_close(f);
	return f;
}

static int file_write(void *st, int priority, const char *msg, size_t len)
{
	(void)priority;
	return chan_fd_write(st, msg, len);
}

static void file_reopen(void *st)
{
	struct chan_fd *f = st;
	chan_fd_close(f);
	if (f->keep_alive && file_open(f))
		fprintf(stderr, "lanner: file output: cannot reopen %s: %s\n", f->label,
			strerror(errno));
}

static void file_fini(void *st)
{
	chan_fd_fini(st);
	free(st);
}

CHAN_OPS(file, file_reopen);
