/* evttypes.c — the event types a rule's condition can match, as Falco infers them
 * (docs/falco-semantics.md, "Event-type inference"): "and" intersects, "or" unites, "not" swaps
 * the two (De Morgan); evt.type = / in / intersects give their events, != their complement;
 * evt.num checks known statically (evt.num starts at 1: evt.num = 0 never holds) give none or
 * all; every other check gives all event types.
 */
#include "compile_passes.h"
static void infer(const struct ast *a, bool neg, struct evtset *s)
{
	struct evtset k;
	switch (a->kind) {
	case AST_AND:
	case AST_OR: {
		/* and → intersection, or → union; De Morgan swaps them under a negation */
		bool inter = (a->kind == AST_AND) != neg;
		if (inter)
			evtset_all(s);
		else
			evtset_none(s);
		for (size_t i = 0; i < a->nkids; i++) {
			infer(a->kids[i], neg, &k);
			if (inter)
				evtset_intersect(s, &k);
			else
				evtset_union(s, &k);
		}
		return;
	}
	case AST_NOT:
		if (a->nkids)
			infer(a->kids[0], !neg, s);
		else
			evtset_all(s);
		return;
	case AST_MACRO:
		evtset_all(s);
		return;
	case AST_CHECK:
		break;
	}
	evtset_all(s);
	if (!a->lhs || a->lhs->kind != OPND_FIELD || !a->lhs->field || a->op == OP_EXISTS)
		return;
	if (a->rhs && a->rhs->kind != OPND_STRING && a->rhs->kind != OPND_LIST)
		return;
	if (a->lhs->field->id == F_EVT_TYPE) {
		bool positive;
		if (a->op == OP_EQ || a->op == OP_IN || a->op == OP_INTERSECTS)
			positive = true;
		else if (a->op == OP_NE)
			positive = false;
		else
			return;
		evtset_none(s);
		for (size_t i = 0; i < a->nvals; i++)
			evtset_set(s, evt_lookup(a->vals[i].s));
		if (positive == neg)
			evtset_complement(s);
		return;
	}
	if (a->lhs->field->id == F_EVT_NUM) {
		/* checks whose outcome is known statically: evt.num starts at 1 */
		int known = -1; /* 0 never true, 1 always true */
		int64_t v = a->nvals ? a->vals[0].i : 0;
		/* for each comparison, the one value that decides it, and whether it is then true
		 */
		static const struct {
			enum cmp_op op;
			int64_t v;
			int known;
		} decided[] = {{OP_EQ, 0, 0}, {OP_LT, 1, 0}, {OP_LE, 0, 0},
			       {OP_NE, 0, 1}, {OP_GT, 0, 1}, {OP_GE, 1, 1}};
		for (size_t i = 0; i < sizeof(decided) / sizeof(decided[0]); i++)
			if (a->op == decided[i].op)
				known = a->nvals == 1 && v == decided[i].v ? decided[i].known : -1;
		if (a->op == OP_IN || a->op == OP_INTERSECTS) {
			known = 0;
			for (size_t i = 0; i < a->nvals; i++)
				if (a->vals[i].i != 0)
					known = -1;
		}
		if (known < 0)
			return;
		if (known != (int)neg)
			evtset_all(s);
		else
			evtset_none(s);
	}
}

void evttypes_infer(const struct ast *a, struct evtset *s)
{
	infer(a, false, s);
}
