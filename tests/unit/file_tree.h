/* file_tree.h — fake file trees for tests: paths under a per-test root, mkdir -p, writing files.
 * Each including test file gets its own `root` (set it, e.g. with mkdtemp, before use). */
#ifndef LANNER_TEST_FILE_TREE_H
#define LANNER_TEST_FILE_TREE_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static char root[64];
static char path_buf[512];

/* root + "/" + the formatted path, in a static buffer (valid until the next call). */
static inline const char *P(const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(path_buf, sizeof(path_buf), "%s/", root);
	va_start(ap, fmt);
	vsnprintf(path_buf + n, sizeof(path_buf) - (size_t)n, fmt, ap);
	va_end(ap);
	return path_buf;
}

static inline void mkdirs(const char *path)
{
	char tmp[512];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	mkdir(tmp, 0755);
}

/* Writes content to path, creating its directories. */
static inline void put(const char *path, const char *content)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	FILE *f = fopen(path, "w");
	cr_assert(f, "%s", path);
	fputs(content, f);
	fclose(f);
}

#endif
