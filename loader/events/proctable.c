/* proctable.c: process table; /proc scan, exec/fork/exit updates, Falco's renderings. */
#include "events/proctable.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/vec.h"

/* Longest ancestor chain followed; deeper means a cycle from pid reuse. */
#define MAX_ANCESTRY 4096

struct proctable {
	struct proc_entry **buckets;
	size_t nbuckets; /* power of two */
	struct proctable_limits lim;
	struct proctable_stats st;
	long clk_tck;
	struct cgroup_loose_resolver loose; /* confirm == NULL: strict layouts only */
};

/* ---- entries ----------------------------------------------------------------------------- */

static size_t bucket_of(const struct proctable *pt, int pid)
{
	return ((uint32_t)pid * 2654435761u) & (pt->nbuckets - 1);
}

static void entry_free_contents(struct proc_entry *e)
{
	FREE_EACH(e->args, (size_t)e->nargs, free);
	free(e->exe);
	free(e->exepath);
	free(e->cwd);
	free(e->env);
	e->args = NULL;
	e->nargs = 0;
	e->exe = e->exepath = e->cwd = e->env = NULL;
	e->env_len = 0;
}

/* A copy of env (NULL when unknown or out of memory: read from /proc on demand). */
static char *env_dup(const char *env, size_t *len)
{
	if (!env)
		return NULL;
	if (*len > PROC_ENV_MAX)
		*len = PROC_ENV_MAX;
	char *c = malloc(*len + 1);
	if (!c)
		return NULL;
	memcpy(c, env, *len);
	c[*len] = 0;
	return c;
}

static void entry_free(struct proc_entry *e)
{
	if (!e)
		return;
	entry_free_contents(e);
	free(e);
}

/* strndup bounded by max_str, counting cuts. */
static char *dup_str(struct proctable *pt, const char *s, size_t n)
{
	if (n > pt->lim.max_str) {
		n = pt->lim.max_str;
		pt->st.strings_truncated++;
	}
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static char *dup_cstr(struct proctable *pt, const char *s)
{
	return dup_str(pt, s ? s : "", s ? strlen(s) : 0);
}

/* Fills exe and args from a NUL-separated argv blob. An empty blob leaves exe = fallback. */
static int set_argv(struct proctable *pt, struct proc_entry *e, const char *argv, size_t len,
		    const char *fallback_exe)
{
	size_t used = 0, i = 0;
	int n = 0;
	bool cut = false;

	free(e->exe);
	for (int k = 0; k < e->nargs; k++)
		free(e->args[k]);
	free(e->args);
	e->args = NULL;
	e->nargs = 0;
	if (!argv || len == 0) {
		e->exe = dup_cstr(pt, fallback_exe);
		return e->exe ? 0 : -ENOMEM;
	}
	const char *end = argv + len;
	const char *a0e = memchr(argv, '\0', len);
	size_t a0 = a0e ? (size_t)(a0e - argv) : len;
	e->exe = dup_str(pt, argv, a0);
	if (!e->exe)
		return -ENOMEM;

	/* Count arguments first so the vector is allocated once. */
	int count = 0;
	for (const char *p = argv + a0 + (a0 < len); p < end; count++) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		p = z ? z + 1 : end;
	}
	if (count == 0)
		return 0;
	e->args = calloc((size_t)count, sizeof(*e->args));
	if (!e->args)
		return -ENOMEM;
	for (const char *p = argv + a0 + (a0 < len); p < end && i < (size_t)count; i++) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		size_t alen = z ? (size_t)(z - p) : (size_t)(end - p);
		size_t room = pt->lim.max_args_bytes - used;
		size_t sep = n ? 1 : 0;

		if (sep + alen > room) {
			cut = true;
			if (room <= sep)
				break;
			alen = room - sep; /* keep the start of the argument that overflows */
		}
		e->args[n] = malloc(alen + 1);
		if (!e->args[n])
			return -ENOMEM;
		memcpy(e->args[n], p, alen);
		e->args[n][alen] = '\0';
		n++;
		e->nargs = n;
		used += sep + alen;
		if (cut)
			break;
		p = z ? z + 1 : end;
	}
	if (cut)
		pt->st.args_truncated++;
	return 0;
}

