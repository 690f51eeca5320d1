/* eval.c — condition tree walk, field access with Falco's special lookups, transformers.
 *
 * Contract in eval.h. Per-type operator semantics live in operators.c.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"

/* A process tree deeper than this is a cycle in the getter's table, not a real chain. */
#define EVAL_MAX_ANCESTORS 1024

/* ---- scratch memory ---- */

void *eval_scratch_alloc(struct eval_scratch *s, size_t size)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 8;
		char **nb = realloc(s->bufs, ncap * sizeof(*nb));
		if (!nb)
			abort();
		s->bufs = nb;
		s->cap = ncap;
	}
	char *p = malloc(size ? size : 1);
	if (!p)
		abort();
	s->bufs[s->n++] = p;
	return p;
}

void eval_scratch_free(struct eval_scratch *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->bufs[i]);
	free(s->bufs);
	s->bufs = NULL;
	s->n = s->cap = 0;
}

/* ---- field access ---- */

enum eval_access eval_field_access(const struct field_info *f)
{
	if (!f)
		return EVA_PLAIN;
	switch (f->id) {
	case F_PROC_ANAME:
	case F_PROC_AEXE:
	case F_PROC_AEXEPATH:
	case F_PROC_ACMDLINE:
	case F_PROC_APID:
		return EVA_ANCESTOR;
	case F_FD_IP:
	case F_FD_PORT:
	case F_FD_NET:
	case F_FD_PROTO:
		return EVA_ENDPOINT;
	default:
		return EVA_PLAIN;
	}
}

static bool get_field(const struct operand *o, field_getter_fn get, void *ctx, int anc,
		      enum fv_side side, struct fieldval *out)
{
	memset(out, 0, sizeof(*out));
	out->anc = anc;
	out->side = side;
	out->present = get(ctx, o, out);
	return out->present;
}

static int parse_level(const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < 0 || v > EVAL_MAX_ANCESTORS)
		return -1;
	return (int)v;
}

/* Text form of a scalar value, for transformers that concatenate and for joined ancestor
 * values. Returns a pointer into buf or into the value itself. */
static const char *scalar_text(const struct fieldval *v, char *buf, size_t blen, size_t *len)
{
	switch (v->kind) {
	case FV_STR:
		*len = v->len;
		return v->s ? v->s : "";
	case FV_INT:
		*len = (size_t)snprintf(buf, blen, "%lld", (long long)v->i);
		return buf;
	case FV_UINT:
		*len = (size_t)snprintf(buf, blen, "%llu", (unsigned long long)v->i);
		return buf;
	case FV_BOOL:
		*len = (size_t)snprintf(buf, blen, "%s", v->i ? "true" : "false");
		return buf;
	case FV_IP:
		if (!inet_ntop(v->family == 6 ? AF_INET6 : AF_INET, v->ip, buf, (socklen_t)blen))
			buf[0] = 0;
		*len = strlen(buf);
		return buf;
	case FV_LIST:
		break;
	}
	*len = 0;
	return "";
}

/* proc.aname (no index) as a value: the ancestors' values from the parent up, space-separated. */
static bool ancestors_joined(const struct operand *o, field_getter_fn get, void *ctx,
			     struct eval_scratch *s, struct fieldval *out)
{
	size_t cap = 256, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	int k;
	for (k = 1; k <= EVAL_MAX_ANCESTORS; k++) {
		struct fieldval v;
		if (!get_field(o, get, ctx, k, FV_SIDE_NONE, &v))
			break;
		char tmp[64];
		size_t tl;
		const char *t = scalar_text(&v, tmp, sizeof(tmp), &tl);
		if (len + tl + 2 > cap) {
			while (len + tl + 2 > cap)
				cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, t, tl);
		len += tl;
	}
	memset(out, 0, sizeof(*out));
	if (k == 1) {
		free(buf);
		return false;
	}
	char *keep = eval_scratch_alloc(s, len + 1);
	memcpy(keep, buf, len);
	keep[len] = 0;
	free(buf);
	out->present = true;
	out->kind = FV_STR;
	out->s = keep;
	out->len = len;
	return true;
}

