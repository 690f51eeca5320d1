/* rules/dispatch.h — the fd.name dispatch and the proc.name masks of generated filters
 * (gen/emit_rules.c).
 *
 * LNR_DISPATCH(map, ks, val): val is a string value (st, len, s); map holds the constants of a
 * group of rules, each mapped to 1 + its rule's position, with keys of ks bytes (zero padded).
 * Result: 1 + the position of the one rule whose constant the value is; 0 when the value is
 * MISSING or no constant (every test of the group is FALSE); -1 when the value is not whole
 * (the caller ships the event: userspace decides).
 *
 * LNR_NAME_TAB(t, seed, shift, probes, val): the proc.name masks (gen/plan_names.c).
 *
 * LNR_PX(val, m, v): the path prefix tests (gen/plan_paths.c).
 */
#ifndef LANNER_RULES_DISPATCH_H
#define LANNER_RULES_DISPATCH_H

#include "shared_definitions/name_hash.h"

/* fv->nm before a filter's proc.name mask is looked up (gen/emit_rules.c lnr_nm_<filter>): every
 * bit set, so a rule's bit test (LNR_NM) alone sends it to the lookup, and negative, which no
 * lookup answer is (0, bits of up to 32 rules, LNR_NM_ALL): after the lookup a masked rule costs
 * one bit test, not a test for "looked up yet" first. */
#define LNR_NM_UNSET (-1ll)
/* The mask of a name not whole: every rule's bit (a mask has at most 32 rules). */
#define LNR_NM_ALL 0xffffffffll

/* LNR_PX(val, m, v): can the string value start with a prefix whose first bytes (up to 8) are
 * v's, under the byte mask m? 0 when it is MISSING, or whole and its first bytes (those past its
 * length count as zero: a prefix holds no NUL) differ; 1 otherwise (a value not whole: the rule
 * is called). One masked word compare of the value's own first word. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the path prefix tests' constants are little-endian words"
#endif
static __always_inline int lnr_px(__u8 st, const char *s, __u32 len, __u64 m, __u64 v)
{
	if (st != LNR_ST_OK)
		return st != LNR_ST_MISSING;
	__u64 w = *(const __u64 *)s;
	if (len < 8)
		w &= (1ull << ((len & 7) * 8)) - 1;
	return (w & m) == v;
}
#define LNR_PX(val, m, v)                                                                          \
	({                                                                                         \
		_Static_assert(sizeof((val)->s) >= 8,                                              \
			       "the value's first word lies in its buffer");                       \
		lnr_px((val)->st, (val)->s, (val)->len, (m), (v));                                 \
	})

#if !defined(LNR_HOST) && (!defined(LNR_PART) || LNR_PART == 1)
static __always_inline long lnr_dispatch(void *map, __u32 ks, __u8 st, const char *s, __u32 len)
{
	if (st == LNR_ST_MISSING)
		return 0;
	if (st != LNR_ST_OK)
		return -1;
	if (len >= ks || ks > LANNER_MAX_SET_KEY)
		return 0; /* longer than every constant */
	__u32 z = 0;
	struct lnr_key *k = bpf_map_lookup_elem(&lnr_key_map, &z);
	if (!k)
		return -1;
	asm volatile("" : "+r"(len));
	len &= LANNER_MAX_SET_KEY - 1;
	bpf_probe_read_kernel(k->d, len, s);
	/* zero padding up to the key size; ks is a constant at every call site */
	for (__u32 i = 0; i < ks && i < LANNER_MAX_SET_KEY; i += 8)
		if (i >= len)
			*(__u64 *)&k->d[i] = 0;
	if (len & 7) { /* the word holding the end of the value: clear the bytes after it */
		__u32 w = len & ~7u;
		__u64 *p = (__u64 *)&k->d[w & (LANNER_MAX_SET_KEY - 8)];
		*p &= ~0ull >> (64 - 8 * (len & 7));
	}
	__u32 *v = bpf_map_lookup_elem(map, k->d);
	return v ? (long)*v : 0;
}
#define LNR_DISPATCH(map, ks, val) lnr_dispatch((map), (ks), (val)->st, (val)->s, (val)->len)