static struct proc_entry *find(const struct proctable *pt, int pid)
{
	for (struct proc_entry *e = pt->buckets[bucket_of(pt, pid)]; e; e = e->hnext)
		if (e->pid == pid)
			return e;
	return NULL;
}

/* Every ppid change goes through here, so that each entry counts the entries naming it as parent
 * (nchildren): an exit then looks for children to re-parent only when it has some. The count is
 * a hint, exact for parents already in the table when the child named them; a full scan recounts
 * (recount_children), as does the scan of a single process. */
static void set_ppid(struct proctable *pt, struct proc_entry *e, int ppid)
{
	if (e->ppid == ppid)
		return;
	struct proc_entry *old = e->ppid > 0 ? find(pt, e->ppid) : NULL;
	if (old && old->nchildren > 0)
		old->nchildren--;
	e->ppid = ppid;
	struct proc_entry *np = ppid > 0 && ppid != e->pid ? find(pt, ppid) : NULL;
	if (np)
		np->nchildren++;
}

/* Returns the existing entry of pid, or a new zeroed one linked into the table (NULL when full,
 * counted, or out of memory). */
static struct proc_entry *find_or_add(struct proctable *pt, int pid, bool *created)
{
	struct proc_entry *e = find(pt, pid);

	*created = false;
	if (e)
		return e;
	if (pt->st.entries >= pt->lim.max_entries) {
		pt->st.dropped_full++;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->pid = pid;
	e->vpid = pid;
	e->loginuid = -1;
	strcpy(e->container_id, "host");
	size_t b = bucket_of(pt, pid);
	e->hnext = pt->buckets[b];
	pt->buckets[b] = e;
	pt->st.entries++;
	*created = true;
	return e;
}

static void unlink_entry(struct proctable *pt, int pid)
{
	struct proc_entry **pp = &pt->buckets[bucket_of(pt, pid)];

	for (; *pp; pp = &(*pp)->hnext) {
		if ((*pp)->pid == pid) {
			struct proc_entry *e = *pp;
			set_ppid(pt, e, 0);
			*pp = e->hnext;
			entry_free(e);
			pt->st.entries--;
			return;
		}
	}
}

/* Makes sure no string pointer is NULL after a failed allocation half-way. */
static int ensure_strings(struct proctable *pt, int pid)
{
	struct proc_entry *e = find(pt, pid);

	if (!e)
		return 0;
	if (!e->exe || !e->exepath || !e->cwd || (e->nargs && !e->args)) {
		unlink_entry(pt, pid);
		return -ENOMEM;
	}
	return 0;
}

static void set_comm(struct proc_entry *e, const char *comm, size_t n)
{
	if (n >= PROC_COMM_LEN)
		n = PROC_COMM_LEN - 1;
	memcpy(e->comm, comm, n);
	e->comm[n] = '\0';
}

/* ---- table ------------------------------------------------------------------------------- */

struct proctable *proctable_new(const struct proctable_limits *limits)
{
	struct proctable *pt = calloc(1, sizeof(*pt));

