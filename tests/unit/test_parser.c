/* test_parser.c — condition language: lexer, parser, canonical printer, AST helpers. */
#include "ast.h"
#include "lexer.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses text (must succeed), checks the canonical print and that it round-trips. */
static struct ast *parse_ok(const char *text, const char *want_print)
{
	struct parse_error err;
	struct ast *a = cond_parse(text, &err), *b;
	char *s, *s2;
	cr_assert_not_null(a, "parse failed for <%s>: @%d %s", text, err.pos, err.msg);
	s = ast_print(a);
	if (want_print)
		cr_assert_str_eq(s, want_print, "print of <%s>", text);
	b = cond_parse(s, &err);
	cr_assert_not_null(b, "reparse failed for <%s>: @%d %s", s, err.pos, err.msg);
	s2 = ast_print(b);
	cr_assert_str_eq(s2, s, "print is not stable for <%s>", text);
	cr_assert(ast_equal(a, b), "reparsed tree differs for <%s>", text);
	free(s);
	free(s2);
	ast_free(b);
	return a;
}

static void roundtrip(const char *text, const char *want_print)
{
	ast_free(parse_ok(text, want_print));
}

static void parse_err(const char *text, int want_pos, const char *want_msg)
{
	struct parse_error err;
	struct ast *a = cond_parse(text, &err);
	cr_assert_null(a, "<%s> should not parse", text);
	cr_assert(strstr(err.msg, want_msg), "<%s>: message '%s' lacks '%s'", text, err.msg,
		  want_msg);
	cr_assert_eq(err.pos, want_pos, "<%s>: error at %d, want %d (%s)", text, err.pos, want_pos,
		     err.msg);
}

/* ---- operators ------------------------------------------------------------------------------ */

static void check_op(const char *text, enum cmp_op op, const char *printed)
{
	struct ast *a = parse_ok(text, printed);
	cr_assert_eq(a->kind, AST_CHECK, "%s", text);
	cr_assert_eq(a->op, op, "%s: op %d want %d", text, a->op, op);
	cr_assert_eq(a->mod, MOD_NONE);
	cr_assert_eq(a->lhs->kind, OPND_FIELD);
	ast_free(a);
}

Test(parser, op_equal_forms)
{
	check_op("proc.name = bash", OP_EQ, "proc.name = bash");
	check_op("proc.name == bash", OP_EQ, "proc.name = bash");
	check_op("proc.name=bash", OP_EQ, "proc.name = bash");
	check_op("proc.name!=bash", OP_NE, "proc.name != bash");
}

Test(parser, op_numeric)
{
	check_op("evt.rawres < 0", OP_LT, "evt.rawres < 0");
	check_op("evt.rawres<=-1", OP_LE, "evt.rawres <= -1");
	check_op("evt.rawres > 0x1F", OP_GT, "evt.rawres > 0x1F");
	check_op("evt.rawres >= 1.5e+3", OP_GE, "evt.rawres >= 1.5e+3");
}

Test(parser, op_numeric_needs_number)
{
	parse_err("evt.rawres < abc", 13, "expected a number value");
	parse_err("evt.rawres < \"5\"", 13, "expected a number value");
	/* the number token ends before "x": the rest is unexpected */
	parse_err("evt.rawres < 5x", 14, "unexpected token after '5'");
}

Test(parser, op_string_words)
{
	check_op("fd.name contains /etc", OP_CONTAINS, "fd.name contains /etc");
	check_op("fd.name icontains ETC", OP_ICONTAINS, "fd.name icontains ETC");
	check_op("evt.buffer bcontains 0a0b", OP_BCONTAINS, "evt.buffer bcontains 0a0b");
	check_op("fd.name startswith /etc/", OP_STARTSWITH, "fd.name startswith /etc/");
	check_op("evt.buffer bstartswith 7f45", OP_BSTARTSWITH, "evt.buffer bstartswith 7f45");
	check_op("fd.name endswith .log", OP_ENDSWITH, "fd.name endswith .log");
	check_op("fd.name glob /tmp/*.log", OP_GLOB, "fd.name glob /tmp/*.log");
	check_op("fd.name iglob '*.LOG'", OP_IGLOB, "fd.name iglob *.LOG");
	check_op("proc.name regex \"^ba(sh|rk)$\"", OP_REGEX, "proc.name regex \"^ba(sh|rk)$\"");
}

