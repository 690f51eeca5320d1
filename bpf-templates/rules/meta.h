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
/* The two maps the loader fills: a key (a container, a user of a mount namespace) to the bits
 * of the rules' metadata checks it passes. */
#define LNR_META_MAP(name, ktype, max)                                                             \
	struct {                                                                                   \
		__uint(type, BPF_MAP_TYPE_HASH);                                                   \
		__uint(map_flags, BPF_F_NO_PREALLOC);                                              \
		__uint(max_entries, max);                                                          \
		__type(key, ktype);                                                                \
		__type(value, struct lnr_meta_bits);                                               \
	} name SEC(".maps") LNR_SHARED
LNR_META_MAP(lnr_meta_ct, struct lnr_meta_ctkey, LNR_META_CT_MAX);
LNR_META_MAP(lnr_meta_users, struct lnr_meta_ukey, LNR_META_USER_MAX);
/* The user leaves' memo and its generation (meta_maps.h): array lookups, which the verifier
 * inlines (no call, no hashing, no bucket walk): the hash lookup was most of lnr_meta_u_g's cost
 * on an exec storm, where r37's `user.name in (...)` asks the same user at every exec. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} lnr_meta_ugen SEC(".maps") LNR_SHARED;
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4 * LNR_META_UMEMO_SLOTS);
	__type(key, __u32);
	__type(value, struct lnr_meta_umemo);
} lnr_meta_umemo SEC(".maps") LNR_SHARED;

/* GLOBAL functions (verified once per program, not once per call site and path through a rule
 * function: inlined, a program with many meta leaves passed the verifier's instruction limit).
 * Scalars only: the container id's two words (bytes past len may hold anything) and
 * st << 8 | len; the user key's mount ns and id, and both states. In the rules part only. */
int lnr_meta_ct_g(__u64 w0, __u64 w1, __u32 st_len, __u32 bit);
int lnr_meta_u_g(__u64 ns_id, __u32 sts, __u32 kind, __u32 bit);
#if !defined(LNR_PART) || LNR_PART == 2
__noinline int lnr_meta_ct_g(__u64 w0, __u64 w1, __u32 st_len, __u32 bit)
{
	__u32 len = st_len & 0xff;
	if ((st_len >> 8) != LNR_ST_OK || len >= LNR_META_CT_KEY)
		return LNR_U;
	struct lnr_meta_ctkey k;
	__u64 k0 = w0, k1 = 0;
	if (len < 8)
		k0 = w0 & ((1ull << (len * 8)) - 1);
	else if (len > 8)
		k1 = w1 & ((1ull << ((len - 8) * 8)) - 1);
	__builtin_memcpy(&k.id[0], &k0, 8);
	__builtin_memcpy(&k.id[8], &k1, 8);
	return lnr_meta_bit(bpf_map_lookup_elem(&lnr_meta_ct, &k), bit & (LNR_META_BITS - 1));
}

/* This CPU's memo slot, when it holds (ns, kind, id) as of generation gen, answers as the hash
 * would: the slot was copied from the hash after gen was read, and the loader changes the
 * generation after every change of the hash, so a slot of the current generation holds what the
 * hash holds now (or held a moment ago, as a lookup racing the loader's write would). Otherwise
 * the hash, whose answer (an entry or none) fills the slot. Per CPU: no other CPU writes the
 * slot while it is read (these programs run with preemption off). */
__noinline int lnr_meta_u_g(__u64 ns_id, __u32 sts, __u32 kind, __u32 bit)
{
	if ((sts >> 8) != LNR_ST_OK || (sts & 0xff) != LNR_ST_OK)
		return LNR_U;
	__u32 ns = (__u32)(ns_id >> 32), id = (__u32)ns_id, zero = 0;
	__u32 *gp = bpf_map_lookup_elem(&lnr_meta_ugen, &zero);
	__u32 gen = gp ? *(volatile __u32 *)gp : 0;
	__u32 slot = (kind & 3) * LNR_META_UMEMO_SLOTS + (id & (LNR_META_UMEMO_SLOTS - 1));
	struct lnr_meta_umemo *m = gen ? bpf_map_lookup_elem(&lnr_meta_umemo, &slot) : NULL;

	bit &= LNR_META_BITS - 1;
	if (m && m->gen == gen && m->mntns == ns && m->id == id && m->kind == kind)
		return m->present ? lnr_meta_bit(&m->bits, bit) : LNR_U;
	struct lnr_meta_ukey k = {ns, kind, id, 0};
	struct lnr_meta_bits *b = bpf_map_lookup_elem(&lnr_meta_users, &k);
	if (m) {
		m->gen = gen;
		m->mntns = ns;
		m->id = id;
		m->kind = (__u8)kind;
		m->present = b != NULL;
		if (b)
			m->bits = *b;
	}
	return lnr_meta_bit(b, bit);
}
#endif
#define LNR_META_CT(v, bit, check)                                                                 \
	((__s8)lnr_meta_ct_g(*(const __u64 *)(v).s, *(const __u64 *)((v).s + 8),                   \
			     ((__u32)(v).st << 8) | ((v).len & 0xff), (bit)))
#define LNR_META_U(ns, id, kind, bit, check)                                                       \
	((__s8)lnr_meta_u_g(((__u64)(__u32)(ns).v << 32) | (__u32)(id).v,                          \
			    ((__u32)(ns).st << 8) | (id).st, (kind), (bit)))
#endif

#endif
