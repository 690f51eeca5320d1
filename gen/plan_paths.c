/* plan_paths.c — the path prefix tests of the filters (plan.h plan_prog.px).
 *
 * Many rules can only match a file below a few places: their kernel part is FALSE whenever a
 * string value (fd.name, fd.directory, ...) is MISSING or whole and starts with none of a few
 * prefixes P (a conjunct `fd.name startswith /etc/`, `fd.directory in (/bin, /sbin)`, `fd.name =
 * /tmp/secret`, a glob whose pattern starts with literal bytes, or an OR whose every operand is
 * such a rule part). Before such a rule's call the filter tests the first (up to) 8 bytes of
 * the value against each P's (rules/dispatch.h LNR_PX: one masked word compare per prefix, no
 * map, no loop); when none can hold the rule is FALSE and is not called. On an open of /tmp/x
 * this skips e.g. "Read ssh information" (/home/, /root/.ssh) and "Read sensitive file
 * untrusted" (/etc/...) without their calls and substring scans.
 *
 * Exact, as the guards and the proc.name masks are: atoms come only from leaves whose
 * expression is lnr_leaf(fv->X.st, <test>, 0) or lnr_leaf_ns(fv->X.st, <test>, 0) over a
 * field compared as it is (no transformer, no modifier, literal operands), so the leaf is FALSE
 * when X is MISSING, and when X is whole the test can only hold if X starts with P (equality,
 * startswith, a glob's literal head). An AND is FALSE when one operand is (the operand with
 * the longest shortest prefix is kept), an OR when every operand is (the union). A value not
 * whole (nor MISSING) lets the rule be called. tests/diff checks every rule a test skips is
 * FALSE (lnr_host_path_skip).
 *
 * A rule that needs `fd.nameraw contains S` with "../" in S (a conjunct of its top-level AND,
 * as "Directory traversal monitored file read") also needs the raw path to contain "../":
 * LNR_RAW_DD (rules/kernel.h) is 0 when the path's word scan (lnr_pn_clean, run on every
 * absolute path to normalise it) saw none, so a path without ".." costs no call and no scan.
 */
#include "plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "fields.h"

#define PX_MAX_ATOMS 8 /* more prefixes: the tests would cost about what the call does */

/* One prefix test: the member, and the first n (1..8) bytes of the prefix. */
struct px_atom {
	char member[48];
	char head[8];
	size_t n;
};

struct px_set {
	struct px_atom a[PX_MAX_ATOMS];
	size_t n;
};

static bool px_add(struct px_set *s, const char *member, const char *p, size_t n)
{
	struct px_atom t = {0};
	snprintf(t.member, sizeof(t.member), "%s", member);
	t.n = n < 8 ? n : 8;
	memcpy(t.head, p, t.n);
	for (size_t i = 0; i < s->n; i++) {
		const struct px_atom *o = &s->a[i];
		/* an atom whose head is a prefix of t's already covers t */
		if (!strcmp(o->member, t.member) && o->n <= t.n && !memcmp(o->head, t.head, o->n))
			return true;
	}
	if (s->n == PX_MAX_ATOMS)
		return false;
	s->a[s->n++] = t;
	return true;
}

/* The shortest head of s (0 when s is empty). */
static size_t px_min(const struct px_set *s)
{
	size_t m = s->n ? 8 : 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->a[i].n < m)
			m = s->a[i].n;
	return m;
}

/* The member a leaf's expression tests, when the expression is lnr_leaf(fv->X.st, ..., 0) or
 * lnr_leaf_ns(fv->X.st, ..., 0) over a path (fd.name, fd.directory, fd.filename, fd.nameraw)
 * held in a buffer of at least 8 bytes, fetched eagerly. */
