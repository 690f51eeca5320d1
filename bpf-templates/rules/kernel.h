/* rules/kernel.h — value access of the generated rule filters (gen/emit_c.c), included by the
 * generated file after its `struct lnr_fv` (the values the rules read).
 *
 * Kernel build: the values live in a per-CPU map (lnr_fv_map); set maps are looked up with a key
 * built in a per-CPU buffer (lnr_key_map); lnr_fetch_* helpers below read the record under
 * construction (helpers/store.h), the process map and the path slot. Host build (LNR_HOST, the
 * differential test): the values live in a global, set maps are item arrays searched linearly
 * with the same semantics.
 *
 * Soundness rules the fetch follows (gen/kernel_caps.h: NARROW ⇒ UNKNOWN when not whole):
 *   - fd.name is UNK when the kernel did not see the fd opened (LNR_RF_FDNAME_WALK);
 *   - a path is OK only when the slot is present, not truncated (LNR_RF_TRUNC / PATH_DEEP /
 *     OVERFLOW), absolute and already normalised (no "//", "." or ".." component, no trailing
 *     "/"): relative paths and paths that userspace would rewrite are UNK;
 *   - fd.* follow loader/fields_extract.c on the same record (missing when the event has no fd,
 *     directory/filename missing for failed opens and non-files; sockets' names UNK);
 *   - process values come from lnr_procs; a miss, a truncated exe, an unclassified container
 *     are UNK; ancestors walk ppid up to the level asked, ppid 0 ends the chain (missing).
 */
#ifndef LANNER_RULES_KERNEL_H
#define LANNER_RULES_KERNEL_H

#include "shared_definitions/limits.h"

struct lnr_scan {
	__u32 end;
	__u32 found;
};

/* contains: callback cb scans positions [0, min(len, scan)); not found in a longer value: U */
#define lnr_contains(len, scan, cb)                                                                \
	({                                                                                         \
		struct lnr_scan sc_;                                                               \
		__u32 l_ = (len);                                                                  \
		sc_.end = l_ < LNR_SCAN_BOUND(scan) ? l_ : LNR_SCAN_BOUND(scan);                   \
		sc_.found = 0;                                                                     \
		LNR_LOOP(sc_.end, cb, &sc_);                                                       \
		sc_.found ? 1 : l_ > LNR_SCAN_BOUND(scan) ? LNR_U : 0;                             \
	})

/* Any ancestor (proc.aname without index): level by level from the parent; a missing level ends
 * the chain (FALSE from there); a level that matches decides (TRUE) without the ones above it
 * being looked at (rest: the levels above, evaluated only when needed). */
#define lnr_any_step(st, m, neg, rest)                                                             \
	({                                                                                         \
		__u8 st_ = (st);                                                                   \
		__s8 x_ = st_ == LNR_ST_MISSING ? LNR_F : lnr_leaf(st_, (m), (neg));               \
		st_ == LNR_ST_MISSING ? LNR_F : x_ == LNR_T ? LNR_T : lnr_or(x_, (rest));          \
	})
#define lnr_any_end(x) (x)

#ifdef LNR_HOST
/* ---- host ---- */
#include <stddef.h>

struct lnr_host_set {
	const char *const *items;
	__u32 key_size;
	int kind; /* bundle_meta.h enum meta_map_kind */
};
struct lnr_host_member {
	int fid, level, is_str, size;
	size_t off;
	const char *param; /* evt.arg.NAME: NAME */
};
struct lnr_host_rule {
	int evt;
	size_t pos, rule_index;
	int (*fn)(void);
};

static struct lnr_fv lnr_host_fv;
#define LNR_FV() (&lnr_host_fv)

static inline int lnr_set_has(struct lnr_host_set *m, __u32 ks, const char *s, __u32 len,
			      __u32 mask, int mode)
{
	(void)mode;
	(void)mask;
	if (len >= ks)
		return 0;
	for (size_t i = 0; m->items[i]; i++)
		if (strlen(m->items[i]) == len && memcmp(m->items[i], s, len) == 0)
			return 1;
	return 0;
}

/* mode 0: an item is a prefix; 1: an item (ending in '/') is a prefix of value + "/";
 * 2: an item is a suffix */
static inline int lnr_lpm_has(struct lnr_host_set *m, __u32 data, const char *s, __u32 len,
			      __u32 mask, int mode)
{
	(void)data;
	(void)mask;
	for (size_t i = 0; m->items[i]; i++) {
		size_t n = strlen(m->items[i]);
		const char *it = m->items[i];
		if (mode == 0 && n <= len && memcmp(s, it, n) == 0)
			return 1;
		if (mode == 1 && n <= len + 1 && memcmp(s, it, n - 1) == 0 &&
		    (n - 1 == len || s[n - 1] == '/'))
			return 1;
		if (mode == 2 && n <= len && memcmp(s + len - n, it, n) == 0)
			return 1;
	}
	return 0;
}

/* proc.aname (any) past the unrolled levels (lnr_any_deep): the needles a leaf sets, compared
 * by the differential test's model of the deeper ancestors (tests/diff/diff_main.c). */
static __u64 lnr_host_dq[LANNER_ANCESTOR_ANY_NAMES][2];
static inline int lnr_dq(__u32 i, __u64 a, __u64 b)
{
	lnr_host_dq[i % LANNER_ANCESTOR_ANY_NAMES][0] = a;
	lnr_host_dq[i % LANNER_ANCESTOR_ANY_NAMES][1] = b;
	return 0;
}
/* LNR_RAW_DD(fv) as the kernel computes it (lnr_fd_prepare, lnr_raw_dd): the same word scan
 * over the same bytes, so the differential test checks every rule it skips is FALSE. */
static inline int lnr_host_raw_dd(__u8 st, const char *s, __u32 len)
{
	static char b[LNR_PN_FAST_MAX + 16]; /* lnr_pn_clean reads up to 11 bytes past the path */
	__u32 ls = 0, dd = 0;
	if (st != LNR_ST_OK)
		return st != LNR_ST_MISSING;
	if (len > LNR_PN_FAST_MAX)
		return 1;
	memset(b, '/', sizeof(b));
	memcpy(b, s, len);
	b[len] = 0;
	return !lnr_pn_clean(b, len, &ls, &dd) || dd;
}
#define LNR_RAW_DD(fv)                                                                             \
	lnr_host_raw_dd((fv)->fd_nameraw.st, (fv)->fd_nameraw.s, (fv)->fd_nameraw.len)

#ifdef LNR_HOST_ANY_DEEP
int lnr_host_any_deep(__u32 n, __u32 neg);
#else
static inline int lnr_host_any_deep(__u32 n, __u32 neg)
{
	(void)n;
	(void)neg;
	return LNR_U;
}
#endif

#else
/* ---- kernel ---- */

/* What the fd.* getters need, computed once per event. fd.name is not copied here: the getters
 * copy it straight from where lnr_resolve left it (in_slot: slot A of the record, at a_off,
 * already normal; else the normaliser's output st->path). */
struct lnr_fdv {
	__u8 have, sock, unk, failed_open, a_present, a_bad, a_ok, filelike;
	__u8 in_slot, ipsock; /* ipsock: an IPv4/IPv6 socket (fd.name has no '/') */
	__u8 raw_nodd, pad;   /* raw_nodd: slot A holds no "../" (lnr_pn_clean saw it) */
	__u32 a_len;	      /* raw slot A, without the NUL */
	__u32 a_off;	      /* slot A's offset in the record buffer */
	__u32 name_len;	      /* resolved fd.name */
	__u32 last_slash;
};
/* Input of the path resolution (lnr_pn_cb): base slot (absolute directory) + '/' + the path,
 * or the absolute path alone; offsets into the record under construction. */
struct lnr_pnsrc {
	__u32 boff, blen, roff, rlen, has_base;
	__u32 pos;	/* next input byte (lnr_pn_cb consumes 1 to 8 per step) */
	__u32 path_off; /* the slot whose normalised path st->path holds (~0: none) */
	/* this event's last resolution (lnr_resolve): slot + 1 (0: none yet, reset by the fetch),
	 * at which record offset, with which LNR_RES_* */
	__u32 memo_slot, memo_off, memo_how;
	__u32 nodd; /* the last resolution's path was taken as it is and holds no "../" */
};
/* Per-CPU: the values, and the fetch's intermediate facts. Kept in map memory rather than on
 * the stack so the verifier does not split its states on them. */
/* proc.aname (any) past LANNER_ANCESTOR_DEPTH: the deeper ancestors' names, fetched once per
 * event (lnr_anc_deep), and the names a leaf compares them with (lnr_dq, lnr_any_deep_cmp); a
 * name as two words, zero past its end (comparing words compares length and bytes). */
