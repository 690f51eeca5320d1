/* emit_fetch.c — the fetch printers: once per event, the values its rules read into the
 * per-CPU struct lnr_fv (values.h), and lnr_need for the lazily fetched groups. */
#include "emit_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "leaf_meta.h"
#include "shared_definitions/limits.h"

/* The argv members of one level: exe (argv[0]), args (level 0 only) and cmdline; NULL when no
 * rule reads them. */
struct argv_lv {
	const char *exe, *args, *cmd;
};

static struct argv_lv argv_members(const struct evmembers *all, int lv)
{
	struct argv_lv a = {NULL, NULL, NULL};
	for (size_t i = 0; i < all->n; i++) {
		const struct member *m = &all->m[i];
		if (lv == 0 && m->fid == F_PROC_EXE)
			a.exe = m->name;
		else if (lv == 0 && m->fid == F_PROC_ARGS)
			a.args = m->name;
		else if (lv == 0 && m->fid == F_PROC_CMDLINE)
			a.cmd = m->name;
		else if (lv > 0 && m->level == lv && m->fid == F_PROC_AEXE)
			a.exe = m->name;
		else if (lv > 0 && m->level == lv && m->fid == F_PROC_ACMDLINE)
			a.cmd = m->name;
	}
	return a;
}

/* The getter of one level's argv members: lnr_get_argv(pv) for the process itself,
 * lnr_get_aargv_<lv>(pv, st) for an ancestor reached by the walk (st: its state). The split
 * (rules/kernel.h lnr_argv_*): argv[0] up to its NUL, the args after it, the cmdline from comm
 * and the args; truncated or unterminated argv: UNK. */
static void put_argv_getter(struct strbuf *o, int lv, struct argv_lv a)
{
	const char *names[3] = {a.exe, a.args, a.cmd};
	if (lv == 0)
		sb_addf(o,
			"static __always_inline void lnr_get_argv(struct lnr_proc_value *pv)\n{\n"
			"\tstruct lnr_fv_store *st = lnr_fv_get();\n\tif (!st)\n\t\treturn;\n");
	else
		sb_addf(o,
			"static __always_inline void lnr_get_aargv_%d(struct lnr_proc_value *pv, "
			"__u8 ast)\n{\n\tstruct lnr_fv_store *st = lnr_fv_get();\n\tif (!st)\n"
			"\t\treturn;\n",
			lv);
	for (int k = 0; k < 3; k++)
		if (names[k])
			sb_addf(o, "\tst->fv.%s.st = %s;\n", names[k],
				lv ? "ast == LNR_ST_MISSING ? LNR_ST_MISSING : LNR_ST_UNK"
				   : "LNR_ST_UNK");
	sb_addf(o,
		"\tif (%s!pv || pv->args_len == 0 || pv->args_len > LNR_PROC_ARGS_MAX)\n"
		"\t\treturn;\n\t__u32 len = pv->args_len;\n",
		lv ? "ast != LNR_ST_OK || " : "");
	/* LNR_ARGV_OPAQUE: the paths of each word loop merge (verifier cost) */
	if (a.exe) /* argv[0] is copied in place: exe[0, first) */
		sb_addf(o,
			"\t__u32 first = LNR_ARGV_OPAQUE(&st->argv_tmp, "
			"lnr_argv_first(st->fv.%s.s, pv, len));\n",
			a.exe);
	else
		sb_addf(o, "\t__u32 first = LNR_ARGV_OPAQUE(&st->argv_tmp, "
			   "lnr_argv_first(0, pv, len));\n");
	sb_addf(o, "\tif (first >= len) /* LNR_ARGV_NONE: argv[0] was cut */\n\t\treturn;\n");
	if (a.exe)
		sb_addf(o, "\tst->fv.%s.len = first;\n\tst->fv.%s.st = LNR_ST_OK;\n", a.exe, a.exe);
	if (!a.args && !a.cmd) {
		sb_addf(o, "}\n\n");
		return;
	}
	sb_addf(o, "\tif (pv->p.pflags & LNR_PF_ARGS_TRUNC)\n\t\treturn;\n"
		   "\t__u32 n = LNR_ARGV_OPAQUE(&st->argv_tmp, lnr_argv_nargs(pv, len, first));\n"
		   "\tn &= LNR_PROC_ARGS_MAX - 1;\n");
	if (a.args)
		sb_addf(o,
			"\tlnr_argv_join(st->fv.%s.s, pv, first, n);\n\tst->fv.%s.len = n;\n"
			"\tst->fv.%s.st = LNR_ST_OK;\n",
			a.args, a.args, a.args);
	if (a.cmd)
		sb_addf(o,
			"\tst->fv.%s.len = LNR_ARGV_OPAQUE(&st->argv_tmp, "
			"lnr_argv_cmdline(st->fv.%s.s, "
			"pv, first, n, len > first + 1, &st->argv_tmp));\n\tst->fv.%s.st = "
			"LNR_ST_OK;\n",
			a.cmd, a.cmd, a.cmd);
	sb_addf(o, "}\n\n");
}

