/* fdnames.h — the name an fd was opened by (maps.h lnr_fdnames), as Falco's fd table keeps it:
 * remembered at each successful open of a file or directory, reported by the fd-based events
 * (close, dup*, fchmod, fchdir, newfstatat on an fd...) in slots A and A_BASE exactly as the
 * open reported them, so userspace and the generated filters resolve it as they resolved the
 * open's fd.name. When the sensor did not see the fd opened, the event carries the fd's path now
 * (a walk) and LNR_RF_FDNAME_WALK: generated filters take fd.name as UNKNOWN there.
 *
 * Included by sensor.bpf.c, after a generated rules file's close gate (LNR_CLOSE_GATE,
 * lnr_close_gate_name): the gate's verdict on an opened name is taken once, at the open.
 */
#ifndef LANNER_HELPERS_FDNAMES_H
#define LANNER_HELPERS_FDNAMES_H

#include "helpers/store.h"

/* Kinds whose fd.name is a path an open gave (sockets, pipes, anon inodes keep their walk). */
static __always_inline int lnr_kind_opened_name(__u32 k)
{
	return k == LNR_FD_FILE || k == LNR_FD_DIR;
}

/* The entry for file f when it is f's own: the file still points at the dentry it was opened
 * on (an address reused by a file the sensor did not see opened keeps no stale name). */
static __always_inline struct lnr_fdname *lnr_fdname_get(struct file *f)
{
	__u64 key = (__u64)f;
	struct lnr_fdname *v = bpf_map_lookup_elem(&lnr_fdnames, &key);
	if (!v || v->dentry != (__u64)LNR_RD(lnr_file_btf(f), f_path.dentry))
		return 0;
	return v;
}

#ifdef LNR_CLOSE_GATE
/* May a close of this file match a rule? The gate compares the last component of fd.name (the
 * opened name's) with the rules' names. lnr_close_gate_name reads a kernel address: it is
 * given the dentry's own name when that is the opened name's last component; when they differ
 * (opened through a symlink, a name ending in "." or "..", a mount root) the close is kept. */
static __always_inline __u32 lnr_fdname_gate(struct lnr_fdname *v, struct dentry *d)
{
	__u32 dl = LNR_RD(d, d_name.len);
	__u32 rl = v->rel_len;
	if (dl == 0 || dl >= LNR_CLOSE_GATE_MAX || rl < dl + 1 || rl > LNR_FDNAME_MAX)
		return 1;
	asm volatile("" : "+r"(dl));
	dl &= LNR_CLOSE_GATE_MAX - 1;
	__u32 at = rl - 1 - dl; /* where the last component starts when it is the dentry's name */
	if (at > 0 && v->b[(at - 1) & (LNR_FDNAME_MAX - 1)] != '/')
		return 1;
	char nb[LNR_CLOSE_GATE_MAX];
	__u64 nmp = 0;
	if (bpf_probe_read_kernel(&nmp, sizeof(nmp), &d->d_name.name) ||
	    bpf_probe_read_kernel(nb, dl & (LNR_CLOSE_GATE_MAX - 1), (const void *)nmp))
		return 1;
	for (__u32 i = 0; i < LNR_CLOSE_GATE_MAX; i++)
		if (i < dl && nb[i] != v->b[(at + i) & (LNR_FDNAME_MAX - 1)])
			return 1;
	return lnr_close_gate_name(nmp, dl);
}
#endif

/* gate_pass of an entry: bit 0 the gate's verdict, the bits above the generation of the rules
 * that took it (lnr_cfg_gen). An entry another generation wrote (before a rules reload; the map
 * is shared) is no verdict for these rules: it passes. */
static __always_inline __u32 lnr_fdname_gate_word(__u32 pass)
{
	return (pass ? 1 : 0) | (lnr_cfg_gen << 1);
}

static __always_inline int lnr_gate_word_pass(__u32 w)
{
	return (w >> 1) != (lnr_cfg_gen & 0x7fffffff) || (w & 1);
}

static __always_inline int lnr_fdname_gate_pass(const struct lnr_fdname *v)
{
	return lnr_gate_word_pass(v->gate_pass);
}

#ifdef LNR_CLOSE_GATE
/* The gate word this CPU's last open left in file f's entry (lnr_fdname_remember), with f and
 * its dentry: a close right after the open, on the same CPU, reads the verdict here instead of
 * looking the entry up again. Only a verdict that rules the file out is taken from it (a kept
 * close needs the entry's name). The entry for f changes only at an open that returns f, and f
 * is open while it is being closed; were it evicted meanwhile, the copy is still its verdict on
 * the opened name, which the dentry's own name (the fallback) would only repeat or keep. */
