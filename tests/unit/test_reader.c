/* Tests of the YAML side of the front end: yaml_doc.c (node tree, positions, YAML errors) and
 * reader.c (item kinds, keys, types, defaults, Falco's diagnostics with line:column). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "collector.h"
#include "rules.h"
#include "rules_fixture.h"
#include "yaml_doc.h"

static void fx_load(struct rules_fx *f, const char *text)
{
	rules_fx_load(f, "t.yaml", text);
}

static void fx_free(struct rules_fx *f)
{
	rules_fx_free(f);
}

#define RULE(name, extra)                                                                          \
	"- rule: " name                                                                            \
	"\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n" extra

/* ---- yaml_doc -------------------------------------------------------------------------- */

Test(reader, yaml_positions_of_nodes_and_keys)
{
	const char *t = "# c\n- a: 1\n  bb: [x, 'y']\n---\nk: ~\n";
	struct ydoc doc;
	struct yerror err;
	cr_assert_eq(ydoc_parse(t, strlen(t), &doc, &err), 0);
	cr_assert_eq(doc.ndocs, 2);
	const struct ynode *seq = doc.docs[0];
	cr_assert_eq(seq->kind, YNODE_SEQ);
	cr_expect_eq(seq->line, 2);
	cr_expect_eq(seq->col, 1);
	const struct ynode *m = seq->items[0], *k;
	cr_expect_eq(m->kind, YNODE_MAP);
	cr_expect_eq(m->col, 3);
	const struct ynode *bb = ynode_get(m, "bb", &k);
	cr_assert(bb);
	cr_expect_eq(k->line, 3);
	cr_expect_eq(k->col, 3);
	cr_expect_eq(bb->kind, YNODE_SEQ);
	cr_expect_eq(bb->items[1]->col, 11);
	cr_expect(!bb->items[0]->quoted);
	cr_expect(bb->items[1]->quoted);
	cr_expect_eq(ynode_get(doc.docs[1], "k", NULL)->kind, YNODE_NULL);
	cr_expect_null(ynode_get(m, "zz", NULL));
	ydoc_free(&doc);
}

Test(reader, yaml_aliases_resolve_and_undefined_alias_is_an_error)
{
	const char *t = "- &a [x, y]\n- *a\n";
	struct ydoc doc;
	struct yerror err;
	cr_assert_eq(ydoc_parse(t, strlen(t), &doc, &err), 0);
	cr_expect_eq(doc.docs[0]->items[1], doc.docs[0]->items[0]);
	ydoc_free(&doc);
	const char *bad = "- *nope\n";
	cr_expect_eq(ydoc_parse(bad, strlen(bad), &doc, &err), -1);
	cr_expect(strstr(err.msg, "nope"));
	cr_expect_eq(err.line, 1);
	cr_expect_eq(err.col, 3);
	ydoc_free(&doc);
}

Test(reader, yaml_bools)
{
	const char *yes[] = {"true", "True", "TRUE", "yes", "Yes", "on", "ON", "y"};
	const char *no[] = {"false", "False", "no", "NO", "off", "Off", "n"};
	bool b;
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		cr_expect(yaml_parse_bool(yes[i], &b) && b, "%s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		cr_expect(yaml_parse_bool(no[i], &b) && !b, "%s", no[i]);
	cr_expect(!yaml_parse_bool("maybe", &b));
	cr_expect(!yaml_parse_bool("1", &b));
}

/* ---- document shape -------------------------------------------------------------------- */

Test(reader, empty_file_is_valid)
{
	struct rules_fx f = {0};
	fx_load(&f, "");
	expect_ok(&f);
	cr_expect_eq(f.d.n, 0);
	cr_expect_eq(f.rs->nrules + f.rs->nmacros + f.rs->nlists, 0);
	fx_free(&f);
}

Test(reader, comment_only_and_empty_documents_are_valid)
{
	struct rules_fx f = {0};
	fx_load(&f, "# only a comment\n   # another\n");
	expect_ok(&f);
	cr_expect_eq(f.d.n, 0);
	fx_load(&f, "---\n---\n...\n");
	expect_ok(&f);
	cr_expect_eq(f.d.n, 0);
	fx_free(&f);
}

Test(reader, several_documents_are_read_in_order)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n  items: [x]\n---\n- list: b\n  items: [y]\n");
	expect_ok(&f);
	cr_assert_eq(f.rs->nlists, 2);
	cr_expect_str_eq(f.rs->lists[1].name, "b");
	cr_expect_eq(f.rs->lists[1].pos.line, 4);
	fx_free(&f);
}

