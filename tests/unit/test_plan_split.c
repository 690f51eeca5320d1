/* plan_split: programs over the per-program budgets (subprograms, estimated instructions) are
 * split into consecutive parts chained by tail calls, each within the budgets; programs within
 * them stay one part; the printed C chains the parts through the prog arrays. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "emit_c.h"
#include "plan.h"
#include "pushdown.h"
#include "rules.h"

struct built {
	struct ruleset *rs;
	struct pushdown *pd;
	struct plan *pl;
};

static void build(struct built *b, const char *yaml)
{
	b->rs = ruleset_new();
	struct diags d = {0};
	int errs = ruleset_load_string(b->rs, "t.yaml", yaml, strlen(yaml), &d);
	diags_free(&d);
	cr_assert_eq(errs, 0);
	b->pd = pushdown_build(b->rs, PRI_DEBUG);
	cr_assert(b->pd);
	b->pl = plan_build(b->pd, false);
}

static void unbuild(struct built *b)
{
	plan_free(b->pl);
	pushdown_free(b->pd);
	ruleset_free(b->rs);
}

static char *emit(const struct plan *pl)
{
	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct emit_result r;
	cr_assert_eq(emit_c(pl, &o, &r), 0);
	char *t = r.text;
	r.text = NULL;
	emit_result_free(&r);
	return t;
}

/* n rules on evt, each with its own two leaves (one function each before inlining) */
static void many_rules(struct strbuf *y, const char *evt, int n)
{
	for (int i = 0; i < n; i++)
		sb_addf(y,
			"- rule: r%s%d\n  desc: d\n  condition: evt.type = %s and proc.name = "
			"p%d and proc.pname != q%d\n  output: o\n  priority: WARNING\n",
			evt, i, evt, i, i);
}

static const struct plan_prog *prog_of(const struct plan *pl, int evt)
{
	for (size_t p = 0; p < pl->nprogs; p++)
		if (pl->progs[p].ev->evt == evt)
			return &pl->progs[p];
	return NULL;
}

/* the parts cover every position once, in order, each within the budgets */
static void check_parts(const struct plan_prog *pp)
{
	size_t at = 0;
	for (size_t k = 0; k < pp->nparts; k++) {
		const struct plan_part *pt = &pp->parts[k];
		cr_assert_eq(pt->first, at);
		cr_assert_gt(pt->end, pt->first);
		cr_assert_leq(pt->nsub, PLAN_BUDGET, "part %zu: %zu functions", k, pt->nsub);
		cr_assert_leq(pt->insns, PLAN_MAX_INSNS);
		cr_assert_leq(pt->stack, PLAN_MAX_STACK);
		at = pt->end;
		for (size_t i = pt->first; i < pt->end; i++)
			cr_assert_eq(plan_part_of(pp, i), k);
	}
	cr_assert_eq(at, pp->ev->nentries);
}

Test(plan_split, small_program_is_one_part)
{
	struct strbuf y = {0};
	many_rules(&y, "openat", 20);
	struct built b;
	build(&b, sb_str(&y));
	const struct plan_prog *pp = prog_of(b.pl, EVT_openat);
	cr_assert(pp);
	cr_assert_eq(pp->nparts, 1);
	cr_assert_eq(b.pl->nslots, 0);
	check_parts(pp);
	char *c = emit(b.pl);
	cr_assert_null(strstr(c, "LNR_TAIL_CALL(ctx, &lnr_parts"));
	cr_assert_null(strstr(c, "lnr_parts SEC"));
	free(c);
	unbuild(&b);
	sb_free(&y);
}

