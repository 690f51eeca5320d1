/* emit_c.c — pushdown split → eBPF C (structure and contract in emit_c.h).
 *
 * Passes: collect the values each event type's kernel leaves read (members), collect the set
 * maps, then print: header, value structs, maps, fetch functions, rule functions, per-event
 * filters, hooks. A leaf whose value source or operator this emitter does not implement is
 * printed as LNR_U: always sound (userspace re-evaluates), only less selective.
 */
#include "emit_c.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "flags.h"
#include "shared_definitions/limits.h"

/* Buffer of an evt.arg path/string value in the kernel (longer values: UNKNOWN). */
#define LNR_PARAM_STR 512

/* ---- values read by the kernel leaves -------------------------------------------------------- */

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

static bool is_open_family(int evt)
{
	return evt == EVT_open || evt == EVT_openat || evt == EVT_openat2 || evt == EVT_creat;
}

/* Raw open flags of the open family, as a C expression over `r` (struct lnr_sys *). */
static const char *open_flags_expr(int evt)
{
	switch (evt) {
	case EVT_open:
		return "r->args[1]";
	case EVT_openat:
		return "r->args[2]";
	case EVT_openat2:
		return "r->aux[0]";
	case EVT_creat:
		return "(0100 | 01 | 01000)"; /* O_CREAT | O_WRONLY | O_TRUNC */
	default:
		return NULL;
	}
}

/* Where the raw value of a flag/enum parameter is in the sensor's record: the same sources
 * userspace renders it from (loader/eval/fields_extract.c param_source), so the kernel's bit tests
 * and userspace's rendering see one value. */
static const struct {
	const char *sys, *param;
	const char *expr;
} param_raw[] = {
	{"unlinkat", "flags", "r->args[2]"},	 {"mkdirat", "mode", "r->args[2]"},
	{"mkdir", "mode", "r->args[1]"},	 {"fchmodat", "mode", "r->args[2]"},
	{"chmod", "mode", "r->args[1]"},	 {"fchmod", "mode", "r->args[1]"},
	{"renameat2", "flags", "r->args[4]"},	 {"linkat", "flags", "r->args[4]"},
	{"ptrace", "request", "r->args[0]"},	 {"memfd_create", "flags", "r->args[1]"},
	{"dup3", "flags", "r->args[2]"},	 {"socket", "domain", "r->args[0]"},
	{"socket", "type", "r->args[1]"},	 {"socket", "proto", "r->args[2]"},
	{"kill", "sig", "r->args[1]"},		 {"prctl", "option", "r->args[0]"},
	{"unshare", "flags", "r->args[0]"},	 {"setns", "nstype", "r->args[1]"},
	{"userfaultfd", "flags", "r->args[0]"},	 {"bpf", "cmd", "r->args[0]"},
	{"finit_module", "flags", "r->args[2]"}, {"mount", "flags", "r->args[3]"},
	{"umount2", "flags", "r->args[1]"},	 {"clone", "flags", "r->args[0]"},
	{"clone3", "flags", "r->aux[0]"},	 {"accept4", "flags", "r->args[3]"},
};

/* Path and string parameters: which slot userspace renders them from. */
enum { PP_NONE, PP_PATH_A, PP_PATH_B, PP_STR_A, PP_STR_A_BASE, PP_STR_B };
static const struct {
	const char *sys, *param;
	int src;
} param_slot[] = {
	{"execve", "filename", PP_PATH_A},   {"execveat", "pathname", PP_PATH_A},
	{"symlink", "target", PP_STR_A},     {"symlinkat", "target", PP_STR_A},
	{"symlink", "linkpath", PP_PATH_B},  {"symlinkat", "linkpath", PP_PATH_B},
	{"memfd_create", "name", PP_STR_A},  {"init_module", "uargs", PP_STR_A},
	{"finit_module", "uargs", PP_STR_B}, {"mount", "dev", PP_STR_A},
	{"mount", "type", PP_STR_A_BASE},    {"mount", "dir", PP_PATH_B},
	{"umount2", "name", PP_PATH_A},	     {"chdir", "path", PP_PATH_B},
};

static int param_slot_of(int evt, const struct evt_param *p)
{
	const struct evt_info *ei = evt_info(evt);
	if (!ei || !ei->sysname || !p)
		return PP_NONE;
	for (size_t i = 0; i < sizeof(param_slot) / sizeof(param_slot[0]); i++)
		if (!strcmp(param_slot[i].sys, ei->sysname) &&
		    !strcmp(param_slot[i].param, p->name))
			return param_slot[i].src;
	if (p->type != FT_FSPATH && p->type != FT_FSRELPATH)
		return PP_NONE;
	/* path parameters not named above: the first is A, the second B */
	for (int i = 0; i < ei->nparams; i++)
		if (ei->params[i].type == FT_FSPATH || ei->params[i].type == FT_FSRELPATH)
			return &ei->params[i] == p || !strcmp(ei->params[i].name, p->name)
				       ? PP_PATH_A
				       : PP_PATH_B;
	return PP_NONE;
}

static const char *param_raw_expr(int evt, const char *param)
{
	const struct evt_info *ei = evt_info(evt);
	if (!ei || !ei->sysname || !param)
		return NULL;
	if (!strcmp(param, "flags") && open_flags_expr(evt))
		return open_flags_expr(evt);
	for (size_t i = 0; i < sizeof(param_raw) / sizeof(param_raw[0]); i++)
		if (!strcmp(param_raw[i].sys, ei->sysname) && !strcmp(param_raw[i].param, param))
			return param_raw[i].expr;
	return NULL;
}

/* proc.is_exe_*: a LNR_PF_EXE_* bit of the process map's pflags (0 when not one of them). */
static const char *exe_flag_bit(enum field_id id)
{
	switch (id) {
	case F_PROC_IS_EXE_WRITABLE:
		return "LNR_PF_EXE_WRITABLE";
	case F_PROC_IS_EXE_UPPER_LAYER:
		return "LNR_PF_EXE_UPPER_LAYER";
	case F_PROC_IS_EXE_LOWER_LAYER:
		return "LNR_PF_EXE_LOWER_LAYER";
	case F_PROC_IS_EXE_FROM_MEMFD:
		return "LNR_PF_EXE_FROM_MEMFD";
	default:
		return NULL;
	}
}

static bool is_exe_flag(enum field_id id)
{
	return exe_flag_bit(id) != NULL;
}

/* The member a leaf reads, described; false when this emitter has no kernel source for it. */
static bool leaf_member(const struct kpred *p, int evt, struct member *out)
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
		} else if (id == F_PROC_TTY || id == F_PROC_PPID || is_exe_flag(id)) {
			out->kind = MK_NUM;
		} else {
			return false;
		}
		break;
	case KS_ANCESTOR:
		if (l->ancestor < 0)
			return false; /* any-ancestor: several members, see leaf code */
		out->fid = F_PROC_ANAME;
		out->level = l->ancestor;
		out->kind = MK_STR;
		out->size = LANNER_MAX_COMM;
		break;
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
		out->kind = MK_STR;
		out->size = 16;
		break;
	case KS_SOCK:
		if (id == F_FD_SPORT || id == F_FD_CPORT)
			out->kind = MK_NUM;
		else if (id == F_FD_L4PROTO || id == F_FD_SOCKFAMILY) {
			out->kind = MK_STR;
			out->size = 16;
		} else
			return false; /* addresses: userspace */
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
	return true;
}

static int add_member(struct evmembers *em, const struct member *m)
{
	for (size_t i = 0; i < em->n; i++)
		if (!strcmp(em->m[i].name, m->name))
			return 0;
	struct member *t = realloc(em->m, (em->n + 1) * sizeof(*t));
	if (!t)
		return -1;
	em->m = t;
	em->m[em->n++] = *m;
	return 0;
}

static int collect_members(const struct kpred *p, int evt, struct evmembers *em)
{
	if (p->kind == KP_LEAF) {
		struct member m;
		if (p->leaf.cap && p->leaf.cap->src == KS_ANCESTOR && p->leaf.ancestor < 0) {
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
		if (leaf_member(p, evt, &m))
			return add_member(em, &m);
		return 0;
	}
	for (size_t i = 0; i < p->nkids; i++)
		if (collect_members(p->kids[i], evt, em))
			return -1;
	return 0;
}

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->name, ((const struct member *)b)->name);
}

/* ---- output buffer --------------------------------------------------------------------------- */

struct out {
	char *buf;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		size_t room = o->cap - o->len;
		va_start(ap, fmt);
		int n = vsnprintf(o->buf ? o->buf + o->len : NULL, o->buf ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->oom = true;
			return;
		}
		if (o->buf && (size_t)n < room) {
			o->len += (size_t)n;
			return;
		}
		size_t nc = (o->cap ? o->cap * 2 : 65536) + (size_t)n + 1;
		char *b = realloc(o->buf, nc);
		if (!b) {
			o->oom = true;
			return;
		}
		o->buf = b;
		o->cap = nc;
	}
}

/* A C comment body: no comment terminators, no newlines. */
static void put_comment_text(struct out *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' && s[1] == '/')
			put(o, "*\\/");
		else if (*s == '\n' || *s == '\r')
			put(o, " ");
		else if ((unsigned char)*s < 0x20)
			put(o, "?");
		else
			put(o, "%c", *s);
	}
}

/* A constant as a C char literal. */
static void put_char(struct out *o, unsigned char c)
{
	if (c == '\'' || c == '\\')
		put(o, "'\\%c'", c);
	else if (c >= 0x20 && c < 0x7f)
		put(o, "'%c'", c);
	else
		put(o, "(char)0x%02x", c);
}

/* A byte inside a C string literal (octal escapes: they never swallow a following digit). */
static void put_cstr_char(struct out *o, unsigned char c)
{
	if (c == '"' || c == '\\')
		put(o, "\\%c", c);
	else if (c >= 0x20 && c < 0x7f && c != '?') /* '?': no trigraphs */
		put(o, "%c", c);
	else
		put(o, "\\%03o", c);
}

/* ---- set maps -------------------------------------------------------------------------------- */

/* Dispatch of one event type (see put_dispatch): the rules whose kernel part is, or is an AND
 * with, `fd.name = c` / `fd.name in (c, ...)`, with constants no other rule of the group has. */
struct dplan {
	bool *grp;  /* per entry: in the group */
	bool *pure; /* per entry: the kernel part is that test alone (a hit is TRUE) */
	size_t n;   /* entries in the group; 0: no dispatch */
	uint32_t ks;
	char name[32];
};

struct emitter {
	struct out o;
	const struct pushdown *pd;
	const struct emit_opts *opts;
	struct meta_map *maps;
	size_t nmaps;
	int ncb; /* callbacks emitted (contains scans) */
	int nvar;
	struct out cbs; /* callbacks, printed before the rule functions that use them */
	char **cb_keys; /* "member\0needle" of callback k, for reuse */
	size_t *cb_keylen;
	char **fn_bodies; /* distinct rule function bodies; function k is lnr_r<k> */
	size_t nfn;
	char **leaf_bodies; /* distinct leaf functions lnr_l<k> */
	size_t nleaf;
	struct dplan *plans;	/* per event (pd->events order): its fd.name dispatch, if any */
	struct meta_map *dmaps; /* dispatch maps' metadata: one entry per rule (its value) */
	size_t ndmaps;
	char **dsigs; /* signature of dispatch map k (its constants and values), for reuse */
	size_t ndsig;
	bool *fn_used; /* rule function k is called by a kernel filter */
};

