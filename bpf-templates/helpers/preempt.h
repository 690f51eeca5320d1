/* preempt.h — the syscall programs' per-CPU state kept theirs on kernels that run those programs
 * preemptibly.
 *
 * Lanner's programs build records, rule values and entry copies in per-CPU map memory (the
 * scratch, the stash, the rules' values: maps/maps.h, rules/kernel.h) and rely on no other task's
 * program running on the CPU while one of them uses it. Up to Linux 6.19 the kernel calls the
 * programs of the syscall tracepoints (sys_enter, sys_exit) with preemption disabled. Linux 7.x
 * made those tracepoints faultable and calls their BPF programs with only migration disabled
 * (checked in a Debian 7.3 guest under `preempt=lazy`: a task preempted inside lnr_sys_enter's
 * copy lost its entry copy, and its close its fd name). Then another task's program on the same
 * CPU can overwrite what a preempted program was building.
 *
 * On such a kernel the loader sets lnr_cfg_preempt_guard, and the syscall programs run their
 * bodies between bpf_preempt_disable() and bpf_preempt_enable() (kfuncs, Linux 6.10+; only the
 * bundle's kfuncs variant, Linux 6.17+, has them). A tail call is refused by the verifier with
 * preemption disabled, so LNR_TAIL_CALL enables it around the call: the state a split filter's
 * later part takes over from its first (the record, the values and the verdict so far) crosses
 * that window unguarded. Elsewhere (lnr_cfg_preempt_guard = 0) the verifier prunes both calls,
 * as it does every branch on a frozen .rodata value.
 *
 * What no guard can change: the kernel skips a program's run on a CPU while the same program is
 * in flight there (recursion_misses). A task preempted inside lnr_sys_enter or the lnr_sys_exit
 * chain still costs the other tasks on that CPU those runs; the loader counts them as
 * skipped_by_kernel. A guard moves a preemption requested inside a body to the body's end, still
 * inside the chain; so that lanner itself is not switched out there while the kernel skips every
 * other task's exits, the exit dispatcher sends lanner's own syscalls away before any guarded
 * body (sensor.bpf.c; lnr_sys_enter tests the tgid before its guard). Figures: docs/records.md. */
#ifndef LANNER_HELPERS_PREEMPT_H
#define LANNER_HELPERS_PREEMPT_H

/* Set by the loader: this kernel runs syscall tracepoint programs with preemption enabled. */
const volatile __u32 lnr_cfg_preempt_guard = 0;

#if defined(LNR_HAVE_STR_KFUNCS) && !defined(LNR_HOST)
extern void bpf_preempt_disable(void) __ksym;
extern void bpf_preempt_enable(void) __ksym;
#define LNR_PREEMPT_OFF()                                                                          \
	do {                                                                                       \
		if (lnr_cfg_preempt_guard)                                                         \
			bpf_preempt_disable();                                                     \
	} while (0)
#define LNR_PREEMPT_ON()                                                                           \
	do {                                                                                       \
		if (lnr_cfg_preempt_guard)                                                         \
			bpf_preempt_enable();                                                      \
	} while (0)
#else
/* kernels the other variants load on (up to 6.16) call syscall programs non-preemptibly */
#define LNR_PREEMPT_OFF() ((void)0)
#define LNR_PREEMPT_ON()  ((void)0)
#endif

/* bpf_tail_call from a guarded body: preemption on for the call, off again when it returns (an
 * empty slot). */
#define LNR_TAIL_CALL(ctx, map, key)                                                               \
	do {                                                                                       \
		LNR_PREEMPT_ON();                                                                  \
		bpf_tail_call((ctx), (map), (key));                                                \
		LNR_PREEMPT_OFF();                                                                 \
	} while (0)

#endif
