/* meta_push.c — the kernel's meta maps, written from userspace's own answers (contract in
 * meta_push.h; the maps: shared_definitions/meta_maps.h). */
#include "containers/meta_push.h"

#include <bpf/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/vec.h"
#include "common/xalloc.h"
#include "containers/container_meta.h"
#include "containers/userdb.h"
#include "diag.h"
#include "eval/eval.h"
#include "eval/fields_extract.h"
#include "events/sensor.h"
#include "rules.h"
#include "shared_definitions/meta_maps.h"

#define USER_REFRESH_S 5.0 /* userdb's own re-check period (userdb.h) */

enum { S_EMPTY, S_PENDING, S_WRITTEN };

/* One tracked key: 16 bytes, a container id (NUL padded) or a struct lnr_meta_ukey. */
struct slot {
	unsigned char key[16];
	uint8_t state;
	int pid; /* users: a process of that mount namespace (userdb reads its root) */
	struct lnr_meta_bits bits;
};

struct table {
	struct slot *v;
	size_t cap, n, max; /* cap: power of two, twice max */
};

struct leaf {
	int bit;
	const struct ast *check;
};

struct meta_push {
	struct container_meta *cm;
	struct userdb *udb;
	struct ruleset *rs; /* owns the compiled checks */
	struct {
		struct leaf *v;
		size_t n, cap;
	} leaves[LNR_MK_COUNT];
	int ct_fd, user_fd;
	int ugen_fd;   /* lnr_meta_ugen: the kernel's memo of lnr_meta_users is valid per value */
	uint32_t ugen; /* its value (never 0 once bound: 0 turns the memo off) */
	bool ugen_behind; /* lnr_meta_users changed since ugen was last written */
	struct table ct, users;
	bool rewrite; /* new rules: every tracked key is written again */
	bool ct_new;  /* a container was added since the last walk */
	double refresh_at;
	struct fx_ctx *fx; /* the container getter's context (its arena) */
	struct meta_push_stats st;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the key tables ---- */

static void table_init(struct table *t, size_t max)
{
	t->max = max;
	t->cap = 1;
	while (t->cap < 2 * max)
		t->cap <<= 1;
	t->v = xcalloc(t->cap, sizeof(*t->v));
	t->n = 0;
}

static uint64_t hash16(const unsigned char *k)
{
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < 16; i++)
		h = (h ^ k[i]) * 1099511628211ull;
	return h;
}

/* The slot of key, inserted (S_PENDING) when absent; NULL when the table is full. *fresh: new. */
static struct slot *table_get(struct table *t, const unsigned char *key, bool *fresh,
			      uint64_t *dropped)
{
	size_t mask = t->cap - 1, i = (size_t)hash16(key) & mask;
	*fresh = false;
	for (;; i = (i + 1) & mask) {
		struct slot *s = &t->v[i];
		if (s->state == S_EMPTY)
			break;
		if (!memcmp(s->key, key, 16))
			return s;
	}
	if (t->n >= t->max) {
		(*dropped)++;
		return NULL;
	}
	struct slot *s = &t->v[i];
	memcpy(s->key, key, 16);
	s->state = S_PENDING;
	t->n++;
	*fresh = true;
	return s;
}

/* ---- evaluation ---- */

struct ectx {
	struct meta_push *mp;
	int kind;
	struct proc_entry e; /* containers: only container_id is read */
	const char *name;    /* users: the name userspace renders */
};

static bool getter(void *ctx, const struct operand *ref, struct fieldval *out)
{
	struct ectx *x = ctx;
	if (!ref || !ref->field)
		return false;
	if (x->kind == LNR_MK_CONTAINER)
		return fx_container_field(x->mp->fx, &x->e, ref->field->id, field_operand_arg(ref),
					  out);
	out->kind = FV_STR;
	out->s = x->name;
	out->len = strlen(x->name);
	return true;
}

