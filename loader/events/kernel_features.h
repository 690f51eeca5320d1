/* kernel_features.h — what the running kernel offers Lanner's BPF programs, read from its BTF,
 * and which of a bundle's object variants it therefore loads.
 *
 * Every variant needs (the supported minimum, Linux 6.2): BTF, tp_btf programs, the BPF ring
 * buffer (5.8), task storage and bpf_get_current_task_btf (5.11), bpf_loop (5.17) and the
 * bpf_rdonly_cast kfunc (6.2). The string kfuncs (bpf_strnstr, 6.17) are optional: a bundle
 * carries a variant calling them and one scanning with bpf_loop, the same answers either way. */
#ifndef LANNER_KERNEL_FEATURES_H
#define LANNER_KERNEL_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

#include "bundle.h"

/* 0 when the kernel has every required feature; -1 with a message naming each missing one (and
 * the Linux version that brought it) in err. */
int kernel_features_check(char *err, size_t errlen);

/* Whether the running kernel has the string kfuncs (probed once). */
bool kernel_has_str_kfuncs(void);

/* The bundle's object this kernel loads (NULL when it has none); prints once on stderr
 * "lanner: variants: ..." naming the choice. */
const struct bundle_section *bundle_pick_object(const struct bundle *b);

/* Whether the sched_process_exit tracepoint passes group_dead (lnr_cfg_exit_group_dead_arg). */
bool kernel_exit_tp_has_group_dead(void);

/* The required features, one line for --show-bundle. */
const char *kernel_features_required(void);

#endif
