/* yaml_doc.c — libyaml event stream → ynode tree (see yaml_doc.h). */
#include "yaml_doc.h"

#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static struct ynode *node_new(struct ydoc *d, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	if (d->nall == d->capall) {
		d->capall = d->capall ? d->capall * 2 : 64;
		d->all = xrealloc(d->all, d->capall * sizeof(*d->all));
	}
	d->all[d->nall++] = n;
	return n;
}

static void push_child(struct ynode *parent, struct ynode *child, struct ynode **pending_key,
		       size_t *cap)
{
	if (parent->n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		parent->items = xrealloc(parent->items, *cap * sizeof(*parent->items));
		if (parent->kind == YNODE_MAP)
			parent->keys = xrealloc(parent->keys, *cap * sizeof(*parent->keys));
	}
	if (parent->kind == YNODE_MAP) {
		parent->keys[parent->n] = *pending_key;
		*pending_key = NULL;
	}
	parent->items[parent->n++] = child;
}

static bool is_null_text(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

#define YDOC_MAX_DEPTH 100

struct anchor {
	char *name;
	struct ynode *node;
};

struct frame {
	struct ynode *node;
	struct ynode *key; /* maps: key waiting for its value */
	size_t cap;
};

struct builder {
	struct ydoc *doc;
	struct frame *stack;
	size_t depth, capdepth;
	struct anchor *anchors;
	size_t nanchors, capanchors;
};

static void anchor_set(struct builder *b, const yaml_char_t *name, struct ynode *n)
{
	if (!name)
		return;
	/* a redefined anchor shadows the old one: search from the end */
	if (b->nanchors == b->capanchors) {
		b->capanchors = b->capanchors ? b->capanchors * 2 : 8;
		b->anchors = xrealloc(b->anchors, b->capanchors * sizeof(*b->anchors));
	}
	b->anchors[b->nanchors].name = xstrdup((const char *)name);
	b->anchors[b->nanchors++].node = n;
}

static struct ynode *anchor_get(struct builder *b, const yaml_char_t *name)
{
	for (size_t i = b->nanchors; i-- > 0;)
		if (!strcmp(b->anchors[i].name, (const char *)name))
			return b->anchors[i].node;
	return NULL;
}

static void anchors_clear(struct builder *b)
{
	for (size_t i = 0; i < b->nanchors; i++)
		free(b->anchors[i].name);
	b->nanchors = 0;
}

/* Attaches a finished node (scalar, alias, or a just-opened collection) to its parent. */
static void attach(struct builder *b, struct ynode *n)
{
	if (!b->depth) {
		struct ydoc *d = b->doc;
		d->docs = xrealloc(d->docs, (d->ndocs + 1) * sizeof(*d->docs));
		d->docs[d->ndocs++] = n;
		return;
	}
	struct frame *f = &b->stack[b->depth - 1];
	if (f->node->kind == YNODE_MAP && !f->key)
		f->key = n;
	else
		push_child(f->node, n, &f->key, &f->cap);
}

static void set_error(struct yerror *err, const yaml_parser_t *p, const char *text, size_t len)
{
	const char *problem = p->problem ? p->problem : "unknown YAML error";
	const yaml_mark_t *m = &p->problem_mark;
	if (p->context)
		snprintf(err->msg, sizeof(err->msg), "%s %s", p->context, problem);
	else
		snprintf(err->msg, sizeof(err->msg), "%s", problem);
	err->line = (int)m->line + 1;
	err->col = (int)m->column + 1;
	if (p->error == YAML_READER_ERROR) {
		/* reader errors (bad encoding) carry a byte offset only: derive line and column */
		size_t off = p->problem_offset < len ? p->problem_offset : len;
		err->line = err->col = 1;
		for (size_t i = 0; i < off; i++) {
			if (text[i] == '\n')
				err->line++, err->col = 1;
			else if (((unsigned char)text[i] & 0xc0) != 0x80)
				err->col++;
		}
		snprintf(err->msg, sizeof(err->msg), "%s (byte offset %zu)", problem,
			 p->problem_offset);
	}
}

static void doc_reset(struct ydoc *d)
{
	for (size_t i = 0; i < d->nall; i++) {
		free(d->all[i]->str);
		free(d->all[i]->items);
		free(d->all[i]->keys);
		free(d->all[i]);
	}
	free(d->all);
	free(d->docs);
	memset(d, 0, sizeof(*d));
}

int ydoc_parse(const char *text, size_t len, struct ydoc *doc, struct yerror *err)
{
	memset(doc, 0, sizeof(*doc));
	memset(err, 0, sizeof(*err));
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		snprintf(err->msg, sizeof(err->msg), "cannot initialise the YAML parser");
		err->line = err->col = 1;
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	struct builder b = {.doc = doc};
	int rc = 0;
	for (bool done = false; !done;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			set_error(err, &p, text, len);
			rc = -1;
			break;
		}
		struct ynode *n;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			anchors_clear(&b); /* anchors do not cross documents */
			break;
		case YAML_SCALAR_EVENT: {
			const char *v = (const char *)ev.data.scalar.value;
			bool plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			n = node_new(doc,
				     plain && !ev.data.scalar.tag && is_null_text(v) ? YNODE_NULL
										     : YNODE_SCALAR,
				     &ev.start_mark);
			n->len = ev.data.scalar.length;
			n->str = xmalloc(n->len + 1);
			memcpy(n->str, v, n->len);
			n->str[n->len] = 0;
			n->quoted = !plain;
			anchor_set(&b, ev.data.scalar.anchor, n);
			attach(&b, n);
			break;
		}
		case YAML_ALIAS_EVENT:
			n = anchor_get(&b, ev.data.alias.anchor);
			if (!n) {
				/* libyaml's parser does not check this; yaml-cpp reports it */
				snprintf(err->msg, sizeof(err->msg),
					 "the alias '%s' was not defined",
					 (const char *)ev.data.alias.anchor);
				err->line = (int)ev.start_mark.line + 1;
				err->col = (int)ev.start_mark.column + 1;
				rc = -1;
				done = true;
				break;
			}
			attach(&b, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = node_new(doc,
				     ev.type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ : YNODE_MAP,
				     &ev.start_mark);
			anchor_set(&b,
				   ev.type == YAML_SEQUENCE_START_EVENT
					   ? ev.data.sequence_start.anchor
					   : ev.data.mapping_start.anchor,
				   n);
			attach(&b, n);
			if (b.depth >= YDOC_MAX_DEPTH) {
				/* libyaml's scanner slows down quadratically with flow nesting */
				snprintf(err->msg, sizeof(err->msg),
					 "nesting deeper than %d levels is not supported",
					 YDOC_MAX_DEPTH);
				err->line = n->line;
				err->col = n->col;
				rc = -1;
				done = true;
				break;
			}
			if (b.depth == b.capdepth) {
				b.capdepth = b.capdepth ? b.capdepth * 2 : 16;
				b.stack = xrealloc(b.stack, b.capdepth * sizeof(*b.stack));
			}
			b.stack[b.depth++] = (struct frame){.node = n};
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b.depth)
				b.depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	anchors_clear(&b);
	free(b.anchors);
	free(b.stack);
	if (rc)
		doc_reset(doc);
	return rc;
}

void ydoc_free(struct ydoc *doc)
{
	doc_reset(doc);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key,
			      const struct ynode **keynode)
{
	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i];
		if (k && k->kind == YNODE_SCALAR && !strcmp(k->str, key)) {
			if (keynode)
				*keynode = k;
			return map->items[i];
		}
	}
	return NULL;
}

bool yaml_parse_bool(const char *s, bool *out)
{
	static const char *const t[] = {"y",	"Y",	"yes", "Yes", "YES", "true",
					"True", "TRUE", "on",  "On",  "ON"};
	static const char *const f[] = {"n",	 "N",	  "no",	 "No",	"NO", "false",
					"False", "FALSE", "off", "Off", "OFF"};
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++)
		if (!strcmp(s, t[i]))
			return *out = true, true;
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		if (!strcmp(s, f[i]))
			return *out = false, true;
	return false;
}