struct lnr_gate_memo {
	__u64 file, dentry;
	__u32 gate_pass, pad;
};
LNR_PERCPU_ONE(lnr_gate_memo_map, struct lnr_gate_memo);

static __always_inline void lnr_gate_memo_set(__u64 file, __u64 dentry, __u32 gate_pass)
{
	__u32 z = 0;
	struct lnr_gate_memo *m = bpf_map_lookup_elem(&lnr_gate_memo_map, &z);
	if (!m)
		return;
	m->file = file;
	m->dentry = dentry;
	m->gate_pass = gate_pass;
}

/* Does the close gate rule out file f (its fd.name's last component none of the close rules'
 * names)? A file or directory can be ruled out: by the gate's verdict on its opened name (the
 * entry, left in *vp for the caller), else on its dentry's own name. So can an IPv4/IPv6 socket
 * when every name is a path (LNR_CLOSE_GATE_INET, gen/plan.c close_inet): its fd.name is
 * addresses and ports. Anything else (other sockets: a unix socket's name is a path; pipes, a
 * mount root, an unreadable name) is kept. */
static __always_inline int lnr_file_gated(struct file *f, struct lnr_fdname **vp)
{
	struct file *fc = lnr_file_btf(f);
	__u32 mode = LNR_RD(fc, f_inode, i_mode) & LNR_S_IFMT;
	*vp = 0;
#ifdef LNR_CLOSE_GATE_INET
	if (mode == LNR_S_IFSOCK)
		return lnr_file_inet(fc);
#endif
	if (mode != LNR_S_IFREG && mode != LNR_S_IFDIR)
		return 0;
	struct dentry *d = LNR_RD(fc, f_path.dentry);
	__u32 z = 0;
	struct lnr_gate_memo *m = bpf_map_lookup_elem(&lnr_gate_memo_map, &z);
	if (m && m->file == (__u64)f && m->dentry == (__u64)d && !lnr_gate_word_pass(m->gate_pass))
		return 1;
	struct lnr_fdname *v = lnr_fdname_get(f);
	*vp = v;
	if (v)
		return !lnr_fdname_gate_pass(v);
	__u64 nmp = 0; /* read as a number: a global function takes no BTF memory */
	if (d == LNR_RD(fc, f_path.mnt, mnt_root) ||
	    bpf_probe_read_kernel(&nmp, sizeof(nmp), &d->d_name.name))
		return 0;
	return !lnr_close_gate_name(nmp, LNR_RD(d, d_name.len));
}

/* The exit of a close (the dispatcher's, sensor.bpf.c, for task t = current) whose entry found
 * that the gate rules the file out (lnr_file_gated): its entry copy is taken and the event counted
 * as filtered; 1 then, 0 for any other close (lnr_x_close builds its record). */
static __always_inline int lnr_close_gate_take(struct task_struct *t)
{
	int gated = 0;
	LNR_PREEMPT_OFF();
	struct lnr_stash *g = lnr_stash_find(t, LNR_NR_close);
	if (g && g->gated) {
		g->evt_nr = LNR_STASH_NONE;
		LNR_COUNT(filtered);
		gated = 1;
	}
	LNR_PREEMPT_ON();
	return gated;
}

/* The exit programs whose event has its fd as argument 0 and may be judged by close's filter
 * (LNR_FDGATE(nr), gen/emit_c.c: every rule then needs fd.name to be one of the close gate's
 * names too). */
#define LNR_FD_ARG0(nr)                                                                            \
	((nr) == LNR_NR_fchdir || (nr) == LNR_NR_fchmod || (nr) == LNR_NR_newfstatat ||            \
	 (nr) == LNR_NR_recvfrom || (nr) == LNR_NR_recvmsg || (nr) == LNR_NR_sendmsg ||            \
	 (nr) == LNR_NR_sendto)

/* The exit of such an event (the dispatcher's, sensor.bpf.c, for task t = current): 1, counted as
 * filtered, when fd is no open fd (the record would have no fd, fd.name MISSING: every rule FALSE,
 * as the filter would find after building it) or a file the gate rules out (lnr_file_gated); the
 * event is then dropped before the tail call into its exit program. */
static __always_inline int lnr_fd_gate_take(struct task_struct *t, long fd)
{
	LNR_PREEMPT_OFF();
	struct file *f = lnr_fd_file(t, fd);
	struct lnr_fdname *v;
	int gated = !f || lnr_file_gated(f, &v);
	if (gated)
		LNR_COUNT(filtered);
	LNR_PREEMPT_ON();
	return gated;
}
#endif

