/* kernel_caps.c — what the kernel can decide: the captured events, the kernel-known fields, and
 * the per-check, per-event classification (contract in kernel_caps.h). */
#include "kernel_caps.h"

#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "errnames.h"
#include "leaf_meta.h"
#include "shared_definitions/records.h"

/* The sensor's record layout and our limits must describe the same buffers. */
_Static_assert(LANNER_MAX_PATH == LNR_STR_MAX, "limits.h and records.h disagree on paths");
_Static_assert(LANNER_MAX_COMM == LNR_COMM_LEN, "limits.h and records.h disagree on comm");
_Static_assert(LANNER_MAX_PROC_EXE == LNR_PROC_EXE_MAX, "limits.h/records.h: exe path");
_Static_assert(LANNER_MAX_PROC_ARGS == LNR_PROC_ARGS_MAX, "limits.h/records.h: args");
_Static_assert(LANNER_MAX_CONTAINER_ID == LNR_CTID_LEN, "limits.h/records.h: container id");

#define OPB(op) (1u << (op))
#define NUM_OPS                                                                                    \
	(OPB(OP_EQ) | OPB(OP_NE) | OPB(OP_LT) | OPB(OP_LE) | OPB(OP_GT) | OPB(OP_GE) |             \
	 OPB(OP_IN) | OPB(OP_INTERSECTS) | OPB(OP_EXISTS))
#define EQ_OPS (OPB(OP_EQ) | OPB(OP_NE) | OPB(OP_IN) | OPB(OP_INTERSECTS) | OPB(OP_EXISTS))
#define STR_OPS                                                                                    \
	(EQ_OPS | OPB(OP_STARTSWITH) | OPB(OP_ENDSWITH) | OPB(OP_CONTAINS) | OPB(OP_ICONTAINS) |   \
	 OPB(OP_PMATCH) | OPB(OP_GLOB))
#define FLAG_OPS (EQ_OPS | OPB(OP_CONTAINS))

/* ---- captured events ------------------------------------------------------------------------ */

/* Every syscall the sensor follows, with what the generator may decide for it in the kernel: the
 * event table's LNR_SC rows. */
static const struct kc_event events[] = {
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params) {EVT_##name, caps},
#include "shared_definitions/event_table.h"
};

const struct kc_event *kc_events(size_t *n)
{
	*n = sizeof(events) / sizeof(events[0]);
	return events;
}

const struct kc_event *kc_event(int evt)
{
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (events[i].evt == evt)
			return &events[i];
	return NULL;
}

bool kc_event_captured(int evt)
{
	return kc_event(evt) != NULL;
}

/* ---- kernel-known fields -------------------------------------------------------------------- */

