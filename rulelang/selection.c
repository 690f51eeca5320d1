/* selection.c — see selection.h. */
#include "selection.h"

#include <stdlib.h>
#include <string.h>

#include "bundle_meta.h"
#include "common/jsonstr.h"
#include "common/xalloc.h"
#include "common/strbuf.h"
#include "rules.h"

bool rule_select_wildcard(const char *p, const char *s)
{
	/* iterative glob with backtracking to the last '*' */
	const char *star = NULL, *resume = NULL;
	while (*s) {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p && *p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

bool rule_select_names(const struct rule_select *sel, const char *name, char *const *tags,
		       size_t ntags)
{
	if (sel->rule)
		return rule_select_wildcard(sel->rule, name);
	for (size_t i = 0; i < ntags; i++)
		if (!strcmp(tags[i], sel->tag))
			return true;
	return false;
}

size_t rule_selects_apply_ruleset(const struct rule_selects *s, struct ruleset *rs)
{
	size_t changed = 0;
	for (size_t i = 0; s && i < rs->nrules; i++) {
		struct rl_rule *r = &rs->rules[i];
		bool was = r->enabled;
		for (size_t k = 0; k < s->n; k++)
			if (rule_select_names(&s->v[k], r->name, r->tags, r->ntags))
				r->enabled = s->v[k].enable;
		changed += r->enabled != was;
	}
	return changed;
}

void rule_selects_canon(const struct rule_selects *s, struct strbuf *out)
{
	/* lengths make the text unambiguous whatever the names contain */
	for (size_t k = 0; s && k < s->n; k++) {
		const struct rule_select *sel = &s->v[k];
		const char *v = sel->rule ? sel->rule : sel->tag;
		sb_addf(out, "%s %s %zu:%s\n", sel->enable ? "enable" : "disable",
			sel->rule ? "rule" : "tag", strlen(v), v);
	}
}

char *rule_select_override(const struct rule_select *sel)
{
	const char *op = sel->enable ? "enable" : "disable", *what = sel->rule ? "rule" : "tag";
	const char *v = sel->rule ? sel->rule : sel->tag;
	struct strbuf b = {0};
	if (*v != '{' && *v != '[') {
		sb_addf(&b, "rules[].%s.%s=%s", op, what, v);
		return sb_detach(&b);
	}
	/* `-o` parses a value opening with a bracket as YAML: a JSON string is valid YAML */
	sb_addf(&b, "rules[]={\"%s\": {\"%s\": ", op, what);
	json_quote(&b, v, strlen(v));
	sb_add(&b, "}}");
	return sb_detach(&b);
}

struct meta_left_out *ruleset_left_out(const struct ruleset *rs, int priority, size_t *n)
{
	struct meta_left_out *v = xcalloc(rs->nrules + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rl_rule *r = &rs->rules[i];
		if (r->enabled || r->skipped || r->unknown_source || (int)r->priority > priority)
			continue;
		v[(*n)++] = (struct meta_left_out){r->name, (int)r->priority, r->tags, r->ntags};
	}
	return v;
}

void rule_selects_free(struct rule_selects *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].rule);
		free(s->v[i].tag);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
