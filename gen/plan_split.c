/* plan_split.c — a program's cost (subprograms, instructions, stack) and its split into parts
 * chained by tail calls when it is over a budget (contract in plan.h). */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* ---- stack ------------------------------------------------------------------------------------
 */

/* Nesting of Kleene temporaries: each NOT/AND/OR level holds one __s8 while its operands run. */
static size_t pred_depth(const struct kpred *p)
{
	size_t d = 0;
	if (p->kind == KP_LEAF || p->kind == KP_CONST)
		return 0;
	for (size_t i = 0; i < p->nkids; i++) {
		size_t k = pred_depth(p->kids[i]);
		if (k > d)
			d = k;
	}
	return d + 1;
}

/* The frame of a leaf (or of lnr_need and its callback) a rule function calls: key and scan
 * state live in per-CPU maps, what is left is a few spilled registers and the scan's state. */
#define PLAN_LEAF_STACK 96

size_t plan_rule_stack(const struct plan *pl, size_t f)
{
	/* every temporary spilled (an upper bound: clang keeps most in registers), the frame's
	 * own words, then the deepest callee */
	return 8 * (pred_depth(pl->rules[f].pe->pred) + 1) + 16 + PLAN_LEAF_STACK;
}

/* ---- cost of a range of positions -------------------------------------------------------------
 */

struct cost_state {
	bool *seen_r, *seen_l, *seen_n;
	bool lazy;
	struct plan_cost c;
};

static void cost_reset(const struct plan *pl, struct cost_state *st)
{
	memset(st->seen_r, 0, pl->nrules + 1);
	memset(st->seen_l, 0, pl->nleaves + 1);
	memset(st->seen_n, 0, pl->nneedles + 1);
	st->lazy = false;
	memset(&st->c, 0, sizeof(st->c));
}

/* What position i adds to the part st describes; with commit, it is added. A rule function is
 * one subprogram (and its estimate) once per part, the global leaves it calls one each, the
 * contains callbacks of its leaves one each (no string kfunc), lnr_need and the argv callback
 * once when a leaf reads lazily fetched values. */
unsigned plan_insns_scale = PLAN_INSNS_SCALE;

static struct plan_cost entry_cost(const struct plan *pl, const struct plan_prog *pp, size_t i,
				   struct cost_state *st, bool commit)
{
	struct plan_cost d = {0, 0, 0};
	int f = pp->fn[i];
	if (f < 0 || (pp->dp.n && pp->dp.grp[i] && pp->dp.pure[i]) || st->seen_r[f])
		return d;
	const struct plan_rule *r = &pl->rules[f];
	bool lazy = st->lazy;
	d.nsub = 1;
	size_t ins = 16;
	d.stack = plan_rule_stack(pl, (size_t)f);
	for (size_t j = 0; j < r->nleaves; j++) {
		size_t lid = r->leaves[j];
		const struct plan_leaf *l = &pl->leaves[lid];
		ins += 8 + strlen(l->expr) / 6; /* a rough bytes-of-C to instructions ratio */
		if (l->lazy && !lazy) {
			lazy = true;
			d.nsub += 2;
		}
		if (!r->compact && !st->seen_l[lid]) {
			d.nsub++;
			if (commit)
				st->seen_l[lid] = true;
		}
		for (size_t k = 0; !pl->kfuncs && k < l->nneedles; k++)
			if (!st->seen_n[l->needles[k]]) {
				d.nsub++;
				if (commit)
					st->seen_n[l->needles[k]] = true;
			}
	}
	d.insns = ins * plan_insns_scale;
	if (!commit) {
		/* leaves or needles shared by two of its own leaves were counted twice: an
		 * overestimate only, and only for the question whether it still fits */
		return d;
	}
	st->seen_r[f] = true;
	st->lazy = lazy;
	st->c.nsub += d.nsub;
	st->c.insns += d.insns;
	if (d.stack > st->c.stack)
		st->c.stack = d.stack;
	return d;
}