/* proc.exe / proc.args / proc.cmdline, and the ancestors' proc.aexe[N] / proc.acmdline[N]
 * (proc.pexe, proc.pcmdline), from the process map's argv bytes (NUL-separated, as userspace's
 * process table splits them: exe = argv[0], args = argv[1..] joined by ' ', cmdline = comm + ' '
 * + args when there is an argv[1]). One getter per level, only the members that exist. */
void put_argv_fetch(struct strbuf *o, const struct evmembers *all)
{
	for (int lv = 0; lv <= LANNER_MAX_ANCESTOR_INDEX; lv++) {
		struct argv_lv a = argv_members(all, lv);
		if (a.exe || a.args || a.cmd)
			put_argv_getter(o, lv, a);
	}
}

/* A number of the process's own map entry pv: known (LNR_ST_OK) when pv is there and, with a
 * gate, when pv->p.pflags has that bit; the value is val (an expression on pv), 0 without pv. */
static void put_pv_number(struct strbuf *o, const char *n, const char *gate, const char *val)
{
	if (gate)
		sb_addf(o, "\tfv->%s.st = pv && (pv->p.pflags & %s) ? LNR_ST_OK : LNR_ST_UNK;\n", n,
			gate);
	else
		sb_addf(o, "\tfv->%s.st = pv ? LNR_ST_OK : LNR_ST_UNK;\n", n);
	sb_addf(o, "\tfv->%s.v = pv ? %s : 0;\n", n, val);
}

/* The process-map numbers read as put_pv_number does. */
static const struct {
	enum field_id fid;
	const char *gate, *val;
} pv_numbers[] = {
	{F_PROC_VPID, NULL, "pv->p.vpid"},
	{F_PROC_TTY, NULL, "pv->p.tty"},
	{F_PROC_PPID, NULL, "pv->p.ppid"},
	/* the exec-time sets userspace also holds: only an entry written by an exec */
	{F_THREAD_CAP_PERMITTED, "LNR_PF_EXECED", "(__s64)pv->p.cap_permitted"},
	{F_THREAD_CAP_EFFECTIVE, "LNR_PF_EXECED", "(__s64)pv->p.cap_effective"},
	{F_THREAD_CAP_INHERITABLE, "LNR_PF_EXECED", "(__s64)pv->p.cap_inheritable"},
};

/* The process-map strings a rules/kernel.h getter copies from pv. */
static const struct {
	enum field_id fid;
	const char *getter;
} pv_strings[] = {
	{F_PROC_NAME, "lnr_get_comm"},
	{F_PROC_EXEPATH, "lnr_get_exepath"},
	{F_CONTAINER_ID, "lnr_get_ctid"},
};

