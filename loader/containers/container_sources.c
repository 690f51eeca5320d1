/* container_sources.c: container metadata from the Docker-compatible API and runtime state on
 * disk (podman/CRI-O containers/storage, docker, containerd task dirs). See container_sources.h. */
#include "containers/container_sources.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "containers/unix_http.h"

/* State files larger than this are not parsed (containers.json of thousands of containers is a
 * few MiB). */
#define MAX_STATE_FILE (32u << 20)

/* ---- small helpers ------------------------------------------------------------------------ */

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static json_object *jget(json_object *o, const char *key)
{
	json_object *v = NULL;
	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v = jget(o, key);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Bool that runtimes write either as JSON bool or as "TRUE"/"true" strings. */
static int jbool(json_object *o, const char *key)
{
	json_object *v = jget(o, key);
	if (!v)
		return -1;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v);
	if (json_object_is_type(v, json_type_string))
		return strcasecmp(json_object_get_string(v), "true") == 0;
	return -1;
}

/* Parses a JSON file; NULL when absent, too large or malformed. */
static json_object *load_json(const char *path)
{
	struct stat st;
	FILE *f = fopen(path, "re");
	json_object *o = NULL;
	char *buf;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || st.st_size > (off_t)MAX_STATE_FILE) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf) {
		size_t n = fread(buf, 1, (size_t)st.st_size, f);
		buf[n] = '\0';
		o = json_tokener_parse(buf);
		free(buf);
	}
	fclose(f);
	return o;
}

static const char *strip_sha256(const char *s)
{
	return s && strncmp(s, "sha256:", 7) == 0 ? s + 7 : s;
}

static struct container_info *info_new(const char *id)
{
	struct container_info *ci = calloc(1, sizeof(*ci));
	if (ci)
		snprintf(ci->id, sizeof(ci->id), "%s", id);
	return ci;
}

static void kv_free(struct container_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void container_info_clear(struct container_info *ci)
{
	free(ci->full_id);
	free(ci->name);
	free(ci->image);
	free(ci->image_repository);
	free(ci->image_tag);
	free(ci->image_id);
	free(ci->image_digest);
	for (size_t i = 0; i < ci->nmounts; i++) {
		free(ci->mounts[i].source);
		free(ci->mounts[i].dest);
		free(ci->mounts[i].mode);
		free(ci->mounts[i].propagation);
	}
	free(ci->mounts);
	kv_free(ci->labels, ci->nlabels);
	kv_free(ci->annotations, ci->nannotations);
	free(ci->k8s_ns);
	free(ci->k8s_pod);
	free(ci->k8s_pod_uid);
	memset(ci, 0, sizeof(*ci));
}

void container_info_free(struct container_info *ci)
{
	if (!ci)
		return;
	container_info_clear(ci);
	free(ci);
}

void ctsrc_origin_free(struct ctsrc_origin *origin)
{
	free(origin->api_socket);
	free(origin->state_dir);
	memset(origin, 0, sizeof(*origin));
}

/* Adds or replaces key in a kv array. Returns false when out of memory. */
static bool kv_set(struct container_kv **arr, size_t *n, const char *key, const char *value)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i].key, key) == 0) {
			char *v = strdup(value);
			if (!v)
				return false;
			free((*arr)[i].value);
			(*arr)[i].value = v;
			return true;
		}
	struct container_kv *na = realloc(*arr, (*n + 1) * sizeof(**arr));
	if (!na)
		return false;
	*arr = na;
	na[*n].key = strdup(key);
	na[*n].value = strdup(value);
	if (!na[*n].key || !na[*n].value) {
		free(na[*n].key);
		free(na[*n].value);
		return false;
	}
	(*n)++;
	return true;
}

/* Adds the string members of a JSON object; only when absent unless `replace`. */
static void kv_add_object(struct container_kv **arr, size_t *n, json_object *o, bool replace)
{
	if (!o || !json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, k, v)
	{
		if (!json_object_is_type(v, json_type_string))
			continue;
		bool have = false;
		for (size_t i = 0; !replace && i < *n; i++)
			have = have || strcmp((*arr)[i].key, k) == 0;
		if (!have)
			kv_set(arr, n, k, json_object_get_string(v));
	}
}

static const char *kv_get(const struct container_kv *arr, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(arr[i].key, key) == 0)
			return arr[i].value;
	return NULL;
}

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct container_kv *)a)->key, ((const struct container_kv *)b)->key);
}