	if (!pt)
		return NULL;
	if (limits)
		pt->lim = *limits;
	if (!pt->lim.max_entries)
		pt->lim.max_entries = 65536;
	if (!pt->lim.max_args_bytes)
		pt->lim.max_args_bytes = 4096;
	if (!pt->lim.max_str)
		pt->lim.max_str = 4096;
	/* About two entries per bucket when full; at least 64 buckets. */
	pt->nbuckets = 64;
	while (pt->nbuckets * 2 < pt->lim.max_entries && pt->nbuckets < (1u << 20))
		pt->nbuckets <<= 1;
	pt->buckets = calloc(pt->nbuckets, sizeof(*pt->buckets));
	if (!pt->buckets) {
		free(pt);
		return NULL;
	}
	pt->clk_tck = sysconf(_SC_CLK_TCK);
	if (pt->clk_tck <= 0)
		pt->clk_tck = 100;
	return pt;
}

void proctable_free(struct proctable *pt)
{
	if (!pt)
		return;
	for (size_t b = 0; b < pt->nbuckets; b++) {
		struct proc_entry *e = pt->buckets[b];
		while (e) {
			struct proc_entry *next = e->hnext;
			entry_free(e);
			e = next;
		}
	}
	free(pt->buckets);
	free(pt);
}

void proctable_set_parent(struct proctable *pt, int pid, int ppid)
{
	struct proc_entry *e = find(pt, pid);
	if (e)
		set_ppid(pt, e, ppid > 0 ? ppid : 0);
}

void proctable_set_read(struct proctable *pt, int pid, uint64_t read_ns)
{
	struct proc_entry *e = find(pt, pid);
	if (e)
		e->read_ns = read_ns;
}

void proctable_set_exited(struct proctable *pt, int pid, uint64_t exit_ns, int adopter)
{
	struct proc_entry *e = find(pt, pid);
	if (!e)
		return;
	e->exited = true;
	e->exit_ns = exit_ns;
	e->adopter = adopter;
}

bool proctable_nearly_full(const struct proctable *pt, size_t room)
{
	return pt->st.entries + room >= pt->lim.max_entries;
}

size_t proctable_prune_dead(struct proctable *pt)
{
	size_t n = 0;
	for (size_t b = 0; b < pt->nbuckets; b++) {
		struct proc_entry *e = pt->buckets[b];
		while (e) {
			struct proc_entry *next = e->hnext;
			if (kill(e->pid, 0) && errno == ESRCH) {
				unlink_entry(pt, e->pid);
				n++;
			}
			e = next;
		}
	}
	return n;
}

void proctable_set_mark(struct proctable *pt, int pid, bool mark)
{
	struct proc_entry *e = find(pt, pid);
	if (e)
		e->mark = mark;
}

const struct proc_entry *proctable_get(const struct proctable *pt, int pid)
{
	return pt ? find(pt, pid) : NULL;
}

void proctable_each(const struct proctable *pt, void (*fn)(const struct proc_entry *e, void *ctx),
		    void *ctx)
{
	for (size_t b = 0; b < pt->nbuckets; b++)
		for (const struct proc_entry *e = pt->buckets[b]; e; e = e->hnext)
			fn(e, ctx);
}

void proctable_stats(const struct proctable *pt, struct proctable_stats *out)
{
	*out = pt->st;
}

/* ---- records ----------------------------------------------------------------------------- */

int proctable_on_exec(struct proctable *pt, const struct proc_exec *x)
{
	bool created;
	struct proc_entry *e;
	int rc;

	if (!x || x->pid <= 0 || !x->comm)
		return -EINVAL;
	e = find_or_add(pt, x->pid, &created);
	if (!e)
		return -ENOSPC;
	if (x->ppid > 0)
		set_ppid(pt, e, x->ppid);
	set_comm(e, x->comm, strlen(x->comm));
	rc = set_argv(pt, e, x->argv, x->argv_len, x->comm);
	free(e->exepath);
	e->exepath = dup_cstr(pt, x->exepath);
	if (x->cwd || created) {
		free(e->cwd);
		e->cwd = dup_cstr(pt, x->cwd);
	}
	e->uid = x->uid;
	e->gid = x->gid;
	e->exe_flags = x->exe_flags;
	e->cap_permitted = x->cap_permitted;
	e->cap_effective = x->cap_effective;
	e->cap_inheritable = x->cap_inheritable;
	e->tty = x->tty;
	e->loginuid = x->loginuid;
	if (x->vpid > 0)
		e->vpid = x->vpid;
	if (x->sid >= 0)
		e->sid = x->sid;
	if (x->pidns)
		e->pidns = x->pidns;
	if (x->mntns)
		e->mntns = x->mntns;
	if (x->container_id)
		snprintf(e->container_id, sizeof(e->container_id), "%s", x->container_id);
	if (x->pgid > 0)
		e->pgid = x->pgid;
	if (x->start_ns)
		e->start_ns = x->start_ns;
	e->since_ns = x->since_ns;
	free(e->env);
	e->env_len = x->env_len;
	e->env = env_dup(x->env, &e->env_len);
	e->read_ns = 0;
	e->exited = false;
	e->exit_ns = 0;
	e->adopter = 0;
	if (ensure_strings(pt, x->pid) || rc)
		return -ENOMEM;
	return 0;
}

int proctable_set_cwd(struct proctable *pt, int pid, const char *cwd)
{
	struct proc_entry *e = find(pt, pid);
	if (!e)
		return -ENOENT;
	char *c = dup_cstr(pt, cwd);
	if (!c)
		return -ENOMEM;
	free(e->cwd);
	e->cwd = c;
	return 0;
}

bool proctable_env(struct proctable *pt, const struct proc_entry *e, const char **env, size_t *len)
{
	struct proc_entry *m = find(pt, e->pid);
	if (m && !m->env && !m->exited) {
		char path[64], buf[PROC_ENV_MAX];
		snprintf(path, sizeof(path), "/proc/%d/environ", e->pid);
		FILE *f = fopen(path, "re");
		if (!f)
			return false;
		size_t n = fread(buf, 1, sizeof(buf), f);
		bool bad = ferror(f);
		fclose(f);
		if (bad)
			return false;
		m->env_len = n;
		m->env = env_dup(buf, &m->env_len);
	}
	if (!m || !m->env)
		return false;
	*env = m->env;
	*len = m->env_len;
	return true;
}

int proctable_on_fork(struct proctable *pt, int parent, int child, int child_vpid,
		      uint64_t start_ns)
{
	const struct proc_entry *p = find(pt, parent);
	struct proc_entry *c;
	bool created;

	if (child <= 0 || child == parent)
		return -EINVAL;
	if (!p) {
		pt->st.unknown_parent++;
		return -ENOENT;
	}
	c = find_or_add(pt, child, &created);
	if (!c)
		return -ENOSPC;
	entry_free_contents(c);
	set_ppid(pt, c, 0); /* a reused pid: the old process's parent loses a child */
	struct proc_entry *keep = c->hnext;
	int nchildren = c->nchildren;
	*c = *p;
	c->hnext = keep;
	c->pid = child;
	c->nchildren = nchildren;
	c->reaper = false; /* PR_SET_CHILD_SUBREAPER is not inherited */
	c->exited = false;
	c->exit_ns = 0;
	c->adopter = 0;
	c->since_ns = 0;
	c->read_ns = 0;
	c->ppid = 0;
	set_ppid(pt, c, parent);
	c->vpid = child_vpid > 0 ? child_vpid : child;
	if (start_ns)
		c->start_ns = start_ns;
	c->exe = dup_str(pt, p->exe, strlen(p->exe));
	c->exepath = dup_str(pt, p->exepath, strlen(p->exepath));
	c->cwd = dup_str(pt, p->cwd, strlen(p->cwd));
	c->env = env_dup(p->env, &c->env_len); /* a child starts with its parent's, as Falco */
	c->args = NULL;
	c->nargs = 0;
	if (p->nargs) {
		c->args = calloc((size_t)p->nargs, sizeof(*c->args));
		for (int i = 0; c->args && i < p->nargs; i++) {
			c->args[i] = strdup(p->args[i]);
			if (!c->args[i])
				break;
			c->nargs = i + 1;
		}
		if (!c->args || c->nargs != p->nargs) {
			unlink_entry(pt, child);
			return -ENOMEM;
		}
	}
	return ensure_strings(pt, child);
}

static int scan_one(struct proctable *pt, const char *root, int pid);

/* Falco's fallback when the kernel names no reaper: the nearest ancestor of the dead process,
 * in the same pid namespace, that is a reaper; 0 when there is none. */
static int ancestor_reaper(const struct proctable *pt, const struct proc_entry *dead)
{
	const struct proc_entry *a = dead;
	for (int i = 0; i < MAX_ANCESTRY; i++) {
		if (a->ppid <= 0 || a->ppid == a->pid || !(a = find(pt, a->ppid)))
			return 0;
		if (a->pidns && dead->pidns && a->pidns != dead->pidns)
			return 0;
		if (a->reaper || a->pid == 1 || a->vpid == 1)
			return a->pid;
	}
	return 0;
}

/* The reaper of dead's children, in the table (read from /proc if need be), or 0: the kernel's
 * answer when it gave one, else Falco's fallback. */
static int choose_reaper(struct proctable *pt, const struct proc_entry *dead, int hint)
{
	if (hint > 0 && hint != dead->pid && (find(pt, hint) || scan_one(pt, NULL, hint) == 0))
		return hint;
	return ancestor_reaper(pt, dead);
}

int proctable_on_exit_reaper(struct proctable *pt, int pid, int reaper)
{
	struct proc_entry *e = find(pt, pid);
	if (!e) {
		pt->st.unknown_exit++;
		return -ENOENT;
	}
	if (e->nchildren > 0) {
		int r = choose_reaper(pt, e, reaper);
		struct proc_entry *re = r > 0 ? find(pt, r) : NULL;
		if (!re)
			r = 0;
		else
			re->reaper = true;
		for (size_t b = 0; b < pt->nbuckets; b++)
			for (struct proc_entry *c = pt->buckets[b]; c; c = c->hnext) {
				if (c->ppid != pid || c == e)
					continue;
				set_ppid(pt, c, r);
				if (r)
					pt->st.reparented++;
				else
					pt->st.orphaned++;
			}
		e->nchildren = 0;
	}
	unlink_entry(pt, pid);
	return 0;
}

int proctable_on_exit(struct proctable *pt, int pid)
{
	return proctable_on_exit_reaper(pt, pid, 0);
}

/* ---- /proc ------------------------------------------------------------------------------- */

/* Reads a whole small file into a malloc'd buffer (NUL-terminated; *len without it). */
static char *slurp(const char *root, int pid, const char *name, size_t max, size_t *len)
{
	char path[PATH_MAX];
	size_t cap = 4096, n = 0;
	char *buf;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/%s", root, pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(cap + 1);
	while (buf) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			free(buf);
			buf = NULL;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap) {
			if (cap >= max)
				break;
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static char *read_link(const char *root, int pid, const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%d/%s", root, pid, name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return NULL;
	target[n] = '\0';
	return strdup(target);
}

/* "pid:[4026531836]" → 4026531836; 0 when unreadable. */
static uint64_t read_ns(const char *root, int pid, const char *name)
{
	char *t = read_link(root, pid, name);
	char *lb = t ? strchr(t, '[') : NULL;
	uint64_t v = lb ? strtoull(lb + 1, NULL, 10) : 0;

	free(t);
	return v;
}

struct stat_fields {
	char comm[PROC_COMM_LEN];
	int ppid, pgid, sid;
	uint32_t tty;
	unsigned long long start_ticks;
};

/* /proc/PID/stat: "pid (comm) state ppid pgrp session tty_nr ... starttime(22) ...". comm may
 * hold spaces and parentheses, so it runs to the LAST ')'. */
static bool parse_stat(const char *s, struct stat_fields *f)
{
	const char *lp = strchr(s, '('), *rp = strrchr(s, ')');
	long long v[20];
	int n = 0;

	if (!lp || !rp || rp < lp)
		return false;
	size_t cl = (size_t)(rp - lp - 1);
	if (cl >= PROC_COMM_LEN)
		cl = PROC_COMM_LEN - 1;
	memcpy(f->comm, lp + 1, cl);
	f->comm[cl] = '\0';
	const char *p = rp + 1;
	while (*p == ' ')
		p++;
	if (!*p)
		return false;
	p++; /* state letter */
	while (n < 20) {
		char *end;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		v[n] = strtoll(p, &end, 10);
		if (end == p)
			return false;
		p = end;
		n++;
	}
	/* v[0] = field 4 (ppid) ... v[18] = field 22 (starttime) */
	if (n < 19)
		return false;
	f->ppid = (int)v[0];
	f->pgid = (int)v[1];
	f->sid = (int)v[2];
	f->tty = (uint32_t)v[3];
	f->start_ticks = (unsigned long long)v[18];
	return true;
}

/* The hexadecimal value of a "Key:\tHEX" line of /proc/PID/status (CapEff and the like). */
static bool status_hex(const char *status, const char *key, uint64_t *out)
{
	size_t kl = strlen(key);

	for (const char *l = status; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, key, kl) != 0 || l[kl] != ':')
			continue;
		char *end;
		unsigned long long v = strtoull(l + kl + 1, &end, 16);
		if (end == l + kl + 1)
			return false;
		*out = v;
		return true;
	}
	return false;
}

