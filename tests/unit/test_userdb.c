/* Tests of loader/userdb.c on a fake procfs tree whose processes have their own roots (like
 * containers) and a fake host /etc. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "userdb_fixture.h"

/* A fake process: <root>/proc/<pid>/root -> <root>/<rootdir>, and ns/mnt a file of its own
 * (its inode is the process's "mount namespace"). */
static void fake_proc(int pid, const char *rootdir)
{
	char target[512], link[512];
	snprintf(target, sizeof(target), "%s/%s", root, rootdir);
	mkdirs(target);
	put(P("proc/%d/ns/mnt", pid), "");
	snprintf(link, sizeof(link), "%s/proc/%d/root", root, pid);
	cr_assert_eq(symlink(target, link), 0, "%s", link);
}

static void setup(void)
{
	strcpy(root, "/tmp/lanner-udb.XXXXXX");
	cr_assert(mkdtemp(root));
	fake_host_etc();
	/* A container with busybox's users, a duplicate uid (first wins), junk lines. */
	put(P("ctr1/etc/passwd"), "# comment\n"
				  "root:x:0:0:root:/root:/bin/sh\n"
				  "+nisuser\n"
				  "broken line\n"
				  "nouid:x::0::/:/bin/sh\n"
				  "nginx:x:101:101:nginx:/nonexistent:/bin/false\n"
				  "nginx2:x:101:101::/other:/bin/sh\n"
				  "short:x:202\n"
				  "big:x:4294967294:0::/:\n"
				  "toobig:x:4294967296:0::/:\n");
	put(P("ctr1/etc/group"), "root:x:0:\nnginx:x:101:\n");
	fake_proc(200, "ctr1");
	fake_proc(201, "ctr1"); /* another process, its own (fake) namespace file */
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(userdb, .init = setup, .fini = teardown);

Test(userdb, container_passwd_not_host)
{
	struct userdb *db = fixture_userdb(0, 0, 0);
	struct userdb_user u;

	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "nginx");
	cr_assert_str_eq(userdb_group_name(db, 200, 0, 101), "nginx");
	/* The same uid on the host has another name; host processes need no /proc entry. */
	cr_assert_str_eq(userdb_user_name(db, 99999, HOST_NS, 101), "hostuser");
	cr_assert_str_eq(userdb_group_name(db, 99999, HOST_NS, 100), "staff");
	cr_assert(userdb_user(db, 99999, HOST_NS, 101, &u));
	cr_assert_str_eq(u.homedir, "/home/hostuser");
	cr_assert_str_eq(u.shell, "/bin/zsh");
	cr_assert_eq(u.gid, 100);
	cr_assert(userdb_user(db, 200, 0, 101, &u));
	cr_assert_str_eq(u.name, "nginx"); /* the first of two uid-101 lines */
	cr_assert_str_eq(u.homedir, "/nonexistent");
	cr_assert_str_eq(u.shell, "/bin/false");
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 4294967294u), "big");
	userdb_free(db);
}

Test(userdb, falco_fallbacks)
{
	struct userdb *db = fixture_userdb(0, 0, 0);
	struct userdb_user u;

	put(P("ctr2/etc/passwd"), "nobody:x:65534:65534::/:/bin/false\n");
	put(P("ctr2/etc/group"), "nogroup:x:65534:\n");
	fake_proc(300, "ctr2");
	cr_assert_not(userdb_user(db, 300, 0, 0, &u));
	cr_assert_str_eq(u.name, "root");
	cr_assert_str_eq(u.homedir, "/root");
	cr_assert_str_eq(u.shell, "<NA>");
	cr_assert_not(userdb_user(db, 300, 0, 1234, &u));
	cr_assert_str_eq(u.name, "<NA>");
	cr_assert_str_eq(u.homedir, "<NA>");
	cr_assert_str_eq(userdb_group_name(db, 300, 0, 0), "root");
	cr_assert_str_eq(userdb_group_name(db, 300, 0, 7), "<NA>");
	cr_assert_str_eq(userdb_login_name(db, 300, 0, -1), "<NA>");
	cr_assert_str_eq(userdb_login_name(db, 300, 0, 4294967295ll), "<NA>");
	cr_assert_str_eq(userdb_login_name(db, 300, 0, 0), "root");
	cr_assert_str_eq(userdb_login_name(db, 300, 0, 65534), "nobody");
	/* Malformed lines are skipped, not mistaken for ids. */
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 202), "short");
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 0), "root");
	userdb_free(db);
}

Test(userdb, root_without_etc_files)
{
	struct userdb *db = fixture_userdb(0, 0, 0);
	mkdirs(P("empty"));
	fake_proc(400, "empty");
	cr_assert_str_eq(userdb_user_name(db, 400, 0, 0), "root");
	cr_assert_str_eq(userdb_user_name(db, 400, 0, 101), "<NA>");
	cr_assert_str_eq(userdb_group_name(db, 400, 0, 101), "<NA>");
	struct userdb_stats st;
	userdb_stats(db, &st);
	cr_assert_eq(st.tables, 1); /* an empty table, cached: the root itself was readable */
	cr_assert_eq(st.unreadable, 0);
	userdb_free(db);
}