static bool add_mount(struct container_info *ci, const char *src, const char *dst, const char *mode,
		      bool rdwr, const char *prop)
{
	struct container_mount *nm = realloc(ci->mounts, (ci->nmounts + 1) * sizeof(*nm));
	if (!nm)
		return false;
	ci->mounts = nm;
	struct container_mount *m = &nm[ci->nmounts];
	m->source = strdup(src ? src : "");
	m->dest = strdup(dst ? dst : "");
	m->mode = strdup(mode ? mode : "");
	m->propagation = strdup(prop ? prop : "");
	m->rdwr = rdwr;
	ci->nmounts++;
	return m->source && m->dest && m->mode && m->propagation;
}

int64_t ctsrc_parse_time(const char *s)
{
	struct tm tm = {0};
	int64_t frac = 0, scale = 1000000000;
	const char *p;
	int off = 0;

	if (!s)
		return 0;
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		p = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (!p || tm.tm_year + 1900 <= 1)
		return 0;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++)
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
	}
	while (*p == ' ')
		p++;
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, hh = 0, mm = 0;
		if (sscanf(p + 1, "%2d:%2d", &hh, &mm) < 1 && sscanf(p + 1, "%2d%2d", &hh, &mm) < 1)
			return 0;
		off = sign * (hh * 3600 + mm * 60);
	}
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return 0;
	return ((int64_t)t - off) * 1000000000 + frac;
}

/* Start of a host process in ns since the epoch (from its /proc stat start time, clock ticks
 * since boot, and the current realtime − boottime offset). 0 when unknown. */
static int64_t proc_start_epoch_ns(const char *proc_root, int pid)
{
	char path[PATH_MAX], buf[1024];
	unsigned long long start = 0;
	struct timespec rt, bt;
	FILE *f;
	size_t n;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%d/stat", proc_root, pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* comm may hold spaces and ')': fields resume after the LAST ')'. starttime is field 22,
	 * i.e. the 20th after the ')' (state is field 3). */
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	p++;
	for (int field = 3; field <= 22; field++) {
		char *end;
		while (*p == ' ')
			p++;
		if (field == 22) {
			start = strtoull(p, &end, 10);
			if (end == p)
				return 0;
			break;
		}
		p = strchr(p, ' ');
		if (!p)
			return 0;
	}
	long hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	int64_t boot_epoch =
		((int64_t)rt.tv_sec - bt.tv_sec) * 1000000000 + (rt.tv_nsec - bt.tv_nsec);
	return boot_epoch + (int64_t)(start / (unsigned long long)hz) * 1000000000 +
	       (int64_t)(start % (unsigned long long)hz) * (1000000000 / hz);
}

static int read_pid_file(const char *path)
{
	FILE *f = fopen(path, "re");
	int pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%d", &pid) != 1 || pid < 0)
		pid = 0;
	fclose(f);
	return pid;
}

/* ---- fields common to every source -------------------------------------------------------- */

void container_image_split(const char *image, char **repository, char **tag, char **digest)
{
	*repository = *tag = *digest = NULL;
	if (!image)
		return;
	const char *at = strchr(image, '@');
	size_t end = at ? (size_t)(at - image) : strlen(image);
	const char *slash = memrchr(image, '/', end);
	const char *colon = memrchr(image, ':', end);

	if (at)
		*digest = strdup(at + 1);
	if (colon && (!slash || colon > slash)) {
		*repository = strndup(image, (size_t)(colon - image));
		*tag = strndup(colon + 1, end - (size_t)(colon - image) - 1);
	} else {
		*repository = strndup(image, end);
		*tag = strdup(at ? "" : "latest");
	}
}

/* Labels first, then annotations: Kubernetes metadata arrives as CRI labels (containerd, CRI-O)
 * or as annotations (podman --annotation, containerd's io.kubernetes.cri.* set). */
static const char *meta_lookup(const struct container_info *ci, const char *key)
{
	const char *v = kv_get(ci->labels, ci->nlabels, key);
	return v ? v : kv_get(ci->annotations, ci->nannotations, key);
}

