/* meta_maps.h — the kernel maps of facts only userspace learns (container and Kubernetes
 * metadata, user and group names), shared by the generated rule filters (rules/meta.h) and the
 * loader that writes them (loader/containers/meta_push.c).
 *
 * The kernel does not hold the values (image names, user names...): for every check on such a
 * field that a loaded rule contains (a "meta leaf"), the loader evaluates the check itself with
 * Falco's semantics against the container's or the user's value, and writes the outcome as one
 * bit. The bundle lists the leaves (bundle_meta.h meta_leaves): kind, bit, canonical check text.
 * The kernel's leaf is then one map lookup and one bit test:
 *   entry absent (metadata pending, name table not read, map full)  → UNKNOWN
 *   entry present                                                  → the bit: TRUE or FALSE
 * A check is evaluated whole (operator, `!=`, missing values, lists), so the bit is exactly what
 * userspace computes for that process at the time the entry was written; entries are rewritten
 * when the value they were computed from changes, and a reload starts with empty maps (new
 * numbering), which the loader fills again.
 */
#ifndef LANNER_META_MAPS_H
#define LANNER_META_MAPS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define LNR_META_WORDS	  4 /* leaves per kind: 64 * LNR_META_WORDS */
#define LNR_META_BITS	  (64 * LNR_META_WORDS)
#define LNR_META_CT_KEY	  16 /* container id ("host" or 12 hex), NUL padded */
#define LNR_META_CT_MAX	  4096
#define LNR_META_USER_MAX 16384

/* Kinds of meta leaves (one bit numbering each). */
enum lnr_meta_kind {
	LNR_MK_CONTAINER = 0, /* container.*, k8s.*: keyed by container id */
	LNR_MK_USER = 1,      /* user.name/homedir/shell: keyed by (mount ns, uid) */
	LNR_MK_GROUP = 2,     /* group.name: (mount ns, gid) */
	LNR_MK_LOGIN = 3,     /* user.loginname: (mount ns, loginuid; 4294967295 unset) */
	LNR_MK_COUNT
};

struct lnr_meta_bits {
	__u64 w[LNR_META_WORDS];
};

struct lnr_meta_ctkey {
	char id[LNR_META_CT_KEY];
};

/* The mount namespace is userspace's key of a passwd/group table (loader/containers/userdb.h):
 * the process's own root. */
struct lnr_meta_ukey {
	__u32 mntns;
	__u32 kind; /* LNR_MK_USER / _GROUP / _LOGIN */
	__u32 id;
	__u32 pad;
};

#endif
