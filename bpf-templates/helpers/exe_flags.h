/* exe_flags.h — Falco's execve `flags` (EXE_WRITABLE, EXE_UPPER_LAYER, EXE_LOWER_LAYER,
 * EXE_FROM_MEMFD) of a task's executable, as LNR_PF_EXE_* bits (records.h).
 *
 * The rules are Falco's driver's, so rules reading proc.is_exe_* see the values Falco sees:
 *  - writable: not on a read-only superblock (for regular files, directories, symlinks), not
 *    immutable, neither owner nor group unmapped; then writable when the task's fsuid owns the
 *    inode, or the mode's write bit for the task (group bits when fsgid or a supplementary group
 *    is the inode's group, else the other bits), or CAP_DAC_OVERRIDE with owner and group mapped
 *    in the task's user namespace, or CAP_FOWNER with the owner mapped. POSIX ACLs are not
 *    looked at (Falco does not either).
 *  - overlay layer: the file's superblock is overlayfs; upper when the overlay inode's upper
 *    dentry (the pointer stored right after the embedded struct inode, in struct ovl_inode) has an
 *    inode, lower otherwise.
 *  - memfd: the file's dentry is its own parent (a pseudo file) named "memfd:...".
 * Used at exec (helpers/process.h) and for failed execs (the task's current executable). The
 * task and file are BTF pointers: the fields are plain loads (LNR_RD), not a helper call each.
 */
#ifndef LANNER_HELPERS_EXE_FLAGS_H
#define LANNER_HELPERS_EXE_FLAGS_H

#include "helpers/base.h"

#define LNR_SB_RDONLY	       1u
#define LNR_S_IMMUTABLE	       8u
#define LNR_OVERLAYFS_MAGIC    0x794c7630ul
#define LNR_CAP_DAC_OVERRIDE   1
#define LNR_CAP_FOWNER	       3
#define LNR_UID_MAP_EXTENTS    5  /* UID_GID_MAP_MAX_BASE_EXTENTS */
#define LNR_GROUP_SEARCH_STEPS 17 /* log2(NGROUPS_MAX = 65536) + 1 */

/* Is kernel id `id` mapped in `map` (a user namespace's uid_map or gid_map)? */
static __always_inline int lnr_id_mapped(struct uid_gid_map *map, __u32 id)
{
	__u32 n = LNR_RD(map, nr_extents);
	int hit = 0;
	/* unrolled (no exit from the loop): each extent's fields at a constant offset, a plain load
	 * where LNR_RD is one */
#pragma unroll
	for (int j = 0; j < LNR_UID_MAP_EXTENTS; j++) {
		if ((__u32)j < n) {
			__u32 first = LNR_RD(map, extent[j].lower_first);
			__u32 count = LNR_RD(map, extent[j].count);
			hit |= id >= first && id - first < count;
		}
	}
	return hit;
}

