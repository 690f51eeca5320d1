/* emit_guards.c — the guards of a filter: cheap conjuncts of its rules' kernel parts, each
 * evaluated once per event at the top of the filter (part), so a rule one of them makes FALSE
 * costs a byte test instead of its function call.
 *
 * Exact, not an approximation: a guard is a leaf that is a direct operand of the rule's
 * top-level AND (or the whole kernel part); Kleene AND with FALSE is FALSE
 * whatever the other operands are, so skipping the call gives the verdict the call would have
 * given (lnr_verdict_add ignores FALSE). Only leaves whose expression calls nothing (number
 * tests, string compares on constants: no set map, no substring scan) over the fetched values or
 * the process's own (one lnr_need for all, which the rules would make anyway) qualify, so
 * computing them all costs a few instructions each. The values go through map memory (fv->g[],
 * LNR_G_SET / LNR_G): the verifier sees unknown bytes, not one path per combination of guard
 * outcomes; a compiler barrier after each keeps clang from carrying a value it loaded (a length it
 * compared) into the next guard, which would split the verifier's states there too. A guard
 * whose every rule also tests an earlier guard is computed only when that one is not FALSE (else
 * it is set FALSE: each rule reading it is skipped by the earlier one anyway).
 */
#include "emit_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* Identifiers a guard's expression may use: Kleene and value-state helpers and the inline
 * string compares on constants (rules/rt.h, rules/strings.h). Anything else (set maps, needles,
 * callbacks, container metadata, ancestors) keeps the leaf inside its rule function. */
static const char *const guard_ok_idents[] = {
	"lnr_leaf",	  "lnr_and",   "lnr_or",	 "lnr_not",	   "LNR_T",
	"LNR_F",	  "LNR_U",     "LNR_STR_EQ",	 "LNR_STR_PREFIX", "LNR_STR_SUFFIX",
	"LNR_PATH_UNDER", "LNR_ST_OK", "LNR_ST_MISSING", "LNR_ST_UNK",	   NULL,
};

bool guard_expr_inline(const char *e)
{
	for (const char *s = e; *s;) {
		if (!(isalpha((unsigned char)*s) || *s == '_')) {
			s++;
			continue;
		}
		const char *b = s;
		while (isalnum((unsigned char)*s) || *s == '_')
			s++;
		size_t n = (size_t)(s - b);
		if (n < 4 || (strncmp(b, "lnr_", 4) && strncmp(b, "LNR_", 4)))
			continue;
		bool ok = false;
		for (size_t i = 0; guard_ok_idents[i] && !ok; i++)
			ok = strlen(guard_ok_idents[i]) == n && !strncmp(guard_ok_idents[i], b, n);
		if (!ok)
			return false;
	}
	return true;
}

/* The leaf id of conjunct c of rule function r when it can be a guard; -1 otherwise. A negated
 * conjunct (an exception list) is seldom FALSE: not a guard. named: the rule has a bit in the
 * proc.name mask, which already decides its proc.name equality tests. */
static long guard_leaf(const struct plan *pl, const struct plan_rule *r, const struct kpred *c,
		       bool named)
{
	if (c->kind != KP_LEAF)
		return -1;
	long k = plan_leaf_id(pl, c, r->evt);
	if (k < 0)
		return -1;
	const struct plan_leaf *l = &pl->leaves[k];
	if (!l->expr || (l->lazy & ~(unsigned)(LZ_PV | LZ_EXE)) || l->nneedles ||
	    !guard_expr_inline(l->expr))
		return -1;
	/* a long list of names stays in the rule's function: as a guard every event would
	 * compare them all (gen/plan_names.c leaves the short ones to guards) */
	if ((named || kc_rhs_count(c->check) > PLAN_NMASK_INLINE) &&
	    !strncmp(l->expr, "lnr_leaf(fv->proc_name.st, ", 27) &&
	    (c->check->op == OP_EQ || c->check->op == OP_IN))
		return -1;
	return k;
}

static size_t guard_index(struct guards *g, long leaf)
{
	for (size_t j = 0; j < g->n; j++)
		if (g->leaf[j] == leaf)
			return j;
	if (g->n == GUARDS_MAX)
		return GUARDS_MAX;
	g->leaf[g->n] = leaf;
	return g->n++;
}

void guards_plan(struct guards *g, const struct plan *pl, const struct plan_prog *pp, size_t first,
		 size_t end)
{
	memset(g, 0, sizeof(*g));
	g->first = first;
	g->end = end;
	g->tests = xcalloc(end - first + 1, sizeof(*g->tests));
	size_t guarded = 0, part = plan_part_of(pp, first);
	for (size_t i = first; i < end; i++) {
		if (pp->fn[i] < 0 || (pp->dp.n && pp->dp.grp[i]))
			continue;
		const struct plan_rule *r = &pl->rules[pp->fn[i]];
		const struct kpred *p = r->pe->pred;
		size_t nc = p->kind == KP_AND ? p->nkids : 1;
		struct guard_test *t = &g->tests[i - first];
		bool named = plan_name_bit(pp, part, i) >= 0;
		for (size_t c = 0; c < nc && t->n < GUARDS_PER_RULE; c++) {
			long k = guard_leaf(pl, r, p->kind == KP_AND ? p->kids[c] : p, named);
			if (k < 0)
				continue;
			size_t j = guard_index(g, k);
			if (j == GUARDS_MAX)
				continue;
			t->idx[t->n++] = j;
		}
		guarded += t->n > 0;
	}
	if (guarded < 2) { /* one rule: its own function tests the same first; no second copy */
		free(g->tests);
		memset(g, 0, sizeof(*g));
		g->first = first;
		g->end = end;
		g->tests = xcalloc(end - first + 1, sizeof(*g->tests));
	}
}

