/* busy_server — a mixed "server" load: a temp tree of DIRS×FILES small files; each operation
 * stats one file, opens it, reads it, closes it; every EXEC_EVERY operations it also runs
 * /bin/true (fork+exec). No path matches a rule. The tree is removed at the end. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

enum { DIRS = 16, FILES = 32, EXEC_EVERY = 2000 };

static void run_true(void)
{
	char *args[] = {"/bin/true", NULL};
	char *envp[] = {NULL};
	pid_t p = fork();
	if (p == 0) {
		execve("/bin/true", args, envp);
		_exit(127);
	}
	if (p > 0)
		waitpid(p, NULL, 0);
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv, "");
	char root[] = "/tmp/lanner-bench-busy.XXXXXX", path[256], buf[4096];
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	memset(buf, 'x', sizeof(buf));
	for (int d = 0; d < DIRS; d++) {
		snprintf(path, sizeof(path), "%s/d%02d", root, d);
		mkdir(path, 0755);
		for (int f = 0; f < FILES; f++) {
			snprintf(path, sizeof(path), "%s/d%02d/f%03d.html", root, d, f);
			int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || write(fd, buf, 1024 + 64 * f) < 0) {
				perror(path);
				return 1;
			}
			close(fd);
		}
	}
	long i, bytes = 0;
	for (i = 0; i < a.count && !bench_expired(&a, i); i++) {
		long k = (i * 7919) % (DIRS * FILES);
		snprintf(path, sizeof(path), "%s/d%02ld/f%03ld.html", root, k / FILES, k % FILES);
		struct stat st;
		if (stat(path, &st))
			break;
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			break;
		ssize_t n;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			bytes += n;
		close(fd);
		if (i % EXEC_EVERY == EXEC_EVERY - 1)
			run_true();
	}
	for (int d = 0; d < DIRS; d++) {
		for (int f = 0; f < FILES; f++) {
			snprintf(path, sizeof(path), "%s/d%02d/f%03d.html", root, d, f);
			unlink(path);
		}
		snprintf(path, sizeof(path), "%s/d%02d", root, d);
		rmdir(path);
	}
	rmdir(root);
	printf("ops=%ld bytes=%ld\n", i, bytes);
	return 0;
}
