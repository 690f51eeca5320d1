/* pred_order.c — the order in which a rule function evaluates the operands of an AND or OR.
 *
 * Kleene AND and OR are commutative and leaves have no side effects, so any order gives the same
 * value; the order only decides how much a non-matching event pays before an operand decides
 * (FALSE under AND, TRUE under OR: the rest is skipped). Operands are sorted by their expected
 * cost per chance of deciding: cost / P(decides), cheapest first.
 *
 * Cost (rough nanoseconds on one event): an inline compare of a fetched value is a few
 * instructions; a set-map or LPM lookup builds a key and hashes it; contains scans the value (a
 * word scan for short needles in short values, else the string kfunc, and a bpf_loop callback per
 * byte for icontains and proc.env); a container or user metadata leaf looks its map up. A lazily
 * fetched group (rules/kernel.h lnr_need: the process-map entry, the argv copy and scan, a
 * process-map lookup per ancestor level up to the deepest one read) is paid once per event
 * however many leaves read it, so an operand counts each group once. A level is charged as a hash
 * lookup (C_LOOKUP): on the fork+exec storm the lookups of levels 2 and 3 cost about what five
 * bpf_strnstr calls and five word scans over a 33-byte command line do.
 *
 * Chance (an estimate for an event no rule matches): a positive test (=, in, contains, startswith,
 * ...) is seldom TRUE, so it decides an AND; a negative one (!=, exists, an exception list under
 * NOT) is seldom FALSE and almost never decides one. AND and OR combine their operands' chances;
 * positive tests of one value under an OR count as one test (`x = a or x = b` is as seldom TRUE
 * as `x in (a, b)`, and nine `proc.cmdline contains` as one), not as independent chances that
 * would make a long list of alternatives look likely to hold.
 */
#include "emit_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

struct opcost {
	double ops;    /* the leaves' own work */
	unsigned lazy; /* the lazily fetched groups read */
	double pfalse; /* chance of FALSE on a non-matching event */
};

/* The work of one leaf's expression (rules/strings.h, rules/kernel.h, rules/meta.h names). */
static double leaf_ops(const char *e, const struct kpred *p)
{
	if (!e)
		return 0; /* UNKNOWN: nothing evaluated */
	double c;
	if (strstr(e, "LNR_ICONTAINS") || strstr(e, "LNR_ENV_CONTAINS"))
		c = 60;
	else if (strstr(e, "LNR_CONTAINS"))
		c = 12;
	else if (strstr(e, "lnr_lpm_has"))
		c = 18;
	else if (strstr(e, "lnr_set_has"))
		c = 12;
	else if (strstr(e, "LNR_META"))
		c = 20;
	else if (guard_expr_inline(e))
		c = 2;
	else
		c = 8;
	if (p->leaf.cap && p->leaf.cap->src == KS_ANCESTOR && p->leaf.ancestor < 0)
		c *= LANNER_ANCESTOR_DEPTH;
	return c;
}

#define C_LOOKUP 60.0 /* a hash-map lookup: key, hash, bucket walk (lnr_procs in lnr_need) */

/* The cost of fetching the lazy groups g (once per event). */
static double lazy_cost(unsigned g)
{
	unsigned deepest = g & LZ_ANC ? 1 : 0; /* the walk looks every level up to it */
	for (int lv = 2; lv <= LANNER_MAX_ANCESTOR_INDEX; lv++)
		if (g & LZ_ANCD_LV(lv))
			deepest = (unsigned)lv;
	/* the process's own values: the entry's lookup, a few copies more for LZ_PVX's numbers */
	return (g & (LZ_PV | LZ_PVX) ? 15 : 0) + (g & LZ_PVX ? 3 : 0) + (g & LZ_EXE ? 10 : 0) +
	       (g & LZ_ARGV ? 40 : 0) + C_LOOKUP * deepest + (g & LZ_AARGV ? 60 : 0);
}

