/* format.c — rule output format strings: compile once into tokens, render per alert
 * (docs/falco-semantics.md: "Output format strings", "Appended output"). The parsing itself is
 * rulelang/outfmt.c, shared with the load-time validation of rule outputs.
 *
 * Contract in format.h.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outputs/format.h"

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
	bool ok = outfmt_parse(text, f, err, errlen, NULL);
	free(text);
	if (!ok) {
		free(f);
		return NULL;
	}
	return f;
}

void format_free(struct out_format *f)
{
	if (!f)
		return;
	outfmt_free(f);
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
