/* rules/dispatch.h — the fd.name dispatch and the proc.name masks of generated filters
 * (gen/emit_rules.c).
 *
 * LNR_DISPATCH(map, ks, val): val is a string value (st, len, s); map holds the constants of a
 * group of rules, each mapped to 1 + its rule's position, with keys of ks bytes (zero padded).
 * Result: 1 + the position of the one rule whose constant the value is; 0 when the value is
 * MISSING or no constant (every test of the group is FALSE); -1 when the value is not whole
 * (the caller ships the event: userspace decides).
 *
 * LNR_PX(val, m, v): the path prefix tests (gen/plan_paths.c).
 */
#ifndef LANNER_RULES_DISPATCH_H
#define LANNER_RULES_DISPATCH_H

/* fv->nm before a filter's proc.name mask is looked up (gen/emit_rules.c lnr_nm_<filter>): no
 * lookup answer (0, -1, bits of up to 32 rules) is this value. */
#define LNR_NM_UNSET (1ll << 62)

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

/* LNR_NAME_BITS(map, ks, val): lnr_dispatch's answer (the map's value, 0, -1) for a short value
 * whose buffer holds at least ks bytes (the proc.name masks: gen/plan_names.c), the key built
 * by 8-byte moves of the value's own words, each masked to the bytes before len, instead of a
 * probe read. */
static __always_inline long lnr_name_bits(void *map, __u32 ks, __u8 st, const char *s, __u32 len)
{
	if (st == LNR_ST_MISSING)
		return 0;
	if (st != LNR_ST_OK)
		return -1;
	if (len >= ks)
		return 0; /* longer than every constant */
	__u32 z = 0;
	struct lnr_key *k = bpf_map_lookup_elem(&lnr_key_map, &z);
	if (!k)
		return -1;
	for (__u32 i = 0; i < ks && i + 8 <= LANNER_MAX_SET_KEY; i += 8) {
		__u64 w = *(const __u64 *)(s + i), keep = 0;
		if (len >= i + 8)
			keep = ~0ull;
		else if (len > i)
			keep = (1ull << ((len - i) * 8)) - 1;
		*(__u64 *)&k->d[i] = w & keep;
	}
	__u32 *v = bpf_map_lookup_elem(map, k->d);
	return v ? (long)*v : 0;
}
#define LNR_NAME_BITS(map, ks, val)                                                                \
	({                                                                                         \
		_Static_assert(sizeof((val)->s) >= (ks), "the key's words lie in the value");      \
		lnr_name_bits((map), (ks), (val)->st, (val)->s, (val)->len);                       \
	})
#endif

#endif
