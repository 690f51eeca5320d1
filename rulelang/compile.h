/* compile.h — helpers of the rules compiler (compile.c and its passes, compile_passes.h) that
 * other modules and tests use.
 *
 * ruleset_compile() itself is declared in rules.h. What it leaves in the ruleset:
 *   rl_macro.ast          the macro's condition, lists substituted, macros inlined (not typed)
 *   rl_rule.full_condition condition with its exceptions appended as text (exceptions.c)
 *   rl_rule.ast           resolved condition: lists substituted, macros inlined, every operand
 *                         field resolved (operand.field) and every literal typed (ast.vals)
 *   rl_rule.evttypes      event-type bitmap (events.h evtset layout, EVTSET_BYTES bytes)
 *   rl_rule.skipped       unknown source, or skip-if-unknown-filter dropped it
 * Falco stops compiling at the first error; rules after it keep ast == NULL.
 */
#ifndef LANNER_COMPILE_H
#define LANNER_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"
#include "rules.h"

/* Falco's quote_item: s wrapped in double quotes when it contains a space and does
 * not start with a quote; nothing is escaped. Returns malloc'd text. */
char *rl_quote_item(const char *s);

/* Falco's textual list substitution with the ruleset's lists (definition order, nested list
 * items expanded as Falco's list compilation does). Marks used lists. Returns malloc'd text, or
 * NULL when the lists would add more than RL_MAX_CONDITION_NODES items. */
char *rl_substitute_lists(struct ruleset *rs, const char *text);

/* The rule's condition with its exceptions as text (exceptions.c). NULL with err filled when an
 * exception is malformed (e.g. "Fields and values lists must have equal length"). */
char *rl_exceptions_condition(const struct rl_rule *r, char *err, size_t errlen);

/* Falco's is_valid_lhs_field: can `field` (a field with its argument, or a transformer
 * expression) be the left-hand side of a comparison? Used for exception fields, which Falco
 * checks when the exception is declared, with or without values. */
bool rl_lhs_field_valid(const char *field);

/* The rule's output as compiled: "%container.info" removed (Falco's deprecated token). It is
 * validated with outfmt_parse (outfmt.h). */
char *rl_rule_output(const struct rl_rule *r);

#endif
