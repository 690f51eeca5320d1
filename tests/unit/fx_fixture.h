/* fx_fixture.h — for the field tests: a process table holding one exec, and an openat event of
 * that process ready for fx_get. The record, its view and the context are the caller's (static
 * in the test file, as fx_get keeps pointers into them). */
#ifndef LANNER_TEST_FX_FIXTURE_H
#define LANNER_TEST_FX_FIXTURE_H

#include <criterion/criterion.h>
#include <string.h>

#include "events.h"
#include "events/record.h"
#include "eval/fields_extract.h"

struct fx_fixture {
	struct lnr_sys s;
	struct rec_view v;
	struct fx_ctx c;
};

/* A new table with x exec'd, and f's context on an openat of x->pid. Free the table. */
static inline struct proctable *fx_fixture_exec(struct fx_fixture *f, const struct proc_exec *x)
{
	struct proctable *pt = proctable_new(NULL);
	cr_assert_eq(proctable_on_exec(pt, x), 0);
	memset(f, 0, sizeof(*f));
	f->s.h.kind = LNR_K_SYSCALL;
	f->s.h.evt = EVT_openat;
	f->s.h.size = sizeof(f->s);
	f->s.h.pid = f->s.h.tid = (uint32_t)x->pid;
	f->v.h = &f->s.h;
	f->v.sys = &f->s;
	fx_begin(&f->c, &f->v, pt, 1, 0);
	return pt;
}

#endif
