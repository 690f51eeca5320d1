/* Tests of loader/container_meta.c, container_sources.c and unix_http.c on fixture trees laid out
 * like podman's containers/storage, docker's /var/lib/docker, containerd's task dirs and CRI-O,
 * and against a fake Docker-compatible API server on a unix socket (a thread in this test). */
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "file_tree.h"
#include "containers/cgroup.h"
#include "containers/container_meta.h"
#include "containers/container_sources.h"
#include "events/proctable.h"
#include "containers/unix_http.h"

#define PODMAN_ID "8ec3acb969bbd17213cd355f7c6be9e6159c7226cf7372216a0636d0762768cc"
#define PRIV_ID	  "a6cf1cef1f51770fc2ffabcf2eaa06469dab7de603adfdb26b3ae342b9fbf12d"
#define CRIO_ID	  "c0ffee00000000000000000000000000000000000000000000000000000000aa"
#define DOCKER_ID "d0c4e7000000000000000000000000000000000000000000000000000000beef"
#define K8S_ID	  "4b8c5f2e9a1d000000000000000000000000000000000000000000000000cafe"
#define IMG_ID	  "6b813458a18af2929d7b6a7411341072d29261286555a8f01910e720bba3b8e2"

static void rm_tree(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

/* A podman OCI spec with one user bind, runtime-owned binds that must be left out, and the
 * given annotations (JSON object members). */
static void podman_spec(const char *id, const char *annotations)
{
	char buf[4096];
	snprintf(buf, sizeof(buf),
		 "{\"ociVersion\":\"1.0.2\",\"mounts\":["
		 "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
		 "{\"destination\":\"/mnt/host\",\"type\":\"bind\",\"source\":\"/tmp\","
		 "\"options\":[\"ro\",\"rprivate\",\"rbind\"]},"
		 "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv/data\","
		 "\"options\":[\"rbind\",\"rshared\"]},"
		 "{\"destination\":\"/etc/hosts\",\"type\":\"bind\",\"source\":\"%s/run/"
		 "overlay-containers/%s/userdata/hosts\",\"options\":[\"bind\"]}],"
		 "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"},"
		 "{\"type\":\"ipc\"},{\"type\":\"mount\"}]},"
		 "\"annotations\":{%s}}",
		 root, id, annotations);
	put(P("storage/overlay-containers/%s/userdata/config.json", id), buf);
}

