/* append_output's extra_output / extra_fields / match and the `rules:` enable/disable selections
 * (loader/config/config_append.c, loader/outputs/append_output.c, format.c, output_json.c,
 * loader/config/rule_select.c), with Falco's semantics (docs/falco-semantics.md). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "config/rule_select.h"
#include "eval/eval.h"
#include "eval/rule_engine.h"
#include "outputs/format.h"
#include "rules.h"

static int load(struct lanner_config *c, const char *text, char *err, size_t errlen)
{
	char path[] = "/tmp/lanner-test-append-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	config_defaults(c);
	int rc = config_load(c, path, NULL, 0, err, errlen);
	unlink(path);
	return rc;
}

static bool get(void *ctx, const struct operand *o, struct fieldval *out)
{
	(void)ctx;
	if (!strcmp(o->name, "proc.name")) {
		out->kind = FV_STR;
		out->s = "cat";
		out->len = 3;
		return true;
	}
	if (!strcmp(o->name, "proc.pid")) {
		out->kind = FV_INT;
		out->i = 42;
		return true;
	}
	return false;
}

static const char cfg_text[] = "append_output:\n"
			       "  - match: {source: syscall, tags: [shell]}\n"
			       "    extra_output: \"shell=%proc.name\"\n"
			       "    extra_fields:\n"
			       "      - tagged: \"pid %proc.pid\"\n"
			       "      - proc.pid\n"
			       "  - match: {rule: Other Rule}\n"
			       "    extra_output: \"other\"\n"
			       "  - extra_output: \"(all)\"\n"
			       "  - match: {source: k8s_audit}\n"
			       "    extra_output: \"never\"\n";

static char *alert_json(struct lanner_config *c, const char *rule, char *const *tags, size_t ntags,
			char **text)
{
	char err[256] = "";
	struct format_rule_id id = {rule, NULL, tags, ntags};
	struct out_format *f = format_compile_rule("out", &c->opt, &id, err, sizeof(err));
	cr_assert(f, "%s", err);
	struct alert a = {.ts_ns = 1, .priority = PRI_WARNING, .rule = rule, .fmt = f, .get = get};
	*text = format_render(f, get, NULL);
	char *j = output_json_alert(&a, &c->opt, "h");
	format_free(f);
	return j;
}

Test(append_output, extra_output_and_fields_by_match)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, cfg_text, err, sizeof(err)), 0, "%s", err);
	cr_assert(!c.opt.suggested_output);
	cr_assert_eq(c.append_output.n, 4);
	char *shell_tags[] = {"container", "shell"}, *text;
	char *j = alert_json(&c, "Shell Rule", shell_tags, 2, &text);
	cr_expect_str_eq(text, "out shell=cat (all)");
	cr_expect(strstr(j, "\"output_fields\":{\"evt.time\":1,\"proc.name\":\"cat\",\"proc.pid\":"
			    "42,\"tagged\":\"pid 42\"}"),
		  "%s", j);
	free(text);
	free(j);
	/* no shell tag: only the unconditional entry; the extra fields stay out of JSON */
	j = alert_json(&c, "Other Rule", NULL, 0, &text);
	cr_expect_str_eq(text, "out other (all)");
	cr_expect(strstr(j, "\"output_fields\":{\"evt.time\":1}"), "%s", j);
	free(text);
	free(j);
	config_free(&c);
}

Test(append_output, suggested_output_kept_and_errors_located)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, "append_output:\n  - suggested_output: true\n", err, sizeof(err)), 0);
	cr_expect(c.opt.suggested_output);
	config_free(&c);
	cr_assert_neq(load(&c, "append_output:\n  - extra_fields: [[1]]\n", err, sizeof(err)), 0);
	cr_expect(strstr(err, ":2: append_output.extra_fields"), "%s", err);
	config_free(&c);
	cr_assert_neq(load(&c, "append_output:\n  - match: [x]\n", err, sizeof(err)), 0);
	cr_expect(strstr(err, "append_output.match: expected a mapping"), "%s", err);
	config_free(&c);
	/* a bare extra field must be a field */
	cr_assert_eq(
		load(&c, "append_output:\n  - extra_fields: [nosuch.field]\n", err, sizeof(err)),
		0);
	struct out_format *f = format_compile("x", &c.opt, err, sizeof(err));
	cr_expect(!f);
	cr_expect(strstr(err, "nosuch.field"), "%s", err);
	config_free(&c);
}

