/* rules/rt.h — runtime of the generated rule filters (gen/emit_c.c), shared by the BPF build and
 * the host build of the differential test (tests/diff/): Kleene truth values, field-value
 * states, the bounded-loop primitive, and string tests over a masked buffer.
 *
 * Field values live in a per-event struct (struct lnr_fv_<evt>, generated) held in a per-CPU map
 * in the kernel and in a plain global on the host. Each value carries a state:
 *   LNR_ST_MISSING  Falco has no value: every check on it is FALSE (`!=` and `exists` too)
 *   LNR_ST_OK       the kernel has Falco's whole value
 *   LNR_ST_UNK      the kernel has not (truncated, unnormalised/relative path, map miss...):
 *                   every check on it is UNKNOWN
 *   LNR_ST_NOSLASH  the kernel has not, but knows the value holds no '/' (an IPv4/IPv6 socket's
 *                   fd.name: address and port text): a leaf whose constants each hold a '/'
 *                   is FALSE (`!=` TRUE, lnr_leaf_ns), every other check UNKNOWN
 * String reads are masked with the buffer size minus one (buffers are powers of two), so every
 * access is provably inside the buffer whatever the length says.
 */
#ifndef LANNER_RULES_RT_H
#define LANNER_RULES_RT_H

#ifdef LNR_HOST
#include <linux/types.h>
#include <stdint.h>
#include <string.h>
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define LNR_NOINLINE	     __attribute__((noinline))
#define LNR_SCAN_BOUND(scan) (scan)
#define LNR_LEAF_PARAMS	     struct lnr_fv *fv
#define LNR_LEAF_FV
#define LNR_LEAF_ARGS(fv) (fv)
#define LNR_LOOP(n, cb, ctx)                                                                       \
	do {                                                                                       \
		for (__u32 lnr_i_ = 0; lnr_i_ < (__u32)(n); lnr_i_++)                              \
			if ((cb)(lnr_i_, (ctx)))                                                   \
				break;                                                             \
	} while (0)
#else
#include "helpers/compat.h"
/* helpers/compat.h: contains scans stop at LNR_OLD_SCAN positions where bpf_loop is missing
 * (UNKNOWN past them) */
#define LNR_NOINLINE __noinline
/* A leaf function (gen/emit_rules.c) takes the per-CPU values it reads as its argument; where
 * global functions take no pointers (5.10, helpers/compat.h LNR_NO_GLOBAL_PTR) it looks them up
 * itself, so it stays global: verified once, not once per call. */
#ifdef LNR_NO_GLOBAL_PTR
#define LNR_LEAF_PARAMS void
#define LNR_LEAF_FV	struct lnr_fv *fv = LNR_FV();
#define LNR_LEAF_ARGS(fv)
#else
#define LNR_LEAF_PARAMS struct lnr_fv *fv
#define LNR_LEAF_FV
#define LNR_LEAF_ARGS(fv) (fv)
#endif
#define LNR_SCAN_BOUND(scan) LNR_LOOP_BOUND((scan), LNR_OLD_SCAN)
#define LNR_LOOP(n, cb, ctx) LNR_BPF_LOOP((n), (cb), (ctx), LNR_OLD_SCAN)
#endif

/* Kleene truth values (int8). */
#define LNR_F 0
#define LNR_T 1
#define LNR_U 2

/* Field-value states. */
#define LNR_ST_MISSING 0
#define LNR_ST_OK      1
#define LNR_ST_UNK     2
#define LNR_ST_NOSLASH 3

/* Value holders of the generated struct lnr_fv_<evt>. */
#define LNR_STR(n)                                                                                 \
	struct {                                                                                   \
		__u32 len;                                                                         \
		__u8 st;                                                                           \
		__u8 pad[3];                                                                       \
		char s[n];                                                                         \
	}
struct lnr_num {
	__s64 v;
	__u8 st;
	__u8 pad[7];
};

/* Kleene's AND (z = F) and OR (z = T): z on either side decides; else UNKNOWN on either side
 * leaves it UNKNOWN; else both are the other value. */
static __always_inline __s8 lnr_kleene(__s8 a, __s8 b, __s8 z)
{
	if (a == z || b == z)
		return z;
	if (a == LNR_U || b == LNR_U)
		return LNR_U;
	return z == LNR_F ? LNR_T : LNR_F;
}

