/* outfmt.c — rule output format strings parsed into tokens (docs/falco-semantics.md, "Output
 * format strings").
 *
 * Contract in outfmt.h. Transformer calls are handed to the condition parser (cond_parse) so
 * that their syntax is the one conditions use; fields are looked up here because a format token
 * ends where the longest catalogue field ends ("%proc.namex" is proc.name then "x").
 */
#include "outfmt.h"

#include "common/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const transformers[] = {"tolower", "toupper", "b64",	   "basename",
					   "len",     "join",	 "concat", "getopt"};

static void errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static char *dup_n(const char *s, size_t n)
{
	char *p = xstrndup(s, n);
	return p;
}

static struct out_token *push_tok(struct out_format *f, size_t off)
{
	struct out_token *nt = xreallocarray(f->toks, f->n + 1, sizeof(*nt));
	f->toks = nt;
	memset(&nt[f->n], 0, sizeof(nt[f->n]));
	nt[f->n].off = off;
	return &nt[f->n++];
}

static void push_literal(struct out_format *f, const char *fmt, size_t from, size_t to)
{
	if (to <= from)
		return;
	struct out_token *t = push_tok(f, from);
	t->text = dup_n(fmt + from, to - from);
	t->len = to - from;
}

size_t outfmt_transformer_name(const char *p)
{
	for (size_t i = 0; i < sizeof(transformers) / sizeof(*transformers); i++) {
		size_t n = strlen(transformers[i]);
		if (!strncmp(p, transformers[i], n) && p[n] == '(')
			return n;
	}
	return 0;
}

/* Length of a transformer call at p: "name(...)" (quotes respected) plus an optional
 * "[...]". 0 when p names no transformer; *unclosed set when it does but the call never
 * closes. */
static size_t transformer_len(const char *p, bool *unclosed)
{
	size_t n = outfmt_transformer_name(p);
	*unclosed = false;
	if (!n)
		return 0;
	int depth = 0;
	char quote = 0;
	size_t i = n;
	for (; p[i]; i++) {
		char c = p[i];
		if (quote) {
			if (c == '\\' && p[i + 1])
				i++;
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'')
			quote = c;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			break;
	}
	if (!p[i]) {
		*unclosed = true;
		return 0;
	}
	i++;
	if (p[i] == '[') {
		const char *e = strchr(p + i, ']');
		if (e)
			i = (size_t)(e - p) + 1;
	}
	return i;
}

/* Resolves every field operand inside a transformer call; each must be a whole catalogue
 * field that may be displayed. */
static bool resolve_operands(struct operand *o, char *err, size_t errlen)
{
	if (o->kind == OPND_FIELD) {
		size_t c = 0;
		const struct field_info *fi = field_lookup_prefix(o->name, &c);
		if (!fi || c != strlen(o->name)) {
			errf(err, errlen, "invalid formatting token %s", o->name);
			return false;
		}
		if (fi->flags & FF_FILTER_ONLY) {
			errf(err, errlen,
			     "field '%s' is filter only and cannot be used as a display field",
			     fi->name);
			return false;
		}
		o->field = fi;
		return true;
	}
	for (size_t i = 0; i < o->nargs; i++)
		if (!resolve_operands(o->args[i], err, errlen))
			return false;
	return true;
}

/* The transformer token p[0..len): parsed as the left side of "<token> exists". */
static bool parse_transformer(struct out_token *t, const char *p, size_t len, char *err,
			      size_t errlen)
{
	char *txt = xmalloc(len + 8);
	memcpy(txt, p, len);
	memcpy(txt + len, " exists", 8);
	struct parse_error pe;
	struct ast *a = cond_parse(txt, &pe);
	free(txt);
	if (!a || a->kind != AST_CHECK || !a->lhs || a->lhs->kind != OPND_TRANSFORMER) {
		errf(err, errlen, "invalid formatting token %.*s%s%s", (int)len, p, a ? "" : ": ",
		     a ? "" : pe.msg);
		ast_free(a);
		return false;
	}
	if (!resolve_operands(a->lhs, err, errlen)) {
		ast_free(a);
		return false;
	}
	t->is_field = true;
	t->is_transformer = true;
	t->owner = a;
	t->ref = a->lhs;
	t->text = dup_n(p, len);
	t->len = len;
	return true;
}

