/* rule_tally.c — see rule_tally.h. */
#include "web/rule_tally.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

static struct metrics_rule *find_or_add(struct rule_tally *t, const char *name, int priority)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return &t->v[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n] = (struct metrics_rule){.name = xstrdup(name), .priority = priority};
	return &t->v[t->n++];
}

void tally_add_engine(struct rule_tally *t, const struct engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nrules; i++) {
		const struct eng_rule *r = &e->rules[i];
		if (!r->m || !r->m->name)
			continue;
		struct metrics_rule *m = find_or_add(t, r->m->name, r->m->priority);
		m->priority = r->m->priority; /* the latest definition's */
		m->alerts += r->alerts;
	}
}

void tally_copy(struct rule_tally *dst, const struct rule_tally *src)
{
	tally_free(dst);
	for (size_t i = 0; i < src->n; i++)
		find_or_add(dst, src->v[i].name, src->v[i].priority)->alerts = src->v[i].alerts;
}

void tally_free(struct rule_tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free((char *)t->v[i].name);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
