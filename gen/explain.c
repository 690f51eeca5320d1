/* explain.c — `lanner-gen --explain [RULE]`: where each rule is decided.
 *
 * Per rule: its event types (after intersecting with what the sensor captures), the kernel
 * predicate per group of event types that share it, the checks only userspace can decide (the
 * full condition is what userspace re-evaluates when the kernel says UNKNOWN), and whether the
 * kernel decides it wholly. Under each kernel predicate, "leaves:" gives every kernel leaf's class
 * (kernel_caps.h: exact = always Falco's answer; narrow = Falco's answer within the kernel's
 * limits, else the event is shipped), so a test can tell an exact leaf from a narrow one. What
 * is said is what the generated program really runs (the program plan, plan.h): a leaf the
 * generator cannot implement in the kernel is marked "not in the kernel: UNKNOWN" and the rule
 * counted accordingly; every rule's kernel part runs on every event of its types (per-rule
 * verdicts: an earlier undecided rule does not stop it), in the function the plan names. Then:
 * "N rules: X fully in kernel, Y partly, Z not at all", and the largest program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan.h"
#include "pushdown.h"

static const struct pd_entry *entry_of(const struct pushdown *pd, int evt, size_t rule_index)
{
	for (size_t e = 0; e < pd->nevents; e++) {
		if (pd->events[e].evt != evt)
			continue;
		for (size_t i = 0; i < pd->events[e].nentries; i++)
			if (pd->events[e].entries[i].rule_index == rule_index)
				return &pd->events[e].entries[i];
	}
	return NULL;
}

static void print_types(FILE *f, const struct evtset *s)
{
	const char *sep = "";
	for (int e = evtset_next(s, 0); e >= 0; e = evtset_next(s, e + 1)) {
		fprintf(f, "%s%s", sep, evt_name(e));
		sep = ", ";
	}
}

/* Does the generated C implement leaf p on evt (else it is UNKNOWN in the kernel)? */
static bool leaf_in_kernel(const struct plan *pl, const struct kpred *p, int evt)
{
	long k = plan_leaf_id(pl, p, evt);
	return k >= 0 && pl->leaves[k].expr;
}

/* Every KP_LEAF of p, in order, with its class: "check [exact]; check [narrow]". */
static void print_leaves(FILE *f, const struct plan *pl, int evt, const struct kpred *p, bool *any)
{
	if (p->kind != KP_LEAF) {
		for (size_t i = 0; i < p->nkids; i++)
			print_leaves(f, pl, evt, p->kids[i], any);
		return;
	}
	char *t = ast_print(p->check);
	fprintf(f, "%s%s [%s%s]", *any ? "; " : "", t ? t : "?", kc_verdict_name(p->leaf.verdict),
		leaf_in_kernel(pl, p, evt) ? "" : ", not in the kernel: UNKNOWN");
	free(t);
	*any = true;
}

/* Leaves of p on evt: how many the kernel runs, how many it cannot (UNKNOWN). */
static void count_leaves(const struct plan *pl, int evt, const struct kpred *p, size_t *in,
			 size_t *out)
{
	if (p->kind != KP_LEAF) {
		for (size_t i = 0; i < p->nkids; i++)
			count_leaves(pl, evt, p->kids[i], in, out);
		return;
	}
	if (leaf_in_kernel(pl, p, evt))
		(*in)++;
	else
		(*out)++;
}

/* What the kernel really decides of rule r: the pushdown's answer, lowered when the generated C
 * leaves some of its leaves UNKNOWN. */
static enum pd_decided real_decided(const struct plan *pl, size_t r)
{
	const struct pushdown *pd = pl->pd;
	enum pd_decided d = pd->rules[r].decided;
	if (d == PD_NEVER || d == PD_NONE)
		return d;
	size_t in = 0, out = 0, consts = 0;
	for (size_t e = 0; e < pd->nevents; e++)
		for (size_t i = 0; i < pd->events[e].nentries; i++) {
			const struct pd_entry *en = &pd->events[e].entries[i];
			if (en->rule_index != r)
				continue;
			consts += en->pred->kind == KP_CONST && en->pred->value == TV_TRUE;
			count_leaves(pl, pd->events[e].evt, en->pred, &in, &out);
		}
	if (!out)
		return d;
	return in || consts ? PD_PARTIAL : PD_NONE;
}

