/* Tests of proc.is_sid_leader, proc.sid, proc.is_vpgid_leader and proc.vpgid
 * (loader/eval/fields_extract.c): Falco's flags are always booleans, sid == vpid and
 * vpgid == vpid. A process in session or group 0 (PID 1's, kept by the processes of an init
 * that never calls setsid or setpgid, as on a CI runner) leads neither: false, not <NA>. */
#include "fx_fixture.h"

static struct fx_fixture f;

/* pid 4242 exec'd in session sid and group pgid; its field id's value (it must have one) */
static int64_t value(int sid, int pgid, enum field_id id)
{
	struct proc_exec x = {.pid = 4242, .comm = "true", .sid = sid, .pgid = pgid};
	struct proctable *pt = fx_fixture_exec(&f, &x);
	struct fieldval o;
	memset(&o, 0, sizeof(o));
	bool has = fx_get(&f.c, id, NULL, &o);
	proctable_free(pt);
	cr_assert(has, "sid %d, pgid %d: field %d missing", sid, pgid, (int)id);
	return o.i;
}

Test(fields_session, leader_member_and_session_zero)
{
	cr_assert_eq(value(4242, 0, F_PROC_IS_SID_LEADER), 1);
	cr_assert_eq(value(100, 0, F_PROC_IS_SID_LEADER), 0);
	cr_assert_eq(value(0, 0, F_PROC_IS_SID_LEADER), 0);
	cr_assert_eq(value(0, 0, F_PROC_SID), 0);
	cr_assert_eq(value(100, 0, F_PROC_SID), 100);
}

Test(fields_session, group_leader_and_group_zero)
{
	cr_assert_eq(value(0, 4242, F_PROC_IS_VPGID_LEADER), 1);
	cr_assert_eq(value(0, 0, F_PROC_IS_VPGID_LEADER), 0);
	cr_assert_eq(value(0, 0, F_PROC_VPGID), 0);
	/* group 0 has no leader to name */
	struct proc_exec x = {.pid = 4242, .comm = "true", .pgid = 0};
	struct proctable *pt = fx_fixture_exec(&f, &x);
	struct fieldval o;
	memset(&o, 0, sizeof(o));
	cr_assert(!fx_get(&f.c, F_PROC_VPGID_NAME, NULL, &o));
	proctable_free(pt);
}