struct lnr_anc_deep {
	__u64 w[LANNER_ANCESTOR_ANY_DEPTH][2];
	__u64 q[LANNER_ANCESTOR_ANY_NAMES][2];
	__u32 n;  /* levels in w, from LANNER_ANCESTOR_DEPTH + 1 up */
	__u8 end; /* past them: LNR_ST_MISSING (the chain ended) or LNR_ST_UNK */
	__u8 pad[3];
};
struct lnr_fv_store {
	struct lnr_fv fv;
	/* path before other fields: lnr_copy_str reads up to LNR_COPY_INLINE bytes past a piece of
	 * it, which must stay inside the map value */
	char path[LNR_PN_MAX];
	struct lnr_fdv fd;
	struct lnr_pnsrc src;
	struct lnr_pathnorm pn;
	struct lnr_verdict v;
	struct lnr_anc_deep deep;
	__u32 argv_tmp; /* LNR_ARGV_OPAQUE */
};
/* The generated file may be compiled as two objects linked together (LNR_PART 1: sensor,
 * fetch and filters; 2: rule and leaf functions): the maps both use are weak in part 2. */
#if defined(LNR_PART) && LNR_PART == 2
#define LNR_SHARED __attribute__((weak))
#else
#define LNR_SHARED
#endif

_Static_assert(sizeof(struct lnr_fv_store) <= 32768,
	       "the rules read more values than a per-CPU map value holds (32 KiB)");
LNR_PERCPU_ONE(lnr_fv_map, struct lnr_fv_store) LNR_SHARED;

struct lnr_key {
	__u32 prefixlen;
	char d[LANNER_MAX_SET_KEY];
};
LNR_PERCPU_ONE(lnr_key_map, struct lnr_key) LNR_SHARED;

static __always_inline struct lnr_fv_store *lnr_fv_get(void)
{
	__u32 z = 0;
	return bpf_map_lookup_elem(&lnr_fv_map, &z);
}
#define LNR_FV()                                                                                   \
	({                                                                                         \
		struct lnr_fv_store *u_ = lnr_fv_get();                                            \
		u_ ? &u_->fv : (void *)0;                                                          \
	})
#define LNR_VERDICT()                                                                              \
	({                                                                                         \
		struct lnr_fv_store *u_ = lnr_fv_get();                                            \
		u_ ? &u_->v : (void *)0;                                                           \
	})

/* Needle i of a proc.aname (any) leaf's deep test (its name as two words, zero past its end). */
static __always_inline int lnr_dq(__u32 i, __u64 a, __u64 b)
{
	struct lnr_fv_store *st = lnr_fv_get();
	if (st && i < LANNER_ANCESTOR_ANY_NAMES) {
		st->deep.q[i][0] = a;
		st->deep.q[i][1] = b;
	}
	return 0;
}

/* One level of lnr_any_deep_cmp (a bpf_loop step, verified once): its name against the needles,
 * without a branch per needle. */
struct lnr_any_scan {
	__u32 n, neg, found;
};
static long lnr_any_cb(__u32 k, void *ctx)
{
	struct lnr_any_scan *c = ctx;
	struct lnr_fv_store *st = lnr_fv_get();
	if (!st || k >= st->deep.n || k >= LANNER_ANCESTOR_ANY_DEPTH)
		return 1;
	struct lnr_anc_deep *d = &st->deep;
	__u32 i = k; /* clang must not fold the mask into the bound check */
	asm volatile("" : "+r"(i));
	i &= LANNER_ANCESTOR_ANY_DEPTH - 1;
	__u64 a = d->w[i][0], b = d->w[i][1], hit = 0;
	for (__u32 j = 0; j < LANNER_ANCESTOR_ANY_NAMES; j++) {
		if (j >= c->n)
			break;
		__u64 x = (d->q[j][0] ^ a) | (d->q[j][1] ^ b);
		hit |= ((x | -x) >> 63) ^ 1; /* x == 0 */
	}
	if (hit != c->neg) {
		c->found = 1;
		return 1;
	}
	return 0;
}

/* On 5.10 (no bpf_loop) none: the levels past LANNER_ANCESTOR_DEPTH stay UNKNOWN there. */
#define LNR_OLD_ANY_LEVELS 0

/* The deeper ancestors (fetched) against the first n needles: TRUE when a level's name is one
 * of them (neg: is not one of them), else FALSE when the chain ended within the levels fetched,
 * else UNKNOWN. */
static __always_inline int lnr_any_deep_cmp(__u32 n, __u32 neg)
{
	struct lnr_fv_store *st = lnr_fv_get();
	if (!st)
		return LNR_U;
	struct lnr_any_scan c = {n, neg, 0};
	__u32 lv = st->deep.n;
	long run = LNR_BPF_LOOP(lv, lnr_any_cb, &c, LNR_OLD_ANY_LEVELS);
	if (c.found)
		return LNR_T;
	st = lnr_fv_get();
	if (!st || run < (long)lv)
		return LNR_U;
	return st->deep.end == LNR_ST_MISSING ? LNR_F : LNR_U;
}

static __always_inline struct lnr_key *lnr_key_get(void)
{
	__u32 z = 0;
	struct lnr_key *k = bpf_map_lookup_elem(&lnr_key_map, &z);
	if (k)
		__builtin_memset(k, 0, sizeof(*k));
	return k;
}

/* exact set: value shorter than the key size, zero padded. A short key (the usual: names,
 * 16 bytes) is built with 8-byte moves, each word of the value masked to its bytes before len
 * (the value's buffer may hold anything past len): no 260-byte memset, no probe read. ks and
 * mask are constants of the generated call, so the choice is made at compile time. */
#define LNR_SET_INLINE	   64
static __always_inline int lnr_set_has(void *map, __u32 ks, const char *s, __u32 len, __u32 mask,
				       int mode)
{
	(void)mode;
	if (len >= ks)
		return 0;
	if (ks <= LNR_SET_INLINE && ks <= mask + 1 && mask + 1 >= 8) {
		__u32 z = 0;
		struct lnr_key *k = bpf_map_lookup_elem(&lnr_key_map, &z);
		if (!k)
			return LNR_U;
		/* words up to round_up(ks, 8) <= mask + 1: inside the value's buffer */
		for (__u32 i = 0; i < ks; i += 8) {
			__u64 w = *(const __u64 *)(s + i), keep = 0;
			if (len >= i + 8)
				keep = ~0ull;
			else if (len > i)
				keep = (1ull << ((len - i) * 8)) - 1;
			*(__u64 *)&k->d[i] = w & keep;
		}
		return bpf_map_lookup_elem(map, k->d) != 0;
	}
	struct lnr_key *k = lnr_key_get();
	if (!k)
		return LNR_U;
	asm volatile("" : "+r"(len));
	len &= LANNER_MAX_SET_KEY - 1;
	bpf_probe_read_kernel(k->d, len, s);
	return bpf_map_lookup_elem(map, k->d) != 0;
}

static __always_inline int lnr_lpm_has(void *map, __u32 data, const char *s, __u32 len, __u32 mask,
				       int mode)
{
	struct lnr_key *k = lnr_key_get();
	if (!k)
		return LNR_U;
	__u32 n;
	if (mode == 2) {
		n = len < data ? len : data;
		for (__u32 i = 0; i < data && i < LANNER_MAX_SET_KEY; i++) {
			if (i >= n)
				break;
			k->d[i] = s[(len - 1 - i) & mask];
		}
	} else {
		__u32 total = mode == 1 ? len + 1 : len;
		n = total < data ? total : data;
		__u32 c = len < n ? len : n;
		/* hide c's range from clang so the mask the verifier needs stays */
		asm volatile("" : "+r"(c));
		c &= LANNER_MAX_SET_KEY - 1;
		bpf_probe_read_kernel(k->d, c, s);
		if (mode == 1 && len < n)
			k->d[len & (LANNER_MAX_SET_KEY - 1)] = '/';
	}
	k->prefixlen = n * 8;
	return bpf_map_lookup_elem(map, k) != 0;
}

#if !defined(LNR_PART) || LNR_PART != 2
/* n bytes from src to dst (both with LNR_COPY_INLINE bytes readable/writable from their start):
 * short strings with plain 8-byte moves — the bytes past n are copied too and never read — a
 * probe read (a helper call and its address checks) costing more than the copy itself. */
_Static_assert(__builtin_offsetof(struct lnr_fv_store, path) + LNR_PN_MAX + LNR_COPY_INLINE <=
		       sizeof(struct lnr_fv_store),
	       "lnr_copy_str's over-read of st->path must stay in the map value");
static __always_inline void lnr_copy_str(char *dst, const char *src, __u32 n)
{
	if (!lnr_copy_short(dst, src, n)) {
		asm volatile("" : "+r"(n));
		bpf_probe_read_kernel(dst, n & 4095, src);
	}
}

