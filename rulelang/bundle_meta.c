/* bundle_meta.c — BSEC_METADATA as JSON (contract in bundle_meta.h).
 *
 * Layout (keys in this order; unknown keys are ignored on read so later formats can add some):
 *   {"format": 1, "generator": "lanner-gen 0.1", "source_hash": "<hex>", "sources": [...],
 *    "rule_matching": "first"|"all", "priority": "Debug",
 *    "rules": [{"id": 0, "name": .., "priority": "Warning", "source": "syscall", "tags": [..],
 *               "output": .., "condition": .., "decided": "partly"}, ...],
 *    "events": [{"evt": "openat", "rules": [0, 3]}, ...],
 *    "maps": [{"name": .., "kind": "hash"|"lpm_prefix"|"lpm_suffix", "key_size": N,
 *              "value": N, "items": [..]}, ...],
 *    "meta_leaves": [{"kind": "container"|"user"|"group"|"login", "bit": N, "check": ..}, ...],
 *    "rule_selection": "<selection.h canonical text>",
 *    "left_out": [{"name": .., "priority": "Warning", "tags": [..]}, ...]}
 */
#include "bundle_meta.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "events.h"
#include "rules.h"

static const char *const map_kind_names[] = {"hash", "lpm_prefix", "lpm_suffix"};
/* shared_definitions/meta_maps.h enum lnr_meta_kind */
static const char *const meta_kind_names[] = {"container", "user", "group", "login"};
#define NMETA_KINDS 4

static json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : json_object_new_null();
}

static json_object *str_array(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, str_or_null(v[i]));
	return a;
}

static const char *pri_text(int p)
{
	const char *s = p >= 0 && p < PRI_COUNT ? priority_name((enum priority)p) : NULL;
	return s ? s : "Debug";
}

/* What a compiled rule and a rule left out both record of a rule: name, priority, tags. */
static void add_identity(json_object *o, const char *name, int priority, char *const *tags,
			 size_t ntags)
{
	json_object_object_add(o, "name", str_or_null(name));
	json_object_object_add(o, "priority", json_object_new_string(pri_text(priority)));
	json_object_object_add(o, "tags", str_array(tags, ntags));
}

/* One element of each array: element i of m, as the members of the JSON object o. */
static void rule_json(json_object *o, const struct bundle_meta *m, size_t i)
{
	const struct meta_rule *r = &m->rules[i];
	json_object_object_add(o, "id", json_object_new_int((int)i));
	add_identity(o, r->name, r->priority, r->tags, r->ntags);
	json_object_object_add(o, "source", str_or_null(r->source));
	json_object_object_add(o, "output", str_or_null(r->output));
	json_object_object_add(o, "condition", str_or_null(r->condition));
	json_object_object_add(o, "decided", str_or_null(r->decided));
}

static void event_json(json_object *o, const struct bundle_meta *m, size_t i)
{
	const struct meta_event *e = &m->events[i];
	const char *n = evt_name(e->evt);
	json_object_object_add(o, "evt", json_object_new_string(n ? n : "?"));
	json_object *ids = json_object_new_array();
	for (size_t k = 0; k < e->nrules; k++)
		json_object_array_add(ids, json_object_new_int(e->rules[k]));
	json_object_object_add(o, "rules", ids);
}

static void map_json(json_object *o, const struct bundle_meta *m, size_t i)
{
	const struct meta_map *mm = &m->maps[i];
	json_object_object_add(o, "name", str_or_null(mm->name));
	json_object_object_add(o, "kind", json_object_new_string(map_kind_names[mm->kind % 3]));
	json_object_object_add(o, "key_size", json_object_new_int64(mm->key_size));
	json_object_object_add(o, "value", json_object_new_int64(mm->value));
	json_object_object_add(o, "items", str_array(mm->items, mm->nitems));
}

