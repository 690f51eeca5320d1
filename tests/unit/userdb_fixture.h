/* userdb_fixture.h — what the userdb tests and the meta_push tests share: a fake host /etc under
 * the test's root (file_tree.h) and a userdb reading that root's proc/ and host/ trees. */
#ifndef LANNER_TEST_USERDB_FIXTURE_H
#define LANNER_TEST_USERDB_FIXTURE_H

#include "file_tree.h"
#include "containers/userdb.h"

/* The host's mount namespace in these tests (any inode number not of a fake process). */
#define HOST_NS 4026531840ull

/* The host's /etc/passwd and /etc/group: root, and hostuser (uid 101) in staff (gid 100). */
static inline void fake_host_etc(void)
{
	put(P("host/etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
				  "hostuser:x:101:100:Host User:/home/hostuser:/bin/zsh\n");
	put(P("host/etc/group"), "root:x:0:\nstaff:x:100:hostuser\n");
}

/* A userdb over root/proc and root/host (0 for max_tables/max_entries: its defaults). */
static inline struct userdb *fixture_userdb(int refresh_ms, size_t max_tables, size_t max_entries)
{
	char proc[256], host[256];
	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(host, sizeof(host), "%s/host", root);
	struct userdb_config c = {.proc_root = proc,
				  .host_root = host,
				  .host_mntns = HOST_NS,
				  .refresh_ms = refresh_ms,
				  .max_tables = max_tables,
				  .max_entries = max_entries};
	struct userdb *db = userdb_new(&c);
	cr_assert(db);
	return db;
}

#endif
