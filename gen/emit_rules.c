/* emit_rules.c — printers of the rule side: contains needles, leaf functions, rule functions
 * (one per distinct kernel part, Kleene logic), the per-event filters that record every rule's
 * verdict, the fd.name dispatch maps and the close gate. What exists and who calls it is the
 * plan's (plan.h); a global function no kernel program calls is printed for the host build only.
 */
#include "emit_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "fields.h"
#include "shared_definitions/limits.h"

/* ---- needles and leaves ---------------------------------------------------------------------- */

static void put_needle(struct strbuf *o, size_t k, const struct plan_needle *d)
{
	sb_addf(o, "/* %s \"", d->fold ? "icontains (lower case)" : "contains");
	put_comment_text(o, d->s);
	sb_addf(o, "\" in %s */\n", d->member);
	if (!d->kernel)
		sb_add(o, "#ifdef LNR_HOST\n");
	/* in .rodata by name: left to itself clang may put a needle it only reads byte by byte in
	 * the mergeable-string section, whose BTF the kernel refuses (two variables at one offset)
	 */
	sb_addf(o,
		"static const char lnr_nd%zu[] __attribute__((unused, section(\".rodata\"))) = \"",
		k);
	for (size_t i = 0; i < d->n; i++)
		put_cstr_char(o, (unsigned char)d->s[i]);
	sb_add(o, "\";\n");
	/* the scan without the string kfunc (rules/strings.h): a bpf_loop callback; over proc.env
	 * the word-skip step of rules/env_scan.h (its position in the context, not the index) */
	if (d->env)
		sb_addf(o,
			"static long lnr_cb%zu(__u32 i, void *ctx)\n{\n\tstruct lnr_fv *fv = "
			"LNR_FV();\n\t(void)i;\n\tif (!fv)\n\t\treturn 1;\n"
			"\treturn lnr_env_step(ctx, fv->%s.s, %d, lnr_nd%zu, %zu, %d);\n}\n",
			k, d->member, d->msize - 1, k, d->n, d->fold ? 1 : 0);
	else
		sb_addf(o,
			"static long lnr_cb%zu(__u32 i, void *ctx)\n{\n\tstruct lnr_scan *sc = "
			"ctx;\n"
			"\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv || i + %zu > "
			"sc->end)\n\t\treturn 1;\n"
			"\tsc->found = %s(fv->%s.s, %d, i, lnr_nd%zu, %zu);\n"
			"\treturn sc->found;\n}\n",
			k, d->n, d->fold ? "lnr_ibytes_at" : "lnr_bytes_at", d->member,
			d->msize - 1, k, d->n);
	if (!d->kernel)
		sb_add(o, "#endif\n");
	sb_add(o, "\n");
}

static void put_leaf_comment(struct strbuf *o, const struct plan_leaf *l)
{
	char *t = ast_print(l->p->check);
	sb_add(o, "/* ");
	put_comment_text(o, t ? t : "?");
	free(t);
	sb_addf(o, " [%s] */\n", kc_verdict_name(l->p->leaf.verdict));
}

/* Leaf k: a global function lnr_l<k> (verified once: the rule functions see an opaque result,
 * no path multiplication, and clang cannot thread constants across leaves); for compact rule
 * functions the same code as lnr_leaf<k>, inlined into them. */
static void put_leaf_fn(struct strbuf *o, size_t k, const struct plan_leaf *l)
{
	put_leaf_comment(o, l);
	if (l->inlined) {
		sb_addf(o, "static __always_inline int lnr_leaf%zu(struct lnr_fv *fv)\n{\n", k);
		sb_addf(o, "\treturn %s;\n}\n", l->expr);
	}
	if (!l->global) {
		sb_add(o, "\n");
		return;
	}
	if (!l->kernel_global)
		sb_add(o, "#ifdef LNR_HOST /* no kernel program calls it */\n");
	sb_addf(o,
		"LNR_NOINLINE int lnr_l%zu(LNR_LEAF_PARAMS)\n{\n\tLNR_LEAF_FV\n\tif "
		"(!fv)\n\t\treturn "
		"LNR_U;\n",
		k);
	if (l->inlined)
		sb_addf(o, "\treturn lnr_leaf%zu(fv);\n}\n", k);
	else
		sb_addf(o, "\treturn %s;\n}\n", l->expr);
	if (!l->kernel_global)
		sb_add(o, "#endif\n");
	sb_add(o, "\n");
}

void put_needles_and_leaves(struct emit *em)
{
	const struct plan *pl = em->pl;
	bool *done = xcalloc(pl->nneedles + 1, 1);
	for (size_t k = 0; k < pl->nleaves; k++) {
		const struct plan_leaf *l = &pl->leaves[k];
		if (!l->expr || (!l->global && !l->inlined))
			continue;
		for (size_t j = 0; j < l->nneedles; j++)
			if (!done[l->needles[j]]) {
				done[l->needles[j]] = true;
				put_needle(em->o, l->needles[j], &pl->needles[l->needles[j]]);
			}
		put_leaf_fn(em->o, k, l);
	}
	free(done);
}

/* ---- rule functions -------------------------------------------------------------------------- */