/* ---- transformers (docs/falco-semantics.md: "Field arguments and transformers") */

static int b64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Standard base64 with optional '=' padding; false on any other byte. */
static bool b64_decode(const char *in, size_t len, char *out, size_t *olen)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0, i = 0;
	for (; i < len && in[i] != '='; i++) {
		int v = b64_val((unsigned char)in[i]);
		if (v < 0)
			return false;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	if (i % 4 == 1)
		return false; /* a lone 6-bit group cannot encode a byte */
	for (; i < len; i++)
		if (in[i] != '=')
			return false;
	*olen = o;
	return true;
}

static void set_str(struct fieldval *out, const char *s, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->present = true;
	out->kind = FV_STR;
	out->s = s;
	out->len = len;
}

typedef bool (*str_map_fn)(const char *in, size_t len, struct eval_scratch *s, const char **o,
			   size_t *olen);

static bool map_lower(const char *in, size_t len, struct eval_scratch *s, const char **o,
		      size_t *olen)
{
	char *b = eval_scratch_alloc(s, len + 1);
	for (size_t i = 0; i < len; i++)
		b[i] = (in[i] >= 'A' && in[i] <= 'Z') ? (char)(in[i] + 32) : in[i];
	b[len] = 0;
	*o = b;
	*olen = len;
	return true;
}

static bool map_upper(const char *in, size_t len, struct eval_scratch *s, const char **o,
		      size_t *olen)
{
	char *b = eval_scratch_alloc(s, len + 1);
	for (size_t i = 0; i < len; i++)
		b[i] = (in[i] >= 'a' && in[i] <= 'z') ? (char)(in[i] - 32) : in[i];
	b[len] = 0;
	*o = b;
	*olen = len;
	return true;
}

static bool map_b64(const char *in, size_t len, struct eval_scratch *s, const char **o,
		    size_t *olen)
{
	char *b = eval_scratch_alloc(s, len + 1);
	if (!b64_decode(in, len, b, olen))
		return false;
	b[*olen] = 0;
	*o = b;
	return true;
}

static bool map_basename(const char *in, size_t len, struct eval_scratch *s, const char **o,
			 size_t *olen)
{
	(void)s;
	size_t i = len;
	while (i > 0 && in[i - 1] != '/')
		i--;
	*o = in + i;
	*olen = len - i;
	return true;
}

/* Applies a string→string transformer to a string or to each element of a list. */
static bool map_value(str_map_fn fn, struct fieldval *v, struct eval_scratch *s)
{
	if (v->kind == FV_STR) {
		const char *o;
		size_t ol;
		if (!fn(v->s ? v->s : "", v->len, s, &o, &ol))
			return false;
		set_str(v, o, ol);
		return true;
	}
	if (v->kind == FV_LIST) {
		struct fv_str *items = eval_scratch_alloc(s, (v->nitems + 1) * sizeof(*items));
		for (size_t k = 0; k < v->nitems; k++)
			if (!fn(v->items[k].s ? v->items[k].s : "", v->items[k].len, s, &items[k].s,
				&items[k].len))
				return false;
		v->items = items;
		return true;
	}
	return false; /* the compiler rejects these on non-string types */
}

static bool apply_transformer(const struct operand *o, field_getter_fn get, void *ctx,
			      struct eval_scratch *s, struct fieldval *out)
{
	const char *n = o->name ? o->name : "";
	memset(out, 0, sizeof(*out));

