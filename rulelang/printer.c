/* printer.c — tree → canonical condition text (convention documented in ast.h).
 *
 * Strings are printed bare only where the parser would read the very same bytes back as a bare
 * token in that position (the lexer's own recognisers decide), otherwise double-quoted with
 * escapes that cond_lex_quoted() undoes.
 */
#include "ast.h"
#include "lexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	char *s;
	size_t len, cap;
};

static void put_n(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = realloc(b->s, cap);
		if (!b->s)
			abort();
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void put(struct buf *b, const char *s)
{
	put_n(b, s, strlen(s));
}

static void put_c(struct buf *b, char c)
{
	put_n(b, &c, 1);
}

/* Where a string literal appears decides how it may be written. */
enum str_ctx {
	CTX_VALUE,  /* RHS of a string operator, list item: QuotedStr | BareStr */
	CTX_NUMBER, /* RHS of <, <=, >, >=: HexNumber | Number only */
	CTX_TRARG,  /* transformer argument: QuotedStr | NumValue */
	CTX_ARG,    /* field/transformer argument in [..]: QuotedStr | FieldArgBareStr */
};

static bool whole(size_t (*rec)(const char *), const char *s, size_t len)
{
	return len > 0 && strlen(s) == len && rec(s) == len;
}

static bool printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static bool is_number(const char *s, size_t len)
{
	return whole(cond_lex_hex_number, s, len) || whole(cond_lex_number, s, len);
}

static bool bare_ok(const char *s, size_t len, bool quoted, enum str_ctx ctx)
{
	static const char *const reserved[] = {"and", "or", "not", "oneof", "anyof", "allof"};
	switch (ctx) {
	case CTX_NUMBER:
		return true;
	case CTX_TRARG:
		return !quoted && is_number(s, len);
	case CTX_ARG:
		return printable_ascii(s, len) && whole(cond_lex_field_arg_bare, s, len);
	case CTX_VALUE:
		/* keywords would read back the same, but quoting them keeps the text unambiguous */
		for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
			if (strlen(reserved[i]) == len && memcmp(s, reserved[i], len) == 0)
				return false;
		return printable_ascii(s, len) && whole(cond_lex_bare_string, s, len);
	}
	return false;
}

static void put_quoted(struct buf *b, const char *s, size_t len)
{
	char hex[8];
	put_c(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			put(b, "\\\"");
			break;
		case '\b':
			put(b, "\\b");
			break;
		case '\f':
			put(b, "\\f");
			break;
		case '\n':
			put(b, "\\n");
			break;
		case '\r':
			put(b, "\\r");
			break;
		case '\t':
			put(b, "\\t");
			break;
		case '\\':
			/* A backslash right before the closing quote would escape it (Falco closes
			 * a string at the first quote not preceded by a backslash): the legacy "\ "
			 * form also reads back as one backslash and is safe there. */
			put(b, i + 1 == len ? "\\ " : "\\\\");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				snprintf(hex, sizeof(hex), "\\x%02x", c);
				put(b, hex);
			} else {
				put_c(b, (char)c);
			}
		}
	}
	put_c(b, '"');
}

static void put_string(struct buf *b, const char *s, size_t len, bool quoted, enum str_ctx ctx)
{
	if (!s)
		s = "", len = 0;
	if (bare_ok(s, len, quoted, ctx))
		put_n(b, s, len);
	else
		put_quoted(b, s, len);
}

static void put_arg(struct buf *b, const char *arg)
{
	if (!arg)
		return;
	put_c(b, '[');
	put_string(b, arg, strlen(arg), true, CTX_ARG);
	put_c(b, ']');
}

static void put_operand(struct buf *b, const struct operand *o, enum str_ctx ctx)
{
	if (!o) {
		put(b, "<null>");
		return;
	}
	switch (o->kind) {
	case OPND_FIELD:
		put_n(b, o->name ? o->name : "", o->name ? o->len : 0);
		put_arg(b, o->arg);
		return;
	case OPND_TRANSFORMER:
	case OPND_VAL:
		put_n(b, o->name ? o->name : "val", o->name ? o->len : 3);
		put_c(b, '(');
		for (size_t i = 0; i < o->nargs; i++) {
			if (i)
				put(b, ", ");
			put_operand(b, o->args[i], CTX_TRARG);
		}
		put_c(b, ')');
		put_arg(b, o->arg);
		return;
	case OPND_STRING:
		put_string(b, o->name, o->len, o->quoted, ctx);
		return;
	case OPND_LIST:
		put_c(b, '(');
		for (size_t i = 0; i < o->nargs; i++) {
			if (i)
				put(b, ", ");
			put_operand(b, o->args[i], ctx == CTX_TRARG ? CTX_TRARG : CTX_VALUE);
		}
		put_c(b, ')');
		return;
	}
}

static void put_ast(struct buf *b, const struct ast *a)
{
	if (!a) {
		put(b, "<null>");
		return;
	}
	switch (a->kind) {
	case AST_AND:
	case AST_OR:
		put_c(b, '(');
		for (size_t i = 0; i < a->nkids; i++) {
			if (i)
				put(b, a->kind == AST_AND ? " and " : " or ");
			put_ast(b, a->kids[i]);
		}
		put_c(b, ')');
		return;
	case AST_NOT:
		put(b, "not ");
		/* "not not x" would read back as x: a nested not keeps its parentheses */
		if (a->nkids && a->kids[0] && a->kids[0]->kind == AST_NOT) {
			put_c(b, '(');
			put_ast(b, a->kids[0]);
			put_c(b, ')');
		} else {
			put_ast(b, a->nkids ? a->kids[0] : NULL);
		}
		return;
	case AST_CHECK:
		put_operand(b, a->lhs, CTX_VALUE);
		put_c(b, ' ');
		put(b, cmp_op_name(a->op));
		if (a->mod != MOD_NONE) {
			put_c(b, ' ');
			put(b, op_mod_name(a->mod));
		}
		if (a->rhs) {
			put_c(b, ' ');
			put_operand(b, a->rhs,
				    a->op >= OP_LT && a->op <= OP_GE ? CTX_NUMBER : CTX_VALUE);
		}
		return;
	case AST_MACRO:
		/* a macro named like a keyword is legal; "(not)" keeps "not not" from toggling */
		if (a->macro && (!strcmp(a->macro, "not") || !strcmp(a->macro, "and") ||
				 !strcmp(a->macro, "or"))) {
			put_c(b, '(');
			put(b, a->macro);
			put_c(b, ')');
		} else {
			put(b, a->macro ? a->macro : "");
		}
		return;
	}
}

char *ast_print(const struct ast *a)
{
	struct buf b = {0};
	put(&b, "");
	put_ast(&b, a);
	return b.s;
}

char *operand_print(const struct operand *o)
{
	struct buf b = {0};
	put(&b, "");
	put_operand(&b, o, CTX_VALUE);
	return b.s;
}