static void put_pred(struct emit *em, const struct plan_rule *r, const struct kpred *p, int var,
		     int depth);

static void put_pred_leaf(struct emit *em, const struct plan_rule *r, const struct kpred *p,
			  int var, const char *ind)
{
	struct strbuf *o = em->o;
	char *t = ast_print(p->check);
	sb_addf(o, "%s/* ", ind);
	put_comment_text(o, t ? t : "?");
	sb_addf(o, " [%s] */\n", kc_verdict_name(p->leaf.verdict));
	free(t);
	long k = plan_leaf_id(em->pl, p, r->evt);
	const struct plan_leaf *l = k >= 0 ? &em->pl->leaves[k] : NULL;
	if (!l || !l->expr) {
		sb_addf(o, "%sv%d = LNR_U; /* not evaluated in the kernel */\n", ind, var);
		return;
	}
	/* a leaf that walks up the ancestors asks for the levels its OR's other leaves read too:
	 * one walk instead of one per leaf (an OR that matches nothing reads them all) */
	unsigned want = l->lazy | (l->lazy & LZ_WALK ? em->walk : 0);
	if (want)
		sb_addf(o, "%sif (fv->lz & %uu)\n%s\tlnr_need(%uu);\n", ind, l->lazy, ind, want);
	/* a leaf function takes fv where global functions may take pointers (rules/rt.h) */
	sb_addf(o, "%sv%d = LNR_K(fv, lnr_%s%ld(%s));\n", ind, var, r->compact ? "leaf" : "l", k,
		r->compact ? "fv" : "LNR_LEAF_ARGS(fv)");
}

static void put_pred_nary(struct emit *em, const struct plan_rule *r, const struct kpred *p,
			  int var, int depth, const char *ind)
{
	struct strbuf *o = em->o;
	bool and = p->kind == KP_AND;
	int k = ++em->nvar;
	sb_addf(o, "%sv%d = %s;\n%sdo {\n%s\t__s8 v%d;\n", ind, var, and? "LNR_T" : "LNR_F", ind,
		ind, k);
	size_t *ord = xcalloc(p->nkids + 1, sizeof(size_t));
	pred_order(em->pl, p, r->evt, ord); /* the cheapest likely decider first */
	unsigned outer = em->walk;
	em->walk = 0;
	for (size_t i = 0; !and&&i < p->nkids; i++) {
		long k =
			p->kids[i]->kind == KP_LEAF ? plan_leaf_id(em->pl, p->kids[i], r->evt) : -1;
		if (k >= 0 && em->pl->leaves[k].expr)
			em->walk |= em->pl->leaves[k].lazy & LZ_WALK;
	}
	for (size_t i = 0; i < p->nkids; i++) {
		put_pred(em, r, p->kids[ord[i]], k, depth + 1);
		sb_addf(o, "%s\tv%d = LNR_K(fv, lnr_%s(v%d, v%d));\n", ind, var, and? "and" : "or",
			var, k);
		if (i + 1 < p->nkids)
			sb_addf(o, "%s\tif (v%d == %s)\n%s\t\tbreak;\n", ind, var,
				and? "LNR_F" : "LNR_T", ind);
	}
	free(ord);
	em->walk = outer;
	sb_addf(o, "%s} while (0);\n", ind);
}

/* ---- shared conjuncts ------------------------------------------------------------------------ */

/* The nodes factor_or makes (the leaves stay borrowed from the rule's tree). */
struct knodes {
	struct kpred **v;
	size_t n, cap;
};

static struct kpred *knode(struct knodes *a, enum kp_kind kind, size_t nkids)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 8;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	struct kpred *q = xcalloc(1, sizeof(*q));
	q->kind = kind;
	q->value = TV_TRUE; /* a KP_CONST: the AND of no conjuncts */
	q->kids = nkids ? xcalloc(nkids, sizeof(*q->kids)) : NULL;
	a->v[a->n++] = q;
	return q;
}

static void knodes_free(struct knodes *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i]->kids);
		free(a->v[i]);
	}
	free(a->v);
}

/* The leaf id of a conjunct the kernel evaluates, else -1. */
static long conj_leaf(const struct emit *em, const struct kpred *p, int evt)
{
	if (p->kind != KP_LEAF)
		return -1;
	long k = plan_leaf_id(em->pl, p, evt);
	return k >= 0 && em->pl->leaves[k].expr ? k : -1;
}

/* The position of the first conjunct of the AND a with leaf id k, or -1. */
static long conj_at(const struct emit *em, const struct kpred *a, long k, int evt)
{
	if (a->kind != KP_AND)
		return -1;
	for (size_t i = 0; i < a->nkids; i++)
		if (conj_leaf(em, a->kids[i], evt) == k)
			return (long)i;
	return -1;
}

/* An OR whose ANDs share a conjunct A, a leaf printed the same in each (one leaf id: the same
 * test of the same value): (A and B) or (A and C) or D becomes (A and (B or C)) or D. Kleene AND
 * and OR are min and max on F < U < T and distribute over each other as the two-valued ones do,
 * so the value is the same for every input; A is evaluated once, and a FALSE A skips B and C
 * (Execution from /dev/shm tested proc.name in (ash, bash, ...) three times on every exec). The
 * conjunct shared by the most ANDs is taken (the first such on a tie); the result is the tree to
 * print in p's place, its new nodes in a, or NULL when no two ANDs share a leaf. */
