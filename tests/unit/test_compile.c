/* Tests of compile.c: list substitution (docs/falco-semantics.md: "Lists and macros"), exceptions
 * as text (docs/falco-semantics.md: "Exceptions" worked example), macro visibility / undefined /
 * loops, field, operator and value checks, evt.type validation and inference
 * (docs/falco-semantics.md: "Event-type inference"), output validation (docs/falco-semantics.md:
 * "Output format strings"), warnings, positions, and the stock ruleset. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "events.h"
#include "rules.h"

struct cx {
	struct ruleset *rs;
	struct diags d;
	int errs;
};

/* Loads text through a real file, so positions are mapped onto the file's bytes. */
static void cx_load(struct cx *c, const char *text)
{
	char path[] = "/tmp/lanner-test-compile-XXXXXX.yaml";
	int fd = mkstemps(path, 5);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	if (!c->rs)
		c->rs = ruleset_new();
	c->errs = ruleset_load_path(c->rs, path, &c->d);
	unlink(path);
}

static void cx_done(struct cx *c)
{
	ruleset_free(c->rs);
	diags_free(&c->d);
	memset(c, 0, sizeof(*c));
}

static const struct diag *cx_find(const struct cx *c, enum diag_code code)
{
	for (size_t i = 0; i < c->d.n; i++)
		if (c->d.v[i].code == code)
			return &c->d.v[i];
	return NULL;
}

static void expect_diag(const struct cx *c, enum diag_code code, const char *msg, int line, int col)
{
	const struct diag *g = cx_find(c, code);
	cr_assert(g, "no %s among %zu diagnostics (first: %s)", diag_code_name(code), c->d.n,
		  c->d.n ? c->d.v[0].message : "-");
	if (msg)
		cr_expect_str_eq(g->message, msg);
	if (line)
		cr_expect_eq(g->line, line, "line %d want %d (%s)", g->line, line, g->message);
	if (col)
		cr_expect_eq(g->col, col, "col %d want %d (%s)", g->col, col, g->message);
}

static void expect_ok(const struct cx *c)
{
	cr_assert_eq(c->errs, 0, "unexpected error: %s",
		     c->d.n ? c->d.v[c->d.n - 1].message : "(none recorded)");
}

#define RULE(name, cond)                                                                           \
	"- rule: " name "\n  desc: d\n  condition: " cond "\n  output: o\n"                        \
	"  priority: INFO\n"

/* A one-rule file; returns the compiled rule. */
static struct rl_rule *one_rule(struct cx *c, const char *cond)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), RULE("r", "%s"), cond);
	cx_load(c, buf);
	return ruleset_find_rule(c->rs, "r");
}

/* ---- list substitution (docs/falco-semantics.md: "Lists and macros")
 * ------------------------------------------------------------ */

static char *subst(const char *lists_yaml, const char *text)
{
	struct cx c = {0};
	cx_load(&c, lists_yaml);
	char *s = rl_substitute_lists(c.rs, text);
	cx_done(&c);
	return s;
}

Test(compile, lists_bounded_occurrences_anywhere)
{
	const char *ls = "- list: root\n  items: [a]\n- list: sh\n  items: [x y]\n";
	char *s = subst(ls, "user.name=root");
	cr_expect_str_eq(s, "user.name= a ");
	free(s);
	s = subst(ls, "proc.cmdline contains \"sh root -c\"");
	cr_expect_str_eq(s, "proc.cmdline contains \"sh a -c\"");
	free(s);
	s = subst(ls, "proc.name in (roots, xroot, root_)");
	cr_expect_str_eq(s, "proc.name in (roots, xroot, root_)");
	free(s);
	s = subst(ls, "proc.name in (sh)"); /* q(): items with a space get double quotes */
	cr_expect_str_eq(s, "proc.name in ( \"x y\" )");
	free(s);
	s = subst(ls, "proc.name in (typo_list)");
	cr_expect_str_eq(s, "proc.name in (typo_list)");
	free(s);
}

Test(compile, lists_empty_list_removes_one_comma)
{
	const char *ls = "- list: empty\n  items: []\n";
	char *s = subst(ls, "x in (a, empty, b)");
	cr_expect_str_eq(s, "x in (a  , b)");
	free(s);
	s = subst(ls, "x in (empty, b)");
	cr_expect_str_eq(s, "x in (   b)");
	free(s);
	s = subst(ls, "x in (empty)");
	cr_expect_str_eq(s, "x in (  )");
	free(s);
}

Test(compile, lists_nested_in_definition_order)
{
	const char *ls = "- list: l1\n  items: [a, b]\n- list: l2\n  items: [l1, c]\n"
			 "- list: l3\n  items: [l4]\n- list: l4\n  items: [z]\n";
	char *s = subst(ls, "x in (l2)");
	cr_expect_str_eq(s, "x in ( a, b, c )");
	free(s);
	/* l3 names a later list: it survives as text and is substituted when l4 comes */
	s = subst(ls, "x in (l3)");
	cr_expect_str_eq(s, "x in ( z )");
	free(s);
}