Test(parser, op_word_needs_blank)
{
	/* "containsx" is not an operator */
	parse_err("fd.name containsx", 8, "expected a valid check operator");
	parse_err("fd.name glob(x)", 8, "expected a valid check operator");
	/* any blank counts, also a newline (conditions from YAML literal blocks) */
	check_op("fd.name contains\n/etc", OP_CONTAINS, "fd.name contains /etc");
}

Test(parser, op_list)
{
	check_op("evt.type in (open, openat)", OP_IN, "evt.type in (open, openat)");
	check_op("evt.type in(open,close)", OP_IN, "evt.type in (open, close)");
	check_op("proc.args intersects (a, b)", OP_INTERSECTS, "proc.args intersects (a, b)");
	check_op("fd.name pmatch (/var/run, /tmp)", OP_PMATCH, "fd.name pmatch (/var/run, /tmp)");
}

Test(parser, op_exists)
{
	struct ast *a = parse_ok("proc.pname exists", "proc.pname exists");
	cr_assert_eq(a->op, OP_EXISTS);
	cr_assert_null(a->rhs);
	ast_free(a);
	roundtrip("(proc.pname exists)", "proc.pname exists");
	parse_err("proc.pname exists x", 18, "unexpected token after 'exists'");
}

Test(parser, op_names)
{
	cr_assert_str_eq(cmp_op_name(OP_EQ), "=");
	cr_assert_str_eq(cmp_op_name(OP_BSTARTSWITH), "bstartswith");
	cr_assert_str_eq(cmp_op_name(OP_EXISTS), "exists");
	cr_assert_str_eq(cmp_op_name(OP_COUNT), "?");
	cr_assert_str_eq(op_mod_name(MOD_NONE), "");
	cr_assert_str_eq(op_mod_name(MOD_ALLOF), "allof");
	for (int op = 0; op < OP_COUNT; op++)
		cr_assert_not_null(cmp_op_name(op));
}

/* ---- modifiers ------------------------------------------------------------------------------ */

Test(parser, modifiers)
{
	struct ast *a = parse_ok("fd.name startswith anyof (/etc, /usr)",
				 "fd.name startswith anyof (/etc, /usr)");
	cr_assert_eq(a->op, OP_STARTSWITH);
	cr_assert_eq(a->mod, MOD_ANYOF);
	cr_assert_eq(a->rhs->kind, OPND_LIST);
	cr_assert_eq(a->rhs->nargs, 2);
	ast_free(a);
	a = parse_ok("proc.name = oneof (a, b)", "proc.name = oneof (a, b)");
	cr_assert_eq(a->mod, MOD_ONEOF);
	ast_free(a);
	a = parse_ok("proc.name contains allof ( x )", "proc.name contains allof (x)");
	cr_assert_eq(a->mod, MOD_ALLOF);
	ast_free(a);
	/* followed by an identifier: a one-element list */
	a = parse_ok("proc.name = oneof mylist", "proc.name = oneof (mylist)");
	cr_assert_eq(a->mod, MOD_ONEOF);
	cr_assert_eq(a->rhs->nargs, 1);
	ast_free(a);
}

Test(parser, modifier_word_as_value)
{
	/* not followed by "(" or an identifier other than and/or/not: an ordinary string */
	struct ast *a = parse_ok("proc.name = oneof and x", "(proc.name = \"oneof\" and x)");
	cr_assert_eq(a->kids[0]->mod, MOD_NONE);
	cr_assert_eq(a->kids[0]->rhs->kind, OPND_STRING);
	cr_assert_str_eq(a->kids[0]->rhs->name, "oneof");
	ast_free(a);
	roundtrip("proc.name = anyof", "proc.name = \"anyof\"");
	roundtrip("(proc.name = allof)", "proc.name = \"allof\"");
	/* a modifier takes a list, not a transformer */
	parse_err("proc.name = oneof tolower(proc.name)", 25, "unexpected token after 'tolower'");
}

/* ---- precedence, and/or/not ------------------------------------------------------------------ */

Test(parser, nary_flattening)
{
	struct ast *a = parse_ok("a and b and c", "(a and b and c)");
	cr_assert_eq(a->kind, AST_AND);
	cr_assert_eq(a->nkids, 3);
	ast_free(a);
	a = parse_ok("a or b or c or d", "(a or b or c or d)");
	cr_assert_eq(a->kind, AST_OR);
	cr_assert_eq(a->nkids, 4);
	ast_free(a);
	/* explicit parentheses are kept */
	a = parse_ok("(a and b) and c", "((a and b) and c)");
	cr_assert_eq(a->nkids, 2);
	cr_assert_eq(a->kids[0]->kind, AST_AND);
	ast_free(a);
	/* a group of one is its content */
	a = parse_ok("((a))", "a");
	cr_assert_eq(a->kind, AST_MACRO);
	ast_free(a);
}

