/* container_meta.h: container metadata (container.*, k8s.* fields) cached per container id.
 *
 * The kernel and loader/cgroup.c say WHICH container a process is in (12-hex container.id);
 * this module learns WHAT it is from the runtime, off the event path:
 *   1. the Docker-compatible API socket when one answers (/run/docker.sock, then
 *      /run/podman/podman.sock): GET /containers/<id>/json;
 *   2. runtime state on disk: podman (containers/storage containers.json + the OCI spec in
 *      userdata/config.json), docker (/var/lib/docker/containers/<id>/config.v2.json +
 *      hostconfig.json), containerd (task dir /run/containerd/io.containerd.runtime.v2.task/<ns>/
 *      <id>/config.json; labels land in the spec's annotations), CRI-O (containers/storage with
 *      io.kubernetes.cri-o.* annotations).
 * When the API answered for a podman container, the on-disk OCI spec's annotations are merged in
 * too (the API does not return annotations, and `podman --annotation` is how k8s metadata is
 * attached to podman containers).
 *
 * Threading: one background worker thread does every lookup. container_meta_get() only takes a
 * mutex for a hash lookup and never does I/O: the first call for an unknown id enqueues it and
 * returns PENDING. The cache is meant for ONE consumer thread (the loader's event loop): the
 * pointers it returns stay valid until that thread calls container_meta_forget() for that id,
 * container_meta_collect(), or container_meta_free(). The worker never frees what it published.
 *
 * Eviction: every sweep interval the worker checks that each cached container still exists where
 * its metadata came from (API 404, state directory gone); containers found gone are freed by the
 * consumer's next container_meta_collect(). container_meta_forget() evicts one id at once.
 *
 * Values follow Falco's container plugin (docs/falco-semantics.md: "Fields"): strings are NULL when
 * the runtime does not say (the field is missing), "" when it says empty. The pseudo-container
 * "host" is always READY with name "host" and empty image fields.
 *
 * How the loader's field getter uses it (id = proc_entry.container_id, full id unknown → NULL):
 *   container.id                 the id itself (no lookup)
 *   container.full_id            ci->full_id
 *   container.name/image/...     container_meta_get(cm, id, NULL, &ci) == READY ? ci->name :
 * missing container.image.repository/tag/id/digest, container.type, container.start_ts (0 =
 * missing) container.privileged         ci->privileged_known ? ci->privileged : missing
 *   container.host_pid/_network/_ipc   ci->host_ns_known ? ci->host_* : missing
 *   container.mounts             container_info_render_mounts()
 *   container.mount[X]           container_mount_render(container_info_find_mount(ci, X, false))
 *   container.mount.dest[X]      container_info_find_mount(ci, X, false)->dest   (by source)
 *   container.mount.source[X]    container_info_find_mount(ci, X, true)->source  (by dest)
 *   container.mount.mode/rdwr/propagation[X]  by source, like .dest ("true"/"false" for rdwr)
 *   container.label[K] / container.labels     container_info_label() / _render_labels()
 *   k8s.ns.name, k8s.pod.name, k8s.pod.uid (k8s.pod.id)  ci->k8s_ns / k8s_pod / k8s_pod_uid
 *   k8s.pod.label[K] / k8s.pod.labels        container_info_pod_label() / _render_pod_labels()
 * PENDING: hold the alert (at most 1 s), poll container_meta_notify_fd() and ask again;
 * still PENDING or UNKNOWN then → the fields are missing ("<NA>" in output). Call
 * container_meta_collect() once per loop iteration, between events.
 */
#ifndef LANNER_CONTAINER_META_H
#define LANNER_CONTAINER_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers/cgroup.h"

struct container_mount {
	char *source;
	char *dest;
	char *mode;	   /* docker's Mode ("z", "ro", ...), "" when none */
	bool rdwr;	   /* writable */
	char *propagation; /* "rprivate", "shared", ... or "" */
};

struct container_kv {
	char *key;
	char *value;
};

struct container_info {
	char id[CGROUP_ID_BUF]; /* 12 chars (or "host") */
	char *full_id;		/* the runtime's full id (64 hex, or a ctr name) */
	const char *type;	/* "docker", "podman", "containerd", "cri-o"; static */
	const char *source;	/* where it came from: "api", "disk"; static */
	char *name;		/* container.name */
	char *image;		/* container.image, as given to the runtime */
	char *image_repository; /* container.image.repository */
	char *image_tag;	/* container.image.tag ("latest" when image has none) */
	char *image_id;		/* container.image.id: hex, without "sha256:" */
	char *image_digest;	/* container.image.digest: "sha256:<hex>" */
	bool privileged;	/* container.privileged */
	bool privileged_known;	/* false: the field is missing */
	bool host_pid, host_network, host_ipc; /* shares the host's namespace (from the OCI spec) */
	bool host_ns_known;
	int64_t start_ts; /* container.start_ts, ns since the epoch; 0 unknown */
	struct container_mount
		*mounts; /* user mounts (binds, volumes), runtime's own files excluded */
	size_t nmounts;
	struct container_kv *labels; /* sorted by key */
	size_t nlabels;
	struct container_kv *annotations; /* OCI spec annotations, sorted by key */
	size_t nannotations;
	char *k8s_ns;	   /* k8s.ns.name (label/annotation io.kubernetes.pod.namespace) */
	char *k8s_pod;	   /* k8s.pod.name (io.kubernetes.pod.name) */
	char *k8s_pod_uid; /* k8s.pod.uid (io.kubernetes.pod.uid) */
};

enum container_meta_status {
	CONTAINER_META_READY,	/* *out points to the metadata */
	CONTAINER_META_PENDING, /* a lookup is queued or running; ask again later */
	CONTAINER_META_UNKNOWN, /* no source knows this id (retried in the background) */
};