static __always_inline __s8 lnr_and(__s8 a, __s8 b)
{
	return lnr_kleene(a, b, LNR_F);
}

static __always_inline __s8 lnr_or(__s8 a, __s8 b)
{
	return lnr_kleene(a, b, LNR_T);
}

static __always_inline __s8 lnr_not(__s8 a)
{
	return a == LNR_U ? LNR_U : a == LNR_T ? LNR_F : LNR_T;
}

/* A leaf over a value in state st whose test (on an OK value) gave m (0/1), or LNR_U when the
 * test itself could not decide (contains beyond the scan window). neg: the operator is `!=`. */
static __always_inline __s8 lnr_leaf(__u8 st, int m, int neg)
{
	if (st == LNR_ST_MISSING)
		return LNR_F;
	if (st != LNR_ST_OK || m == LNR_U)
		return LNR_U;
	return (m != 0) != (neg != 0) ? LNR_T : LNR_F;
}

/* lnr_leaf for a string test whose constants each hold a '/' (gen/kernel_caps.c: kc_leaf.noslash):
 * a present value without '/' equals, starts, ends with, contains (or globs over) none of them. */
static __always_inline __s8 lnr_leaf_ns(__u8 st, int m, int neg)
{
	if (st == LNR_ST_NOSLASH)
		return neg ? LNR_T : LNR_F;
	return lnr_leaf(st, m, neg);
}

/* Masked byte read: in bounds whatever i is. */
#define LNR_CH(s, i, mask) ((s)[(i) & (mask)])

/* A Kleene value passed through memory (fv->k): the verifier then holds it as an unknown byte
 * instead of a constant per path, so the paths of each leaf merge instead of multiplying. */
#define LNR_K(fv, x)                                                                               \
	({                                                                                         \
		*(volatile __s8 *)&(fv)->k = (__s8)(x);                                            \
		*(volatile __s8 *)&(fv)->k;                                                        \
	})

/* Path normalisation as userspace does it (loader/record.c rec_path_resolve): an absolute path
 * (or base + '/' + relative path) fed one byte at a time, '/' and end separating components;
 * empty and "." components dropped, ".." drops the previous one ("/.." is "/"). out must hold
 * LNR_PN_MAX bytes; a result that does not fit, or more than LNR_PN_DEPTH components, sets
 * bad (the kernel then says UNKNOWN). After lnr_pn_end, out[0..len) is the path and last_slash
 * the index of its last '/'. Shared with the host so a unit test compares it with userspace. */
#define LNR_PN_MAX   4096
#define LNR_PN_DEPTH 64
struct lnr_pathnorm {
	__u32 len, comp_start, comp_len, depth, bad, last_slash;
	char c0, c1, pad[2];
	__u16 stack[LNR_PN_DEPTH];
};

static __always_inline void lnr_pn_init(struct lnr_pathnorm *n, char *out)
{
	out[0] = '/';
	n->len = 1;
	n->comp_start = 0;
	n->comp_len = 0;
	n->depth = 0;
	n->bad = 0;
	n->last_slash = 0;
}

static __always_inline void lnr_pn_sep(struct lnr_pathnorm *n)
{
	if (n->comp_len == 0)
		return;
	if (n->comp_len == 1 && n->c0 == '.') {
		n->len = n->comp_start;
	} else if (n->comp_len == 2 && n->c0 == '.' && n->c1 == '.') {
		n->len = n->comp_start;
		if (n->depth > 0) {
			n->depth--;
			n->len = n->stack[n->depth & (LNR_PN_DEPTH - 1)];
		}
	} else if (n->depth >= LNR_PN_DEPTH) {
		n->bad = 1;
	} else {
		n->stack[n->depth & (LNR_PN_DEPTH - 1)] = (__u16)n->comp_start;
		n->depth++;
	}
	n->comp_len = 0;
}

