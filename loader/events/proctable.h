/* proctable.h: the loader's userspace process table (Falco's thread table, per process).
 *
 * One entry per process (thread-group id), seeded by a /proc scan at start and kept current by
 * the sensor's exec/fork/exit records. It supplies what the kernel's process map does not:
 * argument vectors, ancestors beyond the kernel's depth, the parent's cmdline and exepath, the
 * session leader. Values follow Falco's definitions (docs/falco-semantics.md: "Fields"):
 *   comm     proc.name, the kernel's comm AS OF EXEC (or fork), not re-read live;
 *   exe      proc.exe, argv[0];          exepath  proc.exepath, the resolved executable path;
 *   args     proc.args, argv[1..];       tty      proc.tty, /proc/PID/stat field 7 (0 = none);
 *   uid/gid  user.uid/group.gid (effective ids);
 *   loginuid user.loginuid, -1 when unset (the kernel's 4294967295).
 *
 * Memory is bounded: at most `max_entries` entries (new processes beyond it are dropped), strings
 * cut at `max_str` bytes, argument vectors at `max_args_bytes`; every drop and cut is counted in
 * struct proctable_stats. Not thread-safe: one consumer thread owns the table.
 * Pointers returned by lookups stay valid until the next call that modifies the table.
 */
#ifndef LANNER_PROCTABLE_H
#define LANNER_PROCTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers/cgroup.h"
#include "shared_definitions/limits.h"

#define PROC_COMM_LEN 16 /* kernel TASK_COMM_LEN: 15 bytes + NUL */
/* environment bytes kept per process: the prefix the kernel decides proc.env on (LANNER_MAX_ENV,
 * the exec record's LNR_STR_MAX too: rules/kernel.h asserts it), the driver's limit in Falco */
#define PROC_ENV_MAX LANNER_MAX_ENV

struct proc_entry {
	int pid;	   /* thread-group id, host pid namespace */
	int ppid;	   /* parent's pid; 0 when it has none (pid 1, kthreadd) */
	int vpid;	   /* pid in its own pid namespace (proc.vpid) */
	int sid;	   /* session id (host namespace) */
	int pgid;	   /* process group id (host namespace) */
	uint32_t uid;	   /* effective */
	uint32_t gid;	   /* effective */
	int64_t loginuid;  /* -1 when unset */
	uint32_t tty;	   /* tty_nr, 0 = no controlling terminal */
	uint64_t pidns;	   /* inode of the pid namespace, 0 unknown */
	uint64_t mntns;	   /* inode of the mount namespace, 0 unknown */
	uint64_t start_ns; /* start time, ns since boot (from /proc: clock-tick precision) */
	char comm[PROC_COMM_LEN];
	char container_id[CGROUP_ID_BUF]; /* "host" or 12 hex */
	char *exe;			  /* argv[0]; never NULL */
	char *exepath;			  /* never NULL; "" when unknown (kernel threads) */
	char *cwd;			  /* never NULL; "" when unknown */
	uint32_t exe_flags; /* Falco's execve flags of the executable (FLAG_SYN_EXE_*), 0 unknown */
	uint64_t cap_permitted, cap_effective, cap_inheritable; /* capability sets at exec */
	char **args;						/* argv[1..], nargs of them */
	int nargs;
	/* the environment as the exec left it (proc.env): NUL-separated like /proc/PID/environ,
	 * at most PROC_ENV_MAX bytes (a longer one is cut, as Falco's); NULL: not known (the exec
	 * record carried none, no rule reads it), read from /proc on demand (proctable_env) */
	char *env;
	size_t env_len;
	int nchildren; /* internal: entries whose ppid is this pid (a hint, see .c) */
	bool reaper;   /* has adopted orphans: a namespace init or child subreaper */
	/* filled from the kernel process map (events/proc_lazy.h): the kernel's since_ts of the
	 * description held (0: from /proc or unknown), and whether the process had exited then,
	 * when, and who adopted its children (0: none) */
	uint64_t since_ns;
	uint64_t read_ns; /* CLOCK_BOOTTIME just before the map was read for it (0: never) */
	bool exited;
	uint64_t exit_ns;
	int adopter;
	bool mark;		  /* the caller's mark (capture -p: followed); forks inherit it */
	struct proc_entry *hnext; /* internal: hash chain */
};

