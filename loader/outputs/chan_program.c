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
	char *cmd;
	bool keep_alive;
	int fd; /* the program's stdin, -1 when not running */
	pid_t pid;
	bool failing;
};

static int prog_start(struct st_program *s)
{
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
	s->fd = p[1];
	return 0;
}

/* Closes its stdin and waits for it (as pclose). */
static void prog_stop(struct st_program *s)
{
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
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
	s->keep_alive = c->program_output.keep_alive;
	s->fd = -1;
	return s;
}

static int program_write(void *st, int priority, const char *msg, size_t len)
{
	struct st_program *s = st;
	(void)priority;
	if (s->fd < 0 && prog_start(s))
		return chan_outcome(&s->failing, true,
				    "lanner: program output: cannot start '%s': %s\n", s->cmd,
				    strerror(errno));
	int rc = chan_write_line(s->fd, msg, len);
	chan_outcome(&s->failing, rc != 0, "lanner: program output: '%s': %s\n", s->cmd,
		     strerror(errno));
	if (!s->keep_alive || rc)
		prog_stop(s); /* a program that exited is restarted for the next alert */
	return rc;
}

static void program_reopen(void *st)
{
	prog_stop(st);
}

static void program_fini(void *st)
{
	struct st_program *s = st;
	prog_stop(s);
	free(s->cmd);
	free(s);
}

const struct chan_ops chan_program_ops = {
	.name = "program",
	.init = program_init,
	.write = program_write,
	.reopen = program_reopen,
	.fini = program_fini,
};
