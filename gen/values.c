/* values.c — the values the kernel leaves read (contract in values.h). */
#include "values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "fields.h"
#include "leaf_meta.h"
#include "shared_definitions/limits.h"

bool is_open_family(int evt)
{
	int n;
	return evt_open_flags(evt, &n) != PL_NONE;
}

/* args[n] / aux[n] of `r` (struct lnr_sys *) as C text. */
static const char *raw_expr(enum evt_ploc loc, int n)
{
	static const char *const args[6] = {"r->args[0]", "r->args[1]", "r->args[2]",
					    "r->args[3]", "r->args[4]", "r->args[5]"};
	static const char *const aux[4] = {"r->aux[0]", "r->aux[1]", "r->aux[2]", "r->aux[3]"};
	if (loc == PL_ARG && n >= 0 && n < 6)
		return args[n];
	if (loc == PL_AUX && n >= 0 && n < 4)
		return aux[n];
	return NULL;
}

/* Raw open flags of the open family (the event table's LNR_OPEN row), as a C expression. */
const char *open_flags_expr(int evt)
{
	static char konst[24];
	int n;
	enum evt_ploc loc = evt_open_flags(evt, &n);
	if (loc != PL_CONST)
		return raw_expr(loc, n);
	snprintf(konst, sizeof(konst), "0%o", (unsigned)n);
	return konst;
}

int param_slot_of(int evt, const struct evt_param *p)
{
	const struct evt_info *ei = evt_info(evt);
	if (!ei || !ei->sysname || !p)
		return PP_NONE;
	switch (p->loc) {
	case PL_PATH_A:
	case PL_PATH_B:
	case PL_STR_A:
	case PL_STR_A_BASE:
	case PL_STR_B:
		return (int)p->loc;
	default:
		return PP_NONE;
	}
}

const char *param_raw_expr(int evt, const char *param)
{
	const struct evt_param *p = evt_param_by_name(evt, param, NULL);
	if (!p)
		return NULL;
	if (p->loc == PL_OPEN_FLAGS)
		return open_flags_expr(evt);
	return raw_expr(p->loc, p->loc_n);
}

int dirfd_arg_of(int evt)
{
	const struct evt_info *ei = evt_info(evt);
	for (int i = 0; ei && i < ei->nparams; i++)
		if (ei->params[i].type == FT_FD && ei->params[i].loc == PL_ARG)
			return ei->params[i].loc_n;
	return 0;
}

/* proc.is_exe_*: a LNR_PF_EXE_* bit of the process map's pflags (0 when not one of them). */
const char *exe_flag_bit(enum field_id id)
{
	static const struct {
		enum field_id id;
		const char *bit;
	} bits[] = {{F_PROC_IS_EXE_WRITABLE, "LNR_PF_EXE_WRITABLE"},
		    {F_PROC_IS_EXE_UPPER_LAYER, "LNR_PF_EXE_UPPER_LAYER"},
		    {F_PROC_IS_EXE_LOWER_LAYER, "LNR_PF_EXE_LOWER_LAYER"},
		    {F_PROC_IS_EXE_FROM_MEMFD, "LNR_PF_EXE_FROM_MEMFD"}};
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (bits[i].id == id)
			return bits[i].bit;
	return NULL;
}

static bool is_exe_flag(enum field_id id)
{
	return exe_flag_bit(id) != NULL;
}

/* The member field of an ancestor value: proc.p* and proc.a* at level N read proc.a*. */
enum field_id ancestor_field(enum field_id id)
{
	switch (id) {
	case F_PROC_PNAME:
		return F_PROC_ANAME;
	case F_PROC_PEXE:
		return F_PROC_AEXE;
	case F_PROC_PEXEPATH:
		return F_PROC_AEXEPATH;
	case F_PROC_PCMDLINE:
		return F_PROC_ACMDLINE;
	default:
		return id;
	}
}

bool is_ancestor_member(const struct member *m)
{
	return m->level > 0 && (m->fid == F_PROC_ANAME || m->fid == F_PROC_AEXE ||
				m->fid == F_PROC_AEXEPATH || m->fid == F_PROC_ACMDLINE);
}

