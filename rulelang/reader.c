/* reader.c — YAML node tree → rules-file items (docs/falco-semantics.md, "Document shape and
 * items"), handed to collector.c.
 *
 * Mirrors Falco's rule_loader_reader: item kind by the first present key among
 * required_engine_version, required_plugin_versions, list, macro, rule; Falco's key types,
 * defaults, messages and codes. Positions are those of the innermost node a problem is about.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collector.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "reader.h"

static const char *const priority_names[PRI_COUNT] = {
	"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug",
};

int priority_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < PRI_COUNT; i++)
		if (!strcasecmp(s, priority_names[i]))
			return i;
	if (!strcasecmp(s, "info"))
		return PRI_INFORMATIONAL;
	return -1;
}

const char *priority_name(enum priority p)
{
	return (unsigned)p < PRI_COUNT ? priority_names[p] : "Unknown";
}

/* The item being read: for diagnostics. */
struct item {
	struct load_ctx *c;
	const struct ynode *node;
	const char *type; /* "rule", "macro", ... */
	const char *name; /* NULL until decoded */
};

static struct srcpos pos_of(const struct item *it, const struct ynode *n)
{
	return (struct srcpos){.file = it->c->file, .line = n->line, .col = n->col};
}

__attribute__((format(printf, 4, 5))) static int fail(const struct item *it, enum diag_code code,
						      const struct ynode *at, const char *fmt, ...)
{
	struct strbuf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	diags_add(it->c->out, code, it->c->file, at ? at->line : 0, at ? at->col : 0, it->type,
		  it->name, "%s", sb_str(&msg));
	sb_free(&msg);
	return -1;
}

#define VALIDATE(it, at, ...) fail(it, LOAD_ERR_YAML_VALIDATE, at, __VA_ARGS__)

/* Falco's decode_val_generic for a scalar. Returns 1 when absent and optional, 0 with *out set
 * (borrowed), -1 on error. */
static int get_scalar(const struct item *it, const char *key, bool optional, const char **out,
		      const struct ynode **vn)
{
	const struct ynode *k = NULL;
	const struct ynode *v = ynode_get(it->node, key, &k);
	if (!v) {
		if (optional)
			return 1;
		return VALIDATE(it, it->node, "Item has no mapping for key '%s'", key);
	}
	if (v->kind == YNODE_NULL)
		return VALIDATE(it, k, "Mapping for key '%s' is empty", key);
	if (v->kind != YNODE_SCALAR)
		return VALIDATE(it, v, "Value is not a scalar value");
	if (!v->len)
		return VALIDATE(it, v, "Value must be non-empty");
	*out = v->str;
	if (vn)
		*vn = v;
	return 0;
}

static int get_string(const struct item *it, const char *key, bool optional, char **out,
		      const struct ynode **vn)
{
	const char *s;
	int rc = get_scalar(it, key, optional, &s, vn);
	if (!rc) {
		free(*out);
		*out = xstrdup(s);
	}
	return rc;
}

/* A scalar decoded by parse (false: not decodable, the error Falco gives for any such value). */
static int get_decoded(const struct item *it, const char *key, bool optional,
		       bool (*parse)(const char *, void *), void *out)
{
	const char *s;
	const struct ynode *v;
	int rc = get_scalar(it, key, optional, &s, &v);
	if (rc)
		return rc;
	if (!parse(s, out))
		return VALIDATE(it, v, "Can't decode YAML scalar value");
	return 0;
}

static bool parse_bool(const char *s, void *out)
{
	return yaml_parse_bool(s, out);
}

static bool parse_u64(const char *s, void *out)
{
	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno)
		return false;
	*(uint64_t *)out = v;
	return true;
}

static int get_bool(const struct item *it, const char *key, bool optional, bool *out)
{
	return get_decoded(it, key, optional, parse_bool, out);
}

static int get_u64(const struct item *it, const char *key, bool optional, uint64_t *out)
{
	return get_decoded(it, key, optional, parse_u64, out);
}

