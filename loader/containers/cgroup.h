/* cgroup.h: container id of a process from /proc/<pid>/cgroup, in userspace.
 *
 * Uses the kernel's classifier (bpf-templates/shared_definitions/container_id.h) on each line's
 * path, in the kernel's order (bpf-templates/helpers/extract.h lnr_ct_step), so userspace and the
 * BPF programs give the same answer: the v2 line (`0::/...`) first, then the v1 controller lines
 * (`4:memory:/docker/<id>`) in file order; named hierarchies without controllers
 * (`1:name=systemd:/...`) are skipped, the kernel cannot see them. For each line: a strict layout
 * of the leaf (or, for podman's `.../libpod-<id>.scope/container`, of the parent), else a loose
 * layout the resolver confirms (below). The first line that yields a container decides; none →
 * "host". The kernel gets the same confirmations through loader/ct_confirm.h.
 * One difference remains, by construction: when two v1 hierarchies put a process in DIFFERENT
 * containers (never done by a runtime), the kernel takes them in subsystem order, not file order.
 */
#ifndef LANNER_CGROUP_H
#define LANNER_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

/* "host" or 12 hex digits, plus NUL. */
#define CGROUP_ID_BUF 13
/* 64 hex digits, plus NUL. */
#define CGROUP_FULL_ID_BUF 65

/* Hook for loose layouts, e.g. ctr's default `/<namespace>/<name>`: called once per
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
