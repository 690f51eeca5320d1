/* exceptions.c — a rule's exceptions as condition text, exactly as Falco writes it (docs/
 * falco-semantics.md, "Exceptions"): "(condition)" followed by " and not E" for every exception
 * whose text E is not empty. The text then goes through list substitution and parsing like any
 * condition, so a value naming a list expands.
 *
 *   fields: f, comps: op, values: [v1, v2]     E = "(f op (q(v1), q(v2)))"
 *   fields: [f1, f2], comps: [o1, o2],
 *   values: [[a1, a2], [b1, b2]]               E = "(( f1 o1 A1 and  f2 o2 A2) or ( ... ))"
 * where q() is Falco's quote_item and a tuple element that is itself a list becomes "(q(x), ..)".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "compile.h"
#include "compile_passes.h"

char *rl_quote_item(const char *s)
{
	if (strchr(s, ' ') && s[0] != '"' && s[0] != '\'')
		return xasprintf("\"%s\"", s);
	return xstrdup(s);
}

static void sb_add_quoted(struct strbuf *b, const char *s)
{
	char *q = rl_quote_item(s);
	sb_add(b, q);
	free(q);
}

/* Falco's is_operator_for_list: the list operators and every string operator with a modifier. */
static bool is_list_comp(const char *comp)
{
	char *c = xstrdup_trim(comp);
	bool r = !strcmp(c, "in") || !strcmp(c, "intersects") || !strcmp(c, "pmatch");
	if (!r) {
		const char *sp = strrchr(c, ' ');
		if (sp) {
			const char *m = sp + 1;
			r = !strcmp(m, "oneof") || !strcmp(m, "anyof") || !strcmp(m, "allof");
		}
	}
	free(c);
	return r;
}

static size_t exc_tuple_len(const struct rule_exception *e, size_t i)
{
	if (e->value_len)
		return e->value_len[i];
	return e->nfields;
}

/* "fields: f": one list of scalar values. Returns false with err filled. */
static bool single_field_text(const struct rule_exception *e, struct strbuf *ic, char *err,
			      size_t errlen)
{
	const char *f = e->nfields ? e->fields[0] : "";
	const char *comp = e->ncomps ? e->comps[0] : "in";
	for (size_t i = 0; i < e->nvalues; i++) {
		const struct exc_value *v = &e->values[i][0];
		if (v->is_list || (e->value_is_seq && e->value_is_seq[i])) {
			snprintf(err, errlen, "Expected values array to contain a list of strings");
			return false;
		}
		if (!ic->len)
			sb_addf(ic, "(%s %s (", f, comp);
		else
			sb_add(ic, ", ");
		sb_add_quoted(ic, v->s ? v->s : "");
	}
	if (ic->len)
		sb_add(ic, "))");
	return true;
}

/* One element of a tuple, compared with comp. */
static void tuple_value_text(struct strbuf *ic, const struct exc_value *v, const char *comp)
{
	if (v->is_list) {
		sb_add(ic, "(");
		for (size_t j = 0; j < v->nitems; j++) {
			if (j)
				sb_add(ic, ", ");
			sb_add_quoted(ic, v->items[j]);
		}
		sb_add(ic, ")");
	} else if (is_list_comp(comp)) {
		const char *s = v->s ? v->s : "";
		if (s[0] != '(')
			sb_addf(ic, "(%s)", s);
		else
			sb_add(ic, s);
	} else {
		sb_add_quoted(ic, v->s ? v->s : "");
	}
}

/* "fields: [f1, f2]": tuples of values, one per field. Returns false with err filled. */
static bool tuple_fields_text(const struct rule_exception *e, struct strbuf *ic, char *err,
			      size_t errlen)
{
	sb_add(ic, "(");
	for (size_t i = 0; i < e->nvalues; i++) {
		if (exc_tuple_len(e, i) != e->nfields) {
			snprintf(err, errlen, "Fields and values lists must have equal length");
			return false;
		}
		if (strcmp(sb_str(ic), "("))
			sb_add(ic, " or ");
		sb_add(ic, "(");
		for (size_t k = 0; k < e->nfields; k++) {
			const char *comp = k < e->ncomps ? e->comps[k] : "=";
			sb_addf(ic, "%s %s %s ", k ? " and " : "", e->fields[k], comp);
			tuple_value_text(ic, &e->values[i][k], comp);
		}
		sb_add(ic, ")");
	}
	sb_add(ic, ")");
	if (!strcmp(sb_str(ic), "()"))
		sb_reset(ic);
	return true;
}

char *exceptions_text(const struct rl_rule *r, char *err, size_t errlen, size_t *bad)
{
	struct strbuf b = {0};
	sb_addf(&b, "(%s)", r->condition ? r->condition : "");
	for (size_t x = 0; x < r->nexceptions; x++) {
		const struct rule_exception *e = &r->exceptions[x];
		struct strbuf ic = {0};
		*bad = x;
		bool ok = e->fields_is_list ? tuple_fields_text(e, &ic, err, errlen)
					    : single_field_text(e, &ic, err, errlen);
		if (!ok) {
			sb_free(&ic);
			sb_free(&b);
			return NULL;
		}
		if (ic.len)
			sb_addf(&b, " and not %s", sb_str(&ic));
		sb_free(&ic);
	}
	return sb_detach(&b);
}

char *rl_exceptions_condition(const struct rl_rule *r, char *err, size_t errlen)
{
	size_t bad;
	return exceptions_text(r, err, errlen, &bad);
}
