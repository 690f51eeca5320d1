/* ct_confirm.c — see ct_confirm.h. */
#include "containers/ct_confirm.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Decodes mountinfo's octal escapes (\040 = space) in place. */
static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

int ct_cgroup_mounts(const char *mountinfo, char ***out, size_t *n)
{
	FILE *f = fopen(mountinfo ? mountinfo : "/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		/* id parent maj:min root MOUNTPOINT options [optional...] - FSTYPE source super */
		char *save = NULL, *tok, *mnt = NULL;
		int field = 0;
		for (tok = strtok_r(line, " \n", &save); tok && field < 4;
		     tok = strtok_r(NULL, " \n", &save))
			field++;
		mnt = tok;
		if (!mnt)
			continue;
		while ((tok = strtok_r(NULL, " \n", &save)) && strcmp(tok, "-") != 0)
			;
		const char *fstype = tok ? strtok_r(NULL, " \n", &save) : NULL;
		if (!fstype || (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0))
			continue;
		char *m = strdup(mnt);
		char **nv = m ? realloc(*out, (*n + 1) * sizeof(*nv)) : NULL;
		if (!nv) {
			free(m);
			rc = -ENOMEM;
			break;
		}
		unescape(m);
		*out = nv;
		(*out)[(*n)++] = m;
	}
	free(line);
	fclose(f);
	return rc < 0 ? rc : (int)*n;
}

/* The count of confirmations (LANNER_CT_GEN_KEY) goes to its own array, lnr_ct_gen: the kernel
 * reads it at every exec. */
static int put_map(void *arg, uint64_t cgid, const struct lanner_ct_class *v)
{
	struct ct_confirm *c = arg;
	if (cgid == LANNER_CT_GEN_KEY) {
		uint32_t k = 0, g = v->layout;
		return bpf_map_update_elem(c->gen_fd, &k, &g, BPF_ANY) ? -errno : 0;
	}
	return bpf_map_update_elem(c->map_fd, &cgid, v, BPF_ANY) ? -errno : 0;
}

static int put_one(struct ct_confirm *c, uint64_t key, const struct lanner_ct_class *v)
{
	return c->put ? c->put(c->put_arg, key, v) : put_map(c, key, v);
}

/* Writes path's cgroup in every hierarchy where it exists, then the next generation (the kernel
 * classifies again what it cached per css_set before it). */
static int publish(struct ct_confirm *c, const char *path, const char *id)
{
	struct lanner_ct_class v;
	char full[PATH_MAX];
	struct stat st;
	int n = 0;

	memset(&v, 0, sizeof(v));
	v.layout = LANNER_CT_LOOSE;
	memcpy(v.id, id, strnlen(id, LANNER_CT_ID_LEN));
	for (size_t i = 0; i < c->nmounts; i++) {
		if (snprintf(full, sizeof(full), "%s%s", c->mounts[i], path) >= (int)sizeof(full))
			continue;
		if (stat(full, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (put_one(c, (uint64_t)st.st_ino, &v) == 0) {
			c->published++;
			n++;
		} else {
			c->failed++;
		}
	}
	if (n) {
		struct lanner_ct_class g;
		memset(&g, 0, sizeof(g));
		g.layout = ++c->gen;
		if (put_one(c, LANNER_CT_GEN_KEY, &g))
			c->failed++;
	}
	return n;
}

static bool confirm(void *arg, const char *path, char id[CGROUP_ID_BUF])
{
	struct ct_confirm *c = arg;
	if (!c->inner.confirm || !c->inner.confirm(c->inner.arg, path, id))
		return false;
	id[CGROUP_ID_BUF - 1] = '\0';
	if (c->bound) {
		publish(c, path, id);
		return true;
	}
	for (size_t i = 0; i < c->npend; i++)
		if (strcmp(c->pend[i].path, path) == 0)
			return true;
	struct ct_confirm_pending *np = realloc(c->pend, (c->npend + 1) * sizeof(*np));
	if (!np)
		return true;
	c->pend = np;
	if (!(np[c->npend].path = strdup(path)))
		return true;
	memcpy(np[c->npend].id, id, CGROUP_ID_BUF);
	c->npend++;
	return true;
}

int ct_confirm_init(struct ct_confirm *c, const struct cgroup_loose_resolver *inner,
		    const char *mountinfo)
{
	memset(c, 0, sizeof(*c));
	c->map_fd = -1;
	c->gen_fd = -1;
	if (inner)
		c->inner = *inner;
	int rc = ct_cgroup_mounts(mountinfo, &c->mounts, &c->nmounts);
	return rc < 0 ? rc : 0;
}

struct cgroup_loose_resolver ct_confirm_resolver(struct ct_confirm *c)
{
	struct cgroup_loose_resolver r = {confirm, c};
	return r;
}

int ct_confirm_bind(struct ct_confirm *c, int map_fd, int gen_fd)
{
	int n = 0;
	c->map_fd = map_fd;
	c->gen_fd = gen_fd;
	c->bound = true;
	for (size_t i = 0; i < c->npend; i++) {
		n += publish(c, c->pend[i].path, c->pend[i].id);
		free(c->pend[i].path);
	}
	free(c->pend);
	c->pend = NULL;
	c->npend = 0;
	return n;
}

void ct_confirm_free(struct ct_confirm *c)
{
	for (size_t i = 0; i < c->nmounts; i++)
		free(c->mounts[i]);
	free(c->mounts);
	for (size_t i = 0; i < c->npend; i++)
		free(c->pend[i].path);
	free(c->pend);
	memset(c, 0, sizeof(*c));
	c->map_fd = -1;
	c->gen_fd = -1;
}
