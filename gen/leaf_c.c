/* leaf_c.c — the C expression of one kernel leaf (contract in leaf_c.h). */
#include "leaf_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/vec.h"
#include "common/xalloc.h"
#include "fields.h"
#include "flags.h"
#include "leaf_meta.h"
#include "shared_definitions/limits.h"

struct leafc {
	struct plan *pl;
	struct strbuf *o;
	struct {
		size_t *v;
		size_t n, cap;
	} needles;
};

/* ---- C text ---------------------------------------------------------------------------------- */

/* A C comment body: no comment terminators, no newlines. */
void put_comment_text(struct strbuf *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' && s[1] == '/')
			sb_addf(o, "*\\/");
		else if (*s == '/' &&
			 s[1] == '*') /* a glob's slash-star would open a nested comment */
			sb_addf(o, "/\\");
		else if (*s == '\n' || *s == '\r')
			sb_addf(o, " ");
		else if ((unsigned char)*s < 0x20)
			sb_addf(o, "?");
		else
			sb_addf(o, "%c", *s);
	}
}

/* A byte inside a C string literal (octal escapes: they never swallow a following digit). */
void put_cstr_char(struct strbuf *o, unsigned char c)
{
	if (c == '"' || c == '\\')
		sb_addf(o, "\\%c", c);
	else if (c >= 0x20 && c < 0x7f && c != '?') /* '?': no trigraphs */
		sb_addf(o, "%c", c);
	else
		sb_addf(o, "\\%03o", c);
}

/* ---- leaves ---------------------------------------------------------------------------------- */

/* pmatch item as the kernel compares it: "/c1/c2" from its non-empty components; "" matches
 * every path. False when the item has glob characters (userspace globs components) — the leaf
 * is then UNKNOWN. *never: a "." or ".." component, which a normalised path never has. */
static bool pmatch_item(const char *s, size_t n, char *out, size_t outlen, bool *never)
{
	size_t k = 0, i = 0;
	*never = false;
	if (memchr(s, '*', n) || memchr(s, '?', n) || memchr(s, '[', n))
		return false;
	while (i < n) {
		while (i < n && s[i] == '/')
			i++;
		size_t st = i;
		while (i < n && s[i] != '/')
			i++;
		size_t cl = i - st;
		if (!cl)
			continue;
		if ((cl == 1 && s[st] == '.') || (cl == 2 && s[st] == '.' && s[st + 1] == '.'))
			*never = true;
		if (k + cl + 2 >= outlen)
			return false;
		out[k++] = '/';
		memcpy(out + k, s + st, cl);
		k += cl;
	}
	out[k] = 0;
	return true;
}

/* Can an OK value of this member hold a normalised absolute path (pmatch in kernel)? */
static bool member_is_norm_path(const struct member *m)
{
	return m->fid == F_FD_NAME || m->fid == F_FD_DIRECTORY;
}

/* A string literal of the n bytes of c. */
static void put_lit(struct strbuf *o, const char *c, size_t n)
{
	sb_addc(o, '"');
	for (size_t i = 0; i < n; i++)
		put_cstr_char(o, (unsigned char)c[i]);
	sb_addc(o, '"');
}

/* A named string test (rules/strings.h) of member `v` (C expression of the struct) with a
 * constant; a constant the buffer cannot hold never matches. */
static void put_str_op(struct strbuf *o, const char *op, const char *v, int size, const char *c,
		       size_t n)
{
	if (n >= (size_t)size) {
		sb_add(o, "0 /* longer than the buffer */");
		return;
	}
	sb_addf(o, "%s(%s, ", op, v);
	put_lit(o, c, n);
	sb_addc(o, ')');
}

/* A contains test over the first LANNER_MAX_CONTAINS_SCAN bytes (value longer than the window
 * and needle not found: UNKNOWN), with the needle constant lnr_nd<k> and its bpf_loop callback
 * lnr_cb<k> (rules/strings.h: the kfunc or the scan). icontains (fold): Falco folds ASCII
 * letters byte by byte, so the needle is kept in lower case and the scan folds the value. */
