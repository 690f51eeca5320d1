/* collector.c — accumulates the items the reader hands over, from every loaded file, into one
 * ruleset (docs/falco-semantics.md, "Redefinition, append and override", "Exceptions").
 *
 * Mirrors Falco's rule_loader_collector: redefinition replaces but keeps the first index,
 * append/override merge into the existing item, exceptions are validated and their comps
 * defaulted, engine and plugin requirements are checked. Every define/append/replace consumes
 * one shared index, which decides macro visibility.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector.h"
#include "compile.h"
#include "common/strbuf.h"
#include "common/vec.h"
#include "common/xalloc.h"

void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void rule_exception_clear(struct rule_exception *e)
{
	free(e->name);
	strv_free(e->fields, e->nfields);
	strv_free(e->comps, e->ncomps);
	for (size_t i = 0; i < e->nvalues; i++) {
		if (!e->values[i])
			continue;
		for (size_t j = 0; j < e->value_len[i]; j++) {
			free(e->values[i][j].s);
			strv_free(e->values[i][j].items, e->values[i][j].nitems);
		}
		free(e->values[i]);
	}
	free(e->values);
	free(e->value_len);
	free(e->value_is_seq);
	memset(e, 0, sizeof(*e));
}

static void plugin_req_clear(struct plugin_req *p)
{
	free(p->name);
	free(p->version);
}

void rl_rule_clear(struct rl_rule *r)
{
	free(r->name);
	free(r->condition);
	free(r->output);
	free(r->desc);
	free(r->source);
	strv_free(r->tags, r->ntags);
	CLEAR_EACH(r->exceptions, r->nexceptions, rule_exception_clear);
	free(r->full_condition);
	if (r->ast)
		ast_free(r->ast);
	free(r->evttypes);
	memset(r, 0, sizeof(*r));
}

static void rl_list_clear(void *item)
{
	struct rl_list *l = item;
	free(l->name);
	strv_free(l->items, l->nitems);
	memset(l, 0, sizeof(*l));
}

static void rl_macro_clear(void *item)
{
	struct rl_macro *m = item;
	free(m->name);
	free(m->condition);
	if (m->ast)
		ast_free(m->ast);
	memset(m, 0, sizeof(*m));
}

bool semver_parse(const char *s, unsigned v[3])
{
	for (int i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned long n = 0;
		while (*s >= '0' && *s <= '9') {
			n = n * 10 + (unsigned)(*s++ - '0');
			if (n > 0xffffffffUL)
				return false;
		}
		v[i] = (unsigned)n;
		if (i < 2 && *s++ != '.')
			return false;
	}
	return true;
}

__attribute__((format(printf, 6, 7))) static int fail(struct load_ctx *c, struct srcpos pos,
						      const char *type, const char *name,
						      enum diag_code code, const char *fmt, ...);

static int fail(struct load_ctx *c, struct srcpos pos, const char *type, const char *name,
		enum diag_code code, const char *fmt, ...)
{
	struct strbuf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	diags_add(c->out, code, c->file, pos.line, pos.col, type, name, "%s", sb_str(&msg));
	sb_free(&msg);
	return -1;
}

/* ---- lookups --------------------------------------------------------------------------- */

struct rl_rule *ruleset_find_rule(struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].name, name))
			return &rs->rules[i];
	return NULL;
}

struct rl_macro *ruleset_find_macro(struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nmacros; i++)
		if (!strcmp(rs->macros[i].name, name))
			return &rs->macros[i];
	return NULL;
}

struct rl_list *ruleset_find_list(struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nlists; i++)
		if (!strcmp(rs->lists[i].name, name))
			return &rs->lists[i];
	return NULL;
}

/* ---- engine / plugin requirements ------------------------------------------------------ */