static int find_or_add_map(struct emitter *em, enum meta_map_kind kind, char **items, size_t n,
			   uint32_t key_size)
{
	for (size_t i = 0; i < em->nmaps; i++) {
		struct meta_map *m = &em->maps[i];
		if (m->kind != kind || m->nitems != n || m->key_size != key_size)
			continue;
		bool same = true;
		for (size_t k = 0; k < n && same; k++)
			same = !strcmp(m->items[k], items[k]);
		if (same) {
			for (size_t k = 0; k < n; k++)
				free(items[k]);
			free(items);
			return (int)i;
		}
	}
	struct meta_map *t = realloc(em->maps, (em->nmaps + 1) * sizeof(*t));
	if (!t)
		return -1;
	em->maps = t;
	struct meta_map *m = &em->maps[em->nmaps];
	memset(m, 0, sizeof(*m));
	char name[32];
	snprintf(name, sizeof(name), "lnr_m%zu", em->nmaps);
	m->name = strdup(name);
	m->kind = kind;
	m->key_size = key_size;
	m->value = 1;
	m->items = items;
	m->nitems = n;
	return (int)em->nmaps++;
}

/* ---- leaves ---------------------------------------------------------------------------------- */

/* pmatch item as the kernel compares it: "/c1/c2" from its non-empty components; "" matches
 * every path. False when the item has glob characters (userspace globs components) — the leaf
 * is then UNKNOWN. *never: a "." or ".." component, which a normalised path never has. */
static bool pmatch_item(const char *s, size_t n, char *out, size_t outlen, bool *never)
{
	size_t k = 0, i = 0;
	*never = false;
	if (memchr(s, '*', n) || memchr(s, '?', n) || memchr(s, '[', n))
		return false;
	while (i < n) {
		while (i < n && s[i] == '/')
			i++;
		size_t st = i;
		while (i < n && s[i] != '/')
			i++;
		size_t cl = i - st;
		if (!cl)
			continue;
		if ((cl == 1 && s[st] == '.') || (cl == 2 && s[st] == '.' && s[st + 1] == '.'))
			*never = true;
		if (k + cl + 2 >= outlen)
			return false;
		out[k++] = '/';
		memcpy(out + k, s + st, cl);
		k += cl;
	}
	out[k] = 0;
	return true;
}

/* Can an OK value of this member hold a normalised absolute path (pmatch in kernel)? */
static bool member_is_norm_path(const struct member *m)
{
	return m->fid == F_FD_NAME || m->fid == F_FD_DIRECTORY;
}

/* String equality of member `v` (C expression of the struct) with a constant. */
static void put_str_eq(struct out *o, const char *v, int size, const char *c, size_t n)
{
	if (n >= (size_t)size) {
		put(o, "0 /* longer than the buffer */");
		return;
	}
	put(o, "(%s.len == %zu", v, n);
	for (size_t i = 0; i < n; i++) {
		put(o, " && %s.s[%zu] == ", v, i);
		put_char(o, (unsigned char)c[i]);
	}
	put(o, ")");
}

static void put_str_prefix(struct out *o, const char *v, int size, const char *c, size_t n)
{
	if (n >= (size_t)size) {
		put(o, "0");
		return;
	}
	put(o, "(%s.len >= %zu", v, n);
	for (size_t i = 0; i < n; i++) {
		put(o, " && %s.s[%zu] == ", v, i);
		put_char(o, (unsigned char)c[i]);
	}
	put(o, ")");
}

static void put_str_suffix(struct out *o, const char *v, int size, const char *c, size_t n)
{
	if (n >= (size_t)size) {
		put(o, "0");
		return;
	}
	put(o, "(%s.len >= %zu", v, n);
	for (size_t i = 0; i < n; i++) {
		put(o, " && LNR_CH(%s.s, %s.len - %zu, %d) == ", v, v, n - i, size - 1);
		put_char(o, (unsigned char)c[i]);
	}
	put(o, ")");
}

/* pmatch of one normalised item P (len n): value starts with P at a component boundary. */
static void put_pmatch_item(struct out *o, const char *v, int size, const char *c, size_t n)
{
	if (n == 0) {
		put(o, "1");
		return;
	}
	put(o, "(");
	put_str_prefix(o, v, size, c, n);
	put(o, " && (%s.len == %zu || LNR_CH(%s.s, %zu, %d) == '/'))", v, n, v, n, size - 1);
}

/* A contains test over the first LANNER_MAX_CONTAINS_SCAN bytes (value longer than the window
 * and needle not found: UNKNOWN). Per (member, needle): the needle as a constant, for the string
 * kfunc, and a bpf_loop callback, for kernels without it and the host (rules/strings.h). */
static void put_contains(struct emitter *em, int evt, const struct member *m, const char *c,
			 size_t n)
{
	struct out *o = &em->o;
	if (n == 0) {
		put(o, "1");
		return;
	}
	if (n >= (size_t)m->size) {
		put(o, "0");
		return;
	}
	(void)evt;
	size_t kl = strlen(m->name) + 1 + n;
	int k = -1;
	for (int i = 0; i < em->ncb; i++)
		if (em->cb_keylen[i] == kl &&
		    !memcmp(em->cb_keys[i], m->name, strlen(m->name) + 1) &&
		    !memcmp(em->cb_keys[i] + strlen(m->name) + 1, c, n))
			k = i;
	if (k >= 0) {
		put(o, "LNR_CONTAINS(fv->%s.s, fv->%s.len, lnr_nd%d, %zu, %d, lnr_cb%d)", m->name,
		    m->name, k, n, LANNER_MAX_CONTAINS_SCAN, k);
		return;
	}
	k = em->ncb;
	char **nk = realloc(em->cb_keys, (size_t)(k + 1) * sizeof(char *));
	if (nk)
		em->cb_keys = nk;
	size_t *nl = realloc(em->cb_keylen, (size_t)(k + 1) * sizeof(size_t));
	if (nl)
		em->cb_keylen = nl;
	char *key = malloc(kl);
	if (!nk || !nl || !key) {
		free(key);
		em->o.oom = true;
		return;
	}
	memcpy(key, m->name, strlen(m->name) + 1);
	memcpy(key + strlen(m->name) + 1, c, n);
	em->cb_keys[k] = key;
	em->cb_keylen[k] = kl;
	em->ncb++;
	struct out *cb = &em->cbs;
	put(cb, "/* contains \"");
	put_comment_text(cb, c);
	put(cb, "\" in %s */\n", m->name);
	put(cb, "static const char lnr_nd%d[] __attribute__((unused)) = \"", k);
	for (size_t i = 0; i < n; i++)
		put_cstr_char(cb, (unsigned char)c[i]);
	put(cb, "\";\n");
	put(cb, "static long lnr_cb%d(__u32 i, void *ctx)\n{\n", k);
	put(cb, "\tstruct lnr_scan *sc = ctx;\n");
	put(cb, "\tstruct lnr_fv *fv = LNR_FV();\n");
	put(cb, "\tif (!fv || i + %zu > sc->end)\n\t\treturn 1;\n", n);
	put(cb, "\tif (");
	for (size_t i = 0; i < n; i++) {
		put(cb, "%sLNR_CH(fv->%s.s, i + %zu, %d) == ", i ? " && " : "", m->name, i,
		    m->size - 1);
		put_char(cb, (unsigned char)c[i]);
	}
	put(cb, ") {\n\t\tsc->found = 1;\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n\n");
	put(o, "LNR_CONTAINS(fv->%s.s, fv->%s.len, lnr_nd%d, %zu, %d, lnr_cb%d)", m->name, m->name,
	    k, n, LANNER_MAX_CONTAINS_SCAN, k);
}

/* Numeric cast matching the evaluator's at_width() for the field's type. */
static const char *num_cast(enum ftype t, bool *is_signed)
{
	*is_signed = true;
	switch (t) {
	case FT_INT8:
		return "(__s64)(__s8)";
	case FT_INT16:
		return "(__s64)(__s16)";
	case FT_INT32:
		return "(__s64)(__s32)";
	case FT_UINT8:
	case FT_FLAGS8:
	case FT_SIGTYPE:
		*is_signed = false;
		return "(__u64)(__u8)";
	case FT_UINT16:
	case FT_FLAGS16:
	case FT_PORT:
	case FT_SYSCALLID:
		*is_signed = false;
		return "(__u64)(__u16)";
	case FT_UINT32:
	case FT_FLAGS32:
	case FT_MODE:
		*is_signed = false;
		return "(__u64)(__u32)";
	case FT_INT64:
	case FT_ERRNO:
	case FT_FD:
	case FT_PID:
	case FT_BOOL:
		return "(__s64)";
	default:
		*is_signed = false;
		return "(__u64)";
	}
}

static void put_const(struct out *o, const char *cast, bool sgn, int64_t v)
{
	if (sgn) {
		if (v == INT64_MIN)
			put(o, "%s(-9223372036854775807LL - 1)", cast);
		else
			put(o, "%s%lldLL", cast, (long long)v);
	} else {
		put(o, "%s%lluULL", cast, (unsigned long long)v);
	}
}

static void put_bittest(struct out *o, enum flag_table t, const struct kc_bittest *b,
			const char *raw)
{
	switch (b->kind) {
	case KB_EQ:
		put(o, "((%s & 0x%llxULL) == 0x%llxULL)", raw, (unsigned long long)b->mask,
		    (unsigned long long)b->value);
		break;
	case KB_ANY:
		put(o, "((%s & 0x%llxULL) != 0)", raw, (unsigned long long)b->mask);
		break;
	case KB_NONE: {
		size_t n;
		const struct flag_entry *e = flag_table_entries(t, &n);
		bool is_enum = flag_table_is_enum(t);
		put(o, "!(0");
		for (size_t i = 0; i < n; i++) {
			if (e[i].match == FM_ZERO)
				continue;
			if (is_enum)
				put(o, " || %s == 0x%llxULL", raw, (unsigned long long)e[i].value);
			else if (e[i].match == FM_EQ)
				put(o, " || (%s & 0x%llxULL) == 0x%llxULL", raw,
				    (unsigned long long)e[i].mask, (unsigned long long)e[i].value);
			else if (e[i].match == FM_ANY)
				put(o, " || (%s & 0x%llxULL) != 0", raw,
				    (unsigned long long)e[i].mask);
		}
		put(o, ")");
		break;
	}
	}
}

/* A string test (0/1, or LNR_U for contains) of member m against the check's constants;
 * false when not implementable here. */