static void finish_info(struct container_info *ci)
{
	const char *v;

	if (!ci->image && (v = meta_lookup(ci, "io.kubernetes.cri.image-name")))
		ci->image = strdup(v);
	if (ci->image && !ci->image_repository) {
		char *digest;
		container_image_split(ci->image, &ci->image_repository, &ci->image_tag, &digest);
		if (!ci->image_digest)
			ci->image_digest = digest;
		else
			free(digest);
	}
	if ((v = meta_lookup(ci, "io.kubernetes.pod.namespace")))
		ci->k8s_ns = strdup(v);
	if ((v = meta_lookup(ci, "io.kubernetes.pod.name")))
		ci->k8s_pod = strdup(v);
	if ((v = meta_lookup(ci, "io.kubernetes.pod.uid")))
		ci->k8s_pod_uid = strdup(v);
	if (ci->nlabels)
		qsort(ci->labels, ci->nlabels, sizeof(*ci->labels), kv_cmp);
	if (ci->nannotations)
		qsort(ci->annotations, ci->nannotations, sizeof(*ci->annotations), kv_cmp);
}

static bool under(const char *path, const char *root)
{
	size_t n = root ? strlen(root) : 0;
	return n && strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static bool has_option(json_object *opts, const char *opt)
{
	size_t n = opts && json_object_is_type(opts, json_type_array)
			   ? json_object_array_length(opts)
			   : 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(opts, i));
		if (s && strcmp(s, opt) == 0)
			return true;
	}
	return false;
}

/* Mounts, namespaces and annotations of an OCI runtime spec. Only bind mounts from outside the
 * runtimes' own state count as the container's mounts (the API reports the same set: /proc,
 * /dev, and the runtime's hosts/resolv.conf/shm files are not user mounts). */
static void parse_oci_spec(const struct ctsrc_roots *r, json_object *spec,
			   struct container_info *ci)
{
	static const char *const props[] = {"rprivate", "private", "rshared",
					    "shared",	"rslave",  "slave"};
	json_object *mounts = jget(spec, "mounts"), *ns = jget(jget(spec, "linux"), "namespaces");
	size_t n;

	n = mounts && json_object_is_type(mounts, json_type_array)
		    ? json_object_array_length(mounts)
		    : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(mounts, i), *opts = jget(m, "options");
		const char *src = jstr(m, "source"), *dst = jstr(m, "destination"),
			   *type = jstr(m, "type"), *prop = "";
		bool bind = (type && strcmp(type, "bind") == 0) || has_option(opts, "bind") ||
			    has_option(opts, "rbind");
		if (!bind || !src || !dst || src[0] != '/' || under(src, r->storage_root) ||
		    under(src, r->storage_run_root) || under(src, r->docker_root) ||
		    under(src, r->containerd_task_root) || under(src, "/var/lib/containerd") ||
		    under(src, "/run/containerd") || under(src, "/var/run/containerd"))
			continue;
		for (size_t k = 0; k < sizeof(props) / sizeof(props[0]); k++)
			if (has_option(opts, props[k])) {
				prop = props[k];
				break;
			}
		add_mount(ci, src, dst, "", !has_option(opts, "ro"), prop);
	}
	if (ns && json_object_is_type(ns, json_type_array)) {
		bool pid = false, net = false, ipc = false;
		n = json_object_array_length(ns);
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(ns, i);
			const char *t = jstr(e, "type");
			/* A namespace entry with a path joins an existing one (host or pod). */
			if (!t || jstr(e, "path"))
				continue;
			pid = pid || strcmp(t, "pid") == 0;
			net = net || strcmp(t, "network") == 0;
			ipc = ipc || strcmp(t, "ipc") == 0;
		}
		ci->host_pid = !pid;
		ci->host_network = !net;
		ci->host_ipc = !ipc;
		ci->host_ns_known = true;
	}
	kv_add_object(&ci->annotations, &ci->nannotations, jget(spec, "annotations"), true);
}

/* Privileged the way containerd's runtime spec shows it: no masked paths and CAP_SYS_ADMIN in
 * the bounding set (what `ctr run --privileged` and the CRI's privileged mode produce). */
static bool oci_looks_privileged(json_object *spec)
{
	json_object *masked = jget(jget(spec, "linux"), "maskedPaths");
	json_object *bounding = jget(jget(jget(spec, "process"), "capabilities"), "bounding");

	if (masked && json_object_is_type(masked, json_type_array) &&
	    json_object_array_length(masked) > 0)
		return false;
	return has_option(bounding, "CAP_SYS_ADMIN");
}

/* ---- Docker-compatible API --------------------------------------------------------------------
 */

/* Docker's inspect format, shared by the API answer and docker's config.v2.json (which names a
 * few things differently: MountPoints instead of Mounts, HostConfig in its own file). */