static void put_contains(struct leafc *lc, const struct member *m, const char *c, size_t n,
			 bool fold)
{
	struct strbuf *o = lc->o;
	if (n == 0) {
		sb_add(o, "1");
		return;
	}
	if (n >= (size_t)m->size) {
		sb_add(o, "0");
		return;
	}
	char *low = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		low[i] = fold && c[i] >= 'A' && c[i] <= 'Z' ? (char)(c[i] - 'A' + 'a') : c[i];
	size_t k = plan_add_needle(lc->pl, m, low, n, fold);
	free(low);
	VEC_PUSH(lc->needles, k);
	/* proc.env holds NULs (the kfunc would stop at one) and is scanned whole */
	bool env = m->fid == F_PROC_ENV;
	sb_addf(o, "%s(fv->%s.s, fv->%s.len, lnr_nd%zu, %zu, %d, lnr_cb%zu)",
		env    ? "LNR_ENV_CONTAINS" /* rules/env_scan.h: the callback folds for icontains */
		: fold ? "LNR_ICONTAINS"
		       : "LNR_CONTAINS",
		m->name, m->name, k, n, env ? LANNER_MAX_ENV : LANNER_MAX_CONTAINS_SCAN, k);
}

/* A list of constants compared with a short value (a process name: 16 bytes) stays inline up to
 * LEAF_SHORT_INLINE_LIST items: each compare is a length test that almost always fails at once,
 * where a set-map lookup builds a key, hashes it and walks a bucket (measured on the exec path:
 * the three lookups of "Reverse Shell from Web Server" cost several times its compares). */
#define LEAF_SHORT_BUF	       16
#define LEAF_SHORT_INLINE_LIST 32

/* Numeric cast matching the evaluator's at_width() for the field's type. */
static const char *num_cast(enum ftype t, bool *is_signed)
{
	*is_signed = true;
	switch (t) {
	case FT_INT8:
		return "(__s64)(__s8)";
	case FT_INT16:
		return "(__s64)(__s16)";
	case FT_INT32:
		return "(__s64)(__s32)";
	case FT_UINT8:
	case FT_FLAGS8:
	case FT_SIGTYPE:
		*is_signed = false;
		return "(__u64)(__u8)";
	case FT_UINT16:
	case FT_FLAGS16:
	case FT_PORT:
	case FT_SYSCALLID:
		*is_signed = false;
		return "(__u64)(__u16)";
	case FT_UINT32:
	case FT_FLAGS32:
	case FT_MODE:
		*is_signed = false;
		return "(__u64)(__u32)";
	case FT_INT64:
	case FT_ERRNO:
	case FT_FD:
	case FT_PID:
	case FT_BOOL:
		return "(__s64)";
	default:
		*is_signed = false;
		return "(__u64)";
	}
}

static void put_const(struct strbuf *o, const char *cast, bool sgn, int64_t v)
{
	if (sgn) {
		if (v == INT64_MIN)
			sb_addf(o, "%s(-9223372036854775807LL - 1)", cast);
		else
			sb_addf(o, "%s%lldLL", cast, (long long)v);
	} else {
		sb_addf(o, "%s%lluULL", cast, (unsigned long long)v);
	}
}