static bool px_member(const struct plan *pl, const struct plan_leaf *l, char *out, size_t cap)
{
	static const char tail[] = ", 0)";
	const char *e = l->expr;
	if (!e || l->lazy)
		return false;
	size_t el = strlen(e);
	if (el < sizeof(tail) || strcmp(e + el - (sizeof(tail) - 1), tail))
		return false;
	const char *b;
	if (!strncmp(e, "lnr_leaf(fv->", 13))
		b = e + 13;
	else if (!strncmp(e, "lnr_leaf_ns(fv->", 16))
		b = e + 16;
	else
		return false;
	const char *d = strstr(b, ".st, ");
	if (!d || (size_t)(d - b) >= cap || (size_t)(d - b) == 0)
		return false;
	for (const char *c = b; c < d; c++)
		if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			return false;
	memcpy(out, b, (size_t)(d - b));
	out[d - b] = 0;
	for (size_t i = 0; i < pl->all.n; i++) {
		const struct member *m = &pl->all.m[i];
		if (strcmp(m->name, out))
			continue;
		/* paths only: other strings (fd.typechar, ...) are what guards test */
		bool path = m->fid == F_FD_NAME || m->fid == F_FD_DIRECTORY ||
			    m->fid == F_FD_FILENAME || m->fid == F_FD_NAMERAW;
		return path && m->kind == MK_STR && m->size >= 8 && !member_lazy(m);
	}
	return false;
}

/* The literal head of a glob pattern: the bytes before its first metacharacter. */
static size_t glob_head(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] != '*' && s[i] != '?' && s[i] != '[' && s[i] != '\\')
		i++;
	return i;
}

/* Is p a leaf FALSE whenever its value is MISSING, or whole and none of the prefixes it adds
 * to *out? */
static bool px_leaf(const struct plan *pl, const struct kpred *p, int evt, struct px_set *out)
{
	const struct ast *c = p->check;
	enum cmp_op op = c->op;
	if ((op != OP_EQ && op != OP_IN && op != OP_STARTSWITH && op != OP_GLOB) ||
	    c->mod != MOD_NONE || !c->lhs || c->lhs->kind != OPND_FIELD || !c->rhs ||
	    (c->rhs->kind != OPND_STRING && c->rhs->kind != OPND_LIST))
		return false;
	long k = plan_leaf_id(pl, p, evt);
	char member[48];
	if (k < 0 || !px_member(pl, &pl->leaves[k], member, sizeof(member)))
		return false;
	size_t nr = kc_rhs_count(c);
	if (!nr)
		return false;
	for (size_t i = 0; i < nr; i++) {
		size_t n;
		const char *s = kc_rhs_str(c, i, &n);
		if (!s)
			return false;
		if (op == OP_GLOB)
			n = glob_head(s, n);
		if (!n || memchr(s, 0, n < 8 ? n : 8))
			return false; /* no head: the test constrains nothing */
		if (!px_add(out, member, s, n))
			return false;
	}
	return true;
}

/* Is k's prefix set narrower than o's: a longer shortest head, then fewer prefixes? */
static bool px_narrower(const struct px_set *k, const struct px_set *o)
{
	return px_min(k) > px_min(o) || (px_min(k) == px_min(o) && k->n < o->n);
}

/* Does p need one of the prefixes (filled into *out, empty on entry)? An OR needs every
 * operand's (the union); an AND the narrowest of its operands' that have one. */
static bool px_of(const struct plan *pl, const struct kpred *p, int evt, struct px_set *out)
{
	if (p->kind == KP_LEAF)
		return px_leaf(pl, p, evt, out);
	if (p->kind != KP_AND && p->kind != KP_OR)
		return false;
	bool is_or = p->kind == KP_OR, any = false;
	for (size_t i = 0; i < p->nkids; i++) {
		struct px_set k = {0};
		bool ok = px_of(pl, p->kids[i], evt, &k);
		if (is_or && !ok)
			return false;
		for (size_t j = 0; is_or && j < k.n; j++)
			if (!px_add(out, k.a[j].member, k.a[j].head, k.a[j].n))
				return false;
		if (!is_or && ok && (!any || px_narrower(&k, out)))
			*out = k;
		any |= ok;
	}
	return any;
}

