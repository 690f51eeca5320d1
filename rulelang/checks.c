/* checks.c — every check of a condition resolved as Falco's filter compiler does (docs/
 * falco-semantics.md, "Operators", "Field arguments and transformers"): the field exists and its
 * argument is valid, transformers get arguments of the types they take, the operator is legal for
 * the field's type, a field on the right is compatible, every literal converts to the field's
 * type (values.c), regex values compile (RE2, as Falco), evt.type values name events. Also the
 * compile-time warnings Falco gives (regex without metacharacters, a value that looks like a
 * field or a transformer, deprecated fields).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/regex.h"
#include "common/xalloc.h"
#include "compile.h"
#include "compile_passes.h"
#include "outfmt.h"
struct ctype {
	enum ftype type;
	bool is_list;
	const struct field_info *field; /* the plain field, or NULL for transformers */
};

static bool fail(struct fctx *x, int pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail(struct fctx *x, int pos, const char *fmt, ...)
{
	va_list ap;
	x->err->failed = true;
	x->err->pos = pos;
	x->err->st = x->st;
	va_start(ap, fmt);
	vsnprintf(x->err->msg, sizeof(x->err->msg), fmt, ap);
	va_end(ap);
	return false;
}

static void warn(struct fctx *x, int pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(struct fctx *x, int pos, const char *fmt, ...)
{
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	x->warns = xrealloc(x->warns, (x->nwarns + 1) * sizeof(*x->warns));
	x->warns[x->nwarns].msg = xstrdup(buf);
	x->warns[x->nwarns].pos = pos;
	x->warns[x->nwarns].st = x->st;
	x->warns[x->nwarns].deprecated = -1;
	x->nwarns++;
}

static bool resolve_operand(struct fctx *x, struct operand *o, struct ctype *ct);

static bool resolve_field(struct fctx *x, struct operand *o, struct ctype *ct)
{
	size_t used;
	const struct field_info *f = field_lookup_prefix(o->name, &used);
	char shown[300], msg[300];
	snprintf(shown, sizeof(shown), "%s%s%s%s", o->name, o->arg ? "[" : "", o->arg ? o->arg : "",
		 o->arg ? "]" : "");
	if (!f || used != strlen(o->name))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	o->field = f;
	const char *arg = field_operand_arg(o);
	if (o->arg && used > strlen(f->name))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	if (o->arg && (f->flags & FF_ARG_DOTTED) && !(f->flags & (FF_ARG_INDEX | FF_ARG_KEY)))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	if (!field_arg_valid(f, shown, arg, msg, sizeof(msg)))
		return fail(x, o->pos, "%s", msg);
	if (f->id == F_EVT_ARG && !o->arg && arg && !evt_param_name_known(arg))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	if (f->id == F_EVT_TYPE_IS && evt_lookup(arg) < 0)
		return fail(x, o->pos, "unknown event type %s", arg);
	if ((f->flags & FF_DEPRECATED) && !x->deprecated_seen[f->id]) {
		x->deprecated_seen[f->id] = true;
		warn(x, o->pos,
		     "usage of deprecated field '%s' has been detected in the rule "
		     "condition",
		     f->name);
		x->warns[x->nwarns - 1].deprecated = (int)f->id;
	}
	ct->type = f->type;
	ct->is_list = (f->flags & FF_IS_LIST) != 0;
	ct->field = f;
	return true;
}

static bool is_string_type(enum ftype t)
{
	return ftype_class(t) == FTC_STRING;
}

static bool resolve_transformer(struct fctx *x, struct operand *o, struct ctype *ct)
{
	struct ctype a0 = {0};
	const char *n = o->name;
	for (size_t i = 0; i < o->nargs; i++) {
		struct operand *a = o->args[i];
		struct ctype t = {0};
		if (a->kind == OPND_FIELD || a->kind == OPND_TRANSFORMER) {
			if (!resolve_operand(x, a, &t))
				return false;
			if (a->kind == OPND_FIELD && (a->field->flags & FF_NO_TRANSFORMER))
				return fail(x, a->pos, "field '%s' does not support transformers",
					    a->field->name);
		} else {
			t.type = FT_CHARBUF;
		}
		if (i == 0)
			a0 = t;
	}
	ct->field = NULL;
	ct->is_list = false;
	if (!strcmp(n, "tolower") || !strcmp(n, "toupper") || !strcmp(n, "basename")) {
		if (o->nargs != 1 || !is_string_type(a0.type) || a0.is_list)
			return fail(x, o->pos,
				    "transformer '%s' requires one string field argument", n);
		ct->type = a0.type;
		ct->is_list = a0.is_list;
	} else if (!strcmp(n, "b64")) {
		if (o->nargs != 1 ||
		    (!is_string_type(a0.type) && ftype_class(a0.type) != FTC_BYTEBUF))
			return fail(
				x, o->pos,
				"transformer 'b64' requires one string or buffer field argument");
		ct->type = a0.type;
	} else if (!strcmp(n, "len")) {
		if (o->nargs != 1 || (!a0.is_list && !is_string_type(a0.type) &&
				      ftype_class(a0.type) != FTC_BYTEBUF))
			return fail(
				x, o->pos,
				"transformer 'len' requires one string, buffer or list argument");
		ct->type = FT_UINT64;
	} else {
		/* join, concat, getopt: text results */
		if (o->nargs < 1)
			return fail(x, o->pos, "transformer '%s' requires arguments", n);
		ct->type = FT_CHARBUF;
	}
	return true;
}

static bool resolve_operand(struct fctx *x, struct operand *o, struct ctype *ct)
{
	switch (o->kind) {
	case OPND_FIELD:
		return resolve_field(x, o, ct);
	case OPND_TRANSFORMER:
		return resolve_transformer(x, o, ct);
	case OPND_VAL:
		if (o->nargs != 1 || o->args[0]->kind != OPND_FIELD)
			return fail(x, o->pos, "'val' requires one field");
		return resolve_field(x, o->args[0], ct);
	default:
		return fail(x, o->pos, "expected a field");
	}
}

static bool is_regex_meta(char ch)
{
	return strchr(".^$*+?()[]{}|\\", ch) != NULL;
}

static void check_value_warnings(struct fctx *x, struct ast *a, const struct operand *lit)
{
	const char *s = lit->name ? lit->name : "";
	if (a->op == OP_REGEX) {
		bool meta = false;
		for (size_t i = 0; i < lit->len; i++)
			meta |= is_regex_meta(s[i]);
		if (!meta)
			warn(x, lit->pos,
			     "'regex' operator used with a value that has no regex metacharacters "
			     "('%s'): may be optimized with simpler operators",
			     s);
	}
	if (!lit->quoted) {
		size_t used;
		const struct field_info *f = field_lookup_prefix(s, &used);
		if (f && used == lit->len && strchr(s, '.'))
			warn(x, lit->pos,
			     "'%s' may be a valid field misused as a const string value", s);
	}
	size_t tl = outfmt_transformer_name(s);
	if (tl && s[lit->len ? lit->len - 1 : 0] == ')')
		warn(x, lit->pos,
		     "'%s' may be a valid field transformer misused as a const string value", s);
}

/* Falco compiles every regex value with RE2 (POSIX options) and refuses the rule with
 * "invalid regex pattern: <RE2's message>"; the offset names the offending text. */
static bool check_regex(struct fctx *x, const struct operand *lit)
{
	char msg[200];
	size_t at = 0;
	struct lnr_regex *re =
		lnr_regex_compile(lit->name, lit->name ? lit->len : 0, msg, sizeof(msg), &at);
	if (!re) {
		/* point at the offending character when the text maps 1:1 onto the pattern (no
		 * escapes in a quoted literal), else at the literal */
		const char *p = lit->name ? lit->name : "";
		int pos = lit->pos;
		if (!memchr(p, '\\', lit->len) && at <= lit->len)
			pos += (lit->quoted ? 1 : 0) + (int)at;
		return fail(x, pos, "invalid regex pattern: %s (at offset %zu of the pattern)", msg,
			    at);
	}
	lnr_regex_free(re);
	return true;
}

bool check_resolve(struct fctx *x, struct ast *a)
{
	struct ctype lt = {0};
	char msg[300];

	if (!resolve_operand(x, a->lhs, &lt))
		return false;
	if (a->lhs->kind == OPND_VAL)
		return fail(x, a->lhs->pos, "'val' is not allowed on the left-hand side");
	struct field_info eff = {.name = lt.field ? lt.field->name : a->lhs->name,
				 .type = lt.type,
				 .flags = lt.is_list ? FF_IS_LIST : 0};
	if (!field_op_allowed(&eff, a->op, msg, sizeof(msg)))
		return fail(x, a->pos, "%s", msg);
	if (a->mod != MOD_NONE && !is_string_type(lt.type))
		return fail(x, a->pos, "'%s %s' operator not supported for non-string filters",
			    cmp_op_name(a->op), op_mod_name(a->mod));
	if (a->op == OP_EXISTS || !a->rhs)
		return true;

	struct operand *r = a->rhs;
	if (r->kind == OPND_VAL || r->kind == OPND_TRANSFORMER) {
		struct ctype rt = {0};
		if (!resolve_operand(x, r, &rt))
			return false;
		const struct operand *rf = r->kind == OPND_VAL ? r->args[0] : NULL;
		if (rf && (rf->field->flags & FF_NO_RHS))
			return fail(x, rf->pos,
				    "field '%s' cannot be used as right-hand side of a comparison",
				    rf->field->name);
		if (a->op == OP_PMATCH || a->op == OP_REGEX || a->mod != MOD_NONE)
			return fail(x, r->pos,
				    "operator '%s' does not support comparison with a field",
				    cmp_op_name(a->op));
		if (lt.type == FT_IPNET || rt.type == FT_IPNET)
			return fail(x, r->pos,
				    "network fields do not support comparison with a field");
		if (rt.type != lt.type || rt.is_list != lt.is_list)
			return fail(x, r->pos, "field '%s' has incompatible type with field '%s'",
				    rf ? rf->field->name : r->name, eff.name);
		return true;
	}

	/* literal(s) */
	struct operand *single = r->kind == OPND_STRING ? r : NULL;
	struct operand **items = single ? &single : r->args;
	size_t n = single ? 1 : r->nargs;
	if (r->kind != OPND_STRING && r->kind != OPND_LIST)
		return fail(x, r->pos, "unexpected right-hand side");
	a->vals = xcalloc(n, sizeof(*a->vals));
	bool is_evt_type =
		lt.field && lt.field->id == F_EVT_TYPE &&
		(a->op == OP_EQ || a->op == OP_NE || a->op == OP_IN || a->op == OP_INTERSECTS);
	for (size_t i = 0; i < n; i++) {
		struct operand *lit = items[i];
		if (lit->kind != OPND_STRING)
			return fail(x, lit->pos, "expected a string value");
		if (lit->name && memchr(lit->name, 0, lit->len) &&
		    ftype_class(lt.type) != FTC_BYTEBUF)
			return fail(x, lit->pos, "value contains a NUL byte");
		check_value_warnings(x, a, lit);
		if (!value_from_literal(lt.type, a->op, lit, &a->vals[i], msg, sizeof(msg))) {
			a->nvals = i + 1;
			return fail(x, lit->pos, "%s", msg);
		}
		a->nvals = i + 1;
		if (a->op == OP_REGEX && !check_regex(x, lit))
			return false;
		if (is_evt_type && evt_lookup(a->vals[i].s) < 0)
			return fail(x, lit->pos, "unknown event type %s", a->vals[i].s);
	}
	return true;
}

bool rl_lhs_field_valid(const char *field)
{
	struct parse_error pe = {0};
	char *text = xasprintf("%s exists", field);
	struct ast *a = cond_parse(text, &pe);
	bool ok = false;
	free(text);
	if (a && a->kind == AST_CHECK && a->op == OP_EXISTS) {
		struct resolve_err err = {0};
		struct srctext st = {0};
		struct fctx x = {.err = &err, .st = &st};
		ok = check_resolve(&x, a);
		fctx_free_warnings(&x);
	}
	ast_free(a);
	return ok;
}

void fctx_free_warnings(struct fctx *x)
{
	for (size_t i = 0; i < x->nwarns; i++)
		free(x->warns[i].msg);
	free(x->warns);
	x->warns = NULL;
	x->nwarns = 0;
}
