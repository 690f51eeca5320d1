/* process.h — process lifecycle programs: keep lnr_procs (tgid → struct lnr_proc_value), the
 * process description rules and outputs read, and send exec/fork/exit records only when
 * something needs them (records.h, lnr_cfg_proc_records): userspace reads the map when an event
 * ships instead of following every process. Exited processes stay in the map (marked
 * LNR_PF_EXITED, with their reaper) until the LRU evicts them: an event read after its process
 * exited, or an orphan's ancestry, still resolves, and the LRU already bounds the map, so a
 * second "recently exited" map would only add a copy per exit. One that nothing can read any
 * more (no child, no unread record: lnr_proc_forgettable) is deleted at its exit instead, which
 * keeps a fork storm's elements in cache. Included once, from sensor.bpf.c. */
#ifndef LANNER_HELPERS_PROCESS_H
#define LANNER_HELPERS_PROCESS_H

#include "helpers/store.h"
#include "helpers/exe_flags.h"
#include "helpers/exec_env.h"
#include "helpers/ct_cache.h"

const volatile __u32 lnr_cfg_nr_execveat = LNR_NR_execveat;

#define LNR_EEXIST 17 /* a BPF_NOEXIST insert of a key that is there */

/* Point where generated rule filters judge a successful exec (gen/emit_c.c): they fill the
 * verdict fields of the record header (v_state LNR_V_NONE = no rule can match). The exec record
 * is then sent only when a rule may match, or when every lifecycle record is wanted. */
#ifndef LNR_EXEC_RULES_HOOK
#define LNR_EXEC_RULES_HOOK(evt, rec)
#endif

struct lnr_pev {
	struct lnr_scratch *sc;
	struct lnr_proc_rec *rec;
	__u32 pos;
};

static __always_inline int lnr_pslot_off(struct lnr_pev *e)
{
	if (e->pos > LNR_SLOT_OFF_MASK)
		return -1;
	return e->pos & LNR_SLOT_OFF_MASK;
}

static __always_inline void lnr_pslot_done(struct lnr_pev *e, int slot, long n)
{
	lnr_slot_len_set(e->rec->slot_len, &e->pos, slot, n);
}

static __always_inline void lnr_pslot_path(struct lnr_pev *e, struct task_struct *t, int slot,
					   const struct path *p)
{
	int off = lnr_pslot_off(e);
	if (off < 0)
		return;
	__u32 start = lnr_path_walk(e->sc, t, p, &e->rec->h.flags);
	__u32 len = (LNR_PATH_MASK + 1) - start;
	if (len > LNR_STR_MAX)
		len = LNR_STR_MAX;
	bpf_probe_read_kernel(&e->sc->ev[off], len, &e->sc->path[start & LNR_PATH_MASK]);
	lnr_pslot_done(e, slot, len);
}

/* The executable's path into sc->path, where the walk leaves a path (ending at LNR_PATH_MASK + 1);
 * returns where it starts, *len its bytes with the NUL (0: none). The walk's LNR_RF_* flags are
 * ORed into *rflags. A memfd has no path (its dentry is its own parent, outside any mount tree):
 * Falco names the executable by the dentry's name ("memfd:NAME"), as its path walk does when it
 * finds no component. */
static __always_inline __u32 lnr_exe_path(struct lnr_scratch *sc, struct task_struct *t,
					  struct linux_binprm *bprm, __u32 pflags, __u32 *len,
					  __u32 *rflags)
{
	if (pflags & LNR_PF_EXE_FROM_MEMFD) {
		__u32 start = LNR_PATH_MASK + 1 - 256;
		const unsigned char *np = BPF_CORE_READ(bprm, file, f_path.dentry, d_name.name);
		long n = bpf_probe_read_kernel_str(&sc->path[start], 256, np);
		*len = n > 0 ? (__u32)n & 0x1ff : 0;
		return start;
	}
	/* the walk, a global function, takes the path as a number: the file pointer read as one
	 * (a plain load where LNR_RD is one) */
	struct file *f = (struct file *)lnr_read_u64(
		(__u64)bprm + bpf_core_field_offset(struct linux_binprm, file));
	__u32 start = lnr_path_walk(sc, t, &f->f_path, rflags);
	*len = (LNR_PATH_MASK + 1) - start;
	return start;
}

