/* record.c — see record.h. */
#include "events/record.h"

#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

/* The slots after a record's fixed part of `used` bytes; a record shorter than that part fails
 * with too_short (lens, inside the fixed part, is read only after that check). */
static bool decode_slots(const char *base, size_t used, size_t size, const __u16 *lens,
			 const char *too_short, struct rec_view *v, const char **why)
{
	if (size < used) {
		*why = too_short;
		return false;
	}
	size_t off = used;
	for (int i = 0; i < LNR_NSLOTS; i++) {
		size_t l = lens[i];
		v->slot[i].p = NULL;
		v->slot[i].len = 0;
		if (!l)
			continue;
		if (l > size - off) {
			*why = "slot overruns the record";
			return false;
		}
		v->slot[i].p = base + off;
		/* strings carry their NUL; binary slots (sockaddr) are taken whole */
		v->slot[i].len = l;
		if (base[off + l - 1] == '\0')
			v->slot[i].len = strnlen(base + off, l);
		off += l;
	}
	return true;
}

void rec_path_resolve(const char *base, const char *rel, char *out, size_t size)
{
	char tmp[REC_PATH_MAX * 2];
	size_t n = 0;
	if (!size)
		return;
	if (rel[0] != '/' && base && base[0]) {
		n = (size_t)snprintf(tmp, sizeof(tmp), "%s/%s", base, rel);
	} else {
		n = (size_t)snprintf(tmp, sizeof(tmp), "%s", rel);
	}
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	/* normalise component by component into out */
	size_t o = 0;
	bool absolute = tmp[0] == '/';
	const char *p = tmp, *end = tmp + n;
	if (absolute)
		out[o++] = '/';
	size_t root = o;
	while (p < end) {
		while (p < end && *p == '/')
			p++;
		const char *c = p;
		while (p < end && *p != '/')
			p++;
		size_t cl = (size_t)(p - c);
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			continue;
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			if (o > root) {
				/* drop the last component */
				while (o > root && out[o - 1] != '/')
					o--;
				if (o > root)
					o--; /* the separator before it */
				continue;
			}
			if (absolute)
				continue; /* /.. is / */
		}
		if (o > root && o + 1 < size)
			out[o++] = '/';
		for (size_t i = 0; i < cl && o + 1 < size; i++)
			out[o++] = c[i];
	}
	if (o == 0 && !absolute && size > 1)
		out[o++] = '.';
	out[o < size ? o : size - 1] = '\0';
}

bool rec_decode(const void *data, size_t size, struct rec_view *v, const char **why)
{
	const char *b = data;
	memset(v, 0, offsetof(struct rec_view, path_a));
	v->path_a[0] = v->path_b[0] = '\0';
	v->has_a = v->has_b = false;
	if (size < sizeof(struct lnr_hdr)) {
		*why = "record shorter than its header";
		return false;
	}
	v->h = data;
	if (v->h->size > size) {
		*why = "record size field larger than the record";
		return false;
	}
	size = v->h->size;
	switch (v->h->kind) {
	case LNR_K_SYSCALL:
		v->sys = data;
		if (!decode_slots(b, sizeof(struct lnr_sys), size, v->sys->slot_len,
				  "syscall record too short", v, why))
			return false;
		break;
	case LNR_K_EXEC:
	case LNR_K_FORK:
	case LNR_K_EXIT:
	case LNR_K_CWD:
		v->proc = data;
		if (!decode_slots(b, sizeof(struct lnr_proc_rec), size, v->proc->slot_len,
				  "process record too short", v, why))
			return false;
		if (v->h->kind == LNR_K_EXEC && (v->proc->p.pflags & LNR_PF_ENV)) {
			size_t off = sizeof(struct lnr_proc_rec);
			for (int i = 0; i < LNR_NSLOTS; i++)
				off += v->proc->slot_len[i];
			v->env.p = b + off; /* decode_slots checked off <= size */
			v->env.len = size - off;
		}
		return true;
	default:
		*why = "unknown record kind";
		return false;
	}
	/* path arguments: A (+A_BASE), B (+B_BASE). symlink's A (target) and mount's A (device) are
	 * not paths to resolve; the field layer picks which of these it uses per event. */
	if (v->slot[LNR_SLOT_A].p && v->sys->fd_kind != LNR_FD_IPV4 &&
	    v->sys->fd_kind != LNR_FD_IPV6 && v->sys->fd_kind != LNR_FD_UNIX) {
		rec_path_resolve(v->slot[LNR_SLOT_A_BASE].p, v->slot[LNR_SLOT_A].p, v->path_a,
				 sizeof(v->path_a));
		v->has_a = true;
	}
	if (v->slot[LNR_SLOT_B].p) {
		rec_path_resolve(v->slot[LNR_SLOT_B_BASE].p, v->slot[LNR_SLOT_B].p, v->path_b,
				 sizeof(v->path_b));
		v->has_b = true;
	}
	return true;
}

/* Falco's cwd after a chdir/fchdir: chdir's argument joined lexically to the cwd it had (an
 * absolute argument replaces it), fchdir's directory by the name it was opened by (else its
 * real path); always with a trailing '/'. */
static bool cur_cwd_known(struct proctable *pt, int pid)
{
	const struct proc_entry *e = proctable_get(pt, pid);
	return e && e->cwd[0] == '/';
}