/* The field token at fmt + k (after '%' and width): fills t; *end gets the offset after it. */
static bool parse_field(struct out_token *t, const char *fmt, size_t k, size_t *end, char *err,
			size_t errlen)
{
	size_t used;
	const struct field_info *fi = field_lookup_prefix(fmt + k, &used);
	if (!fi) {
		errf(err, errlen, "invalid formatting token %s", fmt + k);
		return false;
	}
	if (fi->flags & FF_FILTER_ONLY) {
		errf(err, errlen, "field '%s' is filter only and cannot be used as a display field",
		     fi->name);
		return false;
	}
	size_t e = k + used, nl = strlen(fi->name);
	const char *bracket = NULL; /* the bracket argument, for the operand */
	size_t blen = 0;
	char *arg = NULL;
	if (used > nl) { /* dotted argument: evt.arg.flags */
		arg = dup_n(fmt + k + nl + 1, used - nl - 1);
	} else if ((fi->flags & (FF_ARG_ALLOWED | FF_ARG_REQUIRED)) && fmt[e] == '[') {
		const char *close = strchr(fmt + e, ']');
		if (!close) {
			errf(err, errlen, "invalid formatting token %s", fmt + k);
			return false;
		}
		bracket = fmt + e + 1;
		blen = (size_t)(close - bracket);
		arg = dup_n(bracket, blen);
		e = (size_t)(close - fmt) + 1;
	}
	char *shown = dup_n(fmt + k, e - k);
	if (!field_arg_valid(fi, shown, arg, err, errlen)) {
		free(shown);
		free(arg);
		return false;
	}
	struct operand *o = operand_new(OPND_FIELD, (int)k);
	o->name = dup_n(fmt + k, used);
	o->len = used;
	if (bracket)
		o->arg = dup_n(bracket, blen);
	o->field = fi;
	t->is_field = true;
	t->text = shown;
	t->len = e - k;
	t->field = fi;
	t->arg = arg;
	t->ref = o;
	*end = e;
	return true;
}

bool outfmt_parse(const char *fmt, struct out_format *out, char *err, size_t errlen, size_t *erroff)
{
	size_t n = strlen(fmt), lit = 0;
	memset(out, 0, sizeof(*out));
	for (size_t j = 0; j < n; j++) {
		if (fmt[j] != '%')
			continue;
		push_literal(out, fmt, lit, j);
		if (erroff)
			*erroff = j;
		if (j == n - 1) {
			errf(err, errlen,
			     "invalid formatting syntax: formatting cannot end with a %%");
			goto fail;
		}
		size_t k = j + 1, e;
		int width = 0;
		while (k < n && isdigit((unsigned char)fmt[k])) {
			if (width < 100000)
				width = width * 10 + (fmt[k] - '0');
			k++;
		}
		if (k == n) {
			errf(err, errlen,
			     "invalid formatting syntax: formatting cannot end with a number");
			goto fail;
		}
		struct out_token *t = push_tok(out, j);
		t->width = width;
		bool unclosed;
		size_t tl = transformer_len(fmt + k, &unclosed);
		if (unclosed) {
			errf(err, errlen, "invalid formatting token %s", fmt + k);
			goto fail;
		}
		if (tl) {
			if (!parse_transformer(t, fmt + k, tl, err, errlen))
				goto fail;
			e = k + tl;
		} else if (!parse_field(t, fmt, k, &e, err, errlen)) {
			goto fail;
		}
		j = e - 1;
		lit = e;
	}
	push_literal(out, fmt, lit, n);
	return true;
fail:
	outfmt_free(out);
	return false;
}

void outfmt_free(struct out_format *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct out_token *t = &f->toks[i];
		free(t->text);
		free(t->arg);
		if (t->owner)
			ast_free(t->owner);
		else
			operand_free(t->ref);
	}
	free(f->toks);
	f->toks = NULL;
	f->n = 0;
}
