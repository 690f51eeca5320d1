/* load.c — loading rules files: a path (a file, or a directory's sorted .yaml/.yml regular
 * files) → bytes → YAML node tree (yaml_doc.c) → items (reader.c) → the accumulated ruleset
 * (collector.c) → ruleset_compile() over the whole set, after every file, as Falco does
 * (docs/falco-semantics.md, "Files and order").
 *
 * Only regular files are read, at most RL_MAX_RULES_FILE_BYTES each: a device such as /dev/zero
 * or a FIFO named on the command line is an error whatever its name (it may never end or may
 * block), while a regular file not named .yaml/.yml is ignored, as in Falco.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collector.h"
#include "common/xalloc.h"
#include "reader.h"
#include "rules.h"
#include "yaml_doc.h"

static const char *intern_file(struct ruleset *rs, const char *name)
{
	rs->files = xrealloc(rs->files, (rs->nfiles + 1) * sizeof(*rs->files));
	rs->files[rs->nfiles] = xstrdup(name);
	return rs->files[rs->nfiles++];
}

int ruleset_load_string(struct ruleset *rs, const char *name, const char *text, size_t len,
			struct diags *out)
{
	size_t before = diags_count_errors(out);
	struct load_ctx c = {.rs = rs, .file = intern_file(rs, name), .out = out};
	struct ydoc doc;
	struct yerror err;
	if (ydoc_parse(text, len, &doc, &err)) {
		diags_add(out, LOAD_ERR_YAML_PARSE, c.file, err.line, err.col, NULL, NULL, "%s",
			  err.msg);
	} else {
		int rc = rules_read(&c, &doc);
		ydoc_free(&doc);
		if (!rc) /* Falco compiles only after a clean read */
			ruleset_compile(rs, c.file, out);
	}
	return (int)(diags_count_errors(out) - before);
}

static bool has_rules_ext(const char *name)
{
	size_t n = strlen(name);
	return (n >= 5 && !strcmp(name + n - 5, ".yaml")) ||
	       (n >= 4 && !strcmp(name + n - 4, ".yml"));
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISSOCK(m) ? "a socket"
			     : "not a regular file";
}

/* Reads a whole rules file, at most RL_MAX_RULES_FILE_BYTES: only regular files (a device or a
 * FIFO may never end), opened non-blocking so that a FIFO without a writer cannot block the open,
 * and read with a bound in case the file grows while it is read. NULL with err filled. */
static char *read_rules_file(const char *path, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	char *buf = NULL;
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(err, errlen, "Could not read rules file %s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "Could not read rules file %s: %s, not a regular file", path,
			 file_kind(st.st_mode));
		goto fail;
	}
	size_t cap = (size_t)st.st_size < RL_MAX_RULES_FILE_BYTES ? (size_t)st.st_size + 1
								  : RL_MAX_RULES_FILE_BYTES + 1;
	buf = xmalloc(cap + 1);
	size_t n = 0;
	for (;;) {
		if (n == cap && cap <= RL_MAX_RULES_FILE_BYTES) {
			cap = cap * 2 > RL_MAX_RULES_FILE_BYTES + 1 ? RL_MAX_RULES_FILE_BYTES + 1
								    : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		if (n == cap)
			break;
		ssize_t k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			snprintf(err, errlen, "Could not read rules file %s: %s", path,
				 strerror(errno));
			goto fail;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	if (n > RL_MAX_RULES_FILE_BYTES) {
		snprintf(err, errlen,
			 "Could not read rules file %s: it has more than %u bytes, the limit for a "
			 "rules file",
			 path, RL_MAX_RULES_FILE_BYTES);
		goto fail;
	}
	close(fd);
	buf[n] = 0;
	*len = n;
	return buf;
fail:
	free(buf);
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int load_file(struct ruleset *rs, const char *path, struct diags *out)
{
	char err[PATH_MAX + 200];
	size_t len = 0;
	char *buf = read_rules_file(path, &len, err, sizeof(err));
	if (!buf) {
		diags_add(out, LOAD_ERR_FILE_READ, path, 0, 0, NULL, NULL, "%s", err);
		return 1;
	}
	int rc = ruleset_load_string(rs, path, buf, len, out);
	free(buf);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ruleset_load_path(struct ruleset *rs, const char *path, struct diags *out)
{
	struct stat st;
	if (stat(path, &st)) {
		diags_add(out, LOAD_ERR_FILE_READ, path, 0, 0, NULL, NULL,
			  "Could not read rules file %s: %s", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		/* a device, FIFO or socket named on the command line is an error whatever its name
		 * (it may never end); a regular file not named .yaml/.yml is ignored (Falco) */
		if (!S_ISREG(st.st_mode)) {
			diags_add(out, LOAD_ERR_FILE_READ, path, 0, 0, NULL, NULL,
				  "Could not read rules file %s: %s, not a regular file", path,
				  file_kind(st.st_mode));
			return 1;
		}
		if (!has_rules_ext(path))
			return 0;
		return load_file(rs, path, out);
	}
	DIR *d = opendir(path);
	if (!d) {
		diags_add(out, LOAD_ERR_FILE_READ, path, 0, 0, NULL, NULL,
			  "Could not read rules directory %s: %s", path, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t pl = strlen(path);
		char *full =
			xasprintf("%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", e->d_name);
		if (has_rules_ext(e->d_name) && !stat(full, &st) && S_ISREG(st.st_mode)) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = full;
		} else {
			free(full);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = load_file(rs, names[i], out);
	strv_free(names, n);
	return rc;
}
