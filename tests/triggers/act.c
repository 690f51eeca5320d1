/* act.c — the syscalls tests/triggers/actions.sh needs and a shell cannot make, one subcommand
 * each. Built static (cc -static) so the same binary also runs inside busybox containers.
 * Every subcommand ignores trailing arguments: the triggers test passes a marker there so the
 * alert's command line names the action that caused it. Exit status 0 = the syscalls were made
 * (their own results, e.g. EPERM or ENOSYS, are printed on stderr, not treated as failures:
 * the rules under test detect attempts).
 *
 *   act open PATH MODE            open PATH (MODE: r, w, rw, wc = O_WRONLY|O_CREAT, wt = O_WRONLY|
 *                                 O_TRUNC, wa = O_WRONLY|O_APPEND, rc = O_RDONLY|O_CREAT), close
 *   act sleep-open MS PATH MODE   sleep MS milliseconds, then as open
 *   act spawn PROG ARGS...        fork; the child execs PROG (PATH search); wait for it
 *   act as-user UID PROG ARGS...  setresgid/setresuid(UID) then exec PROG (no fork)
 *   act setuid UID                setuid(UID)
 *   act ptrace-attach             fork a child, PTRACE_ATTACH it, detach, kill it
 *   act ptrace-peek               fork a child, PTRACE_PEEKUSER it without attaching (ESRCH)
 *   act ptrace-traceme            PTRACE_TRACEME
 *   act memfd-exec FILE ARGS...   copy FILE into a memfd and execveat(fd, "", AT_EMPTY_PATH)
 *   act setns NSFILE              setns(open(NSFILE), 0)
 *   act unshare-user              unshare(CLONE_NEWUSER)
 *   act socket DOMAIN             socket(DOMAIN = packet | inet, ...), close
 *   act revshell                  a TCP connection to itself on 127.0.0.1; dup2 of the
 *                                 connected socket onto fds 0, 1, 2 (a reverse shell's setup)
 *   act dup-file PATH             dup2 of a file opened read-only onto fd 0
 *   act connect tcp|udp IP PORT [nb]   connect (nb: non-blocking, EINPROGRESS accepted)
 *   act listen IP PORT SECS       accept connections on IP:PORT for SECS seconds, close each
 *                                 (SO_REUSEPORT: concurrent runs of the test share the port)
 *   act bpf-prog | bpf-map        bpf(BPF_PROG_LOAD) of a 2-instruction socket filter /
 *                                 bpf(BPF_MAP_CREATE) of a 1-entry array
 *   act finit-module PATH         finit_module(open(PATH)) — the kernel refuses non-modules
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void note(const char *what)
{
	fprintf(stderr, "act: %s: %s\n", what, strerror(errno));
}

static int usage(void)
{
	fprintf(stderr, "usage: act SUBCOMMAND ARGS... (see act.c)\n");
	return 2;
}

static int open_flags(const char *m)
{
	static const struct {
		const char *name;
		int flags;
	} t[] = {{"r", O_RDONLY},
		 {"w", O_WRONLY},
		 {"rw", O_RDWR},
		 {"wc", O_WRONLY | O_CREAT},
		 {"wt", O_WRONLY | O_TRUNC},
		 {"wa", O_WRONLY | O_APPEND},
		 {"rc", O_RDONLY | O_CREAT}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(m, t[i].name))
			return t[i].flags;
	return -1;
}

static int do_open(const char *path, const char *mode)
{
	int fl = open_flags(mode);
	if (fl < 0)
		return usage();
	int fd = open(path, fl, 0644);
	if (fd < 0)
		note(path);
	else
		close(fd);
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int spawn(char **argv)
{
	pid_t p = fork();
	if (p < 0) {
		note("fork");
		return 1;
	}
	if (p == 0) {
		execvp(argv[0], argv);
		note(argv[0]);
		_exit(127);
	}
	int st = 0;
	waitpid(p, &st, 0);
	return 0;
}

static int as_user(unsigned id, char **argv)
{
	if (setgroups(0, NULL) || setresgid(id, id, id) || setresuid(id, id, id)) {
		note("setresuid");
		return 1;
	}
	execvp(argv[0], argv);
	note(argv[0]);
	return 127;
}

static pid_t idle_child(void)
{
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	sleep_ms(20);
	return c;
}

static void reap(pid_t c)
{
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
}

static int ptrace_attach(void)
{
	pid_t c = idle_child();
	if (ptrace(PTRACE_ATTACH, c, 0, 0))
		note("PTRACE_ATTACH");
	else {
		waitpid(c, NULL, 0);
		ptrace(PTRACE_DETACH, c, 0, 0);
	}
	reap(c);
	return 0;
}

static int ptrace_peek(void)
{
	pid_t c = idle_child();
	errno = 0;
	ptrace(PTRACE_PEEKUSER, c, 0, 0); /* not traced: ESRCH */
	reap(c);
	return 0;
}

static int memfd_exec(const char *file, char **argv)
{
	int in = open(file, O_RDONLY);
	int m = memfd_create("lanner-trg", 0);
	if (in < 0 || m < 0) {
		note("memfd-exec setup");
		return 1;
	}
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(m, buf, (size_t)n) != n) {
			note("write memfd");
			return 1;
		}
	close(in);
	extern char **environ;
	syscall(SYS_execveat, m, "", argv, environ, AT_EMPTY_PATH);
	note("execveat");
	return 1;
}

static int do_setns(const char *nsfile)
{
	int fd = open(nsfile, O_RDONLY);
	if (fd < 0) {
		note(nsfile);
		return 1;
	}
	if (setns(fd, 0))
		note("setns");
	close(fd);
	return 0;
}

