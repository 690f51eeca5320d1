/* fields_container.c — container.* and k8s.* values of an event's process from the container
 * metadata cache (container_meta.h describes the mapping field by field). Never blocks: while a
 * lookup is pending the fields are missing; the alert path (alerts.c) may wait for it, bounded. */
#include <stdio.h>
#include <string.h>

#include "containers/container_meta.h"
#include "eval/fields_extract.h"

static bool str(struct fieldval *o, const char *s)
{
	if (!s)
		return false;
	o->kind = FV_STR;
	o->s = s; /* owned by the cache: valid until container_meta_collect/forget, between events
		   */
	o->len = strlen(s);
	return true;
}

static bool boolean(struct fieldval *o, bool known, bool v)
{
	if (!known)
		return false;
	o->kind = FV_BOOL;
	o->i = v;
	return true;
}

/* Renders with a snprintf-contract function into the arena. */
static bool rendered(struct fx_ctx *c, struct fieldval *o, const struct container_info *ci,
		     size_t (*render)(const struct container_info *, char *, size_t))
{
	size_t n = render(ci, NULL, 0) + 1;
	char *b = fx_arena_alloc(c, n);
	if (!b)
		return false;
	render(ci, b, n);
	return str(o, b);
}

static bool mount_field(struct fx_ctx *c, struct fieldval *o, const struct container_info *ci,
			enum field_id id, const char *arg)
{
	if (!arg)
		return false;
	const struct container_mount *m =
		container_info_find_mount(ci, arg, id == F_CONTAINER_MOUNT_SOURCE);
	if (!m)
		return false;
	switch (id) {
	case F_CONTAINER_MOUNT: {
		size_t n = container_mount_render(m, NULL, 0) + 1;
		char *b = fx_arena_alloc(c, n);
		if (!b)
			return false;
		container_mount_render(m, b, n);
		return str(o, b);
	}
	case F_CONTAINER_MOUNT_SOURCE:
		return str(o, m->source);
	case F_CONTAINER_MOUNT_DEST:
		return str(o, m->dest);
	case F_CONTAINER_MOUNT_MODE:
		return str(o, m->mode);
	case F_CONTAINER_MOUNT_RDWR:
		return str(o, m->rdwr ? "true" : "false");
	case F_CONTAINER_MOUNT_PROPAGATION:
		return str(o, m->propagation);
	default:
		return false;
	}
}

bool fx_container_field(struct fx_ctx *c, const struct proc_entry *e, enum field_id id,
			const char *arg, struct fieldval *o)
{
	const struct container_info *ci = NULL;
	if (!c->cm ||
	    container_meta_get(c->cm, e->container_id, NULL, &ci) != CONTAINER_META_READY || !ci)
		return false;
	switch (id) {
	case F_CONTAINER_FULL_ID:
		return str(o, ci->full_id);
	case F_CONTAINER_NAME:
		return str(o, ci->name);
	case F_CONTAINER_IMAGE:
		return str(o, ci->image);
	case F_CONTAINER_IMAGE_ID:
		return str(o, ci->image_id);
	case F_CONTAINER_IMAGE_REPOSITORY:
		return str(o, ci->image_repository);
	case F_CONTAINER_IMAGE_TAG:
		return str(o, ci->image_tag);
	case F_CONTAINER_IMAGE_DIGEST:
		return str(o, ci->image_digest);
	case F_CONTAINER_TYPE:
		return str(o, ci->type);
	case F_CONTAINER_PRIVILEGED:
		return boolean(o, ci->privileged_known, ci->privileged);
	case F_CONTAINER_HOST_PID:
		return boolean(o, ci->host_ns_known, ci->host_pid);
	case F_CONTAINER_HOST_NETWORK:
		return boolean(o, ci->host_ns_known, ci->host_network);
	case F_CONTAINER_HOST_IPC:
		return boolean(o, ci->host_ns_known, ci->host_ipc);
	case F_CONTAINER_START_TS:
		if (!ci->start_ts)
			return false;
		o->kind = FV_UINT;
		o->i = ci->start_ts;
		return true;
	case F_CONTAINER_MOUNTS:
		return rendered(c, o, ci, container_info_render_mounts);
	case F_CONTAINER_MOUNT:
	case F_CONTAINER_MOUNT_SOURCE:
	case F_CONTAINER_MOUNT_DEST:
	case F_CONTAINER_MOUNT_MODE:
	case F_CONTAINER_MOUNT_RDWR:
	case F_CONTAINER_MOUNT_PROPAGATION:
		return mount_field(c, o, ci, id, arg);
	case F_CONTAINER_LABEL:
		return arg && str(o, container_info_label(ci, arg));
	case F_CONTAINER_LABELS:
		return rendered(c, o, ci, container_info_render_labels);
	case F_K8S_NS_NAME:
		return str(o, ci->k8s_ns);
	case F_K8S_POD_NAME:
		return str(o, ci->k8s_pod);
	case F_K8S_POD_ID:
	case F_K8S_POD_UID:
		return str(o, ci->k8s_pod_uid);
	case F_K8S_POD_LABEL:
		return arg && str(o, container_info_pod_label(ci, arg));
	case F_K8S_POD_LABELS:
		return ci->k8s_pod && rendered(c, o, ci, container_info_render_pod_labels);
	default:
		return false; /* healthcheck, probes, ip, cni, sandbox ids: not known here */
	}
}
