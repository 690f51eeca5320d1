/* Tests of loader/containers/meta_push.c's user entries and the generation of the kernel's memo
 * (shared_definitions/meta_maps.h lnr_meta_ugen): every write and delete of lnr_meta_users is
 * followed by a new generation, and nothing else moves it. On real BPF maps (root, as the
 * integration tests; skipped otherwise), with a fake host /etc for userdb. */
#include <bpf/bpf.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "containers/meta_push.h"
#include "shared_definitions/meta_maps.h"
#include "userdb_fixture.h"

static int users_fd = -1, ugen_fd = -1;

static void setup(void)
{
	strcpy(root, "/tmp/lanner-mpush.XXXXXX");
	cr_assert(mkdtemp(root));
	fake_host_etc();
	mkdirs(P("proc"));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
	if (users_fd >= 0)
		close(users_fd);
	if (ugen_fd >= 0)
		close(ugen_fd);
	users_fd = ugen_fd = -1;
}

/* The two maps as the BPF object defines them (rules/meta.h); skips without the privilege. */
static void maps(void)
{
	users_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "t_meta_users", sizeof(struct lnr_meta_ukey),
				  sizeof(struct lnr_meta_bits), 64, NULL);
	ugen_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "t_meta_ugen", 4, 4, 1, NULL);
	if (users_fd < 0 || ugen_fd < 0)
		cr_skip_test("skipped: cannot create BPF maps (needs root)");
}

static uint32_t ugen(void)
{
	uint32_t k = 0, g = 12345;
	cr_assert_eq(bpf_map_lookup_elem(ugen_fd, &k, &g), 0);
	return g;
}

/* 1 (TRUE bit), 0 (FALSE), -1 (no entry) for uid's USER entry in the host's namespace. */
static int user_bit(uint32_t uid)
{
	struct lnr_meta_ukey k = {(uint32_t)HOST_NS, LNR_MK_USER, uid, 0};
	struct lnr_meta_bits b;
	if (bpf_map_lookup_elem(users_fd, &k, &b) != 0)
		return -1;
	return (int)(b.w[0] & 1);
}

static void bind(struct meta_push *mp)
{
	static struct meta_leaf leaf = {LNR_MK_USER, 0, "user.name = hostuser"};
	struct bundle_meta m = {0};
	m.meta_leaves = &leaf;
	m.nmeta_leaves = 1;
	char err[256] = "";
	cr_assert_eq(meta_push_bind(mp, &m, -1, users_fd, ugen_fd, err, sizeof(err)), 0, "%s", err);
}

static void note(struct meta_push *mp, uint32_t uid)
{
	struct proc_entry e;
	memset(&e, 0, sizeof(e));
	e.pid = 4242;
	e.mntns = HOST_NS;
	meta_push_note(mp, &e, uid, 0, 0xffffffffu);
}

TestSuite(meta_push, .init = setup, .fini = teardown);

Test(meta_push, generation_follows_every_user_write)
{
	maps();
	struct userdb *db = fixture_userdb(-1, 0, 0);
	struct meta_push *mp = meta_push_new(NULL, db);
	cr_assert_eq(ugen(), 0, "a map the loader has not bound: the kernel's memo off");
	bind(mp);
	cr_assert_eq(ugen(), 1, "bound: the memo on, generation 1");

	note(mp, 101); /* hostuser: TRUE, written at once */
	cr_assert_eq(user_bit(101), 1);
	cr_assert_eq(ugen(), 2, "after the write, the next generation");
	note(mp, 101); /* known: nothing written */
	cr_assert_eq(ugen(), 2);
	note(mp, 0); /* root: FALSE */
	cr_assert_eq(user_bit(0), 0);
	cr_assert_eq(ugen(), 3);

	/* new rules: every entry is written again (one new generation after the walk) */
	bind(mp);
	cr_assert_eq(ugen(), 1);
	meta_push_tick(mp);
	cr_assert_eq(user_bit(101), 1);
	cr_assert_eq(user_bit(0), 0);
	cr_assert_eq(ugen(), 2);
	meta_push_tick(mp); /* not due for a refresh: nothing changes */
	cr_assert_eq(ugen(), 2);

	struct meta_push_stats st;
	meta_push_stats(mp, &st);
	cr_assert_eq(st.update_failed, 0);
	cr_assert_eq(st.user_written, 4);
	meta_push_free(mp);
	userdb_free(db);
}

Test(meta_push, generation_follows_a_withdrawal)
{
	maps();
	struct userdb *db = fixture_userdb(-1, 0, 0);
	struct meta_push *mp = meta_push_new(NULL, db);
	bind(mp);
	note(mp, 101);
	cr_assert_eq(user_bit(101), 1);
	cr_assert_eq(ugen(), 2);

	/* the passwd table becomes unreadable (its root gone): at the next walk the entry goes,
	 * and the kernel says UNKNOWN */
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/host/etc'", root);
	cr_assert_eq(system(cmd), 0);
	userdb_forget(db, HOST_NS); /* as after an eviction: the table is read again, and fails */
	bind(mp);		    /* new rules: the walk is due now */
	cr_assert_eq(ugen(), 1);
	meta_push_tick(mp);
	cr_assert_eq(user_bit(101), -1, "withdrawn");
	cr_assert_eq(ugen(), 2, "after the delete, the next generation");
	meta_push_tick(mp);
	cr_assert_eq(ugen(), 2);
	meta_push_free(mp);
	userdb_free(db);
}
