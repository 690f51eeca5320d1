/* base.h — lowest layer: scratch and counter access, syscall id/args from pt_regs, loader config.
 * extract.h reads kernel state on top of it; store.h builds records on top of both. */
#ifndef LANNER_HELPERS_BASE_H
#define LANNER_HELPERS_BASE_H

#include "maps/maps.h"

/* Set by the loader before load (frozen .rodata: the verifier prunes what they switch off). */
const volatile __u32 lnr_cfg_tgid = 0;	       /* capture -p: only this process (0 = all) */
const volatile __u32 lnr_cfg_self_tgid = 0;    /* the loader itself: never traced */
const volatile __u32 lnr_cfg_proc_records = 1; /* send exec/fork/exit records */
/* Classify containers in the kernel (extract.h lnr_fill_container) at exec, and at fork when the
 * child's cgroups differ from its parent's. On by default (a global function with a per-cgroup
 * cache: cheap to verify and to run). Off: pruned by the verifier, and container_id is "" =
 * "ask userspace" for exec records. */
const volatile __u32 lnr_cfg_kernel_ct = 1;

#define LNR_ARG(regs, n) lnr_syscall_arg(regs, n)

/* Makes clang keep a clamped value in its register, so the verifier sees the clamp. */
#define LNR_BARRIER_VAR(x) asm volatile("" : "+r"(x))

static __always_inline struct lnr_scratch *lnr_scratch(void)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&lnr_scratch_map, &k);
}

static __always_inline struct lnr_counters *lnr_counters(void)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&lnr_counters_map, &k);
}

#define LNR_COUNT(field)                                                                           \
	do {                                                                                       \
		struct lnr_counters *__c = lnr_counters();                                         \
		if (__c)                                                                           \
			__c->field++;                                                              \
	} while (0)

/* regs is the tracepoint's BTF-typed argument: plain loads (checked by the verifier, a fault
 * reads 0 as a failed bpf_probe_read_kernel would) cost a load each instead of a helper call —
 * this runs seven times per event on every exit program. */
static __always_inline long lnr_syscall_id(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return regs->orig_ax;
#elif defined(__TARGET_ARCH_arm64)
	return BPF_CORE_READ((struct user_pt_regs *)regs, syscallno);
#else
#error "unsupported architecture"
#endif
}

static __always_inline __u64 lnr_syscall_arg(struct pt_regs *regs, int n)
{
#if defined(__TARGET_ARCH_x86)
	switch (n) {
	case 0:
		return regs->di;
	case 1:
		return regs->si;
	case 2:
		return regs->dx;
	case 3:
		return regs->r10;
	case 4:
		return regs->r8;
	default:
		return regs->r9;
	}
#else
	struct user_pt_regs *r = (struct user_pt_regs *)regs;
	if (n == 0)
		return BPF_CORE_READ((struct pt_regs *)regs, orig_x0);
	return BPF_CORE_READ(r, regs[n & 7]);
#endif
}

/* Processes the sensor must not see: the loader itself, and everything but -p PID. */
static __always_inline int lnr_tgid_ignored(__u32 tgid)
{
	if (tgid == lnr_cfg_self_tgid)
		return 1;
	if (lnr_cfg_tgid && tgid != lnr_cfg_tgid)
		return 1;
	return 0;
}

#endif
