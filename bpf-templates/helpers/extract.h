/* extract.h — reads kernel state: task credentials, tty, namespaces, cgroup leaf, fd → file,
 * path walks, socket endpoints. Pure readers: no record writes (store.h does those). */
#ifndef LANNER_HELPERS_EXTRACT_H
#define LANNER_HELPERS_EXTRACT_H

#include "helpers/base.h"
#include "shared_definitions/container_id.h"

#define LNR_S_IFMT   0170000
#define LNR_S_IFSOCK 0140000
#define LNR_S_IFREG  0100000
#define LNR_S_IFDIR  0040000
#define LNR_S_IFIFO  0010000
#define LNR_AF_UNIX  1
#define LNR_AF_INET  2
#define LNR_AF_INET6 10
/* Steps of a path walk: a name step uses at least 2 bytes ("/" + 1) of the 4095 the buffer holds,
 * so 2048 of them fill it; the rest is room for mount crossings (steps that use no bytes). A path
 * up to PATH_MAX is therefore never cut by the bound, only by the buffer (LNR_RF_TRUNC); the
 * bound costs nothing when not reached (bpf_loop stops at the root). */
#define LNR_MAX_PATH_COMPONENTS 4096
#define LNR_MINORBITS		20

/* Kernels before 6.15 name the kernfs parent pointer `parent`. */
struct kernfs_node___old {
	struct kernfs_node *parent;
};

static __always_inline struct kernfs_node *lnr_kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

