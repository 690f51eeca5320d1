/* cfgtree.c — see cfgtree.h. */
#include "config/cfgtree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/vec.h"
#include "common/xalloc.h"

#define CONFIG_MAX_BYTES (16u << 20) /* a configuration file larger than this is refused */
#define CFG_MAX_DEPTH	 64 /* deeper -o paths or YAML are refused rather than recursed into */

static struct cnode *node_new(enum cnode_kind kind, const char *src, int line)
{
	struct cnode *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->src = xstrdup(src);
	n->line = line;
	return n;
}

struct cnode *cnode_new_map(const char *src)
{
	return node_new(CN_MAP, src, 0);
}

static void add_kid(struct cnode *p, struct cnode *k)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		p->kids = xreallocarray(p->kids, p->cap, sizeof(*p->kids));
	}
	p->kids[p->n++] = k;
}

static struct cnode *from_ynode(const struct ynode *y, const char *src, int depth)
{
	static const enum cnode_kind kinds[] = {
		[YNODE_NULL] = CN_NULL,
		[YNODE_SCALAR] = CN_SCALAR,
		[YNODE_SEQ] = CN_SEQ,
		[YNODE_MAP] = CN_MAP,
	};
	struct cnode *n = node_new(y ? kinds[y->kind] : CN_NULL, src, y ? y->line : 0);
	if (!y || depth > CFG_MAX_DEPTH) {
		n->kind = CN_NULL;
		n->val = xstrdup("");
		return n;
	}
	if (y->kind == YNODE_NULL || y->kind == YNODE_SCALAR) {
		n->val = xstrndup(y->str ? y->str : "", y->str ? y->len : 0);
		n->quoted = y->quoted;
		return n;
	}
	for (size_t i = 0; i < y->n; i++) {
		struct cnode *k = from_ynode(y->items[i], src, depth + 1);
		if (y->kind == YNODE_MAP) {
			const struct ynode *key = y->keys[i];
			k->key = xstrndup(key && key->str ? key->str : "",
					  key && key->str ? key->len : 0);
			if (key)
				k->line = key->line;
		}
		add_kid(n, k);
	}
	return n;
}

struct cnode *cnode_from_ynode(const struct ynode *y, const char *src)
{
	return from_ynode(y, src, 0);
}

void cnode_free(struct cnode *n)
{
	if (!n)
		return;
	FREE_EACH(n->kids, n->n, cnode_free);
	free(n->key);
	free(n->val);
	free(n->src);
	free(n);
}

static ssize_t index_of(const struct cnode *map, const char *key)
{
	if (!map || map->kind != CN_MAP)
		return -1;
	for (size_t i = map->n; i-- > 0;)
		if (map->kids[i]->key && !strcmp(map->kids[i]->key, key))
			return (ssize_t)i;
	return -1;
}

struct cnode *cnode_get(const struct cnode *map, const char *key)
{
	ssize_t i = index_of(map, key);
	return i < 0 ? NULL : map->kids[i];
}

/* Puts `k` (keyed) into map, replacing an existing child with the same key. */
static void map_put(struct cnode *map, struct cnode *k)
{
	ssize_t i = index_of(map, k->key);
	if (i < 0) {
		add_kid(map, k);
		return;
	}
	cnode_free(map->kids[i]);
	map->kids[i] = k;
}

void cnode_merge(struct cnode *into, struct cnode *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct cnode *k = from->kids[i];
		struct cnode *old = k->key ? cnode_get(into, k->key) : NULL;
		if (old && old->kind == CN_MAP && k->kind == CN_MAP) {
			cnode_merge(old, k);
		} else if (old && old->kind == CN_SEQ && k->kind == CN_SEQ) {
			for (size_t j = 0; j < k->n; j++)
				add_kid(old, k->kids[j]);
			k->n = 0;
			cnode_free(k);
		} else if (k->key)
			map_put(into, k);
		else
			cnode_free(k);
	}
	from->n = 0;
	cnode_free(from);
}

