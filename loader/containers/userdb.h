/* userdb.h: user.name / group.name / user.loginname / user.homedir / user.shell
 * (docs/falco-semantics.md: "Fields").
 *
 * Names come from the passwd and group files under the PROCESS'S root, so a containerized
 * process gets its container's /etc/passwd: <proc_root>/<pid>/root/etc/passwd, resolved inside
 * that root (openat2 RESOLVE_IN_ROOT: absolute symlinks in the container's /etc stay in the
 * container). Processes whose mount namespace is the host's (the loader's own) read
 * <host_root>/etc/passwd directly, so short-lived host processes need no live /proc entry.
 *
 * Caching: one parsed table (all users and groups of one root) per root identity — the mount
 * namespace inode, which the process table already has (proc_entry.mntns). A table is re-checked
 * (stat of both files) at most every refresh_ms and reloaded when either changed. At most
 * max_tables tables (least recently used evicted) and max_entries lines per file are kept. Reads
 * are local files: synchronous, but each file is read once per change, not per event.
 *
 * Falco's renderings: an unknown uid/gid is "<NA>", except 0 which is "root" (home "/root");
 * user.loginname of loginuid -1 (unset) is "<NA>". The getters never return NULL.
 * Not thread-safe (one consumer thread). Returned strings stay valid until the next userdb call.
 */
#ifndef LANNER_USERDB_H
#define LANNER_USERDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USERDB_NA "<NA>"

struct userdb_config {
	const char *proc_root; /* NULL: "/proc" */
	const char *host_root; /* prefix of the host's /etc; NULL: "" (tests pass a fixture dir) */
	uint64_t host_mntns;   /* the host's mount ns inode; 0: stat /proc/self/ns/mnt */
	size_t max_tables;     /* 0: 64 */
	size_t max_entries;    /* per file; 0: 65536 */
	int refresh_ms;	       /* 0: 5000; < 0: never re-check */
};

struct userdb_user {
	const char *name;    /* user.name */
	const char *homedir; /* user.homedir */
	const char *shell;   /* user.shell */
	uint32_t gid;	     /* primary gid from passwd (0 when unknown) */
};

struct userdb_stats {
	uint64_t tables;     /* currently cached roots */
	uint64_t loads;	     /* passwd/group file pairs read */
	uint64_t evicted;    /* tables dropped for max_tables */
	uint64_t unreadable; /* lookups whose root could not be read (process gone, ...) */
};

struct userdb;

/* config may be NULL. Returns NULL when out of memory. */
struct userdb *userdb_new(const struct userdb_config *config);
void userdb_free(struct userdb *db);

/* Root identity: mntns is the process's mount namespace inode (0: read <proc_root>/<pid>/ns/mnt).
 * Fills *out with Falco's renderings; returns true when the uid has an entry. */
bool userdb_user(struct userdb *db, int pid, uint64_t mntns, uint32_t uid, struct userdb_user *out);
/* user.name. */
const char *userdb_user_name(struct userdb *db, int pid, uint64_t mntns, uint32_t uid);
/* group.name. */
const char *userdb_group_name(struct userdb *db, int pid, uint64_t mntns, uint32_t gid);
/* user.loginname: loginuid -1 (or the kernel's 4294967295) → "<NA>". */
const char *userdb_login_name(struct userdb *db, int pid, uint64_t mntns, int64_t loginuid);

/* Is the passwd/group table of that root loaded (or loadable now)? The getters' "<NA>" for an
 * unreadable root is not a name the files gave: callers that keep answers check this first. */
bool userdb_readable(struct userdb *db, int pid, uint64_t mntns);
/* Drops the table of one root (e.g. when the last process of a mount namespace exits). */
void userdb_forget(struct userdb *db, uint64_t mntns);
void userdb_stats(const struct userdb *db, struct userdb_stats *out);

#endif