static __always_inline void lnr_phdr(struct lnr_pev *e, __u16 kind, __u16 evt,
				     struct task_struct *t)
{
	struct lnr_proc_rec *r = (struct lnr_proc_rec *)e->sc->ev;
	__builtin_memset(r, 0, sizeof(*r));
	e->rec = r;
	e->pos = sizeof(*r);
	r->h.ts = bpf_ktime_get_boot_ns();
	r->h.kind = kind;
	r->h.evt = evt;
	r->h.tid = LNR_RD(t, pid);
	r->h.pid = LNR_RD(t, tgid);
	r->h.cpu = bpf_get_smp_processor_id();
}

/* Stores pv as tgid's entry; `had` says whether tgid had one (else counted as new: with the
 * seeded entries and the map's size, userspace derives the LRU's evictions). 0, or the update's
 * error. */
static __always_inline long lnr_proc_put(__u32 tgid, struct lnr_proc_value *pv, bool had)
{
	long r = bpf_map_update_elem(&lnr_procs, &tgid, pv, BPF_ANY);
	if (r)
		LNR_COUNT(map_full);
	else if (!had)
		LNR_COUNT(proc_new);
	return r;
}

/* pv->cwd = src[0..n), n (counting the NUL) at most LNR_PROC_CWD_MAX, which the caller checked;
 * the masks bound n for the verifier. 0, or the read's error. */
static __always_inline long lnr_cwd_copy(struct lnr_proc_value *pv, const void *src, __u32 n)
{
	LNR_BARRIER_VAR(n);
	n &= 0x1ff;
	if (n > LNR_PROC_CWD_MAX)
		n = LNR_PROC_CWD_MAX;
	LNR_BARRIER_VAR(n);
	return bpf_probe_read_kernel(pv->cwd, n, src);
}

/* The real cwd (fs->pwd walked) into pv->cwd; unknown when longer than LNR_PROC_CWD_MAX. Uses
 * sc->path (the walk). */
static __always_inline void lnr_cwd_walk_into(struct lnr_scratch *sc, struct task_struct *t,
					      struct lnr_proc_value *pv)
{
	__u32 fl = 0;
	struct fs_struct *fs = BPF_CORE_READ(t, fs);
	__u32 start = lnr_path_walk(sc, t, &fs->pwd, &fl);
	__u32 n = (LNR_PATH_MASK + 1) - start;
	pv->cwd_len = 0;
	if (n > LNR_PROC_CWD_MAX || (fl & LNR_RF_PATH_DEEP)) {
		pv->p.pflags |= LNR_PF_CWD_UNKNOWN;
		return;
	}
	if (lnr_cwd_copy(pv, &sc->path[start & LNR_PATH_MASK], n)) {
		pv->p.pflags |= LNR_PF_CWD_UNKNOWN;
		return;
	}
	pv->cwd_len = n;
}

/* pv's exe and argv prefixes: the exe path the walk left at sc->path[xstart..] (xlen bytes with the
 * NUL), and the first bytes of argv (alen bytes at user address a0) read straight into the entry:
 * only the bytes argv has (the rest of pv->args is unused). The record gets its own copies only
 * when it is sent (lnr_exec_send). */
static __always_inline void lnr_exec_strings(struct lnr_scratch *sc, struct lnr_proc_value *pv,
					     __u32 xstart, __u32 xlen, __u64 a0, __u64 alen)
{
	pv->exe_len = 0;
	if (xlen > LNR_PROC_EXE_MAX) {
		long xn = bpf_probe_read_kernel_str(pv->exe, LNR_PROC_EXE_MAX,
						    &sc->path[xstart & LNR_PATH_MASK]);
		pv->exe_len = xn > 0 ? xn : 0;
		pv->p.pflags |= LNR_PF_EXE_TRUNC;
	} else if (xlen) {
		/* the whole path with its NUL: one copy of known length, not a string read */
		__u32 xn = xlen;
		LNR_BARRIER_VAR(xn);
		xn &= 0x1ff;
		if (xn > LNR_PROC_EXE_MAX)
			xn = LNR_PROC_EXE_MAX;
		if (!bpf_probe_read_kernel(pv->exe, xn, &sc->path[xstart & LNR_PATH_MASK]))
			pv->exe_len = xn;
	}
	pv->args_len = 0;
	if (!alen)
		return;
	__u32 n = alen > LNR_PROC_ARGS_MAX ? LNR_PROC_ARGS_MAX : (__u32)alen;
	LNR_BARRIER_VAR(n);
	n &= 0x1ff;
	if (n > LNR_PROC_ARGS_MAX)
		n = LNR_PROC_ARGS_MAX;
	if (bpf_probe_read_user(pv->args, n, (const void *)a0))
		return;
	pv->args_len = n;
	if (alen > LNR_PROC_ARGS_MAX)
		pv->p.pflags |= LNR_PF_ARGS_TRUNC;
}