bool is_caps_member(const struct member *m)
{
	return m->fid == F_THREAD_CAP_PERMITTED || m->fid == F_THREAD_CAP_EFFECTIVE ||
	       m->fid == F_THREAD_CAP_INHERITABLE;
}

static void member_name(struct member *out);

/* The member a leaf reads, described; false when this emitter has no kernel source for it. */
bool leaf_member(const struct kpred *p, int evt, struct member *out)
{
	const struct kc_leaf *l = &p->leaf;
	memset(out, 0, sizeof(*out));
	out->level = -1;
	if (!l->cap)
		return false;
	enum field_id id = l->cap->id;
	out->fid = id;
	switch (l->cap->src) {
	case KS_RET:
		out->fid = id == F_EVT_RES ? F_EVT_RAWRES : id;
		out->kind = MK_NUM;
		break;
	case KS_TASK:
		if (id != F_PROC_PID && id != F_USER_UID && id != F_GROUP_GID &&
		    id != F_USER_LOGINUID && id != F_PROC_VPID)
			return false;
		out->kind = MK_NUM;
		break;
	case KS_PROC:
		if (id == F_PROC_NAME) {
			out->kind = MK_STR;
			out->size = LANNER_MAX_COMM;
		} else if (id == F_PROC_EXEPATH) {
			out->kind = MK_STR;
			out->size = LANNER_MAX_PROC_EXE;
		} else if (id == F_PROC_EXE || id == F_PROC_ARGS) {
			out->kind = MK_STR;
			out->size = LANNER_MAX_PROC_ARGS;
		} else if (id == F_PROC_CMDLINE) {
			out->kind = MK_STR;
			out->size = 2 * LANNER_MAX_PROC_ARGS; /* comm + ' ' + args, power of two */
		} else if (id == F_PROC_TTY || id == F_PROC_PPID || is_exe_flag(id) ||
			   id == F_PROC_IS_VPGID_LEADER) {
			out->kind = MK_NUM;
		} else {
			return false;
		}
		break;
	case KS_ANCESTOR:
		if (l->ancestor < 0)
			return false; /* any-ancestor: several members, see leaf code */
		/* one member per (value, level): proc.pexe is proc.aexe[1] */
		out->fid = ancestor_field(id);
		out->level = l->ancestor;
		out->kind = MK_STR;
		out->size = out->fid == F_PROC_ANAME	  ? LANNER_MAX_COMM
			    : out->fid == F_PROC_AEXEPATH ? LANNER_MAX_PROC_EXE
			    : out->fid == F_PROC_AEXE	  ? LANNER_MAX_PROC_ARGS
							  : 2 * LANNER_MAX_PROC_ARGS;
		break;
	case KS_CAPS:
		out->kind = MK_NUM;
		break;
	case KS_EXEC_ENV:
		if (evt != EVT_execve && evt != EVT_execveat)
			return false;
		out->kind = MK_STR;
		out->size = LANNER_MAX_ENV;
		break;
	case KS_META:
		return leaf_meta_member(p, out);
	case KS_CONTAINER:
		out->kind = MK_STR;
		out->size = LANNER_MAX_CONTAINER_ID;
		break;
	case KS_FD_NUM:
		out->kind = MK_NUM;
		break;
	case KS_FD_PATH:
		out->kind = MK_STR;
		out->size = LANNER_MAX_PATH;
		break;
	case KS_FD_TYPE:
		out->kind = id == F_FD_CONNECTED ? MK_NUM : MK_STR;
		out->size = id == F_FD_CONNECTED ? 0 : 16;
		break;
	case KS_SOCK:
		if (id == F_FD_SPORT || id == F_FD_CPORT)
			out->kind = MK_NUM;
		else if (id == F_FD_L4PROTO || id == F_FD_SOCKFAMILY) {
			out->kind = MK_STR;
			out->size = 16;
		} else if (id == F_FD_SIP || id == F_FD_SNET || id == F_FD_CIP || id == F_FD_CNET) {
			/* the IPv4 address as a number (leaf_c.c put_ip_leaf) */
			out->fid = id == F_FD_SIP || id == F_FD_SNET ? F_FD_SIP : F_FD_CIP;
			out->kind = MK_NUM;
		} else
			return false; /* either endpoint (fd.ip, fd.net): two members */
		break;
	case KS_OPEN_FLAGS:
		if (!open_flags_expr(evt))
			return false;
		out->kind = MK_NUM;
		break;
	case KS_PARAM_PATH:
		if (!l->param || param_slot_of(evt, l->param) == PP_NONE)
			return false;
		out->fid = F_EVT_ARG;
		out->kind = MK_STR;
		/* parameters get a smaller buffer than fd.name so the per-CPU value stays under
		 * 32 KiB: a longer value is UNKNOWN (kernel/rules.h lnr_get_param) */
		out->size = LNR_PARAM_STR;
		out->param = l->param->name;
		break;
	case KS_PARAM_FLAGS:
		/* NARROW flag leaves test synthetic bits the record does not carry whole */
		if (!l->param || !param_raw_expr(evt, l->param->name) ||
		    p->leaf.verdict != KC_EXACT)
			return false;
		out->fid = F_EVT_ARG;
		out->kind = MK_NUM;
		out->param = l->param->name;
		break;
	default:
		return false;
	}
	member_name(out);
	return true;
}