static void make_fixtures(void)
{
	char buf[4096];

	strcpy(root, "/tmp/lanner-cm.XXXXXX");
	cr_assert(mkdtemp(root));
	/* podman: two containers, one privileged; CRI-O: one container in the same storage. */
	snprintf(buf, sizeof(buf),
		 "[{\"id\":\"%s\",\"names\":[\"web\"],\"image\":\"%s\",\"metadata\":"
		 "\"{\\\"image-name\\\":\\\"localhost/nginx:latest\\\",\\\"image-id\\\":\\\"%s\\\","
		 "\\\"name\\\":\\\"web\\\"}\",\"created\":\"2026-11-28T13:45:41.5Z\"},"
		 "{\"id\":\"%s\",\"names\":[\"priv\"],\"metadata\":"
		 "\"{\\\"image-name\\\":\\\"quay.io:5000/org/busybox@sha256:abc\\\"}\"},"
		 "{\"id\":\"%s\",\"names\":[\"k8s_app_pod\"],\"metadata\":\"{}\"}]",
		 PODMAN_ID, IMG_ID, IMG_ID, PRIV_ID, CRIO_ID);
	put(P("storage/overlay-containers/containers.json"), buf);
	podman_spec(PODMAN_ID, "\"io.container.manager\":\"libpod\","
			       "\"io.podman.annotations.privileged\":\"FALSE\","
			       "\"io.kubernetes.pod.name\":\"web-0\","
			       "\"io.kubernetes.pod.namespace\":\"prod\"");
	podman_spec(PRIV_ID, "\"io.container.manager\":\"libpod\","
			     "\"io.podman.annotations.privileged\":\"TRUE\"");
	podman_spec(
		CRIO_ID,
		"\"io.kubernetes.cri-o.ContainerType\":\"container\","
		"\"io.kubernetes.cri-o.ImageName\":\"docker.io/library/redis:7\","
		"\"io.kubernetes.cri-o.PrivilegedRuntime\":\"true\","
		"\"io.kubernetes.cri-o.Labels\":\"{\\\"io.kubernetes.container.name\\\":"
		"\\\"redis\\\",\\\"io.kubernetes.pod.name\\\":\\\"cache-1\\\","
		"\\\"io.kubernetes.pod.namespace\\\":\\\"infra\\\",\\\"app\\\":\\\"cache\\\"}\"");
	snprintf(buf, sizeof(buf), "[{\"id\":\"%s\",\"digest\":\"sha256:e74d\"}]", IMG_ID);
	put(P("storage/overlay-images/images.json"), buf);
	/* The init pid of the podman container: this test process (alive, has a start time). */
	snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	put(P("run/overlay-containers/%s/userdata/pidfile", PODMAN_ID), buf);

	/* docker on disk. */
	put(P("docker/containers/%s/config.v2.json", DOCKER_ID),
	    "{\"ID\":\"" DOCKER_ID "\",\"Name\":\"/api\",\"Image\":\"sha256:1234abcd\","
	    "\"Config\":{\"Image\":\"registry.local:5000/team/api\",\"Labels\":{\"tier\":\"back\","
	    "\"a\":\"1\"}},\"State\":{\"Running\":true,\"Pid\":0,"
	    "\"StartedAt\":\"2026-01-02T03:04:05.123456789Z\"},"
	    "\"MountPoints\":{\"/var/data\":{\"Source\":\"/host/data\",\"Destination\":"
	    "\"/var/data\",\"RW\":true,\"Mode\":\"z\",\"Propagation\":\"rprivate\"}}}");
	put(P("docker/containers/%s/hostconfig.json", DOCKER_ID),
	    "{\"Privileged\":true,\"PidMode\":\"host\",\"NetworkMode\":\"bridge\"}");

	/* containerd: a Kubernetes-style task (labels in annotations), privileged, and a ctr task
	 * with a plain name. */
	put(P("tasks/k8s.io/%s/config.json", K8S_ID),
	    "{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_CHOWN\",\"CAP_SYS_ADMIN\"]}},"
	    "\"linux\":{\"cgroupsPath\":\"/kubepods/besteffort/podU/" K8S_ID "\","
	    "\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/proc/1/ns/net\"},"
	    "{\"type\":\"ipc\"}]},"
	    "\"annotations\":{\"io.kubernetes.pod.name\":\"web-0\","
	    "\"io.kubernetes.pod.namespace\":\"prod\",\"io.kubernetes.pod.uid\":\"U-1\","
	    "\"io.kubernetes.container.name\":\"nginx\",\"app\":\"web\","
	    "\"io.kubernetes.cri.image-name\":\"docker.io/library/nginx:1.25\"}}");
	put(P("tasks/default/loose-name/config.json"),
	    "{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_CHOWN\"]}},"
	    "\"linux\":{\"maskedPaths\":[\"/proc/kcore\"]},\"annotations\":{}}");
	put(P("tasks/default/loose-name/init.pid"), "1\n");
	/* A task named differently from its cgroup leaf (ctr run --cgroup .../<hex> name). */
	put(P("tasks/default/renamed/config.json"),
	    "{\"linux\":{\"cgroupsPath\":\"/kubepods/pod9/"
	    "feed000000000000000000000000000000000000000000000000000000000001\"}}");
}

static void cleanup_fixtures(void)
{
	rm_tree(root);
}

static struct container_meta *new_cache(const char *const *sockets, int api_timeout_ms)
{
	static const char *const no_api[] = {NULL};
	char sr[256], rr[256], dr[256], tr[256];
	snprintf(sr, sizeof(sr), "%s/storage", root);
	snprintf(rr, sizeof(rr), "%s/run", root);
	snprintf(dr, sizeof(dr), "%s/docker", root);
	snprintf(tr, sizeof(tr), "%s/tasks", root);
	struct container_meta_config c = {.api_sockets = sockets ? sockets : no_api,
					  .storage_root = sr,
					  .storage_run_root = rr,
					  .docker_root = dr,
					  .containerd_task_root = tr,
					  .api_timeout_ms = api_timeout_ms,
					  .sweep_interval_ms = -1,
					  .retry_ms = 50,
					  .max_retries = 2};
	struct container_meta *cm = container_meta_new(&c);
	cr_assert(cm);
	return cm;
}

static const struct container_info *ready(struct container_meta *cm, const char *id,
					  const char *full)
{
	const struct container_info *ci = NULL;
	cr_assert_eq(container_meta_wait(cm, id, full, 5000, &ci), CONTAINER_META_READY, "%s", id);
	cr_assert(ci);
	return ci;
}

static char *dup12(const char *full)
{
	static char id[13];
	snprintf(id, sizeof(id), "%.12s", full);
	return id;
}

TestSuite(container_meta, .init = make_fixtures, .fini = cleanup_fixtures);

