/* pushdown.c — per-event-type kernel predicates of every rule (contract in pushdown.h). */
#include "pushdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Kleene logic --------------------------------------------------------------------------- */

enum tv tv_and(enum tv a, enum tv b)
{
	if (a == TV_FALSE || b == TV_FALSE)
		return TV_FALSE;
	if (a == TV_TRUE && b == TV_TRUE)
		return TV_TRUE;
	return TV_UNKNOWN;
}

/* De Morgan's law holds in Kleene's logic: a OR b is NOT (NOT a AND NOT b). */
enum tv tv_or(enum tv a, enum tv b)
{
	return tv_not(tv_and(tv_not(a), tv_not(b)));
}

enum tv tv_not(enum tv a)
{
	return a == TV_TRUE ? TV_FALSE : a == TV_FALSE ? TV_TRUE : TV_UNKNOWN;
}

enum tv kpred_eval(const struct kpred *p, enum tv (*leaf)(const struct kpred *p, void *ctx),
		   void *ctx)
{
	switch (p->kind) {
	case KP_CONST:
		return p->value;
	case KP_LEAF:
		return leaf(p, ctx);
	case KP_NOT:
		return tv_not(kpred_eval(p->kids[0], leaf, ctx));
	case KP_AND: {
		enum tv r = TV_TRUE;
		for (size_t i = 0; i < p->nkids && r != TV_FALSE; i++)
			r = tv_and(r, kpred_eval(p->kids[i], leaf, ctx));
		return r;
	}
	case KP_OR: {
		enum tv r = TV_FALSE;
		for (size_t i = 0; i < p->nkids && r != TV_TRUE; i++)
			r = tv_or(r, kpred_eval(p->kids[i], leaf, ctx));
		return r;
	}
	}
	return TV_UNKNOWN;
}

/* ---- trees ---------------------------------------------------------------------------------- */

static struct kpred *kp_new(enum kp_kind kind)
{
	struct kpred *p = calloc(1, sizeof(*p));
	if (p)
		p->kind = kind;
	return p;
}

static struct kpred *kp_const(enum tv v)
{
	struct kpred *p = kp_new(KP_CONST);
	if (p)
		p->value = v;
	return p;
}

void kpred_free(struct kpred *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nkids; i++)
		kpred_free(p->kids[i]);
	free(p->kids);
	kc_leaf_free(&p->leaf);
	free(p);
}

static bool kp_push(struct kpred *p, struct kpred *kid)
{
	struct kpred **k = realloc(p->kids, (p->nkids + 1) * sizeof(*k));
	if (!k)
		return false;
	p->kids = k;
	p->kids[p->nkids++] = kid;
	return true;
}

/* Replaces p by a constant, freeing it. */
static struct kpred *kp_become_const(struct kpred *p, enum tv v)
{
	kpred_free(p);
	return kp_const(v);
}

struct kpred *kpred_simplify(struct kpred *p)
{
	if (!p)
		return NULL;
	if (p->kind == KP_CONST || p->kind == KP_LEAF)
		return p;
	for (size_t i = 0; i < p->nkids; i++) {
		p->kids[i] = kpred_simplify(p->kids[i]);
		if (!p->kids[i]) {
			kpred_free(p);
			return NULL;
		}
	}
	if (p->kind == KP_NOT) {
		struct kpred *k = p->kids[0];
		if (k->kind == KP_CONST)
			return kp_become_const(p, tv_not(k->value));
		if (k->kind == KP_NOT) { /* not not x = x */
			struct kpred *x = k->kids[0];
			k->nkids = 0;
			kpred_free(p);
			return x;
		}
		return p;
	}
	/* AND / OR: the absorbing constant decides; the neutral one disappears; UNKNOWNs merge */
	enum tv absorb = p->kind == KP_AND ? TV_FALSE : TV_TRUE;
	enum tv neutral = p->kind == KP_AND ? TV_TRUE : TV_FALSE;
	bool unknown = false;
	struct kpred **kids = p->kids;
	size_t n = p->nkids, out = 0;
	p->kids = NULL;
	p->nkids = 0;
	for (size_t i = 0; i < n; i++) {
		struct kpred *k = kids[i];
		if (k->kind == KP_CONST && k->value == absorb) {
			for (size_t j = i; j < n; j++)
				kpred_free(kids[j]);
			for (size_t j = 0; j < out; j++)
				kpred_free(kids[j]);
			free(kids);
			return kp_become_const(p, absorb);
		}
		if (k->kind == KP_CONST) {
			unknown |= k->value == TV_UNKNOWN;
			kpred_free(k);
			continue;
		}
		kids[out++] = k;
	}
	/* flatten nested nodes of the same kind (their own constants are already folded) */
	for (size_t i = 0; i < out; i++) {
		struct kpred *k = kids[i];
		if (k->kind == p->kind) {
			for (size_t j = 0; j < k->nkids; j++) {
				if (k->kids[j]->kind == KP_CONST) {
					unknown = true; /* the only constant left there */
					kpred_free(k->kids[j]);
				} else if (!kp_push(p, k->kids[j])) {
					goto oom;
				}
				k->kids[j] = NULL;
			}
			k->nkids = 0;
			kpred_free(k);
		} else if (!kp_push(p, k)) {
			goto oom;
		}
		kids[i] = NULL;
	}
	free(kids);
	if (p->nkids == 0)
		return kp_become_const(p, unknown ? TV_UNKNOWN : neutral);
	if (unknown) {
		struct kpred *u = kp_const(TV_UNKNOWN);
		if (!u || !kp_push(p, u)) {
			kpred_free(u);
			kpred_free(p);
			return NULL;
		}
	} else if (p->nkids == 1) {
		struct kpred *x = p->kids[0];
		p->nkids = 0;
		kpred_free(p);
		return x;
	}
	return p;
oom:
	for (size_t i = 0; i < out; i++)
		kpred_free(kids[i]);
	free(kids);
	kpred_free(p);
	return NULL;
}

