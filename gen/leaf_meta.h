/* leaf_meta.h — kernel leaves on the facts only userspace learns: container.* and k8s.* (from
 * the runtime), user.name, group.name and user.loginname (from the process's own passwd/group
 * files). The kernel holds one bit per (leaf, container) or (leaf, user): the loader evaluates
 * the check itself and writes the outcome into a map (shared_definitions/meta_maps.h, whose
 * header says why that is exact); the leaf is a lookup and a bit test, UNKNOWN while the entry
 * is absent.
 *
 * The generator side:
 *   - classification (hooked into kc_classify): a check whose left-hand side is such a field and
 *     whose right-hand side is literal is KC_NARROW with a KS_META capability;
 *   - members: a container leaf reads container_id (the process map's); a user leaf reads the
 *     process's mount namespace (member meta_mntns, lazily from the process map) and the id
 *     the name is of (user_uid, group_gid, user_loginuid from the event);
 *   - the numbering: every distinct (kind, canonical check text) gets a bit, kept for the
 *     bundle's metadata (leaf_meta_table), so the loader knows which check each bit holds.
 */
#ifndef LANNER_GEN_LEAF_META_H
#define LANNER_GEN_LEAF_META_H

#include <stdbool.h>
#include <stddef.h>

#include "bundle_meta.h"
#include "common/strbuf.h"
#include "kernel_caps.h"
#include "values.h"

struct plan;

/* The level that marks the mount-namespace member (no ancestor level is this deep). */
#define LEAF_META_NS_LEVEL 100

/* The kind (enum lnr_meta_kind) of a field's leaves; -1 when the field is not one of these. */
int leaf_meta_kind(enum field_id id);
/* kc_classify's hook: true when check c is on such a field (l is then filled). */
bool leaf_meta_classify(const struct ast *c, struct kc_leaf *l);
/* leaf_member's hook for KS_META leaves: the member the leaf is keyed by. */
bool leaf_meta_member(const struct kpred *p, struct member *out);
/* collect_members' hook for KS_META leaves: every member the leaf reads. 0. */
int leaf_meta_collect(const struct kpred *p, struct evmembers *em);
/* The mount-namespace member (fetched from the process map)? */
bool leaf_meta_is_ns_member(const struct member *m);
/* put_fetch_member's hook: prints the fetch of a member of this file; false for others. */
bool leaf_meta_fetch(struct strbuf *o, const struct member *m);
/* leaf_expr's hook for KS_META leaves: the leaf's C expression; false when the kind's bits are
 * used up (the leaf is then UNKNOWN). */
bool leaf_meta_expr(struct plan *pl, const struct kpred *p, struct strbuf *o);
/* The leaves numbered so far (for the bundle's metadata): borrowed, valid until the next plan. */
const struct meta_leaf *leaf_meta_table(size_t *n);

#endif