/* ---- fetch helpers ---- */

struct lnr_s16 {
	__u32 len;
	__u8 st;
	__u8 pad[3];
	char s[16];
};
struct lnr_s256 {
	__u32 len;
	__u8 st;
	__u8 pad[3];
	char s[256];
};
struct lnr_s4096 {
	__u32 len;
	__u8 st;
	__u8 pad[3];
	char s[4096];
};

static __always_inline struct lnr_proc_value *lnr_pv(__u32 tgid)
{
	return bpf_map_lookup_elem(&lnr_procs, &tgid);
}

/* The event's own process (the current task). Its map entry keeps the ppid of its fork or exec;
 * when that parent has exited since, the kernel has re-parented the task to its reaper (the
 * nearest child subreaper, else its pid namespace's init), as Falco's proc.ppid says: the live
 * real_parent is written back, so proc.ppid and the ancestor walk start from the reaper. */
static __always_inline struct lnr_proc_value *lnr_pv_self(__u32 tgid)
{
	struct lnr_proc_value *pv = lnr_pv(tgid);
	if (!pv)
		return 0;
	/* written only when it changed: the entry's line stays clean (shared by every CPU that
	 * runs the process's threads) */
	__u32 pp = LNR_RD(LNR_CURRENT_TASK(), real_parent, tgid);
	if (pv->p.ppid != pp)
		pv->p.ppid = pp;
	return pv;
}

/* A process as the per-CPU entry copies below (lnr_pv_memo, lnr_anc_parent_live) know it: its
 * tgid and start (the group leader's start_boottime), its image (self_exec_id: every exec raises
 * it, every thread of the process shares it) and its live parent's tgid. A process-map entry is
 * written whole at the process's fork and at each of its execs (a new start or exec count), and
 * in place only for its ppid, which only ever becomes the live parent (lnr_pv_self), and the cwd
 * bits of its flags (helpers/cwd.h, which no value read through a copy uses). So a copy of the
 * entry, kept with tgid, start and exec count, whose ppid is the live parent's, is the entry. */
struct lnr_proc_id {
	__u64 start, exec_id;
	__u32 tgid, ppid;
};
static __always_inline void lnr_proc_id_of(struct task_struct *t, struct lnr_proc_id *id)
{
	id->tgid = LNR_RD(t, tgid);
	id->start = LNR_RD(t, group_leader, start_boottime);
	id->exec_id = LNR_RD(t, self_exec_id);
	id->ppid = LNR_RD(t, real_parent, tgid);
}

/* This CPU's copy of one entry (only its first bytes: see the callers), and whose. */
struct lnr_pv_copy {
	__u64 start, exec_id;
	__u32 tgid, pad;
	struct lnr_proc_value pv;
};

static __always_inline struct lnr_proc_value *lnr_pv_copy_hit(struct lnr_pv_copy *m,
							      const struct lnr_proc_id *id)
{
	return m->tgid == id->tgid && id->tgid && m->start == id->start &&
			       m->exec_id == id->exec_id && m->pv.p.ppid == id->ppid
		       ? &m->pv
		       : 0;
}

/* The first n bytes of entry pv (0: none, the copy is emptied) as id's. */
static __always_inline struct lnr_proc_value *lnr_pv_copy_fill(struct lnr_pv_copy *m,
							       const struct lnr_proc_id *id,
							       struct lnr_proc_value *pv, __u32 n)
{
	if (!pv) {
		m->tgid = 0;
		return 0;
	}
	__builtin_memcpy(&m->pv, pv, n);
	m->tgid = id->tgid;
	m->start = id->start;
	m->exec_id = id->exec_id;
	return &m->pv;
}

/* The current process's entry head (struct lnr_proc: name, container, tty, ids, capabilities,
 * flags) as this CPU copied it last. */
LNR_PERCPU_ONE(lnr_pv_memo_map, struct lnr_pv_copy) LNR_SHARED;

/* This CPU's copy (*mp, 0 when the map has none) and the current task's identity (*id): the
 * copy's entry when it is tgid's, else 0. The one test lnr_pv_memo and lnr_pv_memo_hit share. */
static __always_inline struct lnr_proc_value *lnr_pv_memo_at(__u32 tgid, struct lnr_pv_copy **mp,
							     struct lnr_proc_id *id)
{
	__u32 z = 0;
	*mp = bpf_map_lookup_elem(&lnr_pv_memo_map, &z);
	lnr_proc_id_of(LNR_CURRENT_TASK(), id);
	return *mp && id->tgid == tgid ? lnr_pv_copy_hit(*mp, id) : 0;
}

/* lnr_pv_self for the head only: an event of a process this CPU saw last, with no exec or
 * re-parenting since, costs a few loads from current instead of the process map's hash lookup
 * (an open storm's events read proc.name and container.id this way). tgid must be the current
 * task's (otherwise the map). Only pv.p is valid: lnr_need takes this only when it wants neither
 * the exe path nor argv. */
static __always_inline struct lnr_proc_value *lnr_pv_memo(__u32 tgid)
{
	struct lnr_pv_copy *m;
	struct lnr_proc_id id;
	struct lnr_proc_value *pv = lnr_pv_memo_at(tgid, &m, &id);
	if (pv)
		return pv;
	if (!m || id.tgid != tgid)
		return lnr_pv_self(tgid);
	/* lnr_pv_self writes the live ppid into the entry: the copy's is id's */
	return lnr_pv_copy_fill(m, &id, lnr_pv_self(tgid), sizeof(struct lnr_proc));
}

/* lnr_pv_memo's hit alone, inlined where a filter's guards read the process's name and container
 * id (gen/emit_fetch.c lnr_need_head): 0 on a miss (the caller then calls lnr_need, which looks
 * the entry up and refills the copy). */
static __always_inline struct lnr_proc_value *lnr_pv_memo_hit(__u32 tgid)
{
	struct lnr_pv_copy *m;
	struct lnr_proc_id id;
	return lnr_pv_memo_at(tgid, &m, &id);
}

/* Not a group: set by the exec path's fetch (sched_process_exec's rules part): lnr_need takes the
 * process's own values from the entry's head lnr_sched_exec left in this CPU's scratch
 * (helpers/process.h lnr_exec_store) rather than looking the entry up once more. */
#define LNR_LZ_XH (LNR_LZ_WALK0 << 1)

/* The exec's own entry as lnr_sched_exec handed it over: the head it wrote into the entry (the
 * description, exe and argv prefixes: every value lnr_need reads of the process itself), when
 * the scratch holds tgid's; 0: not handed over (lnr_need then looks the entry up). proc.ppid
 * as lnr_pv_self has it: the live real_parent (the copy's own, the entry has it from the exec). */
#ifdef LNR_XH_CHECK
/* Test builds only (CLANG with -DLNR_XH_CHECK: tests/integration/exec_handoff.test.sh): the
 * handed head h against the entry the map has now, byte for byte over what lnr_need reads (the
 * description, the exe buffer, argv's bytes); one trace line per call. */
static __always_inline void lnr_xh_check(const struct lnr_proc_value *h, __u32 tgid)
{
	struct lnr_proc_value *pv = lnr_pv_self(tgid);
	if (!pv) {
		bpf_printk("lnr_xh %s %u gone", h->p.comm, tgid);
		return;
	}
	__u32 n = __builtin_offsetof(struct lnr_proc_value, args) + h->args_len, diff = 0;
	const __u8 *a = (const __u8 *)h, *b = (const __u8 *)pv;
	for (__u32 i = 0; i < __builtin_offsetof(struct lnr_proc_value, since_ts); i++) {
		if (i >= n)
			break;
		diff |= a[i] ^ b[i];
	}
	bpf_printk("lnr_xh %s %u %s", h->p.comm, tgid, diff ? "DIFF" : "ok");
}
#endif

static __always_inline struct lnr_proc_value *lnr_pv_handed(__u32 tgid)
{
	struct lnr_scratch *sc = lnr_scratch();
	if (!sc || sc->pv_tgid != tgid || sc->pv.p.pid != tgid)
		return 0;
	struct lnr_proc_value *pv = &sc->pv;
	__u32 pp = LNR_RD(LNR_CURRENT_TASK(), real_parent, tgid);
	if (pv->p.ppid != pp)
		pv->p.ppid = pp;
#ifdef LNR_XH_CHECK
	lnr_xh_check(pv, tgid);
#endif
	return pv;
}

/* Index of the lowest byte of m (not 0) that has a bit set. */
static __always_inline __u32 lnr_low_byte(__u64 m)
{
	__u32 k = 0;
	if (!(m & 0xffffffffull)) {
		k += 4;
		m >>= 32;
	}
	if (!(m & 0xffffull)) {
		k += 2;
		m >>= 16;
	}
	if (!(m & 0xffull))
		k += 1;
	return k;
}

