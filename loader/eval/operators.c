/* operators.c — one Falco comparison of an extracted value against right-hand values.
 *
 * Semantics: docs/falco-semantics.md, "Operators" (libs filter_compare.cpp and
 * sinsp_filtercheck.cpp compare_rhs*). The caller has already handled missing values, `exists`,
 * ancestor walks and either-endpoint fields; this file only answers "does this value satisfy
 * OP against these right-hand values".
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/regex.h"
#include "common/xalloc.h"
#include "eval/eval.h"

/* ---- regex cache: compiled once per (check node, rhs index), never per event ----
 * The engine is RE2 (common/regex.h): Falco's syntax, full match, and a matching time linear
 * in the value's length, so no crafted value can stall the event loop. */

struct rx_entry {
	const struct ast *node; /* NULL = empty slot */
	size_t idx;
	char *pattern; /* copy, so a new tree reusing a freed node's address is not confused */
	size_t plen;
	struct lnr_regex *code;
};

static struct rx_entry *rx_tab;
static size_t rx_cap, rx_used;

static size_t rx_hash(const struct ast *node, size_t idx, size_t cap)
{
	uint64_t h =
		(uint64_t)(uintptr_t)node * 0x9e3779b97f4a7c15ULL ^ (idx * 0xff51afd7ed558ccdULL);
	h ^= h >> 29;
	return (size_t)h & (cap - 1);
}

static void rx_free_entry(struct rx_entry *e)
{
	lnr_regex_free(e->code);
	free(e->pattern);
	memset(e, 0, sizeof(*e));
}

static void rx_grow(void)
{
	size_t ncap = rx_cap ? rx_cap * 2 : 64;
	struct rx_entry *nt = xcalloc(ncap, sizeof(*nt));
	for (size_t i = 0; i < rx_cap; i++) {
		if (!rx_tab[i].node)
			continue;
		size_t j = rx_hash(rx_tab[i].node, rx_tab[i].idx, ncap);
		while (nt[j].node)
			j = (j + 1) & (ncap - 1);
		nt[j] = rx_tab[i];
	}
	free(rx_tab);
	rx_tab = nt;
	rx_cap = ncap;
}

void eval_cache_clear(void)
{
	for (size_t i = 0; i < rx_cap; i++)
		if (rx_tab[i].node)
			rx_free_entry(&rx_tab[i]);
	free(rx_tab);
	rx_tab = NULL;
	rx_cap = rx_used = 0;
}

static struct lnr_regex *rx_compile(const char *pat, size_t plen, char *err, size_t errlen)
{
	char msg[200];
	size_t at = 0;
	struct lnr_regex *code = lnr_regex_compile(pat, plen, msg, sizeof(msg), &at);
	if (!code && err && errlen)
		snprintf(err, errlen, "invalid regex pattern: %s (at offset %zu)", msg, at);
	return code;
}

static char *pattern_copy(const struct typed_value *tv)
{
	char *p = xmalloc(tv->len + 1);
	if (tv->len)
		memcpy(p, tv->s, tv->len);
	p[tv->len] = 0;
	return p;
}

void *evop_regex_get(const struct ast *node, size_t idx, const struct typed_value *tv, char *err,
		     size_t errlen)
{
	if (rx_cap) {
		size_t j = rx_hash(node, idx, rx_cap);
		while (rx_tab[j].node) {
			struct rx_entry *e = &rx_tab[j];
			if (e->node == node && e->idx == idx) {
				if (e->plen == tv->len &&
				    (tv->len == 0 || memcmp(e->pattern, tv->s, tv->len) == 0))
					return e->code;
				/* stale: the node address was reused by another tree */
				struct lnr_regex *code = rx_compile(tv->s, tv->len, err, errlen);
				if (!code)
					return NULL;
				lnr_regex_free(e->code);
				free(e->pattern);
				e->code = code;
				e->pattern = pattern_copy(tv);
				e->plen = tv->len;
				return code;
			}
			j = (j + 1) & (rx_cap - 1);
		}
	}
	struct lnr_regex *code = rx_compile(tv->s, tv->len, err, errlen);
	if (!code)
		return NULL;
	if ((rx_used + 1) * 2 > rx_cap)
		rx_grow();
	size_t j = rx_hash(node, idx, rx_cap);
	while (rx_tab[j].node)
		j = (j + 1) & (rx_cap - 1);
	struct rx_entry *e = &rx_tab[j];
	e->node = node;
	e->idx = idx;
	e->pattern = pattern_copy(tv);
	e->plen = tv->len;
	e->code = code;
	rx_used++;
	return code;
}