static void put_bittest(struct strbuf *o, enum flag_table t, const struct kc_bittest *b,
			const char *raw)
{
	switch (b->kind) {
	case KB_EQ:
		sb_addf(o, "((%s & 0x%llxULL) == 0x%llxULL)", raw, (unsigned long long)b->mask,
			(unsigned long long)b->value);
		break;
	case KB_ANY:
		sb_addf(o, "((%s & 0x%llxULL) != 0)", raw, (unsigned long long)b->mask);
		break;
	case KB_NONE: {
		size_t n;
		const struct flag_entry *e = flag_table_entries(t, &n);
		bool is_enum = flag_table_is_enum(t);
		sb_addf(o, "!(0");
		for (size_t i = 0; i < n; i++) {
			if (e[i].match == FM_ZERO)
				continue;
			if (is_enum)
				sb_addf(o, " || %s == 0x%llxULL", raw,
					(unsigned long long)e[i].value);
			else if (e[i].match == FM_EQ)
				sb_addf(o, " || (%s & 0x%llxULL) == 0x%llxULL", raw,
					(unsigned long long)e[i].mask,
					(unsigned long long)e[i].value);
			else if (e[i].match == FM_ANY)
				sb_addf(o, " || (%s & 0x%llxULL) != 0", raw,
					(unsigned long long)e[i].mask);
		}
		sb_addf(o, ")");
		break;
	}
	}
}

/* startswith / endswith / pmatch: inline tests up to LANNER_MAX_INLINE_LIST items, else an LPM
 * trie (pmatch items as "dir/"); false when not implementable (a pmatch item with a glob, or a
 * member that is not a normalised path). */
static bool put_str_affix(struct leafc *lc, const struct ast *c, const struct member *m,
			  const char *v)
{
	struct strbuf *o = lc->o;
	size_t n = kc_rhs_count(c);
	bool pm = c->op == OP_PMATCH;
	if (pm && !member_is_norm_path(m))
		return false;
	char **items = xcalloc(n + 1, sizeof(char *));
	size_t ni = 0, maxl = 0;
	bool always = false;
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		char buf[LANNER_MAX_PREFIX + 8];
		bool never = false;
		if (pm) {
			if (!pmatch_item(a, an, buf, sizeof(buf), &never)) {
				for (size_t k = 0; k < ni; k++)
					free(items[k]);
				free(items);
				return false;
			}
			if (never)
				continue;
			if (!buf[0])
				always = true;
			items[ni] = xstrdup(buf);
		} else {
			items[ni] = xstrndup(a, an);
		}
		size_t l = strlen(items[ni]);
		if (l > maxl)
			maxl = l;
		ni++;
	}
	if (always || ni <= LANNER_MAX_INLINE_LIST) {
		sb_add(o, always ? "1" : ni > 1 ? "(" : ni ? "" : "0");
		for (size_t i = 0; i < ni && !always; i++) {
			sb_add(o, i ? " || " : "");
			size_t l = strlen(items[i]);
			if (pm)
				put_str_op(o, "LNR_PATH_UNDER", v, m->size, items[i], l);
			else if (c->op == OP_STARTSWITH)
				put_str_op(o, "LNR_STR_PREFIX", v, m->size, items[i], l);
			else
				put_str_op(o, "LNR_STR_SUFFIX", v, m->size, items[i], l);
		}
		sb_add(o, !always && ni > 1 ? ")" : "");
		for (size_t k = 0; k < ni; k++)
			free(items[k]);
		free(items);
		return true;
	}
	if (pm)
		for (size_t i = 0; i < ni; i++) {
			size_t l = strlen(items[i]);
			char *t = xrealloc(items[i], l + 2);
			t[l] = '/';
			t[l + 1] = 0;
			items[i] = t;
		}
	uint32_t data = (uint32_t)((maxl + 1 + 7) / 8 * 8);
	enum meta_map_kind kind = c->op == OP_ENDSWITH ? MM_LPM_SUFFIX : MM_LPM_PREFIX;
	size_t mi = plan_add_map(lc->pl, kind, items, ni, 4 + data);
	sb_addf(o, "lnr_lpm_has(&%s, %u, %s.s, %s.len, %d, %d)", lc->pl->maps[mi].name, data, v, v,
		m->size - 1,
		kind == MM_LPM_SUFFIX ? 2
		: pm		      ? 1
				      : 0);
	return true;
}

/* glob with '*' only (kernel_caps refuses ?, [ and \\): fnmatch without flags, so '*' crosses
 * '/'. No star: equality. One star: prefix and suffix that do not overlap, exact. More stars: the
 * pieces between them must each occur (contains), which is necessary but not sufficient (order,
 * overlap): 0 when one is absent, else UNKNOWN. */
