/* format.c — rule output format strings: compile once into tokens, render per alert (§7.1, §7.4).
 *
 * Contract in format.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

/* ---- obuf ---- */

static void obuf_reserve(struct obuf *b, size_t extra)
{
	if (b->p && b->len + extra + 1 <= b->cap)
		return;
	size_t ncap = b->cap ? b->cap : 128;
	while (ncap < b->len + extra + 1)
		ncap *= 2;
	char *np = realloc(b->p, ncap);
	if (!np)
		abort();
	b->p = np;
	b->cap = ncap;
}

void obuf_put(struct obuf *b, const char *s, size_t len)
{
	obuf_reserve(b, len);
	if (len)
		memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = 0;
}

void obuf_puts(struct obuf *b, const char *s)
{
	obuf_put(b, s, strlen(s));
}

void obuf_putc(struct obuf *b, char c)
{
	obuf_put(b, &c, 1);
}

char *obuf_take(struct obuf *b)
{
	obuf_reserve(b, 0);
	char *p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/* ---- compile ---- */

const char *const format_suggested_fields[6] = {
	"container.id",	       "container.name", "container.image.repository",
	"container.image.tag", "k8s.pod.name",	 "k8s.ns.name",
};

static const char *const transformers[] = {"tolower", "toupper", "b64",	   "basename",
					   "len",     "join",	 "concat", "getopt"};

static void errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static struct out_token *push_tok(struct out_format *f)
{
	struct out_token *nt = realloc(f->toks, (f->n + 1) * sizeof(*nt));
	if (!nt)
		abort();
	f->toks = nt;
	memset(&nt[f->n], 0, sizeof(nt[f->n]));
	return &nt[f->n++];
}

static void push_literal(struct out_format *f, const char *s, size_t len)
{
	if (!len)
		return;
	if (f->n && !f->toks[f->n - 1].is_field) {
		struct out_token *t = &f->toks[f->n - 1];
		char *nt = realloc(t->text, t->len + len + 1);
		if (!nt)
			abort();
		memcpy(nt + t->len, s, len);
		t->len += len;
		nt[t->len] = 0;
		t->text = nt;
		return;
	}
	struct out_token *t = push_tok(f);
	t->text = strndup(s, len);
	if (!t->text)
		abort();
	t->len = len;
}

static bool field_takes_arg(const struct field_info *fi)
{
	return fi->flags & (FF_ARG_ALLOWED | FF_ARG_REQUIRED | FF_ARG_INDEX | FF_ARG_KEY);
}

/* Resolves every field operand inside a transformer call parsed by cond_parse. */
static bool resolve_operands(struct operand *o, char *err, size_t errlen)
{
	if (o->kind == OPND_FIELD) {
		size_t c = 0;
		const struct field_info *fi = field_lookup_prefix(o->name, &c);
		if (!fi || c != strlen(o->name)) {
			errf(err, errlen, "unknown filter: %s", o->name);
			return false;
		}
		if (fi->flags & FF_FILTER_ONLY) {
			errf(err, errlen, "%s is filter only and cannot be used as a display field",
			     o->name);
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

/* Length of a transformer call at p ("name(...)" plus an optional "[...]"), 0 if none. */
static size_t transformer_len(const char *p)
{
	size_t n = 0;
	while (p[n] >= 'a' && p[n] <= 'z')
		n++;
	if (!n || p[n] != '(')
		return 0;
	bool known = false;
	for (size_t i = 0; i < sizeof(transformers) / sizeof(*transformers); i++)
		if (strlen(transformers[i]) == n && !strncmp(p, transformers[i], n))
			known = true;
	if (!known)
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
	if (!p[i])
		return 0;
	i++;
	if (p[i] == '[') {
		const char *e = strchr(p + i, ']');
		if (e)
			i = (size_t)(e - p) + 1;
	}
	return i;
}

static bool compile_transformer(struct out_token *t, const char *p, size_t len, char *err,
				size_t errlen)
{
	char *txt = malloc(len + 8);
	if (!txt)
		abort();
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
	t->text = strndup(p, len);
	if (!t->text)
		abort();
	t->len = len;
	return true;
}

static bool compile_into(struct out_format *f, const char *fmt, char *err, size_t errlen)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			push_literal(f, p, strlen(p));
			break;
		}
		push_literal(f, p, (size_t)(pct - p));
		const char *q = pct + 1;
		int width = 0;
		while (isdigit((unsigned char)*q)) {
			if (width < 100000)
				width = width * 10 + (*q - '0');
			q++;
		}
		size_t tl = transformer_len(q);
		if (tl) {
			struct out_token *t = push_tok(f);
			t->width = width;
			if (!compile_transformer(t, q, tl, err, errlen)) {
				f->n--;
				return false;
			}
			p = q + tl;
			continue;
		}
		size_t c = 0;
		const struct field_info *fi = field_lookup_prefix(q, &c);
		if (!fi) {
			size_t w = 0;
			while (q[w] && (isalnum((unsigned char)q[w]) || q[w] == '.' || q[w] == '_'))
				w++;
			if (w)
				errf(err, errlen, "unknown filter: %.*s", (int)w, q);
			else
				errf(err, errlen,
				     "invalid formatting syntax: '%%' at offset %zu is not "
				     "followed by "
				     "a field",
				     (size_t)(pct - fmt));
			return false;
		}
		const char *arg = NULL;
		size_t arglen = 0;
		size_t end = c;
		if (c > strlen(fi->name)) { /* dotted argument: evt.arg.flags */
			arg = q + strlen(fi->name) + 1;
			arglen = c - strlen(fi->name) - 1;
		} else if (q[c] == '[' && field_takes_arg(fi)) {
			const char *e = strchr(q + c, ']');
			if (!e) {
				errf(err, errlen,
				     "invalid formatting syntax: missing ']' after %.*s", (int)c,
				     q);
				return false;
			}
			arg = q + c + 1;
			arglen = (size_t)(e - arg);
			end = (size_t)(e - q) + 1;
		}
		if (fi->flags & FF_FILTER_ONLY) {
			errf(err, errlen,
			     "%.*s is filter only and cannot be used as a display field", (int)end,
			     q);
			return false;
		}
		if ((fi->flags & FF_ARG_REQUIRED) && !arg) {
			errf(err, errlen, "filter %s requires an argument", fi->name);
			return false;
		}
		struct out_token *t = push_tok(f);
		t->is_field = true;
		t->width = width;
		t->text = strndup(q, end);
		if (!t->text)
			abort();
		t->len = end;
		struct operand *o = operand_new(OPND_FIELD, (int)(q - fmt));
		o->name = strndup(q, c);
		if (!o->name)
			abort();
		o->len = c;
		if (arg && q[c] == '[') {
			o->arg = strndup(arg, arglen);
			if (!o->arg)
				abort();
		}
		o->field = fi;
		t->ref = o;
		p = q + end;
	}
	return true;
}

struct out_format *format_compile(const char *fmt, const struct lanner_options *opt, char *err,
				  size_t errlen)
{
	struct out_format *f = calloc(1, sizeof(*f));
	if (!f)
		abort();
	struct obuf full = {0};
	obuf_puts(&full, fmt ? fmt : "");
	if (opt && opt->suggested_output) {
		for (size_t i = 0; i < 6; i++) {
			const char *name = format_suggested_fields[i];
			if (!field_by_name(name))
				continue;
			obuf_putc(&full, ' ');
			for (const char *c = name; *c; c++)
				obuf_putc(&full, *c == '.' ? '_' : *c);
			obuf_puts(&full, "=%");
			obuf_puts(&full, name);
		}
	}
	char *text = obuf_take(&full);
	bool ok = compile_into(f, text, err, errlen);
	free(text);
	if (!ok) {
		format_free(f);
		return NULL;
	}
	return f;
}

void format_free(struct out_format *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		struct out_token *t = &f->toks[i];
		free(t->text);
		if (t->owner)
			ast_free(t->owner);
		else if (t->ref)
			operand_free(t->ref);
	}
	free(f->toks);
	free(f);
}

