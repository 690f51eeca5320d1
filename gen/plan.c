/* plan.c — the program plan (contract in plan.h). */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/vec.h"
#include "common/xalloc.h"
#include "fields.h"
#include "leaf_c.h"
#include "shared_definitions/limits.h"

/* ---- registries (maps, needles) ------------------------------------------------------------ */

size_t plan_add_map(struct plan *pl, enum meta_map_kind kind, char **items, size_t n,
		    uint32_t key_size)
{
	for (size_t i = 0; i < pl->nmaps; i++) {
		struct meta_map *m = &pl->maps[i];
		if (m->kind != kind || m->nitems != n || m->key_size != key_size)
			continue;
		bool same = true;
		for (size_t k = 0; k < n && same; k++)
			same = !strcmp(m->items[k], items[k]);
		if (same) {
			for (size_t k = 0; k < n; k++)
				free(items[k]);
			free(items);
			return i;
		}
	}
	pl->maps = xreallocarray(pl->maps, pl->nmaps + 1, sizeof(*pl->maps));
	struct meta_map *m = &pl->maps[pl->nmaps];
	memset(m, 0, sizeof(*m));
	m->name = xasprintf("lnr_m%zu", pl->nmaps);
	m->kind = kind;
	m->key_size = key_size;
	m->value = 1;
	m->items = items;
	m->nitems = n;
	return pl->nmaps++;
}

size_t plan_add_needle(struct plan *pl, const struct member *m, const char *c, size_t n, bool fold)
{
	for (size_t i = 0; i < pl->nneedles; i++) {
		const struct plan_needle *d = &pl->needles[i];
		if (d->n == n && d->fold == fold && !strcmp(d->member, m->name) &&
		    !memcmp(d->s, c, n))
			return i;
	}
	pl->needles = xreallocarray(pl->needles, pl->nneedles + 1, sizeof(*pl->needles));
	struct plan_needle *d = &pl->needles[pl->nneedles];
	d->member = xstrdup(m->name);
	d->msize = m->size;
	d->s = xmalloc(n + 1);
	memcpy(d->s, c, n);
	d->s[n] = 0;
	d->n = n;
	d->kernel = false;
	d->fold = fold;
	d->env = m->fid == F_PROC_ENV;
	return pl->nneedles++;
}

