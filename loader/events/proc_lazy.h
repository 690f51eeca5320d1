/* proc_lazy.h — the userspace process table filled on demand from the kernel's process map.
 *
 * The kernel keeps every process's description in lnr_procs (struct lnr_proc_value: ids, comm,
 * exe path and argv prefixes, Falco's cwd, exe flags, container id; exited processes stay,
 * marked, until the LRU evicts them) and sends no record per fork, exec or exit unless a rule
 * wants it. When an event ships, the rule mode asks this module for its process (and, when a
 * field needs them, its ancestors): each description is read from the map by pid into the
 * proctable, so the field code (fields_extract.c) reads the table as before. What the map does
 * not have (evicted, or a process the kernel never saw) comes from /proc/PID while it lives;
 * an entry already in the table outlives its process (an event read after its exit).
 *
 * Time: the map describes a process now, the event happened a moment ago. A description whose
 * since_ts is later than the event (an exec or a pid reuse after it) is not used when the table
 * has an older one; an exited parent whose exit came before the event is replaced by the reaper
 * the kernel named at its exit, as Falco re-parents. Both are counted.
 */
#ifndef LANNER_PROC_LAZY_H
#define LANNER_PROC_LAZY_H

#include <stddef.h>
#include <stdint.h>

#include "events/proctable.h"

struct proc_lazy_stats {
	uint64_t from_kernel; /* descriptions read (or refreshed) from the kernel process map */
	uint64_t reused;      /* not read again: the last read already covered the event */
	uint64_t from_procfs; /* read from /proc: not in the map (evicted or never seen) */
	uint64_t newer;	      /* the map's description was newer than the event: table's kept */
	uint64_t missing;     /* in neither the map nor /proc nor the table: fields missing */
	uint64_t reparented;  /* an ancestor past an exited parent: the reaper it named */
	uint64_t pruned;      /* entries of processes gone, dropped to keep the table bounded */
};

struct proc_lazy {
	struct proctable *pt;
	int map_fd;	       /* lnr_procs; -1: no kernel map (only /proc) */
	size_t vsize;	       /* the map's value size (a bundle's struct may be shorter) */
	unsigned char *vbuf;   /* vsize bytes */
	const char *proc_root; /* NULL: /proc (tests pass a fake tree) */
	struct proc_lazy_stats st;
};

/* map_fd may be -1. */
void proc_lazy_init(struct proc_lazy *pl, struct proctable *pt, int map_fd);
void proc_lazy_free(struct proc_lazy *pl);

/* The process pid as of the event at ts (CLOCK_BOOTTIME ns) in the table, and its parent
 * (proc.ppid, re-parented past an exited one). NULL when nothing knows it. */
const struct proc_entry *proc_lazy_self(struct proc_lazy *pl, int pid, uint64_t ts);

/* Any process (a group leader...) as of the event at ts; NULL when nothing knows it. */
const struct proc_entry *proc_lazy_pid(struct proc_lazy *pl, int pid, uint64_t ts);

/* pid's ancestors, as far up as the chain goes (proc.aname, proc.apid, proc.sname...). */
void proc_lazy_ancestors(struct proc_lazy *pl, int pid, uint64_t ts);

#endif