/* Falco's decode_seq: a sequence of scalars. */
static int get_strv(const struct item *it, const char *key, bool optional, char ***out, size_t *n)
{
	const struct ynode *v = ynode_get(it->node, key, NULL);
	if (!v) {
		if (optional)
			return 1;
		return VALIDATE(it, it->node, "Item has no mapping for key '%s'", key);
	}
	if (v->kind != YNODE_SEQ)
		return VALIDATE(it, v, "Value is not a sequence");
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i]->kind != YNODE_SCALAR)
			return VALIDATE(it, v->items[i], "sequence value is not scalar");
	char **items = xcalloc(v->n, sizeof(*items));
	for (size_t i = 0; i < v->n; i++)
		items[i] = xstrdup(v->items[i]->str);
	*out = items;
	*n = v->n;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* tags: a sorted set */
static int get_tags(const struct item *it, char ***out, size_t *n)
{
	int rc = get_strv(it, "tags", true, out, n);
	if (rc)
		return rc;
	qsort(*out, *n, sizeof(**out), cmp_str);
	size_t w = 0;
	for (size_t i = 0; i < *n; i++) {
		if (w && !strcmp((*out)[w - 1], (*out)[i]))
			free((*out)[i]);
		else
			(*out)[w++] = (*out)[i];
	}
	*n = w;
	return 0;
}

static bool in_set(const char *const *set, const char *s)
{
	for (size_t i = 0; set[i]; i++)
		if (!strcmp(set[i], s))
			return true;
	return false;
}

/* Warns on each key of the item in neither known nor also (NULL-terminated; also may be NULL). */
static void warn_unknown_keys(const struct item *it, const char *const *known,
			      const char *const *also)
{
	const struct ynode *m = it->node;
	for (size_t i = 0; i < m->n; i++) {
		const struct ynode *k = m->keys[i];
		bool ok = false;
		if (k->kind == YNODE_SCALAR)
			ok = in_set(known, k->str) || (also && in_set(also, k->str));
		if (!ok)
			diags_add(it->c->out, LOAD_UNKNOWN_KEY, it->c->file, k->line, k->col,
				  it->type, it->name, "Unknown key '%s'. The key will be ignored.",
				  k->kind == YNODE_SCALAR ? k->str : "<non-scalar>");
	}
}

/* ---- override: ------------------------------------------------------------------------- */

struct overrides {
	const char *append[16], *replace[16]; /* borrowed key names, NULL-terminated */
	size_t nappend, nreplace;
};

/* keys: those an override may name (NULL-terminated), all of them with replace, the first
 * nappend also with append. */
static int get_overrides(const struct item *it, const char *const *keys, size_t nappend,
			 struct overrides *o)
{
	memset(o, 0, sizeof(*o));
	const struct ynode *v = ynode_get(it->node, "override", NULL);
	if (!v || v->kind == YNODE_NULL)
		return 0;
	if (v->kind != YNODE_MAP)
		return VALIDATE(it, v, "Value of 'override' must be a mapping");
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *k = v->keys[i], *op = v->items[i];
		if (k->kind != YNODE_SCALAR)
			return VALIDATE(it, k, "Override key is not a scalar value");
		if (op->kind != YNODE_SCALAR)
			return VALIDATE(it, op, "Invalid override operation for key '%s'", k->str);
		size_t at = 0;
		while (keys[at] && strcmp(keys[at], k->str))
			at++;
		bool cr = keys[at] != NULL, ca = cr && at < nappend;
		if (!strcmp(op->str, "append")) {
			if (!ca)
				return VALIDATE(
					it, k,
					"Key '%s' cannot be appended to, use 'replace' instead",
					k->str);
			if (o->nappend < 15 && !in_set(o->append, k->str))
				o->append[o->nappend++] = k->str;
		} else if (!strcmp(op->str, "replace")) {
			if (!cr)
				return VALIDATE(it, k, "Key '%s' cannot be replaced", k->str);
			if (o->nreplace < 15 && !in_set(o->replace, k->str))
				o->replace[o->nreplace++] = k->str;
		} else {
			return VALIDATE(
				it, op,
				"Invalid override operation for key '%s': '%s'. Allowed values "
				"are: %s%s",
				k->str, op->str, ca ? "append " : "", cr ? "replace " : "");
		}
	}
	return 0;
}

