/* container_meta.c: the container metadata cache and its lookup worker thread. Field helpers
 * (labels, mounts, renderings) at the end. Sources are in container_sources.c. */
#include "containers/container_meta.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "containers/container_sources.h"

#define NBUCKETS 1024

static const char *const default_sockets[] = {"/run/docker.sock", "/run/podman/podman.sock", NULL};

enum entry_state { E_PENDING, E_READY, E_UNKNOWN };

struct entry {
	char id[CGROUP_ID_BUF];
	char *full_hint;	 /* full id from the cgroup, or NULL */
	char *ctr_ns, *ctr_name; /* from the loose resolver, or NULL */
	enum entry_state state;
	bool queued;	/* on the worker's queue */
	bool busy;	/* the worker is reading it without the lock */
	bool forgotten; /* unlinked while busy: the worker frees it */
	bool gone;	/* found gone by a sweep: collect() frees it */
	bool ambiguous; /* two ctr tasks share these 12 characters: no metadata */
	int attempts;
	int64_t done_ms; /* when the last lookup finished */
	struct container_info *ci;
	struct ctsrc_origin origin;
	struct entry *hnext, *qnext;
};

struct container_meta {
	struct ctsrc_roots roots;
	const char **sockets; /* owned copy of the list (strings owned too) */
	char *storage_root, *storage_run_root, *docker_root, *task_root, *proc_root;
	int sweep_ms, retry_ms, max_retries;
	size_t max_entries;

	pthread_mutex_t mu;
	pthread_cond_t work_cv; /* worker waits: queue, sweep request, stop */
	pthread_cond_t done_cv; /* container_meta_wait waits: a lookup finished */
	pthread_t worker;
	bool stop, sweep_requested;
	uint64_t sweeps_done;
	struct entry *buckets[NBUCKETS];
	struct entry *qhead, *qtail;
	struct container_meta_stats st;
	int efd;

	struct container_info host;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned bucket_of(const char *id)
{
	uint32_t h = 2166136261u;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 16777619u;
	return h & (NBUCKETS - 1);
}

static struct entry *find(struct container_meta *cm, const char *id)
{
	for (struct entry *e = cm->buckets[bucket_of(id)]; e; e = e->hnext)
		if (strcmp(e->id, id) == 0)
			return e;
	return NULL;
}

static void unlink_entry(struct container_meta *cm, struct entry *e)
{
	struct entry **pp = &cm->buckets[bucket_of(e->id)];
	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	if (e->queued) {
		struct entry **qp = &cm->qhead, *prev = NULL;
		while (*qp && *qp != e) {
			prev = *qp;
			qp = &(*qp)->qnext;
		}
		if (*qp) {
			*qp = e->qnext;
			if (cm->qtail == e)
				cm->qtail = prev;
		}
		e->queued = false;
	}
	cm->st.entries--;
}

static void entry_free(struct entry *e)
{
	container_info_free(e->ci);
	ctsrc_origin_free(&e->origin);
	free(e->full_hint);
	free(e->ctr_ns);
	free(e->ctr_name);
	free(e);
}

static void enqueue(struct container_meta *cm, struct entry *e)
{
	if (e->queued || e->busy)
		return;
	e->qnext = NULL;
	if (cm->qtail)
		cm->qtail->qnext = e;
	else
		cm->qhead = e;
	cm->qtail = e;
	e->queued = true;
	pthread_cond_signal(&cm->work_cv);
}

/* A new pending entry, linked in. NULL when full or out of memory. */
static struct entry *entry_add(struct container_meta *cm, const char *id)
{
	struct entry *e;