Test(parser, precedence)
{
	struct ast *a = parse_ok("a or b and c or d", "(a or (b and c) or d)");
	cr_assert_eq(a->kind, AST_OR);
	cr_assert_eq(a->nkids, 3);
	cr_assert_eq(a->kids[1]->kind, AST_AND);
	ast_free(a);
	a = parse_ok("not a and b", "(not a and b)");
	cr_assert_eq(a->kind, AST_AND);
	cr_assert_eq(a->kids[0]->kind, AST_NOT);
	ast_free(a);
	a = parse_ok("not (a and b)", "not (a and b)");
	cr_assert_eq(a->kind, AST_NOT);
	cr_assert_eq(a->kids[0]->kind, AST_AND);
	ast_free(a);
	roundtrip(
		"proc.name = bash and (not fd.name startswith /etc or evt.type in (open, openat))",
		"(proc.name = bash and (not fd.name startswith /etc or evt.type in (open, "
		"openat)))");
}

Test(parser, and_or_need_blank_or_paren)
{
	roundtrip("(a)and(b)", "(a and b)");
	roundtrip("(a)or(b)", "(a or b)");
	roundtrip("a and\tb", "(a and b)");
	parse_err("a andb", 5, "expected blank or '(' after 'and'");
	parse_err("a orb", 4, "expected blank or '(' after 'or'");
	parse_err("(a)andnot(b)", 6, "expected blank or '(' after 'and'");
	/* "aand" is one identifier, then "b" is left over */
	parse_err("aand b", 5, "unexpected token after 'aand', expecting 'or', 'and'");
}

Test(parser, not_forms)
{
	struct ast *a = parse_ok("not a", "not a");
	cr_assert_eq(a->kind, AST_NOT);
	cr_assert_eq(a->nkids, 1);
	cr_assert_eq(a->kids[0]->kind, AST_MACRO);
	ast_free(a);
	roundtrip("not(a)", "not a");
	roundtrip("not (a)", "not a");
	roundtrip("not\n\ta", "not a");
	/* repeated not toggles */
	a = parse_ok("not not a", "a");
	cr_assert_eq(a->kind, AST_MACRO);
	ast_free(a);
	roundtrip("not not not a", "not a");
	roundtrip("not not(a)", "a");
	/* a parenthesised not is a second node */
	a = parse_ok("not (not a)", "not (not a)");
	cr_assert_eq(a->kind, AST_NOT);
	cr_assert_eq(a->kids[0]->kind, AST_NOT);
	ast_free(a);
	roundtrip("not proc.name in (a)", "not proc.name in (a)");
}

Test(parser, keywords_only_in_operator_position)
{
	struct ast *a = parse_ok("a.b = not", "a.b = \"not\"");
	cr_assert_str_eq(a->rhs->name, "not");
	ast_free(a);
	roundtrip("a.b = and", "a.b = \"and\"");
	a = parse_ok("notz and not_macro and and_macro or or_x",
		     "((notz and not_macro and and_macro) or or_x)");
	cr_assert_str_eq(a->kids[0]->kids[0]->macro, "notz");
	cr_assert_str_eq(a->kids[0]->kids[1]->macro, "not_macro");
	ast_free(a);
	/* a macro named like a keyword stays a macro through the printer */
	a = parse_ok("not(not)", "not (not)");
	cr_assert_eq(a->kind, AST_NOT);
	cr_assert_str_eq(a->kids[0]->macro, "not");
	ast_free(a);
	roundtrip("not.x exists", "not.x exists");
}

/* ---- lists --------------------------------------------------------------------------------- */

