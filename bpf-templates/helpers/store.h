/* store.h — builds records in the per-CPU scratch and sends them. One record is under
 * construction per CPU at a time (programs do not nest on a CPU for these hooks).
 *
 * Usage in a syscall exit program (bpf-templates/syscalls/):
 *   struct lnr_ev e;
 *   if (!lnr_sys_begin(&e, regs, ret, LNR_EVT_x, LNR_NR_x)) return 0;
 *   ... lnr_path_arg / lnr_fd_info / lnr_slot_* ...
 *   LNR_RULES_HOOK   (generated filters: may `return 0` to drop before anything is sent)
 *   return lnr_submit(&e);
 */
#ifndef LANNER_HELPERS_STORE_H
#define LANNER_HELPERS_STORE_H

#include "helpers/extract.h"
#include "helpers/stash.h"

#define LNR_AT_FDCWD (-100)

struct lnr_ev {
	struct lnr_scratch *sc;
	struct lnr_sys *rec;
	struct task_struct *task;
	struct lnr_stash *stash; /* entry-time copy for this syscall, or NULL */
	__u32 pos;		 /* bytes used in sc->ev */
	__u32 nr;
};

/* The record's fixed part as a memset of all of it would leave it, but for the fields every
 * record gets written before it is sent: h.ts and h.size (lnr_submit, or a rules part's tail call
 * and the part that sends), h.kind, h.evt, h.tid, h.pid, res, args, uid, gid, loginuid and fd_num
 * (lnr_sys_begin). Runs on every event, most of which the rules drop: 21 stores instead of 33.
 * Everything else (the verdict, aux, fd_*, sock with its padding, slot_len) is zeroed here. */
_Static_assert(__builtin_offsetof(struct lnr_sys, res) == sizeof(struct lnr_hdr) &&
		       __builtin_offsetof(struct lnr_hdr, tid) + 8 ==
			       __builtin_offsetof(struct lnr_hdr, cpu) &&
		       __builtin_offsetof(struct lnr_sys, aux) ==
			       __builtin_offsetof(struct lnr_sys, res) + 8 + 6 * 8 &&
		       __builtin_offsetof(struct lnr_sys, uid) ==
			       __builtin_offsetof(struct lnr_sys, aux) + 4 * 8 &&
		       __builtin_offsetof(struct lnr_sys, fd_num) ==
			       __builtin_offsetof(struct lnr_sys, uid) + 16 &&
		       __builtin_offsetof(struct lnr_sys, fd_mode) ==
			       __builtin_offsetof(struct lnr_sys, fd_num) + 8 &&
		       sizeof(struct lnr_sys) == __builtin_offsetof(struct lnr_sys, slot_len) +
							 LNR_NSLOTS * sizeof(__u16),
	       "lnr_sys_zero: the fields it leaves to be written are where it expects them");
static __always_inline void lnr_sys_zero(struct lnr_sys *r)
{
	/* h.cpu .. h.v_true: cpu stays 0 where a rules part sends the record */
	__builtin_memset(&r->h.cpu, 0,
			 sizeof(struct lnr_hdr) - __builtin_offsetof(struct lnr_hdr, cpu));
	__builtin_memset(r->aux, 0, sizeof(r->aux));
	r->fd_kind = 0;
	/* fd_mode .. slot_len, the padding after sock included */
	__builtin_memset(&r->fd_mode, 0,
			 sizeof(struct lnr_sys) - __builtin_offsetof(struct lnr_sys, fd_mode));
}

static __always_inline int lnr_sys_begin(struct lnr_ev *e, struct pt_regs *regs, long ret,
					 __u16 evt, __u32 nr)
{
	/* current's BTF pointer: tgid and tid are plain loads, not a helper call */
	struct task_struct *t = LNR_CURRENT_TASK();
	__u32 tgid = LNR_RD(t, tgid), tid = LNR_RD(t, pid);

	if (lnr_tgid_ignored(tgid))
		return 0;
	e->sc = lnr_scratch();
	if (!e->sc)
		return 0;
	struct lnr_sys *r = (struct lnr_sys *)e->sc->ev;
	lnr_sys_zero(r);
	e->rec = r;
	e->task = t;
	e->pos = sizeof(*r);
	e->nr = nr;
	e->stash = 0;
	e->sc->fd_file = 0;
	/* h.ts and h.cpu are taken in lnr_submit: records the rule filters drop never pay for the
	 * clock or the helper call */
	r->h.kind = LNR_K_SYSCALL;
	r->h.evt = evt;
	r->h.tid = tid;
	r->h.pid = tgid;
	r->res = ret;
	int ia32 = lnr_task_ia32(t);
	for (int i = 0; i < 6; i++)
		r->args[i] = lnr_syscall_arg_c(regs, i, ia32);
	/* e->task is a BTF pointer: plain loads instead of helper calls (run on every event) */
	const struct cred *cr = LNR_RD(e->task, cred);
	r->uid = LNR_RD(cr, euid.val);
	r->gid = LNR_RD(cr, egid.val);
	r->loginuid = LNR_RD(e->task, loginuid.val);
	r->fd_num = -1;
	return 1;
}

