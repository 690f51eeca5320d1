/* proc_lazy.c — see proc_lazy.h. */
#include "events/proc_lazy.h"

#include <bpf/bpf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "events/record.h"
#include "shared_definitions/records.h"

/* Ancestors followed at most: deeper chains than any real one, short enough to bound the work
 * of one event when pids were reused into a loop. */
#define LAZY_MAX_DEPTH 256
/* Start times from /proc have clock-tick precision: a parent started in the same tick as its
 * child may look later; only a clearly later one is a reused pid. */
#define START_SLACK_NS 20000000ull

void proc_lazy_init(struct proc_lazy *pl, struct proctable *pt, int map_fd)
{
	memset(pl, 0, sizeof(*pl));
	pl->pt = pt;
	pl->map_fd = map_fd;
	pl->vsize = sizeof(struct lnr_proc_value);
	if (map_fd >= 0) {
		struct bpf_map_info info;
		uint32_t il = sizeof(info);
		memset(&info, 0, sizeof(info));
		if (!bpf_obj_get_info_by_fd(map_fd, &info, &il) && info.value_size)
			pl->vsize = info.value_size;
	}
	size_t n = pl->vsize > sizeof(struct lnr_proc_value) ? pl->vsize
							     : sizeof(struct lnr_proc_value);
	pl->vbuf = xcalloc(1, n);
}

void proc_lazy_free(struct proc_lazy *pl)
{
	free(pl->vbuf);
	pl->vbuf = NULL;
}

/* pid's map value into *v (zeroed where the map's struct is shorter). */
static bool read_value(struct proc_lazy *pl, int pid, struct lnr_proc_value *v)
{
	uint32_t key = (uint32_t)pid;
	if (pl->map_fd < 0 || bpf_map_lookup_elem(pl->map_fd, &key, pl->vbuf))
		return false;
	memset(v, 0, sizeof(*v));
	memcpy(v, pl->vbuf, pl->vsize < sizeof(*v) ? pl->vsize : sizeof(*v));
	return true;
}

