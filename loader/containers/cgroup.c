/* cgroup.c: /proc/<pid>/cgroup → container id, with the classifier the kernel uses. */
#include "containers/cgroup.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shared_definitions/container_id.h"

static const char HOST_ID[] = "host";

static void set_host(char id[CGROUP_ID_BUF], char full[CGROUP_FULL_ID_BUF])
{
	memcpy(id, HOST_ID, sizeof(HOST_ID));
	if (full)
		full[0] = '\0';
}

/* Copies one path component into a zero-padded buffer of the size the classifier reads.
 * Returns false when it cannot be a kernfs name (too long). */
static bool load_component(char buf[LANNER_CG_NAME_BUF], const char *s, size_t n)
{
	memset(buf, 0, LANNER_CG_NAME_BUF);
	if (n >= LANNER_CG_NAME_BUF)
		return false;
	memcpy(buf, s, n);
	return true;
}

int cgroup_classify_path(const char *path, size_t len, char id[CGROUP_ID_BUF],
			 char full[CGROUP_FULL_ID_BUF])
{
	char leaf[LANNER_CG_NAME_BUF], parent[LANNER_CG_NAME_BUF];
	size_t end = len, lstart, pstart;
	unsigned int off = 0;
	int layout;

	set_host(id, full);
	/* A trailing '/' never appears in /proc/<pid>/cgroup, but tolerate it. */
	while (end > 1 && path[end - 1] == '/')
		end--;
	lstart = end;
	while (lstart > 0 && path[lstart - 1] != '/')
		lstart--;
	pstart = lstart ? lstart - 1 : 0;
	while (pstart > 0 && path[pstart - 1] != '/')
		pstart--;
	if (!load_component(leaf, path + lstart, end - lstart))
		return LANNER_CT_HOST;
	bool have_parent = lstart > 0 && load_component(parent, path + pstart, lstart - 1 - pstart);
	layout = lanner_ct_classify(leaf, (unsigned int)(end - lstart), have_parent ? parent : NULL,
				    have_parent ? (unsigned int)(lstart - 1 - pstart) : 0, id);
	if (layout == LANNER_CT_HOST)
		return LANNER_CT_HOST;
	id[LANNER_CT_ID_LEN] = '\0';
	if (full) {
		/* Same decision again to learn where the 64 digits sit (leaf, or parent for
		 * podman's `container` leaf). */
		const char *src = leaf;
		if (lanner_ct_classify_component(leaf, (unsigned int)(end - lstart), &off) ==
		    LANNER_CT_HOST) {
			src = parent;
			lanner_ct_classify_component(parent, (unsigned int)(lstart - 1 - pstart),
						     &off);
		}
		memcpy(full, src + off, LANNER_CT_FULL_LEN);
		full[LANNER_CT_FULL_LEN] = '\0';
	}
	return layout;
}

/* Splits "hierarchy-id:controllers:path" and returns the path (NUL-terminated in place), or NULL
 * for a malformed line. Paths may themselves contain ':' (v1 named hierarchies, odd names).
 * *kind: 0 = the v2 line (empty controller list), 1 = a v1 controller hierarchy, 2 = a v1 named
 * hierarchy without controllers ("name=systemd"). */
static char *line_path(char *line, size_t *len, int *kind)
{
	char *a = strchr(line, ':'), *b;
	size_t n;

	if (!a || !(b = strchr(a + 1, ':')))
		return NULL;
	*kind = b == a + 1 ? 0 : strncmp(a + 1, "name=", 5) == 0 ? 2 : 1;
	b++;
	n = strlen(b);
	if (n && b[n - 1] == '\n')
		b[--n] = '\0';
	if (n == 0 || b[0] != '/')
		return NULL;
	*len = n;
	return b;
}

/* Asks the loose resolver about path unless it was asked already for this process. Returns 1
 * when confirmed (id set), 0 when not, -ENOMEM. */
static int ask_loose(const struct cgroup_loose_resolver *loose, const char *p, size_t len,
		     char **asked, size_t *alen, char id[CGROUP_ID_BUF])
{
	char tmp[CGROUP_ID_BUF] = {0};

	if (!loose || !loose->confirm || strcmp(p, "/") == 0)
		return 0;
	for (char *q = *asked; q && q < *asked + *alen; q += strlen(q) + 1)
		if (strcmp(q, p) == 0)
			return 0;
	char *np = realloc(*asked, *alen + len + 1);
	if (!np)
		return -ENOMEM;
	*asked = np;
	memcpy(np + *alen, p, len + 1);
	*alen += len + 1;
	if (!loose->confirm(loose->arg, p, tmp))
		return 0;
	tmp[CGROUP_ID_BUF - 1] = '\0';
	memcpy(id, tmp, CGROUP_ID_BUF);
	return 1;
}

/* The order is the kernel's (bpf-templates/helpers/extract.h lnr_ct_step): the v2 line, then the
 * v1 controller lines; named hierarchies are not looked at (the kernel cannot see them). For
 * each: a strict layout, else a runtime-confirmed loose one. */
int cgroup_container_id(const char *proc_root, int pid, const struct cgroup_loose_resolver *loose,
			char id[CGROUP_ID_BUF], char full[CGROUP_FULL_ID_BUF])
{
	char fname[PATH_MAX];
	char *buf = NULL, *asked = NULL;
	size_t cap = 0, alen = 0, used = 0;
	FILE *f;
	int rc = 0;

	set_host(id, full);
	snprintf(fname, sizeof(fname), "%s/%d/cgroup", proc_root ? proc_root : "/proc", pid);
	f = fopen(fname, "re");
	if (!f)
		return -errno;
	/* the whole file, so the v2 line (last in the file) can go first */
	for (;;) {
		if (used + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap + 8192);
			if (!nb) {
				rc = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap += 8192;
		}
		size_t n = fread(buf + used, 1, 4096, f);
		used += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		rc = -EIO;
		goto out;
	}
	buf[used] = '\0';
	for (size_t i = 0; i < used; i++)
		if (buf[i] == '\n')
			buf[i] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		for (char *line = buf; line < buf + used; line += strlen(line) + 1) {
			size_t len;
			int kind;
			char *p = line_path(line, &len, &kind);
			if (!p || kind == 2 || (kind == 0) != (pass == 0))
				continue;
			if (cgroup_classify_path(p, len, id, full) != LANNER_CT_HOST)
				goto out;
			int r = ask_loose(loose, p, len, &asked, &alen, id);
			if (r < 0)
				rc = r;
			if (r != 0)
				goto out;
		}
	}
out:
	free(asked);
	free(buf);
	fclose(f);
	return rc;
}