struct proctable_limits {
	size_t max_entries;    /* 0 = 65536 */
	size_t max_args_bytes; /* bytes of argv[1..] kept, counting one separator each; 0 = 4096 */
	size_t max_str;	       /* bytes kept of exe, exepath, cwd; 0 = 4096 */
};

struct proctable_stats {
	uint64_t entries;	    /* current number of entries */
	uint64_t dropped_full;	    /* processes not stored because the table was full */
	uint64_t args_truncated;    /* argument vectors cut at max_args_bytes */
	uint64_t strings_truncated; /* exe/exepath/cwd cut at max_str */
	uint64_t scan_vanished;	    /* processes that exited while being scanned */
	uint64_t unknown_parent;    /* forks whose parent was not in the table */
	uint64_t unknown_exit;	    /* exits of processes not in the table */
	uint64_t reparented;	    /* children given to a reaper when their parent exited */
	uint64_t orphaned;	    /* ... given to none (no reaper known): ppid 0, as Falco */
};

/* What an exec record says about the process after a successful exec. Fields marked "keep" leave
 * the entry's value alone when absent (an exec changes neither pid namespace nor session). */
struct proc_exec {
	int pid;	     /* required */
	int ppid;	     /* <= 0: keep */
	const char *comm;    /* required (task->comm after exec) */
	const char *argv;    /* argv[0] NUL argv[1] NUL ... (like /proc/PID/cmdline); may be NULL */
	size_t argv_len;     /* bytes in argv; a missing final NUL is tolerated */
	const char *exepath; /* NULL: "" */
	const char *cwd;     /* NULL: keep */
	uint32_t uid, gid;   /* effective ids */
	uint32_t tty;	     /* tty_nr at exec */
	int64_t loginuid;    /* -1 unset */
	int vpid;	     /* <= 0: keep */
	int sid;	     /* < 0: keep */
	uint64_t pidns, mntns;	  /* 0: keep */
	const char *container_id; /* NULL: keep (a new entry gets "host") */
	uint32_t exe_flags;	  /* FLAG_SYN_EXE_* judged by the sensor at exec */
	uint64_t cap_permitted, cap_effective, cap_inheritable; /* the new credentials' sets */
	int pgid;						/* <= 0: keep */
	uint64_t start_ns;					/* 0: keep */
	uint64_t since_ns; /* the kernel's since_ts of this description (0: unknown) */
	const char *env;   /* the new environment (NUL-separated); NULL: not known */
	size_t env_len;
};

struct proctable;

/* limits may be NULL (defaults). Returns NULL only when out of memory. */
struct proctable *proctable_new(const struct proctable_limits *limits);
void proctable_free(struct proctable *pt);

/* Container ids of scanned processes also accept the loose layouts this resolver confirms (e.g.
 * container_meta_loose_resolver() for ctr's /<namespace>/<name>); NULL: strict layouts only (the
 * default). The resolver must outlive the table's scans. */
void proctable_set_loose_resolver(struct proctable *pt, const struct cgroup_loose_resolver *r);

/* Seeds the table from a procfs tree (proc_root NULL = "/proc"; tests pass a fake tree). Entries
 * already present are replaced. Processes that vanish meanwhile are skipped and counted.
 * Returns the number of processes stored, or -errno when proc_root cannot be listed. */
int proctable_scan_proc(struct proctable *pt, const char *proc_root);

/* (Re)reads one process from the procfs tree: the fallback when a record names a process the
 * table does not know. Returns 0, -ENOENT when it is gone, -ENOSPC when the table is full. */
int proctable_scan_pid(struct proctable *pt, const char *proc_root, int pid);

/* A successful exec: creates or rewrites the entry of x->pid. Returns 0, -EINVAL on a bad
 * record, -ENOSPC when a new entry does not fit. */
int proctable_on_exec(struct proctable *pt, const struct proc_exec *x);

/* A new process (not a thread) `child` forked by `parent`: a copy of the parent's entry with
 * ppid = parent, vpid = child_vpid (<= 0: child), start_ns (0: the parent's). Returns 0, -ENOENT
 * when the parent is unknown (counted; the caller may proctable_scan_pid the child), -ENOSPC when
 * full. */
int proctable_on_fork(struct proctable *pt, int parent, int child, int child_vpid,
		      uint64_t start_ns);

