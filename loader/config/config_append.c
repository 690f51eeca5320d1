/* config_append.c — see config_append.h. */
#include "config/config_append.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/vec.h"
#include "common/xalloc.h"
#include "yaml_doc.h"

static int fail(const struct cnode *n, char *err, size_t errlen, const char *fmt, ...)
{
	char where[600], msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cnode_where(n, where, sizeof(where));
	snprintf(err, errlen, "%s: %s", where, msg);
	return -1;
}

static void note_unknown(const struct cnode *n, const char *path)
{
	char where[600];
	cnode_where(n, where, sizeof(where));
	fprintf(stderr, "lanner: %s: warning: unknown configuration key '%s.%s' (ignored)\n", where,
		path, n->key);
}

/* the entries of a list-or-mapping value */
static size_t entries(const struct cnode *n)
{
	return n->kind == CN_SEQ ? n->n : n->kind == CN_MAP ? 1 : 0;
}

static const struct cnode *entry(const struct cnode *n, size_t i)
{
	return n->kind == CN_SEQ ? n->kids[i] : n;
}

static int str_of(const struct cnode *v, const char *path, char **out, char *err, size_t errlen)
{
	if (v->kind != CN_SCALAR)
		return fail(v, err, errlen, "%s: expected a string", path);
	free(*out);
	*out = xstrdup(v->val);
	return 0;
}

/* match: {source, tags, rule} */
static int type_match(const struct cnode *m, struct ao_entry *e, char *err, size_t errlen)
{
	if (m->kind == CN_NULL)
		return 0;
	if (m->kind != CN_MAP)
		return fail(m, err, errlen, "append_output.match: expected a mapping");
	for (size_t k = 0; k < m->n; k++) {
		const struct cnode *v = m->kids[k];
		if (!strcmp(v->key, "source")) {
			if (str_of(v, "append_output.match.source", &e->source, err, errlen))
				return -1;
		} else if (!strcmp(v->key, "rule")) {
			if (str_of(v, "append_output.match.rule", &e->rule, err, errlen))
				return -1;
		} else if (!strcmp(v->key, "tags")) {
			size_t nt = v->kind == CN_SEQ ? v->n : v->kind == CN_SCALAR ? 1 : 0;
			if (v->kind != CN_SEQ && v->kind != CN_SCALAR && v->kind != CN_NULL)
				return fail(v, err, errlen,
					    "append_output.match.tags: expected a list of tags");
			e->tags = xcalloc(nt ? nt : 1, sizeof(*e->tags));
			for (size_t i = 0; i < nt; i++) {
				const struct cnode *t = v->kind == CN_SEQ ? v->kids[i] : v;
				if (t->kind != CN_SCALAR)
					return fail(t, err, errlen,
						    "append_output.match.tags: expected a tag");
				e->tags[e->ntags++] = xstrdup(t->val);
			}
		} else {
			note_unknown(v, "append_output.match");
		}
	}
	return 0;
}

/* extra_fields: [ {key: "format"} | field.name ] (also one of them alone) */
static int type_fields(const struct cnode *v, struct ao_entry *e, char *err, size_t errlen)
{
	struct {
		struct ao_field *v;
		size_t n, cap;
	} fs = {e->fields, e->nfields, e->nfields};
	size_t n = v->kind == CN_SEQ ? v->n : v->kind == CN_NULL ? 0 : 1;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct cnode *f = v->kind == CN_SEQ ? v->kids[i] : v;
		if (f->kind == CN_SCALAR) {
			struct ao_field o = {xstrdup(f->val), xasprintf("%%%s", f->val), true};
			VEC_PUSH(fs, o);
			continue;
		}
		if (f->kind != CN_MAP) {
			rc = fail(f, err, errlen,
				  "append_output.extra_fields: expected a field name or a {key: "
				  "format} mapping");
			break;
		}
		for (size_t k = 0; k < f->n && !rc; k++) {
			const struct cnode *kv = f->kids[k];
			if (kv->kind != CN_SCALAR) {
				rc = fail(kv, err, errlen,
					  "append_output.extra_fields.%s: expected a format string",
					  kv->key);
				break;
			}
			struct ao_field o = {xstrdup(kv->key), xstrdup(kv->val), false};
			VEC_PUSH(fs, o);
		}
	}
	e->fields = fs.v;
	e->nfields = fs.n;
	return rc;
}