static void state_init(const struct plan *pl, struct cost_state *st)
{
	st->seen_r = xcalloc(pl->nrules + 1, 1);
	st->seen_l = xcalloc(pl->nleaves + 1, 1);
	st->seen_n = xcalloc(pl->nneedles + 1, 1);
	cost_reset(pl, st);
}

static void state_free(struct cost_state *st)
{
	free(st->seen_r);
	free(st->seen_l);
	free(st->seen_n);
}

void plan_range_cost(const struct plan *pl, const struct plan_prog *pp, size_t first, size_t end,
		     struct plan_cost *c)
{
	struct cost_state st;
	state_init(pl, &st);
	for (size_t i = first; i < end; i++)
		entry_cost(pl, pp, i, &st, true);
	*c = st.c;
	state_free(&st);
}

/* ---- the split --------------------------------------------------------------------------------
 */

/* The part programs after the first have a small frame of their own (no fetch, no record
 * building): the sensor's exit program frame is the first part's. */
#define PLAN_PART_STACK 64

static void add_part(struct plan_prog *pp, size_t first, size_t end, const struct plan_cost *c)
{
	bool head = pp->nparts == 0; /* the exit program itself */
	pp->parts = xreallocarray(pp->parts, pp->nparts + 1, sizeof(*pp->parts));
	struct plan_part *pt = &pp->parts[pp->nparts++];
	pt->first = first;
	pt->end = end;
	pt->nsub = c->nsub;
	pt->insns = (head ? PLAN_SENSOR_INSNS : PLAN_PART_INSNS) + c->insns;
	pt->stack = (head ? PLAN_SENSOR_STACK : PLAN_PART_STACK) + c->stack;
	if (pt->stack > pp->stack)
		pp->stack = pt->stack;
}

/* Greedy in position order: a part takes positions until the next one would pass a budget.
 * Positions stay in order, so the verdicts are added in the order the unsplit filter adds them. */
static void split_prog(const struct plan *pl, struct plan_prog *pp, struct cost_state *st,
		       bool split)
{
	size_t ne = pp->ev->nentries, first = 0;
	cost_reset(pl, st);
	for (size_t i = 0; i < ne; i++) {
		if (split && i > first) {
			struct plan_cost d = entry_cost(pl, pp, i, st, false);
			size_t base = pp->nparts ? PLAN_PART_INSNS : PLAN_SENSOR_INSNS;
			if (st->c.nsub + d.nsub > PLAN_BUDGET ||
			    base + st->c.insns + d.insns > PLAN_MAX_INSNS) {
				add_part(pp, first, i, &st->c);
				cost_reset(pl, st);
				first = i;
			}
		}
		entry_cost(pl, pp, i, st, true);
	}
	add_part(pp, first, ne, &st->c);
}

void plan_split(struct plan *pl, bool enabled)
{
	struct cost_state st;
	state_init(pl, &st);
	for (size_t p = 0; p < pl->nprogs; p++) {
		struct plan_prog *pp = &pl->progs[p];
		free(pp->parts);
		pp->parts = NULL;
		pp->nparts = 0;
		pp->stack = 0;
		bool over =
			pp->nsub > PLAN_BUDGET || PLAN_SENSOR_INSNS + pp->insns > PLAN_MAX_INSNS;
		split_prog(pl, pp, &st, enabled && over);
		pp->slot = pp->exec_slot = -1;
	}
	state_free(&st);
}

size_t plan_part_of(const struct plan_prog *pp, size_t pos)
{
	for (size_t k = 0; k < pp->nparts; k++)
		if (pos < pp->parts[k].end)
			return k;
	return pp->nparts ? pp->nparts - 1 : 0;
}

const struct plan_part *plan_part_largest(const struct plan_prog *pp)
{
	const struct plan_part *b = NULL;
	for (size_t k = 0; k < pp->nparts; k++)
		if (!b || pp->parts[k].nsub > b->nsub ||
		    (pp->parts[k].nsub == b->nsub && pp->parts[k].insns > b->insns))
			b = &pp->parts[k];
	return b;
}