	if (!strcmp(n, "concat")) {
		/* every argument must have a value; numbers join in their decimal form */
		struct fieldval *vs = eval_scratch_alloc(s, (o->nargs + 1) * sizeof(*vs));
		char(*tmp)[64] = eval_scratch_alloc(s, (o->nargs + 1) * sizeof(*tmp));
		const char **txt = eval_scratch_alloc(s, (o->nargs + 1) * sizeof(*txt));
		size_t *tl = eval_scratch_alloc(s, (o->nargs + 1) * sizeof(*tl));
		size_t len = 0;
		for (size_t i = 0; i < o->nargs; i++) {
			if (!eval_operand(o->args[i], get, ctx, s, &vs[i]) || vs[i].kind == FV_LIST)
				return false;
			txt[i] = scalar_text(&vs[i], tmp[i], sizeof(tmp[i]), &tl[i]);
			len += tl[i];
		}
		char *b = eval_scratch_alloc(s, len + 1), *p = b;
		for (size_t i = 0; i < o->nargs; i++) {
			if (tl[i])
				memcpy(p, txt[i], tl[i]);
			p += tl[i];
		}
		*p = 0;
		set_str(out, b, len);
		return true;
	}
	if (!strcmp(n, "join")) {
		if (o->nargs != 2)
			return false;
		struct fieldval sep, lst;
		if (!eval_operand(o->args[0], get, ctx, s, &sep) || sep.kind != FV_STR)
			return false;
		if (!eval_operand(o->args[1], get, ctx, s, &lst))
			return false;
		if (lst.kind != FV_LIST) {
			*out = lst;
			return lst.kind == FV_STR;
		}
		size_t len = 0;
		for (size_t k = 0; k < lst.nitems; k++)
			len += lst.items[k].len + (k ? sep.len : 0);
		char *b = eval_scratch_alloc(s, len + 1), *p = b;
		for (size_t k = 0; k < lst.nitems; k++) {
			if (k && sep.len) {
				memcpy(p, sep.s, sep.len);
				p += sep.len;
			}
			if (lst.items[k].len)
				memcpy(p, lst.items[k].s, lst.items[k].len);
			p += lst.items[k].len;
		}
		*p = 0;
		set_str(out, b, len);
		return true;
	}
	if (o->nargs != 1)
		return false; /* getopt and unknown transformers: no value */

	struct fieldval v;
	if (!eval_operand(o->args[0], get, ctx, s, &v))
		return false;
	if (!strcmp(n, "len")) {
		int64_t l;
		if (v.kind == FV_STR)
			l = (int64_t)v.len;
		else if (v.kind == FV_LIST)
			l = (int64_t)v.nitems;
		else
			return false;
		out->present = true;
		out->kind = FV_UINT;
		out->i = l;
		return true;
	}
	str_map_fn fn = !strcmp(n, "tolower")	 ? map_lower
			: !strcmp(n, "toupper")	 ? map_upper
			: !strcmp(n, "b64")	 ? map_b64
			: !strcmp(n, "basename") ? map_basename
						 : NULL;
	if (!fn || !map_value(fn, &v, s))
		return false;
	*out = v;
	out->present = true;
	return true;
}

bool eval_operand(const struct operand *o, field_getter_fn get, void *ctx, struct eval_scratch *s,
		  struct fieldval *out)
{
	memset(out, 0, sizeof(*out));
	if (!o)
		return false;
	switch (o->kind) {
	case OPND_FIELD:
		if (!o->field)
			return false;
		switch (eval_field_access(o->field)) {
		case EVA_ANCESTOR:
			if (o->arg) {
				int lvl = parse_level(o->arg);
				if (lvl < 0)
					return false;
				return get_field(o, get, ctx, lvl, FV_SIDE_NONE, out);
			}
			return ancestors_joined(o, get, ctx, s, out);
		case EVA_ENDPOINT:
			/* filter-only fields: as a value, the client side */
			return get_field(o, get, ctx, 0, FV_SIDE_CLIENT, out);
		case EVA_PLAIN:
			break;
		}
		return get_field(o, get, ctx, 0, FV_SIDE_NONE, out);
	case OPND_STRING:
		set_str(out, o->name ? o->name : "", o->name ? o->len : 0);
		return true;
	case OPND_LIST: {
		struct fv_str *items = eval_scratch_alloc(s, (o->nargs + 1) * sizeof(*items));
		for (size_t i = 0; i < o->nargs; i++) {
			items[i].s = o->args[i]->name ? o->args[i]->name : "";
			items[i].len = o->args[i]->name ? o->args[i]->len : 0;
		}
		out->present = true;
		out->kind = FV_LIST;
		out->items = items;
		out->nitems = o->nargs;
		return true;
	}
	case OPND_VAL:
		if (o->nargs < 1)
			return false;
		return eval_operand(o->args[0], get, ctx, s, out);
	case OPND_TRANSFORMER:
		return apply_transformer(o, get, ctx, s, out);
	}
	return false;
}