Test(parser, lists)
{
	struct ast *a = parse_ok("proc.name in ()", "proc.name in ()");
	cr_assert_eq(a->rhs->kind, OPND_LIST);
	cr_assert_eq(a->rhs->nargs, 0);
	ast_free(a);
	roundtrip("proc.name in ( )", "proc.name in ()");
	a = parse_ok("proc.name in (\"<NA>\",\"N/A\", 'a b', b.c)",
		     "proc.name in (<NA>, N/A, \"a b\", b.c)");
	cr_assert_eq(a->rhs->nargs, 4);
	/* a dotted bare item is a string, not a field */
	cr_assert_eq(a->rhs->args[3]->kind, OPND_STRING);
	cr_assert_str_eq(a->rhs->args[3]->name, "b.c");
	cr_assert(a->rhs->args[2]->quoted);
	ast_free(a);
	roundtrip("proc.name in (runc:[0:PARENT], *.log, /etc/)",
		  "proc.name in (runc:[0:PARENT], *.log, /etc/)");
}

Test(parser, list_identifier_is_one_element)
{
	struct ast *a = parse_ok("proc.name in typo_list", "proc.name in (typo_list)");
	cr_assert_eq(a->rhs->kind, OPND_LIST);
	cr_assert_eq(a->rhs->nargs, 1);
	cr_assert_str_eq(a->rhs->args[0]->name, "typo_list");
	cr_assert_eq(a->rhs->args[0]->pos, 13);
	ast_free(a);
}

Test(parser, list_errors)
{
	parse_err("x.y in ( 1 ,, b)", 12, "expected a string value");
	parse_err("x.y in (a b)", 10, "expected a ')' token");
	parse_err("x.y in (a,", 10, "expected a string value");
	parse_err("x.y in (a=b)", 9, "expected a ')' token");
	parse_err("x.y in /etc", 7, "expected a list, an identifier");
	parse_err("x.y in", 6, "expected a list, an identifier");
}

/* ---- strings, quoting, escapes ------------------------------------------------------------- */

static void check_string(const char *text, const char *want, size_t want_len)
{
	struct ast *a = parse_ok(text, NULL);
	cr_assert_eq(a->rhs->kind, OPND_STRING, "%s", text);
	cr_assert_eq(a->rhs->len, want_len, "%s: len %zu", text, a->rhs->len);
	cr_assert(memcmp(a->rhs->name, want, want_len) == 0, "%s: got <%s>", text, a->rhs->name);
	cr_assert_eq(a->rhs->name[want_len], '\0');
	ast_free(a);
}

Test(parser, escapes)
{
	check_string("a.b = \"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t", 5);
	check_string("a.b = \"a\\\\b\\/c\"", "a\\b/c", 5);
	check_string("a.b = \"say \\\"hi\\\"\"", "say \"hi\"", 8);
	check_string("a.b = 'it\\'s'", "it's", 4);
	check_string("a.b = \"x\\x41\\x7a\\xff\"", "xAz\xff", 4);
	/* legacy: backslash-space is a single backslash, the space is dropped */
	check_string("a.b = \"C:\\ Windows\"", "C:\\Windows", 10);
	/* bare strings have no escapes */
	check_string("a.b = C:\\x41", "C:\\x41", 6);
	check_string("a.b = \"\"", "", 0);
	check_string("a.b = ''", "", 0);
	check_string("a.b = \"it's\"", "it's", 4);
}

Test(parser, escape_errors)
{
	parse_err("a.b = \"\\q\"", 7, "unsupported string escape sequence: \\q");
	parse_err("a.b = \"ok\\x4\"", 9, "unsupported string escape sequence: \\x");
	parse_err("a.b = \"\\x00\"", 7, "NUL byte");
	parse_err("a.b = \"x\\'\"", 8, "invalid \\' escape in \"-quoted string");
	parse_err("a.b = 'x\\\"'", 8, "invalid \\\" escape in '-quoted string");
	parse_err("a.b = \"open", 6, "unterminated quoted string");
	/* the closing quote is the first one not preceded by a backslash */
	parse_err("a.b = \"a\\\\\"", 6, "unterminated quoted string");
	parse_err("a.b in (x, \"\\z\")", 12, "unsupported string escape sequence: \\z");
}