Test(reader, malformed_yaml_is_a_parse_error_with_position)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n  items: [x, y\n- macro: m\n");
	cr_expect_eq(f.errs, 1);
	expect_diag(&f, LOAD_ERR_YAML_PARSE, 3, 8, "flow sequence");
	cr_expect_eq(f.rs->nlists, 0, "nothing is collected from a file that does not parse");
	fx_free(&f);

	fx_load(&f, "- rule: a\n   desc: b\n  bad: c\n");
	expect_diag(&f, LOAD_ERR_YAML_PARSE, 2, 8, "mapping values are not allowed");
	fx_free(&f);
}

Test(reader, binary_junk_is_a_parse_error)
{
	struct rules_fx f = {0};
	static const char junk[] = "\x7f"
				   "ELF\x02\x01\x01\x00\x00\xff\xfe\x80\x81 - : [";
	f.rs = ruleset_new();
	f.errs = ruleset_load_string(f.rs, "junk.yaml", junk, sizeof(junk) - 1, &f.d);
	cr_expect_eq(f.errs, 1);
	cr_assert(find(&f, LOAD_ERR_YAML_PARSE));
	cr_expect_str_eq(find(&f, LOAD_ERR_YAML_PARSE)->file, "junk.yaml");
	fx_free(&f);
}

Test(reader, deep_nesting_is_refused_quickly)
{
	static char text[20001];
	memset(text, '[', 10000);
	memset(text + 10000, ']', 10000);
	struct rules_fx f = {0};
	fx_load(&f, text);
	expect_diag(&f, LOAD_ERR_YAML_PARSE, 1, 101, "nesting deeper than 100 levels");
	fx_free(&f);
}

Test(reader, bad_encoding_position_is_derived_from_the_byte_offset)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n  items: [\xe9]\n");
	expect_diag(&f, LOAD_ERR_YAML_PARSE, 2, 12, "UTF-8");
	fx_free(&f);
}

Test(reader, text_that_is_not_yaml_rules)
{
	struct rules_fx f = {0};
	/* prose parses as one plain scalar */
	fx_load(&f, "This is just some text,\nnot a rules file.\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 1, 1, "Rules content is not yaml");
	cr_expect(!strstr(find(&f, LOAD_ERR_YAML_VALIDATE)->message, "array"));
	fx_free(&f);
	/* C code is not even YAML */
	fx_load(&f, "int main(void) {\n\tputs(\"a: b\");\n}\n");
	cr_expect_eq(f.errs, 1);
	cr_expect(find(&f, LOAD_ERR_YAML_PARSE));
	fx_free(&f);
}

Test(reader, top_level_mapping_is_rejected)
{
	struct rules_fx f = {0};
	fx_load(&f, "\nrule: x\ncondition: y\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 2, 1, "Rules content is not yaml array of objects");
	fx_free(&f);
}

Test(reader, element_that_is_not_a_mapping)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n  items: []\n- just a string\n- list: b\n  items: []\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 3, 3, "Each element should be a yaml associative");
	cr_expect_eq(f.rs->nlists, 1, "the first error stops the file");
	fx_free(&f);
}

Test(reader, null_elements_are_skipped)
{
	struct rules_fx f = {0};
	fx_load(&f, "-\n- list: a\n  items: []\n- ~\n");
	expect_ok(&f);
	cr_expect_eq(f.rs->nlists, 1);
	fx_free(&f);
}

Test(reader, unknown_item_is_a_warning)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n  items: []\n- foo: bar\n");
	expect_ok(&f);
	expect_diag(&f, LOAD_UNKNOWN_ITEM, 3, 3, "Unknown top level item");
	cr_expect(!diag_is_error(LOAD_UNKNOWN_ITEM));
	fx_free(&f);
}