/* ---- render ---- */

bool format_token_value(const struct out_token *t, field_getter_fn get, void *ctx,
			struct eval_scratch *s, struct fieldval *out)
{
	memset(out, 0, sizeof(*out));
	if (!t->is_field || !t->ref)
		return false;
	return eval_operand(t->ref, get, ctx, s, out);
}

void format_value_text(struct obuf *b, const struct fieldval *v, const struct field_info *f)
{
	char tmp[64];
	if (!v->present) {
		obuf_puts(b, "<NA>");
		return;
	}
	bool hex = f && (f->flags & FF_PRINT_HEX);
	switch (v->kind) {
	case FV_STR:
		obuf_put(b, v->s ? v->s : "", v->len);
		return;
	case FV_INT:
		snprintf(tmp, sizeof(tmp), hex ? "%llX" : "%lld", (long long)v->i);
		break;
	case FV_UINT:
		snprintf(tmp, sizeof(tmp), hex ? "%llX" : "%llu", (unsigned long long)v->i);
		break;
	case FV_BOOL:
		snprintf(tmp, sizeof(tmp), "%s", v->i ? "true" : "false");
		break;
	case FV_IP:
		if (!inet_ntop(v->family == 6 ? AF_INET6 : AF_INET, v->ip, tmp, sizeof(tmp)))
			snprintf(tmp, sizeof(tmp), "<NA>");
		break;
	case FV_LIST:
		obuf_putc(b, '(');
		for (size_t i = 0; i < v->nitems; i++) {
			if (i)
				obuf_putc(b, ',');
			obuf_put(b, v->items[i].s ? v->items[i].s : "", v->items[i].len);
		}
		obuf_putc(b, ')');
		return;
	}
	obuf_puts(b, tmp);
}

char *format_render(const struct out_format *f, field_getter_fn get, void *ctx)
{
	struct obuf b = {0};
	struct eval_scratch s = {0};
	obuf_put(&b, "", 0);
	for (size_t i = 0; f && i < f->n; i++) {
		const struct out_token *t = &f->toks[i];
		if (!t->is_field) {
			obuf_put(&b, t->text, t->len);
			continue;
		}
		struct fieldval v;
		format_token_value(t, get, ctx, &s, &v);
		const struct field_info *fi = t->ref->kind == OPND_FIELD ? t->ref->field : NULL;
		if (!t->width) {
			format_value_text(&b, &v, fi);
			continue;
		}
		struct obuf one = {0};
		format_value_text(&one, &v, fi);
		size_t w = (size_t)t->width;
		if (one.len >= w) {
			obuf_put(&b, one.p, w);
		} else {
			obuf_put(&b, one.p, one.len);
			for (size_t k = one.len; k < w; k++)
				obuf_putc(&b, ' ');
		}
		free(one.p);
	}
	eval_scratch_free(&s);
	return obuf_take(&b);
}