Test(container_meta, podman_from_disk)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const struct container_info *ci;
	char buf[512];

	/* The first call only enqueues. */
	cr_assert_eq(container_meta_get(cm, dup12(PODMAN_ID), PODMAN_ID, &ci),
		     CONTAINER_META_PENDING);
	ci = ready(cm, dup12(PODMAN_ID), PODMAN_ID);
	cr_assert_str_eq(ci->id, "8ec3acb969bb");
	cr_assert_str_eq(ci->full_id, PODMAN_ID);
	cr_assert_str_eq(ci->type, "podman");
	cr_assert_str_eq(ci->source, "disk");
	cr_assert_str_eq(ci->name, "web");
	cr_assert_str_eq(ci->image, "localhost/nginx:latest");
	cr_assert_str_eq(ci->image_repository, "localhost/nginx");
	cr_assert_str_eq(ci->image_tag, "latest");
	cr_assert_str_eq(ci->image_id, IMG_ID);
	cr_assert_str_eq(ci->image_digest, "sha256:e74d");
	cr_assert(ci->privileged_known);
	cr_assert_not(ci->privileged);
	cr_assert(ci->host_ns_known);
	cr_assert_not(ci->host_pid);
	cr_assert_str_eq(ci->k8s_pod, "web-0");
	cr_assert_str_eq(ci->k8s_ns, "prod");
	cr_assert_null(ci->k8s_pod_uid);
	/* Runtime-owned binds (hosts under the run root) and /proc are not user mounts. */
	cr_assert_eq(ci->nmounts, 2);
	container_info_render_mounts(ci, buf, sizeof(buf));
	cr_assert_str_eq(buf, "/tmp:/mnt/host::false:rprivate,/srv/data:/data::true:rshared");
	/* start_ts from the init pid (this process): within the last hour, not the created time. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	int64_t now_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	cr_assert(ci->start_ts > now_ns - 3600LL * 1000000000 &&
			  ci->start_ts <= now_ns + 1000000000,
		  "start_ts %lld now %lld", (long long)ci->start_ts, (long long)now_ns);
	/* Asking again is READY at once, same pointer. */
	const struct container_info *again;
	cr_assert_eq(container_meta_get(cm, dup12(PODMAN_ID), NULL, &again), CONTAINER_META_READY);
	cr_assert_eq(again, ci);
	container_meta_free(cm);
}

Test(container_meta, podman_privileged_and_prefix_lookup)
{
	struct container_meta *cm = new_cache(NULL, 0);
	/* No full id: found by its 12-char prefix. */
	const struct container_info *ci = ready(cm, dup12(PRIV_ID), NULL);
	cr_assert_str_eq(ci->full_id, PRIV_ID);
	cr_assert_str_eq(ci->name, "priv");
	cr_assert(ci->privileged);
	cr_assert_str_eq(ci->image_repository, "quay.io:5000/org/busybox");
	cr_assert_str_eq(ci->image_tag, "");
	cr_assert_str_eq(ci->image_digest, "sha256:abc");
	cr_assert_null(ci->k8s_pod);
	container_meta_free(cm);
}

Test(container_meta, crio_from_storage)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const struct container_info *ci = ready(cm, dup12(CRIO_ID), CRIO_ID);
	char buf[256];

	cr_assert_str_eq(ci->type, "cri-o");
	cr_assert_str_eq(ci->name, "redis");
	cr_assert_str_eq(ci->image, "docker.io/library/redis:7");
	cr_assert_str_eq(ci->image_repository, "docker.io/library/redis");
	cr_assert_str_eq(ci->image_tag, "7");
	cr_assert(ci->privileged);
	cr_assert_str_eq(ci->k8s_pod, "cache-1");
	cr_assert_str_eq(ci->k8s_ns, "infra");
	cr_assert_str_eq(container_info_label(ci, "app"), "cache");
	cr_assert_str_eq(container_info_pod_label(ci, "app"), "cache");
	cr_assert_null(container_info_pod_label(ci, "io.kubernetes.pod.name"));
	container_info_render_pod_labels(ci, buf, sizeof(buf));
	cr_assert_str_eq(buf, "app:cache");
	container_meta_free(cm);
}