/* The entry-time copy for this syscall on this thread, if the enter program made one. */
static __always_inline struct lnr_stash *lnr_take_stash(struct lnr_ev *e)
{
	struct lnr_stash *s = lnr_stash_find(e->task, e->nr);
	if (!s) {
		e->rec->h.flags |= LNR_RF_NO_STASH;
		LNR_COUNT(stash_miss);
		return 0;
	}
	/* taken: a later syscall without an entry copy cannot take it */
	s->evt_nr = LNR_STASH_NONE;
	e->stash = s;
	return s;
}

/* Reserves the next slot; returns its masked offset, or -1 when the record is full. */
static __always_inline int lnr_slot_off(struct lnr_ev *e)
{
	if (e->pos > LNR_SLOT_OFF_MASK) {
		e->rec->h.flags |= LNR_RF_OVERFLOW;
		LNR_COUNT(overflow);
		return -1;
	}
	/* the mask kept from clang (it knows pos <= the mask here): where the verifiers of 5.10 and
	 * 6.1 carry pos's bounds into this branch inconsistent (min > max), they would lose the
	 * slot pointer's bounds; the AND gives them a fresh range */
	__u32 off = e->pos;
	LNR_BARRIER_VAR(off);
	return off & LNR_SLOT_OFF_MASK;
}

/* Slot `slot` took n bytes at *pos (at most LNR_STR_MAX; nothing when n <= 0): its length into
 * the record's slot_len, *pos past it. The syscall and the process records alike. */
static __always_inline void lnr_slot_len_set(__u16 *slot_len, __u32 *pos, int slot, long n)
{
	if (n <= 0)
		return;
	if (n > LNR_STR_MAX)
		n = LNR_STR_MAX;
	slot_len[slot & (LNR_NSLOTS - 1)] = n;
	*pos += n;
}

static __always_inline void lnr_slot_done(struct lnr_ev *e, int slot, long n)
{
	lnr_slot_len_set(e->rec->slot_len, &e->pos, slot, n);
}

/* User string (NUL included); a string that fills LNR_STR_MAX is flagged truncated. */
static __always_inline void lnr_slot_user_str(struct lnr_ev *e, int slot, __u64 uptr)
{
	int off = lnr_slot_off(e);
	if (off < 0 || !uptr)
		return;
	long n = bpf_probe_read_user_str(&e->sc->ev[off], LNR_STR_MAX, (const void *)uptr);
	if (n == LNR_STR_MAX) {
		e->rec->h.flags |= LNR_RF_TRUNC;
		LNR_COUNT(trunc_str);
	}
	lnr_slot_done(e, slot, n);
}

static __always_inline void lnr_slot_kernel_str(struct lnr_ev *e, int slot, const void *kptr)
{
	int off = lnr_slot_off(e);
	if (off < 0 || !kptr)
		return;
	long n = bpf_probe_read_kernel_str(&e->sc->ev[off], LNR_STR_MAX, kptr);
	lnr_slot_done(e, slot, n);
}

static __always_inline void lnr_slot_user_bytes(struct lnr_ev *e, int slot, __u64 uptr, __u32 len)
{
	int off = lnr_slot_off(e);
	if (off < 0 || !uptr)
		return;
	if (len > LNR_STR_MAX)
		len = LNR_STR_MAX;
	if (bpf_probe_read_user(&e->sc->ev[off], len, (const void *)uptr))
		return;
	lnr_slot_done(e, slot, len);
}

/* Strings up to this long are copied with plain 8-byte moves (lnr_copy_short) */
#define LNR_COPY_INLINE 128
_Static_assert(LNR_SLOT_OFF_MASK + LNR_COPY_INLINE <= LNR_EV_BUF,
	       "a short copy's over-write of a slot must stay in the record buffer");
_Static_assert(LNR_PATH_MASK + LNR_COPY_INLINE <= LNR_WALK_BUF,
	       "a short copy's over-read of a stash's data must stay in it");

/* n bytes from src to dst when n <= LNR_COPY_INLINE (both with LNR_COPY_INLINE bytes readable /
 * writable from their start): plain 8-byte moves up to the word holding byte n - 1 (the rest of
 * that word is copied too, never read). A probe read (a helper call and its address checks)
 * costs more than the copy itself, and stopping at the value's last word leaves the lines past
 * it untouched. 0 when n is longer: the caller copies it otherwise. */
