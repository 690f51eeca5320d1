/* compile.c — the rules compiler's driver: after every file, the whole accumulated ruleset is
 * resolved again as Falco's rule compiler does (compile_passes.h lists the passes): lists
 * expanded, macros parsed and resolved, then every rule in definition order — its exceptions as
 * condition text, its output checked, its condition substituted, parsed, macros inlined, checks
 * resolved, event types inferred — and finally the unused macros and lists reported.
 *
 * What it leaves in the ruleset is described in compile.h. Like Falco, the first error stops the
 * compilation; rules after it keep ast == NULL.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/vec.h"
#include "common/xalloc.h"
#include "compile.h"
#include "compile_passes.h"
#include "outfmt.h"
char *rl_rule_output(const struct rl_rule *r)
{
	static const char tok[] = "%container.info";
	const char *s = r->output ? r->output : "";
	struct strbuf b = {0};
	const char *p;
	while ((p = strstr(s, tok))) {
		sb_addn(&b, s, (size_t)(p - s));
		s = p + sizeof(tok) - 1;
	}
	sb_add(&b, s);
	return sb_detach(&b);
}

static int cmp_rule_index(const void *a, const void *b)
{
	const struct rl_rule *x = *(struct rl_rule *const *)a, *y = *(struct rl_rule *const *)b;
	return (x->index > y->index) - (x->index < y->index);
}

static bool err_is_unknown(const char *e)
{
	return strstr(e, "nonexistent field") || strstr(e, "invalid formatting token") ||
	       strstr(e, "unknown event type") || strstr(e, "unknown filter:");
}

static void rule_reset(struct rl_rule *r)
{
	ast_free(r->ast);
	r->ast = NULL;
	free(r->full_condition);
	r->full_condition = NULL;
	free(r->evttypes);
	r->evttypes = NULL;
	r->nevttypes = 0;
	r->skipped = false;
}

static const char *const deprecated_output_fields[] = {"evt.dir",	    "evt.latency",
						       "evt.latency.s",	    "evt.latency.ns",
						       "evt.latency.human", "evt.wait_latency"};

static void add_deprecated_diag(struct cctx *c, const struct srcpos *p, const char *item_type,
				const char *name, const char *field, const char *msg)
{
	cdiag_pos(c, LOAD_DEPRECATED_ITEM, p, item_type, name, msg);
	struct diag *d = &c->out->v[c->out->n - 1];
	free(d->deprecated_field);
	d->deprecated_field = xstrdup(field);
}

static void compile_output(struct cctx *c, struct rl_rule *r, bool *drop)
{
	const struct srcpos *op = r->output_pos.line ? &r->output_pos : &r->pos;
	if (r->output && strstr(r->output, "%container.info"))
		cdiag_pos(
			c, LOAD_DEPRECATED_ITEM, &r->pos, "rule", r->name,
			"%container.info is deprecated and no more useful, and will be dropped by "
			"Falco 1.0.0. The container plugin will automatically add required fields "
			"to the output message.");
	char *out = rl_rule_output(r);
	struct out_format f;
	char err[400];
	size_t off = 0;
	if (!outfmt_parse(out, &f, err, sizeof(err), &off)) {
		/* the token's place in the YAML scalar (offsets of the output as written, so
		 * approximate when a %container.info was removed before it) */
		struct srctext st = {.base = op, .orig = r->output ? r->output : ""};
		enum diag_code code = LOAD_ERR_COMPILE_OUTPUT;
		if (r->skip_if_unknown_filter && err_is_unknown(err)) {
			code = LOAD_UNKNOWN_FILTER;
			*drop = true;
		}
		cdiag_at(c, code, &st, (int)off, "rule output", r->name, err);
		free(out);
		return;
	}
	outfmt_free(&f);
	for (size_t i = 0; i < sizeof(deprecated_output_fields) / sizeof(char *); i++) {
		const char *df = deprecated_output_fields[i];
		if (strstr(out, df)) {
			char msg[200];
			snprintf(msg, sizeof(msg),
				 "usage of deprecated field '%s' has been detected in the rule "
				 "output",
				 df);
			add_deprecated_diag(c, op, "rule output", r->name, df, msg);
		}
	}
	free(out);
}

/* The rule's condition list-substituted, parsed and its macros inlined; NULL after a
 * diagnostic. text/map (the parsed text and its offset map) stay with the caller. */
static struct ast *rule_condition(struct cctx *c, struct rl_rule *r, struct srctext *st,
				  char **text, int **map, struct checks *cs)
{
	struct subst_err se = {0};
	*text = lists_substitute(c, r->full_condition, map, &se);
	if (!*text) {
		cdiag_at(c, LOAD_ERR_COMPILE_CONDITION, st, se.pos, "rule", r->name, se.msg);
		return NULL;
	}
	st->map = *map;
	st->maplen = strlen(*text);
	struct parse_error pe = {0};
	struct ast *a = cond_parse(*text, &pe);
	if (!a) {
		cdiag_at(c, LOAD_ERR_COMPILE_CONDITION, st, pe.pos, "rule", r->name, pe.msg);
		return NULL;
	}
	/* macros: every reference resolved before any field is looked at (Falco's order) */
	struct resolve_err err = {0};
	if (!macros_inline(c, &a, st, INT_MAX, cs, &err)) {
		cdiag_at(c, err.too_big ? LOAD_ERR_COMPILE_CONDITION : LOAD_ERR_VALIDATE, err.st,
			 err.pos, "rule", r->name, err.msg);
		ast_free(a);
		return NULL;
	}
	return a;
}

/* Deprecated-field warnings come from a pass before compilation in Falco: they are given even
 * when the compilation then fails. */