static void put_glob(struct leafc *lc, const struct member *m, const char *v, const char *pat,
		     size_t n)
{
	struct strbuf *o = lc->o;
	const char *first = memchr(pat, '*', n);
	if (!first) {
		put_str_op(o, "LNR_STR_EQ", v, m->size, pat, n);
		return;
	}
	const char *last = pat + n - 1;
	while (*last != '*')
		last--;
	size_t pn = (size_t)(first - pat), sn = (size_t)(pat + n - 1 - last), fixed = pn + sn;
	for (const char *q = first; q < last; q++)
		fixed += *q != '*';
	sb_addf(o, "((%s.len >= %zu && ", v, fixed);
	put_str_op(o, "LNR_STR_PREFIX", v, m->size, pat, pn);
	sb_add(o, " && ");
	put_str_op(o, "LNR_STR_SUFFIX", v, m->size, last + 1, sn);
	sb_add(o, ") ? ");
	bool any = false;
	for (const char *q = first + 1; q < last;) {
		const char *e = memchr(q, '*', (size_t)(last - q) + 1);
		if (e > q) {
			sb_add(o, any ? " || " : "((");
			put_contains(lc, m, q, (size_t)(e - q), false);
			sb_add(o, " == 0");
			any = true;
		}
		q = e + 1;
	}
	sb_add(o, any ? ") ? 0 : LNR_U) : 0)" : "1 : 0)");
}

/* A string test (0/1, or LNR_U for contains) of member m against the check's constants;
 * false when not implementable here. */
static bool put_str_test(struct leafc *lc, const struct ast *c, const struct member *m,
			 const char *v)
{
	struct strbuf *o = lc->o;
	size_t n = kc_rhs_count(c);
	switch (c->op) {
	case OP_EQ:
	case OP_NE:
	case OP_IN:
	case OP_INTERSECTS: {
		if (n <= LANNER_MAX_INLINE_LIST ||
		    (m->size <= LEAF_SHORT_BUF && n <= LEAF_SHORT_INLINE_LIST)) {
			sb_add(o, n > 1 ? "(" : n ? "" : "0");
			for (size_t i = 0; i < n; i++) {
				size_t an;
				const char *a = kc_rhs_str(c, i, &an);
				sb_add(o, i ? " || " : "");
				put_str_op(o, "LNR_STR_EQ", v, m->size, a, an);
			}
			sb_add(o, n > 1 ? ")" : "");
			return true;
		}
		size_t maxl = 0, ni = 0;
		char **items = xcalloc(n + 1, sizeof(char *));
		for (size_t i = 0; i < n; i++) {
			size_t an;
			const char *a = kc_rhs_str(c, i, &an);
			/* a constant the buffer cannot hold never equals a whole value (a longer
			 * value is not whole: UNKNOWN), and would not fit the map's key */
			if (an >= (size_t)m->size)
				continue;
			items[ni++] = xstrndup(a, an);
			if (an > maxl)
				maxl = an;
		}
		if (!ni) {
			free(items);
			sb_add(o, "0 /* every constant longer than the buffer */");
			return true;
		}
		uint32_t ks = (uint32_t)((maxl + 1 + 7) / 8 * 8);
		if (ks > (uint32_t)m->size)
			ks = (uint32_t)m->size;
		size_t mi = plan_add_map(lc->pl, MM_HASH_EXACT, items, ni, ks);
		sb_addf(o, "lnr_set_has(&%s, %u, %s.s, %s.len, %d, 0)", lc->pl->maps[mi].name, ks,
			v, v, m->size - 1);
		return true;
	}
	case OP_STARTSWITH:
	case OP_ENDSWITH:
	case OP_PMATCH:
		return put_str_affix(lc, c, m, v);
	case OP_GLOB: {
		if (n != 1)
			return false;
		size_t an;
		const char *a = kc_rhs_str(c, 0, &an);
		put_glob(lc, m, v, a, an);
		return true;
	}
	case OP_CONTAINS:
	case OP_ICONTAINS: {
		if (n != 1)
			return false;
		size_t an;
		const char *a = kc_rhs_str(c, 0, &an);
		if (m->size <= LANNER_MAX_CONTAINS_SCAN) {
			/* the whole buffer fits in the window: exact */
		}
		put_contains(lc, m, a, an, c->op == OP_ICONTAINS);
		return true;
	}
	default:
		return false;
	}
}