/* Index of the first zero byte of w (little-endian), 8 when none: exact per byte (the high bit of
 * each byte of z is set where w's byte is 0, and only there). */
static __always_inline __u32 lnr_zbyte(__u64 w)
{
	const __u64 lo = 0x7f7f7f7f7f7f7f7full;
	__u64 z = ~(((w & lo) + lo) | w | lo);
	return z ? lnr_low_byte(z) : 8;
}

/* ---- argv: proc.exe / proc.args / proc.cmdline (and the ancestors' aexe / acmdline) ----------
 * The process map entry's argv bytes (pv->args[0, len), NUL-separated) split as userspace's
 * process table does: exe = argv[0], args = argv[1..] joined by ' ' (every NUL after argv[0]
 * becomes a space but a last byte that is NUL), cmdline = comm + ' ' + args when argv has bytes
 * after argv[0]'s NUL, else comm. Word loads from the entry (map memory) and one copy per
 * value: a bpf_loop callback per byte cost one call and one map lookup per byte of argv on
 * every exec. Reads are bounded by len and by the buffers' sizes whatever len says; bytes past
 * a value's length are left as they come (no reader looks past it). */
#define LNR_ARGV_NONE 0xffffffffu
/* x passed through memory (tmp: a __u32 of map memory): the verifier then holds it as an unknown
 * number, so the paths of a word loop (one per word it stopped at) merge after it instead of
 * each going on through the rest of the fetch. */
#define LNR_ARGV_OPAQUE(tmp, x)                                                                    \
	({                                                                                         \
		*(volatile __u32 *)(tmp) = (x);                                                    \
		*(volatile __u32 *)(tmp);                                                          \
	})

/* The index of argv's first NUL in [0, len), LNR_ARGV_NONE when there is none (argv[0] cut
 * by the capture). exe (a buffer of LNR_PROC_ARGS_MAX bytes, or 0): gets the words read, so
 * exe[0, the NUL) is argv[0]. */
static __always_inline __u32 lnr_argv_first(char *exe, const struct lnr_proc_value *pv, __u32 len)
{
#ifdef __clang__
#pragma clang loop unroll(disable)
#endif
	for (__u32 i = 0; i < LNR_PROC_ARGS_MAX; i += 8) {
		if (i >= len)
			break;
		__u64 w = *(const __u64 *)(pv->args + i);
		if (exe)
			*(__u64 *)(exe + i) = w;
		__u32 k = lnr_zbyte(w);
		if (k < 8)
			return i + k < len ? i + k : LNR_ARGV_NONE;
	}
	return LNR_ARGV_NONE;
}

/* The number of args bytes after argv[0]'s NUL at first (first < len): a last NUL ends the
 * last argument and is not part of the value. */
static __always_inline __u32 lnr_argv_nargs(const struct lnr_proc_value *pv, __u32 len, __u32 first)
{
	__u32 n = len - first - 1;
	if (n && pv->args[(len - 1) & (LNR_PROC_ARGS_MAX - 1)] == 0)
		n--;
	return n & (LNR_PROC_ARGS_MAX - 1);
}

/* d[0, n) = the argv bytes after argv[0]'s NUL at first, NULs turned into spaces (n <
 * LNR_PROC_ARGS_MAX; d holds at least LNR_PROC_ARGS_MAX bytes). The turn works on whole words:
 * the high bit of each byte of z is set where the byte is 0, only there, and 0x80 >> 2 is ' '. */
static __always_inline void lnr_argv_join(char *d, const struct lnr_proc_value *pv, __u32 first,
					  __u32 n)
{
	const __u64 lo = 0x7f7f7f7f7f7f7f7full;
	bpf_probe_read_kernel(d, n & (LNR_PROC_ARGS_MAX - 1),
			      pv->args + ((first + 1) & (LNR_PROC_ARGS_MAX - 1)));
#ifdef __clang__
#pragma clang loop unroll(disable)
#endif
	for (__u32 i = 0; i < LNR_PROC_ARGS_MAX; i += 8) {
		if (i >= n)
			break;
		__u64 w = *(__u64 *)(d + i);
		__u64 z = ~(((w & lo) + lo) | w | lo);
		*(__u64 *)(d + i) = w | (z >> 2);
	}
}

/* proc.cmdline's value into d (2 * LNR_PROC_ARGS_MAX bytes): comm, then, when argv has bytes
 * after argv[0]'s NUL at first (more), ' ' and the n args bytes. Returns its length. tmp: for
 * LNR_ARGV_OPAQUE (the paths of comm's length merge before the args are joined). */
static __always_inline __u32 lnr_argv_cmdline(char *d, const struct lnr_proc_value *pv, __u32 first,
					      __u32 n, int more, __u32 *tmp)
{
	__u64 a = *(const __u64 *)pv->p.comm, b = *(const __u64 *)(pv->p.comm + 8);
	__u32 c = lnr_zbyte(a);
	if (c == 8)
		c = 8 + lnr_zbyte(b);
	if (c > 15)
		c = 15;
	*(__u64 *)d = a;
	*(__u64 *)(d + 8) = b;
	if (!more)
		return c;
	c = LNR_ARGV_OPAQUE(tmp, c);
	d[c & 15] = ' ';
	lnr_argv_join(d + (c & 15) + 1, pv, first, n);
	return c + 1 + n;
}

/* A 16-byte name of a process map value (comm, container id): what bpf_probe_read_kernel_str
 * into 16 bytes gives (at most 15 bytes, NUL-terminated), by two 8-byte moves and a search for
 * the first NUL instead of a helper call (both are map memory). */
static __always_inline void lnr_comm_copy(struct lnr_s16 *d, const char *c)
{
	__u64 a = *(const __u64 *)c, b = *(const __u64 *)(c + 8);
	__u32 n = lnr_zbyte(a);
	if (n == 8)
		n = 8 + lnr_zbyte(b);
	if (n > 15)
		n = 15;
	*(__u64 *)d->s = a;
	*(__u64 *)(d->s + 8) = b;
	d->s[15] = 0;
	d->len = n;
	d->st = LNR_ST_OK;
}

static __always_inline void lnr_get_comm(void *dst, struct lnr_proc_value *pv)
{
	struct lnr_s16 *d = dst;
	if (!pv) {
		d->st = LNR_ST_UNK;
		return;
	}
	lnr_comm_copy(d, pv->p.comm);
}

static __always_inline void lnr_get_comm_st(void *dst, struct lnr_proc_value *pv, __u8 st)
{
	struct lnr_s16 *d = dst;
	if (st != LNR_ST_OK || !pv) {
		d->st = st == LNR_ST_MISSING ? LNR_ST_MISSING : LNR_ST_UNK;
		return;
	}
	lnr_comm_copy(d, pv->p.comm);
}

static __always_inline void lnr_get_ctid(void *dst, struct lnr_proc_value *pv)
{
	struct lnr_s16 *d = dst;
	if (!pv || pv->p.container_id[0] == 0) {
		d->st = LNR_ST_UNK;
		return;
	}
	lnr_comm_copy(d, pv->p.container_id);
}

static __always_inline void lnr_get_exepath(void *dst, struct lnr_proc_value *pv)
{
	struct lnr_s256 *d = dst;
	if (!pv || (pv->p.pflags & LNR_PF_EXE_TRUNC) || pv->exe_len == 0 ||
	    pv->exe_len > LNR_PROC_EXE_MAX) {
		d->st = LNR_ST_UNK;
		return;
	}
	__u32 n = (__u32)(pv->exe_len - 1) & 255;
	lnr_copy_str(d->s, pv->exe, n); /* both 256 bytes: room for its over-read */
	d->len = n;
	d->st = LNR_ST_OK;
}

/* An ancestor's exe path: st is its state from the walk (lnr_anc_step / lnr_anc_at). */
static __always_inline void lnr_get_exepath_st(void *dst, struct lnr_proc_value *pv, __u8 st)
{
	struct lnr_s256 *d = dst;
	if (st != LNR_ST_OK || !pv) {
		d->st = st == LNR_ST_MISSING ? LNR_ST_MISSING : LNR_ST_UNK;
		return;
	}
	lnr_get_exepath(dst, pv);
}

/* proc.env on the exec path (sched_process_exec): the new image's environment, NUL-separated,
 * read from its memory as the exec left it: its first LANNER_MAX_ENV bytes, the prefix userspace's
 * proc.env holds too (the exec record's copy, helpers/exec_env.h, and /proc/PID/environ are cut
 * at the same length: Falco's driver keeps the same prefix). A longer environment is decided on
 * that prefix as Falco decides it, not left UNKNOWN: a container or CI job with a few KiB of
 * variables would otherwise ship every exec to userspace. Not readable (a page not present): UNK.
 * The NULs stay: a needle never holds one, so a match cannot span two variables however
 * userspace joins them. The mm and its bounds by plain loads where LNR_RD is one (three
 * bpf_probe_read_kernel calls per exec before: ~1 % of the exec path on the fork+exec storm,
 * whose environment is empty). */