/* The unsimplified specialisation: checks classified, connectives copied. */
static struct kpred *specialise(const struct ast *a, int evt)
{
	struct kpred *p;
	switch (a->kind) {
	case AST_CHECK: {
		struct kc_leaf l;
		kc_classify(a, evt, &l);
		if (l.verdict == KC_STATIC || l.verdict == KC_USERSPACE) {
			enum tv v = l.verdict == KC_STATIC ? l.value : TV_UNKNOWN;
			kc_leaf_free(&l);
			return kp_const(v);
		}
		p = kp_new(KP_LEAF);
		if (!p) {
			kc_leaf_free(&l);
			return NULL;
		}
		p->check = a;
		p->leaf = l;
		return p;
	}
	case AST_AND:
	case AST_OR:
	case AST_NOT:
		p = kp_new(a->kind == AST_AND ? KP_AND : a->kind == AST_OR ? KP_OR : KP_NOT);
		if (!p)
			return NULL;
		for (size_t i = 0; i < a->nkids; i++) {
			struct kpred *k = specialise(a->kids[i], evt);
			if (!k || !kp_push(p, k)) {
				kpred_free(k);
				kpred_free(p);
				return NULL;
			}
		}
		if (p->kind == KP_NOT && p->nkids != 1) {
			kpred_free(p);
			return kp_const(TV_UNKNOWN);
		}
		return p;
	case AST_MACRO: /* not inlined: the compiler failed; never trust it in the kernel */
		return kp_const(TV_UNKNOWN);
	}
	return kp_const(TV_UNKNOWN);
}

struct kpred *kpred_specialise(const struct ast *cond, int evt)
{
	if (!cond)
		return kp_const(TV_UNKNOWN);
	return kpred_simplify(specialise(cond, evt));
}

bool kpred_has_unknown(const struct kpred *p)
{
	if (p->kind == KP_CONST)
		return p->value == TV_UNKNOWN;
	for (size_t i = 0; i < p->nkids; i++)
		if (kpred_has_unknown(p->kids[i]))
			return true;
	return false;
}

bool kpred_all_exact(const struct kpred *p)
{
	if (p->kind == KP_CONST)
		return p->value != TV_UNKNOWN;
	if (p->kind == KP_LEAF)
		return p->leaf.verdict == KC_EXACT;
	for (size_t i = 0; i < p->nkids; i++)
		if (!kpred_all_exact(p->kids[i]))
			return false;
	return true;
}

void kpred_fields(const struct kpred *p, bool *used)
{
	if (p->kind == KP_LEAF && p->check->lhs && p->check->lhs->field)
		used[p->check->lhs->field->id] = true;
	for (size_t i = 0; i < p->nkids; i++)
		kpred_fields(p->kids[i], used);
}