Test(rule_select, wildcard_like_falco)
{
	cr_expect(rule_select_wildcard("*", ""));
	cr_expect(rule_select_wildcard("*", "Any rule"));
	cr_expect(rule_select_wildcard("Read*", "Read sensitive file"));
	cr_expect(rule_select_wildcard("*file*", "Read sensitive file untrusted"));
	cr_expect(rule_select_wildcard("a*b*c", "abbbc"));
	cr_expect(!rule_select_wildcard("Read*", "read sensitive"));
	cr_expect(!rule_select_wildcard("Read", "Read sensitive"));
	cr_expect(!rule_select_wildcard("a*b", "abc"));
	cr_expect(!rule_select_wildcard("?", "x"));
}

Test(rule_select, config_shapes)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c,
			  "rules:\n  - disable: {rule: \"*\"}\n  - enable: {tag: network}\n"
			  "  - enable:\n      rule: Read*\n",
			  err, sizeof(err)),
		     0, "%s", err);
	cr_assert_eq(c.rules.n, 3);
	cr_expect(!c.rules.v[0].enable && !strcmp(c.rules.v[0].rule, "*"));
	cr_expect(c.rules.v[1].enable && !strcmp(c.rules.v[1].tag, "network"));
	cr_expect(c.rules.v[2].enable && !strcmp(c.rules.v[2].rule, "Read*"));
	config_free(&c);
	cr_assert_neq(load(&c, "rules:\n  - enable: {rule: a, tag: b}\n", err, sizeof(err)), 0);
	cr_expect(strstr(err, ":2: rules.enable: expected exactly one of rule, tag"), "%s", err);
	config_free(&c);
	cr_assert_neq(load(&c, "rules:\n  - remove: {rule: a}\n", err, sizeof(err)), 0);
	cr_expect(strstr(err, "rules: expected an entry"), "%s", err);
	config_free(&c);
}

/* an engine with three rules, without bundle: only what rule_select_apply reads */
Test(rule_select, apply_in_order_and_priority_wins)
{
	char *t_net[] = {"network"}, *t_file[] = {"filesystem"};
	struct meta_rule mr[3] = {
		{.name = "Outbound Connection", .priority = PRI_NOTICE, .tags = t_net, .ntags = 1},
		{.name = "Read sensitive file",
		 .priority = PRI_WARNING,
		 .tags = t_file,
		 .ntags = 1},
		{.name = "Read noise", .priority = PRI_DEBUG, .tags = t_file, .ntags = 1},
	};
	int ev_rules[] = {0, 1, 2};
	struct meta_event me = {.evt = 1, .rules = ev_rules, .nrules = 3};
	struct engine e;
	memset(&e, 0, sizeof(e));
	struct eng_rule er[3];
	memset(er, 0, sizeof(er));
	for (int i = 0; i < 3; i++)
		er[i] = (struct eng_rule){.m = &mr[i],
					  .active = mr[i].priority <= PRI_INFORMATIONAL};
	e.rules = er;
	e.nrules = 3;
	e.meta.events = &me;
	e.meta.nevents = 1;
	e.meta.rule_matching = MATCH_FIRST;
	struct rule_select sel[] = {
		{.enable = false, .rule = "*"},
		{.enable = true, .tag = "filesystem"},
		{.enable = false, .rule = "Read sensitive*"},
		{.enable = true, .rule = "Read sensitive file"},
	};
	struct rule_selects s = {sel, 4, 4};
	rule_select_apply(&s, &e, PRI_INFORMATIONAL);
	cr_expect(!er[0].active, "disabled by the wildcard, not re-enabled");
	cr_expect(er[1].active, "the last selection naming it enabled it");
	cr_expect(!er[2].active, "below the priority threshold: a selection cannot bring it back");
	cr_expect(e.distrust_maybe, "a disabled rule may be where the kernel stopped");
	cr_expect(evtset_test(&e.want, 1));
	struct rule_select none[] = {{.enable = false, .tag = "filesystem"}, {.rule = "*"}};
	struct rule_selects s2 = {none, 2, 2};
	rule_select_apply(&s2, &e, PRI_INFORMATIONAL);
	cr_expect(!evtset_test(&e.want, 1), "no active rule left for the type");
}

Test(append_output, dotted_override_is_one_entry)
{
	struct lanner_config c;
	char err[512];
	char *ov[] = {"append_output.suggested_output=false",
		      "append_output.extra_output=x=%proc.name"};
	config_defaults(&c);
	cr_assert_eq(config_load(&c, NULL, ov, 2, err, sizeof(err)), 0, "%s", err);
	cr_expect(!c.opt.suggested_output);
	cr_assert_eq(c.append_output.n, 1);
	cr_expect_str_eq(c.append_output.v[0].extra_output, "x=%proc.name");
	config_free(&c);
}
