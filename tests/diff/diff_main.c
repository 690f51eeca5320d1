/* diff_main.c — differential test of the generated kernel predicates against the interpreter.
 *
 * Built by tests/diff/run.sh with the generated C of a rules set included (-DLNR_HOST -include
 * GEN.c): the very rule/leaf functions the kernel runs, over the host struct lnr_fv. For random
 * and crafted events (per event type with rules: every value the kernel reads gets a state —
 * missing / whole / unknown — and a value from a pool built from the rules' own constants,
 * their prefixes, suffixes, extensions, boundary numbers), each rule's kernel result is compared
 * with eval_ast() of the rule's full condition over a getter that serves the same values:
 *   kernel FALSE ⇒ condition false (soundness), kernel TRUE ⇒ condition true (exactness).
 * A value the kernel holds as unknown is served as anything (random, or missing); values the
 * kernel never reads are random too.
 *
 * Per event the rule results are also composed as the kernel filter does (rules/rt.h
 * lnr_verdict_add over every rule in order: per-rule verdicts, first non-FALSE, maybe and TRUE
 * bits, early stop after a TRUE with rule_matching first) and decided as the loader does
 * (loader/eval/rule_engine.c engine_event: only maybe rules, kernel-TRUE ones without
 * evaluation, first/all); the alerts must equal those of evaluating every rule in userspace, for
 * both rule_matching values.
 *
 * Meta leaves (container.*, k8s.*, user.name...: gen/leaf_meta.h) read a bit the loader computes
 * by evaluating the check over the container's (user's) value; here lnr_host_meta plays the
 * loader: per event and kind the entry is absent (pending: UNKNOWN) or holds eval_ast of that
 * very check over the event's own values, found by its canonical text among the rules' checks.
 * Usage: diff_main N_EVENTS SEED RULES...
 */
#include <inttypes.h>
#include <stdbool.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "errnames.h"
#include "eval/eval.h"
#include "events.h"
#include "fields.h"
#include "flags.h"
#include "leaf_meta.h"
#include "pushdown.h"
#include "rules.h"

/* ---- random ------------------------------------------------------------------------------- */
static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static size_t rndn(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* ---- value pools from the rules' constants -------------------------------------------------- */
struct pool {
	char **s;
	size_t n, cap;
	int64_t *num;
	size_t nnum, capnum;
};
static struct pool pool;

static void add_str(const char *s, size_t n)
{
	if (n > 300)
		n = 300;
	if (pool.n == pool.cap) {
		pool.cap = pool.cap ? pool.cap * 2 : 256;
		pool.s = realloc(pool.s, pool.cap * sizeof(char *));
	}
	pool.s[pool.n++] = strndup(s, n);
}
static void add_num(int64_t v)
{
	if (pool.nnum == pool.capnum) {
		pool.capnum = pool.capnum ? pool.capnum * 2 : 256;
		pool.num = realloc(pool.num, pool.capnum * sizeof(int64_t));
	}
	pool.num[pool.nnum++] = v;
}

static void collect(const struct ast *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nkids; i++)
		collect(a->kids[i]);
	if (a->kind != AST_CHECK)
		return;
	for (size_t i = 0; i < a->nvals; i++) {
		const struct typed_value *t = &a->vals[i];
		if (t->s) {
			add_str(t->s, t->len);
			/* prefixes, suffixes, extensions: boundaries of every string operator */
			if (t->len > 1) {
				add_str(t->s, t->len - 1);
				add_str(t->s + 1, t->len - 1);
			}
			char buf[400];
			snprintf(buf, sizeof(buf), "%.*s/x", (int)(t->len > 300 ? 300 : t->len),
				 t->s);
			add_str(buf, strlen(buf));
			snprintf(buf, sizeof(buf), "/a/%.*s", (int)(t->len > 300 ? 300 : t->len),
				 t->s);
			add_str(buf, strlen(buf));
			snprintf(buf, sizeof(buf), "%.*sx", (int)(t->len > 300 ? 300 : t->len),
				 t->s);
			add_str(buf, strlen(buf));
			/* glob: the pattern with every '*' replaced by nothing and by "a/b" */
			if (a->op == OP_GLOB || a->op == OP_IGLOB) {
				char g1[400], g2[400];
				size_t k1 = 0, k2 = 0;
				for (size_t i = 0; i < t->len && k2 + 4 < sizeof(g2); i++) {
					if (t->s[i] == '*') {
						memcpy(g2 + k2, "a/b", 3);
						k2 += 3;
						continue;
					}
					g1[k1++] = t->s[i];
					g2[k2++] = t->s[i];
				}
				add_str(g1, k1);
				add_str(g2, k2);
			}
			/* icontains: the constant with its ASCII letters' case changed (all upper,
			 * every other one flipped), and embedded in a mixed-case value */
			size_t cl = t->len > 300 ? 300 : t->len;
			for (size_t i = 0; i < cl; i++)
				buf[i] = (char)toupper((unsigned char)t->s[i]);
			add_str(buf, cl);
			for (size_t i = 0; i < cl; i++)
				buf[i] = i % 2 ? (char)tolower((unsigned char)t->s[i])
					       : (char)toupper((unsigned char)t->s[i]);
			add_str(buf, cl);
			snprintf(buf, sizeof(buf), "X %.*s Y", (int)cl, t->s);
			for (size_t i = 0; i < cl; i += 3)
				buf[2 + i] = (char)toupper((unsigned char)buf[2 + i]);
			add_str(buf, strlen(buf));
		}
		add_num(t->i);
		add_num(t->i + 1);
		add_num(t->i - 1);
		if (t->family == 4) { /* addresses as the kernel's IPv4 members hold them */
			uint32_t ip = ((uint32_t)t->ip[0] << 24) | ((uint32_t)t->ip[1] << 16) |
				      ((uint32_t)t->ip[2] << 8) | t->ip[3];
			add_num(ip);
			add_num(ip + 1);
			add_num(ip | 0xffu);
			add_num(ip ^ 0x80000000u);
		}
	}
}

