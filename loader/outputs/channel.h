/* channel.h — what one output channel implements (chan_*.c); outputs.c gives each its queue and
 * thread. All functions run on the channel's own thread except init (at start, on the caller's).
 */
#ifndef LANNER_CHANNEL_H
#define LANNER_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

struct chan_ops {
	const char *name;
	/* Checks the configuration and prepares the channel: its state, or NULL with a message in
	 * err (lanner then refuses to start rather than run without the output). */
	void *(*init)(const struct lanner_config *c, char *err, size_t errlen);
	/* Delivers one alert string (no trailing newline). 0, or -1 when it was not delivered
	 * (the reason already printed on stderr, at most once per failure streak). */
	int (*write)(void *st, int priority, const char *msg, size_t len);
	/* Reopens files/programs (SIGHUP); may be NULL. */
	void (*reopen)(void *st);
	void (*fini)(void *st);
};

/* Defines chan_NAME_ops, named "NAME", from the channel's functions NAME_init, NAME_write and
 * NAME_fini, with reopen (a function or NULL). */
#define CHAN_OPS(nm, reopen_)                                                                      \
	const struct chan_ops chan_##nm##_ops = {                                                  \
		.name = #nm,                                                                       \
		.init = nm##_init,                                                                 \
		.write = nm##_write,                                                               \
		.reopen = reopen_,                                                                 \
		.fini = nm##_fini,                                                                 \
	}

extern const struct chan_ops chan_file_ops, chan_stdout_ops, chan_syslog_ops, chan_program_ops,
	chan_http_ops;

/* Writes all of buf to fd (retrying short writes and EINTR). 0 or -1 (errno set). */
int chan_write_all(int fd, const char *buf, size_t len);
/* Writes msg and a newline in one write, so that concurrent appenders never interleave inside
 * a line. 0 or -1 (errno set). */
int chan_write_line(int fd, const char *msg, size_t len);
/* The outcome of one delivery: a failure is reported on stderr (the printf-style message, which
 * ends with a newline) only when it starts a failure streak; a success ends the streak. Returns
 * failed ? -1 : 0. */
int chan_outcome(bool *failing, bool failed, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A descriptor a channel opens on demand (file, program). The channel's state starts with it,
 * so that open/close can cast it back to the whole state. */
struct chan_fd {
	const char *name; /* the channel in messages: "file" */
	const char *verb; /* what open does, in messages: "open", "start" */
	char *label;	  /* the target as messages name it; owned by the channel */
	bool keep_alive;  /* stays open between alerts */
	int fd;		  /* -1 when closed */
	bool failing;	  /* a failure was reported; quiet until a delivery succeeds */
	int (*open)(struct chan_fd *f);	  /* sets fd; 0, or -1 with errno set */
	void (*close)(struct chan_fd *f); /* closes fd (and waits for a program) */
};
/* Delivers msg and a newline: opens when closed, closes after unless keep_alive (or after a
 * failure, so the next alert opens afresh). 0 or -1 as chan_ops.write. */
int chan_fd_write(struct chan_fd *f, const char *msg, size_t len);
/* Closes the descriptor when open. */
void chan_fd_close(struct chan_fd *f);
/* The end of a channel's chan_fd: closed, its label freed (the state holding it is the
 * channel's to free). */
void chan_fd_fini(struct chan_fd *f);

/* A setting channel.key the channel cannot run without: true when value is non-empty, else
 * false with "channel.key is required when channel is enabled" in err (for init). */
bool chan_setting_given(const char *value, const char *key, const char *channel, char *err,
			size_t errlen);

#endif