/* A value of the process's own map entry pv (a lazily fetched group); false: not one. */
static bool put_fetch_pv(struct strbuf *o, const struct member *m)
{
	const char *n = m->name;
	for (size_t i = 0; i < sizeof(pv_numbers) / sizeof(pv_numbers[0]); i++)
		if (pv_numbers[i].fid == m->fid) {
			put_pv_number(o, n, pv_numbers[i].gate, pv_numbers[i].val);
			return true;
		}
	for (size_t i = 0; i < sizeof(pv_strings) / sizeof(pv_strings[0]); i++)
		if (pv_strings[i].fid == m->fid) {
			sb_addf(o, "\t%s((void *)&fv->%s, pv);\n", pv_strings[i].getter, n);
			return true;
		}
	const char *bit = exe_flag_bit(m->fid);
	if (bit) {
		/* known only when judged at an exec (not for a process seeded from /proc) */
		char val[96];
		snprintf(val, sizeof(val), "!!(pv->p.pflags & %s)", bit);
		put_pv_number(o, n, "LNR_PF_EXE_KNOWN", val);
		return true;
	}
	if (m->fid != F_PROC_IS_VPGID_LEADER)
		return false;
	/* group 0 (PID 1's, for a process started by an init that never calls setsid or setpgid)
	 * has no leader: false, as Falco's vpgid == vpid */
	sb_addf(o,
		"\tfv->%s.st = pv ? LNR_ST_OK : LNR_ST_UNK;\n"
		"\tfv->%s.v = pv && pv->p.pgid == pv->p.pid;\n",
		n, n);
	return true;
}

