/* Tests of the userspace process table (loader/proctable.c) on a fake procfs tree and on /proc. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "events/proctable.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char root[64];

static void put_file(int pid, const char *name, const char *content, size_t len)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%d/%s", root, pid, name);
	f = fopen(p, "w");
	cr_assert(f, "%s", p);
	cr_assert_eq(fwrite(content, 1, len, f), len);
	fclose(f);
}

static void put_link(int pid, const char *name, const char *target)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%d/%s", root, pid, name);
	cr_assert_eq(symlink(target, p), 0, "%s", p);
}

/* A fake /proc/<pid>: stat with the given comm/ppid/session/tty, status with ids, cmdline (NUL-
 * separated, given with '|' for NUL), links, cgroup. */
static void fake_proc(int pid, const char *comm, int ppid, int sid, int tty, const char *cmdline,
		      const char *exe, const char *cgroup)
{
	char p[256], buf[1024];
	size_t n;

	snprintf(p, sizeof(p), "%s/%d", root, pid);
	cr_assert_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/%d/ns", root, pid);
	cr_assert_eq(mkdir(p, 0755), 0);
	/* fields 3..22: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
	 * utime stime cutime cstime priority nice num_threads itrealvalue starttime */
	n = (size_t)snprintf(buf, sizeof(buf),
			     "%d (%s) S %d %d %d %d -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 %d 1000 "
			     "200 18446744073709551615\n",
			     pid, comm, ppid, sid, sid, tty, 1234 + pid);
	put_file(pid, "stat", buf, n);
	n = (size_t)snprintf(buf, sizeof(buf),
			     "Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\nPid:\t%d\n"
			     "PPid:\t%d\nUid:\t1000\t%d\t1000\t1000\nGid:\t100\t%d\t100\t100\n"
			     "NSpid:\t%d\t%d\n",
			     comm, pid, pid, ppid, 2000 + pid, 3000 + pid, pid, pid % 100 + 1);
	put_file(pid, "status", buf, n);
	n = strlen(cmdline);
	memcpy(buf, cmdline, n);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '|')
			buf[i] = '\0';
	put_file(pid, "cmdline", buf, n);
	put_file(pid, "loginuid", pid == 300 ? "1000" : "4294967295", pid == 300 ? 4 : 10);
	put_file(pid, "cgroup", cgroup, strlen(cgroup));
	if (exe)
		put_link(pid, "exe", exe);
	put_link(pid, "cwd", "/home/user");
	put_link(pid, "ns/pid", "pid:[4026531836]");
	put_link(pid, "ns/mnt", "mnt:[4026531841]");
}

static void setup_root(void)
{
	strcpy(root, "/tmp/lanner-proc-XXXXXX");
	cr_assert(mkdtemp(root));
}

static void teardown_root(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_expect_eq(system(cmd), 0);
}

/* init(1) → sshd(100) → bash(200, session leader of 200, tty pts/0) → sh(300) → "my prog"(400) */
static void fake_tree(void)
{
	fake_proc(1, "init", 0, 1, 0, "/sbin/init|", "/usr/sbin/init", "0::/\n");
	fake_proc(2, "kthreadd", 0, 0, 0, "", NULL, "0::/\n");
	fake_proc(100, "sshd", 1, 100, 0, "sshd: /usr/sbin/sshd -D|", "/usr/sbin/sshd", "0::/\n");
	fake_proc(200, "bash", 100, 200, 34816, "-bash|", "/usr/bin/bash",
		  "4:memory:/process_api/c8b7c1e296ab1108fd64d1e50d69f189\n0::/\n");
	fake_proc(300, "sh", 200, 200, 34816, "/bin/sh|-c|echo hi; sleep 1|", "/usr/bin/dash",
		  "0::/\n");
	fake_proc(400, "my (odd) prog", 300, 200, 34816, "./prog|a b||c", "/opt/prog",
		  "0::/libpod_parent/libpod-" HEX64 "\n");
}

