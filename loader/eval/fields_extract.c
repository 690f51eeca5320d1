/* fields_extract.c — see fields_extract.h. Field semantics: docs/falco-semantics.md, "Fields". */
#include "eval/fields_extract.h"
#include "caps.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <pwd.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errnames.h"
#include "events.h"
#include "flags.h"
#include "containers/userdb.h"

/* ---- arena ---- */

static char *fx_alloc(struct fx_ctx *c, size_t n)
{
	if (n > FX_ARENA - c->used)
		return NULL;
	char *p = c->arena + c->used;
	c->used += n;
	return p;
}

char *fx_arena_alloc(struct fx_ctx *c, size_t n)
{
	return fx_alloc(c, n);
}

static char *fx_strdup(struct fx_ctx *c, const char *s, size_t n)
{
	char *p = fx_alloc(c, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

static bool put_str(struct fx_ctx *c, struct fieldval *o, const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	o->kind = FV_STR;
	o->s = fx_strdup(c, s, n);
	o->len = n;
	return o->s != NULL;
}

char *fx_str_space(struct fx_ctx *c, struct fieldval *o, size_t len)
{
	char *b = fx_alloc(c, len + 1);
	if (!b)
		return NULL;
	b[0] = 0; /* a render that writes less still leaves a string */
	o->kind = FV_STR;
	o->s = b;
	o->len = len;
	return b;
}

static bool put_int(struct fieldval *o, int64_t v)
{
	o->kind = FV_INT;
	o->i = v;
	return true;
}

static bool put_uint(struct fieldval *o, uint64_t v)
{
	o->kind = FV_UINT;
	o->i = (int64_t)v;
	return true;
}

static bool put_bool(struct fieldval *o, bool b)
{
	o->kind = FV_BOOL;
	o->i = b;
	return true;
}

void fx_begin(struct fx_ctx *c, const struct rec_view *v, struct proctable *pt, uint64_t evt_num,
	      int64_t boot_to_epoch)
{
	c->v = v;
	c->pt = pt;
	c->evt_num = evt_num;
	c->boot_to_epoch = boot_to_epoch;
	c->used = 0;
	c->anc_done = false;
	c->evt = v->h->evt;
	if (v->h->kind == LNR_K_EXIT)
		c->evt = EVT_procexit;
}

int64_t fx_boot_to_epoch(void)
{
	struct timespec b, r;
	clock_gettime(CLOCK_BOOTTIME, &b);
	clock_gettime(CLOCK_REALTIME, &r);
	return ((int64_t)r.tv_sec - b.tv_sec) * 1000000000LL + (r.tv_nsec - b.tv_nsec);
}

/* The sensor's exe bits are FLAG_SYN_EXE_* shifted: one value for the record and the rules. */
_Static_assert(LNR_PF_EXE_WRITABLE >> LNR_PF_EXE_SHIFT == FLAG_SYN_EXE_WRITABLE, "exe bits");
_Static_assert(LNR_PF_EXE_UPPER_LAYER >> LNR_PF_EXE_SHIFT == FLAG_SYN_EXE_UPPER_LAYER, "exe bits");
_Static_assert(LNR_PF_EXE_FROM_MEMFD >> LNR_PF_EXE_SHIFT == FLAG_SYN_EXE_FROM_MEMFD, "exe bits");
_Static_assert(LNR_PF_EXE_LOWER_LAYER >> LNR_PF_EXE_SHIFT == FLAG_SYN_EXE_LOWER_LAYER, "exe bits");

/* ---- the event's process ---- */

static const struct proc_entry *self(struct fx_ctx *c)
{
	return proctable_get(c->pt, (int)c->v->h->pid);
}

/* The ancestors in the table, loaded on first use when it is filled on demand. */
static void need_ancestors(struct fx_ctx *c)
{
	if (!c->pl || c->anc_done)
		return;
	c->anc_done = true;
	proc_lazy_ancestors(c->pl, (int)c->v->h->pid, c->v->h->ts);
}

static const struct proc_entry *ancestor(struct fx_ctx *c, int n)
{
	if (n > 1)
		need_ancestors(c); /* the parent is loaded with the process */
	return proctable_ancestor(c->pt, (int)c->v->h->pid, n);
}

static const char *cmdline(struct fx_ctx *c, const struct proc_entry *e)
{
	size_t need = proc_render_cmdline(e, NULL, 0) + 1;
	char *b = fx_alloc(c, need);
	if (!b)
		return NULL;
	proc_render_cmdline(e, b, need);
	return b;
}

/* ---- fd view ---- */

static bool evt_has_fd(struct fx_ctx *c)
{
	const struct evt_info *e = evt_info(c->evt);
	return e && (e->flags & (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD)) && c->v->sys;
}

static bool is_open_family(int evt)
{
	int n;
	return evt_open_flags(evt, &n) != PL_NONE;
}

/* The open flags of an open-family record (the event table's LNR_OPEN row). */
static uint64_t open_flags(int evt, const struct lnr_sys *s)
{
	int n;
	switch (evt_open_flags(evt, &n)) {
	case PL_ARG:
		return s->args[(unsigned)n % 6];
	case PL_AUX:
		return s->aux[n & 3];
	case PL_CONST:
		return (uint64_t)n;
	default:
		return 0;
	}
}

/* The raw value of an event's parameter carried in args[] / aux[]; 0 when it is not. */
static uint64_t param_raw(int evt, const struct lnr_sys *s, const char *name)
{
	const struct evt_param *p = evt_param_by_name(evt, name, NULL);
	if (p && p->loc == PL_ARG)
		return s->args[(unsigned)p->loc_n % 6];
	if (p && p->loc == PL_AUX)
		return s->aux[p->loc_n & 3];
	return 0;
}

static bool is_sock(uint32_t k)
{
	return k == LNR_FD_IPV4 || k == LNR_FD_IPV6 || k == LNR_FD_UNIX;
}

/* The fd's kind: from the record; for failed opens Falco derives 'f' from the event type. */
static uint32_t fd_kind(struct fx_ctx *c)
{
	const struct lnr_sys *s = c->v->sys;
	uint32_t k = s->fd_kind;
	/* anonymous inodes by their name, in this order (the first match wins) */
	static const struct {
		const char *in;
		uint32_t kind;
	} anon[] = {{"[eventfd]", LNR_FD_EVENT},
		    {"[eventpoll]", LNR_FD_EVENTPOLL},
		    {"[signalfd]", LNR_FD_SIGNALFD},
		    {"[timerfd]", LNR_FD_TIMERFD},
		    {"inotify", LNR_FD_INOTIFY},
		    {"[userfaultfd]", LNR_FD_USERFAULTFD},
		    {"[io_uring]", LNR_FD_IO_URING},
		    {"[pidfd]", LNR_FD_PIDFD},
		    {"bpf", LNR_FD_BPF}};
	if (k == LNR_FD_UNKNOWN && c->v->has_a)
		for (size_t i = 0; i < sizeof(anon) / sizeof(anon[0]); i++)
			if (strstr(c->v->path_a, anon[i].in))
				return anon[i].kind;
	if (k == LNR_FD_FILE && c->v->has_a && !strncmp(c->v->path_a, "/memfd:", 7))
		return LNR_FD_MEMFD;
	if (c->evt == EVT_memfd_create && k == LNR_FD_FILE)
		return LNR_FD_MEMFD;
	return k;
}

static const char *kind_name(uint32_t k)
{
	static const char *const n[] = {
		[LNR_FD_FILE] = "file",
		[LNR_FD_DIR] = "directory",
		[LNR_FD_IPV4] = "ipv4",
		[LNR_FD_IPV6] = "ipv6",
		[LNR_FD_UNIX] = "unix",
		[LNR_FD_PIPE] = "pipe",
		[LNR_FD_EVENT] = "event",
		[LNR_FD_SIGNALFD] = "signalfd",
		[LNR_FD_EVENTPOLL] = "eventpoll",
		[LNR_FD_INOTIFY] = "inotify",
		[LNR_FD_TIMERFD] = "timerfd",
		[LNR_FD_NETLINK] = "netlink",
		[LNR_FD_BPF] = "bpf",
		[LNR_FD_USERFAULTFD] = "userfaultfd",
		[LNR_FD_IO_URING] = "io_uring",
		[LNR_FD_MEMFD] = "memfd",
		[LNR_FD_PIDFD] = "pidfd",
	};
	if (k < sizeof(n) / sizeof(n[0]) && n[k])
		return n[k];
	return NULL;
}

static char kind_char(uint32_t k)
{
	switch (k) {
	case LNR_FD_FILE:
		return 'f';
	case LNR_FD_DIR:
		return 'd';
	case LNR_FD_IPV4:
		return '4';
	case LNR_FD_IPV6:
		return '6';
	case LNR_FD_UNIX:
	case LNR_FD_USERFAULTFD:
		return 'u';
	case LNR_FD_PIPE:
		return 'p';
	case LNR_FD_EVENT:
		return 'e';
	case LNR_FD_SIGNALFD:
		return 's';
	case LNR_FD_EVENTPOLL:
		return 'l';
	case LNR_FD_INOTIFY:
		return 'i';
	case LNR_FD_TIMERFD:
		return 't';
	case LNR_FD_NETLINK:
		return 'n';
	case LNR_FD_BPF:
		return 'b';
	case LNR_FD_IO_URING:
		return 'r';
	case LNR_FD_MEMFD:
		return 'm';
	case LNR_FD_PIDFD:
		return 'P';
	default:
		return 'o';
	}
}

/* Is the local end the server? accept-side events and listening sockets. */
static bool local_is_server(struct fx_ctx *c)
{
	return c->evt == EVT_accept || c->evt == EVT_accept4 || c->evt == EVT_listen ||
	       c->evt == EVT_bind;
}

static void ip_text(const struct lnr_sock *so, const uint8_t *a, char *buf, size_t len)
{
	inet_ntop(so->family == 2 ? AF_INET : AF_INET6, a, buf, (socklen_t)len);
}

/* Unix socket path of slot A (a sockaddr_un: the address given to connect, or the socket's own
 * bound address on bind/accept), or "". An abstract address (a NUL first) is printed without
 * that NUL, up to the next one, as Falco's driver reads it. */
static const char *unix_path(struct fx_ctx *c)
{
	const struct rec_slot *a = &c->v->slot[LNR_SLOT_A];
	/* the slot's whole length: rec_slot.len stops at a NUL, and sun_family's high byte is one
	 */
	size_t len = c->v->sys->slot_len[LNR_SLOT_A];
	if (!a->p || len <= 2 || c->v->sys->fd_kind != LNR_FD_UNIX)
		return "";
	const char *p = a->p + 2; /* after sun_family */
	size_t room = len - 2;
	if (p[0] == '\0') {
		p++;
		room--;
	}
	if (!room)
		return "";
	size_t n = strnlen(p, room);
	return fx_strdup(c, p, n);
}

static const char *fd_name(struct fx_ctx *c)
{
	const struct lnr_sys *s = c->v->sys;
	const struct lnr_sock *so = &s->sock;
	uint32_t k = s->fd_kind;
	if (k == LNR_FD_IPV4 || k == LNR_FD_IPV6) {
		char l[64], r[64];
		ip_text(so, so->laddr, l, sizeof(l));
		ip_text(so, so->raddr, r, sizeof(r));
		char *b = fx_alloc(c, 160);
		if (!b)
			return NULL;
		if (c->evt == EVT_bind) /* the bound address, as Falco names the socket */
			snprintf(b, 160, "%s:%u", l, so->lport);
		else if (local_is_server(c))
			snprintf(b, 160, "%s:%u->%s:%u", r, so->rport, l, so->lport);
		else
			snprintf(b, 160, "%s:%u->%s:%u", l, so->lport, r, so->rport);
		return b;
	}
	if (k == LNR_FD_UNIX) {
		const char *p = unix_path(c);
		if (c->evt == EVT_bind && p[0])
			return p; /* Falco names a bound socket by its address */
		size_t n = strlen(p) + 64;
		char *b = fx_alloc(c, n);
		if (b)
			snprintf(b, n, "%" PRIx64 "->%" PRIx64 " %s", (uint64_t)so->l_ptr,
				 (uint64_t)so->r_ptr, p);
		return b;
	}
	if (c->v->has_a && (is_open_family(c->evt) || k != LNR_FD_NONE))
		return c->v->path_a;
	return NULL;
}

/* fd.* fields. */
static bool fd_field(struct fx_ctx *c, enum field_id id, struct fieldval *o)
{
	if (!evt_has_fd(c))
		return false;
	const struct lnr_sys *s = c->v->sys;
	const struct lnr_sock *so = &s->sock;
	uint32_t k = fd_kind(c);
	bool failed_open = is_open_family(c->evt) && s->res < 0;
	bool have = k != LNR_FD_NONE || failed_open;
	if (!have)
		return false;
	bool sock = is_sock(s->fd_kind);
	bool ip = s->fd_kind == LNR_FD_IPV4 || s->fd_kind == LNR_FD_IPV6;
	bool srv = local_is_server(c);
	const uint8_t *cip = srv ? so->raddr : so->laddr, *sip = srv ? so->laddr : so->raddr;
	unsigned cport = srv ? so->rport : so->lport, sport = srv ? so->lport : so->rport;
	switch (id) {
	case F_FD_NUM:
		return put_int(o, s->fd_num);
	case F_FD_NAME:
		return put_str(c, o, fd_name(c));
	case F_FD_NAMERAW:
		if (sock || !c->v->slot[LNR_SLOT_A].p)
			return put_str(c, o, fd_name(c));
		return put_str(c, o, c->v->slot[LNR_SLOT_A].p);
	case F_FD_TYPE:
		if (failed_open)
			return false;
		return put_str(c, o, kind_name(k));
	case F_FD_TYPECHAR: {
		char t[2] = {failed_open ? 'f' : kind_char(k), 0};
		return put_str(c, o, t);
	}
	case F_FD_DIRECTORY:
	case F_FD_FILENAME: {
		if (failed_open || (k != LNR_FD_FILE && k != LNR_FD_DIR && k != LNR_FD_MEMFD))
			return false;
		const char *n = fd_name(c);
		if (!n)
			return false;
		const char *sl = strrchr(n, '/');
		if (!sl)
			return false;
		if (id == F_FD_FILENAME)
			return put_str(c, o, sl + 1);
		if (sl == n)
			return put_str(c, o, "/");
		o->kind = FV_STR;
		o->s = fx_strdup(c, n, (size_t)(sl - n));
		o->len = (size_t)(sl - n);
		return o->s != NULL;
	}
	case F_FD_DEV:
		return put_uint(o, s->fd_dev);
	case F_FD_INO:
		return put_uint(o, s->fd_ino);
	case F_FD_CIP:
	case F_FD_SIP:
	case F_FD_LIP:
	case F_FD_RIP:
	case F_FD_IP:
	/* the *net fields are the same addresses, compared against a CIDR by the operator */
	case F_FD_CNET:
	case F_FD_SNET:
	case F_FD_LNET:
	case F_FD_RNET:
	case F_FD_NET: {
		if (!ip)
			return false;
		const uint8_t *a = id == F_FD_CIP || id == F_FD_CNET   ? cip
				   : id == F_FD_SIP || id == F_FD_SNET ? sip
				   : id == F_FD_LIP || id == F_FD_LNET ? so->laddr
				   : id == F_FD_RIP || id == F_FD_RNET
					   ? so->raddr
					   : (o->side == FV_SIDE_SERVER ? sip : cip);
		o->kind = FV_IP;
		o->family = s->fd_kind == LNR_FD_IPV4 ? 4 : 6;
		memcpy(o->ip, a, o->family == 4 ? 4 : 16);
		return true;
	}
	case F_FD_CPORT:
		return ip && put_uint(o, cport);
	case F_FD_SPORT:
		return ip && put_uint(o, sport);
	case F_FD_LPORT:
		return ip && put_uint(o, so->lport);
	case F_FD_RPORT:
		return ip && put_uint(o, so->rport);
	case F_FD_PORT:
		return ip && put_uint(o, o->side == FV_SIDE_SERVER ? sport : cport);
	case F_FD_L4PROTO:
		if (!ip)
			return false;
		return put_str(c, o,
			       so->l4proto == 6				 ? "tcp"
			       : so->l4proto == 17			 ? "udp"
			       : (so->l4proto == 1 || so->l4proto == 58) ? "icmp"
									 : "raw");
	case F_FD_SOCKFAMILY:
		if (!sock)
			return false;
		return put_str(c, o, ip ? "ip" : "unix");
	case F_FD_IS_SERVER:
		return sock && put_bool(o, srv);
	case F_FD_CONNECTED:
		return sock && put_bool(o, c->evt == EVT_connect ? s->res == 0 : true);
	default:
		return false;
	}
}

/* ---- parameters (evt.arg.*) ---- */

/* uid/gid → name, cached: the consumer thread asks for every event, and NSS lookups read
 * /etc/passwd each time. Small direct-mapped cache; names never change while we run. */
#define NAME_CACHE 64
struct name_cache {
	uint32_t id[NAME_CACHE];
	char name[NAME_CACHE][64];
	bool used[NAME_CACHE];
};
static struct name_cache users_cache, groups_cache;

static const char *cached_name(struct fx_ctx *c, struct name_cache *nc, uint32_t id, bool user)
{
	if (id == 0xffffffffu)
		return "<NONE>";
	unsigned h = id % NAME_CACHE;
	if (!nc->used[h] || nc->id[h] != id) {
		char buf[1024];
		const char *n = NULL;
		if (user) {
			struct passwd pw, *res = NULL;
			if (getpwuid_r(id, &pw, buf, sizeof(buf), &res) == 0 && res)
				n = res->pw_name;
		} else {
			struct group gr, *res = NULL;
			if (getgrgid_r(id, &gr, buf, sizeof(buf), &res) == 0 && res)
				n = res->gr_name;
		}
		snprintf(nc->name[h], sizeof(nc->name[h]), "%s", n ? n : id == 0 ? "root" : "<NA>");
		nc->id[h] = id;
		nc->used[h] = true;
	}
	return fx_strdup(c, nc->name[h], strlen(nc->name[h]));
}

static const char *user_name(struct fx_ctx *c, uint32_t uid)
{
	return cached_name(c, &users_cache, uid, true);
}

static const char *group_name(struct fx_ctx *c, uint32_t gid)
{
	return cached_name(c, &groups_cache, gid, false);
}

/* Renders a raw numeric parameter by its type (flags, errno, fd, uid...). */
static void render_num(struct fx_ctx *c, const struct evt_param *p, uint64_t raw, char *buf,
		       size_t len)
{
	int64_t sv = (int64_t)raw;
	switch (p->type) {
	case FT_FD:
		if ((int32_t)raw == -100) {
			snprintf(buf, len, "AT_FDCWD");
			return;
		}
		sv = (int32_t)raw; /* a failed call's fd is its errno, rendered as FT_ERRNO's */
		__attribute__((fallthrough));
	case FT_ERRNO:
		if (sv < 0 && errno_name((int)-sv)) {
			snprintf(buf, len, "%s", errno_name((int)-sv));
			return;
		}
		snprintf(buf, len, "%" PRId64, sv);
		return;
	case FT_PID:
	case FT_INT8:
	case FT_INT16:
	case FT_INT32:
		snprintf(buf, len, "%" PRId64, (int64_t)(int32_t)raw);
		return;
	case FT_INT64:
		snprintf(buf, len, "%" PRId64, sv);
		return;
	default:
		break;
	}
	if (p->kind == PK_UID) {
		snprintf(buf, len, "%s", user_name(c, (uint32_t)raw));
		return;
	}
	if (p->kind == PK_GID) {
		snprintf(buf, len, "%s", group_name(c, (uint32_t)raw));
		return;
	}
	if (p->table != FLT_NONE) {
		flags_render(p->table, raw, buf, len);
		return;
	}
	snprintf(buf, len, "%" PRIu64, raw);
}

/* Falco's FMODE_CREATED: the open created the file (O_F_CREATED). */
#define LNR_FMODE_CREATED 0x100000u

bool fx_param_text(struct fx_ctx *c, int idx, char *buf, size_t len)
{
	const struct evt_info *e = evt_info(c->evt);
	const struct lnr_sys *s = c->v->sys;
	if (!e || idx < 0 || idx >= e->nparams || !len)
		return false;
	const struct evt_param *p = &e->params[idx];
	if (!s) {
		/* exec records: the parameters the process record carries */
		const struct lnr_proc_rec *pr = c->v->proc;
		const struct proc_entry *pe = self(c);
		if (!pr || c->v->h->kind != LNR_K_EXEC)
			return false;
		if (!strcmp(p->name, "res"))
			snprintf(buf, len, "SUCCESS");
		else if (!strcmp(p->name, "exe") && pe)
			snprintf(buf, len, "%s", pe->exe);
		else if (!strcmp(p->name, "args") && pe)
			proc_render_args(pe, buf, len);
		else if (!strcmp(p->name, "tid"))
			snprintf(buf, len, "%u", c->v->h->tid);
		else if (!strcmp(p->name, "pid"))
			snprintf(buf, len, "%u", c->v->h->pid);
		else if (!strcmp(p->name, "ptid"))
			snprintf(buf, len, "%u", pr->p.ppid);
		else if (!strcmp(p->name, "cwd") && c->v->slot[LNR_PSLOT_CWD].p)
			snprintf(buf, len, "%s", c->v->slot[LNR_PSLOT_CWD].p);
		else if (!strcmp(p->name, "comm"))
			snprintf(buf, len, "%.16s", pr->p.comm);
		else if (!strcmp(p->name, "tty"))
			snprintf(buf, len, "%u", pr->p.tty);
		else if (!strcmp(p->name, "loginuid"))
			render_num(c, p, pr->p.loginuid, buf, len);
		else if (!strcmp(p->name, "uid"))
			render_num(c, p, pr->p.uid, buf, len);
		else if (!strcmp(p->name, "gid"))
			render_num(c, p, pr->p.gid, buf, len);
		else if (!strcmp(p->name, "pgid"))
			snprintf(buf, len, "%u", pr->p.pgid);
		else if (!strcmp(p->name, "flags"))
			render_num(c, p, (pr->p.pflags & LNR_PF_EXE_MASK) >> LNR_PF_EXE_SHIFT, buf,
				   len);
		else if (!strcmp(p->name, "trusted_exepath") && c->v->slot[LNR_PSLOT_EXEPATH].p)
			snprintf(buf, len, "%s", c->v->slot[LNR_PSLOT_EXEPATH].p);
		else if (!strcmp(p->name, "filename") && c->v->slot[LNR_PSLOT_FILENAME].p) {
			const char *cwd = c->v->slot[LNR_PSLOT_CWD].p;
			rec_path_resolve(cwd, c->v->slot[LNR_PSLOT_FILENAME].p, buf, len);
		} else
			return false;
		return true;
	}
	int n = p->loc_n;
	switch (p->loc) {
	case PL_RES:
		render_num(c, p, (uint64_t)s->res, buf, len);
		if (p->type == FT_ERRNO && s->res == 0)
			snprintf(buf, len, "0");
		return true;
	case PL_ARG:
		render_num(c, p, s->args[(unsigned)n % 6], buf, len);
		return true;
	case PL_AUX:
		render_num(c, p, s->aux[n & 3], buf, len);
		return true;
	case PL_OPEN_FLAGS: {
		uint64_t raw = open_flags(c->evt, s) & 0xffffffffu;
		if (s->res >= 0 && (s->aux[3] & LNR_FMODE_CREATED))
			raw |= FLAG_SYN_O_F_CREATED;
		render_num(c, p, raw, buf, len);
		return true;
	}
	case PL_EXE_FLAGS:
		render_num(c, p, (s->aux[0] & LNR_PF_EXE_MASK) >> LNR_PF_EXE_SHIFT, buf, len);
		return true;
	case PL_PATH_A:
		if (!c->v->has_a)
			return false;
		snprintf(buf, len, "%s", c->v->path_a);
		return true;
	case PL_PATH_B:
		if (!c->v->has_b)
			return false;
		snprintf(buf, len, "%s", c->v->path_b);
		return true;
	case PL_STR_A:
	case PL_STR_A_BASE:
	case PL_STR_B: {
		int sl = p->loc == PL_STR_A   ? LNR_SLOT_A
			 : p->loc == PL_STR_B ? LNR_SLOT_B
					      : LNR_SLOT_A_BASE;
		if (!c->v->slot[sl].p)
			return false;
		snprintf(buf, len, "%.*s", (int)c->v->slot[sl].len, c->v->slot[sl].p);
		return true;
	}
	case PL_FD_DEV:
		snprintf(buf, len, "%" PRIx32, s->fd_dev);
		return true;
	case PL_FD_INO:
		snprintf(buf, len, "%" PRIu64, (uint64_t)s->fd_ino);
		return true;
	case PL_TUPLE:
	case PL_SOCKADDR: {
		const char *nm = fd_name(c);
		if (!nm)
			return false;
		snprintf(buf, len, "%s", nm);
		return true;
	}
	default:
		return false;
	}
}

static int param_index(struct fx_ctx *c, const char *arg)
{
	const struct evt_info *e = evt_info(c->evt);
	if (!e || !arg)
		return -1;
	if (arg[0] >= '0' && arg[0] <= '9')
		return atoi(arg);
	for (int i = 0; i < e->nparams; i++)
		if (!strcmp(e->params[i].name, arg))
			return i;
	return -1;
}

/* evt.args: every parameter that has a value, as name=value, separated by spaces (Falco's
 * text of the event's arguments). Cut at a path's length, as one parameter is. */
static bool evt_args_text(struct fx_ctx *c, struct fieldval *o)
{
	const struct evt_info *e = evt_info(c->evt);
	char all[REC_PATH_MAX], one[REC_PATH_MAX];
	size_t len = 0;
	if (!e)
		return false;
	all[0] = 0;
	for (int i = 0; i < e->nparams && len + 1 < sizeof(all); i++) {
		if (!fx_param_text(c, i, one, sizeof(one)))
			continue;
		int n = snprintf(all + len, sizeof(all) - len, "%s%s=%s", len ? " " : "",
				 e->params[i].name, one);
		if (n < 0)
			break;
		len += (size_t)n < sizeof(all) - len ? (size_t)n : sizeof(all) - len - 1;
	}
	return put_str(c, o, all);
}

/* ---- the getter ---- */

static bool evt_field(struct fx_ctx *c, enum field_id id, const char *arg, struct fieldval *o)
{
	const struct lnr_hdr *h = c->v->h;
	const struct lnr_sys *s = c->v->sys;
	int64_t epoch = (int64_t)h->ts + c->boot_to_epoch;
	bool has_res = s || h->kind == LNR_K_EXEC;
	int64_t res = s ? s->res : 0;
	switch (id) {
	case F_EVT_NUM:
		return put_uint(o, c->evt_num);
	case F_EVT_TYPE:
		return put_str(c, o, evt_name(c->evt));
	case F_SYSCALL_TYPE: {
		const struct evt_info *e = evt_info(c->evt);
		return e && e->sysname && put_str(c, o, e->sysname);
	}
	case F_EVT_DIR:
		return put_str(c, o, "<");
	case F_EVT_CPU:
		return put_int(o, h->cpu);
	case F_EVT_RAWTIME:
		return put_uint(o, (uint64_t)epoch);
	case F_EVT_TIME:
	case F_EVT_TIME_ISO8601:
	case F_EVT_DATETIME: {
		time_t sec = (time_t)(epoch / 1000000000);
		struct tm tm;
		char b[80], *out = fx_alloc(c, 96);
		if (!out)
			return false;
		if (id == F_EVT_TIME_ISO8601) {
			gmtime_r(&sec, &tm);
			strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
			snprintf(out, 96, "%s.%09lld+0000", b, (long long)(epoch % 1000000000));
		} else if (id == F_EVT_TIME) {
			/* one localtime per second of events, not per event */
			static time_t last_sec = -1;
			static char last[16];
			if (sec != last_sec) {
				localtime_r(&sec, &tm);
				strftime(last, sizeof(last), "%H:%M:%S", &tm);
				last_sec = sec;
			}
			snprintf(b, sizeof(b), "%s", last);
		} else {
			localtime_r(&sec, &tm);
			strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm);
		}
		if (id != F_EVT_TIME_ISO8601)
			snprintf(out, 96, "%s.%09lld", b, (long long)(epoch % 1000000000));
		o->kind = FV_STR;
		o->s = out;
		o->len = strlen(out);
		return true;
	}
	case F_EVT_RES:
		if (!has_res)
			return false;
		if (res >= 0)
			return put_str(c, o, "SUCCESS");
		return put_str(c, o, errno_name((int)-res) ? errno_name((int)-res) : "UNKNOWN");
	case F_EVT_RAWRES:
		return has_res && put_int(o, res);
	case F_EVT_FAILED:
		return has_res && put_bool(o, res < 0);
	case F_EVT_IS_OPEN_READ:
	case F_EVT_IS_OPEN_WRITE:
	case F_EVT_IS_OPEN_EXEC:
	case F_EVT_IS_OPEN_CREATE: {
		if (!s || !is_open_family(c->evt))
			return put_bool(o, false);
		uint64_t fl = open_flags(c->evt, s);
		/* Falco's conversion: O_WRONLY → write, O_RDWR → both, anything else (0, and the
		 * invalid mode 3) → read */
		uint32_t acc = fl & 3;
		if (id == F_EVT_IS_OPEN_READ)
			return put_bool(o, acc != 1);
		if (id == F_EVT_IS_OPEN_WRITE)
			return put_bool(o, acc == 1 || acc == 2);
		if (id == F_EVT_IS_OPEN_CREATE)
			return put_bool(o, s->res >= 0 && (s->aux[3] & LNR_FMODE_CREATED));
		uint64_t mode = param_raw(c->evt, s, "mode");
		return put_bool(o, (fl & 0100) && (mode & 0111));
	}
	case F_EVT_ARG: {
		/* Rendered on the stack and only its length kept: every rule of the event may ask
		 * for a parameter, and a path-sized piece of the arena each time used it up after
		 * a few dozen, leaving later rules' values missing. */
		char b[REC_PATH_MAX];
		int i = param_index(c, arg);
		if (i < 0 || !fx_param_text(c, i, b, sizeof(b)))
			return false;
		return put_str(c, o, b);
	}
	case F_EVT_ARGS:
		return evt_args_text(c, o);
	case F_EVT_HOSTNAME: {
		char hn[256];
		if (gethostname(hn, sizeof(hn)))
			return false;
		hn[sizeof(hn) - 1] = 0;
		return put_str(c, o, hn);
	}
	case F_EVT_SOURCE:
		return put_str(c, o, "syscall");
	default:
		return false;
	}
}

/* proc.cwd: Falco's always ends with '/' ("/dev/shm/"). */
static bool proc_cwd(struct fx_ctx *c, const struct proc_entry *e, struct fieldval *o)
{
	size_t n = strlen(e->cwd);
	if (!n || e->cwd[n - 1] == '/')
		return put_str(c, o, e->cwd);
	char *b = fx_alloc(c, n + 2);
	if (!b)
		return false;
	memcpy(b, e->cwd, n);
	b[n] = '/';
	b[n + 1] = 0;
	o->kind = FV_STR;
	o->s = b;
	o->len = n + 1;
	return true;
}

static bool proc_caps(struct fx_ctx *c, enum field_id id, const struct proc_entry *e,
		      struct fieldval *o)
{
	uint64_t set = id == F_THREAD_CAP_PERMITTED   ? e->cap_permitted
		       : id == F_THREAD_CAP_EFFECTIVE ? e->cap_effective
						      : e->cap_inheritable;
	return FX_PUT_RENDERED(c, o, caps_render, set);
}

/* Fields of the event's own process e (not NULL). */
static bool proc_self_field(struct fx_ctx *c, enum field_id id, const struct proc_entry *e,
			    struct fieldval *o)
{
	const struct lnr_hdr *h = c->v->h;
	switch (id) {
	case F_PROC_NAME:
		return put_str(c, o, e->comm);
	case F_PROC_EXE:
		return put_str(c, o, e->exe);
	case F_PROC_EXEPATH:
		return put_str(c, o, e->exepath);
	case F_PROC_CWD:
		return proc_cwd(c, e, o);
	case F_PROC_IS_EXE_WRITABLE:
		return put_bool(o, e->exe_flags & FLAG_SYN_EXE_WRITABLE);
	case F_PROC_IS_EXE_UPPER_LAYER:
		return put_bool(o, e->exe_flags & FLAG_SYN_EXE_UPPER_LAYER);
	case F_PROC_IS_EXE_FROM_MEMFD:
		return put_bool(o, e->exe_flags & FLAG_SYN_EXE_FROM_MEMFD);
	case F_PROC_IS_EXE_LOWER_LAYER:
		return put_bool(o, e->exe_flags & FLAG_SYN_EXE_LOWER_LAYER);
	case F_PROC_ARGS:
		return FX_PUT_RENDERED(c, o, proc_render_args, e);
	case F_PROC_CMDLINE:
		return put_str(c, o, cmdline(c, e));
	case F_PROC_DURATION: /* since the process was created (fork/clone; an exec keeps it) */
		return e->start_ns && h->ts >= e->start_ns && put_uint(o, h->ts - e->start_ns);
	case F_THREAD_CAP_PERMITTED:
	case F_THREAD_CAP_EFFECTIVE:
	case F_THREAD_CAP_INHERITABLE:
		return proc_caps(c, id, e, o);
	case F_PROC_TTY:
		return put_uint(o, e->tty);
	case F_PROC_PPID:
		return put_int(o, e->ppid);
	case F_PROC_VPID:
		return put_int(o, e->vpid);
	case F_PROC_SID:
		return put_int(o, e->sid);
	default:
		return false;
	}
}

/* proc.p* and proc.a*: the ancestor anc levels up (1 = the parent). */
static bool proc_anc_field(struct fx_ctx *c, enum field_id id, const char *arg, int anc,
			   struct fieldval *o)
{
	if (!arg && anc == 0 && id == F_PROC_ANAME) {
		/* output form without index: every ancestor from the parent up */
		char b[4096];
		need_ancestors(c);
		if (proctable_anames(c->pt, (int)c->v->h->pid, b, sizeof(b)) < 0)
			return false;
		return put_str(c, o, b);
	}
	const struct proc_entry *p = ancestor(c, anc);
	if (!p)
		return false;
	if (id == F_PROC_APID)
		return put_int(o, p->pid);
	bool name = id == F_PROC_ANAME || id == F_PROC_PNAME;
	bool exe = id == F_PROC_AEXE || id == F_PROC_PEXE;
	bool exepath = id == F_PROC_AEXEPATH || id == F_PROC_PEXEPATH;
	return put_str(c, o, name ? p->comm : exe ? p->exe : exepath ? p->exepath : cmdline(c, p));
}

/* The process with this host pid (a group leader), loaded on demand. */
static const struct proc_entry *proc_by_pid(struct fx_ctx *c, int pid)
{
	if (c->pl)
		return proc_lazy_pid(c->pl, pid, c->v->h->ts);
	return proctable_get(c->pt, pid);
}

/* proc.vpgid*, proc.is_vpgid_leader, proc.is_sid_leader. The ids kept are the host's: a group
 * or session leader is the process whose pid is the id (in any namespace); the group id inside
 * the process's namespace is its leader's vpid (missing when the leader is unknown in a
 * container's namespace). */
static bool proc_group_field(struct fx_ctx *c, enum field_id id, const struct proc_entry *e,
			     struct fieldval *o)
{
	/* group and session 0 (PID 1's, kept by processes of an init that never calls setsid or
	 * setpgid) have no leader: the flags are false, the group id 0 and its leader unknown */
	if (id == F_PROC_IS_VPGID_LEADER)
		return put_bool(o, e->pgid > 0 && e->pgid == e->pid);
	if (id == F_PROC_IS_SID_LEADER)
		return put_bool(o, e->sid > 0 && e->sid == e->pid);
	if (e->pgid < 0)
		return false;
	if (e->pgid == 0)
		return id == F_PROC_VPGID && put_int(o, 0);
	const struct proc_entry *l = e->pgid == e->pid ? e : proc_by_pid(c, e->pgid);
	if (id == F_PROC_VPGID) {
		if (l)
			return put_int(o, l->vpid);
		return e->vpid == e->pid && put_int(o, e->pgid); /* the host's namespace */
	}
	if (!l)
		return false;
	return put_str(c, o,
		       id == F_PROC_VPGID_NAME	? l->comm
		       : id == F_PROC_VPGID_EXE ? l->exe
						: l->exepath);
}

static bool proc_field(struct fx_ctx *c, enum field_id id, const char *arg, struct fieldval *o)
{
	const struct lnr_hdr *h = c->v->h;
	switch (id) {
	case F_PROC_PID:
		return put_int(o, h->pid);
	case F_THREAD_TID:
		return put_int(o, h->tid);
	case F_THREAD_ISMAIN:
		return put_bool(o, h->tid == h->pid);
	case F_PROC_SNAME: {
		need_ancestors(c);
		const char *n = proctable_sname(c->pt, (int)h->pid);
		return n && put_str(c, o, n);
	}
	case F_PROC_PNAME:
	case F_PROC_PEXE:
	case F_PROC_PEXEPATH:
	case F_PROC_PCMDLINE:
		return proc_anc_field(c, id, arg, 1, o);
	case F_PROC_ANAME:
	case F_PROC_AEXE:
	case F_PROC_AEXEPATH:
	case F_PROC_ACMDLINE:
	case F_PROC_APID:
		return proc_anc_field(c, id, arg, arg ? atoi(arg) : o->anc, o);
	case F_PROC_ENV: {
		const struct proc_entry *e = self(c);
		return e && fx_proc_env(c, e, arg, o);
	}
	case F_PROC_VPGID:
	case F_PROC_VPGID_NAME:
	case F_PROC_VPGID_EXE:
	case F_PROC_VPGID_EXEPATH:
	case F_PROC_IS_VPGID_LEADER:
	case F_PROC_IS_SID_LEADER: {
		const struct proc_entry *e = self(c);
		return e && proc_group_field(c, id, e, o);
	}
	default: {
		const struct proc_entry *e = self(c);
		return e && proc_self_field(c, id, e, o);
	}
	}
}

bool fx_get(struct fx_ctx *c, enum field_id id, const char *arg, struct fieldval *o)
{
	const struct lnr_sys *s = c->v->sys;
	const struct proc_entry *e = self(c);
	switch (id) {
	case F_USER_UID:
		if (s)
			return put_uint(o, s->uid);
		return e && put_uint(o, e->uid);
	case F_GROUP_GID:
		if (s)
			return put_uint(o, s->gid);
		return e && put_uint(o, e->gid);
	case F_USER_NAME:
		if (c->udb && (s || e))
			return put_str(c, o,
				       userdb_user_name(c->udb, (int)c->v->h->pid, e ? e->mntns : 0,
							s ? s->uid : e->uid));
		return (s || e) && put_str(c, o, user_name(c, s ? s->uid : e->uid));
	case F_GROUP_NAME:
		if (c->udb && (s || e))
			return put_str(c, o,
				       userdb_group_name(c->udb, (int)c->v->h->pid,
							 e ? e->mntns : 0, s ? s->gid : e->gid));
		return (s || e) && put_str(c, o, group_name(c, s ? s->gid : e->gid));
	case F_USER_LOGINUID: {
		uint32_t l = s ? s->loginuid : e ? (uint32_t)e->loginuid : 0xffffffffu;
		if (!s && !e)
			return false;
		return put_int(o, l == 0xffffffffu ? -1 : (int64_t)l);
	}
	case F_USER_LOGINNAME: {
		uint32_t l = s ? s->loginuid : e ? (uint32_t)e->loginuid : 0xffffffffu;
		if (!s && !e)
			return false;
		if (l == 0xffffffffu)
			return put_str(c, o, "<NA>");
		if (c->udb)
			return put_str(c, o,
				       userdb_login_name(c->udb, (int)c->v->h->pid,
							 e ? e->mntns : 0, (int64_t)l));
		return put_str(c, o, user_name(c, l));
	}
	case F_CONTAINER_ID:
		return e && put_str(c, o, e->container_id);
	default:
		break;
	}
	if (c->cm && id >= F_CONTAINER_FULL_ID && id <= F_K8S_POD_CNI_JSON)
		return e && fx_container_field(c, e, id, arg, o);
	const struct field_info *fi = field_by_id(id);
	if (!fi)
		return false;
	if (!strncmp(fi->name, "fd.", 3))
		return c->v->sys && fd_field(c, id, o);
	if (!strncmp(fi->name, "evt.", 4) || !strncmp(fi->name, "syscall.", 8))
		return evt_field(c, id, arg, o);
	if (!strncmp(fi->name, "proc.", 5) || !strncmp(fi->name, "thread.", 7))
		return proc_field(c, id, arg, o);
	return false;
}

bool fx_getter(void *ctx, const struct operand *ref, struct fieldval *out)
{
	if (!ref || !ref->field)
		return false;
	const char *arg = field_operand_arg(ref);
	return fx_get(ctx, ref->field->id, arg, out);
}

bool fx_value_text(const struct fieldval *v, char *buf, size_t len)
{
	switch (v->kind) {
	case FV_STR:
		snprintf(buf, len, "%.*s", (int)v->len, v->s);
		break;
	case FV_INT:
		snprintf(buf, len, "%" PRId64, v->i);
		break;
	case FV_UINT:
		snprintf(buf, len, "%" PRIu64, (uint64_t)v->i);
		break;
	case FV_BOOL:
		snprintf(buf, len, "%s", v->i ? "true" : "false");
		break;
	case FV_IP:
		inet_ntop(v->family == 4 ? AF_INET : AF_INET6, v->ip, buf, (socklen_t)len);
		break;
	default:
		return false;
	}
	return true;
}

bool fx_text(struct fx_ctx *c, enum field_id id, const char *arg, char *buf, size_t len)
{
	struct fieldval v;
	memset(&v, 0, sizeof(v));
	if (!fx_get(c, id, arg, &v))
		return false;
	return fx_value_text(&v, buf, len);
}