static void put_fetch_member(struct strbuf *o, int evt, const struct member *m, bool exec)
{
	const char *n = m->name;
	const char *rp = exec ? "r->p." : "r->";
	if (leaf_meta_fetch(o, m) || put_fetch_pv(o, m))
		return;
	switch (m->fid) {
	case F_PROC_ENV:
		/* the new image's environment, on the exec path only */
		if (exec)
			sb_addf(o, "\tlnr_get_env((void *)&fv->%s);\n", n);
		else
			sb_addf(o, "\tfv->%s.st = LNR_ST_UNK;\n", n);
		return;
	case F_EVT_RAWRES:
		sb_addf(o, "\tfv->%s.v = %s;\n\tfv->%s.st = LNR_ST_OK;\n", n, exec ? "0" : "r->res",
			n);
		return;
	case F_EVT_FAILED:
		sb_addf(o, "\tfv->%s.v = %s;\n\tfv->%s.st = LNR_ST_OK;\n", n,
			exec ? "0" : "r->res < 0", n);
		return;
	case F_PROC_PID:
		sb_addf(o, "\tfv->%s.v = %s;\n\tfv->%s.st = LNR_ST_OK;\n", n,
			exec ? "r->p.pid" : "r->h.pid", n);
		return;
	case F_USER_UID:
	case F_GROUP_GID:
		sb_addf(o, "\tfv->%s.v = %s%s;\n\tfv->%s.st = LNR_ST_OK;\n", n, rp,
			m->fid == F_USER_UID ? "uid" : "gid", n);
		return;
	case F_USER_LOGINUID:
		sb_addf(o,
			"\tfv->%s.v = %sloginuid == 0xffffffffu ? -1 : (__s64)%sloginuid;\n"
			"\tfv->%s.st = LNR_ST_OK;\n",
			n, rp, rp, n);
		return;
	case F_PROC_ANAME:
		if (m->level == 0)
			sb_addf(o, "\tlnr_get_comm((void *)&fv->%s, pv);\n", n);
		return; /* levels >= 1: the ancestor walk */
	case F_EVT_IS_OPEN_READ:
	case F_EVT_IS_OPEN_WRITE:
		sb_addf(o, "\tfv->%s.v = lnr_open_%s(%s);\n\tfv->%s.st = LNR_ST_OK;\n", n,
			m->fid == F_EVT_IS_OPEN_READ ? "read" : "write", open_flags_expr(evt), n);
		return;
	case F_EVT_ARG:
		if (m->kind == MK_STR) {
			const struct evt_param *ep = evt_param_by_name(evt, m->param, NULL);
			int src = param_slot_of(evt, ep);
			sb_addf(o, "\tlnr_get_param(e, %s, %d, (void *)&fv->%s, %d);\n",
				src == PP_PATH_B || src == PP_STR_B ? "LNR_SLOT_B"
				: src == PP_STR_A_BASE		    ? "LNR_SLOT_A_BASE"
								    : "LNR_SLOT_A",
				src == PP_PATH_A || src == PP_PATH_B ? 0 : 1, n, m->size);
			return;
		}
		/* the open family's flags as userspace renders them: 32 bits */
		sb_addf(o, "\tfv->%s.v = %s%s;\n\tfv->%s.st = LNR_ST_OK;\n", n,
			open_flags_expr(evt) && !strcmp(m->param, "flags") ? "(__u32)" : "",
			param_raw_expr(evt, m->param), n);
		return;
	case F_FD_SIP:
	case F_FD_CIP: {
		/* the server is the local end on accept/listen/bind (fields_extract.c) */
		bool srv = evt == EVT_accept || evt == EVT_accept4 || evt == EVT_listen ||
			   evt == EVT_bind;
		sb_addf(o, "\tlnr_get_fd_ip4(e, fd, (void *)&fv->%s, %d);\n", n,
			(m->fid == F_FD_SIP) == srv);
		return;
	}
	case F_FD_CONNECTED:
		sb_addf(o, "\tlnr_get_fd_connected(e, (void *)&fv->%s, %d);\n", n,
			evt == EVT_connect);
		return;
	case F_FD_NUM:
		sb_addf(o,
			"\tfv->%s.v = r->fd_num;\n\tfv->%s.st = fd->have ? LNR_ST_OK : "
			"LNR_ST_MISSING;\n",
			n, n);
		return;
	case F_FD_NAME:
		if (!(kc_event(evt)->caps & KE_FD_PATH)) {
			/* a socket event: slot A is an address, not the fd's path */
			sb_addf(o, "\tlnr_get_fd_name_sock(fd, (void *)&fv->%s);\n", n);
			return;
		}
		/* fall through */
	case F_FD_NAMERAW:
	case F_FD_DIRECTORY:
	case F_FD_FILENAME:
	case F_FD_TYPE:
	case F_FD_TYPECHAR:
		sb_addf(o, "\tlnr_get_fd_%s(e, fd, (void *)&fv->%s);\n",
			m->fid == F_FD_NAME	   ? "name"
			: m->fid == F_FD_NAMERAW   ? "nameraw"
			: m->fid == F_FD_DIRECTORY ? "directory"
			: m->fid == F_FD_FILENAME  ? "filename"
			: m->fid == F_FD_TYPE	   ? "type"
						   : "typechar",
			n);
		return;
	default:
		sb_addf(o, "\tfv->%s.st = LNR_ST_UNK;\n", n);
		return;
	}
}

/* The fetch of one event type: the path scan first (its bpf_loop is verified per incoming
 * state, so it comes before anything that branches), then the values; intermediate facts live
 * in the per-CPU map, not on the stack, so verifier states merge. */