/* The C condition "the rule can match" of a set: LNR_PX tests joined by ||. */
static char *px_expr(const struct px_set *s)
{
	struct strbuf b = {0};
	for (size_t i = 0; i < s->n; i++) {
		const struct px_atom *a = &s->a[i];
		uint64_t m = 0, v = 0;
		for (size_t j = 0; j < a->n; j++) {
			m |= (uint64_t)0xff << (8 * j);
			v |= (uint64_t)(unsigned char)a->head[j] << (8 * j);
		}
		sb_addf(&b, "%sLNR_PX(&fv->%s, 0x%" PRIx64 "ULL, 0x%" PRIx64 "ULL)",
			i ? " || " : "", a->member, m, v);
	}
	return sb_detach(&b);
}

/* Is c `fd.nameraw contains S` with "../" in S, the field compared as it is (case-sensitive, no
 * transformer), implemented in the kernel over the raw path of the event's fd? Decided on the
 * check and the leaf's kernel description, not on the C printed for it: such a leaf is
 * lnr_leaf(fd_nameraw.st, contains, 0), FALSE when fd.nameraw is MISSING or whole without S,
 * hence without "../". */
static bool px_raw_leaf(const struct plan *pl, const struct kpred *c, int evt)
{
	if (c->kind != KP_LEAF)
		return false;
	const struct ast *a = c->check;
	if (a->op != OP_CONTAINS || a->mod != MOD_NONE || !a->lhs || a->lhs->kind != OPND_FIELD ||
	    !a->rhs || a->rhs->kind != OPND_STRING)
		return false;
	struct member m;
	long k = plan_leaf_id(pl, c, evt);
	if (k < 0 || !pl->leaves[k].expr || !c->leaf.cap || c->leaf.cap->src != KS_FD_PATH ||
	    !leaf_member(c, evt, &m) || m.fid != F_FD_NAMERAW || m.kind != MK_STR ||
	    member_lazy(&m))
		return false;
	size_t sn;
	const char *sv = kc_rhs_str(a, 0, &sn);
	for (size_t j = 0; sv && j + 3 <= sn; j++)
		if (!memcmp(sv + j, "../", 3))
			return true;
	return false;
}

/* Does p need `fd.nameraw contains S`, S holding "../" (a conjunct of its top-level AND or p
 * itself)? Then it is FALSE when fd.nameraw is MISSING or whole without "../". */
static bool px_raw_dotdot(const struct plan *pl, const struct kpred *p, int evt)
{
	size_t n = p->kind == KP_AND ? p->nkids : 1;
	for (size_t i = 0; i < n; i++)
		if (px_raw_leaf(pl, p->kind == KP_AND ? p->kids[i] : p, evt))
			return true;
	return false;
}

void plan_paths(struct plan *pl)
{
	for (size_t p = 0; p < pl->nprogs; p++) {
		struct plan_prog *pp = &pl->progs[p];
		pp->px = xcalloc(pp->ev->nentries + 1, sizeof(*pp->px));
		for (size_t i = 0; i < pp->ev->nentries; i++) {
			if (pp->fn[i] < 0 || (pp->dp.n && pp->dp.grp[i]))
				continue;
			const struct plan_rule *r = &pl->rules[pp->fn[i]];
			struct px_set s = {0};
			char *px = px_of(pl, r->pe->pred, r->evt, &s) && s.n ? px_expr(&s) : NULL;
			if (px_raw_dotdot(pl, r->pe->pred, r->evt)) { /* the cheaper test first */
				char *t = px ? xasprintf("LNR_RAW_DD(fv) && (%s)", px)
					     : xstrdup("LNR_RAW_DD(fv)");
				free(px);
				px = t;
			}
			pp->px[i] = px;
		}
	}
}

const char *plan_path_test(const struct plan_prog *pp, size_t pos)
{
	return pp->px && pos < pp->ev->nentries ? pp->px[pos] : NULL;
}