Test(userdb, absolute_symlink_stays_in_the_process_root)
{
	struct userdb *db = fixture_userdb(0, 0, 0);
	char link[512];

	put(P("ctr3/etc/real-passwd"), "app:x:101:101::/app:/bin/sh\n");
	snprintf(link, sizeof(link), "%s/ctr3/etc/passwd", root);
	/* Absolute: must resolve against the container root, not the host's /etc. */
	cr_assert_eq(symlink("/etc/real-passwd", link), 0);
	fake_proc(500, "ctr3");
	cr_assert_str_eq(userdb_user_name(db, 500, 0, 101), "app");
	userdb_free(db);
}

Test(userdb, cached_per_namespace_and_refreshed_on_change)
{
	struct userdb *db = fixture_userdb(-1, 0, 0);
	struct userdb_stats st;

	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "nginx");
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 0), "root");
	cr_assert_str_eq(userdb_group_name(db, 200, 0, 0), "root");
	userdb_stats(db, &st);
	cr_assert_eq(st.loads, 1);
	/* Same namespace key given explicitly by a caller that knows it: no new load, even when
	 * the process is gone. */
	struct stat sb;
	cr_assert_eq(stat(P("proc/200/ns/mnt"), &sb), 0);
	uint64_t ns = sb.st_ino;
	cr_assert_str_eq(userdb_user_name(db, 77777, ns, 101), "nginx");
	userdb_stats(db, &st);
	cr_assert_eq(st.loads, 1);
	/* refresh_ms < 0: a changed file is not re-read. */
	put(P("ctr1/etc/passwd"), "www:x:101:101::/:/bin/sh\n");
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "nginx");
	userdb_free(db);

	/* refresh_ms 1: the change is seen. */
	db = fixture_userdb(1, 0, 0);
	put(P("ctr1/etc/passwd"), "nginx:x:101:101::/:/bin/sh\n");
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "nginx");
	usleep(5000);
	put(P("ctr1/etc/passwd"), "www-data:x:101:101::/var/www:/bin/sh\n");
	usleep(5000);
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "www-data");
	userdb_stats(db, &st);
	cr_assert_eq(st.loads, 2);
	/* Unchanged: re-checked but not reloaded. */
	usleep(5000);
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "www-data");
	userdb_stats(db, &st);
	cr_assert_eq(st.loads, 2);
	userdb_free(db);
}

Test(userdb, gone_process_and_forget)
{
	struct userdb *db = fixture_userdb(0, 0, 0);
	struct userdb_stats st;

	cr_assert_str_eq(userdb_user_name(db, 12345, 0, 101), "<NA>");
	cr_assert_str_eq(userdb_user_name(db, 12345, 0, 0), "root");
	cr_assert_str_eq(userdb_user_name(db, 12345, 999, 101), "<NA>");
	userdb_stats(db, &st);
	cr_assert_eq(st.unreadable, 3);
	cr_assert_eq(st.tables, 0);
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "nginx");
	struct stat sb;
	cr_assert_eq(stat(P("proc/200/ns/mnt"), &sb), 0);
	userdb_forget(db, sb.st_ino);
	userdb_stats(db, &st);
	cr_assert_eq(st.tables, 0);
	userdb_free(db);
}

Test(userdb, bounded_tables_and_entries)
{
	struct userdb *db = fixture_userdb(0, 2, 0);
	struct userdb_stats st;

	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "nginx");
	cr_assert_str_eq(userdb_user_name(db, 201, 0, 101), "nginx");
	cr_assert_str_eq(userdb_user_name(db, 1, HOST_NS, 101), "hostuser");
	userdb_stats(db, &st);
	cr_assert_eq(st.tables, 2);
	cr_assert_eq(st.evicted, 1);
	cr_assert_eq(st.loads, 3);
	/* 200 was least recently used: asking again reloads it. */
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "nginx");
	userdb_stats(db, &st);
	cr_assert_eq(st.loads, 4);
	userdb_free(db);

	/* max_entries 1: only the first valid passwd line is kept. */
	db = fixture_userdb(0, 0, 1);
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 0), "root");
	cr_assert_str_eq(userdb_user_name(db, 200, 0, 101), "<NA>");
	userdb_free(db);
}

Test(userdb, live_proc_self)
{
	/* The real /proc: this process is on the host (its mount namespace is the default host
	 * key), uid 0 is root whatever the files say. */
	struct userdb *db = userdb_new(NULL);
	cr_assert(db);
	cr_assert_str_eq(userdb_user_name(db, getpid(), 0, 0), "root");
	cr_assert_str_eq(userdb_group_name(db, getpid(), 0, 0), "root");
	userdb_free(db);
}