static const struct kpred *factor_or(const struct emit *em, const struct kpred *p, int evt,
				     struct knodes *a)
{
	long best = -1;
	size_t nbest = 1;
	for (size_t i = 0; i < p->nkids; i++) {
		const struct kpred *x = p->kids[i];
		for (size_t j = 0; x->kind == KP_AND && j < x->nkids; j++) {
			long k = conj_leaf(em, x->kids[j], evt);
			if (k < 0 || conj_at(em, x, k, evt) != (long)j)
				continue; /* not a kernel leaf, or seen earlier in this AND */
			size_t n = 1;
			for (size_t m = i + 1; m < p->nkids; m++)
				n += conj_at(em, p->kids[m], k, evt) >= 0;
			if (n > nbest) {
				best = k;
				nbest = n;
			}
		}
	}
	if (best < 0)
		return NULL;
	struct kpred *rest = knode(a, KP_OR, nbest), *and = knode(a, KP_AND, 2);
	struct kpred *q = nbest < p->nkids ? knode(a, KP_OR, p->nkids - nbest + 1) : and;
	for (size_t i = 0; i < p->nkids; i++) {
		struct kpred *x = p->kids[i];
		long at = conj_at(em, x, best, evt);
		if (at < 0) {
			q->kids[q->nkids++] = x;
			continue;
		}
		if (!rest->nkids) { /* the first: A, and the new AND where this operand stood */
			and->kids[0] = x->kids[at];
			and->kids[1] = rest;
			and->nkids = 2;
			if (q != and)
				q->kids[q->nkids++] = and;
		}
		/* this operand without A: its one other conjunct, the AND of the others, or TRUE */
		struct kpred *y = x->nkids == 2 ? x->kids[at == 0] : NULL;
		if (!y) {
			y = knode(a, x->nkids > 1 ? KP_AND : KP_CONST, x->nkids - 1);
			for (size_t j = 0; j < x->nkids; j++)
				if ((long)j != at)
					y->kids[y->nkids++] = x->kids[j];
		}
		rest->kids[rest->nkids++] = y;
	}
	return q;
}

/* Prints the evaluation of p into variable v<var> (statements, Kleene logic, early exit). */
static void put_pred(struct emit *em, const struct plan_rule *r, const struct kpred *p, int var,
		     int depth)
{
	struct strbuf *o = em->o;
	char ind[64];
	int d = depth < 60 ? depth : 60;
	memset(ind, '\t', (size_t)d);
	ind[d] = 0;
	switch (p->kind) {
	case KP_CONST:
		sb_addf(o, "%sv%d = %s;\n", ind, var,
			p->value == TV_TRUE    ? "LNR_T"
			: p->value == TV_FALSE ? "LNR_F"
					       : "LNR_U");
		return;
	case KP_LEAF:
		put_pred_leaf(em, r, p, var, ind);
		return;
	case KP_NOT: {
		int k = ++em->nvar;
		sb_addf(o, "%s{\n%s\t__s8 v%d;\n", ind, ind, k);
		put_pred(em, r, p->kids[0], k, depth + 1);
		sb_addf(o, "%s\tv%d = LNR_K(fv, lnr_not(v%d));\n%s}\n", ind, var, k, ind);
		return;
	}
	case KP_OR: {
		struct knodes a = {0};
		const struct kpred *q = factor_or(em, p, r->evt, &a);
		if (q) {
			sb_addf(o,
				"%s/* (A and B) or (A and C) as A and (B or C): the shared A "
				"tested once */\n",
				ind);
			put_pred(em, r, q, var, depth);
			knodes_free(&a);
			return;
		}
		put_pred_nary(em, r, p, var, depth, ind);
		return;
	}
	case KP_AND:
		put_pred_nary(em, r, p, var, depth, ind);
		return;
	}
}

static void put_rule_fn(struct emit *em, size_t k, const struct plan_rule *r)
{
	struct strbuf *o = em->o;
	const struct pd_entry *pe = r->pe;
	em->nvar = 0;
	sb_addf(o, "/* rule %zu: \"", pe->rule_index);
	put_comment_text(o, pe->rule->name);
	sb_add(o, "\"\n *   kernel part: ");
	char *kt = kpred_print(pe->pred);
	put_comment_text(o, kt ? kt : "?");
	free(kt);
	sb_addf(o, "\n *   %s%s */\n",
		pe->exact	      ? "decided wholly in the kernel"
		: pe->fully_in_kernel ? "decided in the kernel when the values are whole"
				      : "UNKNOWN parts are decided in userspace",
		r->compact ? "; leaves inlined (program budget)" : "");
	if (!r->kernel)
		sb_add(o, "#ifdef LNR_HOST /* no kernel program calls it (fd.name dispatch) */\n");
	sb_addf(o, "LNR_NOINLINE int lnr_r%zu(void)\n{\n", k);
	sb_add(o, "\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)\n\t\treturn LNR_U;\n\t__s8 v0;\n");
	put_pred(em, r, pe->pred, 0, 1);
	sb_add(o, "\treturn v0;\n}\n");
	if (!r->kernel)
		sb_add(o, "#endif\n");
	sb_add(o, "\n");
}