static void eval_kind(struct meta_push *mp, struct ectx *x, struct lnr_meta_bits *b)
{
	memset(b, 0, sizeof(*b));
	for (size_t i = 0; i < mp->leaves[x->kind].n; i++) {
		const struct leaf *l = &mp->leaves[x->kind].v[i];
		mp->fx->used = 0;
		if (eval_ast(l->check, getter, x))
			b->w[l->bit / 64] |= 1ull << (l->bit % 64);
	}
}

/* Returns true when the map was written. */
static bool write_entry(struct meta_push *mp, int fd, struct slot *s, const struct lnr_meta_bits *b,
			uint64_t *written)
{
	if (s->state == S_WRITTEN && !mp->rewrite && !memcmp(&s->bits, b, sizeof(*b)))
		return false;
	if (fd < 0 || bpf_map_update_elem(fd, s->key, b, BPF_ANY) != 0) {
		mp->st.update_failed++;
		return false;
	}
	s->bits = *b;
	s->state = S_WRITTEN;
	(*written)++;
	return true;
}

/* An entry whose source userspace lost (container metadata evicted, passwd table unreadable):
 * userspace's own answer changes (missing fields, "<NA>"), so the kernel's must go: UNKNOWN.
 * Returns true when the map may have changed (a delete was tried). */
static bool withdraw(int fd, struct slot *s)
{
	if (s->state != S_WRITTEN)
		return false;
	if (fd >= 0)
		bpf_map_delete_elem(fd, s->key);
	s->state = S_PENDING;
	return fd >= 0;
}

/* After lnr_meta_users changed (and never before: a kernel slot filled from the old entry must
 * see the old generation), its next generation: the kernel's memo slots of older ones are not
 * used (meta_maps.h). A failed write is counted and tried again at the next change or tick; the
 * memo could be stale meanwhile, but an array's update of its one element does not fail in
 * practice. */
static void ugen_publish(struct meta_push *mp)
{
	if (mp->ugen_fd < 0)
		return;
	uint32_t k = 0, g = mp->ugen + 1;
	if (g == 0)
		g = 1; /* 0 is "no loader": the memo off */
	if (bpf_map_update_elem(mp->ugen_fd, &k, &g, BPF_ANY) != 0) {
		mp->st.update_failed++;
		mp->ugen_behind = true;
		return;
	}
	mp->ugen = g;
	mp->ugen_behind = false;
}

/* A container's entry, once its metadata is READY (evaluated once; again after new rules). */
static void try_container(struct meta_push *mp, struct slot *s)
{
	struct ectx x = {.mp = mp, .kind = LNR_MK_CONTAINER};
	snprintf(x.e.container_id, sizeof(x.e.container_id), "%.*s",
		 (int)sizeof(x.e.container_id) - 1, (const char *)s->key);
	const struct container_info *ci = NULL;
	if (!mp->cm ||
	    container_meta_get(mp->cm, x.e.container_id, NULL, &ci) != CONTAINER_META_READY) {
		withdraw(mp->ct_fd, s);
		return;
	}
	if (s->state == S_WRITTEN && !mp->rewrite)
		return; /* READY metadata does not change */
	struct lnr_meta_bits b;
	eval_kind(mp, &x, &b);
	write_entry(mp, mp->ct_fd, s, &b, &mp->st.ct_written);
}

/* A user/group/login entry, when the process's passwd/group table is readable. Returns true
 * when lnr_meta_users may have changed (the caller then publishes the next generation). */
static bool try_user(struct meta_push *mp, struct slot *s)
{
	struct lnr_meta_ukey k;
	memcpy(&k, s->key, sizeof(k));
	if (!mp->udb || k.kind >= LNR_MK_COUNT || !userdb_readable(mp->udb, s->pid, k.mntns))
		return withdraw(mp->user_fd, s);
	struct ectx x = {.mp = mp, .kind = (int)k.kind};
	if (k.kind == LNR_MK_GROUP)
		x.name = userdb_group_name(mp->udb, s->pid, k.mntns, k.id);
	else if (k.kind == LNR_MK_LOGIN)
		x.name = k.id == 0xffffffffu ? USERDB_NA
					     : userdb_login_name(mp->udb, s->pid, k.mntns, k.id);
	else
		x.name = userdb_user_name(mp->udb, s->pid, k.mntns, k.id);
	struct lnr_meta_bits b;
	eval_kind(mp, &x, &b);
	return write_entry(mp, mp->user_fd, s, &b, &mp->st.user_written);
}