struct meta_map *plan_add_dmap(struct plan *pl, const char *name, uint32_t key_size, uint32_t value,
			       size_t nitems)
{
	pl->dmaps = xreallocarray(pl->dmaps, pl->ndmaps + 1, sizeof(*pl->dmaps));
	struct meta_map *m = &pl->dmaps[pl->ndmaps++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->kind = MM_HASH_EXACT;
	m->key_size = key_size;
	m->value = value;
	m->items = xcalloc(nitems + 1, sizeof(char *));
	m->nitems = nitems;
	return m;
}

/* ---- leaves and rule functions, found by structure ------------------------------------------ */

static int ref_cmp(const void *a, const void *b)
{
	const struct plan_ref *x = a, *y = b;
	if (x->p != y->p)
		return (uintptr_t)x->p < (uintptr_t)y->p ? -1 : 1;
	return (x->evt > y->evt) - (x->evt < y->evt);
}

static long ref_find(const struct plan_ref *v, size_t n, const void *p, int evt)
{
	struct plan_ref k = {p, evt, 0};
	const struct plan_ref *r = bsearch(&k, v, n, sizeof(*v), ref_cmp);
	return r ? (long)r->id : -1;
}

long plan_leaf_id(const struct plan *pl, const struct kpred *p, int evt)
{
	return ref_find(pl->lref, pl->nlref, p, evt);
}

/* Structural identity of a leaf: everything its C expression depends on. */
static char *leaf_key(const struct kpred *p, int evt)
{
	struct member m;
	const char *mn = "-";
	int size = 0;
	if (p->leaf.cap && p->leaf.cap->src == KS_ANCESTOR && p->leaf.ancestor < 0)
		mn = "any-ancestor";
	else if (leaf_member(p, evt, &m)) {
		mn = m.name;
		size = m.size;
	}
	char *t = ast_print(p->check);
	char *k = xasprintf("%d|%s|%d|%d|%d|%s", (int)p->leaf.verdict, mn, size, (int)p->leaf.table,
			    (int)p->check->mod, t ? t : "?");
	free(t);
	return k;
}

static size_t leaf_for(struct plan *pl, const struct kpred *p, int evt, size_t *nref_cap)
{
	char *key = leaf_key(p, evt);
	size_t id = pl->nleaves;
	for (size_t i = 0; i < pl->nleaves; i++)
		if (!strcmp(pl->leaves[i].key, key)) {
			id = i;
			break;
		}
	if (id == pl->nleaves) {
		pl->leaves = xreallocarray(pl->leaves, pl->nleaves + 1, sizeof(*pl->leaves));
		struct plan_leaf *l = &pl->leaves[pl->nleaves++];
		memset(l, 0, sizeof(*l));
		l->p = p;
		l->evt = evt;
		l->key = key;
		key = NULL;
		struct strbuf e = {0};
		if (leaf_expr(pl, p, evt, &e, &l->needles, &l->nneedles))
			l->expr = sb_detach(&e);
		sb_free(&e);
		l->lazy = leaf_lazy(p, evt);
	}
	free(key);
	if (pl->nlref == *nref_cap) {
		*nref_cap = *nref_cap ? *nref_cap * 2 : 64;
		pl->lref = xreallocarray(pl->lref, *nref_cap, sizeof(*pl->lref));
	}
	pl->lref[pl->nlref++] = (struct plan_ref){p, evt, id};
	return id;
}

/* The rule function's key: the rule, then its tree over leaf ids; collects its leaves. */
static void rule_key(struct plan *pl, const struct kpred *p, int evt, struct strbuf *k,
		     size_t *nref_cap, struct plan_rule *r)
{
	switch (p->kind) {
	case KP_CONST:
		sb_addf(k, "C%d", (int)p->value);
		return;
	case KP_LEAF: {
		size_t id = leaf_for(pl, p, evt, nref_cap);
		if (!pl->leaves[id].expr) {
			sb_addf(k, "U%p", (const void *)p->check);
			return;
		}
		sb_addf(k, "L%zu", id);
		for (size_t i = 0; i < r->nleaves; i++)
			if (r->leaves[i] == id)
				return;
		r->leaves = xreallocarray(r->leaves, r->nleaves + 1, sizeof(size_t));
		r->leaves[r->nleaves++] = id;
		return;
	}
	case KP_NOT:
	case KP_AND:
	case KP_OR:
		sb_addc(k, p->kind == KP_NOT ? 'N' : p->kind == KP_AND ? 'A' : 'O');
		sb_addc(k, '(');
		for (size_t i = 0; i < p->nkids; i++) {
			if (i)
				sb_addc(k, ',');
			rule_key(pl, p->kids[i], evt, k, nref_cap, r);
		}
		sb_addc(k, ')');
		return;
	}
}

static size_t rule_for(struct plan *pl, const struct pd_entry *pe, int evt, size_t *nl_cap)
{
	struct plan_rule r = {pe, evt, NULL, NULL, 0, false, false};
	struct strbuf k = {0};
	sb_addf(&k, "R%zu|", pe->rule_index);
	rule_key(pl, pe->pred, evt, &k, nl_cap, &r);
	for (size_t i = 0; i < pl->nrules; i++)
		if (!strcmp(pl->rules[i].key, sb_str(&k))) {
			sb_free(&k);
			free(r.leaves);
			return i;
		}
	r.key = sb_detach(&k);
	pl->rules = xreallocarray(pl->rules, pl->nrules + 1, sizeof(*pl->rules));
	pl->rules[pl->nrules] = r;
	return pl->nrules++;
}

/* ---- fd.name dispatch ------------------------------------------------------------------------ */

/* Rule sets with many rules of the form `fd.name = <path>` (one per watched file) cost one rule
 * call per rule per event. When at least PLAN_DISPATCH_MIN rules of an event type test fd.name
 * against constants of their own, one hash lookup of fd.name (map: constant -> 1 + the rule's
 * position) names the only rule of the group that can be TRUE; the others are FALSE without a
 * call. Sound only on a whole value: MISSING makes every such test FALSE (no hit), any other
 * state ships the event for userspace to decide. */
#define PLAN_DISPATCH_MIN 8

static bool dispatch_key(const struct kpred *p, int evt)
{
	if (p->kind != KP_LEAF)
		return false;
	const struct ast *c = p->check;
	if ((c->op != OP_EQ && c->op != OP_IN) || c->mod != MOD_NONE)
		return false;
	if (p->leaf.verdict != KC_EXACT && p->leaf.verdict != KC_NARROW)
		return false;
	if (p->leaf.cap && p->leaf.cap->src == KS_ANCESTOR && p->leaf.ancestor < 0)
		return false;
	struct member m;
	if (!leaf_member(p, evt, &m) || m.fid != F_FD_NAME || m.kind != MK_STR)
		return false;
	size_t n = kc_rhs_count(c);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		if (!a || an + 1 > LANNER_MAX_SET_KEY || an + 1 > (size_t)m.size ||
		    memchr(a, 0, an))
			return false;
	}
	return true;
}