Test(reader, item_kind_is_decided_by_key_order)
{
	struct rules_fx f = {0};
	/* macro wins over rule; `rule` is then an unknown key */
	fx_load(&f, "- rule: r\n  macro: m\n  condition: proc.name=c\n");
	expect_ok(&f);
	cr_expect_eq(f.rs->nmacros, 1);
	cr_expect_eq(f.rs->nrules, 0);
	expect_diag(&f, LOAD_UNKNOWN_KEY, 1, 3, "Unknown key 'rule'");
	fx_free(&f);
}

Test(reader, unknown_key_warns_at_the_key)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("r", "  colour: red\n"));
	expect_ok(&f);
	expect_diag(&f, LOAD_UNKNOWN_KEY, 6, 3, "Unknown key 'colour'. The key will be ignored.");
	cr_expect_str_eq(find(&f, LOAD_UNKNOWN_KEY)->item_type, "rule");
	cr_expect_str_eq(find(&f, LOAD_UNKNOWN_KEY)->item_name, "r");
	fx_free(&f);
}

/* ---- list ------------------------------------------------------------------------------ */

Test(reader, list_item)
{
	struct rules_fx f = {0};
	fx_load(&f,
		"- list: shells\n  items: [bash, \"zsh\", 'a b', 1]\n- list: none\n  items: []\n");
	expect_ok(&f);
	struct rl_list *l = ruleset_find_list(f.rs, "shells");
	cr_assert(l);
	cr_assert_eq(l->nitems, 4);
	cr_expect_str_eq(l->items[2], "a b");
	cr_expect_str_eq(l->items[3], "1");
	cr_expect_eq(l->pos.line, 1);
	cr_expect_eq(l->pos.col, 3);
	cr_expect_str_eq(l->pos.file, "t.yaml");
	cr_expect_eq(ruleset_find_list(f.rs, "none")->nitems, 0);
	fx_free(&f);
}

Test(reader, list_without_items)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 1, 3, "Item has no mapping for key 'items'");
	cr_expect_str_eq(find(&f, LOAD_ERR_YAML_VALIDATE)->item_name, "a");
	fx_free(&f);
}

Test(reader, list_items_must_be_a_sequence_of_scalars)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n  items: x\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 2, 10, "Value is not a sequence");
	fx_free(&f);
	fx_load(&f, "- list: a\n  items: [x, [y]]\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 2, 14, "sequence value is not scalar");
	fx_free(&f);
}

Test(reader, list_items_through_an_alias)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: a\n  items: &it [p, q]\n- list: b\n  items: *it\n");
	expect_ok(&f);
	cr_expect_eq(ruleset_find_list(f.rs, "b")->nitems, 2);
	fx_free(&f);
}

Test(reader, invalid_list_name_warns)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: \"bad name\"\n  items: []\n");
	expect_ok(&f);
	expect_diag(&f, LOAD_INVALID_LIST_NAME, 1, 3, "List names must match");
	cr_expect(ruleset_find_list(f.rs, "bad name"), "still loaded");
	fx_free(&f);
}

/* ---- macro ----------------------------------------------------------------------------- */

Test(reader, macro_item)
{
	struct rules_fx f = {0};
	fx_load(&f, "- macro: m1\n  condition: proc.name = x\n");
	expect_ok(&f);
	struct rl_macro *m = ruleset_find_macro(f.rs, "m1");
	cr_assert(m);
	cr_expect_str_eq(m->condition, "proc.name = x");
	cr_expect_eq(m->cond_pos.line, 2);
	cr_expect_eq(m->cond_pos.col, 14);
	fx_free(&f);
}

Test(reader, macro_without_condition)
{
	struct rules_fx f = {0};
	fx_load(&f, "- list: l\n  items: []\n\n- macro: m\n  append: false\n");
	cr_expect_eq(f.errs, 1);
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 4, 3, "Item has no mapping for key 'condition'");
	cr_expect_str_eq(find(&f, LOAD_ERR_YAML_VALIDATE)->item_type, "macro");
	char buf[256];
	diag_format(find(&f, LOAD_ERR_YAML_VALIDATE), buf, sizeof(buf));
	cr_expect_str_eq(buf,
			 "t.yaml:4:3: error LOAD_ERR_YAML_VALIDATE: Item has no mapping for key "
			 "'condition' (macro 'm')\n");
	fx_free(&f);
}