_Static_assert(LANNER_MAX_ENV == LNR_STR_MAX, "the kernel's proc.env is the record's prefix");
static __always_inline void lnr_get_env(void *dst)
{
	struct lnr_s4096 *d = dst;
	_Static_assert(sizeof(d->s) == LANNER_MAX_ENV, "the buffer holds the whole prefix");
	d->st = LNR_ST_UNK;
	struct mm_struct *mm = LNR_RD(LNR_CURRENT_TASK(), mm);
	if (!mm)
		return;
	__u64 a = LNR_RD(mm, env_start), b = LNR_RD(mm, env_end);
	if (b < a)
		return;
	__u32 n = b - a > LANNER_MAX_ENV ? LANNER_MAX_ENV : (__u32)(b - a);
	asm volatile("" : "+r"(n));
	if (n > LANNER_MAX_ENV) /* the verifier's bound on the read */
		return;
	if (n && bpf_probe_read_user(d->s, n, (const void *)a))
		return;
	d->len = n;
	d->st = LNR_ST_OK;
}

/* An ancestor's entry by pid, or 0: not in the map, or exited (an exited parent stays in the map
 * until evicted, but its children have a new parent, the reaper, by now: unknown, not its
 * values). Every step of the ancestor walks goes through here. */
static __always_inline struct lnr_proc_value *lnr_anc_live(__u32 pid)
{
	struct lnr_proc_value *a = lnr_pv(pid);
	return a && !(a->p.pflags & LNR_PF_EXITED) ? a : 0;
}

/* The parent's entry as this CPU copied it last (lnr_anc_parent_live): the head, exe_len and the
 * exe path (the walk's level-1 values: proc.pname, proc.aname[1], proc.aexepath[1], and the
 * grandparent's pid); args is not copied (a walk that reads the ancestors' argv looks the entry
 * up). */
LNR_PERCPU_ONE(lnr_anc_memo_map, struct lnr_pv_copy) LNR_SHARED;

/* lnr_anc_live for pp, the current task's parent: from the copy while pp is the live parent's
 * tgid and the copy is its entry (lnr_proc_id). The exec storm's children (one parent) then cost
 * no lookup for proc.pname. */
static __always_inline struct lnr_proc_value *lnr_anc_parent_live(__u32 pp)
{
	__u32 z = 0;
	struct lnr_pv_copy *m = bpf_map_lookup_elem(&lnr_anc_memo_map, &z);
	struct lnr_proc_id id;
	lnr_proc_id_of(LNR_RD(LNR_CURRENT_TASK(), real_parent), &id);
	if (!m || !pp || id.tgid != pp)
		return lnr_anc_live(pp);
	struct lnr_proc_value *a = lnr_pv_copy_hit(m, &id);
	if (a)
		return a;
	a = lnr_pv_copy_fill(m, &id, lnr_anc_live(pp),
			     __builtin_offsetof(struct lnr_proc_value, args));
	if (a)
		a->args_len = 0;
	return a;
}

/* The ancestor walk of lnr_need, kept in the event's values (fv->anc_*) so that a later call
 * goes on from the deepest level walked instead of starting again from the process: the walk
 * starts at the process's own entry pv (its ppid written back by lnr_pv_self). */
static __always_inline void lnr_anc_start(struct lnr_fv *fv, struct lnr_proc_value *pv)
{
	fv->anc_lv = 0;
	fv->anc_nst = pv ? LNR_ST_OK : LNR_ST_UNK;
	fv->anc_next = pv ? pv->p.ppid : 0;
}

/* The next level, lv (the deepest walked + 1), one lookup: its entry (0 unless OK) and *st as
 * the walk defines them (MISSING once the chain ended, UNK after a miss or an exited parent);
 * remembered (pid, state) for a later call that wants more of it. */
static __always_inline struct lnr_proc_value *lnr_anc_step_memo(struct lnr_fv *fv, int lv, __u8 *st,
								int memo)
{
	__u8 s = fv->anc_nst;
	__u32 pp = fv->anc_next;
	struct lnr_proc_value *a = 0;
	if (s == LNR_ST_OK && pp == 0)
		s = LNR_ST_MISSING;
	if (s == LNR_ST_OK) {
		a = memo ? lnr_anc_parent_live(pp) : lnr_anc_live(pp);
		if (!a)
			s = LNR_ST_UNK;
	}
	fv->anc_pid[lv] = pp;
	fv->anc_st[lv] = s;
	fv->anc_lv = lv;
	fv->anc_nst = s;
	fv->anc_next = a ? a->p.ppid : 0;
	*st = s;
	return a;
}
#define lnr_anc_step(fv, lv, st)    lnr_anc_step_memo((fv), (lv), (st), 0)
/* Level 1, the parent: from this CPU's memo unless argv is wanted (lnr_anc_parent_live). */
#define lnr_anc_step1(fv, st, argv) lnr_anc_step_memo((fv), 1, (st), !(argv))

/* A level walked before in this event (lv <= fv->anc_lv) again: one lookup by its pid. */
static __always_inline struct lnr_proc_value *lnr_anc_at(struct lnr_fv *fv, int lv, __u8 *st)
{
	__u8 s = fv->anc_st[lv];
	struct lnr_proc_value *a = 0;
	if (s == LNR_ST_OK) {
		a = lnr_anc_live(fv->anc_pid[lv]);
		if (!a)
			s = LNR_ST_UNK;
	}
	*st = s;
	return a;
}

/* A comm as two words, zero from its NUL on (at most 15 bytes, as lnr_comm_copy). */
static __always_inline void lnr_comm_words(const char *c, __u64 *w)
{
	__u64 a = *(const __u64 *)c, b = *(const __u64 *)(c + 8);
	__u32 n = lnr_zbyte(a);
	if (n < 8) {
		a &= n ? (1ull << (n * 8)) - 1 : 0;
		b = 0;
	} else {
		n = lnr_zbyte(b);
		if (n > 7)
			n = 7;
		b &= n ? (1ull << (n * 8)) - 1 : 0;
	}
	w[0] = a;
	w[1] = b;
}

/* proc.aname (any) past the unrolled levels: the walk goes on from level LANNER_ANCESTOR_DEPTH
 * (walked before) up to LANNER_ANCESTOR_ANY_DEPTH, each level's name into st->deep. */
static __always_inline void lnr_anc_deep(void)
{
	struct lnr_fv_store *st = lnr_fv_get();
	if (!st)
		return;
	struct lnr_fv *fv = &st->fv;
	struct lnr_anc_deep *d = &st->deep;
	__u8 s = fv->anc_lv == LANNER_ANCESTOR_DEPTH ? fv->anc_nst : LNR_ST_UNK;
	__u32 pp = fv->anc_next;
	d->n = 0;
	for (__u32 k = 0; k < LANNER_ANCESTOR_ANY_DEPTH - LANNER_ANCESTOR_DEPTH; k++) {
		if (s != LNR_ST_OK)
			break;
		if (pp == 0) {
			s = LNR_ST_MISSING;
			break;
		}
		struct lnr_proc_value *a = lnr_anc_live(pp);
		if (!a) {
			s = LNR_ST_UNK;
			break;
		}
		lnr_comm_words(a->p.comm, d->w[k]);
		pp = a->p.ppid;
		d->n = k + 1;
	}
	/* still going after the last level: deeper than the kernel looks */
	d->end = s == LNR_ST_MISSING ? LNR_ST_MISSING : LNR_ST_UNK;
}

static __always_inline __u64 lnr_open_read(__u64 fl)
{
	__u64 acc = fl & 3;
	return acc != 1; /* Falco: O_RDWR is both, 0 and the invalid 3 are O_RDONLY */
}
static __always_inline __u64 lnr_open_write(__u64 fl)
{
	__u64 acc = fl & 3;
	return acc == 1 || acc == 2;
}

/* Up to eight bytes per step: the run of input bytes before the next '/' (at most 8, all from
 * one part of the input) is what lnr_pn_char would do byte by byte — start a component if none
 * is open (comp_start, the '/' between components, c0/c1), then append — so it is done at once
 * when out has room for all of it (the same limit lnr_pn_char checks per byte can then not be
 * hit). Returns the bytes consumed, 0 = take one byte the slow way ('/' next, or near the end
 * of a buffer). A per-byte bpf_loop step (a callback and two map lookups) was most of the cost
 * of deciding fd.name on an open. */
