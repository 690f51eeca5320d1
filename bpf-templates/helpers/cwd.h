/* cwd.h — the cwd as Falco tracks it: every successful chdir/fchdir is sent as an LNR_K_CWD
 * record (records.h), whatever the rules, so userspace can follow the cwd lexically from the
 * arguments (Falco's proc.cwd and the base of relative paths), then the syscall goes on to its
 * own exit program if a rule wants it. The sys_exit dispatcher (sensor.bpf.c) tail-calls
 * lnr_cwd_progs[0] for chdir and [1] for fchdir. fchdir: the name the directory was opened by
 * (helpers/fdnames.h) when the sensor saw the open, else only the real path of the directory.
 */
#ifndef LANNER_HELPERS_CWD_H
#define LANNER_HELPERS_CWD_H

#include "helpers/process.h"
#include "helpers/fdnames.h"

int lnr_cwd_chdir(unsigned long long *ctx);
int lnr_cwd_fchdir(unsigned long long *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} lnr_cwd_progs SEC(".maps") = {
	.values =
		{
			[0] = (void *)&lnr_cwd_chdir,
			[1] = (void *)&lnr_cwd_fchdir,
		},
};

/* Tail call into the syscall's own exit program when a rule wants it (the dispatcher's job). */
static __always_inline void lnr_exit_dispatch(void *ctx, __u32 nr)
{
	__u32 *want = bpf_map_lookup_elem(&lnr_interesting, &nr);
	if (!want || !(*want & LNR_SC_EXIT))
		return;
	bpf_tail_call(ctx, &lnr_exit_progs, nr);
}

static __always_inline void lnr_cwd_send(struct pt_regs *regs, __u16 evt)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 tgid = t->tgid;
	if (!lnr_cfg_proc_records || lnr_tgid_ignored(tgid))
		return;
	struct lnr_pev e;
	e.sc = lnr_scratch();
	if (!e.sc)
		return;
	lnr_phdr(&e, LNR_K_CWD, evt, t);
	int aoff = lnr_pslot_off(&e);
	if (aoff < 0)
		return;
	if (evt == LNR_EVT_chdir) {
		long n = bpf_probe_read_user_str(&e.sc->ev[aoff], LNR_STR_MAX,
						 (const void *)lnr_syscall_arg(regs, 0));
		if (n == LNR_STR_MAX)
			e.rec->h.flags |= LNR_RF_TRUNC;
		lnr_pslot_done(&e, LNR_CSLOT_ARG, n);
	}
	/* fchdir: the name the directory was opened by, when the sensor saw it opened (Falco's fd
	 * table name); its base, when it was relative, goes after the real cwd (slot order) */
	struct lnr_fdname *v = 0;
	__u32 rl = 0, bl = 0;
	if (evt == LNR_EVT_fchdir) {
		struct file *f = lnr_fd_file(t, (long)(int)lnr_syscall_arg(regs, 0));
		v = f ? lnr_fdname_get(f) : 0;
		if (v) {
			rl = v->rel_len;
			bl = v->base_len;
		}
		if (rl && rl <= LNR_FDNAME_MAX && bl <= LNR_FDNAME_MAX) {
			asm volatile("" : "+r"(rl), "+r"(bl));
			rl &= 2 * LNR_FDNAME_MAX - 1;
			bl &= 2 * LNR_FDNAME_MAX - 1;
			bpf_probe_read_kernel(&e.sc->ev[aoff], rl, v->b);
			lnr_pslot_done(&e, LNR_CSLOT_ARG, rl);
		} else {
			v = 0;
		}
	}
	struct fs_struct *fs = BPF_CORE_READ(t, fs); /* a number: the walk is a global function */
	lnr_pslot_path(&e, t, LNR_CSLOT_REAL, &fs->pwd, 0);
	int boff = lnr_pslot_off(&e);
	if (v && bl && boff >= 0) {
		bpf_probe_read_kernel(&e.sc->ev[boff], bl, &v->b[rl]);
		lnr_pslot_done(&e, LNR_CSLOT_BASE, bl);
	}
	lnr_submit_buf(e.sc, &e.rec->h, e.pos);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(lnr_cwd_chdir, struct pt_regs *regs, long ret)
{
	lnr_cwd_send(regs, LNR_EVT_chdir);
	lnr_exit_dispatch(ctx, LNR_NR_chdir);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(lnr_cwd_fchdir, struct pt_regs *regs, long ret)
{
	lnr_cwd_send(regs, LNR_EVT_fchdir);
	lnr_exit_dispatch(ctx, LNR_NR_fchdir);
	return 0;
}

#endif
