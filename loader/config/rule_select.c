/* rule_select.c — see rule_select.h. */
#include "config/rule_select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/rule_engine.h"

static bool selects(const struct rule_select *sel, const struct meta_rule *m)
{
	return rule_select_names(sel, m->name, m->tags, m->ntags);
}

/* e->want again: the types with at least one active rule */
static void recompute_want(struct engine *e)
{
	evtset_none(&e->want);
	for (size_t k = 0; k < e->meta.nevents; k++) {
		const struct meta_event *me = &e->meta.events[k];
		for (size_t j = 0; j < me->nrules; j++)
			if (e->rules[me->rules[j]].active) {
				evtset_set(&e->want, me->evt);
				break;
			}
	}
}

size_t rule_select_apply(const struct rule_selects *s, struct engine *e, int priority)
{
	if (!s || !s->n)
		return 0;
	size_t changed = 0;
	for (size_t k = 0; k < s->n; k++) {
		const struct rule_select *sel = &s->v[k];
		bool named = false;
		for (size_t i = 0; i < e->nrules; i++) {
			struct eng_rule *r = &e->rules[i];
			if (!selects(sel, r->m))
				continue;
			named = true;
			bool now = sel->enable && r->m->priority <= priority;
			changed += now != r->active;
			r->active = now;
		}
		if (!named && sel->enable && sel->rule && !strchr(sel->rule, '*'))
			fprintf(stderr,
				"lanner: rules: enable {rule: %s}: no such rule among the compiled "
				"rules (a rule with enabled: false in its file is not compiled: "
				"enable "
				"it there, or override it in a later rules file)\n",
				sel->rule);
	}
	/* with `first`, the kernel stops evaluating at the first TRUE rule; if that rule is now
	 * disabled, the ones after it must be evaluated here */
	for (size_t i = 0; i < e->nrules; i++)
		if (!e->rules[i].active && e->rules[i].m->priority <= priority &&
		    e->meta.rule_matching == MATCH_FIRST)
			e->distrust_maybe = true;
	recompute_want(e);
	return changed;
}
