/* cli.h — the commands of lanner-gen, one file each:
 *   validate.c   -V/--validate: load files in order, report per file (text or Falco's JSON)
 *   describe.c   -L/--list-rules, --print-condition, --list-fields
 */
#ifndef LANNER_GEN_CLI_H
#define LANNER_GEN_CLI_H

#include <stddef.h>

#include "options.h"
#include "rules.h"

/* Loads `paths` in order into rs; prints diagnostics to stderr as FILE:LINE:COL lines.
 * Returns the number of errors. */
int load_rules_or_report(struct ruleset *rs, char **paths, size_t n);

int cmd_validate(char **paths, size_t n, const struct lanner_options *o);
int cmd_list_rules(struct ruleset *rs, const struct lanner_options *o);
int cmd_print_condition(struct ruleset *rs, const char *rule);
int cmd_list_fields(const struct lanner_options *o);
/* explain.c: --explain [RULE]: where each rule (or RULE) is decided, kernel vs userspace. */
int cmd_explain(struct ruleset *rs, const char *rule_or_null, const struct lanner_options *o);

#endif
