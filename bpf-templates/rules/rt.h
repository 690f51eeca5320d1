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
#define LNR_NOINLINE __attribute__((noinline))
#define LNR_LOOP(n, cb, ctx)                                                                       \
	do {                                                                                       \
		for (__u32 lnr_i_ = 0; lnr_i_ < (__u32)(n); lnr_i_++)                              \
			if ((cb)(lnr_i_, (ctx)))                                                   \
				break;                                                             \
	} while (0)
#else
#define LNR_NOINLINE	     __attribute__((noinline))
#define LNR_LOOP(n, cb, ctx) bpf_loop((n), (cb), (ctx), 0)
#endif

/* Kleene truth values (int8). */
#define LNR_F 0
#define LNR_T 1
#define LNR_U 2

/* Field-value states. */
#define LNR_ST_MISSING 0
#define LNR_ST_OK      1
#define LNR_ST_UNK     2

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

static __always_inline __s8 lnr_and(__s8 a, __s8 b)
{
	if (a == LNR_F || b == LNR_F)
		return LNR_F;
	if (a == LNR_U || b == LNR_U)
		return LNR_U;
	return LNR_T;
}

static __always_inline __s8 lnr_or(__s8 a, __s8 b)
{
	if (a == LNR_T || b == LNR_T)
		return LNR_T;
	if (a == LNR_U || b == LNR_U)
		return LNR_U;
	return LNR_F;
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

/* Rule verdict being built for one event (records.h lnr_hdr v_*). */
struct lnr_verdict {
	__s32 first; /* position of the first non-FALSE rule, -1 none */
	__u8 state;  /* LNR_T / LNR_U of that rule */
	__u8 stop;
	__u64 maybe;
};

static __always_inline void lnr_verdict_init(struct lnr_verdict *v)
{
	v->first = -1;
	v->state = LNR_F;
	v->stop = 0;
	v->maybe = 0;
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
	if (d >= 0 && d < 64)
		v->maybe |= 1ull << d;
	/* past 63 positions everything counts as maybe; after a TRUE with first-matching nothing
	 * later can alert */
	if (d >= 63 || (r == LNR_T && first))
		v->stop = 1;
}

#endif