void put_fetch(struct strbuf *o, const char *fname, int evt, const struct evmembers *em, bool exec)
{
	bool need_fd = false;
	for (size_t i = 0; i < em->n; i++)
		need_fd |= is_fd_member(&em->m[i]);
	if (exec)
		sb_addf(o,
			"static __always_inline int %s(struct lnr_proc_rec *r)\n{\n"
			"\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)\n\t\treturn -1;\n",
			fname);
	else
		sb_addf(o,
			"static __always_inline int %s(struct lnr_ev "
			"*e)\n{\n\tLNR_FETCH_BEGIN(e);\n",
			fname);
	const struct kc_event *ke = kc_event(evt);
	bool dirfd = ke && (ke->caps & KE_DIRFD);
	if (need_fd && !exec && !dirfd)
		sb_addf(o,
			"\tstruct lnr_fdv *fd = &fst_->fd; /* LNR_FETCH_BEGIN's lookup */\n"
			"\tlnr_fd_prepare(e, fd, %d);\n",
			is_open_family(evt) ? 1 : 0);
	for (size_t i = 0; i < em->n; i++) {
		const struct member *m = &em->m[i];
		if (exec && (is_fd_member(m) || m->fid == F_EVT_ARG ||
			     m->fid == F_EVT_IS_OPEN_READ || m->fid == F_EVT_IS_OPEN_WRITE)) {
			/* execve/execveat have no fd; parameters are not read on this path */
			sb_addf(o, "\tfv->%s.st = %s;\n", m->name,
				is_fd_member(m) ? "LNR_ST_MISSING" : "LNR_ST_UNK");
			continue;
		}
		if (is_fd_member(m) && dirfd)
			/* the dirfd: AT_FDCWD means no fd (missing); another fd is not described */
			sb_addf(o,
				"\tfv->%s.st = (int)r->args[%d] == LNR_AT_FDCWD ? LNR_ST_MISSING : "
				"LNR_ST_UNK;\n",
				m->name, dirfd_arg_of(evt));
		else if (is_fd_member(m))
			put_fetch_member(o, evt, m, exec);
	}
	for (size_t i = 0; i < em->n; i++) {
		const struct member *m = &em->m[i];
		if (!is_fd_member(m) && !is_pv_member(m) &&
		    !(exec && (m->fid == F_EVT_ARG || m->fid == F_EVT_IS_OPEN_READ ||
			       m->fid == F_EVT_IS_OPEN_WRITE)))
			put_fetch_member(o, evt, m, exec);
	}
	unsigned lz = members_lazy(em);
	if (lz)
		sb_addf(o, "\tfv->lz_pid = %s; /* process values: lnr_need() */\n",
			exec ? "r->p.pid" : "r->h.pid");
	if (lz & (LZ_WALK | LZ_AARGV | LZ_DEEP))
		lz |= LZ_WALK0; /* lnr_need starts the ancestor walk */
	/* on the exec path the process's own values are in the scratch (rules/kernel.h
	 * lnr_pv_handed): no second lookup of the entry lnr_sched_exec has just written */
	sb_addf(o, "\tfv->lz = %uu%s;\n\treturn 0;\n}\n\n", lz, exec && lz ? " | LNR_LZ_XH" : "");
}

/* The lazy groups of the ancestor members read at level lv (at: exactly there) or deeper; the
 * deep walk (proc.aname (any) past LANNER_ANCESTOR_DEPTH) needs every level up to that one. */
static unsigned anc_groups(const struct evmembers *all, int lv, bool at)
{
	unsigned g = 0;
	for (size_t i = 0; i < all->n; i++)
		if (is_ancestor_member(&all->m[i]) &&
		    (at ? all->m[i].level == lv : all->m[i].level >= lv))
			g |= member_lazy(&all->m[i]);
	if (!at && lv <= LANNER_ANCESTOR_DEPTH)
		g |= members_lazy(all) & LZ_DEEP;
	return g;
}

/* lnr_need's ancestor walk, level by level from where an earlier call of this event left it
 * (fv->anc_*): a level not walked yet costs one lookup (lnr_anc_step), a level walked before
 * whose other values are wanted now one lookup by its pid (lnr_anc_at); each member fetched when
 * its group was asked for, and no step past the deepest level an asked group reads. */
