/* fields_exec_actions.c — the real actions of fields_exec*.test.sh, one per subcommand:
 *   memfd BIN ARG...   copy BIN into a memfd and execveat(fd, "", AT_EMPTY_PATH) it
 *   open3 PATH         open(PATH, access mode 3 = both O_WRONLY and O_RDWR bits), then close
 *   fchdir DIR CMD...  open DIR, fchdir to it, then exec CMD (its cwd is the one fchdir set)
 *   int80open PATH     a 32-bit open (int $0x80) of PATH; exit 3 when the kernel refuses it
 * Build: cc -o fields_exec_actions fields_exec_actions.c */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <signal.h>
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

/* open(PATH, O_RDONLY) through the 32-bit entry (int $0x80, i386 number 5), from this 64-bit
 * program: the path is copied below 4 GiB so its address fits a 32-bit register. Prints the
 * result; exits 3 when the kernel refuses 32-bit syscalls (no IA32 emulation: SIGSEGV). */
static void on_segv(int sig)
{
	(void)sig;
	_exit(3);
}

static int int80_open(const char *path)
{
	signal(SIGSEGV, on_segv);
	char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED)
		return die("mmap");
	snprintf(low, 4096, "%s", path);
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(5L), "b"(low), "c"(0L) : "memory");
	printf("int80 open: %ld\n", ret);
	if (ret >= 0)
		__asm__ volatile("int $0x80"
				 : "=a"(ret)
				 : "a"(6L), "b"(ret)
				 : "memory"); /* close */
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "int80open"))
		return int80_open(argv[2]);
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
	fprintf(stderr,
		"usage: %s memfd BIN ARG... | open3 PATH | fchdir DIR CMD... | int80open PATH\n",
		argv[0]);
	return 2;
}