Test(reader, macro_condition_empty_or_null)
{
	struct rules_fx f = {0};
	fx_load(&f, "- macro: m\n  condition:\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 2, 3, "Mapping for key 'condition' is empty");
	fx_free(&f);
	fx_load(&f, "- macro: m\n  condition: ''\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 2, 14, "Value must be non-empty");
	fx_free(&f);
	fx_load(&f, "- macro: m\n  condition: [a]\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 2, 14, "Value is not a scalar value");
	fx_free(&f);
}

Test(reader, invalid_macro_name_warns)
{
	struct rules_fx f = {0};
	fx_load(&f, "- macro: 1abc\n  condition: proc.name=c\n");
	expect_ok(&f);
	expect_diag(&f, LOAD_INVALID_MACRO_NAME, 1, 3, "Macro names must match");
	fx_free(&f);
}

/* ---- rule ------------------------------------------------------------------------------ */

Test(reader, rule_item_with_defaults)
{
	struct rules_fx f = {0};
	fx_load(&f, "- rule: My rule\n  desc: a desc\n  condition: evt.type=open\n"
		    "  output: \"  hello %proc.name \\n\"\n  priority: warning\n");
	expect_ok(&f);
	cr_expect_eq(f.d.n, 0);
	struct rl_rule *r = ruleset_find_rule(f.rs, "My rule");
	cr_assert(r);
	cr_expect_str_eq(r->desc, "a desc");
	cr_expect_str_eq(r->condition, "evt.type=open");
	cr_expect_str_eq(r->output, "hello %proc.name", "output is trimmed");
	cr_expect_eq(r->priority, PRI_WARNING);
	cr_expect_str_eq(r->source, "syscall");
	cr_expect(r->enabled);
	cr_expect(r->warn_evttypes);
	cr_expect(!r->skip_if_unknown_filter);
	cr_expect(!r->capture);
	cr_expect_eq(r->capture_duration, 0);
	cr_expect_eq(r->ntags, 0);
	cr_expect_eq(r->nexceptions, 0);
	cr_expect(!r->skipped);
	cr_expect_eq(r->pos.line, 1);
	cr_expect_eq(r->pos.col, 3);
	cr_expect_eq(r->cond_pos.line, 3);
	cr_expect_eq(r->cond_pos.col, 14);
	cr_expect_eq(r->output_pos.line, 4);
	fx_free(&f);
}

Test(reader, rule_requires_condition_output_desc_priority)
{
	static const char *const keys[] = {"desc", "condition", "output", "priority"};
	for (size_t i = 0; i < 4; i++) {
		char text[512] = "- rule: r\n";
		for (size_t j = 0; j < 4; j++)
			if (j != i)
				snprintf(text + strlen(text), sizeof(text) - strlen(text),
					 "  %s: %s\n", keys[j], j == 3 ? "INFO" : "x");
		struct rules_fx f = {0};
		fx_load(&f, text);
		char want[64];
		snprintf(want, sizeof(want), "Item has no mapping for key '%s'", keys[i]);
		expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 1, 3, want);
		fx_free(&f);
	}
}

Test(reader, rule_optional_keys)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("r", "  enabled: no\n  warn_evttypes: off\n  skip-if-unknown-filter: yes\n"
			      "  capture: true\n  capture_duration: 5000\n  tags: [b, a, b]\n"));
	expect_ok(&f);
	struct rl_rule *r = ruleset_find_rule(f.rs, "r");
	cr_expect(!r->enabled);
	cr_expect(!r->warn_evttypes);
	cr_expect(r->skip_if_unknown_filter);
	cr_expect(r->capture);
	cr_expect_eq(r->capture_duration, 5000);
	cr_assert_eq(r->ntags, 2, "tags are a set");
	cr_expect_str_eq(r->tags[0], "a");
	cr_expect_str_eq(r->tags[1], "b");
	fx_free(&f);
}