/* The levels past LANNER_ANCESTOR_DEPTH (any_ancestor_deep): the names as needles (two words
 * each, zero past the end; a name longer than a comm can equal no level and is left out), then
 * lnr_any_deep, the generated global function that fetches those levels and compares. */
static void put_any_deep(struct strbuf *o, const struct ast *c)
{
	size_t n = kc_rhs_count(c), k = 0;
	sb_add(o, "(");
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = kc_rhs_str(c, i, &len);
		if (!s || len >= LANNER_MAX_COMM || memchr(s, 0, len))
			continue;
		unsigned long long w[2] = {0, 0};
		for (size_t b = 0; b < len; b++)
			w[b / 8] |= (unsigned long long)(unsigned char)s[b] << (8 * (b % 8));
		sb_addf(o, "lnr_dq(%zu, 0x%llxULL, 0x%llxULL), ", k++, w[0], w[1]);
	}
	sb_addf(o, "lnr_any_deep(%zu, %d))", k, c->op == OP_NE);
}

/* proc.aname without an index: any ancestor from the parent up, LANNER_ANCESTOR_DEPTH levels
 * and, for a test on names, the levels above them up to LANNER_ANCESTOR_ANY_DEPTH; a chain that
 * ends is FALSE from there, past the last level UNKNOWN. */
static bool put_any_ancestor(struct leafc *lc, const struct ast *c)
{
	struct strbuf *o = lc->o;
	int neg = c->op == OP_NE;
	if (c->op != OP_EQ && c->op != OP_NE && c->op != OP_IN && c->op != OP_STARTSWITH &&
	    c->op != OP_ENDSWITH && c->op != OP_EXISTS)
		return false;
	sb_addf(o, "lnr_any_end(");
	for (int lv = 1; lv <= LANNER_ANCESTOR_DEPTH; lv++) {
		struct member m = {F_PROC_ANAME, lv, MK_STR, LANNER_MAX_COMM, "", NULL};
		snprintf(m.name, sizeof(m.name), "proc_aname_%d", lv);
		char v[64];
		snprintf(v, sizeof(v), "fv->%s", m.name);
		sb_addf(o, "lnr_any_step(fv->%s.st, ", m.name);
		if (c->op == OP_EXISTS)
			sb_addf(o, "1");
		else if (!put_str_test(lc, c, &m, v))
			return false;
		sb_addf(o, ", %d, ", neg);
	}
	if (any_ancestor_deep(c))
		put_any_deep(o, c);
	else
		sb_addf(o, "LNR_U /* beyond the levels walked */");
	for (int lv = 1; lv <= LANNER_ANCESTOR_DEPTH; lv++)
		sb_addf(o, ")");
	sb_addf(o, ")");
	return true;
}

/* One IPv4 test of member side (the address as a number) against constant t, as the evaluator's
 * ip_eq: an address of the other family is never equal (nor unequal), a network compares the
 * constant's prefix (all 32 bits when it has none or an invalid one). */
static void put_ip_eq(struct strbuf *o, const char *side, const struct typed_value *t, bool net)
{
	if (t->family != 4) {
		sb_add(o, "0");
		return;
	}
	int bits = net ? t->prefix : 32;
	if (bits < 0 || bits > 32)
		bits = 32;
	uint32_t mask = bits ? 0xffffffffu << (32 - bits) : 0;
	uint32_t a = ((uint32_t)t->ip[0] << 24) | ((uint32_t)t->ip[1] << 16) |
		     ((uint32_t)t->ip[2] << 8) | t->ip[3];
	sb_addf(o, "(((__u32)fv->%s.v & 0x%xu) == 0x%xu)", side, mask, a & mask);
}

