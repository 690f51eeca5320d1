/* values.h — the values the in-kernel rule leaves read ("members" of the generated struct
 * lnr_fv), shared by the plan and the printers.
 *
 * A leaf (kpred KP_LEAF) on one event type reads one member, named after its field
 * (fd_name, proc_aname_2, evt_arg_s_filename...): leaf_member describes it, or says the
 * generator has no kernel source for it (the leaf is then UNKNOWN: always sound). Process
 * values, argv and ancestors are fetched lazily (LZ_* groups): only when a leaf reads them.
 * Where a parameter's raw value lives in the sensor's record (param_raw_expr, param_slot_of)
 * is the event table's (evt_param.loc), which userspace renders it from too
 * (loader/eval/fields_extract.c), so kernel and userspace see one value.
 */
#ifndef LANNER_GEN_VALUES_H
#define LANNER_GEN_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "events.h"
#include "pushdown.h"
#include "shared_definitions/limits.h"

/* Buffer of an evt.arg path/string value in the kernel (longer values: UNKNOWN). */
#define LNR_PARAM_STR 512

enum mkind { MK_NUM, MK_STR };

struct member {
	enum field_id fid;
	int level; /* ancestor level for proc.aname[N]/proc.pname (0 = self), else -1 */
	enum mkind kind;
	int size; /* MK_STR: buffer bytes (power of two) */
	char name[48];
	const char *param; /* F_EVT_ARG: the parameter's name (events.h tables) */
};

struct evmembers {
	struct member *m;
	size_t n;
};

/* lazily fetched value groups (LNR_LZ_* in the generated C) */
/* LZ_ANC: the parent's name and exe path; LZ_ANCD_LV(lv): those of the ancestor at level lv
 * (2 .. LANNER_MAX_ANCESTOR_INDEX, one bit each: the walk stops at the deepest level asked for);
 * LZ_AARGV: the ancestors' argv members */
enum { LZ_PV = 1, LZ_ARGV = 2, LZ_ANC = 4, LZ_AARGV = 8, LZ_ANCD = 16 };
#define LZ_ANCD_LV(lv) ((unsigned)LZ_ANCD << ((lv)-2))
#define LZ_ANCD_ALL    (LZ_ANCD_LV(LANNER_MAX_ANCESTOR_INDEX + 1) - LZ_ANCD)
/* LZ_EXE: proc.exepath (a copy of up to 256 bytes: not paid by a rule reading proc.name);
 * LZ_DEEP: the ancestors past LANNER_ANCESTOR_DEPTH for proc.aname (any), asked for by the
 * leaf itself when the levels before decided nothing (not in leaf_lazy);
 * LZ_WALK0: not a group: set by the fetch, cleared when lnr_need starts the ancestor walk
 * (fv->anc_*), which later calls go on with */
#define LZ_EXE	 (LZ_ANCD_LV(LANNER_MAX_ANCESTOR_INDEX + 1))
#define LZ_DEEP	 (LZ_EXE << 1)
#define LZ_WALK0 (LZ_EXE << 2)
/* LZ_PV is the process's name and container id, which most filters' guards read; LZ_PVX the
 * rest of its entry's head (tty, vpid, ppid, capabilities, exe flags, namespaces, group
 * leader): an event judged on the name and container id alone copies nothing else. Both
 * come from the same entry (or this CPU's copy of it). rules/kernel.h's LNR_LZ_XH sits
 * between LZ_WALK0 and this bit. */
#define LZ_PVX (LZ_WALK0 << 2)
/* the member standing for the deep walk (level ANC_DEEP_LEVEL, named proc_aname_deep) */
#define ANC_DEEP_LEVEL (-2)
/* the groups fetched by walking up the process map (one lookup per level) */
#define LZ_WALK (LZ_ANC | LZ_ANCD_ALL)

/* Path and string parameters: which record slot userspace renders them from (events.h PL_*). */
enum {
	PP_NONE = PL_NONE,
	PP_PATH_A = PL_PATH_A,
	PP_PATH_B = PL_PATH_B,
	PP_STR_A = PL_STR_A,
	PP_STR_A_BASE = PL_STR_A_BASE,
	PP_STR_B = PL_STR_B
};

bool is_open_family(int evt);
/* Raw open flags of the open family as a C expression over `r` (struct lnr_sys *); NULL. */
const char *open_flags_expr(int evt);
/* The slot (PP_*) a path or string parameter p of evt is carried in; PP_NONE. */
int param_slot_of(int evt, const struct evt_param *p);
/* Raw value of a numeric parameter carried in args[] / aux[] (or the open flags) as a C
 * expression over `r`; NULL when not carried so. */
const char *param_raw_expr(int evt, const char *param);
/* The argument index of the dirfd of a KE_DIRFD event (its fd parameter carried in args[]). */
int dirfd_arg_of(int evt);

/* proc.is_exe_*: the LNR_PF_EXE_* bit of the process map's pflags; NULL for other fields. */
const char *exe_flag_bit(enum field_id id);
/* The member field of an ancestor value (proc.pname → proc.aname, proc.pexe → proc.aexe...). */
enum field_id ancestor_field(enum field_id id);
/* The member a leaf reads; false when the generator has no kernel source for it. */
bool leaf_member(const struct kpred *p, int evt, struct member *out);
/* Adds m unless a member of that name is there (0). */
int add_member(struct evmembers *em, const struct member *m);
/* Every member the leaves of p read (any-ancestor leaves: every level). 0. */
int collect_members(const struct kpred *p, int evt, struct evmembers *em);
int member_cmp(const void *a, const void *b); /* by name, for qsort */

bool is_fd_member(const struct member *m);
bool is_argv_member(const struct member *m);
bool is_pv_member(const struct member *m);
bool is_ancestor_member(const struct member *m);   /* proc.a*[N], N >= 1: the walk's */
bool is_caps_member(const struct member *m);	   /* thread.cap_*: a set from the map */
unsigned member_lazy(const struct member *m);	   /* its LZ_* group, 0: fetched eagerly */
unsigned members_lazy(const struct evmembers *em); /* union */
bool is_deep_member(const struct member *m);	   /* proc.aname (any) past the levels */
/* proc.aname (any) test check goes on past LANNER_ANCESTOR_DEPTH (lnr_any_deep): `=`, `in` or a
 * single `!=` over at most LANNER_ANCESTOR_ANY_NAMES names. */
bool any_ancestor_deep(const struct ast *check);
unsigned leaf_lazy(const struct kpred *p, int evt); /* the groups a leaf reads */

#endif
