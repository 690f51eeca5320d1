/* ct_cache.h — a task's container classification, cached per css_set (the set of cgroups a task
 * is in), so an exec storm in one set of cgroups pays one cache lookup instead of a classification
 * (extract.h lnr_ct_classify_g: a lookup or two per cgroup of every hierarchy, many on a host
 * with cgroup v1 and v2 mounted).
 *
 * Key: the css_set's address. An address is reused once the set is freed, so an entry holds what
 * made the set: the serial numbers of its default-hierarchy cgroup and of each subsystem's css
 * (the kernel numbers every css once, never reusing a number while it runs). A css_set's cgroups
 * never change while it lives (a task moving between cgroups moves to another set), and it is
 * freed only after an RCU grace period, so what is read here is one set's. An entry whose
 * serials differ from the set's at that address now is classified again and replaced.
 *
 * This CPU's memo (the last answer) is checked with fewer reads: not the css of a subsystem bound
 * to the default hierarchy now (see lnr_css_serials), as long as the same subsystems are bound
 * there as when the memo was made.
 *
 * The loader's confirmations of loose cgroups (lnr_ct_confirmed) may come after a set was cached
 * as the host: each confirmation bumps a generation, kept in lnr_ct_gen (maps.h), and an entry of
 * an older generation is classified again. Included once, from helpers/process.h. */
#ifndef LANNER_HELPERS_CT_CACHE_H
#define LANNER_HELPERS_CT_CACHE_H

#include "helpers/extract.h"

/* The confirmations' generation (0: none yet): an array access. */
static __always_inline __u32 lnr_ct_gen_now(void)
{
	__u32 k = 0;
	__u32 *g = bpf_map_lookup_elem(&lnr_ct_gen, &k);
	return g ? *g : 0;
}

/* The serials of the css_set at css_addr into sv: [0] its default-hierarchy cgroup's, [1 + i]
 * subsystem i's css's (0 where the set has none). Only the subsystems the running kernel has. sv
 * is the scratch's (the css pointers pass through it): this function's callers are nested
 * global functions, whose stacks add up (5.10's exec program is near the 512 bytes). Returns the
 * subsystems bound to the default hierarchy (its root's subsys_mask: bit i for subsys[i]).
 *
 * With skip_dfl, the css of those subsystems are not read (their sv is 0). Such a css never
 * names a container: lnr_ct_classify_g skips a cgroup of the default hierarchy, and a subsystem
 * moves between hierarchies (rebind_subsystems) only when no set holds a css of it but its
 * hierarchy root's (else EBUSY; an implicit controller taken from v2 is first disabled there),
 * whose cgroup, a root, is the host wherever it is bound. A memo made under the same mask whose
 * other serials match (the same css, so the same cgroups) is then the class of the set at
 * css_addr now. */
static __always_inline __u32 lnr_css_serials(__u64 css_addr, __u64 *sv, bool skip_dfl)
{
	struct css_set *cs = LNR_RO(struct css_set, css_addr);
	struct cgroup *dfl = LNR_RD(cs, dfl_cgrp);
	__u32 n = bpf_core_field_size(struct css_set, subsys) / sizeof(__u64);
	__u32 mask = 0, skip;

	if (n > CGROUP_SUBSYS_COUNT)
		n = CGROUP_SUBSYS_COUNT;
	sv[0] = 0;
	if (dfl) {
		sv[0] = LNR_RD(dfl, self.serial_nr);
		mask = LNR_RD(dfl, root, subsys_mask);
	}
	skip = skip_dfl ? mask : 0;
#ifndef LNR_NO_RDONLY_CAST
	/* the subsystem pointers as plain loads (numbers, through lnr_read_u64: an access to an
	 * element of the array would be relocated against the build's subsystem count), one per
	 * unrolled step: no helper call */
	__u64 ss0 = css_addr + bpf_core_field_offset(struct css_set, subsys);
#pragma unroll
	for (int i = 0; i < CGROUP_SUBSYS_COUNT; i++) {
		__u64 css = 0;
		if ((__u32)i < n && !(skip & (1u << i)))
			css = lnr_read_u64(ss0 + i * sizeof(__u64));
		sv[i + 1] = css ? LNR_RD(LNR_RO(struct cgroup_subsys_state, css), serial_nr) : 0;
	}
#else
	if (bpf_probe_read_kernel(
		    &sv[1], CGROUP_SUBSYS_COUNT * sizeof(__u64),
		    (void *)(css_addr + bpf_core_field_offset(struct css_set, subsys))))
		n = 0;
	for (int i = 0; i < CGROUP_SUBSYS_COUNT; i++) {
		__u64 css = sv[i + 1], s = 0;
		if ((__u32)i < n && css && !(skip & (1u << i)))
			s = LNR_RD(LNR_RO(struct cgroup_subsys_state, css), serial_nr);
		sv[i + 1] = s;
	}
#endif
	return mask;
}

