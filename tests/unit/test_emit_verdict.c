/* rules/rt.h on the host: Kleene connectives and the verdict the generated filters write into
 * the record header (first non-FALSE rule, its state, the maybe-mask, early stop). */
#include <criterion/criterion.h>

#define LNR_HOST 1
#include "rules/rt.h"

Test(emit_verdict, kleene)
{
	const __s8 v[3] = {LNR_F, LNR_T, LNR_U};
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			__s8 a = v[i], b = v[j];
			__s8 exp_and = (a == LNR_F || b == LNR_F)   ? LNR_F
				       : (a == LNR_T && b == LNR_T) ? LNR_T
								    : LNR_U;
			__s8 exp_or = (a == LNR_T || b == LNR_T)   ? LNR_T
				      : (a == LNR_F && b == LNR_F) ? LNR_F
								   : LNR_U;
			cr_assert_eq(lnr_and(a, b), exp_and);
			cr_assert_eq(lnr_or(a, b), exp_or);
		}
	cr_assert_eq(lnr_not(LNR_U), LNR_U);
	cr_assert_eq(lnr_not(LNR_T), LNR_F);
	/* missing values are FALSE whatever the operator; unknown ones UNKNOWN */
	cr_assert_eq(lnr_leaf(LNR_ST_MISSING, 1, 1), LNR_F);
	cr_assert_eq(lnr_leaf(LNR_ST_UNK, 0, 0), LNR_U);
	cr_assert_eq(lnr_leaf(LNR_ST_OK, 1, 1), LNR_F);
	cr_assert_eq(lnr_leaf(LNR_ST_OK, 0, 1), LNR_T);
	cr_assert_eq(lnr_leaf(LNR_ST_OK, LNR_U, 0), LNR_U);
}

Test(emit_verdict, first_matching)
{
	struct lnr_verdict v;
	lnr_verdict_init(&v);
	lnr_verdict_add(&v, 0, LNR_F, 1);
	cr_assert_eq(v.first, -1);
	lnr_verdict_add(&v, 1, LNR_U, 1);
	cr_assert_eq(v.first, 1);
	cr_assert_eq(v.state, LNR_U);
	cr_assert(!v.stop);
	lnr_verdict_add(&v, 2, LNR_F, 1);
	lnr_verdict_add(&v, 3, LNR_T, 1);
	cr_assert(v.stop, "a TRUE rule ends first-matching evaluation");
	cr_assert_eq(v.maybe, (1u << 0) | (1u << 2));
	cr_assert_eq(v.state, LNR_U, "the state is the first non-FALSE rule's");
}

Test(emit_verdict, all_matching_and_window)
{
	struct lnr_verdict v;
	lnr_verdict_init(&v);
	lnr_verdict_add(&v, 5, LNR_T, 0);
	cr_assert(!v.stop, "rule_matching all goes on after a TRUE");
	cr_assert_eq(v.first, 5);
	cr_assert_eq(v.state, LNR_T);
	for (int p = 6; p < 68; p++)
		lnr_verdict_add(&v, p, LNR_F, 0);
	cr_assert(!v.stop);
	lnr_verdict_add(&v, 68, LNR_U, 0); /* position first + 63: the last bit */
	cr_assert(v.stop, "past 63 positions everything counts as maybe");
	cr_assert_eq(v.maybe, 1ull | (1ull << 63));
}

/* gen/emit_rules.c factor_or: (A and B) or (A and C) = A and (B or C) for every Kleene A, B, C */
Test(emit_verdict, kleene_distributes)
{
	const __s8 v[3] = {LNR_F, LNR_T, LNR_U};
	for (int i = 0; i < 27; i++) {
		__s8 a = v[i % 3], b = v[i / 3 % 3], c = v[i / 9];
		cr_assert_eq(lnr_or(lnr_and(a, b), lnr_and(a, c)), lnr_and(a, lnr_or(b, c)));
	}
}