/* The process's cwd is now `cwd` (a chdir/fchdir). Returns 0, -ENOENT, -ENOMEM. */
int proctable_set_cwd(struct proctable *pt, int pid, const char *cwd);
/* proc.env of entry e: the environment the exec record brought, else the first PROC_ENV_MAX
 * bytes of /proc/PID/environ read now and kept (its memory as the image left it, Falco's
 * fallback too). False when neither is available (the process is gone). */
bool proctable_env(struct proctable *pt, const struct proc_entry *e, const char **env, size_t *len);

/* The whole process exited (last thread). Its children are re-parented as the kernel and Falco
 * do: to `reaper` when > 0 (the kernel's answer at exit: the nearest child subreaper ancestor,
 * else the pid namespace's init; read from /proc when not in the table), else (Falco's own
 * fallback) to the nearest ancestor in the same pid namespace that is a reaper (pid 1, a
 * namespace init, or one that adopted before), else to none (ppid 0, parent missing). Returns 0
 * or -ENOENT (counted). */
int proctable_on_exit_reaper(struct proctable *pt, int pid, int reaper);
/* proctable_on_exit_reaper with no reaper from the kernel. */
int proctable_on_exit(struct proctable *pt, int pid);

/* pid's parent is now ppid (0: none); no-op when pid is absent. */
void proctable_set_parent(struct proctable *pt, int pid, int ppid);

/* Records when pid's entry was last read from the kernel's map (no-op when absent). */
void proctable_set_read(struct proctable *pt, int pid, uint64_t read_ns);

/* Marks pid's entry exited at exit_ns, its children adopted by `adopter` (no-op when absent). */
void proctable_set_exited(struct proctable *pt, int pid, uint64_t exit_ns, int adopter);

/* Removes the entries of processes that no longer exist (kill(pid, 0) fails with ESRCH), the
 * way a table filled on demand stays bounded. Returns how many were removed. */
size_t proctable_prune_dead(struct proctable *pt);

/* The parent pid /proc/PID/stat gives now (proc_root NULL = "/proc"), or -1 when PID is gone. */
int proctable_read_ppid(const char *proc_root, int pid);

/* Whether the table is within `room` entries of its limit. */
bool proctable_nearly_full(const struct proctable *pt, size_t room);

/* Sets or clears the mark of pid's entry (no-op when absent). */
void proctable_set_mark(struct proctable *pt, int pid, bool mark);

/* Entry of pid, or NULL. */
const struct proc_entry *proctable_get(const struct proctable *pt, int pid);

/* Calls fn for every entry, in no particular order; fn must not modify the table. */
void proctable_each(const struct proctable *pt, void (*fn)(const struct proc_entry *e, void *ctx),
		    void *ctx);

/* n-th ancestor of pid: 0 = pid itself, 1 = its parent, ... NULL when the chain is shorter than
 * n, leaves the table, or loops (pid reuse). */
const struct proc_entry *proctable_ancestor(const struct proctable *pt, int pid, int n);

void proctable_stats(const struct proctable *pt, struct proctable_stats *out);

/* ---- Falco renderings --------------------------------------------------------------------
 * Writers use snprintf's contract: they write at most size bytes including the NUL and return
 * the full length the text has, so a result >= size means it was cut. Functions returning int
 * return -1 when Falco would report the field missing (no such process or parent). */

/* proc.cmdline: comm, then " arg" for each argument (no quoting). */
size_t proc_render_cmdline(const struct proc_entry *e, char *buf, size_t size);
/* proc.args: the arguments joined by single spaces. */
size_t proc_render_args(const struct proc_entry *e, char *buf, size_t size);
/* proc.pcmdline. */
int proctable_pcmdline(const struct proctable *pt, int pid, char *buf, size_t size);
/* proc.aname[n]: comm of the n-th ancestor (0 = self), or NULL. */
const char *proctable_aname(const struct proctable *pt, int pid, int n);
/* proc.aname in output (no index): comms of all ancestors from the parent up, space-separated. */
int proctable_anames(const struct proctable *pt, int pid, char *buf, size_t size);
/* proc.pexepath, or NULL. */
const char *proctable_pexepath(const struct proctable *pt, int pid);
/* proc.sname: comm of the eldest ancestor (self included) that shares pid's session id. */
const char *proctable_sname(const struct proctable *pt, int pid);

#endif
