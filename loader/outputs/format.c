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

#include "common/xalloc.h"
#include "outputs/append_output.h"

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

/* What format_compile returns points at `text`, the first member: the extra fields travel with
 * the rule's output without a change to struct out_format (rulelang/outfmt.h). */
struct format_extra {
	char *key;
	bool raw;
	struct out_format fmt;
};

struct rule_format {
	struct out_format text;
	struct format_extra *extra;
	size_t nextra;
};

static void append_suggested(struct obuf *full)
{
	for (size_t i = 0; i < 6; i++) {
		const char *name = format_suggested_fields[i];
		if (!field_by_name(name))
			continue;
		obuf_putc(full, ' ');
		for (const char *c = name; *c; c++)
			obuf_putc(full, *c == '.' ? '_' : *c);
		obuf_puts(full, "=%");
		obuf_puts(full, name);
	}
}

/* the extra fields of the matching entries, compiled */
static bool compile_extra(struct rule_format *rf, const struct ao_entry *e, char *err,
			  size_t errlen)
{
	for (size_t k = 0; k < e->nfields; k++) {
		const struct ao_field *fd = &e->fields[k];
		char why[400];
		struct format_extra x = {.key = xstrdup(fd->key), .raw = fd->raw};
		if (!outfmt_parse(fd->fmt, &x.fmt, why, sizeof(why), NULL) ||
		    (fd->raw && (x.fmt.n != 1 || !x.fmt.toks[0].is_field))) {
			snprintf(err, errlen, "append_output.extra_fields '%s': %s", fd->key,
				 fd->raw ? "not a field name" : why);
			free(x.key);
			outfmt_free(&x.fmt);
			return false;
		}
		rf->extra = xreallocarray(rf->extra, rf->nextra + 1, sizeof(*rf->extra));
		rf->extra[rf->nextra++] = x;
	}
	return true;
}

struct out_format *format_compile_rule(const char *fmt, const struct lanner_options *opt,
				       const struct format_rule_id *id, char *err, size_t errlen)
{
	struct rule_format *rf = xcalloc(1, sizeof(*rf));
	struct obuf full = {0};
	obuf_puts(&full, fmt ? fmt : "");
	if (opt && opt->suggested_output)
		append_suggested(&full);
	const struct append_output *ao = opt ? opt->append : NULL;
	bool ok = true;
	for (size_t i = 0; ao && ok && i < ao->n; i++) {
		const struct ao_entry *e = &ao->v[i];
		if (!ao_matches(e, id ? id->rule : NULL, id ? id->source : NULL,
				id ? id->tags : NULL, id ? id->ntags : 0))
			continue;
		if (e->extra_output) {
			obuf_putc(&full, ' ');
			obuf_puts(&full, e->extra_output);
		}
		ok = compile_extra(rf, e, err, errlen);
	}
	char *text = obuf_take(&full);
	char why[400];
	if (ok && !outfmt_parse(text, &rf->text, why, sizeof(why), NULL)) {
		snprintf(err, errlen, "%s", why);
		ok = false;
	}
	free(text);
	if (!ok) {
		format_free(&rf->text);
		return NULL;
	}
	return &rf->text;
}

struct out_format *format_compile(const char *fmt, const struct lanner_options *opt, char *err,
				  size_t errlen)
{
	return format_compile_rule(fmt, opt, NULL, err, errlen);
}

size_t format_extra_fields(const struct out_format *f, const char ***keys, bool **raw,
			   const struct out_format ***fmts)
{
	const struct rule_format *rf = (const struct rule_format *)f;
	size_t n = rf ? rf->nextra : 0;
	*keys = xcalloc(n + 1, sizeof(**keys));
	*raw = xcalloc(n + 1, sizeof(**raw));
	*fmts = xcalloc(n + 1, sizeof(**fmts));
	for (size_t i = 0; i < n; i++) {
		(*keys)[i] = rf->extra[i].key;
		(*raw)[i] = rf->extra[i].raw;
		(*fmts)[i] = &rf->extra[i].fmt;
	}
	return n;
}

void format_free(struct out_format *f)
{
	if (!f)
		return;
	struct rule_format *rf = (struct rule_format *)f;
	for (size_t i = 0; i < rf->nextra; i++) {
		free(rf->extra[i].key);
		outfmt_free(&rf->extra[i].fmt);
	}
	free(rf->extra);
	outfmt_free(&rf->text);
	free(rf);
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

void format_list(struct obuf *b, const char *brackets, const struct fieldval *v,
		 void (*put)(struct obuf *b, const char *s, size_t len))
{
	obuf_putc(b, brackets[0]);
	for (size_t i = 0; i < v->nitems; i++) {
		if (i)
			obuf_putc(b, ',');
		put(b, v->items[i].s, v->items[i].len);
	}
	obuf_putc(b, brackets[1]);
}

static void put_text(struct obuf *b, const char *s, size_t len)
{
	obuf_put(b, s ? s : "", len);
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
		format_list(b, "()", v, put_text);
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
