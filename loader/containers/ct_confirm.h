/* ct_confirm.h: publishes runtime-confirmed loose cgroups to the kernel.
 *
 * Strict container layouts are decided by the same code on both sides (container_id.h). Loose
 * ones (ctr's default `/<namespace>/<name>`) are containers only when the runtime's state says so
 * (cgroup.h struct cgroup_loose_resolver, e.g. container_meta_loose_resolver()). To make the
 * kernel's container.id the same as userspace's, every path the resolver confirms is published to
 * the sensor's lnr_ct_confirmed map (bpf-templates/maps/maps.h): key = the cgroup's kernfs id,
 * i.e. the inode number of its directory in every mounted cgroup hierarchy where it exists;
 * value = {LANNER_CT_LOOSE, the 12-char id}. The kernel looks there before anything else. After
 * each confirmation, key LANNER_CT_GEN_KEY gets {layout = the count of confirmations}, written to
 * the sensor's lnr_ct_gen array: the kernel classifies again what it cached per css_set before
 * (bpf-templates/helpers/ct_cache.h).
 *
 * Use: ct_confirm_init() with the inner resolver, give ct_confirm_resolver() to the proctable
 * (proctable_set_loose_resolver) BEFORE the /proc scan, and ct_confirm_bind() the map fds once the
 * sensor is loaded (sensor_map(s, "lnr_ct_confirmed"/"lnr_ct_gen", ...)): paths confirmed before
 * the bind are kept and published then. Confirmations are only asked for paths no strict layout
 * matched (cgroup.c), so a published cgroup is one the strict classifier calls host: the kernel's
 * "confirmed first" and userspace's "strict first" agree.
 * Limits: a loose container that starts while Lanner runs is known to the kernel only once
 * userspace confirmed it (a /proc scan or a lookup through this resolver); execs before that are
 * "host" on both sides only if userspace asked nothing either. Not thread-safe.
 */
#ifndef LANNER_CT_CONFIRM_H
#define LANNER_CT_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers/cgroup.h"
#include "shared_definitions/container_id.h"

struct ct_confirm_pending {
	char *path;
	char id[CGROUP_ID_BUF];
};

struct ct_confirm {
	struct cgroup_loose_resolver inner;
	/* where values go; NULL = bpf_map_update_elem(map_fd) (tests pass their own) */
	int (*put)(void *arg, uint64_t cgid, const struct lanner_ct_class *v);
	void *put_arg;
	int map_fd;    /* lnr_ct_confirmed; -1 until ct_confirm_bind() */
	int gen_fd;    /* lnr_ct_gen (the count of confirmations); -1 until ct_confirm_bind() */
	bool bound;    /* ct_confirm_bind() was called: publish at once */
	char **mounts; /* cgroup / cgroup2 mount points */
	size_t nmounts;
	struct ct_confirm_pending *pend; /* confirmed before the bind */
	size_t npend;
	unsigned int gen;   /* confirmations published (LANNER_CT_GEN_KEY's value) */
	uint64_t published; /* map entries written */
	uint64_t failed;    /* writes refused (map full...) */
};

/* mountinfo NULL = /proc/self/mountinfo. Returns 0 or -errno (mountinfo unreadable: no mounts,
 * nothing will be published, the resolver still answers). */
int ct_confirm_init(struct ct_confirm *c, const struct cgroup_loose_resolver *inner,
		    const char *mountinfo);
/* The wrapping resolver (valid while c lives). */
struct cgroup_loose_resolver ct_confirm_resolver(struct ct_confirm *c);
/* Publishes every pending confirmation, then each new one at once. Returns entries written. */
int ct_confirm_bind(struct ct_confirm *c, int map_fd, int gen_fd);
void ct_confirm_free(struct ct_confirm *c);

/* Mount points of the cgroup and cgroup2 file systems listed in a mountinfo file (octal escapes
 * such as \040 decoded). Returns how many (0..), -errno; *out is malloc'd (free each and it). */
int ct_cgroup_mounts(const char *mountinfo, char ***out, size_t *n);

#endif