Test(plan_split, over_the_function_limit_splits_in_order)
{
	struct strbuf y = {0};
	many_rules(&y, "openat", 400);
	struct built b;
	build(&b, sb_str(&y));
	const struct plan_prog *pp = prog_of(b.pl, EVT_openat);
	cr_assert(pp->compact, "inlined before it is split");
	cr_assert_gt(pp->nsub, PLAN_BUDGET);
	cr_assert_eq(pp->nparts, 2);
	check_parts(pp);
	cr_assert_eq(pp->slot, 0);
	cr_assert_eq(b.pl->nslots, 1);
	cr_assert_eq(plan_check(b.pl, "test"), 0);
	const struct plan_prog *big = plan_largest(b.pl);
	cr_assert_leq(plan_part_largest(big)->nsub, PLAN_BUDGET);
	char *c = emit(b.pl);
	cr_assert(strstr(c, "LNR_TAIL_CALL(ctx, &lnr_parts, 0);"), "the first part chains");
	cr_assert(strstr(c, "int BPF_PROG(lnr_part0, struct pt_regs *regs, long ret)"));
	/* the part's body runs guarded against preemption (helpers/preempt.h) */
	cr_assert(
		strstr(c, "\tLNR_PREEMPT_OFF();\n\tint r = lnr_partb0(ctx);\n\tLNR_PREEMPT_ON();"));
	cr_assert(strstr(c, "lnr_rec_handoff(e);"));
	cr_assert(strstr(c, " *     openat part 2 of 2: rules "), "contents name the parts");
	/* every position's verdict is added exactly once, in one of the parts */
	for (size_t i = 0; i < pp->ev->nentries; i++) {
		char want[64];
		snprintf(want, sizeof(want), "lnr_verdict_step(v, %zu, ", i);
		char *at = strstr(c, want);
		if (!at) { /* a part's last position */
			snprintf(want, sizeof(want), "lnr_verdict_add(v, %zu, ", i);
			at = strstr(c, want);
		}
		cr_assert(at, "position %zu", i);
	}
	free(c);
	unbuild(&b);
	sb_free(&y);
}

Test(plan_split, exec_path_splits_through_its_own_prog_array)
{
	struct strbuf y = {0};
	many_rules(&y, "execve", 300);
	struct built b;
	build(&b, sb_str(&y));
	const struct plan_prog *pp = prog_of(b.pl, EVT_execve);
	cr_assert_geq(pp->nparts, 2);
	check_parts(pp);
	cr_assert_eq(pp->exec_slot, 0);
	cr_assert_eq(b.pl->nexec_slots, pp->nparts - 1);
	char *c = emit(b.pl);
	cr_assert(strstr(c, "bpf_tail_call(ctx, &lnr_exec_parts, 0);"));
	cr_assert(strstr(c, "int BPF_PROG(lnr_xpart0, struct task_struct *p"));
	free(c);
	unbuild(&b);
	sb_free(&y);
}

Test(plan_split, over_the_instruction_estimate_splits)
{
	/* few functions, many leaves each: within the function budget, over the instructions */
	struct strbuf y = {0};
	for (int r = 0; r < 40; r++) {
		sb_addf(&y, "- rule: wide%d\n  desc: d\n  condition: evt.type = openat and (", r);
		for (int i = 0; i < 300; i++)
			sb_addf(&y, "%sfd.name startswith /r%d/d%d/", i ? " or " : "", r, i);
		sb_add(&y, ")\n  output: o\n  priority: WARNING\n");
	}
	struct built b;
	build(&b, sb_str(&y));
	const struct plan_prog *pp = prog_of(b.pl, EVT_openat);
	cr_assert_gt(pp->insns, PLAN_MAX_INSNS, "%zu", pp->insns);
	cr_assert_geq(pp->nparts, 2);
	check_parts(pp);
	cr_assert_eq(plan_check(b.pl, "test"), 0);
	unbuild(&b);
	sb_free(&y);
}

Test(plan_split, no_inline_for_tests_keeps_one_part)
{
	setenv("LANNER_GEN_NO_INLINE", "1", 1);
	struct strbuf y = {0};
	many_rules(&y, "openat", 300);
	struct built b;
	build(&b, sb_str(&y));
	unsetenv("LANNER_GEN_NO_INLINE");
	const struct plan_prog *pp = prog_of(b.pl, EVT_openat);
	cr_assert_eq(pp->nparts, 1);
	cr_assert_gt(pp->nsub, PLAN_BUDGET);
	unbuild(&b);
	sb_free(&y);
}