static bool put_str_test(struct emitter *em, int evt, const struct ast *c, const struct member *m,
			 const char *v)
{
	struct out *o = &em->o;
	size_t n = kc_rhs_count(c);
	switch (c->op) {
	case OP_EQ:
	case OP_NE:
	case OP_IN:
	case OP_INTERSECTS: {
		if (n <= LANNER_MAX_INLINE_LIST) {
			put(o, "(0");
			for (size_t i = 0; i < n; i++) {
				size_t an;
				const char *a = kc_rhs_str(c, i, &an);
				put(o, " || ");
				put_str_eq(o, v, m->size, a, an);
			}
			put(o, ")");
			return true;
		}
		size_t maxl = 0;
		char **items = calloc(n + 1, sizeof(char *));
		if (!items)
			return false;
		for (size_t i = 0; i < n; i++) {
			size_t an;
			const char *a = kc_rhs_str(c, i, &an);
			items[i] = strndup(a, an);
			if (an > maxl)
				maxl = an;
		}
		uint32_t ks = (uint32_t)((maxl + 1 + 7) / 8 * 8);
		if (ks > (uint32_t)m->size)
			ks = (uint32_t)m->size;
		int mi = find_or_add_map(em, MM_HASH_EXACT, items, n, ks);
		if (mi < 0)
			return false;
		put(o, "lnr_set_has(&%s, %u, %s.s, %s.len, %d, 0)", em->maps[mi].name, ks, v, v,
		    m->size - 1);
		return true;
	}
	case OP_STARTSWITH:
	case OP_ENDSWITH:
	case OP_PMATCH: {
		bool pm = c->op == OP_PMATCH;
		if (pm && !member_is_norm_path(m))
			return false;
		char **items = calloc(n + 1, sizeof(char *));
		size_t ni = 0, maxl = 0;
		bool always = false;
		if (!items)
			return false;
		for (size_t i = 0; i < n; i++) {
			size_t an;
			const char *a = kc_rhs_str(c, i, &an);
			char buf[LANNER_MAX_PREFIX + 8];
			bool never = false;
			if (pm) {
				if (!pmatch_item(a, an, buf, sizeof(buf), &never)) {
					for (size_t k = 0; k < ni; k++)
						free(items[k]);
					free(items);
					return false;
				}
				if (never)
					continue;
				if (!buf[0])
					always = true;
				items[ni] = strdup(buf);
			} else {
				items[ni] = strndup(a, an);
			}
			size_t l = strlen(items[ni]);
			if (l > maxl)
				maxl = l;
			ni++;
		}
		if (always || ni <= LANNER_MAX_INLINE_LIST) {
			put(o, "(%s", always ? "1" : "0");
			for (size_t i = 0; i < ni && !always; i++) {
				put(o, " || ");
				size_t l = strlen(items[i]);
				if (pm)
					put_pmatch_item(o, v, m->size, items[i], l);
				else if (c->op == OP_STARTSWITH)
					put_str_prefix(o, v, m->size, items[i], l);
				else
					put_str_suffix(o, v, m->size, items[i], l);
			}
			put(o, ")");
			for (size_t k = 0; k < ni; k++)
				free(items[k]);
			free(items);
			return true;
		}
		if (pm)
			for (size_t i = 0; i < ni; i++) {
				size_t l = strlen(items[i]);
				char *t = realloc(items[i], l + 2);
				if (!t)
					return false;
				t[l] = '/';
				t[l + 1] = 0;
				items[i] = t;
			}
		uint32_t data = (uint32_t)((maxl + 1 + 7) / 8 * 8);
		enum meta_map_kind kind = c->op == OP_ENDSWITH ? MM_LPM_SUFFIX : MM_LPM_PREFIX;
		int mi = find_or_add_map(em, kind, items, ni, 4 + data);
		if (mi < 0)
			return false;
		put(o, "lnr_lpm_has(&%s, %u, %s.s, %s.len, %d, %d)", em->maps[mi].name, data, v, v,
		    m->size - 1,
		    kind == MM_LPM_SUFFIX ? 2
		    : pm		  ? 1
					  : 0);
		return true;
	}
	case OP_CONTAINS: {
		if (n != 1)
			return false;
		size_t an;
		const char *a = kc_rhs_str(c, 0, &an);
		if (m->size <= LANNER_MAX_CONTAINS_SCAN) {
			/* the whole buffer fits in the window: exact */
		}
		put_contains(em, evt, m, a, an);
		return true;
	}
	default:
		return false;
	}
}

/* Leaf value expression (an int8 Kleene value); false when not implementable here. */
static bool put_leaf(struct emitter *em, int evt, const struct kpred *p)
{
	struct out *o = &em->o;
	const struct kc_leaf *l = &p->leaf;
	const struct ast *c = p->check;
	int neg = c->op == OP_NE;
	if (l->verdict != KC_EXACT && l->verdict != KC_NARROW)
		return false;
	if (c->mod != MOD_NONE)
		return false;
	/* any ancestor from the parent up, LANNER_ANCESTOR_DEPTH levels */
	if (l->cap && l->cap->src == KS_ANCESTOR && l->ancestor < 0) {
		if (c->op != OP_EQ && c->op != OP_NE && c->op != OP_IN && c->op != OP_STARTSWITH &&
		    c->op != OP_ENDSWITH && c->op != OP_EXISTS)
			return false;
		put(o, "lnr_any_end(");
		for (int lv = 1; lv <= LANNER_ANCESTOR_DEPTH; lv++) {
			struct member m = {F_PROC_ANAME, lv, MK_STR, LANNER_MAX_COMM, "", NULL};
			snprintf(m.name, sizeof(m.name), "proc_aname_%d", lv);
			char v[64];
			snprintf(v, sizeof(v), "fv->%s", m.name);
			put(o, "lnr_any_step(fv->%s.st, ", m.name);
			if (c->op == OP_EXISTS)
				put(o, "1");
			else if (!put_str_test(em, evt, c, &m, v))
				return false;
			put(o, ", %d, ", neg);
		}
		put(o, "LNR_U /* beyond the levels walked */");
		for (int lv = 1; lv <= LANNER_ANCESTOR_DEPTH; lv++)
			put(o, ")");
		put(o, ")");
		return true;
	}
	struct member m;
	if (!leaf_member(p, evt, &m))
		return false;
	char v[64];
	snprintf(v, sizeof(v), "fv->%s", m.name);
	if (c->op == OP_EXISTS) {
		put(o, "lnr_leaf(%s.st, 1, 0)", v);
		return true;
	}
	if (l->cap->id == F_EVT_RES) {
		put(o, "lnr_leaf(%s.st, (0", v);
		if (l->res_success)
			put(o, " || %s.v >= 0", v);
		for (size_t i = 0; i < l->nres; i++)
			put(o, " || %s.v == %lldLL", v, (long long)l->res_codes[i]);
		put(o, "), %d)", neg);
		return true;
	}
	if (l->cap->src == KS_PARAM_FLAGS) {
		char raw[80];
		snprintf(raw, sizeof(raw), "(__u64)%s.v", v);
		put(o, "lnr_leaf(%s.st, (0", v);
		for (size_t i = 0; i < l->nbits; i++) {
			put(o, " || ");
			put_bittest(o, l->table, &l->bits[i], raw);
		}
		put(o, "), %d)", neg);
		return true;
	}
	if (m.kind == MK_NUM) {
		const struct field_info *fi = field_by_id(l->cap->id);
		if (!fi || !c->nvals)
			return false;
		bool sgn;
		const char *cast = num_cast(fi->type, &sgn);
		const char *cop = NULL;
		switch (c->op) {
		case OP_EQ:
		case OP_NE:
		case OP_IN:
		case OP_INTERSECTS:
			cop = "==";
			break;
		case OP_LT:
			cop = "<";
			break;
		case OP_LE:
			cop = "<=";
			break;
		case OP_GT:
			cop = ">";
			break;
		case OP_GE:
			cop = ">=";
			break;
		default:
			return false;
		}
		size_t nv = c->op == OP_IN || c->op == OP_INTERSECTS ? c->nvals : 1;
		put(o, "lnr_leaf(%s.st, (0", v);
		for (size_t i = 0; i < nv; i++) {
			put(o, " || %s%s.v %s ", cast, v, cop);
			put_const(o, cast, sgn, c->vals[i].i);
		}
		put(o, "), %d)", neg);
		return true;
	}
	/* strings */
	size_t save_len = o->len;
	put(o, "lnr_leaf(%s.st, ", v);
	if (!put_str_test(em, evt, c, &m, v)) {
		o->len = save_len;
		if (o->buf)
			o->buf[o->len] = 0;
		return false;
	}
	put(o, ", %d)", neg);
	return true;
}

/* The function evaluating one leaf (deduplicated by text): a global function, so the verifier
 * checks it once and the rule functions see an opaque result (no path multiplication), and
 * clang cannot thread constants across leaves. Printed into em->cbs (before the rule). */
static int leaf_function(struct emitter *em, const struct kpred *p, const char *expr)
{
	struct out b = {0};
	char *t = ast_print(p->check);
	put(&b, "/* ");
	put_comment_text(&b, t ? t : "?");
	free(t);
	put(&b,
	    " [%s] */\nLNR_NOINLINE int lnr_l@@(struct lnr_fv *fv)\n{\n\tif (!fv)\n\t\treturn "
	    "LNR_U;\n\treturn %s;\n}\n\n",
	    kc_verdict_name(p->leaf.verdict), expr);
	if (b.oom || !b.buf) {
		free(b.buf);
		return -1;
	}
	for (size_t k = 0; k < em->nleaf; k++)
		if (!strcmp(em->leaf_bodies[k], b.buf)) {
			free(b.buf);
			return (int)k;
		}
	char **nb = realloc(em->leaf_bodies, (em->nleaf + 1) * sizeof(char *));
	if (!nb) {
		free(b.buf);
		return -1;
	}
	em->leaf_bodies = nb;
	em->leaf_bodies[em->nleaf] = b.buf;
	const char *at = strstr(b.buf, "lnr_l@@");
	/* as rule functions: a leaf only uncalled rule functions use is for the host build */
	put(&em->cbs, "#ifndef LNR_L%zu_UNUSED\n%.*slnr_l%zu%s#endif\n\n", em->nleaf,
	    (int)(at - b.buf), b.buf, em->nleaf, at + 7);
	return (int)em->nleaf++;
}

/* lazily fetched value groups (see member_lazy) */
enum { LZ_PV = 1, LZ_ARGV = 2, LZ_ANC = 4 };
static unsigned leaf_lazy(const struct kpred *p, int evt);

/* A rough cost of evaluating p in the kernel. AND and OR operands are evaluated cheapest first:
 * Kleene AND/OR are commutative and leaves have no side effects, so the value is the same, and
 * an operand that decides (FALSE under AND, TRUE under OR) often spares the expensive ones
 * (a substring search, a process-map lookup, the argv copy). */
static unsigned pred_cost(const struct kpred *p, int evt)
{
	unsigned c = 0;
	switch (p->kind) {
	case KP_CONST:
		return 0;
	case KP_NOT:
		return pred_cost(p->kids[0], evt);
	case KP_AND:
	case KP_OR:
		for (size_t i = 0; i < p->nkids; i++)
			c += pred_cost(p->kids[i], evt);
		return c;
	case KP_LEAF:
		break;
	}
	switch (p->check->op) {
	case OP_CONTAINS:
	case OP_ICONTAINS:
	case OP_BCONTAINS:
	case OP_GLOB:
	case OP_IGLOB:
		c = 8;
		break;
	case OP_IN:
	case OP_PMATCH:
	case OP_INTERSECTS:
		c = 3;
		break;
	default:
		c = 2;
	}
	if (p->leaf.cap && p->leaf.cap->src == KS_ANCESTOR && p->leaf.ancestor < 0)
		c *= LANNER_ANCESTOR_DEPTH;
	unsigned lz = leaf_lazy(p, evt);
	c += (lz & LZ_PV ? 4 : 0) + (lz & LZ_ARGV ? 16 : 0) + (lz & LZ_ANC ? 8 : 0);
	return c;
}