Test(container_meta, docker_from_disk)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const struct container_info *ci = ready(cm, dup12(DOCKER_ID), NULL);
	char buf[256];

	cr_assert_str_eq(ci->type, "docker");
	cr_assert_str_eq(ci->name, "api");
	cr_assert_str_eq(ci->image, "registry.local:5000/team/api");
	cr_assert_str_eq(ci->image_repository, "registry.local:5000/team/api");
	cr_assert_str_eq(ci->image_tag, "latest");
	cr_assert_str_eq(ci->image_id, "1234abcd");
	cr_assert(ci->privileged_known && ci->privileged);
	cr_assert(ci->host_pid);
	cr_assert_not(ci->host_network);
	cr_assert_eq(ci->start_ts, 1767323045123456789LL);
	container_info_render_labels(ci, buf, sizeof(buf));
	cr_assert_str_eq(buf, "a:1,tier:back");
	container_info_render_mounts(ci, buf, sizeof(buf));
	cr_assert_str_eq(buf, "/host/data:/var/data:z:true:rprivate");
	cr_assert_null(ci->k8s_pod);
	cr_assert_null(container_info_pod_label(ci, "tier"));
	container_meta_free(cm);
}

Test(container_meta, containerd_kubernetes_task)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const struct container_info *ci = ready(cm, dup12(K8S_ID), K8S_ID);

	cr_assert_str_eq(ci->type, "containerd");
	cr_assert_str_eq(ci->full_id, K8S_ID);
	cr_assert_str_eq(ci->name, "nginx");
	cr_assert_str_eq(ci->image, "docker.io/library/nginx:1.25");
	cr_assert_str_eq(ci->image_tag, "1.25");
	cr_assert_str_eq(ci->k8s_pod, "web-0");
	cr_assert_str_eq(ci->k8s_ns, "prod");
	cr_assert_str_eq(ci->k8s_pod_uid, "U-1");
	cr_assert_str_eq(container_info_label(ci, "app"), "web");
	cr_assert_str_eq(container_info_label(ci, "io.kubernetes.pod.name"), "web-0");
	cr_assert(ci->privileged);   /* no masked paths, CAP_SYS_ADMIN */
	cr_assert(ci->host_network); /* joins /proc/1/ns/net */
	cr_assert_not(ci->host_pid);
	container_meta_free(cm);
}

Test(container_meta, containerd_task_named_apart_from_its_cgroup)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const char *full = "feed000000000000000000000000000000000000000000000000000000000001";
	const struct container_info *ci = ready(cm, "feed00000000", full);

	cr_assert_str_eq(ci->full_id, "renamed");
	cr_assert_str_eq(ci->name, "renamed");
	cr_assert_not(ci->privileged);
	container_meta_free(cm);
	/* With the 12-char id only (the process table keeps no full id). */
	cm = new_cache(NULL, 0);
	ci = ready(cm, "feed00000000", NULL);
	cr_assert_str_eq(ci->full_id, "renamed");
	container_meta_free(cm);
}

/* A fake /proc/<pid>/cgroup under the fixture root. */
static void fake_cgroup(int pid, const char *content)
{
	put(P("proc/%d/cgroup", pid), content);
}

Test(container_meta, loose_resolver_confirms_ctr_tasks_only)
{
	struct container_meta *cm = new_cache(NULL, 0);
	struct cgroup_loose_resolver loose = container_meta_loose_resolver(cm);
	char id[CGROUP_ID_BUF], full[CGROUP_FULL_ID_BUF], proc[300];

	snprintf(proc, sizeof(proc), "%s/proc", root);
	fake_cgroup(100, "0::/default/loose-name\n");
	fake_cgroup(101, "0::/default/not-a-task\n");
	fake_cgroup(102, "0::/process_api/abc\n");
	fake_cgroup(103, "0::/default/loose-name/sub\n");
	cr_assert_eq(cgroup_container_id(proc, 100, &loose, id, full), 0);
	cr_assert_str_eq(id, "loose-name");
	cr_assert_str_eq(full, "");
	cr_assert_eq(cgroup_container_id(proc, 101, &loose, id, full), 0);
	cr_assert_str_eq(id, "host");
	cr_assert_eq(cgroup_container_id(proc, 102, &loose, id, full), 0);
	cr_assert_str_eq(id, "host");
	cr_assert_eq(cgroup_container_id(proc, 103, &loose, id, full), 0);
	cr_assert_str_eq(id, "host");
	/* The resolver already queued the lookup with the task's namespace and name. */
	const struct container_info *ci = ready(cm, "loose-name", NULL);
	cr_assert_str_eq(ci->type, "containerd");
	cr_assert_str_eq(ci->name, "loose-name");
	cr_assert_str_eq(ci->full_id, "loose-name");
	cr_assert(ci->privileged_known);
	cr_assert_not(ci->privileged); /* masked paths */
	cr_assert_null(ci->image);
	container_meta_free(cm);
}

