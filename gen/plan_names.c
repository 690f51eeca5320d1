/* plan_names.c — the proc.name masks of the filters (plan.h struct plan_nmask).
 *
 * Many rules can only match a process of a few names: their kernel part is FALSE whenever
 * proc.name is whole and none of a set S of names (a conjunct `proc.name in (...)` or
 * `proc.name = x`, or an OR whose every operand is such a rule part). Where a filter part has
 * PLAN_NMASK_MIN such rules, one hash lookup of the process's name in a map of the generation
 * (lnr_n<k>: name -> the bits of the rules whose S holds it, filled by the loader, which ORs the
 * values of a name several rules share) tells which of them can match; the others are not called.
 *
 * Exact, as the guards are (emit_guards.c): S is derived only from leaves whose expression is
 * lnr_leaf(fv->proc_name.st, <equality with constants>, 0) — FALSE when the value is MISSING, or
 * OK and equal to none of the constants; a constant the value buffer cannot hold is never equal
 * and is left out of S. An AND is FALSE when one operand is (S: the intersection of the operands
 * that have one), an OR when every operand is (S: the union). The lookup (rules/dispatch.h
 * lnr_dispatch) gives 0 for a MISSING value or one no constant equals (every such rule FALSE),
 * and -1 (every bit set: every rule called) for a value the kernel does not hold whole.
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "fields.h"

/* A set of names (borrowed from the checks' constants). */
struct nset {
	const char **s;
	size_t *n;
	size_t len;
};

static bool nset_has(const struct nset *a, const char *s, size_t n)
{
	for (size_t i = 0; i < a->len; i++)
		if (a->n[i] == n && !memcmp(a->s[i], s, n))
			return true;
	return false;
}

static void nset_add(struct nset *a, const char *s, size_t n)
{
	if (nset_has(a, s, n))
		return;
	a->s = xreallocarray(a->s, a->len + 1, sizeof(*a->s));
	a->n = xreallocarray(a->n, a->len + 1, sizeof(*a->n));
	a->s[a->len] = s;
	a->n[a->len++] = n;
}

static void nset_free(struct nset *a)
{
	free(a->s);
	free(a->n);
	memset(a, 0, sizeof(*a));
}

/* Is p a leaf FALSE whenever proc.name is MISSING, or whole and none of its constants? Adds
 * the constants the value can equal to *out. */
static bool name_leaf(const struct plan *pl, const struct kpred *p, int evt, struct nset *out)
{
	static const char head[] = "lnr_leaf(fv->proc_name.st, ", tail[] = ", 0)";
	if (p->check->op != OP_EQ && p->check->op != OP_IN)
		return false;
	long k = plan_leaf_id(pl, p, evt);
	const char *e = k >= 0 ? pl->leaves[k].expr : NULL;
	size_t el = e ? strlen(e) : 0;
	if (!e || el < sizeof(head) + sizeof(tail) || strncmp(e, head, sizeof(head) - 1) ||
	    strcmp(e + el - (sizeof(tail) - 1), tail))
		return false;
	for (size_t i = 0; i < kc_rhs_count(p->check); i++) {
		size_t n;
		const char *s = kc_rhs_str(p->check, i, &n);
		if (n < LANNER_MAX_COMM)
			nset_add(out, s, n);
	}
	return true;
}

/* Does p need proc.name in a set (filled into *out, empty on entry)? */
static bool names_of(const struct plan *pl, const struct kpred *p, int evt, struct nset *out)
{
	if (p->kind == KP_LEAF)
		return name_leaf(pl, p, evt, out);
	if (p->kind == KP_OR) {
		for (size_t i = 0; i < p->nkids; i++) {
			struct nset k = {0};
			bool ok = names_of(pl, p->kids[i], evt, &k);
			for (size_t j = 0; ok && j < k.len; j++)
				nset_add(out, k.s[j], k.n[j]);
			nset_free(&k);
			if (!ok) {
				nset_free(out);
				return false;
			}
		}
		return true;
	}
	if (p->kind != KP_AND)
		return false;
	bool any = false;
	for (size_t i = 0; i < p->nkids; i++) {
		struct nset k = {0};
		if (!names_of(pl, p->kids[i], evt, &k))
			continue;
		if (!any) {
			*out = k;
			any = true;
			continue;
		}
		struct nset both = {0};
		for (size_t j = 0; j < out->len; j++)
			if (nset_has(&k, out->s[j], out->n[j]))
				nset_add(&both, out->s[j], out->n[j]);
		nset_free(out);
		nset_free(&k);
		*out = both;
	}
	return any;
}