static const struct kc_field fields[] = {
	{F_EVT_TYPE, KS_STATIC, KV_STR, STR_OPS, 0, true, "decided per event type"},
	{F_EVT_DIR, KS_STATIC, KV_STR, STR_OPS, 0, true,
	 "always '<': only exit events reach rules"},
	{F_EVT_RAWRES, KS_RET, KV_NUM, NUM_OPS, 0, true, "syscall return value"},
	{F_EVT_RES, KS_RET, KV_STR, EQ_OPS | OPB(OP_STARTSWITH), 0, true,
	 "\"SUCCESS\" iff rawres >= 0, else the errno name of -rawres (errnames.h), \"UNKNOWN\" "
	 "for an errno without one; startswith: the names with the prefix"},
	{F_EVT_FAILED, KS_RET, KV_BOOL, EQ_OPS, 0, true, "rawres < 0"},
	{F_EVT_IS_OPEN_READ, KS_OPEN_FLAGS, KV_BOOL, EQ_OPS, 0, true,
	 "open family: access mode O_RDONLY, O_RDWR or 3 (Falco: O_RDONLY); false (present) on "
	 "other events"},
	{F_EVT_IS_OPEN_WRITE, KS_OPEN_FLAGS, KV_BOOL, EQ_OPS, 0, true,
	 "open family: access mode O_WRONLY or O_RDWR; false (present) on other events"},
	{F_EVT_ARG, KS_PARAM_FLAGS, KV_FLAGS, FLAG_OPS, 0, true,
	 "raw flag/enum parameter as the syscall got it (open: the flags argument, not f_flags) "
	 "| FLAG_SYN_* bits; contains = OR of printed-name tests, =/!=/in on enum tables = value "
	 "test; leaves on synthetic bits are NARROW: UNKNOWN when the sensor cannot tell"},
	{F_EVT_ARG, KS_PARAM_PATH, KV_STR, STR_OPS, LANNER_MAX_PATH, false,
	 "path parameter (FSPATH/FSRELPATH) rendered absolute as Falco does: UNKNOWN unless the "
	 "raw "
	 "path is already absolute and normalised or the sensor resolved it; string parameter "
	 "(CHARBUF, e.g. symlink's target) as passed; UNKNOWN when truncated or not shipped"},
	{F_PROC_PID, KS_TASK, KV_NUM, NUM_OPS, 0, true, "tgid"},
	{F_PROC_VPID, KS_TASK, KV_NUM, NUM_OPS, 0, true, "tgid in the task's pid namespace"},
	{F_USER_UID, KS_TASK, KV_NUM, NUM_OPS, 0, true, "current euid... Falco: thread uid"},
	{F_USER_LOGINUID, KS_TASK, KV_NUM, NUM_OPS, 0, true,
	 "audit loginuid; the unset value 4294967295 is -1"},
	{F_GROUP_GID, KS_TASK, KV_NUM, NUM_OPS, 0, true, "thread gid"},
	{F_PROC_NAME, KS_PROC, KV_STR, STR_OPS, LANNER_MAX_COMM, false,
	 "comm captured at exec/clone (not live comm); process-map miss: UNKNOWN"},
	{F_PROC_EXE, KS_PROC, KV_STR, STR_OPS, LANNER_MAX_PROC_ARGS, false,
	 "argv[0] from the process map's args; truncated or map miss: UNKNOWN"},
	{F_PROC_EXEPATH, KS_PROC, KV_STR, STR_OPS, LANNER_MAX_PROC_EXE, false,
	 "exe d_path at exec; truncated or map miss: UNKNOWN"},
	{F_PROC_ARGS, KS_PROC, KV_STR, STR_OPS, LANNER_MAX_PROC_ARGS, false,
	 "argv[1..] joined with ' '; truncated or map miss: UNKNOWN"},
	{F_PROC_CMDLINE, KS_PROC, KV_STR, STR_OPS, LANNER_MAX_COMM + LANNER_MAX_PROC_ARGS, false,
	 "comm + ' ' + each arg; truncated or map miss: UNKNOWN"},
	{F_PROC_TTY, KS_PROC, KV_NUM, NUM_OPS, 0, false,
	 "tty_nr stored at exec; map miss: UNKNOWN"},
	{F_PROC_PPID, KS_PROC, KV_NUM, NUM_OPS, 0, false, "parent tgid; map miss: UNKNOWN"},
	/* the group id both sides hold is the one the exec recorded; a later setpgid reaches
	 * neither, and a fork's copy may differ between them: decided at the exec only */
	{F_PROC_IS_VPGID_LEADER, KS_PROC, KV_BOOL, EQ_OPS, 0, false,
	 "execve/execveat: the exec-time process group id is the tgid; no group id: UNKNOWN"},
	{F_PROC_PNAME, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_COMM, false,
	 "parent's exec-time comm; parent unknown: UNKNOWN"},
	{F_PROC_ANAME, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_COMM, false,
	 "[N]: N-th ancestor's comm, N <= LANNER_ANCESTOR_DEPTH; no index: TRUE if an ancestor "
	 "within the depth matches, FALSE only if the chain ends within the depth"},
	{F_CONTAINER_ID, KS_CONTAINER, KV_STR, STR_OPS, LANNER_MAX_CONTAINER_ID, true,
	 "process map's container_id: 12 chars or \"host\", classified at exec (and at fork when "
	 "the "
	 "cgroups change) exactly as userspace does (container_id.h strict layouts + loose ones "
	 "the "
	 "runtime confirmed, loader/containers/cgroup.h); exact given the entry: a process-map "
	 "miss or an "
	 "empty container_id (\"\": not classified) is UNKNOWN, as for KS_PROC"},
	{F_FD_NUM, KS_FD_NUM, KV_NUM, NUM_OPS, 0, false,
	 "fd-creating events: return value, -1 on failure; others: the fd argument"},
	{F_FD_NAME, KS_FD_PATH, KV_STR, STR_OPS, LANNER_MAX_PATH, false,
	 "files/directories: absolute normalised path (dirfd resolved, symlinks kept); a path "
	 "relative to the cwd (Falco joins it to its lexically tracked cwd, which only userspace "
	 "knows), a relative path the kernel did not join (records.h *_BASE slot), a "
	 "socket/pipe/other fd, or a truncated path: UNKNOWN; an IPv4/IPv6 socket (here and on "
	 "socket, connect, accept, accept4, bind): its name is address:port text without '/', so "
	 "a test whose every constant holds a '/' is FALSE (!= TRUE), others UNKNOWN; bpf, "
	 "userfaultfd: such a test FALSE (no name)"},
	{F_FD_NAMERAW, KS_FD_PATH, KV_STR, STR_OPS, LANNER_MAX_PATH, false,
	 "path as passed; truncated: UNKNOWN"},
	{F_FD_DIRECTORY, KS_FD_PATH, KV_STR, STR_OPS, LANNER_MAX_PATH, false,
	 "fd.name up to the last '/' ('/' for top level)"},
	{F_FD_FILENAME, KS_FD_PATH, KV_STR, STR_OPS, LANNER_MAX_PATH, false,
	 "text after the last '/'; missing (FALSE) for failed opens"},
	{F_FD_TYPECHAR, KS_FD_TYPE, KV_STR, STR_OPS, 2, false,
	 "f/d from i_mode (failed open: f), 4/6/u from the socket family"},
	{F_FD_TYPE, KS_FD_TYPE, KV_STR, STR_OPS, 16, false, "file/directory/ipv4/ipv6/unix"},
	{F_FD_SIP, KS_SOCK, KV_IP, EQ_OPS, 0, false,
	 "server address (the local one on accept/listen/bind): IPv4 decided, IPv6 UNKNOWN; not "
	 "an IP socket: missing; a constant of the other family is neither = nor !="},
	{F_FD_CIP, KS_SOCK, KV_IP, EQ_OPS, 0, false, "client address, as fd.sip"},
	{F_FD_IP, KS_SOCK, KV_IP, EQ_OPS, 0, false,
	 "either endpoint: the check on the client's address or on the server's (fd.cip, fd.sip)"},
	{F_FD_SNET, KS_SOCK, KV_IP, EQ_OPS, 0, false,
	 "server address in a CIDR network (prefix of the constant, all 32 bits without one)"},
	{F_FD_CNET, KS_SOCK, KV_IP, EQ_OPS, 0, false, "client address in a CIDR network"},
	{F_FD_NET, KS_SOCK, KV_IP, EQ_OPS, 0, false, "either endpoint in a CIDR network"},
	{F_FD_SPORT, KS_SOCK, KV_NUM, NUM_OPS, 0, false, "server port; unix socket: missing"},
	{F_FD_CPORT, KS_SOCK, KV_NUM, NUM_OPS, 0, false, "client port; unix socket: missing"},
	{F_FD_CONNECTED, KS_FD_TYPE, KV_BOOL, EQ_OPS, 0, false,
	 "sockets (ipv4/ipv6/unix fd kind): connect: the return value is 0; other events: true "
	 "(userspace's rule); another fd kind: missing"},
	{F_FD_L4PROTO, KS_SOCK, KV_STR, STR_OPS, 8, false, "tcp/udp/icmp/raw"},
	{F_FD_SOCKFAMILY, KS_SOCK, KV_STR, STR_OPS, 8, false, "ip/unix"},
	{F_PROC_IS_EXE_WRITABLE, KS_PROC, KV_BOOL, EQ_OPS, 0, false,
	 "judged at exec (helpers/exe_flags.h, Falco's rule), kept across forks; map miss or a "
	 "process seeded from /proc: UNKNOWN"},
	{F_PROC_IS_EXE_UPPER_LAYER, KS_PROC, KV_BOOL, EQ_OPS, 0, false,
	 "overlayfs upper layer, judged at exec; map miss or seeded process: UNKNOWN"},
	{F_PROC_IS_EXE_LOWER_LAYER, KS_PROC, KV_BOOL, EQ_OPS, 0, false,
	 "overlayfs lower layer, judged at exec; map miss or seeded process: UNKNOWN"},
	{F_PROC_IS_EXE_FROM_MEMFD, KS_PROC, KV_BOOL, EQ_OPS, 0, false,
	 "executable is a memfd, judged at exec; map miss or seeded process: UNKNOWN"},
	/* the parent (level 1) and the N-th ancestor: the same process-map values as the
	 * process's own, of the entry the ancestor walk reaches (proc.pname's) */
	{F_PROC_PEXE, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_PROC_ARGS, false,
	 "parent's argv[0] from its process-map args; truncated, parent unknown: UNKNOWN; no "
	 "parent: missing"},
	{F_PROC_AEXE, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_PROC_ARGS, false,
	 "[N] (1..LANNER_MAX_ANCESTOR_INDEX): N-th ancestor's argv[0], as proc.pexe"},
	{F_PROC_PEXEPATH, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_PROC_EXE, false,
	 "parent's exe path at exec; truncated, parent unknown: UNKNOWN; no parent: missing"},
	{F_PROC_AEXEPATH, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_PROC_EXE, false,
	 "[N] (1..LANNER_MAX_ANCESTOR_INDEX): N-th ancestor's exe path, as proc.pexepath"},
	{F_PROC_PCMDLINE, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_COMM + LANNER_MAX_PROC_ARGS,
	 false,
	 "parent's comm + ' ' + each arg; truncated, parent unknown: UNKNOWN; no parent: missing"},
	{F_PROC_ACMDLINE, KS_ANCESTOR, KV_STR, STR_OPS, LANNER_MAX_COMM + LANNER_MAX_PROC_ARGS,
	 false, "[N] (1..LANNER_MAX_ANCESTOR_INDEX): N-th ancestor's cmdline, as proc.pcmdline"},
	/* capability sets: the exec-time values both sides keep (userspace's process table takes
	 * them from the exec record, the map entry was written at that exec); a forked or seeded
	 * entry (not LNR_PF_EXECED) may differ from userspace's copy: UNKNOWN */
	{F_THREAD_CAP_PERMITTED, KS_CAPS, KV_NUM, OPB(OP_CONTAINS) | OPB(OP_ICONTAINS), 0, false,
	 "permitted set of an exec'd process (LNR_PF_EXECED), else UNKNOWN; (i)contains: the bits "
	 "whose name holds the needle"},
	{F_THREAD_CAP_EFFECTIVE, KS_CAPS, KV_NUM, OPB(OP_CONTAINS) | OPB(OP_ICONTAINS), 0, false,
	 "effective set, as thread.cap_permitted"},
	{F_THREAD_CAP_INHERITABLE, KS_CAPS, KV_NUM, OPB(OP_CONTAINS) | OPB(OP_ICONTAINS), 0, false,
	 "inheritable set, as thread.cap_permitted"},
	/* proc.env: Falco's is the exec-time one, its first LANNER_MAX_ENV bytes, which the exec
	 * record ships to userspace; the kernel reads the same prefix at the exec and decides on
	 * it */
	{F_PROC_ENV, KS_EXEC_ENV, KV_STR, OPB(OP_CONTAINS) | OPB(OP_ICONTAINS), LANNER_MAX_ENV,
	 false,
	 "execve/execveat: the environment read at the exec (NULs as spaces), its first "
	 "LANNER_MAX_ENV bytes as userspace's: (i)contains exact; other events: userspace"},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))