	if (cm->st.entries >= cm->max_entries) {
		cm->st.dropped_full++;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	snprintf(e->id, sizeof(e->id), "%s", id);
	e->state = E_PENDING;
	unsigned b = bucket_of(e->id);
	e->hnext = cm->buckets[b];
	cm->buckets[b] = e;
	cm->st.entries++;
	return e;
}

static void notify(struct container_meta *cm)
{
	uint64_t one = 1;
	pthread_cond_broadcast(&cm->done_cv);
	if (write(cm->efd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is saturated, the fd is readable anyway. */
	}
}

/* ---- worker -----------------------------------------------------------------------------------
 */

static void run_lookup(struct container_meta *cm, struct entry *e)
{
	struct ctsrc_query q = {.id = e->id,
				.full_id = e->full_hint ? e->full_hint : "",
				.ctr_ns = e->ctr_ns,
				.ctr_name = e->ctr_name};
	struct ctsrc_origin origin;
	struct container_info *ci;
	int via_api = 0;

	e->busy = true;
	pthread_mutex_unlock(&cm->mu);
	ci = ctsrc_lookup(&cm->roots, &q, &origin, &via_api);
	pthread_mutex_lock(&cm->mu);
	e->busy = false;
	cm->st.lookups++;
	if (ci)
		via_api ? cm->st.api_hits++ : cm->st.disk_hits++;
	else
		cm->st.not_found++;
	if (e->forgotten) {
		container_info_free(ci);
		if (ci)
			ctsrc_origin_free(&origin);
		entry_free(e);
	} else if (ci) {
		e->ci = ci;
		e->origin = origin;
		e->state = E_READY;
	} else {
		e->state = E_UNKNOWN;
		e->attempts++;
		e->done_ms = now_ms();
	}
	notify(cm);
}

/* Checks every READY entry against its source; entries still UNKNOWN after all retries are
 * dropped too (no pointer to them was ever handed out, but collect() frees both kinds). */
static void run_sweep(struct container_meta *cm)
{
	struct entry **list = NULL;
	size_t n = 0, cap = 0;
	int64_t now = now_ms();

	for (unsigned b = 0; b < NBUCKETS; b++)
		for (struct entry *e = cm->buckets[b]; e; e = e->hnext) {
			if (e->gone || e->busy || e->queued)
				continue;
			if (e->state == E_UNKNOWN && e->attempts >= cm->max_retries &&
			    now - e->done_ms >= cm->retry_ms) {
				e->gone = true;
				continue;
			}
			if (e->state != E_READY)
				continue;
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct entry **nl = realloc(list, nc * sizeof(*nl));
				if (!nl)
					break;
				list = nl;
				cap = nc;
			}
			e->busy = true;
			list[n++] = e;
		}
	pthread_mutex_unlock(&cm->mu);
	int *alive = calloc(n ? n : 1, sizeof(*alive));
	for (size_t i = 0; i < n; i++)
		alive[i] = alive ? ctsrc_alive(&cm->roots, list[i]->ci, &list[i]->origin) : -1;
	pthread_mutex_lock(&cm->mu);
	for (size_t i = 0; i < n; i++) {
		struct entry *e = list[i];
		e->busy = false;
		if (e->forgotten)
			entry_free(e);
		else if (alive && alive[i] == 0)
			e->gone = true;
	}
	free(alive);
	free(list);
}

static void *worker_main(void *arg)
{
	struct container_meta *cm = arg;
	int64_t next_sweep = cm->sweep_ms > 0 ? now_ms() + cm->sweep_ms : INT64_MAX;

	pthread_mutex_lock(&cm->mu);
	while (!cm->stop) {
		if (cm->qhead) {
			struct entry *e = cm->qhead;
			cm->qhead = e->qnext;
			if (!cm->qhead)
				cm->qtail = NULL;
			e->queued = false;
			run_lookup(cm, e);
			continue;
		}
		if (cm->sweep_requested || now_ms() >= next_sweep) {
			cm->sweep_requested = false;
			run_sweep(cm);
			cm->sweeps_done++;
			if (cm->sweep_ms > 0)
				next_sweep = now_ms() + cm->sweep_ms;
			pthread_cond_broadcast(&cm->done_cv);
			continue;
		}
		if (next_sweep == INT64_MAX) {
			pthread_cond_wait(&cm->work_cv, &cm->mu);
		} else {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			int64_t left = next_sweep - now_ms();
			if (left < 0)
				left = 0;
			ts.tv_sec += left / 1000;
			ts.tv_nsec += (left % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&cm->work_cv, &cm->mu, &ts);
		}
	}
	pthread_mutex_unlock(&cm->mu);
	return NULL;
}

/* ---- life cycle -------------------------------------------------------------------------------
 */

static char *dup_or(const char *s, const char *dflt)
{
	return strdup(s ? s : dflt);
}

void container_meta_free(struct container_meta *cm)
{
	if (!cm)
		return;
	if (cm->worker) {
		pthread_mutex_lock(&cm->mu);
		cm->stop = true;
		pthread_cond_signal(&cm->work_cv);
		pthread_mutex_unlock(&cm->mu);
		pthread_join(cm->worker, NULL);
	}
	for (unsigned b = 0; b < NBUCKETS; b++)
		for (struct entry *e = cm->buckets[b], *next; e; e = next) {
			next = e->hnext;
			entry_free(e);
		}
	pthread_mutex_destroy(&cm->mu);
	pthread_cond_destroy(&cm->work_cv);
	pthread_cond_destroy(&cm->done_cv);
	if (cm->efd >= 0)
		close(cm->efd);
	for (size_t i = 0; cm->sockets && cm->sockets[i]; i++)
		free((char *)cm->sockets[i]);
	free(cm->sockets);
	free(cm->storage_root);
	free(cm->storage_run_root);
	free(cm->docker_root);
	free(cm->task_root);
	free(cm->proc_root);
	container_info_clear(&cm->host);
	free(cm);
}

struct container_meta *container_meta_new(const struct container_meta_config *config)
{
	struct container_meta_config c = {0};
	struct container_meta *cm;
	pthread_condattr_t ca;
	size_t n = 0;