void guards_free(struct guards *g)
{
	free(g->tests);
	memset(g, 0, sizeof(*g));
}

static bool test_has(const struct guard_test *t, size_t j)
{
	for (size_t c = 0; c < t->n; c++)
		if (t->idx[c] == j)
			return true;
	return false;
}

static size_t guard_uses(const struct guards *g, size_t j)
{
	size_t n = 0;
	for (size_t p = 0; p < g->end - g->first; p++)
		n += test_has(&g->tests[p], j);
	return n;
}

/* An earlier guard that every rule testing guard j also tests, or GUARDS_MAX: when that one is
 * FALSE, each rule reading j is skipped whatever j is, so j need not be computed (a read-only
 * open's "is a write" guard spares the write rules' path compares). Of several, the one fewest
 * rules test: the narrowest condition, the likeliest FALSE. */
static size_t guard_dominator(const struct guards *g, size_t j)
{
	size_t best = GUARDS_MAX, best_uses = 0;
	for (size_t i = 0; i < j; i++) {
		bool all = true, any = false;
		for (size_t p = 0; p < g->end - g->first && all; p++) {
			const struct guard_test *t = &g->tests[p];
			if (!test_has(t, j))
				continue;
			any = true;
			all = test_has(t, i);
		}
		size_t u = all && any ? guard_uses(g, i) : 0;
		if (u && (best == GUARDS_MAX || u <= best_uses)) {
			best = i;
			best_uses = u;
		}
	}
	return best;
}

void guards_put_head(struct emit *em, const struct guards *g)
{
	struct strbuf *o = em->o;
	if (!g->n)
		return;
	sb_add(o, "\t/* guards: conjuncts of the rules below, tested once (a rule one of them "
		  "makes FALSE\n\t * is FALSE: no call) */\n");
	bool need = false;
	unsigned lz = 0; /* the process values the guards read: one lnr_need for all */
	for (size_t j = 0; j < g->n; j++)
		lz |= em->pl->leaves[g->leaf[j]].lazy;
	for (size_t j = 0; j < g->n; j++) {
		const struct plan_leaf *l = &em->pl->leaves[g->leaf[j]];
		if (l->lazy && !need) {
			sb_addf(o,
				"\t/* the process's values (a guard reads them) */\n"
				"\tif (fv->lz & %uu)\n\t\tlnr_need(%uu);\n",
				lz, lz);
			need = true;
		}
		char *t = ast_print(l->p->check);
		sb_add(o, "\t/* ");
		put_comment_text(o, t ? t : "?");
		free(t);
		size_t d = guard_dominator(g, j);
		if (d < GUARDS_MAX)
			sb_addf(o,
				" (its rules all need guard %zu) */\n\tLNR_G_SET(fv, %zu, "
				"LNR_G(fv, %zu) == LNR_F ? LNR_F : %s);\n",
				d, j, d, l->expr);
		else
			sb_addf(o, " */\n\tLNR_G_SET(fv, %zu, %s);\n", j, l->expr);
	}
}

/* "if (<pre> && <every guard of the rule at position pos allows it> && <post>)\n<ind>" or
 * nothing; pre: another condition (the proc.name mask's bit) or NULL; post: one tested after
 * the guards (the path prefix test, a few instructions more than a guard) or NULL. */
void guards_put_test(struct emit *em, const struct guards *g, size_t pos, const char *pre,
		     const char *post, const char *ind)
{
	bool any = pos >= g->first && pos < g->end && g->tests[pos - g->first].n;
	if (!any && !pre && !post)
		return;
	struct strbuf *o = em->o;
	sb_addf(o, "if (%s", pre ? pre : "");
	bool lead = pre != NULL;
	for (size_t c = 0; any && c < g->tests[pos - g->first].n; c++, lead = true)
		sb_addf(o, "%sLNR_G(fv, %zu) != LNR_F", lead ? " && " : "",
			g->tests[pos - g->first].idx[c]);
	if (post)
		sb_addf(o, "%s(%s)", lead ? " && " : "", post);
	sb_addf(o, ")\n%s\t", ind);
}

bool guards_any(const struct plan *pl)
{
	bool any = false;
	for (size_t p = 0; p < pl->nprogs && !any; p++) {
		const struct plan_prog *pp = &pl->progs[p];
		for (size_t k = 0; k < pp->nparts && !any; k++) {
			struct guards g;
			guards_plan(&g, pl, pp, pp->parts[k].first, pp->parts[k].end);
			any = g.n > 0;
			guards_free(&g);
		}
	}
	return any;
}
