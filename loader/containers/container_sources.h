/* container_sources.h: where container metadata is read from (internal to container_meta.c).
 *
 * Blocking I/O: called only from container_meta's worker thread (and from unit tests). Each
 * function builds a complete struct container_info or reports that its source does not know the
 * container; nothing here caches.
 */
#ifndef LANNER_CONTAINER_SOURCES_H
#define LANNER_CONTAINER_SOURCES_H

#include <stdint.h>

#include "containers/container_meta.h"

struct ctsrc_roots {
	const char *const *api_sockets; /* NULL-terminated */
	const char *storage_root;
	const char *storage_run_root;
	const char *docker_root;
	const char *containerd_task_root;
	const char *proc_root;
	int api_timeout_ms;
};

/* Where a container's metadata came from, so the liveness sweep asks the same place. */
struct ctsrc_origin {
	char *api_socket; /* the socket that answered, or NULL for disk */
	char *state_dir;  /* disk: the directory whose removal means the container is gone */
	int init_pid;	  /* the container's init pid on the host when known, else 0 */
};

/* What to look for: the 12-char id, the full id when the cgroup gave it (else "" and a prefix
 * match is done), and for ctr's loose layout the (namespace, name) the resolver confirmed. */
struct ctsrc_query {
	const char *id;
	const char *full_id;
	const char *ctr_ns;   /* NULL unless from the loose resolver */
	const char *ctr_name; /* NULL unless from the loose resolver */
};

/* Tries every source in order of preference. Returns a new info (free with
 * container_info_free) and fills *origin (free with ctsrc_origin_free), or NULL when no source
 * knows the container (or out of memory). *via_api tells which kind answered. */
struct container_info *ctsrc_lookup(const struct ctsrc_roots *r, const struct ctsrc_query *q,
				    struct ctsrc_origin *origin, int *via_api);

/* 1: still there, 0: gone (removed, or its init process exited), -1: cannot tell now. */
int ctsrc_alive(const struct ctsrc_roots *r, const struct container_info *ci,
		const struct ctsrc_origin *origin);

void ctsrc_origin_free(struct ctsrc_origin *origin);
void container_info_free(struct container_info *ci);
/* Frees what ci owns, not ci itself (for infos on the stack or inside another struct), and
 * zeroes it. */
void container_info_clear(struct container_info *ci);

/* RFC 3339 time ("2026-11-28T13:45:41.735189634Z", "+01:00" offsets) → ns since the epoch;
 * 0 for unparsable text and for Go's zero time (year 1). */
int64_t ctsrc_parse_time(const char *s);

#endif