static int do_socket(const char *dom)
{
	int fd;
	if (!strcmp(dom, "packet"))
		fd = socket(AF_PACKET, SOCK_RAW, htons(0x0003 /* ETH_P_ALL */));
	else if (!strcmp(dom, "inet"))
		fd = socket(AF_INET, SOCK_DGRAM, 0);
	else
		return usage();
	if (fd < 0)
		note("socket");
	else
		close(fd);
	return 0;
}

static int revshell(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	int srv = socket(AF_INET, SOCK_STREAM, 0);
	if (srv < 0 || bind(srv, (struct sockaddr *)&a, sizeof(a)) || listen(srv, 1) ||
	    getsockname(srv, (struct sockaddr *)&a, &al)) {
		note("listen");
		return 1;
	}
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a))) {
		note("connect");
		return 1;
	}
	int e = dup(2); /* keep a way to report */
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(c, fd) < 0)
			dprintf(e, "act: dup2: %s\n", strerror(errno));
	return 0;
}

static int dup_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0) {
		note("dup-file");
		return 1;
	}
	return 0;
}

static int sockaddr_of(const char *ip, const char *port, struct sockaddr_in *a)
{
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = htons((unsigned short)atoi(port));
	return inet_pton(AF_INET, ip, &a->sin_addr) == 1 ? 0 : -1;
}

static int do_connect(const char *proto, const char *ip, const char *port, int nb)
{
	struct sockaddr_in a;
	if (sockaddr_of(ip, port, &a))
		return usage();
	int udp = !strcmp(proto, "udp");
	int fd = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | (nb ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)))
		if (!(nb && errno == EINPROGRESS))
			note("connect");
	if (fd >= 0)
		close(fd);
	return 0;
}

static int do_listen(const char *ip, const char *port, int secs)
{
	struct sockaddr_in a;
	if (sockaddr_of(ip, port, &a))
		return usage();
	int one = 1, srv = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* another run of the test (make integration elsewhere) may listen on the same port */
	setsockopt(srv, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (bind(srv, (struct sockaddr *)&a, sizeof(a)) || listen(srv, 8)) {
		note("listen");
		return 1;
	}
	alarm((unsigned)secs); /* SIGALRM ends the process */
	for (;;) {
		int c = accept(srv, NULL, NULL);
		if (c >= 0)
			close(c);
	}
}

static int do_bpf(int prog)
{
	union bpf_attr at;
	memset(&at, 0, sizeof(at));
	long r;
	if (prog) {
		struct bpf_insn insn[2] = {
			{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
			{.code = BPF_JMP | BPF_EXIT}};
		static char license[] = "GPL";
		at.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
		at.insns = (unsigned long)insn;
		at.insn_cnt = 2;
		at.license = (unsigned long)license;
		r = syscall(SYS_bpf, BPF_PROG_LOAD, &at, sizeof(at));
	} else {
		at.map_type = BPF_MAP_TYPE_ARRAY;
		at.key_size = 4;
		at.value_size = 4;
		at.max_entries = 1;
		r = syscall(SYS_bpf, BPF_MAP_CREATE, &at, sizeof(at));
	}
	if (r < 0)
		note("bpf");
	else
		close((int)r);
	return 0;
}

static int finit_module(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		note(path);
		return 1;
	}
	if (syscall(SYS_finit_module, fd, "", 0))
		note("finit_module");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *c = argv[1];
	int n = argc - 2; /* arguments after the subcommand */
	char **a = argv + 2;
	if (!strcmp(c, "open") && n >= 2)
		return do_open(a[0], a[1]);
	if (!strcmp(c, "sleep-open") && n >= 3) {
		sleep_ms(atol(a[0]));
		return do_open(a[1], a[2]);
	}
	if (!strcmp(c, "spawn") && n >= 1)
		return spawn(a);
	if (!strcmp(c, "as-user") && n >= 2)
		return as_user((unsigned)atoi(a[0]), a + 1);
	if (!strcmp(c, "setuid") && n >= 1) {
		if (setuid((uid_t)atoi(a[0])))
			note("setuid");
		return 0;
	}
	if (!strcmp(c, "ptrace-attach"))
		return ptrace_attach();
	if (!strcmp(c, "ptrace-peek"))
		return ptrace_peek();
	if (!strcmp(c, "ptrace-traceme")) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			note("PTRACE_TRACEME");
		return 0;
	}
	if (!strcmp(c, "memfd-exec") && n >= 1)
		return memfd_exec(a[0], a);
	if (!strcmp(c, "setns") && n >= 1)
		return do_setns(a[0]);
	if (!strcmp(c, "unshare-user")) {
		if (unshare(CLONE_NEWUSER))
			note("unshare");
		return 0;
	}
	if (!strcmp(c, "socket") && n >= 1)
		return do_socket(a[0]);
	if (!strcmp(c, "revshell"))
		return revshell();
	if (!strcmp(c, "dup-file") && n >= 1)
		return dup_file(a[0]);
	if (!strcmp(c, "connect") && n >= 3)
		return do_connect(a[0], a[1], a[2], n >= 4 && !strcmp(a[3], "nb"));
	if (!strcmp(c, "listen") && n >= 3)
		return do_listen(a[0], a[1], atoi(a[2]));
	if (!strcmp(c, "bpf-prog") || !strcmp(c, "bpf-map"))
		return do_bpf(!strcmp(c, "bpf-prog"));
	if (!strcmp(c, "finit-module") && n >= 1)
		return finit_module(a[0]);
	return usage();
}