static void deprecated_field_warnings(struct cctx *c, struct rl_rule *r, const struct fctx *x)
{
	for (size_t i = 0; i < x->nwarns; i++) {
		const struct warn *w = &x->warns[i];
		if (w->deprecated < 0)
			continue;
		const struct field_info *f = field_by_id((enum field_id)w->deprecated);
		int line, col;
		srcpos_of(w->st, w->pos, &line, &col);
		struct srcpos p = {.file = w->st->base->file, .line = line, .col = col};
		add_deprecated_diag(c, &p, "rule condition", r->name, f->name, w->msg);
	}
}

/* A rule whose every check resolved: its warnings, its tree and its event types. */
static void rule_accept(struct cctx *c, struct rl_rule *r, struct ast *a, const struct fctx *x)
{
	for (size_t i = 0; i < x->nwarns; i++)
		if (x->warns[i].deprecated < 0)
			cdiag_at(c, LOAD_COMPILE_CONDITION, x->warns[i].st, x->warns[i].pos, "rule",
				 r->name, x->warns[i].msg);
	r->ast = a;
	struct evtset s;
	evttypes_infer(a, &s);
	r->evttypes = xmalloc(EVTSET_BYTES);
	memcpy(r->evttypes, s.bits, EVTSET_BYTES);
	r->nevttypes = evtset_count(&s);
	if (r->nevttypes > 100 && r->warn_evttypes)
		cdiag_pos(c, LOAD_NO_EVTTYPE, &r->pos, "rule", r->name,
			  "Rule matches too many evt.type values. This has a significant "
			  "performance penalty.");
}

/* Fields, operators and values of every check; the rule is accepted, skipped
 * (skip-if-unknown-filter) or an error. */
static void rule_checks(struct cctx *c, struct rl_rule *r, struct ast *a, const struct checks *cs)
{
	struct resolve_err err = {0};
	struct fctx x = {.c = c, .rule = r, .err = &err};
	for (size_t i = 0; i < cs->n && !err.failed; i++) {
		x.st = cs->v[i].st;
		check_resolve(&x, cs->v[i].a);
	}
	deprecated_field_warnings(c, r, &x);
	if (!err.failed) {
		rule_accept(c, r, a, &x);
	} else if (r->skip_if_unknown_filter && err_is_unknown(err.msg)) {
		cdiag_at(c, LOAD_UNKNOWN_FILTER, err.st, err.pos, "rule", r->name, err.msg);
		r->skipped = true;
		ast_free(a);
	} else {
		cdiag_at(c, LOAD_ERR_COMPILE_CONDITION, err.st, err.pos, "rule", r->name, err.msg);
		ast_free(a);
	}
	fctx_free_warnings(&x);
}

static void compile_rule(struct cctx *c, struct rl_rule *r)
{
	char err[300];
	bool drop = false;

	rule_reset(r);
	if (r->unknown_source) {
		r->skipped = true;
		return;
	}
	size_t bad = 0;
	r->full_condition = exceptions_text(r, err, sizeof(err), &bad);
	if (!r->full_condition) {
		const struct srcpos *p = bad < r->nexceptions ? &r->exceptions[bad].pos : &r->pos;
		cdiag_pos(c, LOAD_ERR_VALIDATE, p, "exception", r->name, err);
		return;
	}
	compile_output(c, r, &drop);
	if (c->stop)
		return;
	if (drop) {
		r->skipped = true;
		return;
	}
	const struct srcpos *tail = r->nexceptions ? &r->exceptions[0].pos : &r->pos;
	struct srctext st = {.base = &r->cond_pos, .orig = r->condition, .prefix = 1, .tail = tail};
	char *text = NULL;
	int *map = NULL;
	struct checks cs = {0};
	struct ast *a = rule_condition(c, r, &st, &text, &map, &cs);
	if (a)
		rule_checks(c, r, a, &cs);
	VEC_FREE(cs);
	free(text);
	free(map);
}

int ruleset_compile(struct ruleset *rs, const char *file, struct diags *out)
{
	struct cctx c = {.rs = rs, .out = out, .file = file};
	if (!rs)
		return 0;
	for (size_t i = 0; i < rs->nmacros; i++) {
		ast_free(rs->macros[i].ast);
		rs->macros[i].ast = NULL;
		rs->macros[i].used = false;
	}
	for (size_t i = 0; i < rs->nrules; i++)
		rule_reset(&rs->rules[i]);

	lists_compile(&c);
	macros_compile(&c);

	struct rl_rule **order = xmalloc((rs->nrules ? rs->nrules : 1) * sizeof(*order));
	for (size_t i = 0; i < rs->nrules; i++)
		order[i] = &rs->rules[i];
	qsort(order, rs->nrules, sizeof(*order), cmp_rule_index);
	for (size_t i = 0; i < rs->nrules && !c.stop; i++)
		compile_rule(&c, order[i]);
	free(order);

	if (!c.stop) {
		for (size_t i = 0; i < rs->nmacros; i++)
			if (!rs->macros[i].used)
				cdiag_pos(&c, LOAD_UNUSED_MACRO, &rs->macros[i].pos, "macro",
					  rs->macros[i].name,
					  "Macro not referred to by any other rule/macro");
		for (size_t i = 0; i < c.nlists; i++)
			if (!c.lists[i].l->used)
				cdiag_pos(&c, LOAD_UNUSED_LIST, &c.lists[i].l->pos, "list",
					  c.lists[i].l->name,
					  "List not referred to by any other rule/macro");
	}
	macros_free(&c);
	lists_free(&c);
	return c.errors;
}