void put_rule_functions(struct emit *em)
{
	for (size_t k = 0; k < em->pl->nrules; k++) {
		size_t before = em->o->len;
		put_rule_fn(em, k, &em->pl->rules[k]);
		em->rule_bytes[em->pl->rules[k].pe->rule_index] += em->o->len - before;
	}
}

/* Part 1 of a split compile calls the rule functions part 2 defines. */
void put_rule_decls(struct emit *em)
{
	for (size_t k = 0; k < em->pl->nrules; k++)
		if (em->pl->rules[k].kernel)
			sb_addf(em->o, "int lnr_r%zu(void);\n", k);
}

/* ---- per-event filters ----------------------------------------------------------------------- */

/* What one printed function of a filter covers: the rule positions [first, end) of part k, the
 * record header expression, and how "every rule UNKNOWN" returns. */
struct fpart {
	size_t k, first, end;
	bool last, exec;
	const char *h; /* the record header */
};

static void put_unknown(struct strbuf *o, const struct fpart *fp, const char *ind)
{
	if (fp->exec)
		sb_addf(o, "{\n%s\tlnr_verdict_all_unknown(%s);\n%s\treturn;\n%s}\n", ind, fp->h,
			ind, ind);
	else
		sb_addf(o, "\n%s\treturn lnr_verdict_all_unknown(%s);\n", ind, fp->h);
}

/* The group's hit: the rule at position hit-1 is the only one of the group that can match (a
 * position of this part). */
static void put_hit(struct emit *em, const struct plan_prog *pp, const struct fpart *fp,
		    const char *ind)
{
	struct strbuf *o = em->o;
	const struct pd_event *ev = pp->ev;
	int first = em->opts->matching == MATCH_FIRST;
	bool all_pure = true;
	for (size_t i = fp->first; i < fp->end; i++)
		if (pp->dp.grp[i] && !pp->dp.pure[i])
			all_pure = false;
	if (all_pure) {
		sb_addf(o, "%slnr_verdict_add(v, (__s32)hit - 1, LNR_T, %d);\n", ind, first);
		return;
	}
	sb_addf(o, "%sswitch (hit - 1) {\n", ind);
	for (size_t i = fp->first; i < fp->end; i++) {
		if (!pp->dp.grp[i] || pp->dp.pure[i])
			continue;
		sb_addf(o, "%scase %zu: /* ", ind, i);
		put_comment_text(o, ev->entries[i].rule->name);
		sb_addf(o, " */\n%s\tlnr_verdict_add(v, %zu, (__s8)lnr_r%d(), %d);\n%s\tbreak;\n",
			ind, i, pp->fn[i], first, ind);
	}
	sb_addf(o, "%sdefault: /* the test is the whole kernel part: TRUE */\n", ind);
	sb_addf(o, "%s\tlnr_verdict_add(v, (__s32)hit - 1, LNR_T, %d);\n%s}\n", ind, first, ind);
}

static bool range_has_group(const struct plan_prog *pp, const struct fpart *fp)
{
	for (size_t i = fp->first; pp->dp.n && i < fp->end; i++)
		if (pp->dp.grp[i])
			return true;
	return false;
}

static void put_dispatch_lookup(struct emit *em, const struct plan_prog *pp, const struct fpart *fp)
{
	struct strbuf *o = em->o;
	sb_addf(o,
		"\t/* %zu rules test fd.name = <constant> (constants of their own): %s "
		"names the\n\t * only one that can match (0: none; value not whole: "
		"userspace decides) */\n\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)",
		pp->dp.n, pp->dp.name);
	put_unknown(o, fp, "\t");
	sb_addf(o, "\tlong hit = LNR_DISPATCH(&%s, %u, &fv->fd_name);\n\tif (hit < 0)", pp->dp.name,
		pp->dp.ks);
	put_unknown(o, fp, "\t");
	if (fp->first)
		sb_addf(o, "\tif (hit <= %zu)\n\t\thit = 0; /* an earlier part's rule */\n",
			fp->first);
}

/* The proc.name mask (plan_names.c): one lookup of the process's name in its .rodata table, made
 * when the first rule with a bit has passed its guards and path test (an open no such rule can
 * match makes none):
 * lnr_nm_<filter>(fv, b) gives the bit, the mask looked up on first use. Before it fv->nm is
 * LNR_NM_UNSET (every bit set, negative): the bit test comes first, and only a set bit asks
 * whether the mask is there yet, so once it is a masked rule costs one load and bit test (the
 * exec filter's 20 such rules paid a load and 64-bit compare more each, the top line of
 * lnr_exec_rules). The mask stays in map memory, not in a local: a local's bits, learned by the
 * verifier at each rule's test, would tell the paths after 20 rules apart 2^20 ways. */