/* ---- the rules' leaves ---- */

static struct ruleset *compile_checks(const struct bundle_meta *m, char *err, size_t errlen)
{
	size_t n = m->nmeta_leaves;
	struct ruleset *rs = ruleset_made("meta leaves", n);
	for (size_t i = 0; i < n; i++) {
		char name[40];
		snprintf(name, sizeof(name), "meta leaf %zu", i);
		ruleset_add_made_rule(rs, name, m->meta_leaves[i].check, "meta", PRI_DEBUG);
	}
	struct diags d = {0};
	int nerr = n ? ruleset_compile(rs, "meta leaves", &d) : 0;
	for (size_t i = 0; nerr && i < d.n; i++)
		if (diag_is_error(d.v[i].code)) {
			snprintf(err, errlen, "meta leaf check does not compile: %s",
				 d.v[i].message);
			break;
		}
	diags_free(&d);
	for (size_t i = 0; !nerr && i < n; i++)
		if (!rs->rules[i].ast) {
			snprintf(err, errlen, "meta leaf check '%s' does not compile",
				 rs->rules[i].condition);
			nerr = 1;
		}
	for (size_t i = 0; !nerr && i < n; i++)
		if (!eval_prepare(rs->rules[i].ast, err, errlen))
			nerr = 1;
	if (nerr) {
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

int meta_push_rules(struct meta_push *mp, const struct bundle_meta *m, struct sensor *s, char *err,
		    size_t errlen)
{
	return meta_push_bind(mp, m, sensor_map(s, "lnr_meta_ct", NULL, NULL, NULL),
			      sensor_map(s, "lnr_meta_users", NULL, NULL, NULL),
			      sensor_map(s, "lnr_meta_ugen", NULL, NULL, NULL), err, errlen);
}

int meta_push_bind(struct meta_push *mp, const struct bundle_meta *m, int ct_fd, int user_fd,
		   int ugen_fd, char *err, size_t errlen)
{
	struct ruleset *rs = compile_checks(m, err, errlen);
	if (!rs)
		return -1;
	for (int k = 0; k < LNR_MK_COUNT; k++) {
		VEC_FREE(mp->leaves[k]);
		memset(&mp->leaves[k], 0, sizeof(mp->leaves[k]));
	}
	if (mp->rs)
		ruleset_free(mp->rs);
	mp->rs = rs;
	mp->st.leaves = 0;
	for (size_t i = 0; i < m->nmeta_leaves; i++) {
		const struct meta_leaf *ml = &m->meta_leaves[i];
		if (ml->kind < 0 || ml->kind >= LNR_MK_COUNT || ml->bit < 0 ||
		    ml->bit >= LNR_META_BITS)
			continue; /* never written: the kernel leaf stays UNKNOWN */
		struct leaf l = {ml->bit, rs->rules[i].ast};
		VEC_PUSH(mp->leaves[ml->kind], l);
		mp->st.leaves++;
	}
	mp->ct_fd = ct_fd;
	mp->user_fd = user_fd;
	/* a new object: its memo is empty and its generation 0 (memo off) until this first write */
	mp->ugen_fd = ugen_fd;
	mp->ugen = 0;
	ugen_publish(mp);
	mp->rewrite = true;
	return 0;
}

/* ---- life ---- */

struct meta_push *meta_push_new(struct container_meta *cm, struct userdb *udb)
{
	struct meta_push *mp = xcalloc(1, sizeof(*mp));
	mp->cm = cm;
	mp->udb = udb;
	mp->ct_fd = mp->user_fd = mp->ugen_fd = -1;
	mp->fx = xcalloc(1, sizeof(*mp->fx));
	mp->fx->cm = cm;
	mp->fx->udb = udb;
	table_init(&mp->ct, LNR_META_CT_MAX);
	table_init(&mp->users, LNR_META_USER_MAX);
	/* the host is always known (name "host", empty image fields): its entry at once */
	unsigned char host[16] = "host";
	bool fresh;
	table_get(&mp->ct, host, &fresh, &mp->st.dropped_full);
	return mp;
}

void meta_push_free(struct meta_push *mp)
{
	if (!mp)
		return;
	for (int k = 0; k < LNR_MK_COUNT; k++)
		VEC_FREE(mp->leaves[k]);
	if (mp->rs)
		ruleset_free(mp->rs);
	free(mp->ct.v);
	free(mp->users.v);
	free(mp->fx);
	free(mp);
}

/* ---- events ---- */

static void note_user(struct meta_push *mp, const struct proc_entry *e, int kind, uint32_t id)
{
	if (!mp->leaves[kind].n)
		return;
	struct lnr_meta_ukey k = {(uint32_t)e->mntns, (uint32_t)kind, id, 0};
	bool fresh;
	struct slot *s =
		table_get(&mp->users, (const unsigned char *)&k, &fresh, &mp->st.dropped_full);
	if (!s)
		return;
	s->pid = e->pid; /* a live process of that namespace: userdb reads its root */
	if (fresh && try_user(mp, s))
		ugen_publish(mp);
}

void meta_push_note(struct meta_push *mp, const struct proc_entry *e, uint32_t uid, uint32_t gid,
		    uint32_t loginuid)
{
	if (!mp || !e)
		return;
	if (mp->leaves[LNR_MK_CONTAINER].n && e->container_id[0]) {
		unsigned char key[16] = {0};
		size_t n = strnlen(e->container_id, sizeof(e->container_id));
		memcpy(key, e->container_id, n < 15 ? n : 15);
		bool fresh;
		struct slot *s = table_get(&mp->ct, key, &fresh, &mp->st.dropped_full);
		if (s && fresh) {
			try_container(mp, s);
			mp->ct_new = true;
		}
	}
	if (!e->mntns || e->mntns > 0xffffffffu)
		return; /* the kernel keys by the 32-bit inode it has */
	note_user(mp, e, LNR_MK_USER, uid);
	note_user(mp, e, LNR_MK_GROUP, gid);
	note_user(mp, e, LNR_MK_LOGIN, loginuid);
}

void meta_push_tick(struct meta_push *mp)
{
	if (!mp)
		return;
	if (mp->ugen_behind) /* a failed write of the generation: again */
		ugen_publish(mp);
	double now = now_s();
	bool refresh = now >= mp->refresh_at || mp->rewrite;
	if (refresh)
		mp->refresh_at = now + USER_REFRESH_S;
	/* the container table is walked when something waits for metadata, or to re-check */
	if (!refresh && !mp->st.pending && !mp->ct_new)
		return;
	mp->ct_new = false;
	mp->st.pending = 0;
	for (size_t i = 0; i < mp->ct.cap; i++) {
		struct slot *s = &mp->ct.v[i];
		if (s->state == S_PENDING || (refresh && s->state == S_WRITTEN))
			try_container(mp, s);
		mp->st.pending += s->state == S_PENDING;
	}
	bool changed = false;
	for (size_t i = 0; refresh && i < mp->users.cap; i++) /* every USER_REFRESH_S */
		if (mp->users.v[i].state != S_EMPTY)
			changed |= try_user(mp, &mp->users.v[i]);
	if (changed) /* once, after every change of this walk */
		ugen_publish(mp);
	mp->rewrite = false;
}

void meta_push_stats(const struct meta_push *mp, struct meta_push_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (mp)
		*out = mp->st;
}
