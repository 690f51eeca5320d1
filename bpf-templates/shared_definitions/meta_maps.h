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

/* The user leaves' memo (rules/meta.h lnr_meta_u_g): per CPU, slots per kind indexed by the id's
 * low bits, each a copy of what lnr_meta_users held for one (mount ns, kind, id), or that it held
 * nothing, when lnr_meta_ugen had the value in gen. The loader sets lnr_meta_ugen to 1 when it
 * binds the maps and adds one after every write or delete of lnr_meta_users, so a slot filled
 * before a change no longer matches; 0 (a loader that never writes it) turns the memo off. */
#define LNR_META_UMEMO_SLOTS 64 /* per kind: 4 kinds x 64 x 48 bytes = 12 KiB per CPU */
struct lnr_meta_umemo {
	__u32 gen; /* lnr_meta_ugen's value when filled (never 0: 0 is empty) */
	__u32 mntns;
	__u32 id;
	__u8 kind;
	__u8 present; /* lnr_meta_users had an entry: bits */
	__u16 pad;
	struct lnr_meta_bits bits;
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