static const char WARNING_APPEND[] =
	"'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under "
	"'override' instead.";
static const char WARNING_ENABLED[] =
	"The standalone 'enabled' key usage is deprecated. The correct approach requires also a "
	"'replace' entry under the 'override' key (i.e. 'enabled: replace').";
static const char ERROR_OVERRIDE_APPEND[] =
	"Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. "
	"'condition: append') under 'override' instead.";

static void warn(const struct item *it, enum diag_code code, const struct ynode *at,
		 const char *msg)
{
	diags_add(it->c->out, code, it->c->file, at->line, at->col, it->type, it->name, "%s", msg);
}

/* ---- exceptions ------------------------------------------------------------------------ */

/* fields/comps: a non-empty scalar or a sequence of scalars. Returns 1 when absent. */
static int get_exc_strs(const struct item *it, const struct ynode *ex, const char *key,
			bool optional, bool *is_list, char ***out, size_t *n)
{
	const struct ynode *v = ynode_get(ex, key, NULL);
	if (!v) {
		if (optional)
			return 1;
		return VALIDATE(it, ex, "Item has no mapping for key '%s'", key);
	}
	if (v->kind == YNODE_SCALAR) {
		if (!v->len)
			return VALIDATE(it, v, "Value must be non-empty");
		*is_list = false;
		*out = xcalloc(1, sizeof(**out));
		(*out)[0] = xstrdup(v->str);
		*n = 1;
	} else if (v->kind == YNODE_SEQ) {
		for (size_t i = 0; i < v->n; i++) {
			if (v->items[i]->kind != YNODE_SCALAR)
				return VALIDATE(it, v->items[i], "Value is not a scalar value");
			if (!v->items[i]->len)
				return VALIDATE(it, v->items[i], "Value must be non-empty");
		}
		*is_list = true;
		*out = xcalloc(v->n, sizeof(**out));
		for (size_t i = 0; i < v->n; i++)
			(*out)[i] = xstrdup(v->items[i]->str);
		*n = v->n;
	} else {
		/* null or mapping: Falco decodes nothing (and later finds no valid fields) */
		*is_list = false;
		*out = NULL;
		*n = 0;
	}
	return 0;
}

/* One scalar inside a value: null/mapping decode as "" (Falco), "" written explicitly errs. */
static int exc_scalar(const struct item *it, const struct ynode *v, char **out)
{
	if (v->kind == YNODE_SCALAR) {
		if (!v->len)
			return VALIDATE(it, v, "Value must be non-empty");
		*out = xstrdup(v->str);
	} else if (v->kind == YNODE_SEQ) {
		return VALIDATE(it, v, "Value is not a scalar value");
	} else {
		*out = xstrdup("");
	}
	return 0;
}

static int get_exc_value(const struct item *it, const struct ynode *v, struct exc_value **out,
			 size_t *len, bool *is_seq)
{
	if (v->kind != YNODE_SEQ) {
		*out = xcalloc(1, sizeof(**out));
		*len = 1;
		*is_seq = false;
		return exc_scalar(it, v, &(*out)[0].s);
	}
	*out = xcalloc(v->n, sizeof(**out));
	*len = v->n;
	*is_seq = true;
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *e = v->items[i];
		struct exc_value *ev = &(*out)[i];
		if (e->kind != YNODE_SEQ) {
			if (exc_scalar(it, e, &ev->s))
				return -1;
			continue;
		}
		ev->is_list = true;
		ev->items = xcalloc(e->n, sizeof(*ev->items));
		for (size_t j = 0; j < e->n; j++) {
			if (exc_scalar(it, e->items[j], &ev->items[j]))
				return -1;
			ev->nitems++;
		}
	}
	return 0;
}

static void exceptions_free(struct rule_exception *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rule_exception_clear(&v[i]);
	free(v);
}

