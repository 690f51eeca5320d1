/* Falco's `rules:` selections applied to a loaded ruleset before generation
 * (rulelang/selection.c): a selection enables a rule its file disables, in order, by wildcard
 * name or tag; Falco's `-o rules[].enable.rule=NAME` form (cfgtree's `[]` append) after the
 * file's own list; the override text lanner hands lanner-gen reads back as the same selection;
 * the canonical text tells selections apart (the compile cache's key). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "config/config.h"
#include "diag.h"
#include "rules.h"
#include "selection.h"

static const char *rules_yaml = "- rule: Sel on\n"
				"  desc: x\n"
				"  condition: evt.type = openat and fd.name = /a\n"
				"  output: on\n"
				"  priority: WARNING\n"
				"  tags: [alpha]\n"
				"- rule: Sel off\n"
				"  desc: x\n"
				"  condition: evt.type = openat and fd.name = /b\n"
				"  output: off\n"
				"  priority: WARNING\n"
				"  enabled: false\n"
				"  tags: [beta]\n"
				"- rule: Other off\n"
				"  desc: x\n"
				"  condition: evt.type = openat and fd.name = /c\n"
				"  output: other\n"
				"  priority: NOTICE\n"
				"  enabled: false\n"
				"  tags: [beta, gamma]\n";

static struct ruleset *loaded(void)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	cr_assert_eq(ruleset_load_string(rs, "sel.yaml", rules_yaml, strlen(rules_yaml), &d), 0);
	diags_free(&d);
	return rs;
}

static bool on(struct ruleset *rs, const char *name)
{
	struct rl_rule *r = ruleset_find_rule(rs, name);
	cr_assert(r, "%s", name);
	return r->enabled;
}

/* the configuration from a file's text and -o overrides */
static int cfg(struct lanner_config *c, const char *text, char **ov, size_t nov, char *err,
	       size_t errlen)
{
	char path[] = "/tmp/lanner-test-rulesel-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	config_defaults(c);
	int rc = config_load(c, path, ov, nov, err, errlen);
	unlink(path);
	return rc;
}

Test(rule_selection, enables_a_rule_its_file_disables)
{
	struct ruleset *rs = loaded();
	cr_expect(on(rs, "Sel on") && !on(rs, "Sel off") && !on(rs, "Other off"));
	struct rule_select sel[] = {{.enable = true, .rule = "Sel off"}};
	struct rule_selects s = {sel, 1, 1};
	cr_expect_eq(rule_selects_apply_ruleset(&s, rs), 1);
	cr_expect(on(rs, "Sel off"), "enabled by the selection over its file's enabled: false");
	cr_expect(on(rs, "Sel on") && !on(rs, "Other off"), "the others as their files say");
	ruleset_free(rs);
}

Test(rule_selection, in_order_by_wildcard_and_tag)
{
	struct ruleset *rs = loaded();
	struct rule_select sel[] = {
		{.enable = false, .rule = "*"},
		{.enable = true, .tag = "beta"},
		{.enable = false, .rule = "Other*"},
		{.enable = true, .tag = "alpha"},
	};
	struct rule_selects s = {sel, 4, 4};
	rule_selects_apply_ruleset(&s, rs);
	cr_expect(on(rs, "Sel on"), "disabled by '*', enabled again by its tag");
	cr_expect(on(rs, "Sel off"), "enabled by its tag");
	cr_expect(!on(rs, "Other off"), "enabled by its tag, then disabled by a later wildcard");
	ruleset_free(rs);
}