/* The entry's key test, if any: the whole kernel part, or an operand of its top AND. */
static const struct kpred *entry_key(const struct kpred *pred, int evt, bool *pure)
{
	*pure = dispatch_key(pred, evt);
	if (*pure)
		return pred;
	if (pred->kind == KP_AND)
		for (size_t i = 0; i < pred->nkids; i++)
			if (dispatch_key(pred->kids[i], evt))
				return pred->kids[i];
	return NULL;
}

struct dconst {
	const char *s;
	size_t len, pos;
};

static int dconst_cmp(const void *a, const void *b)
{
	const struct dconst *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The group: rules with a key test whose constants no other rule of the group has. */
static void dispatch_group(const struct pd_event *ev, struct plan_dispatch *d,
			   const struct kpred **key, size_t *maxl)
{
	size_t ne = ev->nentries, nc = 0, k = 0;
	for (size_t i = 0; i < ne; i++)
		if ((key[i] = entry_key(ev->entries[i].pred, ev->evt, &d->pure[i])))
			nc += kc_rhs_count(key[i]->check);
	struct dconst *dc = xcalloc(nc + 1, sizeof(*dc));
	for (size_t i = 0; i < ne; i++) {
		if (!key[i])
			continue;
		d->grp[i] = true;
		for (size_t j = 0; j < kc_rhs_count(key[i]->check); j++, k++) {
			dc[k].s = kc_rhs_str(key[i]->check, j, &dc[k].len);
			dc[k].pos = i;
		}
	}
	/* a constant of two rules cannot name one: both leave the group */
	qsort(dc, nc, sizeof(*dc), dconst_cmp);
	for (size_t j = 1; j < nc; j++)
		if (dc[j].len == dc[j - 1].len && !memcmp(dc[j].s, dc[j - 1].s, dc[j].len) &&
		    dc[j].pos != dc[j - 1].pos)
			d->grp[dc[j].pos] = d->grp[dc[j - 1].pos] = false;
	*maxl = 0;
	for (size_t i = 0; i < ne; i++)
		d->n += d->grp[i];
	for (size_t j = 0; j < nc; j++)
		if (d->grp[dc[j].pos] && dc[j].len > *maxl)
			*maxl = dc[j].len;
	free(dc);
}

/* Plans ev's dispatch; adds the map's entries (or reuses an identical map). */
static void plan_dispatch(struct plan *pl, const struct pd_event *ev, struct plan_dispatch *d)
{
	size_t ne = ev->nentries, maxl;
	memset(d, 0, sizeof(*d));
	if (ne < PLAN_DISPATCH_MIN)
		return;
	d->grp = xcalloc(ne, sizeof(bool));
	d->pure = xcalloc(ne, sizeof(bool));
	const struct kpred **key = xcalloc(ne, sizeof(*key));
	dispatch_group(ev, d, key, &maxl);
	if (d->n < PLAN_DISPATCH_MIN) {
		d->n = 0;
		free(key);
		return;
	}
	d->ks = (uint32_t)((maxl + 1 + 7) / 8 * 8);
	/* the signature: key size, then every (position, constant) in position order */
	struct strbuf sig = {0};
	sb_addf(&sig, "%u", d->ks);
	for (size_t i = 0; i < ne; i++)
		for (size_t j = 0; d->grp[i] && j < kc_rhs_count(key[i]->check); j++) {
			size_t an;
			const char *a = kc_rhs_str(key[i]->check, j, &an);
			sb_addf(&sig, "\n%zu:%.*s", i, (int)an, a);
		}
	for (size_t s = 0; s < pl->ndsig; s++)
		if (!strcmp(pl->dsigs[s], sb_str(&sig))) {
			snprintf(d->name, sizeof(d->name), "lnr_d%zu", s);
			sb_free(&sig);
			free(key);
			return;
		}
	snprintf(d->name, sizeof(d->name), "lnr_d%zu", pl->ndsig);
	pl->dsigs = xreallocarray(pl->dsigs, pl->ndsig + 1, sizeof(char *));
	pl->dsigs[pl->ndsig++] = sb_detach(&sig);
	for (size_t i = 0; i < ne; i++) {
		if (!d->grp[i])
			continue;
		size_t n = kc_rhs_count(key[i]->check);
		struct meta_map *m = plan_add_dmap(pl, d->name, d->ks, (uint32_t)(i + 1), n);
		for (size_t j = 0; j < n; j++) {
			size_t an;
			const char *a = kc_rhs_str(key[i]->check, j, &an);
			m->items[j] = xstrndup(a, an);
		}
	}
	free(key);
}

/* ---- close gate ------------------------------------------------------------------------------ */

/* When every rule on close needs fd.name to be one of its constants (each has a dispatch key
 * test), close's entry compares the file's own name (its dentry's) with their last components
 * and drops the close of any other file before walking its path (sensor.bpf.c LNR_CLOSE_GATE).
 * Not planned when a constant's last component is empty or PLAN_CLOSE_GATE_MAX bytes or longer.
 * When every constant is an absolute path, no IPv4/IPv6 socket can match either (its fd.name is
 * addresses and ports, never a path): close_inet, and the gate drops their closes too. */
static void plan_close_gate(struct plan *pl)
{
	const struct pd_event *ev = NULL;
	for (size_t e = 0; e < pl->pd->nevents; e++)
		if (pl->pd->events[e].evt == EVT_close)
			ev = &pl->pd->events[e];
	if (!ev || !ev->nentries)
		return;
	size_t cap = 0;
	for (size_t i = 0; i < ev->nentries; i++) {
		bool pure;
		const struct kpred *k = entry_key(ev->entries[i].pred, ev->evt, &pure);
		if (!k)
			return;
		cap += kc_rhs_count(k->check);
	}
	pl->close_names = xcalloc(cap + 1, sizeof(char *));
	pl->close_lens = xcalloc(cap + 1, sizeof(size_t));
	bool all_abs = true;
	for (size_t i = 0; i < ev->nentries; i++) {
		bool pure;
		const struct kpred *k = entry_key(ev->entries[i].pred, ev->evt, &pure);
		for (size_t j = 0; j < kc_rhs_count(k->check); j++) {
			size_t an;
			const char *a = kc_rhs_str(k->check, j, &an);
			if (an == 0 || a[0] != '/') {
				all_abs = false; /* a socket's fd.name could be it */
				continue;	 /* never equal to an absolute fd.name */
			}
			const char *b = a + an;
			while (b > a && b[-1] != '/')
				b--;
			size_t bl = (size_t)(a + an - b);
			if (bl == 0 || bl >= PLAN_CLOSE_GATE_MAX) {
				pl->nclose = 0;
				return;
			}
			bool dup = false;
			for (size_t q = 0; q < pl->nclose && !dup; q++)
				dup = pl->close_lens[q] == bl && !memcmp(pl->close_names[q], b, bl);
			if (!dup) {
				pl->close_names[pl->nclose] = b;
				pl->close_lens[pl->nclose++] = bl;
			}
		}
	}
	pl->close_gate = true;
	pl->close_inet = all_abs;
	if (pl->nclose <= PLAN_CLOSE_GATE_INLINE)
		return;
	/* more names than compared inline: a hash map the loader fills, keyed by the longest name
	 * + NUL in whole words (less to hash) */
	size_t ks = 8;
	for (size_t q = 0; q < pl->nclose; q++)
		if ((pl->close_lens[q] + 1 + 7) / 8 * 8 > ks)
			ks = (pl->close_lens[q] + 1 + 7) / 8 * 8;
	pl->close_ks = ks;
	struct meta_map *m = plan_add_dmap(pl, "lnr_close_names", (uint32_t)ks, 1, pl->nclose);
	for (size_t q = 0; q < pl->nclose; q++)
		m->items[q] = xstrndup(pl->close_names[q], pl->close_lens[q]);
}

/* ---- budget ---------------------------------------------------------------------------------- */

static bool no_inline(void)
{
	/* tests only: never inline or split, so the verifier's refusal of a program can be shown */
	const char *ni = getenv("LANNER_GEN_NO_INLINE");
	return ni && *ni && strcmp(ni, "0");
}

static void prog_cost(const struct plan *pl, struct plan_prog *pp, size_t *nsub)
{
	struct plan_cost c;
	plan_range_cost(pl, pp, 0, pp->ev->nentries, &c);
	*nsub = c.nsub;
	pp->insns = c.insns;
}

/* Over the subprogram budget: the program's rule functions get their leaves inlined; still over
 * a budget (subprograms or instructions): split into parts (plan_split.c). */
static void plan_budget(struct plan *pl)
{
	bool ni = no_inline();
	for (size_t p = 0; p < pl->nprogs; p++) {
		struct plan_prog *pp = &pl->progs[p];
		prog_cost(pl, pp, &pp->nsub_full);
		if (pp->nsub_full <= PLAN_BUDGET || ni)
			continue;
		pp->compact = true;
		for (size_t i = 0; i < pp->ev->nentries; i++)
			if (pp->fn[i] >= 0)
				pl->rules[pp->fn[i]].compact = true;
	}
	/* compacting a shared rule function lowers other programs' counts too: count again */
	for (size_t p = 0; p < pl->nprogs; p++) {
		struct plan_prog *pp = &pl->progs[p];
		prog_cost(pl, pp, &pp->nsub);
		pp->compact = pp->nsub < pp->nsub_full;
	}
	plan_split(pl, !ni);
}

/* Prog-array slots of the parts after the first: programs with one filter share its parts. */
static void plan_slots(struct plan *pl)
{
	for (size_t p = 0; p < pl->nprogs; p++) {
		struct plan_prog *pp = &pl->progs[p];
		if (pp->nparts < 2)
			continue;
		for (size_t q = 0; q < p && pp->slot < 0; q++)
			if (pl->progs[q].filter_group == pp->filter_group)
				pp->slot = pl->progs[q].slot;
		if (pp->slot < 0) {
			pp->slot = (int)pl->nslots;
			pl->nslots += pp->nparts - 1;
		}
		if (pp->ev->evt == EVT_execve || pp->ev->evt == EVT_execveat) {
			pp->exec_slot = (int)pl->nexec_slots;
			pl->nexec_slots += pp->nparts - 1;
		}
	}
}

/* Which functions and needles the kernel uses; which leaves need a global function. */
static void plan_usage(struct plan *pl)
{
	for (size_t p = 0; p < pl->nprogs; p++) {
		const struct plan_prog *pp = &pl->progs[p];
		for (size_t i = 0; i < pp->ev->nentries; i++)
			if (pp->fn[i] >= 0 && !(pp->dp.n && pp->dp.grp[i] && pp->dp.pure[i]))
				pl->rules[pp->fn[i]].kernel = true;
	}
	for (size_t f = 0; f < pl->nrules; f++) {
		const struct plan_rule *r = &pl->rules[f];
		for (size_t j = 0; j < r->nleaves; j++) {
			struct plan_leaf *l = &pl->leaves[r->leaves[j]];
			l->kernel |= r->kernel;
			l->global |= !r->compact;
			l->inlined |= r->compact;
			l->kernel_global |= r->kernel && !r->compact;
			for (size_t k = 0; k < l->nneedles; k++)
				pl->needles[l->needles[k]].kernel |= r->kernel;
		}
	}
}

/* ---- shared fetch and filter functions ------------------------------------------------------- */

/* What the fetch of evt depends on beyond its members' names. */
static void fetch_key(struct strbuf *k, int evt, const struct evmembers *em)
{
	const struct kc_event *ke = kc_event(evt);
	sb_addf(k, "open=%d dirfd=%d fdpath=%d symlinkat=%d exec=%d;", is_open_family(evt),
		ke && (ke->caps & KE_DIRFD) ? 1 : 0, ke && (ke->caps & KE_FD_PATH) ? 1 : 0,
		evt == EVT_symlinkat, evt == EVT_execve || evt == EVT_execveat);
	for (size_t i = 0; i < em->n; i++) {
		const struct member *m = &em->m[i];
		sb_addf(k, "%s", m->name);
		if (m->fid == F_EVT_IS_OPEN_READ || m->fid == F_EVT_IS_OPEN_WRITE)
			sb_addf(k, "<%s", open_flags_expr(evt) ? open_flags_expr(evt) : "-");
		if (m->fid == F_EVT_ARG && m->kind == MK_NUM)
			sb_addf(k, "<%s",
				param_raw_expr(evt, m->param) ? param_raw_expr(evt, m->param)
							      : "-");
		if (m->fid == F_EVT_ARG && m->kind == MK_STR)
			sb_addf(k, "<%d",
				param_slot_of(evt, evt_param_by_name(evt, m->param, NULL)));
		sb_addc(k, ',');
	}
}

static int group_of(char ***keys, size_t *n, char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*keys)[i], key)) {
			free(key);
			return (int)i;
		}
	*keys = xreallocarray(*keys, *n + 1, sizeof(char *));
	(*keys)[*n] = key;
	return (int)(*n)++;
}