Test(parser, printer_quoting)
{
	roundtrip("a.b = \"plain\"", "a.b = plain");
	roundtrip("a.b = \"two words\"", "a.b = \"two words\"");
	roundtrip("a.b = \"a=b\"", "a.b = \"a=b\"");
	roundtrip("a.b = \"x,y\"", "a.b = \"x,y\"");
	roundtrip("a.b = \"f(x)\"", "a.b = \"f(x)\"");
	roundtrip("a.b = \"it's\"", "a.b = \"it's\"");
	roundtrip("a.b = 'say \"hi\"'", "a.b = \"say \\\"hi\\\"\"");
	roundtrip("a.b = \"tab\\there\\n\"", "a.b = \"tab\\there\\n\"");
	roundtrip("a.b = \"\\x01\\x7f\"", "a.b = \"\\x01\\x7f\"");
	roundtrip("a.b = \"back\\\\slash\"", "a.b = back\\slash");
	/* a trailing backslash cannot be written "\\" before the closing quote */
	roundtrip("a.b = \"end\\\\ x\"", "a.b = \"end\\\\ x\"");
	roundtrip("a.b = \"end \\ \"", "a.b = \"end \\ \"");
	roundtrip("a.b = ''", "a.b = \"\"");
	roundtrip("a.b = \"\\xc3\\xa9t\\xc3\\xa9\"", "a.b = \"\xc3\xa9t\xc3\xa9\"");
}

/* ---- field arguments ----------------------------------------------------------------------- */

static void check_field(const char *text, const char *name, const char *arg, const char *printed)
{
	struct ast *a = parse_ok(text, printed);
	cr_assert_eq(a->lhs->kind, OPND_FIELD);
	cr_assert_str_eq(a->lhs->name, name);
	cr_assert_eq(a->lhs->len, strlen(name));
	if (arg)
		cr_assert_str_eq(a->lhs->arg, arg);
	else
		cr_assert_null(a->lhs->arg);
	ast_free(a);
}

Test(parser, field_args)
{
	check_field("proc.aname[2] = sshd", "proc.aname", "2", "proc.aname[2] = sshd");
	check_field("evt.arg[0] exists", "evt.arg", "0", "evt.arg[0] exists");
	check_field("container.mount.dest[/etc] exists", "container.mount.dest", "/etc",
		    "container.mount.dest[/etc] exists");
	check_field("proc.env[\"MY VAR\"] = x", "proc.env", "MY VAR", "proc.env[\"MY VAR\"] = x");
	check_field("proc.env['HOME'] = x", "proc.env", "HOME", "proc.env[HOME] = x");
	check_field("proc.env[\"\"] exists", "proc.env", "", "proc.env[\"\"] exists");
	check_field("k8s.pod.label[app.kubernetes.io/name] = x", "k8s.pod.label",
		    "app.kubernetes.io/name", "k8s.pod.label[app.kubernetes.io/name] = x");
	check_field("evt.arg.flags contains O_CREAT", "evt.arg.flags", NULL,
		    "evt.arg.flags contains O_CREAT");
	check_field("fd.name=/tmp", "fd.name", NULL, "fd.name = /tmp");
}

Test(parser, field_arg_errors)
{
	parse_err("proc.aname[2 = x", 12, "expected a ']' token");
	parse_err("proc.aname[] = x", 11, "expected a valid field argument");
	parse_err("proc.aname[ 2] = x", 11, "expected a valid field argument");
	/* a blank before "[" ends the field */
	parse_err("proc.aname [2] = x", 11, "expected a valid check operator");
	/* a component must start with a letter: "a.1b" is the macro a, then junk */
	parse_err("a.1b = x", 1, "unexpected token after 'a'");
}

/* ---- transformers and val() ---------------------------------------------------------------- */

Test(parser, transformers)
{
	struct ast *a = parse_ok("tolower(proc.name) = bash", "tolower(proc.name) = bash");
	cr_assert_eq(a->lhs->kind, OPND_TRANSFORMER);
	cr_assert_str_eq(a->lhs->name, "tolower");
	cr_assert_eq(a->lhs->nargs, 1);
	cr_assert_eq(a->lhs->args[0]->kind, OPND_FIELD);
	ast_free(a);
	a = parse_ok("len(basename( toupper(proc.exepath) )) > 3",
		     "len(basename(toupper(proc.exepath))) > 3");
	cr_assert_str_eq(a->lhs->args[0]->name, "basename");
	cr_assert_str_eq(a->lhs->args[0]->args[0]->name, "toupper");
	ast_free(a);
	roundtrip("b64(evt.arg.data) contains x", "b64(evt.arg.data) contains x");
	a = parse_ok("join(\",\", (proc.name, proc.pname)) = \"a,b\"",
		     "join(\",\", (proc.name, proc.pname)) = \"a,b\"");
	cr_assert_eq(a->lhs->nargs, 2);
	cr_assert_eq(a->lhs->args[0]->kind, OPND_STRING);
	cr_assert_eq(a->lhs->args[1]->kind, OPND_LIST);
	cr_assert_eq(a->lhs->args[1]->args[1]->kind, OPND_FIELD);
	ast_free(a);
	roundtrip("concat(proc.name, ':', 7, proc.pid) = x",
		  "concat(proc.name, \":\", 7, proc.pid) = x");
	a = parse_ok("getopt(proc.args, \"f:\")[f] = x", "getopt(proc.args, \"f:\")[f] = x");
	cr_assert_str_eq(a->lhs->arg, "f");
	ast_free(a);
	/* on the right-hand side */
	roundtrip("proc.name = tolower(proc.pname)", "proc.name = tolower(proc.pname)");
	roundtrip("proc.pid < len(proc.args)", "proc.pid < len(proc.args)");
	roundtrip("proc.name in toupper(proc.pname)", "proc.name in toupper(proc.pname)");
	/* "tolower" alone, or with a blank before "(", is not a transformer */
	a = parse_ok("tolower", "tolower");
	cr_assert_eq(a->kind, AST_MACRO);
	ast_free(a);
	parse_err("tolower (proc.name) = x", 8, "unexpected token after 'tolower'");
}