static void put_name_fn(struct emit *em, const struct plan_prog *pp, const struct fpart *fp,
			const char *fname)
{
	const struct plan_nmask *nm = &pp->nmask[fp->k];
	if (!nm->n)
		return;
	struct strbuf *o = em->o;
	unsigned lz = 0;
	for (size_t i = 0; i < em->pl->all.n; i++)
		if (em->pl->all.m[i].fid == F_PROC_NAME && em->pl->all.m[i].level <= 0)
			lz = member_lazy(&em->pl->all.m[i]);
	sb_addf(o,
		"/* %zu rules of %s need proc.name to be one of their names: %s names those that "
		"can\n * match (bit set); the others are FALSE without a call */\n"
		"static __always_inline int lnr_nm_%s(struct lnr_fv *fv, int b)\n{\n"
		"\tif (!LNR_NM(fv, b))\n\t\treturn 0;\n"
		"\tif (*(volatile __s64 *)&fv->nm >= 0)\n\t\treturn 1; /* looked up */\n"
		"\t/* LNR_NM_UNSET: the first use */\n",
		nm->n, fname, nm->name, fname);
	if (lz)
		sb_addf(o, "\tif (fv->lz & %uu)\n\t\tlnr_need(%uu);\n", lz, lz);
	const struct plan_ntab *t = &em->pl->ntabs[nm->tab];
	sb_addf(o,
		"\t*(volatile __s64 *)&fv->nm =\n\t\tLNR_NAME_TAB(%s, 0x%llxULL, %u, %u, "
		"&fv->proc_name);\n\treturn LNR_NM(fv, b);\n}\n\n",
		nm->name, (unsigned long long)t->seed, t->shift, t->probes);
}

static void put_filter_head(struct emit *em, const struct plan_prog *pp, const char *fname,
			    const char *fetch, const struct fpart *fp, const struct guards *g)
{
	struct strbuf *o = em->o;
	if (fp->k > 0) {
		sb_addf(o,
			"static __always_inline %s %s(struct lnr_hdr *h, void *ctx)\n{\n"
			"\tstruct lnr_verdict *v = LNR_VERDICT();\n\tif (!v)",
			fp->exec ? "void" : "int", fname);
		put_unknown(o, fp, "\t");
	} else if (fp->exec) {
		sb_addf(o,
			"static __always_inline void %s(struct lnr_proc_rec *r, void *ctx)\n{\n"
			"\tif (%s(r))\n\t\treturn;\n\tstruct lnr_verdict *v = LNR_VERDICT();\n"
			"\tif (!v)",
			fname, fetch);
		put_unknown(o, fp, "\t");
		sb_add(o, "\tlnr_verdict_init(v);\n");
	} else {
		sb_addf(o,
			"static __always_inline int %s(struct lnr_ev *e, void *ctx)\n{\n"
			"\tLNR_FILTER_BEGIN(e, %s);\n",
			fname, fetch);
	}
	bool has_fv = range_has_group(pp, fp) || (fp->k == 0 && pp->dp.n);
	const struct plan_nmask *nm = &pp->nmask[fp->k];
	if (has_fv)
		put_dispatch_lookup(em, pp, fp);
	bool px = false;
	for (size_t i = fp->first; i < fp->end && !px; i++)
		px = pp->fn[i] >= 0 && !(pp->dp.n && pp->dp.grp[i]) && plan_path_test(pp, i);
	if ((g->n || nm->n || px) && !has_fv) {
		sb_add(o, "\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)");
		put_unknown(o, fp, "\t");
	}
	if (nm->n)
		sb_add(o, "\tfv->nm = LNR_NM_UNSET; /* the proc.name mask: looked up on first use "
			  "*/\n");
	guards_put_head(em, g);
}

/* The rules of one part in evaluation order, each verdict added to the record's (an UNKNOWN
 * rule does not stop the later ones); with rule_matching first, the first TRUE ends it.
 * Returns whether it jumps to `done`. */