static void plan_groups(struct plan *pl)
{
	char **fk = NULL, **gk = NULL;
	size_t nf = 0, ng = 0;
	for (size_t p = 0; p < pl->nprogs; p++) {
		struct plan_prog *pp = &pl->progs[p];
		struct strbuf k = {0};
		fetch_key(&k, pp->ev->evt, &pl->mems[p]);
		pp->fetch_group = group_of(&fk, &nf, sb_detach(&k));
		sb_addf(&k, "F%d|%s|", pp->fetch_group, pp->dp.name);
		for (size_t i = 0; i < pp->ev->nentries; i++)
			sb_addf(&k, "%zu:%d:%d%d,", pp->ev->entries[i].rule_index, pp->fn[i],
				pp->dp.n ? pp->dp.grp[i] : 0, pp->dp.n ? pp->dp.pure[i] : 0);
		pp->filter_group = group_of(&gk, &ng, sb_detach(&k));
	}
	for (size_t i = 0; i < nf; i++)
		free(fk[i]);
	for (size_t i = 0; i < ng; i++)
		free(gk[i]);
	free(fk);
	free(gk);
}

/* ---- the plan -------------------------------------------------------------------------------- */

struct plan *plan_build(const struct pushdown *pd, bool kfuncs)
{
	struct plan *pl = xcalloc(1, sizeof(*pl));
	pl->pd = pd;
	pl->kfuncs = kfuncs;
	pl->nprogs = pd->nevents;
	pl->progs = xcalloc(pd->nevents + 1, sizeof(*pl->progs));
	pl->mems = xcalloc(pd->nevents + 1, sizeof(*pl->mems));
	size_t lcap = 0;
	for (size_t e = 0; e < pd->nevents; e++) {
		const struct pd_event *ev = &pd->events[e];
		struct plan_prog *pp = &pl->progs[e];
		pp->ev = ev;
		pp->fn = xcalloc(ev->nentries + 1, sizeof(int));
		for (size_t i = 0; i < ev->nentries; i++) {
			const struct kpred *kp = ev->entries[i].pred;
			collect_members(kp, ev->evt, &pl->mems[e]);
			collect_members(kp, ev->evt, &pl->all);
			bool unk = kp->kind == KP_CONST && kp->value == TV_UNKNOWN;
			pp->fn[i] = unk ? -1 : (int)rule_for(pl, &ev->entries[i], ev->evt, &lcap);
		}
		if (pl->mems[e].n)
			qsort(pl->mems[e].m, pl->mems[e].n, sizeof(struct member), member_cmp);
		plan_dispatch(pl, ev, &pp->dp);
	}
	if (pl->all.n)
		qsort(pl->all.m, pl->all.n, sizeof(struct member), member_cmp);
	qsort(pl->lref, pl->nlref, sizeof(*pl->lref), ref_cmp);
	plan_close_gate(pl);
	plan_budget(pl);
	plan_usage(pl);
	plan_groups(pl);
	plan_slots(pl);
	plan_names(pl);
	plan_paths(pl);
	return pl;
}