static __always_inline void lnr_pn_char(struct lnr_pathnorm *n, char *out, char c)
{
	if (c == '/') {
		lnr_pn_sep(n);
		return;
	}
	if (n->len + 2 >= LNR_PN_MAX) {
		n->bad = 1;
		return;
	}
	if (n->comp_len == 0) {
		n->comp_start = n->len;
		if (n->len > 1)
			out[n->len++ & (LNR_PN_MAX - 1)] = '/';
	}
	if (n->comp_len == 0)
		n->c0 = c;
	else if (n->comp_len == 1)
		n->c1 = c;
	out[n->len++ & (LNR_PN_MAX - 1)] = c;
	n->comp_len++;
}

static __always_inline void lnr_pn_end(struct lnr_pathnorm *n)
{
	lnr_pn_sep(n);
	if (n->depth == 0) {
		n->last_slash = 0;
		return;
	}
	__u32 s = n->stack[(n->depth - 1) & (LNR_PN_DEPTH - 1)];
	n->last_slash = s <= 1 ? 0 : s;
}

/* Fast path of the normalisation: is the len-byte path s already what lnr_pn_* makes of it?
 * True when it is absolute, has no "//", no "." or ".." component, no trailing '/' (len >= 2),
 * at most LNR_PN_DEPTH components and at most LNR_PN_FAST_MAX bytes (so the slow path could
 * not run out of room either): then the normaliser would copy it byte for byte, and the caller
 * takes it as it is. *last_slash gets the index of its last '/' (lnr_pn_end's last_slash).
 * Anything else returns 0 and the caller runs the normaliser, which decides exactly as before.
 *
 * s[len] must be the path's NUL (checked: a slot stores it; else 0). The end is checked byte
 * by byte ("/", "/." or "/.." last); inside, eight bytes at a time: S0 = the '/' bytes of a
 * word before len, and with loads one, two, three bytes further the bytes after each of them:
 * a '/' followed by '/', or by "./", or by "../" needs the normaliser. The NUL at len is
 * neither '/' nor '.', so bytes past the path never complete a pattern. Reads up to
 * s[len + 10]: the caller's buffer must have 11 bytes past len (the kernel reads the record
 * buffer, the host a padded one). A per-byte bpf_loop step of the normaliser (a callback and
 * two map lookups) was most of the cost of an open's fd.name.
 *
 * *dotdot (when it returns 1): whether the path contains "../" anywhere (after any byte, as in
 * "a../b", not only as a ".." component, which is not taken): the word's '/' bytes whose two
 * bytes before are '.' (the previous word's last bytes shifted in). A path without it decides
 * `fd.nameraw contains ../` FALSE with no scan (gen/plan_paths.c, LNR_RAW_DD). */
#define LNR_PN_FAST_MAX 256
#define LNR_PN_B7F	0x7f7f7f7f7f7f7f7full
#define LNR_PN_B01	0x0101010101010101ull
#define LNR_PN_SL	(LNR_PN_B01 * '/')
#define LNR_PN_DOT	(LNR_PN_B01 * '.')

#ifdef LNR_HOST
static inline __u64 lnr_load64(const char *p)
{
	__u64 w;
	memcpy(&w, p, 8);
	return w;
}
#define LNR_LOAD64(p) lnr_load64(p)
#else
/* one unaligned load (x86 BPF JIT); a memcpy of unknown alignment would be eight byte loads */
#define LNR_LOAD64(p) (*(const __u64 *)(p))
#endif

/* 0x80 in exactly the zero bytes of x (no false flags: no carry crosses a byte) */
static __always_inline __u64 lnr_pn_zbytes(__u64 x)
{
	return ~(((x & LNR_PN_B7F) + LNR_PN_B7F) | x | LNR_PN_B7F);
}

