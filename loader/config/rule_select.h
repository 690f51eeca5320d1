/* rule_select.h — Falco's `rules:` selections (rulelang/selection.h) on the rules a bundle
 * carries, for `lanner -b BUNDLE`.
 *
 * With -r (and --ship-all) the selections are applied to the rules files before generation
 * (selection.h): the bundle already holds exactly the rules they enable, and nothing is applied
 * here. A prebuilt bundle holds the rules enabled when it was built (lanner-gen -c CONFIG or
 * `-o rules[]...`); the configuration's selections then act on those rules, unless they are the
 * ones the bundle was built with (its metadata says so). A rule a selection disables is never
 * evaluated nor alerted on, and the event types only it needed are no longer enabled. A rule the
 * bundle does not hold cannot be enabled: when a selection would enable one the bundle lists as
 * left out at build time (disabled), or an exact name no rule has, stderr says so and how to
 * build a bundle with it; the agent starts anyway.
 */
#ifndef LANNER_RULE_SELECT_H
#define LANNER_RULE_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "selection.h"

struct engine;

/* Applies the selections in order to e's rules (their `active` flag; priority still rules),
 * recomputes e->want, and when a rule that the bundle's `first` matching could have stopped at is
 * disabled, stops trusting the kernel's bits for the rules after it. Returns how many rules the
 * selections changed. */
size_t rule_select_apply(const struct rule_selects *s, struct engine *e, int priority);

/* `lanner -b`: applies the selections to the bundle's rules (rule_select_apply) unless the bundle
 * was built with these very selections; names on stderr each rule they would enable that the
 * bundle left out (disabled at build time) with the lanner-gen command that builds it in, and
 * each exact name no rule has. Returns how many rules changed. */
size_t rule_select_bundle(const struct rule_selects *s, struct engine *e, int priority,
			  const char *bundle);

#endif