/* This CPU's last answer: an exec storm in one set of cgroups finds it here, without the
 * cache's hash lookup (a cold bucket on every exec: about a quarter of sched_process_exec's
 * capture). Checked exactly as a cache entry is (address, generation, serials), so it answers
 * only what the cache would. */
struct lnr_css_memo {
	__u64 addr;
	__u32 dfl_mask; /* the default hierarchy's subsystems when it was made */
	__u32 pad;
	struct lnr_css_class v;
};
LNR_PERCPU_ONE(lnr_css_memo_map, struct lnr_css_memo);

/* Is the entry v (of css_addr's set, or 0) the class of the set whose serials are nv's now?
 * The serials of the subsystems in skip are not compared. */
static __always_inline int lnr_css_valid(const struct lnr_css_class *v,
					 const struct lnr_css_class *nv, __u32 gen, __u32 skip)
{
	if (!v || v->gen != gen)
		return 0;
	/* no branch per serial: a branch each, with the mask's, multiplied the verifier's paths */
	__u64 diff = v->serial[0] ^ nv->serial[0];
	for (int i = 0; i < CGROUP_SUBSYS_COUNT; i++)
		diff |= (v->serial[i + 1] ^ nv->serial[i + 1]) & (((skip >> i) & 1) - 1ull);
	return diff == 0;
}

/* A GLOBAL function (verified once per program): the class of the css_set at css_addr into the
 * scratch's ct (id valid when not the host); returns its layout. Called when this CPU's memo
 * does not hold the set (lnr_ct_memo_layout): the cache, else a classification, stored in both;
 * the memo then holds it. */
__noinline int lnr_ct_cached_g(__u64 css_addr)
{
	struct lnr_scratch *sc = lnr_scratch();
	__u32 zero = 0;
	struct lnr_css_memo *m = bpf_map_lookup_elem(&lnr_css_memo_map, &zero);

	if (!sc || !m || !css_addr)
		return LANNER_CT_HOST;
	struct lnr_css_class *nv = &sc->css;
	__u32 gen = lnr_ct_gen_now();
	__u32 mask = lnr_css_serials(css_addr, nv->serial, false);
	struct lnr_css_class *v = bpf_map_lookup_elem(&lnr_csscache, &css_addr);
	if (lnr_css_valid(v, nv, gen, 0)) {
		sc->ct = v->c;
		m->v = *v;
	} else {
		int layout = lnr_ct_classify_g(css_addr); /* writes sc->ct */
		nv->gen = gen;
		nv->c = sc->ct;
		nv->c.layout = layout;
		bpf_map_update_elem(&lnr_csscache, &css_addr, nv, BPF_ANY);
		m->v = *nv;
	}
	m->addr = css_addr;
	m->dfl_mask = mask;
	return m->v.c.layout;
}

/* This CPU's memo, inline: the set's class into sc->ct and its layout when the memo holds
 * css_addr's set (same generation, same subsystems on the default hierarchy, same serials
 * outside them: lnr_css_serials), else -1. An exec storm in one set of cgroups answers here
 * without calling lnr_ct_cached_g (a call and its return: about 7 ns on this CPU) and without
 * reading the css of the subsystems bound to cgroup v2 (every one on a v2-only host). */
static __always_inline int lnr_ct_memo_layout(struct lnr_scratch *sc, __u64 css_addr)
{
	__u32 zero = 0;
	struct lnr_css_memo *m = bpf_map_lookup_elem(&lnr_css_memo_map, &zero);

	if (!m || !css_addr || m->addr != css_addr)
		return -1;
	__u32 mask = lnr_css_serials(css_addr, sc->css.serial, true);
	if (mask != m->dfl_mask || !lnr_css_valid(&m->v, &sc->css, lnr_ct_gen_now(), mask))
		return -1;
	sc->ct = m->v.c;
	return m->v.c.layout;
}

/* Writes p->container_id ("host", or the 12-char id) and p->ct_layout for task t. */
static __always_inline void lnr_fill_container(struct lnr_scratch *sc, struct task_struct *t,
					       struct lnr_proc *p)
{
	/* a plain load where LNR_RD is one: the global function takes the address as a number */
	__u64 css_addr =
		lnr_read_u64((__u64)t + bpf_core_field_offset(struct task_struct, cgroups));
	int layout = lnr_ct_memo_layout(sc, css_addr);

	if (layout < 0)
		layout = lnr_ct_cached_g(css_addr);

	p->ct_layout = layout;
	if (layout == LANNER_CT_HOST) {
		__builtin_memcpy(p->container_id, "host", 5);
		return;
	}
	__builtin_memcpy(p->container_id, sc->ct.id, LANNER_CT_ID_LEN);
	p->container_id[LANNER_CT_ID_LEN] = 0;
}

#endif