/* Falco expands each list with the already expanded items of the lists before it: any depth. */
Test(compile, lists_nested_three_and_more_levels)
{
	const char *ls = "- list: l1\n  items: [a]\n- list: l2\n  items: [l1, b]\n"
			 "- list: l3\n  items: [l2, c]\n- list: l4\n  items: [x, l3, l1]\n";
	char *s = subst(ls, "x in (l3)");
	cr_expect_str_eq(s, "x in ( a, b, c )");
	free(s);
	s = subst(ls, "x in (l4)");
	cr_expect_str_eq(s, "x in ( x, a, b, c, a )");
	free(s);
	struct cx c = {0};
	cx_load(&c, "- list: l1\n  items: [a]\n- list: l2\n  items: [l1, b]\n"
		    "- list: l3\n  items: [l2, c]\n" RULE("r", "proc.name in (l3)"));
	expect_ok(&c);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r && r->ast && r->ast->rhs);
	cr_assert_eq(r->ast->nvals, 3);
	cr_expect_str_eq(r->ast->vals[0].s, "a", "the innermost list's item reaches the rule");
	cr_expect(ruleset_find_list(c.rs, "l1")->used, "l1 is used through l2 and l3");
	cx_done(&c);
}

/* Falco's substitution, rebuilt in one pass: a name at the very start skips the next byte, blanks
 * swallowed on both sides, an empty list takes a comma, repeated and adjacent occurrences. */
Test(compile, lists_substitution_edge_cases)
{
	const char *ls = "- list: l\n  items: [a]\n- list: e\n  items: []\n";
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"l", "a "},
		{"l l", "a l"}, /* Falco resumes one byte late after a replacement at the start */
		{"(l l)", "( a a )"},
		{"x in (l,l)", "x in ( a , a )"},
		{"x in (e, e, b)", "x in (   b)"},
		{"x in (b, e,e)", "x in (b    )"},
		{"ll l lx", "ll a lx"},
		{"x=l", "x= a "},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *s = subst(ls, cases[i].in);
		cr_expect_str_eq(s, cases[i].out, "'%s'", cases[i].in);
		free(s);
	}
}

Test(compile, lists_used_before_definition_and_quotes_in_items)
{
	struct cx c = {0};
	cx_load(&c, RULE("r", "fd.snet in (nets) and evt.type=connect") "- list: nets\n  items: "
									"['\"10.0.0.0/8\"', "
									"'\"192.168.0.0/16\"']\n");
	expect_ok(&c);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r && r->ast);
	char *p = ast_print(r->ast);
	cr_expect(strstr(p, "10.0.0.0/8"), "%s", p);
	free(p);
	const struct ast *chk = r->ast->kids[0];
	cr_assert_eq(chk->nvals, 2);
	cr_expect_eq(chk->vals[0].family, 4);
	cr_expect_eq(chk->vals[0].prefix, 8);
	cr_expect_eq(chk->vals[1].prefix, 16);
	cr_expect_eq(chk->vals[1].ip[0], 192);
	cx_done(&c);
}

/* ---- exceptions (docs/falco-semantics.md: "Exceptions")
 * -------------------------------------------------------------------- */

Test(compile, exceptions_worked_example)
{
	struct cx c = {0};
	cx_load(&c, "- macro: spawned_process\n  condition: evt.type in (execve, execveat)\n"
		    "- rule: r\n  desc: d\n  condition: spawned_process and proc.name=foo\n"
		    "  output: o\n  priority: INFO\n  exceptions:\n"
		    "  - name: a\n    fields: [proc.name, fd.name]\n    comps: [=, startswith]\n"
		    "    values: [[bash, /etc], [zsh, /my dir]]\n"
		    "  - name: b\n    fields: proc.pname\n    values: [sshd, my proc]\n");
	expect_ok(&c);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r);
	cr_expect_str_eq(r->full_condition,
			 "(spawned_process and proc.name=foo) and not (( proc.name = bash and  "
			 "fd.name startswith /etc) or ( proc.name = zsh and  fd.name startswith "
			 "\"/my dir\")) and not (proc.pname in (sshd, \"my proc\"))");
	cr_expect(r->ast);
	cx_done(&c);
}