static int semver_cmp(const unsigned a[3], const unsigned b[3])
{
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

int collect_engine_version(struct load_ctx *c, char *version, struct srcpos pos)
{
	unsigned req[3], eng[3], cur[3];
	semver_parse(LANNER_ENGINE_VERSION, eng);
	if (!semver_parse(version, req) || req[0] != eng[0] || semver_cmp(eng, req) < 0) {
		fail(c, pos, "required_engine_version", NULL, LOAD_ERR_VALIDATE,
		     "Rules require engine version %s, but engine version is %s", version,
		     LANNER_ENGINE_VERSION);
		free(version);
		return -1;
	}
	struct ruleset *rs = c->rs;
	if (!rs->required_engine_version ||
	    (semver_parse(rs->required_engine_version, cur) && semver_cmp(cur, req) < 0)) {
		free(rs->required_engine_version);
		rs->required_engine_version = version;
	} else {
		free(version);
	}
	return 0;
}

/* Falco checks each requirement against the plugins it loaded: the first alternative that names
 * a loaded plugin decides (same major version, loaded >= required), and none naming a loaded
 * plugin is an error. Lanner loads no plugins but provides the container plugin's fields. */
static int check_plugin_provided(struct load_ctx *c, const struct plugin_req *reqs, size_t n,
				 struct srcpos pos)
{
	static const char *const name = LANNER_CONTAINER_PLUGIN_NAME;
	static const char *const have_s = LANNER_CONTAINER_PLUGIN_VERSION;
	const char *type = "required plugin versions entry";
	unsigned have[3], req[3];
	semver_parse(have_s, have);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(reqs[i].name, name))
			continue;
		semver_parse(reqs[i].version, req);
		if (req[0] == have[0] && semver_cmp(have, req) >= 0)
			return 0;
		return fail(c, pos, type, reqs[0].name, LOAD_ERR_VALIDATE,
			    "Plugin '%s' version '%s' is not compatible with required plugin "
			    "version '%s' (Lanner provides the fields of plugin '%s' %s)",
			    name, have_s, reqs[i].version, name, have_s);
	}
	struct strbuf alts = {0};
	for (size_t i = 0; i < n; i++)
		sb_addf(&alts, "%s%s (>= %s)", i ? ", " : "", reqs[i].name, reqs[i].version);
	fail(c, pos, type, reqs[0].name, LOAD_ERR_VALIDATE,
	     "Plugin requirement not satisfied, must load one of: %s (Lanner loads no plugins; it "
	     "provides the fields of plugin '%s' %s)",
	     sb_str(&alts), name, have_s);
	sb_free(&alts);
	return -1;
}

int collect_plugin_versions(struct load_ctx *c, struct plugin_req *reqs, size_t n,
			    struct srcpos pos)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		unsigned v[3];
		if (!semver_parse(reqs[i].version, v))
			rc = fail(c, pos, "required plugin versions entry", reqs[0].name,
				  LOAD_ERR_VALIDATE,
				  "Invalid required version '%s' for plugin '%s'", reqs[i].version,
				  reqs[i].name);
		for (size_t j = 0; j < i && !rc; j++)
			if (!strcmp(reqs[i].name, reqs[j].name))
				rc = fail(c, pos, "required plugin versions entry", reqs[0].name,
					  LOAD_ERR_VALIDATE,
					  "Defined multiple alternative version requirements for "
					  "plugin '%s'",
					  reqs[i].name);
	}
	if (!rc)
		rc = check_plugin_provided(c, reqs, n, pos);
	if (!rc) {
		struct ruleset *rs = c->rs;
		rs->plugins = xrealloc(rs->plugins, (rs->nplugins + 1) * sizeof(*rs->plugins));
		rs->plugins[rs->nplugins++] = reqs[0];
		reqs[0].name = reqs[0].version = NULL;
	}
	CLEAR_EACH(reqs, n, plugin_req_clear);
	return rc;
}

/* ---- lists and macros ------------------------------------------------------------------ */

/* An append to a list or macro that no earlier item defines: Falco's message, e.g. "List uses
 * 'append' or 'override.items: append' but no list by that name already exists". */
static void no_append_target(struct load_ctx *c, struct srcpos pos, const char *type,
			     const char *name, const char *key)
{
	fail(c, pos, type, name, LOAD_ERR_VALIDATE,
	     "%c%s uses 'append' or 'override.%s: append' but no %s by that name already exists",
	     type[0] - 'a' + 'A', type + 1, key, type);
}

/* What differs between lists and macros under Falco's collector; the rule itself (an append to
 * nothing is an error, else the item is appended to its namesake or takes its place) is
 * collect_named's. Each function consumes item; id is the item's definition index. */
struct named_kind {
	const char *type, *append_key; /* in messages: "list", "items" */
	void (*clear)(void *item);
	void (*append)(void *prev, void *item, int id);
	void (*place)(struct ruleset *rs, void *prev, void *item, int id); /* prev may be NULL */
};

static int collect_named(struct load_ctx *c, const struct named_kind *k, void *item, void *prev,
			 const char *name, struct srcpos pos, bool append)
{
	int id = c->rs->next_index++;
	if (append && !prev) {
		no_append_target(c, pos, k->type, name, k->append_key);
		k->clear(item);
		return -1;
	}
	if (append)
		k->append(prev, item, id);
	else
		k->place(c->rs, prev, item, id);
	return 0;
}

