/* ast.h — Falco condition language: syntax tree, parser, canonical printer.
 *
 * Grammar and lexical rules: docs/falco-semantics.md, "Tokens, grammar and precedence". The parser
 * works on the condition text *after* textual list substitution; macro references stay as AST_MACRO
 * nodes until the compiler (compile.c) inlines them.
 *
 * Sections: lexer.c (tokens at a cursor), parser.c (text → tree), printer.c (tree → canonical
 * text), ast.c (allocation, cloning, freeing).
 */
#ifndef LANNER_AST_H
#define LANNER_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct field_info; /* fields.h */

enum cmp_op {
	OP_EQ, /* "=" and "==" */
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_CONTAINS,
	OP_ICONTAINS,
	OP_BCONTAINS,
	OP_STARTSWITH,
	OP_BSTARTSWITH,
	OP_ENDSWITH,
	OP_GLOB,
	OP_IGLOB,
	OP_REGEX,
	OP_IN,
	OP_INTERSECTS,
	OP_PMATCH,
	OP_EXISTS,
	OP_COUNT
};

enum op_mod { MOD_NONE, MOD_ONEOF, MOD_ANYOF, MOD_ALLOF };

const char *cmp_op_name(enum cmp_op op); /* "=", "!=", "contains", ... */
const char *op_mod_name(enum op_mod m);	 /* "", "oneof", ... */

enum operand_kind {
	OPND_FIELD,	  /* name = "proc.aname", arg = "2" or NULL */
	OPND_TRANSFORMER, /* name = "tolower", args = operands; arg = optional [..] after ")" */
	OPND_STRING,	  /* a literal: name = unescaped bytes (len in len) */
	OPND_LIST,	  /* "(a, b)": args = OPND_STRING items */
	OPND_VAL,	  /* val(field): args[0] is the OPND_FIELD */
};

/* A literal converted to the type of the field it is compared with (filled by checks.c). */
struct typed_value {
	char *s; /* string/bytes form (bytebuf: hex-decoded); always NUL-terminated */
	size_t len;
	int64_t i; /* numeric fields, bools (0/1) */
	uint8_t ip[16];
	int family; /* 0, 4 or 6 for address/net fields */
	int prefix; /* CIDR prefix length for IPNET */
};

struct operand {
	enum operand_kind kind;
	int pos; /* byte offset in the condition text */
	char *name;
	size_t len;  /* length of name (strings may hold any byte but NUL) */
	bool quoted; /* string literal was written quoted */
	char *arg;   /* field argument without brackets, or NULL */
	struct operand **args;
	size_t nargs;
	/* resolved by checks.c */
	const struct field_info *field;
};

enum ast_kind { AST_AND, AST_OR, AST_NOT, AST_CHECK, AST_MACRO };

struct ast {
	enum ast_kind kind;
	int pos; /* byte offset in the condition text it was parsed from */
	/* AST_AND / AST_OR: n-ary; AST_NOT: exactly one kid */
	struct ast **kids;
	size_t nkids;
	/* AST_CHECK */
	struct operand *lhs; /* OPND_FIELD or OPND_TRANSFORMER */
	enum cmp_op op;
	enum op_mod mod;
	struct operand
		*rhs; /* NULL for exists; OPND_STRING, OPND_LIST, OPND_VAL or OPND_TRANSFORMER */
	/* filled by checks.c (values.c): rhs literals converted to the lhs type (one per list item)
	 */
	struct typed_value *vals;
	size_t nvals;
	/* AST_MACRO */
	char *macro;
};

/* parser.c */
struct parse_error {
	int pos; /* byte offset of the problem */
	char msg[256];
};
/* Returns NULL and fills err on a syntax error. Depth limit 1000 (Falco's). */
struct ast *cond_parse(const char *text, struct parse_error *err);