/* Second number of a "Key:\tA\tB\t..." line of /proc/PID/status (the effective id), or the last
 * number when last is set (NSpid: the innermost namespace). */
static bool status_field(const char *status, const char *key, bool last, long long *out)
{
	size_t kl = strlen(key);

	for (const char *l = status; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, key, kl) != 0 || l[kl] != ':')
			continue;
		const char *p = l + kl + 1;
		long long vals[8];
		int n = 0;
		while (n < 8) {
			char *end;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '\n' || !*p)
				break;
			vals[n] = strtoll(p, &end, 10);
			if (end == p)
				break;
			p = end;
			n++;
		}
		if (n == 0 || (!last && n < 2))
			return false;
		*out = last ? vals[n - 1] : vals[1];
		return true;
	}
	return false;
}

static int scan_one(struct proctable *pt, const char *root, int pid)
{
	struct stat_fields sf = {0};
	size_t len = 0;
	char *stat, *status, *cmdline, *loginuid;
	struct proc_entry *e;
	bool created;
	long long v;

	if (!root)
		root = "/proc";
	stat = slurp(root, pid, "stat", 4096, &len);
	if (!stat || !parse_stat(stat, &sf)) {
		free(stat);
		return -ENOENT;
	}
	free(stat);
	e = find_or_add(pt, pid, &created);
	if (!e)
		return -ENOSPC;
	entry_free_contents(e);
	set_comm(e, sf.comm, strlen(sf.comm));
	set_ppid(pt, e, sf.ppid);
	e->pgid = sf.pgid;
	e->sid = sf.sid;
	e->tty = sf.tty;
	e->start_ns = sf.start_ticks * (1000000000ull / (unsigned long long)pt->clk_tck);

	status = slurp(root, pid, "status", 1 << 16, &len);
	if (status) {
		if (status_field(status, "Uid", false, &v))
			e->uid = (uint32_t)v;
		if (status_field(status, "Gid", false, &v))
			e->gid = (uint32_t)v;
		e->vpid = status_field(status, "NSpid", true, &v) ? (int)v : pid;
		status_hex(status, "CapPrm", &e->cap_permitted);
		status_hex(status, "CapEff", &e->cap_effective);
		status_hex(status, "CapInh", &e->cap_inheritable);
		free(status);
	}
	loginuid = slurp(root, pid, "loginuid", 64, &len);
	e->loginuid = -1;
	if (loginuid && len) {
		long long l = strtoll(loginuid, NULL, 10);
		e->loginuid = (l < 0 || l >= 4294967295ll) ? -1 : l;
	}
	free(loginuid);

	/* Read a little more than we keep so that cuts are noticed and counted. */
	cmdline = slurp(root, pid, "cmdline", pt->lim.max_args_bytes + pt->lim.max_str + 2, &len);
	/* Kernel threads have an empty cmdline; Falco shows their comm as exe. */
	int rc = set_argv(pt, e, cmdline, len, e->comm);
	free(cmdline);

	char *t = read_link(root, pid, "exe");
	e->exepath = dup_cstr(pt, t);
	free(t);
	t = read_link(root, pid, "cwd");
	e->cwd = dup_cstr(pt, t);
	free(t);
	e->pidns = read_ns(root, pid, "ns/pid");
	e->mntns = read_ns(root, pid, "ns/mnt");
	cgroup_container_id(root, pid, pt->loose.confirm ? &pt->loose : NULL, e->container_id,
			    NULL);
	if (ensure_strings(pt, pid) || rc)
		return -ENOMEM;
	return 0;
}