Test(parser, transformer_errors)
{
	parse_err("tolower(proc.name = x", 18, "expected a ')' token closing the transformer");
	parse_err("tolower() = x", 8, "as transformer argument");
	parse_err("tolower(bare) = x", 8, "as transformer argument");
	parse_err("getopt(proc.args, \"f:\")[f = x", 25, "expected a ']' token");
}

Test(parser, val)
{
	struct ast *a = parse_ok("proc.name = val(proc.pname)", "proc.name = val(proc.pname)");
	cr_assert_eq(a->rhs->kind, OPND_VAL);
	cr_assert_eq(a->rhs->nargs, 1);
	cr_assert_eq(a->rhs->args[0]->kind, OPND_FIELD);
	cr_assert_str_eq(a->rhs->args[0]->name, "proc.pname");
	cr_assert_eq(a->rhs->pos, 12);
	cr_assert_eq(a->rhs->args[0]->pos, 16);
	ast_free(a);
	roundtrip("proc.pid > val( proc.ppid )", "proc.pid > val(proc.ppid)");
	roundtrip("proc.name = val(proc.aname[2])", "proc.name = val(proc.aname[2])");
	/* without val() a field on the right is a string */
	a = parse_ok("proc.name = proc.pname", "proc.name = proc.pname");
	cr_assert_eq(a->rhs->kind, OPND_STRING);
	ast_free(a);
	parse_err("proc.name = val(bash)", 16, "expected a field within 'val' transformer");
	parse_err("proc.name = val(proc.pname", 26, "expected a ')' token closing the transformer");
}

/* ---- macros, positions ----------------------------------------------------------------------- */

Test(parser, macro_refs)
{
	struct ast *a = parse_ok("spawned_process and not container",
				 "(spawned_process and not container)");
	cr_assert_eq(a->kids[0]->kind, AST_MACRO);
	cr_assert_str_eq(a->kids[0]->macro, "spawned_process");
	cr_assert_eq(a->kids[1]->kids[0]->kind, AST_MACRO);
	cr_assert_str_eq(a->kids[1]->kids[0]->macro, "container");
	ast_free(a);
}

Test(parser, positions)
{
	struct ast *a = parse_ok("  a.b = x and  not (c or d.e in (f, 'g'))", NULL);
	cr_assert_eq(a->pos, 2);
	cr_assert_eq(a->kids[0]->pos, 2);
	cr_assert_eq(a->kids[0]->lhs->pos, 2);
	cr_assert_eq(a->kids[0]->rhs->pos, 8);
	cr_assert_eq(a->kids[1]->kind, AST_NOT);
	cr_assert_eq(a->kids[1]->pos, 15);
	struct ast *o = a->kids[1]->kids[0];
	cr_assert_eq(o->kind, AST_OR);
	cr_assert_eq(o->pos, 20);
	cr_assert_eq(o->kids[1]->pos, 25);
	cr_assert_eq(o->kids[1]->rhs->pos, 32);
	cr_assert_eq(o->kids[1]->rhs->args[0]->pos, 33);
	cr_assert_eq(o->kids[1]->rhs->args[1]->pos, 36);
	ast_free(a);
}

/* ---- syntax errors ----------------------------------------------------------------------------
 */

