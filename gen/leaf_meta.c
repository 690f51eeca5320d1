/* leaf_meta.c — kernel leaves on container/k8s metadata and user/group names (contract in
 * leaf_meta.h; what the kernel and the loader do with the bits: shared_definitions/meta_maps.h).
 */
#include "leaf_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/vec.h"
#include "common/xalloc.h"
#include "fields.h"
#include "plan.h"
#include "shared_definitions/limits.h"
#include "shared_definitions/meta_maps.h"

#define ALL_OPS 0xffffffffu /* the loader evaluates the check itself: every operator */

/* The fields, with the kind that keys them. Container fields are those the loader's container
 * getter serves (loader/eval/fields_container.c); container.id itself is the kernel's own. */
static const struct kc_field caps[] = {
#define CT(id, vk)                                                                                 \
	{                                                                                          \
		id, KS_META, vk, ALL_OPS, 0, false, "container metadata bit (meta_maps.h)"         \
	}
	CT(F_CONTAINER_FULL_ID, KV_STR),
	CT(F_CONTAINER_NAME, KV_STR),
	CT(F_CONTAINER_IMAGE, KV_STR),
	CT(F_CONTAINER_IMAGE_ID, KV_STR),
	CT(F_CONTAINER_IMAGE_REPOSITORY, KV_STR),
	CT(F_CONTAINER_IMAGE_TAG, KV_STR),
	CT(F_CONTAINER_IMAGE_DIGEST, KV_STR),
	CT(F_CONTAINER_TYPE, KV_STR),
	CT(F_CONTAINER_PRIVILEGED, KV_BOOL),
	CT(F_CONTAINER_HOST_PID, KV_BOOL),
	CT(F_CONTAINER_HOST_NETWORK, KV_BOOL),
	CT(F_CONTAINER_HOST_IPC, KV_BOOL),
	CT(F_CONTAINER_START_TS, KV_NUM),
	CT(F_CONTAINER_MOUNTS, KV_STR),
	CT(F_CONTAINER_MOUNT, KV_STR),
	CT(F_CONTAINER_MOUNT_SOURCE, KV_STR),
	CT(F_CONTAINER_MOUNT_DEST, KV_STR),
	CT(F_CONTAINER_MOUNT_MODE, KV_STR),
	CT(F_CONTAINER_MOUNT_RDWR, KV_STR),
	CT(F_CONTAINER_MOUNT_PROPAGATION, KV_STR),
	CT(F_CONTAINER_LABEL, KV_STR),
	CT(F_CONTAINER_LABELS, KV_STR),
	CT(F_K8S_NS_NAME, KV_STR),
	CT(F_K8S_POD_NAME, KV_STR),
	CT(F_K8S_POD_ID, KV_STR),
	CT(F_K8S_POD_UID, KV_STR),
	CT(F_K8S_POD_LABEL, KV_STR),
	CT(F_K8S_POD_LABELS, KV_STR),
#undef CT
	{F_USER_NAME, KS_META, KV_STR, ALL_OPS, 0, false, "user name bit per (mount ns, uid)"},
	{F_GROUP_NAME, KS_META, KV_STR, ALL_OPS, 0, false, "group name bit per (mount ns, gid)"},
	{F_USER_LOGINNAME, KS_META, KV_STR, ALL_OPS, 0, false,
	 "login name bit per (mount ns, loginuid)"},
};
#define NCAPS (sizeof(caps) / sizeof(caps[0]))

static const struct kc_field *cap_of(enum field_id id)
{
	for (size_t i = 0; i < NCAPS; i++)
		if (caps[i].id == id)
			return &caps[i];
	return NULL;
}

int leaf_meta_kind(enum field_id id)
{
	switch (id) {
	case F_USER_NAME:
		return LNR_MK_USER;
	case F_GROUP_NAME:
		return LNR_MK_GROUP;
	case F_USER_LOGINNAME:
		return LNR_MK_LOGIN;
	default:
		return cap_of(id) ? LNR_MK_CONTAINER : -1;
	}
}

bool leaf_meta_classify(const struct ast *c, struct kc_leaf *l)
{
	const struct operand *lhs = c->lhs;
	if (!lhs || lhs->kind != OPND_FIELD || !lhs->field || leaf_meta_kind(lhs->field->id) < 0)
		return false;
	/* the loader evaluates the check alone: its right-hand side must not read the event */
	if (c->rhs && c->rhs->kind != OPND_STRING && c->rhs->kind != OPND_LIST) {
		l->verdict = KC_USERSPACE;
		l->value = TV_UNKNOWN;
		l->why = "field-to-field comparison (val() or transformer on the right)";
		return true;
	}
	l->verdict = KC_NARROW; /* UNKNOWN while the entry is absent */
	l->cap = cap_of(lhs->field->id);
	return true;
}

/* ---- members ----------------------------------------------------------------------------------
 */

static int kind_of(const struct kpred *p)
{
	return p->leaf.cap ? leaf_meta_kind(p->leaf.cap->id) : -1;
}

