/* cgroup.c: /proc/<pid>/cgroup → container id, with the classifier the kernel uses. */
#include "cgroup.h"

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
 * for a malformed line. Paths may themselves contain ':' (v1 named hierarchies, odd names). */
static char *line_path(char *line, size_t *len)
{
	char *a = strchr(line, ':'), *b;
	size_t n;

	if (!a || !(b = strchr(a + 1, ':')))
		return NULL;
	b++;
	n = strlen(b);
	if (n && b[n - 1] == '\n')
		b[--n] = '\0';
	if (n == 0 || b[0] != '/')
		return NULL;
	*len = n;
	return b;
}

int cgroup_container_id(const char *proc_root, int pid, const struct cgroup_loose_resolver *loose,
			char id[CGROUP_ID_BUF], char full[CGROUP_FULL_ID_BUF])
{
	char fname[PATH_MAX];
	char *line = NULL, *paths = NULL;
	size_t cap = 0, plen = 0;
	ssize_t n;
	FILE *f;
	int rc = 0;

	set_host(id, full);
	snprintf(fname, sizeof(fname), "%s/%d/cgroup", proc_root ? proc_root : "/proc", pid);
	f = fopen(fname, "re");
	if (!f)
		return -errno;
	while ((n = getline(&line, &cap, f)) > 0) {
		size_t len;
		char *p = line_path(line, &len);

		if (!p)
			continue;
		if (cgroup_classify_path(p, len, id, full) != LANNER_CT_HOST)
			goto out;
		/* Keep the distinct paths for the loose resolver ('\n'-separated). */
		if (loose && loose->confirm && strcmp(p, "/") != 0) {
			bool seen = false;
			for (char *q = paths; q && q < paths + plen; q += strlen(q) + 1)
				seen = seen || strcmp(q, p) == 0;
			if (!seen) {
				char *np = realloc(paths, plen + len + 1);
				if (!np) {
					rc = -ENOMEM;
					goto out;
				}
				paths = np;
				memcpy(paths + plen, p, len + 1);
				plen += len + 1;
			}
		}
	}
	if (ferror(f))
		rc = -EIO;
	for (char *q = paths; rc == 0 && q && q < paths + plen; q += strlen(q) + 1) {
		char tmp[CGROUP_ID_BUF] = {0};
		if (loose->confirm(loose->arg, q, tmp)) {
			tmp[CGROUP_ID_BUF - 1] = '\0';
			memcpy(id, tmp, CGROUP_ID_BUF);
			break;
		}
	}
out:
	free(paths);
	free(line);
	fclose(f);
	return rc;
}
