/* chan_program.c — the program output (Falco's outputs_program: popen(program, "w"), the alert
 * string and a newline written to its stdin). Without keep_alive the program is started and
 * waited for around every alert, as Falco does; with it, one program receives every alert and
 * is restarted on SIGHUP or when it exits.
 *
 * posix_spawn instead of popen: this thread blocks every signal and a child must not inherit
 * that mask, so the child gets an empty mask and default dispositions. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "outputs/channel.h"

extern char **environ;

struct st_program {
	struct chan_fd out; /* first: out.open/close cast back to the whole state */
	char *cmd;
	pid_t pid;
};

static int prog_start(struct chan_fd *f)
{
	struct st_program *s = (struct st_program *)f;
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawnattr_init(&at);
	sigset_t none, all;
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	char *argv[] = {"/bin/sh", "-c", s->cmd, NULL};
	int e = posix_spawn(&s->pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(p[0]);
	if (e) {
		close(p[1]);
		errno = e;
		return -1;
	}
	f->fd = p[1];
	return 0;
}

/* Closes its stdin and waits for it (as pclose). */
static void prog_stop(struct chan_fd *f)
{
	struct st_program *s = (struct st_program *)f;
	close(f->fd);
	while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void *program_init(const struct lanner_config *c, char *err, size_t errlen)
{
	if (!chan_setting_given(c->program_output.program, "program", "program_output", err,
				errlen))
		return NULL;
	struct st_program *s = xcalloc(1, sizeof(*s));
	s->cmd = xstrdup(c->program_output.program);
	s->out = (struct chan_fd){.name = "program",
				  .verb = "start",
				  .label = xasprintf("'%s'", s->cmd),
				  .keep_alive = c->program_output.keep_alive,
				  .fd = -1,
				  .open = prog_start,
				  .close = prog_stop};
	return s;
}

static int program_write(void *st, int priority, const char *msg, size_t len)
{
	(void)priority;
	return chan_fd_write(st, msg, len);
}

/* The program is restarted for the next alert. */
static void program_reopen(void *st)
{
	chan_fd_close(st);
}

static void program_fini(void *st)
{
	struct st_program *s = st;
	chan_fd_fini(&s->out);
	free(s->cmd);
	free(s);
}

CHAN_OPS(program, program_reopen);