/* Prints the evaluation of p into variable v<var> (statements, Kleene logic, early exit). */
static void put_pred(struct emitter *em, int evt, const struct kpred *p, int var, int depth)
{
	struct out *o = &em->o;
	char ind[64];
	int d = depth < 60 ? depth : 60;
	memset(ind, '\t', (size_t)d);
	ind[d] = 0;
	switch (p->kind) {
	case KP_CONST:
		put(o, "%sv%d = %s;\n", ind, var,
		    p->value == TV_TRUE	   ? "LNR_T"
		    : p->value == TV_FALSE ? "LNR_F"
					   : "LNR_U");
		return;
	case KP_LEAF: {
		char *t = ast_print(p->check);
		put(o, "%s/* ", ind);
		put_comment_text(o, t ? t : "?");
		put(o, " [%s] */\n", kc_verdict_name(p->leaf.verdict));
		free(t);
		int ncb = em->ncb;
		size_t cbmark = em->cbs.len;
		struct out keep = em->o;
		em->o = (struct out){0};
		bool ok = put_leaf(em, evt, p);
		struct out expr = em->o;
		em->o = keep;
		int k = ok && !expr.oom && expr.buf ? leaf_function(em, p, expr.buf) : -1;
		free(expr.buf);
		if (k < 0) {
			while (em->ncb > ncb)
				free(em->cb_keys[--em->ncb]);
			em->cbs.len = cbmark;
			if (em->cbs.buf)
				em->cbs.buf[cbmark] = 0;
			put(o, "%sv%d = LNR_U; /* not evaluated in the kernel */\n", ind, var);
			return;
		}
		unsigned lz = leaf_lazy(p, evt);
		if (lz)
			put(o, "%sif (fv->lz & %uu)\n%s\tlnr_need(%uu);\n", ind, lz, ind, lz);
		put(o, "%sv%d = LNR_K(fv, lnr_l%d(fv));\n", ind, var, k);
		return;
	}
	case KP_NOT: {
		int k = ++em->nvar;
		put(o, "%s{\n%s\t__s8 v%d;\n", ind, ind, k);
		put_pred(em, evt, p->kids[0], k, depth + 1);
		put(o, "%s\tv%d = LNR_K(fv, lnr_not(v%d));\n%s}\n", ind, var, k, ind);
		return;
	}
	case KP_AND:
	case KP_OR: {
		bool and = p->kind == KP_AND;
		int k = ++em->nvar;
		put(o, "%sv%d = %s;\n%sdo {\n%s\t__s8 v%d;\n", ind, var, and? "LNR_T" : "LNR_F",
		    ind, ind, k);
		size_t *ord = malloc(p->nkids * sizeof(size_t));
		unsigned *cost = malloc(p->nkids * sizeof(unsigned));
		if (!ord || !cost) {
			free(ord);
			free(cost);
			o->oom = true;
			return;
		}
		for (size_t i = 0; i < p->nkids; i++) { /* stable insertion sort by cost */
			size_t j = i;
			cost[i] = pred_cost(p->kids[i], evt);
			for (; j > 0 && cost[ord[j - 1]] > cost[i]; j--)
				ord[j] = ord[j - 1];
			ord[j] = i;
		}
		for (size_t i = 0; i < p->nkids; i++) {
			put_pred(em, evt, p->kids[ord[i]], k, depth + 1);
			put(o, "%s\tv%d = LNR_K(fv, lnr_%s(v%d, v%d));\n", ind, var,
			    and? "and" : "or", var, k);
			if (i + 1 < p->nkids)
				put(o, "%s\tif (v%d == %s)\n%s\t\tbreak;\n", ind, var,
				    and? "LNR_F" : "LNR_T", ind);
		}
		free(ord);
		free(cost);
		put(o, "%s} while (0);\n", ind);
		return;
	}
	}
}

/* ---- fetch ----------------------------------------------------------------------------------- */

static bool is_fd_member(const struct member *m)
{
	enum field_id f = m->fid;
	return f == F_FD_NUM || f == F_FD_NAME || f == F_FD_NAMERAW || f == F_FD_DIRECTORY ||
	       f == F_FD_FILENAME || f == F_FD_TYPE || f == F_FD_TYPECHAR || f == F_FD_SPORT ||
	       f == F_FD_CPORT || f == F_FD_L4PROTO || f == F_FD_SOCKFAMILY;
}

static bool is_argv_member(const struct member *m)
{
	return m->fid == F_PROC_EXE || m->fid == F_PROC_ARGS || m->fid == F_PROC_CMDLINE;
}

static bool is_pv_member(const struct member *m)
{
	enum field_id f = m->fid;
	return f == F_PROC_VPID || f == F_PROC_TTY || f == F_PROC_PPID || f == F_PROC_NAME ||
	       f == F_PROC_EXEPATH || f == F_CONTAINER_ID || f == F_PROC_ANAME || is_exe_flag(f) ||
	       is_argv_member(m);
}

/* Values fetched only when a leaf reads them (LNR_LZ_*): process values cost a process-map
 * lookup, argv a bpf_loop over up to LANNER_MAX_PROC_ARGS bytes, ancestors one lookup per level,
 * and most events are decided by their cheap values (type, flags, path) before any of these is
 * read. The event's fetch records which groups are pending (fv->lz) and whose process
 * (fv->lz_pid); lnr_need(groups), called before such a leaf, fills them once per event. */
static unsigned member_lazy(const struct member *m)
{
	if (is_argv_member(m))
		return LZ_ARGV;
	if (m->fid == F_PROC_ANAME && m->level > 0)
		return LZ_ANC;
	return is_pv_member(m) ? LZ_PV : 0;
}

static unsigned members_lazy(const struct evmembers *em)
{
	unsigned g = 0;
	for (size_t i = 0; i < em->n; i++)
		g |= member_lazy(&em->m[i]);
	return g;
}

/* proc.exe / proc.args / proc.cmdline from the process map's argv bytes (NUL-separated, as
 * userspace's process table splits them: exe = argv[0], args = argv[1..] joined by ' ',
 * cmdline = comm + ' ' + args when there is an argv[1]). One bpf_loop over the bytes copied
 * into map memory; truncated or unterminated argv: UNK. Only the members that exist. */
static void put_argv_fetch(struct out *o, const struct evmembers *all)
{
	bool has[3] = {false, false, false};
	for (size_t i = 0; i < all->n; i++) {
		has[0] |= all->m[i].fid == F_PROC_EXE;
		has[1] |= all->m[i].fid == F_PROC_ARGS;
		has[2] |= all->m[i].fid == F_PROC_CMDLINE;
	}
	if (!has[0] && !has[1] && !has[2])
		return;
	put(o, "static long lnr_argv_cb(__u32 i, void *ctx)\n{\n\t(void)ctx;\n"
	       "\tstruct lnr_fv_store *st = lnr_fv_get();\n\tif (!st)\n\t\treturn 1;\n"
	       "\tstruct lnr_argv_scan *a = &st->argv;\n"
	       "\tif (i >= a->len || i >= LNR_PROC_ARGS_MAX)\n\t\treturn 1;\n"
	       "\t__u32 j = i; /* clang must not fold the mask into the bound check */\n"
	       "\tasm volatile(\"\" : \"+r\"(j));\n\tj &= LNR_PROC_ARGS_MAX - 1;\n"
	       "\tchar c = a->buf[j];\n"
	       "\tif (a->first == 0xffffffffu) {\n\t\tif (c == 0) {\n\t\t\ta->first = i;\n"
	       "\t\t\treturn 0;\n\t\t}\n");
	if (has[0])
		put(o, "\t\tst->fv.proc_exe.s[j] = c;\n");
	put(o, "\t\treturn 0;\n\t}\n\tif (i + 1 == a->len && c == 0)\n\t\treturn 1;\n"
	       "\tif (c == 0)\n\t\tc = ' ';\n");
	if (has[1])
		put(o, "\tst->fv.proc_args.s[a->nargs & 255] = c;\n");
	if (has[2])
		put(o, "\tst->fv.proc_cmdline.s[a->ncmd & 511] = c;\n");
	put(o, "\ta->nargs++;\n\ta->ncmd++;\n\treturn 0;\n}\n\n");
	put(o, "static __always_inline void lnr_get_argv(struct lnr_proc_value *pv)\n{\n"
	       "\tstruct lnr_fv_store *st = lnr_fv_get();\n\tif (!st)\n\t\treturn;\n");
	const char *names[3] = {"proc_exe", "proc_args", "proc_cmdline"};
	for (int k = 0; k < 3; k++)
		if (has[k])
			put(o, "\tst->fv.%s.st = LNR_ST_UNK;\n", names[k]);
	put(o, "\tif (!pv || pv->args_len == 0 || pv->args_len > LNR_PROC_ARGS_MAX)\n\t\treturn;\n"
	       "\tst->argv.len = pv->args_len;\n\tst->argv.first = 0xffffffffu;\n"
	       "\tst->argv.nargs = 0;\n\tst->argv.ncmd = 0;\n\tlong cn = 1;\n"
	       "\tbpf_probe_read_kernel(st->argv.buf, LNR_PROC_ARGS_MAX, pv->args);\n");
	if (has[2])
		put(o, "\tcn = bpf_probe_read_kernel_str(st->fv.proc_cmdline.s, LNR_COMM_LEN, "
		       "pv->p.comm);\n\tif (cn <= 0)\n\t\treturn;\n"
		       "\tst->fv.proc_cmdline.s[(cn - 1) & 15] = ' ';\n\tst->argv.ncmd = cn;\n");
	put(o, "\tbpf_loop(LNR_PROC_ARGS_MAX, lnr_argv_cb, 0, 0);\n"
	       "\t__u32 first = st->argv.first;\n\tif (first == 0xffffffffu)\n\t\treturn;\n");
	if (has[0])
		put(o, "\tst->fv.proc_exe.len = first & 255;\n\tst->fv.proc_exe.st = LNR_ST_OK;\n");
	put(o, "\tif (pv->p.pflags & LNR_PF_ARGS_TRUNC)\n\t\treturn;\n");
	if (has[1])
		put(o, "\tst->fv.proc_args.len = st->argv.nargs & 255;\n"
		       "\tst->fv.proc_args.st = LNR_ST_OK;\n");
	if (has[2])
		put(o, "\tst->fv.proc_cmdline.len = st->argv.len > first + 1 ? st->argv.ncmd & 511 "
		       ": (__u32)(cn - 1) & 15;\n\tst->fv.proc_cmdline.st = LNR_ST_OK;\n");
	put(o, "}\n\n");
}

static void put_fetch_member(struct out *o, int evt, const struct member *m, bool exec)
{
	const char *n = m->name;
	const char *rp = exec ? "r->p." : "r->";
	switch (m->fid) {
	case F_EVT_RAWRES:
		put(o, "\tfv->%s.v = %s;\n\tfv->%s.st = LNR_ST_OK;\n", n, exec ? "0" : "r->res", n);
		return;
	case F_EVT_FAILED:
		put(o, "\tfv->%s.v = %s;\n\tfv->%s.st = LNR_ST_OK;\n", n, exec ? "0" : "r->res < 0",
		    n);
		return;
	case F_PROC_PID:
		put(o, "\tfv->%s.v = %s;\n\tfv->%s.st = LNR_ST_OK;\n", n,
		    exec ? "r->p.pid" : "r->h.pid", n);
		return;
	case F_USER_UID:
	case F_GROUP_GID:
		put(o, "\tfv->%s.v = %s%s;\n\tfv->%s.st = LNR_ST_OK;\n", n, rp,
		    m->fid == F_USER_UID ? "uid" : "gid", n);
		return;
	case F_USER_LOGINUID:
		put(o,
		    "\tfv->%s.v = %sloginuid == 0xffffffffu ? -1 : (__s64)%sloginuid;\n"
		    "\tfv->%s.st = LNR_ST_OK;\n",
		    n, rp, rp, n);
		return;
	case F_PROC_VPID:
	case F_PROC_TTY:
	case F_PROC_PPID:
		put(o,
		    "\tfv->%s.st = pv ? LNR_ST_OK : LNR_ST_UNK;\n\tfv->%s.v = pv ? pv->p.%s : 0;\n",
		    n, n,
		    m->fid == F_PROC_VPID  ? "vpid"
		    : m->fid == F_PROC_TTY ? "tty"
					   : "ppid");
		return;
	case F_PROC_IS_EXE_WRITABLE:
	case F_PROC_IS_EXE_UPPER_LAYER:
	case F_PROC_IS_EXE_LOWER_LAYER:
	case F_PROC_IS_EXE_FROM_MEMFD:
		/* known only when judged at an exec (not for a process seeded from /proc) */
		put(o,
		    "\tfv->%s.st = pv && (pv->p.pflags & LNR_PF_EXE_KNOWN) ? LNR_ST_OK : "
		    "LNR_ST_UNK;\n\tfv->%s.v = pv ? !!(pv->p.pflags & %s) : 0;\n",
		    n, n, exe_flag_bit(m->fid));
		return;
	case F_PROC_NAME:
		put(o, "\tlnr_get_comm((void *)&fv->%s, pv);\n", n);
		return;
	case F_PROC_EXEPATH:
		put(o, "\tlnr_get_exepath((void *)&fv->%s, pv);\n", n);
		return;
	case F_CONTAINER_ID:
		put(o, "\tlnr_get_ctid((void *)&fv->%s, pv);\n", n);
		return;
	case F_PROC_ANAME:
		if (m->level == 0)
			put(o, "\tlnr_get_comm((void *)&fv->%s, pv);\n", n);
		return; /* levels >= 1: the ancestor walk */
	case F_EVT_IS_OPEN_READ:
	case F_EVT_IS_OPEN_WRITE:
		put(o, "\tfv->%s.v = lnr_open_%s(%s);\n\tfv->%s.st = LNR_ST_OK;\n", n,
		    m->fid == F_EVT_IS_OPEN_READ ? "read" : "write", open_flags_expr(evt), n);
		return;
	case F_EVT_ARG:
		if (m->kind == MK_STR) {
			const struct evt_param *ep = evt_param_by_name(evt, m->param, NULL);
			int src = param_slot_of(evt, ep);
			put(o, "\tlnr_get_param(e, %s, %d, (void *)&fv->%s, %d);\n",
			    src == PP_PATH_B || src == PP_STR_B ? "LNR_SLOT_B"
			    : src == PP_STR_A_BASE		? "LNR_SLOT_A_BASE"
								: "LNR_SLOT_A",
			    src == PP_PATH_A || src == PP_PATH_B ? 0 : 1, n, m->size);
			return;
		}
		/* the open family's flags as userspace renders them: 32 bits */
		put(o, "\tfv->%s.v = %s%s;\n\tfv->%s.st = LNR_ST_OK;\n", n,
		    open_flags_expr(evt) && !strcmp(m->param, "flags") ? "(__u32)" : "",
		    param_raw_expr(evt, m->param), n);
		return;
	case F_FD_NUM:
		put(o,
		    "\tfv->%s.v = r->fd_num;\n\tfv->%s.st = fd->have ? LNR_ST_OK : "
		    "LNR_ST_MISSING;\n",
		    n, n);
		return;
	case F_FD_NAME:
	case F_FD_NAMERAW:
	case F_FD_DIRECTORY:
	case F_FD_FILENAME:
	case F_FD_TYPE:
	case F_FD_TYPECHAR:
		put(o, "\tlnr_get_fd_%s(e, fd, (void *)&fv->%s);\n",
		    m->fid == F_FD_NAME	       ? "name"
		    : m->fid == F_FD_NAMERAW   ? "nameraw"
		    : m->fid == F_FD_DIRECTORY ? "directory"
		    : m->fid == F_FD_FILENAME  ? "filename"
		    : m->fid == F_FD_TYPE      ? "type"
					       : "typechar",
		    n);
		return;
	default:
		put(o, "\tfv->%s.st = LNR_ST_UNK;\n", n);
		return;
	}
}

