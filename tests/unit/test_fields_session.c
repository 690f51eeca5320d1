/* Tests of proc.is_sid_leader, proc.sid, proc.is_vpgid_leader and proc.vpgid
 * (loader/eval/fields_extract.c): Falco's flags are always booleans, sid == vpid and
 * vpgid == vpid. A process in session or group 0 (PID 1's, kept by the processes of an init
 * that never calls setsid or setpgid, as on a CI runner) leads neither: false, not <NA>. */
#include <criterion/criterion.h>
#include <string.h>

#include "events.h"
#include "events/record.h"
#include "eval/fields_extract.h"

static struct lnr_sys s;
static struct rec_view v;
static struct fx_ctx c;

/* pid 4242 exec'd in session sid and group pgid, and an event of it */
static struct proctable *in_session(int sid, int pgid)
{
	struct proctable *pt = proctable_new(NULL);
	struct proc_exec x = {.pid = 4242, .comm = "true", .sid = sid, .pgid = pgid};
	cr_assert_eq(proctable_on_exec(pt, &x), 0);
	memset(&s, 0, sizeof(s));
	s.h.kind = LNR_K_SYSCALL;
	s.h.evt = EVT_openat;
	s.h.size = sizeof(s);
	s.h.pid = s.h.tid = 4242;
	memset(&v, 0, sizeof(v));
	v.h = &s.h;
	v.sys = &s;
	fx_begin(&c, &v, pt, 1, 0);
	return pt;
}

static void expect(int sid, bool leader)
{
	struct proctable *pt = in_session(sid, 0);
	struct fieldval o;
	memset(&o, 0, sizeof(o));
	cr_assert(fx_get(&c, F_PROC_IS_SID_LEADER, NULL, &o), "sid %d: is_sid_leader missing", sid);
	cr_assert_eq(o.kind, FV_BOOL);
	cr_assert_eq(o.i, leader ? 1 : 0, "sid %d", sid);
	memset(&o, 0, sizeof(o));
	cr_assert(fx_get(&c, F_PROC_SID, NULL, &o), "sid %d: proc.sid missing", sid);
	cr_assert_eq(o.i, sid);
	proctable_free(pt);
}

Test(fields_session, leader_member_and_session_zero)
{
	expect(4242, true);
	expect(100, false);
	expect(0, false);
}

Test(fields_session, group_zero)
{
	struct proctable *pt = in_session(0, 0);
	struct fieldval o;
	memset(&o, 0, sizeof(o));
	cr_assert(fx_get(&c, F_PROC_IS_VPGID_LEADER, NULL, &o));
	cr_assert_eq(o.i, 0);
	memset(&o, 0, sizeof(o));
	cr_assert(fx_get(&c, F_PROC_VPGID, NULL, &o));
	cr_assert_eq(o.i, 0);
	memset(&o, 0, sizeof(o));
	cr_assert(!fx_get(&c, F_PROC_VPGID_NAME, NULL, &o), "group 0 has no leader to name");
	proctable_free(pt);
}

Test(fields_session, group_leader)
{
	struct proctable *pt = in_session(4242, 4242);
	struct fieldval o;
	memset(&o, 0, sizeof(o));
	cr_assert(fx_get(&c, F_PROC_IS_VPGID_LEADER, NULL, &o));
	cr_assert_eq(o.i, 1);
	proctable_free(pt);
}