static bool put_entries(struct emit *em, const struct plan_prog *pp, const struct fpart *fp,
			const struct guards *g, const char *fname)
{
	struct strbuf *o = em->o;
	const struct pd_event *ev = pp->ev;
	int first = em->opts->matching == MATCH_FIRST;
	bool pending = false; /* group positions passed since the last flush */
	bool any = false, jumps = false;
	for (size_t i = fp->first; i < fp->end; i++) {
		if (pp->dp.n && pp->dp.grp[i]) {
			pending = true;
			continue;
		}
		if (pending) {
			sb_addf(o, "\tif (hit > 0 && hit <= %zu) {\n", i);
			put_hit(em, pp, fp, "\t\t");
			sb_add(o, "\t\thit = 0;\n\t\tif (v->stop)\n\t\t\tgoto done;\n\t}\n");
			pending = false;
			jumps = true;
		}
		sb_addf(o, "\t/* %zu: ", i);
		put_comment_text(o, ev->entries[i].rule->name);
		/* the last one: `done` (or the next part's call, which tests v->stop) follows */
		bool last = i + 1 == fp->end;
		if (pp->fn[i] < 0 && last)
			sb_addf(o,
				": decided in userspace */\n\tlnr_verdict_add(v, %zu, LNR_U, "
				"%d);\n",
				i, first);
		else if (pp->fn[i] < 0)
			sb_addf(o,
				": decided in userspace */\n\tif (lnr_verdict_step(v, %zu, LNR_U, "
				"%d))\n\t\tgoto done;\n",
				i, first);
		else {
			/* after the guards: the path test, then the proc.name mask's bit */
			int b = plan_name_bit(pp, fp->k, i);
			const char *px = plan_path_test(pp, i);
			char *post = NULL;
			if (b >= 0)
				post = xasprintf("%s%s%slnr_nm_%s(fv, %d)", px ? "(" : "",
						 px ? px : "", px ? ") && " : "", fname, b);
			sb_add(o, " */\n\t");
			const char *cond = post ? post : px;
			bool tested =
				cond || (i >= g->first && i < g->end && g->tests[i - g->first].n);
			guards_put_test(em, g, i, NULL, cond, "\t");
			if (last)
				sb_addf(o, "lnr_verdict_add(v, %zu, (__s8)lnr_r%d(), %d);\n", i,
					pp->fn[i], first);
			else
				sb_addf(o,
					"if (lnr_verdict_step(v, %zu, (__s8)lnr_r%d(), "
					"%d))\n\t%s\tgoto "
					"done;\n",
					i, pp->fn[i], first, tested ? "\t" : "");
			free(post);
		}
		jumps |= !last;
		any = true;
	}
	if (pending) {
		if (any) {
			sb_add(o, "\tif (v->stop)\n\t\tgoto done;\n");
			jumps = true;
		}
		if (fp->last)
			sb_add(o, "\tif (hit > 0) {\n");
		else
			sb_addf(o, "\tif (hit > 0 && hit <= %zu) {\n", fp->end);
		put_hit(em, pp, fp, "\t\t");
		sb_add(o, "\t}\n");
	}
	return jumps;
}

/* Not the last part: unless the verdict is final, the next part goes on (tail call); the call
 * returns only when the slot is empty, and then userspace decides every rule. */
static void put_next(struct emit *em, const struct plan_prog *pp, const struct fpart *fp)
{
	struct strbuf *o = em->o;
	int slot = (fp->exec ? pp->exec_slot : pp->slot) + (int)fp->k;
	const struct plan_part *nx = &pp->parts[fp->k + 1];
	sb_addf(o, "\tif (!v->stop) {\n\t\t/* rules %zu..%zu: part %zu of %zu */\n", nx->first,
		nx->end - 1, fp->k + 2, pp->nparts);
	if (fp->k == 0 && !fp->exec)
		sb_add(o, "\t\tlnr_rec_handoff(e); /* the record's length and last fields, for the "
			  "last part */\n");
	/* a syscall's part runs guarded against preemption (helpers/preempt.h), the exec path's
	 * runs where the kernel disables it */
	if (fp->exec)
		sb_addf(o, "\t\tbpf_tail_call(ctx, &lnr_exec_parts, %d);\n\t\t", slot);
	else
		sb_addf(o, "\t\tLNR_TAIL_CALL(ctx, &lnr_parts, %d);\n\t\t", slot);
	if (fp->exec)
		sb_addf(o, "lnr_verdict_all_unknown(%s);\n\t\treturn;\n\t}\n", fp->h);
	else
		sb_addf(o, "return lnr_verdict_all_unknown(%s);\n\t}\n", fp->h);
}

static void put_part_fn(struct emit *em, const struct plan_prog *pp, const char *fname,
			const char *fetch, const struct fpart *fp)
{
	struct strbuf *o = em->o;
	struct guards g;
	guards_plan(&g, em->pl, pp, fp->first, fp->end);
	put_name_fn(em, pp, fp, fname);
	put_filter_head(em, pp, fname, fetch, fp, &g);
	bool jumps = put_entries(em, pp, fp, &g, fname);
	guards_free(&g);
	if (!fp->last)
		put_next(em, pp, fp);
	if (jumps)
		sb_add(o, "done:\n");
	sb_addf(o, "\t%slnr_verdict_store(%s, v);\n}\n\n", fp->exec ? "" : "return ", fp->h);
}

/* Part k (k >= 1) as its own program, tail-called from part k-1 with the record in this CPU's
 * scratch (h.size: its length), the values and the verdict so far in the per-CPU map. */
