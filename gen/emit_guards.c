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
 * it is set FALSE: each rule reading it is skipped by the earlier one anyway). So such a guard is
 * FALSE whenever the earlier one is, and a rule's test leaves out the guards on the chain of
 * earlier ones of a guard it tests: a read-only open's write rules test "is a write" alone, not
 * "is a file", "fd.num >= 0" and "is a write" one after the other.
 *
 * The guards that read no process value come first; those that do (proc.name, container.id:
 * lnr_need's process-map lookup and copies) are computed only when one of their rules can still
 * hold on what the filter has without the process: its other guards, its path prefix test and
 * what its remaining conjuncts that read no process value allow (local_maybe: a negated list of
 * prefixes, the first 8 bytes of a long `contains` needle). Otherwise they are set FALSE, which
 * changes no verdict: each rule reading them is skipped by one of those tests anyway (Kleene AND
 * is commutative; the tests only ever say FALSE when the conjunct is FALSE). An open of a library
 * by the dynamic loader then costs no process-map lookup for "Backdoored library loaded into
 * SSHD" (proc.name = sshd) or "Exfiltrating Artifacts via Kubernetes Control Plane"
 * (container.id != host, not below /etc, /lib, /usr...).
 */
#include "emit_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "fields.h"
#include "shared_definitions/limits.h"

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
	if (!l->expr || (l->lazy & ~(unsigned)(LZ_PV | LZ_PVX | LZ_EXE)) || l->nneedles ||
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

/* The leaf expression of p when a test of it before the process's values costs a few
 * instructions: inline compares of fetched values only. */
static const char *local_leaf_expr(const struct plan *pl, const struct kpred *p, int evt)
{
	long k = plan_leaf_id(pl, p, evt);
	if (k < 0)
		return NULL;
	const struct plan_leaf *l = &pl->leaves[k];
	if (!l->expr || l->lazy)
		return NULL;
	return l->expr;
}

/* `X contains N` of a string value the filter fetched (the field compared as it is, no
 * transformer, case-sensitive, not proc.env): X holds N only if it holds N's first (up to) 8
 * bytes, which the word scan (rules/strings.h lnr_wcontains) looks for when X is whole and at
 * most 64 bytes long; a longer N costs the string kfunc or a callback per byte. The expression is
 * 1 whenever the leaf can be other than FALSE. Decided on the check and the leaf's kernel
 * description, not on the C printed for it; the bytes are a literal (the filter may be compiled
 * without the needles). */
static char *local_contains_maybe(const struct plan *pl, const struct kpred *p, int evt)
{
	const struct ast *a = p->check;
	struct member m;
	size_t n = 0;
	long k = plan_leaf_id(pl, p, evt);
	if (!a || a->op != OP_CONTAINS || a->mod != MOD_NONE || !a->lhs ||
	    a->lhs->kind != OPND_FIELD || !a->rhs || a->rhs->kind != OPND_STRING || k < 0 ||
	    !pl->leaves[k].expr || !p->leaf.cap || !leaf_member(p, evt, &m) || m.kind != MK_STR ||
	    m.fid == F_PROC_ENV || member_lazy(&m))
		return NULL;
	const char *sv = kc_rhs_str(a, 0, &n);
	if (!sv || n == 0 || n >= (size_t)m.size)
		return NULL;
	size_t w = n < 8 ? n : 8;
	char lit[8 * 4 + 1];
	for (size_t i = 0; i < w; i++)
		snprintf(lit + 4 * i, 5, "\\x%02x", (unsigned char)sv[i]);
	return xasprintf("(fv->%s.st != LNR_ST_OK || !LNR_WSCAN_OK(fv->%s.s, fv->%s.len, %zu, %d) "
			 "|| lnr_wcontains(fv->%s.s, fv->%s.len, \"%s\", %zu))",
			 m.name, m.name, m.name, w, LANNER_MAX_CONTAINS_SCAN, m.name, m.name, lit,
			 w);
}

#define LOCAL_MAX_LEAVES 8 /* more compares: about what the process's values cost */

static char *join(char *a, const char *op, char *b)
{
	if (!a)
		return b;
	char *r = xasprintf("%s %s %s", a, op, b);
	free(a);
	free(b);
	return r;
}

/* A C expression that is 1 whenever p's Kleene value can be other than `want` (LNR_F or
 * LNR_T), reading only values the filter has before lnr_need; NULL when there is none (p may
 * be anything). *budget: leaves left to test; *npos: counts the leaves tested for "not FALSE"
 * (a positive test: seldom passed by an event no rule matches). */
static char *local_maybe(const struct plan *pl, const struct kpred *p, int evt, bool want_f,
			 int *budget, int *npos)
{
	const char *w = want_f ? "LNR_F" : "LNR_T";
	switch (p->kind) {
	case KP_CONST:
		return (p->value == TV_FALSE) == want_f && p->value != TV_UNKNOWN ? xstrdup("0")
										  : NULL;
	case KP_LEAF: {
		const char *e = local_leaf_expr(pl, p, evt);
		if (!e || *budget <= 0)
			return NULL;
		/* lnr_leaf_ns (rules/rt.h: lnr_leaf after a state test) is inline too */
		bool ns = !strncmp(e, "lnr_leaf_ns(", 12);
		if (guard_expr_inline(ns ? e + 11 : e)) {
			--*budget;
			*npos += want_f;
			return xasprintf("%s != %s", e, w);
		}
		if (!want_f)
			return NULL;
		char *c = local_contains_maybe(pl, p, evt);
		if (c) {
			--*budget;
			++*npos;
		}
		return c;
	}
	case KP_NOT:
		return local_maybe(pl, p->kids[0], evt, !want_f, budget, npos);
	case KP_AND:
	case KP_OR: {
		/* AND is FALSE when one operand is (each operand's own test narrows: any subset
		 * will do), TRUE only when all are (every operand must be tested); OR the other
		 * way round */
		bool any_op = (p->kind == KP_AND) == want_f;
		char *r = NULL;
		for (size_t i = 0; i < p->nkids; i++) {
			char *k = local_maybe(pl, p->kids[i], evt, want_f, budget, npos);
			if (!k && !any_op) {
				free(r);
				return NULL;
			}
			if (k)
				r = join(r, any_op ? "&&" : "||", xasprintf("(%s)", k));
			free(k);
		}
		return r;
	}
	}
	return NULL;
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

static void guards_reset(struct guards *g)
{
	for (size_t p = 0; g->tests && p < g->end - g->first; p++)
		free(g->tests[p].local);
	free(g->tests);
	size_t first = g->first, end = g->end;
	memset(g, 0, sizeof(*g));
	g->first = first;
	g->end = end;
	g->tests = xcalloc(end - first + 1, sizeof(*g->tests));
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Renumbers the guards: those reading no process value first (in their order), then the
 * others; each rule tests its guards in that order. */
static void guards_local_first(struct guards *g, const struct plan *pl)
{
	size_t to[GUARDS_MAX], n = 0;
	long leaf[GUARDS_MAX];
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < g->n; j++)
			if ((pl->leaves[g->leaf[j]].lazy != 0) == (pass == 1)) {
				to[j] = n;
				leaf[n++] = g->leaf[j];
				g->nlocal += pass == 0;
			}
	memcpy(g->leaf, leaf, sizeof(leaf));
	for (size_t p = 0; p < g->end - g->first; p++) {
		struct guard_test *t = &g->tests[p];
		for (size_t c = 0; c < t->n; c++)
			t->idx[c] = to[t->idx[c]];
		qsort(t->idx, t->n, sizeof(t->idx[0]), cmp_size);
	}
}

static size_t guard_dominator(const struct guards *g, size_t j);

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
		int budget = LOCAL_MAX_LEAVES, npos = 0;
		for (size_t c = 0; c < nc; c++) {
			const struct kpred *q = p->kind == KP_AND ? p->kids[c] : p;
			long k = t->n < GUARDS_PER_RULE ? guard_leaf(pl, r, q, named) : -1;
			size_t j = k < 0 ? GUARDS_MAX : guard_index(g, k);
			if (j < GUARDS_MAX) {
				t->idx[t->n++] = j;
				continue;
			}
			char *m = local_maybe(pl, q, r->evt, true, &budget, &npos);
			if (m)
				t->local = join(t->local, "&&", xasprintf("(%s)", m));
			free(m);
		}
		t->px = plan_path_test(pp, i);
		t->likely = !t->px && !npos;
		guarded += t->n > 0;
	}
	if (guarded < 2) { /* one rule: its own function tests the same first; no second copy */
		guards_reset(g);
		return;
	}
	guards_local_first(g, pl);
	for (size_t j = 0; j < g->n; j++)
		g->dom[j] = guard_dominator(g, j);
}

void guards_free(struct guards *g)
{
	guards_reset(g);
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

static void put_guard(struct emit *em, const struct guards *g, size_t j, const char *ind)
{
	struct strbuf *o = em->o;
	const struct plan_leaf *l = &em->pl->leaves[g->leaf[j]];
	char *t = ast_print(l->p->check);
	sb_addf(o, "%s/* ", ind);
	put_comment_text(o, t ? t : "?");
	free(t);
	size_t d = g->dom[j];
	if (d < GUARDS_MAX)
		sb_addf(o,
			" (its rules all need guard %zu) */\n%sLNR_G_SET(fv, %zu, "
			"LNR_G(fv, %zu) == LNR_F ? LNR_F : %s);\n",
			d, ind, j, d, l->expr);
	else
		sb_addf(o, " */\n%sLNR_G_SET(fv, %zu, %s);\n", ind, j, l->expr);
}

/* Does a guard of test t other than guard j, one of those numbered below `below`, imply j (j is
 * on its chain of dominators: it is computed FALSE whenever j is)? Then testing j as well
 * decides nothing: a rule's test leaves it out. */
static bool guard_implied(const struct guards *g, const struct guard_test *t, size_t j,
			  size_t below)
{
	for (size_t c = 0; c < t->n; c++) {
		size_t k = t->idx[c];
		if (k == j || k >= below)
			continue;
		for (size_t d = g->dom[k]; d < GUARDS_MAX; d = g->dom[d])
			if (d == j)
				return true;
	}
	return false;
}

/* Distinct rule tests in the condition: past this many, the condition would cost about what
 * lnr_need does, and it adds its code to a filter near the verifier's limits (a split part) */
#define NEED_TERMS_MAX 12

/* The condition under which a guard reading process values is computed: some rule reading one
 * can still hold (its other guards, its path test, its other conjuncts' local tests); NULL
 * when one such rule has nothing to test before the process's values, or when more than
 * NEED_TERMS_MAX rules would be tested. */
static char *need_condition(const struct guards *g)
{
	struct strbuf c = {0};
	size_t terms = 0;
	/* the terms likely TRUE first (no path test, no positive test but the guards': "not below
	 * /etc, /lib, ..."), as one of them holds on most events and ends the test there */
	for (size_t q = 0; q < 2 * (g->end - g->first); q++) {
		size_t p = q % (g->end - g->first);
		const struct guard_test *t = &g->tests[p];
		if (t->likely != (q < g->end - g->first))
			continue;
		bool reads = false;
		for (size_t k = 0; k < t->n; k++)
			reads |= t->idx[k] >= g->nlocal;
		if (!reads)
			continue;
		struct strbuf term = {0};
		for (size_t k = 0; k < t->n; k++)
			if (t->idx[k] < g->nlocal && !guard_implied(g, t, t->idx[k], g->nlocal))
				sb_addf(&term, "%sLNR_G(fv, %zu) != LNR_F", term.len ? " && " : "",
					t->idx[k]);
		if (t->px)
			sb_addf(&term, "%s(%s)", term.len ? " && " : "", t->px);
		if (t->local)
			sb_addf(&term, "%s%s", term.len ? " && " : "", t->local);
		if (!term.len) {
			sb_free(&term);
			sb_free(&c);
			return NULL;
		}
		/* rules with the same tests: one term */
		char *ts = sb_detach(&term);
		char *dup = xasprintf("(%s)", ts);
		bool seen = c.len && strstr(sb_str(&c), dup) != NULL;
		if (!seen)
			sb_addf(&c, "%s\n\t    %s", terms++ ? " ||" : "", dup);
		free(dup);
		free(ts);
		if (terms > NEED_TERMS_MAX) {
			sb_free(&c);
			return NULL;
		}
	}
	return sb_detach(&c);
}

void guards_put_head(struct emit *em, const struct guards *g)
{
	struct strbuf *o = em->o;
	if (!g->n)
		return;
	sb_add(o, "\t/* guards: conjuncts of the rules below, tested once (a rule one of them "
		  "makes FALSE\n\t * is FALSE: no call) */\n");
	for (size_t j = 0; j < g->nlocal; j++)
		put_guard(em, g, j, "\t");
	if (g->nlocal == g->n)
		return;
	unsigned lz = 0; /* the process values the guards read: one lnr_need for all */
	for (size_t j = g->nlocal; j < g->n; j++)
		lz |= em->pl->leaves[g->leaf[j]].lazy;
	/* the name and container id alone: the inlined copy (gen/emit_fetch.c lnr_need_head) */
	char need[48];
	if (lz == LZ_PV)
		snprintf(need, sizeof(need), "lnr_need_head(fv)");
	else
		snprintf(need, sizeof(need), "lnr_need(%uu)", lz);
	char *cond = need_condition(g);
	if (!cond) {
		sb_addf(o,
			"\t/* the process's values (a guard reads them) */\n"
			"\tif (fv->lz & %uu)\n\t\t%s;\n",
			lz, need);
		for (size_t j = g->nlocal; j < g->n; j++)
			put_guard(em, g, j, "\t");
		return;
	}
	sb_addf(o,
		"\t/* the process's values (guards below read them), when a rule reading them can "
		"still\n\t * hold; else those guards are FALSE (their rules are skipped anyway) "
		"*/\n"
		"\tif (%s) {\n\t\tif (fv->lz & %uu)\n\t\t\t%s;\n",
		cond, lz, need);
	free(cond);
	for (size_t j = g->nlocal; j < g->n; j++)
		put_guard(em, g, j, "\t\t");
	sb_add(o, "\t} else {\n");
	for (size_t j = g->nlocal; j < g->n; j++)
		sb_addf(o, "\t\tLNR_G_SET(fv, %zu, LNR_F);\n", j);
	sb_add(o, "\t}\n");
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
	const struct guard_test *t = any ? &g->tests[pos - g->first] : NULL;
	for (size_t c = 0; any && c < t->n; c++) {
		if (guard_implied(g, t, t->idx[c], GUARDS_MAX))
			continue;
		sb_addf(o, "%sLNR_G(fv, %zu) != LNR_F", lead ? " && " : "", t->idx[c]);
		lead = true;
	}
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
