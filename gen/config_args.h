/* config_args.h — lanner-gen reads a Falco configuration the way lanner does
 * (loader/config/config.h): `-c FILE` (with its config_files drop-ins), then every `-o key=value`
 * in order. A build takes from it the `rules:` selections (applied to the loaded rules before
 * anything is generated: rulelang/selection.h), and with -c the options (priority, rule_matching,
 * ...) and, when no -r is given, its rules_files: `lanner-gen -c lanner.yaml -b FILE` builds the
 * bundle that configuration selects. Without -c, only Falco's `-o rules[].enable.rule=NAME`
 * forms are read this way; the other -o keys stay options.h's. */
#ifndef LANNER_GEN_CONFIG_ARGS_H
#define LANNER_GEN_CONFIG_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "options.h"
#include "rules.h"

/* Is this `-o` argument one of the `rules` key's (rules[]..., rules=..., rules.x...)? */
bool gen_config_is_rules_kv(const char *kv);

/* Reads the configuration into *cfg (config_defaults first); with a file, its options replace
 * *opts. 0, or 2 (the exit status) with the reason on stderr. */
int gen_config_load(struct lanner_config *cfg, const char *file, char *const *overrides,
		    size_t nover, struct lanner_options *opts);

/* Applies the selections to the loaded rules; says on stderr what they changed, and names each
 * exact `enable: {rule: NAME}` no rule answers to. */
void gen_config_select(const struct rule_selects *sel, struct ruleset *rs, bool quiet);

#endif
