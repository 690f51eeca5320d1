/* kernel_features.h — which of a bundle's object variants (rulelang/bundle_variants.h: Linux
 * 6.17+, 6.2+, 5.17–6.1, 5.10–5.16) the running kernel loads, read from its BTF, and the check
 * that it has what the chosen one needs. The supported minimum is Linux 5.10 with BTF (tp_btf
 * programs, the BPF ring buffer); every variant gives the same answers. */
#ifndef LANNER_KERNEL_FEATURES_H
#define LANNER_KERNEL_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

#include "bundle.h"

/* 0 when the kernel has every feature the chosen variant (bundle_pick_object; none chosen: the
 * embedded sensor, Linux 6.2+) needs; -1 with a message naming each missing one (and the Linux
 * version that brought it) in err. */
int kernel_features_check(char *err, size_t errlen);

/* Whether the running kernel has the string kfuncs (probed once). */
bool kernel_has_str_kfuncs(void);

/* The bundle's object this kernel loads: the best variant it runs (LANNER_VARIANT=NAME forces
 * one); when it runs none, the least demanding one (kernel_features_check then refuses it).
 * NULL when the bundle has no object. Prints "lanner: variants: NAME (...)" on stderr when the
 * choice changes. */
const struct bundle_section *bundle_pick_object(const struct bundle *b);

/* Whether the sched_process_exit tracepoint passes group_dead (lnr_cfg_exit_group_dead_arg). */
bool kernel_exit_tp_has_group_dead(void);

/* Whether this kernel runs the syscall tracepoints' BPF programs with preemption enabled
 * (lnr_cfg_preempt_guard, bpf-templates/helpers/preempt.h): Linux 7.0 and newer, where those
 * tracepoints are faultable and their programs run with only migration disabled (up to 6.19 the
 * kernel disables preemption around them). LANNER_PREEMPT_GUARD=0|1 overrides (tests: the guarded
 * programs verified on an older kernel). */
bool kernel_syscall_progs_preemptible(void);

/* The required features, one line for --show-bundle. */
const char *kernel_features_required(void);

#endif