void cnode_where(const struct cnode *n, char *buf, size_t len)
{
	if (n->line > 0)
		snprintf(buf, len, "%s:%d", n->src, n->line);
	else
		snprintf(buf, len, "%s", n->src);
}

/* ---- -o key paths ---- */

struct seg {
	char *key; /* NULL for an index */
	long index;
};

#define SEG_APPEND (-2L) /* "[]": append to the list */

static int path_fail(struct seg *segs, int n)
{
	for (int i = 0; i < n; i++)
		free(segs[i].key);
	return -1;
}

/* Splits "a.b\.c[2].d" into segments. Returns the count, or -1 with err (nothing kept). */
static int parse_path(const char *p, size_t len, struct seg *segs, int max, char *err,
		      size_t errlen)
{
	int n = 0;
	size_t i = 0;
	while (i < len) {
		if (n == max) {
			snprintf(err, errlen, "key path too deep");
			return path_fail(segs, n);
		}
		if (p[i] == '[' && i + 1 < len && p[i + 1] == ']') {
			/* "key[]": a new element at the end of the list (Falco's append) */
			segs[n].key = NULL;
			segs[n++].index = SEG_APPEND;
			i += 2;
			if (i < len && p[i] == '.')
				i++;
			continue;
		}
		if (p[i] == '[') {
			char *end;
			long v = strtol(p + i + 1, &end, 10);
			if (end == p + i + 1 || *end != ']' || v < 0 || v > 100000) {
				snprintf(err, errlen, "bad list index in key '%.*s'", (int)len, p);
				return path_fail(segs, n);
			}
			segs[n].key = NULL;
			segs[n++].index = v;
			i = (size_t)(end - p) + 1;
			if (i < len && p[i] == '.')
				i++;
			continue;
		}
		struct strbuf b = {0};
		while (i < len && p[i] != '.' && p[i] != '[') {
			if (p[i] == '\\' && i + 1 < len)
				i++;
			sb_addc(&b, p[i++]);
		}
		if (!b.len) {
			sb_free(&b);
			snprintf(err, errlen, "empty component in key '%.*s'", (int)len, p);
			return path_fail(segs, n);
		}
		segs[n].key = sb_detach(&b);
		segs[n++].index = -1;
		if (i < len && p[i] == '.')
			i++;
	}
	return n;
}

static struct cnode *parse_value(const char *v, const char *src, char *err, size_t errlen)
{
	if (*v != '{' && *v != '[') {
		struct cnode *n = node_new(CN_SCALAR, src, 0);
		n->val = xstrdup(v);
		return n;
	}
	struct ydoc d = {0};
	struct yerror ye;
	if (ydoc_parse(v, strlen(v), &d, &ye) || d.ndocs != 1) {
		snprintf(err, errlen, "value is not valid YAML: %.200s",
			 d.ndocs ? ye.msg : "empty");
		ydoc_free(&d);
		return NULL;
	}
	struct cnode *n = cnode_from_ynode(d.docs[0], src);
	ydoc_free(&d);
	/* positions inside an -o value mean nothing to the reader: name the argument instead */
	return n;
}

static void clear_lines(struct cnode *n)
{
	n->line = 0;
	for (size_t i = 0; i < n->n; i++)
		clear_lines(n->kids[i]);
}

