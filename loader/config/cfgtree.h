/* cfgtree.h — a configuration as a mutable tree of maps, sequences and scalars, each node
 * remembering where it came from (file and line, or the `-o` argument that set it).
 *
 * Falco reads falco.yaml into one YAML document and then applies `-o key=value` overrides on it
 * (dotted paths, `key[N]` list elements, a `{...}`/`[...]` value parsed as YAML). This tree does
 * the same so that typed reading (config.c) happens once, after every source is merged, and an
 * error can always say which file and line (or which -o) gave the bad value.
 */
#ifndef LANNER_CFGTREE_H
#define LANNER_CFGTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "yaml_doc.h"

enum cnode_kind { CN_NULL, CN_SCALAR, CN_SEQ, CN_MAP };

struct cnode {
	enum cnode_kind kind;
	char *key;   /* in a map: the key; else NULL */
	char *val;   /* CN_SCALAR: the text (CN_NULL: the original text, may be "") */
	bool quoted; /* a quoted scalar is never null/bool/number */
	char *src;   /* the file name, or "-o KEY=VALUE" */
	int line;    /* 1-based line in src; 0 for -o */
	struct cnode **kids;
	size_t n, cap;
};

/* A tree from a parsed YAML node (the document root). src is copied. */
struct cnode *cnode_from_ynode(const struct ynode *y, const char *src);
/* A configuration file (one YAML document, a mapping; empty: an empty map). NULL with a
 * message naming the file (and line) in err. */
struct cnode *cnode_read_file(const char *file, char *err, size_t errlen);
/* An empty map (the root when no file was read). */
struct cnode *cnode_new_map(const char *src);
void cnode_free(struct cnode *n);

/* Child of a map by key (the last one when a key repeats: later settings win). */
struct cnode *cnode_get(const struct cnode *map, const char *key);

/* Merges `from` into `into`: maps recursively, lists appended (Falco's default "append"
 * strategy for config_files), anything else replaced. `from` is consumed. */
void cnode_merge(struct cnode *into, struct cnode *from);

/* Applies one "-o" argument "a.b[2].c=value" to root ("a[]" appends a new element to the list a,
 * as Falco's `-o rules[].disable.tag=T`). A value wrapped in {...} or [...] is parsed
 * as YAML; anything else is a plain scalar. Backslash escapes a literal '.', '[' or ']' in a key.
 * Returns 0, or -1 with a message in err. */
int cnode_set_kv(struct cnode *root, const char *kv, char *err, size_t errlen);

/* "FILE:LINE" or "-o KEY=VALUE" for messages. */
void cnode_where(const struct cnode *n, char *buf, size_t len);

#endif
