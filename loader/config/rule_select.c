/* rule_select.c — see rule_select.h. */
#include "config/rule_select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
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
		for (size_t i = 0; i < e->nrules; i++) {
			struct eng_rule *r = &e->rules[i];
			if (!selects(sel, r->m))
				continue;
			bool now = sel->enable && r->m->priority <= priority;
			changed += now != r->active;
			r->active = now;
		}
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

/* How to build a bundle with the rule: the bundle's rules files and the selection flag. */
static void build_hint(const struct bundle_meta *m, const char *rule)
{
	fprintf(stderr, "lanner: rules:   build a bundle with it: lanner-gen");
	for (size_t i = 0; i < m->nsources; i++)
		fprintf(stderr, " -r %s", m->sources[i]);
	fprintf(stderr,
		" -c CONFIG -b FILE (or -o 'rules[].enable.rule=%s'), or run the rules "
		"files with lanner -r\n",
		rule);
}

/* Would the selections enable this left-out rule (disabled when the bundle was built)? */
static bool enables_left_out(const struct rule_selects *s, const struct meta_left_out *l)
{
	bool on = false;
	for (size_t k = 0; k < s->n; k++)
		if (rule_select_names(&s->v[k], l->name, l->tags, l->ntags))
			on = s->v[k].enable;
	return on;
}

static bool compiled(const struct engine *e, const char *name)
{
	for (size_t i = 0; i < e->nrules; i++)
		if (!strcmp(e->rules[i].m->name, name))
			return true;
	return false;
}

size_t rule_select_bundle(const struct rule_selects *s, struct engine *e, int priority,
			  const char *bundle)
{
	const struct bundle_meta *m = &e->meta;
	if (!s || !s->n)
		return 0;
	struct strbuf canon = {0};
	rule_selects_canon(s, &canon);
	bool built_so = m->rule_selection && !strcmp(m->rule_selection, sb_str(&canon));
	sb_free(&canon);
	if (built_so) /* the bundle's rules are what these selections enable */
		return 0;
	size_t changed = rule_select_apply(s, e, priority);
	size_t missing = 0;
	for (size_t i = 0; i < m->nleft_out; i++) {
		const struct meta_left_out *l = &m->left_out[i];
		if (l->priority > priority || !enables_left_out(s, l))
			continue;
		fprintf(stderr,
			"lanner: rules: '%s' is enabled by the configuration's rules: selections "
			"but the bundle %s does not hold it (it was disabled when the bundle was "
			"built); it stays off\n",
			l->name, bundle);
		build_hint(m, l->name);
		missing++;
	}
	for (size_t k = 0; k < s->n; k++) {
		const struct rule_select *sel = &s->v[k];
		bool left_out = false;
		for (size_t i = 0; sel->rule && i < m->nleft_out; i++)
			left_out |= !strcmp(m->left_out[i].name, sel->rule);
		if (!sel->enable || !sel->rule || strchr(sel->rule, '*') || left_out ||
		    compiled(e, sel->rule))
			continue;
		fprintf(stderr,
			"lanner: rules: enable {rule: %s}: the bundle %s has no rule by that "
			"name%s\n",
			sel->rule, bundle,
			m->rule_selection ? ""
					  : " (built by an older lanner-gen, it does not list the "
					    "rules it left out disabled)");
		if (!m->rule_selection)
			build_hint(m, sel->rule);
	}
	if (missing)
		fprintf(stderr,
			"lanner: rules: %zu rule%s enabled by the configuration %s not in "
			"the bundle\n",
			missing, missing == 1 ? "" : "s", missing == 1 ? "is" : "are");
	return changed;
}
