/* plan_names.c — the proc.name masks of the filters (plan.h struct plan_nmask) and their tables
 * (struct plan_ntab).
 *
 * Many rules can only match a process of a few names: their kernel part is FALSE whenever
 * proc.name is whole and none of a set S of names (a conjunct `proc.name in (...)` or
 * `proc.name = x`, or an OR whose every operand is such a rule part). Where a filter part has
 * PLAN_NMASK_MIN such rules, one lookup of the process's name in a table of the generation
 * (lnr_n<k>: name -> the OR of the bits of the rules whose S holds it) tells which of them can
 * match; the others are not called.
 *
 * The names are known here, so the table is constant data in the program's .rodata (frozen by
 * libbpf: the verifier lets the filter index it with a plain load) rather than a hash map the
 * loader fills: open addressing with linear probing, the slot hash shared with the filter
 * (shared_definitions/name_hash.h), its size and seed chosen so that every name lies within a
 * few probes of its home slot. The filter's lookup (rules/dispatch.h lnr_name_tab) makes at most
 * that many probes, unrolled; no lookup in a map, no key built in a per-CPU scratch value.
 *
 * Exact, as the guards are (emit_guards.c): S is derived only from leaves whose expression is
 * lnr_leaf(fv->proc_name.st, <equality with constants>, 0) — FALSE when the value is MISSING, or
 * OK and equal to none of the constants; a constant the value buffer cannot hold is never equal
 * and is left out of S. An AND is FALSE when one operand is (S: the intersection of the operands
 * that have one), an OR when every operand is (S: the union). The lookup gives 0 for a MISSING
 * value or one no name of the table equals (all 16 bytes compared: every such rule FALSE), and
 * -1 (every bit set: every rule called) for a value the kernel does not hold whole.
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "fields.h"
#include "shared_definitions/limits.h"
#include "shared_definitions/name_hash.h"

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

/* ---- the tables ---------------------------------------------------------------------------- */

/* The little-endian words of the first 16 bytes of s (n bytes), zero past n. */
static void name_words(const char *s, size_t n, uint64_t w[2])
{
	w[0] = w[1] = 0;
	for (size_t i = 0; i < n && i < 16; i++)
		w[i / 8] |= (uint64_t)(unsigned char)s[i] << (8 * (i % 8));
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Places the n names (distinct) with this seed; the most probes one needs. */
static unsigned ntab_place(struct plan_ntab *t, const struct plan_nslot *in, size_t n)
{
	unsigned most = 0;
	memset(t->slot, 0, t->nslots * sizeof(*t->slot));
	for (size_t i = 0; i < n; i++) {
		unsigned h = LNR_NAME_HASH(in[i].w[0], in[i].w[1], t->seed, t->shift), p = 0;
		while (t->slot[(h + p) & (t->nslots - 1)].bits)
			p++;
		t->slot[(h + p) & (t->nslots - 1)] = in[i];
		if (p + 1 > most)
			most = p + 1;
	}
	return most;
}

void plan_ntab_build(struct plan_ntab *t, const char *const *names, const uint32_t *bits, size_t n)
{
	memset(t, 0, sizeof(*t));
	struct plan_nslot *in = xcalloc(n + 1, sizeof(*in));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (len >= LANNER_MAX_COMM)
			abort(); /* plan_part_names leaves such constants out */
		uint64_t w[2];
		name_words(names[i], len, w);
		size_t j = 0;
		while (j < m && (in[j].w[0] != w[0] || in[j].w[1] != w[1]))
			j++;
		if (j == m) {
			in[m].w[0] = w[0];
			in[m].w[1] = w[1];
			memcpy(in[m].name, names[i], len);
			m++;
		}
		in[j].bits |= bits[i];
		if (!in[j].bits)
			abort(); /* a used slot has a bit: 0 marks an empty one */
	}
	t->nnames = m;
	t->nslots = 8;
	t->shift = 61;
	while (t->nslots < 2 * m) {
		t->nslots *= 2;
		t->shift--;
	}
	for (;; t->nslots *= 2, t->shift--) {
		if (t->nslots > PLAN_NTAB_MAX)
			abort();
		t->slot = xreallocarray(t->slot, t->nslots, sizeof(*t->slot));
		uint64_t best = 0;
		unsigned fewest = ~0u;
		for (uint64_t k = 0; k < PLAN_NTAB_SEEDS && fewest > 1; k++) {
			t->seed = splitmix64(k * 0x10000 + t->nslots) | 1;
			unsigned p = ntab_place(t, in, m);
			if (p < fewest) {
				fewest = p;
				best = t->seed;
			}
		}
		if (fewest <= LNR_NAME_PROBES_MAX) {
			t->seed = best;
			t->probes = ntab_place(t, in, m);
			break;
		}
	}
	if (!t->probes)
		t->probes = 1; /* no names: the one probe meets an empty slot */
	free(in);
}

