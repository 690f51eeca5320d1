/* Removing a directory tree without a shell.
 *
 * Contract: rm_tree(dir) removes dir and everything below it, never following symbolic links
 * (a link is removed, not what it points to) and never leaving the tree it was given. A missing
 * dir is success. Returns 0 on success, -1 with errno set by the first removal that failed (the
 * walk still tries the rest). */
#ifndef LNR_COMMON_RMTREE_H
#define LNR_COMMON_RMTREE_H

int rm_tree(const char *dir);

#endif