Test(rule_selection, falco_dash_o_forms_append_after_the_file)
{
	struct lanner_config c;
	char err[512];
	char *ov[] = {"rules[].enable.rule=Sel off", "rules[].disable.tag=alpha",
		      "rules[]={\"enable\": {\"tag\": \"gamma\"}}"};
	cr_assert_eq(cfg(&c, "rules:\n  - disable: {rule: \"*\"}\n", ov, 3, err, sizeof(err)), 0,
		     "%s", err);
	cr_assert_eq(c.rules.n, 4);
	cr_expect(!c.rules.v[0].enable && !strcmp(c.rules.v[0].rule, "*"), "the file's first");
	cr_expect(c.rules.v[1].enable && !strcmp(c.rules.v[1].rule, "Sel off"));
	cr_expect(!c.rules.v[2].enable && !strcmp(c.rules.v[2].tag, "alpha"));
	cr_expect(c.rules.v[3].enable && !strcmp(c.rules.v[3].tag, "gamma"));
	struct ruleset *rs = loaded();
	rule_selects_apply_ruleset(&c.rules, rs);
	cr_expect(!on(rs, "Sel on") && on(rs, "Sel off") && on(rs, "Other off"));
	ruleset_free(rs);
	config_free(&c);
	/* with no list in the file, [] starts one */
	char *one[] = {"rules[].enable.rule=X"};
	cr_assert_eq(cfg(&c, "priority: debug\n", one, 1, err, sizeof(err)), 0, "%s", err);
	cr_expect(c.rules.n == 1 && c.rules.v[0].enable && !strcmp(c.rules.v[0].rule, "X"));
	config_free(&c);
	/* [] on a value that is not a list is an error naming the argument */
	char *badv[] = {"priority[].x=1"};
	cr_expect_neq(cfg(&c, "priority: debug\n", badv, 1, err, sizeof(err)), 0);
	cr_expect(strstr(err, "-o priority[].x=1") && strstr(err, "not a list"), "%s", err);
	config_free(&c);
}

/* what lanner passes lanner-gen for each selection reads back as that selection */
Test(rule_selection, override_text_round_trips)
{
	struct rule_select sel[] = {
		{.enable = true, .rule = "Read sensitive file untrusted"},
		{.enable = false, .tag = "maturity_sandbox"},
		{.enable = true, .rule = "{odd: \"name\"} = x.y[0]"},
		{.enable = false, .rule = "[bracketed] *"},
	};
	char *ov[4];
	for (int i = 0; i < 4; i++)
		ov[i] = rule_select_override(&sel[i]);
	cr_expect_str_eq(ov[0], "rules[].enable.rule=Read sensitive file untrusted");
	cr_expect_str_eq(ov[1], "rules[].disable.tag=maturity_sandbox");
	struct lanner_config c;
	char err[512];
	cr_assert_eq(cfg(&c, "", ov, 4, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(c.rules.n, 4);
	struct rule_selects want = {sel, 4, 4};
	struct strbuf a = {0}, b = {0};
	rule_selects_canon(&want, &a);
	rule_selects_canon(&c.rules, &b);
	cr_expect_str_eq(sb_str(&a), sb_str(&b));
	sb_free(&a);
	sb_free(&b);
	config_free(&c);
	for (int i = 0; i < 4; i++)
		free(ov[i]);
}

Test(rule_selection, canonical_text_tells_selections_apart)
{
	struct rule_select x[] = {{.enable = true, .rule = "a"}, {.enable = true, .tag = "b"}};
	struct rule_select y[] = {{.enable = true, .tag = "b"}, {.enable = true, .rule = "a"}};
	struct rule_select z[] = {{.enable = true, .rule = "a\nenable tag 1:b"}};
	struct rule_selects sx = {x, 2, 2}, sy = {y, 2, 2}, sz = {z, 1, 1}, none = {0};
	struct strbuf a = {0}, b = {0}, c = {0}, n = {0};
	rule_selects_canon(&sx, &a);
	rule_selects_canon(&sy, &b);
	rule_selects_canon(&sz, &c);
	rule_selects_canon(&none, &n);
	cr_expect_str_neq(sb_str(&a), sb_str(&b), "order matters");
	cr_expect_str_neq(sb_str(&a), sb_str(&c), "a name cannot imitate two selections");
	cr_expect_str_eq(sb_str(&n), "");
	sb_free(&a);
	sb_free(&b);
	sb_free(&c);
	sb_free(&n);
}