struct container_meta_config {
	/* Docker-compatible API sockets to try, in order, NULL-terminated. NULL: the defaults
	 * {"/run/docker.sock", "/run/podman/podman.sock"}. A list whose first element is NULL
	 * disables the API. */
	const char *const *api_sockets;
	const char *storage_root;	  /* containers/storage (podman, CRI-O); NULL:
					     /var/lib/containers/storage */
	const char *storage_run_root;	  /* NULL: /run/containers/storage */
	const char *docker_root;	  /* NULL: /var/lib/docker */
	const char *containerd_task_root; /* NULL: /run/containerd/io.containerd.runtime.v2.task */
	const char *proc_root;		  /* NULL: /proc (init process start time) */
	int api_timeout_ms;		  /* per request; 0: 1000 */
	int sweep_interval_ms;		  /* liveness check period; 0: 10000; < 0: never */
	int retry_ms;			  /* UNKNOWN ids are looked up again after this; 0: 2000 */
	int max_retries;		  /* 0: 5 */
	size_t max_entries; /* cached containers; new ids beyond it are UNKNOWN; 0: 4096 */
};

struct container_meta_stats {
	uint64_t entries;      /* currently cached (any state) */
	uint64_t lookups;      /* lookups run by the worker */
	uint64_t api_hits;     /* answered by an API socket */
	uint64_t disk_hits;    /* answered from state on disk */
	uint64_t not_found;    /* lookups that found nothing */
	uint64_t evicted;      /* freed after the container was found gone, or forgotten */
	uint64_t dropped_full; /* ids refused because max_entries was reached */
};

struct container_meta;

/* config may be NULL (defaults). Starts the worker thread. Returns NULL on failure (errno set). */
struct container_meta *container_meta_new(const struct container_meta_config *config);
/* Stops the worker (waits for a running lookup, bounded by api_timeout_ms) and frees everything. */
void container_meta_free(struct container_meta *cm);

/* Non-blocking lookup. id: 12 chars (or "host"); full_id: the 64-hex id from the cgroup, or
 * NULL/"" when unknown (the worker then matches by prefix). *out is set only when READY. */
enum container_meta_status container_meta_get(struct container_meta *cm, const char *id,
					      const char *full_id,
					      const struct container_info **out);

/* Waits until id is no longer PENDING or timeout_ms passes, then returns container_meta_get().
 * Blocks: for tools and tests, and for the alert path's bounded delay — never the event path. */
enum container_meta_status container_meta_wait(struct container_meta *cm, const char *id,
					       const char *full_id, int timeout_ms,
					       const struct container_info **out);

/* An eventfd that becomes readable whenever a lookup completes (read it to reset), so a poll loop
 * holding alerts for pending metadata can wake up. */
int container_meta_notify_fd(const struct container_meta *cm);

/* Drops id from the cache now (the consumer knows the container is gone). Pointers to it die. */
void container_meta_forget(struct container_meta *cm, const char *id);
/* Frees the entries the worker found gone. Returns how many. Call between events. */
size_t container_meta_collect(struct container_meta *cm);
/* Runs a liveness sweep now on the worker (tests; normally periodic). */
void container_meta_sweep_now(struct container_meta *cm);

void container_meta_stats(struct container_meta *cm, struct container_meta_stats *out);

/* ---- field helpers (all pure; info may be any READY info) ---------------------------------- */

/* container.label[key] / k8s.pod.label[key]: value or NULL. */
const char *container_info_label(const struct container_info *ci, const char *key);
/* k8s.pod.label[key]: pod labels are the container's labels minus the io.kubernetes.* ones
 * (CRI copies pod labels onto the sandbox, not to us); NULL for non-k8s containers. */
const char *container_info_pod_label(const struct container_info *ci, const char *key);
/* Renderings, snprintf contract (returns the full length). container.labels: "k:v,k:v" sorted;
 * k8s.pod.labels: the same over the pod labels; container.mounts:
 * "source:dest:mode:rdwr:propagation" joined by ','. */
size_t container_info_render_labels(const struct container_info *ci, char *buf, size_t size);
size_t container_info_render_pod_labels(const struct container_info *ci, char *buf, size_t size);
size_t container_info_render_mounts(const struct container_info *ci, char *buf, size_t size);
/* One mount rendered like container.mounts' items (container.mount[...]). */
size_t container_mount_render(const struct container_mount *m, char *buf, size_t size);
/* container.mount*[arg]: arg is a decimal index, or else a glob (fnmatch, no flags) matched
 * against the source (by_dest false: container.mount.dest/mode/rdwr/propagation[...]) or the
 * destination (by_dest true: container.mount.source[...]). First match, or NULL (missing). */
const struct container_mount *container_info_find_mount(const struct container_info *ci,
							const char *arg, bool by_dest);

/* Splits an image reference Falco's way: repository = everything before ":tag" / "@digest"
 * (registry host and port included), tag = after the last ':' following the last '/', "latest"
 * when there is neither tag nor digest; digest = "sha256:..." after '@' or NULL. Caller frees. */
void container_image_split(const char *image, char **repository, char **tag, char **digest);

/* ---- cgroup.h loose layouts ------------------------------------------------------------------ */

/* Resolver for ctr's default `/<namespace>/<name>` cgroup: confirmed only when containerd's task
 * directory <containerd_task_root>/<namespace>/<name> exists. The id is the name's first 12
 * characters; the cache remembers (namespace, name) for it so container_meta_get() finds the
 * task. Safe to call from the consumer thread (one stat). */
struct cgroup_loose_resolver container_meta_loose_resolver(struct container_meta *cm);

#endif