static void list_append(void *prev_, void *item, int id)
{
	struct rl_list *prev = prev_, *l = item;
	(void)id;
	prev->items = xrealloc(prev->items, (prev->nitems + l->nitems) * sizeof(char *));
	memcpy(prev->items + prev->nitems, l->items, l->nitems * sizeof(char *));
	prev->nitems += l->nitems;
	free(l->items);
	free(l->name);
}

/* A redefinition takes the old list's place, keeping its first index and whether it is used; a
 * new list goes last. */
static void list_place(struct ruleset *rs, void *prev_, void *item, int id)
{
	struct rl_list *prev = prev_, *l = item;
	l->index = prev ? prev->index : id;
	l->used = prev ? prev->used : l->used;
	if (prev) {
		rl_list_clear(prev);
	} else {
		rs->lists = xrealloc(rs->lists, (rs->nlists + 1) * sizeof(*rs->lists));
		prev = &rs->lists[rs->nlists++];
	}
	*prev = *l;
}

static void macro_append(void *prev_, void *item, int id)
{
	struct rl_macro *prev = prev_, *m = item;
	char *cond = xasprintf("%s %s", prev->condition, m->condition);
	free(prev->condition);
	prev->condition = cond;
	prev->last_index = id;
	rl_macro_clear(m);
}

/* A redefinition takes the old macro's place, keeping its first index (macro visibility); a new
 * macro goes last. */
static void macro_place(struct ruleset *rs, void *prev_, void *item, int id)
{
	struct rl_macro *prev = prev_, *m = item;
	m->first_index = prev ? prev->first_index : id;
	m->last_index = id;
	if (!prev) {
		rs->macros = xrealloc(rs->macros, (rs->nmacros + 1) * sizeof(*rs->macros));
		prev = &rs->macros[rs->nmacros++];
	} else {
		rl_macro_clear(prev);
	}
	*prev = *m;
}

static const struct named_kind list_kind = {"list", "items", rl_list_clear, list_append,
					    list_place};
static const struct named_kind macro_kind = {"macro", "condition", rl_macro_clear, macro_append,
					     macro_place};

int collect_list(struct load_ctx *c, struct rl_list *l, bool append)
{
	return collect_named(c, &list_kind, l, ruleset_find_list(c->rs, l->name), l->name, l->pos,
			     append);
}

int collect_macro(struct load_ctx *c, struct rl_macro *m, bool append)
{
	return collect_named(c, &macro_kind, m, ruleset_find_macro(c->rs, m->name), m->name, m->pos,
			     append);
}

/* ---- exceptions ------------------------------------------------------------------------ */

static const char *const str_ops[] = {
	"==",	     "=",	   "!=",	  "glob",     "iglob", "contains", "icontains",
	"bcontains", "startswith", "bstartswith", "endswith", "regex", NULL};
static const char *const other_ops[] = {"<=",	      "<",	">=",	  ">", "in",
					"intersects", "pmatch", "exists", NULL};

static bool in_list(const char *const *set, const char *s, size_t len)
{
	for (size_t i = 0; set[i]; i++)
		if (strlen(set[i]) == len && !memcmp(set[i], s, len))
			return true;
	return false;
}

/* "startswith oneof": a string operator, blanks, a modifier. */
static bool is_modifier_op(const char *s)
{
	size_t n = strcspn(s, " \t");
	if (!s[n] || !in_list(str_ops, s, n))
		return false;
	s += n + strspn(s + n, " \t");
	return !strcmp(s, "oneof") || !strcmp(s, "anyof") || !strcmp(s, "allof");
}

static bool is_operator(const char *s)
{
	return in_list(str_ops, s, strlen(s)) || in_list(other_ops, s, strlen(s)) ||
	       is_modifier_op(s);
}

/* An error about one exception of a rule: Falco reports it in the exception's context, so the
 * message names the exception. */
__attribute__((format(printf, 4, 5))) static int
exc_fail(struct load_ctx *c, const char *rule, const struct rule_exception *e, const char *fmt, ...)
{
	struct strbuf msg = {0};
	va_list ap;
	sb_addf(&msg, "exception '%s': ", e->name ? e->name : "");
	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	fail(c, e->pos, "rule", rule, LOAD_ERR_VALIDATE, "%s", sb_str(&msg));
	sb_free(&msg);
	return -1;
}