#define LNR_PN_ONES		    0x0101010101010101ull
#define LNR_PN_HIGHS		    0x8080808080808080ull
#define LNR_PN_SLASH		    0x2f2f2f2f2f2f2f2full
static __always_inline __u32 lnr_pn_word(struct lnr_fv_store *st, struct lnr_scratch *sc, __u32 idx,
					 __u32 avail)
{
	struct lnr_pathnorm *n = &st->pn;
	__u32 out = n->len;
	if (avail == 0 || out + 1 + 8 + 2 >= LNR_PN_MAX || idx > LNR_EV_BUF - 8)
		return 0;
	asm volatile("" : "+r"(idx));
	if (idx > LNR_EV_BUF - 8)
		return 0;
	__u64 w = *(__u64 *)&sc->ev[idx]; /* little-endian: byte 0 is the next input byte */
	__u64 x = w ^ LNR_PN_SLASH;	  /* a zero byte where the input has '/' */
	if (avail < 8)
		x |= ~0ull << (avail * 8); /* bytes past the input are never '/' */
	/* the lowest flagged byte is exactly the first zero byte (false flags only sit above one)
	 */
	__u64 m = (x - LNR_PN_ONES) & ~x & LNR_PN_HIGHS;
	__u32 k = m ? lnr_low_byte(m) : 8;
	if (k > avail)
		k = avail;
	if (k == 0)
		return 0;
	__u32 sep = n->comp_len == 0 && out > 1;
	__u32 at = out + sep;
	asm volatile("" : "+r"(at));
	if (at > LNR_PN_MAX - 8)
		return 0;
	if (n->comp_len == 0) {
		n->comp_start = out;
		n->c0 = (char)w;
		if (k >= 2)
			n->c1 = (char)(w >> 8);
	} else if (n->comp_len == 1) {
		n->c1 = (char)w;
	}
	if (sep)
		st->path[out & (LNR_PN_MAX - 1)] = '/';
	asm volatile("" : "+r"(at));
	/* at <= LNR_PN_MAX - 8 here; the mask is for the verifier (path is not the last field) */
	*(__u64 *)&st->path[at & (LNR_PN_MAX - 1)] = w; /* bytes past k: beyond len, never read */
	n->len = at + k;
	n->comp_len += k;
	return k;
}

/* One step of the path resolution: base, '/', path (rules/rt.h lnr_pn_*). */
static long lnr_pn_cb(__u32 i, void *ctx)
{
	(void)ctx;
	(void)i;
	struct lnr_fv_store *st = lnr_fv_get();
	struct lnr_scratch *sc = lnr_scratch();
	if (!st || !sc)
		return 1;
	struct lnr_pnsrc *s = &st->src;
	__u32 total = s->has_base ? s->blen + 1 + s->rlen : s->rlen;
	__u32 p = s->pos;
	if (p >= total || p >= 2 * LNR_PN_MAX)
		return 1;
	char c;
	if (s->has_base && p < s->blen) {
		__u32 idx = (s->boff & LNR_SLOT_OFF_MASK) + (p & 4095);
		__u32 k = lnr_pn_word(st, sc, idx, s->blen - p);
		if (k) {
			s->pos = p + k;
			return 0;
		}
		c = sc->ev[idx];
	} else if (s->has_base && p == s->blen) {
		c = '/';
	} else {
		__u32 q = s->has_base ? p - s->blen - 1 : p;
		__u32 idx = (s->roff & LNR_SLOT_OFF_MASK) + (q & 4095);
		__u32 k = lnr_pn_word(st, sc, idx, total - p);
		if (k) {
			s->pos = p + k;
			return 0;
		}
		c = sc->ev[idx];
	}
	s->pos = p + 1;
	lnr_pn_char(&st->pn, st->path, c);
	return st->pn.bad ? 1 : 0;
}

/* The normalisation loop as a GLOBAL function: verified once per program, not once per path
 * resolved (with bounded loops, 5.10, a per-call-site copy took close past the verifier's
 * million instructions). */
__noinline int lnr_pn_run_g(void)
{
	LNR_BPF_LOOP(2 * LNR_PN_MAX, lnr_pn_cb, 0, LNR_OLD_PN_STEPS);
	return 0;
}

/* Offset of a slot in the record under construction (slots follow each other in order). */
static __always_inline __u32 lnr_slot_at(struct lnr_sys *r, int slot)
{
	__u32 off = sizeof(struct lnr_sys);
	for (int i = 0; i < LNR_NSLOTS; i++)
		if (i < slot)
			off += r->slot_len[i];
	return off;
}

/* lnr_pn_clean on the len bytes of the record buffer at off: the index of the path's last '/'
 * when it is already normal, plus LNR_PN_DD when the path contains "../"; -1 when the
 * normaliser must run. A GLOBAL function: the verifier checks its word loop once per program,
 * not once per call site and path through the fetch. */
#define LNR_PN_DD		    LNR_PN_MAX
__noinline int lnr_pn_clean_g(__u32 off, __u32 len)
{
	struct lnr_scratch *sc = lnr_scratch();
	__u32 ls = 0, dd = 0;
	if (!sc || off > LNR_SLOT_OFF_MASK || len > LNR_PN_FAST_MAX)
		return -1;
	/* the masks change nothing after the tests, but clang drops them unless hidden this way
	 * and the verifier needs them */
	asm volatile("" : "+r"(off), "+r"(len));
	off &= LNR_SLOT_OFF_MASK;
	len &= 2 * LNR_PN_FAST_MAX - 1;
	if (!lnr_pn_clean((const char *)&sc->ev[off], len, &ls, &dd))
		return -1;
	return (int)(ls & (LNR_PN_MAX - 1)) | (dd ? LNR_PN_DD : 0);
}

#define LNR_RES_NONE 0 /* the kernel cannot resolve it: UNK */
#define LNR_RES_PATH 1 /* normalised into st->path[0..st->pn.len) */
#define LNR_RES_SLOT 2 /* already normal: the slot itself, at st->src.roff, st->pn.len bytes */

static __always_inline int lnr_resolve_memo(struct lnr_fv_store *st, int slot, __u32 off, int how)
{
	st->src.memo_slot = (__u32)slot + 1;
	st->src.memo_off = off;
	st->src.memo_how = how;
	return how;
}

/* Resolves a path slot (A or B) as userspace does (absolute, or joined to its *_BASE slot, then
 * normalised): st->pn.len and st->pn.last_slash describe the result, which is where the
 * LNR_RES_* returned says. NONE when the kernel cannot: relative without a base, too long, too
 * deep. An absolute path that needs no rewriting (the usual case) skips the normaliser. */
static __always_inline int lnr_resolve(struct lnr_ev *e, struct lnr_fv_store *st, int slot)
{
	struct lnr_sys *r = e->rec;
	__u32 l = r->slot_len[slot & (LNR_NSLOTS - 1)];
	__u32 bl = r->slot_len[(slot + 1) & (LNR_NSLOTS - 1)];
	__u32 off = lnr_slot_at(r, slot);
	if (l == 0 || off > LNR_SLOT_OFF_MASK)
		return 0;
	/* the same slot again in this event (fd.name, then evt.arg.name): what st holds is its
	 * resolution still, no second pass over the path */
	if (st->src.memo_slot == (__u32)slot + 1 && st->src.memo_off == off)
		return st->src.memo_how;
	st->src.memo_slot = 0;
	st->src.nodd = 0;
	st->src.roff = off;
	st->src.rlen = (l - 1) & 4095;
	st->src.has_base = 0;
	if (e->sc->ev[off & LNR_SLOT_OFF_MASK] == '/') {
		int ls = lnr_pn_clean_g(off, st->src.rlen);
		if (ls >= 0) {
			st->pn.len = st->src.rlen;
			st->pn.last_slash = (__u32)ls & (LNR_PN_MAX - 1);
			st->src.nodd = !(ls & LNR_PN_DD);
			st->pn.bad = 0;
			return lnr_resolve_memo(st, slot, off, LNR_RES_SLOT);
		}
	} else {
		/* relative to the cwd: Falco's cwd (tracked lexically) is userspace's to know */
		if (r->h.flags & (slot == LNR_SLOT_A ? LNR_RF_CWD_A : LNR_RF_CWD_B))
			return LNR_RES_NONE;
		__u32 boff = off + l;
		/* a relative path with no base: userspace keeps it relative */
		if (bl <= 1 || boff > LNR_SLOT_OFF_MASK ||
		    e->sc->ev[boff & LNR_SLOT_OFF_MASK] != '/')
			return 0;
		st->src.boff = boff;
		st->src.blen = (bl - 1) & 4095;
		st->src.has_base = 1;
	}
	st->src.pos = 0;
	st->src.path_off = ~0u;
	lnr_pn_init(&st->pn, st->path);
	lnr_pn_run_g();
	/* a loop its bound cut (5.10) left the path unfinished: UNKNOWN */
	if (st->src.pos < (st->src.has_base ? st->src.blen + 1 + st->src.rlen : st->src.rlen))
		st->pn.bad = 1;
	lnr_pn_end(&st->pn);
	if (st->pn.bad)
		return LNR_RES_NONE;
	st->src.path_off = off;
	return lnr_resolve_memo(st, slot, off, LNR_RES_PATH);
}

