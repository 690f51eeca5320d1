/* rm_tree (common/rmtree.h): removes a whole tree, removes links without following them, and
 * treats a missing directory as already removed. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/rmtree.h"

static void touch(const char *p)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0, "create %s", p);
	close(fd);
}

Test(rmtree, removes_tree_not_link_targets)
{
	char root[] = "/tmp/lnr-rmtree-XXXXXX", keep[] = "/tmp/lnr-rmtree-keep-XXXXXX";
	cr_assert(mkdtemp(root) && mkdtemp(keep));
	char p[256], k[256];
	snprintf(p, sizeof(p), "%s/a", root);
	cr_assert_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/a/b", root);
	cr_assert_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/a/b/f", root);
	touch(p);
	snprintf(k, sizeof(k), "%s/kept", keep);
	touch(k);
	snprintf(p, sizeof(p), "%s/a/link", root);
	cr_assert_eq(symlink(keep, p), 0);

	cr_expect_eq(rm_tree(root), 0);
	struct stat st;
	cr_expect_neq(lstat(root, &st), 0, "the tree is gone");
	cr_expect_eq(lstat(k, &st), 0, "what a link pointed to is kept");
	cr_expect_eq(rm_tree(root), 0, "a missing tree is success");
	cr_expect_eq(rm_tree(keep), 0);
}