static bool rx_match(const struct ast *node, size_t idx, const struct typed_value *tv,
		     const char *s, size_t len)
{
	struct lnr_regex *code = evop_regex_get(node, idx, tv, NULL, 0);
	if (!code)
		return false;
	return lnr_regex_full_match(code, s, len);
}

/* ---- string helpers ---- */

static bool str_eq(const char *a, size_t al, const char *b, size_t bl)
{
	return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

static int str_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	size_t n = al < bl ? al : bl;
	int c = n ? memcmp(a, b, n) : 0;
	if (c)
		return c;
	return al < bl ? -1 : al > bl ? 1 : 0;
}

static bool mem_contains(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0)
		return true;
	return hl >= nl && memmem(h, hl, n, nl) != NULL;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool mem_icontains(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0)
		return true;
	for (size_t i = 0; i + nl <= hl; i++) {
		size_t k = 0;
		while (k < nl && ascii_lower(h[i + k]) == ascii_lower(n[k]))
			k++;
		if (k == nl)
			return true;
	}
	return false;
}

static bool glob_match(const char *pat, const char *s, size_t len, int flags)
{
	char stackbuf[512];
	char *buf = len < sizeof(stackbuf) ? stackbuf : malloc(len + 1);
	if (!buf)
		abort();
	if (len)
		memcpy(buf, s, len);
	buf[len] = 0;
	bool r = fnmatch(pat, buf, flags) == 0;
	if (buf != stackbuf)
		free(buf);
	return r;
}

/* Next non-empty component of a path at *pos; false at the end. */
static bool next_comp(const char *p, size_t len, size_t *pos, const char **c, size_t *cl)
{
	while (*pos < len && p[*pos] == '/')
		(*pos)++;
	if (*pos >= len)
		return false;
	size_t st = *pos;
	while (*pos < len && p[*pos] != '/')
		(*pos)++;
	*c = p + st;
	*cl = *pos - st;
	return true;
}

/* pmatch: every component of prefix equals (or, if it holds glob characters, fnmatches) the
 * corresponding component of path; empty components are ignored, so "/" is everyone's prefix. */
bool evop_path_prefix(const char *prefix, size_t plen, const char *path, size_t len)
{
	size_t pp = 0, vp = 0;
	const char *pc, *vc;
	size_t pcl, vcl;
	while (next_comp(prefix, plen, &pp, &pc, &pcl)) {
		if (!next_comp(path, len, &vp, &vc, &vcl))
			return false;
		if (memchr(pc, '*', pcl) || memchr(pc, '?', pcl) || memchr(pc, '[', pcl)) {
			char pat[256];
			if (pcl >= sizeof(pat))
				return false;
			memcpy(pat, pc, pcl);
			pat[pcl] = 0;
			if (!glob_match(pat, vc, vcl, 0))
				return false;
		} else if (!str_eq(pc, pcl, vc, vcl)) {
			return false;
		}
	}
	return true;
}

/* ---- per-kind comparison of one value against one right-hand value ---- */

static bool ip_len_ok(int family)
{
	return family == 4 || family == 6;
}