Test(reader, enabled_maybe_is_a_type_error_at_the_value)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("r", "  enabled: maybe\n"));
	cr_expect_eq(f.errs, 1);
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 6, 12, "Can't decode YAML scalar value");
	cr_expect_eq(f.rs->nrules, 0);
	fx_free(&f);
}

Test(reader, wrong_types_for_other_keys)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("r", "  capture_duration: -1\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 6, 21, "Can't decode");
	fx_free(&f);
	fx_load(&f, RULE("r", "  tags: a\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 6, 9, "Value is not a sequence");
	fx_free(&f);
	fx_load(&f, RULE("r", "  warn_evttypes: [true]\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 6, 18, "Value is not a scalar value");
	fx_free(&f);
	fx_load(&f, RULE("r", "  skip-if-unknown-filter: 2\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 6, 27, "Can't decode");
	fx_free(&f);
}

Test(reader, priorities_case_insensitive)
{
	static const struct {
		const char *s;
		enum priority p;
	} cases[] = {{"EMERGENCY", PRI_EMERGENCY},
		     {"alert", PRI_ALERT},
		     {"Critical", PRI_CRITICAL},
		     {"ERROR", PRI_ERROR},
		     {"warning", PRI_WARNING},
		     {"NoTiCe", PRI_NOTICE},
		     {"info", PRI_INFORMATIONAL},
		     {"INFO", PRI_INFORMATIONAL},
		     {"Informational", PRI_INFORMATIONAL},
		     {"debug", PRI_DEBUG}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		cr_expect_eq(priority_parse(cases[i].s), (int)cases[i].p, "%s", cases[i].s);
	cr_expect_eq(priority_parse("informative"), -1);
	cr_expect_eq(priority_parse(""), -1);
	cr_expect_str_eq(priority_name(PRI_INFORMATIONAL), "Informational");
	cr_expect_str_eq(priority_name(PRI_WARNING), "Warning");
	cr_expect_str_eq(priority_name(PRI_EMERGENCY), "Emergency");
	cr_expect_str_eq(priority_name(PRI_DEBUG), "Debug");
}

Test(reader, invalid_priority)
{
	struct rules_fx f = {0};
	fx_load(&f, "- rule: r\n  desc: d\n  condition: c\n  output: o\n  priority: LOUD\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 5, 13, "Invalid priority");
	fx_free(&f);
}

Test(reader, other_source_is_skipped_with_a_warning)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("audit", "  source: k8s_audit\n"));
	expect_ok(&f);
	expect_diag(&f, LOAD_UNKNOWN_SOURCE, 1, 3, "Unknown source k8s_audit, skipping");
	struct rl_rule *r = ruleset_find_rule(f.rs, "audit");
	cr_assert(r);
	cr_expect(r->unknown_source);
	cr_expect(r->skipped);
	cr_expect_str_eq(r->source, "k8s_audit");
	fx_free(&f);
}

Test(reader, exceptions_key_shapes)
{
	struct rules_fx f = {0};
	fx_load(&f,
		RULE("r",
		     "  exceptions:\n  - name: one\n    fields: proc.name\n"
		     "    values: [a, \"b c\"]\n  - name: two\n    fields: [proc.name, fd.name]\n"
		     "    comps: [=, pmatch]\n    values:\n    - [bash, /etc]\n"
		     "    - [zsh, [/x, /y]]\n  - name: three\n    fields: [proc.name]\n"));
	expect_ok(&f);
	struct rl_rule *r = ruleset_find_rule(f.rs, "r");
	cr_assert_eq(r->nexceptions, 3);
	struct rule_exception *e = &r->exceptions[0];
	cr_expect_str_eq(e->name, "one");
	cr_expect(!e->fields_is_list);
	cr_expect_eq(e->nfields, 1);
	cr_assert_eq(e->nvalues, 2);
	cr_expect(!e->value_is_seq[1]);
	cr_expect_eq(e->value_len[1], 1);
	cr_expect_str_eq(e->values[1][0].s, "b c");
	cr_expect_eq(e->pos.line, 7);
	cr_expect_eq(e->pos.col, 5);
	e = &r->exceptions[1];
	cr_expect(e->fields_is_list);
	cr_expect(e->comps_is_list);
	cr_expect(e->has_comps);
	cr_expect_str_eq(e->comps[1], "pmatch");
	cr_assert_eq(e->nvalues, 2);
	cr_expect(e->value_is_seq[0]);
	cr_expect_eq(e->value_len[0], 2);
	cr_expect_str_eq(e->values[0][1].s, "/etc");
	cr_expect(e->values[1][1].is_list);
	cr_assert_eq(e->values[1][1].nitems, 2);
	cr_expect_str_eq(e->values[1][1].items[1], "/y");
	cr_expect_eq(r->exceptions[2].nvalues, 0, "values are optional");
	fx_free(&f);
}

Test(reader, exceptions_null_is_none)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("r", "  exceptions:\n"));
	expect_ok(&f);
	cr_expect_eq(ruleset_find_rule(f.rs, "r")->nexceptions, 0);
	fx_free(&f);
}

Test(reader, exceptions_structural_errors)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("r", "  exceptions: foo\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 6, 15, "Rule exceptions must be a sequence");
	fx_free(&f);
	fx_load(&f, RULE("r", "  exceptions: [foo]\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 6, 16, "Rule exception must be a mapping");
	fx_free(&f);
	fx_load(&f, RULE("r", "  exceptions:\n  - fields: proc.name\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 7, 5, "Item has no mapping for key 'name'");
	fx_free(&f);
	fx_load(&f, RULE("r", "  exceptions:\n  - name: x\n    values: [a]\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 7, 5, "Item has no mapping for key 'fields'");
	fx_free(&f);
	fx_load(&f,
		RULE("r", "  exceptions:\n  - name: x\n    fields: proc.name\n    values: v\n"));
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 9, 13, "Rule exception values must be a sequence");
	fx_free(&f);
}

Test(reader, duplicate_exception_name_warns)
{
	struct rules_fx f = {0};
	fx_load(&f, RULE("r", "  exceptions:\n  - name: x\n    fields: proc.name\n"
			      "  - name: x\n    fields: proc.pname\n"));
	expect_ok(&f);
	expect_diag(&f, LOAD_EXCEPTION_NAME_NOT_UNIQUE, 9, 5, "'x'");
	fx_free(&f);
}

/* ---- required_* ------------------------------------------------------------------------ */

Test(reader, required_engine_version_forms)
{
	struct rules_fx f = {0};
	fx_load(&f, "- required_engine_version: 57\n");
	expect_ok(&f);
	cr_expect_str_eq(f.rs->required_engine_version, "0.57.0");
	fx_load(&f, "- required_engine_version: 0.60.1\n- required_engine_version: 0.58.0\n");
	expect_ok(&f);
	cr_expect_str_eq(f.rs->required_engine_version, "0.60.1", "the highest is kept");
	fx_free(&f);
}

Test(reader, required_engine_version_too_new_or_bad)
{
	struct rules_fx f = {0};
	fx_load(&f, "- required_engine_version: 0.99.0\n");
	expect_diag(&f, LOAD_ERR_VALIDATE, 1, 28,
		    "Rules require engine version 0.99.0, but engine "
		    "version is " LANNER_ENGINE_VERSION);
	fx_free(&f);
	fx_load(&f, "- required_engine_version: 1.0.0\n");
	cr_expect(find(&f, LOAD_ERR_VALIDATE), "another major version is incompatible");
	fx_free(&f);
	fx_load(&f, "- required_engine_version: soon\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 1, 28, "Unable to parse engine version 'soon'");
	fx_free(&f);
}

Test(reader, required_plugin_versions)
{
	struct rules_fx f = {0};
	fx_load(&f, "- required_plugin_versions:\n  - name: container\n    version: 0.4.0\n"
		    "    alternatives:\n    - name: other\n      version: 1.0.0\n");
	expect_ok(&f);
	cr_assert_eq(f.rs->nplugins, 1);
	cr_expect_str_eq(f.rs->plugins[0].name, "container");
	cr_expect_str_eq(f.rs->plugins[0].version, "0.4.0");
	fx_free(&f);
	fx_load(&f, "- required_plugin_versions:\n  - name: container\n    version: latest\n");
	expect_diag(&f, LOAD_ERR_VALIDATE, 2, 5, "Invalid required version 'latest'");
	fx_free(&f);
	fx_load(&f, "- required_plugin_versions:\n  - name: a\n    version: 0.1.0\n"
		    "    alternatives:\n    - name: a\n      version: 0.2.0\n");
	expect_diag(&f, LOAD_ERR_VALIDATE, 2, 5, "multiple alternative");
	fx_free(&f);
	fx_load(&f, "- required_plugin_versions: x\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 1, 29, "must be a sequence");
	fx_free(&f);
	fx_load(&f, "- required_plugin_versions:\n  - name: a\n");
	expect_diag(&f, LOAD_ERR_YAML_VALIDATE, 2, 5, "Item has no mapping for key 'version'");
	fx_free(&f);
}

/* Lanner provides the container plugin's fields (LANNER_CONTAINER_PLUGIN_VERSION) and loads no
 * plugin: Falco's check against what is loaded, the first alternative naming it decides. */
Test(reader, required_plugin_versions_checked)
{
	static const char *const ok[] = {"container\n    version: 0.4.0",
					 "container\n    version: " LANNER_CONTAINER_PLUGIN_VERSION,
					 "k8saudit\n    version: 0.1.0\n    alternatives:\n"
					 "    - name: container\n      version: 0.1.0"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		struct rules_fx f = {0};
		char y[300];
		snprintf(y, sizeof(y), "- required_plugin_versions:\n  - name: %s\n", ok[i]);
		fx_load(&f, y);
		expect_ok(&f);
		fx_free(&f);
	}
	static const struct {
		const char *req, *msg;
	} bad[] = {
		{"container\n    version: 0.99.0",
		 "Plugin 'container' version '" LANNER_CONTAINER_PLUGIN_VERSION
		 "' is not compatible with required plugin version '0.99.0'"},
		{"container\n    version: 1.0.0",
		 "Plugin 'container' version '" LANNER_CONTAINER_PLUGIN_VERSION
		 "' is not compatible with required plugin version '1.0.0'"},
		{"k8saudit\n    version: 0.1.0",
		 "Plugin requirement not satisfied, must load one of: k8saudit (>= 0.1.0)"},
		{"k8saudit\n    version: 0.1.0\n    alternatives:\n    - name: json\n"
		 "      version: 0.2.0",
		 "must load one of: k8saudit (>= 0.1.0), json (>= 0.2.0)"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct rules_fx f = {0};
		char y[300];
		snprintf(y, sizeof(y), "- required_plugin_versions:\n  - name: %s\n", bad[i].req);
		fx_load(&f, y);
		expect_diag(&f, LOAD_ERR_VALIDATE, 2, 5, bad[i].msg);
		cr_expect_eq(f.rs->nplugins, 0);
		fx_free(&f);
	}
}

/* ---- stock ruleset ----------------------------------------------------------------------- */

Test(reader, falco_stock_rules_load)
{
	const char *root = getenv("LANNER_ROOT");
	char path[4096];
	snprintf(path, sizeof(path), "%s/../shared/falco/falco_rules.yaml", root ? root : ".");
	FILE *fp = fopen(path, "r");
	if (!fp)
		cr_skip_test("skipped: %s not readable (set LANNER_ROOT to the repo root)", path);
	fclose(fp);
	struct rules_fx f = {0};
	f.rs = ruleset_new();
	int errs = ruleset_load_path(f.rs, path, &f.d);
	cr_assert_eq(errs, 0, "%s", f.d.n ? f.d.v[0].message : "");
	for (size_t i = 0; i < f.d.n; i++)
		cr_expect(f.d.v[i].code != LOAD_UNKNOWN_KEY && f.d.v[i].code != LOAD_UNKNOWN_ITEM,
			  "%s", f.d.v[i].message);
	cr_expect_eq(f.rs->nrules, 25);
	cr_expect_eq(f.rs->nmacros, 87);
	cr_expect_eq(f.rs->nlists, 49);
	cr_expect_str_eq(f.rs->required_engine_version, "0.57.0");
	cr_expect_eq(f.rs->nplugins, 1);
	fx_free(&f);
}
