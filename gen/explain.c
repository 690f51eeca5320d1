/* explain.c — `lanner-gen --explain [RULE]`: where each rule is decided.
 *
 * Per rule: its event types (after intersecting with what the sensor captures), the kernel
 * predicate per group of event types that share it, the checks only userspace can decide (the
 * full condition is what userspace re-evaluates when the kernel says UNKNOWN), and whether the
 * kernel decides it wholly. Under each kernel predicate, "leaves:" gives every kernel leaf's class
 * (kernel_caps.h: exact = always Falco's answer; narrow = Falco's answer within the kernel's
 * limits, else the event is shipped), so a test can tell an exact leaf from a narrow one. Then: "N
 * rules: X fully in kernel, Y partly, Z not at all".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

/* Every KP_LEAF of p, in order, with its class: "check [exact]; check [narrow]". */
static void print_leaves(FILE *f, const struct kpred *p, bool *any)
{
	if (p->kind != KP_LEAF) {
		for (size_t i = 0; i < p->nkids; i++)
			print_leaves(f, p->kids[i], any);
		return;
	}
	char *t = ast_print(p->check);
	fprintf(f, "%s%s [%s]", *any ? "; " : "", t ? t : "?", kc_verdict_name(p->leaf.verdict));
	free(t);
	*any = true;
}

/* Kernel predicates grouped by identical text, in event-type order. */
static void print_kernel_part(FILE *f, const struct pushdown *pd, size_t r)
{
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
		print_leaves(f, en->pred, &any);
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

static void explain_rule(FILE *f, const struct pushdown *pd, size_t r)
{
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
	print_kernel_part(f, pd, r);
	fputs("  userspace-only checks: ", f);
	bool any = false;
	if (pr->residual)
		userspace_checks(f, pr->residual, &pr->types, &any);
	fputs(any ? "\n" : "none\n", f);
	char *full = pr->residual ? ast_print(pr->residual) : NULL;
	fprintf(f, "  userspace (on UNKNOWN, full condition): %s\n", full ? full : "?");
	free(full);
	fprintf(f, "  decided in kernel: %s\n", pd_decided_name(pr->decided));
}

int cmd_explain(struct ruleset *rs, const char *rule_or_null, const struct lanner_options *o)
{
	struct pushdown *pd = pushdown_build(rs, o ? o->priority : PRI_DEBUG);
	if (!pd) {
		fputs("lanner-gen: out of memory\n", stderr);
		return 1;
	}
	int rc = 0;
	size_t full = 0, part = 0, none = 0, never = 0;
	bool found = false;
	for (size_t r = 0; r < pd->nrules; r++) {
		const struct pd_rule *pr = &pd->rules[r];
		switch (pr->decided) {
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
		if (!rule_or_null || strcmp(pr->rule->name, rule_or_null) == 0) {
			explain_rule(stdout, pd, r);
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
	pushdown_free(pd);
	return rc;
}