static bool net_contains(const struct typed_value *net, const uint8_t *ip, int family)
{
	if (net->family != family || !ip_len_ok(family))
		return false;
	int bits = net->prefix;
	int max = family == 4 ? 32 : 128;
	if (bits < 0 || bits > max)
		bits = max;
	int full = bits / 8, rem = bits % 8;
	if (memcmp(ip, net->ip, full) != 0)
		return false;
	if (rem) {
		uint8_t mask = (uint8_t)(0xff << (8 - rem));
		if ((ip[full] & mask) != (net->ip[full] & mask))
			return false;
	}
	return true;
}

static bool ip_eq(const struct fieldval *v, const struct typed_value *t, bool is_net)
{
	if (is_net)
		return net_contains(t, v->ip, v->family);
	if (t->family != v->family || !ip_len_ok(v->family))
		return false;
	return memcmp(v->ip, t->ip, v->family == 4 ? 4 : 16) == 0;
}

/* Numbers are compared at the field's width, as libs stores them: a literal -1 against a UINT32
 * field is 4294967295, and a getter's wider value is cut the same way. */
static int64_t at_width(int64_t x, enum ftype t)
{
	unsigned bits = 8 * ftype_width(t);
	if (bits == 0 || bits >= 64)
		return x;
	uint64_t mask = (UINT64_C(1) << bits) - 1, u = (uint64_t)x & mask;
	if (ftype_is_signed(t) && (u >> (bits - 1)))
		u |= ~mask; /* sign-extend */
	return (int64_t)u;
}

/* Equality of one value and one right-hand value (used by =, !=, in, intersects). */
static bool val_eq(const struct fieldval *v, const struct typed_value *t, enum ftype type)
{
	bool is_net = type == FT_IPNET;
	switch (v->kind) {
	case FV_STR:
		return str_eq(v->s, v->len, t->s, t->len);
	case FV_INT:
	case FV_UINT:
		return at_width(v->i, type) == at_width(t->i, type);
	case FV_BOOL:
		return (v->i != 0) == (t->i != 0);
	case FV_IP:
		return ip_eq(v, t, is_net);
	case FV_LIST:
		return false;
	}
	return false;
}

/* The equality and order operators on the result c (<0, 0, >0) of comparing a value with the
 * constant; any other operator is false. */
static bool ordered(enum cmp_op op, int c)
{
	switch (op) {
	case OP_EQ:
	case OP_IN:
	case OP_INTERSECTS:
		return c == 0;
	case OP_NE:
		return c != 0;
	case OP_LT:
		return c < 0;
	case OP_LE:
		return c <= 0;
	case OP_GT:
		return c > 0;
	case OP_GE:
		return c >= 0;
	default:
		return false;
	}
}