Test(parser, error_classes)
{
	parse_err("", 0, "filter input string is empty");
	parse_err("   ", 3, "expected a '(' token, a field check, or an identifier");
	parse_err("proc.name=bash)", 14, "unexpected token after 'bash', expecting 'or', 'and'");
	parse_err("a b", 2, "unexpected token after 'a', expecting 'or', 'and'");
	parse_err("(a", 2, "expected a ')' token");
	parse_err("(a and (b or c)", 15, "expected a ')' token");
	parse_err("a and )", 6, "expected a '(' token, a field check, or an identifier");
	parse_err("a and", 5, "expected blank or '(' after 'and'");
	parse_err("proc.name", 9, "expected a valid check operator");
	parse_err("proc.name bash", 10, "expected a valid check operator");
	parse_err("proc.name =", 11, "expected a string value or a field with a valid transformer");
	parse_err("proc.name = (a)", 12, "expected a string value or a field");
	parse_err("1 = 1", 0, "expected a '(' token, a field check, or an identifier");
	parse_err("\"a\" = b", 0, "expected a '(' token, a field check, or an identifier");
	parse_err("a.b = x # comment", 8, "unexpected token after 'x'");
}

Test(parser, null_error_pointer_is_allowed)
{
	cr_assert_null(cond_parse("(", NULL));
	cr_assert_null(cond_parse(NULL, NULL));
}

static char *nested(int depth, const char *inner)
{
	size_t n = strlen(inner) + 2 * (size_t)depth + 1;
	char *s = malloc(n), *p = s;
	for (int i = 0; i < depth; i++)
		*p++ = '(';
	p += sprintf(p, "%s", inner);
	for (int i = 0; i < depth; i++)
		*p++ = ')';
	*p = '\0';
	return s;
}

Test(parser, depth_limit)
{
	struct parse_error err;
	char *s = nested(150, "a.b = c");
	struct ast *a = cond_parse(s, &err);
	cr_assert_not_null(a, "150 levels should parse: %s", err.msg);
	cr_assert_eq(a->kind, AST_CHECK);
	ast_free(a);
	free(s);

	s = nested(250, "a.b = c");
	cr_assert_null(cond_parse(s, &err));
	cr_assert_str_eq(err.msg, "exceeded max depth limit of 1000");
	free(s);

	/* very deep input must be an error, never a stack overflow */
	s = nested(200000, "a");
	cr_assert_null(cond_parse(s, &err));
	cr_assert_str_eq(err.msg, "exceeded max depth limit of 1000");
	free(s);

	/* the same for nested nots and transformers */
	size_t n = 100000;
	s = malloc(n * 5 + 16);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strcat(s + i * 4, "not(");
	strcat(s + n * 4, "a");
	for (size_t i = 0; i < n; i++)
		s[n * 4 + 1 + i] = ')';
	s[n * 5 + 1] = '\0';
	cr_assert_null(cond_parse(s, &err));
	cr_assert_str_eq(err.msg, "exceeded max depth limit of 1000");
	free(s);

	s = malloc(n * 8 + 64);
	char *p = s;
	for (size_t i = 0; i < 5000; i++)
		p += sprintf(p, "len(");
	p += sprintf(p, "proc.name");
	for (size_t i = 0; i < 5000; i++)
		*p++ = ')';
	sprintf(p, " > 1");
	cr_assert_null(cond_parse(s, &err));
	cr_assert_str_eq(err.msg, "exceeded max depth limit of 1000");
	free(s);
}

Test(parser, long_flat_input)
{
	/* width is not depth: 20000 "and"s are one node */
	size_t n = 20000;
	char *s = malloc(n * 12 + 8), *p = s;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%sa.b = %zu", i ? " and " : "", i % 10);
	struct ast *a = parse_ok(s, NULL);
	cr_assert_eq(a->kind, AST_AND);
	cr_assert_eq(a->nkids, n);
	ast_free(a);
	free(s);
}

/* ---- AST helpers ----------------------------------------------------------------------------- */