Test(compile, exceptions_list_values_and_list_comps)
{
	struct cx c = {0};
	cx_load(&c, "- list: shells\n  items: [bash, zsh]\n"
		    "- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n"
		    "  priority: INFO\n  exceptions:\n"
		    "  - name: a\n    fields: [proc.name, fd.name]\n    comps: [in, pmatch]\n"
		    "    values: [[shells, [/etc, /var/my dir]]]\n"
		    "  - name: none\n    fields: [proc.name]\n");
	expect_ok(&c);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r);
	cr_expect_str_eq(r->full_condition, "(evt.type=open) and not (( proc.name in (shells) and "
					    " fd.name pmatch (/etc, \"/var/my dir\")))");
	cr_expect(r->ast);
	cx_done(&c);
}

Test(compile, exceptions_tuple_length_mismatch)
{
	struct cx c = {0};
	cx_load(&c, "- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n"
		    "  priority: INFO\n  exceptions:\n"
		    "  - name: a\n    fields: [proc.name, fd.name]\n    values: [[bash]]\n");
	cr_expect_gt(c.errs, 0);
	expect_diag(&c, LOAD_ERR_VALIDATE, "Fields and values lists must have equal length", 0, 0);
	cx_done(&c);
}

/* ---- macros ------------------------------------------------------------------------------- */

Test(compile, macro_inlined_and_rules_see_later_macros)
{
	struct cx c = {0};
	cx_load(&c, RULE("r", "m1 and proc.name=x") "- macro: m1\n  condition: evt.type = open\n");
	expect_ok(&c);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r && r->ast);
	char *p = ast_print(r->ast);
	cr_expect(!strstr(p, "m1"), "macro not inlined: %s", p);
	cr_expect(strstr(p, "evt.type = open"), "%s", p);
	free(p);
	cr_expect(ruleset_find_macro(c.rs, "m1")->used);
	cr_expect_null(cx_find(&c, LOAD_UNUSED_MACRO));
	cx_done(&c);
}

Test(compile, macro_cannot_see_later_macro)
{
	struct cx c = {0};
	cx_load(&c, "- macro: m2\n  condition: m1 and proc.name=x\n"
		    "- macro: m1\n  condition: evt.type = open\n" RULE("r", "m2"));
	cr_expect_gt(c.errs, 0);
	expect_diag(&c, LOAD_ERR_VALIDATE, "Undefined macro 'm1' used in filter.", 2, 14);
	cx_done(&c);
}

Test(compile, undefined_macro_in_rule)
{
	struct cx c = {0};
	cx_load(&c, RULE("r", "evt.type=open and not_there"));
	expect_diag(&c, LOAD_ERR_VALIDATE, "Undefined macro 'not_there' used in filter.", 3, 32);
	cx_done(&c);
}

Test(compile, macro_reference_loop)
{
	struct cx c = {0};
	/* m1 is redefined after m2, so it sees m2, which sees m1 */
	cx_load(&c, "- macro: m1\n  condition: evt.num=0\n- macro: m2\n  condition: m1\n"
		    "- macro: m1\n  condition: m2\n" RULE("r", "m1"));
	cr_expect_gt(c.errs, 0);
	const struct diag *g = cx_find(&c, LOAD_ERR_VALIDATE);
	cr_assert(g);
	cr_expect(strstr(g->message, "reference loop in macro"), "%s", g->message);
	cx_done(&c);
}

Test(compile, unused_macro_and_list_warnings)
{
	struct cx c = {0};
	cx_load(&c, "- macro: lonely\n  condition: evt.num=0\n- list: unusedl\n  items: [a]\n"
		    "- list: usedl\n  items: [b]\n" RULE("r",
							 "evt.type=open and proc.name in (usedl)"));
	expect_ok(&c);
	expect_diag(&c, LOAD_UNUSED_MACRO, "Macro not referred to by any other rule/macro", 1, 3);
	const struct diag *g = cx_find(&c, LOAD_UNUSED_LIST);
	cr_assert(g);
	cr_expect_str_eq(g->item_name, "unusedl");
	for (size_t i = 0; i < c.d.n; i++)
		if (c.d.v[i].code == LOAD_UNUSED_LIST)
			cr_expect_str_neq(c.d.v[i].item_name, "usedl");
	cx_done(&c);
}

Test(compile, macro_syntax_error_is_fatal_even_if_unused)
{
	struct cx c = {0};
	cx_load(&c, "- macro: bad\n  condition: (proc.name = x\n" RULE("r", "evt.type=open"));
	cr_expect_gt(c.errs, 0);
	const struct diag *g = cx_find(&c, LOAD_ERR_COMPILE_CONDITION);
	cr_assert(g);
	cr_expect_str_eq(g->item_type, "macro");
	cr_expect_eq(g->line, 2);
	cx_done(&c);
}

/* ---- fields, operators, values ------------------------------------------------------------ */

Test(compile, unknown_field)
{
	struct cx c = {0};
	one_rule(&c, "evt.type=open and proc.nme = x");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "filter_check called with nonexistent field proc.nme", 3, 32);
	cx_done(&c);
}