static const struct kc_field *const cap_evt_arg_flags = &fields[7];
static const struct kc_field *const cap_evt_arg_path = &fields[8];

const struct kc_field *kc_fields(size_t *n)
{
	*n = NFIELDS;
	return fields;
}

const struct kc_field *kc_field_of(enum field_id id)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (fields[i].id == id)
			return &fields[i];
	return NULL;
}

const char *kc_verdict_name(enum kc_verdict v)
{
	static const char *const names[] = {[KC_STATIC] = "static",
					    [KC_EXACT] = "exact",
					    [KC_NARROW] = "narrow",
					    [KC_USERSPACE] = "userspace"};
	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

const char *tv_name(enum tv v)
{
	return v == TV_FALSE ? "FALSE" : v == TV_TRUE ? "TRUE" : "UNKNOWN";
}

/* ---- right-hand side ------------------------------------------------------------------------ */

size_t kc_rhs_count(const struct ast *c)
{
	if (c->nvals)
		return c->nvals;
	if (!c->rhs)
		return 0;
	if (c->rhs->kind == OPND_STRING)
		return 1;
	if (c->rhs->kind == OPND_LIST)
		return c->rhs->nargs;
	return 0;
}

const char *kc_rhs_str(const struct ast *c, size_t i, size_t *len)
{
	const char *s = NULL;
	size_t n = 0;
	if (c->nvals) {
		if (i < c->nvals && c->vals[i].s) {
			s = c->vals[i].s;
			n = c->vals[i].len;
		}
	} else if (c->rhs && c->rhs->kind == OPND_STRING && i == 0) {
		s = c->rhs->name;
		n = c->rhs->len;
	} else if (c->rhs && c->rhs->kind == OPND_LIST && i < c->rhs->nargs) {
		s = c->rhs->args[i]->name;
		n = c->rhs->args[i]->len;
	}
	if (len)
		*len = s ? n : 0;
	return s;
}

/* ---- classification ------------------------------------------------------------------------- */

static void set_static(struct kc_leaf *l, enum tv v, const char *why)
{
	l->verdict = KC_STATIC;
	l->value = v;
	l->why = why;
}

static void set_user(struct kc_leaf *l, const char *why)
{
	l->verdict = KC_USERSPACE;
	l->value = TV_UNKNOWN;
	l->why = why;
}

static bool is_fd_field(enum field_id id)
{
	const struct field_info *f = field_by_id(id);
	return f && strncmp(f->name, "fd.", 3) == 0;
}

static bool rhs_is_literal(const struct ast *c)
{
	return !c->rhs || c->rhs->kind == OPND_STRING || c->rhs->kind == OPND_LIST;
}

static bool str_has_suffix(const char *s, size_t n, const char *suf, size_t m)
{
	return m <= n && memcmp(s + n - m, suf, m) == 0;
}

/* pmatch on one path (docs/falco-semantics.md: "Operators"): pattern P matches v iff P's components
 * are a prefix of v's; empty components are ignored. */
static bool path_prefix(const char *v, const char *p)
{
	for (;;) {
		while (*p == '/')
			p++;
		while (*v == '/')
			v++;
		if (!*p)
			return true;
		size_t pn = strcspn(p, "/"), vn = strcspn(v, "/");
		if (pn != vn || memcmp(p, v, pn) != 0)
			return false;
		p += pn;
		v += vn;
	}
}

/* Static outcome of a string check against a value known now; -1 if not computable here. */
static int static_str(const struct ast *c, const char *v,
		      bool (*eq)(const char *a, size_t an, const char *v))
{
	size_t vn = strlen(v), n = kc_rhs_count(c);
	if (c->op == OP_EXISTS)
		return 1;
	if (!n)
		return -1;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		if (!a)
			return -1;
		bool m;
		switch (c->op) {
		case OP_EQ:
		case OP_NE:
		case OP_IN:
		case OP_INTERSECTS:
			m = eq(a, an, v);
			break;
		case OP_STARTSWITH:
			m = an <= vn && memcmp(v, a, an) == 0;
			break;
		case OP_ENDSWITH:
			m = str_has_suffix(v, vn, a, an);
			break;
		case OP_CONTAINS:
			m = memmem(v, vn, a, an) != NULL;
			break;
		case OP_PMATCH:
			m = path_prefix(v, a);
			break;
		default:
			return -1;
		}
		any |= m;
	}
	if (c->op == OP_NE)
		return n == 1 ? !any : -1;
	return any;
}

