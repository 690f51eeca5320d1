/* output_json.c — Falco's JSON alert object (docs/falco-semantics.md: "JSON alert object").
 *
 * A small serializer rather than json-c: Falco's object comes from nlohmann::json, whose objects
 * are key-sorted, whose escaping is fixed (\" \\ \b \f \n \r \t, other control bytes \u00xx,
 * '/' and non-ASCII kept) and which replaces invalid UTF-8 by U+FFFD. json-c keeps insertion
 * order, escapes differently and passes invalid UTF-8 through, so matching it would need as much
 * code as writing the few shapes we emit directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outputs/format.h"

/* Length of a valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static void json_str(struct obuf *b, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	obuf_putc(b, '"');
	size_t i = 0;
	while (i < len) {
		unsigned char c = u[i];
		switch (c) {
		case '"':
			obuf_puts(b, "\\\"");
			i++;
			continue;
		case '\\':
			obuf_puts(b, "\\\\");
			i++;
			continue;
		case '\b':
			obuf_puts(b, "\\b");
			i++;
			continue;
		case '\f':
			obuf_puts(b, "\\f");
			i++;
			continue;
		case '\n':
			obuf_puts(b, "\\n");
			i++;
			continue;
		case '\r':
			obuf_puts(b, "\\r");
			i++;
			continue;
		case '\t':
			obuf_puts(b, "\\t");
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x20) {
			char tmp[8];
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			obuf_puts(b, tmp);
			i++;
			continue;
		}
		size_t n = utf8_seq(u + i, len - i);
		if (n == 0) {
			obuf_puts(b, "\xef\xbf\xbd"); /* U+FFFD */
			i++;
			continue;
		}
		obuf_put(b, (const char *)u + i, n);
		i += n;
	}
	obuf_putc(b, '"');
}

void output_json_string(struct obuf *b, const char *s, size_t len)
{
	json_str(b, s, len);
}

static void json_cstr(struct obuf *b, const char *s)
{
	json_str(b, s, s ? strlen(s) : 0);
}

static void json_value(struct obuf *b, const struct fieldval *v, const struct field_info *f)
{
	char tmp[64];
	if (!v->present) {
		obuf_puts(b, "null");
		return;
	}
	switch (v->kind) {
	case FV_STR:
		json_str(b, v->s, v->len);
		return;
	case FV_INT:
	case FV_UINT:
		if (f && (f->flags & FF_PRINT_HEX)) {
			struct obuf t = {0};
			format_value_text(&t, v, f);
			json_str(b, t.p, t.len);
			free(t.p);
			return;
		}
		if (v->kind == FV_INT)
			snprintf(tmp, sizeof(tmp), "%lld", (long long)v->i);
		else
			snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v->i);
		obuf_puts(b, tmp);
		return;
	case FV_BOOL:
		obuf_puts(b, v->i ? "true" : "false");
		return;
	case FV_IP: {
		struct obuf t = {0};
		format_value_text(&t, v, f);
		json_str(b, t.p, t.len);
		free(t.p);
		return;
	}
	case FV_LIST:
		format_list(b, "[]", v, json_str);
		return;
	}
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct of_key {
	const char *key;
	const struct out_token *tok;  /* NULL: the evt.time entry, or an extra string field */
	const struct out_format *str; /* append_output extra_fields {key: format}: rendered */
	int order;		      /* among equal keys: evt.time, rule fields, extra fields */
};

static int cmp_key(const void *a, const void *b)
{
	const struct of_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	/* the evt.time entry sorts first among equals so it wins the de-duplication */
	return x->order - y->order;
}

