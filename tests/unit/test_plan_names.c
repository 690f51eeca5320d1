/* plan_names / pred_order: which rules get a bit of a filter's proc.name mask and with which
 * names (only a set the rule's kernel part really needs: conjuncts intersect, disjuncts unite,
 * negations and partial ORs give none), the map entries the loader fills, the tests the filter
 * prints; and the operand order of the rule functions (cheap likely deciders first). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "emit_c.h"
#include "plan.h"
#include "pushdown.h"
#include "rules.h"
#include "rules_fixture.h"

static const char names_yaml[] =
	"- rule: r0\n  desc: d\n  condition: evt.type = execve and proc.name in (a, b, g) and "
	"proc.cmdline contains x\n  output: o\n  priority: WARNING\n"
	"- rule: r1\n  desc: d\n  condition: evt.type = execve and ((proc.name = c and proc.args "
	"contains y) or proc.name in (d, c))\n  output: o\n  priority: WARNING\n"
	"- rule: r2\n  desc: d\n  condition: evt.type = execve and proc.name in (a, b, g) and "
	"proc.name "
	"in (b, e, h)\n  output: o\n  priority: WARNING\n"
	"- rule: r3\n  desc: d\n  condition: evt.type = execve and not proc.name in (a)\n"
	"  output: o\n  priority: WARNING\n"
	"- rule: r4\n  desc: d\n  condition: evt.type = execve and (proc.name = a or proc.cmdline "
	"contains z)\n  output: o\n  priority: WARNING\n"
	"- rule: r5\n  desc: d\n  condition: evt.type = execve and proc.name in "
	"(abcdefghijklmnopq, f, ff) and user.uid = 0\n  output: o\n  priority: WARNING\n"
	/* a conjunct proc.name = x (two names at most) is a guard: no bit */
	"- rule: r6\n  desc: d\n  condition: evt.type = execve and proc.name = a and "
	"proc.cmdline contains x\n  output: o\n  priority: WARNING\n";

static struct ruleset *load(const char *yaml)
{
	struct rules_fx f = {0};
	rules_fx_load(&f, "t.yaml", yaml);
	expect_ok(&f);
	diags_free(&f.d);
	return f.rs;
}

/* The entry of map `name` whose value is `bit`'s; NULL none. */
static const struct meta_map *entry(const struct plan *pl, const char *name, int bit)
{
	for (size_t i = 0; i < pl->ndmaps; i++)
		if (!strcmp(pl->dmaps[i].name, name) && pl->dmaps[i].value == 1u << bit)
			return &pl->dmaps[i];
	return NULL;
}

static bool has(const struct meta_map *m, const char *s)
{
	for (size_t i = 0; m && i < m->nitems; i++)
		if (!strcmp(m->items[i], s))
			return true;
	return false;
}

Test(plan_names, bits_only_for_rules_that_need_a_name)
{
	struct ruleset *rs = load(names_yaml);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	struct plan *pl = plan_build(pd, true);
	const struct plan_prog *pp = NULL;
	for (size_t p = 0; p < pl->nprogs; p++)
		if (pl->progs[p].ev->evt == EVT_execve)
			pp = &pl->progs[p];
	cr_assert(pp);
	cr_assert_eq(pp->nparts, 1);
	const struct plan_nmask *nm = &pp->nmask[0];
	cr_assert_eq(nm->n, 4, "%zu bits: %d %d %d %d %d %d %d", nm->n, plan_name_bit(pp, 0, 0),
		     plan_name_bit(pp, 0, 1), plan_name_bit(pp, 0, 2), plan_name_bit(pp, 0, 3),
		     plan_name_bit(pp, 0, 4), plan_name_bit(pp, 0, 5), plan_name_bit(pp, 0, 6));
	cr_assert_eq(nm->ks, 8, "names of up to 7 bytes: one word (the 17-byte one never fits)");
	/* r0: {a, b, g}; r1: {c, d}; r2: {b}; r3, r4: none; r5: {f, ff}; r6: none (a guard) */
	int want[7] = {0, 1, 2, -1, -1, 3, -1};
	for (size_t i = 0; i < 7; i++)
		cr_expect_eq(plan_name_bit(pp, 0, i), want[i], "rule %zu", i);
	const struct meta_map *m0 = entry(pl, nm->name, 0), *m1 = entry(pl, nm->name, 1),
			      *m2 = entry(pl, nm->name, 2), *m3 = entry(pl, nm->name, 3);
	cr_assert(m0 && m1 && m2 && m3);
	cr_expect(m0->nitems == 3 && has(m0, "a") && has(m0, "b") && has(m0, "g"));
	cr_expect(m1->nitems == 2 && has(m1, "c") && has(m1, "d"));
	cr_expect(m2->nitems == 1 && has(m2, "b"), "the intersection of the two conjuncts");
	cr_expect(m3->nitems == 2 && has(m3, "f") && has(m3, "ff"),
		  "a constant longer than a name is no name");
	cr_expect_eq(m0->kind, MM_HASH_EXACT);
	cr_expect_eq(m0->key_size, nm->ks);

	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct emit_result r;
	cr_assert_eq(emit_c(pl, &o, &r), 0);
	cr_expect(strstr(r.text, "fv->nm = LNR_NAME_BITS(&lnr_n0, 8, &fv->proc_name);"), "%s",
		  r.text);
	cr_expect(strstr(r.text, "fv->nm = LNR_NM_UNSET;"), "looked up on first use");
	cr_expect(strstr(r.text, "(fv, 2)))\n\t\tif (lnr_verdict_step(v, 2, "), "%s", r.text);
	cr_expect(strstr(r.text, "\tif (lnr_verdict_step(v, 3, "), "r3 is called as usual");
	/* the bundle's maps hold the mask's entries (after the set maps) */
	size_t found = 0;
	for (size_t i = 0; i < r.nmaps; i++)
		found += !strcmp(r.maps[i].name, "lnr_n0");
	cr_expect_eq(found, 4);
	emit_result_free(&r);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
}

Test(plan_names, one_rule_has_no_mask)
{
	struct ruleset *rs = load("- rule: r0\n  desc: d\n  condition: evt.type = execve and "
				  "proc.name in (a, b)\n  output: o\n  priority: WARNING\n");
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	struct plan *pl = plan_build(pd, true);
	cr_expect_eq(pl->nnsig, 0);
	cr_expect_eq(plan_name_bit(&pl->progs[0], 0, 0), -1);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
}

/* Operands: a positive test that decides cheaply first, an exception (NOT) and a process-map
 * read after the fd.name tests. */
Test(pred_order, cheap_deciders_first)
{
	struct ruleset *rs =
		load("- rule: r0\n  desc: d\n  condition: evt.type = openat and not proc.name in "
		     "(sshd, ssh) and fd.name contains /.ssh/ and proc.pname = x\n  output: o\n"
		     "  priority: WARNING\n");
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	struct plan *pl = plan_build(pd, true);
	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct emit_result r;
	cr_assert_eq(emit_c(pl, &o, &r), 0);
	const char *f = strstr(r.text, "int lnr_r0(void)");
	cr_assert(f);
	const char *a = strstr(f, "/* fd.name contains /.ssh/"),
		   *b = strstr(f, "/* proc.pname = x"),
		   *c = strstr(f, "/* proc.name in (sshd, ssh)");
	cr_assert(a && b && c);
	cr_expect(a < b && b < c, "fd.name, then the parent, then the exception");
	emit_result_free(&r);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
}