static int cur_evt; /* the event static_evt_eq compares with (single-threaded generator) */
static bool static_evt_eq(const char *a, size_t an, const char *v)
{
	(void)v;
	(void)an;
	/* Falco's inference maps syscall names and event names alike (docs/falco-semantics.md:
	 * "Event-type inference") */
	return evt_lookup(a) == cur_evt;
}
static bool static_plain_eq(const char *a, size_t an, const char *v)
{
	return strlen(v) == an && memcmp(a, v, an) == 0;
}

/* Static outcome of a bool/number check against a known value; -1 if not computable. */
static int static_num(const struct ast *c, int64_t v)
{
	if (c->op == OP_EXISTS)
		return 1;
	if (!c->nvals)
		return -1;
	bool any = false;
	for (size_t i = 0; i < c->nvals; i++) {
		int64_t a = c->vals[i].i;
		switch (c->op) {
		case OP_EQ:
		case OP_NE:
		case OP_IN:
		case OP_INTERSECTS:
			any |= v == a;
			break;
		default:
			return -1;
		}
	}
	return c->op == OP_NE ? !any : any;
}

/* evt.num counts events from 1 (Falco's invariant, docs/falco-semantics.md: "Event-type
 * inference"): checks that hold or fail for every value >= 1 are decided now; -1 otherwise. */
static int static_evt_num(const struct ast *c)
{
	if (c->op == OP_EXISTS)
		return 1;
	if (!c->nvals)
		return -1;
	bool all_below_one = true;
	for (size_t i = 0; i < c->nvals; i++)
		all_below_one &= (uint64_t)c->vals[i].i < 1;
	uint64_t v = (uint64_t)c->vals[0].i;
	switch (c->op) {
	case OP_EQ:
	case OP_IN:
	case OP_INTERSECTS:
		return all_below_one ? 0 : -1;
	case OP_NE:
		return c->nvals == 1 && v < 1 ? 1 : -1;
	case OP_LT:
		return v <= 1 ? 0 : -1;
	case OP_LE:
		return v < 1 ? 0 : -1;
	case OP_GT:
		return v < 1 ? 1 : -1;
	case OP_GE:
		return v <= 1 ? 1 : -1;
	default:
		return -1;
	}
}

static bool add_bit(struct kc_leaf *l, enum kc_bitkind kind, uint64_t mask, uint64_t value)
{
	for (size_t i = 0; i < l->nbits; i++)
		if (l->bits[i].kind == kind && l->bits[i].mask == mask && l->bits[i].value == value)
			return true;
	struct kc_bittest *b = realloc(l->bits, (l->nbits + 1) * sizeof(*b));
	if (!b)
		return false;
	l->bits = b;
	l->bits[l->nbits++] = (struct kc_bittest){kind, mask, value};
	return true;
}

static bool entry_holds(const struct flag_entry *e, bool is_enum, uint64_t raw)
{
	if (is_enum)
		return e->value == raw;
	if (e->match == FM_EQ)
		return (raw & e->mask) == e->value;
	if (e->match == FM_ANY)
		return (raw & e->mask) != 0;
	return false;
}

bool kc_bittest_eval(enum flag_table t, const struct kc_bittest *b, uint64_t raw)
{
	switch (b->kind) {
	case KB_EQ:
		return (raw & b->mask) == b->value;
	case KB_ANY:
		return (raw & b->mask) != 0;
	case KB_NONE: {
		size_t n;
		const struct flag_entry *e = flag_table_entries(t, &n);
		bool is_enum = flag_table_is_enum(t);
		for (size_t i = 0; i < n; i++)
			if (e[i].match != FM_ZERO && entry_holds(&e[i], is_enum, raw))
				return false;
		return true;
	}
	}
	return false;
}

/* Name of an enum table's "unknown" rendering, or NULL when it renders the number. */
static const char *enum_unknown_name(enum flag_table t, char *buf, size_t len)
{
	size_t n;
	const struct flag_entry *e = flag_table_entries(t, &n);
	uint64_t raw = UINT64_MAX;
	for (bool clash = true; clash; raw--) {
		clash = false;
		for (size_t i = 0; i < n; i++)
			clash |= e[i].value == raw;
		if (!clash)
			break;
	}
	flags_render(t, raw, buf, len);
	return strspn(buf, "0123456789") == strlen(buf) ? NULL : buf;
}

/* Adds the test "name is printed" for every printable name that sel accepts. */
static bool add_printed(struct kc_leaf *l, bool (*sel)(const char *name, const void *arg),
			const void *arg)
{
	size_t n;
	const struct flag_entry *e = flag_table_entries(l->table, &n);
	bool is_enum = flag_table_is_enum(l->table), zero_seen = false;
	char ubuf[64];
	for (size_t i = 0; i < n; i++) {
		bool printable = true;
		if (e[i].match == FM_ZERO) {
			printable = !zero_seen && !is_enum; /* only the first zero name prints */
			zero_seen = true;
		} else if (is_enum) {
			for (size_t j = 0; j < i; j++) /* the first name of a value wins */
				printable &= e[j].value != e[i].value;
		}
		if (!printable || !sel(e[i].name, arg))
			continue;
		bool ok = e[i].match == FM_ZERO	 ? add_bit(l, KB_NONE, 0, 0)
			  : is_enum		 ? add_bit(l, KB_EQ, UINT64_MAX, e[i].value)
			  : e[i].match == FM_ANY ? add_bit(l, KB_ANY, e[i].mask, 0)
						 : add_bit(l, KB_EQ, e[i].mask, e[i].value);
		if (!ok)
			return false;
	}
	const char *u = is_enum ? enum_unknown_name(l->table, ubuf, sizeof(ubuf)) : NULL;
	if (u && sel(u, arg) && !add_bit(l, KB_NONE, 0, 0))
		return false;
	return true;
}