static __always_inline int lnr_copy_short(char *dst, const char *src, __u32 n)
{
	if (n > LNR_COPY_INLINE)
		return 0;
	for (__u32 i = 0; i < LNR_COPY_INLINE; i += 8) {
		if (i >= n)
			break;
		*(__u64 *)(dst + i) = *(const __u64 *)(src + i);
	}
	return 1;
}

/* Copies bytes from the stash (entry-time) into a slot. */
static __always_inline void lnr_slot_from_stash(struct lnr_ev *e, int slot, struct lnr_stash *s)
{
	int off = lnr_slot_off(e);
	if (off < 0)
		return;
	__u32 len = s->len;
	if (len > LNR_STASH_DATA)
		len = LNR_STASH_DATA;
	if (len == 0)
		return;
	const char *src = &s->data[s->data_off & LNR_PATH_MASK];
	if (!lnr_copy_short((char *)&e->sc->ev[off], src, len))
		bpf_probe_read_kernel(&e->sc->ev[off], len, src);
	lnr_slot_done(e, slot, len);
}

/* Walks a struct path into a slot (absolute path, NUL included). */
static __always_inline void lnr_slot_path(struct lnr_ev *e, int slot, const struct path *p)
{
	int off = lnr_slot_off(e);
	if (off < 0)
		return;
	__u32 start = lnr_path_walk(e->sc, e->task, p, &e->rec->h.flags);
	__u32 len = (LNR_PATH_MASK + 1) - start;
	if (len > LNR_STR_MAX)
		len = LNR_STR_MAX;
	bpf_probe_read_kernel(&e->sc->ev[off], len, &e->sc->path[start & LNR_PATH_MASK]);
	lnr_slot_done(e, slot, len);
}

static __always_inline int lnr_slot_first_byte(struct lnr_ev *e, int slot_off)
{
	return e->sc->ev[slot_off & LNR_SLOT_OFF_MASK];
}

/* A path argument: the string as given (entry copy when stash is set and present) in `slot`,
 * and, when it is relative, the directory it is relative to in slot+1 (dirfd's path, or cwd for
 * AT_FDCWD / non-*at syscalls: pass LNR_AT_FDCWD). */
static __always_inline void lnr_path_arg(struct lnr_ev *e, int slot, __u64 uptr, long dirfd,
					 int use_stash)
{
	int off = lnr_slot_off(e);
	if (off < 0)
		return;
	struct lnr_stash *s = use_stash ? lnr_take_stash(e) : 0;
	/* an entry copy can fail on a page not yet faulted in (right after exec): read it now */
	if (s && s->len > 0)
		lnr_slot_from_stash(e, slot, s);
	else
		lnr_slot_user_str(e, slot, uptr);
	if (e->rec->slot_len[slot & (LNR_NSLOTS - 1)] == 0)
		return;
	if (lnr_slot_first_byte(e, off) == '/')
		return;
	if ((int)dirfd == LNR_AT_FDCWD) {
		/* relative to the cwd: Falco joins it to the cwd it tracked lexically from
		 * chdir/fchdir, which the kernel does not know (a cd through a symlink, a renamed
		 * cwd): flagged, so kernel filters take the name as UNKNOWN and userspace joins it
		 * to the cwd it tracks (helpers/cwd.h). The real cwd still goes along as the base:
		 * an fd's remembered name (helpers/fdnames.h) keeps it. */
		e->rec->h.flags |= slot == LNR_SLOT_A ? LNR_RF_CWD_A : LNR_RF_CWD_B;
		struct task_struct *t = e->task;
		struct fs_struct *fs = BPF_CORE_READ(t, fs);
		lnr_slot_path(e, slot + 1, &fs->pwd);
		return;
	}
	struct file *f = lnr_fd_file(e->task, (int)dirfd);
	if (f)
		lnr_slot_path(e, slot + 1, &f->f_path);
}

/* Fills fd_num, fd_kind (and sock) from an fd of the current task. The rest of its description
 * (fd_mode, fd_ino, fd_dev, fd_flags), which no kernel filter reads, is read when the record is
 * sent (lnr_fd_desc): an event the filters drop never pays for it. */
static __always_inline struct file *lnr_fd_info(struct lnr_ev *e, long fd)
{
	struct lnr_sys *r = e->rec;
	r->fd_num = fd < 0 ? -1 : fd;
	struct file *f = lnr_fd_file(e->task, fd);
	if (!f)
		return 0;
	e->sc->fd_file = (__u64)f;
	r->fd_kind = lnr_file_kind(f, &r->sock);
	return f;
}

/* The description of lnr_fd_info's file, into a record about to be sent (or handed to a later
 * rules part that sends it: lnr_rec_handoff). */
