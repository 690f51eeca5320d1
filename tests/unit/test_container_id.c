/* Tests of the cgroup → container id classifier (container_id.h) and loader/cgroup.c. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "containers/cgroup.h"
#include "shared_definitions/container_id.h"

#define HEX64 "3f1a9c0d2b7e4f6a8c1d3e5f7a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a2b"
#define ID12  "3f1a9c0d2b7e"

static int classify(const char *path, char id[CGROUP_ID_BUF])
{
	return cgroup_classify_path(path, strlen(path), id, NULL);
}

static void expect(const char *path, int layout, const char *want)
{
	char id[CGROUP_ID_BUF], full[CGROUP_FULL_ID_BUF];
	int got = cgroup_classify_path(path, strlen(path), id, full);

	cr_expect_eq(got, layout, "%s: layout %d, want %d", path, got, layout);
	cr_expect_str_eq(id, want, "%s: id %s, want %s", path, id, want);
	if (layout != LANNER_CT_HOST)
		cr_expect_str_eq(full, HEX64, "%s: full id %s", path, full);
	else
		cr_expect_str_eq(full, "", "%s: full id on host", path);
}

Test(container_id, runtime_layouts)
{
	expect("/docker/" HEX64, LANNER_CT_BARE, ID12);
	expect("/" HEX64, LANNER_CT_BARE, ID12);
	expect("/kubepods/besteffort/pod0b7c2f3e-1111-4a5b-9c8d-0123456789ab/" HEX64,
	       LANNER_CT_BARE, ID12);
	expect("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
	       "cri-containerd-" HEX64 ".scope",
	       LANNER_CT_CRI_CONTAINERD, ID12);
	expect("/system.slice/docker-" HEX64 ".scope", LANNER_CT_DOCKER, ID12);
	expect("/docker-" HEX64, LANNER_CT_DOCKER, ID12);
	expect("/kubepods.slice/crio-" HEX64 ".scope", LANNER_CT_CRIO, ID12);
	expect("/crio-" HEX64, LANNER_CT_CRIO, ID12);
	expect("/libpod_parent/libpod-" HEX64, LANNER_CT_LIBPOD, ID12);
	expect("/machine.slice/libpod-" HEX64 ".scope", LANNER_CT_LIBPOD, ID12);
	expect("/machine.slice/libpod-" HEX64 ".scope/container", LANNER_CT_LIBPOD, ID12);
	expect("/libpod_parent/libpod-payload-" HEX64, LANNER_CT_LIBPOD, ID12);
	expect("/nerdctl-" HEX64 ".scope", LANNER_CT_NERDCTL, ID12);
	expect("/nerdctl.slice/nerdctl-" HEX64, LANNER_CT_NERDCTL, ID12);
	expect("/system.slice/containerd.service/"
	       "kubepods-besteffort-pod1.slice:cri-containerd:" HEX64,
	       LANNER_CT_CRI_CONTAINERD, ID12);
}

Test(container_id, host_layouts)
{
	expect("/", LANNER_CT_HOST, "host");
	expect("", LANNER_CT_HOST, "host");
	/* This sandbox: every process is in /process_api/<32 hex>. */
	expect("/process_api/c8b7c1e296ab1108fd64d1e50d69f189", LANNER_CT_HOST, "host");
	expect("/system.slice/sshd.service", LANNER_CT_HOST, "host");
	expect("/user.slice/user-1000.slice/session-2.scope", LANNER_CT_HOST, "host");
	expect("/kubepods.slice/kubepods-besteffort.slice", LANNER_CT_HOST, "host");
	/* ctr's loose default: only userspace with runtime state may call it a container. */
	expect("/default/web", LANNER_CT_HOST, "host");
	expect("/k8s.io/web-0", LANNER_CT_HOST, "host");
	/* Units named after an id are still units. */
	expect("/" HEX64 ".slice", LANNER_CT_HOST, "host");
	expect("/" HEX64 ".service", LANNER_CT_HOST, "host");
	expect("/docker-" HEX64 ".slice", LANNER_CT_HOST, "host");
	expect("/" HEX64 ".scope", LANNER_CT_HOST, "host");
	/* conmon's and other helper scopes carry the id but are not the container. */
	expect("/machine.slice/libpod-conmon-" HEX64 ".scope", LANNER_CT_HOST, "host");
	expect("/kubepods.slice/crio-conmon-" HEX64 ".scope", LANNER_CT_HOST, "host");
	expect("/docker/" HEX64 "/child", LANNER_CT_HOST, "host");
	/* `container` leaf only counts under libpod. */
	expect("/system.slice/docker-" HEX64 ".scope/container", LANNER_CT_HOST, "host");
	expect("/container", LANNER_CT_HOST, "host");
	expect("/foo-" HEX64, LANNER_CT_HOST, "host");
	expect("/xdocker-" HEX64 ".scope", LANNER_CT_HOST, "host");
}