Test(compile, unknown_field_skipped_with_skip_if_unknown_filter)
{
	struct cx c = {0};
	cx_load(&c, RULE("r", "evt.type=open and proc.nme = x") "  skip-if-unknown-filter: true\n");
	expect_ok(&c);
	expect_diag(&c, LOAD_UNKNOWN_FILTER, "filter_check called with nonexistent field proc.nme",
		    0, 0);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r);
	cr_expect(r->skipped);
	cr_expect_null(r->ast);
	cx_done(&c);
}

Test(compile, unknown_field_inside_macro_points_into_macro)
{
	struct cx c = {0};
	cx_load(&c, "- macro: m\n  condition: proc.nme = x\n" RULE("r", "evt.type=open and m"));
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "filter_check called with nonexistent field proc.nme", 2, 14);
	cx_done(&c);
}

Test(compile, operator_not_valid_for_type)
{
	struct cx c = {0};
	one_rule(&c, "proc.pid contains 1");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "'contains' operator not supported for numeric filters", 3, 14);
	cx_done(&c);
	one_rule(&c, "proc.name bcontains x");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "'bcontains' operator not supported for string filters", 0, 0);
	cx_done(&c);
	one_rule(&c, "fd.sip startswith 10");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "'startswith' operator not supported for ip address and network filters", 0, 0);
	cx_done(&c);
}

Test(compile, bad_numbers_and_values)
{
	struct cx c = {0};
	one_rule(&c, "proc.pid = 0x10");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "0x10 is not a valid number", 3, 25);
	cx_done(&c);
	one_rule(&c, "proc.pid in (1, abc)");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "abc is not a valid number", 0, 0);
	cx_done(&c);
	one_rule(&c, "container.privileged = yes");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "'yes' is not a valid boolean", 0, 0);
	cx_done(&c);
	one_rule(&c, "fd.snet = 10.0.0.0");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "unrecognized IP network 10.0.0.0", 0, 0);
	cx_done(&c);
	one_rule(&c, "fd.sip = 1.2.3");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "unrecognized IP address 1.2.3", 0, 0);
	cx_done(&c);
	one_rule(&c, "evt.buffer bcontains 0a0");
	cr_expect_gt(c.errs, 0);
	cx_done(&c);
	one_rule(&c, "proc.name regex \"a(b\"");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "invalid regex pattern: missing ): a(b (at offset 0 of the pattern)", 0, 0);
	cx_done(&c);
}

Test(compile, typed_values)
{
	struct cx c = {0};
	struct rl_rule *r =
		one_rule(&c, "evt.type=open and proc.pid in (1, -2) and fd.sport = 8080 "
			     "and evt.buffer bcontains 0a0B and fd.sip = \"::1\" "
			     "and container.privileged = true and user.uid = -1");
	expect_ok(&c);
	cr_assert(r && r->ast && r->ast->kind == AST_AND);
	cr_assert_eq(r->ast->nkids, 7);
	const struct ast *k = r->ast->kids[1];
	cr_assert_eq(k->nvals, 2);
	cr_expect_eq(k->vals[0].i, 1);
	cr_expect_eq(k->vals[1].i, -2);
	cr_expect_eq(r->ast->kids[2]->vals[0].i, 8080);
	k = r->ast->kids[3];
	cr_assert_eq(k->vals[0].len, 2);
	cr_expect_eq((unsigned char)k->vals[0].s[0], 0x0a);
	cr_expect_eq((unsigned char)k->vals[0].s[1], 0x0b);
	cr_expect_eq(r->ast->kids[4]->vals[0].family, 6);
	cr_expect_eq(r->ast->kids[4]->vals[0].ip[15], 1);
	cr_expect_eq(r->ast->kids[5]->vals[0].i, 1);
	cr_expect_eq(r->ast->kids[6]->vals[0].i, -1); /* wraps for unsigned, as libsinsp */
	cr_expect_eq(r->ast->kids[0]->lhs->field->id, F_EVT_TYPE);
	cx_done(&c);
	if (access("/etc/services", R_OK) == 0) {
		r = one_rule(&c, "evt.type=connect and fd.sport = http");
		expect_ok(&c);
		cr_expect_eq(r->ast->kids[1]->vals[0].i, 80);
		cx_done(&c);
	}
}

