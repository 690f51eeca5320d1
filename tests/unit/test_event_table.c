/* test_event_table.c — the tables derived from shared_definitions/event_table.h agree with each
 * other: the capture files and syscalls/all.h, the kernel's event ids, the sensor's followed list
 * and entry-time copies, the generator's captured events and parameter expressions, and the
 * parameter locations userspace renders from. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "events/sensor.h"
#include "events/sensor_gen.h"
#include "kernel_caps.h"
#include "shared_definitions/records.h"
#include "values.h"

/* The kernel names events by the same ids (records.h LNR_EVT_* and events.h EVT_*). */
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params)                                      \
	_Static_assert((int)LNR_EVT_##name == (int)EVT_##name,                                     \
		       "kernel and userspace ids of " #name);
#include "shared_definitions/event_table.h"

static const char *const followed[] = {
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params) #name,
#include "shared_definitions/event_table.h"
};
#define NFOLLOWED (sizeof(followed) / sizeof(followed[0]))

static char *slurp(const char *rel)
{
	const char *root = getenv("LANNER_ROOT");
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root ? root : ".", rel);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return strdup(buf);
}

Test(event_table, capture_files_match_the_rows)
{
	char *all = slurp("bpf-templates/syscalls/all.h");
	cr_assert_not_null(all, "bpf-templates/syscalls/all.h (set LANNER_ROOT)");
	size_t n = 0;
	for (const char *p = all; (p = strstr(p, "#include \"syscalls/")); p++) {
		char name[64];
		cr_assert_eq(sscanf(p, "#include \"syscalls/%63[a-z0-9_].h\"", name), 1);
		cr_assert_lt(n, NFOLLOWED, "all.h lists %s beyond the table's rows", name);
		cr_expect_str_eq(name, followed[n],
				 "all.h is not current: run tools/gen_capture_list.sh");
		n++;
	}
	cr_expect_eq(n, NFOLLOWED, "all.h is not current: run tools/gen_capture_list.sh");
	free(all);
	for (size_t i = 0; i < NFOLLOWED; i++) {
		char rel[128], prog[96];
		snprintf(rel, sizeof(rel), "bpf-templates/syscalls/%s.h", followed[i]);
		char *c = slurp(rel);
		cr_assert_not_null(c, "%s: the capture file of a followed syscall", rel);
		snprintf(prog, sizeof(prog), "LNR_EXIT_PROG(%s)", followed[i]);
		cr_expect_not_null(strstr(c, prog), "%s defines %s", rel, prog);
		free(c);
	}
}

Test(event_table, followed_syscalls)
{
	size_t nfollowed = 0, nkc;
	const struct kc_event *kc = kc_events(&nkc);
	for (int id = 0; id < evt_count(); id++) {
		const struct evt_info *e = evt_info(id);
		cr_expect_eq(sensor_supports(id), e->followed, "%s", e->name);
		cr_expect_eq(kc_event_captured(id), e->followed, "%s", e->name);
		if (!e->followed) {
			cr_expect_eq(e->enter_kind, LNR_ENTER_NONE, "%s", e->name);
			continue;
		}
		nfollowed++;
		cr_expect(e->nr >= 0 && e->nr < LNR_SYSCALL_MAX, "%s: a syscall number", e->name);
		bool row = false;
		for (size_t i = 0; i < NFOLLOWED; i++)
			row |= !strcmp(followed[i], e->sysname);
		cr_expect(row, "%s: an LNR_SC row", e->name);
		cr_expect_eq(sensor_enter_kind(e->sysname), e->enter_kind, "%s", e->name);
		cr_expect(e->drop_cat >= LNR_DCAT_NONE && e->drop_cat <= LNR_DCAT_PROC_EXIT);
	}
	cr_expect_eq(nfollowed, NFOLLOWED);
	cr_expect_eq(nkc, NFOLLOWED);
	for (size_t i = 0; i < nkc; i++)
		cr_expect_str_eq(evt_info(kc[i].evt)->sysname, followed[i]);
}

static const struct evt_param *param_at(const struct evt_info *e, enum evt_ploc loc, int n)
{
	for (int i = 0; i < e->nparams; i++)
		if (e->params[i].loc == loc && (loc != PL_ARG || e->params[i].loc_n == n))
			return &e->params[i];
	return NULL;
}