/* Sets every entry's nchildren from the table (after scans: a child may be read before its
 * parent). */
static void recount_children(struct proctable *pt, const struct proc_entry *only)
{
	for (size_t b = 0; b < pt->nbuckets; b++)
		for (struct proc_entry *e = pt->buckets[b]; e; e = e->hnext)
			if (!only || e == only)
				e->nchildren = 0;
	for (size_t b = 0; b < pt->nbuckets; b++)
		for (struct proc_entry *e = pt->buckets[b]; e; e = e->hnext) {
			if (e->ppid <= 0 || e->ppid == e->pid || (only && e->ppid != only->pid))
				continue;
			struct proc_entry *p = only ? (struct proc_entry *)only : find(pt, e->ppid);
			if (p)
				p->nchildren++;
		}
}

int proctable_read_ppid(const char *root, int pid)
{
	struct stat_fields sf = {0};
	size_t len = 0;
	char *stat = slurp(root ? root : "/proc", pid, "stat", 4096, &len);
	bool ok = stat && parse_stat(stat, &sf);
	free(stat);
	return ok ? sf.ppid : -1;
}

int proctable_scan_pid(struct proctable *pt, const char *root, int pid)
{
	int rc = scan_one(pt, root, pid);
	const struct proc_entry *e = find(pt, pid);
	if (e)
		recount_children(pt, e);
	return rc;
}