Test(compile, field_arguments)
{
	struct cx c = {0};
	struct rl_rule *r =
		one_rule(&c, "evt.type=execve and proc.aname[2] = sh and "
			     "evt.arg.flags contains EXE_WRITABLE and evt.arg[0] = x and "
			     "container.mount.dest[/etc] exists and proc.env[HOME] = /root");
	expect_ok(&c);
	cr_assert(r && r->ast);
	cr_expect_str_eq(field_operand_arg(r->ast->kids[2]->lhs), "flags");
	cx_done(&c);
	one_rule(&c, "evt.arg = x");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "field 'evt.arg' requires an argument", 0, 0);
	cx_done(&c);
	one_rule(&c, "proc.aname[x] = sh");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "x is not a valid number", 0, 0);
	cx_done(&c);
	one_rule(&c, "evt.arg.nosuchparam = x");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "filter_check called with nonexistent field evt.arg.nosuchparam", 0, 0);
	cx_done(&c);
	one_rule(&c, "proc.name[1] = x");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "filter_check called with nonexistent field proc.name[1]", 0, 0);
	cx_done(&c);
}

/* An index that is negative or does not fit 32 bits is refused, at the field's position (the
 * condition starts at column 14 of line 3). */
Test(compile, field_index_strict)
{
	static const struct {
		const char *cond, *msg;
		int col;
	} cases[] = {
		{"proc.aname[-1] = sh",
		 "invalid index -1 of field 'proc.aname': an index is a number from 0 to "
		 "2147483647",
		 14},
		{"evt.type=open and proc.aname[99999999999999999999] = sh",
		 "invalid index 99999999999999999999 of field 'proc.aname': an index is a number "
		 "from 0 to 2147483647",
		 32},
		{"evt.type=open and evt.arg[4294967296] = x",
		 "invalid index 4294967296 of field 'evt.arg': an index is a number from 0 to "
		 "2147483647",
		 32},
		{"evt.arg[abc] = x", "abc is not a valid number", 14},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct cx c = {0};
		one_rule(&c, cases[i].cond);
		expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, cases[i].msg, 3, cases[i].col);
		cx_done(&c);
	}
}

Test(compile, transformers_and_val)
{
	struct cx c = {0};
	one_rule(&c, "evt.type=open and tolower(proc.name) = bash and proc.name = val(proc.pname) "
		     "and len(proc.args) > 3");
	expect_ok(&c);
	cx_done(&c);
	one_rule(&c, "tolower(proc.aname) = bash");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION,
		    "field 'proc.aname' does not support transformers", 0, 0);
	cx_done(&c);
	one_rule(&c, "proc.name = val(proc.pid)");
	cr_expect_gt(c.errs, 0);
	cx_done(&c);
	one_rule(&c, "proc.name = val(proc.aname)");
	cr_expect_gt(c.errs, 0);
	cx_done(&c);
}

Test(compile, evt_type_validation)
{
	struct cx c = {0};
	one_rule(&c, "evt.type in (open, nosuchevent)");
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "unknown event type nosuchevent", 3, 33);
	cx_done(&c);
	cx_load(&c, RULE("r", "evt.type = nosuchevent") "  skip-if-unknown-filter: true\n");
	expect_ok(&c);
	expect_diag(&c, LOAD_UNKNOWN_FILTER, "unknown event type nosuchevent", 0, 0);
	cx_done(&c);
}

Test(compile, compile_condition_warnings)
{
	struct cx c = {0};
	one_rule(&c, "evt.type=open and proc.name = proc.pname and proc.name regex abc");
	expect_ok(&c);
	int n = 0;
	for (size_t i = 0; i < c.d.n; i++)
		n += c.d.v[i].code == LOAD_COMPILE_CONDITION;
	cr_expect_eq(n, 2);
	cx_done(&c);
}

Test(compile, deprecated_field_warning)
{
	struct cx c = {0};
	one_rule(&c, "fd.name = /tmp/x and evt.dir = <");
	expect_ok(&c);
	const struct diag *g = cx_find(&c, LOAD_DEPRECATED_ITEM);
	cr_assert(g);
	cr_expect_str_eq(g->deprecated_field, "evt.dir");
	cr_expect_eq(g->line, 3);
	cr_expect_eq(g->col, 35);
	expect_diag(&c, LOAD_NO_EVTTYPE, NULL, 1, 3);
	cx_done(&c);
}

/* ---- event types (docs/falco-semantics.md: "Event-type inference")
 * ------------------------------------------------------------------- */

static size_t evttypes_of(const char *cond, struct evtset *s)
{
	struct cx c = {0};
	char buf[2048];
	snprintf(buf, sizeof(buf),
		 "- macro: never_true\n  condition: (evt.num=0)\n"
		 "- macro: spawned_process\n  condition: (evt.type in (execve, execveat))\n"
		 "- rule: r\n  desc: d\n  condition: %s\n  output: o\n  priority: INFO\n"
		 "  warn_evttypes: false\n",
		 cond);
	cx_load(&c, buf);
	expect_ok(&c);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r && r->evttypes);
	memcpy(s->bits, r->evttypes, EVTSET_BYTES);
	size_t n = r->nevttypes;
	cr_expect_eq(n, evtset_count(s));
	cr_expect_null(cx_find(&c, LOAD_NO_EVTTYPE));
	cx_done(&c);
	return n;
}