static int check_exception_fields(struct load_ctx *c, const char *rule,
				  const struct rule_exception *e)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (!rl_lhs_field_valid(e->fields[i]))
			return exc_fail(c, rule, e, "'%s' is not a supported filter field",
					e->fields[i]);
	return 0;
}

/* Falco's validate_exception_info: defaults comps and checks their shape, and (for a rule of a
 * known source) that every field can be the left-hand side of a comparison, whether or not the
 * exception has values. */
static int validate_exception(struct load_ctx *c, const char *rule, struct rule_exception *e,
			      bool known_source)
{
	if (!e->has_comps) {
		strv_free(e->comps, e->ncomps);
		e->comps_is_list = e->fields_is_list;
		e->ncomps = e->fields_is_list ? e->nfields : 1;
		e->comps = xcalloc(e->ncomps, sizeof(char *));
		for (size_t i = 0; i < e->ncomps; i++)
			e->comps[i] = xstrdup(e->fields_is_list ? "=" : "in");
	}
	for (size_t i = 0; i < e->ncomps; i++) {
		char *t = xstrdup_trim(e->comps[i]);
		free(e->comps[i]);
		e->comps[i] = t;
	}
	if (e->fields_is_list) {
		if (!e->comps_is_list || e->ncomps != e->nfields)
			return exc_fail(c, rule, e,
					"Fields and comps lists must have equal length");
		for (size_t i = 0; i < e->ncomps; i++)
			if (!is_operator(e->comps[i]))
				return exc_fail(c, rule, e,
						"'%s' is not a supported comparison operator",
						e->comps[i]);
		return known_source ? check_exception_fields(c, rule, e) : 0;
	}
	if (e->comps_is_list)
		return exc_fail(c, rule, e, "Fields and comps must both be strings");
	const char *op = e->comps[0];
	if (strcmp(op, "in") && strcmp(op, "pmatch") && strcmp(op, "intersects") &&
	    !is_modifier_op(op))
		return exc_fail(c, rule, e,
				"When fields is a single value, comps must be one of (in, pmatch, "
				"intersects) or a modifier operator (e.g. startswith oneof)");
	return known_source ? check_exception_fields(c, rule, e) : 0;
}

static int validate_exceptions(struct load_ctx *c, const char *rule, struct rule_exception *v,
			       size_t n, bool known_source)
{
	for (size_t i = 0; i < n; i++) {
		if (!v[i].has_fields)
			return exc_fail(c, rule, &v[i],
					"Rule exception item must have fields property with a "
					"list of fields");
		if (validate_exception(c, rule, &v[i], known_source))
			return -1;
	}
	return 0;
}

/* ---- rules ----------------------------------------------------------------------------- */

static bool source_known(const char *s)
{
	return !strcmp(s, "syscall");
}

int collect_rule(struct load_ctx *c, struct rl_rule *r)
{
	struct ruleset *rs = c->rs;
	struct rl_rule *prev = ruleset_find_rule(rs, r->name);
	if (prev && strcmp(prev->source, r->source)) {
		fail(c, r->pos, "rule", r->name, LOAD_ERR_VALIDATE,
		     "Rule has been re-defined with a different source");
		goto err;
	}
	if (!source_known(r->source)) {
		r->unknown_source = true;
		r->skipped = true;
		diags_add(c->out, LOAD_UNKNOWN_SOURCE, c->file, r->pos.line, r->pos.col, "rule",
			  r->name, "Unknown source %s, skipping", r->source);
	}
	if (validate_exceptions(c, r->name, r->exceptions, r->nexceptions, !r->unknown_source))
		goto err;
	int id = rs->next_index++;
	if (prev) {
		int index = prev->index;
		rl_rule_clear(prev);
		*prev = *r;
		prev->index = index;
		return 0;
	}
	rs->rules = xrealloc(rs->rules, (rs->nrules + 1) * sizeof(*rs->rules));
	r->index = id;
	rs->rules[rs->nrules++] = *r;
	return 0;
err:
	rl_rule_clear(r);
	return -1;
}

static void concat(char **dst, char **src)
{
	if (!*src || !**src)
		return;
	char *s = xasprintf("%s %s", *dst ? *dst : "", *src);
	free(*dst);
	*dst = s;
}

static void take_str(char **dst, char **src)
{
	free(*dst);
	*dst = *src;
	*src = NULL;
}

