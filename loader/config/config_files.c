/* config_files.c — see config_files.h. */
#include "config/config_files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/vec.h"
#include "common/xalloc.h"

#define CONFIG_FILES_MAX 256 /* more included files than this is refused, not read */

struct names {
	char **v;
	size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool yaml_name(const char *n)
{
	size_t l = strlen(n);
	return (l > 5 && !strcmp(n + l - 5, ".yaml")) || (l > 4 && !strcmp(n + l - 4, ".yml"));
}

/* The files one config_files entry names, in order, appended to *out. */
static int entry_files(const char *path, struct names *out, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st)) {
		if (errno == ENOENT)
			return 0; /* Falco skips what does not exist */
		snprintf(err, errlen, "config_files: %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		VEC_PUSH(*out, xstrdup(path));
		return 0;
	}
	DIR *d = opendir(path);
	if (!d) {
		snprintf(err, errlen, "config_files: %s: %s", path, strerror(errno));
		return -1;
	}
	size_t first = out->n;
	struct dirent *e;
	while ((e = readdir(d))) {
		char *f = xasprintf("%s/%s", path, e->d_name);
		if (yaml_name(e->d_name) && !stat(f, &st) && S_ISREG(st.st_mode))
			VEC_PUSH(*out, f);
		else
			free(f);
	}
	closedir(d);
	qsort(out->v + first, out->n - first, sizeof(char *), cmp_str);
	return 0;
}

int config_merge_includes(struct cnode *root, char *err, size_t errlen)
{
	struct cnode *cf = cnode_get(root, "config_files");
	if (!cf || cf->kind == CN_NULL)
		return 0;
	struct names files = {0};
	int rc = 0;
	size_t cnt = cf->kind == CN_SEQ ? cf->n : 1;
	for (size_t i = 0; i < cnt && !rc; i++) {
		const struct cnode *e = cf->kind == CN_SEQ ? cf->kids[i] : cf;
		if (e->kind != CN_SCALAR) {
			char where[600];
			cnode_where(e, where, sizeof(where));
			snprintf(err, errlen, "%s: config_files: expected a file or directory name",
				 where);
			rc = -1;
			break;
		}
		rc = entry_files(e->val, &files, err, errlen);
	}
	if (!rc && files.n > CONFIG_FILES_MAX) {
		snprintf(err, errlen, "config_files: more than %d files", CONFIG_FILES_MAX);
		rc = -1;
	}
	for (size_t i = 0; i < files.n && !rc; i++) {
		struct cnode *inc = cnode_read_file(files.v[i], err, errlen);
		if (!inc) {
			rc = -1;
			break;
		}
		struct cnode *nested = cnode_get(inc, "config_files");
		if (nested)
			fprintf(stderr,
				"lanner: %s:%d: note: config_files in an included file is not "
				"followed\n",
				files.v[i], nested->line);
		cnode_merge(root, inc);
	}
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	VEC_FREE(files);
	return rc;
}
