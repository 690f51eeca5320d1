/* userdb.c: passwd/group tables per process root, cached per mount namespace. See userdb.h. */
#include "containers/userdb.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/vec.h"
#include "common/xalloc.h"

/* passwd/group files larger than this are read only up to it. */
#define MAX_FILE (16u << 20)

struct uent {
	uint32_t id;
	uint32_t gid;
	size_t line; /* for "first entry wins" among duplicates */
	const char *name, *home, *shell;
};

struct gent {
	uint32_t id;
	size_t line;
	const char *name;
};

struct filesig {
	bool present;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct table {
	uint64_t key;
	char *pbuf, *gbuf;
	struct {
		struct uent *v;
		size_t n, cap;
	} users;
	struct {
		struct gent *v;
		size_t n, cap;
	} groups;
	struct filesig psig, gsig;
	int64_t checked_ms;
	uint64_t last_used;
};

struct userdb {
	char *proc_root, *host_root;
	uint64_t host_mntns;
	size_t max_tables, max_entries;
	int refresh_ms;
	struct table **tables;
	size_t ntables;
	uint64_t clock; /* use counter for LRU */
	struct userdb_stats st;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- opening files inside a root --------------------------------------------------------------
 */

/* Opens etc/<name> of a process's root, resolving symlinks inside that root. Returns the fd,
 * -ENOENT when the root is readable but the file is absent, other -errno when the root is not. */
static int open_in_root(int rootfd, const char *rel)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC,
			       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	long fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));

	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		fd = openat(rootfd, rel, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : (int)fd;
}

/* Opens the passwd and group files for a key. Returns 0 with fds (-1 for an absent file), or
 * -errno when the root cannot be reached (process gone). */
static int open_files(struct userdb *db, int pid, uint64_t key, int *pfd, int *gfd)
{
	char path[PATH_MAX];
	int rootfd;

	*pfd = *gfd = -1;
	if (key == db->host_mntns) {
		snprintf(path, sizeof(path), "%s/etc", db->host_root);
	} else {
		if (pid <= 0)
			return -ESRCH;
		snprintf(path, sizeof(path), "%s/%d/root", db->proc_root, pid);
	}
	rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -errno;
	if (key == db->host_mntns) {
		*pfd = openat(rootfd, "passwd", O_RDONLY | O_CLOEXEC);
		*gfd = openat(rootfd, "group", O_RDONLY | O_CLOEXEC);
	} else {
		int rc = open_in_root(rootfd, "etc/passwd");
		*pfd = rc >= 0 ? rc : -1;
		rc = open_in_root(rootfd, "etc/group");
		*gfd = rc >= 0 ? rc : -1;
	}
	close(rootfd);
	return 0;
}

static void sig_of(int fd, struct filesig *s)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	if (fd < 0 || fstat(fd, &st) != 0)
		return;
	s->present = true;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mtime = st.st_mtim;
}