/* The fetch of one event type: the path scan first (its bpf_loop is verified per incoming
 * state, so it comes before anything that branches), then the values; intermediate facts live
 * in the per-CPU map, not on the stack, so verifier states merge. */
static void put_fetch(struct out *o, int evt, const struct evmembers *em, bool exec)
{
	const char *en = evt_name(evt);
	bool need_fd = false;
	for (size_t i = 0; i < em->n; i++)
		need_fd |= is_fd_member(&em->m[i]);
	if (exec)
		put(o,
		    "static __always_inline int lnr_fetch_exec_%s(struct lnr_proc_rec *r)\n{\n"
		    "\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)\n\t\treturn -1;\n",
		    en);
	else
		put(o,
		    "static __always_inline int lnr_fetch_%s(struct lnr_ev *e)\n{\n"
		    "\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)\n\t\treturn -1;\n"
		    "\tstruct lnr_sys *r = e->rec;\n\t(void)r;\n",
		    en);
	const struct kc_event *ke = kc_event(evt);
	bool dirfd = ke && (ke->caps & KE_DIRFD);
	if (need_fd && !exec && !dirfd)
		put(o,
		    "\tstruct lnr_fdv *fd = LNR_FDV();\n\tif (!fd)\n\t\treturn -1;\n"
		    "\tlnr_fd_prepare(e, fd, %d);\n",
		    is_open_family(evt) ? 1 : 0);
	for (size_t i = 0; i < em->n; i++) {
		const struct member *m = &em->m[i];
		if (exec && (is_fd_member(m) || m->fid == F_EVT_ARG ||
			     m->fid == F_EVT_IS_OPEN_READ || m->fid == F_EVT_IS_OPEN_WRITE)) {
			/* execve/execveat have no fd; parameters are not read on this path */
			put(o, "\tfv->%s.st = %s;\n", m->name,
			    is_fd_member(m) ? "LNR_ST_MISSING" : "LNR_ST_UNK");
			continue;
		}
		if (is_fd_member(m) && dirfd)
			/* the dirfd: AT_FDCWD means no fd (missing); another fd is not described */
			put(o,
			    "\tfv->%s.st = (int)r->args[%d] == LNR_AT_FDCWD ? LNR_ST_MISSING : "
			    "LNR_ST_UNK;\n",
			    m->name, evt == EVT_symlinkat ? 1 : 0);
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
		put(o, "\tfv->lz_pid = %s; /* process values: lnr_need() */\n",
		    exec ? "r->p.pid" : "r->h.pid");
	put(o, "\tfv->lz = %uu;\n\treturn 0;\n}\n\n", lz);
}

/* lnr_need(groups): the lazily fetched values of every event type (the union of their members:
 * a member no rule of this event reads costs a copy, not a wrong answer). A global function,
 * verified once, called from the rule functions before a leaf that reads such a value. */
static void put_need(struct out *o, const struct evmembers *all)
{
	unsigned lz = members_lazy(all);
	if (!lz)
		return;
	int maxlv = 0;
	for (size_t i = 0; i < all->n; i++)
		if (all->m[i].fid == F_PROC_ANAME && all->m[i].level > maxlv)
			maxlv = all->m[i].level;
	put(o, "LNR_NOINLINE int lnr_need(__u32 want)\n{\n\tstruct lnr_fv *fv = LNR_FV();\n"
	       "\tif (!fv)\n\t\treturn 0;\n\t__u32 todo = fv->lz & want;\n"
	       "\tfv->lz &= ~todo;\n\tstruct lnr_proc_value *pv = lnr_pv_self(fv->lz_pid);\n");
	if (lz & LZ_PV) {
		struct out b = {0};
		for (size_t i = 0; i < all->n; i++)
			if (member_lazy(&all->m[i]) == LZ_PV)
				put_fetch_member(&b, EVT_COUNT, &all->m[i], false);
		put(o, "\tif (todo & LNR_LZ_PV) {\n");
		for (const char *l = b.buf; l && *l;) { /* one level deeper */
			const char *nl = strchr(l, '\n');
			size_t n = nl ? (size_t)(nl - l + 1) : strlen(l);
			put(o, "\t%.*s", (int)n, l);
			l += n;
		}
		o->oom |= b.oom;
		free(b.buf);
		put(o, "\t}\n");
	}
	if (lz & LZ_ARGV)
		put(o, "\tif (todo & LNR_LZ_ARGV)\n\t\tlnr_get_argv(pv);\n");
	if (maxlv > 0) {
		put(o, "\tif (!(todo & LNR_LZ_ANC))\n\t\treturn 0;\n"
		       "\t/* ancestors: one level at a time, only the current one kept */\n"
		       "\tstruct lnr_proc_value *a = pv;\n\t__u8 ast = pv ? LNR_ST_OK : "
		       "LNR_ST_UNK;\n");
		for (int lv = 1; lv <= maxlv; lv++) {
			put(o, "\ta = lnr_anc_next(a, &ast);\n");
			for (size_t i = 0; i < all->n; i++)
				if (all->m[i].fid == F_PROC_ANAME && all->m[i].level == lv)
					put(o, "\tlnr_get_comm_st((void *)&fv->%s, a, ast);\n",
					    all->m[i].name);
		}
	}
	put(o, "\treturn 0;\n}\n\n");
}

/* The lazy groups a leaf reads (see member_lazy). */
static unsigned leaf_lazy(const struct kpred *p, int evt)
{
	struct evmembers em = {0};
	unsigned g = collect_members(p, evt, &em) ? LZ_PV | LZ_ARGV | LZ_ANC : members_lazy(&em);
	free(em.m);
	return g;
}

/* ---- the file -------------------------------------------------------------------------------- */

static void put_header(struct emitter *em)
{
	struct out *o = &em->o;
	const struct emit_opts *op = em->opts;
	put(o, "// SPDX-License-Identifier: GPL-2.0\n");
	put(o, "/* Generated by %s: in-kernel rule filters. DO NOT EDIT.\n *\n",
	    op->generator ? op->generator : LANNER_GEN_VERSION);
	put(o, " * Rules files:");
	for (size_t i = 0; i < op->nsources; i++) {
		put(o, " ");
		put_comment_text(o, op->sources[i]);
	}
	put(o, "\n * Source hash (SHA-256): %s\n", op->source_hash ? op->source_hash : "-");
	put(o, " * rule_matching: %s\n", op->matching == MATCH_ALL ? "all" : "first");
	put(o,
	    " *\n"
	    " * Per event type: lnr_fetch_<evt> reads the values its rules test once into the\n"
	    " * per-CPU struct lnr_fv, then the rules run in evaluation order, each a function\n"
	    " * lnr_r<k> (shared by the event types where its kernel part is the same) returning\n"
	    " * LNR_F / LNR_T / LNR_U (Kleene logic, rules/rt.h); lnr_rules_<evt> records the\n"
	    " * verdict in the record header and drops the event when every rule is FALSE.\n"
	    " * UNKNOWN ships the event: userspace re-evaluates the rule's full condition.\n */\n");
}

/* The function index for this (event, rule): bodies identical across event types share one. */
static int rule_function(struct emitter *em, const struct pd_event *ev, size_t i)
{
	const struct pd_entry *pe = &ev->entries[i];
	em->nvar = 0;
	struct out keep = em->o;
	em->o = (struct out){0};
	put(&em->o, "/* rule %zu: \"", pe->rule_index);
	put_comment_text(&em->o, pe->rule->name);
	put(&em->o, "\"\n *   kernel part: ");
	char *kt = kpred_print(pe->pred);
	put_comment_text(&em->o, kt ? kt : "?");
	free(kt);
	put(&em->o, "\n *   %s */\n",
	    pe->exact		  ? "decided wholly in the kernel"
	    : pe->fully_in_kernel ? "decided in the kernel when the values are whole"
				  : "UNKNOWN parts are decided in userspace");
	put(&em->o, "LNR_NOINLINE int lnr_r@@(void)\n{\n");
	put(&em->o, "\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)\n\t\treturn LNR_U;\n");
	put(&em->o, "\t(void)fv;\n\t__s8 v0;\n");
	put_pred(em, ev->evt, pe->pred, 0, 1);
	put(&em->o, "\treturn v0;\n}\n\n");
	struct out body = em->o;
	em->o = keep;
	if (body.oom || !body.buf) {
		free(body.buf);
		em->o.oom = true;
		return -1;
	}
	for (size_t k = 0; k < em->nfn; k++)
		if (!strcmp(em->fn_bodies[k], body.buf)) {
			free(body.buf);
			return (int)k;
		}
	char **t = realloc(em->fn_bodies, (em->nfn + 1) * sizeof(char *));
	if (!t) {
		free(body.buf);
		em->o.oom = true;
		return -1;
	}
	em->fn_bodies = t;
	em->fn_bodies[em->nfn] = body.buf;
	/* callbacks first: the rule function uses them */
	if (em->cbs.len)
		put(&em->o, "%s", em->cbs.buf);
	em->cbs.len = 0;
	if (em->cbs.buf)
		em->cbs.buf[0] = 0;
	const char *at = strstr(body.buf, "lnr_r@@");
	/* a rule function no kernel filter calls (dispatched, or after an UNKNOWN) is compiled
	 * for the host only: the differential test calls every one */
	put(&em->o, "#ifndef LNR_R%zu_UNUSED\n%.*slnr_r%zu%s#endif\n\n", em->nfn,
	    (int)(at - body.buf), body.buf, em->nfn, at + 7);
	return (int)em->nfn++;
}

/* ---- dispatch -------------------------------------------------------------------------------- */

/* Rule sets with many rules of the form `fd.name = <path>` (one per watched file) cost one rule
 * call per rule per event. When at least LNR_DISPATCH_MIN rules of an event type test fd.name
 * against constants of their own, one hash lookup of fd.name (map: constant -> 1 + the rule's
 * position) names the only rule of the group that can be TRUE; the others are FALSE without a
 * call. Sound only on a whole value: MISSING makes every such test FALSE (no hit), any other
 * state ships the event for userspace to decide. */
#define LNR_DISPATCH_MIN 8

static bool dispatch_key(const struct kpred *p, int evt)
{
	if (p->kind != KP_LEAF)
		return false;
	const struct ast *c = p->check;
	if ((c->op != OP_EQ && c->op != OP_IN) || c->mod != MOD_NONE)
		return false;
	if (p->leaf.verdict != KC_EXACT && p->leaf.verdict != KC_NARROW)
		return false;
	if (p->leaf.cap && p->leaf.cap->src == KS_ANCESTOR && p->leaf.ancestor < 0)
		return false;
	struct member m;
	if (!leaf_member(p, evt, &m) || m.fid != F_FD_NAME || m.kind != MK_STR)
		return false;
	size_t n = kc_rhs_count(c);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		if (!a || an + 1 > LANNER_MAX_SET_KEY || an + 1 > (size_t)m.size ||
		    memchr(a, 0, an))
			return false;
	}
	return true;
}