/* m->name from its field (evt.arg.NAME: evt_arg_[s_]NAME) and level: a C identifier. */
static void member_name(struct member *out)
{
	const struct field_info *fi = field_by_id(out->fid);
	char an[64];
	snprintf(an, sizeof(an), "evt.arg.%s%s", out->kind == MK_STR ? "s_" : "",
		 out->param ? out->param : "");
	const char *fn = out->fid == F_EVT_ARG ? an : fi ? fi->name : "f";
	size_t k = 0;
	for (const char *c = fn; *c && k + 4 < sizeof(out->name); c++)
		out->name[k++] = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ? *c : '_';
	out->name[k] = 0;
	if (out->level >= 0)
		snprintf(out->name + k, sizeof(out->name) - k, "_%d", out->level);
}

int add_member(struct evmembers *em, const struct member *m)
{
	for (size_t i = 0; i < em->n; i++)
		if (!strcmp(em->m[i].name, m->name))
			return 0;
	em->m = xreallocarray(em->m, em->n + 1, sizeof(*em->m));
	em->m[em->n++] = *m;
	return 0;
}

int collect_members(const struct kpred *p, int evt, struct evmembers *em)
{
	if (p->kind == KP_LEAF) {
		struct member m;
		if (p->leaf.cap && p->leaf.cap->src == KS_META)
			return leaf_meta_collect(p, em);
		if (p->leaf.cap && p->leaf.cap->src == KS_ANCESTOR && p->leaf.ancestor < 0) {
			if (any_ancestor_deep(p->check)) {
				/* past the levels below: the deep walk (leaf_c.c) */
				memset(&m, 0, sizeof(m));
				m.fid = F_PROC_ANAME;
				m.level = ANC_DEEP_LEVEL;
				m.kind = MK_NUM;
				snprintf(m.name, sizeof(m.name), "proc_aname_deep");
				if (add_member(em, &m))
					return -1;
			}
			for (int lv = 1; lv <= LANNER_ANCESTOR_DEPTH; lv++) {
				memset(&m, 0, sizeof(m));
				m.fid = F_PROC_ANAME;
				m.level = lv;
				m.kind = MK_STR;
				m.size = LANNER_MAX_COMM;
				snprintf(m.name, sizeof(m.name), "proc_aname_%d", lv);
				if (add_member(em, &m))
					return -1;
			}
			return 0;
		}
		if (p->leaf.cap && p->leaf.cap->src == KS_SOCK &&
		    (p->leaf.cap->id == F_FD_IP || p->leaf.cap->id == F_FD_NET)) {
			/* either endpoint: both addresses */
			for (int k = 0; k < 2; k++) {
				memset(&m, 0, sizeof(m));
				m.fid = k ? F_FD_SIP : F_FD_CIP;
				m.level = -1;
				m.kind = MK_NUM;
				snprintf(m.name, sizeof(m.name), "%s", k ? "fd_sip" : "fd_cip");
				if (add_member(em, &m))
					return -1;
			}
			return 0;
		}
		if (leaf_member(p, evt, &m))
			return add_member(em, &m);
		return 0;
	}
	for (size_t i = 0; i < p->nkids; i++)
		if (collect_members(p->kids[i], evt, em))
			return -1;
	return 0;
}

