/* Tests of outfmt.c, the output format parser shared by the load-time validation of rule
 * outputs (compile.c) and alert rendering (loader/format.c): token boundaries, widths,
 * arguments, transformer calls, and the error texts and offsets of bad formats. */
#include <criterion/criterion.h>
#include <string.h>

#include "outfmt.h"

struct bad {
	const char *fmt;
	const char *err;
	size_t off; /* the '%' of the bad token */
};

Test(outfmt, tokens)
{
	struct out_format f;
	char err[200];
	size_t off;
	cr_assert(outfmt_parse("a %proc.namex %5fd.name,%proc.aname[2]%evt.arg.flags", &f, err,
			       sizeof(err), &off),
		  "%s", err);
	cr_assert_eq(f.n, 7);
	cr_expect(!f.toks[0].is_field);
	cr_expect_str_eq(f.toks[0].text, "a ");
	cr_expect_eq(f.toks[0].off, 0);
	cr_expect(f.toks[1].is_field);
	cr_expect_eq(f.toks[1].field->id, F_PROC_NAME);
	cr_expect_str_eq(f.toks[1].text, "proc.name");
	cr_expect_eq(f.toks[1].off, 2);
	cr_expect_str_eq(f.toks[2].text, "x ");
	cr_expect_eq(f.toks[3].width, 5);
	cr_expect_str_eq(f.toks[3].text, "fd.name");
	cr_expect_eq(f.toks[3].len, 7);
	cr_expect_str_eq(f.toks[4].text, ",");
	cr_expect_str_eq(f.toks[5].text, "proc.aname[2]");
	cr_expect_str_eq(f.toks[5].arg, "2");
	/* the operand the renderer evaluates: bracket argument apart, dotted one in the name */
	cr_expect_eq(f.toks[5].ref->kind, OPND_FIELD);
	cr_expect_str_eq(f.toks[5].ref->name, "proc.aname");
	cr_expect_str_eq(f.toks[5].ref->arg, "2");
	cr_expect_str_eq(f.toks[6].arg, "flags");
	cr_expect_str_eq(f.toks[6].ref->name, "evt.arg.flags");
	cr_expect_null(f.toks[6].ref->arg);
	cr_expect_eq(f.toks[6].ref->field, f.toks[6].field);
	outfmt_free(&f);
	cr_expect_eq(f.n, 0);
	cr_expect(outfmt_parse("", &f, err, sizeof(err), NULL));
	cr_expect_eq(f.n, 0);
	outfmt_free(&f);
}

Test(outfmt, transformers)
{
	struct out_format f;
	char err[200];
	/* parentheses inside quotes do not close the call; "[f]" after it belongs to it */
	cr_assert(outfmt_parse("<%concat(\")(\", proc.name)> %getopt(proc.args, \"f:\")[f]|%4len("
			       "proc.name)",
			       &f, err, sizeof(err), NULL),
		  "%s", err);
	cr_assert_eq(f.n, 6);
	cr_expect_str_eq(f.toks[0].text, "<");
	cr_expect(f.toks[1].is_transformer);
	cr_expect_str_eq(f.toks[1].text, "concat(\")(\", proc.name)");
	cr_expect_null(f.toks[1].field);
	cr_expect_eq(f.toks[1].ref->kind, OPND_TRANSFORMER);
	cr_expect_str_eq(f.toks[2].text, "> ");
	cr_expect_str_eq(f.toks[3].text, "getopt(proc.args, \"f:\")[f]");
	cr_expect_str_eq(f.toks[3].ref->arg, "f");
	cr_expect_str_eq(f.toks[4].text, "|");
	cr_expect_eq(f.toks[5].width, 4);
	cr_expect_str_eq(f.toks[5].text, "len(proc.name)");
	outfmt_free(&f);
	/* not a transformer name: an unknown field */
	cr_expect_eq(outfmt_transformer_name("tolower(x)"), 7);
	cr_expect_eq(outfmt_transformer_name("tolowerx(x)"), 0);
	cr_expect_eq(outfmt_transformer_name("tolower x"), 0);
}

Test(outfmt, errors)
{
	const struct bad bad[] = {
		{"x %", "invalid formatting syntax: formatting cannot end with a %", 2},
		{"x %12", "invalid formatting syntax: formatting cannot end with a number", 2},
		{"x %bad.field y", "invalid formatting token bad.field y", 2},
		{"%%proc.name", "invalid formatting token %proc.name", 0},
		{"a % proc.name", "invalid formatting token  proc.name", 2},
		{"%fd.ip", "field 'fd.ip' is filter only and cannot be used as a display field", 0},
		{"%evt.arg", "field 'evt.arg' requires an argument", 0},
		{"ok %proc.aname[2", "invalid formatting token proc.aname[2", 3},
		{"%proc.aname[x]", "x is not a valid number", 0},
		{"%proc.aname[-1]",
		 "invalid index -1 of field 'proc.aname': an index is a number from 0 to "
		 "2147483647",
		 0},
		{"%tolower(proc.name", "invalid formatting token tolower(proc.name", 0},
		{"%tolower(no.such)", "invalid formatting token no.such", 0},
		{"%tolower(fd.ip)",
		 "field 'fd.ip' is filter only and cannot be used as a display field", 0},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct out_format f;
		char err[200] = "";
		size_t off = 999;
		cr_expect(!outfmt_parse(bad[i].fmt, &f, err, sizeof(err), &off), "'%s' accepted",
			  bad[i].fmt);
		cr_expect_str_eq(err, bad[i].err, "'%s'", bad[i].fmt);
		cr_expect_eq(off, bad[i].off, "'%s': offset %zu", bad[i].fmt, off);
		cr_expect_eq(f.n, 0);
		cr_expect_null(f.toks);
	}
	/* a transformer call that does not parse carries the parser's message */
	struct out_format f;
	char err[200] = "";
	cr_expect(!outfmt_parse("%tolower()", &f, err, sizeof(err), NULL));
	cr_expect(!strncmp(err, "invalid formatting token tolower(): ", 36), "%s", err);
}
