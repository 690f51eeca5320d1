// SPDX-License-Identifier: GPL-2.0
/* floor.bpf.c — the cost floor of any syscall-tracepoint sensor: the same attach points as
 * Lanner's sensor (tp_btf sys_enter/sys_exit and the sched process lifecycle tracepoints) with
 * programs that do nothing. Whatever a real agent costs above this is its own work. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* One empty program on tracepoint TP: entry, return 0 — nothing else, so its bpf_stats run time
 * is the attach point's own price (trampoline, context set-up, the stats' clock reads). */
#define FLOOR_PROG(name, tp)                                                                       \
	SEC("tp_btf/" tp)                                                                          \
	int name(void *ctx)                                                                        \
	{                                                                                          \
		(void)ctx;                                                                         \
		return 0;                                                                          \
	}

FLOOR_PROG(floor_sys_enter, "sys_enter")
FLOOR_PROG(floor_sys_exit, "sys_exit")
FLOOR_PROG(floor_exec, "sched_process_exec")
FLOOR_PROG(floor_fork, "sched_process_fork")
FLOOR_PROG(floor_exit, "sched_process_exit")
