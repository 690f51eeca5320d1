/* actions.c — performs known actions for capture.test.sh, one per subcommand, so the test can
 * assert the exact values the sensor reports. Build: cc -o actions actions.c -lutil */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int die(const char *what)
{
	perror(what);
	return 1;
}

/* files under dir (created by the test) */
static int files(const char *dir)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/abs", dir);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644); /* absolute, O_CREAT|O_TRUNC */
	if (fd < 0)
		return die("open abs");
	close(fd);
	if (chdir(dir))
		return die("chdir");
	fd = openat(AT_FDCWD, "rel", O_RDONLY | O_CREAT, 0644); /* relative after chdir */
	if (fd < 0)
		return die("openat rel");
	close(fd);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return die("open dir");
	mkdirat(dfd, "sub", 0755);
	fd = openat(dfd, "sub/viadirfd", O_RDWR | O_CREAT, 0600); /* relative to a dirfd */
	if (fd < 0)
		return die("openat dirfd");
	close(fd);
	snprintf(p, sizeof(p), "%s//sub/../sub/./viadirfd", dir); /* .. and // */
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return die("open dotdot");
	close(fd);
	fd = open("/nonexistent-lanner/x", O_RDONLY); /* fails: ENOENT */
	unlinkat(dfd, "rel", 0);
	syscall(SYS_renameat2, dfd, "abs", dfd, "renamed", 0); /* glibc maps flags 0 to renameat */
	symlinkat("/etc/shadow", dfd, "link");
	fchmodat(dfd, "renamed", 0600, 0);
	close(dfd);
	return 0;
}

static int net(const char *unix_path)
{
	int srv = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int one = 1;
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_port = htons(47123);
	if (bind(srv, (struct sockaddr *)&a, sizeof(a)) || listen(srv, 4))
		return die("bind");
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)))
		return die("connect tcp");
	close(c);
	close(srv);
	int us = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un u = {.sun_family = AF_UNIX};
	snprintf(u.sun_path, sizeof(u.sun_path), "%s", unix_path);
	unlink(unix_path);
	if (bind(us, (struct sockaddr *)&u, sizeof(u)) || listen(us, 4))
		return die("bind unix");
	int uc = socket(AF_UNIX, SOCK_STREAM, 0);
	if (connect(uc, (struct sockaddr *)&u, sizeof(u)))
		return die("connect unix");
	close(uc);
	close(us);
	unlink(unix_path);
	return 0;
}

static int misc(void)
{
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	usleep(10000);
	if (ptrace(PTRACE_ATTACH, child, 0, 0))
		return die("ptrace");
	waitpid(child, NULL, 0);
	ptrace(PTRACE_DETACH, child, 0, 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	int m = memfd_create("lanner-memfd", MFD_CLOEXEC);
	if (m < 0)
		return die("memfd_create");
	close(m);
	if (setuid(0))
		return die("setuid");
	return 0;
}

/* execve of a known binary, with and without a controlling terminal */
static int exec_tty(const char *bin, int with_tty)
{
	if (!with_tty) {
		pid_t p = fork();
		if (p == 0) {
			setsid(); /* no controlling terminal */
			execl(bin, "lanner-exec-notty", "alpha", "beta", (char *)NULL);
			_exit(127);
		}
		waitpid(p, NULL, 0);
		return 0;
	}
	int master;
	pid_t p = forkpty(&master, NULL, NULL, NULL);
	if (p < 0)
		return die("forkpty");
	if (p == 0) {
		/* report our tty_nr (/proc/self/stat field 7) for the test to compare */
		const char *out = getenv("LANNER_TTY_OUT");
		FILE *st = fopen("/proc/self/stat", "r"), *o = out ? fopen(out, "w") : NULL;
		if (st && o) {
			char line[1024];
			if (fgets(line, sizeof(line), st)) {
				char *q = strrchr(line, ')');
				int tty = 0;
				if (q && sscanf(q + 2, "%*c %*d %*d %*d %d", &tty) == 1)
					fprintf(o, "%d\n", tty);
			}
		}
		if (st)
			fclose(st);
		if (o)
			fclose(o);
		execl(bin, "lanner-exec-tty", "gamma", "delta", (char *)NULL);
		_exit(127);
	}
	char buf[256];
	while (read(master, buf, sizeof(buf)) > 0)
		;
	waitpid(p, NULL, 0);
	return 0;
}

static int storm(long n, const char *path)
{
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	usleep(argc > 3 && !strcmp(argv[argc - 1], "nowait") ? 0 : 300000);
	if (!strcmp(argv[1], "files") && argc > 2)
		return files(argv[2]);
	if (!strcmp(argv[1], "net") && argc > 2)
		return net(argv[2]);
	if (!strcmp(argv[1], "misc"))
		return misc();
	if (!strcmp(argv[1], "exec") && argc > 3)
		return exec_tty(argv[2], atoi(argv[3]));
	if (!strcmp(argv[1], "storm") && argc > 3)
		return storm(atol(argv[2]), argv[3]);
	return 2;
}