Test(container_meta, proctable_scan_uses_the_loose_resolver)
{
	struct container_meta *cm = new_cache(NULL, 0);
	struct cgroup_loose_resolver loose = container_meta_loose_resolver(cm);
	struct proctable *pt = proctable_new(NULL);
	char proc[300];

	snprintf(proc, sizeof(proc), "%s/proc", root);
	fake_cgroup(120, "0::/default/loose-name\n");
	put(P("proc/120/stat"), "120 (sleep) S 1 120 120 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 "
				"4242 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 "
				"0 0 0 0 0 0 0 0 0 0 0 0\n");
	cr_assert_eq(proctable_scan_pid(pt, proc, 120), 0);
	cr_assert_str_eq(proctable_get(pt, 120)->container_id, "host"); /* strict only */
	proctable_set_loose_resolver(pt, &loose);
	cr_assert_eq(proctable_scan_pid(pt, proc, 120), 0);
	const struct proc_entry *e = proctable_get(pt, 120);
	cr_assert_str_eq(e->container_id, "loose-name");
	const struct container_info *ci = ready(cm, e->container_id, NULL);
	cr_assert_str_eq(ci->name, "loose-name");
	proctable_free(pt);
	container_meta_free(cm);
}

Test(container_meta, loose_ids_shared_by_two_tasks_give_no_metadata)
{
	struct container_meta *cm = new_cache(NULL, 0);
	struct cgroup_loose_resolver loose = container_meta_loose_resolver(cm);
	char id[CGROUP_ID_BUF], full[CGROUP_FULL_ID_BUF], proc[300];
	const struct container_info *ci;

	put(P("tasks/default/lanner-meta-a/config.json"), "{}");
	put(P("tasks/default/lanner-meta-b/config.json"), "{}");
	snprintf(proc, sizeof(proc), "%s/proc", root);
	fake_cgroup(110, "0::/default/lanner-meta-a\n");
	fake_cgroup(111, "0::/default/lanner-meta-b\n");
	cr_assert_eq(cgroup_container_id(proc, 110, &loose, id, full), 0);
	cr_assert_str_eq(id, "lanner-meta-");
	ci = ready(cm, "lanner-meta-", NULL);
	cr_assert_str_eq(ci->name, "lanner-meta-a");
	/* The second task has the same 12 characters: neither gets the other's metadata. */
	cr_assert_eq(cgroup_container_id(proc, 111, &loose, id, full), 0);
	cr_assert_str_eq(id, "lanner-meta-");
	cr_assert_eq(container_meta_get(cm, "lanner-meta-", NULL, &ci), CONTAINER_META_UNKNOWN);
	cr_assert_null(ci);
	container_meta_free(cm);
}

Test(container_meta, unknown_and_host)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const struct container_info *ci;

	cr_assert_eq(container_meta_wait(cm, "0123456789ab", NULL, 5000, &ci),
		     CONTAINER_META_UNKNOWN);
	cr_assert_null(ci);
	cr_assert_eq(container_meta_get(cm, "host", NULL, &ci), CONTAINER_META_READY);
	cr_assert_str_eq(ci->name, "host");
	cr_assert_str_eq(ci->image_repository, "");
	cr_assert_null(ci->k8s_pod);
	cr_assert_eq(container_meta_get(cm, "", NULL, &ci), CONTAINER_META_UNKNOWN);
	/* Unknown ids are retried (retry_ms 50, 2 attempts) when asked again. */
	usleep(80 * 1000);
	cr_assert_eq(container_meta_get(cm, "0123456789ab", NULL, &ci), CONTAINER_META_UNKNOWN);
	usleep(200 * 1000);
	struct container_meta_stats st;
	container_meta_stats(cm, &st);
	cr_assert_eq(st.not_found, 2);
	cr_assert_eq(st.lookups, 2);
	container_meta_free(cm);
}

Test(container_meta, eviction_when_gone_and_forget)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const struct container_info *ci;
	struct container_meta_stats st;

	ready(cm, dup12(DOCKER_ID), NULL);
	ready(cm, dup12(PODMAN_ID), PODMAN_ID);
	/* Still there: a sweep evicts nothing. */
	container_meta_sweep_now(cm);
	cr_assert_eq(container_meta_collect(cm), 0);
	rm_tree(P("docker/containers/%s", DOCKER_ID));
	container_meta_sweep_now(cm);
	cr_assert_eq(container_meta_collect(cm), 1);
	container_meta_stats(cm, &st);
	cr_assert_eq(st.evicted, 1);
	cr_assert_eq(st.entries, 1);
	/* Gone for good: asking again starts a new lookup, which finds nothing. */
	cr_assert_eq(container_meta_get(cm, dup12(DOCKER_ID), NULL, &ci), CONTAINER_META_PENDING);
	cr_assert_eq(container_meta_wait(cm, dup12(DOCKER_ID), NULL, 5000, &ci),
		     CONTAINER_META_UNKNOWN);
	container_meta_forget(cm, dup12(PODMAN_ID));
	container_meta_stats(cm, &st);
	cr_assert_eq(st.entries, 1); /* the unknown docker id */
	cr_assert_eq(container_meta_get(cm, dup12(PODMAN_ID), PODMAN_ID, &ci),
		     CONTAINER_META_PENDING);
	container_meta_free(cm);
}

