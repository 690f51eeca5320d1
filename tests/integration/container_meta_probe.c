/* container_meta_probe: prints the container and user metadata Lanner's userspace gives a
 * process, one `field=value` line each (missing fields are omitted; `status=` says whether the
 * container lookup answered). Used by container_meta.test.sh.
 *   container_meta_probe [--socket PATH]... [--no-api] [--watch-gone SECONDS] PID
 * --socket replaces the default API socket list; --no-api uses state on disk only;
 * --watch-gone: after printing, prints "watching", then sweeps every 100 ms until the cache
 * evicts the container (prints "evicted=1") or SECONDS pass ("evicted=0").
 * Exit 0; 1 when /proc/PID cannot be read; 2 on usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "containers/cgroup.h"
#include "containers/container_meta.h"
#include "containers/userdb.h"

static void put(const char *k, const char *v)
{
	if (v)
		printf("%s=%s\n", k, v);
}

/* Effective uid/gid from /proc/PID/status, loginuid from /proc/PID/loginuid. */
static int read_ids(int pid, unsigned *uid, unsigned *gid, long long *loginuid)
{
	char path[64], line[256];
	unsigned a, b;
	FILE *f;
	int got = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (!(f = fopen(path, "re")))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Uid: %u %u", &a, &b) == 2)
			*uid = b, got++;
		if (sscanf(line, "Gid: %u %u", &a, &b) == 2)
			*gid = b, got++;
	}
	fclose(f);
	*loginuid = -1;
	snprintf(path, sizeof(path), "/proc/%d/loginuid", pid);
	if ((f = fopen(path, "re"))) {
		unsigned long long v;
		if (fscanf(f, "%llu", &v) == 1 && v < 4294967295ull)
			*loginuid = (long long)v;
		fclose(f);
	}
	return got == 2 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *socks[16];
	const char *const none[] = {NULL};
	int nsock = 0, pid = 0, watch_s = 0;
	bool no_api = false;
	struct container_meta_config cfg = {.sweep_interval_ms = -1};

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc && nsock < 15)
			socks[nsock++] = argv[++i];
		else if (strcmp(argv[i], "--no-api") == 0)
			no_api = true;
		else if (strcmp(argv[i], "--watch-gone") == 0 && i + 1 < argc)
			watch_s = atoi(argv[++i]);
		else if (!pid && atoi(argv[i]) > 0)
			pid = atoi(argv[i]);
		else {
			fprintf(stderr, "usage: container_meta_probe [--socket PATH]... [--no-api] "
					"[--watch-gone SECONDS] PID\n");
			return 2;
		}
	}
	if (!pid) {
		fprintf(stderr, "usage: container_meta_probe [--socket PATH]... [--no-api] "
				"[--watch-gone SECONDS] PID\n");
		return 2;
	}
	socks[nsock] = NULL;
	if (no_api)
		cfg.api_sockets = none;
	else if (nsock)
		cfg.api_sockets = socks;

	struct container_meta *cm = container_meta_new(&cfg);
	struct userdb *db = userdb_new(NULL);
	if (!cm || !db) {
		perror("container_meta_probe");
		return 1;
	}
	struct cgroup_loose_resolver loose = container_meta_loose_resolver(cm);
	char id[CGROUP_ID_BUF], full[CGROUP_FULL_ID_BUF];
	if (cgroup_container_id(NULL, pid, &loose, id, full) < 0) {
		fprintf(stderr, "container_meta_probe: cannot read /proc/%d/cgroup\n", pid);
		container_meta_free(cm);
		userdb_free(db);
		return 1;
	}
	put("container.id", id);

	const struct container_info *ci = NULL;
	enum container_meta_status s = container_meta_wait(cm, id, full, 5000, &ci);
	put("status", s == CONTAINER_META_READY	    ? "ready"
		      : s == CONTAINER_META_PENDING ? "pending"
						    : "unknown");
	if (ci) {
		char buf[8192];
		put("container.full_id", ci->full_id);
		put("container.name", ci->name);
		put("container.image", ci->image);
		put("container.image.repository", ci->image_repository);
		put("container.image.tag", ci->image_tag);
		put("container.image.id", ci->image_id);
		put("container.image.digest", ci->image_digest);
		put("container.type", ci->type);
		put("source", ci->source);
		if (ci->privileged_known)
			put("container.privileged", ci->privileged ? "true" : "false");
		container_info_render_mounts(ci, buf, sizeof(buf));
		put("container.mounts", buf);
		if (ci->start_ts)
			printf("container.start_ts=%lld\n", (long long)ci->start_ts);
		container_info_render_labels(ci, buf, sizeof(buf));
		put("container.labels", buf);
		put("k8s.ns.name", ci->k8s_ns);
		put("k8s.pod.name", ci->k8s_pod);
		put("k8s.pod.uid", ci->k8s_pod_uid);
		if (ci->k8s_pod) {
			container_info_render_pod_labels(ci, buf, sizeof(buf));
			put("k8s.pod.labels", buf);
		}
	}

	unsigned uid = 0, gid = 0;
	long long loginuid = -1;
	if (read_ids(pid, &uid, &gid, &loginuid) == 0) {
		struct userdb_user u;
		userdb_user(db, pid, 0, uid, &u);
		printf("user.uid=%u\n", uid);
		put("user.name", u.name);
		put("user.homedir", u.homedir);
		put("user.shell", u.shell);
		put("group.name", userdb_group_name(db, pid, 0, gid));
		put("user.loginname", userdb_login_name(db, pid, 0, loginuid));
	}
	if (watch_s > 0 && ci) {
		int evicted = 0;
		printf("watching\n");
		fflush(stdout);
		for (int t = 0; t < watch_s * 10 && !evicted; t++) {
			container_meta_sweep_now(cm);
			evicted = container_meta_collect(cm) > 0;
			if (!evicted)
				usleep(100 * 1000);
		}
		printf("evicted=%d\n", evicted);
	}
	container_meta_free(cm);
	userdb_free(db);
	return 0;
}