/* The rule functions that run its kernel part, and on which event types. */
static void print_functions(FILE *f, const struct plan *pl, size_t r)
{
	for (size_t k = 0; k < pl->nrules; k++) {
		if (pl->rules[k].pe->rule_index != r)
			continue;
		fprintf(f, "  runs as lnr_r%zu%s on", k,
			pl->rules[k].compact ? " (leaves inlined)" : "");
		const char *sep = " ";
		for (size_t p = 0; p < pl->nprogs; p++)
			for (size_t i = 0; i < pl->progs[p].ev->nentries; i++)
				if (pl->progs[p].fn[i] == (int)k) {
					const struct plan_prog *pp = &pl->progs[p];
					bool disp = pp->dp.n && pp->dp.grp[i];
					fprintf(f, "%s%s%s", sep, evt_name(pp->ev->evt),
						disp ? " (via the fd.name dispatch)" : "");
					if (pp->nparts > 1)
						fprintf(f, " (part %zu of %zu)",
							plan_part_of(pp, i) + 1, pp->nparts);
					sep = ", ";
				}
		fputc('\n', f);
	}
}

/* Kernel predicates grouped by identical text, in event-type order. */
static void print_kernel_part(FILE *f, const struct plan *pl, size_t r)
{
	const struct pushdown *pd = pl->pd;
	const struct pd_rule *pr = &pd->rules[r];
	struct evtset done;
	evtset_none(&done);
	for (int e = evtset_next(&pr->types, 0); e >= 0; e = evtset_next(&pr->types, e + 1)) {
		if (evtset_test(&done, e))
			continue;
		const struct pd_entry *en = entry_of(pd, e, r);
		char *text = en ? kpred_print(en->pred) : NULL;
		if (!text)
			continue;
		struct evtset group;
		evtset_none(&group);
		for (int g = e; g >= 0; g = evtset_next(&pr->types, g + 1)) {
			if (evtset_test(&done, g))
				continue;
			const struct pd_entry *eg = entry_of(pd, g, r);
			char *tg = eg ? kpred_print(eg->pred) : NULL;
			if (tg && strcmp(tg, text) == 0) {
				evtset_set(&group, g);
				evtset_set(&done, g);
			}
			free(tg);
		}
		fputs("  kernel [", f);
		print_types(f, &group);
		fprintf(f, "]: %s", text);
		if (en->pred->kind == KP_CONST && en->pred->value == TV_UNKNOWN)
			fputs("   (every event shipped to userspace)", f);
		else if (en->pred->kind == KP_CONST && en->pred->value == TV_TRUE)
			fputs("   (matched in kernel)", f);
		else if (!en->fully_in_kernel)
			fputs("   (UNKNOWN parts shipped to userspace)", f);
		fputc('\n', f);
		bool any = false;
		fputs("    leaves: ", f);
		print_leaves(f, pl, e, en->pred, &any);
		fputs(any ? "\n" : "none\n", f);
		free(text);
	}
}

static void userspace_checks(FILE *f, const struct ast *a, const struct evtset *types, bool *any)
{
	if (a->kind != AST_CHECK) {
		for (size_t i = 0; i < a->nkids; i++)
			userspace_checks(f, a->kids[i], types, any);
		return;
	}
	for (int e = evtset_next(types, 0); e >= 0; e = evtset_next(types, e + 1)) {
		struct kc_leaf l;
		kc_classify(a, e, &l);
		enum kc_verdict v = l.verdict;
		const char *why = l.why;
		kc_leaf_free(&l);
		if (v != KC_USERSPACE)
			continue;
		char *t = ast_print(a);
		fprintf(f, "%s%s [%s]", *any ? "; " : "", t ? t : "?", why ? why : "");
		free(t);
		*any = true;
		return;
	}
}

/* Leaves (checks) of a rule's condition, and how many of them only userspace decides (the
 * kernel has no leaf for them on some event type of the rule: the ones listed as userspace-only).
 */
static void count_checks(const struct ast *a, const struct evtset *types, size_t *all, size_t *user)
{
	if (a->kind != AST_CHECK) {
		for (size_t i = 0; i < a->nkids; i++)
			count_checks(a->kids[i], types, all, user);
		return;
	}
	(*all)++;
	for (int e = evtset_next(types, 0); e >= 0; e = evtset_next(types, e + 1)) {
		struct kc_leaf l;
		kc_classify(a, e, &l);
		enum kc_verdict v = l.verdict;
		kc_leaf_free(&l);
		if (v == KC_USERSPACE) {
			(*user)++;
			return;
		}
	}
}