/* Syntax notes (what cond_parse builds):
 * - AST_AND/AST_OR are n-ary: "a and b and c" is one AST_AND with 3 kids. Explicit parentheses
 *   are kept as written: "(a and b) and c" is AST_AND[AST_AND[a, b], c] (as in Falco). A group of
 *   one, "(a)", is just a. Repeated "not" toggles: "not not a" is a; "not (not a)" is two NOTs.
 * - AST_CHECK: lhs is OPND_FIELD or OPND_TRANSFORMER. rhs by operator:
 *     exists            NULL
 *     < <= > >=         OPND_STRING holding the number text as written ("0x1F", "-1.5e+3"),
 *                       or OPND_TRANSFORMER / OPND_VAL
 *     string operators  OPND_STRING, OPND_TRANSFORMER or OPND_VAL; with a modifier (mod !=
 *                       MOD_NONE) always OPND_LIST
 *     in/intersects/pmatch  OPND_LIST, OPND_TRANSFORMER or OPND_VAL. A bare identifier after a
 *                       list operator ("in typo_list") is a one-element OPND_LIST (Falco).
 * - OPND_LIST items after an operator are OPND_STRING. Inside transformer arguments a list's
 *   items are any transformer argument.
 * - Transformer arguments (args): OPND_FIELD, OPND_TRANSFORMER, OPND_STRING (quoted string or
 *   number), OPND_LIST. OPND_VAL has name "val" and args[0] the field.
 * - OPND_FIELD.arg / OPND_TRANSFORMER.arg: the [..] argument, unescaped if it was quoted; ""
 *   for "[\"\"]"; NULL when absent. "evt.arg.flags" is a plain field name (no arg).
 * - Strings are unescaped (Falco's escapes, incl. "\ " → backslash and \xHH); "\x00" is rejected,
 * so name never holds a NUL byte. pos of every node/operand = byte offset of its first character
 *   (for AND/OR: of its first kid; for NOT: of the first "not").
 * - Errors: Falco's messages ("filter input string is empty", "unexpected token after 'X',
 *   expecting 'or', 'and'", "expected a ')' token", "exceeded max depth limit of 1000", ...), pos
 *   = byte offset of the cursor where the problem was seen. Depth counts each recursive
 *   production as Falco does (about 5 per parenthesis level).
 */

/* printer.c: canonical text that cond_parse reads back to an ast_equal tree, and that prints
 * identically again. Returns a malloc'd string. Convention:
 * - every AST_AND/AST_OR group is parenthesised, also at top level: "(a and b)", "(a or (b and
 * c))"; kids joined by " and " / " or ".
 * - AST_NOT is "not " + kid; a NOT directly under a NOT is parenthesised: "not (not a)".
 * - checks: lhs, " ", operator, [" " modifier], [" " rhs]; "=" for both = and ==; "exists" alone.
 * - lists "(a, b)", empty "()"; transformers "tolower(proc.name)", "getopt(proc.args, \"f:\")[f]",
 *   "val(proc.pname)"; field args "proc.aname[2]", quoted when not a valid bare argument.
 * - a string is printed bare when it is printable ASCII that the lexer reads back as the same
 *   bare string in that position and is not one of and/or/not/oneof/anyof/allof; otherwise
 *   double-quoted with escapes \" \\ \b \f \n \r \t, \xHH for other control bytes, and a trailing
 *   backslash written "\ " (in "a\\" Falco takes the last quote as escaped). Inside transformer
 *   arguments only numbers that were written bare stay bare. Number operands of < <= > >= are
 *   printed as written. Macro references print their name; one named and/or/not prints as
 *   "(not)" so it cannot read back as a keyword. */
char *ast_print(const struct ast *a);
char *operand_print(const struct operand *o);

/* ast.c */
struct ast *ast_new(enum ast_kind kind, int pos);
struct operand *operand_new(enum operand_kind kind, int pos);
struct ast *ast_clone(const struct ast *a);
struct operand *operand_clone(const struct operand *o);
void ast_free(struct ast *a);
void operand_free(struct operand *o);
/* Structural equality: kinds, operators, modifiers, names, string bytes, args. Ignores pos,
 * operand.quoted (the printer may drop quotes), and what checks.c filled (field, vals). */
bool ast_equal(const struct ast *a, const struct ast *b);
bool operand_equal(const struct operand *a, const struct operand *b);
/* Size of a condition in nodes: every and/or/not, check and macro reference, plus every operand
 * (fields, transformers and their arguments, values, each list item). The expanded-condition
 * limit (rules.h RL_MAX_CONDITION_NODES) counts these. */
size_t ast_size(const struct ast *a);
size_t operand_size(const struct operand *o);

#endif