struct needle {
	const char *s;
	size_t n;
};
static bool sel_contains(const char *name, const void *arg)
{
	const struct needle *nd = arg;
	return memmem(name, strlen(name), nd->s, nd->n) != NULL;
}
static bool sel_equals(const char *name, const void *arg)
{
	const struct needle *nd = arg;
	return strlen(name) == nd->n && memcmp(name, nd->s, nd->n) == 0;
}

/* A needle that can only occur inside one printed name: [A-Za-z0-9_] with at least one
 * uppercase letter (a bit table with nothing printable renders lowercase hex "0x1f", an enum
 * table an unknown value as decimal), and not a piece of "<NA>" (an empty parameter). */
static bool flag_needle_ok(const char *s, size_t n)
{
	bool upper = false;
	if (!n || memmem("<NA>", 4, s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= 'A' && ch <= 'Z')
			upper = true;
		else if (!(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9') && ch != '_')
			return false;
	}
	return upper;
}

/* Does the table name facts that are synthetic bits rather than Linux values? */
static bool table_synthetic(enum flag_table t)
{
	size_t n;
	const struct flag_entry *e = flag_table_entries(t, &n);
	if (t == FLT_EXECVE_FLAGS || t == FLT_CREAT_FLAGS)
		return true;
	for (size_t i = 0; i < n; i++)
		if ((e[i].mask | e[i].value) >> 32)
			return true;
	return false;
}

static void classify_flags(const struct ast *c, struct kc_leaf *l)
{
	size_t n = kc_rhs_count(c);
	l->cap = cap_evt_arg_flags;
	if (c->op == OP_EXISTS) {
		set_static(l, TV_TRUE, "parameter present on this event");
		return;
	}
	bool eq_op = c->op == OP_EQ || c->op == OP_NE || c->op == OP_IN || c->op == OP_INTERSECTS;
	if (c->op != OP_CONTAINS && !(eq_op && flag_table_is_enum(l->table))) {
		set_user(l, "comparison of a rendered flag set");
		return;
	}
	if (!n && c->op != OP_IN && c->op != OP_INTERSECTS) {
		set_user(l, "no constant");
		return;
	}
	for (size_t k = 0; k < n; k++) {
		struct needle nd;
		nd.s = kc_rhs_str(c, k, &nd.n);
		if (!nd.s || !flag_needle_ok(nd.s, nd.n)) {
			set_user(l, "constant is not (part of) a flag name");
			return;
		}
		if (!add_printed(l, c->op == OP_CONTAINS ? sel_contains : sel_equals, &nd)) {
			set_user(l, "out of memory");
			return;
		}
	}
	if (!l->nbits) {
		set_static(l, c->op == OP_NE ? TV_TRUE : TV_FALSE, "no printable name matches");
		return;
	}
	/* names backed by synthetic bits (FLAG_SYN_*: overlay layers, O_F_CREATED, EXE_*) are only
	 * as good as the sensor's knowledge of them: UNKNOWN where it lacks it */
	bool syn = table_synthetic(l->table) &&
		   (l->table == FLT_EXECVE_FLAGS || l->table == FLT_CREAT_FLAGS);
	for (size_t i = 0; i < l->nbits; i++)
		syn |= l->bits[i].kind == KB_NONE
			       ? table_synthetic(l->table)
			       : ((l->bits[i].mask == UINT64_MAX ? 0 : l->bits[i].mask) |
				  l->bits[i].value) >>
						 32 !=
					 0;
	l->verdict = syn ? KC_NARROW : KC_EXACT;
}

/* Adds rawres = -e to the leaf's codes. */
static bool add_res_code(struct kc_leaf *l, int e)
{
	int64_t *t = realloc(l->res_codes, (l->nres + 1) * sizeof(*t));
	if (!t)
		return false;
	l->res_codes = t;
	l->res_codes[l->nres++] = -(int64_t)e;
	return true;
}

/* The largest errno evt.res can name (errnames.h); beyond it every value renders "UNKNOWN". */
#define RES_MAX_ERRNO 4095

/* evt.res startswith PREFIX: SUCCESS and every errno name with the prefix. A prefix of
 * "UNKNOWN" (the rendering of every errno without a name) stays in userspace. */
static bool res_prefix(struct kc_leaf *l, const char *a, size_t an)
{
	if (an <= strlen("UNKNOWN") && memcmp("UNKNOWN", a, an) == 0)
		return false;
	if (an <= strlen("SUCCESS") && memcmp("SUCCESS", a, an) == 0)
		l->res_success = true;
	for (int e = 1; e <= RES_MAX_ERRNO; e++) {
		const char *n = errno_name(e);
		if (n && strlen(n) >= an && memcmp(n, a, an) == 0 && !add_res_code(l, e))
			return false;
	}
	return true;
}

/* evt.res is the rendering of rawres: "SUCCESS", errno_name(-rawres), or "UNKNOWN". */
static void classify_res(const struct ast *c, struct kc_leaf *l)
{
	size_t n = kc_rhs_count(c);
	l->cap = kc_field_of(F_EVT_RES);
	if (!(l->cap->ops & OPB(c->op)) || (!n && c->op == OP_NE)) {
		set_user(l, "operator not implementable in the kernel for evt.res");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		if (!a)
			continue;
		if (c->op == OP_STARTSWITH) {
			if (!res_prefix(l, a, an)) {
				set_user(l, "evt.res startswith a prefix of UNKNOWN");
				return;
			}
			continue;
		}
		if (strcmp(a, "SUCCESS") == 0) {
			l->res_success = true;
			continue;
		}
		if (strcmp(a, "UNKNOWN") == 0) {
			set_user(l, "evt.res = UNKNOWN: every errno without a name");
			return;
		}
		int e = errno_value(a);
		const char *canon = e > 0 ? errno_name(e) : NULL;
		if (!canon || strcmp(canon, a) != 0)
			continue; /* not a name Falco prints: never equal */
		if (!add_res_code(l, e)) {
			set_user(l, "out of memory");
			return;
		}
	}
	l->verdict = KC_EXACT;
}

/* Operator and constant limits for a kernel-known field. NULL when implementable. */
static const char *op_limit(const struct ast *c, const struct kc_field *cap)
{
	if (!(cap->ops & OPB(c->op)))
		return "operator not implementable in the kernel for this field";
	if (c->op == OP_EXISTS)
		return NULL;
	size_t n = kc_rhs_count(c);
	if (!n && c->op != OP_IN && c->op != OP_INTERSECTS && c->op != OP_PMATCH)
		return "no constant";
	if (cap->vkind != KV_STR) {
		if (!c->nvals)
			return "constant not typed by the compiler";
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		if (!a)
			return "no constant";
		switch (c->op) {
		case OP_STARTSWITH:
		case OP_PMATCH:
			if (an > LANNER_MAX_PREFIX)
				return "prefix longer than LANNER_MAX_PREFIX";
			break;
		case OP_ENDSWITH:
			if (an > LANNER_MAX_SUFFIX)
				return "suffix longer than LANNER_MAX_SUFFIX";
			break;
		case OP_GLOB:
			/* only '*' (fnmatch without flags: it crosses '/'); the literal pieces are
			 * tested as prefix, suffix and contains */
			if (memchr(a, '?', an) || memchr(a, '[', an) || memchr(a, '\\', an))
				return "glob: pattern with ?, [ or \\ (only * is decided in the "
				       "kernel)";
			if (an > LANNER_MAX_CONTAINS_NEEDLE)
				return "glob: pattern longer than LANNER_MAX_CONTAINS_NEEDLE";
			break;
		case OP_CONTAINS:
		case OP_ICONTAINS:
			if (an > LANNER_MAX_CONTAINS_NEEDLE)
				return "contains: needle longer than LANNER_MAX_CONTAINS_NEEDLE";
			break;
		case OP_IN:
		case OP_INTERSECTS:
			if (an >= LANNER_MAX_SET_KEY)
				return "list item longer than LANNER_MAX_SET_KEY";
			break;
		default:
			break;
		}
	}
	return NULL;
}

/* Why a field the kernel has no source for stays in userspace (--explain), where the general
 * "field not known in the kernel" says too little. */
static const char *userspace_reason(enum field_id id)
{
	switch (id) {
	case F_FD_NAME_CHANGED:
		return "fd.name_changed: fd-table state userspace does not track either (a missing "
		       "value there)";
	case F_FD_CIP_NAME:
	case F_FD_SIP_NAME:
		return "fd.*.name: a DNS name, resolved in userspace";
	case F_FD_PORT:
		return "fd.port: either endpoint's port; not generated for the kernel";
	case F_FD_LNET:
	case F_FD_RNET:
		return "fd.lnet/fd.rnet: not generated for the kernel";
	case F_PROC_CWD:
		return "proc.cwd: userspace's cwd, tracked lexically from chdir records, is not in "
		       "the kernel's process map";
	case F_PROC_DURATION:
		return "proc.duration: userspace's start time (fork record, /proc for seeded "
		       "processes) is not the kernel map's";
	default:
		return "field not known in the kernel";
	}
}

/* The field a check reads, resolved; *arg its argument (proc.aname[N]'s N...). */
static const struct field_info *check_field(const struct ast *c, const char **arg)
{
	const struct operand *lhs = c->lhs;
	const struct field_info *f = lhs->field;
	*arg = field_operand_arg(lhs);
	if (!f && lhs->name) { /* not compiled (tests of the parser output): resolve here */
		size_t used = 0;
		f = field_lookup_prefix(lhs->name, &used);
		if (f && lhs->name[used])
			f = NULL;
		if (f && !lhs->arg && (f->flags & FF_ARG_DOTTED) &&
		    strlen(lhs->name) > strlen(f->name))
			*arg = lhs->name + strlen(f->name) + 1;
	}
	return f;
}

/* Outcomes known now, whatever the values: missing fields and parameters, empty lists,
 * evt.type / evt.dir / evt.num, evt.is_open_* off the open family. True when l is decided. */
static bool classify_static(const struct ast *c, const struct field_info *f, const char *arg,
			    int evt, struct kc_leaf *l)
{
	const struct kc_event *ke = kc_event(evt);
	const struct evt_info *ei = evt_info(evt);
	/* Falco's missing values (docs/falco-semantics.md: "Missing values"): a check on a field
	 * that has no value is FALSE, whatever the operator, `!=` and `exists` included. */
	if (is_fd_field(f->id) && !(ei->flags & (EF_CREATES_FD | EF_DESTROYS_FD | EF_USES_FD))) {
		set_static(l, TV_FALSE, "fd.* missing: event has no fd");
		return true;
	}
	if (f->id == F_EVT_ARG && !c->lhs->arg && arg) {
		l->param = evt_param_by_name(evt, arg, &l->param_index);
		if (!l->param) {
			set_static(l, TV_FALSE, "evt.arg missing: event has no such parameter");
			return true;
		}
	}
	/* `in ()` / `intersects ()` / `pmatch ()` hold for no value, and a missing value is
	 * false anyway: FALSE whatever the field */
	if ((c->op == OP_IN || c->op == OP_INTERSECTS || c->op == OP_PMATCH) && c->rhs &&
	    c->rhs->kind == OPND_LIST && c->rhs->nargs == 0 && c->mod == MOD_NONE) {
		set_static(l, TV_FALSE, "empty list");
		return true;
	}
	bool plain = c->mod == MOD_NONE && rhs_is_literal(c);
	if (f->id == F_EVT_TYPE || f->id == F_EVT_DIR) {
		if (!plain) {
			set_user(l, "modifier or field-to-field comparison");
			return true;
		}
		cur_evt = evt;
		int r = f->id == F_EVT_TYPE ? static_str(c, evt_name(evt), static_evt_eq)
					    : static_str(c, "<", static_plain_eq);
		if (r < 0)
			set_user(l, "operator not evaluated statically");
		else
			set_static(l, r ? TV_TRUE : TV_FALSE,
				   f->id == F_EVT_TYPE ? "decided by event type"
						       : "evt.dir is '<'");
		return true;
	}
	if (f->id == F_EVT_NUM) {
		int r = plain ? static_evt_num(c) : -1;
		if (r < 0)
			set_user(l, "evt.num: not decided by evt.num >= 1");
		else
			set_static(l, r ? TV_TRUE : TV_FALSE, "evt.num >= 1 (never_true idiom)");
		return true;
	}
	if ((f->id == F_EVT_IS_OPEN_READ || f->id == F_EVT_IS_OPEN_WRITE) &&
	    !(ke->caps & KE_OPEN)) {
		int r = plain ? static_num(c, 0) : -1;
		if (r < 0)
			set_user(l, "operator not evaluated statically");
		else
			set_static(l, r ? TV_TRUE : TV_FALSE, "evt.is_open_*: false on this event");
		return true;
	}
	return false;
}

/* Does the sensor capture the field's source for this event? */
static bool captured(const struct kc_field *cap, enum field_id id, int evt)
{
	const struct kc_event *ke = kc_event(evt);
	unsigned need = 0;
	switch (cap->src) {
	case KS_FD_NUM:
		need = KE_FD_NUM;
		break;
	case KS_FD_PATH:
		need = KE_FD_PATH;
		break;
	case KS_FD_TYPE:
		need = KE_FD_TYPE;
		break;
	case KS_SOCK:
		need = KE_SOCK;
		break;
	case KS_OPEN_FLAGS:
		need = KE_OPEN;
		break;
	case KS_PARAM_FLAGS:
	case KS_PARAM_PATH:
		need = KE_PARAMS;
		break;
	default:
		break;
	}
	/* a dirfd event: fd.* decided by the dirfd argument (KE_DIRFD) */
	if ((ke->caps & KE_DIRFD) && is_fd_field(id))
		need = 0;
	return (ke->caps & need) == need;
}

/* The ancestor level a KS_ANCESTOR check reads (kc_leaf.ancestor); false (l set to
 * USERSPACE) when the kernel does not walk that far or has no any-ancestor form for it. */
static bool ancestor_level(const struct field_info *f, const char *arg, struct kc_leaf *l)
{
	if (f->id == F_PROC_PNAME || f->id == F_PROC_PEXE || f->id == F_PROC_PEXEPATH ||
	    f->id == F_PROC_PCMDLINE) {
		l->ancestor = 1;
		return true;
	}
	if (!arg) {
		if (f->id == F_PROC_ANAME) {
			l->ancestor = -1;
			return true;
		}
		set_user(l, "any-ancestor form: only proc.aname is walked in the kernel");
		return false;
	}
	char *end;
	long n = strtol(arg, &end, 10);
	if (*end || n < 0 || n > LANNER_MAX_ANCESTOR_INDEX) {
		set_user(l, "ancestor beyond LANNER_MAX_ANCESTOR_INDEX");
		return false;
	}
	if (n == 0 && f->id != F_PROC_ANAME) {
		set_user(l, "ancestor level 0 (the process itself): use the proc.* field");
		return false;
	}
	l->ancestor = (int)n;
	return true;
}

/* A needle that can only occur inside one printed capability name: [A-Za-z0-9_] (names are
 * separated by single spaces), not empty. */
static bool cap_needle_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!(ch >= 'A' && ch <= 'Z') && !(ch >= 'a' && ch <= 'z') &&
		    !(ch >= '0' && ch <= '9') && ch != '_')
			return false;
	}
	return true;
}