static int type_entry(const struct cnode *n, struct ao_entry *e, char *err, size_t errlen)
{
	if (n->kind != CN_MAP)
		return fail(n, err, errlen, "append_output: expected an entry (a mapping)");
	for (size_t k = 0; k < n->n; k++) {
		const struct cnode *v = n->kids[k];
		if (!strcmp(v->key, "suggested_output")) {
			if (v->kind != CN_SCALAR || !yaml_parse_bool(v->val, &e->suggested_output))
				return fail(v, err, errlen,
					    "append_output.suggested_output: expected a boolean");
		} else if (!strcmp(v->key, "extra_output")) {
			if (v->kind == CN_NULL)
				continue;
			if (str_of(v, "append_output.extra_output", &e->extra_output, err, errlen))
				return -1;
		} else if (!strcmp(v->key, "extra_fields")) {
			if (type_fields(v, e, err, errlen))
				return -1;
		} else if (!strcmp(v->key, "match")) {
			if (type_match(v, e, err, errlen))
				return -1;
		} else {
			note_unknown(v, "append_output");
		}
	}
	return 0;
}

/* The body of a function typing a list setting (a sequence, a single entry or nothing) into the
 * vec *out: each entry typed by type_one into a new element of type elem_t, which is pushed even
 * when typing fails, so that the caller's free sees what it holds; returns 0 or -1. */
#define TYPE_LIST(n, out, elem_t, type_one, expected)                                              \
	do {                                                                                       \
		if ((n)->kind != CN_SEQ && (n)->kind != CN_MAP && (n)->kind != CN_NULL)            \
			return fail((n), err, errlen, expected);                                   \
		for (size_t i_ = 0; i_ < entries(n); i_++) {                                       \
			elem_t e_ = {0};                                                           \
			int rc_ = type_one(entry((n), i_), &e_, err, errlen);                      \
			VEC_PUSH(*(out), e_);                                                      \
			if (rc_)                                                                   \
				return -1;                                                         \
		}                                                                                  \
		return 0;                                                                          \
	} while (0)

int config_type_append_output(const struct cnode *n, struct append_output *out, char *err,
			      size_t errlen)
{
	TYPE_LIST(n, out, struct ao_entry, type_entry, "append_output: expected a list of entries");
}

/* {enable: {rule|tag: ...}} or {disable: {...}} */
static int type_select(const struct cnode *n, struct rule_select *s, char *err, size_t errlen)
{
	if (n->kind != CN_MAP || n->n != 1 ||
	    (strcmp(n->kids[0]->key, "enable") && strcmp(n->kids[0]->key, "disable")))
		return fail(n, err, errlen,
			    "rules: expected an entry {enable: {rule: NAME}} or {disable: {tag: "
			    "TAG}}");
	const struct cnode *what = n->kids[0];
	s->enable = !strcmp(what->key, "enable");
	if (what->kind != CN_MAP)
		return fail(what, err, errlen, "rules.%s: expected {rule: NAME} or {tag: TAG}",
			    what->key);
	for (size_t k = 0; k < what->n; k++) {
		const struct cnode *v = what->kids[k];
		char path[64];
		snprintf(path, sizeof(path), "rules.%s.%s", what->key, v->key);
		if (!strcmp(v->key, "rule")) {
			if (str_of(v, path, &s->rule, err, errlen))
				return -1;
		} else if (!strcmp(v->key, "tag")) {
			if (str_of(v, path, &s->tag, err, errlen))
				return -1;
		} else {
			return fail(v, err, errlen, "%s: unknown key (rule or tag)", path);
		}
	}
	if (!s->rule == !s->tag)
		return fail(what, err, errlen, "rules.%s: expected exactly one of rule, tag",
			    what->key);
	return 0;
}

int config_type_rules(const struct cnode *n, struct rule_selects *out, char *err, size_t errlen)
{
	TYPE_LIST(n, out, struct rule_select, type_select,
		  "rules: expected a list of enable/disable entries");
}