	if (config)
		c = *config;
	cm = calloc(1, sizeof(*cm));
	if (!cm)
		return NULL;
	cm->efd = -1;
	pthread_mutex_init(&cm->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cm->work_cv, &ca);
	pthread_cond_init(&cm->done_cv, &ca);
	pthread_condattr_destroy(&ca);

	const char *const *socks = c.api_sockets ? c.api_sockets : default_sockets;
	while (socks[n])
		n++;
	cm->sockets = calloc(n + 1, sizeof(*cm->sockets));
	if (!cm->sockets)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (!(cm->sockets[i] = strdup(socks[i])))
			goto fail;
	cm->storage_root = dup_or(c.storage_root, "/var/lib/containers/storage");
	cm->storage_run_root = dup_or(c.storage_run_root, "/run/containers/storage");
	cm->docker_root = dup_or(c.docker_root, "/var/lib/docker");
	cm->task_root =
		dup_or(c.containerd_task_root, "/run/containerd/io.containerd.runtime.v2.task");
	cm->proc_root = dup_or(c.proc_root, "/proc");
	if (!cm->storage_root || !cm->storage_run_root || !cm->docker_root || !cm->task_root ||
	    !cm->proc_root)
		goto fail;
	cm->roots = (struct ctsrc_roots){.api_sockets = cm->sockets,
					 .storage_root = cm->storage_root,
					 .storage_run_root = cm->storage_run_root,
					 .docker_root = cm->docker_root,
					 .containerd_task_root = cm->task_root,
					 .proc_root = cm->proc_root,
					 .api_timeout_ms =
						 c.api_timeout_ms > 0 ? c.api_timeout_ms : 1000};
	cm->sweep_ms = c.sweep_interval_ms == 0 ? 10000 : c.sweep_interval_ms;
	cm->retry_ms = c.retry_ms > 0 ? c.retry_ms : 2000;
	cm->max_retries = c.max_retries > 0 ? c.max_retries : 5;
	cm->max_entries = c.max_entries ? c.max_entries : 4096;

	snprintf(cm->host.id, sizeof(cm->host.id), "host");
	cm->host.source = "host";
	cm->host.name = strdup("host");
	cm->host.full_id = strdup("host");
	cm->host.image = strdup("");
	cm->host.image_repository = strdup("");
	cm->host.image_tag = strdup("");
	cm->host.image_id = strdup("");
	cm->host.privileged_known = true;
	if (!cm->host.name || !cm->host.full_id || !cm->host.image || !cm->host.image_repository ||
	    !cm->host.image_tag || !cm->host.image_id)
		goto fail;