const struct plan_prog *plan_largest(const struct plan *pl)
{
	const struct plan_prog *best = NULL;
	const struct plan_part *bp = NULL;
	for (size_t p = 0; p < pl->nprogs; p++) {
		const struct plan_part *pt = plan_part_largest(&pl->progs[p]);
		if (!pt)
			continue;
		if (!bp || pt->nsub > bp->nsub || (pt->nsub == bp->nsub && pt->insns > bp->insns)) {
			best = &pl->progs[p];
			bp = pt;
		}
	}
	return best;
}

static void list_rules(const struct plan_prog *pp, size_t first, size_t end)
{
	for (size_t i = first; i < end && i < first + 20; i++)
		fprintf(stderr, "%s '%s'", i > first ? "," : "", pp->ev->entries[i].rule->name);
	fprintf(stderr, "%s\n", end > first + 20 ? ", ..." : "");
}

/* A rule whose own function is over a budget: splitting cannot help. */
static int check_part(const struct plan_prog *pp, const struct plan_part *pt, const char *who)
{
	const char *what = pt->nsub > PLAN_BUDGET	? "functions"
			   : pt->insns > PLAN_MAX_INSNS ? "estimated instructions"
			   : pt->stack > PLAN_MAX_STACK ? "bytes of stack (estimate)"
							: NULL;
	if (!what)
		return 0;
	size_t have = pt->nsub > PLAN_BUDGET	   ? pt->nsub
		      : pt->insns > PLAN_MAX_INSNS ? pt->insns
						   : pt->stack;
	size_t lim = pt->nsub > PLAN_BUDGET	  ? PLAN_BUDGET
		     : pt->insns > PLAN_MAX_INSNS ? PLAN_MAX_INSNS
						  : PLAN_MAX_STACK;
	fprintf(stderr,
		"%s: error: the program for %s needs %zu %s (limit %zu) even with its leaves "
		"inlined and split into %zu parts; the rules of that part:",
		who, evt_name(pp->ev->evt), have, what, lim, pp->nparts);
	list_rules(pp, pt->first, pt->end);
	fprintf(stderr,
		"%s: simplify or disable these rules (enabled: false), restrict their evt.type, "
		"or split them over several bundles\n",
		who);
	return -1;
}

