/* meta_push.h — fills the kernel's meta maps (shared_definitions/meta_maps.h): for every
 * container and every (mount namespace, uid/gid/loginuid) the loaded rules' meta leaves need,
 * the outcome of each leaf's check, evaluated here with the evaluator over the very values the
 * rules see in userspace (the container getter of loader/eval/fields_container.c, userdb.h's
 * names).
 *
 * What gets an entry, and when:
 *   - containers: the pseudo-container "host" at once; any other container id once a record of
 *     one of its processes reached userspace (every exec does), as soon as its metadata is READY
 *     (container_meta.h). While PENDING or UNKNOWN no entry is written: the kernel says UNKNOWN
 *     and userspace decides, exactly as it would have anyway.
 *   - users: (mntns, uid), (mntns, gid), (mntns, loginuid) of a record's process once its
 *     passwd/group table is readable; re-evaluated every USERDB refresh period, so a changed
 *     /etc/passwd changes the bits as it changes userspace's names (within that period).
 * An entry is only ever what userspace computes for a process of that container/user at the
 * time of writing. READY metadata does not change; every refresh period an entry whose source
 * userspace no longer has (metadata evicted, passwd table unreadable) is deleted, and the kernel
 * says UNKNOWN again. At most LNR_META_CT_MAX containers and LNR_META_USER_MAX user
 * keys are tracked; beyond, nothing is written (the kernel says UNKNOWN) and it is counted.
 *
 * A rules reload gives new leaves and a new object (new maps, not handed over: the bits are
 * numbered per bundle): meta_push_rules again, and every tracked key is written anew.
 * One consumer thread (the event loop).
 */
#ifndef LANNER_META_PUSH_H
#define LANNER_META_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "bundle_meta.h"
#include "events/proctable.h"

struct container_meta;
struct userdb;
struct sensor;

struct meta_push_stats {
	uint64_t leaves;	/* meta leaves of the loaded rules */
	uint64_t ct_written;	/* container entries written (rewrites included) */
	uint64_t user_written;	/* user/group/login entries written */
	uint64_t pending;	/* containers waiting for their metadata now */
	uint64_t dropped_full;	/* keys not tracked: the table was full */
	uint64_t update_failed; /* map updates the kernel refused */
};

struct meta_push;

/* cm and udb are borrowed (either may be NULL: those kinds are then never written). */
struct meta_push *meta_push_new(struct container_meta *cm, struct userdb *udb);
void meta_push_free(struct meta_push *mp);

/* The rules' meta leaves (m->meta_leaves) and the maps of the object s loaded them with.
 * Compiles every check; 0, or -1 with "check 'X': why" in err (the previous rules stay).
 * Every tracked key is written again at the next meta_push_tick. */
int meta_push_rules(struct meta_push *mp, const struct bundle_meta *m, struct sensor *s, char *err,
		    size_t errlen);

/* The same with the maps' fds given (-1: that map is absent): lnr_meta_ct, lnr_meta_users and
 * lnr_meta_ugen (the generation of the kernel's memo of lnr_meta_users, written after every
 * change of lnr_meta_users; an object without it has no memo). For tests. */
int meta_push_bind(struct meta_push *mp, const struct bundle_meta *m, int ct_fd, int user_fd,
		   int ugen_fd, char *err, size_t errlen);

/* A record of process e reached userspace: uid/gid/loginuid as the record has them
 * (loginuid 4294967295 when unset). Cheap when the keys are known. */
void meta_push_note(struct meta_push *mp, const struct proc_entry *e, uint32_t uid, uint32_t gid,
		    uint32_t loginuid);

/* Between polls: containers whose metadata became READY, entries due for a rewrite. */
void meta_push_tick(struct meta_push *mp);

void meta_push_stats(const struct meta_push *mp, struct meta_push_stats *out);

#endif
