/* chan_fd.c — delivery over a descriptor a channel opens on demand (the file and program
 * channels): open when closed, write the line, close again unless keep_alive or after a
 * failure, and report failures once per streak in the channel's own words. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "outputs/channel.h"

int chan_fd_write(struct chan_fd *f, const char *msg, size_t len)
{
	if (f->fd < 0 && f->open(f))
		return chan_outcome(&f->failing, true, "lanner: %s output: cannot %s %s: %s\n",
				    f->name, f->verb, f->label, strerror(errno));
	int rc = chan_write_line(f->fd, msg, len);
	chan_outcome(&f->failing, rc != 0, "lanner: %s output: %s: %s\n", f->name, f->label,
		     strerror(errno));
	if (!f->keep_alive || rc)
		chan_fd_close(f); /* a program that exited is restarted for the next alert */
	return rc;
}

void chan_fd_close(struct chan_fd *f)
{
	if (f->fd >= 0)
		f->close(f);
	f->fd = -1;
}

void chan_fd_fini(struct chan_fd *f)
{
	chan_fd_close(f);
	free(f->label);
	f->label = NULL;
}
