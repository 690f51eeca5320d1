/* cgroup.h: container id of a process from /proc/<pid>/cgroup, in userspace.
 *
 * Uses the kernel's classifier (bpf-templates/shared_definitions/container_id.h) on each line's
 * path, so userspace and the BPF programs agree on every layout. Cgroup v1 lines
 * (`4:memory:/docker/<id>`) and the v2 line (`0::/...`) are all looked at; the first line whose
 * leaf (or, for podman's `.../libpod-<id>.scope/container`, parent) is a strict container layout
 * decides. No line matching → "host", unless a loose resolver confirms one (below).
 */
#ifndef LANNER_CGROUP_H
#define LANNER_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

/* "host" or 12 hex digits, plus NUL. */
#define CGROUP_ID_BUF 13
/* 64 hex digits, plus NUL. */
#define CGROUP_FULL_ID_BUF 65

/* Hook for loose layouts (issue 5), e.g. ctr's default `/<namespace>/<name>`: called once per
 * distinct cgroup path of the process, only when no strict layout matched. Return true and fill
 * id (12 chars + NUL, or the runtime's short id) only when the runtime's own state confirms that
 * a container owns this path; never guess from the shape of the name. */
struct cgroup_loose_resolver {
	bool (*confirm)(void *arg, const char *cgroup_path, char id[CGROUP_ID_BUF]);
	void *arg;
};

/* Classifies one cgroup path as found in /proc/<pid>/cgroup (e.g. "/docker/<64hex>").
 * Writes "host" or the 12-hex id to id; when full is not NULL, also the 64-hex id ("" on host).
 * Returns the enum lanner_ct_layout value (0 = host). Paths whose components exceed 255 bytes
 * are host. */
int cgroup_classify_path(const char *path, size_t len, char id[CGROUP_ID_BUF],
			 char full[CGROUP_FULL_ID_BUF]);

/* Reads <proc_root>/<pid>/cgroup (proc_root NULL = "/proc") and writes the process's container
 * id ("host" or 12 hex) to id, the full 64-hex id to full when not NULL ("" on host or when a
 * loose resolver decided). loose may be NULL. Returns 0, or -errno when the file cannot be read
 * (the process is gone, ...); id is "host" then too. */
int cgroup_container_id(const char *proc_root, int pid, const struct cgroup_loose_resolver *loose,
			char id[CGROUP_ID_BUF], char full[CGROUP_FULL_ID_BUF]);

#endif
