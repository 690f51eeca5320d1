/* ct_confirm: cgroup mount discovery from mountinfo, and publishing runtime-confirmed loose
 * cgroups (by the inode number of their directory in each hierarchy) before and after the bind. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "containers/ct_confirm.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/lanner-ctc-XXXXXX");
	cr_assert(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

static void write_file(const char *name, const char *text)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

Test(ct_confirm, mounts_from_mountinfo, .init = setup, .fini = teardown)
{
	write_file("mi", "22 1 0:21 / /sys rw - sysfs sysfs rw\n"
			 "30 22 0:26 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup "
			 "rw,memory\n"
			 "31 22 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
			 "32 22 0:28 / /mnt/with\\040space rw - cgroup2 none rw\n"
			 "garbage\n\n"
			 "33 22 0:29 / /proc rw - proc proc rw\n");
	char p[256], **m;
	size_t n;
	snprintf(p, sizeof(p), "%s/mi", dir);
	cr_assert_eq(ct_cgroup_mounts(p, &m, &n), 3);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(m[0], "/sys/fs/cgroup/memory");
	cr_expect_str_eq(m[1], "/sys/fs/cgroup/unified");
	cr_expect_str_eq(m[2], "/mnt/with space");
	for (size_t i = 0; i < n; i++)
		free(m[i]);
	free(m);
	snprintf(p, sizeof(p), "%s/none", dir);
	cr_expect_lt(ct_cgroup_mounts(p, &m, &n), 0);
	cr_expect_eq(n, 0);
}

static bool confirm_web(void *arg, const char *path, char id[CGROUP_ID_BUF])
{
	(void)arg;
	if (strcmp(path, "/default/web") != 0)
		return false;
	strcpy(id, "web");
	return true;
}

struct put_log {
	int n;
	uint64_t ids[8];
	struct lanner_ct_class v[8];
};

static int put(void *arg, uint64_t cgid, const struct lanner_ct_class *v)
{
	struct put_log *l = arg;
	if (l->n < 8) {
		l->ids[l->n] = cgid;
		l->v[l->n] = *v;
	}
	l->n++;
	return 0;
}

static uint64_t ino_of(const char *rel)
{
	char p[256];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	cr_assert_eq(stat(p, &st), 0);
	return st.st_ino;
}

Test(ct_confirm, publish_before_and_after_bind, .init = setup, .fini = teardown)
{
	char p[512], mi[1024];
	/* two "hierarchies": the cgroup exists in h1 only, h2 has a different one */
	const char *mk[] = {"h1", "h1/default", "h1/default/web", "h2", "h2/default"};
	for (size_t i = 0; i < sizeof(mk) / sizeof(mk[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, mk[i]);
		cr_assert_eq(mkdir(p, 0755), 0);
	}
	snprintf(mi, sizeof(mi),
		 "30 22 0:26 / %s/h1 rw - cgroup cgroup rw,memory\n"
		 "31 22 0:27 / %s/h2 rw - cgroup2 cgroup2 rw\n",
		 dir, dir);
	write_file("mi", mi);
	snprintf(p, sizeof(p), "%s/mi", dir);

	struct cgroup_loose_resolver inner = {confirm_web, NULL};
	struct ct_confirm c;
	struct put_log log = {0};
	cr_assert_eq(ct_confirm_init(&c, &inner, p), 0);
	c.put = put;
	c.put_arg = &log;
	struct cgroup_loose_resolver r = ct_confirm_resolver(&c);
	char id[CGROUP_ID_BUF];

	cr_expect(!r.confirm(r.arg, "/default/other", id), "the inner resolver decides");
	cr_expect(r.confirm(r.arg, "/default/web", id));
	cr_expect_str_eq(id, "web");
	cr_expect(r.confirm(r.arg, "/default/web", id), "asked twice: kept once");
	cr_expect_eq(log.n, 0, "nothing is published before the bind");
	cr_expect_eq(ct_confirm_bind(&c, -1, -1), 1, "one hierarchy holds the cgroup");
	cr_assert_eq(log.n, 2);
	cr_expect_eq(log.ids[0], ino_of("h1/default/web"), "key: the directory's inode");
	cr_expect_eq(log.v[0].layout, LANNER_CT_LOOSE);
	cr_expect_eq(memcmp(log.v[0].id, "web\0\0\0\0\0\0\0\0\0", LANNER_CT_ID_LEN), 0);
	cr_expect_eq(log.ids[1], LANNER_CT_GEN_KEY, "then the confirmations' generation");
	cr_expect_eq(log.v[1].layout, 1);

	/* after the bind: at once, in every hierarchy where it exists */
	snprintf(p, sizeof(p), "%s/h2/default/web", dir);
	cr_assert_eq(mkdir(p, 0755), 0);
	cr_expect(r.confirm(r.arg, "/default/web", id));
	cr_assert_eq(log.n, 5);
	cr_expect_eq(log.ids[2], ino_of("h1/default/web"));
	cr_expect_eq(log.ids[3], ino_of("h2/default/web"));
	cr_expect_eq(log.ids[4], LANNER_CT_GEN_KEY);
	cr_expect_eq(log.v[4].layout, 2, "one generation per confirmation");
	cr_expect_eq(c.published, 3);
	ct_confirm_free(&c);
}

/* Through the userspace classifier: a confirmed loose path gives the same id userspace shows. */
Test(ct_confirm, through_cgroup_container_id, .init = setup, .fini = teardown)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/40", dir);
	cr_assert_eq(mkdir(p, 0755), 0);
	write_file("40/cgroup", "4:memory:/default/web\n1:name=systemd:/default/web\n0::/\n");
	struct cgroup_loose_resolver inner = {confirm_web, NULL};
	struct ct_confirm c;
	struct put_log log = {0};
	snprintf(p, sizeof(p), "%s/no-mountinfo", dir);
	cr_expect_lt(ct_confirm_init(&c, &inner, p), 0);
	c.put = put;
	c.put_arg = &log;
	struct cgroup_loose_resolver r = ct_confirm_resolver(&c);
	char id[CGROUP_ID_BUF];
	cr_expect_eq(cgroup_container_id(dir, 40, &r, id, NULL), 0);
	cr_expect_str_eq(id, "web");
	cr_expect_eq(c.npend, 1);
	ct_confirm_free(&c);
}