static void parse_docker_inspect(json_object *o, struct container_info *ci)
{
	json_object *cfg = jget(o, "Config"), *hc = jget(o, "HostConfig"), *mounts;
	const char *v;
	int b;

	if ((v = jstr(o, "Id")) || (v = jstr(o, "ID")))
		ci->full_id = strdup(v);
	if ((v = jstr(o, "Name")))
		ci->name = strdup(v[0] == '/' ? v + 1 : v);
	if ((v = jstr(cfg, "Image")))
		ci->image = strdup(v);
	if ((v = jstr(o, "Image")))
		ci->image_id = strdup(strip_sha256(v));
	kv_add_object(&ci->labels, &ci->nlabels, jget(cfg, "Labels"), true);
	if ((b = jbool(hc, "Privileged")) >= 0) {
		ci->privileged = b;
		ci->privileged_known = true;
	}
	if (hc) {
		const char *pm = jstr(hc, "PidMode"), *nm = jstr(hc, "NetworkMode"),
			   *im = jstr(hc, "IpcMode");
		ci->host_pid = pm && strcmp(pm, "host") == 0;
		ci->host_network = nm && strcmp(nm, "host") == 0;
		ci->host_ipc = im && strcmp(im, "host") == 0;
		ci->host_ns_known = true;
	}
	ci->start_ts = ctsrc_parse_time(jstr(jget(o, "State"), "StartedAt"));
	mounts = jget(o, "Mounts");
	if (mounts && json_object_is_type(mounts, json_type_array)) {
		size_t n = json_object_array_length(mounts);
		for (size_t i = 0; i < n; i++) {
			json_object *m = json_object_array_get_idx(mounts, i);
			add_mount(ci, jstr(m, "Source"), jstr(m, "Destination"), jstr(m, "Mode"),
				  jbool(m, "RW") == 1, jstr(m, "Propagation"));
		}
	}
	mounts = jget(o, "MountPoints");
	if (mounts && json_object_is_type(mounts, json_type_object)) {
		json_object_object_foreach(mounts, k, m)
		{
			const char *dst = jstr(m, "Destination");
			add_mount(ci, jstr(m, "Source"), dst ? dst : k, jstr(m, "Mode"),
				  jbool(m, "RW") == 1, jstr(m, "Propagation"));
		}
	}
}

static bool safe_ref(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

/* Image digest (and the image's name when the container was started from a bare id) from
 * GET /images/<id>/json: RepoDigests "repo@sha256:…", RepoTags "repo:tag". */
static void api_image_details(const struct ctsrc_roots *r, const char *sock,
			      struct container_info *ci)
{
	struct uhttp_response res;
	char target[200];
	json_object *o, *arr;

	if (!ci->image_id || !safe_ref(ci->image_id))
		return;
	snprintf(target, sizeof(target), "/images/%s/json", ci->image_id);
	if (uhttp_get(sock, target, r->api_timeout_ms, &res) != 0)
		return;
	o = res.status == 200 ? json_tokener_parse(res.body) : NULL;
	uhttp_response_free(&res);
	if (!o)
		return;
	arr = jget(o, "RepoDigests");
	if (!ci->image_digest && arr && json_object_is_type(arr, json_type_array) &&
	    json_object_array_length(arr) > 0) {
		const char *d = json_object_get_string(json_object_array_get_idx(arr, 0));
		const char *at = d ? strchr(d, '@') : NULL;
		if (at)
			ci->image_digest = strdup(at + 1);
	}
	arr = jget(o, "RepoTags");
	if (ci->image && strncmp(ci->image, "sha256:", 7) == 0 && arr &&
	    json_object_is_type(arr, json_type_array) && json_object_array_length(arr) > 0) {
		const char *t = json_object_get_string(json_object_array_get_idx(arr, 0));
		if (t) {
			free(ci->image);
			ci->image = strdup(t);
		}
	}
	json_object_put(o);
}

static void merge_podman_spec(const struct ctsrc_roots *r, struct container_info *ci,
			      struct ctsrc_origin *origin);

static struct container_info *from_api(const struct ctsrc_roots *r, const struct ctsrc_query *q,
				       struct ctsrc_origin *origin)
{
	const char *ref = q->full_id && q->full_id[0] ? q->full_id : q->id;

	if (!r->api_sockets || !safe_ref(ref))
		return NULL;
	for (const char *const *s = r->api_sockets; *s; s++) {
		struct uhttp_response res;
		char target[200];
		struct stat st;
		json_object *o;

		if (stat(*s, &st) != 0 || !S_ISSOCK(st.st_mode))
			continue;
		snprintf(target, sizeof(target), "/containers/%s/json", ref);
		if (uhttp_get(*s, target, r->api_timeout_ms, &res) != 0)
			continue;
		o = res.status == 200 ? json_tokener_parse(res.body) : NULL;
		bool libpod = strstr(res.server, "Libpod") != NULL;
		uhttp_response_free(&res);
		if (!o)
			continue;
		struct container_info *ci = info_new(q->id);
		if (!ci) {
			json_object_put(o);
			return NULL;
		}
		parse_docker_inspect(o, ci);
		json_object_put(o);
		ci->type = libpod ? "podman" : "docker";
		ci->source = "api";
		origin->api_socket = strdup(*s);
		api_image_details(r, *s, ci);
		if (libpod)
			merge_podman_spec(r, ci, origin);
		return ci;
	}
	return NULL;
}

/* ---- containers/storage: podman and CRI-O --------------------------------------------------- */

/* Finds the containers.json entry of the query: exact full id, else unique 12-char prefix. */
static json_object *storage_find(json_object *list, const struct ctsrc_query *q)
{
	size_t n = list && json_object_is_type(list, json_type_array)
			   ? json_object_array_length(list)
			   : 0;
	json_object *hit = NULL;

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(list, i);
		const char *id = jstr(e, "id");
		if (!id)
			continue;
		if (q->full_id && q->full_id[0]) {
			if (strcmp(id, q->full_id) == 0)
				return e;
		} else if (strncmp(id, q->id, strlen(q->id)) == 0) {
			if (hit)
				return NULL; /* ambiguous */
			hit = e;
		}
	}
	return hit;
}