/* Does p have a top-level conjunct proc.name = x or in (x, y)? That is a guard (emit_guards.c):
 * a compare or two, cheaper than the mask's lookup, which an event no other masked rule can
 * match then does not make. */
static bool name_guard(const struct plan *pl, const struct kpred *p, int evt)
{
	size_t n = p->kind == KP_AND ? p->nkids : 1;
	for (size_t i = 0; i < n; i++) {
		const struct kpred *c = p->kind == KP_AND ? p->kids[i] : p;
		struct nset k = {0};
		/* the same test as emit_guards.c guard_leaf's */
		bool ok = c->kind == KP_LEAF && name_leaf(pl, c, evt, &k) &&
			  kc_rhs_count(c->check) <= PLAN_NMASK_INLINE;
		nset_free(&k);
		if (ok)
			return true;
	}
	return false;
}

/* The mask of the part [first, end) of pp: bits for the rules with a name set, the map's
 * entries (one per rule) registered, or reused when an identical map exists. */
static void plan_part_names(struct plan *pl, const struct plan_prog *pp, size_t first, size_t end,
			    struct plan_nmask *nm)
{
	memset(nm, 0, sizeof(*nm));
	nm->bit = xcalloc(end - first + 1, sizeof(int));
	struct nset *sets = xcalloc(end - first + 1, sizeof(*sets));
	size_t nbits = 0, maxl = 0;
	for (size_t i = first; i < end; i++) {
		nm->bit[i - first] = -1;
		if (pp->fn[i] < 0 || (pp->dp.n && pp->dp.grp[i]) || nbits == PLAN_NMASK_BITS)
			continue;
		const struct plan_rule *r = &pl->rules[pp->fn[i]];
		if (name_guard(pl, r->pe->pred, r->evt) ||
		    !names_of(pl, r->pe->pred, r->evt, &sets[i - first]))
			continue;
		nm->bit[i - first] = (int)nbits++;
		for (size_t j = 0; j < sets[i - first].len; j++)
			if (sets[i - first].n[j] > maxl)
				maxl = sets[i - first].n[j];
	}
	if (nbits < PLAN_NMASK_MIN) {
		for (size_t i = first; i < end; i++)
			nm->bit[i - first] = -1;
		goto out;
	}
	nm->ks = (uint32_t)((maxl + 1 + 7) / 8 * 8);
	nm->n = nbits;
	/* the signature: key size, then every (bit, name) */
	struct strbuf sig = {0};
	sb_addf(&sig, "%u", nm->ks);
	for (size_t i = first; i < end; i++)
		for (size_t j = 0; nm->bit[i - first] >= 0 && j < sets[i - first].len; j++)
			sb_addf(&sig, "\n%d:%.*s", nm->bit[i - first], (int)sets[i - first].n[j],
				sets[i - first].s[j]);
	for (size_t s = 0; s < pl->nnsig; s++)
		if (!strcmp(pl->nsigs[s], sb_str(&sig))) {
			snprintf(nm->name, sizeof(nm->name), "lnr_n%zu", s);
			sb_free(&sig);
			goto out;
		}
	snprintf(nm->name, sizeof(nm->name), "lnr_n%zu", pl->nnsig);
	pl->nsigs = xreallocarray(pl->nsigs, pl->nnsig + 1, sizeof(char *));
	pl->nsigs[pl->nnsig++] = sb_detach(&sig);
	for (size_t i = first; i < end; i++) {
		const struct nset *a = &sets[i - first];
		if (nm->bit[i - first] < 0)
			continue;
		struct meta_map *m =
			plan_add_dmap(pl, nm->name, nm->ks, 1u << nm->bit[i - first], a->len);
		for (size_t j = 0; j < a->len; j++)
			m->items[j] = xstrndup(a->s[j], a->n[j]);
	}
out:
	for (size_t i = first; i < end; i++)
		nset_free(&sets[i - first]);
	free(sets);
}

void plan_names(struct plan *pl)
{
	for (size_t p = 0; p < pl->nprogs; p++) {
		struct plan_prog *pp = &pl->progs[p];
		pp->nmask = xcalloc(pp->nparts + 1, sizeof(*pp->nmask));
		for (size_t k = 0; k < pp->nparts; k++)
			plan_part_names(pl, pp, pp->parts[k].first, pp->parts[k].end,
					&pp->nmask[k]);
	}
}

int plan_name_bit(const struct plan_prog *pp, size_t part, size_t pos)
{
	const struct plan_nmask *nm = pp->nmask ? &pp->nmask[part] : NULL;
	if (!nm || !nm->n || pos < pp->parts[part].first || pos >= pp->parts[part].end)
		return -1;
	return nm->bit[pos - pp->parts[part].first];
}