static double clamp(double p)
{
	return p < 0.05 ? 0.05 : p > 0.95 ? 0.95 : p;
}

/* How a comparison tends to come out on an event no rule matches: a negative one (!=, exists) is
 * seldom FALSE, an ordering one either way, a positive one (=, in, contains, startswith, ...)
 * seldom TRUE. */
enum sense { S_NEG, S_CMP, S_POS };

static enum sense op_sense(enum cmp_op op)
{
	if (op == OP_NE || op == OP_EXISTS)
		return S_NEG;
	if (op == OP_LT || op == OP_LE || op == OP_GT || op == OP_GE)
		return S_CMP;
	return S_POS;
}

/* A positive test of a field's value as it is. */
static bool positive_leaf(const struct kpred *p)
{
	return p->kind == KP_LEAF && p->check->lhs && p->check->lhs->kind == OPND_FIELD &&
	       op_sense(p->check->op) == S_POS;
}

/* Is kid i of OR p a positive test of a value an earlier kid tests positively (field and
 * argument)? Then it adds no chance of TRUE of its own. */
static bool repeats_value(const struct kpred *p, size_t i)
{
	if (p->kind != KP_OR || !positive_leaf(p->kids[i]))
		return false;
	const struct operand *x = p->kids[i]->check->lhs;
	for (size_t j = 0; j < i; j++) {
		if (!positive_leaf(p->kids[j]))
			continue;
		const struct operand *y = p->kids[j]->check->lhs;
		if (!strcmp(x->name, y->name) &&
		    (x->arg ? y->arg && !strcmp(x->arg, y->arg) : !y->arg))
			return true;
	}
	return false;
}

static struct opcost op_cost(const struct plan *pl, const struct kpred *p, int evt)
{
	struct opcost c = {0, 0, 0.5};
	switch (p->kind) {
	case KP_CONST:
		c.pfalse = p->value == TV_FALSE ? 0.95 : 0.05;
		return c;
	case KP_NOT:
		c = op_cost(pl, p->kids[0], evt);
		c.pfalse = clamp(1 - c.pfalse);
		return c;
	case KP_AND:
	case KP_OR: {
		double pt = 1, pf = 1; /* every kid TRUE / every kid FALSE */
		for (size_t i = 0; i < p->nkids; i++) {
			struct opcost k = op_cost(pl, p->kids[i], evt);
			c.ops += k.ops;
			c.lazy |= k.lazy;
			if (repeats_value(p, i))
				continue;
			pt *= 1 - k.pfalse;
			pf *= k.pfalse;
		}
		c.pfalse = clamp(p->kind == KP_AND ? 1 - pt : pf);
		return c;
	}
	case KP_LEAF:
		break;
	}
	long k = plan_leaf_id(pl, p, evt);
	const char *e = k >= 0 ? pl->leaves[k].expr : NULL;
	c.ops = leaf_ops(e, p);
	c.lazy = e ? leaf_lazy(p, evt) : 0;
	static const double pfalse[] = {[S_NEG] = 0.1, [S_CMP] = 0.5, [S_POS] = 0.9};
	c.pfalse = !e ? 0.05 : pfalse[op_sense(p->check->op)];
	return c;
}

void pred_order(const struct plan *pl, const struct kpred *p, int evt, size_t *ord)
{
	bool and = p->kind == KP_AND;
	double *rank = xcalloc(p->nkids + 1, sizeof(double));
	for (size_t i = 0; i < p->nkids; i++) { /* stable insertion sort by rank */
		struct opcost c = op_cost(pl, p->kids[i], evt);
		double decide = and? c.pfalse : 1 - c.pfalse;
		rank[i] = (c.ops + lazy_cost(c.lazy)) / (decide < 0.05 ? 0.05 : decide);
		size_t j = i;
		for (; j > 0 && rank[ord[j - 1]] > rank[i]; j--)
			ord[j] = ord[j - 1];
		ord[j] = i;
	}
	free(rank);
}