static __always_inline void lnr_fd_desc(struct lnr_ev *e)
{
	__u64 f = e->sc->fd_file;
	if (!f)
		return;
	struct lnr_sys *r = e->rec;
	struct file *fc = lnr_file_btf((struct file *)f);
	struct inode *ino = LNR_RD(fc, f_inode);
	r->fd_mode = LNR_RD(ino, i_mode);
	r->fd_ino = LNR_RD(ino, i_ino);
	r->fd_dev = lnr_encode_dev(LNR_RD(ino, i_sb, s_dev));
	r->fd_flags = LNR_RD(fc, f_flags);
}

/* A rules part tail-calls the next one, which sends the record as it is: its length and the
 * fields read at the send go in now. */
static __always_inline void lnr_rec_handoff(struct lnr_ev *e)
{
	e->rec->h.size = e->pos;
	lnr_fd_desc(e);
}

/* Falco's loss category of a syscall event (enum lnr_drop_cat: the event table's dcat), as libs'
 * kernel drop counters sort them; a table in .rodata so that the lost-record path costs one load.
 */
static const __u8 lnr_drop_cat_of[LNR_EVT_SYSCALL_END] = {
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params) [LNR_EVT_##name] = LNR_DCAT_##dcat,
#define LNR_EV(name, falco_name, eflags, dcat, params)	      [LNR_EVT_##name] = LNR_DCAT_##dcat,
#include "shared_definitions/event_table.h"
};

/* A record the full ring could not take: counted, and by Falco's category. Process records
 * count as the syscall they stand for (exec as execve, a new task as clone, exit as procexit);
 * a cwd record as none. */
static __always_inline void lnr_count_ring_drop(struct lnr_counters *c, const struct lnr_hdr *h)
{
	__u32 cat = LNR_DCAT_NONE, evt = h->evt;
	if (h->kind == LNR_K_EXEC)
		cat = LNR_DCAT_EXECVE;
	else if (h->kind == LNR_K_FORK)
		cat = LNR_DCAT_CLONE_FORK;
	else if (h->kind == LNR_K_EXIT)
		cat = LNR_DCAT_PROC_EXIT;
	else if (h->kind == LNR_K_SYSCALL && evt < LNR_EVT_SYSCALL_END)
		cat = lnr_drop_cat_of[evt];
	c->drop_ring++;
	if (cat >= 1 && cat <= 8)
		c->drop_cat[cat - 1]++;
}

/* Sends the record. Filters inserted before this call decide; nothing was reserved before. */
static __always_inline int lnr_submit_buf(struct lnr_scratch *sc, struct lnr_hdr *h, __u32 size)
{
	struct lnr_counters *c = lnr_counters();
	if (size > LNR_EV_BUF)
		size = LNR_EV_BUF;
	h->size = size;
	h->v_gen = (__u8)lnr_cfg_gen;
	if (c)
		c->seen++;
	if (bpf_ringbuf_output(&lnr_ring, sc->ev, size, 0)) {
		if (c)
			lnr_count_ring_drop(c, h);
		return 0;
	}
	if (c)
		c->sent++;
	return 0;
}

static __always_inline int lnr_submit(struct lnr_ev *e)
{
	lnr_fd_desc(e);
	e->rec->h.ts = bpf_ktime_get_boot_ns();
	e->rec->h.cpu = bpf_get_smp_processor_id();
	return lnr_submit_buf(e->sc, &e->rec->h, e->pos);
}

/* Point where generated per-rule filters go: after field extraction, before send. */
#ifndef LNR_RULES_HOOK
#define LNR_RULES_HOOK(evt, e)
#endif

/* A syscall's exit program: its body (what follows the macro) runs as lnr_xb_<name>, guarded
 * against preemption where the kernel would preempt it (helpers/preempt.h). */
#define LNR_EXIT_PROG(name)                                                                        \
	static __always_inline int lnr_xb_##name(void *ctx, struct pt_regs *regs, long ret);       \
	SEC("tp_btf/sys_exit") int BPF_PROG(lnr_x_##name, struct pt_regs *regs, long ret)          \
	{                                                                                          \
		LNR_PREEMPT_OFF();                                                                 \
		int r_ = lnr_xb_##name(ctx, regs, ret);                                            \
		LNR_PREEMPT_ON();                                                                  \
		return r_;                                                                         \
	}                                                                                          \
	static __always_inline int lnr_xb_##name(void *ctx, struct pt_regs *regs, long ret)
#define LNR_BEGIN(name)                                                                            \
	struct lnr_ev e;                                                                           \
	if (!lnr_sys_begin(&e, regs, ret, LNR_EVT_##name, LNR_NR_##name))                          \
	return 0
#define LNR_END(name)                                                                              \
	LNR_RULES_HOOK(name, &e);                                                                  \
	return lnr_submit(&e)

/* lnr_open_fd_info and lnr_fd_info_path (fd-based events' names): helpers/fdnames.h */
#endif
