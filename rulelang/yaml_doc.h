/* yaml_doc.h — a YAML stream as a plain node tree with source positions (libyaml events).
 *
 * Every node records the 1-based line and column where it starts; mapping keys are nodes too, so
 * key positions are available. Plain scalars spelled as YAML null ("", "~", "null", "Null",
 * "NULL") become YNODE_NULL, like yaml-cpp (which Falco uses). Aliases point at the anchored node
 * (the tree may be a DAG; nothing is copied). All nodes belong to the ydoc and are freed with it.
 */
#ifndef LANNER_YAML_DOC_H
#define LANNER_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>

enum ynode_kind { YNODE_NULL, YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_kind kind;
	int line, col; /* 1-based start */
	/* YNODE_SCALAR (and YNODE_NULL: the original text, e.g. "~" or "") */
	char *str;
	size_t len;
	bool quoted; /* single/double quoted, literal or folded block: never null/bool/int */
	/* YNODE_SEQ: items; YNODE_MAP: keys[i] -> items[i] */
	struct ynode **items;
	struct ynode **keys;
	size_t n;
};

struct ydoc {
	struct ynode **docs; /* one root per document; a document may be YNODE_NULL */
	size_t ndocs;
	/* ownership of every node */
	struct ynode **all;
	size_t nall, capall;
};

struct yerror {
	char msg[256]; /* libyaml's problem text (with its context) */
	int line, col; /* 1-based */
};

/* Parses the whole stream. Returns 0, or -1 with err filled (the ydoc is then empty but must
 * still be freed). Never crashes on arbitrary bytes. */
int ydoc_parse(const char *text, size_t len, struct ydoc *doc, struct yerror *err);
void ydoc_free(struct ydoc *doc);

/* Mapping lookup by key text (first match, as yaml-cpp). NULL when map is not a mapping or the
 * key is absent. keynode, if non-NULL, receives the key node. */
const struct ynode *ynode_get(const struct ynode *map, const char *key,
			      const struct ynode **keynode);

/* YAML 1.2 core / yaml-cpp booleans: true/True/TRUE/false/…, yes/no, on/off, y/n (plain or
 * quoted, as yaml-cpp ignores style). Returns false when s is not a boolean. */
bool yaml_parse_bool(const char *s, bool *out);

#endif