static bool one_op(const struct ast *node, enum cmp_op op, const struct fieldval *v,
		   const struct typed_value *t, size_t idx, enum ftype type)
{
	bool is_net = type == FT_IPNET;
	switch (v->kind) {
	case FV_STR:
		switch (op) {
		case OP_EQ:
			return str_eq(v->s, v->len, t->s, t->len);
		case OP_NE:
			return !str_eq(v->s, v->len, t->s, t->len);
		case OP_LT:
			return str_cmp(v->s, v->len, t->s, t->len) < 0;
		case OP_LE:
			return str_cmp(v->s, v->len, t->s, t->len) <= 0;
		case OP_GT:
			return str_cmp(v->s, v->len, t->s, t->len) > 0;
		case OP_GE:
			return str_cmp(v->s, v->len, t->s, t->len) >= 0;
		case OP_CONTAINS:
		case OP_BCONTAINS:
			return mem_contains(v->s, v->len, t->s, t->len);
		case OP_ICONTAINS:
			return mem_icontains(v->s, v->len, t->s, t->len);
		case OP_STARTSWITH:
		case OP_BSTARTSWITH:
			return v->len >= t->len && (t->len == 0 || memcmp(v->s, t->s, t->len) == 0);
		case OP_ENDSWITH:
			return v->len >= t->len &&
			       (t->len == 0 || memcmp(v->s + v->len - t->len, t->s, t->len) == 0);
		case OP_GLOB:
			return glob_match(t->s, v->s, v->len, 0);
		case OP_IGLOB:
			return glob_match(t->s, v->s, v->len, FNM_CASEFOLD);
		case OP_REGEX:
			return rx_match(node, idx, t, v->s, v->len);
		case OP_PMATCH:
			return evop_path_prefix(t->s, t->len, v->s, v->len);
		case OP_IN:
		case OP_INTERSECTS:
			return str_eq(v->s, v->len, t->s, t->len);
		default:
			return false;
		}
	case FV_INT: {
		int64_t a = at_width(v->i, type), b = at_width(t->i, type);
		return ordered(op, (a > b) - (a < b));
	}
	case FV_UINT: {
		uint64_t a = (uint64_t)at_width(v->i, type), b = (uint64_t)at_width(t->i, type);
		return ordered(op, (a > b) - (a < b));
	}
	case FV_BOOL:
		switch (op) {
		case OP_EQ:
		case OP_IN:
		case OP_INTERSECTS:
			return (v->i != 0) == (t->i != 0);
		case OP_NE:
			return (v->i != 0) != (t->i != 0);
		default:
			return false;
		}
	case FV_IP:
		/* address types only know equality; a family mismatch is neither = nor != */
		switch (op) {
		case OP_EQ:
		case OP_IN:
		case OP_INTERSECTS:
			return ip_eq(v, t, is_net);
		case OP_NE:
			if (t->family != v->family)
				return false;
			return !ip_eq(v, t, is_net);
		default:
			return ip_eq(v, t, is_net);
		}
	case FV_LIST:
		return false;
	}
	return false;
}

static bool in_set(const struct fieldval *v, const struct typed_value *rhs, size_t nrhs,
		   enum ftype type)
{
	for (size_t i = 0; i < nrhs; i++)
		if (val_eq(v, &rhs[i], type))
			return true;
	return false;
}

bool evop_compare(const struct ast *node, const struct fieldval *v, const struct typed_value *rhs,
		  size_t nrhs, enum ftype type)
{
	enum cmp_op op = node->op;

	if (op == OP_EXISTS)
		return true;

	if (v->kind == FV_LIST) {
		/* list fields: `in` = every element is in the set, `intersects` = some element is
		 */
		struct fieldval e = {.kind = FV_STR};
		if (op == OP_IN) {
			for (size_t k = 0; k < v->nitems; k++) {
				e.s = v->items[k].s;
				e.len = v->items[k].len;
				if (!in_set(&e, rhs, nrhs, FT_CHARBUF))
					return false;
			}
			return true;
		}
		if (op == OP_INTERSECTS) {
			for (size_t k = 0; k < v->nitems; k++) {
				e.s = v->items[k].s;
				e.len = v->items[k].len;
				if (in_set(&e, rhs, nrhs, FT_CHARBUF))
					return true;
			}
		}
		return false;
	}

	if (node->mod != MOD_NONE && op != OP_IN && op != OP_INTERSECTS && op != OP_PMATCH) {
		if (nrhs == 0)
			return false;
		size_t hits = 0;
		for (size_t i = 0; i < nrhs; i++) {
			bool m = one_op(node, op, v, &rhs[i], i, type);
			if (node->mod == MOD_ALLOF) {
				if (!m)
					return false;
			} else if (m) {
				if (node->mod == MOD_ANYOF)
					return true;
				if (++hits > 1)
					return false; /* oneof: exactly one */
			}
		}
		return node->mod == MOD_ALLOF || hits == 1;
	}

	switch (op) {
	case OP_IN:
	case OP_INTERSECTS:
	case OP_PMATCH:
		for (size_t i = 0; i < nrhs; i++)
			if (one_op(node, op, v, &rhs[i], i, type))
				return true;
		return false;
	default:
		/* single-valued operator: one right-hand value (a val() of a list field may give
		 * several; Falco compares against the first) */
		if (nrhs == 0)
			return false;
		return one_op(node, op, v, &rhs[0], 0, type);
	}
}