/* The bytes of an entry's head (description, exe and argv prefixes: what the rules read) that
 * hold something: up to the end of argv's (pv->args_len, at most LNR_PROC_ARGS_MAX). */
#define LNR_PV_HEAD __builtin_offsetof(struct lnr_proc_value, since_ts)
static __always_inline __u32 lnr_pv_head_len(const struct lnr_proc_value *pv)
{
	__u32 n = __builtin_offsetof(struct lnr_proc_value, args) + pv->args_len;
	LNR_BARRIER_VAR(n);
	n &= 0x3ff;
	if (n > LNR_PV_HEAD)
		n = LNR_PV_HEAD;
	LNR_BARRIER_VAR(n);
	return n;
}

/* tgid's entry after its exec: the new image's description pp, its exe and argv prefixes, and
 * the cwd Falco tracks, which survives the exec (the old entry's, when known; else the real one).
 * The head (description, exe, argv) is built in the scratch's pv and stays there for the rules'
 * part (sc->pv_tgid = tgid): lnr_need reads this exec's values from it instead of looking the
 * entry up again (rules/kernel.h lnr_pv_handed); the entry gets a copy of it. An existing entry
 * is rewritten where it is: an LRU update would take a new element from the free list and copy
 * the whole value (with its cwd) each time. since_ts is written last, behind a compiler barrier:
 * a reader that copies the value meanwhile (userspace, at an event of this process from before
 * the exec) sees the old since_ts and keeps the description it has. Other threads of the process
 * are gone by now (de_thread), so none of its own events run meanwhile. No entry (evicted, or a
 * process from before the seed): the whole value is built in the scratch and inserted; when the
 * insert fails nothing is handed over (lnr_need finds what the map has, as for any event). */
static __always_inline void lnr_exec_store(struct lnr_scratch *sc, struct task_struct *t,
					   __u32 tgid, const struct lnr_proc *pp, __u32 xstart,
					   __u32 xlen, __u64 a0, __u64 alen)
{
	struct lnr_proc_value *nv = &sc->pv;
	sc->pv_tgid = 0;
	nv->p = *pp;
	lnr_exec_strings(sc, nv, xstart, xlen, a0, alen);
	struct lnr_proc_value *pv = bpf_map_lookup_elem(&lnr_procs, &tgid);
	if (pv) {
		/* the cwd's flags go into the head before the copy, so the handed head is the
		 * entry's byte for byte; only the walk (an entry whose cwd was unknown) changes the
		 * entry's flags after it and copies them back */
		bool cwd_known = pv->cwd_len && !(pv->p.pflags & LNR_PF_CWD_UNKNOWN);
		if (cwd_known)
			nv->p.pflags |= pv->p.pflags & LNR_PF_CWD_REAL;
		bpf_probe_read_kernel(pv, lnr_pv_head_len(nv), nv);
		pv->exit_ts = 0;
		pv->reaper = 0;
		if (!cwd_known) {
			lnr_cwd_walk_into(sc, t, pv);
			nv->p.pflags = pv->p.pflags;
		}
		asm volatile("" ::: "memory");
		pv->since_ts = ((struct lnr_proc_rec *)sc->ev)->h.ts;
		sc->pv_tgid = tgid;
		return;
	}
	nv->since_ts = ((struct lnr_proc_rec *)sc->ev)->h.ts;
	nv->exit_ts = 0;
	nv->reaper = 0;
	lnr_cwd_walk_into(sc, t, nv);
	if (!lnr_proc_put(tgid, nv, false))
		sc->pv_tgid = tgid;
}

/* Is an exec record wanted: every lifecycle record (capture), or a rule on execve/execveat (the
 * generated filters then judge it). */
