/* cwd.h — the cwd as Falco tracks it: every successful chdir/fchdir is sent as an LNR_K_CWD
 * record (records.h), whatever the rules, so userspace can follow the cwd lexically from the
 * arguments (Falco's proc.cwd and the base of relative paths), then the syscall goes on to its
 * own exit program if a rule wants it.
 *
 * The sys_exit dispatcher (sensor.bpf.c) tail-calls lnr_cwd_progs[0] for chdir and [1] for
 * fchdir. Each also keeps LNR_PF_CWD_LEXICAL in the kernel process map: clear when chdir's
 * argument is exactly the real new cwd (an absolute, normalised path without symlinks: the
 * lexical cwd and the real one agree), set otherwise; while set, store.h withholds the real cwd
 * as the base of relative paths, so the kernel leaves them UNKNOWN and userspace joins them to
 * its tracked cwd. fchdir: userspace takes the real path of the fd's directory (the kernel does
 * not know the name the fd was opened by), so the two agree again.
 */
#ifndef LANNER_HELPERS_CWD_H
#define LANNER_HELPERS_CWD_H

#include "helpers/process.h"

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

struct lnr_cmp {
	const __u8 *a, *b;
	__u32 n;
	__u32 diff;
};

static long lnr_cmp_cb(__u32 i, void *arg)
{
	struct lnr_cmp *c = arg;
	__u32 at = i * 8;
	if (at >= c->n)
		return 1;
	__u64 x = 0, y = 0;
	bpf_probe_read_kernel(&x, 8, c->a + at);
	bpf_probe_read_kernel(&y, 8, c->b + at);
	if (c->n - at < 8) { /* only the bytes of the strings (little endian) */
		__u64 keep = (1ull << (8 * (c->n - at))) - 1;
		x &= keep;
		y &= keep;
	}
	if (x != y) {
		c->diff = 1;
		return 1;
	}
	return 0;
}

static __always_inline void lnr_cwd_send(struct pt_regs *regs, __u16 evt)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 tgid = t->tgid;
	if (lnr_tgid_ignored(tgid))
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
	__u32 alen = e.rec->slot_len[LNR_CSLOT_ARG];
	int roff = lnr_pslot_off(&e);
	struct fs_struct *fs = BPF_CORE_READ(t, fs); /* a number: the walk is a global function */
	lnr_pslot_path(&e, t, LNR_CSLOT_REAL, &fs->pwd, 0);
	__u32 rlen = e.rec->slot_len[LNR_CSLOT_REAL];

	/* lexical == real when chdir was given exactly the real new cwd (fchdir: see above) */
	struct lnr_cmp c = {0};
	c.diff = evt == LNR_EVT_chdir;
	if (evt == LNR_EVT_chdir && roff >= 0 && alen == rlen && alen > 0 &&
	    !(e.rec->h.flags & (LNR_RF_TRUNC | LNR_RF_PATH_DEEP))) {
		c.a = &e.sc->ev[aoff & LNR_SLOT_OFF_MASK];
		c.b = &e.sc->ev[roff & LNR_SLOT_OFF_MASK];
		c.n = alen;
		c.diff = 0;
		bpf_loop(LNR_STR_MAX / 8, lnr_cmp_cb, &c, 0);
	}
	struct lnr_proc_value *pv = bpf_map_lookup_elem(&lnr_procs, &tgid);
	if (pv) {
		if (c.diff)
			pv->p.pflags |= LNR_PF_CWD_LEXICAL;
		else
			pv->p.pflags &= ~LNR_PF_CWD_LEXICAL;
	}
	if (!lnr_cfg_proc_records || tgid == lnr_cfg_self_tgid)
		return;
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