static void output_fields(struct obuf *b, const struct alert *a, bool iso)
{
	const struct out_format *f = a->fmt;
	size_t n = f ? f->n : 0;
	const char **xkeys;
	bool *xraw;
	const struct out_format **xfmt;
	size_t nx = format_extra_fields(f, &xkeys, &xraw, &xfmt);
	struct of_key *keys = calloc(n + nx + 1, sizeof(*keys));
	if (!keys)
		abort();
	size_t nk = 0;
	keys[nk++] = (struct of_key){iso ? "evt.time.iso8601" : "evt.time", NULL, NULL, 0};
	for (size_t i = 0; i < n; i++) {
		const struct out_token *t = &f->toks[i];
		if (t->is_field && !t->is_transformer)
			keys[nk++] = (struct of_key){t->text, t, NULL, 1};
	}
	for (size_t i = 0; i < nx; i++)
		keys[nk++] = xraw[i] ? (struct of_key){xkeys[i], &xfmt[i]->toks[0], NULL, 2}
				     : (struct of_key){xkeys[i], NULL, xfmt[i], 2};
	qsort(keys, nk, sizeof(*keys), cmp_key);

	struct eval_scratch s = {0};
	obuf_putc(b, '{');
	const char *prev = NULL;
	bool first = true;
	for (size_t i = 0; i < nk; i++) {
		if (prev && !strcmp(prev, keys[i].key))
			continue;
		prev = keys[i].key;
		if (!first)
			obuf_putc(b, ',');
		first = false;
		json_cstr(b, keys[i].key);
		obuf_putc(b, ':');
		if (keys[i].str) {
			char *v = format_render(keys[i].str, a->get, a->ctx);
			json_cstr(b, v);
			free(v);
			continue;
		}
		if (!keys[i].tok) {
			char tmp[32];
			snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)a->ts_ns);
			obuf_puts(b, tmp);
			continue;
		}
		struct fieldval v;
		format_token_value(keys[i].tok, a->get, a->ctx, &s, &v);
		json_value(b, &v, keys[i].tok->ref->field);
	}
	obuf_putc(b, '}');
	eval_scratch_free(&s);
	free(keys);
	free(xkeys);
	free(xraw);
	free(xfmt);
}

char *output_json_alert(const struct alert *a, const struct lanner_options *o, const char *hostname)
{
	struct lanner_options defaults;
	if (!o) {
		options_init(&defaults);
		o = &defaults;
	}
	char hb[256], tb[64];
	if (!hostname)
		hostname = output_hostname(hb, sizeof(hb));

	char *msg = format_render(a->fmt, a->get, a->ctx);
	struct obuf b = {0};
	obuf_puts(&b, "{\"hostname\":");
	json_cstr(&b, hostname);
	if (o->json_include_message_property) {
		obuf_puts(&b, ",\"message\":");
		json_cstr(&b, msg);
	}
	if (o->json_include_output_property) {
		char *line = output_text_line(a->ts_ns, a->priority, msg, o);
		obuf_puts(&b, ",\"output\":");
		json_cstr(&b, line);
		free(line);
	}
	if (o->json_include_output_fields_property) {
		obuf_puts(&b, ",\"output_fields\":");
		output_fields(&b, a, o->time_format_iso_8601);
	}
	obuf_puts(&b, ",\"priority\":");
	json_cstr(&b, priority_name(a->priority));
	obuf_puts(&b, ",\"rule\":");
	json_cstr(&b, a->rule);
	obuf_puts(&b, ",\"source\":");
	json_cstr(&b, a->source ? a->source : "syscall");
	if (o->json_include_tags_property) {
		const char **tags = calloc(a->ntags + 1, sizeof(*tags));
		if (!tags)
			abort();
		for (size_t i = 0; i < a->ntags; i++)
			tags[i] = a->tags[i];
		qsort(tags, a->ntags, sizeof(*tags), cmp_cstr);
		obuf_puts(&b, ",\"tags\":[");
		for (size_t i = 0; i < a->ntags; i++) {
			if (i)
				obuf_putc(&b, ',');
			json_cstr(&b, tags[i]);
		}
		obuf_putc(&b, ']');
		free(tags);
	}
	output_time_json(a->ts_ns, tb, sizeof(tb));
	obuf_puts(&b, ",\"time\":");
	json_cstr(&b, tb);
	obuf_putc(&b, '}');
	free(msg);
	return obuf_take(&b);
}