int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->name, ((const struct member *)b)->name);
}

bool is_fd_member(const struct member *m)
{
	enum field_id f = m->fid;
	return f == F_FD_NUM || f == F_FD_NAME || f == F_FD_NAMERAW || f == F_FD_DIRECTORY ||
	       f == F_FD_FILENAME || f == F_FD_TYPE || f == F_FD_TYPECHAR || f == F_FD_SPORT ||
	       f == F_FD_CPORT || f == F_FD_L4PROTO || f == F_FD_SOCKFAMILY ||
	       f == F_FD_CONNECTED || f == F_FD_SIP || f == F_FD_CIP;
}

bool is_argv_member(const struct member *m)
{
	return m->fid == F_PROC_EXE || m->fid == F_PROC_ARGS || m->fid == F_PROC_CMDLINE;
}

bool is_pv_member(const struct member *m)
{
	enum field_id f = m->fid;
	return f == F_PROC_VPID || f == F_PROC_TTY || f == F_PROC_PPID || f == F_PROC_NAME ||
	       f == F_PROC_IS_VPGID_LEADER || f == F_PROC_EXEPATH || f == F_CONTAINER_ID ||
	       f == F_PROC_ANAME || is_exe_flag(f) || is_argv_member(m) ||
	       leaf_meta_is_ns_member(m) || is_ancestor_member(m) || is_caps_member(m);
}

/* Values fetched only when a leaf reads them (LNR_LZ_*): process values cost a process-map
 * lookup, argv a bpf_loop over up to LANNER_MAX_PROC_ARGS bytes, ancestors one lookup per level,
 * and most events are decided by their cheap values (type, flags, path) before any of these is
 * read. The ancestors come in three groups: the parent's name and exe path, the deeper ancestors'
 * (a lookup per level), and their argv (a bpf_loop per level): a rule on proc.pname pays one
 * lookup, not a walk to the deepest level and a scan of each ancestor's argv. The event's
 * fetch records which groups are pending (fv->lz) and whose process (fv->lz_pid);
 * lnr_need(groups), called before such a leaf, fills them once per event. */
unsigned member_lazy(const struct member *m)
{
	if (is_argv_member(m))
		return LZ_ARGV;
	if (is_deep_member(m))
		return LZ_DEEP;
	if (m->fid == F_PROC_EXEPATH)
		return LZ_EXE;
	if (is_ancestor_member(m))
		return m->fid == F_PROC_AEXE || m->fid == F_PROC_ACMDLINE ? LZ_AARGV
		       : m->level > 1					  ? LZ_ANCD_LV(m->level)
									  : LZ_ANC;
	if (m->fid == F_PROC_NAME || m->fid == F_CONTAINER_ID ||
	    (m->fid == F_PROC_ANAME && m->level == 0))
		return LZ_PV;
	return is_pv_member(m) ? LZ_PVX : 0;
}

unsigned members_lazy(const struct evmembers *em)
{
	unsigned g = 0;
	for (size_t i = 0; i < em->n; i++)
		g |= member_lazy(&em->m[i]);
	return g;
}

bool any_ancestor_deep(const struct ast *c)
{
	if (c->mod != MOD_NONE || !(c->op == OP_EQ || c->op == OP_IN || c->op == OP_NE))
		return false;
	size_t n = kc_rhs_count(c);
	if (n == 0 || n > LANNER_ANCESTOR_ANY_NAMES || (c->op == OP_NE && n != 1))
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		if (!kc_rhs_str(c, i, &len))
			return false;
	}
	return true;
}

bool is_deep_member(const struct member *m)
{
	return m->fid == F_PROC_ANAME && m->level == ANC_DEEP_LEVEL;
}

/* The lazy groups a leaf reads (see member_lazy), but LZ_DEEP: the leaf asks for it only when
 * it gets that far. */
unsigned leaf_lazy(const struct kpred *p, int evt)
{
	struct evmembers em = {0};
	collect_members(p, evt, &em);
	unsigned g = members_lazy(&em) & ~(unsigned)LZ_DEEP;
	free(em.m);
	return g;
}
