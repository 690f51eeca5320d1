/* cwd.h — the cwd as Falco tracks it, lexically from chdir/fchdir arguments: every successful
 * chdir/fchdir updates the process's entry in lnr_procs (struct lnr_proc_value.cwd: the last
 * absolute path with the relative ones joined after it; userspace normalises), whatever the
 * rules; with lnr_cfg_proc_records it is also sent as an LNR_K_CWD record (records.h). Then the
 * syscall goes on to its own exit program if a rule wants it. The sys_exit dispatcher
 * (sensor.bpf.c) tail-calls lnr_cwd_progs[0] for chdir and [1] for fchdir. fchdir: the name the
 * directory was opened by (helpers/fdnames.h) when the sensor saw the open, else the real path of
 * the directory. A lexical cwd that outgrows LNR_PROC_CWD_MAX is replaced by the real one
 * (LNR_PF_CWD_REAL), a real one that long leaves it unknown (LNR_PF_CWD_UNKNOWN).
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

/* Where the lexical cwd is put together in the scratch's path buffer: above what a walk uses
 * (below LNR_WALK_BUF), each area 512 bytes. */
#define LNR_CWD_ARG 4608
#define LNR_CWD_OUT 5632
_Static_assert(LNR_CWD_ARG >= LNR_WALK_BUF && LNR_CWD_OUT + 1024 <= LNR_PATH_BUF, "cwd areas");

/* out = a[0..al) '/' b[0..bl) (bl counts b's NUL). Returns the bytes written, NUL included, or
 * 0 when that would not fit in LNR_PROC_CWD_MAX. */
static __always_inline __u32 lnr_cwd_join(char *out, const char *a, __u32 al, const char *b,
					  __u32 bl)
{
	if (al + 1 + bl > LNR_PROC_CWD_MAX || bl == 0)
		return 0;
	/* kept from clang by the barrier: older verifiers (6.1) need the masks to bound the reads
	 */
	LNR_BARRIER_VAR(al);
	LNR_BARRIER_VAR(bl);
	al &= 0xff;
	bl &= 0xff;
	if (al && bpf_probe_read_kernel(out, al, a))
		return 0;
	out[al] = '/';
	if (bpf_probe_read_kernel(&out[al + 1], bl, b))
		return 0;
	return al + 1 + bl;
}

/* pv->cwd = src[0..n) (n counts the NUL); src is the scratch or a map value. */
static __always_inline void lnr_cwd_set(struct lnr_proc_value *pv, const char *src, __u32 n)
{
	if (n == 0 || n > LNR_PROC_CWD_MAX)
		return;
	if (lnr_cwd_copy(pv, src, n))
		return;
	pv->cwd_len = n;
	pv->p.pflags &= ~(LNR_PF_CWD_UNKNOWN | LNR_PF_CWD_REAL);
}

/* The process's entry follows a successful chdir/fchdir (see the top of this file). */
static __always_inline void lnr_cwd_track(struct pt_regs *regs, __u16 evt)
{
	struct task_struct *t = LNR_CURRENT_TASK();
	__u32 tgid = LNR_RD(t, tgid);
	struct lnr_proc_value *pv = bpf_map_lookup_elem(&lnr_procs, &tgid);
	if (!pv) {
		LNR_COUNT(proc_miss);
		return;
	}
	struct lnr_scratch *sc = lnr_scratch();
	if (!sc)
		return;
	char *arg = &sc->path[LNR_CWD_ARG], *out = &sc->path[LNR_CWD_OUT];
	bool known = pv->cwd_len && pv->cwd_len <= LNR_PROC_CWD_MAX &&
		     !(pv->p.pflags & LNR_PF_CWD_UNKNOWN);
	__u32 n = 0;
	if (evt == LNR_EVT_chdir) {
		long an = bpf_probe_read_user_str(arg, 512, (const void *)lnr_syscall_arg(regs, 0));
		if (an > 1 && an <= LNR_PROC_CWD_MAX) {
			if (arg[0] == '/')
				n = lnr_cwd_join(out, 0, 0, arg + 1, (__u32)an - 1);
			else if (known)
				n = lnr_cwd_join(out, pv->cwd, pv->cwd_len - 1, arg, (__u32)an);
		}
	} else {
		struct file *f = lnr_fd_file(t, (long)(int)lnr_syscall_arg(regs, 0));
		struct lnr_fdname *v = f ? lnr_fdname_get(f) : 0;
		__u32 rl = v ? v->rel_len : 0, bl = v ? v->base_len : 0;
		if (rl > 1 && rl <= LNR_PROC_CWD_MAX && bl <= LNR_PROC_CWD_MAX) {
			asm volatile("" : "+r"(rl), "+r"(bl));
			rl &= 0x1ff;
			bl &= 0x1ff;
			if (v->b[0] == '/')
				n = lnr_cwd_join(out, 0, 0, &v->b[1], rl - 1);
			else if (bl > 1)
				n = lnr_cwd_join(out, &v->b[rl], bl - 1, v->b, rl);
		}
	}
	if (n) {
		lnr_cwd_set(pv, out, n);
		return;
	}
	/* too long to join, or nothing lexical to go by: the real cwd */
	pv->p.pflags &= ~LNR_PF_CWD_UNKNOWN;
	lnr_cwd_walk_into(sc, t, pv);
	if (!(pv->p.pflags & LNR_PF_CWD_UNKNOWN))
		pv->p.pflags |= LNR_PF_CWD_REAL;
}

static __always_inline void lnr_cwd_send(struct pt_regs *regs, __u16 evt)
{
	struct task_struct *t = LNR_CURRENT_TASK();
	__u32 tgid = LNR_RD(t, tgid);
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
	lnr_pslot_path(&e, t, LNR_CSLOT_REAL, &fs->pwd);
	int boff = lnr_pslot_off(&e);
	if (v && bl && boff >= 0) {
		bpf_probe_read_kernel(&e.sc->ev[boff], bl, &v->b[rl]);
		lnr_pslot_done(&e, LNR_CSLOT_BASE, bl);
	}
	lnr_submit_buf(e.sc, &e.rec->h, e.pos);
}

/* chdir's and fchdir's program: the same three steps. */
#define LNR_CWD_PROG(name)                                                                         \
	SEC("tp_btf/sys_exit")                                                                     \
	int BPF_PROG(lnr_cwd_##name, struct pt_regs *regs, long ret)                               \
	{                                                                                          \
		LNR_PREEMPT_OFF();                                                                 \
		lnr_cwd_track(regs, LNR_EVT_##name);                                               \
		lnr_cwd_send(regs, LNR_EVT_##name);                                                \
		LNR_PREEMPT_ON();                                                                  \
		lnr_exit_dispatch(ctx, LNR_NR_##name);                                             \
		return 0;                                                                          \
	}
LNR_CWD_PROG(chdir)
LNR_CWD_PROG(fchdir)

#endif
