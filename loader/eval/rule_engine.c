/* rule_engine.c — see rule_engine.h. */
#include "eval/rule_engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "diag.h"
#include "eval/eval.h"

/* Re-types every rule's canonical condition: one in-memory ruleset, one compile. */
static int retype(struct engine *e, const char *name, char *err, size_t errlen)
{
	struct ruleset *rs = ruleset_made(name, e->meta.nrules);
	e->rs = rs;
	for (size_t i = 0; i < e->meta.nrules; i++) {
		const struct meta_rule *mr = &e->meta.rules[i];
		ruleset_add_made_rule(rs, mr->name, mr->condition, mr->output,
				      (enum priority)mr->priority);
	}
	struct diags d = {0};
	int nerr = ruleset_compile(rs, name, &d);
	int rc = 0;
	if (nerr) {
		for (size_t i = 0; i < d.n; i++)
			if (diag_is_error(d.v[i].code)) {
				snprintf(err, errlen,
					 "%s: rule '%s': condition does not compile: %s", name,
					 d.v[i].item_name ? d.v[i].item_name : "?", d.v[i].message);
				break;
			}
		rc = -1;
	}
	diags_free(&d);
	for (size_t i = 0; !rc && i < rs->nrules; i++)
		if (!rs->rules[i].ast) {
			snprintf(err, errlen, "%s: rule '%s': condition does not compile", name,
				 rs->rules[i].name);
			rc = -1;
		}
	return rc;
}

int engine_init(struct engine *e, struct bundle_meta *m, const char *name,
		const struct lanner_options *opt, bool matching_set, char *err, size_t errlen)
{
	memset(e, 0, sizeof(*e));
	e->meta = *m;
	memset(m, 0, sizeof(*m));
	e->opt = opt;
	e->matching = matching_set ? opt->rule_matching : e->meta.rule_matching;
	e->distrust_maybe = e->matching == MATCH_ALL && e->meta.rule_matching == MATCH_FIRST;
	if (retype(e, name, err, errlen))
		return -1;
	e->rules = calloc(e->meta.nrules ? e->meta.nrules : 1, sizeof(*e->rules));
	if (!e->rules) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	e->nrules = e->meta.nrules;
	for (size_t i = 0; i < e->nrules; i++) {
		struct eng_rule *r = &e->rules[i];
		char why[512];
		r->m = &e->meta.rules[i];
		r->ast = e->rs->rules[i].ast;
		r->active = r->m->priority <= opt->priority;
		if (!eval_prepare(r->ast, why, sizeof(why))) {
			snprintf(err, errlen, "%s: rule '%s': %s", name, r->m->name, why);
			return -1;
		}
		struct format_rule_id id = {r->m->name, r->m->source, r->m->tags, r->m->ntags};
		r->fmt = format_compile_rule(r->m->output ? r->m->output : "", opt, &id, why,
					     sizeof(why));
		if (!r->fmt) {
			snprintf(err, errlen, "%s: rule '%s': output: %s", name, r->m->name, why);
			return -1;
		}
	}
	evtset_none(&e->want);
	for (size_t k = 0; k < e->meta.nevents; k++) {
		const struct meta_event *me = &e->meta.events[k];
		if (me->evt < 0 || me->evt >= EVT_COUNT) {
			snprintf(err, errlen, "%s: event id %d out of range", name, me->evt);
			return -1;
		}
		bool any = false;
		for (size_t j = 0; j < me->nrules; j++) {
			if (me->rules[j] < 0 || (size_t)me->rules[j] >= e->nrules) {
				snprintf(err, errlen, "%s: event %s names rule %d of %zu", name,
					 evt_name(me->evt), me->rules[j], e->nrules);
				return -1;
			}
			any |= e->rules[me->rules[j]].active;
		}
		e->ev[me->evt] = me;
		if (any)
			evtset_set(&e->want, me->evt);
	}
	return 0;
}

void engine_free(struct engine *e)
{
	for (size_t i = 0; i < e->nrules; i++)
		format_free(e->rules[i].fmt);
	free(e->rules);
	ruleset_free(e->rs);
	bundle_meta_free(&e->meta);
	eval_cache_clear();
	memset(e, 0, sizeof(*e));
}

