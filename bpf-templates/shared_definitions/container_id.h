/* container_id.h: decides from a cgroup's name whether a task runs in a container, and which.
 *
 * Header-only, built twice: by clang -target bpf for the kernel programs and by the host compiler
 * for the loader (loader/cgroup.c) and the unit tests, so both sides classify with the same code.
 * It therefore uses no libc, no kernel headers, only plain C types, loops with constant bounds and
 * byte reads through a 256-byte mask (see "Buffers" below) so the verifier can prove every access.
 *
 * Input: the LEAF component of a cgroup path (the kernfs node name, e.g. `docker-<64hex>.scope`)
 * and optionally its PARENT component. Every runtime layout we accept ends in a 64-hex id:
 *
 *   leaf                                    layout                 seen as (cgroup path)
 *   <64hex>                                 LANNER_CT_BARE         /docker/<id> (cgroupfs driver),
 *                                                                  /kubepods/.../pod<uid>/<id>,
 *                                                                  ctr --cgroup .../<id>
 *   docker-<64hex>[.scope]                  LANNER_CT_DOCKER       /system.slice/docker-<id>.scope
 *   cri-containerd-<64hex>[.scope]          LANNER_CT_CRI_CONTAINERD
 *   crio-<64hex>[.scope]                    LANNER_CT_CRIO
 *   libpod-<64hex>[.scope]                  LANNER_CT_LIBPOD       /libpod_parent/libpod-<id>
 *   libpod-payload-<64hex>[.scope]          LANNER_CT_LIBPOD       podman --cgroups=split
 *   nerdctl-<64hex>[.scope]                 LANNER_CT_NERDCTL
 *   <anything>:cri-containerd:<64hex>       LANNER_CT_CRI_CONTAINERD  kubelet's systemd driver on
 * v1 `container` under libpod-<64hex>.scope  LANNER_CT_LIBPOD       podman with systemd + cgroupns
 *
 * The id must be exactly 64 LOWERCASE hex digits: runtimes generate lowercase ids, and accepting
 * 63/65 digits or uppercase would admit names no runtime makes. A bare id takes no `.scope`.
 * Everything else is the host (LANNER_CT_HOST) — in particular `.slice`/`.service` units, and the
 * sandbox cgroup `/process_api/<32hex>` that every process of our build machines lives in (Falco's
 * container plugin wrongly calls that a containerd container: ../shared/falco/OBSERVED.md).
 *
 * NOT decided here, on purpose: "loose" layouts whose leaf is an arbitrary name, above all ctr's
 * default `/<namespace>/<container name>`. A name alone cannot tell a container from any other
 * cgroup, so the kernel says host for them. Hook: userspace confirms such a path
 * against the runtime's own state (containerd's task dir, podman's containers.json) — see
 * `struct cgroup_loose_resolver` in loader/cgroup.h — and, for the in-kernel decision, publishes
 * the confirmed cgroup id in a map that the kernel consults BEFORE calling this classifier.
 *
 * Buffers: `name` must point to at least LANNER_CG_NAME_BUF (256) readable bytes (a map value or
 * per-CPU scratch in BPF; a zero-padded array in userspace); only the first `len` (<= 255) are the
 * name. Reads are masked with LANNER_CG_NAME_MASK, so a bad `len` cannot read outside the buffer.
 */
#ifndef LANNER_CONTAINER_ID_H
#define LANNER_CONTAINER_ID_H

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

#define LANNER_CG_NAME_BUF  256 /* bytes a name buffer must provide (kernfs names are <= 255) */
#define LANNER_CG_NAME_MASK 255
#define LANNER_CT_FULL_LEN  64 /* hex digits of a runtime's container id */
#define LANNER_CT_ID_LEN    12 /* hex digits Falco reports as container.id */

/* Which layout matched; LANNER_CT_HOST (0) means "not a container". */
enum lanner_ct_layout {
	LANNER_CT_HOST = 0,
	LANNER_CT_BARE = 1,
	LANNER_CT_DOCKER = 2,
	LANNER_CT_CRI_CONTAINERD = 3,
	LANNER_CT_CRIO = 4,
	LANNER_CT_LIBPOD = 5,
	LANNER_CT_NERDCTL = 6,
	LANNER_CT_LOOSE = 7, /* a loose layout (ctr's /<ns>/<name>) the runtime's state confirmed */
};

/* One cgroup's classification, as the kernel caches it per cgroup (lnr_cgcache) and as the
 * loader publishes runtime-confirmed loose cgroups to it (lnr_ct_confirmed). Key of both maps:
 * the cgroup's kernfs id (a u64), which is the inode number of its directory in cgroupfs and
 * never reused while the system runs. */
struct lanner_ct_class {
	unsigned int layout;	   /* enum lanner_ct_layout; LANNER_CT_HOST = not a container */
	char id[LANNER_CT_ID_LEN]; /* container.id (no NUL) when layout != LANNER_CT_HOST */
};