int plan_check(const struct plan *pl, const char *who)
{
	int rc = 0;
	if (no_inline())
		return 0; /* tests: let the verifier say it */
	for (size_t p = 0; p < pl->nprogs; p++) {
		const struct plan_prog *pp = &pl->progs[p];
		for (size_t k = 0; k < pp->nparts; k++)
			if (check_part(pp, &pp->parts[k], who))
				rc = -1;
		if (pp->nparts > PLAN_MAX_PARTS) {
			fprintf(stderr,
				"%s: error: the program for %s needs %zu parts chained by tail "
				"calls "
				"(limit %d); its %zu rules:",
				who, evt_name(pp->ev->evt), pp->nparts, PLAN_MAX_PARTS,
				pp->ev->nentries);
			list_rules(pp, 0, pp->ev->nentries);
			fprintf(stderr,
				"%s: split these rules over several bundles, or disable some "
				"(enabled: false) or restrict their evt.type\n",
				who);
			rc = -1;
		}
	}
	return rc;
}

/* What one element of each of the plan's arrays owns (CLEAR_EACH hands over each element). */
static void leaf_clear(struct plan_leaf *l)
{
	free(l->key);
	free(l->expr);
	free(l->needles);
}

static void rule_clear(struct plan_rule *r)
{
	free(r->key);
	free(r->leaves);
}