static bool ieq_at(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/* Can an IP socket's fd.name pass this test? Its name is address and port text (userspace's
 * fields_extract.c, Falco's tuple rendering): never a '/'. No when the operator needs each
 * constant in the value and every constant holds a '/' (a glob with '*' as its only wildcard:
 * the '/' is literal). */
static bool fdname_needs_slash(const struct ast *c)
{
	switch (c->op) {
	case OP_EQ:
	case OP_NE:
	case OP_IN:
	case OP_INTERSECTS:
	case OP_STARTSWITH:
	case OP_ENDSWITH:
	case OP_CONTAINS:
	case OP_ICONTAINS:
	case OP_GLOB:
		break;
	default:
		return false;
	}
	size_t n = kc_rhs_count(c);
	if (!n || (c->op == OP_NE && n != 1))
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		if (!a || !memchr(a, '/', an))
			return false;
		if (c->op == OP_GLOB &&
		    (memchr(a, '?', an) || memchr(a, '[', an) || memchr(a, '\\', an)))
			return false;
	}
	return true;
}

/* thread.cap_* (i)contains NEEDLE: the printed set holds the needle iff a set bit's name
 * does (a needle without a space cannot span two names): one KB_ANY test of those bits. */
static void classify_caps(const struct ast *c, struct kc_leaf *l)
{
	size_t n;
	const char *nd = kc_rhs_count(c) == 1 ? kc_rhs_str(c, 0, &n) : NULL;
	if (!nd || !cap_needle_ok(nd, n)) {
		set_user(l, "thread.cap_*: needle not (part of) a capability name");
		return;
	}
	uint64_t mask = 0;
	for (unsigned bit = 0; bit < 64 && caps_name(bit); bit++) {
		const char *name = caps_name(bit);
		size_t nl = strlen(name);
		for (size_t at = 0; at + n <= nl; at++)
			if (c->op == OP_ICONTAINS ? ieq_at(name + at, nd, n)
						  : memcmp(name + at, nd, n) == 0) {
				mask |= 1ull << bit;
				break;
			}
	}
	if (!mask) {
		set_static(l, TV_FALSE, "no capability name holds the needle");
		return;
	}
	if (!add_bit(l, KB_ANY, mask, 0)) {
		set_user(l, "out of memory");
		return;
	}
	l->verdict = KC_NARROW;
}

