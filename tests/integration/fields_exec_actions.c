/* fields_exec_actions.c — the real actions of fields_exec*.test.sh, one per subcommand:
 *   memfd BIN ARG...   copy BIN into a memfd and execveat(fd, "", AT_EMPTY_PATH) it
 *   open3 PATH         open(PATH, access mode 3 = both O_WRONLY and O_RDWR bits), then close
 *   fchdir DIR CMD...  open DIR, fchdir to it, then exec CMD (its cwd is the one fchdir set)
 * Build: cc -o fields_exec_actions fields_exec_actions.c */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static int die(const char *what)
{
	perror(what);
	return 1;
}

static int memfd_exec(const char *bin, char **argv)
{
	int in = open(bin, O_RDONLY);
	if (in < 0)
		return die("open");
	int fd = (int)syscall(SYS_memfd_create, "lnrtest", 0);
	if (fd < 0)
		return die("memfd_create");
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			return die("write");
	close(in);
	syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
	return die("execveat");
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "memfd"))
		return memfd_exec(argv[2], argv + 2);
	if (argc > 2 && !strcmp(argv[1], "open3")) {
		int fd = open(argv[2], 3 | O_CREAT, 0644);
		if (fd < 0)
			return die("open");
		close(fd);
		return 0;
	}
	if (argc > 3 && !strcmp(argv[1], "fchdir")) {
		int fd = open(argv[2], O_RDONLY | O_DIRECTORY);
		if (fd < 0 || fchdir(fd))
			return die("fchdir");
		execvp(argv[3], argv + 3);
		return die("exec");
	}
	fprintf(stderr, "usage: %s memfd BIN ARG... | open3 PATH | fchdir DIR CMD...\n", argv[0]);
	return 2;
}
