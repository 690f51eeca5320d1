/* rule_select.h — Falco's `rules:` configuration: an ordered list of enable/disable selections
 * applied after every rules file is loaded (docs/falco-semantics.md, "Rule selections").
 *
 *   rules:
 *     - disable: {rule: "*"}
 *     - enable: {tag: network}
 *     - enable: {rule: "Read sensitive file*"}
 *
 * `rule` is matched against the whole rule name with `*` standing for any run of characters
 * (nothing else is special), `tag` selects the rules having that tag. Each selection overrides the
 * rules' own `enabled:` state and the selections before it; none brings back a rule the
 * `priority` threshold dropped.
 *
 * Lanner applies them to the rules it runs (rule_select_apply): a rule a selection disables is
 * never evaluated nor alerted on, and the event types only it needed are no longer enabled. A
 * rule that `enabled: false` in its file kept out of the compiled rules cannot be enabled here;
 * an `enable: {rule: NAME}` without wildcard that names no compiled rule is reported on stderr.
 */
#ifndef LANNER_RULE_SELECT_H
#define LANNER_RULE_SELECT_H

#include <stdbool.h>
#include <stddef.h>

struct engine;

struct rule_select {
	bool enable;
	char *rule; /* a wildcard pattern, or NULL */
	char *tag;  /* or NULL; exactly one of rule, tag is set */
};

struct rule_selects {
	struct rule_select *v;
	size_t n, cap;
};

/* Falco's wildcard match: `*` matches any run of characters (also none), anything else itself. */
bool rule_select_wildcard(const char *pattern, const char *name);

/* Applies the selections in order to e's rules (their `active` flag; priority still rules),
 * recomputes e->want, and when a rule that the bundle's `first` matching could have stopped at is
 * disabled, stops trusting the kernel's bits for the rules after it. Returns how many rules the
 * selections changed. */
size_t rule_select_apply(const struct rule_selects *s, struct engine *e, int priority);

void rule_selects_free(struct rule_selects *s);

#endif