static void image_digest_from_storage(const struct ctsrc_roots *r, struct container_info *ci)
{
	char path[PATH_MAX];
	json_object *list;

	if (!ci->image_id)
		return;
	snprintf(path, sizeof(path), "%s/overlay-images/images.json", r->storage_root);
	list = load_json(path);
	size_t n = list && json_object_is_type(list, json_type_array)
			   ? json_object_array_length(list)
			   : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(list, i);
		const char *id = jstr(e, "id"), *d = jstr(e, "digest");
		if (id && d && strcmp(id, ci->image_id) == 0) {
			ci->image_digest = strdup(d);
			break;
		}
	}
	json_object_put(list);
}

/* The OCI spec of a containers/storage container: annotations, mounts, namespaces. Fills the
 * privileged flag from podman's annotation; returns the parsed spec's CRI-O flavour. */
static bool storage_spec(const struct ctsrc_roots *r, const char *full, struct container_info *ci,
			 struct ctsrc_origin *origin)
{
	char path[PATH_MAX];
	json_object *spec;
	const char *v;

	snprintf(path, sizeof(path), "%s/overlay-containers/%s/userdata/config.json",
		 r->storage_root, full);
	spec = load_json(path);
	if (!spec)
		return false;
	parse_oci_spec(r, spec, ci);
	if ((v = kv_get(ci->annotations, ci->nannotations, "io.podman.annotations.privileged"))) {
		ci->privileged = strcasecmp(v, "true") == 0;
		ci->privileged_known = true;
	}
	json_object_put(spec);
	snprintf(path, sizeof(path), "%s/overlay-containers/%s/userdata/pidfile",
		 r->storage_run_root, full);
	if (!origin->init_pid)
		origin->init_pid = read_pid_file(path);
	return true;
}

/* After an API answer from podman: the annotations only the spec on disk has. */
static void merge_podman_spec(const struct ctsrc_roots *r, struct container_info *ci,
			      struct ctsrc_origin *origin)
{
	struct container_info tmp = {0};

	if (!ci->full_id || !safe_ref(ci->full_id))
		return;
	if (!storage_spec(r, ci->full_id, &tmp, origin))
		return;
	for (size_t i = 0; i < tmp.nannotations; i++)
		kv_set(&ci->annotations, &ci->nannotations, tmp.annotations[i].key,
		       tmp.annotations[i].value);
	if (!ci->host_ns_known) {
		ci->host_pid = tmp.host_pid;
		ci->host_network = tmp.host_network;
		ci->host_ipc = tmp.host_ipc;
		ci->host_ns_known = tmp.host_ns_known;
	}
	if (!ci->image_digest)
		image_digest_from_storage(r, ci);
	container_info_clear(&tmp);
}

static struct container_info *from_storage(const struct ctsrc_roots *r, const struct ctsrc_query *q,
					   struct ctsrc_origin *origin)
{
	char path[PATH_MAX];
	json_object *list, *e, *md = NULL;
	struct container_info *ci = NULL;
	const char *v, *full;