/* ---- printing ------------------------------------------------------------------------------- */

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void sb_put(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *t = realloc(b->s, cap);
		if (!t) {
			b->oom = true;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void print_rec(struct sbuf *b, const struct kpred *p, bool top)
{
	switch (p->kind) {
	case KP_CONST:
		sb_put(b, tv_name(p->value));
		return;
	case KP_LEAF: {
		char *t = ast_print(p->check);
		sb_put(b, t ? t : "?");
		free(t);
		return;
	}
	case KP_NOT:
		sb_put(b, "not ");
		print_rec(b, p->kids[0], false);
		return;
	case KP_AND:
	case KP_OR:
		if (!top)
			sb_put(b, "(");
		for (size_t i = 0; i < p->nkids; i++) {
			if (i)
				sb_put(b, p->kind == KP_AND ? " and " : " or ");
			print_rec(b, p->kids[i], false);
		}
		if (!top)
			sb_put(b, ")");
		return;
	}
}

char *kpred_print(const struct kpred *p)
{
	struct sbuf b = {0};
	print_rec(&b, p, true);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s ? b.s : strdup("");
}

/* ---- rules × event types -------------------------------------------------------------------- */

const char *pd_decided_name(enum pd_decided d)
{
	static const char *const names[] = {[PD_FULL] = "fully",
					    [PD_PARTIAL] = "partly",
					    [PD_NONE] = "not at all",
					    [PD_NEVER] = "never"};
	return (unsigned)d < sizeof(names) / sizeof(names[0]) ? names[d] : "?";
}

static int cmp_rule_index(const void *a, const void *b)
{
	const struct rl_rule *x = *(const struct rl_rule *const *)a;
	const struct rl_rule *y = *(const struct rl_rule *const *)b;
	return (x->index > y->index) - (x->index < y->index);
}

static bool rule_wanted(const struct rl_rule *r, int min_priority)
{
	return r->enabled && !r->skipped && !r->unknown_source && r->ast &&
	       (int)r->priority <= min_priority;
}

static bool add_entry(struct pd_event *e, struct pd_entry en)
{
	struct pd_entry *t = realloc(e->entries, (e->nentries + 1) * sizeof(*t));
	if (!t)
		return false;
	e->entries = t;
	e->entries[e->nentries++] = en;
	return true;
}

struct pushdown *pushdown_build(const struct ruleset *rs, int min_priority)
{
	struct pushdown *pd = calloc(1, sizeof(*pd));
	const struct rl_rule **order = calloc(rs->nrules + 1, sizeof(*order));
	struct pd_event *byevt = calloc(EVT_COUNT, sizeof(*byevt));
	size_t nwanted = 0, ncap;
	const struct kc_event *cap = kc_events(&ncap);
	if (!pd || !order || !byevt)
		goto oom;
	for (size_t i = 0; i < rs->nrules; i++)
		if (rule_wanted(&rs->rules[i], min_priority))
			order[nwanted++] = &rs->rules[i];
	qsort(order, nwanted, sizeof(*order), cmp_rule_index);
	pd->rules = calloc(nwanted + 1, sizeof(*pd->rules));
	if (!pd->rules)
		goto oom;
	pd->nrules = nwanted;
	for (size_t r = 0; r < nwanted; r++) {
		const struct rl_rule *rule = order[r];
		struct pd_rule *pr = &pd->rules[r];
		struct evtset set;
		pr->rule = rule;
		pr->residual = rule->ast;
		if (rule->evttypes) {
			memcpy(set.bits, rule->evttypes, EVTSET_BYTES);
			pr->all_types = rule->nevttypes >= EVT_ALL_TYPES;
		} else {
			evtset_all(&set); /* not computed: every type, the specialisation decides */
			pr->all_types = true;
		}
		evtset_none(&pr->types);
		pr->uncaptured = set;
		bool all_full = true, all_unknown = true;
		for (size_t k = 0; k < ncap; k++) {
			int evt = cap[k].evt;
			if (!evtset_test(&set, evt))
				continue;
			evtset_clear(&pr->uncaptured, evt);
			struct kpred *p = kpred_specialise(rule->ast, evt);
			if (!p)
				goto oom;
			if (p->kind == KP_CONST && p->value == TV_FALSE) {
				kpred_free(p);
				continue;
			}
			struct pd_entry en = {
				.rule = rule,
				.rule_index = r,
				.pred = p,
				.fully_in_kernel = !kpred_has_unknown(p),
				.exact = kpred_all_exact(p),
			};
			byevt[evt].evt = evt;
			if (!add_entry(&byevt[evt], en)) {
				kpred_free(p);
				goto oom;
			}
			evtset_set(&pr->types, evt);
			all_full &= en.fully_in_kernel;
			all_unknown &= p->kind == KP_CONST && p->value == TV_UNKNOWN;
		}
		if (evtset_count(&pr->types) == 0)
			pr->decided = PD_NEVER;
		else
			pr->decided = all_full ? PD_FULL : all_unknown ? PD_NONE : PD_PARTIAL;
	}
	for (int e = 0; e < EVT_COUNT; e++)
		if (byevt[e].nentries)
			pd->nevents++;
	pd->events = calloc(pd->nevents + 1, sizeof(*pd->events));
	if (!pd->events)
		goto oom;
	pd->nevents = 0;
	for (int e = 0; e < EVT_COUNT; e++)
		if (byevt[e].nentries) {
			pd->events[pd->nevents++] = byevt[e];
			byevt[e].entries = NULL;
			byevt[e].nentries = 0;
		}
	free(byevt);
	free(order);
	return pd;
oom:
	if (byevt) {
		for (int e = 0; e < EVT_COUNT; e++) {
			for (size_t i = 0; i < byevt[e].nentries; i++)
				kpred_free(byevt[e].entries[i].pred);
			free(byevt[e].entries);
		}
		free(byevt);
	}
	free(order);
	pushdown_free(pd);
	return NULL;
}

void pushdown_free(struct pushdown *pd)
{
	if (!pd)
		return;
	for (size_t e = 0; e < pd->nevents; e++) {
		for (size_t i = 0; i < pd->events[e].nentries; i++)
			kpred_free(pd->events[e].entries[i].pred);
		free(pd->events[e].entries);
	}
	free(pd->events);
	free(pd->rules);
	free(pd);
}

const struct pd_rule *pushdown_find(const struct pushdown *pd, const char *name)
{
	for (size_t i = 0; i < pd->nrules; i++)
		if (strcmp(pd->rules[i].rule->name, name) == 0)
			return &pd->rules[i];
	return NULL;
}