static __always_inline void lnr_fd_prepare(struct lnr_ev *e, struct lnr_fdv *fd, int open_family)
{
	struct lnr_sys *r = e->rec;
	__u32 k = r->fd_kind;
	fd->failed_open = open_family && r->res < 0;
	fd->have = k != LNR_FD_NONE || fd->failed_open;
	fd->sock = k == LNR_FD_IPV4 || k == LNR_FD_IPV6 || k == LNR_FD_UNIX ||
		   k == LNR_FD_NETLINK || k == LNR_FD_OTHER_SOCK;
	fd->unk = k == LNR_FD_UNKNOWN;
	fd->ipsock = fd->have && (k == LNR_FD_IPV4 || k == LNR_FD_IPV6);
	fd->filelike = k == LNR_FD_FILE || k == LNR_FD_DIR || k == LNR_FD_MEMFD;
	/* LNR_RF_FDNAME_WALK: the fd's path now, maybe not the name it was opened by (Falco's) */
	fd->a_bad = (r->h.flags &
		     (LNR_RF_TRUNC | LNR_RF_PATH_DEEP | LNR_RF_OVERFLOW | LNR_RF_FDNAME_WALK)) != 0;
	__u32 l = r->slot_len[LNR_SLOT_A];
	fd->a_present = l > 0;
	fd->a_len = l > 0 ? (l - 1) & 4095 : 0;
	fd->a_ok = 0;
	fd->name_len = 0;
	fd->last_slash = 0;
	fd->in_slot = 0;
	fd->raw_nodd = 0;
	if (!fd->a_present || fd->a_bad || fd->sock || fd->unk)
		return;
	struct lnr_fv_store *st = container_of(fd, struct lnr_fv_store, fd);
	int how = lnr_resolve(e, st, LNR_SLOT_A);
	if (how == LNR_RES_NONE)
		return;
	fd->in_slot = how == LNR_RES_SLOT;
	/* slot A is fd.nameraw's bytes: taken as it is, the word scan saw every "../" */
	fd->raw_nodd = how == LNR_RES_SLOT && st->src.nodd;
	fd->a_off = st->src.roff;
	fd->name_len = st->pn.len & (LNR_PN_MAX - 1);
	fd->last_slash = st->pn.last_slash & (LNR_PN_MAX - 1);
	fd->a_ok = 1;
}

/* evt.arg.<path or string parameter> from a slot, as userspace renders it (record.c /
 * fields_extract.c param sources): kind 0 = a path (resolved against its base slot and
 * normalised, as userspace does; not resolvable: UNK), 1 = a plain string (as passed). Missing
 * slot: MISSING unless the record was cut. */
static __always_inline void lnr_get_param(struct lnr_ev *e, int slot, int kind, void *dst,
					  __u32 size)
{
	struct lnr_s4096 *d = dst; /* only the first `size` bytes of s exist */
	struct lnr_sys *r = e->rec;
	__u32 k = r->fd_kind;
	__u32 off = lnr_slot_at(r, slot);
	__u32 l = r->slot_len[slot & (LNR_NSLOTS - 1)];
	int bad = (r->h.flags & (LNR_RF_TRUNC | LNR_RF_PATH_DEEP | LNR_RF_OVERFLOW)) != 0;
	d->st = LNR_ST_UNK;
	if (slot == LNR_SLOT_A && kind == 0 &&
	    (k == LNR_FD_IPV4 || k == LNR_FD_IPV6 || k == LNR_FD_UNIX)) {
		d->st = LNR_ST_MISSING;
		return;
	}
	if (l == 0) {
		d->st = bad ? LNR_ST_UNK : LNR_ST_MISSING;
		return;
	}
	if (bad || off > LNR_SLOT_OFF_MASK)
		return;
	__u32 len = (l - 1) & 4095;
	const void *src = &e->sc->ev[off & LNR_SLOT_OFF_MASK];
	if (kind == 0) {
		struct lnr_fv_store *st = lnr_fv_get();
		if (!st)
			return;
		int how = lnr_resolve(e, st, slot);
		if (how == LNR_RES_NONE)
			return;
		len = st->pn.len;
		if (how == LNR_RES_PATH)
			src = st->path;
	}
	if (len >= size)
		return; /* longer than the kernel's buffer: UNK */
	asm volatile("" : "+r"(len));
	len &= size - 1;
	if (size >= LNR_COPY_INLINE)
		lnr_copy_str(d->s, src, len);
	else
		bpf_probe_read_kernel(d->s, len, src);
	d->len = len;
	d->st = LNR_ST_OK;
}

/* fd.name state: MISSING / UNK / NOSLASH (an IP socket: userspace renders its addresses and
 * ports, fields_extract.c) / OK (then the value is slot A). */
static __always_inline __u8 lnr_fd_name_st(struct lnr_fdv *fd)
{
	if (!fd->have)
		return LNR_ST_MISSING;
	if (fd->ipsock)
		return LNR_ST_NOSLASH;
	if (fd->unk || fd->sock)
		return LNR_ST_UNK;
	if (!fd->a_present)
		return fd->a_bad ? LNR_ST_UNK : LNR_ST_MISSING;
	return fd->a_ok ? LNR_ST_OK : LNR_ST_UNK;
}

static __always_inline void lnr_copy_a(struct lnr_ev *e, struct lnr_s4096 *d, __u32 from, __u32 len)
{
	len &= 4095;
	lnr_copy_str(d->s,
		     (const char *)&e->sc
			     ->ev[(sizeof(struct lnr_sys) + (from & 4095)) & LNR_SLOT_OFF_MASK],
		     len);
	d->len = len;
	d->st = LNR_ST_OK;
}

/* A piece of the resolved fd.name, from where lnr_fd_prepare found it. */
static __always_inline void lnr_copy_name(struct lnr_ev *e, struct lnr_fdv *fd, struct lnr_s4096 *d,
					  __u32 from, __u32 len)
{
	const char *src;
	asm volatile("" : "+r"(len));
	len &= 4095;
	if (fd->in_slot) {
		src = (const char *)&e->sc->ev[(fd->a_off + from) & LNR_SLOT_OFF_MASK];
	} else {
		struct lnr_fv_store *st = container_of(fd, struct lnr_fv_store, fd);
		/* the fetch reads fd.* before the path parameters, whose resolution reuses
		 * st->path; should that order change, an overwritten path is not taken for fd.name
		 */
		if (st->src.path_off != fd->a_off) {
			d->st = LNR_ST_UNK;
			return;
		}
		src = &st->path[from & (LNR_PN_MAX - 1)];
	}
	lnr_copy_str(d->s, src, len);
	d->len = len;
	d->st = LNR_ST_OK;
}

static __always_inline void lnr_get_fd_name(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s4096 *d = dst;
	d->st = lnr_fd_name_st(fd);
	if (d->st == LNR_ST_OK)
		lnr_copy_name(e, fd, d, 0, fd->name_len);
}

/* fd.name on an event whose slot A is no fd path (socket, connect, accept, bind: a socket
 * address or nothing): never OK; an IP socket's name has no '/' (NOSLASH), the rest UNK. */
static __always_inline void lnr_get_fd_name_sock(struct lnr_fdv *fd, void *dst)
{
	struct lnr_s4096 *d = dst;
	d->st = !fd->have ? LNR_ST_MISSING : fd->ipsock ? LNR_ST_NOSLASH : LNR_ST_UNK;
}

static __always_inline void lnr_get_fd_nameraw(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s4096 *d = dst;
	if (!fd->have)
		d->st = LNR_ST_MISSING;
	else if (fd->unk || fd->sock || fd->a_bad)
		d->st = LNR_ST_UNK;
	else if (!fd->a_present)
		d->st = LNR_ST_MISSING;
	else
		lnr_copy_a(e, d, 0, fd->a_len);
}

/* LNR_RAW_DD(fv): can fd.nameraw contain "../"? 0 when it is MISSING, or whole and
 * lnr_pn_clean took slot A (fd.nameraw's bytes) as it is and saw none (raw_nodd); 1 otherwise.
 * A rule that needs `fd.nameraw contains ../` is not called when it is 0 (gen/plan_paths.c): a
 * path without ".." costs no scan. A macro: fd_nameraw is a member only when a rule reads it. */
static __always_inline int lnr_raw_dd(__u8 st, const struct lnr_fdv *fd)
{
	if (st != LNR_ST_OK)
		return st != LNR_ST_MISSING;
	return !fd->raw_nodd;
}
#define LNR_RAW_DD(fv)                                                                             \
	lnr_raw_dd((fv)->fd_nameraw.st, &container_of((fv), struct lnr_fv_store, fv)->fd)