static void apply_cwd(struct proctable *pt, const struct rec_view *v)
{
	const struct proc_entry *e = proctable_get(pt, (int)v->h->pid);
	const char *arg = v->slot[LNR_CSLOT_ARG].p, *real = v->slot[LNR_CSLOT_REAL].p;
	char out[REC_PATH_MAX];
	const char *base = v->slot[LNR_CSLOT_BASE].p;
	if (v->h->evt == EVT_chdir && arg && e && (arg[0] == '/' || e->cwd[0] == '/'))
		rec_path_resolve(e->cwd, arg, out, sizeof(out));
	else if (v->h->evt == EVT_fchdir && arg && (arg[0] == '/' || (base && base[0] == '/')))
		rec_path_resolve(base, arg, out, sizeof(out)); /* the name it was opened by */
	else if (real && real[0] == '/') /* fchdir of an fd not seen opened, or no cwd known */
		rec_path_resolve(NULL, real, out, sizeof(out));
	else
		return;
	size_t n = strlen(out);
	if (n && out[n - 1] != '/' && n + 1 < sizeof(out)) {
		out[n] = '/';
		out[n + 1] = '\0';
	}
	if (!e)
		proctable_scan_pid(pt, NULL, (int)v->h->pid);
	proctable_set_cwd(pt, (int)v->h->pid, out);
}

/* A cwd-relative path argument (LNR_RF_CWD_*) joined to the cwd the table tracks, as Falco
 * resolves it; the kernel's real cwd (the *_BASE slot) only when the table has none. */
static void resolve_cwd_paths(struct proctable *pt, struct rec_view *v)
{
	if (!(v->h->flags & (LNR_RF_CWD_A | LNR_RF_CWD_B)))
		return;
	const struct proc_entry *e = proctable_get(pt, (int)v->h->pid);
	if (!e || e->cwd[0] != '/')
		return;
	if ((v->h->flags & LNR_RF_CWD_A) && v->has_a && v->slot[LNR_SLOT_A].p &&
	    v->slot[LNR_SLOT_A].p[0] != '/')
		rec_path_resolve(e->cwd, v->slot[LNR_SLOT_A].p, v->path_a, sizeof(v->path_a));
	if ((v->h->flags & LNR_RF_CWD_B) && v->has_b && v->slot[LNR_SLOT_B].p &&
	    v->slot[LNR_SLOT_B].p[0] != '/')
		rec_path_resolve(e->cwd, v->slot[LNR_SLOT_B].p, v->path_b, sizeof(v->path_b));
}

bool rec_apply_proc(struct proctable *pt, struct rec_view *v)
{
	if (v->sys) {
		resolve_cwd_paths(pt, v);
		return false;
	}
	if (!v->proc)
		return false;
	const struct lnr_proc *p = &v->proc->p;
	switch (v->h->kind) {
	case LNR_K_EXEC: {
		char comm[LNR_COMM_LEN + 1], ctid[LNR_CTID_LEN + 1];
		memcpy(comm, p->comm, LNR_COMM_LEN);
		comm[LNR_COMM_LEN] = 0;
		memcpy(ctid, p->container_id, LNR_CTID_LEN);
		ctid[LNR_CTID_LEN] = 0;
		struct proc_exec x = {
			.pid = (int)v->h->pid,
			.ppid = (int)p->ppid,
			.comm = comm,
			.argv = v->slot[LNR_PSLOT_ARGS].p,
			.argv_len = v->proc->slot_len[LNR_PSLOT_ARGS],
			.exepath = v->slot[LNR_PSLOT_EXEPATH].p,
			/* the cwd the table tracks (Falco's, from chdir/fchdir) outlives the exec
			 */
			.cwd = cur_cwd_known(pt, (int)v->h->pid) ? NULL : v->slot[LNR_PSLOT_CWD].p,
			.uid = p->uid,
			.gid = p->gid,
			.tty = p->tty,
			.loginuid = p->loginuid == 0xffffffffu ? -1 : (int64_t)p->loginuid,
			.vpid = (int)p->vpid,
			.sid = (int)p->sid,
			.pidns = p->pidns,
			.mntns = p->mntns,
			.container_id = ctid,
			.exe_flags = (p->pflags & LNR_PF_EXE_MASK) >> LNR_PF_EXE_SHIFT,
			.cap_permitted = p->cap_permitted,
			.cap_effective = p->cap_effective,
			.cap_inheritable = p->cap_inheritable,
			.pgid = (int)p->pgid,
			.start_ns = p->start_ts,
			.since_ns = v->h->ts, /* = the kernel map's since_ts for this exec */
			.env = v->env.p,
			.env_len = v->env.len,
		};
		/* kernel left the container undecided (sensor_opts.no_kernel_ct): the process's
		 * cgroups, else its parent's. LANNER_TEST_NO_USERSPACE_CT (tests) keeps "" instead,
		 * so a test sees exactly what the kernel decided. */
		static int no_user_ct = -1;
		if (no_user_ct < 0)
			no_user_ct = getenv("LANNER_TEST_NO_USERSPACE_CT") != NULL;
		char uid_ct[CGROUP_ID_BUF];
		if (!ctid[0] && !no_user_ct) {
			const struct proc_entry *par = proctable_get(pt, (int)p->ppid);
			if (cgroup_container_id(NULL, (int)v->h->pid, NULL, uid_ct, NULL) == 0)
				x.container_id = uid_ct;
			else
				x.container_id = par ? par->container_id : NULL;
		}
		proctable_on_exec(pt, &x);
		break;
	}
	case LNR_K_FORK:
		if (proctable_on_fork(pt, (int)p->ppid, (int)p->pid, (int)p->vpid, p->start_ts) ==
		    -ENOENT)
			proctable_scan_pid(pt, NULL, (int)p->pid);
		break;
	case LNR_K_EXIT:
		/* children go to the reaper the kernel named */
		proctable_on_exit_reaper(pt, (int)v->h->pid, (int)v->proc->parent_tid);
		break;
	case LNR_K_CWD:
		apply_cwd(pt, v);
		break;
	}
	return true;
}