uint32_t plan_ntab_find(const struct plan_ntab *t, const char *s, size_t len, unsigned *probes)
{
	uint64_t w[2];
	name_words(s, len, w);
	unsigned h = LNR_NAME_HASH(w[0], w[1], t->seed, t->shift), p = 0;
	uint32_t r = 0;
	while (len < LANNER_MAX_COMM && p < t->probes) {
		const struct plan_nslot *e = &t->slot[(h + p++) & (t->nslots - 1)];
		if (e->w[0] == w[0] && e->w[1] == w[1]) {
			r = e->bits; /* 0 in an empty slot: the empty name is absent */
			break;
		}
		if (!e->bits)
			break;
	}
	if (probes)
		*probes = p;
	return r;
}

void plan_ntab_free(struct plan_ntab *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* The mask of the part [first, end) of pp: bits for the rules with a name set, each bit's names
 * kept, its table built, or reused when an identical one exists. */
static void plan_part_names(struct plan *pl, const struct plan_prog *pp, size_t first, size_t end,
			    struct plan_nmask *nm)
{
	memset(nm, 0, sizeof(*nm));
	nm->bit = xcalloc(end - first + 1, sizeof(int));
	struct nset *sets = xcalloc(end - first + 1, sizeof(*sets));
	size_t nbits = 0;
	for (size_t i = first; i < end; i++) {
		nm->bit[i - first] = -1;
		if (pp->fn[i] < 0 || (pp->dp.n && pp->dp.grp[i]) || nbits == PLAN_NMASK_BITS)
			continue;
		const struct plan_rule *r = &pl->rules[pp->fn[i]];
		if (name_guard(pl, r->pe->pred, r->evt) ||
		    !names_of(pl, r->pe->pred, r->evt, &sets[i - first]))
			continue;
		nm->bit[i - first] = (int)nbits++;
	}
	if (nbits < PLAN_NMASK_MIN) {
		for (size_t i = first; i < end; i++)
			nm->bit[i - first] = -1;
		goto out;
	}
	nm->n = nbits;
	nm->names = xcalloc(nbits + 1, sizeof(*nm->names));
	/* the signature: every (bit, name); the names and bits of the table */
	struct strbuf sig = {0};
	const char **all = NULL;
	uint32_t *bits = NULL;
	size_t nall = 0;
	for (size_t i = first; i < end; i++) {
		const struct nset *a = &sets[i - first];
		int b = nm->bit[i - first];
		if (b < 0)
			continue;
		nm->names[b] = xcalloc(a->len + 1, sizeof(char *));
		all = xreallocarray(all, nall + a->len + 1, sizeof(*all));
		bits = xreallocarray(bits, nall + a->len + 1, sizeof(*bits));
		for (size_t j = 0; j < a->len; j++) {
			sb_addf(&sig, "\n%d:%.*s", b, (int)a->n[j], a->s[j]);
			nm->names[b][j] = xstrndup(a->s[j], a->n[j]);
			all[nall] = nm->names[b][j];
			bits[nall++] = 1u << b;
		}
	}
	size_t s = 0;
	while (s < pl->nnsig && strcmp(pl->nsigs[s], sb_str(&sig)))
		s++;
	snprintf(nm->name, sizeof(nm->name), "lnr_n%zu", s);
	nm->tab = s;
	if (s == pl->nnsig) {
		pl->nsigs = xreallocarray(pl->nsigs, pl->nnsig + 1, sizeof(char *));
		pl->ntabs = xreallocarray(pl->ntabs, pl->nnsig + 1, sizeof(*pl->ntabs));
		plan_ntab_build(&pl->ntabs[pl->nnsig], all, bits, nall);
		pl->nsigs[pl->nnsig++] = sb_detach(&sig);
	}
	sb_free(&sig);
	free(all);
	free(bits);
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
