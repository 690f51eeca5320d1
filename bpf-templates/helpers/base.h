/* base.h — lowest layer: scratch and counter access, syscall id/args from pt_regs, loader config.
 * extract.h reads kernel state on top of it; store.h builds records on top of both. */
#ifndef LANNER_HELPERS_BASE_H
#define LANNER_HELPERS_BASE_H

#include "maps/maps.h"
#include "shared_definitions/ia32.h"
#include "helpers/preempt.h"

/* Set by the loader before load (frozen .rodata: the verifier prunes what they switch off). */
const volatile __u32 lnr_cfg_tgid = 0;	       /* capture -p: only this process (0 = all) */
const volatile __u32 lnr_cfg_self_tgid = 0;    /* the loader itself: never traced */
const volatile __u32 lnr_cfg_proc_records = 1; /* send exec/fork/exit records */
/* Classify containers in the kernel (ct_cache.h lnr_fill_container) at exec, and at fork when the
 * child's cgroups differ from its parent's. On by default (a global function with a per-cgroup
 * cache: cheap to verify and to run). Off: pruned by the verifier, and container_id is "" =
 * "ask userspace" for exec records. */
const volatile __u32 lnr_cfg_kernel_ct = 1;
/* The sched_process_exit tracepoint passes group_dead (newer kernels; the loader reads it from
 * the kernel's BTF). 0: the program computes it (process.h lnr_sched_exit). */
const volatile __u32 lnr_cfg_exit_group_dead_arg = 1;
/* Generation of the loaded rules, stamped into every record (records.h lnr_hdr.v_gen). */
const volatile __u32 lnr_cfg_gen = 0;

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

/* x86: thread_info.status bit the syscall entry sets for a 32-bit (ia32) syscall and clears on
 * the return to user mode, so both tracepoints of the syscall see it. */
#define LNR_TS_COMPAT 0x0002

/* Is task t (current's BTF pointer) in a 32-bit syscall (int $0x80, sysenter, 32-bit
 * syscall)? */
static __always_inline int lnr_task_ia32(struct task_struct *t)
{
#if defined(__TARGET_ARCH_x86)
	return (LNR_RD(t, thread_info.status) & LNR_TS_COMPAT) != 0;
#else
	return 0;
#endif
}

static __always_inline int lnr_in_ia32(void)
{
	return lnr_task_ia32(LNR_CURRENT_TASK());
}

/* The x86_64 number of the current syscall (translated when it is a 32-bit one). */
static __always_inline __u32 lnr_syscall_nr(struct pt_regs *regs, int ia32)
{
	__u32 nr = (__u32)lnr_syscall_id(regs);
	return ia32 ? lnr_ia32_to_x64(nr) : nr;
}

/* Argument n of a 32-bit syscall: i386's registers are ebx, ecx, edx, esi, edi, ebp. */
static __always_inline __u64 lnr_syscall_arg_ia32(struct pt_regs *regs, int n)
{
#if defined(__TARGET_ARCH_x86)
	switch (n) {
	case 0:
		return (__u32)regs->bx;
	case 1:
		return (__u32)regs->cx;
	case 2:
		return (__u32)regs->dx;
	case 3:
		return (__u32)regs->si;
	case 4:
		return (__u32)regs->di;
	default:
		return (__u32)regs->bp;
	}
#else
	return 0;
#endif
}

static __always_inline __u64 lnr_syscall_arg64(struct pt_regs *regs, int n)
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

/* Argument n of the current syscall, 64-bit or 32-bit (ia32 from lnr_in_ia32). */
static __always_inline __u64 lnr_syscall_arg_c(struct pt_regs *regs, int n, int ia32)
{
	return ia32 ? lnr_syscall_arg_ia32(regs, n) : lnr_syscall_arg64(regs, n);
}

static __always_inline __u64 lnr_syscall_arg(struct pt_regs *regs, int n)
{
	return lnr_syscall_arg_c(regs, n, lnr_in_ia32());
}

/* Processes the sensor must not see: the loader itself, and everything but -p PID and the
 * descendants it follows (lnr_follow). */
static __always_inline int lnr_tgid_ignored(__u32 tgid)
{
	if (tgid == lnr_cfg_self_tgid)
		return 1;
	if (lnr_cfg_tgid && tgid != lnr_cfg_tgid && !bpf_map_lookup_elem(&lnr_follow, &tgid))
		return 1;
	return 0;
}

/* capture -p: a process forked by a followed one is followed. */
static __always_inline void lnr_follow_fork(__u32 ptgid, __u32 ctgid)
{
	if (!lnr_cfg_tgid || (ptgid != lnr_cfg_tgid && !bpf_map_lookup_elem(&lnr_follow, &ptgid)))
		return;
	__u8 one = 1;
	bpf_map_update_elem(&lnr_follow, &ctgid, &one, BPF_ANY);
}

#endif