static void str_member(struct member *m, enum field_id fid, const char *name)
{
	memset(m, 0, sizeof(*m));
	m->fid = fid;
	m->level = -1;
	m->kind = MK_STR;
	m->size = LANNER_MAX_CONTAINER_ID;
	snprintf(m->name, sizeof(m->name), "%s", name);
}

static void num_member(struct member *m, enum field_id fid, int level, const char *name)
{
	memset(m, 0, sizeof(*m));
	m->fid = fid;
	m->level = level;
	m->kind = MK_NUM;
	snprintf(m->name, sizeof(m->name), "%s", name);
}

bool leaf_meta_member(const struct kpred *p, struct member *out)
{
	int k = kind_of(p);
	if (k < 0)
		return false;
	if (k == LNR_MK_CONTAINER)
		str_member(out, F_CONTAINER_ID, "container_id");
	else
		num_member(out, F_USER_NAME, LEAF_META_NS_LEVEL, "meta_mntns");
	return true;
}

/* The id member a user leaf is keyed by (named as values.c names these fields' members). */
static void id_member(int kind, struct member *m)
{
	if (kind == LNR_MK_GROUP)
		num_member(m, F_GROUP_GID, -1, "group_gid");
	else if (kind == LNR_MK_LOGIN)
		num_member(m, F_USER_LOGINUID, -1, "user_loginuid");
	else
		num_member(m, F_USER_UID, -1, "user_uid");
}

int leaf_meta_collect(const struct kpred *p, struct evmembers *em)
{
	struct member m;
	if (!leaf_meta_member(p, &m))
		return 0;
	add_member(em, &m);
	int k = kind_of(p);
	if (k != LNR_MK_CONTAINER) {
		id_member(k, &m);
		add_member(em, &m);
	}
	return 0;
}

bool leaf_meta_is_ns_member(const struct member *m)
{
	return m->fid == F_USER_NAME && m->level == LEAF_META_NS_LEVEL;
}

bool leaf_meta_fetch(struct strbuf *o, const struct member *m)
{
	if (!leaf_meta_is_ns_member(m))
		return false;
	/* the mount namespace the process table has (userspace's key of its passwd table) */
	sb_addf(o,
		"\tfv->%s.st = pv ? LNR_ST_OK : LNR_ST_UNK;\n\tfv->%s.v = pv ? pv->p.mntns : 0;\n",
		m->name, m->name);
	return true;
}

/* ---- numbering --------------------------------------------------------------------------------
 */

static struct {
	const void *owner; /* the pushdown the numbering belongs to */
	struct {
		struct meta_leaf *v;
		size_t n, cap;
	} leaves;
	int next[LNR_MK_COUNT];
} reg;

static void reg_reset(const void *owner)
{
	for (size_t i = 0; i < reg.leaves.n; i++)
		free(reg.leaves.v[i].check);
	VEC_FREE(reg.leaves);
	memset(&reg, 0, sizeof(reg));
	reg.owner = owner;
}

/* The bit of (kind, text), assigned now if new; -1 when the kind's bits are used up. */
static int bit_of(int kind, const char *text)
{
	for (size_t i = 0; i < reg.leaves.n; i++)
		if (reg.leaves.v[i].kind == kind && !strcmp(reg.leaves.v[i].check, text))
			return reg.leaves.v[i].bit;
	if (reg.next[kind] >= LNR_META_BITS)
		return -1;
	struct meta_leaf l = {kind, reg.next[kind]++, xstrdup(text)};
	VEC_PUSH(reg.leaves, l);
	return l.bit;
}

const struct meta_leaf *leaf_meta_table(size_t *n)
{
	*n = reg.leaves.n;
	return reg.leaves.v;
}

bool leaf_meta_expr(struct plan *pl, const struct kpred *p, struct strbuf *o)
{
	int k = kind_of(p);
	if (k < 0)
		return false;
	if (reg.owner != pl->pd)
		reg_reset(pl->pd);
	char *text = ast_print(p->check);
	if (!text)
		return false;
	int bit = bit_of(k, text);
	if (bit < 0) {
		free(text);
		return false;
	}
	struct member id;
	id_member(k, &id);
	if (k == LNR_MK_CONTAINER)
		sb_addf(o, "LNR_META_CT(fv->container_id, %d, \"", bit);
	else
		sb_addf(o, "LNR_META_U(fv->meta_mntns, fv->%s, %d, %d, \"", id.name, k, bit);
	for (const char *s = text; *s; s++) /* octal escapes never swallow a following digit */
		if (*s == '"' || *s == '\\')
			sb_addf(o, "\\%c", *s);
		else if (*s >= 0x20 && *s < 0x7f && *s != '?') /* '?': no trigraphs */
			sb_addf(o, "%c", *s);
		else
			sb_addf(o, "\\%03o", (unsigned char)*s);
	sb_add(o, "\")");
	free(text);
	return true;
}