static const char *const fixed_strs[] = {"",	 "/",	    "/etc", "/etc/",   "/tmp/secret",
					 "a",	 "sh",	    "bash", "/bin/sh", "runc",
					 "host", "SUCCESS", "<NA>"};
static const int64_t fixed_nums[] = {
	0,	   1,	      -1, 2,   255,	     256, 65535, 65536, 4294967295LL, 4294967296LL,
	INT64_MAX, INT64_MIN, -2, -13, -2147483648LL};

/* a random string from the pool, possibly cut */
static const char *pick_str(char *buf, size_t cap)
{
	const char *s = pool.s[rndn(pool.n)];
	size_t n = strlen(s);
	switch (rndn(8)) {
	case 0: /* cut */
		n = rndn(n + 1);
		break;
	case 1: { /* join two */
		const char *t = pool.s[rndn(pool.n)];
		snprintf(buf, cap, "%s%s%s", s, rndn(2) ? "/" : "", t);
		return buf;
	}
	default:
		break;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return buf;
}

static int64_t pick_num(void)
{
	int64_t v = pool.num[rndn(pool.nnum)];
	if (rndn(10) == 0)
		v = (int64_t)rnd();
	return v;
}

/* Normalised absolute path (what an OK fd.name is in the kernel). */
static void normalise(const char *in, char *out, size_t cap)
{
	size_t k = 0;
	const char *p = in;
	while (*p) {
		while (*p == '/')
			p++;
		size_t l = strcspn(p, "/");
		if (!l)
			break;
		bool dot = (l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.');
		if (!dot && k + l + 2 < cap) {
			out[k++] = '/';
			memcpy(out + k, p, l);
			k += l;
		}
		p += l;
	}
	if (!k)
		out[k++] = '/';
	out[k] = 0;
}

/* An IP socket's fd.name as userspace renders it (fields_extract.c: "ip:port->ip:port", a bound
 * socket "ip:port", IPv6 text), or any pool string with its '/' taken out: what the kernel's
 * LNR_ST_NOSLASH promises is only that there is no '/'. */
static void noslash_name(const char *in, char *out, size_t cap)
{
	static const char *const tuples[] = {"127.0.0.1:41234->127.0.0.1:8080",
					     "10.0.0.1:22",
					     "::1:5555->::1:80",
					     "0.0.0.0:0->0.0.0.0:0",
					     "::ffff:1.2.3.4:1->fe80::1:2",
					     ""};
	size_t k = 0;
	if (rndn(2)) {
		snprintf(out, cap, "%s", tuples[rndn(sizeof(tuples) / sizeof(tuples[0]))]);
		return;
	}
	for (; *in && k + 1 < cap; in++)
		if (*in != '/')
			out[k++] = *in;
	out[k] = 0;
}

/* ---- one fake event -------------------------------------------------------------------------- */

#define MAXM 128
struct mval {
	const struct lnr_host_member *m;
	int st;	     /* LNR_ST_* */
	int present; /* what the interpreter sees for an UNK value */
	/* a value as long as the largest buffer (proc.env's 4096 bytes), and its NUL */
	char s[4096 + 1];
	int64_t v;
};

struct cached {
	int fid, anc;
	char arg[64];
	bool present;
	char s[512];
	int64_t v;
};

struct event {
	int evt;
	struct mval mv[MAXM];
	size_t nmv;
	int chain; /* ancestors that exist */
	struct cached cache[64];
	size_t ncache;
};

/* proc.a*[N]: values of the N-th ancestor (proc.p* are level 1) */
static bool is_anc_fid(int fid)
{
	return fid == F_PROC_ANAME || fid == F_PROC_AEXE || fid == F_PROC_AEXEPATH ||
	       fid == F_PROC_ACMDLINE;
}

static bool is_caps_fid(int fid)
{
	return fid == F_THREAD_CAP_PERMITTED || fid == F_THREAD_CAP_EFFECTIVE ||
	       fid == F_THREAD_CAP_INHERITABLE;
}

static bool member_is_path(int fid)
{
	return fid == F_FD_NAME || fid == F_FD_DIRECTORY;
}

/* A raw flag/enum value: often exactly a name of the parameter's table (enum equality), or a
 * few of its bits (bit tests), or anything. */
static int64_t raw_param(int evt, const char *name)
{
	const struct evt_param *p = evt_param_by_name(evt, name, NULL);
	size_t n = 0;
	const struct flag_entry *e = p ? flag_table_entries(p->table, &n) : NULL;
	uint64_t v = 0;
	switch (rndn(4)) {
	case 0:
		return (int64_t)rnd();
	case 1:
		return n ? (int64_t)e[rndn(n)].value : 0;
	default:
		for (int k = (int)rndn(4); k >= 0 && n; k--)
			v |= e[rndn(n)].value;
		if (!strcmp(name, "flags") && (evt == EVT_open || evt == EVT_openat ||
					       evt == EVT_openat2 || evt == EVT_creat))
			v &= 0xffffffffu; /* the open family's flags are 32-bit in the record */
		return (int64_t)v;
	}
}

/* ---- meta leaves: the loader's bits ------------------------------------------------------------
 */
static struct {
	char *text;
	const struct ast *check;
} * mchecks;
static size_t nmchecks, mcap;
static struct event *cur_ev;
static bool meta_absent[LNR_MK_COUNT]; /* this event's entries: pending */
static long meta_lookups, meta_absent_n, meta_unmatched;

static void collect_meta(const struct ast *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nkids; i++)
		collect_meta(a->kids[i]);
	if (a->kind != AST_CHECK || !a->lhs || a->lhs->kind != OPND_FIELD || !a->lhs->field ||
	    leaf_meta_kind(a->lhs->field->id) < 0)
		return;
	if (nmchecks == mcap) {
		mcap = mcap ? 2 * mcap : 64;
		mchecks = realloc(mchecks, mcap * sizeof(*mchecks));
	}
	mchecks[nmchecks].text = ast_print(a);
	mchecks[nmchecks++].check = a;
}

static bool getter(void *ctx, const struct operand *ref, struct fieldval *out);

int lnr_host_meta(int kind, __u32 bit, const char *check)
{
	(void)bit;
	meta_lookups++;
	if (kind < 0 || kind >= LNR_MK_COUNT || meta_absent[kind]) {
		meta_absent_n++;
		return LNR_U;
	}
	for (size_t i = 0; i < nmchecks; i++)
		if (!strcmp(mchecks[i].text, check))
			return eval_ast(mchecks[i].check, getter, cur_ev) ? LNR_T : LNR_F;
	if (meta_unmatched++ < 5)
		fprintf(stderr, "diff: meta leaf check not among the rules' checks: %s\n", check);
	return LNR_U;
}

/* proc.env: the kernel holds the variables NUL-separated (maybe with the last one's NUL),
 * userspace's value (loader/eval/fields_env.c) joins them with spaces. */
static void fill_env(struct mval *v, char *kernel, uint32_t *klen, size_t size)
{
	size_t n = 0, k = 1 + rndn(4);
	char buf[4096];
	/* one in eight: an environment longer than the buffer, of which both sides hold the first
	 * `size` bytes (the exec record's prefix), cut inside a variable */
	int full = !rndn(8);
	for (size_t i = 0; full || i < k; i++) {
		const char *p = pick_str(buf, sizeof(buf));
		size_t pn = strlen(p);
		if (full && n + pn + 1 > size) { /* pn >= size - n: the cut falls in this one */
			memcpy(kernel + n, p, size - n);
			n = size;
			break;
		}
		if (n + pn + 1 >= size)
			break;
		memcpy(kernel + n, p, pn);
		n += pn;
		kernel[n++] = 0;
	}
	*klen = (uint32_t)n;
	if (full)
		n -= !kernel[n - 1]; /* cut just after a NUL: it ends the last variable */
	else if (n && rndn(2))
		*klen = (uint32_t)--n; /* no final NUL */
	else if (n)
		n--; /* the final NUL ends the last variable */
	for (size_t i = 0; i < n; i++)
		v->s[i] = kernel[i] ? kernel[i] : ' ';
	v->s[n] = 0;
}

static void fill_event(struct event *ev, int evt)
{
	ev->evt = evt;
	cur_ev = ev;
	for (int k = 0; k < LNR_MK_COUNT; k++)
		meta_absent[k] = rndn(4) == 0;
	ev->nmv = 0;
	ev->ncache = 0;
	ev->chain = (int)rndn(LANNER_MAX_ANCESTOR_INDEX + 3);
	memset(&lnr_host_fv, 0, sizeof(lnr_host_fv));
	int anc_unk = 0; /* the kernel's walk stops at a miss: every later level is unknown */
	for (const struct lnr_host_member *m = lnr_host_members; m->fid >= 0; m++) {
		struct mval *v = &ev->mv[ev->nmv++];
		v->m = m;
		int r = (int)rndn(10);
		v->st = r < 1 ? LNR_ST_MISSING : r < 3 ? LNR_ST_UNK : LNR_ST_OK;
		bool anc = is_anc_fid(m->fid) && m->level >= 1;
		if (anc && m->level > ev->chain)
			v->st = LNR_ST_MISSING; /* beyond the chain: ended */
		else if (anc && v->st == LNR_ST_MISSING)
			v->st = LNR_ST_OK;
		if (anc && v->st != LNR_ST_MISSING) {
			if (anc_unk)
				v->st = LNR_ST_UNK;
			anc_unk |= v->st == LNR_ST_UNK;
		}
		v->present = (int)rndn(4) != 0;
		char buf[4096];
		/* fd.name of an IP socket: the kernel knows only that it has no '/' */
		if (m->fid == F_FD_NAME && rndn(4) == 0)
			v->st = LNR_ST_NOSLASH;
		if (m->is_str) {
			const char *s = pick_str(buf, sizeof(buf));
			char nb[4096];
			if (v->st == LNR_ST_NOSLASH) {
				noslash_name(s, nb, sizeof(nb));
				s = nb;
			} else if (member_is_path(m->fid)) {
				normalise(s, nb, sizeof(nb));
				s = nb;
			}
			size_t n = strlen(s);
			if (n >= (size_t)m->size)
				n = (size_t)m->size - 1;
			memcpy(v->s, s, n);
			v->s[n] = 0;
			struct {
				uint32_t len;
				uint8_t st;
				uint8_t pad[3];
				char s[];
			} *dst = (void *)((char *)&lnr_host_fv + m->off);
			dst->len = (uint32_t)n;
			dst->st = (uint8_t)v->st;
			memcpy(dst->s, v->s, n);
			if (m->fid == F_PROC_ENV)
				fill_env(v, dst->s, &dst->len, (size_t)m->size);
		} else {
			v->v = pick_num();
			const struct field_info *mf = field_by_id(m->fid);
			if ((mf && mf->type == FT_BOOL) || m->fid == F_EVT_FAILED)
				v->v = (int64_t)rndn(
					2); /* booleans (proc.is_exe_*...) are 0 or 1 */
			if (m->fid == F_EVT_RAWRES && rndn(3) == 0)
				v->v = -(int64_t)rndn(140);
			if (m->fid == F_EVT_ARG)
				v->v = raw_param(evt, m->param);
			if (is_caps_fid(m->fid)) /* a set: none, one bit, a few, any */
				v->v = (int64_t)(rndn(4) == 0	? 0
						 : rndn(3) == 0 ? 1ull << rndn(64)
						 : rndn(2)	? rnd() & rnd() & rnd()
								: rnd());
			struct lnr_num *dst = (void *)((char *)&lnr_host_fv + m->off);
			dst->v = v->v;
			dst->st = (uint8_t)v->st;
		}
	}
}

static const struct mval *member_of(const struct event *ev, int fid, int level, const char *param)
{
	for (size_t i = 0; i < ev->nmv; i++)
		if (ev->mv[i].m->fid == fid && ev->mv[i].m->level == level &&
		    (!param || !strcmp(ev->mv[i].m->param, param)))
			return &ev->mv[i];
	return NULL;
}

static bool put_kind(const struct field_info *f, struct fieldval *out, const char *s, int64_t v)
{
	enum ftype_class c = ftype_class(f->type);
	if (c == FTC_STRING || c == FTC_BYTEBUF) {
		out->kind = FV_STR;
		out->s = s;
		out->len = strlen(s);
		return true;
	}
	if (c == FTC_BOOL) {
		out->kind = FV_BOOL;
		out->i = v != 0;
		return true;
	}
	if (c == FTC_NUMERIC) {
		bool sgn = f->type == FT_INT8 || f->type == FT_INT16 || f->type == FT_INT32 ||
			   f->type == FT_INT64 || f->type == FT_ERRNO || f->type == FT_FD ||
			   f->type == FT_PID || f->type == FT_DOUBLE;
		out->kind = sgn ? FV_INT : FV_UINT;
		out->i = v;
		return true;
	}
	return false; /* addresses: not generated (the kernel has no such member) */
}

/* A random value for a field the kernel does not read (or holds as unknown); the same within
 * one event. */
static bool random_value(struct event *ev, const struct field_info *f, const char *arg, int anc,
			 struct fieldval *out)
{
	for (size_t i = 0; i < ev->ncache; i++) {
		struct cached *c = &ev->cache[i];
		if (c->fid == (int)f->id && c->anc == anc && !strcmp(c->arg, arg ? arg : ""))
			return c->present && put_kind(f, out, c->s, c->v);
	}
	if (ev->ncache == 64)
		ev->ncache = 0;
	struct cached *c = &ev->cache[ev->ncache++];
	c->fid = (int)f->id;
	c->anc = anc;
	snprintf(c->arg, sizeof(c->arg), "%s", arg ? arg : "");
	c->present = rndn(5) != 0;
	char buf[4096];
	snprintf(c->s, sizeof(c->s), "%s", pick_str(buf, sizeof(buf)));
	c->v = pick_num();
	if (f->type == FT_BOOL)
		c->v = (int64_t)rndn(2);
	return c->present && put_kind(f, out, c->s, c->v);
}

static char flagbuf[1024];

/* proc.aname (any) past LANNER_ANCESTOR_DEPTH as the kernel's deep walk (lnr_any_deep) would see
 * this event: level by level what the userspace getter gives (the same cached values), a level
 * beyond the chain or absent ends it (FALSE), an unknown level stops the walk (UNKNOWN); names
 * compared as the kernel does, two words each against the needles the leaf set (lnr_dq). */
int lnr_host_any_deep(__u32 n, __u32 neg)
{
	struct event *ev = cur_ev;
	const struct field_info *f = field_by_id(F_PROC_ANAME);
	const struct mval *top = member_of(ev, F_PROC_ANAME, LANNER_ANCESTOR_DEPTH, NULL);
	if (!top || !f)
		return LNR_U;
	if (top->st != LNR_ST_OK)
		return top->st == LNR_ST_MISSING ? LNR_F : LNR_U;
	for (int lv = LANNER_ANCESTOR_DEPTH + 1; lv <= LANNER_ANCESTOR_ANY_DEPTH; lv++) {
		if (lv > ev->chain)
			return LNR_F;
		const struct mval *mv = member_of(ev, F_PROC_ANAME, lv, NULL);
		const char *s;
		struct fieldval v;
		if (mv && mv->st == LNR_ST_MISSING)
			return LNR_F;
		if (mv && mv->st != LNR_ST_OK)
			return LNR_U;
		if (mv) {
			s = mv->s;
		} else {
			if (!random_value(ev, f, NULL, lv, &v))
				return LNR_F;
			s = v.s;
		}
		size_t len = strlen(s);
		if (len >= LANNER_MAX_COMM)
			return LNR_U; /* no comm is that long */
		uint64_t w[2] = {0, 0};
		memcpy(w, s, len);
		int hit = 0;
		for (__u32 j = 0; j < n && j < LANNER_ANCESTOR_ANY_NAMES; j++)
			hit |= lnr_host_dq[j][0] == w[0] && lnr_host_dq[j][1] == w[1];
		if (hit != (int)neg)
			return LNR_T;
	}
	return LNR_U;
}

static bool getter(void *ctx, const struct operand *ref, struct fieldval *out)
{
	struct event *ev = ctx;
	const struct field_info *f = ref->field;
	const char *arg = field_operand_arg(ref);
	const struct evt_info *ei = evt_info(ev->evt);
	if (!f)
		return false;
	switch (f->id) {
	case F_EVT_TYPE:
		out->kind = FV_STR;
		out->s = evt_name(ev->evt);
		out->len = strlen(out->s);
		return true;
	case F_EVT_DIR:
		out->kind = FV_STR;
		out->s = "<";
		out->len = 1;
		return true;
	case F_EVT_NUM:
		out->kind = FV_UINT;
		out->i = 1 + (int64_t)rndn(1000);
		return true;
	default:
		break;
	}
	if (!strncmp(f->name, "fd.", 3) &&
	    !(ei->flags & (EF_CREATES_FD | EF_DESTROYS_FD | EF_USES_FD)))
		return false;
	/* bpf, userfaultfd: the record names no file (fields_extract.c: fd.name missing) */
	if (f->id == F_FD_NAME && (ev->evt == EVT_bpf || ev->evt == EVT_userfaultfd))
		return false;
	int level = -1;
	int fid = (int)f->id;
	if (f->id == F_PROC_PNAME || f->id == F_PROC_PEXE || f->id == F_PROC_PEXEPATH ||
	    f->id == F_PROC_PCMDLINE) {
		fid = f->id == F_PROC_PNAME	 ? F_PROC_ANAME
		      : f->id == F_PROC_PEXE	 ? F_PROC_AEXE
		      : f->id == F_PROC_PEXEPATH ? F_PROC_AEXEPATH
						 : F_PROC_ACMDLINE;
		level = 1;
		if (level > ev->chain)
			return false;
	} else if (is_anc_fid(f->id)) {
		level = arg ? atoi(arg) : out->anc;
		if (level > ev->chain)
			return false;
	} else if (f->id == F_EVT_RES) {
		fid = F_EVT_RAWRES;
	} else if (f->id == F_FD_SNET || f->id == F_FD_SIP) {
		fid = F_FD_SIP;
	} else if (f->id == F_FD_CNET || f->id == F_FD_CIP) {
		fid = F_FD_CIP;
	} else if (f->id == F_FD_IP || f->id == F_FD_NET) {
		fid = out->side == FV_SIDE_SERVER ? F_FD_SIP : F_FD_CIP; /* either endpoint */
	}
	const struct evt_param *param = NULL;
	if (f->id == F_EVT_ARG && arg && !ref->arg) {
		param = evt_param_by_name(ev->evt, arg, NULL);
		if (!param)
			return false;
	}
	if ((f->id == F_EVT_IS_OPEN_READ || f->id == F_EVT_IS_OPEN_WRITE) &&
	    !member_of(ev, fid, -1, NULL))
		return put_kind(f, out, "", 0); /* false on other events */
	const struct mval *mv = NULL;
	if (f->id == F_EVT_ARG) {
		if (param)
			mv = member_of(ev, F_EVT_ARG, -1, param->name);
	} else {
		mv = member_of(ev, fid, level, NULL);
	}
	if (mv && mv->st == LNR_ST_MISSING)
		return false;
	if (!mv || mv->st == LNR_ST_UNK) {
		if (f->id == F_EVT_ARG && param && param->table != FLT_NONE) {
			flags_render(param->table, (uint64_t)(uint32_t)rnd(), flagbuf,
				     sizeof(flagbuf));
			return put_kind(f, out, flagbuf, 0);
		}
		if (mv && !mv->present)
			return false;
		return random_value(ev, f, arg, level, out);
	}
	if (f->id == F_EVT_RES) {
		const char *n = mv->v >= 0 ? "SUCCESS" : errno_name((int)-mv->v);
		if (!n) /* the evaluator's rendering of an errno without a name */
			n = "UNKNOWN";
		return put_kind(f, out, n, 0);
	}
	if (fid == F_FD_SIP || fid == F_FD_CIP) { /* an IPv4 address held as a number */
		uint32_t ip = (uint32_t)mv->v;
		out->kind = FV_IP;
		out->family = 4;
		memset(out->ip, 0, sizeof(out->ip));
		out->ip[0] = (uint8_t)(ip >> 24);
		out->ip[1] = (uint8_t)(ip >> 16);
		out->ip[2] = (uint8_t)(ip >> 8);
		out->ip[3] = (uint8_t)ip;
		return true;
	}
	if (is_caps_fid(f->id)) {
		caps_render((uint64_t)mv->v, flagbuf, sizeof(flagbuf));
		return put_kind(f, out, flagbuf, 0);
	}
	if (f->id == F_EVT_ARG && mv->m->is_str)
		return put_kind(f, out, mv->s, 0);
	if (f->id == F_EVT_ARG) {
		flags_render(param->table, (uint64_t)mv->v, flagbuf, sizeof(flagbuf));
		return put_kind(f, out, flagbuf, 0);
	}
	return put_kind(f, out, mv->s, mv->v);
}

/* ---- main ------------------------------------------------------------------------------------ */

static void dump_event(const struct event *ev)
{
	fprintf(stderr, "  event %s, ancestors %d\n", evt_name(ev->evt), ev->chain);
	for (size_t i = 0; i < ev->nmv; i++) {
		const struct mval *v = &ev->mv[i];
		const struct field_info *f = field_by_id((enum field_id)v->m->fid);
		fprintf(stderr, "  %s[%d] %s ", f ? f->name : "?", v->m->level,
			v->st == LNR_ST_OK	  ? "OK"
			: v->st == LNR_ST_UNK	  ? "UNK"
			: v->st == LNR_ST_NOSLASH ? "NOSLASH"
						  : "MISSING");
		if (v->m->is_str)
			fprintf(stderr, "\"%s\"\n", v->s);
		else
			fprintf(stderr, "%" PRId64 "\n", v->v);
	}
}

/* ---- per-rule verdicts: the kernel's composition and the loader's decision ----------------- */
#define MAX_POS 4096
static long vbad, vevals, vshipped, vevents;

static void check_verdict(const __s8 *k, const bool *full, size_t n, int first,
			  const struct lnr_host_rule *const *hr, struct pushdown *pd)
{
	struct lnr_verdict v;
	lnr_verdict_init(&v);
	for (size_t i = 0; i < n && !v.stop; i++)
		lnr_verdict_add(&v, (__s32)i, k[i], first);
	static bool want[MAX_POS], got[MAX_POS];
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		want[i] = full[i] && !(first && any);
		any |= full[i];
		got[i] = false;
	}
	vevents++;
	if (v.first >= 0) {
		vshipped++;
		uint64_t truth = v.truth | (v.state == LNR_T ? 1 : 0);
		for (size_t p = (size_t)v.first; p < n; p++) {
			size_t d = p - (size_t)v.first;
			if (d < 64 && !((v.maybe >> d) & 1))
				continue;
			bool m = d < 64 && ((truth >> d) & 1);
			if (!m) {
				vevals++;
				m = full[p];
			}
			if (!m)
				continue;
			got[p] = true;
			if (first)
				break;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (want[i] != got[i] && vbad++ < 5)
			fprintf(stderr, "diff: verdict (%s): rule %s %s but the loader %s\n",
				first ? "first" : "all", pd->rules[hr[i]->rule_index].rule->name,
				want[i] ? "alerts" : "does not alert",
				got[i] ? "alerts" : "does not");
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s N_EVENTS SEED RULES...\n", argv[0]);
		return 2;
	}
	long nev = atol(argv[1]);
	rng ^= (uint64_t)atoll(argv[2]) * 0x9e3779b97f4a7c15ull;
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	for (int i = 3; i < argc; i++)
		if (ruleset_load_path(rs, argv[i], &d) > 0) {
			fprintf(stderr, "diff: cannot load %s\n", argv[i]);
			return 2;
		}
	diags_free(&d);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	if (!pd)
		return 2;
	for (size_t i = 0; i < pd->nrules; i++) {
		collect(pd->rules[i].rule->ast);
		collect_meta(pd->rules[i].rule->ast);
	}
	for (size_t i = 0; i < sizeof(fixed_strs) / sizeof(fixed_strs[0]); i++)
		add_str(fixed_strs[i], strlen(fixed_strs[i]));
	for (size_t i = 0; i < sizeof(fixed_nums) / sizeof(fixed_nums[0]); i++)
		add_num(fixed_nums[i]);
	/* the table must describe this very rules set */
	size_t nhr = 0;
	for (const struct lnr_host_rule *r = lnr_host_rules; r->evt >= 0; r++, nhr++)
		if (r->rule_index >= pd->nrules) {
			fprintf(stderr, "diff: generated C does not match the rules\n");
			return 2;
		}
	if (!nhr) {
		fprintf(stderr, "diff: no kernel rule entries\n");
		return 2;
	}
	/* event types with rules */
	int evts[512];
	size_t nevts = 0;
	for (const struct lnr_host_rule *r = lnr_host_rules; r->evt >= 0; r++)
		if (!nevts || evts[nevts - 1] != r->evt)
			evts[nevts++] = r->evt;

	static struct event ev;
	long checks = 0, ktrue = 0, kfalse = 0, kunk = 0, bad = 0, pskips = 0;
	for (long n = 0; n < nev; n++) {
		int evt = evts[rndn(nevts)];
		fill_event(&ev, evt);
		static __s8 ks[MAX_POS];
		static bool fulls[MAX_POS];
		static const struct lnr_host_rule *hrs[MAX_POS];
		size_t nk = 0;
		for (const struct lnr_host_rule *r = lnr_host_rules; r->evt >= 0; r++) {
			if (r->evt != evt)
				continue;
			const struct rl_rule *rule = pd->rules[r->rule_index].rule;
			int k = r->fn ? r->fn() : LNR_U; /* no function: constant UNKNOWN */
			bool full = eval_ast(rule->ast, getter, &ev);
			if (nk < MAX_POS) {
				ks[nk] = (__s8)k;
				fulls[nk] = full;
				hrs[nk++] = r;
			}
			checks++;
			if (k == LNR_T)
				ktrue++;
			else if (k == LNR_F)
				kfalse++;
			else
				kunk++;
			/* the filter's proc.name mask skips only rules whose function is FALSE
			 * (each one a disagreement; the first few printed) */
			if (k != LNR_F && lnr_host_name_skip(evt, r->pos) && bad++ < 5) {
				fprintf(stderr,
					"diff: %s: the proc.name mask skips it, the kernel says "
					"%s\n",
					rule->name, k == LNR_T ? "TRUE" : "UNKNOWN");
				dump_event(&ev);
			}
			/* ... and so does the path prefix test */
			bool pskip = lnr_host_path_skip(evt, r->pos);
			pskips += pskip;
			if (k != LNR_F && pskip && bad++ < 5) {
				fprintf(stderr,
					"diff: %s: the path prefix test skips it, the kernel says "
					"%s\n",
					rule->name, k == LNR_T ? "TRUE" : "UNKNOWN");
				dump_event(&ev);
			}
			if ((k == LNR_F && full) || (k == LNR_T && !full)) {
				if (bad++ < 5) {
					fprintf(stderr,
						"diff: %s: kernel %s but the condition is %s\n",
						rule->name, k == LNR_T ? "TRUE" : "FALSE",
						full ? "true" : "false");
					dump_event(&ev);
				}
			}
		}
		check_verdict(ks, fulls, nk, 1, hrs, pd);
		check_verdict(ks, fulls, nk, 0, hrs, pd);
	}
	printf("diff: %ld events, %ld rule checks: kernel TRUE %ld, FALSE %ld, UNKNOWN %ld; "
	       "%ld disagreements\n",
	       nev, checks, ktrue, kfalse, kunk, bad);
	printf("diff: %ld rule checks skipped by a path prefix test (each one FALSE)\n", pskips);
	printf("diff: verdicts (first and all): %ld decisions, %ld shipped, %.2f userspace "
	       "evaluations per shipped event; %ld disagreements\n",
	       vevents, vshipped, vshipped ? (double)vevals / (double)vshipped : 0.0, vbad);
	printf("diff: meta leaves: %ld lookups, %ld of them pending (UNKNOWN); %ld checks not "
	       "found\n",
	       meta_lookups, meta_absent_n, meta_unmatched);
	bad += vbad + meta_unmatched;
	for (size_t i = 0; i < nmchecks; i++)
		free(mchecks[i].text);
	free(mchecks);
	pushdown_free(pd);
	ruleset_free(rs);
	eval_cache_clear();
	for (size_t i = 0; i < pool.n; i++)
		free(pool.s[i]);
	free(pool.s);
	free(pool.num);
	return bad ? 1 : 0;
}
