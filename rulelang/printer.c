/* printer.c — tree → canonical condition text (convention documented in ast.h).
 *
 * Strings are printed bare only where the parser would read the very same bytes back as a bare
 * token in that position (the lexer's own recognisers decide), otherwise double-quoted with
 * escapes that cond_lex_quoted() undoes.
 */
#include "ast.h"
#include "common/strbuf.h"
#include "lexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void put_quoted(struct strbuf *b, const char *s, size_t len)
{
	char hex[8];
	sb_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *ch = c ? strchr(RL_ESC_CHARS, c) : NULL;
		if (ch) {
			sb_addc(b, '\\');
			sb_addc(b, RL_ESC_LETTERS[ch - RL_ESC_CHARS]);
			continue;
		}
		switch (c) {
		case '"':
			sb_add(b, "\\\"");
			break;
		case '\\':
			/* A backslash right before the closing quote would escape it (Falco closes
			 * a string at the first quote not preceded by a backslash): the legacy "\ "
			 * form also reads back as one backslash and is safe there. */
			sb_add(b, i + 1 == len ? "\\ " : "\\\\");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				snprintf(hex, sizeof(hex), "\\x%02x", c);
				sb_add(b, hex);
			} else {
				sb_addc(b, (char)c);
			}
		}
	}
	sb_addc(b, '"');
}

static void put_string(struct strbuf *b, const char *s, size_t len, bool quoted, enum str_ctx ctx)
{
	if (!s)
		s = "", len = 0;
	if (bare_ok(s, len, quoted, ctx))
		sb_addn(b, s, len);
	else
		put_quoted(b, s, len);
}

static void put_arg(struct strbuf *b, const char *arg)
{
	if (!arg)
		return;
	sb_addc(b, '[');
	put_string(b, arg, strlen(arg), true, CTX_ARG);
	sb_addc(b, ']');
}

static void put_operand(struct strbuf *b, const struct operand *o, enum str_ctx ctx)
{
	if (!o) {
		sb_add(b, "<null>");
		return;
	}
	switch (o->kind) {
	case OPND_FIELD:
		sb_addn(b, o->name ? o->name : "", o->name ? o->len : 0);
		put_arg(b, o->arg);
		return;
	case OPND_TRANSFORMER:
	case OPND_VAL:
		sb_addn(b, o->name ? o->name : "val", o->name ? o->len : 3);
		sb_addc(b, '(');
		for (size_t i = 0; i < o->nargs; i++) {
			if (i)
				sb_add(b, ", ");
			put_operand(b, o->args[i], CTX_TRARG);
		}
		sb_addc(b, ')');
		put_arg(b, o->arg);
		return;
	case OPND_STRING:
		put_string(b, o->name, o->len, o->quoted, ctx);
		return;
	case OPND_LIST:
		sb_addc(b, '(');
		for (size_t i = 0; i < o->nargs; i++) {
			if (i)
				sb_add(b, ", ");
			put_operand(b, o->args[i], ctx == CTX_TRARG ? CTX_TRARG : CTX_VALUE);
		}
		sb_addc(b, ')');
		return;
	}
}

static void put_ast(struct strbuf *b, const struct ast *a)
{
	if (!a) {
		sb_add(b, "<null>");
		return;
	}
	switch (a->kind) {
	case AST_AND:
	case AST_OR:
		sb_addc(b, '(');
		for (size_t i = 0; i < a->nkids; i++) {
			if (i)
				sb_add(b, a->kind == AST_AND ? " and " : " or ");
			put_ast(b, a->kids[i]);
		}
		sb_addc(b, ')');
		return;
	case AST_NOT:
		sb_add(b, "not ");
		/* "not not x" would read back as x: a nested not keeps its parentheses */
		if (a->nkids && a->kids[0] && a->kids[0]->kind == AST_NOT) {
			sb_addc(b, '(');
			put_ast(b, a->kids[0]);
			sb_addc(b, ')');
		} else {
			put_ast(b, a->nkids ? a->kids[0] : NULL);
		}
		return;
	case AST_CHECK:
		put_operand(b, a->lhs, CTX_VALUE);
		sb_addc(b, ' ');
		sb_add(b, cmp_op_name(a->op));
		if (a->mod != MOD_NONE) {
			sb_addc(b, ' ');
			sb_add(b, op_mod_name(a->mod));
		}
		if (a->rhs) {
			sb_addc(b, ' ');
			put_operand(b, a->rhs,
				    a->op >= OP_LT && a->op <= OP_GE ? CTX_NUMBER : CTX_VALUE);
		}
		return;
	case AST_MACRO:
		/* a macro named like a keyword is legal; "(not)" keeps "not not" from toggling */
		if (a->macro && (!strcmp(a->macro, "not") || !strcmp(a->macro, "and") ||
				 !strcmp(a->macro, "or"))) {
			sb_addc(b, '(');
			sb_add(b, a->macro);
			sb_addc(b, ')');
		} else {
			sb_add(b, a->macro ? a->macro : "");
		}
		return;
	}
}

char *ast_print(const struct ast *a)
{
	struct strbuf b = {0};
	put_ast(&b, a);
	return sb_detach(&b);
}

char *operand_print(const struct operand *o)
{
	struct strbuf b = {0};
	put_operand(&b, o, CTX_VALUE);
	return sb_detach(&b);
}