Test(compile, evttype_inference)
{
	struct evtset s;
	cr_expect_eq(evttypes_of("never_true", &s), 0);
	cr_expect_eq(evttypes_of("spawned_process and proc.name = x", &s), 2);
	cr_expect(evtset_test(&s, evt_lookup("execve")));
	cr_expect(evtset_test(&s, evt_lookup("execveat")));
	cr_expect_eq(evttypes_of("not evt.type = open", &s), EVT_ALL_TYPES - 1);
	cr_expect(!evtset_test(&s, evt_lookup("open")));
	cr_expect_eq(evttypes_of("evt.type != open", &s), EVT_ALL_TYPES - 1);
	cr_expect_eq(evttypes_of("not evt.type != open", &s), 1);
	cr_expect_eq(evttypes_of("evt.type = open or proc.name = x", &s), EVT_ALL_TYPES);
	cr_expect_eq(evttypes_of("not (evt.type = open or evt.type = close)", &s),
		     EVT_ALL_TYPES - 2);
	cr_expect_eq(evttypes_of("evt.type in (open, openat) and not proc.name = x", &s), 2);
	cr_expect_eq(evttypes_of("spawned_process and never_true", &s), 0);
	cr_expect_eq(evttypes_of("spawned_process and not never_true", &s), 2);
	cr_expect_eq(evttypes_of("evt.num != 0", &s), EVT_ALL_TYPES);
	cr_expect_eq(evttypes_of("evt.type exists", &s), EVT_ALL_TYPES);
	cr_expect_eq(evttypes_of("evt.type in (open) or evt.type = execve", &s), 2);
}

Test(compile, no_evttype_warning_only_above_100)
{
	struct cx c = {0};
	one_rule(&c, "proc.name = x");
	expect_diag(&c, LOAD_NO_EVTTYPE,
		    "Rule matches too many evt.type values. This has a significant performance "
		    "penalty.",
		    1, 3);
	cx_done(&c);
	one_rule(&c, "evt.num = 0");
	cr_expect_null(cx_find(&c, LOAD_NO_EVTTYPE));
	cx_done(&c);
}

/* ---- output (docs/falco-semantics.md: "Output format strings")
 * ------------------------------------------------------------------------ */

static void output_rule(struct cx *c, const char *out)
{
	char buf[2048];
	snprintf(buf, sizeof(buf),
		 "- rule: r\n  desc: d\n  condition: evt.type=open\n  output: \"%s\"\n"
		 "  priority: INFO\n",
		 out);
	cx_load(c, buf);
}

Test(compile, output_validation)
{
	struct cx c = {0};
	output_rule(&c, "a %proc.name) b=%fd.name, %proc.aname[2] %evt.arg.flags %20proc.cmdline");
	expect_ok(&c);
	cx_done(&c);
	output_rule(&c, "x %bad.field y");
	expect_diag(&c, LOAD_ERR_COMPILE_OUTPUT, "invalid formatting token bad.field y", 4, 14);
	cx_done(&c);
	output_rule(&c, "x %");
	expect_diag(&c, LOAD_ERR_COMPILE_OUTPUT,
		    "invalid formatting syntax: formatting cannot end with a %", 0, 0);
	cx_done(&c);
	output_rule(&c, "x %fd.ip");
	cr_expect_gt(c.errs, 0);
	cx_done(&c);
	output_rule(&c, "x %evt.dir");
	expect_ok(&c);
	cr_assert(cx_find(&c, LOAD_DEPRECATED_ITEM));
	cx_done(&c);
}

Test(compile, output_container_info_removed)
{
	struct cx c = {0};
	output_rule(&c, "x=%proc.name %container.info");
	expect_ok(&c);
	cr_assert(cx_find(&c, LOAD_DEPRECATED_ITEM));
	char *o = rl_rule_output(ruleset_find_rule(c.rs, "r"));
	cr_expect_str_eq(o, "x=%proc.name ");
	free(o);
	cx_done(&c);
}

/* ---- positions, recompilation, stock rules ----------------------------------------------- */

Test(compile, folded_condition_position)
{
	struct cx c = {0};
	cx_load(&c, "- rule: r\n  desc: d\n  condition: >\n    evt.type = open and\n"
		    "      (proc.name = a or\n       proc.pid = abc)\n  output: o\n"
		    "  priority: INFO\n");
	/* a folded scalar: the position is found by aligning the folded text with the file */
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, "abc is not a valid number", 6, 19);
	cx_done(&c);
}