static __always_inline bool lnr_exec_wanted(void)
{
	if (lnr_cfg_proc_records)
		return true;
	__u32 k = LNR_NR_execve;
	__u32 *w = bpf_map_lookup_elem(&lnr_interesting, &k);
	if (w && (*w & LNR_SC_EXIT))
		return true;
	k = lnr_cfg_nr_execveat;
	w = bpf_map_lookup_elem(&lnr_interesting, &k);
	return w && (*w & LNR_SC_EXIT);
}

/* The exec record's argv and exe path slots: argv as the new image sees it (mm's arg_start..
 * arg_end, cut at LNR_STR_MAX), the executable's path walked again (the capture kept only the
 * map's prefixes). Nothing runs in the new image yet and its other threads are gone: what is read
 * here is what the capture read. */
static __always_inline void lnr_exec_slots(struct lnr_pev *e, struct task_struct *p,
					   struct linux_binprm *bprm)
{
	struct mm_struct *mm = LNR_RD(p, mm);
	__u64 a0 = LNR_RD(mm, arg_start), a1 = LNR_RD(mm, arg_end);
	__u64 alen = a1 > a0 ? a1 - a0 : 0;
	int off = lnr_pslot_off(e);
	if (off >= 0 && alen) {
		if (alen > LNR_STR_MAX) {
			alen = LNR_STR_MAX;
			e->rec->h.flags |= LNR_RF_TRUNC;
			LNR_COUNT(trunc_str);
		}
		LNR_BARRIER_VAR(alen);
		if (bpf_probe_read_user(&e->sc->ev[off], alen, (const void *)a0) == 0)
			lnr_pslot_done(e, LNR_PSLOT_ARGS, alen);
	}
	__u32 xlen = 0;
	__u32 xstart = lnr_exe_path(e->sc, p, bprm, e->rec->p.pflags, &xlen, &e->rec->h.flags);
	off = lnr_pslot_off(e);
	if (off < 0 || !xlen)
		return;
	if (xlen > LNR_STR_MAX)
		xlen = LNR_STR_MAX;
	LNR_BARRIER_VAR(xlen);
	bpf_probe_read_kernel(&e->sc->ev[off], xlen, &e->sc->path[xstart & LNR_PATH_MASK]);
	lnr_pslot_done(e, LNR_PSLOT_EXEPATH, xlen);
}

/* Sends the exec record waiting in the scratch (h.size: its length so far, the header's) after
 * adding its slots: argv and the exe path (lnr_exec_slots), its cwd (fs->pwd walked) and the path
 * given to execve, filled only for a record that is sent. Also called by the later parts of a
 * split exec filter (gen/emit_rules.c). */