/* Does the entry v already hold what lnr_fdname_remember would write (the same dentry and the
 * same rl + bl bytes of name at src)? A file opened again and again by the same name (a struct
 * file address the slab hands out again) then costs a lookup instead of an LRU update. */
static __always_inline int lnr_fdname_same(struct lnr_fdname *v, __u64 dentry, __u32 rl, __u32 bl,
					   const char *src)
{
	if (v->dentry != dentry || v->rel_len != rl || v->base_len != bl ||
	    v->gate_pass >> 1 != (lnr_cfg_gen & 0x7fffffff))
		return 0;
	__u32 n = rl + bl, words = n / 8;
	const __u64 *a = (const __u64 *)v->b, *b = (const __u64 *)src;
	for (__u32 i = 0; i < LNR_FDNAME_MAX / 8; i++) {
		if (i >= words)
			break;
		if (a[i] != b[i])
			return 0;
	}
	if (!(n & 7))
		return 1;
	/* the last word: bytes past the name are not compared (little-endian); n < LNR_FDNAME_MAX
	 * here, the mask changes nothing */
	__u64 m = (1ull << ((n & 7) * 8)) - 1;
	words &= LNR_FDNAME_MAX / 8 - 1;
	return ((a[words] ^ b[words]) & m) == 0;
}

#ifdef LNR_CLOSE_GATE
#define LNR_GATE_MEMO_SET(file, dentry, word) lnr_gate_memo_set((file), (dentry), (word))
#else
#define LNR_GATE_MEMO_SET(file, dentry, word)                                                      \
	do {                                                                                       \
	} while (0)
#endif

/* At a successful open of f (the record's A and A_BASE hold the name as the open reported it):
 * remembers the name, or forgets a stale one when the name cannot be kept whole. */
static __always_inline void lnr_fdname_remember(struct lnr_ev *e, struct file *f)
{
	__u64 key = (__u64)f;
	struct lnr_sys *r = e->rec;
	__u32 rl = r->slot_len[LNR_SLOT_A], bl = r->slot_len[LNR_SLOT_A_BASE];
	if (rl == 0 || rl + bl > LNR_FDNAME_MAX ||
	    (r->h.flags & (LNR_RF_TRUNC | LNR_RF_PATH_DEEP | LNR_RF_OVERFLOW))) {
		bpf_map_delete_elem(&lnr_fdnames, &key);
		LNR_GATE_MEMO_SET(0, 0, 0);
		return;
	}
	/* slots A and A_BASE are the record's first bytes: compared in place */
	__u64 dentry = (__u64)LNR_RD(lnr_file_btf(f), f_path.dentry);
	struct lnr_fdname *old = bpf_map_lookup_elem(&lnr_fdnames, &key);
	if (old && lnr_fdname_same(old, dentry, rl, bl,
				   (const char *)&e->sc->ev[sizeof(struct lnr_sys)])) {
		LNR_GATE_MEMO_SET(key, dentry, old->gate_pass);
		return;
	}
	/* built in the scratch's path buffer (the walks are done): the stack is too small */
	struct lnr_fdname *v = (struct lnr_fdname *)e->sc->path;
	v->dentry = dentry;
	v->rel_len = rl;
	v->base_len = bl;
	/* the masks change nothing (rl + bl <= LNR_FDNAME_MAX); the verifier needs them */
	asm volatile("" : "+r"(rl), "+r"(bl));
	rl &= 2 * LNR_FDNAME_MAX - 1;
	bl &= 2 * LNR_FDNAME_MAX - 1;
	bpf_probe_read_kernel(v->b, rl, &e->sc->ev[sizeof(struct lnr_sys)]);
	if (bl)
		bpf_probe_read_kernel(&v->b[rl], bl, &e->sc->ev[sizeof(struct lnr_sys) + rl]);
	__u32 pass = 1;
#ifdef LNR_CLOSE_GATE
	pass = lnr_fdname_gate(v, LNR_RD(lnr_file_btf(f), f_path.dentry));
#endif
	v->gate_pass = lnr_fdname_gate_word(pass);
	if (bpf_map_update_elem(&lnr_fdnames, &key, v, BPF_ANY)) {
		LNR_COUNT(map_full);
		LNR_GATE_MEMO_SET(0, 0, 0);
		return;
	}
	LNR_GATE_MEMO_SET(key, dentry, v->gate_pass);
}

/* Open family: fd_* of the new fd, aux[3] = the new file's f_mode (FMODE_CREATED tells userspace
 * the open created the file: Falco's O_F_CREATED), and the opened name remembered. One fd-table
 * lookup for all. */