static void cstr(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

/* Falco's cwd from the map (normalised, with a trailing '/'), else the real one from /proc while
 * the process lives; false when neither is known. */
static bool value_cwd(const struct proc_lazy *pl, int pid, const struct lnr_proc_value *v,
		      char *out, size_t size)
{
	char raw[LNR_PROC_CWD_MAX + 1];
	if (v->cwd_len && v->cwd_len <= LNR_PROC_CWD_MAX && !(v->p.pflags & LNR_PF_CWD_UNKNOWN)) {
		cstr(raw, sizeof(raw), v->cwd, v->cwd_len);
	} else {
		char link[PATH_MAX];
		snprintf(link, sizeof(link), "%s/%d/cwd", pl->proc_root ? pl->proc_root : "/proc",
			 pid);
		ssize_t n = readlink(link, raw, sizeof(raw) - 1);
		if (n <= 0)
			return false;
		raw[n] = '\0';
	}
	if (raw[0] != '/')
		return false;
	rec_path_resolve(NULL, raw, out, size - 1);
	size_t n = strlen(out);
	if (n && out[n - 1] != '/') {
		out[n] = '/';
		out[n + 1] = '\0';
	}
	return true;
}

/* The whole argv and exe path from /proc when the map kept only their start, provided the
 * process still runs the same executable (same inode). */
static void full_from_proc(const struct proc_lazy *pl, int pid, const struct lnr_proc_value *v,
			   char **argv, size_t *argv_len, char *exepath, size_t exsize)
{
	const char *root = pl->proc_root ? pl->proc_root : "/proc";
	char path[PATH_MAX];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%d/exe", root, pid);
	if (!v->p.exe_ino || stat(path, &st) || st.st_ino != v->p.exe_ino)
		return;
	if (v->p.pflags & LNR_PF_EXE_TRUNC) {
		ssize_t n = readlink(path, exepath, exsize - 1);
		if (n > 0)
			exepath[n] = '\0';
	}
	if (!(v->p.pflags & LNR_PF_ARGS_TRUNC))
		return;
	snprintf(path, sizeof(path), "%s/%d/cmdline", root, pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	char *b = xmalloc(8192);
	size_t n = fread(b, 1, 8192, f);
	fclose(f);
	if (n > 0) {
		*argv = b;
		*argv_len = n;
	} else {
		free(b);
	}
}

/* The table's entry of pid rewritten from the map's description. */
static void apply(struct proc_lazy *pl, int pid, const struct lnr_proc_value *v)
{
	char comm[LNR_COMM_LEN + 1], ctid[LNR_CTID_LEN + 1], cwd[REC_PATH_MAX];
	char exepath[PATH_MAX];
	cstr(comm, sizeof(comm), v->p.comm, LNR_COMM_LEN);
	cstr(ctid, sizeof(ctid), v->p.container_id, LNR_CTID_LEN);
	cstr(exepath, sizeof(exepath), v->exe, v->exe_len <= LNR_PROC_EXE_MAX ? v->exe_len : 0);
	char *argv = NULL;
	size_t argv_len = 0;
	if (v->p.pflags & (LNR_PF_ARGS_TRUNC | LNR_PF_EXE_TRUNC))
		full_from_proc(pl, pid, v, &argv, &argv_len, exepath, sizeof(exepath));
	char cgct[CGROUP_ID_BUF];
	const char *ct = ctid[0] ? ctid : NULL;
	if (!ct && cgroup_container_id(pl->proc_root, pid, NULL, cgct, NULL) == 0)
		ct = cgct;
	struct proc_exec x = {
		.pid = pid,
		.ppid = (int)v->p.ppid,
		.comm = comm,
		.argv = argv ? argv : v->args,
		.argv_len = argv ? argv_len : (v->args_len <= LNR_PROC_ARGS_MAX ? v->args_len : 0),
		.exepath = exepath,
		.cwd = value_cwd(pl, pid, v, cwd, sizeof(cwd)) ? cwd : NULL,
		.uid = v->p.uid,
		.gid = v->p.gid,
		.tty = v->p.tty,
		.loginuid = v->p.loginuid == 0xffffffffu ? -1 : (int64_t)v->p.loginuid,
		.vpid = (int)v->p.vpid,
		.sid = (int)v->p.sid,
		.pidns = v->p.pidns,
		.mntns = v->p.mntns,
		.container_id = ct,
		.exe_flags = (v->p.pflags & LNR_PF_EXE_MASK) >> LNR_PF_EXE_SHIFT,
		.cap_permitted = v->p.cap_permitted,
		.cap_effective = v->p.cap_effective,
		.cap_inheritable = v->p.cap_inheritable,
		.pgid = (int)v->p.pgid,
		.start_ns = v->p.start_ts,
		.since_ns = v->since_ts,
	};
	if (proctable_nearly_full(pl->pt, 1) && !proctable_get(pl->pt, pid))
		pl->st.pruned += proctable_prune_dead(pl->pt);
	proctable_on_exec(pl->pt, &x);
	free(argv);
	if (v->p.pflags & LNR_PF_EXITED)
		proctable_set_exited(pl->pt, pid, v->exit_ts, (int)v->reaper);
}

/* What changes in a description without a new since_ts: the cwd, the exit, the parent. */
static void refresh(struct proc_lazy *pl, int pid, const struct lnr_proc_value *v)
{
	char cwd[REC_PATH_MAX];
	const struct proc_entry *e = proctable_get(pl->pt, pid);
	if (v->cwd_len && !(v->p.pflags & LNR_PF_CWD_UNKNOWN) &&
	    value_cwd(pl, pid, v, cwd, sizeof(cwd)) && strcmp(cwd, e->cwd))
		proctable_set_cwd(pl->pt, pid, cwd);
	if (v->p.ppid && (int)v->p.ppid != e->ppid)
		proctable_set_parent(pl->pt, pid, (int)v->p.ppid);
	if ((v->p.pflags & LNR_PF_EXITED) && !e->exited)
		proctable_set_exited(pl->pt, pid, v->exit_ts, (int)v->reaper);
}

static uint64_t boot_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_BOOTTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* pid's description as of ts into the table (see the top of proc_lazy.h). An entry read from
 * the map at R whose description began at S <= ts <= R is exact for an event at ts (any later
 * exec would have shown at R): no second read, so a burst of one process's events costs one. */
static const struct proc_entry *load(struct proc_lazy *pl, int pid, uint64_t ts)
{
	const struct proc_entry *e = proctable_get(pl->pt, pid);
	if (e && e->read_ns && ts <= e->read_ns && e->since_ns <= ts) {
		pl->st.reused++;
		return e;
	}
	struct lnr_proc_value v;
	uint64_t now = boot_ns();
	if (read_value(pl, pid, &v)) {
		pl->st.from_kernel++;
		/* the same description the table has: an exec record's (whole argv), the /proc scan
		 * the kernel's entry was seeded from, or an earlier read */
		if (e && ((e->since_ns && e->since_ns == v.since_ts) ||
			  (!e->since_ns && (v.p.pflags & LNR_PF_SEEDED)))) {
			refresh(pl, pid, &v);
			proctable_set_read(pl->pt, pid, now);
			return proctable_get(pl->pt, pid);
		}
		if (v.since_ts > ts) {
			/* an exec or a reuse of the pid after the event */
			pl->st.newer++;
			if (e || v.p.start_ts > ts)
				return e;
		}
		apply(pl, pid, &v);
		proctable_set_read(pl->pt, pid, now);
		return proctable_get(pl->pt, pid);
	}
	if (e && e->exited)
		return e;
	if (proctable_nearly_full(pl->pt, 1) && !e)
		pl->st.pruned += proctable_prune_dead(pl->pt);
	if (proctable_scan_pid(pl->pt, pl->proc_root, pid) == 0) {
		pl->st.from_procfs++;
		return proctable_get(pl->pt, pid);
	}
	e = proctable_get(pl->pt, pid);
	if (!e)
		pl->st.missing++;
	return e;
}

/* Loads child's parent as of ts, first giving child the parent the kernel gave it: past an
 * exited parent (exit before the event) its reaper, past a reused parent pid the parent /proc
 * names now. Returns the parent's entry, or NULL when the chain ends. */
static const struct proc_entry *load_parent(struct proc_lazy *pl, int child, uint64_t ts)
{
	for (int guard = 0; guard < 8; guard++) {
		const struct proc_entry *c = proctable_get(pl->pt, child);
		if (!c || c->ppid <= 0 || c->ppid == c->pid)
			return NULL;
		uint64_t cstart = c->start_ns;
		int pp = c->ppid;
		const struct proc_entry *p = load(pl, pp, ts);
		if (!p)
			return NULL;
		if (p->exited && p->exit_ns && p->exit_ns <= ts) {
			pl->st.reparented++;
			proctable_set_parent(pl->pt, child, p->adopter);
			continue;
		}
		if (cstart && p->start_ns > cstart + START_SLACK_NS) {
			int now = proctable_read_ppid(pl->proc_root, child);
			proctable_set_parent(pl->pt, child, now > 0 && now != pp ? now : 0);
			continue;
		}
		return p;
	}
	return NULL;
}

const struct proc_entry *proc_lazy_self(struct proc_lazy *pl, int pid, uint64_t ts)
{
	if (!load(pl, pid, ts))
		return NULL;
	load_parent(pl, pid, ts);
	return proctable_get(pl->pt, pid);
}

const struct proc_entry *proc_lazy_pid(struct proc_lazy *pl, int pid, uint64_t ts)
{
	return pid > 0 ? load(pl, pid, ts) : NULL;
}

void proc_lazy_ancestors(struct proc_lazy *pl, int pid, uint64_t ts)
{
	int cur = pid;
	for (int depth = 0; depth < LAZY_MAX_DEPTH; depth++) {
		const struct proc_entry *p = load_parent(pl, cur, ts);
		if (!p || p->pid == pid)
			return;
		cur = p->pid;
	}
}