static void needle_clear(struct plan_needle *n)
{
	free(n->member);
	free(n->s);
}

static void prog_clear(struct plan_prog *pp)
{
	for (size_t k = 0; pp->nmask && k < pp->nparts; k++) {
		for (size_t b = 0; pp->nmask[k].names && b < pp->nmask[k].n; b++) {
			for (char **c = pp->nmask[k].names[b]; *c; c++)
				free(*c);
			free(pp->nmask[k].names[b]);
		}
		free(pp->nmask[k].names);
		free(pp->nmask[k].bit);
	}
	free(pp->nmask);
	for (size_t i = 0; pp->px && i < pp->ev->nentries; i++)
		free(pp->px[i]);
	free(pp->px);
	free(pp->fn);
	free(pp->parts);
	free(pp->dp.grp);
	free(pp->dp.pure);
}

static void members_clear(struct evmembers *m)
{
	free(m->m);
}

static void map_clear(struct meta_map *m)
{
	free(m->name);
	FREE_EACH(m->items, m->nitems, free);
}

void plan_free(struct plan *pl)
{
	if (!pl)
		return;
	CLEAR_EACH(pl->leaves, pl->nleaves, leaf_clear);
	CLEAR_EACH(pl->rules, pl->nrules, rule_clear);
	CLEAR_EACH(pl->needles, pl->nneedles, needle_clear);
	CLEAR_EACH(pl->progs, pl->nprogs, prog_clear);
	CLEAR_EACH(pl->mems, pl->nprogs, members_clear);
	members_clear(&pl->all);
	CLEAR_EACH(pl->maps, pl->nmaps, map_clear);
	CLEAR_EACH(pl->dmaps, pl->ndmaps, map_clear);
	FREE_EACH(pl->dsigs, pl->ndsig, free);
	FREE_EACH(pl->nsigs, pl->nnsig, free);
	CLEAR_EACH(pl->ntabs, pl->nnsig, plan_ntab_free);
	/* close_names are borrowed from the checks: only the arrays are the plan's */
	free(pl->close_names);
	free(pl->close_lens);
	free(pl->lref);
	free(pl->rref);
	free(pl);
}
