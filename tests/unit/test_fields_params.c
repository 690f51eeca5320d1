/* Tests of fields_extract.c's event parameters (evt.arg.NAME) on a hand-built syscall record:
 * a value stays available however many rules ask for it on the same event. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "events/record.h"
#include "eval/fields_extract.h"

/* A renameat2 record whose first path argument (A) is oldpath. */
static void rename_view(struct rec_view *v, struct lnr_sys *s)
{
	memset(s, 0, sizeof(*s));
	s->h.kind = LNR_K_SYSCALL;
	s->h.evt = EVT_renameat2;
	s->h.size = sizeof(*s);
	s->h.pid = s->h.tid = 1;
	memset(v, 0, sizeof(*v));
	v->h = &s->h;
	v->sys = s;
	strcpy(v->path_a, "/root/.bash_history");
	strcpy(v->path_b, "/root/old");
	v->has_a = v->has_b = true;
}

/* Every rule of an event may read evt.arg.oldpath: the hundredth read still has the value
 * (a path-sized piece of the per-event arena per read used it up after eight). */
Test(fields_params, oldpath_every_rule)
{
	static struct lnr_sys s;
	static struct rec_view v;
	static struct fx_ctx c;
	struct proctable *pt = proctable_new(NULL);
	rename_view(&v, &s);
	fx_begin(&c, &v, pt, 1, 0);
	for (int i = 0; i < 100; i++) {
		struct fieldval o;
		memset(&o, 0, sizeof(o));
		cr_assert(fx_get(&c, F_EVT_ARG, "oldpath", &o), "read %d", i);
		cr_assert_eq(o.kind, FV_STR);
		cr_assert_str_eq(o.s, "/root/.bash_history");
	}
	struct fieldval o;
	memset(&o, 0, sizeof(o));
	cr_assert(fx_get(&c, F_EVT_ARG, "newpath", &o));
	cr_assert_str_eq(o.s, "/root/old");
	cr_assert_not(fx_get(&c, F_EVT_ARG, "name", &o), "renameat2 has no name parameter");
	proctable_free(pt);
}

/* evt.args: every parameter with a value, name=value, separated by single spaces. */
Test(fields_params, evt_args_all_parameters)
{
	static struct lnr_sys s;
	static struct rec_view v;
	static struct fx_ctx c;
	struct proctable *pt = proctable_new(NULL);
	rename_view(&v, &s);
	s.args[0] = (uint64_t)-100; /* olddirfd AT_FDCWD */
	fx_begin(&c, &v, pt, 1, 0);
	struct fieldval o;
	memset(&o, 0, sizeof(o));
	cr_assert(fx_get(&c, F_EVT_ARGS, NULL, &o));
	cr_assert_eq(o.kind, FV_STR);
	cr_assert(strstr(o.s, "olddirfd=AT_FDCWD oldpath=/root/.bash_history "), "%s", o.s);
	cr_assert(strstr(o.s, " newpath=/root/old"), "%s", o.s);
	cr_assert_neq(o.s[0], ' ');
	cr_assert_neq(o.s[o.len - 1], ' ');
	proctable_free(pt);
}