Test(parser, clone_and_equal)
{
	struct parse_error err;
	struct ast *a = cond_parse("a.b = \"x y\" and not c or tolower(d.e[1]) in (p, q)", &err);
	struct ast *b = ast_clone(a), *c;
	cr_assert(ast_equal(a, b));
	cr_assert(b->kids[0]->kids[0]->rhs->quoted);
	ast_free(b);
	/* differences that matter */
	const char *others[] = {"a.b = \"x y\" and not c or tolower(d.e[2]) in (p, q)",
				"a.b = \"x y\" and not c or tolower(d.e[1]) in (p)",
				"a.b = \"x y \" and not c or tolower(d.e[1]) in (p, q)",
				"a.b != \"x y\" and not c or tolower(d.e[1]) in (p, q)",
				"a.b = \"x y\" and c or tolower(d.e[1]) in (p, q)",
				"a.b = \"x y\" and not c2 or tolower(d.e[1]) in (p, q)",
				"a.b = \"x y\" or not c or tolower(d.e[1]) in (p, q)",
				"a.b = \"x y\" and not c or toupper(d.e[1]) in (p, q)"};
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		c = cond_parse(others[i], &err);
		cr_assert_not_null(c, "%s", others[i]);
		cr_assert(!ast_equal(a, c), "%s should differ", others[i]);
		ast_free(c);
	}
	/* quoting and positions do not */
	c = cond_parse("  a.b='x y' and  not c or tolower(d.e['1']) in ('p',q)", &err);
	cr_assert(ast_equal(a, c));
	ast_free(c);
	ast_free(a);
	cr_assert(ast_equal(NULL, NULL));
	cr_assert_null(ast_clone(NULL));
	ast_free(NULL);
	operand_free(NULL);
}

Test(parser, clone_copies_compiled_values)
{
	struct ast *a = parse_ok("evt.type in (open, openat)", NULL), *b;
	a->nvals = 2;
	a->vals = calloc(2, sizeof(*a->vals));
	a->vals[0].s = strdup("open");
	a->vals[0].len = 4;
	a->vals[1].i = 7;
	b = ast_clone(a);
	cr_assert_str_eq(b->vals[0].s, "open");
	cr_assert_neq(b->vals[0].s, a->vals[0].s);
	cr_assert_null(b->vals[1].s);
	cr_assert_eq(b->vals[1].i, 7);
	ast_free(a);
	ast_free(b);
}

Test(parser, operand_print)
{
	struct ast *a = parse_ok("getopt(proc.args, \"f:\")[f] in (\"a b\", c)", NULL);
	char *s = operand_print(a->lhs);
	cr_assert_str_eq(s, "getopt(proc.args, \"f:\")[f]");
	free(s);
	s = operand_print(a->rhs);
	cr_assert_str_eq(s, "(\"a b\", c)");
	free(s);
	ast_free(a);
}

/* ---- lexer recognisers ------------------------------------------------------------------------
 */

Test(parser, lexer_tokens)
{
	cr_assert_eq(cond_lex_identifier("abc_1.x"), 5);
	cr_assert_eq(cond_lex_identifier("_a"), 0);
	cr_assert_eq(cond_lex_field_name("proc.name"), 9);
	cr_assert_eq(cond_lex_field_name("evt.arg.flags[x]"), 13);
	cr_assert_eq(cond_lex_field_name("a.b."), 3);
	cr_assert_eq(cond_lex_field_name("a.1"), 0);
	cr_assert_eq(cond_lex_field_name("abc"), 0);
	cr_assert_eq(cond_lex_hex_number("0x1fz"), 4);
	cr_assert_eq(cond_lex_hex_number("0x"), 0);
	cr_assert_eq(cond_lex_number("-12.5e+3x"), 8);
	cr_assert_eq(cond_lex_number("1e5"), 1);
	cr_assert_eq(cond_lex_number("+3."), 3);
	cr_assert_eq(cond_lex_number("-"), 0);
	cr_assert_eq(cond_lex_bare_string("/etc/x=y"), 6);
	cr_assert_eq(cond_lex_bare_string("runc:[0:PARENT])"), 15);
	cr_assert_eq(cond_lex_field_arg_bare("a(b),c]"), 6);
	cr_assert_eq(cond_lex_blank(" \t\b\r\nx"), 5);
	cr_assert(cond_lex_word("not x", "not"));
	cr_assert(!cond_lex_word("notz", "not"));
}

/* ---- every condition of Falco's stable ruleset ----------------------------------------------- */

Test(parser, falco_rules_roundtrip)
{
	const char *root = getenv("LANNER_ROOT");
	char path[4096], line[1 << 16];
	int n = 0;
	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/falco_conditions.txt",
		 root ? root : ".");
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s (run from the repository root or set LANNER_ROOT)",
			   path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		roundtrip(line, NULL);
		n++;
	}
	fclose(f);
	/* falco_rules.yaml: 25 rules and their macros */
	cr_assert_geq(n, 100, "only %d conditions in the fixture", n);
}
