/* config_args.c — see config_args.h. */
#include "config_args.h"

#include <stdio.h>
#include <string.h>

bool gen_config_is_rules_kv(const char *kv)
{
	return !strncmp(kv, "rules", 5) && (kv[5] == '[' || kv[5] == '=' || kv[5] == '.');
}

int gen_config_load(struct lanner_config *cfg, const char *file, char *const *overrides,
		    size_t nover, struct lanner_options *opts)
{
	char err[1024];
	config_defaults(cfg);
	if (config_load(cfg, file, overrides, nover, err, sizeof(err))) {
		fprintf(stderr, "lanner-gen: %s\n", err);
		return 2;
	}
	if (file) {
		*opts = cfg->opt;
		opts->append = NULL; /* the outputs' business, not a build's */
	}
	return 0;
}

void gen_config_select(const struct rule_selects *sel, struct ruleset *rs, bool quiet)
{
	if (!sel || !sel->n)
		return;
	size_t changed = rule_selects_apply_ruleset(sel, rs);
	for (size_t k = 0; k < sel->n; k++) {
		const struct rule_select *s = &sel->v[k];
		if (!s->enable || !s->rule || strchr(s->rule, '*') ||
		    ruleset_find_rule(rs, s->rule))
			continue;
		fprintf(stderr, "lanner-gen: rules: enable {rule: %s}: no rule by that name\n",
			s->rule);
	}
	if (!quiet)
		fprintf(stderr,
			"lanner-gen: rules: %zu selection%s applied; %zu rule%s changed from "
			"their files' enabled\n",
			sel->n, sel->n == 1 ? "" : "s", changed, changed == 1 ? "" : "s");
}
