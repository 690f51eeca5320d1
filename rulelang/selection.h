/* selection.h — Falco's `rules:` selections, on a loaded ruleset: an ordered list of
 * enable/disable entries applied after every rules file is loaded (docs/falco-semantics.md,
 * "Rule selections").
 *
 *   rules:
 *     - disable: {rule: "*"}
 *     - enable: {tag: network}
 *     - enable: {rule: "Read sensitive file*"}
 *
 * `rule` is matched against the whole rule name with `*` standing for any run of characters
 * (nothing else is special), `tag` selects the rules having that tag. Each selection overrides
 * the rules' own `enabled:` (after the files' overrides) and the selections before it. The
 * priority threshold is applied afterwards: a selection never brings back a rule below it.
 *
 * Both binaries apply them to the ruleset before generation (lanner-gen's -c CONFIG and
 * `-o rules[]...`, lanner's -r and --ship-all modes), so a rule whose file says `enabled: false`
 * is compiled when a selection enables it. The loader also applies a configuration's selections
 * to the rules of a prebuilt bundle (loader/config/rule_select.h).
 */
#ifndef LANNER_SELECTION_H
#define LANNER_SELECTION_H

#include <stdbool.h>
#include <stddef.h>

struct ruleset;
struct strbuf;
struct meta_left_out;

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

/* Does sel name the rule with this name and tags? */
bool rule_select_names(const struct rule_select *sel, const char *name, char *const *tags,
		       size_t ntags);

/* Applies the selections in order to the `enabled` flag of rs's rules. Returns how many rules
 * end with a state other than their files gave them. */
size_t rule_selects_apply_ruleset(const struct rule_selects *s, struct ruleset *rs);

/* The selections as text, one line each ("" for none): equal texts select alike. It names the
 * compiled selection in a bundle's metadata and in the compile cache's file names. */
void rule_selects_canon(const struct rule_selects *s, struct strbuf *out);

/* One selection as Falco's command-line override ("rules[].enable.rule=NAME"; a value that
 * `-o` would read as YAML is written as a quoted flow mapping). Freed by the caller. */
char *rule_select_override(const struct rule_select *sel);

/* The rules generation leaves out because they are disabled (by their file or a selection)
 * although their priority passes the threshold: a malloc'd array (strings borrowed from rs) for
 * a bundle's metadata (bundle_meta.h: left_out); *n its length. */
struct meta_left_out *ruleset_left_out(const struct ruleset *rs, int priority, size_t *n);

void rule_selects_free(struct rule_selects *s);

#endif