	snprintf(path, sizeof(path), "%s/overlay-containers/containers.json", r->storage_root);
	list = load_json(path);
	if (!list)
		return NULL;
	e = storage_find(list, q);
	if (!e || !(full = jstr(e, "id")) || !safe_ref(full) || !(ci = info_new(q->id)))
		goto out;
	ci->full_id = strdup(full);
	ci->source = "disk";
	json_object *names = jget(e, "names");
	if (names && json_object_is_type(names, json_type_array) &&
	    json_object_array_length(names) > 0)
		ci->name = xstrdup(json_object_get_string(json_object_array_get_idx(names, 0)));
	if ((v = jstr(e, "metadata")))
		md = json_tokener_parse(v);
	if ((v = jstr(md, "image-name")))
		ci->image = strdup(v);
	if ((v = jstr(md, "image-id")) || (v = jstr(e, "image")))
		ci->image_id = strdup(strip_sha256(v));
	storage_spec(r, full, ci, origin);
	const char *mgr = kv_get(ci->annotations, ci->nannotations, "io.container.manager");
	const char *crio_labels =
		kv_get(ci->annotations, ci->nannotations, "io.kubernetes.cri-o.Labels");
	if ((!mgr || strcmp(mgr, "libpod") != 0) && crio_labels) {
		/* CRI-O: the Kubernetes container name, image and labels are annotations. */
		json_object *l = json_tokener_parse(crio_labels);
		kv_add_object(&ci->labels, &ci->nlabels, l, true);
		json_object_put(l);
		ci->type = "cri-o";
		if ((v = kv_get(ci->labels, ci->nlabels, "io.kubernetes.container.name"))) {
			free(ci->name);
			ci->name = strdup(v);
		}
		if ((v = kv_get(ci->annotations, ci->nannotations,
				"io.kubernetes.cri-o.ImageName"))) {
			free(ci->image);
			ci->image = strdup(v);
		}
		json_object *priv = NULL;
		if ((v = kv_get(ci->annotations, ci->nannotations,
				"io.kubernetes.cri-o.PrivilegedRuntime")))
			priv = json_tokener_parse(v);
		if (priv) {
			ci->privileged = json_object_get_boolean(priv);
			ci->privileged_known = true;
			json_object_put(priv);
		}
	} else {
		ci->type = "podman";
	}
	image_digest_from_storage(r, ci);
	if (origin->init_pid)
		ci->start_ts = proc_start_epoch_ns(r->proc_root, origin->init_pid);
	if (!ci->start_ts)
		ci->start_ts = ctsrc_parse_time(jstr(e, "created"));
	snprintf(path, sizeof(path), "%s/overlay-containers/%s", r->storage_root, full);
	origin->state_dir = strdup(path);
out:
	json_object_put(md);
	json_object_put(list);
	return ci;
}

/* ---- docker on disk ---------------------------------------------------------------------------
 */

/* Resolves a full docker id: the given one, or the unique directory with the 12-char prefix. */
static char *docker_full_id(const struct ctsrc_roots *r, const struct ctsrc_query *q)
{
	char path[PATH_MAX];
	char *hit = NULL;
	DIR *d;
	struct dirent *de;

	if (q->full_id && q->full_id[0])
		return safe_ref(q->full_id) ? strdup(q->full_id) : NULL;
	snprintf(path, sizeof(path), "%s/containers", r->docker_root);
	d = opendir(path);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, q->id, strlen(q->id)) != 0)
			continue;
		if (hit) {
			free(hit);
			hit = NULL;
			break; /* ambiguous */
		}
		hit = strdup(de->d_name);
	}
	closedir(d);
	return hit;
}

static struct container_info *from_docker_disk(const struct ctsrc_roots *r,
					       const struct ctsrc_query *q,
					       struct ctsrc_origin *origin)
{
	char path[PATH_MAX];
	char *full = docker_full_id(r, q);
	json_object *cfg, *hc;
	struct container_info *ci;