static void tags_union(struct rl_rule *prev, struct rl_rule *u)
{
	char **v = xrealloc(NULL, (prev->ntags + u->ntags) * sizeof(char *));
	size_t i = 0, j = 0, n = 0;
	while (i < prev->ntags || j < u->ntags) {
		int cmp = i == prev->ntags ? 1
			  : j == u->ntags  ? -1
					   : strcmp(prev->tags[i], u->tags[j]);
		if (cmp < 0) {
			v[n++] = prev->tags[i++];
		} else if (cmp > 0) {
			v[n++] = u->tags[j++];
		} else {
			v[n++] = prev->tags[i++];
			free(u->tags[j++]);
		}
	}
	free(prev->tags);
	free(u->tags);
	prev->tags = v;
	prev->ntags = n;
	u->tags = NULL;
	u->ntags = 0;
}

static struct rule_exception *exc_find(struct rl_rule *r, const char *name)
{
	for (size_t i = 0; i < r->nexceptions; i++)
		if (!strcmp(r->exceptions[i].name, name))
			return &r->exceptions[i];
	return NULL;
}

/* Moves the values of src to the end of dst's. */
static void exc_append_values(struct rule_exception *dst, struct rule_exception *src)
{
	size_t n = dst->nvalues + src->nvalues;
	dst->values = xrealloc(dst->values, n * sizeof(*dst->values));
	dst->value_len = xrealloc(dst->value_len, n * sizeof(*dst->value_len));
	dst->value_is_seq = xrealloc(dst->value_is_seq, n * sizeof(*dst->value_is_seq));
	memcpy(dst->values + dst->nvalues, src->values, src->nvalues * sizeof(*src->values));
	memcpy(dst->value_len + dst->nvalues, src->value_len,
	       src->nvalues * sizeof(*src->value_len));
	memcpy(dst->value_is_seq + dst->nvalues, src->value_is_seq,
	       src->nvalues * sizeof(*src->value_is_seq));
	dst->nvalues = n;
	src->nvalues = 0;
}

static int append_exceptions(struct load_ctx *c, struct rl_rule *prev, struct rl_rule *u)
{
	for (size_t i = 0; i < u->nexceptions; i++) {
		struct rule_exception *ex = &u->exceptions[i];
		struct rule_exception *pe = exc_find(prev, ex->name);
		if (!pe) {
			if (!ex->has_fields)
				return exc_fail(c, u->name, ex,
						"Rule exception must have fields property with a "
						"list of fields");
			if (!ex->nvalues)
				return exc_fail(c, u->name, ex,
						"Rule exception must have values property with a "
						"list of values");
			if (validate_exception(c, u->name, ex, !prev->unknown_source))
				return -1;
			prev->exceptions =
				xrealloc(prev->exceptions,
					 (prev->nexceptions + 1) * sizeof(*prev->exceptions));
			prev->exceptions[prev->nexceptions++] = *ex;
			memset(ex, 0, sizeof(*ex));
			continue;
		}
		if (ex->has_fields)
			return exc_fail(c, u->name, ex,
					"Can not append exception fields to existing exception, "
					"only values");
		if (ex->has_comps)
			return exc_fail(c, u->name, ex,
					"Can not append exception comps to existing exception, "
					"only values");
		exc_append_values(pe, ex);
	}
	return 0;
}

/* The keys of a rule a replace copies as they are (plain values). */
static const struct {
	unsigned key;
	size_t off, size;
} scalar_keys[] = {
#define K(bit, member)                                                                             \
	{                                                                                          \
		bit, offsetof(struct rl_rule, member), sizeof(((struct rl_rule *)0)->member)       \
	}
	K(RK_PRIORITY, priority),
	K(RK_ENABLED, enabled),
	K(RK_WARN_EVTTYPES, warn_evttypes),
	K(RK_SKIP_IF_UNKNOWN, skip_if_unknown_filter),
	K(RK_CAPTURE, capture),
	K(RK_CAPTURE_DURATION, capture_duration),
#undef K
};

