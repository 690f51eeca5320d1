/* Falco's `rules:` selections applied to a loaded ruleset before generation
 * (rulelang/selection.c): a selection enables a rule its file disables, in order, by wildcard
 * name or tag; Falco's `-o rules[].enable.rule=NAME` form (cfgtree's `[]` append) after the
 * file's own list; the override text lanner hands lanner-gen reads back as the same selection;
 * the canonical text tells selections apart (the compile cache's key); a bundle's metadata
 * records its build selection and the rules it left out; `lanner -b` leaves a bundle built with
 * the configuration's selection as it is (loader/config/rule_select.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle_meta.h"
#include "common/strbuf.h"
#include "config/config.h"
#include "config/rule_select.h"
#include "eval/rule_engine.h"
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

/* a bundle's metadata names its build selection and the rules it left out disabled */
Test(rule_selection, bundle_metadata_records_the_build)
{
	struct ruleset *rs = loaded();
	struct rule_select sel[] = {{.enable = true, .tag = "gamma"}};
	struct rule_selects s = {sel, 1, 1};
	rule_selects_apply_ruleset(&s, rs);
	struct bundle_meta m = {.format = BUNDLE_META_FORMAT};
	m.left_out = ruleset_left_out(rs, PRI_DEBUG, &m.nleft_out);
	cr_assert_eq(m.nleft_out, 1, "Sel off is still disabled; Other off was enabled");
	cr_expect_str_eq(m.left_out[0].name, "Sel off");
	struct strbuf canon = {0};
	rule_selects_canon(&s, &canon);
	m.rule_selection = canon.s;
	char *json = bundle_meta_to_json(&m);
	free(m.left_out);
	struct bundle_meta back;
	char err[256];
	cr_assert_eq(bundle_meta_from_json(json, strlen(json), &back, err, sizeof(err)), 0, "%s",
		     err);
	cr_expect_str_eq(back.rule_selection, canon.s);
	cr_assert_eq(back.nleft_out, 1);
	cr_expect_str_eq(back.left_out[0].name, "Sel off");
	cr_expect_eq(back.left_out[0].priority, PRI_WARNING);
	cr_expect(back.left_out[0].ntags == 1 && !strcmp(back.left_out[0].tags[0], "beta"));
	bundle_meta_free(&back);
	free(json);
	/* below the threshold: not listed (no selection could bring it back) */
	size_t n;
	struct meta_left_out *lo = ruleset_left_out(rs, PRI_ERROR, &n);
	cr_expect_eq(n, 0);
	free(lo);
	/* an older bundle: neither key; read as "not recorded" */
	const char *old = "{\"format\":1,\"rules\":[],\"events\":[]}";
	cr_assert_eq(bundle_meta_from_json(old, strlen(old), &back, err, sizeof(err)), 0);
	cr_expect_null(back.rule_selection);
	cr_expect_eq(back.nleft_out, 0);
	bundle_meta_free(&back);
	sb_free(&canon);
	ruleset_free(rs);
}

/* lanner -b: the selections act on the bundle's rules, unless it was built with them */
Test(rule_selection, bundle_built_with_the_selection_is_left_alone)
{
	char *t_b[] = {"beta"};
	struct meta_rule mr[2] = {
		{.name = "Sel on", .priority = PRI_WARNING},
		{.name = "Sel off", .priority = PRI_WARNING, .tags = t_b, .ntags = 1},
	};
	int ev_rules[] = {0, 1};
	struct meta_event me = {.evt = 1, .rules = ev_rules, .nrules = 2};
	struct engine e;
	memset(&e, 0, sizeof(e));
	struct eng_rule er[2] = {{.m = &mr[0], .active = true}, {.m = &mr[1], .active = true}};
	e.rules = er;
	e.nrules = 2;
	e.meta.events = &me;
	e.meta.nevents = 1;
	struct rule_select sel[] = {{.enable = false, .rule = "Sel on"},
				    {.enable = true, .tag = "beta"}};
	struct rule_selects s = {sel, 2, 2};
	struct strbuf canon = {0};
	rule_selects_canon(&s, &canon);
	e.meta.rule_selection = canon.s;
	cr_expect_eq(rule_select_bundle(&s, &e, PRI_DEBUG, "b.lnb"), 0);
	cr_expect(er[0].active && er[1].active, "built so: Sel on was compiled in on purpose");
	e.meta.rule_selection = "";
	cr_expect_eq(rule_select_bundle(&s, &e, PRI_DEBUG, "b.lnb"), 1);
	cr_expect(!er[0].active && er[1].active, "another selection: applied on top");
	struct rule_selects none = {0};
	er[0].active = true;
	cr_expect_eq(rule_select_bundle(&none, &e, PRI_DEBUG, "b.lnb"), 0);
	cr_expect(er[0].active, "no selections: the bundle's rules as built");
	sb_free(&canon);
}
