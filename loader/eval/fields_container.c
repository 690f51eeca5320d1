/* fields_container.c — container.* and k8s.* values of an event's process from the container
 * metadata cache (container_meta.h describes the mapping field by field). Never blocks: while a
 * lookup is pending the fields are missing; the alert path (alerts.c) may wait for it, bounded. */
#include <stddef.h>
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

/* A field whose value is one string member (at off) of a struct; missing while it is NULL. */
struct str_member {
	enum field_id id;
	size_t off;
};
#define STR_MEMBER(id, type, member)                                                               \
	{                                                                                          \
		id, offsetof(type, member)                                                         \
	}
#define CI(id, member)	  STR_MEMBER(id, struct container_info, member)
#define MOUNT(id, member) STR_MEMBER(id, struct container_mount, member)

static const struct str_member info_strs[] = {
	CI(F_CONTAINER_FULL_ID, full_id),
	CI(F_CONTAINER_NAME, name),
	CI(F_CONTAINER_IMAGE, image),
	CI(F_CONTAINER_IMAGE_ID, image_id),
	CI(F_CONTAINER_IMAGE_REPOSITORY, image_repository),
	CI(F_CONTAINER_IMAGE_TAG, image_tag),
	CI(F_CONTAINER_IMAGE_DIGEST, image_digest),
	CI(F_CONTAINER_TYPE, type),
	CI(F_K8S_NS_NAME, k8s_ns),
	CI(F_K8S_POD_NAME, k8s_pod),
	CI(F_K8S_POD_ID, k8s_pod_uid),
	CI(F_K8S_POD_UID, k8s_pod_uid),
};

static const struct str_member mount_strs[] = {
	MOUNT(F_CONTAINER_MOUNT_SOURCE, source),
	MOUNT(F_CONTAINER_MOUNT_DEST, dest),
	MOUNT(F_CONTAINER_MOUNT_MODE, mode),
	MOUNT(F_CONTAINER_MOUNT_PROPAGATION, propagation),
};

/* The value of field id when the table t (of n) names it as a string member of *base. */
static bool str_member(struct fieldval *o, const struct str_member *t, size_t n, const void *base,
		       enum field_id id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id) {
			const char *s; /* char * and const char * members: one representation */
			memcpy(&s, (const char *)base + t[i].off, sizeof(s));
			return str(o, s);
		}
	return false;
}
#define STR_MEMBER_OF(o, table, base, id)                                                          \
	str_member(o, table, sizeof(table) / sizeof(table[0]), base, id)

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
	case F_CONTAINER_MOUNT:
		return FX_PUT_RENDERED(c, o, container_mount_render, m);
	case F_CONTAINER_MOUNT_RDWR:
		return str(o, m->rdwr ? "true" : "false");
	default:
		return STR_MEMBER_OF(o, mount_strs, m, id);
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
		return FX_PUT_RENDERED(c, o, container_info_render_mounts, ci);
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
		return FX_PUT_RENDERED(c, o, container_info_render_labels, ci);
	case F_K8S_POD_LABEL:
		return arg && str(o, container_info_pod_label(ci, arg));
	case F_K8S_POD_LABELS:
		return ci->k8s_pod && FX_PUT_RENDERED(c, o, container_info_render_pod_labels, ci);
	default: /* healthcheck, probes, ip, cni, sandbox ids: not known here */
		return STR_MEMBER_OF(o, info_strs, ci, id);
	}
}