static bool sig_eq(const struct filesig *a, const struct filesig *b)
{
	return a->present == b->present && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* Reads a whole file (up to MAX_FILE) into a NUL-terminated buffer; "" for fd < 0. */
static char *slurp(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return NULL;
	while (fd >= 0 && len < MAX_FILE) {
		if (len == cap) {
			cap *= 2;
			char *nb = realloc(buf, cap + 1);
			if (!nb)
				break;
			buf = nb;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

/* ---- parsing ----------------------------------------------------------------------------------
 */

/* Splits line into at most n ':'-separated fields in place; returns how many it found. */
static int split_fields(char *line, char **f, int n)
{
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < n; p++)
		if (*p == ':') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

static bool parse_id(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static int uent_cmp(const void *a, const void *b)
{
	const struct uent *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int gent_cmp(const void *a, const void *b)
{
	const struct gent *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Cuts the next line off *cursor (newline becomes NUL); NULL at the end. */
static char *next_line(char **cursor)
{
	char *line = *cursor, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = NULL;
	}
	return line;
}

/* Comments and NIS compat entries ("+name", "-name") carry no ids. */
static bool skip_line(const char *line)
{
	return !line[0] || line[0] == '#' || line[0] == '+' || line[0] == '-';
}

/* The next entry of a passwd or group buffer that has a name and a numeric id (field 2): its
 * nf fields in f (missing ones NULL), its id, and in *idx its line number. False at the end. */
static bool next_entry(char **cur, size_t *idx, char **f, int nf, uint32_t *id)
{
	char *line;
	while ((line = next_line(cur))) {
		(*idx)++;
		memset(f, 0, (size_t)nf * sizeof(*f));
		if (skip_line(line) || split_fields(line, f, nf) < 3 || !f[0][0] ||
		    !parse_id(f[2], id))
			continue;
		return true;
	}
	return false;
}

static void parse_passwd(struct userdb *db, struct table *t)
{
	size_t idx = 0;
	char *cur = t->pbuf, *f[7];
	uint32_t uid, gid;

	while (t->users.n < db->max_entries && next_entry(&cur, &idx, f, 7, &uid)) {
		struct uent u = {.id = uid,
				 .gid = f[3] && parse_id(f[3], &gid) ? gid : 0,
				 .line = idx,
				 .name = f[0],
				 .home = f[5] ? f[5] : "",
				 .shell = f[6] ? f[6] : ""};
		VEC_PUSH(t->users, u);
	}
	if (t->users.n)
		qsort(t->users.v, t->users.n, sizeof(*t->users.v), uent_cmp);
}

static void parse_group(struct userdb *db, struct table *t)
{
	size_t idx = 0;
	char *cur = t->gbuf, *f[4];
	uint32_t gid;

	while (t->groups.n < db->max_entries && next_entry(&cur, &idx, f, 4, &gid)) {
		struct gent g = {.id = gid, .line = idx, .name = f[0]};
		VEC_PUSH(t->groups, g);
	}
	if (t->groups.n)
		qsort(t->groups.v, t->groups.n, sizeof(*t->groups.v), gent_cmp);
}

static void table_clear(struct table *t)
{
	free(t->pbuf);
	free(t->gbuf);
	VEC_FREE(t->users);
	VEC_FREE(t->groups);
	t->pbuf = t->gbuf = NULL;
}

static void table_load(struct userdb *db, struct table *t, int pfd, int gfd)
{
	table_clear(t);
	sig_of(pfd, &t->psig);
	sig_of(gfd, &t->gsig);
	t->pbuf = slurp(pfd);
	t->gbuf = slurp(gfd);
	if (t->pbuf)
		parse_passwd(db, t);
	if (t->gbuf)
		parse_group(db, t);
	t->checked_ms = now_ms();
	db->st.loads++;
}

/* ---- the cache --------------------------------------------------------------------------------
 */

static char *dup_or(const char *s, const char *dflt)
{
	return strdup(s ? s : dflt);
}

struct userdb *userdb_new(const struct userdb_config *config)
{
	struct userdb_config c = {0};
	struct userdb *db;

	if (config)
		c = *config;
	db = calloc(1, sizeof(*db));
	if (!db)
		return NULL;
	db->proc_root = dup_or(c.proc_root, "/proc");
	db->host_root = dup_or(c.host_root, "");
	db->max_tables = c.max_tables ? c.max_tables : 64;
	db->max_entries = c.max_entries ? c.max_entries : 65536;
	db->refresh_ms = c.refresh_ms ? c.refresh_ms : 5000;
	db->tables = calloc(db->max_tables, sizeof(*db->tables));
	if (!db->proc_root || !db->host_root || !db->tables) {
		userdb_free(db);
		return NULL;
	}
	db->host_mntns = c.host_mntns;
	if (!db->host_mntns) {
		struct stat st;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/self/ns/mnt", db->proc_root);
		if (stat(path, &st) == 0 || stat("/proc/self/ns/mnt", &st) == 0)
			db->host_mntns = st.st_ino;
	}
	return db;
}

void userdb_free(struct userdb *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->ntables; i++) {
		table_clear(db->tables[i]);
		free(db->tables[i]);
	}
	free(db->tables);
	free(db->proc_root);
	free(db->host_root);
	free(db);
}

static uint64_t key_of(struct userdb *db, int pid, uint64_t mntns)
{
	char path[PATH_MAX];
	struct stat st;

	if (mntns)
		return mntns;
	snprintf(path, sizeof(path), "%s/%d/ns/mnt", db->proc_root, pid);
	return pid > 0 && stat(path, &st) == 0 ? st.st_ino : 0;
}

/* The table for (pid, mntns), loaded or refreshed as needed; NULL when the root is unreadable. */
static void close_files(int pfd, int gfd)
{
	if (pfd >= 0)
		close(pfd);
	if (gfd >= 0)
		close(gfd);
}

static struct table *table_for(struct userdb *db, int pid, uint64_t mntns)
{
	uint64_t key = key_of(db, pid, mntns);
	struct table *t = NULL;
	int pfd, gfd;

	if (!key) {
		db->st.unreadable++;
		return NULL;
	}
	for (size_t i = 0; i < db->ntables; i++)
		if (db->tables[i]->key == key) {
			t = db->tables[i];
			break;
		}
	if (t) {
		t->last_used = ++db->clock;
		if (db->refresh_ms < 0 || now_ms() - t->checked_ms < db->refresh_ms)
			return t;
		/* Time to re-check; a vanished process keeps the table it had. */
		if (open_files(db, pid, key, &pfd, &gfd) != 0)
			return t;
		struct filesig ps, gs;
		sig_of(pfd, &ps);
		sig_of(gfd, &gs);
		if (sig_eq(&ps, &t->psig) && sig_eq(&gs, &t->gsig))
			t->checked_ms = now_ms();
		else
			table_load(db, t, pfd, gfd);
		close_files(pfd, gfd);
		return t;
	}
	if (open_files(db, pid, key, &pfd, &gfd) != 0) {
		db->st.unreadable++;
		return NULL;
	}
	if (db->ntables == db->max_tables) {
		size_t lru = 0;
		for (size_t i = 1; i < db->ntables; i++)
			if (db->tables[i]->last_used < db->tables[lru]->last_used)
				lru = i;
		t = db->tables[lru];
		table_clear(t);
		db->st.evicted++;
	} else {
		t = calloc(1, sizeof(*t));
		if (t)
			db->tables[db->ntables++] = t;
	}
	if (t) {
		memset(t, 0, sizeof(*t));
		t->key = key;
		t->last_used = ++db->clock;
		table_load(db, t, pfd, gfd);
	}
	close_files(pfd, gfd);
	return t;
}

/* The index of the first entry whose id is not below id, in an array of n entries of size bytes
 * sorted by id, which is each entry's first member (the lower bound: of equal ids, the file's
 * first entry). */
static size_t lower_bound(const void *base, size_t n, size_t size, uint32_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t m;
		memcpy(&m, (const char *)base + mid * size, sizeof(m));
		if (m < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
_Static_assert(offsetof(struct uent, id) == 0 && offsetof(struct gent, id) == 0,
	       "lower_bound reads the id at the start of each entry");

static const struct uent *find_user(const struct table *t, uint32_t uid)
{
	if (!t)
		return NULL;
	size_t i = lower_bound(t->users.v, t->users.n, sizeof(*t->users.v), uid);
	return i < t->users.n && t->users.v[i].id == uid ? &t->users.v[i] : NULL;
}

static const struct gent *find_group(const struct table *t, uint32_t gid)
{
	if (!t)
		return NULL;
	size_t i = lower_bound(t->groups.v, t->groups.n, sizeof(*t->groups.v), gid);
	return i < t->groups.n && t->groups.v[i].id == gid ? &t->groups.v[i] : NULL;
}

bool userdb_user(struct userdb *db, int pid, uint64_t mntns, uint32_t uid, struct userdb_user *out)
{
	const struct uent *u = find_user(table_for(db, pid, mntns), uid);

	if (u) {
		out->name = u->name;
		out->homedir = u->home;
		out->shell = u->shell;
		out->gid = u->gid;
		return true;
	}
	out->name = uid == 0 ? "root" : USERDB_NA;
	out->homedir = uid == 0 ? "/root" : USERDB_NA;
	out->shell = USERDB_NA;
	out->gid = 0;
	return false;
}

const char *userdb_user_name(struct userdb *db, int pid, uint64_t mntns, uint32_t uid)
{
	struct userdb_user u;
	userdb_user(db, pid, mntns, uid, &u);
	return u.name;
}

const char *userdb_group_name(struct userdb *db, int pid, uint64_t mntns, uint32_t gid)
{
	const struct gent *g = find_group(table_for(db, pid, mntns), gid);
	if (g)
		return g->name;
	return gid == 0 ? "root" : USERDB_NA;
}

const char *userdb_login_name(struct userdb *db, int pid, uint64_t mntns, int64_t loginuid)
{
	if (loginuid < 0 || loginuid >= (int64_t)UINT32_MAX)
		return USERDB_NA;
	return userdb_user_name(db, pid, mntns, (uint32_t)loginuid);
}

bool userdb_readable(struct userdb *db, int pid, uint64_t mntns)
{
	return table_for(db, pid, mntns) != NULL;
}

void userdb_forget(struct userdb *db, uint64_t mntns)
{
	for (size_t i = 0; i < db->ntables; i++)
		if (db->tables[i]->key == mntns) {
			table_clear(db->tables[i]);
			free(db->tables[i]);
			db->tables[i] = db->tables[--db->ntables];
			return;
		}
}

void userdb_stats(const struct userdb *db, struct userdb_stats *out)
{
	*out = db->st;
	out->tables = db->ntables;
}
