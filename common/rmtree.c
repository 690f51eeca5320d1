/* rm_tree: a depth-first walk (children before their directory) removing each entry. */
#include "rmtree.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

/* nftw's callback has no user pointer: the first failure is kept here for the one walk running.
 * Callers are single-threaded build steps. */
static int first_errno;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0 && errno != ENOENT && !first_errno)
		first_errno = errno;
	return 0;
}

int rm_tree(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	first_errno = 0;
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return -1;
	if (first_errno) {
		errno = first_errno;
		return -1;
	}
	return 0;
}