static __always_inline __u8 lnr_fd_split_st(struct lnr_fdv *fd)
{
	if (!fd->have || fd->failed_open)
		return LNR_ST_MISSING;
	if (fd->unk)
		return LNR_ST_UNK;
	if (!fd->filelike)
		return LNR_ST_MISSING;
	return lnr_fd_name_st(fd);
}

static __always_inline void lnr_get_fd_directory(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s4096 *d = dst;
	d->st = lnr_fd_split_st(fd);
	if (d->st == LNR_ST_OK)
		lnr_copy_name(e, fd, d, 0, fd->last_slash ? fd->last_slash : 1);
}

static __always_inline void lnr_get_fd_filename(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s4096 *d = dst;
	d->st = lnr_fd_split_st(fd);
	if (d->st == LNR_ST_OK) {
		if (fd->name_len <= 1) { /* "/": nothing after the slash */
			d->len = 0;
			return;
		}
		lnr_copy_name(e, fd, d, fd->last_slash + 1, fd->name_len - fd->last_slash - 1);
	}
}

static __always_inline void lnr_set16(struct lnr_s16 *d, const char *s, __u32 n)
{
	__builtin_memcpy(d->s, s, 10);
	d->len = n;
	d->st = LNR_ST_OK;
}

static __always_inline void lnr_get_fd_type(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s16 *d = dst;
	__u32 k = e->rec->fd_kind;
	d->st = LNR_ST_UNK;
	if (!fd->have || fd->failed_open)
		d->st = LNR_ST_MISSING;
	else if (k == LNR_FD_FILE)
		lnr_set16(d, "file\0\0\0\0\0", 4);
	else if (k == LNR_FD_DIR)
		lnr_set16(d, "directory", 9);
	else if (k == LNR_FD_IPV4)
		lnr_set16(d, "ipv4\0\0\0\0\0", 4);
	else if (k == LNR_FD_IPV6)
		lnr_set16(d, "ipv6\0\0\0\0\0", 4);
	else if (k == LNR_FD_UNIX)
		lnr_set16(d, "unix\0\0\0\0\0", 4);
}

static __always_inline void lnr_get_fd_typechar(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s16 *d = dst;
	__u32 k = e->rec->fd_kind;
	char c = 0;
	if (!fd->have) {
		d->st = LNR_ST_MISSING;
		return;
	}
	if (fd->failed_open)
		c = 'f';
	else if (k == LNR_FD_FILE)
		c = 'f';
	else if (k == LNR_FD_DIR)
		c = 'd';
	else if (k == LNR_FD_IPV4)
		c = '4';
	else if (k == LNR_FD_IPV6)
		c = '6';
	else if (k == LNR_FD_UNIX)
		c = 'u';
	if (!c) {
		d->st = LNR_ST_UNK;
		return;
	}
	d->s[0] = c;
	d->len = 1;
	d->st = LNR_ST_OK;
}

/* The event's fd is an IPv4 or IPv6 socket: its address fields exist (missing otherwise). */
static __always_inline int lnr_fd_ip(struct lnr_ev *e, struct lnr_fdv *fd)
{
	__u32 k = e->rec->fd_kind;
	return fd->have && (k == LNR_FD_IPV4 || k == LNR_FD_IPV6);
}

/* An IP socket's endpoint as a number: local: the local one (the server's on
 * accept/listen/bind), else the remote one; addr: fd.sip / fd.cip (a.b.c.d = a << 24 | ...; IPv4
 * only, an IPv6 socket is UNK), else fd.sport / fd.cport. Not an IP socket: missing
 * (fields_extract.c). */
static __always_inline void lnr_get_fd_endpoint(struct lnr_ev *e, struct lnr_fdv *fd, void *dst,
						int local, int addr)
{
	struct lnr_num *d = dst;
	d->st = LNR_ST_MISSING;
	if (!lnr_fd_ip(e, fd))
		return;
	if (addr) {
		d->st = LNR_ST_UNK;
		if (e->rec->fd_kind != LNR_FD_IPV4)
			return;
		const __u8 *a = local ? e->rec->sock.laddr : e->rec->sock.raddr;
		d->v = ((__u32)a[0] << 24) | ((__u32)a[1] << 16) | ((__u32)a[2] << 8) | (__u32)a[3];
	} else {
		d->v = local ? e->rec->sock.lport : e->rec->sock.rport;
	}
	d->st = LNR_ST_OK;
}

static __always_inline void lnr_get_fd_port(struct lnr_ev *e, struct lnr_fdv *fd, void *dst,
					    int local)
{
	lnr_get_fd_endpoint(e, fd, dst, local, 0);
}

static __always_inline void lnr_get_fd_ip4(struct lnr_ev *e, struct lnr_fdv *fd, void *dst,
					   int local)
{
	lnr_get_fd_endpoint(e, fd, dst, local, 1);
}

static __always_inline void lnr_get_fd_l4proto(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s16 *d = dst;
	__u8 p = e->rec->sock.l4proto;
	d->st = LNR_ST_MISSING;
	if (!lnr_fd_ip(e, fd))
		return;
	if (p == 6)
		lnr_set16(d, "tcp\0\0\0\0\0\0", 3);
	else if (p == 17)
		lnr_set16(d, "udp\0\0\0\0\0\0", 3);
	else if (p == 1 || p == 58)
		lnr_set16(d, "icmp\0\0\0\0\0", 4);
	else
		lnr_set16(d, "raw\0\0\0\0\0\0", 3);
}

/* fd.connected: sockets only (missing otherwise, as fields_extract.c); a connect's result, true
 * on the other socket events (userspace's rule, no per-socket state). */
static __always_inline void lnr_get_fd_connected(struct lnr_ev *e, void *dst, int is_connect)
{
	struct lnr_num *d = dst;
	__u32 k = e->rec->fd_kind;
	d->st = LNR_ST_MISSING;
	if (k != LNR_FD_IPV4 && k != LNR_FD_IPV6 && k != LNR_FD_UNIX)
		return;
	d->v = is_connect ? e->rec->res == 0 : 1;
	d->st = LNR_ST_OK;
}

static __always_inline void lnr_get_fd_sockfamily(struct lnr_ev *e, struct lnr_fdv *fd, void *dst)
{
	struct lnr_s16 *d = dst;
	__u32 k = e->rec->fd_kind;
	d->st = LNR_ST_MISSING;
	if (!fd->have)
		return;
	if (k == LNR_FD_IPV4 || k == LNR_FD_IPV6)
		lnr_set16(d, "ip\0\0\0\0\0\0\0", 2);
	else if (k == LNR_FD_UNIX)
		lnr_set16(d, "unix\0\0\0\0\0", 4);
}

/* ---- verdict into the record header (records.h) ---- */
static __always_inline int lnr_verdict_store(struct lnr_hdr *h, struct lnr_verdict *v)
{
	if (v->first < 0) {
		h->v_state = LNR_V_NONE;
		return 0;
	}
	h->v_first = (__u16)v->first;
	h->v_state = v->state == LNR_T ? LNR_V_TRUE : LNR_V_UNKNOWN;
	h->v_maybe = v->maybe;
	h->v_true = v->truth;
	return 1;
}

static __always_inline int lnr_verdict_all_unknown(struct lnr_hdr *h)
{
	h->v_first = 0;
	h->v_state = LNR_V_UNKNOWN;
	h->v_maybe = ~0ull;
	h->v_true = 0;
	return 1;
}

/* Start of a generated fetch (fetch of one event type): the per-CPU values fv and the record r;
 * -1 without scratch memory (the event then ships: userspace decides). */
#define LNR_FETCH_BEGIN(e)                                                                         \
	struct lnr_fv_store *fst_ = lnr_fv_get();                                                  \
	struct lnr_fv *fv = fst_ ? &fst_->fv : (void *)0;                                          \
	struct lnr_sys *r = (e)->rec;                                                              \
	(void)r;                                                                                   \
	if (!fv)                                                                                   \
		return -1;                                                                         \
	fst_->src.memo_slot = 0 /* a new event: no path resolved yet */
/* Start of a generated filter: the fetch, then an empty verdict v. The verdict lives in map
 * memory: kept on the stack, its per-path constants would multiply the verifier's states with
 * every rule. No scratch memory: ship, userspace decides. */
#define LNR_FILTER_BEGIN(e, fetch)                                                                 \
	struct lnr_verdict *v;                                                                     \
	if ((fetch)(e) || !(v = LNR_VERDICT()))                                                    \
		return lnr_verdict_all_unknown(&(e)->rec->h);                                      \
	lnr_verdict_init(v)
#endif /* LNR_PART != 2 */
#endif

#endif
