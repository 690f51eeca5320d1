// SPDX-License-Identifier: GPL-2.0
/* floor.bpf.c — the cost floor of any syscall-tracepoint sensor: the same attach points as
 * Lanner's sensor (tp_btf sys_enter/sys_exit and the sched process lifecycle tracepoints) with
 * programs that do nothing. Whatever a real agent costs above this is its own work. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/sys_enter")
int floor_sys_enter(void *ctx)
{
	(void)ctx;
	return 0;
}

SEC("tp_btf/sys_exit")
int floor_sys_exit(void *ctx)
{
	(void)ctx;
	return 0;
}

SEC("tp_btf/sched_process_exec")
int floor_exec(void *ctx)
{
	(void)ctx;
	return 0;
}

SEC("tp_btf/sched_process_fork")
int floor_fork(void *ctx)
{
	(void)ctx;
	return 0;
}

SEC("tp_btf/sched_process_exit")
int floor_exit(void *ctx)
{
	(void)ctx;
	return 0;
}