/* proc.env: (i)contains on execve/execveat only (read at the exec); a needle with a space
 * could depend on how the variables are joined. */
static void classify_env(const struct ast *c, int evt, const char *arg, struct kc_leaf *l)
{
	size_t n;
	const char *nd = kc_rhs_count(c) == 1 ? kc_rhs_str(c, 0, &n) : NULL;
	if (arg) {
		set_user(l, "proc.env[NAME]: one variable's value");
		return;
	}
	if (evt != EVT_execve && evt != EVT_execveat) {
		set_user(l, "proc.env: read only at an exec (execve/execveat)");
		return;
	}
	if (!(l->cap->ops & OPB(c->op))) {
		set_user(l, "proc.env: only (i)contains is decided in the kernel");
		return;
	}
	if (!nd || !n || memchr(nd, ' ', n) || memchr(nd, 0, n) || n > LANNER_MAX_CONTAINS_NEEDLE) {
		set_user(l, "proc.env: needle empty, with a space, or longer than "
			    "LANNER_MAX_CONTAINS_NEEDLE");
		return;
	}
	l->verdict = KC_NARROW;
}

/* Is the field captured on this event? false: l is set (userspace, or decided statically).
 * fd.name on a socket event whose record has no fd path (socket, connect, accept, bind:
 * KE_FD_TYPE without KE_FD_PATH) is decided only on an IP socket, for a test that needs a '/'
 * (kc_leaf.noslash); a unix socket's name can be a path: UNKNOWN. bpf, userfaultfd: the record
 * names no file, userspace's fd.name is missing (Falco's is "", an fd without a name): a test
 * that needs a '/' is FALSE (`!=` is left to userspace, where Falco's "" and the missing value
 * differ). */