/* fd.sip/cip/snet/cnet, and either endpoint for fd.ip/fd.net (the check on the client's address
 * or on the server's, as the evaluator's endpoint fields): IPv4 members fd_cip / fd_sip. */
static bool put_ip_leaf(struct leafc *lc, const struct ast *c, enum field_id id)
{
	struct strbuf *o = lc->o;
	bool net = id == F_FD_NET || id == F_FD_SNET || id == F_FD_CNET;
	bool both = id == F_FD_IP || id == F_FD_NET;
	const char *sides[2];
	int ns = 0;
	if (both || id == F_FD_CIP || id == F_FD_CNET)
		sides[ns++] = "fd_cip";
	if (both || id == F_FD_SIP || id == F_FD_SNET)
		sides[ns++] = "fd_sip";
	bool eq = c->op == OP_EQ || c->op == OP_IN || c->op == OP_INTERSECTS;
	if (!eq && c->op != OP_EXISTS && !(c->op == OP_NE && c->nvals == 1))
		return false;
	if (c->op != OP_EXISTS && !c->nvals)
		return false;
	sb_add(o, ns == 2 ? "lnr_or(" : "");
	for (int k = 0; k < ns; k++) {
		sb_addf(o, "%slnr_leaf(fv->%s.st, ", k ? ", " : "", sides[k]);
		if (c->op == OP_EXISTS) {
			sb_add(o, "1");
		} else if (c->op == OP_NE) {
			if (c->vals[0].family != 4) {
				sb_add(o, "0");
			} else {
				sb_add(o, "!");
				put_ip_eq(o, sides[k], &c->vals[0], net);
			}
		} else {
			sb_add(o, "(0");
			for (size_t i = 0; i < c->nvals; i++) {
				sb_add(o, " || ");
				put_ip_eq(o, sides[k], &c->vals[i], net);
			}
			sb_add(o, ")");
		}
		sb_add(o, ", 0)");
	}
	sb_add(o, ns == 2 ? ")" : "");
	return true;
}