static void put_part_prog(struct emit *em, const struct plan_prog *pp, const char *fname,
			  const struct fpart *fp)
{
	struct strbuf *o = em->o;
	int slot = (fp->exec ? pp->exec_slot : pp->slot) + (int)fp->k - 1;
	if (fp->exec) {
		sb_addf(o,
			"/* helpers/process.h: adds the record's last slots, sends it */\n"
			"static __always_inline int lnr_exec_send(struct lnr_scratch *sc, struct "
			"task_struct *p, struct linux_binprm *bprm);\n"
			"SEC(\"tp_btf/sched_process_exec\")\nint BPF_PROG(lnr_xpart%d, struct "
			"task_struct *p, pid_t old_pid, struct linux_binprm *bprm)\n{\n"
			"\tstruct lnr_scratch *sc = lnr_scratch();\n\tif (!sc)\n\t\treturn 0;\n"
			"\tstruct lnr_hdr *h = &((struct lnr_proc_rec *)sc->ev)->h;\n"
			"\t%s(h, ctx);\n\treturn lnr_exec_send(sc, p, bprm);\n}\n\n",
			slot, fname);
		return;
	}
	/* the body as a function, the program around it guarded against preemption */
	sb_addf(o,
		"static __always_inline int lnr_partb%d(void *ctx)\n{\n"
		"\tstruct lnr_scratch *sc = lnr_scratch();\n\tif (!sc)\n\t\treturn 0;\n"
		"\tstruct lnr_hdr *h = &((struct lnr_sys *)sc->ev)->h;\n\tif (!%s(h, ctx)) {\n"
		"\t\tLNR_COUNT(filtered);\n\t\treturn 0;\n\t}\n"
		"\th->ts = bpf_ktime_get_boot_ns();\n\treturn lnr_submit_buf(sc, h, "
		"h->size);\n}\n\n"
		"SEC(\"tp_btf/sys_exit\")\nint BPF_PROG(lnr_part%d, struct pt_regs *regs, long "
		"ret)\n{\n\tLNR_PREEMPT_OFF();\n\tint r = lnr_partb%d(ctx);\n"
		"\tLNR_PREEMPT_ON();\n\treturn r;\n}\n\n",
		slot, fname, slot, slot);
}

/* The filter of one program: its first part as fname (called from the exit program or the exec
 * rules program), then each further part as a function and the program that runs it. */
void put_filter(struct emit *em, const struct plan_prog *pp, const char *fname, const char *fetch,
		bool exec)
{
	struct strbuf *o = em->o;
	for (size_t k = 0; k < pp->nparts; k++) {
		const struct plan_part *pt = &pp->parts[k];
		struct fpart fp = {k,	    pt->first,
				   pt->end, k + 1 == pp->nparts,
				   exec,    k ? "h" : exec ? "&r->h" : "&e->rec->h"};
		char fn[80];
		if (k)
			snprintf(fn, sizeof(fn), "%s_p%zu", fname, k + 1);
		if (pp->nparts > 1)
			sb_addf(o, "/* %s part %zu of %zu: rules %zu..%zu, %zu functions */\n",
				evt_name(pp->ev->evt), k + 1, pp->nparts, pt->first, pt->end - 1,
				pt->nsub);
		put_part_fn(em, pp, k ? fn : fname, fetch, &fp);
		if (k)
			put_part_prog(em, pp, fn, &fp);
	}
}

/* The prog arrays the parts after the first are tail-called through; each generation has its
 * own (not shared across a reload), filled by the loader before it switches to it. */
void put_part_maps(struct emit *em)
{
	const struct plan *pl = em->pl;
	if (pl->nslots)
		sb_addf(em->o,
			"/* lnr_parts: slot S holds lnr_part<S> (a later part of a split filter), "
			"filled by the loader */\nstruct {\n\t__uint(type, "
			"BPF_MAP_TYPE_PROG_ARRAY);\n"
			"\t__uint(max_entries, %zu);\n\t__type(key, __u32);\n\t__type(value, "
			"__u32);\n} lnr_parts SEC(\".maps\");\n\n",
			pl->nslots);
	if (pl->nexec_slots)
		sb_addf(em->o,
			"/* lnr_exec_parts: slot S holds lnr_xpart<S> (exec path), filled by the "
			"loader */\nstruct {\n\t__uint(type, BPF_MAP_TYPE_PROG_ARRAY);\n"
			"\t__uint(max_entries, %zu);\n\t__type(key, __u32);\n\t__type(value, "
			"__u32);\n} lnr_exec_parts SEC(\".maps\");\n\n",
			pl->nexec_slots);
}

/* ---- dispatch maps and the close gate -------------------------------------------------------- */

/* A name table (plan_names.c) as constant data: slot by slot, the name's words and bits. */
static void put_name_table(struct emit *em, size_t k)
{
	const struct plan_ntab *t = &em->pl->ntabs[k];
	struct strbuf *o = em->o;
	uint32_t any = 0;
	for (size_t i = 0; i < t->nslots; i++)
		any |= t->slot[i].bits;
	sb_addf(o,
		"/* lnr_n%zu: proc.name -> the bits of the rules (of %d) that can match it: %zu "
		"names in %zu\n * slots, each within %u probes of its home slot "
		"(rules/dispatch.h LNR_NAME_TAB) */\n"
		"#if !defined(LNR_HOST) && (!defined(LNR_PART) || LNR_PART == 1)\n"
		"static const struct lnr_name_slot lnr_n%zu[%zu]\n\t__attribute__((unused, "
		"aligned(8), section(\".rodata\"))) = {\n",
		k, __builtin_popcount(any), t->nnames, t->nslots, t->probes, k, t->nslots);
	for (size_t i = 0; i < t->nslots; i++) {
		const struct plan_nslot *e = &t->slot[i];
		if (!e->bits)
			continue;
		sb_addf(o, "\t[%zu] = {{0x%llxULL, 0x%llxULL}, 0x%x}, /* ", i,
			(unsigned long long)e->w[0], (unsigned long long)e->w[1], e->bits);
		for (const char *c = e->name; *c; c++)
			sb_addc(o, *c >= 0x20 && *c < 0x7f && *c != '*' ? *c : '?');
		sb_add(o, " */\n");
	}
	sb_add(o, "};\n#endif\n\n");
}