Test(container_id, strict_hex)
{
	char id[CGROUP_ID_BUF];
	char h63[] = HEX64, h65[80], upper[] = HEX64, bad[] = HEX64;
	char path[200];

	h63[63] = '\0';
	snprintf(h65, sizeof(h65), "%sa", HEX64);
	upper[5] = 'A';
	bad[63] = 'g';

	snprintf(path, sizeof(path), "/docker/%s", h63);
	cr_expect_eq(classify(path, id), LANNER_CT_HOST, "63 hex");
	snprintf(path, sizeof(path), "/docker/%s", h65);
	cr_expect_eq(classify(path, id), LANNER_CT_HOST, "65 hex");
	snprintf(path, sizeof(path), "/docker-%s.scope", h65);
	cr_expect_eq(classify(path, id), LANNER_CT_HOST, "65 hex scope");
	snprintf(path, sizeof(path), "/libpod-%s", h63);
	cr_expect_eq(classify(path, id), LANNER_CT_HOST, "63 hex libpod");
	snprintf(path, sizeof(path), "/docker/%s", upper);
	cr_expect_eq(classify(path, id), LANNER_CT_HOST, "uppercase hex");
	snprintf(path, sizeof(path), "/crio-%s.scope", upper);
	cr_expect_eq(classify(path, id), LANNER_CT_HOST, "uppercase hex crio");
	snprintf(path, sizeof(path), "/docker/%s", bad);
	cr_expect_eq(classify(path, id), LANNER_CT_HOST, "non-hex digit");
	cr_expect_str_eq(id, "host");
}

/* The header directly, as the BPF programs use it: 256-byte buffers, no NUL written. */
Test(container_id, header_contract)
{
	char leaf[LANNER_CG_NAME_BUF] = "libpod-" HEX64 ".scope";
	char parent[LANNER_CG_NAME_BUF] = "machine.slice";
	char id[LANNER_CT_ID_LEN + 1];
	unsigned int off = 99;

	memset(id, 'X', sizeof(id));
	cr_expect_eq(lanner_ct_classify(leaf, strlen(leaf), parent, strlen(parent), id),
		     LANNER_CT_LIBPOD);
	cr_expect_eq(memcmp(id, ID12, LANNER_CT_ID_LEN), 0);
	cr_expect_eq(id[LANNER_CT_ID_LEN], 'X', "no byte past the 12 digits is written");

	/* No parent given: a `container` leaf alone is host. */
	strcpy(leaf, "container");
	cr_expect_eq(lanner_ct_classify(leaf, 9, NULL, 0, id), LANNER_CT_HOST);

	/* An oversized length never reads out of the buffer and is host. */
	memset(leaf, 'a', sizeof(leaf));
	cr_expect_eq(lanner_ct_classify(leaf, 4000, NULL, 0, id), LANNER_CT_HOST);
	cr_expect_eq(lanner_ct_classify(leaf, 255, NULL, 0, id), LANNER_CT_HOST);

	/* A 64-hex name exactly filling the id slot reports its offset. */
	memset(leaf, 0, sizeof(leaf));
	strcpy(leaf, "cri-containerd-" HEX64 ".scope");
	cr_expect_eq(lanner_ct_classify_component(leaf, strlen(leaf), &off),
		     LANNER_CT_CRI_CONTAINERD);
	cr_expect_eq(off, 15);
}

/* Over-long components (> 255 bytes) are host, not an overflow. */
Test(container_id, long_components)
{
	char path[1200], id[CGROUP_ID_BUF];

	memset(path, 'a', sizeof(path));
	path[0] = '/';
	memcpy(path + sizeof(path) - 66, "/" HEX64, 66);
	cr_expect_eq(classify(path, id), LANNER_CT_BARE, "long parent, good leaf");
	cr_expect_str_eq(id, ID12);
	path[600] = '\0';
	cr_expect_eq(classify(path, id), LANNER_CT_HOST);
}

/* ---- /proc/<pid>/cgroup ------------------------------------------------------------------ */

static char tmpdir[64];

static void make_proc(int pid, const char *content)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%d", tmpdir, pid);
	cr_assert_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/%d/cgroup", tmpdir, pid);
	f = fopen(p, "w");
	cr_assert(f);
	fputs(content, f);
	fclose(f);
}

static void setup_tmp(void)
{
	strcpy(tmpdir, "/tmp/lanner-cgroup-XXXXXX");
	cr_assert(mkdtemp(tmpdir));
}

static void teardown_tmp(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	cr_expect_eq(system(cmd), 0);
}