static void explain_rule(FILE *f, const struct plan *pl, size_t r)
{
	const struct pushdown *pd = pl->pd;
	const struct pd_rule *pr = &pd->rules[r];
	fprintf(f, "Rule: %s\n", pr->rule->name);
	fputs("  event types: ", f);
	if (pr->all_types)
		fprintf(f, "all (no evt.type restriction; it can match on %zu captured types)",
			evtset_count(&pr->types));
	else
		print_types(f, &pr->types);
	fputc('\n', f);
	if (!pr->all_types && evtset_count(&pr->uncaptured)) {
		fputs("  not captured by the sensor: ", f);
		print_types(f, &pr->uncaptured);
		fputc('\n', f);
	}
	print_kernel_part(f, pl, r);
	print_functions(f, pl, r);
	fputs("  userspace-only checks: ", f);
	bool any = false;
	if (pr->residual)
		userspace_checks(f, pr->residual, &pr->types, &any);
	fputs(any ? "\n" : "none\n", f);
	char *full = pr->residual ? ast_print(pr->residual) : NULL;
	fprintf(f, "  userspace (on UNKNOWN, full condition): %s\n", full ? full : "?");
	free(full);
	fprintf(f, "  decided in kernel: %s\n", pd_decided_name(real_decided(pl, r)));
}

/* Programs split into parts chained by tail calls (plan.h): which rules each part runs. */
static void print_parts(const struct plan *pl)
{
	for (size_t p = 0; p < pl->nprogs; p++) {
		const struct plan_prog *pp = &pl->progs[p];
		if (pp->nparts < 2)
			continue;
		printf("%s: %zu rules in %zu parts (over the kernel's per-program limits), chained "
		       "by tail calls:",
		       evt_name(pp->ev->evt), pp->ev->nentries, pp->nparts);
		for (size_t k = 0; k < pp->nparts; k++) {
			const struct plan_part *pt = &pp->parts[k];
			printf("%s rules %zu..%zu (%zu functions, ~%zu instructions)", k ? "," : "",
			       pt->first, pt->end - 1, pt->nsub, pt->insns);
		}
		putchar('\n');
	}
}

int cmd_explain(struct ruleset *rs, const char *rule_or_null, const struct lanner_options *o)
{
	struct pushdown *pd = pushdown_build(rs, o ? o->priority : PRI_DEBUG);
	if (!pd) {
		fputs("lanner-gen: out of memory\n", stderr);
		return 1;
	}
	struct plan *pl = plan_build(pd, true);
	int rc = 0;
	size_t full = 0, part = 0, none = 0, never = 0;
	size_t leaves = 0, user_leaves = 0;
	bool found = false;
	for (size_t r = 0; r < pd->nrules; r++) {
		const struct pd_rule *pr = &pd->rules[r];
		switch (real_decided(pl, r)) {
		case PD_FULL:
			full++;
			break;
		case PD_PARTIAL:
			part++;
			break;
		case PD_NONE:
			none++;
			break;
		case PD_NEVER:
			never++;
			full++; /* nothing of it ever leaves the kernel */
			break;
		}
		if (pr->residual)
			count_checks(pr->residual, &pr->types, &leaves, &user_leaves);
		if (!rule_or_null || strcmp(pr->rule->name, rule_or_null) == 0) {
			explain_rule(stdout, pl, r);
			found = true;
		}
	}
	if (rule_or_null && !found) {
		fprintf(stderr, "lanner-gen: no enabled rule named '%s'\n", rule_or_null);
		rc = 1;
	}
	printf("%zu rules: %zu fully in kernel, %zu partly, %zu not at all", pd->nrules, full, part,
	       none);
	if (never)
		printf(" (%zu of them never match a captured event)", never);
	putchar('\n');
	printf("%zu condition leaves, %zu decided only in userspace (%.1f %%); rules fully in "
	       "kernel: "
	       "%.1f %%\n",
	       leaves, user_leaves, leaves ? 100.0 * (double)user_leaves / (double)leaves : 0.0,
	       pd->nrules ? 100.0 * (double)full / (double)pd->nrules : 0.0);
	print_parts(pl);
	const struct plan_prog *big = plan_largest(pl);
	const struct plan_part *bp = big ? plan_part_largest(big) : NULL;
	if (bp)
		printf("%zu programs; the largest: %s, %zu rules, %zu functions, ~%zu "
		       "instructions, "
		       "~%zu bytes of stack%s%s\n",
		       pl->nprogs, evt_name(big->ev->evt), bp->end - bp->first, bp->nsub, bp->insns,
		       bp->stack, big->compact ? " (leaves inlined to fit the kernel's limit)" : "",
		       big->nparts > 1 ? " (its largest part)" : "");
	plan_free(pl);
	pushdown_free(pd);
	return rc;
}