static __always_inline int lnr_exec_send(struct lnr_scratch *sc, struct task_struct *p,
					 struct linux_binprm *bprm)
{
	struct lnr_pev e;
	e.sc = sc;
	e.rec = (struct lnr_proc_rec *)sc->ev;
	__u32 pos = e.rec->h.size;
	if (pos > LNR_EV_BUF)
		pos = LNR_EV_BUF;
	LNR_BARRIER_VAR(pos);
	e.pos = pos;
	lnr_exec_slots(&e, p, bprm);
	struct fs_struct *fs = BPF_CORE_READ(p, fs);
	lnr_pslot_path(&e, p, LNR_PSLOT_CWD, &fs->pwd);
	int off = lnr_pslot_off(&e);
	if (off >= 0) {
		const char *fn = BPF_CORE_READ(bprm, filename);
		long n = bpf_probe_read_kernel_str(&e.sc->ev[off], LNR_STR_MAX, fn);
		lnr_pslot_done(&e, LNR_PSLOT_FILENAME, n);
	}
	e.rec->h.size = e.pos;
	/* lnr_exec_env reads the size back from the record: its own bounds checks then apply
	 * (forwarded from e.pos, clang dropped them and the verifier refused the env copy) */
	asm volatile("" ::: "memory");
	lnr_exec_env(sc, e.rec, p); /* after the slots, when a rule reads proc.env */
	__u32 size = e.rec->h.size;
	if (size > LNR_EV_BUF)
		size = LNR_EV_BUF;
	LNR_BARRIER_VAR(size); /* the verifier sees the bound at the send */
	return lnr_submit_buf(sc, &e.rec->h, size);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(lnr_sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct lnr_pev e;
	e.sc = lnr_scratch();
	if (!e.sc)
		return 0;
	__u32 tgid = LNR_RD(p, tgid);
	__u16 evt = LNR_EVT_execve;
	if (LNR_TASK_SYSCALL_NR(p) == lnr_cfg_nr_execveat)
		evt = LNR_EVT_execveat;
	/* The syscall number is not reliable here: kernels were seen to show execve's for a
	 * successful execveat. An execveat of a directory fd with a relative or empty path
	 * (fexecve, a memfd) has the name the kernel made for it ("/dev/fd/N..."), which
	 * execve never has. */
	if (bpf_core_field_exists(bprm->fdpath) && LNR_RD(bprm, fdpath))
		evt = LNR_EVT_execveat;

	lnr_phdr(&e, LNR_K_EXEC, evt, p);
	struct lnr_proc *pp = &e.rec->p;
	lnr_fill_proc(p, pp);
	if (lnr_cfg_kernel_ct)
		lnr_fill_container(e.sc, p, pp);
	/* the executable (bprm->file: symlinks already resolved) */
	struct file *xf = LNR_RD(bprm, file);
	/* the new image's credentials are committed by now: Falco's writable test sees them */
	pp->pflags = LNR_PF_EXECED | lnr_exe_flags(p, xf);
	pp->exe_ino = LNR_RD(xf, f_inode, i_ino);

	/* argv as the new image sees it, and the executable's path: into the map's entry only (the
	 * record gets them when it is sent) */
	struct mm_struct *mm = LNR_RD(p, mm);
	__u64 a0 = LNR_RD(mm, arg_start), a1 = LNR_RD(mm, arg_end);
	__u64 alen = a1 > a0 ? a1 - a0 : 0;
	__u32 xlen = 0, wfl = 0;
	__u32 xstart = lnr_exe_path(e.sc, p, bprm, pp->pflags, &xlen, &wfl);

	lnr_exec_store(e.sc, p, tgid, pp, xstart, xlen, a0, alen);

	/* the map kept only a prefix of argv or of the exe path: the record (whole argv, up to
	 * LNR_STR_MAX) goes to userspace whatever the rules, so the table has Falco's
	 * proc.cmdline/exepath when this process's events ship after it is gone from /proc */
	__u32 cut = e.sc->pv.p.pflags & (LNR_PF_ARGS_TRUNC | LNR_PF_EXE_TRUNC);
	pp->pflags |= cut;
	if (tgid == lnr_cfg_self_tgid || (!cut && !lnr_exec_wanted()))
		return 0;
	/* the rules' part runs in lnr_exec_rules (below), reached through lnr_exec_progs so a
	 * reload swaps it in one map update; the record waits in this CPU's scratch. Its slots
	 * (argv, exe path, cwd, filename) are added only when it is sent (lnr_exec_send): no rule
	 * reads them from the record, and most execs match nothing. */
	e.rec->h.size = e.pos;
	bpf_tail_call(ctx, &lnr_exec_progs, 0);
	/* no rules program (not filled yet): sent without a verdict only when every lifecycle
	 * record is wanted (no rule can be judged yet otherwise) */
	if (!lnr_cfg_proc_records && !cut)
		return 0;
	return lnr_exec_send(e.sc, p, bprm);
}

/* Tail-called from lnr_sched_exec with the exec record built in the scratch (h.size = its
 * length): the generated filters' verdict, then the send. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(lnr_exec_rules, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct lnr_scratch *sc = lnr_scratch();
	if (!sc)
		return 0;
	struct lnr_proc_rec *r = (struct lnr_proc_rec *)sc->ev;
	LNR_EXEC_RULES_HOOK(r->h.evt, r);
	if (!lnr_cfg_proc_records && r->h.v_state == LNR_V_NONE &&
	    !(r->p.pflags & (LNR_PF_ARGS_TRUNC | LNR_PF_EXE_TRUNC))) {
		LNR_COUNT(filtered); /* no rule on this exec can match */
		return 0;
	}
	return lnr_exec_send(sc, p, bprm);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(lnr_sched_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ctgid = LNR_RD(child, tgid), ctid = LNR_RD(child, pid);
	if (ctgid != ctid) /* a new thread: the process is already described */
		return 0;
	__u32 ptgid = LNR_RD(parent, tgid);
	lnr_follow_fork(ptgid, ctgid);
	struct lnr_pev e;
	e.sc = lnr_scratch();
	if (!e.sc)
		return 0;
	struct lnr_proc_value *pv = &e.sc->pv;
	struct lnr_proc_value *par = bpf_map_lookup_elem(&lnr_procs, &ptgid);
	if (par) {
		*pv = *par;
	} else {
		__builtin_memset(pv, 0, sizeof(*pv));
		LNR_COUNT(proc_miss);
	}
	lnr_phdr(&e, LNR_K_FORK, LNR_EVT_clone, child);
	lnr_fill_proc(child, &pv->p);
	if (par) {
		/* comm as captured at the parent's exec/clone, like Falco (not the live one) */
		__builtin_memcpy(pv->p.comm, par->p.comm, LNR_COMM_LEN);
		__builtin_memcpy(pv->p.container_id, par->p.container_id, LNR_CTID_LEN);
		pv->p.ct_layout = par->p.ct_layout;
		pv->p.tty = par->p.tty;
	} else {
		/* unknown parent: container "" (unknown) for userspace, unless classified below */
		e.rec->h.flags |= LNR_RF_PROC_MISS;
	}
	/* container: the parent's, unless the child is in other cgroups (clone3's
	 * CLONE_INTO_CGROUP, as runtimes use for `exec` into a container) or the parent is unknown
	 */
	if (lnr_cfg_kernel_ct && (!par || LNR_RD(child, cgroups) != LNR_RD(parent, cgroups)))
		lnr_fill_container(e.sc, child, &pv->p);
	pv->p.pflags &= ~(LNR_PF_SEEDED | LNR_PF_EXECED | LNR_PF_EXITED);
	if (!par) { /* the parent's cwd is not known: userspace reads it from /proc */
		pv->cwd_len = 0;
		pv->p.pflags |= LNR_PF_CWD_UNKNOWN;
	}
	pv->since_ts = e.rec->h.ts;
	pv->exit_ts = 0;
	pv->reaper = 0;
	/* a pid reused before the LRU evicted its exited owner replaces that entry: found by the
	 * insert's own check (no lookup first) */
	long r = bpf_map_update_elem(&lnr_procs, &ctgid, pv, BPF_NOEXIST);
	if (r == -LNR_EEXIST)
		lnr_proc_put(ctgid, pv, true);
	else if (r)
		LNR_COUNT(map_full);
	else
		LNR_COUNT(proc_new);
	if (!lnr_cfg_proc_records || ptgid == lnr_cfg_self_tgid)
		return 0;
	e.rec->p = pv->p;
	e.rec->parent_tid = BPF_CORE_READ(parent, pid);
	return lnr_submit_buf(e.sc, &e.rec->h, e.pos);
}