static void put_need_ancestors(struct strbuf *o, const struct evmembers *all)
{
	unsigned below = anc_groups(all, 1, false);
	if (!below)
		return;
	sb_addf(o, "\tstruct lnr_proc_value *a;\n\t__u8 ast;\n");
	for (int lv = 1; below; lv++) {
		unsigned here = anc_groups(all, lv, true);
		sb_addf(o, "\tif (todo & %uu) {\n\t\ta = 0;\n\t\tast = LNR_ST_UNK;\n", below);
		if (lv == 1) /* the parent: rules/kernel.h lnr_anc_parent_live */
			sb_addf(o,
				"\t\tif (fv->anc_lv < 1)\n\t\t\ta = lnr_anc_step1(fv, &ast, %s);\n",
				members_lazy(all) & LZ_AARGV ? "todo & LNR_LZ_AARGV" : "0");
		else
			sb_addf(o,
				"\t\tif (fv->anc_lv < %d)\n\t\t\ta = lnr_anc_step(fv, %d, &ast);\n",
				lv, lv);
		if (here)
			sb_addf(o,
				"\t\telse if (todo & %uu)\n\t\t\ta = lnr_anc_at(fv, %d, &ast);\n",
				here, lv);
		bool argv = false;
		for (size_t i = 0; i < all->n; i++) {
			const struct member *m = &all->m[i];
			if (!is_ancestor_member(m) || m->level != lv)
				continue;
			if (m->fid == F_PROC_ANAME || m->fid == F_PROC_AEXEPATH)
				sb_addf(o,
					"\t\tif (todo & %uu)\n\t\t\tlnr_get_%s_st((void *)&fv->%s, "
					"a, "
					"ast);\n",
					member_lazy(m), m->fid == F_PROC_ANAME ? "comm" : "exepath",
					m->name);
			else
				argv = true;
		}
		if (argv)
			sb_addf(o,
				"\t\tif (todo & LNR_LZ_AARGV)\n\t\t\tlnr_get_aargv_%d(a, ast);\n",
				lv);
		sb_addf(o, "\t}\n");
		below = anc_groups(all, lv + 1, false);
	}
	if (members_lazy(all) & LZ_DEEP)
		sb_addf(o, "\tif (todo & LNR_LZ_DEEP)\n\t\tlnr_anc_deep_g();\n");
}

/* The copies of group g's members from the process's own entry pv, each line indented by ind
 * more; false when the group has none. */
static bool put_self_members(struct strbuf *o, const struct evmembers *all, unsigned g,
			     const char *ind)
{
	struct strbuf b = {0};
	for (size_t i = 0; i < all->n; i++)
		if (member_lazy(&all->m[i]) == g)
			put_fetch_member(&b, EVT_COUNT, &all->m[i], false);
	if (!b.s)
		return false;
	for (const char *l = b.s; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l + 1) : strlen(l);
		sb_addf(o, "%s%.*s", ind, (int)n, l);
		l += n;
	}
	sb_free(&b);
	return true;
}

/* The members of the process's own entry in group g, one level deeper. */
static void put_need_self(struct strbuf *o, const struct evmembers *all, unsigned g,
			  const char *name)
{
	struct strbuf b = {0};
	if (!put_self_members(&b, all, g, "\t\t"))
		return;
	sb_addf(o, "\t\tif (todo & %s) {\n%s\t\t}\n", name, b.s);
	sb_free(&b);
}

/* lnr_need_head(fv): lnr_need(LNR_LZ_PV) for a filter's guards (gen/emit_guards.c), with the
 * usual case inlined. A call to a BPF function and its return cost more than copying the name
 * and the container id (the return goes through the kernel's return thunk where it mitigates
 * speculative returns), and most events whose guards read them find the process in this CPU's
 * copy. So on a hit they are copied here; a miss, or an exec-path event whose entry was handed
 * over (LNR_LZ_XH), goes to lnr_need. The ancestor walk is not started here: a later lnr_need
 * that wants it still finds LNR_LZ_WALK0 and starts it from the same entry. */
