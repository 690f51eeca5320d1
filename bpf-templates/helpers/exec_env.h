/* exec_env.h — the new image's environment in the exec record, for userspace's proc.env.
 *
 * Only when a loaded rule or output reads proc.env (lnr_cfg_exec_env, set by the loader):
 * otherwise an exec record carries no environment and costs nothing more. Appended after the
 * record's slots by the exec's rule part (lnr_exec_rules, once the record is known to be sent),
 * so the environment travels only with the execs that ship. The bytes are those of the new
 * image's env_start..env_end, NUL-separated as /proc/PID/environ, cut at LNR_STR_MAX (the
 * driver's limit too: Falco keeps the same prefix); LNR_PF_ENV says they are there,
 * LNR_PF_ENV_TRUNC that they were cut. A record whose slots already end past the last slot
 * offset, or whose environment cannot be read, gets no LNR_PF_ENV: userspace then reads
 * /proc/PID/environ. Included once, from helpers/process.h. */
#ifndef LANNER_HELPERS_EXEC_ENV_H
#define LANNER_HELPERS_EXEC_ENV_H

#include "helpers/store.h"

const volatile __u32 lnr_cfg_exec_env = 0;

static __always_inline void lnr_exec_env(struct lnr_scratch *sc, struct lnr_proc_rec *r,
					 struct task_struct *p)
{
	__u32 pos = r->h.size;
	if (!lnr_cfg_exec_env || pos > LNR_SLOT_OFF_MASK)
		return;
	struct mm_struct *mm = BPF_CORE_READ(p, mm);
	if (!mm)
		return;
	__u64 a = BPF_CORE_READ(mm, env_start), b = BPF_CORE_READ(mm, env_end);
	__u64 n = b > a ? b - a : 0;
	__u32 fl = LNR_PF_ENV;
	if (n > LNR_STR_MAX) {
		n = LNR_STR_MAX;
		fl |= LNR_PF_ENV_TRUNC;
	}
	LNR_BARRIER_VAR(n);
	if (n) {
		pos &= LNR_SLOT_OFF_MASK;
		if (n > LNR_STR_MAX)
			return;
		if (bpf_probe_read_user(&sc->ev[pos], n, (const void *)a))
			return;
	}
	r->p.pflags |= fl;
	r->h.size = pos + (__u32)n;
}

#endif
