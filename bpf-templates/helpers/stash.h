/* stash.h — the entry-time copies of a syscall's arguments (against TOCTOU: user memory changed
 * between the syscall's entry and its exit).
 *
 * The enter program copies into its CPU's stash (lnr_stash_map) and, last, publishes the copy by
 * tagging it with the thread (tid, start time), the syscall and the thread's context-switch count
 * (nvcsw + nivcsw) at entry. While the count is unchanged no other thread can have run on this CPU
 * and the thread cannot have moved, so the exit finds its copy there. When the thread is switched
 * out with its copy published, lnr_sched_switch moves the copy into the thread's own storage
 * (lnr_stash_spill, created then: only threads that sleep or are preempted inside a copied syscall
 * ever allocate one), where the exit finds it after the thread runs again, on any CPU. So the
 * copy outlives sleeps, preemption and migration, as a per-thread stash did, without an
 * allocation for every new thread.
 *
 * The exit consumes what it takes (evt_nr = LNR_STASH_NONE). A copy the exit cannot find (the
 * entry was preempted while it copied, the move found no memory, a rules reload between entry
 * and exit) makes the exit read the arguments itself, flagged LNR_RF_NO_STASH and counted
 * (stash_miss), as for a copy that failed at entry (a path on a page not yet faulted in).
 * Like the per-CPU scratch (helpers/store.h), the stash relies on a program of these hooks not
 * being preempted by another task's program on the same CPU between finding a copy and using it.
 */
#ifndef LANNER_HELPERS_STASH_H
#define LANNER_HELPERS_STASH_H

#include "helpers/base.h"

#define LNR_STASH_NONE ((__u32)-1) /* evt_nr of a stash holding no published copy */

static __always_inline struct lnr_stash *lnr_stash_cpu(void)
{
	__u32 z = 0;
	return bpf_map_lookup_elem(&lnr_stash_map, &z);
}

/* Times task t was switched out: voluntary and involuntary. */
static __always_inline __u64 lnr_task_csw(struct task_struct *t)
{
	return (__u64)LNR_RD(t, nvcsw) + (__u64)LNR_RD(t, nivcsw);
}

/* Entry: this CPU's stash for task t's (current's) copy, unpublished until lnr_stash_publish. */
static __always_inline struct lnr_stash *lnr_stash_claim(struct task_struct *t)
{
	struct lnr_stash *s = lnr_stash_cpu();
	if (!s)
		return 0;
	s->evt_nr = LNR_STASH_NONE;
	s->tid = LNR_RD(t, pid);
	s->csw = lnr_task_csw(t);
	s->start = LNR_RD(t, start_time);
	return s;
}

/* Entry, done copying: the copy is syscall nr's. A thread switched out while it copied may have
 * had its stash rewritten meanwhile: nothing is published, and an older moved copy is dropped so
 * that the exit cannot take it for this one. */
static __always_inline void lnr_stash_publish(struct task_struct *t, struct lnr_stash *s, __u32 nr)
{
	if (s->csw == lnr_task_csw(t)) {
		s->evt_nr = nr;
		return;
	}
	struct lnr_stash *d = LNR_TASK_STORAGE_GET(lnr_stash_spill, t, 0);
	if (d)
		d->evt_nr = LNR_STASH_NONE;
}

/* Exit: task t's (current's) entry copy of syscall nr, on this CPU or moved; NULL when none. */
static __always_inline struct lnr_stash *lnr_stash_find(struct task_struct *t, __u32 nr)
{
	__u32 tid = LNR_RD(t, pid);
	__u64 start = LNR_RD(t, start_time);
	struct lnr_stash *s = lnr_stash_cpu();
	if (s && s->evt_nr == nr && s->tid == tid && s->csw == lnr_task_csw(t) && s->start == start)
		return s;
	s = LNR_TASK_STORAGE_GET(lnr_stash_spill, t, 0);
	if (s && s->evt_nr == nr && s->tid == tid && s->start == start)
		return s;
	return 0;
}

/* sched_switch: prev leaves this CPU with its copy published here. The copy matters only while
 * prev is still inside that syscall: an exit takes it by the number of the syscall it ends, read
 * from the same saved registers (orig_ax) as here. A copy its exit program left untaken (no rule
 * needed it) is dropped at prev's next switch instead of being moved; a thread that dies with one
 * (exit_group after an openat) then allocates no storage. Only a thread still inside the syscall
 * (sleeping or preempted in it) has its copy moved into its own storage (prev is current until the
 * switch completes, as the 5.10 hash's key needs); of the data, only the bytes up to the copy's
 * end go along. */
static __always_inline void lnr_stash_move(struct task_struct *prev)
{
	struct lnr_stash *s = lnr_stash_cpu();
	if (!s || s->evt_nr == LNR_STASH_NONE || s->tid != (__u32)LNR_RD(prev, pid) ||
	    s->start != LNR_RD(prev, start_time))
		return;
	__u32 nr = s->evt_nr;
	s->evt_nr = LNR_STASH_NONE;
	if (LNR_TASK_SYSCALL_NR(prev) != nr)
		return;
	struct lnr_stash *d =
		LNR_TASK_STORAGE_GET(lnr_stash_spill, prev, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!d) {
		LNR_COUNT(map_full);
		return;
	}
	__u64 n = (__u64)s->data_off + s->len + s->base_len;
	LNR_BARRIER_VAR(n);
	if (n > sizeof(s->data))
		n = sizeof(s->data);
	if (bpf_probe_read_kernel(d, __builtin_offsetof(struct lnr_stash, data), s) ||
	    bpf_probe_read_kernel(d->data, n, s->data))
		return;
	d->evt_nr = nr;
}

#endif
