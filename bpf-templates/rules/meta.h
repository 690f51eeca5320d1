/* rules/meta.h — the generated leaves on facts only userspace learns (container.*, k8s.*,
 * user.name, group.name, user.loginname...): a map lookup and a bit test
 * (shared_definitions/meta_maps.h says what the loader writes and why that is exact).
 *
 * Why precomputed bits rather than the values: a rule compares container.image.repository with
 * lists of dozens of names, user.name with lists too; holding the strings in the kernel would
 * cost a copy and a set lookup per leaf, and every operator (glob, regex, icontains...) would
 * need a kernel twin. Userspace evaluates each check once per container (or user) with the very
 * evaluator Falco's semantics live in; the kernel reads one bit. Any operator is then exact.
 *
 * Generated leaves:
 *   LNR_META_CT(fv->container_id, bit, "check")   container leaves
 *   LNR_META_U(fv->meta_mntns, fv->user_uid, kind, bit, "check")   user/group/login leaves
 * The check text is for the host build (tests/diff), which evaluates it against the event's own
 * values; the kernel build drops it. A value the kernel lacks (process-map miss: container id or
 * mount namespace UNKNOWN) or an absent entry is UNKNOWN.
 */
#ifndef LANNER_RULES_META_H
#define LANNER_RULES_META_H

#include "shared_definitions/meta_maps.h"

static __always_inline __s8 lnr_meta_bit(const struct lnr_meta_bits *b, __u32 bit)
{
	if (!b)
		return LNR_U;
	return (b->w[(bit >> 6) & (LNR_META_WORDS - 1)] >> (bit & 63)) & 1 ? LNR_T : LNR_F;
}

#ifdef LNR_HOST
/* tests/diff/diff_main.c: the loader's evaluation of check over the event's values, or UNKNOWN
 * when it plays a pending entry. */
int lnr_host_meta(int kind, __u32 bit, const char *check);
#define LNR_META_CT(v, bit, check)                                                                 \
	((v).st != LNR_ST_OK ? LNR_U : lnr_host_meta(LNR_MK_CONTAINER, (bit), (check)))
#define LNR_META_U(ns, id, kind, bit, check)                                                       \
	((ns).st != LNR_ST_OK || (id).st != LNR_ST_OK ? LNR_U                                      \
						      : lnr_host_meta((kind), (bit), (check)))
#else
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, LNR_META_CT_MAX);
	__type(key, struct lnr_meta_ctkey);
	__type(value, struct lnr_meta_bits);
} lnr_meta_ct SEC(".maps") LNR_SHARED;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, LNR_META_USER_MAX);
	__type(key, struct lnr_meta_ukey);
	__type(value, struct lnr_meta_bits);
} lnr_meta_users SEC(".maps") LNR_SHARED;

/* s: the container id member's 16-byte buffer (bytes past len may hold anything) */
static __always_inline __s8 lnr_meta_ct_leaf(__u8 st, const char *s, __u32 len, __u32 bit)
{
	if (st != LNR_ST_OK || len >= LNR_META_CT_KEY)
		return LNR_U;
	struct lnr_meta_ctkey k;
	for (__u32 i = 0; i < LNR_META_CT_KEY; i += 8) {
		__u64 w = *(const __u64 *)(s + i), keep = 0;
		if (len >= i + 8)
			keep = ~0ull;
		else if (len > i)
			keep = (1ull << ((len - i) * 8)) - 1;
		*(__u64 *)&k.id[i] = w & keep;
	}
	return lnr_meta_bit(bpf_map_lookup_elem(&lnr_meta_ct, &k), bit);
}

static __always_inline __s8 lnr_meta_u_leaf(__u8 nst, __s64 mntns, __u8 ist, __s64 id, __u32 kind,
					    __u32 bit)
{
	if (nst != LNR_ST_OK || ist != LNR_ST_OK)
		return LNR_U;
	struct lnr_meta_ukey k = {(__u32)mntns, kind, (__u32)id, 0};
	return lnr_meta_bit(bpf_map_lookup_elem(&lnr_meta_users, &k), bit);
}
#define LNR_META_CT(v, bit, check) lnr_meta_ct_leaf((v).st, (v).s, (v).len, (bit))
#define LNR_META_U(ns, id, kind, bit, check)                                                       \
	lnr_meta_u_leaf((ns).st, (ns).v, (id).st, (id).v, (kind), (bit))
#endif

#endif