static void meta_leaf_json(json_object *o, const struct bundle_meta *m, size_t i)
{
	const struct meta_leaf *l = &m->meta_leaves[i];
	json_object_object_add(o, "kind",
			       json_object_new_string(meta_kind_names[l->kind % NMETA_KINDS]));
	json_object_object_add(o, "bit", json_object_new_int(l->bit));
	json_object_object_add(o, "check", str_or_null(l->check));
}

static void left_out_json(json_object *o, const struct bundle_meta *m, size_t i)
{
	const struct meta_left_out *l = &m->left_out[i];
	add_identity(o, l->name, l->priority, l->tags, l->ntags);
}

char *bundle_meta_to_json(const struct bundle_meta *m)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "format", json_object_new_int(m->format));
	json_object_object_add(o, "generator", str_or_null(m->generator));
	json_object_object_add(o, "source_hash", str_or_null(m->source_hash));
	json_object_object_add(o, "sources", str_array(m->sources, m->nsources));
	json_object_object_add(
		o, "rule_matching",
		json_object_new_string(m->rule_matching == MATCH_ALL ? "all" : "first"));
	json_object_object_add(o, "priority", json_object_new_string(pri_text(m->priority)));
	const struct {
		const char *key;
		size_t n;
		void (*one)(json_object *o, const struct bundle_meta *m, size_t i);
	} arrays[] = {
		{"rules", m->nrules, rule_json},
		{"events", m->nevents, event_json},
		{"maps", m->nmaps, map_json},
		{"meta_leaves", m->nmeta_leaves, meta_leaf_json},
		{"left_out", m->nleft_out, left_out_json},
	};
	for (size_t k = 0; k < sizeof(arrays) / sizeof(arrays[0]); k++) {
		json_object *a = json_object_new_array();
		for (size_t i = 0; i < arrays[k].n; i++) {
			json_object *e = json_object_new_object();
			arrays[k].one(e, m, i);
			json_object_array_add(a, e);
		}
		json_object_object_add(o, arrays[k].key, a);
	}
	if (m->rule_selection)
		json_object_object_add(o, "rule_selection", str_or_null(m->rule_selection));

	const char *txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								    JSON_C_TO_STRING_NOSLASHESCAPE);
	char *out = txt ? xstrdup(txt) : NULL;
	json_object_put(o);
	return out;
}

/* ---- parsing -------------------------------------------------------------------------------- */

struct perr {
	char *buf;
	size_t len;
};