	cm->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (cm->efd < 0)
		goto fail;
	if ((errno = pthread_create(&cm->worker, NULL, worker_main, cm)) != 0) {
		cm->worker = 0;
		goto fail;
	}
	return cm;
fail:
	if (!errno)
		errno = ENOMEM;
	int saved = errno;
	container_meta_free(cm);
	errno = saved;
	return NULL;
}

/* ---- consumer API -----------------------------------------------------------------------------
 */

/* With the lock held. */
static enum container_meta_status get_locked(struct container_meta *cm, const char *id,
					     const char *full_id, const struct container_info **out)
{
	struct entry *e = find(cm, id);

	if (!e) {
		e = entry_add(cm, id);
		if (!e)
			return CONTAINER_META_UNKNOWN;
		if (full_id && full_id[0])
			e->full_hint = strdup(full_id);
		enqueue(cm, e);
		return CONTAINER_META_PENDING;
	}
	/* Better missing than another container's metadata. */
	if (e->ambiguous)
		return CONTAINER_META_UNKNOWN;
	switch (e->state) {
	case E_READY:
		*out = e->ci;
		return CONTAINER_META_READY;
	case E_PENDING:
		return CONTAINER_META_PENDING;
	case E_UNKNOWN:
		if (!e->full_hint && full_id && full_id[0])
			e->full_hint = strdup(full_id);
		if (!e->gone && e->attempts < cm->max_retries &&
		    now_ms() - e->done_ms >= cm->retry_ms)
			enqueue(cm, e);
		return CONTAINER_META_UNKNOWN;
	}
	return CONTAINER_META_UNKNOWN;
}

enum container_meta_status container_meta_get(struct container_meta *cm, const char *id,
					      const char *full_id,
					      const struct container_info **out)
{
	enum container_meta_status s;

	*out = NULL;
	if (!id || !id[0])
		return CONTAINER_META_UNKNOWN;
	if (strcmp(id, "host") == 0) {
		*out = &cm->host;
		return CONTAINER_META_READY;
	}
	pthread_mutex_lock(&cm->mu);
	s = get_locked(cm, id, full_id, out);
	pthread_mutex_unlock(&cm->mu);
	return s;
}

enum container_meta_status container_meta_wait(struct container_meta *cm, const char *id,
					       const char *full_id, int timeout_ms,
					       const struct container_info **out)
{
	enum container_meta_status s = container_meta_get(cm, id, full_id, out);
	struct timespec ts;

	if (s != CONTAINER_META_PENDING)
		return s;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&cm->mu);
	for (;;) {
		struct entry *e = find(cm, id);
		if (!e || e->state != E_PENDING)
			break;
		if (pthread_cond_timedwait(&cm->done_cv, &cm->mu, &ts) == ETIMEDOUT)
			break;
	}
	s = get_locked(cm, id, full_id, out);
	pthread_mutex_unlock(&cm->mu);
	return s;
}

int container_meta_notify_fd(const struct container_meta *cm)
{
	return cm->efd;
}

void container_meta_forget(struct container_meta *cm, const char *id)
{
	struct entry *e;

	pthread_mutex_lock(&cm->mu);
	if ((e = find(cm, id))) {
		unlink_entry(cm, e);
		cm->st.evicted++;
		if (e->busy)
			e->forgotten = true;
		else
			entry_free(e);
	}
	pthread_mutex_unlock(&cm->mu);
}

size_t container_meta_collect(struct container_meta *cm)
{
	size_t n = 0;

	pthread_mutex_lock(&cm->mu);
	for (unsigned b = 0; b < NBUCKETS; b++)
		for (struct entry *e = cm->buckets[b], *next; e; e = next) {
			next = e->hnext;
			if (!e->gone || e->busy)
				continue;
			unlink_entry(cm, e);
			cm->st.evicted++;
			entry_free(e);
			n++;
		}
	pthread_mutex_unlock(&cm->mu);
	return n;
}

void container_meta_sweep_now(struct container_meta *cm)
{
	struct timespec ts;

	pthread_mutex_lock(&cm->mu);
	uint64_t gen = cm->sweeps_done;
	cm->sweep_requested = true;
	pthread_cond_signal(&cm->work_cv);
	/* Wait (bounded) until a sweep that started after the request has finished, so tests can
	 * collect right after. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += 30;
	while (cm->sweep_requested || cm->sweeps_done == gen)
		if (pthread_cond_timedwait(&cm->done_cv, &cm->mu, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&cm->mu);
}

void container_meta_stats(struct container_meta *cm, struct container_meta_stats *out)
{
	pthread_mutex_lock(&cm->mu);
	*out = cm->st;
	pthread_mutex_unlock(&cm->mu);
}

/* ---- loose cgroup layouts (ctr) ---------------------------------------------------------------
 */

static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 255 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || (unsigned char)s[i] <= ' ')
			return false;
	return true;
}

static bool loose_confirm(void *arg, const char *cgroup_path, char id[CGROUP_ID_BUF])
{
	struct container_meta *cm = arg;
	char path[PATH_MAX];
	struct stat st;
	const char *ns, *slash, *name;
	size_t nslen, namelen;

	if (cgroup_path[0] != '/')
		return false;
	ns = cgroup_path + 1;
	slash = strchr(ns, '/');
	if (!slash)
		return false;
	nslen = (size_t)(slash - ns);
	name = slash + 1;
	namelen = strlen(name);
	if (!name_ok(ns, nslen) || !name_ok(name, namelen))
		return false;
	snprintf(path, sizeof(path), "%s/%.*s/%s", cm->task_root, (int)nslen, ns, name);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	snprintf(id, CGROUP_ID_BUF, "%.*s", (int)(CGROUP_ID_BUF - 1), name);

	/* Remember where the task is, and start the lookup now. */
	pthread_mutex_lock(&cm->mu);
	struct entry *e = find(cm, id);
	if (!e && (e = entry_add(cm, id))) {
		e->ctr_ns = strndup(ns, nslen);
		e->ctr_name = strdup(name);
		enqueue(cm, e);
	} else if (e && e->ctr_ns &&
		   (strncmp(e->ctr_ns, ns, nslen) != 0 || e->ctr_ns[nslen] != '\0' ||
		    !e->ctr_name || strcmp(e->ctr_name, name) != 0)) {
		/* ctr names are not hex: two tasks can share the 12 characters of the id. */
		e->ambiguous = true;
	} else if (e && e->state != E_READY && !e->busy && !e->ctr_ns) {
		e->ctr_ns = strndup(ns, nslen);
		e->ctr_name = strdup(name);
	}
	pthread_mutex_unlock(&cm->mu);
	return true;
}