/* Ancestors looked at for a child subreaper (the kernel's walk is unbounded; deeper nesting of
 * subreapers than this falls back to the namespace's init). */
#define LNR_REAPER_DEPTH 16

/* Who adopts the children of p when it exits: the kernel's find_new_reaper(), which runs right
 * after this tracepoint (exit_notify) — the nearest ancestor in p's pid namespace that made
 * itself a child subreaper (only looked for when one of p's ancestors did: has_child_subreaper),
 * else the namespace's init (child_reaper). 0 when p has no children. Falco's procexit carries
 * the same answer, and its thread table re-parents the children to it. */
static __always_inline __u32 lnr_reaper_of(struct task_struct *p)
{
	if ((unsigned long)LNR_RD(p, children.next) == (unsigned long)&p->children)
		return 0;
	struct pid *tp = BPF_CORE_READ(p, thread_pid);
	unsigned int level = BPF_CORE_READ(tp, level);
	struct pid_namespace *ns = BPF_CORE_READ(tp, numbers[level & 31].ns);
	struct task_struct *init = BPF_CORE_READ(ns, child_reaper);
	struct signal_struct *sig = BPF_CORE_READ(p, signal);
	if (BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper)) {
		struct task_struct *r = BPF_CORE_READ(p, real_parent);
		for (int i = 0; i < LNR_REAPER_DEPTH; i++) {
			if (!r || r == init)
				break;
			struct pid *rp = BPF_CORE_READ(r, thread_pid);
			if (BPF_CORE_READ(rp, level) != level)
				break;
			struct signal_struct *rs = BPF_CORE_READ(r, signal);
			if (BPF_CORE_READ_BITFIELD_PROBED(rs, is_child_subreaper))
				return BPF_CORE_READ(r, tgid);
			r = BPF_CORE_READ(r, real_parent);
		}
	}
	return init ? BPF_CORE_READ(init, tgid) : 0;
}