/* Is gid among the supplementary groups of cred (group_info->gid is sorted)? */
static __always_inline int lnr_in_groups(const struct cred *cr, __u32 gid)
{
	struct group_info *gi = LNR_RD(cr, group_info);
	if (!gi)
		return 0;
	__u32 lo = 0, hi = LNR_RD(gi, ngroups);
	for (int j = 0; j < LNR_GROUP_SEARCH_STEPS; j++) {
		if (lo >= hi)
			break;
		__u32 mid = (lo + hi) / 2;
		/* gid[mid] as gid[0] of a view that starts mid entries further: a variable index is
		 * no plain load */
		struct group_info *v =
			LNR_RO(struct group_info, (__u64)gi + (mid & 0xffff) * sizeof(kgid_t));
		__u32 g = LNR_RD(v, gid[0].val);
		if (gid > g)
			lo = mid + 1;
		else if (gid < g)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static __always_inline int lnr_exe_writable(struct task_struct *t, struct inode *ino)
{
	__u32 mode = LNR_RD(ino, i_mode);
	__u32 iflags = LNR_RD(ino, i_flags);
	__u64 sflags = LNR_RD(ino, i_sb, s_flags);
	__u32 fmt = mode & 0170000;
	if ((sflags & LNR_SB_RDONLY) && (fmt == 0100000 || fmt == 0040000 || fmt == 0120000))
		return 0;
	if (iflags & LNR_S_IMMUTABLE)
		return 0;
	__u32 iuid = LNR_RD(ino, i_uid.val), igid = LNR_RD(ino, i_gid.val);
	if (iuid == (__u32)-1 || igid == (__u32)-1)
		return 0;
	const struct cred *cr = LNR_RD(t, cred);
	__u32 fsuid = LNR_RD(cr, fsuid.val), fsgid = LNR_RD(cr, fsgid.val);
	if (fsuid == iuid)
		return 1;
	__u32 m = mode;
	if (fsgid == igid || lnr_in_groups(cr, igid))
		m >>= 3;
	if (m & 2) /* MAY_WRITE */
		return 1;
	/* the capabilities first: most tasks that reach here (an unprivileged user running a
	 * root-owned binary) have neither, and the id maps then need not be searched */
	__u64 caps = LNR_CRED_CAP(cr, cap_effective);
	int dac = !!(caps & (1ull << LNR_CAP_DAC_OVERRIDE));
	int fowner = !!(caps & (1ull << LNR_CAP_FOWNER));
	if (!dac && !fowner)
		return 0;
	struct user_namespace *ns = LNR_RD(cr, user_ns);
	if (!ns)
		return 0;
	/* CAP_FOWNER needs the owner mapped, CAP_DAC_OVERRIDE the owner and the group */
	if (!lnr_id_mapped(&ns->uid_map, iuid))
		return 0;
	if (fowner)
		return 1;
	return lnr_id_mapped(&ns->gid_map, igid);
}

/* LNR_PF_EXE_* bits (LNR_PF_EXE_KNOWN included) of executable file f run by task t. */
static __always_inline __u32 lnr_exe_flags(struct task_struct *t, struct file *f)
{
	__u32 fl = LNR_PF_EXE_KNOWN;
	if (!f)
		return 0;
	struct inode *ino = LNR_RD(f, f_inode);
	if (ino && lnr_exe_writable(t, ino))
		fl |= LNR_PF_EXE_WRITABLE;
	struct dentry *d = LNR_RD(f, f_path.dentry);
	if (!d)
		return fl;
	if (LNR_RD(d, d_sb, s_magic) == LNR_OVERLAYFS_MAGIC) {
		char *vi = (char *)LNR_RD(d, d_inode);
		__u64 isz = bpf_core_type_size(struct inode);
		struct dentry *upper = 0;
		if (vi && isz)
			bpf_probe_read_kernel(&upper, sizeof(upper), vi + isz);
		if (upper && LNR_RD(LNR_RO(struct dentry, upper), d_inode, i_ino) != 0)
			fl |= LNR_PF_EXE_UPPER_LAYER;
		else
			fl |= LNR_PF_EXE_LOWER_LAYER;
	}
	if (LNR_RD(d, d_parent) == d) {
		char nm[8] = {0};
		const unsigned char *np = LNR_RD(d, d_name.name);
		if (np && bpf_probe_read_kernel_str(nm, sizeof(nm), np) > 6 && nm[0] == 'm' &&
		    nm[1] == 'e' && nm[2] == 'm' && nm[3] == 'f' && nm[4] == 'd' && nm[5] == ':')
			fl |= LNR_PF_EXE_FROM_MEMFD;
	}
	return fl;
}

/* The same for the executable the task runs now (mm->exe_file): a failed exec's flags. */
static __always_inline __u32 lnr_task_exe_flags(struct task_struct *t)
{
	return lnr_exe_flags(t, LNR_RD(t, mm, exe_file));
}

#endif
