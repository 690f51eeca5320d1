/* config_files.h — Falco's `config_files`: more configuration files merged into the main one. */
#ifndef LANNER_CONFIG_FILES_H
#define LANNER_CONFIG_FILES_H

#include <stddef.h>

#include "config/cfgtree.h"

/* Reads the files root's `config_files` names (a file, or a directory: its *.yaml and *.yml
 * files in name order; a missing directory is skipped, as Falco does) and merges each into root
 * in order (cnode_merge: maps merged, lists appended, values replaced). Their own config_files
 * are not followed. Returns 0, or -1 with a message in err. */
int config_merge_includes(struct cnode *root, char *err, size_t errlen);

#endif