void proctable_set_loose_resolver(struct proctable *pt, const struct cgroup_loose_resolver *r)
{
	if (r)
		pt->loose = *r;
	else
		memset(&pt->loose, 0, sizeof(pt->loose));
}

int proctable_scan_proc(struct proctable *pt, const char *root)
{
	DIR *d;
	struct dirent *de;
	int stored = 0;

	if (!root)
		root = "/proc";
	d = opendir(root);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char *end;
		long pid;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0 || pid > INT_MAX)
			continue;
		int rc = scan_one(pt, root, (int)pid);
		if (rc == 0)
			stored++;
		else if (rc == -ENOENT)
			pt->st.scan_vanished++;
	}
	closedir(d);
	recount_children(pt, NULL);
	return stored;
}

/* ---- ancestry and renderings ------------------------------------------------------------- */

const struct proc_entry *proctable_ancestor(const struct proctable *pt, int pid, int n)
{
	const struct proc_entry *e = find(pt, pid);

	if (n < 0 || n > MAX_ANCESTRY)
		return NULL;
	for (int i = 0; e && i < n; i++) {
		if (e->ppid <= 0 || e->ppid == e->pid)
			return NULL;
		e = find(pt, e->ppid);
	}
	return e;
}

/* Appends s to buf at *len following snprintf's contract. */
static void put(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + 1 < size) {
		size_t room = size - 1 - *len;
		memcpy(buf + *len, s, n < room ? n : room);
	}
	*len += n;
	if (size)
		buf[*len < size ? *len : size - 1] = '\0';
}