static void put_need_head(struct strbuf *o, const struct evmembers *all)
{
	struct strbuf b = {0};
	if (!put_self_members(&b, all, LZ_PV, "\t\t"))
		return;
	sb_addf(o,
		"static __always_inline void lnr_need_head(struct lnr_fv *fv)\n{\n"
		"\tif (!(fv->lz & LNR_LZ_XH)) {\n"
		"\t\tstruct lnr_proc_value *pv = lnr_pv_memo_hit(fv->lz_pid);\n"
		"\t\tif (pv) {\n\t\t\tfv->lz &= ~LNR_LZ_PV;\n%s\t\t\treturn;\n\t\t}\n\t}\n"
		"\tlnr_need(LNR_LZ_PV);\n}\n\n",
		b.s);
	sb_free(&b);
}

/* lnr_need(groups): the lazily fetched values of every event type (the union of their members:
 * a member no rule of this event reads costs a copy, not a wrong answer). A global function,
 * verified once, called from the rule functions before a leaf that reads such a value. The
 * process's own entry is looked up only for its own values or to start the ancestor walk; the
 * walk goes on where an earlier call left it. */
void put_need(struct strbuf *o, const struct evmembers *all)
{
	unsigned lz = members_lazy(all);
	if (!lz)
		return;
	unsigned self = lz & (LZ_PV | LZ_PVX | LZ_EXE | LZ_ARGV), walk = anc_groups(all, 1, false);
	if (lz & LZ_DEEP)
		sb_addf(o, "static __noinline int lnr_anc_deep_g(void)\n{\n\tlnr_anc_deep();\n"
			   "\treturn 0;\n}\n\n");
	sb_addf(o, "LNR_NOINLINE int lnr_need(__u32 want)\n{\n\tstruct lnr_fv *fv = LNR_FV();\n"
		   "\tif (!fv)\n\t\treturn 0;\n\t__u32 todo = fv->lz & want;\n"
		   "\tfv->lz &= ~todo;\n");
	if (walk)
		sb_addf(o, "\tif (todo & %uu || (todo & %uu && fv->lz & LNR_LZ_WALK0)) {\n", self,
			walk);
	else
		sb_addf(o, "\tif (todo & %uu) {\n", self);
	/* the exec path's handoff, else the map (rules/kernel.h lnr_pv_handed) */
	sb_addf(o, "\t\tstruct lnr_proc_value *pv = 0;\n\t\tif (fv->lz & LNR_LZ_XH)\n"
		   "\t\t\tpv = lnr_pv_handed(fv->lz_pid);\n");
	/* the head alone from this CPU's memo (rules/kernel.h lnr_pv_memo), else the map */
	if (lz & (LZ_EXE | LZ_ARGV))
		sb_addf(o,
			"\t\tif (!pv)\n\t\t\tpv = todo & (%s) ? lnr_pv_self(fv->lz_pid)"
			" : lnr_pv_memo(fv->lz_pid);\n",
			lz & LZ_EXE && lz & LZ_ARGV ? "LNR_LZ_EXE | LNR_LZ_ARGV"
			: lz & LZ_EXE		    ? "LNR_LZ_EXE"
						    : "LNR_LZ_ARGV");
	else
		sb_addf(o, "\t\tif (!pv)\n\t\t\tpv = lnr_pv_memo(fv->lz_pid);\n");
	if (walk)
		sb_addf(o, "\t\tif (fv->lz & LNR_LZ_WALK0) {\n\t\t\tfv->lz &= ~LNR_LZ_WALK0;\n"
			   "\t\t\tlnr_anc_start(fv, pv);\n\t\t}\n");
	put_need_self(o, all, LZ_PV, "LNR_LZ_PV");
	put_need_self(o, all, LZ_PVX, "LNR_LZ_PVX");
	put_need_self(o, all, LZ_EXE, "LNR_LZ_EXE");
	if (lz & LZ_ARGV)
		sb_addf(o, "\t\tif (todo & LNR_LZ_ARGV)\n\t\t\tlnr_get_argv(pv);\n");
	sb_addf(o, "\t}\n");
	put_need_ancestors(o, all);
	sb_addf(o, "\treturn 0;\n}\n\n");
	put_need_head(o, all);
}