static __always_inline int lnr_pn_clean(const char *s, __u32 len, __u32 *last_slash, __u32 *dotdot)
{
	if (len < 2 || len > LNR_PN_FAST_MAX || s[0] != '/' || s[len] != 0)
		return 0;
	char z = s[len - 1], y = s[len - 2];
	if (z == '/' || (z == '.' && (y == '/' || (y == '.' && len >= 3 && s[len - 3] == '/'))))
		return 0;
	__u64 nsl = 0, lastm = 0, dd = 0, pd = 0; /* pd: the previous word's '.' bytes */
	__u32 lastw = 0;
	for (__u32 b = 0; b < LNR_PN_FAST_MAX; b += 8) {
		if (b >= len)
			break;
		__u32 r = len - b;
		__u64 v = r >= 8 ? ~0ull : (1ull << (r * 8)) - 1; /* bytes before len */
		__u64 w0 = LNR_LOAD64(s + b);
		__u64 s0 = lnr_pn_zbytes(w0 ^ LNR_PN_SL) & v;
		__u64 d0 = lnr_pn_zbytes(w0 ^ LNR_PN_DOT);
		/* "../": a '/' whose byte before and the one before that are '.' */
		dd |= s0 & ((d0 << 8) | (pd >> 56)) & ((d0 << 16) | (pd >> 48));
		pd = d0;
		if (!s0)
			continue; /* every pattern starts with a '/' */
		__u64 w1 = LNR_LOAD64(s + b + 1);
		__u64 s1 = lnr_pn_zbytes(w1 ^ LNR_PN_SL), d1 = lnr_pn_zbytes(w1 ^ LNR_PN_DOT);
		if (s0 & (s1 | d1)) {
			/* a '/' before '/' or '.' (rare but for dot names): the longer patterns */
			__u64 w2 = LNR_LOAD64(s + b + 2);
			__u64 s3 = lnr_pn_zbytes(LNR_LOAD64(s + b + 3) ^ LNR_PN_SL);
			__u64 s2 = lnr_pn_zbytes(w2 ^ LNR_PN_SL),
			      d2 = lnr_pn_zbytes(w2 ^ LNR_PN_DOT);
			if (s0 & (s1 | (d1 & (s2 | (d2 & s3)))))
				return 0;
		}
		/* without "//" each component takes 2 bytes or more: more than LNR_PN_DEPTH of them
		 * need a longer path */
		if (len > 2 * LNR_PN_DEPTH)
			nsl += ((s0 >> 7) * LNR_PN_B01) >> 56; /* '/' bytes of this word */
		lastw = b;
		lastm = s0;
	}
	if (nsl > LNR_PN_DEPTH)
		return 0;
	/* the highest flagged byte of lastm (s[0] is a '/': lastm is not 0) */
	__u32 h = 0;
	if (lastm >> 32) {
		h += 4;
		lastm >>= 32;
	}
	if (lastm >> 16) {
		h += 2;
		lastm >>= 16;
	}
	if (lastm >> 8)
		h += 1;
	*last_slash = lastw + h;
	*dotdot = dd != 0;
	return 1;
}

/* Rule verdict being built for one event (records.h lnr_hdr v_*). */
struct lnr_verdict {
	__s32 first; /* position of the first non-FALSE rule, -1 none */
	__u8 state;  /* LNR_T / LNR_U of that rule */
	__u8 stop;
	__u64 maybe;
	__u64 truth; /* bit d: the rule at first + d was TRUE */
};

static __always_inline void lnr_verdict_init(struct lnr_verdict *v)
{
	v->first = -1;
	v->state = LNR_F;
	v->stop = 0;
	v->maybe = 0;
	v->truth = 0;
}

/* Adds the kernel value r of the rule at position pos; `first`: rule_matching first. */
static __always_inline void lnr_verdict_add(struct lnr_verdict *v, __s32 pos, __s8 r, int first)
{
	if (r == LNR_F)
		return;
	if (v->first < 0) {
		v->first = pos;
		v->state = (__u8)r;
	}
	__s32 d = pos - v->first;
	if (d >= 0 && d < 64) {
		v->maybe |= 1ull << d;
		if (r == LNR_T)
			v->truth |= 1ull << d;
	}
	/* past 63 positions everything counts as maybe; after a TRUE with first-matching nothing
	 * later can alert */
	if (d >= 63 || (r == LNR_T && first))
		v->stop = 1;
}

/* lnr_verdict_add of a rule's value, then whether the verdict is final (the filter stops): only a
 * value other than FALSE can make it so, so the usual FALSE costs one compare, not a load of
 * v->stop after every rule. */
static __always_inline int lnr_verdict_step(struct lnr_verdict *v, __s32 pos, __s8 r, int first)
{
	if (r == LNR_F)
		return 0;
	lnr_verdict_add(v, pos, r, first);
	return v->stop;
}

#endif