Test(compile, recompile_after_each_load_frees_previous)
{
	struct cx c = {0};
	cx_load(&c, "- macro: m\n  condition: evt.type = open\n" RULE("r", "m"));
	expect_ok(&c);
	struct rl_rule *r = ruleset_find_rule(c.rs, "r");
	cr_assert(r && r->ast);
	cr_expect_eq(r->nevttypes, 1);
	cx_load(&c, "- macro: m\n  condition: evt.type in (open, close)\n");
	expect_ok(&c);
	r = ruleset_find_rule(c.rs, "r");
	cr_assert(r && r->ast);
	cr_expect_eq(r->nevttypes, 2);
	cx_done(&c);
}

/* ---- the expanded-condition limit ------------------------------------------------------- */

static char *and_chain(size_t n)
{
	size_t cap = 64 + n * 32, len = 0;
	char *s = malloc(cap);
	cr_assert(s);
	len += (size_t)snprintf(s, cap, "evt.type = openat");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, " and proc.name != p%zu", i);
	return s;
}

/* 10,000 "and": 10,001 checks of 3 nodes each and the "and" itself. */
Test(compile, limit_ten_thousand_ands)
{
	struct cx c = {0};
	char *cond = and_chain(10000);
	char *text = malloc(strlen(cond) + 200);
	sprintf(text, RULE("big", "%s"), cond);
	cx_load(&c, text);
	char msg[200];
	snprintf(msg, sizeof(msg),
		 "condition has 30004 nodes after macro and list expansion, more than the limit of "
		 "%d",
		 RL_MAX_CONDITION_NODES);
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, msg, 3, 14);
	const struct diag *g = cx_find(&c, LOAD_ERR_COMPILE_CONDITION);
	cr_expect_str_eq(g->item_type, "rule");
	cr_expect_str_eq(g->item_name, "big");
	cx_done(&c);
	/* a condition just under the limit compiles */
	size_t n = (RL_MAX_CONDITION_NODES - 4) / 3 - 1;
	free(cond);
	cond = and_chain(n);
	text = realloc(text, strlen(cond) + 200);
	sprintf(text, RULE("big", "%s"), cond);
	cx_load(&c, text);
	expect_ok(&c);
	cr_expect_leq(ast_size(ruleset_find_rule(c.rs, "big")->ast), RL_MAX_CONDITION_NODES);
	cx_done(&c);
	free(cond);
	free(text);
}

/* m0 is one check (3 nodes), m_k = (m_k-1 or m_k-1) has 2^(k+2) - 1 nodes: the first macro over
 * the limit is refused while it is expanded, with its exact size, long before m40 (4.4e12). */
Test(compile, limit_doubling_macro)
{
	char text[8192];
	size_t len =
		(size_t)snprintf(text, sizeof(text), "- macro: m0\n  condition: proc.name = a\n");
	for (int k = 1; k <= 40; k++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"- macro: m%d\n  condition: (m%d or m%d)\n", k, k - 1,
					k - 1);
	snprintf(text + len, sizeof(text) - len, RULE("r", "evt.type=open and m40"));
	int k = 0;
	while ((1ull << (k + 2)) - 1 <= RL_MAX_CONDITION_NODES)
		k++;
	struct cx c = {0};
	cx_load(&c, text);
	char msg[200], name[16];
	snprintf(msg, sizeof(msg),
		 "condition has %llu nodes after macro and list expansion, more than the limit of "
		 "%d",
		 (1ull << (k + 2)) - 1, RL_MAX_CONDITION_NODES);
	snprintf(name, sizeof(name), "m%d", k);
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, msg, 0, 0);
	cr_expect_str_eq(cx_find(&c, LOAD_ERR_COMPILE_CONDITION)->item_type, "macro");
	cr_expect_str_eq(cx_find(&c, LOAD_ERR_COMPILE_CONDITION)->item_name, name);
	cx_done(&c);
	/* every macro fits, the rule does not: the rule is named, with the sum */
	snprintf(text, sizeof(text), "- macro: m0\n  condition: proc.name = a\n");
	len = strlen(text);
	for (int j = 1; j < k; j++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"- macro: m%d\n  condition: (m%d or m%d)\n", j, j - 1,
					j - 1);
	snprintf(text + len, sizeof(text) - len, RULE("r", "m%d or m%d"), k - 1, k - 1);
	cx_load(&c, text);
	snprintf(msg, sizeof(msg),
		 "condition has %llu nodes after macro and list expansion, more than the limit of "
		 "%d",
		 2 * ((1ull << (k + 1)) - 1) + 1, RL_MAX_CONDITION_NODES);
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, msg, 0, 0);
	cr_expect_str_eq(cx_find(&c, LOAD_ERR_COMPILE_CONDITION)->item_name, "r");
	cx_done(&c);
}