/* Does a rule want procexit events (the loader's switch, records.h)? */
static __always_inline bool lnr_procexit_wanted(void)
{
	__u32 k = LNR_SC_PROCEXIT_KEY;
	__u32 *w = bpf_map_lookup_elem(&lnr_interesting, &k);
	return w && (*w & LNR_SC_PROCEXIT);
}

/* May an exited process's entry go now rather than stay marked until evicted? Only when nothing
 * can read it any more: no child (none is left whose ancestry passes through it), not the leader
 * of its process group or session (the members' proc.vpgid.name and the like name it), no exit
 * record or procexit rule (want), and userspace has consumed every record reserved so far (the
 * ring is empty: libbpf moves the consumer position past a record only after its callback, where
 * userspace reads this map for an event that ships). Records about it are all older than its
 * exit, so none is left unread; none is written later. Deleted at once, its element goes back to
 * this CPU's free list while still in cache, where the next fork takes it: a fork into a cold
 * element (an LRU's free or evicted one) costs the copy's cache misses. */
static __always_inline bool lnr_proc_forgettable(struct task_struct *p, __u32 tgid, __u32 reaper,
						 bool want)
{
	if (want || reaper || tgid == lnr_cfg_self_tgid)
		return false;
	if ((__u32)LNR_RD(p, signal, pids[PIDTYPE_PGID], numbers[0].nr) == tgid ||
	    (__u32)LNR_RD(p, signal, pids[PIDTYPE_SID], numbers[0].nr) == tgid)
		return false;
	return bpf_ringbuf_query(&lnr_ring, BPF_RB_AVAIL_DATA) == 0;
}

/* The last thread of a group out: the tracepoint's group_dead argument where the kernel passes it;
 * elsewhere (6.12 and older) the group's live count, which do_exit has already decremented to 0
 * for the last thread when the tracepoint fires. ctx[1] is only read on kernels that have it (the
 * verifier prunes the other branch: the flag is read-only data). */
SEC("tp_btf/sched_process_exit")
int lnr_sched_exit(unsigned long long *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx[0];
	LNR_TASK_STORAGE_DELETE(lnr_stash_spill, p); /* a moved entry copy (5.10: a hash) */
	bool group_dead =
		lnr_cfg_exit_group_dead_arg ? (bool)ctx[1] : LNR_RD(p, signal, live.counter) == 0;
	if (!group_dead)
		return 0;
	__u32 tgid = LNR_RD(p, tgid);
	if (lnr_cfg_tgid)
		bpf_map_delete_elem(&lnr_follow, &tgid);
	/* kept, marked exited, until evicted (see the top of this file) */
	struct lnr_proc_value *pv = bpf_map_lookup_elem(&lnr_procs, &tgid);
	__u32 reaper = 0;
	bool want = lnr_cfg_proc_records || lnr_procexit_wanted();
	if (pv || want)
		reaper = lnr_reaper_of(p);
	if (pv && lnr_proc_forgettable(p, tgid, reaper, want)) {
		if (!bpf_map_delete_elem(&lnr_procs, &tgid)) {
			LNR_COUNT(proc_gone);
			return 0;
		}
	}
	if (pv) {
		pv->exit_ts = bpf_ktime_get_boot_ns();
		pv->reaper = reaper;
		pv->p.pflags |= LNR_PF_EXITED;
	}
	if (!want || tgid == lnr_cfg_self_tgid)
		return 0;
	struct lnr_pev e;
	e.sc = lnr_scratch();
	if (!e.sc)
		return 0;
	lnr_phdr(&e, LNR_K_EXIT, 0 /* userspace: procexit */, p);
	e.rec->h.flags |= LNR_RF_GROUP_DEAD;
	e.rec->p.pid = tgid;
	e.rec->p.tid = LNR_RD(p, pid);
	e.rec->res = LNR_RD(p, exit_code);
	e.rec->parent_tid = reaper;
	return lnr_submit_buf(e.sc, &e.rec->h, e.pos);
}

#endif
