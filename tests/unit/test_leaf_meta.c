/* leaf_meta: checks on container/k8s/user facts become kernel leaves reading a bit the loader
 * writes; one bit per distinct (kind, check text), listed for the bundle. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "emit_c.h"
#include "leaf_meta.h"
#include "plan.h"
#include "pushdown.h"
#include "rules.h"
#include "shared_definitions/meta_maps.h"

static const char yaml[] =
	"- rule: r1\n  desc: d\n  condition: evt.type = openat and fd.name = /x and "
	"container.image.repository in (nginx, redis) and user.name = root\n"
	"  output: o\n  priority: WARNING\n"
	"- rule: r2\n  desc: d\n  condition: evt.type = execve and not container.image.repository "
	"in (nginx, redis) and group.name = adm and k8s.ns.name startswith kube-\n"
	"  output: o\n  priority: WARNING\n";

Test(leaf_meta, leaves_bits_and_table)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	cr_assert_eq(ruleset_load_string(rs, "t.yaml", yaml, strlen(yaml), &d), 0);
	diags_free(&d);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	cr_assert(pd);
	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct plan *pl = plan_build(pd, true);
	struct emit_result r;
	cr_assert_eq(emit_c(pl, &o, &r), 0);
	/* the same check on two events shares one bit; kinds number separately */
	cr_expect(strstr(r.text, "LNR_META_CT(fv->container_id, 0, \"container.image.repository in "
				 "(nginx, redis)\")"),
		  "%s", r.text);
	cr_expect(strstr(r.text, "LNR_META_U(fv->meta_mntns, fv->user_uid, 1, 0, \"user.name = "
				 "root\")"));
	cr_expect(strstr(r.text, "LNR_META_U(fv->meta_mntns, fv->group_gid, 2, 0, \"group.name = "
				 "adm\")"));
	cr_expect(strstr(r.text, "LNR_META_CT(fv->container_id, 1, \"k8s.ns.name startswith "
				 "kube-\")"));
	cr_expect(strstr(r.text, "fv->meta_mntns.v = pv ? pv->p.mntns : 0;"),
		  "the mount namespace comes from the process map");
	size_t n;
	const struct meta_leaf *t = leaf_meta_table(&n);
	cr_assert_eq(n, 4);
	int per[LNR_MK_COUNT] = {0};
	for (size_t i = 0; i < n; i++) {
		cr_assert(t[i].kind >= 0 && t[i].kind < LNR_MK_COUNT);
		cr_expect_eq(t[i].bit, per[t[i].kind]++, "bits are dense per kind");
	}
	cr_expect_eq(per[LNR_MK_CONTAINER], 2);
	cr_expect_eq(per[LNR_MK_USER], 1);
	cr_expect_eq(per[LNR_MK_GROUP], 1);
	emit_result_free(&r);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
}