static __always_inline void lnr_open_fd_info(struct lnr_ev *e, long fd)
{
	struct file *f = lnr_fd_info(e, fd);
	if (!f)
		return;
	e->rec->aux[3] = LNR_RD(lnr_file_btf(f), f_mode);
	if (lnr_kind_opened_name(e->rec->fd_kind))
		lnr_fdname_remember(e, f);
}

/* Appends the opened name v as slots A and A_BASE. */
static __always_inline void lnr_slots_fdname(struct lnr_ev *e, struct lnr_fdname *v)
{
	__u32 rl = v->rel_len, bl = v->base_len;
	if (rl == 0 || rl > LNR_FDNAME_MAX || bl > LNR_FDNAME_MAX)
		return;
	asm volatile("" : "+r"(rl), "+r"(bl));
	rl &= 2 * LNR_FDNAME_MAX - 1;
	bl &= 2 * LNR_FDNAME_MAX - 1;
	int off = lnr_slot_off(e);
	if (off < 0)
		return;
	bpf_probe_read_kernel(&e->sc->ev[off], rl, v->b);
	lnr_slot_done(e, LNR_SLOT_A, rl);
	if (!bl || (off = lnr_slot_off(e)) < 0)
		return;
	bpf_probe_read_kernel(&e->sc->ev[off], bl, &v->b[rl]);
	lnr_slot_done(e, LNR_SLOT_A_BASE, bl);
}

/* fd_* plus, for anything that is not a socket, the fd's name in A (+ A_BASE): the name it was
 * opened by for a file or directory the sensor saw opened, else its path now (a walk; for a
 * file or directory flagged LNR_RF_FDNAME_WALK and counted). */
static __always_inline void lnr_fd_info_path(struct lnr_ev *e, int slot, long fd)
{
	struct file *f = lnr_fd_info(e, fd);
	if (!f)
		return;
	__u32 k = e->rec->fd_kind;
	if (k == LNR_FD_IPV4 || k == LNR_FD_IPV6 || k == LNR_FD_UNIX || k == LNR_FD_NETLINK ||
	    k == LNR_FD_OTHER_SOCK)
		return;
	if (slot == LNR_SLOT_A && lnr_kind_opened_name(k)) {
		struct lnr_fdname *v = lnr_fdname_get(f);
		if (v) {
			lnr_slots_fdname(e, v);
			return;
		}
		e->rec->h.flags |= LNR_RF_FDNAME_WALK;
		LNR_COUNT(fdname_miss);
	}
	lnr_slot_path(e, slot, &f->f_path);
}

/* An AF_UNIX socket's own address (a struct sockaddr_un as bound: an accepted socket has its
 * listener's) into `slot`, read from the kernel's socket (not the caller's memory, which it may
 * change after the call); nothing when the socket has no address. Falco's fd.name of a unix
 * socket ends with this path on accept and is this path on bind. */
static __always_inline void lnr_slot_unix_addr(struct lnr_ev *e, int slot)
{
	if (e->rec->fd_kind != LNR_FD_UNIX || !e->rec->sock.l_ptr)
		return;
	struct unix_sock *us = (struct unix_sock *)e->rec->sock.l_ptr;
	struct unix_address *ua = BPF_CORE_READ(us, addr);
	if (!ua)
		return;
	__u32 len = BPF_CORE_READ(ua, len);
	if (len <= 2)
		return; /* the family alone: unnamed */
	if (len > LNR_SOCKADDR_MAX)
		len = LNR_SOCKADDR_MAX;
	int off = lnr_slot_off(e);
	if (off < 0)
		return;
	asm volatile("" : "+r"(len));
	len &= 2 * LNR_SOCKADDR_MAX - 1;
	if (bpf_probe_read_kernel(&e->sc->ev[off], len,
				  (const char *)ua +
					  bpf_core_field_offset(struct unix_address, name)))
		return;
	lnr_slot_done(e, slot, len);
}

/* close's entry: the opened name of f into the stash (data[0..len) the path, then base_len
 * bytes of its base); 0 when the sensor does not know it. */
static __always_inline int lnr_stash_fdname(struct lnr_stash *s, struct lnr_fdname *v)
{
	__u32 rl = v->rel_len, bl = v->base_len;
	__u32 n = rl + bl;
	if (rl == 0 || n > LNR_FDNAME_MAX)
		return 0;
	asm volatile("" : "+r"(n));
	n &= 2 * LNR_FDNAME_MAX - 1;
	if (bpf_probe_read_kernel(s->data, n, v->b))
		return 0;
	s->data_off = 0;
	s->len = rl;
	s->base_len = bl;
	return 1;
}

#endif