int collect_rule_update(struct load_ctx *c, struct rl_rule *u, unsigned keys, bool append,
			bool legacy)
{
	struct ruleset *rs = c->rs;
	struct rl_rule *prev = ruleset_find_rule(rs, u->name);
	int rc = -1;
	if (!prev) {
		fail(c, u->pos, "rule", u->name, LOAD_ERR_VALIDATE, "%s",
		     append ? "Rule uses 'append' or 'override.<key>: append' but no rule by that "
			      "name already exists"
			    : "An 'override.<key>: replace' to a rule was requested but no rule by "
			      "that name already exists");
		goto out;
	}
	if (!keys) {
		fail(c, u->pos, "rule", u->name, LOAD_ERR_VALIDATE, "%s",
		     append ? "Appended rule must have exceptions or condition property"
			    : "The rule must have at least one field that can be replaced");
		goto out;
	}
	(void)legacy;
	if (append) {
		if (keys & RK_CONDITION)
			concat(&prev->condition, &u->condition);
		if (keys & RK_OUTPUT)
			concat(&prev->output, &u->output);
		if (keys & RK_DESC)
			concat(&prev->desc, &u->desc);
		if (keys & RK_TAGS)
			tags_union(prev, u);
		if ((keys & RK_EXCEPTIONS) && append_exceptions(c, prev, u))
			goto out;
	} else {
		if (keys & RK_CONDITION) {
			take_str(&prev->condition, &u->condition);
			prev->cond_pos = u->cond_pos;
		}
		if (keys & RK_OUTPUT) {
			take_str(&prev->output, &u->output);
			prev->output_pos = u->output_pos;
		}
		if (keys & RK_DESC)
			take_str(&prev->desc, &u->desc);
		if (keys & RK_TAGS) {
			strv_free(prev->tags, prev->ntags);
			prev->tags = u->tags;
			prev->ntags = u->ntags;
			u->tags = NULL;
			u->ntags = 0;
		}
		if (keys & RK_EXCEPTIONS) {
			if (validate_exceptions(c, u->name, u->exceptions, u->nexceptions,
						!prev->unknown_source))
				goto out;
			CLEAR_EACH(prev->exceptions, prev->nexceptions, rule_exception_clear);
			prev->exceptions = u->exceptions;
			prev->nexceptions = u->nexceptions;
			u->exceptions = NULL;
			u->nexceptions = 0;
		}
		for (size_t i = 0; i < sizeof(scalar_keys) / sizeof(scalar_keys[0]); i++)
			if (keys & scalar_keys[i].key)
				memcpy((char *)prev + scalar_keys[i].off,
				       (const char *)u + scalar_keys[i].off, scalar_keys[i].size);
	}
	rs->next_index++;
	rc = 0;
out:
	rl_rule_clear(u);
	return rc;
}

int collect_rule_enable(struct load_ctx *c, const char *name, bool enabled, struct srcpos pos)
{
	struct rl_rule *prev = ruleset_find_rule(c->rs, name);
	if (!prev)
		return fail(c, pos, "rule", name, LOAD_ERR_VALIDATE,
			    "Rule has 'enabled' key but no rule by that name already exists");
	prev->enabled = enabled;
	return 0;
}

/* ---- the ruleset and loading ----------------------------------------------------------- */

struct ruleset *ruleset_new(void)
{
	return xcalloc(1, sizeof(struct ruleset));
}

struct ruleset *ruleset_made(const char *label, size_t n)
{
	struct ruleset *rs = ruleset_new();
	rs->files = xcalloc(1, sizeof(char *));
	rs->files[0] = xstrdup(label);
	rs->nfiles = 1;
	rs->rules = xcalloc(n ? n : 1, sizeof(*rs->rules));
	return rs;
}

void ruleset_add_made_rule(struct ruleset *rs, const char *name, const char *condition,
			   const char *output, enum priority priority)
{
	struct rl_rule *r = &rs->rules[rs->nrules];
	r->name = xstrdup(name ? name : "");
	r->condition = xstrdup(condition ? condition : "");
	r->output = xstrdup(output ? output : "");
	r->source = xstrdup("syscall");
	r->priority = priority;
	r->enabled = true;
	r->warn_evttypes = false;
	r->index = (int)rs->nrules;
	r->pos = (struct srcpos){.file = rs->files[0], .line = 1, .col = 1};
	r->cond_pos = r->pos;
	rs->nrules++;
	rs->next_index = (int)rs->nrules;
}

void ruleset_free(struct ruleset *rs)
{
	if (!rs)
		return;
	CLEAR_EACH(rs->lists, rs->nlists, rl_list_clear);
	CLEAR_EACH(rs->macros, rs->nmacros, rl_macro_clear);
	CLEAR_EACH(rs->rules, rs->nrules, rl_rule_clear);
	CLEAR_EACH(rs->plugins, rs->nplugins, plugin_req_clear);
	strv_free(rs->files, rs->nfiles);
	free(rs->required_engine_version);
	free(rs);
}
