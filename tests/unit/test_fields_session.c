/* Tests of proc.is_sid_leader and proc.sid (loader/eval/fields_extract.c): Falco's value is
 * always a boolean, sid == vpid. A process in session 0 (the kernel's own, e.g. one started
 * by a service manager that never called setsid) leads no session: false, not <NA>. */
#include <criterion/criterion.h>
#include <string.h>

#include "events.h"
#include "events/record.h"
#include "eval/fields_extract.h"

static struct lnr_sys s;
static struct rec_view v;
static struct fx_ctx c;

/* pid 4242 exec'd in session sid, and an event of it */
static struct proctable *in_session(int sid)
{
	struct proctable *pt = proctable_new(NULL);
	struct proc_exec x = {.pid = 4242, .comm = "true", .sid = sid};
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
	struct proctable *pt = in_session(sid);
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