Test(proctable, scan_fake_proc, .init = setup_root, .fini = teardown_root)
{
	struct proctable *pt = proctable_new(NULL);
	const struct proc_entry *e;
	char buf[256];

	fake_tree();
	/* Not processes: must be ignored. */
	char p[256];
	snprintf(p, sizeof(p), "%s/self", root);
	cr_assert_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/12abc", root);
	cr_assert_eq(mkdir(p, 0755), 0);
	/* A process that vanished between readdir and open: directory without files. */
	snprintf(p, sizeof(p), "%s/999", root);
	cr_assert_eq(mkdir(p, 0755), 0);

	cr_assert_eq(proctable_scan_proc(pt, root), 6);
	struct proctable_stats st;
	proctable_stats(pt, &st);
	cr_expect_eq(st.entries, 6);
	cr_expect_eq(st.scan_vanished, 1);

	e = proctable_get(pt, 400);
	cr_assert(e);
	cr_expect_str_eq(e->comm, "my (odd) prog");
	cr_expect_eq(e->ppid, 300);
	cr_expect_eq(e->sid, 200);
	cr_expect_eq(e->tty, 34816);
	cr_expect_eq(e->uid, 2400, "effective uid");
	cr_expect_eq(e->gid, 3400, "effective gid");
	cr_expect_eq(e->vpid, 1, "innermost NSpid");
	cr_expect_eq(e->loginuid, -1);
	cr_expect_eq(e->pidns, 4026531836ull);
	cr_expect_eq(e->mntns, 4026531841ull);
	cr_expect_eq(e->start_ns,
		     (1234ull + 400) * (1000000000ull / (unsigned)sysconf(_SC_CLK_TCK)));
	cr_expect_str_eq(e->exe, "./prog");
	cr_expect_str_eq(e->exepath, "/opt/prog");
	cr_expect_str_eq(e->cwd, "/home/user");
	cr_expect_str_eq(e->container_id, "0123456789ab");
	cr_assert_eq(e->nargs, 3, "empty argument kept, missing final NUL tolerated");
	cr_expect_str_eq(e->args[0], "a b");
	cr_expect_str_eq(e->args[1], "");
	cr_expect_str_eq(e->args[2], "c");
	proc_render_cmdline(e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "my (odd) prog a b  c");
	proc_render_args(e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "a b  c");

	e = proctable_get(pt, 300);
	cr_assert(e);
	cr_expect_eq(e->loginuid, 1000);
	cr_expect_str_eq(e->container_id, "host");
	proc_render_cmdline(e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "sh -c echo hi; sleep 1");

	e = proctable_get(pt, 200);
	cr_assert(e);
	cr_expect_str_eq(e->container_id, "host", "the sandbox cgroup is not a container");
	cr_expect_str_eq(e->exe, "-bash");

	/* Kernel thread: empty cmdline, no exe link. */
	e = proctable_get(pt, 2);
	cr_assert(e);
	cr_expect_str_eq(e->exe, "kthreadd");
	cr_expect_str_eq(e->exepath, "");
	cr_expect_eq(e->nargs, 0);
	cr_expect_eq(e->ppid, 0);

	cr_expect_null(proctable_get(pt, 999));
	proctable_free(pt);
}