Test(container_id, proc_files, .init = setup_tmp, .fini = teardown_tmp)
{
	char id[CGROUP_ID_BUF], full[CGROUP_FULL_ID_BUF];

	/* cgroup v1 hybrid, as on our machines, with a podman container */
	make_proc(10,
		  "9:name=systemd:/\n8:pids:/libpod_parent/libpod-" HEX64 "\n"
		  "4:memory:/libpod_parent/libpod-" HEX64 "\n0::/libpod_parent/libpod-" HEX64 "\n");
	/* this sandbox's host process */
	make_proc(11, "4:memory:/process_api/c8b7c1e296ab1108fd64d1e50d69f189\n1:cpu:/\n0::/\n");
	/* pure cgroup v2, kubernetes */
	make_proc(12, "0::/kubepods/besteffort/pod42/" HEX64 "\n");
	/* only one v1 hierarchy knows the container; the rest say / */
	make_proc(13, "3:cpuset:/\n2:cpu,cpuacct:/docker/" HEX64 "\n1:name=systemd:/\n");
	/* garbage, empty and unterminated lines */
	make_proc(14, "garbage\n\n::\n5:x\n0::/docker/" HEX64);
	make_proc(15, "");

	cr_expect_eq(cgroup_container_id(tmpdir, 10, NULL, id, full), 0);
	cr_expect_str_eq(id, ID12);
	cr_expect_str_eq(full, HEX64);
	cr_expect_eq(cgroup_container_id(tmpdir, 11, NULL, id, full), 0);
	cr_expect_str_eq(id, "host");
	cr_expect_str_eq(full, "");
	cr_expect_eq(cgroup_container_id(tmpdir, 12, NULL, id, NULL), 0);
	cr_expect_str_eq(id, ID12);
	cr_expect_eq(cgroup_container_id(tmpdir, 13, NULL, id, NULL), 0);
	cr_expect_str_eq(id, ID12);
	cr_expect_eq(cgroup_container_id(tmpdir, 14, NULL, id, NULL), 0);
	cr_expect_str_eq(id, ID12);
	cr_expect_eq(cgroup_container_id(tmpdir, 15, NULL, id, NULL), 0);
	cr_expect_str_eq(id, "host");
	cr_expect_eq(cgroup_container_id(tmpdir, 16, NULL, id, NULL), -ENOENT);
	cr_expect_str_eq(id, "host");
}

/* The kernel's order (extract.h lnr_ct_step): the v2 line first, v1 controllers next, named
 * hierarchies never (css_set->subsys[] does not reach them). */
Test(container_id, proc_files_kernel_order, .init = setup_tmp, .fini = teardown_tmp)
{
	char id[CGROUP_ID_BUF];

	make_proc(30, "9:name=systemd:/docker/" HEX64 "\n4:memory:/\n0::/\n");
	make_proc(31, "4:memory:/docker/" HEX64 "\n0::/libpod_parent/libpod-"
		      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
	cr_expect_eq(cgroup_container_id(tmpdir, 30, NULL, id, NULL), 0);
	cr_expect_str_eq(id, "host", "a named hierarchy alone does not make a container");
	cr_expect_eq(cgroup_container_id(tmpdir, 31, NULL, id, NULL), 0);
	cr_expect_str_eq(id, "0123456789ab", "the v2 line is looked at first");
}

static int confirm_calls;

static bool confirm_default_ns(void *arg, const char *path, char id[CGROUP_ID_BUF])
{
	confirm_calls++;
	if (strcmp(path, (const char *)arg) != 0)
		return false;
	strcpy(id, "web");
	return true;
}

Test(container_id, loose_resolver, .init = setup_tmp, .fini = teardown_tmp)
{
	char id[CGROUP_ID_BUF];
	struct cgroup_loose_resolver r = {confirm_default_ns, "/default/web"};

	make_proc(20, "4:memory:/default/web\n3:cpu:/default/web\n1:cpuset:/\n0::/\n");
	make_proc(21, "4:memory:/default/other\n0::/\n");
	make_proc(22, "4:memory:/default/web\n0::/docker/" HEX64 "\n");

	cr_expect_eq(cgroup_container_id(tmpdir, 20, NULL, id, NULL), 0);
	cr_expect_str_eq(id, "host", "without runtime confirmation a loose path is host");
	confirm_calls = 0;
	cr_expect_eq(cgroup_container_id(tmpdir, 20, &r, id, NULL), 0);
	cr_expect_str_eq(id, "web");
	cr_expect_eq(confirm_calls, 1, "each distinct path is asked once, '/' never");
	cr_expect_eq(cgroup_container_id(tmpdir, 21, &r, id, NULL), 0);
	cr_expect_str_eq(id, "host");
	confirm_calls = 0;
	cr_expect_eq(cgroup_container_id(tmpdir, 22, &r, id, NULL), 0);
	cr_expect_str_eq(id, ID12, "a strict match wins over the resolver");
	cr_expect_eq(confirm_calls, 0);
}

/* The real /proc: this test process is on the host here (memory cgroup /process_api/<32hex>),
 * and in CI or on a developer box; inside a container it would not be, so compare with what the
 * file itself says rather than assume. */
Test(container_id, real_proc_self)
{
	char id[CGROUP_ID_BUF];
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[1024];
	bool any_container_line = false;

	cr_assert(f);
	while (fgets(line, sizeof(line), f))
		any_container_line = any_container_line || strstr(line, "docker") ||
				     strstr(line, "libpod") || strstr(line, "kubepods");
	fclose(f);
	cr_assert_eq(cgroup_container_id(NULL, getpid(), NULL, id, NULL), 0);
	if (!any_container_line)
		cr_expect_str_eq(id, "host");
	cr_expect(strlen(id) == 4 || strlen(id) == 12);
}