/* A list that doubles at each level is counted, not built; unused it is only unused. */
Test(compile, limit_doubling_list)
{
	char text[8192];
	size_t len = (size_t)snprintf(text, sizeof(text), "- list: l0\n  items: [a]\n");
	for (int k = 1; k <= 40; k++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"- list: l%d\n  items: [l%d, l%d]\n", k, k - 1, k - 1);
	struct cx c = {0};
	cx_load(&c, text);
	expect_ok(&c);
	cr_expect(cx_find(&c, LOAD_UNUSED_LIST));
	cx_done(&c);
	snprintf(text + len, sizeof(text) - len, RULE("r", "evt.type=open and proc.name in (l40)"));
	cx_load(&c, text);
	char msg[200];
	snprintf(msg, sizeof(msg),
		 "list 'l40' expands to 1099511627776 items, more than the limit of %d nodes in a "
		 "condition after macro and list expansion",
		 RL_MAX_CONDITION_NODES);
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, msg, 0, 0);
	cr_expect_str_eq(cx_find(&c, LOAD_ERR_COMPILE_CONDITION)->item_name, "r");
	cx_done(&c);
}

/* Each list fits, but a condition naming one many times does not: stopped while substituting. */
Test(compile, limit_list_used_many_times)
{
	size_t items = RL_MAX_CONDITION_NODES / 4 + 1;
	struct strbuf_ {
		char *s;
		size_t len;
	} t = {malloc(items * 16 + 4096), 0};
	t.len += (size_t)sprintf(t.s, "- list: big\n  items: [");
	for (size_t i = 0; i < items; i++)
		t.len += (size_t)sprintf(t.s + t.len, "%si%zu", i ? ", " : "", i);
	t.len += (size_t)sprintf(t.s + t.len,
				 "]\n" RULE("r", "evt.type=open and (proc.name in (big) or "
						 "proc.pname in (big) or fd.name in (big) or "
						 "proc.exe in (big))"));
	struct cx c = {0};
	cx_load(&c, t.s);
	char msg[200];
	snprintf(msg, sizeof(msg),
		 "condition has more than %d nodes after macro and list expansion: its lists alone "
		 "add %zu items (the limit is %d)",
		 RL_MAX_CONDITION_NODES, 4 * items, RL_MAX_CONDITION_NODES);
	expect_diag(&c, LOAD_ERR_COMPILE_CONDITION, msg, 0, 0);
	cx_done(&c);
	free(t.s);
}

/* Falco's three rulesets, loaded in order, stay far below the limits. */
Test(compile, stock_rulesets_within_limits)
{
	const char *root = getenv("LANNER_ROOT");
	const char *files[] = {"falco_rules.yaml", "falco-incubating_rules.yaml",
			       "falco-sandbox_rules.yaml"};
	struct cx c = {0};
	c.rs = ruleset_new();
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/../shared/falco/%s", root ? root : ".", files[i]);
		if (access(path, R_OK))
			cr_skip_test("skipped: %s not readable (set LANNER_ROOT)", path);
		c.errs = ruleset_load_path(c.rs, path, &c.d);
		expect_ok(&c);
	}
	size_t largest = 0;
	for (size_t i = 0; i < c.rs->nrules; i++) {
		size_t n = ast_size(c.rs->rules[i].ast);
		largest = n > largest ? n : largest;
	}
	cr_expect_gt(largest, 0);
	cr_expect_lt(largest * 4, RL_MAX_CONDITION_NODES, "largest stock rule: %zu nodes", largest);
	cx_done(&c);
}

Test(compile, stock_falco_rules)
{
	const char *root = getenv("LANNER_ROOT");
	char path[4096];
	snprintf(path, sizeof(path), "%s/../shared/falco/falco_rules.yaml", root ? root : ".");
	if (access(path, R_OK))
		cr_skip_test("skipped: %s not readable (set LANNER_ROOT)", path);
	struct cx c = {0};
	c.rs = ruleset_new();
	c.errs = ruleset_load_path(c.rs, path, &c.d);
	expect_ok(&c);
	cr_expect_eq(c.d.n, 0, "unexpected diagnostic: %s", c.d.n ? c.d.v[0].message : "");
	cr_assert_eq(c.rs->nrules, 25);
	for (size_t i = 0; i < c.rs->nrules; i++) {
		struct rl_rule *r = &c.rs->rules[i];
		cr_expect(r->ast, "rule '%s' not compiled", r->name);
		cr_expect(!r->skipped, "rule '%s' skipped", r->name);
		cr_expect(r->evttypes, "rule '%s' has no event types", r->name);
		cr_expect(r->nevttypes <= 100, "rule '%s' has %zu event types", r->name,
			  r->nevttypes);
	}
	struct rl_rule *t = ruleset_find_rule(c.rs, "Terminal shell in container");
	cr_assert(t);
	cr_expect_eq(t->nevttypes, 2);
	cx_done(&c);
}