static bool classify_captured(const struct ast *c, const struct field_info *f,
			      const struct kc_field *cap, int evt, struct kc_leaf *l)
{
	if (f->id == F_FD_NAME && (evt == EVT_bpf || evt == EVT_userfaultfd) && c->op != OP_NE &&
	    fdname_needs_slash(c)) {
		set_static(l, TV_FALSE, "fd.name: bpf and userfaultfd fds have no name");
		return false;
	}
	bool sock_name = f->id == F_FD_NAME && !captured(cap, f->id, evt) &&
			 (kc_event(evt)->caps & KE_FD_TYPE);
	if (sock_name && !fdname_needs_slash(c)) {
		set_user(l,
			 "fd.name: no fd path on this event; an IP socket's name (no '/') decides "
			 "only tests of constants with a '/'");
		return false;
	}
	if (!sock_name && !captured(cap, f->id, evt)) {
		set_user(l, cap->src == KS_SOCK
				    ? "socket tuple not read by the sensor on this event (only on "
				      "connect, accept, accept4, bind)"
				    : "field not captured by the sensor for this event");
		return false;
	}
	return true;
}

void kc_classify(const struct ast *c, int evt, struct kc_leaf *l)
{
	memset(l, 0, sizeof(*l));
	l->value = TV_UNKNOWN;
	l->table = FLT_NONE;
	if (c->kind != AST_CHECK || !c->lhs) {
		set_user(l, "not a check");
		return;
	}
	if (c->lhs->kind != OPND_FIELD) {
		set_user(l, "transformer");
		return;
	}
	const char *arg;
	const struct field_info *f = check_field(c, &arg);
	if (!f) {
		set_user(l, "field not resolved");
		return;
	}
	if (!kc_event(evt) || !evt_info(evt)) {
		set_user(l, "event type not captured by the sensor");
		return;
	}
	if (classify_static(c, f, arg, evt, l))
		return;
	if (leaf_meta_classify(c, l))
		return;
	const struct evt_param *param = l->param;
	const struct kc_field *cap = kc_field_of(f->id);
	if (!cap) {
		set_user(l, userspace_reason(f->id));
		return;
	}
	if (c->mod != MOD_NONE) {
		set_user(l, "operator modifier (oneof/anyof/allof)");
		return;
	}
	if (!rhs_is_literal(c)) {
		set_user(l, "field-to-field comparison (val() or transformer on the right)");
		return;
	}
	if (!classify_captured(c, f, cap, evt, l))
		return;
	if (f->id == F_PROC_IS_VPGID_LEADER && evt != EVT_execve && evt != EVT_execveat) {
		set_user(l, "proc.is_vpgid_leader: decided at an exec only (execve/execveat)");
		return;
	}
	if (cap->src == KS_EXEC_ENV) {
		l->cap = cap;
		classify_env(c, evt, arg, l);
		if (l->verdict != KC_NARROW)
			l->cap = NULL;
		return;
	}
	if (cap->src == KS_CAPS) {
		l->cap = cap;
		if (!(cap->ops & OPB(c->op)))
			set_user(l, "thread.cap_*: only (i)contains is decided in the kernel");
		else
			classify_caps(c, l);
		if (l->verdict != KC_NARROW)
			l->cap = NULL;
		return;
	}
	if (f->id == F_EVT_ARG) {
		if (!param) {
			set_user(l, "evt.arg[N] by index");
			return;
		}
		l->table = param->table;
		if (param->table != FLT_NONE && param->kind == PK_PLAIN) {
			classify_flags(c, l);
			return;
		}
		if (param->type == FT_FSPATH || param->type == FT_FSRELPATH ||
		    (param->type == FT_CHARBUF && param->kind == PK_PLAIN)) {
			cap = cap_evt_arg_path;
		} else if (param->kind == PK_UID || param->kind == PK_GID) {
			set_user(l, "evt.arg: a uid/gid rendered as a name from userspace's user "
				    "tables");
			return;
		} else {
			set_user(l, "parameter rendering not reproduced in the kernel");
			return;
		}
	} else if (cap->src == KS_ANCESTOR) {
		if (!ancestor_level(f, arg, l))
			return;
	} else if (arg) {
		set_user(l, "field argument not supported in the kernel");
		return;
	}
	if (c->op == OP_EXISTS && cap->src == KS_RET) {
		set_static(l, TV_TRUE, "every captured event has a return value");
		return;
	}
	if (f->id == F_EVT_RES && c->op != OP_EXISTS) {
		classify_res(c, l);
		return;
	}
	const char *lim = op_limit(c, cap);
	if (lim) {
		set_user(l, lim);
		return;
	}
	l->cap = cap;
	l->verdict = cap->exact ? KC_EXACT : KC_NARROW;
	l->noslash = f->id == F_FD_NAME && fdname_needs_slash(c);
	/* glob with pieces between stars: the kernel says FALSE when a piece is absent, else
	 * UNKNOWN; contains over a value longer than the scan window: UNKNOWN */
	if (c->op == OP_GLOB)
		l->verdict = KC_NARROW;
	if ((c->op == OP_CONTAINS || c->op == OP_ICONTAINS) &&
	    cap->max_len > LANNER_MAX_CONTAINS_SCAN)
		l->verdict = KC_NARROW;
}

void kc_leaf_free(struct kc_leaf *l)
{
	free(l->bits);
	l->bits = NULL;
	l->nbits = 0;
	free(l->res_codes);
	l->res_codes = NULL;
	l->nres = 0;
}