/* What the sensor copies at entry is what the event's parameters say is in its record. */
Test(event_table, entry_copies_match_parameters)
{
	for (int id = 0; id < evt_count(); id++) {
		const struct evt_info *e = evt_info(id);
		switch (e->enter_kind) {
		case LNR_ENTER_PATH_ARG0:
			cr_expect_not_null(param_at(e, PL_PATH_A, 0), "%s: path in slot A",
					   e->name);
			cr_expect_null(param_at(e, PL_ARG, 0), "%s: arg 0 is the path", e->name);
			break;
		case LNR_ENTER_PATH_ARG1:
			cr_expect_not_null(param_at(e, PL_PATH_A, 0), "%s: path in slot A",
					   e->name);
			cr_expect_eq(param_at(e, PL_ARG, 0)->type, FT_FD, "%s: arg 0 a dirfd",
				     e->name);
			break;
		case LNR_ENTER_SOCKADDR:
			cr_expect_not_null(param_at(e, PL_SOCKADDR, 0), "%s: an address", e->name);
			break;
		case LNR_ENTER_FD_ARG0:
			cr_expect_eq(param_at(e, PL_ARG, 0)->type, FT_FD, "%s: arg 0 an fd",
				     e->name);
			break;
		default:
			cr_expect_eq(e->enter_kind, LNR_ENTER_NONE, "%s", e->name);
		}
	}
}

/* The generator's expressions read the places userspace renders from. */
Test(event_table, generator_reads_what_userspace_renders)
{
	for (int id = 0; id < evt_count(); id++) {
		const struct evt_info *e = evt_info(id);
		const struct kc_event *ke = kc_event(id);
		int n;
		enum evt_ploc open = evt_open_flags(id, &n);
		cr_expect_eq(is_open_family(id), open != PL_NONE, "%s", e->name);
		if (ke && (ke->caps & KE_OPEN))
			cr_expect(is_open_family(id), "%s: KE_OPEN on an open", e->name);
		if (ke && (ke->caps & KE_DIRFD)) {
			const struct evt_param *d = param_at(e, PL_ARG, dirfd_arg_of(id));
			cr_expect(d && d->type == FT_FD, "%s: the dirfd is an fd argument",
				  e->name);
		}
		for (int i = 0; i < e->nparams; i++) {
			const struct evt_param *p = &e->params[i];
			char want[32] = "";
			if (p->loc == PL_ARG) {
				cr_expect(p->loc_n >= 0 && p->loc_n < 6, "%s.%s", e->name, p->name);
				snprintf(want, sizeof(want), "r->args[%d]", p->loc_n);
			} else if (p->loc == PL_AUX) {
				cr_expect(p->loc_n >= 0 && p->loc_n < 4, "%s.%s", e->name, p->name);
				snprintf(want, sizeof(want), "r->aux[%d]", p->loc_n);
			} else if (p->loc == PL_OPEN_FLAGS) {
				cr_expect_neq(open, PL_NONE, "%s.%s: an open's flags", e->name,
					      p->name);
				snprintf(want, sizeof(want), "%s", open_flags_expr(id));
			}
			const char *raw = e->sysname ? param_raw_expr(id, p->name) : NULL;
			if (*want && e->sysname && evt_param_by_name(id, p->name, NULL) == p)
				cr_expect_str_eq(raw ? raw : "-", want, "%s.%s", e->name, p->name);
			int slot = param_slot_of(id, p);
			if (e->sysname && slot != PP_NONE)
				cr_expect_eq(slot, (int)p->loc, "%s.%s", e->name, p->name);
			if (p->loc == PL_RES)
				cr_expect_eq(i, 0, "%s.%s: the result is the first parameter",
					     e->name, p->name);
			if (p->table != FLT_NONE)
				cr_expect(p->type == FT_FLAGS8 || p->type == FT_FLAGS16 ||
						  p->type == FT_FLAGS32 || p->type == FT_MODE,
					  "%s.%s: a flag table on a flags type", e->name, p->name);
			for (int k = 0; k < i; k++)
				cr_expect_str_neq(e->params[k].name, p->name, "%s: %s twice",
						  e->name, p->name);
		}
	}
}

Test(event_table, open_family)
{
	int n;
	cr_expect_eq(evt_open_flags(EVT_openat, &n), PL_ARG);
	cr_expect_eq(n, 2);
	cr_expect_eq(evt_open_flags(EVT_openat2, &n), PL_AUX);
	cr_expect_eq(n, 0);
	cr_expect_eq(evt_open_flags(EVT_creat, &n), PL_CONST);
	cr_expect_eq(n, 01101);
	cr_expect_eq(evt_open_flags(EVT_close, &n), PL_NONE);
	cr_expect_eq(evt_param_by_name(EVT_openat, "mode", NULL)->loc_n, 3);
}