size_t proc_render_args(const struct proc_entry *e, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < e->nargs; i++) {
		if (i)
			put(buf, size, &len, " ");
		put(buf, size, &len, e->args[i]);
	}
	return len;
}

size_t proc_render_cmdline(const struct proc_entry *e, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	put(buf, size, &len, e->comm);
	for (int i = 0; i < e->nargs; i++) {
		put(buf, size, &len, " ");
		put(buf, size, &len, e->args[i]);
	}
	return len;
}

int proctable_pcmdline(const struct proctable *pt, int pid, char *buf, size_t size)
{
	const struct proc_entry *p = proctable_ancestor(pt, pid, 1);

	if (size)
		buf[0] = '\0';
	if (!p)
		return -1;
	size_t n = proc_render_cmdline(p, buf, size);
	return n > INT_MAX ? INT_MAX : (int)n;
}

const char *proctable_aname(const struct proctable *pt, int pid, int n)
{
	const struct proc_entry *a = proctable_ancestor(pt, pid, n);

	return a ? a->comm : NULL;
}

int proctable_anames(const struct proctable *pt, int pid, char *buf, size_t size)
{
	const struct proc_entry *e = find(pt, pid);
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	if (!e)
		return -1;
	for (int i = 0; i < MAX_ANCESTRY; i++) {
		if (e->ppid <= 0 || e->ppid == e->pid || !(e = find(pt, e->ppid)))
			break;
		if (i)
			put(buf, size, &len, " ");
		put(buf, size, &len, e->comm);
	}
	return len > INT_MAX ? INT_MAX : (int)len;
}

const char *proctable_pexepath(const struct proctable *pt, int pid)
{
	const struct proc_entry *p = proctable_ancestor(pt, pid, 1);

	return p ? p->exepath : NULL;
}

const char *proctable_sname(const struct proctable *pt, int pid)
{
	const struct proc_entry *e = find(pt, pid);

	if (!e)
		return NULL;
	/* Like libsinsp: walk up while the parent is in the same session; the last one wins. */
	const struct proc_entry *leader = e;
	for (int i = 0; i < MAX_ANCESTRY; i++) {
		if (leader->ppid <= 0 || leader->ppid == leader->pid)
			break;
		const struct proc_entry *p = find(pt, leader->ppid);
		if (!p || p->sid != e->sid)
			break;
		leader = p;
	}
	return leader->comm;
}