/* The child of `at` addressed by seg, created (as a map) when missing. */
static struct cnode *step(struct cnode *at, const struct seg *s, const char *src, char *err,
			  size_t errlen)
{
	if (s->key) {
		if (at->kind == CN_NULL) {
			at->kind = CN_MAP;
		} else if (at->kind != CN_MAP) {
			snprintf(err, errlen, "'%s' is under a value that is not a mapping",
				 s->key);
			return NULL;
		}
		struct cnode *c = cnode_get(at, s->key);
		if (!c) {
			c = node_new(CN_NULL, src, 0);
			c->key = xstrdup(s->key);
			add_kid(at, c);
		}
		return c;
	}
	if (at->kind == CN_NULL)
		at->kind = CN_SEQ;
	if (at->kind != CN_SEQ) {
		if (s->index == SEG_APPEND)
			snprintf(err, errlen, "[] on a value that is not a list");
		else
			snprintf(err, errlen, "index [%ld] on a value that is not a list",
				 s->index);
		return NULL;
	}
	if (s->index == SEG_APPEND) {
		add_kid(at, node_new(CN_NULL, src, 0));
		return at->kids[at->n - 1];
	}
	if ((size_t)s->index > at->n) {
		snprintf(err, errlen, "index [%ld] past the end of a list of %zu", s->index, at->n);
		return NULL;
	}
	if ((size_t)s->index == at->n)
		add_kid(at, node_new(CN_NULL, src, 0));
	return at->kids[s->index];
}

int cnode_set_kv(struct cnode *root, const char *kv, char *err, size_t errlen)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv) {
		snprintf(err, errlen, "-o %s: expected key=value", kv);
		return -1;
	}
	char src[512];
	snprintf(src, sizeof(src), "-o %s", kv);
	struct seg segs[CFG_MAX_DEPTH];
	char why[256];
	int ns = parse_path(kv, (size_t)(eq - kv), segs, CFG_MAX_DEPTH, why, sizeof(why));
	int rc = -1;
	if (ns < 0) {
		snprintf(err, errlen, "%s: %s", src, why);
		return -1;
	}
	struct cnode *val = parse_value(eq + 1, src, why, sizeof(why));
	struct cnode *at = root;
	for (int i = 0; val && i < ns - 1 && at; i++)
		at = step(at, &segs[i], src, why, sizeof(why));
	struct cnode *slot = val && at ? step(at, &segs[ns - 1], src, why, sizeof(why)) : NULL;
	if (slot) {
		/* the slot takes val's contents in place (it keeps its key and place); the node val
		 * leaves, now holding the slot's old contents, is freed whole */
		struct cnode old = *slot;
		char *val_key = val->key;
		*slot = *val;
		slot->key = old.key;
		*val = old;
		val->key = val_key;
		clear_lines(slot);
		cnode_free(val);
		val = NULL;
		rc = 0;
	} else {
		snprintf(err, errlen, "%s: %s", src, why);
		cnode_free(val);
	}
	for (int i = 0; i < ns; i++)
		free(segs[i].key);
	return rc;
}

/* ---- reading a file ---- */

struct cnode *cnode_read_file(const char *file, char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read the configuration file %s: %s", file,
			 strerror(errno));
		return NULL;
	}
	struct strbuf b = {0};
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len <= CONFIG_MAX_BYTES)
		sb_addn(&b, chunk, got);
	bool rerr = ferror(f);
	fclose(f);
	if (rerr || b.len > CONFIG_MAX_BYTES) {
		snprintf(err, errlen, "%s: %s", file,
			 rerr ? "read error" : "larger than 16 MiB, not a configuration file");
		sb_free(&b);
		return NULL;
	}
	struct ydoc d = {0};
	struct yerror ye;
	struct cnode *root = NULL;
	if (ydoc_parse(sb_str(&b), b.len, &d, &ye)) {
		snprintf(err, errlen, "%s:%d:%d: %s", file, ye.line, ye.col, ye.msg);
	} else if (d.ndocs > 1) {
		snprintf(err, errlen, "%s: more than one YAML document", file);
	} else if (d.ndocs == 0 || d.docs[0]->kind == YNODE_NULL) {
		root = cnode_new_map(file);
	} else if (d.docs[0]->kind != YNODE_MAP) {
		snprintf(err, errlen, "%s:%d: the configuration must be a mapping of keys", file,
			 d.docs[0]->line);
	} else {
		root = cnode_from_ynode(d.docs[0], file);
	}
	ydoc_free(&d);
	sb_free(&b);
	return root;
}