	if (!full)
		return NULL;
	snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json", r->docker_root, full);
	cfg = load_json(path);
	if (!cfg || !(ci = info_new(q->id))) {
		json_object_put(cfg);
		free(full);
		return NULL;
	}
	parse_docker_inspect(cfg, ci);
	if (!ci->full_id)
		ci->full_id = strdup(full);
	ci->type = "docker";
	ci->source = "disk";
	json_object *st = jget(cfg, "State");
	json_object *pid = jget(st, "Pid");
	if (pid && json_object_is_type(pid, json_type_int))
		origin->init_pid = json_object_get_int(pid);
	json_object_put(cfg);
	snprintf(path, sizeof(path), "%s/containers/%s/hostconfig.json", r->docker_root, full);
	hc = load_json(path);
	if (hc) {
		json_object *wrap = json_object_new_object();
		json_object_object_add(wrap, "HostConfig", json_object_get(hc));
		struct container_info tmp = {0};
		parse_docker_inspect(wrap, &tmp);
		ci->privileged = tmp.privileged;
		ci->privileged_known = tmp.privileged_known;
		ci->host_pid = tmp.host_pid;
		ci->host_network = tmp.host_network;
		ci->host_ipc = tmp.host_ipc;
		ci->host_ns_known = tmp.host_ns_known;
		container_info_clear(&tmp);
		json_object_put(wrap);
		json_object_put(hc);
	}
	snprintf(path, sizeof(path), "%s/containers/%s", r->docker_root, full);
	origin->state_dir = strdup(path);
	free(full);
	return ci;
}

/* ---- containerd task directories ------------------------------------------------------------ */

/* Does the spec's cgroupsPath name this container? Its last component (after '/' or, for the
 * systemd driver's "slice:prefix:id" form, ':') must be the full id, or — when only the 12-char
 * id is known — start with it, possibly after a "prefix-" ("cri-containerd-<id>.scope"). */
static bool spec_cgroup_is(const char *spec_path, const struct ctsrc_query *q)
{
	json_object *spec = load_json(spec_path);
	const char *cg = jstr(jget(spec, "linux"), "cgroupsPath");
	bool yes = false;

	if (cg) {
		const char *leaf = cg + strlen(cg);
		while (leaf > cg && leaf[-1] != '/' && leaf[-1] != ':')
			leaf--;
		if (q->full_id && q->full_id[0]) {
			size_t n = strlen(leaf), m = strlen(q->full_id);
			yes = n >= m && strncmp(leaf + n - m, q->full_id, m) == 0 &&
			      (n == m || leaf[n - m - 1] == '-');
			/* "<prefix>-<id>.scope" */
			if (!yes) {
				const char *d = strrchr(leaf, '-');
				yes = d && strncmp(d + 1, q->full_id, m) == 0 &&
				      (d[1 + m] == '\0' || strcmp(d + 1 + m, ".scope") == 0);
			}
		} else {
			const char *d = strrchr(leaf, '-');
			size_t m = strlen(q->id);
			yes = strncmp(leaf, q->id, m) == 0 || (d && strncmp(d + 1, q->id, m) == 0);
		}
	}
	json_object_put(spec);
	return yes;
}

/* Finds <task_root>/<ns>/<name> for the query: the resolver's hint, the full id as a task name,
 * a unique 12-char prefix of a task name, or a task whose spec's cgroup ends in the full id
 * (Kubernetes' containerd names tasks by the same id as the cgroup leaf; ctr users may not). */
static bool containerd_find(const struct ctsrc_roots *r, const struct ctsrc_query *q, char *ns,
			    size_t nssz, char *name, size_t namesz)
{
	char path[PATH_MAX];
	bool found = false, ambiguous = false;
	DIR *d, *d2;
	struct dirent *de, *de2;

	if (q->ctr_ns && q->ctr_name) {
		snprintf(path, sizeof(path), "%s/%s/%s", r->containerd_task_root, q->ctr_ns,
			 q->ctr_name);
		if (!is_dir(path))
			return false;
		snprintf(ns, nssz, "%s", q->ctr_ns);
		snprintf(name, namesz, "%s", q->ctr_name);
		return true;
	}
	d = opendir(r->containerd_task_root);
	if (!d)
		return false;
	for (int pass = 0; pass < 2 && !found && !ambiguous; pass++) {
		rewinddir(d);
		while (!found && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", r->containerd_task_root, de->d_name);
			if (!(d2 = opendir(path)))
				continue;
			while ((de2 = readdir(d2))) {
				const char *t = de2->d_name;
				bool hit;
				if (t[0] == '.')
					continue;
				if (pass == 0 && q->full_id && q->full_id[0]) {
					hit = strcmp(t, q->full_id) == 0;
				} else if (pass == 0) {
					hit = strncmp(t, q->id, strlen(q->id)) == 0;
				} else {
					char sp[PATH_MAX];
					snprintf(sp, sizeof(sp), "%s/%s/%s/config.json",
						 r->containerd_task_root, de->d_name, t);
					hit = spec_cgroup_is(sp, q);
				}
				if (!hit)
					continue;
				if (found) {
					ambiguous = true;
					break;
				}
				snprintf(ns, nssz, "%s", de->d_name);
				snprintf(name, namesz, "%s", t);
				found = true;
			}
			closedir(d2);
		}
	}
	closedir(d);
	return found && !ambiguous;
}