struct cgroup_loose_resolver container_meta_loose_resolver(struct container_meta *cm)
{
	return (struct cgroup_loose_resolver){.confirm = loose_confirm, .arg = cm};
}

/* ---- field helpers ----------------------------------------------------------------------------
 */

static const char *kv_find(const struct container_kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].value;
	return NULL;
}

const char *container_info_label(const struct container_info *ci, const char *key)
{
	return kv_find(ci->labels, ci->nlabels, key);
}

static bool is_k8s_key(const char *key)
{
	return strncmp(key, "io.kubernetes.", 14) == 0;
}

const char *container_info_pod_label(const struct container_info *ci, const char *key)
{
	if (!ci->k8s_pod || is_k8s_key(key))
		return NULL;
	return kv_find(ci->labels, ci->nlabels, key);
}

/* snprintf-style appender. */
struct sbuf {
	char *buf;
	size_t size, len;
};

static void sb_put(struct sbuf *sb, const char *s)
{
	size_t n = strlen(s);
	if (sb->len < sb->size) {
		size_t room = sb->size - sb->len - 1;
		memcpy(sb->buf + sb->len, s, n < room ? n : room);
		sb->buf[sb->len + (n < room ? n : room)] = '\0';
	}
	sb->len += n;
}

static size_t render_kv(const struct container_info *ci, bool pod_only, char *buf, size_t size)
{
	struct sbuf sb = {buf, size, 0};
	bool first = true;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ci->nlabels; i++) {
		if (pod_only && is_k8s_key(ci->labels[i].key))
			continue;
		if (!first)
			sb_put(&sb, ",");
		sb_put(&sb, ci->labels[i].key);
		sb_put(&sb, ":");
		sb_put(&sb, ci->labels[i].value);
		first = false;
	}
	return sb.len;
}

size_t container_info_render_labels(const struct container_info *ci, char *buf, size_t size)
{
	return render_kv(ci, false, buf, size);
}

size_t container_info_render_pod_labels(const struct container_info *ci, char *buf, size_t size)
{
	if (!ci->k8s_pod) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	return render_kv(ci, true, buf, size);
}

static void mount_put(struct sbuf *sb, const struct container_mount *m)
{
	sb_put(sb, m->source);
	sb_put(sb, ":");
	sb_put(sb, m->dest);
	sb_put(sb, ":");
	sb_put(sb, m->mode);
	sb_put(sb, ":");
	sb_put(sb, m->rdwr ? "true" : "false");
	sb_put(sb, ":");
	sb_put(sb, m->propagation);
}

size_t container_mount_render(const struct container_mount *m, char *buf, size_t size)
{
	struct sbuf sb = {buf, size, 0};
	if (size)
		buf[0] = '\0';
	mount_put(&sb, m);
	return sb.len;
}

size_t container_info_render_mounts(const struct container_info *ci, char *buf, size_t size)
{
	struct sbuf sb = {buf, size, 0};

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ci->nmounts; i++) {
		if (i)
			sb_put(&sb, ",");
		mount_put(&sb, &ci->mounts[i]);
	}
	return sb.len;
}

const struct container_mount *container_info_find_mount(const struct container_info *ci,
							const char *arg, bool by_dest)
{
	char *end;
	unsigned long idx;

	if (!arg || !arg[0])
		return NULL;
	errno = 0;
	idx = strtoul(arg, &end, 10);
	if (*end == '\0' && errno == 0 && arg[0] >= '0' && arg[0] <= '9')
		return idx < ci->nmounts ? &ci->mounts[idx] : NULL;
	for (size_t i = 0; i < ci->nmounts; i++) {
		const char *s = by_dest ? ci->mounts[i].dest : ci->mounts[i].source;
		if (fnmatch(arg, s, 0) == 0)
			return &ci->mounts[i];
	}
	return NULL;
}