int engine_event(struct engine *e, int evt, const struct lnr_hdr *h, field_getter_fn get,
		 void *gctx, engine_alert_fn fn, void *fctx)
{
	if (evt < 0 || evt >= EVT_COUNT || !e->ev[evt])
		return 0;
	unsigned first = 0, state = LNR_V_UNKNOWN;
	uint64_t maybe = ~0ull, truth = 0;
	if (!e->ship_all) {
		state = h->v_state;
		first = h->v_first;
		maybe = e->distrust_maybe ? ~0ull : h->v_maybe;
		/* a TRUE bit stays true when the maybe bits are not trusted: the kernel evaluated
		 * that rule; the rules it did not evaluate have their bit clear */
		truth = h->v_true & h->v_maybe;
		if (state == LNR_V_TRUE)
			truth |= 1; /* the first rule's state, as every bundle writes it */
		if (state == LNR_V_NONE)
			return 0;
	}
	const struct meta_event *me = e->ev[evt];
	int n = 0;
	bool evaluated = false;
	e->events++;
	for (size_t p = first; p < me->nrules; p++) {
		size_t i = p - first;
		if (i < 64 && !((maybe >> i) & 1))
			continue;
		struct eng_rule *r = &e->rules[me->rules[p]];
		if (!r->active)
			continue;
		bool match;
		if (i < 64 && ((truth >> i) & 1)) {
			match = true;
			e->kernel_true++;
		} else {
			evaluated = true;
			e->evals++;
			match = eval_ast(r->ast, get, gctx);
		}
		if (!match)
			continue;
		n++;
		r->alerts++;
		e->alerts++;
		fn(fctx, r);
		if (e->matching == MATCH_FIRST)
			break;
	}
	e->evaluated += evaluated;
	return n;
}

static int cmp_index(const void *a, const void *b)
{
	const struct rl_rule *x = *(const struct rl_rule *const *)a;
	const struct rl_rule *y = *(const struct rl_rule *const *)b;
	return (x->index > y->index) - (x->index < y->index);
}

int engine_meta_from_ruleset(const struct ruleset *rs, const struct lanner_options *opt,
			     struct bundle_meta *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	m->format = BUNDLE_META_FORMAT;
	m->generator = strdup("lanner --ship-all");
	m->rule_matching = opt->rule_matching;
	m->priority = opt->priority;
	const struct rl_rule **order = calloc(rs->nrules ? rs->nrules : 1, sizeof(*order));
	m->rules = calloc(rs->nrules ? rs->nrules : 1, sizeof(*m->rules));
	size_t *count = calloc(EVT_COUNT, sizeof(size_t));
	if (!order || !m->rules || !count || !m->generator)
		goto oom;
	for (size_t i = 0; i < rs->nrules; i++)
		order[i] = &rs->rules[i];
	qsort(order, rs->nrules, sizeof(*order), cmp_index);
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rl_rule *r = order[i];
		if (!r->enabled || r->skipped || !r->ast || !r->evttypes || !r->nevttypes ||
		    (int)r->priority > opt->priority)
			continue;
		struct meta_rule *mr = &m->rules[m->nrules++];
		mr->name = strdup(r->name);
		mr->priority = r->priority;
		mr->source = strdup(r->source ? r->source : "syscall");
		mr->output = rl_rule_output(r);
		mr->condition = ast_print(r->ast);
		mr->decided = strdup("not at all");
		mr->tags = calloc(r->ntags ? r->ntags : 1, sizeof(char *));
		if (!mr->name || !mr->source || !mr->output || !mr->condition || !mr->decided ||
		    !mr->tags)
			goto oom;
		for (size_t t = 0; t < r->ntags; t++)
			if (!(mr->tags[mr->ntags++] = strdup(r->tags[t])))
				goto oom;
		for (int id = 0; id < EVT_COUNT; id++)
			if ((r->evttypes[id / 8] >> (id % 8)) & 1)
				count[id]++;
	}
	size_t nev = 0;
	for (int id = 0; id < EVT_COUNT; id++)
		nev += count[id] > 0;
	m->events = calloc(nev ? nev : 1, sizeof(*m->events));
	if (!m->events)
		goto oom;
	for (int id = 0; id < EVT_COUNT; id++) {
		if (!count[id])
			continue;
		struct meta_event *me = &m->events[m->nevents++];
		me->evt = id;
		if (!(me->rules = calloc(count[id], sizeof(int))))
			goto oom;
	}
	/* second pass: rule ids per event, in evaluation order */
	for (size_t ri = 0; ri < m->nrules; ri++) {
		const struct rl_rule *r =
			ruleset_find_rule((struct ruleset *)rs, m->rules[ri].name);
		for (size_t j = 0; r && j < m->nevents; j++) {
			struct meta_event *me = &m->events[j];
			if ((r->evttypes[me->evt / 8] >> (me->evt % 8)) & 1)
				me->rules[me->nrules++] = (int)ri;
		}
	}
	free(order);
	free(count);
	return 0;
oom:
	free(order);
	free(count);
	bundle_meta_free(m);
	snprintf(err, errlen, "out of memory");
	return -1;
}