/* The entry's key test, if any: the whole kernel part, or an operand of its top AND. */
static const struct kpred *entry_key(const struct kpred *pred, int evt, bool *pure)
{
	*pure = dispatch_key(pred, evt);
	if (*pure)
		return pred;
	if (pred->kind == KP_AND)
		for (size_t i = 0; i < pred->nkids; i++)
			if (dispatch_key(pred->kids[i], evt))
				return pred->kids[i];
	return NULL;
}

struct dconst {
	const char *s;
	size_t len, pos;
};

static int dconst_cmp(const void *a, const void *b)
{
	const struct dconst *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Plans ev's dispatch into pl; adds the map's metadata (or reuses an identical map). */
static int plan_dispatch(struct emitter *em, const struct pd_event *ev, struct dplan *pl)
{
	size_t ne = ev->nentries;
	memset(pl, 0, sizeof(*pl));
	if (ne < LNR_DISPATCH_MIN)
		return 0;
	pl->grp = calloc(ne, sizeof(bool));
	pl->pure = calloc(ne, sizeof(bool));
	const struct kpred **key = calloc(ne, sizeof(*key));
	size_t nc = 0;
	for (size_t i = 0; key && i < ne; i++)
		if ((key[i] = entry_key(ev->entries[i].pred, ev->evt, &pl->pure[i])))
			nc += kc_rhs_count(key[i]->check);
	struct dconst *dc = calloc(nc + 1, sizeof(*dc));
	if (!pl->grp || !pl->pure || !key || !dc) {
		free(key);
		free(dc);
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < ne; i++) {
		if (!key[i])
			continue;
		pl->grp[i] = true;
		for (size_t j = 0; j < kc_rhs_count(key[i]->check); j++, k++) {
			dc[k].s = kc_rhs_str(key[i]->check, j, &dc[k].len);
			dc[k].pos = i;
		}
	}
	/* a constant of two rules cannot name one: both leave the group */
	qsort(dc, nc, sizeof(*dc), dconst_cmp);
	for (size_t j = 1; j < nc; j++)
		if (dc[j].len == dc[j - 1].len && !memcmp(dc[j].s, dc[j - 1].s, dc[j].len) &&
		    dc[j].pos != dc[j - 1].pos)
			pl->grp[dc[j].pos] = pl->grp[dc[j - 1].pos] = false;
	size_t maxl = 0, nitems = 0;
	for (size_t i = 0; i < ne; i++)
		pl->n += pl->grp[i];
	for (size_t j = 0; j < nc; j++)
		if (pl->grp[dc[j].pos]) {
			nitems++;
			if (dc[j].len > maxl)
				maxl = dc[j].len;
		}
	int rc = 0;
	if (pl->n < LNR_DISPATCH_MIN) {
		pl->n = 0;
		goto out;
	}
	pl->ks = (uint32_t)((maxl + 1 + 7) / 8 * 8);
	/* the signature: key size, then every (position, constant) in position order */
	struct out sig = {0};
	put(&sig, "%u", pl->ks);
	for (size_t i = 0; i < ne; i++) {
		if (!pl->grp[i])
			continue;
		for (size_t j = 0; j < kc_rhs_count(key[i]->check); j++) {
			size_t an;
			const char *a = kc_rhs_str(key[i]->check, j, &an);
			put(&sig, "\n%zu:%.*s", i, (int)an, a);
		}
	}
	if (sig.oom || !sig.buf) {
		free(sig.buf);
		rc = -1;
		goto out;
	}
	for (size_t d = 0; d < em->ndsig; d++)
		if (!strcmp(em->dsigs[d], sig.buf)) {
			snprintf(pl->name, sizeof(pl->name), "lnr_d%zu", d);
			free(sig.buf);
			goto out;
		}
	char **ns = realloc(em->dsigs, (em->ndsig + 1) * sizeof(char *));
	struct meta_map *nm = realloc(em->dmaps, (em->ndmaps + pl->n) * sizeof(*nm));
	if (ns)
		em->dsigs = ns;
	if (nm)
		em->dmaps = nm;
	if (!ns || !nm) {
		free(sig.buf);
		rc = -1;
		goto out;
	}
	snprintf(pl->name, sizeof(pl->name), "lnr_d%zu", em->ndsig);
	em->dsigs[em->ndsig++] = sig.buf;
	for (size_t i = 0; i < ne; i++) {
		if (!pl->grp[i])
			continue;
		size_t n = kc_rhs_count(key[i]->check);
		struct meta_map *m = &em->dmaps[em->ndmaps];
		memset(m, 0, sizeof(*m));
		m->name = strdup(pl->name);
		m->kind = MM_HASH_EXACT;
		m->key_size = pl->ks;
		m->value = (uint32_t)(i + 1);
		m->items = calloc(n + 1, sizeof(char *));
		m->nitems = n;
		em->ndmaps++;
		if (!m->name || !m->items) {
			rc = -1;
			goto out;
		}
		for (size_t j = 0; j < n; j++) {
			size_t an;
			const char *a = kc_rhs_str(key[i]->check, j, &an);
			if (!(m->items[j] = strndup(a, an))) {
				rc = -1;
				goto out;
			}
		}
	}
	/* the map's declaration: total items over every entry of this map */
	(void)nitems;
out:
	free(key);
	free(dc);
	return rc;
}

/* The close gate: when every rule on close needs fd.name to be one of its constants (each has
 * a dispatch key test), close's entry compares the file's own name (its dentry's) with their
 * last components and drops the close of any other file before walking its path
 * (sensor.bpf.c LNR_CLOSE_GATE). Up to LNR_CLOSE_GATE_INLINE names are compared inline, more
 * are looked up in a hash map the loader fills. Not emitted when a constant's last component
 * is empty or LNR_CLOSE_GATE_MAX bytes or longer. */
#define LNR_CLOSE_GATE_MAX    64
#define LNR_CLOSE_GATE_INLINE 16

static void put_close_gate(struct emitter *em)
{
	const struct pd_event *ev = NULL;
	for (size_t e = 0; e < em->pd->nevents; e++)
		if (em->pd->events[e].evt == EVT_close)
			ev = &em->pd->events[e];
	if (!ev || !ev->nentries)
		return;
	size_t cap = 0, nn = 0;
	for (size_t i = 0; i < ev->nentries; i++) {
		bool pure;
		const struct kpred *k = entry_key(ev->entries[i].pred, ev->evt, &pure);
		if (!k)
			return;
		cap += kc_rhs_count(k->check);
	}
	const char **names = calloc(cap + 1, sizeof(char *));
	size_t *lens = calloc(cap + 1, sizeof(size_t));
	if (!names || !lens)
		goto out;
	for (size_t i = 0; i < ev->nentries; i++) {
		bool pure;
		const struct kpred *k = entry_key(ev->entries[i].pred, ev->evt, &pure);
		for (size_t j = 0; j < kc_rhs_count(k->check); j++) {
			size_t an;
			const char *a = kc_rhs_str(k->check, j, &an);
			if (an == 0 || a[0] != '/')
				continue; /* never equal to an absolute fd.name */
			const char *b = a + an;
			while (b > a && b[-1] != '/')
				b--;
			size_t bl = (size_t)(a + an - b);
			if (bl == 0 || bl >= LNR_CLOSE_GATE_MAX)
				goto out;
			bool dup = false;
			for (size_t q = 0; q < nn && !dup; q++)
				dup = lens[q] == bl && !memcmp(names[q], b, bl);
			if (!dup) {
				names[nn] = b;
				lens[nn++] = bl;
			}
		}
	}
	struct out *o = &em->o;
	bool map = nn > LNR_CLOSE_GATE_INLINE;
	size_t ks = 8; /* the map's key: the longest name + NUL, in whole words (less to hash) */
	for (size_t q = 0; q < nn; q++)
		if ((lens[q] + 1 + 7) / 8 * 8 > ks)
			ks = (lens[q] + 1 + 7) / 8 * 8;
	if (map) {
		struct meta_map *t = realloc(em->dmaps, (em->ndmaps + 1) * sizeof(*t));
		if (!t)
			goto out;
		em->dmaps = t;
		struct meta_map *m = &em->dmaps[em->ndmaps++];
		memset(m, 0, sizeof(*m));
		m->name = strdup("lnr_close_names");
		m->kind = MM_HASH_EXACT;
		m->key_size = (uint32_t)ks;
		m->value = 1;
		m->items = calloc(nn + 1, sizeof(char *));
		m->nitems = nn;
		if (!m->name || !m->items)
			goto out;
		for (size_t q = 0; q < nn; q++)
			if (!(m->items[q] = strndup(names[q], lens[q])))
				goto out;
		put(o,
		    "/* lnr_close_names: the %zu last components, filled by the loader */\n"
		    "struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__uint(max_entries, %zu);\n"
		    "\t__type(key, char[%zu]);\n\t__type(value, __u32);\n} lnr_close_names "
		    "SEC(\".maps\");\n",
		    nn, nn, ks);
	}
	put(o,
	    "/* close: every rule needs fd.name to be a file named as below; close's entry drops\n"
	    " * the close of any other file before walking its path (sensor.bpf.c) */\n"
	    "#define LNR_CLOSE_GATE 1\n#define LNR_CLOSE_GATE_MAX %d\n"
	    "/* a global function: verified once, not along every path of the entry program */\n"
	    "LNR_NOINLINE int lnr_close_gate_name(__u64 name, __u32 n)\n{\n"
	    "\tchar b[LNR_CLOSE_GATE_MAX] __attribute__((aligned(8)));\n\tif (n >= "
	    "LNR_CLOSE_GATE_MAX)\n\t\treturn 0;\n"
	    "\t__builtin_memset(b, 0, sizeof(b));\n"
	    "\tasm volatile(\"\" : \"+r\"(n)); /* keep the mask below for the verifier */\n"
	    "\tif (bpf_probe_read_kernel(b, n & (LNR_CLOSE_GATE_MAX - 1), (const void *)name))\n"
	    "\t\treturn 1; /* unreadable: walk as usual */\n",
	    LNR_CLOSE_GATE_MAX);
	if (map) {
		put(o,
		    "\tif (n >= %zu)\n\t\treturn 0; /* longer than every name */\n"
		    "\treturn bpf_map_lookup_elem(&lnr_close_names, b) != 0; /* its first %zu "
		    "bytes */\n}\n\n",
		    ks, ks);
		goto out;
	}
	/* whole 8-byte words of the zero-padded name (little-endian): a byte-by-byte chain would
	 * give the verifier a path per combination of byte outcomes */
	put(o, "\tconst __u64 *w = (const __u64 *)b;\n");
	for (size_t q = 0; q < nn; q++) {
		put(o, "\tif (n == %zu", lens[q]);
		for (size_t c = 0; c < lens[q]; c += 8) {
			unsigned long long v = 0;
			for (size_t k = 0; k < 8 && c + k < lens[q]; k++)
				v |= (unsigned long long)(unsigned char)names[q][c + k] << (8 * k);
			put(o, " && w[%zu] == 0x%llxULL", c / 8, v);
		}
		put(o, ") /* ");
		for (size_t c = 0; c < lens[q]; c++)
			put(o, "%c",
			    names[q][c] >= 0x20 && names[q][c] < 0x7f && names[q][c] != '*'
				    ? names[q][c]
				    : '?');
		put(o, " */\n\t\treturn 1;\n");
	}
	put(o, "\treturn 0;\n}\n\n");
out:
	free(names);
	free(lens);
}

static void put_dispatch_maps(struct emitter *em)
{
	struct out *o = &em->o;
	for (size_t d = 0; d < em->ndsig; d++) {
		char name[32];
		snprintf(name, sizeof(name), "lnr_d%zu", d);
		size_t items = 0, rules = 0;
		uint32_t ks = 0;
		for (size_t i = 0; i < em->ndmaps; i++)
			if (!strcmp(em->dmaps[i].name, name)) {
				items += em->dmaps[i].nitems;
				ks = em->dmaps[i].key_size;
				rules++;
			}
		put(o,
		    "/* %s: fd.name -> 1 + the position of the one rule (of %zu) testing it, "
		    "filled "
		    "by the loader */\n#if !defined(LNR_HOST) && (!defined(LNR_PART) || LNR_PART "
		    "== 1)\nstruct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__uint(max_entries, "
		    "%zu);\n\t__type(key, char[%u]);\n\t__type(value, __u32);\n} %s "
		    "SEC(\".maps\");\n#endif\n\n",
		    name, rules, items ? items : 1, ks, name);
	}
}

/* The group's hit: the rule at position hit-1 is the only one of the group that can match. */
static void put_hit(struct emitter *em, const struct pd_event *ev, const int *fn,
		    const struct dplan *pl, const char *ind)
{
	struct out *o = &em->o;
	int first = em->opts->matching == MATCH_FIRST;
	bool all_pure = true;
	for (size_t i = 0; i < ev->nentries; i++)
		if (pl->grp[i] && !pl->pure[i])
			all_pure = false;
	if (all_pure) {
		put(o, "%slnr_verdict_add(v, (__s32)hit - 1, LNR_T, %d);\n", ind, first);
		return;
	}
	put(o, "%sswitch (hit - 1) {\n", ind);
	for (size_t i = 0; i < ev->nentries; i++) {
		if (!pl->grp[i] || pl->pure[i])
			continue;
		put(o, "%scase %zu: /* ", ind, i);
		put_comment_text(o, ev->entries[i].rule->name);
		put(o, " */\n%s\tlnr_verdict_add(v, %zu, (__s8)lnr_r%d(), %d);\n%s\tbreak;\n", ind,
		    i, fn[i], first, ind);
		em->fn_used[fn[i]] = true;
	}
	put(o, "%sdefault: /* the test is the whole kernel part: TRUE */\n", ind);
	put(o, "%s\tlnr_verdict_add(v, (__s32)hit - 1, LNR_T, %d);\n%s}\n", ind, first, ind);
}

static void put_filter(struct emitter *em, const struct pd_event *ev, const int *fn,
		       const struct dplan *pl, bool exec)
{
	struct out *o = &em->o;
	const char *en = evt_name(ev->evt);
	const char *unk = exec ? "{\n\t\tlnr_verdict_all_unknown(&r->h);\n\t\treturn;\n\t}"
			       : "\n\t\treturn lnr_verdict_all_unknown(&e->rec->h);";
	if (exec)
		put(o,
		    "static __always_inline void lnr_rules_exec_%s(struct lnr_proc_rec *r)\n{\n"
		    "\tif (lnr_fetch_exec_%s(r))\n\t\treturn;\n",
		    en, en);
	else
		put(o,
		    "static __always_inline int lnr_rules_%s(struct lnr_ev *e)\n{\n"
		    "\tif (lnr_fetch_%s(e)) /* no scratch: ship, userspace decides */\n"
		    "\t\treturn lnr_verdict_all_unknown(&e->rec->h);\n",
		    en, en);
	/* the verdict lives in map memory: kept on the stack, its per-path constants would
	 * multiply the verifier's states with every rule */
	put(o, "\tstruct lnr_verdict *v = LNR_VERDICT();\n\tif (!v)%s\n\tlnr_verdict_init(v);\n",
	    unk);
	if (pl->n) {
		put(o,
		    "\t/* %zu rules test fd.name = <constant> (constants of their own): %s names "
		    "the\n\t * only one that can match (0: none; value not whole: userspace "
		    "decides) */\n\tstruct lnr_fv *fv = LNR_FV();\n\tif (!fv)%s\n"
		    "\tlong hit = LNR_DISPATCH(&%s, %u, &fv->fd_name);\n\tif (hit < 0)%s\n",
		    pl->n, pl->name, unk, pl->name, pl->ks, unk);
	}
	bool pending = false; /* group positions passed since the last flush */
	bool any = false, jumps = false;
	for (size_t i = 0; i < ev->nentries; i++) {
		if (pl->n && pl->grp[i]) {
			pending = true;
			continue;
		}
		if (any) {
			put(o, "\tif (v->stop)\n\t\tgoto done;\n");
			jumps = true;
		}
		if (pending) {
			put(o, "\tif (hit > 0 && hit <= %zu) {\n", i);
			put_hit(em, ev, fn, pl, "\t\t");
			put(o, "\t\thit = 0;\n\t\tif (v->stop)\n\t\t\tgoto done;\n\t}\n");
			pending = false;
			jumps = true;
		}
		put(o, "\t/* %zu: ", i);
		put_comment_text(o, ev->entries[i].rule->name);
		const struct kpred *kp = ev->entries[i].pred;
		if (kp->kind == KP_CONST && kp->value == TV_UNKNOWN) {
			/* nothing of it is known here: userspace evaluates it; the later rules'
			 * kernel parts still run (each rule's verdict is its own) */
			put(o, ": decided in userspace */\n\tlnr_verdict_add(v, %zu, LNR_U, %d);\n",
			    i, em->opts->matching == MATCH_FIRST);
			any = true;
			continue;
		}
		put(o, " */\n");
		put(o, "\tlnr_verdict_add(v, %zu, (__s8)lnr_r%d(), %d);\n", i, fn[i],
		    em->opts->matching == MATCH_FIRST);
		em->fn_used[fn[i]] = true;
		any = true;
	}
	if (pending) {
		if (any) {
			put(o, "\tif (v->stop)\n\t\tgoto done;\n");
			jumps = true;
		}
		put(o, "\tif (hit > 0) {\n");
		put_hit(em, ev, fn, pl, "\t\t");
		put(o, "\t}\n");
	}
	if (jumps)
		put(o, "done:\n");
	if (exec)
		put(o, "\tlnr_verdict_store(&r->h, v);\n}\n\n");
	else
		put(o, "\treturn lnr_verdict_store(&e->rec->h, v);\n}\n\n");
}

static void put_host_tables(struct emitter *em, const struct evmembers *all, int **fns)
{
	struct out *o = &em->o;
	const struct pushdown *pd = em->pd;
	put(o, "#ifdef LNR_HOST\n/* ---- host tables (tests/diff) ---- */\n");
	put(o, "static const struct lnr_host_member lnr_host_members[] = {\n");
	for (size_t i = 0; i < all->n; i++) {
		const struct member *m = &all->m[i];
		put(o, "\t{%d, %d, %d, %d, offsetof(struct lnr_fv, %s), \"%s\"},\n", (int)m->fid,
		    m->level, m->kind == MK_STR, m->size, m->name, m->param ? m->param : "");
	}
	put(o, "\t{-1, 0, 0, 0, 0, \"\"},\n};\n");
	put(o, "static const struct lnr_host_rule lnr_host_rules[] = {\n");
	for (size_t e = 0; e < pd->nevents; e++) {
		const struct pd_event *ev = &pd->events[e];
		for (size_t i = 0; i < ev->nentries; i++)
			put(o, "\t{%d, %zu, %zu, lnr_r%d},\n", ev->evt, i,
			    ev->entries[i].rule_index, fns[e][i]);
	}
	put(o, "\t{-1, 0, 0, 0},\n};\n");
	put(o, "static struct lnr_host_set *const lnr_host_map_list[] = {\n");
	for (size_t i = 0; i < em->nmaps; i++)
		put(o, "\t&%s,\n", em->maps[i].name);
	put(o, "\t0,\n};\n#endif\n");
}

static void put_maps(struct emitter *em)
{
	struct out *o = &em->o;
	for (size_t i = 0; i < em->nmaps; i++) {
		const struct meta_map *m = &em->maps[i];
		put(o, "/* %s: %zu items (%s), filled by the loader from the bundle metadata */\n",
		    m->name, m->nitems,
		    m->kind == MM_HASH_EXACT   ? "exact strings"
		    : m->kind == MM_LPM_PREFIX ? "prefixes"
					       : "reversed suffixes");
		put(o, "#ifndef LNR_HOST\n#if !defined(LNR_PART) || LNR_PART == 2\n");
		if (m->kind == MM_HASH_EXACT)
			put(o,
			    "struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__uint(max_entries, "
			    "%zu);\n\t__type(key, char[%u]);\n\t__type(value, __u32);\n} %s "
			    "SEC(\".maps\");\n",
			    m->nitems ? m->nitems : 1, m->key_size, m->name);
		else
			put(o,
			    "struct {\n\t__uint(type, "
			    "BPF_MAP_TYPE_LPM_TRIE);\n\t__uint(max_entries, "
			    "%zu);\n\t__uint(map_flags, BPF_F_NO_PREALLOC);\n\t__type(key, "
			    "struct { __u32 prefixlen; char d[%u]; });\n\t__type(value, __u32);\n} "
			    "%s SEC(\".maps\");\n",
			    m->nitems ? m->nitems : 1, m->key_size - 4, m->name);
		put(o, "#endif\n#else\nstatic const char *const %s_items[] = {\n", m->name);
		for (size_t k = 0; k < m->nitems; k++) {
			put(o, "\t\"");
			for (const char *c = m->items[k]; *c; c++) {
				unsigned char ch = (unsigned char)*c;
				if (ch == '"' || ch == '\\')
					put(o, "\\%c", ch);
				else if (ch >= 0x20 && ch < 0x7f)
					put(o, "%c", ch);
				else
					put(o, "\\%03o", ch);
			}
			put(o, "\",\n");
		}
		put(o, "\t0,\n};\nstatic struct lnr_host_set %s = {%s_items, %u, %d};\n#endif\n\n",
		    m->name, m->name, m->key_size, (int)m->kind);
	}
}

static void free_maps(struct meta_map *maps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(maps[i].name);
		for (size_t k = 0; k < maps[i].nitems; k++)
			free(maps[i].items[k]);
		free(maps[i].items);
	}
	free(maps);
}