/* Falco's read_rule_exceptions. `append`: fields optional, missing values warn. */
static int get_exceptions(const struct item *it, bool append, struct rule_exception **out,
			  size_t *nout)
{
	*out = NULL;
	*nout = 0;
	const struct ynode *exs = ynode_get(it->node, "exceptions", NULL);
	if (!exs || exs->kind == YNODE_NULL)
		return 0;
	if (exs->kind != YNODE_SEQ)
		return VALIDATE(it, exs, "Rule exceptions must be a sequence");
	struct rule_exception *v = xcalloc(exs->n, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < exs->n; i++) {
		const struct ynode *ex = exs->items[i];
		if (ex->kind != YNODE_MAP) {
			VALIDATE(it, ex, "Rule exception must be a mapping");
			goto err;
		}
		struct item exit = *it;
		exit.node = ex;
		struct rule_exception *e = &v[n++];
		e->pos = pos_of(it, ex);
		if (get_string(&exit, "name", false, &e->name, NULL))
			goto err;
		for (size_t j = 0; j + 1 < n; j++)
			if (!strcmp(v[j].name, e->name)) {
				diags_add(it->c->out, LOAD_EXCEPTION_NAME_NOT_UNIQUE, it->c->file,
					  ex->line, ex->col, it->type, it->name,
					  "Multiple definitions of exception '%s' in the same rule",
					  e->name);
				break;
			}
		int rc = get_exc_strs(it, ex, "fields", append, &e->fields_is_list, &e->fields,
				      &e->nfields);
		if (rc < 0)
			goto err;
		e->has_fields = !rc && e->nfields > 0;
		rc = get_exc_strs(it, ex, "comps", true, &e->comps_is_list, &e->comps, &e->ncomps);
		if (rc < 0)
			goto err;
		e->has_comps = !rc && e->ncomps > 0;
		if (!e->has_comps) {
			strv_free(e->comps, e->ncomps);
			e->comps = NULL;
			e->ncomps = 0;
		}
		const struct ynode *vals = ynode_get(ex, "values", NULL);
		if (vals) {
			if (vals->kind != YNODE_SEQ) {
				VALIDATE(it, vals, "Rule exception values must be a sequence");
				goto err;
			}
			e->values = xcalloc(vals->n, sizeof(*e->values));
			e->value_len = xcalloc(vals->n, sizeof(*e->value_len));
			e->value_is_seq = xcalloc(vals->n, sizeof(*e->value_is_seq));
			for (size_t j = 0; j < vals->n; j++) {
				e->nvalues++;
				if (get_exc_value(it, vals->items[j], &e->values[j],
						  &e->value_len[j], &e->value_is_seq[j]))
					goto err;
			}
		} else if (append) {
			diags_add(it->c->out, LOAD_APPEND_NO_VALUES, it->c->file, ex->line, ex->col,
				  it->type, it->name,
				  "Overriding/appending exception with no values");
		}
	}
	*out = v;
	*nout = n;
	return 0;
err:
	exceptions_free(v, n);
	return -1;
}

/* ---- items ----------------------------------------------------------------------------- */

static int read_engine_version(struct item *it)
{
	static const char *const known[] = {"required_engine_version", NULL};
	warn_unknown_keys(it, known, NULL);
	const char *s;
	const struct ynode *v;
	if (get_scalar(it, "required_engine_version", false, &s, &v))
		return -1;
	uint64_t n;
	unsigned sv[3];
	char *ver;
	if (parse_u64(s, &n) && n <= UINT32_MAX) {
		ver = xasprintf("0.%u.0", (unsigned)n);
	} else if (semver_parse(s, sv)) {
		ver = xstrdup(s);
	} else {
		return VALIDATE(it, v,
				"Unable to parse engine version '%s' as a semver string. Expected "
				"\"x.y.z\" semver format.",
				s);
	}
	return collect_engine_version(it->c, ver, pos_of(it, v));
}

static int read_plugin_req(struct item *it, const struct ynode *m, struct plugin_req *r)
{
	struct item sub = *it;
	sub.node = m;
	if (get_string(&sub, "name", false, &r->name, NULL))
		return -1;
	sub.name = r->name;
	return get_string(&sub, "version", false, &r->version, NULL);
}