void put_dispatch_maps(struct emit *em)
{
	const struct plan *pl = em->pl;
	for (size_t k = 0; k < pl->nnsig; k++)
		put_name_table(em, k);
	for (size_t d = 0; d < pl->ndsig; d++) {
		char name[32];
		snprintf(name, sizeof(name), "lnr_d%zu", d);
		size_t items = 0, rules = 0;
		uint32_t ks = 0;
		for (size_t i = 0; i < pl->ndmaps; i++)
			if (!strcmp(pl->dmaps[i].name, name)) {
				items += pl->dmaps[i].nitems;
				ks = pl->dmaps[i].key_size;
				rules++;
			}
		sb_addf(em->o,
			"/* %s: fd.name -> 1 + the position of the one rule (of %zu) testing it, "
			"filled by the loader */\n",
			name, rules);
		sb_addf(em->o,
			"#if !defined(LNR_HOST) && (!defined(LNR_PART) || "
			"LNR_PART == 1)\nstruct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n"
			"\t__uint(max_entries, %zu);\n\t__type(key, char[%u]);\n\t__type(value, "
			"__u32);\n} %s SEC(\".maps\");\n#endif\n\n",
			items ? items : 1, ks, name);
	}
}

/* The close gate (plan.h): close's entry compares the file's own name with the last components
 * of the rules' constants, inline or in the map lnr_close_names. */
void put_close_gate(struct emit *em)
{
	const struct plan *pl = em->pl;
	struct strbuf *o = em->o;
	if (!pl->close_gate)
		return;
	bool map = pl->nclose > PLAN_CLOSE_GATE_INLINE;
	if (map)
		sb_addf(o,
			"/* lnr_close_names: the %zu last components, filled by the loader */\n"
			"struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__uint(max_entries, "
			"%zu);\n"
			"\t__type(key, char[%zu]);\n\t__type(value, __u32);\n} lnr_close_names "
			"SEC(\".maps\");\n",
			pl->nclose, pl->nclose, pl->close_ks);
	sb_addf(o,
		"/* close: every rule needs fd.name to be a file named as below; close's entry "
		"drops\n * the close of any other file before walking its path (sensor.bpf.c) */\n"
		"#define LNR_CLOSE_GATE 1\n#define LNR_CLOSE_GATE_MAX %d\n%s"
		"/* a global function: verified once, not along every path of the entry program "
		"*/\n"
		"LNR_NOINLINE int lnr_close_gate_name(__u64 name, __u32 n)\n{\n"
		"\tchar b[LNR_CLOSE_GATE_MAX] __attribute__((aligned(8)));\n\tif (n >= "
		"LNR_CLOSE_GATE_MAX)\n\t\treturn 0;\n\t__builtin_memset(b, 0, sizeof(b));\n"
		"\tasm volatile(\"\" : \"+r\"(n)); /* keep the mask below for the verifier */\n"
		"\tif (bpf_probe_read_kernel(b, n & (LNR_CLOSE_GATE_MAX - 1), (const void "
		"*)name))\n"
		"\t\treturn 1; /* unreadable: walk as usual */\n",
		PLAN_CLOSE_GATE_MAX,
		pl->close_inet ? "/* and every name is a path: no IPv4/IPv6 socket can match */\n"
				 "#define LNR_CLOSE_GATE_INET 1\n"
			       : "");
	if (map) {
		sb_addf(o,
			"\tif (n >= %zu)\n\t\treturn 0; /* longer than every name */\n"
			"\treturn bpf_map_lookup_elem(&lnr_close_names, b) != 0; /* its first %zu "
			"bytes */\n}\n\n",
			pl->close_ks, pl->close_ks);
		return;
	}
	/* whole 8-byte words of the zero-padded name (little-endian): a byte-by-byte chain would
	 * give the verifier a path per combination of byte outcomes */
	sb_add(o, "\tconst __u64 *w = (const __u64 *)b;\n");
	for (size_t q = 0; q < pl->nclose; q++) {
		const char *nm = pl->close_names[q];
		size_t len = pl->close_lens[q];
		sb_addf(o, "\tif (n == %zu", len);
		for (size_t c = 0; c < len; c += 8) {
			unsigned long long v = 0;
			for (size_t k = 0; k < 8 && c + k < len; k++)
				v |= (unsigned long long)(unsigned char)nm[c + k] << (8 * k);
			sb_addf(o, " && w[%zu] == 0x%llxULL", c / 8, v);
		}
		sb_add(o, ") /* ");
		for (size_t c = 0; c < len; c++)
			sb_addc(o, nm[c] >= 0x20 && nm[c] < 0x7f && nm[c] != '*' ? nm[c] : '?');
		sb_add(o, " */\n\t\treturn 1;\n");
	}
	sb_add(o, "\treturn 0;\n}\n\n");
}