int emit_c(const struct pushdown *pd, const struct emit_opts *opts, struct emit_result *out)
{
	struct emitter em = {0};
	em.pd = pd;
	em.opts = opts;
	memset(out, 0, sizeof(*out));
	evtset_none(&out->events);
	int rc = -1;
	struct evmembers all = {0};
	struct out rules = {0}, filters = {0};
	struct evmembers *mems = calloc(pd->nevents + 1, sizeof(*mems));
	int **fns = calloc(pd->nevents + 1, sizeof(int *));
	if (!mems || !fns)
		goto done;
	for (size_t e = 0; e < pd->nevents; e++) {
		const struct pd_event *ev = &pd->events[e];
		for (size_t i = 0; i < ev->nentries; i++)
			if (collect_members(ev->entries[i].pred, ev->evt, &mems[e]) ||
			    collect_members(ev->entries[i].pred, ev->evt, &all))
				goto done;
		if (mems[e].n)
			qsort(mems[e].m, mems[e].n, sizeof(struct member), member_cmp);
		evtset_set(&out->events, ev->evt);
	}
	if (all.n)
		qsort(all.m, all.n, sizeof(struct member), member_cmp);

	/* rule functions first (into a side buffer): they decide which maps exist */
	for (size_t e = 0; e < pd->nevents; e++) {
		const struct pd_event *ev = &pd->events[e];
		fns[e] = calloc(ev->nentries + 1, sizeof(int));
		if (!fns[e])
			goto done;
		for (size_t i = 0; i < ev->nentries; i++)
			if ((fns[e][i] = rule_function(&em, ev, i)) < 0)
				goto done;
	}
	rules = em.o;
	em.o = (struct out){0};
	em.plans = calloc(pd->nevents + 1, sizeof(*em.plans));
	if (!em.plans)
		goto done;
	for (size_t e = 0; e < pd->nevents; e++)
		if (plan_dispatch(&em, &pd->events[e], &em.plans[e]))
			goto done;

	put_header(&em);
	put(&em.o,
	    "\n#ifndef LNR_HOST\n"
	    "/* BPF_PROG declares every tracepoint argument; not all programs use them */\n"
	    "#pragma clang diagnostic ignored \"-Wunused-parameter\"\n#include \"vmlinux.h\"\n"
	    "#include <bpf/bpf_helpers.h>\n#include <bpf/bpf_tracing.h>\n"
	    "#include <bpf/bpf_core_read.h>\n#include <bpf/bpf_endian.h>\n"
	    "#if !defined(LNR_PART) || LNR_PART != 2\n#include \"helpers/store.h\"\n#endif\n"
	    "#endif\n#include \"rules/rt.h\"\n\n");
	put(&em.o,
	    "/* ---- the values the rules read, filled once per event (rules/rt.h states) ---- "
	    "*/\nstruct lnr_fv {\n");
	for (size_t i = 0; i < all.n; i++) {
		const struct member *m = &all.m[i];
		if (m->kind == MK_NUM)
			put(&em.o, "\tstruct lnr_num %s;\n", m->name);
		else
			put(&em.o, "\tLNR_STR(%d) %s;\n", m->size, m->name);
	}
	put(&em.o, "\t__u32 lz;     /* value groups not fetched yet (LNR_LZ_*, lnr_need) */\n"
		   "\t__u32 lz_pid; /* whose process values they are */\n");
	put(&em.o,
	    "\t__s8 k; /* LNR_K: Kleene values pass through here */\n};\n"
	    "#define LNR_LZ_PV %d\n#define LNR_LZ_ARGV %d\n#define LNR_LZ_ANC %d\n",
	    LZ_PV, LZ_ARGV, LZ_ANC);
	put(&em.o, "#include \"rules/kernel.h\"\n#include \"rules/strings.h\"\n"
		   "#include \"rules/dispatch.h\"\n\n");
	put_maps(&em);
	put_dispatch_maps(&em);
	put(&em.o, "#if !defined(LNR_HOST) && (!defined(LNR_PART) || LNR_PART == 1)\n"
		   "/* ---- fetch: once per event ---- */\n");
	put_argv_fetch(&em.o, &all);
	put_need(&em.o, &all);
	for (size_t e = 0; e < pd->nevents; e++) {
		put_fetch(&em.o, pd->events[e].evt, &mems[e], false);
		if (pd->events[e].evt == EVT_execve || pd->events[e].evt == EVT_execveat)
			put_fetch(&em.o, pd->events[e].evt, &mems[e], true);
	}
	put(&em.o, "#endif\n\n/* ---- rules: one function per distinct kernel part ---- */\n"
		   "#if !defined(LNR_PART) || LNR_PART == 2\n\n");
	if (members_lazy(&all))
		put(&em.o, "#if defined(LNR_HOST)\n/* the host sets every value itself: nothing is "
			   "pending */\nstatic int lnr_need(__u32 want)\n{\n\t(void)want;\n"
			   "\treturn 0;\n}\n#elif defined(LNR_PART)\nint lnr_need(__u32 want);\n"
			   "#endif\n\n");
	/* the filters first, into a side buffer: they decide which rule functions are called */
	em.fn_used = calloc(em.nfn + 1, sizeof(bool));
	if (!em.fn_used)
		goto done;
	struct out head = em.o;
	em.o = (struct out){0};
	bool has_exec[2] = {false, false};
	for (size_t e = 0; e < pd->nevents; e++) {
		put_filter(&em, &pd->events[e], fns[e], &em.plans[e], false);
		if (pd->events[e].evt == EVT_execve || pd->events[e].evt == EVT_execveat) {
			put_filter(&em, &pd->events[e], fns[e], &em.plans[e], true);
			has_exec[pd->events[e].evt == EVT_execveat] = true;
		}
	}
	filters = em.o;
	em.o = head;
	/* the leaves the called rule functions call (by name in their bodies) */
	bool *leaf_used = calloc(em.nleaf + 1, sizeof(bool));
	if (!leaf_used)
		goto done;
	for (size_t k = 0; k < em.nfn; k++)
		for (const char *c = em.fn_used[k] ? em.fn_bodies[k] : "";
		     (c = strstr(c, "lnr_l"));) {
			char *end;
			unsigned long l = strtoul(c + 5, &end, 10);
			if (end != c + 5 && *end == '(' && l < em.nleaf)
				leaf_used[l] = true;
			c += 5;
		}
	size_t nunused = 0;
	for (size_t k = 0; k < em.nfn; k++)
		nunused += !em.fn_used[k];
	for (size_t k = 0; k < em.nleaf; k++)
		nunused += !leaf_used[k];
	if (nunused) {
		put(&em.o,
		    "#ifndef LNR_HOST /* rule and leaf functions no filter calls: host build "
		    "only */\n");
		for (size_t k = 0; k < em.nfn; k++)
			if (!em.fn_used[k])
				put(&em.o, "#define LNR_R%zu_UNUSED 1\n", k);
		for (size_t k = 0; k < em.nleaf; k++)
			if (!leaf_used[k])
				put(&em.o, "#define LNR_L%zu_UNUSED 1\n", k);
		put(&em.o, "#endif\n\n");
	}
	free(leaf_used);
	put(&em.o, "%s", rules.buf ? rules.buf : "");
	put(&em.o, "#else\n");
	for (size_t k = 0; k < em.nfn; k++)
		put(&em.o, "int lnr_r%zu(void);\n", k);
	put(&em.o, "#endif\n\n#if !defined(LNR_HOST) && (!defined(LNR_PART) || LNR_PART == 1)\n"
		   "/* ---- per-event filters, called from LNR_END ---- */\n");
	put(&em.o, "%s", filters.buf ? filters.buf : "");
	em.o.oom |= filters.oom;
	/* event types without rules are never enabled; their filter drops everything */
	put(&em.o, "#define LNR_RULES_NONE(name) \\\n\tstatic __always_inline int "
		   "lnr_rules_##name(struct lnr_ev *e) { (void)e; return 0; }\n");
	for (int id = 0; id < EVT_COUNT; id++) {
		const struct evt_info *ei = evt_info(id);
		if (evtset_test(&out->events, id) || !ei || !ei->sysname || ei->nr < 0)
			continue;
		put(&em.o, "LNR_RULES_NONE(%s)\n", ei->sysname);
	}
	put(&em.o,
	    "\nstatic __always_inline void lnr_rules_exec(__u16 evt, struct lnr_proc_rec *r)\n"
	    "{\n\tr->h.v_state = LNR_V_NONE;\n");
	if (has_exec[0])
		put(&em.o, "\tif (evt == LNR_EVT_execve)\n\t\tlnr_rules_exec_execve(r);\n");
	if (has_exec[1])
		put(&em.o, "\tif (evt == LNR_EVT_execveat)\n\t\tlnr_rules_exec_execveat(r);\n");
	put(&em.o, "\t(void)evt;\n}\n\n");
	put(&em.o, "#undef LNR_RULES_HOOK\n"
		   "#define LNR_RULES_HOOK(name, e) \\\n\tdo { \\\n\t\tif (!lnr_rules_##name(e)) { "
		   "\\\n\t\t\tLNR_COUNT(filtered); \\\n\t\t\treturn 0; \\\n\t\t} "
		   "\\\n\t} while (0)\n"
		   "#define LNR_EXEC_RULES_HOOK(evt, rec) lnr_rules_exec(evt, rec)\n\n");
	put_close_gate(&em);
	put(&em.o, "/* only the exit programs of event types with rules (syscalls/all.h) */\n"
		   "#define LNR_SELECT 1\n");
	for (size_t e = 0; e < pd->nevents; e++) {
		const struct evt_info *ei = evt_info(pd->events[e].evt);
		if (ei && ei->sysname)
			put(&em.o, "#define LNR_WANT_%s 1\n", ei->sysname);
	}
	put(&em.o, "#include \"sensor.bpf.c\"\n#endif\n\n");
	put_host_tables(&em, &all, fns);
	if (em.o.oom)
		goto done;
	out->text = em.o.buf;
	em.o.buf = NULL;
	if (em.ndmaps) { /* the dispatch maps' entries after the set maps */
		struct meta_map *t = realloc(em.maps, (em.nmaps + em.ndmaps) * sizeof(*t));
		if (!t)
			goto done;
		em.maps = t;
		memcpy(em.maps + em.nmaps, em.dmaps, em.ndmaps * sizeof(*t));
		em.nmaps += em.ndmaps;
		free(em.dmaps);
		em.dmaps = NULL;
		em.ndmaps = 0;
	}
	out->maps = em.maps;
	out->nmaps = em.nmaps;
	em.maps = NULL;
	em.nmaps = 0;
	rc = 0;
done:
	for (size_t e = 0; mems && e < pd->nevents; e++)
		free(mems[e].m);
	free(mems);
	for (size_t e = 0; fns && e < pd->nevents; e++)
		free(fns[e]);
	free(fns);
	free(all.m);
	free(rules.buf);
	free(filters.buf);
	free(em.fn_used);
	free(em.o.buf);
	free(em.cbs.buf);
	for (int i = 0; i < em.ncb; i++)
		free(em.cb_keys[i]);
	free(em.cb_keys);
	free(em.cb_keylen);
	for (size_t k = 0; k < em.nfn; k++)
		free(em.fn_bodies[k]);
	free(em.fn_bodies);
	for (size_t k = 0; k < em.nleaf; k++)
		free(em.leaf_bodies[k]);
	free(em.leaf_bodies);
	free_maps(em.maps, em.nmaps);
	free_maps(em.dmaps, em.ndmaps);
	for (size_t e = 0; em.plans && e < pd->nevents; e++) {
		free(em.plans[e].grp);
		free(em.plans[e].pure);
	}
	free(em.plans);
	for (size_t d = 0; d < em.ndsig; d++)
		free(em.dsigs[d]);
	free(em.dsigs);
	return rc;
}

void emit_result_free(struct emit_result *r)
{
	if (!r)
		return;
	free(r->text);
	free_maps(r->maps, r->nmaps);
	memset(r, 0, sizeof(*r));
}