/* Leaf value expression (an int8 Kleene value); false when not implementable here. */
static bool put_leaf(struct leafc *lc, int evt, const struct kpred *p)
{
	struct strbuf *o = lc->o;
	const struct kc_leaf *l = &p->leaf;
	const struct ast *c = p->check;
	int neg = c->op == OP_NE;
	if (l->verdict != KC_EXACT && l->verdict != KC_NARROW)
		return false;
	if (l->cap && l->cap->src == KS_META)
		return leaf_meta_expr(lc->pl, p, o);
	if (c->mod != MOD_NONE)
		return false;
	/* any ancestor from the parent up, LANNER_ANCESTOR_DEPTH levels */
	if (l->cap && l->cap->src == KS_ANCESTOR && l->ancestor < 0)
		return put_any_ancestor(lc, c);
	if (l->cap && l->cap->src == KS_SOCK && l->cap->vkind == KV_IP)
		return put_ip_leaf(lc, c, l->cap->id);
	struct member m;
	if (!leaf_member(p, evt, &m))
		return false;
	char v[64];
	snprintf(v, sizeof(v), "fv->%s", m.name);
	if (c->op == OP_EXISTS) {
		sb_addf(o, "lnr_leaf(%s.st, 1, 0)", v);
		return true;
	}
	if (l->cap->id == F_EVT_RES) {
		/* a return value below -4095 is no errno: userspace's rendering of it (a cast to
		 * int) is not reproduced, UNKNOWN */
		sb_addf(o, "lnr_leaf(%s.st, %s.v < -4095 ? LNR_U : (0", v, v);
		if (l->res_success)
			sb_addf(o, " || %s.v >= 0", v);
		for (size_t i = 0; i < l->nres; i++)
			sb_addf(o, " || %s.v == %lldLL", v, (long long)l->res_codes[i]);
		sb_addf(o, "), %d)", neg);
		return true;
	}
	if (l->cap->src == KS_CAPS) {
		/* the printed set holds the needle iff it has one of these bits */
		if (l->nbits != 1 || l->bits[0].kind != KB_ANY)
			return false;
		sb_addf(o, "lnr_leaf(%s.st, ((__u64)%s.v & 0x%llxULL) != 0, %d)", v, v,
			(unsigned long long)l->bits[0].mask, neg);
		return true;
	}
	if (l->cap->src == KS_EXEC_ENV) {
		/* the environment the exec left, its first LANNER_MAX_ENV bytes: the bytes the exec
		 * record ships to userspace's proc.env, whose joining spaces a needle without space
		 * or NUL cannot span, so found is TRUE and absent FALSE */
		if (c->op != OP_CONTAINS && c->op != OP_ICONTAINS)
			return false;
		size_t an;
		const char *a = kc_rhs_str(c, 0, &an);
		sb_addf(o, "lnr_leaf(%s.st, ", v);
		put_contains(lc, &m, a, an, c->op == OP_ICONTAINS);
		sb_addf(o, ", 0)");
		return true;
	}
	if (l->cap->src == KS_PARAM_FLAGS) {
		char raw[80];
		snprintf(raw, sizeof(raw), "(__u64)%s.v", v);
		sb_addf(o, "lnr_leaf(%s.st, (0", v);
		for (size_t i = 0; i < l->nbits; i++) {
			sb_addf(o, " || ");
			put_bittest(o, l->table, &l->bits[i], raw);
		}
		sb_addf(o, "), %d)", neg);
		return true;
	}
	if (m.kind == MK_NUM) {
		const struct field_info *fi = field_by_id(l->cap->id);
		if (!fi || !c->nvals)
			return false;
		bool sgn;
		const char *cast = num_cast(fi->type, &sgn);
		const char *cop = NULL;
		switch (c->op) {
		case OP_EQ:
		case OP_NE:
		case OP_IN:
		case OP_INTERSECTS:
			cop = "==";
			break;
		case OP_LT:
			cop = "<";
			break;
		case OP_LE:
			cop = "<=";
			break;
		case OP_GT:
			cop = ">";
			break;
		case OP_GE:
			cop = ">=";
			break;
		default:
			return false;
		}
		size_t nv = c->op == OP_IN || c->op == OP_INTERSECTS ? c->nvals : 1;
		sb_addf(o, "lnr_leaf(%s.st, (0", v);
		for (size_t i = 0; i < nv; i++) {
			sb_addf(o, " || %s%s.v %s ", cast, v, cop);
			put_const(o, cast, sgn, c->vals[i].i);
		}
		sb_addf(o, "), %d)", neg);
		return true;
	}
	/* strings; fd.name tests that need a '/' are decided on an IP socket's name (no '/') */
	sb_addf(o, "%s(%s.st, ", l->noslash ? "lnr_leaf_ns" : "lnr_leaf", v);
	if (!put_str_test(lc, c, &m, v))
		return false; /* the caller drops the partial text */
	sb_addf(o, ", %d)", neg);
	return true;
}

bool leaf_expr(struct plan *pl, const struct kpred *p, int evt, struct strbuf *out,
	       size_t **needles, size_t *nneedles)
{
	struct leafc lc = {pl, out, {0}};
	size_t mark = out->len;
	bool ok = put_leaf(&lc, evt, p);
	if (!ok) {
		out->len = mark;
		if (out->s)
			out->s[mark] = 0;
		VEC_FREE(lc.needles);
		*needles = NULL;
		*nneedles = 0;
		return false;
	}
	*needles = lc.needles.v;
	*nneedles = lc.needles.n;
	return true;
}