static int read_plugin_versions(struct item *it)
{
	static const char *const known[] = {"required_plugin_versions", NULL};
	warn_unknown_keys(it, known, NULL);
	const struct ynode *v = ynode_get(it->node, "required_plugin_versions", NULL);
	it->type = "required plugin versions";
	if (v->kind != YNODE_SEQ)
		return VALIDATE(it, v, "Value of required_plugin_versions must be a sequence");
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *p = v->items[i];
		struct item sub = *it;
		sub.type = "required plugin versions entry";
		if (p->kind != YNODE_MAP)
			return VALIDATE(&sub, p, "Plugin version must be a mapping");
		const struct ynode *alts = ynode_get(p, "alternatives", NULL);
		size_t nalts = alts && alts->kind == YNODE_SEQ ? alts->n : 0;
		struct plugin_req *reqs = xcalloc(1 + nalts, sizeof(*reqs));
		size_t n = 1;
		int rc = read_plugin_req(&sub, p, &reqs[0]);
		if (!rc && alts) {
			sub.name = reqs[0].name;
			if (alts->kind != YNODE_SEQ)
				rc = VALIDATE(
					&sub, alts,
					"Value of plugin version alternatives must be a sequence");
			for (size_t j = 0; !rc && j < nalts; j++) {
				struct item alt = sub;
				alt.type = "required plugin versions alternative";
				alt.name = NULL;
				if (alts->items[j]->kind != YNODE_MAP)
					rc = VALIDATE(
						&alt, alts->items[j],
						"Plugin version alternative must be a mapping");
				else
					rc = read_plugin_req(&alt, alts->items[j], &reqs[n++]);
			}
		}
		if (rc) {
			for (size_t j = 0; j < n; j++)
				free(reqs[j].name), free(reqs[j].version);
			free(reqs);
			return -1;
		}
		if (collect_plugin_versions(it->c, reqs, n, pos_of(it, p)))
			return -1;
	}
	return 0;
}

static bool full_match_barestr(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (strchr("()\"'=,", *s) || isspace((unsigned char)*s))
			return false;
	return true;
}