Test(proctable, ancestry_and_renderings, .init = setup_root, .fini = teardown_root)
{
	struct proctable *pt = proctable_new(NULL);
	char buf[256];

	fake_tree();
	cr_assert_eq(proctable_scan_proc(pt, root), 6);

	cr_expect_eq(proctable_ancestor(pt, 400, 0)->pid, 400);
	cr_expect_eq(proctable_ancestor(pt, 400, 1)->pid, 300);
	cr_expect_eq(proctable_ancestor(pt, 400, 4)->pid, 1);
	cr_expect_null(proctable_ancestor(pt, 400, 5), "init has no parent");
	cr_expect_null(proctable_ancestor(pt, 400, -1));
	cr_expect_null(proctable_ancestor(pt, 12345, 0));

	cr_expect_str_eq(proctable_aname(pt, 400, 0), "my (odd) prog");
	cr_expect_str_eq(proctable_aname(pt, 400, 2), "bash");
	cr_expect_str_eq(proctable_aname(pt, 400, 3), "sshd");
	cr_expect_null(proctable_aname(pt, 400, 7));

	cr_expect_eq(proctable_anames(pt, 400, buf, sizeof(buf)), (int)strlen("sh bash sshd init"));
	cr_expect_str_eq(buf, "sh bash sshd init");
	cr_expect_eq(proctable_anames(pt, 1, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "");

	cr_expect_gt(proctable_pcmdline(pt, 400, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "sh -c echo hi; sleep 1");
	cr_expect_eq(proctable_pcmdline(pt, 1, buf, sizeof(buf)), -1, "no parent: missing");

	cr_expect_str_eq(proctable_pexepath(pt, 300), "/usr/bin/bash");
	cr_expect_null(proctable_pexepath(pt, 1));

	/* Session 200 is led by bash (200), whose parent sshd is in session 100. */
	cr_expect_str_eq(proctable_sname(pt, 400), "bash");
	cr_expect_str_eq(proctable_sname(pt, 200), "bash");
	cr_expect_str_eq(proctable_sname(pt, 100), "sshd");
	cr_expect_null(proctable_sname(pt, 4242));

	/* Cut renderings keep snprintf's contract. */
	size_t full = proc_render_cmdline(proctable_get(pt, 300), buf, 5);
	cr_expect_eq(full, strlen("sh -c echo hi; sleep 1"));
	cr_expect_str_eq(buf, "sh -");
	cr_expect_eq(proctable_pcmdline(pt, 400, buf, 0), (int)full);
	proctable_free(pt);
}

Test(proctable, exec_fork_exit)
{
	struct proctable *pt = proctable_new(NULL);
	struct proctable_stats st;
	char buf[256];
	static const char argv[] = "touch\0/tmp/secret\0";
	struct proc_exec x = {
		.pid = 50,
		.ppid = 1,
		.comm = "touch",
		.argv = argv,
		.argv_len = sizeof(argv) - 1,
		.exepath = "/usr/bin/touch",
		.cwd = "/root",
		.uid = 0,
		.gid = 0,
		.tty = 34817,
		.loginuid = 4,
		.vpid = -1,
		.sid = 50,
		.pidns = 7,
		.mntns = 8,
	};

	cr_assert_eq(proctable_on_exec(pt, &x), 0);
	const struct proc_entry *e = proctable_get(pt, 50);
	cr_assert(e);
	cr_expect_str_eq(e->container_id, "host");
	cr_expect_eq(e->vpid, 50);
	proc_render_cmdline(e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "touch /tmp/secret");

	/* fork copies the parent; the child has the parent as ppid */
	cr_assert_eq(proctable_on_fork(pt, 50, 51, 2, 999), 0);
	e = proctable_get(pt, 51);
	cr_assert(e);
	cr_expect_str_eq(e->comm, "touch");
	cr_expect_str_eq(e->exepath, "/usr/bin/touch");
	cr_expect_str_eq(e->cwd, "/root");
	cr_expect_eq(e->ppid, 50);
	cr_expect_eq(e->vpid, 2);
	cr_expect_eq(e->tty, 34817);
	cr_expect_eq(e->loginuid, 4);
	cr_expect_eq(e->start_ns, 999);
	cr_assert_eq(e->nargs, 1);
	cr_expect_str_eq(e->args[0], "/tmp/secret");
	cr_expect_neq(e->args[0], proctable_get(pt, 50)->args[0], "deep copy");

	/* exec in the child: new image, cwd kept (NULL), container given */
	static const char argv2[] = "sh\0-c\0id";
	struct proc_exec y = {.pid = 51,
			      .comm = "sh",
			      .argv = argv2,
			      .argv_len = sizeof(argv2) - 1,
			      .exepath = "/usr/bin/dash",
			      .loginuid = -1,
			      .sid = -1,
			      .container_id = "abcdefabcdef"};
	cr_assert_eq(proctable_on_exec(pt, &y), 0);
	e = proctable_get(pt, 51);
	cr_expect_str_eq(e->cwd, "/root");
	cr_expect_eq(e->ppid, 50, "ppid kept");
	cr_expect_eq(e->sid, 50, "sid kept");
	cr_expect_eq(e->vpid, 2, "vpid kept");
	cr_expect_eq(e->pidns, 7);
	cr_expect_str_eq(e->container_id, "abcdefabcdef");
	proc_render_cmdline(e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "sh -c id");
	cr_expect_gt(proctable_pcmdline(pt, 51, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "touch /tmp/secret");
	cr_expect_str_eq(proctable_pexepath(pt, 51), "/usr/bin/touch");

	/* unknown parent, bad input, exit */
	cr_expect_eq(proctable_on_fork(pt, 4242, 52, 0, 0), -ENOENT);
	cr_expect_null(proctable_get(pt, 52));
	cr_expect_eq(proctable_on_fork(pt, 51, 51, 0, 0), -EINVAL);
	struct proc_exec bad = {.pid = 0, .comm = "x"};
	cr_expect_eq(proctable_on_exec(pt, &bad), -EINVAL);
	cr_expect_eq(proctable_on_exit(pt, 50), 0);
	cr_expect_null(proctable_get(pt, 50));
	cr_expect_eq(proctable_pcmdline(pt, 51, buf, sizeof(buf)), -1, "parent gone: missing");
	cr_expect_eq(proctable_on_exit(pt, 50), -ENOENT);
	proctable_stats(pt, &st);
	cr_expect_eq(st.entries, 1);
	cr_expect_eq(st.unknown_parent, 1);
	cr_expect_eq(st.unknown_exit, 1);
	proctable_free(pt);
}

Test(proctable, limits_count_drops)
{
	struct proctable_limits lim = {.max_entries = 3, .max_args_bytes = 10, .max_str = 8};
	struct proctable *pt = proctable_new(&lim);
	struct proctable_stats st;
	static const char argv[] = "prog\0aaaa\0bbbb\0cccc\0";
	struct proc_exec x = {.pid = 1,
			      .comm = "a-very-long-command-name",
			      .argv = argv,
			      .argv_len = sizeof(argv) - 1,
			      .exepath = "/usr/local/bin/prog",
			      .cwd = "/",
			      .loginuid = -1,
			      .sid = -1};

	cr_assert_eq(proctable_on_exec(pt, &x), 0);
	const struct proc_entry *e = proctable_get(pt, 1);
	cr_expect_str_eq(e->comm, "a-very-long-com", "comm is cut like the kernel's (15 bytes)");
	cr_expect_str_eq(e->exepath, "/usr/loc");
	/* "aaaa bbbb c" would be 11 > 10: the third argument keeps one byte */
	cr_assert_eq(e->nargs, 2);
	cr_expect_str_eq(e->args[0], "aaaa");
	cr_expect_str_eq(e->args[1], "bbbb");
	x.pid = 2;
	cr_assert_eq(proctable_on_exec(pt, &x), 0);
	cr_assert_eq(proctable_on_fork(pt, 2, 3, 0, 0), 0);
	cr_expect_eq(proctable_on_fork(pt, 2, 4, 0, 0), -ENOSPC);
	x.pid = 5;
	cr_expect_eq(proctable_on_exec(pt, &x), -ENOSPC);
	x.pid = 3;
	cr_expect_eq(proctable_on_exec(pt, &x), 0, "an existing entry still updates when full");
	proctable_stats(pt, &st);
	cr_expect_eq(st.entries, 3);
	cr_expect_eq(st.dropped_full, 2);
	cr_expect_eq(st.args_truncated, 3);
	cr_expect_eq(st.strings_truncated, 3);
	proctable_free(pt);
}

/* One argument longer than the whole budget keeps its start. */
Test(proctable, long_argument_cut)
{
	struct proctable_limits lim = {.max_args_bytes = 6};
	struct proctable *pt = proctable_new(&lim);
	static const char argv[] = "p\0abcdefghij";
	struct proc_exec x = {.pid = 9,
			      .comm = "p",
			      .argv = argv,
			      .argv_len = sizeof(argv) - 1,
			      .loginuid = -1,
			      .sid = -1};

	cr_assert_eq(proctable_on_exec(pt, &x), 0);
	const struct proc_entry *e = proctable_get(pt, 9);
	cr_assert_eq(e->nargs, 1);
	cr_expect_str_eq(e->args[0], "abcdef");
	cr_expect_str_eq(e->exepath, "");
	cr_expect_str_eq(e->cwd, "");
	proctable_free(pt);
}

/* The real /proc: this process and its parent, with the right comm and ppid. */
Test(proctable, real_proc)
{
	struct proctable *pt = proctable_new(NULL);
	char comm[64] = {0}, pcomm[64] = {0}, path[64];
	FILE *f;

	f = fopen("/proc/self/comm", "r");
	cr_assert(f && fgets(comm, sizeof(comm), f));
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", getppid());
	f = fopen(path, "r");
	cr_assert(f && fgets(pcomm, sizeof(pcomm), f));
	fclose(f);
	pcomm[strcspn(pcomm, "\n")] = '\0';

	int n = proctable_scan_proc(pt, NULL);
	cr_assert_gt(n, 2);
	const struct proc_entry *self = proctable_get(pt, getpid());
	cr_assert(self);
	cr_expect_str_eq(self->comm, comm);
	cr_expect_eq(self->ppid, getppid());
	cr_expect_eq(self->uid, geteuid());
	cr_expect_neq(self->exepath[0], '\0');
	cr_expect_neq(self->pidns, 0);
	cr_expect_gt(self->start_ns, 0);
	const struct proc_entry *parent = proctable_ancestor(pt, getpid(), 1);
	cr_assert(parent);
	cr_expect_eq(parent->pid, getppid());
	cr_expect_str_eq(parent->comm, pcomm);
	cr_expect_str_eq(proctable_aname(pt, getpid(), 1), pcomm);

	/* A pid that does not exist reads as gone. */
	cr_expect_eq(proctable_scan_pid(pt, NULL, 0x3fffffff), -ENOENT);
	proctable_free(pt);
}

/* An entry made by exec with the given parent, pid namespace and vpid. */
static void exec_entry(struct proctable *pt, int pid, int ppid, const char *comm, uint64_t pidns,
		       int vpid)
{
	struct proc_exec x = {.pid = pid,
			      .ppid = ppid,
			      .comm = comm,
			      .loginuid = -1,
			      .vpid = vpid,
			      .sid = -1,
			      .pidns = pidns};
	cr_assert_eq(proctable_on_exec(pt, &x), 0);
}

/* A double-forked daemon: its parent exits, the kernel names the reaper (init, or a child
 * subreaper), the table re-parents the child as Falco's does; with no word from the kernel,
 * Falco's fallback (nearest reaper ancestor in the same pid namespace); none: ppid 0. */
Test(proctable, reparent_to_reaper)
{
	struct proctable *pt = proctable_new(NULL);
	struct proctable_stats st;
	exec_entry(pt, 1, 0, "systemd", 5, 1);
	exec_entry(pt, 10, 1, "bash", 5, 10);
	exec_entry(pt, 20, 10, "sh", 5, 20);
	cr_assert_eq(proctable_on_fork(pt, 20, 30, 0, 0), 0);
	cr_assert_eq(proctable_on_fork(pt, 20, 31, 0, 0), 0);
	cr_expect_str_eq(proctable_aname(pt, 30, 1), "sh");

	/* the kernel: init adopts them */
	cr_assert_eq(proctable_on_exit_reaper(pt, 20, 1), 0);
	cr_expect_eq(proctable_get(pt, 30)->ppid, 1);
	cr_expect_eq(proctable_get(pt, 31)->ppid, 1);
	cr_expect_str_eq(proctable_aname(pt, 30, 1), "systemd");
	cr_expect_null(proctable_aname(pt, 30, 2));
	proctable_stats(pt, &st);
	cr_expect_eq(st.reparented, 2);

	/* a child subreaper (bash, pid 10) named by the kernel */
	cr_assert_eq(proctable_on_fork(pt, 30, 40, 0, 0), 0);
	cr_assert_eq(proctable_on_fork(pt, 40, 41, 0, 0), 0);
	exec_entry(pt, 30, 10, "sh", 5, 30); /* exec's ppid moves 30 under bash */
	cr_assert_eq(proctable_on_exit_reaper(pt, 40, 10), 0);
	cr_expect_eq(proctable_get(pt, 41)->ppid, 10);
	cr_expect_str_eq(proctable_aname(pt, 41, 1), "bash");
	cr_expect_str_eq(proctable_aname(pt, 41, 2), "systemd");

	/* no reaper from the kernel: 41's parent bash was a reaper (it adopted): Falco's fallback
	 * walks from the dead process up to the nearest one */
	cr_assert_eq(proctable_on_fork(pt, 41, 42, 0, 0), 0);
	cr_assert_eq(proctable_on_exit(pt, 41), 0);
	cr_expect_eq(proctable_get(pt, 42)->ppid, 10);

	/* a container: its init (vpid 1) reaps inside its pid namespace */
	exec_entry(pt, 100, 1, "conmon", 5, 100);
	exec_entry(pt, 101, 100, "tini", 9, 1);
	exec_entry(pt, 102, 101, "sh", 9, 5);
	cr_assert_eq(proctable_on_fork(pt, 102, 103, 6, 0), 0);
	cr_assert_eq(proctable_on_exit(pt, 102), 0);
	cr_expect_eq(proctable_get(pt, 103)->ppid, 101);

	/* nobody to adopt (the parent's chain is not in the table): ppid 0, parent missing */
	exec_entry(pt, 200, 4242, "a", 5, 200);
	cr_assert_eq(proctable_on_fork(pt, 200, 201, 0, 0), 0);
	cr_assert_eq(proctable_on_exit(pt, 200), 0);
	cr_expect_eq(proctable_get(pt, 201)->ppid, 0);
	cr_expect_null(proctable_aname(pt, 201, 1));
	proctable_stats(pt, &st);
	cr_expect_eq(st.orphaned, 1);
	proctable_free(pt);
}