Test(container_meta, max_entries_bound)
{
	static const char *const no_api[] = {NULL};
	struct container_meta_config c = {
		.api_sockets = no_api, .max_entries = 2, .sweep_interval_ms = -1};
	struct container_meta *cm = container_meta_new(&c);
	const struct container_info *ci;
	struct container_meta_stats st;

	cr_assert_eq(container_meta_get(cm, "aaaaaaaaaaaa", NULL, &ci), CONTAINER_META_PENDING);
	cr_assert_eq(container_meta_get(cm, "bbbbbbbbbbbb", NULL, &ci), CONTAINER_META_PENDING);
	cr_assert_eq(container_meta_get(cm, "cccccccccccc", NULL, &ci), CONTAINER_META_UNKNOWN);
	container_meta_stats(cm, &st);
	cr_assert_eq(st.dropped_full, 1);
	container_meta_free(cm);
}

/* ---- fake Docker-compatible API ---------------------------------------------------------------
 */

struct fake_api {
	char path[100];
	int lfd;
	bool hang;    /* accept and never answer */
	bool chunked; /* answer with chunked transfer coding */
	const char *server;
	volatile bool stop;
	int requests;
	char last_target[256];
	pthread_t th;
};

static void send_str(int fd, const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void *fake_api_main(void *arg)
{
	struct fake_api *fa = arg;
	while (!fa->stop) {
		struct pollfd p = {.fd = fa->lfd, .events = POLLIN};
		if (poll(&p, 1, 20) <= 0)
			continue;
		int c = accept(fa->lfd, NULL, NULL);
		if (c < 0)
			continue;
		char req[2048];
		ssize_t n = recv(c, req, sizeof(req) - 1, 0);
		req[n > 0 ? n : 0] = '\0';
		fa->requests++;
		sscanf(req, "GET %255s", fa->last_target);
		if (fa->hang) {
			while (!fa->stop)
				usleep(10 * 1000);
			close(c);
			continue;
		}
		char body[2048], resp[4096];
		int status = 404;
		if (strstr(fa->last_target, "/containers/" PODMAN_ID)) {
			status = 200;
			snprintf(
				body, sizeof(body),
				"{\"Id\":\"%s\",\"Name\":\"/web-from-api\",\"Image\":\"sha256:%s\","
				"\"State\":{\"Running\":true,\"StartedAt\":"
				"\"2026-11-28T13:45:41.735189634Z\"},"
				"\"Config\":{\"Image\":\"localhost/nginx:latest\",\"Labels\":"
				"{\"team\":\"blue\"}},\"HostConfig\":{\"Privileged\":false},"
				"\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/"
				"tmp\",\"Destination\":"
				"\"/mnt/host\",\"Mode\":\"\",\"RW\":false,\"Propagation\":"
				"\"rprivate\"}]}",
				PODMAN_ID, IMG_ID);
		} else if (strstr(fa->last_target, "/images/")) {
			status = 200;
			snprintf(body, sizeof(body),
				 "{\"RepoDigests\":[\"localhost/nginx@sha256:feedface\"]}");
		} else {
			snprintf(body, sizeof(body), "{\"message\":\"no such container\"}");
		}
		if (fa->chunked) {
			size_t half = strlen(body) / 2;
			snprintf(resp, sizeof(resp),
				 "HTTP/1.1 %d X\r\nServer: %s\r\nTransfer-Encoding: chunked\r\n\r\n"
				 "%zx\r\n%.*s\r\n%zx;ext=1\r\n%s\r\n0\r\n\r\n",
				 status, fa->server, half, (int)half, body, strlen(body) - half,
				 body + half);
		} else {
			snprintf(resp, sizeof(resp),
				 "HTTP/1.1 %d X\r\nServer: %s\r\nContent-Length: %zu\r\n\r\n%s",
				 status, fa->server, strlen(body), body);
		}
		send_str(c, resp);
		close(c);
	}
	return NULL;
}

static void fake_api_start(struct fake_api *fa)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(fa->path, sizeof(fa->path), "%s/api.sock", root);
	memcpy(sa.sun_path, fa->path, strlen(fa->path) + 1);
	if (!fa->server)
		fa->server = "Libpod/4.3.1 (linux)";
	fa->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	cr_assert_geq(fa->lfd, 0);
	cr_assert_eq(bind(fa->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(fa->lfd, 8), 0);
	cr_assert_eq(pthread_create(&fa->th, NULL, fake_api_main, fa), 0);
}

static void fake_api_stop(struct fake_api *fa)
{
	fa->stop = true;
	pthread_join(fa->th, NULL);
	close(fa->lfd);
	unlink(fa->path);
}

Test(container_meta, api_preferred_and_annotations_merged)
{
	struct fake_api fa = {.chunked = true};
	fake_api_start(&fa);
	const char *const socks[] = {"/nonexistent/docker.sock", fa.path, NULL};
	struct container_meta *cm = new_cache(socks, 1000);

	const struct container_info *ci = ready(cm, dup12(PODMAN_ID), PODMAN_ID);
	cr_assert_str_eq(ci->source, "api");
	cr_assert_str_eq(ci->type, "podman"); /* Server: Libpod */
	cr_assert_str_eq(ci->name, "web-from-api");
	cr_assert_str_eq(ci->image_repository, "localhost/nginx");
	cr_assert_str_eq(ci->image_id, IMG_ID);
	cr_assert_str_eq(ci->image_digest, "sha256:feedface");
	cr_assert_str_eq(container_info_label(ci, "team"), "blue");
	cr_assert(ci->privileged_known && !ci->privileged);
	cr_assert_eq(ci->start_ts, 1795873541735189634LL);
	/* k8s metadata from podman's annotations, which only the spec on disk has. */
	cr_assert_str_eq(ci->k8s_pod, "web-0");
	cr_assert_str_eq(ci->k8s_ns, "prod");
	/* Containers the API does not know fall back to disk. */
	ci = ready(cm, dup12(DOCKER_ID), NULL);
	cr_assert_str_eq(ci->source, "disk");
	struct container_meta_stats st;
	container_meta_stats(cm, &st);
	cr_assert_eq(st.api_hits, 1);
	cr_assert_eq(st.disk_hits, 1);
	/* Liveness through the API: still running. */
	container_meta_sweep_now(cm);
	cr_assert_eq(container_meta_collect(cm), 0);
	container_meta_free(cm);
	fake_api_stop(&fa);
}

Test(container_meta, docker_server_is_docker_type)
{
	struct fake_api fa = {.server = "Docker/24.0.5 (linux)"};
	fake_api_start(&fa);
	const char *const socks[] = {fa.path, NULL};
	struct container_meta *cm = new_cache(socks, 1000);
	const struct container_info *ci = ready(cm, dup12(PODMAN_ID), PODMAN_ID);
	cr_assert_str_eq(ci->type, "docker");
	cr_assert_null(ci->k8s_pod); /* no podman spec merge for docker */
	container_meta_free(cm);
	fake_api_stop(&fa);
}

Test(container_meta, hung_api_never_blocks_get_and_falls_back)
{
	struct fake_api fa = {.hang = true};
	fake_api_start(&fa);
	const char *const socks[] = {fa.path, NULL};
	struct container_meta *cm = new_cache(socks, 200);
	const struct container_info *ci;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(container_meta_get(cm, dup12(PODMAN_ID), PODMAN_ID, &ci),
			     CONTAINER_META_PENDING);
	clock_gettime(CLOCK_MONOTONIC, &b);
	long us = (b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000;
	cr_assert_lt(us, 150000, "1000 gets took %ld us while the API hangs", us);
	/* After the 200 ms API deadline the worker reads the disk. */
	ci = ready(cm, dup12(PODMAN_ID), PODMAN_ID);
	cr_assert_str_eq(ci->source, "disk");
	cr_assert_str_eq(ci->name, "web");
	container_meta_free(cm);
	fake_api_stop(&fa);
}

Test(container_meta, notify_fd_becomes_readable)
{
	struct container_meta *cm = new_cache(NULL, 0);
	const struct container_info *ci;
	struct pollfd p = {.fd = container_meta_notify_fd(cm), .events = POLLIN};

	cr_assert_eq(container_meta_get(cm, dup12(PODMAN_ID), PODMAN_ID, &ci),
		     CONTAINER_META_PENDING);
	cr_assert_eq(poll(&p, 1, 5000), 1);
	cr_assert_eq(container_meta_get(cm, dup12(PODMAN_ID), PODMAN_ID, &ci),
		     CONTAINER_META_READY);
	container_meta_free(cm);
}

/* ---- unix_http --------------------------------------------------------------------------------
 */

Test(container_meta, http_statuses_and_errors)
{
	struct fake_api fa = {0};
	struct uhttp_response res;
	char sock[256];

	fake_api_start(&fa);
	cr_assert_eq(uhttp_get(fa.path, "/containers/nope/json", 1000, &res), 0);
	cr_assert_eq(res.status, 404);
	cr_assert_str_eq(res.server, "Libpod/4.3.1 (linux)");
	cr_assert(strstr(res.body, "no such container"));
	uhttp_response_free(&res);
	cr_assert_eq(uhttp_get(fa.path, "/x y", 1000, &res), -EINVAL);
	cr_assert_eq(uhttp_get(fa.path, "/x\r\nHost: evil", 1000, &res), -EINVAL);
	fake_api_stop(&fa);
	snprintf(sock, sizeof(sock), "%s/none.sock", root);
	cr_assert_eq(uhttp_get(sock, "/", 1000, &res), -ENOENT);
}

Test(container_meta, http_timeout)
{
	struct fake_api fa = {.hang = true};
	struct uhttp_response res;
	struct timespec a, b;

	fake_api_start(&fa);
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_eq(uhttp_get(fa.path, "/containers/x/json", 150, &res), -ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	cr_assert(ms >= 140 && ms < 1000, "%ld ms", ms);
	fake_api_stop(&fa);
}

/* ---- pure helpers -----------------------------------------------------------------------------
 */

static void split_is(const char *image, const char *repo, const char *tag, const char *digest)
{
	char *r, *t, *d;
	container_image_split(image, &r, &t, &d);
	cr_assert_str_eq(r, repo, "%s", image);
	cr_assert_str_eq(t, tag, "%s", image);
	if (digest)
		cr_assert_str_eq(d, digest, "%s", image);
	else
		cr_assert_null(d, "%s", image);
	free(r);
	free(t);
	free(d);
}

Test(container_meta, image_split)
{
	split_is("localhost/nginx:latest", "localhost/nginx", "latest", NULL);
	split_is("nginx", "nginx", "latest", NULL);
	split_is("docker.io/library/nginx:1.25", "docker.io/library/nginx", "1.25", NULL);
	split_is("registry:5000/app", "registry:5000/app", "latest", NULL);
	split_is("registry:5000/app:v2", "registry:5000/app", "v2", NULL);
	split_is("app@sha256:ab", "app", "", "sha256:ab");
	split_is("app:v1@sha256:ab", "app", "v1", "sha256:ab");
}

Test(container_meta, parse_time)
{
	cr_assert_eq(ctsrc_parse_time("1970-01-01T00:00:01Z"), 1000000000LL);
	cr_assert_eq(ctsrc_parse_time("1970-01-01T00:00:01.5Z"), 1500000000LL);
	cr_assert_eq(ctsrc_parse_time("1970-01-01T01:00:01+01:00"), 1000000000LL);
	cr_assert_eq(ctsrc_parse_time("2026-11-28T13:45:41.735189634Z"), 1795873541735189634LL);
	cr_assert_eq(ctsrc_parse_time("0001-01-01T00:00:00Z"), 0);
	cr_assert_eq(ctsrc_parse_time("garbage"), 0);
	cr_assert_eq(ctsrc_parse_time(NULL), 0);
}

Test(container_meta, mount_lookup_and_render_truncation)
{
	struct container_mount m[] = {
		{"/var/run/docker.sock", "/run/docker.sock", "", true, "rprivate"},
		{"/etc", "/host/etc", "ro", false, ""},
	};
	struct container_info ci = {.mounts = m, .nmounts = 2};
	char buf[16];

	cr_assert_eq(container_info_find_mount(&ci, "0", false), &m[0]);
	cr_assert_eq(container_info_find_mount(&ci, "1", false), &m[1]);
	cr_assert_null(container_info_find_mount(&ci, "2", false));
	cr_assert_eq(container_info_find_mount(&ci, "/var/run/docker.sock", false), &m[0]);
	cr_assert_eq(container_info_find_mount(&ci, "/e*", false), &m[1]);
	cr_assert_null(container_info_find_mount(&ci, "/nothing*", false));
	cr_assert_eq(container_info_find_mount(&ci, "/host/*", true), &m[1]);
	cr_assert_null(container_info_find_mount(&ci, "", false));
	size_t n = container_info_render_mounts(&ci, buf, sizeof(buf));
	cr_assert_eq(n, strlen("/var/run/docker.sock:/run/docker.sock::true:rprivate,"
			       "/etc:/host/etc:ro:false:"));
	cr_assert_str_eq(buf, "/var/run/docker");
	n = container_mount_render(&m[1], buf, sizeof(buf));
	cr_assert_eq(n, strlen("/etc:/host/etc:ro:false:"));
}