/* The key under which the loader publishes its count of confirmations (in `layout`), not a
 * cgroup: no cgroup has kernfs id 0. The count goes to the sensor's lnr_ct_gen, not to
 * lnr_ct_confirmed (loader/containers/ct_confirm.c). */
#define LANNER_CT_GEN_KEY 0

static __always_inline int lanner_ct_byte(const char *name, unsigned int i)
{
	return (unsigned char)name[i & LANNER_CG_NAME_MASK];
}

/* 1 when name[off .. off+64) are lowercase hex digits. */
static __always_inline int lanner_ct_is_hex64(const char *name, unsigned int off)
{
	unsigned int i;

	for (i = 0; i < LANNER_CT_FULL_LEN; i++) {
		int c = lanner_ct_byte(name, off + i);

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return 1;
}

/* 1 when name[off .. off+plen) equals the plen bytes of lit (a string literal, so plen is a
 * compile-time constant after inlining and the loop unrolls). */
static __always_inline int lanner_ct_has(const char *name, unsigned int off, const char *lit,
					 unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < 16 && i < plen; i++)
		if (lanner_ct_byte(name, off + i) != (unsigned char)lit[i])
			return 0;
	return 1;
}

#define LANNER_CT_LIT(s) (s), (sizeof(s) - 1)

/* The runtimes whose leaf is <prefix><64hex>[.scope] (the layouts above): X(prefix, layout). */
#define LANNER_CT_PREFIXES(X)                                                                      \
	X("crio-", LANNER_CT_CRIO)                                                                 \
	X("docker-", LANNER_CT_DOCKER)                                                             \
	X("libpod-", LANNER_CT_LIBPOD)                                                             \
	X("nerdctl-", LANNER_CT_NERDCTL)                                                           \
	X("cri-containerd-", LANNER_CT_CRI_CONTAINERD)                                             \
	X("libpod-payload-", LANNER_CT_LIBPOD)

/* Classifies one component. On a match returns the layout and sets *id_off to the offset of the
 * 64-hex id inside name; otherwise returns LANNER_CT_HOST and leaves *id_off alone. */
static __always_inline int lanner_ct_classify_component(const char *name, unsigned int len,
							unsigned int *id_off)
{
	unsigned int end = len, start;
	int scoped = 0;

	if (len >= LANNER_CG_NAME_BUF)
		return LANNER_CT_HOST;
	if (end >= 6 && lanner_ct_has(name, end - 6, LANNER_CT_LIT(".scope"))) {
		end -= 6;
		scoped = 1;
	}
	if (end < LANNER_CT_FULL_LEN)
		return LANNER_CT_HOST;
	start = end - LANNER_CT_FULL_LEN;
	if (!lanner_ct_is_hex64(name, start))
		return LANNER_CT_HOST;

	*id_off = start;
	if (start == 0)
		return scoped ? LANNER_CT_HOST : LANNER_CT_BARE;
#define LANNER_CT_PREFIX(lit, layout)                                                              \
	if (start == sizeof(lit) - 1 && lanner_ct_has(name, 0, LANNER_CT_LIT(lit)))                \
		return layout;
	LANNER_CT_PREFIXES(LANNER_CT_PREFIX)
#undef LANNER_CT_PREFIX
	/* kubelet + containerd with the systemd driver on cgroup v1: `<pod
	 * slice>:cri-containerd:<id>` */
	if (!scoped && start >= 16 &&
	    lanner_ct_has(name, start - 16, LANNER_CT_LIT(":cri-containerd:")))
		return LANNER_CT_CRI_CONTAINERD;
	return LANNER_CT_HOST;
}

/* Classifies a cgroup from its leaf (and, when known, its parent: parent may be 0 / parent_len 0).
 * On a container, writes the first LANNER_CT_ID_LEN hex digits to id (no NUL is written) and
 * returns its layout; on the host returns LANNER_CT_HOST and leaves id alone. */
static __always_inline int lanner_ct_classify(const char *leaf, unsigned int leaf_len,
					      const char *parent, unsigned int parent_len,
					      char id[LANNER_CT_ID_LEN])
{
	const char *src = leaf;
	unsigned int off = 0, i;
	int layout = lanner_ct_classify_component(leaf, leaf_len, &off);

	/* podman under systemd with a cgroup namespace moves the payload one level down into
	 * `libpod-<id>.scope/container`; the id lives in the parent. */
	if (layout == LANNER_CT_HOST && parent && leaf_len == 9 &&
	    lanner_ct_has(leaf, 0, LANNER_CT_LIT("container"))) {
		layout = lanner_ct_classify_component(parent, parent_len, &off);
		if (layout != LANNER_CT_LIBPOD)
			return LANNER_CT_HOST;
		src = parent;
	}
	if (layout == LANNER_CT_HOST)
		return LANNER_CT_HOST;
	for (i = 0; i < LANNER_CT_ID_LEN; i++)
		id[i] = (char)lanner_ct_byte(src, off + i);
	return layout;
}

#endif /* LANNER_CONTAINER_ID_H */