/* LNR_NAME_TAB(t, seed, shift, probes, val): the proc.name mask (gen/plan_names.c) of the string
 * value val: the bits of the table entry whose name val is, 0 when val is MISSING or no entry's
 * name (every such rule is FALSE), LNR_NM_ALL when val is not whole (every rule is called). t is a
 * table in .rodata (open addressing, linear probing, empty slots all zero) whose every name lies
 * within `probes` slots of its home slot LNR_NAME_HASH(seed, shift): a probe that meets the
 * name, or an empty slot, ends the lookup; after `probes` the name has no entry. The value's two
 * words, each masked to its length, are compared whole (a name holds at most 15 bytes). */
struct lnr_name_slot {
	__u64 w[2]; /* the name's words, zero padded */
	__u64 bits; /* 0: an empty slot (its words are 0 too) */
};
/* One probe: 1 when slot e decides the lookup, with *bits its answer (the name's bits; 0 at an
 * empty slot: the name has no entry), 0 to probe the next slot. */
static __always_inline int lnr_name_probe(const struct lnr_name_slot *e, __u64 w0, __u64 w1,
					  long *bits)
{
	if (e->w[0] == w0 && e->w[1] == w1) {
		*bits = (long)e->bits; /* 0 in an empty slot: the empty name has no entry */
		return 1;
	}
	if (!e->bits) {
		*bits = 0;
		return 1;
	}
	return 0;
}
static __always_inline long lnr_name_tab(const struct lnr_name_slot *t, __u32 mask, __u64 seed,
					 __u32 shift, __u32 probes, __u8 st, const char *s,
					 __u32 len)
{
	if (st == LNR_ST_MISSING)
		return 0;
	if (st != LNR_ST_OK)
		return LNR_NM_ALL;
	__u64 w0 = *(const __u64 *)s, w1 = *(const __u64 *)(s + 8);
	if (len < 8) {
		w0 &= (1ull << (len * 8)) - 1;
		w1 = 0;
	} else if (len < 16) {
		w1 &= (1ull << ((len - 8) * 8)) - 1;
	}
	__u32 h = LNR_NAME_HASH(w0, w1, seed, shift);
	/* the probes written out, not a loop: clang left a loop (even one of a constant bound)
	 * rolled in filters planned in many small parts, and -Werror refused the missed unroll */
	_Static_assert(LNR_NAME_PROBES_MAX == 4, "one line per probe below");
	long bits = 0;
	if (lnr_name_probe(&t[h & mask], w0, w1, &bits) ||
	    (probes > 1 && lnr_name_probe(&t[(h + 1) & mask], w0, w1, &bits)) ||
	    (probes > 2 && lnr_name_probe(&t[(h + 2) & mask], w0, w1, &bits)) ||
	    (probes > 3 && lnr_name_probe(&t[(h + 3) & mask], w0, w1, &bits)))
		return bits;
	return 0; /* not within `probes` slots of its home: no entry */
}
#define LNR_NAME_NSLOTS(t) (sizeof(t) / sizeof((t)[0]))
#define LNR_NAME_TAB(t, seed, shift, probes, val)                                                  \
	({                                                                                         \
		_Static_assert(sizeof((val)->s) >= 16, "the name's two words lie in the value");   \
		_Static_assert(!(LNR_NAME_NSLOTS(t) & (LNR_NAME_NSLOTS(t) - 1)),                   \
			       "a power of two slots");                                            \
		lnr_name_tab((t), LNR_NAME_NSLOTS(t) - 1, (seed), (shift), (probes), (val)->st,    \
			     (val)->s, (val)->len);                                                \
	})

#endif

#endif