/* Controlling tty as /proc/PID/stat's tty_nr (kernel new_encode_dev), 0 when none. */
static __always_inline __u32 lnr_task_tty(struct task_struct *t)
{
	struct tty_struct *tty = LNR_RD(t, signal, tty);
	if (!tty)
		return 0;
	int index = LNR_RD(tty, index);
	struct tty_driver *drv = LNR_RD(tty, driver);
	if (!drv)
		return 0;
	__u32 major = LNR_RD(drv, major);
	__u32 minor = (__u32)LNR_RD(drv, minor_start) + (__u32)index;
	/* MKDEV with 20 minor bits, then new_encode_dev */
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline __u32 lnr_task_loginuid(struct task_struct *t)
{
	return LNR_RD(t, loginuid.val);
}

static __always_inline __u32 lnr_encode_dev(__u32 kdev)
{
	__u32 major = kdev >> LNR_MINORBITS, minor = kdev & ((1u << LNR_MINORBITS) - 1);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* pid as seen in the task's own pid namespace, and that namespace's inode. */
static __always_inline void lnr_task_pidns(struct task_struct *t, __u32 *vpid, __u32 *inum)
{
	struct pid *p = LNR_RD(t, thread_pid);
	unsigned int level = LNR_RD(p, level);
	/* numbers[level] through a view of that element: a variable index is no plain load */
	struct upid *u =
		LNR_RO(struct upid,
		       (__u64)&p->numbers[0] + (level & 31) * bpf_core_type_size(struct upid));
	*vpid = LNR_RD(u, nr);
	*inum = LNR_RD(u, ns, ns.inum);
}

static __always_inline void lnr_fill_proc(struct task_struct *t, struct lnr_proc *p)
{
	const struct cred *cr = LNR_RD(t, cred);
	p->pid = LNR_RD(t, tgid);
	p->tid = LNR_RD(t, pid);
	p->ppid = LNR_RD(t, real_parent, tgid);
	p->uid = LNR_RD(cr, euid.val);
	p->gid = LNR_RD(cr, egid.val);
	p->cap_permitted = LNR_CRED_CAP(cr, cap_permitted);
	p->cap_effective = LNR_CRED_CAP(cr, cap_effective);
	p->cap_inheritable = LNR_CRED_CAP(cr, cap_inheritable);
	p->loginuid = lnr_task_loginuid(t);
	p->tty = lnr_task_tty(t);
	lnr_task_pidns(t, &p->vpid, &p->pidns);
	p->mntns = LNR_RD(t, nsproxy, mnt_ns, ns.inum);
	p->sid = LNR_RD(t, signal, pids[PIDTYPE_SID], numbers[0].nr);
	p->pgid = LNR_RD(t, signal, pids[PIDTYPE_PGID], numbers[0].nr);
	p->start_ts = LNR_RD(t, start_boottime);
	bpf_probe_read_kernel_str(p->comm, sizeof(p->comm), &t->comm);
}

/* Container classification of a task from its cgroups: the v2 (default hierarchy) cgroup first,
 * then each v1 hierarchy's cgroup in subsystem order (the ones bound to v2 are skipped: they were
 * looked at as the v2 cgroup). Per cgroup: a loose cgroup the loader confirmed
 * (lnr_ct_confirmed), else the per-cgroup cache (lnr_cgcache), else container_id.h on the
 * cgroup's leaf and parent names (then cached). The first container found wins. Named v1
 * hierarchies without a controller (name=systemd) are not in css_set->subsys[] and are not
 * looked at; loader/cgroup.c skips them too, so both sides classify alike. */
/* container_id.h on the kernfs node at kn_addr (leaf) and its parent, into the scratch's ct. A
 * global function of its own: the string loops are verified once, not once per bpf_loop pass. It
 * looks the scratch up itself: a global function takes no pointer on every kernel (5.10). */
__noinline int lnr_ct_names_g(__u64 kn_addr)
{
	struct kernfs_node *kn = (struct kernfs_node *)kn_addr;
	struct lnr_scratch *sc = lnr_scratch();

	if (!sc)
		return 0;
	sc->ct.layout = LANNER_CT_HOST;
	const char *name = BPF_CORE_READ(kn, name);
	long n = bpf_probe_read_kernel_str(sc->cg[0], 256, name);
	if (n <= 1)
		return 0;
	struct kernfs_node *pkn = lnr_kn_parent(kn);
	long pn = 0;
	if (pkn) {
		const char *pname = BPF_CORE_READ(pkn, name);
		pn = bpf_probe_read_kernel_str(sc->cg[1], 256, pname);
	}
	sc->ct.layout =
		lanner_ct_classify(sc->cg[0], (unsigned int)(n - 1) & 255, pn > 1 ? sc->cg[1] : 0,
				   pn > 1 ? (unsigned int)(pn - 1) & 255 : 0, sc->ct.id);
	return 0;
}

/* One cgroup's class into the scratch's ct: a loose cgroup the loader confirmed, else the
 * per-cgroup cache, else its names (then cached). Returns its layout. */
static __always_inline int lnr_ct_cgroup(struct lnr_scratch *sc, struct cgroup *cg)
{
	struct kernfs_node *kn = LNR_RD(cg, kn);
	if (!kn)
		return LANNER_CT_HOST;
	__u64 id = LNR_RD(kn, id);
	struct lanner_ct_class *c = bpf_map_lookup_elem(&lnr_ct_confirmed, &id);
	if (!c)
		c = bpf_map_lookup_elem(&lnr_cgcache, &id);
	if (c) {
		if (c->layout != LANNER_CT_HOST)
			sc->ct = *c;
		return c->layout;
	}
	/* a probe-read copy: a global function takes a number, not the BTF pointer a load gives */
	lnr_ct_names_g((__u64)BPF_CORE_READ(cg, kn));
	bpf_map_update_elem(&lnr_cgcache, &id, &sc->ct, BPF_ANY);
	return sc->ct.layout;
}

/* A GLOBAL function, verified once per program (inlined into exec and fork it cost ~0.5 s of
 * load time): classifies the css_set at css_addr into the scratch's ct and returns its layout.
 * Runs at every exec: the subsystem pointers are read in one copy and the cgroups through plain
 * loads, and only a cgroup outside the default hierarchy not seen just before is looked up (a
 * helper call per field and a bpf_loop pass per subsystem cost ~2 us per exec). */
__noinline int lnr_ct_classify_g(__u64 css_addr)
{
	struct lnr_scratch *sc = lnr_scratch();
	__u64 ss[CGROUP_SUBSYS_COUNT];

	if (!sc || !css_addr)
		return LANNER_CT_HOST;
	struct css_set *cs = LNR_RO(struct css_set, css_addr);
	struct cgroup *prev = LNR_RD(cs, dfl_cgrp);
	void *dfl_root = 0;
	if (prev) {
		dfl_root = LNR_RD(prev, root);
		int l = lnr_ct_cgroup(sc, prev);
		if (l != LANNER_CT_HOST)
			return l;
	}
	if (bpf_probe_read_kernel(
		    ss, sizeof(ss),
		    (void *)(css_addr + bpf_core_field_offset(struct css_set, subsys))))
		return LANNER_CT_HOST;
	for (int i = 0; i < CGROUP_SUBSYS_COUNT; i++) {
		if (!ss[i])
			continue;
		struct cgroup_subsys_state *css = LNR_RO(struct cgroup_subsys_state, ss[i]);
		struct cgroup *cg = LNR_RD(css, cgroup);
		if (!cg || cg == prev)
			continue;
		prev = cg;
		if (LNR_RD(cg, root) == dfl_root)
			continue;
		int l = lnr_ct_cgroup(sc, cg);
		if (l != LANNER_CT_HOST)
			return l;
	}
	return LANNER_CT_HOST;
}

/* The 8 bytes at kernel address addr, as a number (0 when unreadable): read through a view of a
 * struct whose first member is a 64-bit integer (struct timespec64's tv_sec, in every kernel),
 * so LNR_RD's plain load applies. */
static __always_inline __u64 lnr_read_u64(__u64 addr)
{
	return (__u64)LNR_RD(LNR_RO(struct timespec64, addr), tv_sec);
}

/* current->files->fdt->fd[fd], bounds-checked against max_fds. NULL if none. */
static __always_inline struct file *lnr_fd_file(struct task_struct *t, long fd)
{
	if (fd < 0)
		return 0;
	/* t is the current task's BTF pointer: plain loads (a fault reads 0), not helper calls */
	struct files_struct *fs = LNR_RD(t, files);
	if (!fs)
		return 0;
	struct fdtable *fdt = LNR_RD(fs, fdt);
	if (!fdt)
		return 0;
	unsigned int max = LNR_RD(fdt, max_fds);
	if ((unsigned long)fd >= max)
		return 0;
	struct file **fds = LNR_RD(fdt, fd);
	/* a plain load where LNR_RD is one, not a probe read (this runs at every open and close);
	 * the pointer comes back as a number, as callers pass it to global functions */
	return (struct file *)lnr_read_u64((__u64)fds + (__u64)fd * sizeof(*fds));
}

/* The file pointer read out of the fd table is a plain number to the verifier; cast to the
 * kernel's struct file (read-only, untrusted: a fault reads 0 as a failed probe read would), its
 * fields and the inode's cost a load each instead of a helper call. */
static __always_inline struct file *lnr_file_btf(struct file *f)
{
	return LNR_RO(struct file, f);
}

/* Path walk state, on the caller's stack; one bpf_loop step per component so the verifier
 * checks the step once instead of once per unrolled iteration. Every pointer is a fresh LNR_RO
 * view or a field loaded through one (offset 0, one type per member), so the step's verifier
 * state is the same on each pass. */
struct lnr_walk {
	struct lnr_walkbuf *buf;
	struct dentry *d, *mnt_root, *root_d;
	struct mount *mnt, *mnt_parent;
	struct vfsmount *vm, *root_m;
	__u32 flags;
	__u32 done;
};

/* The walk's write position lives in the buffer's slack (the walk writes below LNR_PATH_MASK + 1
 * only), not in struct lnr_walk on the stack: the verifier does not track map memory, so every
 * step starts from the same verifier state whatever names came before. A bounded loop (5.10,
 * helpers/compat.h) is then verified in linear time instead of once per combination of steps. */
#define LNR_WALK_POS(buf) (*(__u32 *)&(buf)->b[LNR_WALK_BUF - 8])

static long lnr_walk_step(__u32 i, void *ctx)
{
	struct lnr_walk *w = ctx;
	struct lnr_walkbuf *buf = w->buf;
	struct dentry *d = w->d;

	if (!buf)
		return 1;
	if (d == w->root_d && w->vm == w->root_m) {
		w->done = 1;
		return 1;
	}
	struct dentry *dp = LNR_RD(d, d_parent);
	if (d == w->mnt_root || d == dp) {
		if (w->mnt != w->mnt_parent) {
			struct mount *m = w->mnt_parent, *cur = w->mnt;
			w->d = LNR_RD(cur, mnt_mountpoint);
			w->mnt = m;
			w->mnt_parent = LNR_RD(m, mnt_parent);
			w->vm = LNR_RO(struct vfsmount, &m->mnt);
			w->mnt_root = LNR_RD(m, mnt.mnt_root);
			return 0;
		}
		w->done = 1;
		return 1;
	}
	__u32 len = LNR_RD(d, d_name.len);
	const unsigned char *name = LNR_RD(d, d_name.name);
	__u32 pos = LNR_WALK_POS(buf);
	len &= 0xff;
	if (len + 1 > pos || pos > LNR_PATH_MASK) {
		w->flags |= LNR_RF_TRUNC;
		w->done = 1;
		return 1;
	}
	pos -= len;
	bpf_probe_read_kernel(&buf->b[pos & LNR_PATH_MASK], len, name);
	pos -= 1;
	buf->b[pos & LNR_PATH_MASK] = '/';
	LNR_WALK_POS(buf) = pos;
	w->d = dp;
	return 0;
}

/* Walks path upwards like the kernel's prepend_path (mount crossings, stop at the task's root)
 * into buf (the scratch's path buffer, or a stash's data), filling backwards so the result ends
 * at buf->b[LNR_PATH_MASK] (the NUL).
 * Symlinks are not followed: dentries are what they are.
 *
 * A GLOBAL function (not inlined, not static): the verifier checks it once per program, on its
 * own, instead of once per call site and per path through the caller — inlined, the walk made
 * the two-path programs (linkat, rename*) cost ~250k verifier instructions each. Its arguments
 * are therefore what a global function may take: the buffer (map value memory of at least
 * sizeof(struct lnr_walkbuf), checked for NULL here) and plain kernel addresses as scalars
 * (fs_struct of the task, struct path), read through LNR_RO views (one load per field: close's
 * entry walk runs on every close). Returns the start offset (the path is
 * buf->b[start..LNR_PATH_MASK]) in the low 16 bits and the LNR_RF_* flags it raised (truncated, too
 * deep) above them. */
LNR_GLOBAL __u64 lnr_path_walk_g(struct lnr_walkbuf *buf, __u64 fs_addr, __u64 path_addr)
{
	struct lnr_walk w;
	struct path *path = LNR_RO(struct path, path_addr);
	struct fs_struct *fs = LNR_RO(struct fs_struct, fs_addr);

	if (!buf)
		return LNR_PATH_MASK - 1;
	struct vfsmount *vm = LNR_RD(path, mnt);
	w.buf = buf;
	w.d = LNR_RD(path, dentry);
	w.vm = vm;
	w.mnt = LNR_RO(struct mount, container_of(vm, struct mount, mnt));
	w.mnt_parent = LNR_RD(w.mnt, mnt_parent);
	w.mnt_root = LNR_RD(vm, mnt_root);
	w.root_d = LNR_RD(fs, root.dentry);
	w.root_m = LNR_RD(fs, root.mnt);
	LNR_WALK_POS(buf) = LNR_PATH_MASK;
	w.flags = 0;
	w.done = 0;
	buf->b[LNR_PATH_MASK] = 0;
	LNR_BPF_LOOP(LNR_MAX_PATH_COMPONENTS, lnr_walk_step, &w, LNR_OLD_PATH_COMPONENTS);
	if (!w.done) {
		w.flags |= LNR_RF_PATH_DEEP;
		LNR_COUNT(path_deep);
	}
	if (w.flags & LNR_RF_TRUNC)
		LNR_COUNT(trunc_str);
	__u32 pos = LNR_WALK_POS(buf) & LNR_PATH_MASK;
	if (pos == LNR_PATH_MASK) {
		pos -= 1;
		buf->b[pos] = '/';
	}
	return (__u64)pos | ((__u64)w.flags << 16);
}

#ifdef LNR_NO_GLOBAL_PTR
/* Where global functions take no pointer (5.10, lnr_path_walk_g is static there): a global
 * function finding the buffer itself (in_stash: this CPU's stash, else the per-CPU scratch's
 * path buffer), so the walk is still verified once per program, not once per call. */
__noinline __u64 lnr_path_walk_at_g(__u32 in_stash, __u64 fs_addr, __u64 path_addr)
{
	if (in_stash) {
		__u32 z = 0;
		struct lnr_stash *s = bpf_map_lookup_elem(&lnr_stash_map, &z);
		if (!s)
			return LNR_PATH_MASK - 1;
		return lnr_path_walk_g((struct lnr_walkbuf *)s->data, fs_addr, path_addr);
	}
	struct lnr_scratch *sc = lnr_scratch();
	if (!sc)
		return LNR_PATH_MASK - 1;
	return lnr_path_walk_g((struct lnr_walkbuf *)sc->path, fs_addr, path_addr);
}
#define LNR_PATH_WALK_G(buf, in_stash, fs, path) lnr_path_walk_at_g((in_stash), (fs), (path))
#else
#define LNR_PATH_WALK_G(buf, in_stash, fs, path) lnr_path_walk_g((buf), (fs), (path))
#endif

/* The walk for task t (its root bounds the path) into buf (in_stash: buf is this CPU's stash's
 * data, else the scratch's path buffer); ORs the walk's flags into *rflags. fs is
 * probe-read: a global function takes plain numbers, not the BTF pointer a load would give. */
static __always_inline __u32 lnr_path_walk_into(struct lnr_walkbuf *buf, int in_stash,
						struct task_struct *t, const struct path *path,
						__u32 *rflags)
{
	/* a plain load where LNR_RD is one (the walk, a global function, takes a number) */
	__u64 fs = lnr_read_u64((__u64)t + bpf_core_field_offset(struct task_struct, fs));
	__u64 r = LNR_PATH_WALK_G(buf, in_stash, fs, (__u64)path);

	*rflags |= (__u32)(r >> 16);
	return (__u32)r & LNR_PATH_MASK;
}

/* The walk into the scratch's path buffer. */
static __always_inline __u32 lnr_path_walk(struct lnr_scratch *sc, struct task_struct *t,
					   const struct path *path, __u32 *rflags)
{
	return lnr_path_walk_into((struct lnr_walkbuf *)sc->path, 0, t, path, rflags);
}

/* The socket of socket file fc (lnr_file_btf's view): a view of its private_data. */
static __always_inline struct socket *lnr_file_socket(struct file *fc)
{
	return LNR_RO(struct socket, LNR_RD(fc, private_data));
}

/* Is socket file fc an IPv4 or IPv6 socket (its fd.name addresses and ports)? */
static __always_inline int lnr_file_inet(struct file *fc)
{
	struct sock *sk = LNR_RD(lnr_file_socket(fc), sk);
	if (!sk)
		return 0;
	__u16 fam = LNR_RD(sk, __sk_common.skc_family);
	return fam == LNR_AF_INET || fam == LNR_AF_INET6;
}

/* Classifies a file from its inode mode (sockets by family); anon inodes stay UNKNOWN and
 * userspace refines them from the name. A socket's fields are plain loads where LNR_RD is one
 * (the socket through a view of private_data, the sock as its member): the probe read each
 * (nine for an IPv4 socket) was the largest part of connect's, accept's and socket's exit. */
static __always_inline __u32 lnr_file_kind(struct file *f, struct lnr_sock *so)
{
	struct file *fc = lnr_file_btf(f);
	__u32 mode = LNR_RD(fc, f_inode, i_mode);
	switch (mode & LNR_S_IFMT) {
	case LNR_S_IFREG:
		return LNR_FD_FILE;
	case LNR_S_IFDIR:
		return LNR_FD_DIR;
	case LNR_S_IFIFO:
		return LNR_FD_PIPE;
	case LNR_S_IFSOCK: {
		struct socket *sock = lnr_file_socket(fc);
		struct sock *sk = LNR_RD(sock, sk);
		if (!sk)
			return LNR_FD_OTHER_SOCK;
		__u16 fam = LNR_RD(sk, __sk_common.skc_family);
		so->family = fam;
		so->type = LNR_RD(sock, type);
		so->l4proto = LNR_RD(sk, sk_protocol);
		if (fam == LNR_AF_INET || fam == LNR_AF_INET6) {
			so->lport = LNR_RD(sk, __sk_common.skc_num);
			so->rport = bpf_ntohs(LNR_RD(sk, __sk_common.skc_dport));
			if (fam == LNR_AF_INET) {
				__u32 l = LNR_RD(sk, __sk_common.skc_rcv_saddr);
				__u32 r = LNR_RD(sk, __sk_common.skc_daddr);
				__builtin_memcpy(so->laddr, &l, 4);
				__builtin_memcpy(so->raddr, &r, 4);
				return LNR_FD_IPV4;
			}
			BPF_CORE_READ_INTO(&so->laddr, sk, __sk_common.skc_v6_rcv_saddr);
			BPF_CORE_READ_INTO(&so->raddr, sk, __sk_common.skc_v6_daddr);
			return LNR_FD_IPV6;
		}
		if (fam == LNR_AF_UNIX) {
			struct unix_sock *us = container_of(sk, struct unix_sock, sk);
			so->l_ptr = (__u64)sk;
			so->r_ptr = (__u64)BPF_CORE_READ(us, peer);
			return LNR_FD_UNIX;
		}
		if (fam == 16 /* AF_NETLINK */)
			return LNR_FD_NETLINK;
		return LNR_FD_OTHER_SOCK;
	}
	default:
		return LNR_FD_UNKNOWN;
	}
}

#endif