/* ---- right-hand values ---- */

static int hexv(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Safety net for a check whose literals compile.c did not type (hand-built trees): convert the
 * literal text per the extracted value's kind. Normal trees never take this path. */
static void literal_typed(const struct ast *a, const struct fieldval *v, const struct operand *lit,
			  struct eval_scratch *s, struct typed_value *t)
{
	memset(t, 0, sizeof(*t));
	const char *txt = lit->name ? lit->name : "";
	size_t len = lit->name ? lit->len : 0;
	t->s = (char *)txt;
	t->len = len;
	switch (v->kind) {
	case FV_STR:
		if ((a->op == OP_BCONTAINS || a->op == OP_BSTARTSWITH) && len % 2 == 0) {
			char *b = eval_scratch_alloc(s, len / 2 + 1);
			size_t k;
			for (k = 0; k < len / 2; k++) {
				int hi = hexv((unsigned char)txt[2 * k]),
				    lo = hexv((unsigned char)txt[2 * k + 1]);
				if (hi < 0 || lo < 0)
					break;
				b[k] = (char)(hi << 4 | lo);
			}
			b[k] = 0;
			t->s = b;
			t->len = k;
		}
		break;
	case FV_INT:
	case FV_UINT:
		t->i = strtoll(txt, NULL, 10);
		break;
	case FV_BOOL:
		t->i = !strcmp(txt, "true");
		break;
	case FV_IP: {
		char buf[64];
		size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
		memcpy(buf, txt, n);
		buf[n] = 0;
		char *slash = strchr(buf, '/');
		if (slash)
			*slash = 0;
		t->family = strchr(buf, ':') ? 6 : 4;
		if (inet_pton(t->family == 6 ? AF_INET6 : AF_INET, buf, t->ip) != 1)
			t->family = 0;
		t->prefix = slash ? atoi(slash + 1) : (t->family == 6 ? 128 : 32);
		break;
	}
	case FV_LIST:
		break;
	}
}

/* Right-hand values of a check: compiled literals, or the extracted val()/transformer value. */
static bool rhs_values(const struct ast *a, const struct fieldval *lhs, field_getter_fn get,
		       void *ctx, struct eval_scratch *s, const struct typed_value **vals,
		       size_t *nvals)
{
	const struct operand *r = a->rhs;
	if (r && (r->kind == OPND_VAL || r->kind == OPND_TRANSFORMER)) {
		struct fieldval rv;
		if (!eval_operand(r, get, ctx, s, &rv))
			return false; /* a missing right-hand field makes the check false */
		size_t n = rv.kind == FV_LIST ? rv.nitems : 1;
		struct typed_value *t = eval_scratch_alloc(s, (n + 1) * sizeof(*t));
		memset(t, 0, (n + 1) * sizeof(*t));
		if (rv.kind == FV_LIST) {
			for (size_t k = 0; k < n; k++) {
				t[k].s = (char *)rv.items[k].s;
				t[k].len = rv.items[k].len;
			}
		} else {
			t[0].s = (char *)(rv.s ? rv.s : "");
			t[0].len = rv.len;
			t[0].i = rv.i;
			memcpy(t[0].ip, rv.ip, sizeof(t[0].ip));
			t[0].family = rv.family;
			t[0].prefix = rv.family == 6 ? 128 : 32;
		}
		*vals = t;
		*nvals = n;
		return true;
	}
	if (a->vals || !r) {
		*vals = a->vals;
		*nvals = a->nvals;
		return true;
	}
	/* untyped tree */
	size_t n = r->kind == OPND_LIST ? r->nargs : 1;
	struct typed_value *t = eval_scratch_alloc(s, (n + 1) * sizeof(*t));
	for (size_t k = 0; k < n; k++)
		literal_typed(a, lhs, r->kind == OPND_LIST ? r->args[k] : r, s, &t[k]);
	*vals = t;
	*nvals = n;
	return true;
}

static bool check_value(const struct ast *a, const struct fieldval *v, field_getter_fn get,
			void *ctx, struct eval_scratch *s, enum ftype type)
{
	if (a->op == OP_EXISTS)
		return true;
	const struct typed_value *vals;
	size_t nvals;
	if (!rhs_values(a, v, get, ctx, s, &vals, &nvals))
		return false;
	return evop_compare(a, v, vals, nvals, type);
}

static bool eval_check(const struct ast *a, field_getter_fn get, void *ctx, struct eval_scratch *s)
{
	const struct operand *l = a->lhs;
	if (!l)
		return false;
	struct fieldval v;

	if (l->kind == OPND_FIELD && l->field) {
		enum ftype type = l->field->type;
		switch (eval_field_access(l->field)) {
		case EVA_ANCESTOR:
			if (l->arg)
				break;
			/* any ancestor from the parent upwards */
			for (int k = 1; k <= EVAL_MAX_ANCESTORS; k++) {
				if (!get_field(l, get, ctx, k, FV_SIDE_NONE, &v))
					return false;
				if (check_value(a, &v, get, ctx, s, type))
					return true;
			}
			return false;
		case EVA_ENDPOINT:
			if (get_field(l, get, ctx, 0, FV_SIDE_CLIENT, &v) &&
			    check_value(a, &v, get, ctx, s, type))
				return true;
			return get_field(l, get, ctx, 0, FV_SIDE_SERVER, &v) &&
			       check_value(a, &v, get, ctx, s, type);
		case EVA_PLAIN:
			break;
		}
		if (!eval_operand(l, get, ctx, s, &v))
			return false;
		return check_value(a, &v, get, ctx, s, type);
	}
	if (!eval_operand(l, get, ctx, s, &v))
		return false;
	return check_value(a, &v, get, ctx, s, v.kind == FV_STR ? FT_CHARBUF : FT_UINT64);
}

static bool eval_node(const struct ast *a, field_getter_fn get, void *ctx, struct eval_scratch *s)
{
	switch (a->kind) {
	case AST_AND:
		for (size_t i = 0; i < a->nkids; i++)
			if (!eval_node(a->kids[i], get, ctx, s))
				return false;
		return true;
	case AST_OR:
		for (size_t i = 0; i < a->nkids; i++)
			if (eval_node(a->kids[i], get, ctx, s))
				return true;
		return false;
	case AST_NOT:
		return a->nkids == 1 && !eval_node(a->kids[0], get, ctx, s);
	case AST_CHECK:
		return eval_check(a, get, ctx, s);
	case AST_MACRO:
		return false;
	}
	return false;
}

bool eval_ast(const struct ast *a, field_getter_fn get, void *ctx)
{
	if (!a)
		return false;
	struct eval_scratch s = {0};
	bool r = eval_node(a, get, ctx, &s);
	eval_scratch_free(&s);
	return r;
}

static bool prepare_node(const struct ast *a, char *err, size_t errlen)
{
	if (a->kind == AST_CHECK) {
		if (a->op == OP_REGEX && a->vals) {
			for (size_t i = 0; i < a->nvals; i++)
				if (!evop_regex_get(a, i, &a->vals[i], err, errlen))
					return false;
		}
		return true;
	}
	for (size_t i = 0; i < a->nkids; i++)
		if (!prepare_node(a->kids[i], err, errlen))
			return false;
	return true;
}

bool eval_prepare(const struct ast *a, char *err, size_t errlen)
{
	return a ? prepare_node(a, err, errlen) : true;
}