static bool full_match_identifier(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* The append mode of a list or macro, from the deprecated "append" key (*append on entry, a
 * warning) or an "override" with append; both at once is an error (-1). */
static int append_mode(const struct item *it, const char *const *overridable, bool *append)
{
	struct overrides o;
	if (*append)
		warn(it, LOAD_DEPRECATED_ITEM, it->node, WARNING_APPEND);
	if (get_overrides(it, overridable, SIZE_MAX, &o))
		return -1;
	if (*append && (o.nappend || o.nreplace)) {
		VALIDATE(it, it->node, "%s", ERROR_OVERRIDE_APPEND);
		return -1;
	}
	*append |= o.nappend > 0;
	return 0;
}

/* What a list and a macro item share: the key naming it, the other keys it knows, those an
 * override may name, and the rule its name must follow (a warning otherwise, as Falco's). */
struct named_item {
	const char *key;
	const char *const *known;
	const char *const *overridable; /* the keys override: may name */
	bool (*valid_name)(const char *);
	enum diag_code bad_name;
	const char *name_regex; /* the regular expression a message quotes for an invalid name */
};

/* Reads the item's name into *name and its position into *pos; warns on unknown keys and an
 * invalid name. 0, or -1 (nothing allocated). */
static int read_name(struct item *it, const struct named_item *k, char **name, struct srcpos *pos)
{
	if (get_string(it, k->key, false, name, NULL))
		return -1;
	it->name = *name;
	warn_unknown_keys(it, k->known, NULL);
	*pos = pos_of(it, it->node);
	if (!k->valid_name(*name))
		diags_add(
			it->c->out, k->bad_name, it->c->file, it->node->line, it->node->col,
			it->type, it->name,
			"%c%s has an invalid name. %c%s names must match a regular expression: %s",
			k->key[0] - 'a' + 'A', k->key + 1, k->key[0] - 'a' + 'A', k->key + 1,
			k->name_regex);
	return 0;
}

/* The append key and the override key (append_mode): whether the item appends. */
static int read_append(struct item *it, const struct named_item *k, bool *append)
{
	*append = false;
	if (get_bool(it, "append", true, append) < 0)
		return -1;
	return append_mode(it, k->overridable, append);
}

static const char *const list_keys[] = {"list", "items", "append", "override", NULL};
static const char *const list_overridable[] = {"items", NULL};
static const char *const macro_keys[] = {"macro", "condition", "append", "override", NULL};
static const char *const macro_overridable[] = {"condition", NULL};

enum { NAMED_LIST, NAMED_MACRO };
static const struct named_item named_items[] = {
	[NAMED_LIST] = {"list", list_keys, list_overridable, full_match_barestr,
			LOAD_INVALID_LIST_NAME, "([^()\"'[:space:]=,]+)"},
	[NAMED_MACRO] = {"macro", macro_keys, macro_overridable, full_match_identifier,
			 LOAD_INVALID_MACRO_NAME, "([a-zA-Z]+[a-zA-Z0-9_]*)"},
};

static int read_list(struct item *it)
{
	struct rl_list l = {0};
	bool append;
	if (read_name(it, &named_items[NAMED_LIST], &l.name, &l.pos))
		return -1;
	if (get_strv(it, "items", false, &l.items, &l.nitems) < 0 ||
	    read_append(it, &named_items[NAMED_LIST], &append))
		goto err;
	return collect_list(it->c, &l, append);
err:
	free(l.name);
	strv_free(l.items, l.nitems);
	return -1;
}

static int read_macro(struct item *it)
{
	struct rl_macro m = {0};
	const struct ynode *cv;
	bool append;
	if (read_name(it, &named_items[NAMED_MACRO], &m.name, &m.pos))
		return -1;
	if (get_string(it, "condition", false, &m.condition, &cv))
		goto err;
	m.cond_pos = pos_of(it, cv);
	if (read_append(it, &named_items[NAMED_MACRO], &append))
		goto err;
	return collect_macro(it->c, &m, append);
err:
	free(m.name);
	free(m.condition);
	return -1;
}

static int get_priority(const struct item *it, enum priority *out)
{
	const char *s;
	const struct ynode *v;
	if (get_scalar(it, "priority", false, &s, &v))
		return -1;
	int p = priority_parse(s);
	if (p < 0)
		return VALIDATE(it, v, "Invalid priority");
	*out = p;
	return 0;
}

/* Decodes one key of a rule update; every key is required here (it was named in override:). */
static int get_rule_key(const struct item *it, const char *key, struct rl_rule *u, unsigned *mask)
{
	const struct ynode *v = NULL;
	int rc;
	if (!strcmp(key, "condition")) {
		rc = get_string(it, key, false, &u->condition, &v);
		if (!rc)
			u->cond_pos = pos_of(it, v), *mask |= RK_CONDITION;
	} else if (!strcmp(key, "output")) {
		rc = get_string(it, key, false, &u->output, &v);
		if (!rc) {
			char *t = xstrdup_trim(u->output);
			free(u->output);
			u->output = t;
			u->output_pos = pos_of(it, v);
			*mask |= RK_OUTPUT;
		}
	} else if (!strcmp(key, "desc")) {
		rc = get_string(it, key, false, &u->desc, NULL);
		*mask |= rc ? 0 : RK_DESC;
	} else if (!strcmp(key, "tags")) {
		rc = get_tags(it, &u->tags, &u->ntags);
		*mask |= rc ? 0 : RK_TAGS;
	} else if (!strcmp(key, "exceptions")) {
		rc = get_exceptions(it, true, &u->exceptions, &u->nexceptions);
		*mask |= rc ? 0 : RK_EXCEPTIONS;
	} else if (!strcmp(key, "priority")) {
		rc = get_priority(it, &u->priority);
		*mask |= rc ? 0 : RK_PRIORITY;
	} else if (!strcmp(key, "enabled")) {
		rc = get_bool(it, key, false, &u->enabled);
		*mask |= rc ? 0 : RK_ENABLED;
	} else if (!strcmp(key, "warn_evttypes")) {
		rc = get_bool(it, key, false, &u->warn_evttypes);
		*mask |= rc ? 0 : RK_WARN_EVTTYPES;
	} else if (!strcmp(key, "skip-if-unknown-filter")) {
		rc = get_bool(it, key, false, &u->skip_if_unknown_filter);
		*mask |= rc ? 0 : RK_SKIP_IF_UNKNOWN;
	} else if (!strcmp(key, "capture")) {
		rc = get_bool(it, key, false, &u->capture);
		*mask |= rc ? 0 : RK_CAPTURE;
	} else {
		rc = get_u64(it, key, false, &u->capture_duration);
		*mask |= rc ? 0 : RK_CAPTURE_DURATION;
	}
	return rc ? -1 : 0;
}

/* The keys an override may name, in the order Falco applies them; the first RULE_APPENDABLE can
 * be appended to, all replaced. */
#define RULE_APPENDABLE 5
static const char *const rule_key_order[] = {"condition",
					     "exceptions",
					     "output",
					     "desc",
					     "tags",
					     "priority",
					     "enabled",
					     "warn_evttypes",
					     "skip-if-unknown-filter",
					     "capture",
					     "capture_duration",
					     NULL};

static int read_rule_overrides(struct item *it, const struct overrides *o)
{
	/* keys present in the item that could be overridden must all be named under override */
	bool expected[16] = {0};
	for (size_t i = 0; rule_key_order[i]; i++)
		expected[i] = ynode_get(it->node, rule_key_order[i], NULL) != NULL;
	for (int phase = 0; phase < 2; phase++) {
		const char *const *named = phase ? o->replace : o->append;
		if (!(phase ? o->nreplace : o->nappend))
			continue;
		struct rl_rule u = {0};
		u.name = xstrdup(it->name);
		u.pos = pos_of(it, it->node);
		unsigned mask = 0;
		for (size_t i = 0; rule_key_order[i]; i++) {
			const char *key = rule_key_order[i];
			if (!in_set(named, key))
				continue;
			if (!expected[i]) {
				VALIDATE(it, it->node,
					 "An %s override for '%s' was specified but '%s' is not "
					 "defined",
					 phase ? "replace" : "append", key, key);
				rl_rule_clear(&u);
				return -1;
			}
			expected[i] = false;
			if (get_rule_key(it, key, &u, &mask)) {
				rl_rule_clear(&u);
				return -1;
			}
		}
		if (collect_rule_update(it->c, &u, mask, phase == 0, false))
			return -1;
	}
	for (size_t i = 0; rule_key_order[i]; i++)
		if (expected[i]) {
			const struct ynode *k = NULL;
			ynode_get(it->node, rule_key_order[i], &k);
			return VALIDATE(
				it, k,
				"Unexpected key '%s': no corresponding entry under 'override' "
				"is defined.",
				rule_key_order[i]);
		}
	return 0;
}

static int read_rule(struct item *it)
{
	static const char *const known[] = {"rule", "source", "append", "override", NULL};
	struct rl_rule r = {0};
	if (get_string(it, "rule", false, &r.name, NULL))
		return -1;
	it->name = r.name;
	warn_unknown_keys(it, known, rule_key_order);
	r.pos = pos_of(it, it->node);
	bool append = false;
	struct overrides o;
	if (get_bool(it, "append", true, &append) < 0)
		goto err;
	if (append)
		warn(it, LOAD_DEPRECATED_ITEM, it->node, WARNING_APPEND);
	if (get_overrides(it, rule_key_order, RULE_APPENDABLE, &o))
		goto err;
	if (append && (o.nappend || o.nreplace)) {
		VALIDATE(it, it->node, "%s", ERROR_OVERRIDE_APPEND);
		goto err;
	}
	if (o.nappend || o.nreplace) {
		int rc = read_rule_overrides(it, &o);
		rl_rule_clear(&r);
		return rc;
	}
	if (append) {
		/* legacy append: only condition and exceptions are read */
		unsigned mask = 0;
		if (ynode_get(it->node, "condition", NULL) &&
		    get_rule_key(it, "condition", &r, &mask))
			goto err;
		if (ynode_get(it->node, "exceptions", NULL) &&
		    get_rule_key(it, "exceptions", &r, &mask))
			goto err;
		return collect_rule_update(it->c, &r, mask, true, true);
	}
	r.enabled = true;
	r.warn_evttypes = true;
	if (!ynode_get(it->node, "condition", NULL) && !ynode_get(it->node, "output", NULL) &&
	    !ynode_get(it->node, "desc", NULL) && !ynode_get(it->node, "priority", NULL)) {
		/* "- rule: X / enabled: false": only toggles an existing rule */
		if (get_bool(it, "enabled", false, &r.enabled))
			goto err;
		warn(it, LOAD_DEPRECATED_ITEM, it->node, WARNING_ENABLED);
		int rc = collect_rule_enable(it->c, r.name, r.enabled, r.pos);
		rl_rule_clear(&r);
		return rc;
	}
	const struct ynode *v;
	if (get_string(it, "condition", false, &r.condition, &v))
		goto err;
	r.cond_pos = pos_of(it, v);
	if (get_string(it, "output", false, &r.output, &v))
		goto err;
	r.output_pos = pos_of(it, v);
	char *t = xstrdup_trim(r.output);
	free(r.output);
	r.output = t;
	if (get_string(it, "desc", false, &r.desc, NULL) || get_priority(it, &r.priority))
		goto err;
	r.source = xstrdup("syscall");
	if (get_string(it, "source", true, &r.source, NULL) < 0 ||
	    get_bool(it, "enabled", true, &r.enabled) < 0 ||
	    get_bool(it, "warn_evttypes", true, &r.warn_evttypes) < 0 ||
	    get_bool(it, "skip-if-unknown-filter", true, &r.skip_if_unknown_filter) < 0 ||
	    get_bool(it, "capture", true, &r.capture) < 0 ||
	    get_u64(it, "capture_duration", true, &r.capture_duration) < 0 ||
	    get_tags(it, &r.tags, &r.ntags) < 0 ||
	    get_exceptions(it, false, &r.exceptions, &r.nexceptions) < 0)
		goto err;
	return collect_rule(it->c, &r);
err:
	rl_rule_clear(&r);
	return -1;
}

static int read_item(struct load_ctx *c, const struct ynode *n)
{
	struct item it = {.c = c, .node = n, .type = "rules content item"};
	if (n->kind != YNODE_MAP)
		return VALIDATE(
			&it, n,
			"Unexpected element type. Each element should be a yaml associative "
			"array.");
	/* the first of these keys the item has decides its kind, in Falco's order */
	static const struct {
		const char *key, *type; /* type: the item type Falco's messages name */
		int (*read)(struct item *);
	} kinds[] = {
		{"required_engine_version", "required_engine_version", read_engine_version},
		{"required_plugin_versions", "required plugin versions", read_plugin_versions},
		{"list", "list", read_list},
		{"macro", "macro", read_macro},
		{"rule", "rule", read_rule},
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (ynode_get(n, kinds[i].key, NULL)) {
			it.type = kinds[i].type;
			return kinds[i].read(&it);
		}
	warn(&it, LOAD_UNKNOWN_ITEM, n, "Unknown top level item");
	return 0;
}

int rules_read(struct load_ctx *c, const struct ydoc *doc)
{
	for (size_t d = 0; d < doc->ndocs; d++) {
		const struct ynode *root = doc->docs[d];
		struct item it = {.c = c, .node = root, .type = "rules content"};
		if (root->kind == YNODE_NULL)
			continue;
		if (root->kind == YNODE_SCALAR)
			return VALIDATE(&it, root, "Rules content is not yaml");
		if (root->kind != YNODE_SEQ)
			return VALIDATE(&it, root, "Rules content is not yaml array of objects");
		for (size_t i = 0; i < root->n; i++)
			if (root->items[i]->kind != YNODE_NULL && read_item(c, root->items[i]))
				return -1;
	}
	return 0;
}