static struct container_info *from_containerd(const struct ctsrc_roots *r,
					      const struct ctsrc_query *q,
					      struct ctsrc_origin *origin)
{
	char ns[256], name[256], path[PATH_MAX];
	struct container_info *ci;
	json_object *spec;
	const char *v;

	if (!containerd_find(r, q, ns, sizeof(ns), name, sizeof(name)))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s/%s/config.json", r->containerd_task_root, ns, name);
	spec = load_json(path);
	if (!spec || !(ci = info_new(q->id))) {
		json_object_put(spec);
		return NULL;
	}
	ci->full_id = strdup(name);
	ci->source = "disk";
	/* docker runs its containers in containerd's "moby" namespace. */
	ci->type = strcmp(ns, "moby") == 0 ? "docker" : "containerd";
	parse_oci_spec(r, spec, ci);
	ci->privileged = oci_looks_privileged(spec);
	ci->privileged_known = true;
	json_object_put(spec);
	/* `ctr run --label` and the CRI's container labels land in the spec's annotations. */
	for (size_t i = 0; i < ci->nannotations; i++)
		kv_set(&ci->labels, &ci->nlabels, ci->annotations[i].key, ci->annotations[i].value);
	if ((v = kv_get(ci->labels, ci->nlabels, "io.kubernetes.container.name")) ||
	    (v = kv_get(ci->labels, ci->nlabels, "io.kubernetes.cri.container-name")))
		ci->name = strdup(v);
	else
		ci->name = strdup(name);
	snprintf(path, sizeof(path), "%s/%s/%s/init.pid", r->containerd_task_root, ns, name);
	origin->init_pid = read_pid_file(path);
	ci->start_ts = proc_start_epoch_ns(r->proc_root, origin->init_pid);
	snprintf(path, sizeof(path), "%s/%s/%s", r->containerd_task_root, ns, name);
	origin->state_dir = strdup(path);
	return ci;
}

/* ---- entry points -----------------------------------------------------------------------------
 */

struct container_info *ctsrc_lookup(const struct ctsrc_roots *r, const struct ctsrc_query *q,
				    struct ctsrc_origin *origin, int *via_api)
{
	struct container_info *ci;

	memset(origin, 0, sizeof(*origin));
	*via_api = 0;
	/* A ctr name confirmed by the loose resolver is containerd's; the API cannot know it. */
	if (!q->ctr_ns && (ci = from_api(r, q, origin))) {
		*via_api = 1;
		goto done;
	}
	ctsrc_origin_free(origin);
	if (!q->ctr_ns) {
		if ((ci = from_storage(r, q, origin)))
			goto done;
		ctsrc_origin_free(origin);
		if ((ci = from_docker_disk(r, q, origin)))
			goto done;
		ctsrc_origin_free(origin);
	}
	if ((ci = from_containerd(r, q, origin)))
		goto done;
	ctsrc_origin_free(origin);
	return NULL;
done:
	finish_info(ci);
	return ci;
}

int ctsrc_alive(const struct ctsrc_roots *r, const struct container_info *ci,
		const struct ctsrc_origin *origin)
{
	char path[PATH_MAX];

	if (origin->api_socket) {
		struct uhttp_response res;
		char target[200];
		int alive = -1;

		if (!ci->full_id || !safe_ref(ci->full_id))
			return -1;
		snprintf(target, sizeof(target), "/containers/%s/json", ci->full_id);
		if (uhttp_get(origin->api_socket, target, r->api_timeout_ms, &res) != 0)
			return -1;
		if (res.status == 404) {
			alive = 0;
		} else if (res.status == 200) {
			json_object *o = json_tokener_parse(res.body);
			alive = jbool(jget(o, "State"), "Running") == 0 ? 0 : 1;
			json_object_put(o);
		}
		uhttp_response_free(&res);
		return alive;
	}
	if (origin->state_dir && !is_dir(origin->state_dir))
		return 0;
	if (origin->init_pid > 0) {
		snprintf(path, sizeof(path), "%s/%d", r->proc_root, origin->init_pid);
		if (!is_dir(path))
			return 0;
	}
	return origin->state_dir ? 1 : -1;
}