static int fail(struct perr *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->buf, e->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* *out = the value of key in o, of type t; NULL when it is absent (or null) and not required.
 * 0, or -1 with the message in e. */
static int get(json_object *o, const char *key, json_type t, bool required, json_object **out,
	       struct perr *e, const char *where)
{
	json_object *v = NULL;
	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return required ? fail(e, "bundle metadata: %s: missing key \"%s\"", where, key)
				: 0;
	if (!json_object_is_type(v, t))
		return fail(e, "bundle metadata: %s: \"%s\" has the wrong type", where, key);
	*out = v;
	return 0;
}

static char *dup_str(json_object *v)
{
	return v ? xstrdup(json_object_get_string(v)) : NULL;
}

static int get_str(json_object *o, const char *key, bool required, char **out, struct perr *e,
		   const char *where)
{
	json_object *v;
	if (get(o, key, json_type_string, required, &v, e, where))
		return -1;
	*out = dup_str(v);
	return 0;
}

static int get_str_array(json_object *o, const char *key, char ***out, size_t *n, struct perr *e,
			 const char *where)
{
	json_object *a;
	*out = NULL;
	*n = 0;
	if (get(o, key, json_type_array, false, &a, e, where))
		return -1;
	if (!a)
		return 0;
	size_t len = json_object_array_length(a);
	*out = xcalloc(len + 1, sizeof(char *));
	for (size_t i = 0; i < len; i++) {
		json_object *s = json_object_array_get_idx(a, i);
		if (!json_object_is_type(s, json_type_string))
			return fail(e, "bundle metadata: %s: \"%s\"[%zu] is not a string", where,
				    key, i);
		(*out)[i] = dup_str(s);
		*n = i + 1;
	}
	return 0;
}

static int get_priority(json_object *o, const char *key, int *out, struct perr *e,
			const char *where)
{
	char *s = NULL;
	if (get_str(o, key, true, &s, e, where))
		return -1;
	int p = priority_parse(s);
	free(s);
	if (p < 0)
		return fail(e, "bundle metadata: %s: unknown priority", where);
	*out = p;
	return 0;
}

/* The string key of o as an index into names (n of them); "unknown WHAT" when it is none. */
static int get_enum(json_object *o, const char *key, const char *const *names, int n,
		    const char *what, int *out, struct perr *e, const char *where)
{
	char *s = NULL;
	if (get_str(o, key, true, &s, e, where))
		return -1;
	*out = -1;
	for (int j = 0; j < n; j++)
		if (!strcmp(s, names[j]))
			*out = j;
	free(s);
	return *out < 0 ? fail(e, "bundle metadata: %s: unknown %s", where, what) : 0;
}

/* The integer key of o, in [lo, hi]; def when it is absent and not required. */
static int get_int_in(json_object *o, const char *key, bool required, int64_t lo, int64_t hi,
		      int64_t def, int64_t *out, struct perr *e, const char *where)
{
	json_object *v;
	if (get(o, key, json_type_int, required, &v, e, where))
		return -1;
	*out = v ? json_object_get_int64(v) : def;
	if (*out < lo || *out > hi)
		return fail(e, "bundle metadata: %s: %s out of range", where, key);
	return 0;
}

/* One element of an array: its object o at position i, named where in messages. */
typedef int (*elem_parser)(json_object *o, size_t i, struct bundle_meta *m, const char *where,
			   struct perr *e);

/* Every element of the array "name" (each must be an object) through one; *count follows the
 * elements parsed, so a failure frees what was filled. */
static int each_object(json_object *a, const char *name, size_t *count, elem_parser one,
		       struct bundle_meta *m, struct perr *e)
{
	size_t n = json_object_array_length(a);
	for (size_t i = 0; i < n; i++) {
		char where[48];
		json_object *o = json_object_array_get_idx(a, i);
		snprintf(where, sizeof(where), "%s[%zu]", name, i);
		if (!json_object_is_type(o, json_type_object))
			return fail(e, "bundle metadata: %s is not an object", where);
		*count = i + 1;
		if (one(o, i, m, where, e))
			return -1;
	}
	return 0;
}

static int parse_rule(json_object *jr, size_t i, struct bundle_meta *m, const char *where,
		      struct perr *e)
{
	struct meta_rule *r = &m->rules[i];
	json_object *id;
	if (get(jr, "id", json_type_int, false, &id, e, where))
		return -1;
	if (id && json_object_get_int64(id) != (int64_t)i)
		return fail(e, "bundle metadata: %s: id is not its position", where);
	if (get_str(jr, "name", true, &r->name, e, where) ||
	    get_priority(jr, "priority", &r->priority, e, where) ||
	    get_str(jr, "source", false, &r->source, e, where) ||
	    get_str_array(jr, "tags", &r->tags, &r->ntags, e, where) ||
	    get_str(jr, "output", true, &r->output, e, where) ||
	    get_str(jr, "condition", true, &r->condition, e, where) ||
	    get_str(jr, "decided", false, &r->decided, e, where))
		return -1;
	if (!r->source)
		r->source = xstrdup("syscall");
	return 0;
}

static int parse_event(json_object *je, size_t i, struct bundle_meta *m, const char *where,
		       struct perr *e)
{
	struct meta_event *ev = &m->events[i];
	json_object *name, *ids;
	if (get(je, "evt", json_type_string, true, &name, e, where) ||
	    get(je, "rules", json_type_array, true, &ids, e, where))
		return -1;
	ev->evt = evt_lookup(json_object_get_string(name));
	if (ev->evt < 0)
		return fail(e, "bundle metadata: %s: unknown event type \"%s\"", where,
			    json_object_get_string(name));
	size_t k = json_object_array_length(ids);
	ev->rules = xcalloc(k + 1, sizeof(int));
	for (size_t j = 0; j < k; j++) {
		json_object *v = json_object_array_get_idx(ids, j);
		int64_t id = json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -1;
		if (id < 0 || (size_t)id >= m->nrules)
			return fail(e, "bundle metadata: %s: rule id %zu out of range", where, j);
		ev->rules[j] = (int)id;
		ev->nrules = j + 1;
	}
	return 0;
}

static int parse_map(json_object *jm, size_t i, struct bundle_meta *m, const char *where,
		     struct perr *e)
{
	struct meta_map *mm = &m->maps[i];
	int kind;
	int64_t ks, val;
	if (get_str(jm, "name", true, &mm->name, e, where) ||
	    get_enum(jm, "kind", map_kind_names, 3, "map kind", &kind, e, where) ||
	    get_int_in(jm, "key_size", true, 1, 4096, 0, &ks, e, where) ||
	    get_int_in(jm, "value", false, INT64_MIN, INT64_MAX, 1, &val, e, where))
		return -1;
	mm->kind = (enum meta_map_kind)kind;
	mm->key_size = (uint32_t)ks;
	mm->value = (uint32_t)val;
	return get_str_array(jm, "items", &mm->items, &mm->nitems, e, where);
}

static int parse_meta_leaf(json_object *jl, size_t i, struct bundle_meta *m, const char *where,
			   struct perr *e)
{
	struct meta_leaf *l = &m->meta_leaves[i];
	int64_t bit;
	l->kind = -1;
	if (get_enum(jl, "kind", meta_kind_names, NMETA_KINDS, "meta leaf kind", &l->kind, e,
		     where) ||
	    get_str(jl, "check", true, &l->check, e, where) ||
	    get_int_in(jl, "bit", true, 0, 4095, 0, &bit, e, where))
		return -1;
	l->bit = (int)bit;
	return 0;
}

static int parse_left_out(json_object *jl, size_t i, struct bundle_meta *m, const char *where,
			  struct perr *e)
{
	struct meta_left_out *l = &m->left_out[i];
	return get_str(jl, "name", true, &l->name, e, where) ||
			       get_priority(jl, "priority", &l->priority, e, where) ||
			       get_str_array(jl, "tags", &l->tags, &l->ntags, e, where)
		       ? -1
		       : 0;
}

/* The arrays of the metadata object o: rules first (events name them by position). */
static int parse_arrays(json_object *o, struct bundle_meta *m, struct perr *e)
{
	const struct {
		const char *key;
		bool required;
		size_t size;
		elem_parser one;
	} arrays[] = {
		{"rules", true, sizeof(*m->rules), parse_rule},
		{"events", true, sizeof(*m->events), parse_event},
		{"maps", false, sizeof(*m->maps), parse_map},
		{"meta_leaves", false, sizeof(*m->meta_leaves), parse_meta_leaf},
		{"left_out", false, sizeof(*m->left_out), parse_left_out},
	};
	void *store[] = {&m->rules, &m->events, &m->maps, &m->meta_leaves,
			 &m->left_out}; /* the pointers */
	size_t *count[] = {&m->nrules, &m->nevents, &m->nmaps, &m->nmeta_leaves, &m->nleft_out};
	for (size_t k = 0; k < sizeof(arrays) / sizeof(arrays[0]); k++) {
		json_object *a;
		if (get(o, arrays[k].key, json_type_array, arrays[k].required, &a, e, "top"))
			return -1;
		if (!a)
			continue;
		void *v = xcalloc(json_object_array_length(a) + 1, arrays[k].size);
		memcpy(store[k], &v, sizeof(v));
		if (each_object(a, arrays[k].key, count[k], arrays[k].one, m, e))
			return -1;
	}
	return 0;
}

int bundle_meta_from_json(const char *json, size_t len, struct bundle_meta *m, char *err,
			  size_t errlen)
{
	struct perr e = {err, errlen};
	memset(m, 0, sizeof(*m));
	if (len > (size_t)0x7fffffff)
		return fail(&e, "bundle metadata: too large");
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return fail(&e, "bundle metadata: out of memory");
	json_object *o = json_tokener_parse_ex(tok, json, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	int rc = -1;
	if (!o || jerr != json_tokener_success) {
		fail(&e, "bundle metadata: invalid JSON: %s",
		     json_tokener_error_desc(jerr == json_tokener_success ? json_tokener_continue
									  : jerr));
		goto out;
	}
	while (used < len && (json[used] == ' ' || json[used] == '\n' || json[used] == '\t' ||
			      json[used] == '\r' || json[used] == 0))
		used++;
	if (used < len) {
		fail(&e, "bundle metadata: trailing bytes after the JSON object");
		goto out;
	}
	if (!json_object_is_type(o, json_type_object)) {
		fail(&e, "bundle metadata: not a JSON object");
		goto out;
	}
	json_object *fmt;
	if (get(o, "format", json_type_int, true, &fmt, &e, "top"))
		goto out;
	m->format = (int)json_object_get_int64(fmt);
	if (m->format != BUNDLE_META_FORMAT) {
		fail(&e, "bundle metadata: format %d, this lanner reads format %d", m->format,
		     BUNDLE_META_FORMAT);
		goto out;
	}
	char *rm = NULL;
	if (get_str(o, "generator", false, &m->generator, &e, "top") ||
	    get_str(o, "source_hash", false, &m->source_hash, &e, "top") ||
	    get_str_array(o, "sources", &m->sources, &m->nsources, &e, "top") ||
	    get_str(o, "rule_matching", false, &rm, &e, "top") ||
	    get_str(o, "rule_selection", false, &m->rule_selection, &e, "top"))
		goto out;
	if (rm && strcmp(rm, "first") && strcmp(rm, "all")) {
		free(rm);
		fail(&e, "bundle metadata: rule_matching must be first or all");
		goto out;
	}
	m->rule_matching = rm && !strcmp(rm, "all") ? MATCH_ALL : MATCH_FIRST;
	free(rm);
	m->priority = PRI_DEBUG;
	json_object *pv = NULL;
	if (json_object_object_get_ex(o, "priority", &pv) &&
	    get_priority(o, "priority", &m->priority, &e, "top"))
		goto out;
	if (parse_arrays(o, m, &e))
		goto out;
	rc = 0;
out:
	json_object_put(o);
	if (rc)
		bundle_meta_free(m);
	return rc;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void bundle_meta_free(struct bundle_meta *m)
{
	if (!m)
		return;
	free(m->generator);
	free(m->source_hash);
	free_strs(m->sources, m->nsources);
	for (size_t i = 0; i < m->nrules; i++) {
		struct meta_rule *r = &m->rules[i];
		free(r->name);
		free(r->source);
		free_strs(r->tags, r->ntags);
		free(r->output);
		free(r->condition);
		free(r->decided);
	}
	free(m->rules);
	for (size_t i = 0; i < m->nevents; i++)
		free(m->events[i].rules);
	free(m->events);
	for (size_t i = 0; i < m->nmaps; i++) {
		free(m->maps[i].name);
		free_strs(m->maps[i].items, m->maps[i].nitems);
	}
	free(m->maps);
	for (size_t i = 0; i < m->nmeta_leaves; i++)
		free(m->meta_leaves[i].check);
	free(m->meta_leaves);
	free(m->rule_selection);
	for (size_t i = 0; i < m->nleft_out; i++) {
		free(m->left_out[i].name);
		free_strs(m->left_out[i].tags, m->left_out[i].ntags);
	}
	free(m->left_out);
	memset(m, 0, sizeof(*m));
}
