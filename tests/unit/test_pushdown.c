/* Pushdown (gen/kernel_caps.c, gen/pushdown.c): leaf classification, Kleene logic, folding,
 * Falco's missing values, per-event-type specialisation, the stock and example rules, and a
 * soundness property test: random events × every rule, the kernel predicate evaluated in Kleene
 * logic against a host model of the kernel's view (limits.h truncation, runtime UNKNOWN) versus
 * the full condition evaluated by the userspace fallback evaluator (loader/eval.c):
 * kernel FALSE ⇒ full false, kernel TRUE ⇒ full true. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "cli.h"
#include "errnames.h"
#include "eval/eval.h"
#include "events.h"
#include "flags.h"
#include "kernel_caps.h"
#include "pushdown.h"
#include "rules.h"

/* ---- loading -------------------------------------------------------------------------------- */

static struct ruleset *load_text(const char *yaml)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	int errs = ruleset_load_string(rs, "t.yaml", yaml, strlen(yaml), &d);
	cr_assert_eq(errs, 0, "load failed: %s", d.n ? d.v[0].message : "");
	diags_free(&d);
	return rs;
}

static struct ruleset *load_paths(const char **paths, size_t n)
{
	struct ruleset *rs = ruleset_new();
	for (size_t i = 0; i < n; i++) {
		struct diags d = {0};
		int errs = ruleset_load_path(rs, paths[i], &d);
		cr_assert_eq(errs, 0, "%s: %s", paths[i], d.n ? d.v[0].message : "");
		diags_free(&d);
	}
	return rs;
}

static char *shared_path(const char *rel)
{
	const char *root = getenv("LANNER_ROOT");
	char *p = NULL;
	cr_assert(asprintf(&p, "%s/%s", root ? root : ".", rel) > 0);
	return p;
}

/* A one-rule file with condition cond. */
static struct ruleset *one_rule(const char *cond)
{
	char *y = NULL;
	cr_assert(asprintf(&y,
			   "- rule: t\n  desc: d\n  condition: %s\n  output: o\n  priority: INFO\n",
			   cond) > 0);
	struct ruleset *rs = load_text(y);
	free(y);
	return rs;
}

static const struct ast *first_check(const struct ast *a)
{
	if (a->kind == AST_CHECK)
		return a;
	for (size_t i = 0; i < a->nkids; i++) {
		const struct ast *c = first_check(a->kids[i]);
		if (c)
			return c;
	}
	return NULL;
}

/* Verdict of the (first) check of cond on event evt; value for KC_STATIC. */
static enum kc_verdict classify(const char *cond, int evt, enum tv *value)
{
	struct ruleset *rs = one_rule(cond);
	const struct ast *c = first_check(rs->rules[0].ast);
	cr_assert(c, "no check in %s", cond);
	struct kc_leaf l;
	kc_classify(c, evt, &l);
	enum kc_verdict v = l.verdict;
	if (value)
		*value = l.value;
	kc_leaf_free(&l);
	ruleset_free(rs);
	return v;
}

/* Text of cond specialised to evt. */
static char *spec_text(const char *cond, int evt)
{
	struct ruleset *rs = one_rule(cond);
	struct kpred *p = kpred_specialise(rs->rules[0].ast, evt);
	cr_assert(p);
	char *t = kpred_print(p);
	kpred_free(p);
	ruleset_free(rs);
	return t;
}

#define expect_spec(cond, evt, want)                                                               \
	do {                                                                                       \
		char *t_ = spec_text(cond, evt);                                                   \
		cr_expect_str_eq(t_, want, "%s on %s", cond, evt_name(evt));                       \
		free(t_);                                                                          \
	} while (0)

/* ---- classification ------------------------------------------------------------------------- */

Test(pushdown, classify_fields_and_events)
{
	enum tv v;
	cr_expect_eq(classify("fd.name = /tmp/x", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("fd.name = /tmp/x", EVT_execve, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "fd.* is missing on execve: FALSE, not UNKNOWN");
	cr_expect_eq(classify("fd.name = /tmp/x", EVT_close, NULL), KC_NARROW,
		     "the sensor resolves the path of an fd argument");
	cr_expect_eq(classify("fd.name = /tmp/x", EVT_accept, NULL), KC_NARROW,
		     "an IP socket's name (ip:port->ip:port) has no '/': FALSE there");
	cr_expect_eq(classify("fd.name startswith /run/", EVT_connect, NULL), KC_NARROW);
	cr_expect_eq(classify("fd.name glob '/tmp/*'", EVT_socket, NULL), KC_NARROW);
	cr_expect_eq(classify("fd.name = 127.0.0.1:80", EVT_accept, NULL), KC_USERSPACE,
		     "socket names are not rendered in the kernel: no '/' in the constant");
	cr_expect_eq(classify("fd.name in (/a, b)", EVT_bind, NULL), KC_USERSPACE,
		     "a constant without '/' can be an IP socket's name");
	cr_expect_eq(classify("fd.name pmatch (/tmp)", EVT_connect, NULL), KC_USERSPACE,
		     "pmatch compares components, not a '/' the value must hold");
	cr_expect_eq(classify("fd.name glob '[!/]*'", EVT_connect, NULL), KC_USERSPACE,
		     "a bracket may match anything but '/'");
	cr_expect_eq(classify("fd.name startswith /tmp", EVT_bpf, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "a bpf fd has no name");
	cr_expect_eq(classify("fd.name = /tmp/x", EVT_userfaultfd, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "a userfaultfd has no name");
	cr_expect_eq(classify("fd.name != /tmp/x", EVT_bpf, NULL), KC_USERSPACE,
		     "Falco's empty name is != /tmp/x; userspace's is missing");
	cr_expect_eq(classify("fd.name = /tmp/x", EVT_memfd_create, NULL), KC_USERSPACE,
		     "a memfd's name is the one its creator passed: it may be a path");
	cr_expect_eq(classify("fd.name = /tmp/x", EVT_read, NULL), KC_USERSPACE,
		     "read is not captured");
	/* facts only userspace learns: a bit the loader writes (UNKNOWN while absent) */
	cr_expect_eq(classify("user.name = root", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("container.image.repository = nginx", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("k8s.ns.name = default", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("group.name in (adm, root)", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("user.name = val(proc.name)", EVT_openat, NULL), KC_USERSPACE,
		     "the loader evaluates a meta check alone: no other field on the right");
	cr_expect_eq(classify("proc.env contains X", EVT_execve, NULL), KC_NARROW,
		     "read at the exec: FALSE without the needle, else UNKNOWN");
	cr_expect_eq(classify("proc.env contains X", EVT_openat, NULL), KC_USERSPACE,
		     "the environment is read only at an exec");
	cr_expect_eq(classify("proc.env contains \"A B\"", EVT_execve, NULL), KC_USERSPACE,
		     "a needle with a space depends on how the variables are joined");
	cr_expect_eq(classify("thread.cap_effective contains CAP_SYS_ADMIN", EVT_openat, NULL),
		     KC_NARROW);
	cr_expect_eq(classify("thread.cap_permitted icontains sys_admin", EVT_openat, NULL),
		     KC_NARROW);
	cr_expect_eq(classify("thread.cap_permitted = CAP_CHOWN", EVT_openat, NULL), KC_USERSPACE);
	cr_expect_eq(classify("thread.cap_permitted contains \"CAP_CHOWN CAP\"", EVT_openat, NULL),
		     KC_USERSPACE, "a needle with a space may span two names");
	cr_expect_eq(classify("thread.cap_permitted contains CAP_NOPE", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE);
	cr_expect_eq(classify("proc.name = bash", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.name in (bash, sh)", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("evt.rawres < 0", EVT_openat, NULL), KC_EXACT);
	cr_expect_eq(classify("evt.res = ENOENT", EVT_openat, NULL), KC_EXACT);
	cr_expect_eq(classify("evt.res startswith E", EVT_openat, NULL), KC_EXACT,
		     "SUCCESS and the errno names with the prefix");
	cr_expect_eq(classify("evt.res startswith UNK", EVT_openat, NULL), KC_USERSPACE,
		     "every errno without a name renders UNKNOWN");
	cr_expect_eq(classify("evt.res = UNKNOWN", EVT_openat, NULL), KC_USERSPACE);
	cr_expect_eq(classify("user.uid = 0", EVT_setuid, NULL), KC_EXACT);
	cr_expect_eq(classify("user.loginuid = -1", EVT_execve, NULL), KC_EXACT);
	cr_expect_eq(classify("proc.tty != 0", EVT_execve, NULL), KC_NARROW);
	/* container.id: exact given the process-map entry (kernel_caps.h KC_EXACT) */
	cr_expect_eq(classify("container.id != host", EVT_execve, NULL), KC_EXACT);
	cr_expect_eq(classify("container.id = host", EVT_openat, NULL), KC_EXACT);
	cr_expect_eq(classify("container.id in (host, 0123456789ab)", EVT_execve, NULL), KC_EXACT);
	cr_expect_eq(classify("container.id startswith 0123", EVT_connect, NULL), KC_EXACT);
	cr_expect_eq(classify("fd.sport = 22", EVT_connect, NULL), KC_NARROW);
	cr_expect_eq(classify("fd.typechar = 4", EVT_accept, NULL), KC_NARROW);
	cr_expect_eq(classify("fd.num = 3", EVT_openat, NULL), KC_NARROW);
	/* operators the kernel cannot run */
	cr_expect_eq(classify("proc.name regex \"ba.*\"", EVT_execve, NULL), KC_USERSPACE);
	cr_expect_eq(classify("proc.name glob \"ba?\"", EVT_execve, NULL), KC_USERSPACE);
	cr_expect_eq(classify("proc.name glob \"b[a]*\"", EVT_execve, NULL), KC_USERSPACE);
	cr_expect_eq(classify("proc.name glob \"ba*\"", EVT_execve, NULL), KC_NARROW,
		     "glob: * only");
	cr_expect_eq(classify("proc.name iglob \"ba*\"", EVT_execve, NULL), KC_USERSPACE);
	/* icontains: ASCII case folding in the kernel, as Falco */
	cr_expect_eq(classify("proc.name icontains BA", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("tolower(proc.name) = bash", EVT_execve, NULL), KC_USERSPACE);
	cr_expect_eq(classify("proc.name = val(proc.pname)", EVT_execve, NULL), KC_USERSPACE);
	cr_expect_eq(classify("proc.name startswith anyof (ba, sh)", EVT_execve, NULL),
		     KC_USERSPACE);
	cr_expect_eq(classify("fd.name contains /etc", EVT_openat, NULL), KC_NARROW,
		     "UNKNOWN when the path is longer than the scan window");
	cr_expect_eq(classify("proc.name in ()", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "empty list");
	cr_expect_eq(classify("container.image.repository in ()", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "empty list, even for a userspace field");
	cr_expect_eq(classify("evt.arg.target in (/etc/shadow)", EVT_symlinkat, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.name contains ash", EVT_execve, NULL), KC_NARROW);
	char longneedle[300];
	snprintf(longneedle, sizeof(longneedle), "proc.cmdline contains a%0*d",
		 LANNER_MAX_CONTAINS_NEEDLE, 0);
	cr_expect_eq(classify(longneedle, EVT_execve, NULL), KC_USERSPACE,
		     "needle above LANNER_MAX_CONTAINS_NEEDLE");
	snprintf(longneedle, sizeof(longneedle), "proc.cmdline icontains a%0*d",
		 LANNER_MAX_CONTAINS_NEEDLE - 1, 0);
	cr_expect_eq(classify(longneedle, EVT_execve, NULL), KC_NARROW,
		     "icontains with a needle of LANNER_MAX_CONTAINS_NEEDLE bytes");
	char cond[600];
	snprintf(cond, sizeof(cond), "fd.name startswith /%0300d", 0);
	cr_expect_eq(classify(cond, EVT_openat, NULL), KC_USERSPACE, "prefix above the LPM limit");
	cr_expect_eq(classify("fd.name pmatch (/etc, /usr/bin)", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("fd.name endswith .key", EVT_openat, NULL), KC_NARROW);
	/* ancestors */
	cr_expect_eq(classify("proc.pname = sshd", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.aname[4] = sshd", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.aname[5] = sshd", EVT_execve, NULL), KC_NARROW,
		     "indexed: walked as far as the rules ask");
	cr_expect_eq(classify("proc.aname[9] = sshd", EVT_execve, NULL), KC_USERSPACE,
		     "beyond LANNER_MAX_ANCESTOR_INDEX");
	cr_expect_eq(classify("proc.aname = sshd", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.pcmdline contains x", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.pexe endswith java", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.aexe[2] endswith java", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.aexepath[4] = /bin/x", EVT_openat, NULL), KC_NARROW);
	cr_expect_eq(classify("proc.acmdline[9] = x", EVT_openat, NULL), KC_USERSPACE,
		     "beyond LANNER_MAX_ANCESTOR_INDEX");
	cr_expect_eq(classify("proc.aexe = x", EVT_openat, NULL), KC_USERSPACE,
		     "any-ancestor form only for proc.aname");
	/* statically decided */
	cr_expect_eq(classify("evt.type = open", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE);
	cr_expect_eq(classify("evt.type in (open, openat)", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_TRUE);
	cr_expect_eq(classify("evt.type != openat", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE);
	cr_expect_eq(classify("evt.dir = <", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_TRUE);
	cr_expect_eq(classify("evt.num = 0", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "never_true");
	cr_expect_eq(classify("evt.num > 5", EVT_openat, NULL), KC_USERSPACE);
	cr_expect_eq(classify("evt.is_open_read = true", EVT_openat, NULL), KC_EXACT);
	cr_expect_eq(classify("evt.is_open_read = true", EVT_execve, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "false (not missing) on other events");
	cr_expect_eq(classify("evt.is_open_read = false", EVT_execve, &v), KC_STATIC);
	cr_expect_eq(v, TV_TRUE);
}

Test(pushdown, classify_flag_params)
{
	enum tv v;
	cr_expect_eq(classify("evt.arg.flags contains O_WRONLY", EVT_openat, NULL), KC_EXACT);
	cr_expect_eq(classify("evt.arg.flags contains O_WRONLY", EVT_setuid, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "setuid has no 'flags' parameter: missing");
	cr_expect_eq(classify("evt.arg.flags contains NOT_A_FLAG", EVT_openat, &v), KC_STATIC);
	cr_expect_eq(v, TV_FALSE, "no printable name contains it");
	cr_expect_eq(classify("evt.arg.flags contains \"O_RDWR|O_CREAT\"", EVT_openat, NULL),
		     KC_USERSPACE);
	cr_expect_eq(classify("evt.arg.flags = O_RDONLY", EVT_openat, NULL), KC_USERSPACE,
		     "equality with a rendered bit set");
	cr_expect_eq(classify("evt.arg.request = PTRACE_ATTACH", EVT_ptrace, NULL), KC_EXACT,
		     "enum table");
	cr_expect_eq(classify("evt.arg.mode contains S_ISUID", EVT_fchmodat, NULL), KC_EXACT);
	cr_expect_eq(classify("evt.arg.flags contains O_TRUNC", EVT_openat, NULL), KC_EXACT);
	cr_expect_eq(classify("evt.arg.flags contains O_F_CREATED", EVT_openat, NULL), KC_NARROW,
		     "synthetic bit: only as good as the sensor");
	cr_expect_eq(classify("evt.arg.flags contains EXE_WRITABLE", EVT_execve, NULL), KC_NARROW);
	cr_expect_eq(classify("evt.arg[0] = 3", EVT_openat, NULL), KC_USERSPACE);

	/* Falco tests the rendered text: "SYNC" is in O_SYNC and O_DSYNC, so both are tested */
	struct ruleset *rs = one_rule("evt.arg.flags contains SYNC");
	struct kc_leaf l;
	kc_classify(first_check(rs->rules[0].ast), EVT_openat, &l);
	cr_assert_eq(l.verdict, KC_EXACT);
	cr_expect_geq(l.nbits, 2, "O_SYNC and O_DSYNC: %zu", l.nbits);
	kc_leaf_free(&l);
	ruleset_free(rs);
}

/* The bit tests of `contains NEEDLE` agree with Falco's text test (flags_text_contains) for every
 * flag parameter of every captured event, every name and a few substrings of it. */
Test(pushdown, flag_contains_equals_text_test)
{
	size_t ncap, checked = 0;
	const struct kc_event *cap = kc_events(&ncap);
	unsigned seed = 12345;
	for (size_t k = 0; k < ncap; k++) {
		const struct evt_info *ei = evt_info(cap[k].evt);
		cr_assert(ei);
		for (int p = 0; p < ei->nparams; p++) {
			const struct evt_param *pa = &ei->params[p];
			if (pa->table == FLT_NONE || pa->kind != PK_PLAIN)
				continue;
			size_t ne;
			const struct flag_entry *e = flag_table_entries(pa->table, &ne);
			for (size_t i = 0; i < ne; i++) {
				for (size_t cut = 0; cut < 3; cut++) {
					size_t len = strlen(e[i].name);
					size_t off = cut == 2 ? 2 : 0;
					size_t n = cut == 1 ? len - 1 : len - off;
					if (!n || n > len - off)
						continue;
					char needle[64], cond[128];
					snprintf(needle, sizeof(needle), "%.*s", (int)n,
						 e[i].name + off);
					snprintf(cond, sizeof(cond), "evt.arg.%s contains %s",
						 pa->name, needle);
					struct ruleset *rs = one_rule(cond);
					struct kc_leaf l;
					kc_classify(first_check(rs->rules[0].ast), cap[k].evt, &l);
					for (int r = 0; r < 200 && l.verdict != KC_USERSPACE; r++) {
						uint64_t raw = 0;
						int nb = rand_r(&seed) % 4;
						for (int b = 0; b < nb; b++) {
							const struct flag_entry *x =
								&e[rand_r(&seed) % ne];
							raw |= rand_r(&seed) % 2 ? x->value
										 : x->mask;
						}
						if (r % 17 == 0)
							raw = (uint64_t)rand_r(&seed) << (r % 3);
						bool want =
							flags_text_contains(pa->table, raw, needle);
						bool got = false;
						if (l.verdict == KC_STATIC)
							got = l.value == TV_TRUE;
						for (size_t b = 0; b < l.nbits; b++)
							got |= kc_bittest_eval(pa->table,
									       &l.bits[b], raw);
						cr_assert_eq(got, want,
							     "%s on %s raw=%#llx: bits %d, text %d",
							     cond, ei->name,
							     (unsigned long long)raw, got, want);
						checked++;
					}
					kc_leaf_free(&l);
					ruleset_free(rs);
				}
			}
		}
	}
	cr_expect_gt(checked, 1000);
}

/* ---- Kleene logic and folding --------------------------------------------------------------- */

Test(pushdown, kleene_tables)
{
	const enum tv F = TV_FALSE, T = TV_TRUE, U = TV_UNKNOWN;
	enum tv all[3] = {F, T, U};
	/* and: F dominates, then U; or: T dominates, then U */
	enum tv and_t[3][3] = {{F, F, F}, {F, T, U}, {F, U, U}};
	enum tv or_t[3][3] = {{F, T, U}, {T, T, T}, {U, T, U}};
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++) {
			cr_expect_eq(tv_and(all[a], all[b]), and_t[a][b], "and %d %d", a, b);
			cr_expect_eq(tv_or(all[a], all[b]), or_t[a][b], "or %d %d", a, b);
		}
	cr_expect_eq(tv_not(F), T);
	cr_expect_eq(tv_not(T), F);
	cr_expect_eq(tv_not(U), U);
}

static struct kpred *mk(enum kp_kind k, enum tv v, int nkids, ...)
{
	struct kpred *p = calloc(1, sizeof(*p));
	p->kind = k;
	p->value = v;
	va_list ap;
	va_start(ap, nkids);
	p->kids = nkids ? calloc((size_t)nkids, sizeof(*p->kids)) : NULL;
	for (int i = 0; i < nkids; i++)
		p->kids[i] = va_arg(ap, struct kpred *);
	p->nkids = (size_t)nkids;
	va_end(ap);
	return p;
}
#define C(v)	    mk(KP_CONST, v, 0)
#define AND(n, ...) mk(KP_AND, 0, n, __VA_ARGS__)
#define OR(n, ...)  mk(KP_OR, 0, n, __VA_ARGS__)
#define NOT(x)	    mk(KP_NOT, 0, 1, x)

static struct ast *leaf_ast(const char *text)
{
	struct parse_error err;
	struct ast *a = cond_parse(text, &err);
	cr_assert(a, "%s", err.msg);
	return a;
}

static struct kpred *L(const struct ast *a)
{
	struct kpred *p = mk(KP_LEAF, 0, 0);
	p->check = a;
	p->leaf.verdict = KC_NARROW;
	return p;
}

static void expect_fold(struct kpred *p, const char *want)
{
	p = kpred_simplify(p);
	cr_assert(p);
	char *t = kpred_print(p);
	cr_expect_str_eq(t, want);
	free(t);
	kpred_free(p);
}

Test(pushdown, simplification)
{
	struct ast *a = leaf_ast("proc.name = a"), *b = leaf_ast("proc.name = b"),
		   *c = leaf_ast("proc.name = c");
	const enum tv F = TV_FALSE, T = TV_TRUE, U = TV_UNKNOWN;
	expect_fold(AND(2, C(T), L(a)), "proc.name = a");
	expect_fold(AND(2, L(a), C(F)), "FALSE");
	expect_fold(AND(3, C(U), L(a), C(U)), "proc.name = a and UNKNOWN");
	expect_fold(AND(2, C(U), C(T)), "UNKNOWN");
	expect_fold(AND(2, C(U), C(F)), "FALSE");
	expect_fold(OR(2, C(U), C(T)), "TRUE");
	expect_fold(OR(2, C(F), C(F)), "FALSE");
	expect_fold(OR(3, C(F), L(a), C(U)), "proc.name = a or UNKNOWN");
	expect_fold(NOT(C(U)), "UNKNOWN");
	expect_fold(NOT(C(T)), "FALSE");
	expect_fold(NOT(NOT(L(a))), "proc.name = a");
	expect_fold(NOT(AND(2, L(a), C(T))), "not proc.name = a");
	/* nested same-kind nodes flatten, their UNKNOWN merges into one */
	expect_fold(AND(2, L(a), AND(2, L(b), C(U))),
		    "proc.name = a and proc.name = b and UNKNOWN");
	expect_fold(OR(2, AND(2, L(a), L(b)), OR(2, L(c), C(F))),
		    "(proc.name = a and proc.name = b) or proc.name = c");
	/* folding through not: not (a and FALSE) = TRUE absorbs the or */
	expect_fold(OR(2, L(a), NOT(AND(2, L(b), C(F)))), "TRUE");
	ast_free(a);
	ast_free(b);
	ast_free(c);
}

/* ---- missing values, specialisation -------------------------------------------------------- */

Test(pushdown, missing_field_semantics)
{
	/* fd.name has no value on execve: every comparison is false, != included; not flips it */
	expect_spec("fd.name = /tmp/x", EVT_execve, "FALSE");
	expect_spec("fd.name != /tmp/x", EVT_execve, "FALSE");
	expect_spec("fd.name exists", EVT_execve, "FALSE");
	expect_spec("not fd.name = /tmp/x", EVT_execve, "TRUE");
	expect_spec("not fd.name exists and proc.name = bash", EVT_execve, "proc.name = bash");
	expect_spec("not evt.arg.flags contains O_CREAT", EVT_setuid, "TRUE");
	/* present there: a real kernel leaf */
	expect_spec("fd.name != /tmp/x", EVT_openat, "fd.name != /tmp/x");
	expect_spec("fd.name exists", EVT_openat, "fd.name exists");
	/* userspace-only: UNKNOWN, not FALSE */
	expect_spec("user.name = val(proc.name)", EVT_openat, "UNKNOWN");
	expect_spec("not user.name = val(proc.name)", EVT_openat, "UNKNOWN");
}

Test(pushdown, per_event_type_specialisation)
{
	const char *cond = "evt.type in (open, openat) and fd.name = x";
	expect_spec(cond, EVT_openat, "fd.name = x");
	expect_spec(cond, EVT_open, "fd.name = x");
	expect_spec(cond, EVT_creat, "FALSE");
	expect_spec("(evt.type = openat and fd.name = a) or (evt.type = execve and proc.name = b)",
		    EVT_execve, "proc.name = b");
	expect_spec("evt.type = openat and user.name = val(proc.name)", EVT_openat, "UNKNOWN");
	expect_spec("evt.type = openat and (user.name = val(proc.name) or evt.rawres < 0)",
		    EVT_openat, "evt.rawres < 0 or UNKNOWN");

	struct ruleset *rs = one_rule(cond);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	cr_assert(pd);
	cr_assert_eq(pd->nrules, 1);
	struct evtset want;
	evtset_none(&want);
	evtset_set(&want, EVT_open);
	evtset_set(&want, EVT_openat);
	cr_expect(evtset_equal(&pd->rules[0].types, &want));
	cr_expect_eq(pd->rules[0].decided, PD_FULL);
	cr_expect_eq(pd->nevents, 2);
	for (size_t e = 0; e < pd->nevents; e++) {
		cr_assert_eq(pd->events[e].nentries, 1);
		cr_expect(pd->events[e].entries[0].fully_in_kernel);
		cr_expect_not(pd->events[e].entries[0].exact, "fd.name is NARROW");
	}
	pushdown_free(pd);
	ruleset_free(rs);
}

Test(pushdown, evaluation_order_and_priority)
{
	struct ruleset *rs = load_text("- rule: b\n  desc: d\n  condition: evt.type = openat and "
				       "proc.name = b\n  output: o\n  priority: WARNING\n"
				       "- rule: a\n  desc: d\n  condition: evt.type = openat and "
				       "proc.name = a\n  output: o\n  priority: DEBUG\n"
				       "- rule: c\n  desc: d\n  condition: evt.type = openat\n"
				       "  output: o\n  priority: ERROR\n  enabled: false\n");
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	cr_assert(pd);
	cr_assert_eq(pd->nrules, 2, "disabled rule left out");
	cr_expect_str_eq(pd->rules[0].rule->name, "b", "load order, not name order");
	cr_assert_eq(pd->nevents, 1);
	cr_assert_eq(pd->events[0].evt, EVT_openat);
	cr_assert_eq(pd->events[0].nentries, 2);
	cr_expect_str_eq(pd->events[0].entries[0].rule->name, "b");
	cr_expect_str_eq(pd->events[0].entries[1].rule->name, "a");
	bool used[F_COUNT] = {0};
	kpred_fields(pd->events[0].entries[0].pred, used);
	kpred_fields(pd->events[0].entries[1].pred, used);
	cr_expect(used[F_PROC_NAME]);
	cr_expect_not(used[F_EVT_TYPE], "decided statically, never fetched");
	pushdown_free(pd);
	pd = pushdown_build(rs, PRI_WARNING);
	cr_assert_eq(pd->nrules, 1, "priority threshold drops the DEBUG rule");
	pushdown_free(pd);
	ruleset_free(rs);
}

/* ---- the example and stock rules ------------------------------------------------------------ */

Test(pushdown, secret_file_rule_fully_in_kernel_for_open_family)
{
	char *p = shared_path("rules/examples/secret-file.yaml");
	const char *paths[] = {p};
	struct ruleset *rs = load_paths(paths, 1);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	cr_assert(pd);
	int open_family[] = {EVT_open, EVT_openat, EVT_openat2, EVT_creat};
	for (size_t i = 0; i < 4; i++) {
		const struct pd_entry *en = NULL;
		for (size_t e = 0; e < pd->nevents; e++)
			if (pd->events[e].evt == open_family[i])
				en = &pd->events[e].entries[0];
		cr_assert(en, "%s has an entry", evt_name(open_family[i]));
		cr_expect(en->fully_in_kernel, "%s", evt_name(open_family[i]));
		char *t = kpred_print(en->pred);
		cr_expect_str_eq(t, "fd.name = /tmp/secret");
		free(t);
	}
	/* no fd on execve: the rule cannot match there, nothing is generated for it */
	cr_expect_not(evtset_test(&pd->rules[0].types, EVT_execve));
	cr_expect_not(evtset_test(&pd->rules[0].types, EVT_setuid));
	pushdown_free(pd);
	ruleset_free(rs);
	free(p);
}

Test(pushdown, terminal_shell_in_container)
{
	char *stock = shared_path("../shared/falco/falco_rules.yaml");
	char *nginx = shared_path("rules/examples/nginx-shell-exception.yaml");
	FILE *f = fopen(stock, "r");
	if (!f) {
		cr_skip("skipped: %s not present", stock);
		free(stock);
		free(nginx);
		return;
	}
	fclose(f);
	const char *paths[] = {stock, nginx};
	/* Stock: every check is known in the kernel (container.id, proc.name, proc.tty,
	 * proc.pname); its exception macro is `never_true` (evt.num = 0), decided statically. */
	struct ruleset *rs = load_paths(paths, 1);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	const struct pd_rule *r = pushdown_find(pd, "Terminal shell in container");
	cr_assert(r);
	cr_expect_eq(evtset_count(&r->types), 2);
	cr_expect(evtset_test(&r->types, EVT_execve) && evtset_test(&r->types, EVT_execveat));
	cr_expect_eq(r->decided, PD_FULL, "%s", pd_decided_name(r->decided));
	pushdown_free(pd);
	ruleset_free(rs);
	/* With the nginx override (`and not container.image endswith nginx`): still fully, the
	 * image check being a bit the loader writes per container (UNKNOWN until it has). */
	rs = load_paths(paths, 2);
	pd = pushdown_build(rs, PRI_DEBUG);
	r = pushdown_find(pd, "Terminal shell in container");
	cr_assert(r);
	cr_expect_eq(r->decided, PD_FULL, "%s", pd_decided_name(r->decided));
	for (size_t e = 0; e < pd->nevents; e++)
		for (size_t i = 0; i < pd->events[e].nentries; i++) {
			const struct pd_entry *en = &pd->events[e].entries[i];
			if (en->rule != r->rule)
				continue;
			char *t = kpred_print(en->pred);
			cr_expect(strstr(t, "container.id != host") &&
					  strstr(t, "container.image endswith nginx"),
				  "%s", t);
			cr_expect(en->fully_in_kernel);
			free(t);
		}
	pushdown_free(pd);
	ruleset_free(rs);
	free(stock);
	free(nginx);
}

/* ---- soundness property test ---------------------------------------------------------------- */

/* A random event: the truth for every field the rule asks about, drawn lazily and memoised so
 * the reference evaluator and the kernel model see the same event. */
#define MAXV 96
struct wval {
	enum field_id id;
	char key[64];
	bool present;
	int64_t i;
	char *s;
	size_t len;
	uint8_t ip[16];
	int family;
};

struct pool {
	char **strs;
	size_t nstrs;
	int64_t *ints;
	size_t nints;
	struct typed_value *ips;
	size_t nips;
};

struct world {
	int evt;
	unsigned seed;
	int64_t rawres;
	char *chain[8]; /* chain[0] = proc.name, chain[k] = k-th ancestor */
	int chainlen;
	struct wval v[MAXV];
	size_t n;
	char render[512];
	uint64_t caps[3];	  /* thread.cap_permitted, _effective, _inheritable */
	const struct pool *pools; /* per field id */
	bool narrow_miss;	  /* runtime UNKNOWN of NARROW leaves on this event */
};

static unsigned rnd(struct world *w, unsigned n)
{
	return n ? (unsigned)rand_r(&w->seed) % n : 0;
}

static char *rand_str(struct world *w, const struct pool *p)
{
	char *s = NULL;
	const char *base = p && p->nstrs ? p->strs[rnd(w, (unsigned)p->nstrs)] : "noise";
	size_t bl = strlen(base);
	switch (rnd(w, 11)) {
	case 0:
		cr_assert(asprintf(&s, "%sx", base) > 0);
		break;
	case 1:
		cr_assert(asprintf(&s, "%.*s", (int)(bl ? bl - 1 : 0), base) >= 0);
		break;
	case 2:
		cr_assert(asprintf(&s, "%s/sub", base) > 0);
		break;
	case 3:
		cr_assert(asprintf(&s, "x%s", base) > 0);
		break;
	case 4: { /* longer than any kernel buffer: truncated in the kernel */
		size_t n = 4200 + rnd(w, 50);
		s = malloc(n + bl + 1);
		memcpy(s, base, bl);
		memset(s + bl, 'a', n);
		s[bl + n] = 0;
		break;
	}
	case 5:
		s = strdup(rnd(w, 2) ? "" : "zz");
		break;
	case 6: /* beyond the contains scan window, not truncated */
		cr_assert(asprintf(&s, "/%0300d%s", 0, base) > 0);
		break;
	case 7:
		cr_assert(asprintf(&s, "%s/%0300d", base, 0) > 0);
		break;
	default:
		s = strdup(base);
		break;
	}
	if (!s)
		s = strdup("");
	return s;
}

static struct wval *wget(struct world *w, enum field_id id, const char *key)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].id == id && strcmp(w->v[i].key, key) == 0)
			return &w->v[i];
	cr_assert_lt(w->n, MAXV);
	struct wval *v = &w->v[w->n++];
	memset(v, 0, sizeof(*v));
	v->id = id;
	snprintf(v->key, sizeof(v->key), "%s", key);
	return v;
}

static bool is_unsigned(enum ftype t)
{
	switch (t) {
	case FT_UINT8:
	case FT_UINT16:
	case FT_UINT32:
	case FT_UINT64:
	case FT_PORT:
	case FT_FLAGS8:
	case FT_FLAGS16:
	case FT_FLAGS32:
	case FT_MODE:
	case FT_RELTIME:
	case FT_ABSTIME:
	case FT_SYSCALLID:
	case FT_SIGTYPE:
		return true;
	default:
		return false;
	}
}

static bool falco_missing(int evt, const struct field_info *f)
{
	const struct evt_info *ei = evt_info(evt);
	/* bpf, userfaultfd: the record names no file (fields_extract.c: fd.name missing) */
	if (f->id == F_FD_NAME && (evt == EVT_bpf || evt == EVT_userfaultfd))
		return true;
	return strncmp(f->name, "fd.", 3) == 0 &&
	       !(ei->flags & (EF_CREATES_FD | EF_DESTROYS_FD | EF_USES_FD));
}

/* Generic value of a field: drawn from the rule's constants (and variations) or noise. */
static struct wval *generic(struct world *w, const struct field_info *f, const char *key)
{
	struct wval *v = wget(w, f->id, key);
	if (v->s || v->present || v->family || v->i || v->len)
		return v;
	const struct pool *p = &w->pools[f->id];
	/* EXACT kernel fields (the task's ids) always have a value in Falco too */
	const struct kc_field *kf = kc_field_of(f->id);
	bool always = kf && kf->exact;
	if (falco_missing(w->evt, f) || (!always && rnd(w, 7) == 0)) {
		v->present = false;
		v->family = -1; /* memoised "missing" */
		return v;
	}
	v->present = true;
	switch (ftype_class(f->type)) {
	case FTC_NUMERIC:
	case FTC_BOOL: {
		int64_t base = p->nints ? p->ints[rnd(w, (unsigned)p->nints)] : 0;
		int d = (int)rnd(w, 5);
		v->i = ftype_class(f->type) == FTC_BOOL ? (int64_t)rnd(w, 2)
		       : d == 4				? (int64_t)rand_r(&w->seed) - 100
							: base + d - 1;
		v->len = 1;
		break;
	}
	case FTC_IPADDR:
	case FTC_IPNET:
		if (p->nips && rnd(w, 3)) {
			const struct typed_value *t = &p->ips[rnd(w, (unsigned)p->nips)];
			memcpy(v->ip, t->ip, 16);
			v->family = t->family ? t->family : 4;
		} else {
			v->family = 4;
			for (int i = 0; i < 4; i++)
				v->ip[i] = (uint8_t)rnd(w, 256);
		}
		break;
	default:
		v->s = rand_str(w, p);
		v->len = strlen(v->s);
		break;
	}
	return v;
}

static uint64_t param_raw(struct world *w, const struct evt_param *pa)
{
	struct wval *v = wget(w, F_EVT_ARG, pa->name);
	if (!v->present) {
		size_t ne;
		const struct flag_entry *e = flag_table_entries(pa->table, &ne);
		uint64_t raw = 0;
		int nb = (int)rnd(w, 4);
		for (int b = 0; b < nb && ne; b++) {
			const struct flag_entry *x = &e[rnd(w, (unsigned)ne)];
			raw |= rnd(w, 2) ? x->value : x->mask;
		}
		if (rnd(w, 10) == 0)
			raw = (uint64_t)rand_r(&w->seed);
		v->present = true;
		v->i = (int64_t)raw;
	}
	return (uint64_t)v->i;
}

static bool open_acc(uint64_t raw, bool write)
{
	unsigned acc = raw & 3;
	return write ? (acc == 1 || acc == 2) : (acc == 0 || acc == 2);
}

/* The reference evaluator's getter. */
static bool ref_get(void *ctx, const struct operand *o, struct fieldval *out)
{
	struct world *w = ctx;
	const struct field_info *f = o->field;
	const char *arg = field_operand_arg(o);
	switch (f->id) {
	case F_EVT_TYPE:
		out->kind = FV_STR;
		out->s = evt_name(w->evt);
		out->len = strlen(out->s);
		return true;
	case F_EVT_DIR:
		out->kind = FV_STR;
		out->s = "<";
		out->len = 1;
		return true;
	case F_EVT_NUM:
		out->kind = FV_UINT;
		out->i = 1 + rnd(w, 1000);
		return true;
	case F_EVT_RAWRES:
		out->kind = FV_INT;
		out->i = w->rawres;
		return true;
	case F_EVT_FAILED:
		out->kind = FV_BOOL;
		out->i = w->rawres < 0;
		return true;
	case F_EVT_RES: {
		out->kind = FV_STR;
		const char *n = w->rawres >= 0 ? "SUCCESS" : errno_name((int)-w->rawres);
		if (!n) {
			snprintf(w->render, sizeof(w->render), "%lld", (long long)w->rawres);
			n = w->render;
		}
		out->s = n;
		out->len = strlen(n);
		return true;
	}
	case F_EVT_IS_OPEN_READ:
	case F_EVT_IS_OPEN_WRITE: {
		out->kind = FV_BOOL;
		const struct kc_event *ke = kc_event(w->evt);
		const struct evt_param *pa = evt_param_by_name(w->evt, "flags", NULL);
		out->i = ke && (ke->caps & KE_OPEN) && pa &&
			 open_acc(param_raw(w, pa), f->id == F_EVT_IS_OPEN_WRITE);
		return true;
	}
	case F_EVT_ARG: {
		const struct evt_param *pa = NULL;
		if (o->arg) {
			char *end;
			long idx = strtol(o->arg, &end, 10);
			const struct evt_info *ei = evt_info(w->evt);
			if (*end || idx < 0 || idx >= ei->nparams)
				return false;
			pa = &ei->params[idx];
		} else {
			pa = evt_param_by_name(w->evt, arg, NULL);
		}
		if (!pa)
			return false;
		out->kind = FV_STR;
		if (pa->table != FLT_NONE && pa->kind == PK_PLAIN) {
			flags_render(pa->table, param_raw(w, pa), w->render, sizeof(w->render));
			out->s = w->render;
			out->len = strlen(w->render);
			return true;
		}
		char key[80];
		snprintf(key, sizeof(key), "arg.%s", pa->name);
		struct wval *v = generic(w, f, key);
		out->s = v->s;
		out->len = v->len;
		return v->present;
	}
	case F_THREAD_CAP_PERMITTED:
	case F_THREAD_CAP_EFFECTIVE:
	case F_THREAD_CAP_INHERITABLE:
		caps_render(w->caps[f->id == F_THREAD_CAP_PERMITTED   ? 0
				    : f->id == F_THREAD_CAP_EFFECTIVE ? 1
								      : 2],
			    w->render, sizeof(w->render));
		out->kind = FV_STR;
		out->s = w->render;
		out->len = strlen(w->render);
		return true;
	case F_PROC_NAME:
	case F_PROC_PNAME:
	case F_PROC_ANAME: {
		int lvl = f->id == F_PROC_NAME ? 0 : f->id == F_PROC_PNAME ? 1 : out->anc;
		if (lvl < 0 || lvl >= w->chainlen)
			return false;
		out->kind = FV_STR;
		out->s = w->chain[lvl];
		out->len = strlen(out->s);
		return true;
	}
	default:
		break;
	}
	if (f->flags & FF_IS_LIST)
		return false;
	char key[80];
	snprintf(key, sizeof(key), "%s", o->arg ? o->arg : arg ? arg : "");
	struct wval *v = generic(w, f, key);
	if (!v->present)
		return false;
	switch (ftype_class(f->type)) {
	case FTC_NUMERIC:
		out->kind = is_unsigned(f->type) ? FV_UINT : FV_INT;
		out->i = v->i;
		break;
	case FTC_BOOL:
		out->kind = FV_BOOL;
		out->i = v->i;
		break;
	case FTC_IPADDR:
	case FTC_IPNET:
		out->kind = FV_IP;
		memcpy(out->ip, v->ip, 16);
		out->family = v->family;
		break;
	default:
		out->kind = FV_STR;
		out->s = v->s;
		out->len = v->len;
		break;
	}
	return true;
}

/* ---- host model of the kernel's view of one leaf -------------------------------------------- */

static bool path_prefix_model(const char *v, size_t vn, const char *p, size_t pn)
{
	/* component-wise prefix; empty components ignored */
	size_t i = 0, j = 0;
	for (;;) {
		while (j < pn && p[j] == '/')
			j++;
		while (i < vn && v[i] == '/')
			i++;
		if (j == pn)
			return true;
		size_t a = j, b = i;
		while (j < pn && p[j] != '/')
			j++;
		while (i < vn && v[i] != '/')
			i++;
		if (j - a != i - b || memcmp(p + a, v + b, j - a) != 0)
			return false;
	}
}

static bool str_op(const struct ast *c, const char *v, size_t vn)
{
	size_t n = kc_rhs_count(c);
	bool any = false;
	if (c->op == OP_EXISTS)
		return true;
	for (size_t i = 0; i < n; i++) {
		size_t an;
		const char *a = kc_rhs_str(c, i, &an);
		switch (c->op) {
		case OP_EQ:
		case OP_NE:
		case OP_IN:
		case OP_INTERSECTS:
			any |= an == vn && memcmp(a, v, an) == 0;
			break;
		case OP_STARTSWITH:
			any |= an <= vn && memcmp(a, v, an) == 0;
			break;
		case OP_ENDSWITH:
			any |= an <= vn && memcmp(a, v + vn - an, an) == 0;
			break;
		case OP_CONTAINS:
			any |= memmem(v, vn, a, an) != NULL;
			break;
		case OP_GLOB: {
			char *pz = strndup(a, an), *vz = strndup(v, vn);
			any |= fnmatch(pz, vz, 0) == 0;
			free(pz);
			free(vz);
			break;
		}
		case OP_ICONTAINS:
			for (size_t at = 0; !any && at + an <= vn; at++)
				any |= strncasecmp(v + at, a, an) == 0;
			break;
		case OP_PMATCH:
			any |= path_prefix_model(v, vn, a, an);
			break;
		default:
			cr_assert_fail("op %d in kernel model", c->op);
		}
	}
	return c->op == OP_NE ? !any : any;
}

static bool num_op(const struct ast *c, int64_t v, bool uns)
{
	bool any = false;
	if (c->op == OP_EXISTS)
		return true;
	for (size_t i = 0; i < c->nvals; i++) {
		int64_t a = c->vals[i].i;
		int cmp = uns ? ((uint64_t)v > (uint64_t)a) - ((uint64_t)v < (uint64_t)a)
			      : (v > a) - (v < a);
		switch (c->op) {
		case OP_EQ:
		case OP_NE:
		case OP_IN:
		case OP_INTERSECTS:
			any |= cmp == 0;
			break;
		case OP_LT:
			any |= cmp < 0;
			break;
		case OP_LE:
			any |= cmp <= 0;
			break;
		case OP_GT:
			any |= cmp > 0;
			break;
		case OP_GE:
			any |= cmp >= 0;
			break;
		default:
			cr_assert_fail("op %d in kernel model", c->op);
		}
	}
	return c->op == OP_NE ? !any : any;
}

static enum tv b2tv(bool b)
{
	return b ? TV_TRUE : TV_FALSE;
}

/* What the generated kernel code must compute for one leaf, modelled on the host. */
static enum tv kernel_leaf(const struct kpred *p, void *ctx)
{
	struct world *w = ctx;
	const struct kc_leaf *l = &p->leaf;
	const struct ast *c = p->check;
	const struct field_info *f = c->lhs->field;
	if (l->verdict == KC_NARROW && w->narrow_miss && rnd(w, 3) == 0)
		return TV_UNKNOWN; /* process-map miss, unresolvable path... */
	switch (l->cap->src) {
	case KS_RET:
		if (f->id == F_EVT_RAWRES)
			return b2tv(num_op(c, w->rawres, false));
		if (f->id == F_EVT_FAILED)
			return b2tv(num_op(c, w->rawres < 0, false));
		if (f->id == F_EVT_RES) {
			bool any = w->rawres >= 0 && l->res_success;
			for (size_t i = 0; i < l->nres; i++)
				any |= w->rawres == l->res_codes[i];
			return b2tv(c->op == OP_NE ? !any : any);
		}
		break;
	case KS_PARAM_FLAGS: {
		uint64_t raw = param_raw(w, l->param);
		bool any = false;
		for (size_t i = 0; i < l->nbits; i++)
			any |= kc_bittest_eval(l->table, &l->bits[i], raw);
		return b2tv(c->op == OP_NE ? !any : any);
	}
	case KS_OPEN_FLAGS: {
		const struct evt_param *pa = evt_param_by_name(w->evt, "flags", NULL);
		return b2tv(
			num_op(c, open_acc(param_raw(w, pa), f->id == F_EVT_IS_OPEN_WRITE), false));
	}
	case KS_CAPS: {
		uint64_t set = w->caps[f->id == F_THREAD_CAP_PERMITTED	 ? 0
				       : f->id == F_THREAD_CAP_EFFECTIVE ? 1
									 : 2];
		return b2tv((set & l->bits[0].mask) != 0);
	}
	case KS_EXEC_ENV: {
		/* FALSE when whole and without the needle, else UNKNOWN (never TRUE) */
		struct fieldval ev = {0};
		if (!ref_get(w, c->lhs, &ev) || ev.len >= l->cap->max_len)
			return TV_UNKNOWN;
		return str_op(c, ev.s, ev.len) ? TV_UNKNOWN : TV_FALSE;
	}
	case KS_ANCESTOR: {
		if (f->id != F_PROC_PNAME && f->id != F_PROC_ANAME)
			break; /* exe, exepath, cmdline of an ancestor: a plain value below */
		if (l->ancestor >= 0) {
			if (l->ancestor >= w->chainlen)
				return TV_UNKNOWN;
			const char *s = w->chain[l->ancestor];
			return b2tv(str_op(c, s, strlen(s)));
		}
		for (int k = 1; k < w->chainlen && k <= LANNER_ANCESTOR_DEPTH; k++)
			if (str_op(c, w->chain[k], strlen(w->chain[k])))
				return TV_TRUE;
		return w->chainlen - 1 <= LANNER_ANCESTOR_DEPTH ? TV_FALSE : TV_UNKNOWN;
	}
	default:
		break;
	}
	/* plain values: fetched as the reference sees them, then cut to the kernel's view */
	struct fieldval fv = {0};
	if (f->id == F_PROC_NAME) {
		fv.s = w->chain[0];
		fv.len = strlen(fv.s);
	} else if (!ref_get(w, c->lhs, &fv)) {
		/* the kernel cannot tell Falco's "missing" from its own miss: UNKNOWN */
		cr_assert_neq(l->verdict, KC_EXACT, "EXACT leaf on a missing value: %s", f->name);
		return TV_UNKNOWN;
	}
	switch (l->cap->vkind) {
	case KV_STR:
		if (l->cap->max_len && fv.len >= l->cap->max_len)
			return TV_UNKNOWN; /* truncated */
		if ((c->op == OP_CONTAINS || c->op == OP_ICONTAINS) &&
		    fv.len > LANNER_MAX_CONTAINS_SCAN) {
			/* scan window: found there, or UNKNOWN */
			return str_op(c, fv.s, LANNER_MAX_CONTAINS_SCAN) ? TV_TRUE : TV_UNKNOWN;
		}
		return b2tv(str_op(c, fv.s, fv.len));
	case KV_NUM:
	case KV_BOOL:
		return b2tv(num_op(c, fv.i, is_unsigned(f->type)));
	case KV_IP: {
		if (c->op != OP_EXISTS)
			return b2tv(
				eval_ast(c, ref_get, w)); /* families, prefixes: the evaluator's */
		bool any = false;
		for (size_t i = 0; i < c->nvals && c->op != OP_EXISTS; i++)
			any |= c->vals[i].family == fv.family &&
			       memcmp(c->vals[i].ip, fv.ip, fv.family == 6 ? 16 : 4) == 0;
		if (c->op == OP_EXISTS)
			return TV_TRUE;
		return b2tv(c->op == OP_NE ? !any : any);
	}
	default:
		break;
	}
	cr_assert_fail("no kernel model for %s", f->name);
	return TV_UNKNOWN;
}

/* ---- pools and the driver ------------------------------------------------------------------- */

static void pool_add_check(struct pool *pools, const struct ast *a)
{
	if (a->kind != AST_CHECK) {
		for (size_t i = 0; i < a->nkids; i++)
			pool_add_check(pools, a->kids[i]);
		return;
	}
	if (a->lhs->kind != OPND_FIELD || !a->lhs->field)
		return;
	struct pool *p = &pools[a->lhs->field->id];
	for (size_t i = 0; i < a->nvals; i++) {
		const struct typed_value *t = &a->vals[i];
		if (t->s) {
			p->strs = realloc(p->strs, (p->nstrs + 1) * sizeof(*p->strs));
			p->strs[p->nstrs++] = t->s;
		}
		p->ints = realloc(p->ints, (p->nints + 1) * sizeof(*p->ints));
		p->ints[p->nints++] = t->i;
		if (t->family) {
			p->ips = realloc(p->ips, (p->nips + 1) * sizeof(*p->ips));
			p->ips[p->nips++] = *t;
		}
	}
}

static void pools_free(struct pool *pools)
{
	for (size_t i = 0; i < F_COUNT; i++) {
		free(pools[i].strs);
		free(pools[i].ints);
		free(pools[i].ips);
	}
	free(pools);
}

static void world_reset(struct world *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].s);
	w->n = 0;
	for (int i = 0; i < w->chainlen; i++)
		free(w->chain[i]);
	w->chainlen = 0;
}

static void world_draw(struct world *w, int evt)
{
	static const int64_t res[] = {0, 3, 7, 42, -1, -2, -13, -17, -22, -95, -115, -4095};
	world_reset(w);
	w->evt = evt;
	w->rawres = res[rnd(w, sizeof(res) / sizeof(res[0]))];
	w->narrow_miss = rnd(w, 4) == 0;
	for (int k = 0; k < 3; k++)
		w->caps[k] = rnd(w, 3) == 0   ? 0
			     : rnd(w, 2) == 0 ? 1ull << rnd(w, 64)
					      : ((uint64_t)rand_r(&w->seed) << 32) ^
							(uint64_t)rand_r(&w->seed);
	w->chainlen = 1 + (int)rnd(w, 7);
	const struct pool *pn = &w->pools[F_PROC_NAME], *pp = &w->pools[F_PROC_PNAME],
			  *pa = &w->pools[F_PROC_ANAME];
	for (int k = 0; k < w->chainlen; k++) {
		const struct pool *p = k == 0 ? pn : rnd(w, 2) ? pp : pa;
		if (!p->nstrs)
			p = pa->nstrs ? pa : pp->nstrs ? pp : pn;
		char *s = rand_str(w, p);
		if (strlen(s) >= LANNER_MAX_COMM)
			s[LANNER_MAX_COMM - 1] = 0; /* comm is 15 bytes in Falco too */
		w->chain[k] = s;
	}
}

struct sound_stats {
	size_t events, kfalse, ktrue, kunknown;
};

/* Runs n random events of type evt through one rule; fails on the first unsound verdict. */
static void check_rule_evt(const struct rl_rule *r, int evt, size_t n, struct world *w,
			   struct sound_stats *st)
{
	struct kpred *p = kpred_specialise(r->ast, evt);
	cr_assert(p);
	for (size_t i = 0; i < n; i++) {
		world_draw(w, evt);
		bool full = eval_ast(r->ast, ref_get, w);
		enum tv k = kpred_eval(p, kernel_leaf, w);
		st->events++;
		st->kfalse += k == TV_FALSE;
		st->ktrue += k == TV_TRUE;
		st->kunknown += k == TV_UNKNOWN;
		if ((k == TV_FALSE && full) || (k == TV_TRUE && !full)) {
			char *t = kpred_print(p);
			char *fc = ast_print(r->ast);
			cr_assert_fail("UNSOUND: rule '%s' on %s: kernel %s, full %d\nkernel: %s\n"
				       "full: %s",
				       r->name, evt_name(evt), tv_name(k), full, t, fc);
		}
	}
	kpred_free(p);
	world_reset(w);
}

static size_t soundness_run(struct ruleset *rs, size_t min_events, unsigned seed)
{
	struct sound_stats st = {0};
	size_t ncap, pairs = 0;
	const struct kc_event *cap = kc_events(&ncap);
	for (size_t r = 0; r < rs->nrules; r++) {
		const struct rl_rule *rule = &rs->rules[r];
		if (!rule->ast || rule->skipped)
			continue;
		for (size_t k = 0; k < ncap; k++)
			pairs += !rule->evttypes ||
				 (rule->evttypes[cap[k].evt / 8] >> (cap[k].evt % 8)) & 1;
	}
	size_t per = pairs ? (min_events + pairs - 1) / pairs : 0;
	if (per < 50)
		per = 50;
	struct world w = {.seed = seed};
	for (size_t r = 0; r < rs->nrules; r++) {
		const struct rl_rule *rule = &rs->rules[r];
		if (!rule->ast || rule->skipped)
			continue;
		struct pool *pools = calloc(F_COUNT, sizeof(*pools));
		pool_add_check(pools, rule->ast);
		w.pools = pools;
		for (size_t k = 0; k < ncap; k++) {
			int evt = cap[k].evt;
			if (rule->evttypes && !((rule->evttypes[evt / 8] >> (evt % 8)) & 1))
				continue; /* Falco never evaluates the rule on evt */
			check_rule_evt(rule, evt, per, &w, &st);
		}
		pools_free(pools);
	}
	cr_log_info("soundness: %zu events, kernel FALSE %zu, TRUE %zu, UNKNOWN %zu", st.events,
		    st.kfalse, st.ktrue, st.kunknown);
	cr_expect_gt(st.kfalse, 0, "the kernel dropped something");
	return st.events;
}

Test(pushdown, soundness_falco_rules, .timeout = 600)
{
	char *stock = shared_path("../shared/falco/falco_rules.yaml");
	FILE *f = fopen(stock, "r");
	if (!f) {
		cr_skip("skipped: %s not present", stock);
		free(stock);
		return;
	}
	fclose(f);
	const char *paths[] = {stock};
	struct ruleset *rs = load_paths(paths, 1);
	size_t n = soundness_run(rs, 100000, 4242);
	cr_expect_geq(n, 100000);
	ruleset_free(rs);
	eval_cache_clear();
	free(stock);
}

/* Crafted rules for what the stock file exercises little: flags, evt.res, ancestors (indexed and
 * any), truncation, sockets, missing fields under not, numbers at boundaries. */
static const char crafted[] =
	"- rule: flags\n  desc: d\n  condition: evt.type in (open, openat, openat2) and "
	"(evt.arg.flags contains O_SYNC or not evt.arg.flags contains O_WRONLY or "
	"evt.arg.flags contains O_RDONLY or evt.arg.flags contains O_NONE or evt.arg.flags "
	"contains "
	"CREAT)\n  output: o\n  priority: INFO\n"
	"- rule: enum\n  desc: d\n  condition: evt.type = ptrace and (evt.arg.request in "
	"(PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_UNKNOWN) or evt.arg.request contains PEEK)\n"
	"  output: o\n  priority: INFO\n"
	"- rule: res\n  desc: d\n  condition: evt.type = openat and (evt.res in (SUCCESS, ENOENT, "
	"ENOTSUP) or evt.res != EACCES and evt.rawres <= -13 or evt.failed = true)\n"
	"  output: o\n  priority: INFO\n"
	"- rule: anc\n  desc: d\n  condition: evt.type = execve and (proc.aname[2] = sshd or "
	"proc.pname in (bash, sh) or proc.aname = systemd or not proc.aname[3] startswith cr or "
	"not proc.aname exists)\n  output: o\n  priority: INFO\n"
	"- rule: paths\n  desc: d\n  condition: (fd.name pmatch (/etc, /var/run) or fd.directory = "
	"/tmp or fd.filename endswith .key or not fd.name startswith /usr) and user.name != root\n"
	"  output: o\n  priority: INFO\n"
	"- rule: sock\n  desc: d\n  condition: evt.type in (connect, accept, accept4) and "
	"(fd.sport in (22, 80) or fd.sip = 127.0.0.1 or fd.typechar = 4 or fd.l4proto != tcp)\n"
	"  output: o\n  priority: INFO\n"
	"- rule: nums\n  desc: d\n  condition: proc.tty != 0 and (user.uid < 1000 or "
	"user.loginuid = -1) and not proc.pid in (1, 2) and container.id != host\n"
	"  output: o\n  priority: INFO\n"
	"- rule: mixed\n  desc: d\n  condition: (proc.name contains sh and proc.cmdline contains "
	"curl) or (evt.type = unlinkat and evt.arg.name startswith /etc and "
	"not proc.exepath endswith /dpkg)\n  output: o\n  priority: INFO\n";

Test(pushdown, soundness_crafted, .timeout = 600)
{
	struct ruleset *rs = load_text(crafted);
	size_t n = soundness_run(rs, 100000, 777);
	cr_expect_geq(n, 100000);
	ruleset_free(rs);
	eval_cache_clear();
}

Test(pushdown, explain_rule_lookup)
{
	struct ruleset *rs = one_rule("evt.type = openat and fd.name = /x");
	cr_redirect_stdout();
	cr_expect_eq(cmd_explain(rs, "t", NULL), 0);
	cr_expect_eq(cmd_explain(rs, "no such rule", NULL), 1);
	ruleset_free(rs);
}

/* The stock rules with the project's example files on top (override with container.image,
 * the secret-file rule without evt.type). */
Test(pushdown, soundness_examples, .timeout = 600)
{
	char *stock = shared_path("../shared/falco/falco_rules.yaml");
	char *nginx = shared_path("rules/examples/nginx-shell-exception.yaml");
	char *secret = shared_path("rules/examples/secret-file.yaml");
	FILE *f = fopen(stock, "r");
	if (!f) {
		cr_skip("skipped: %s not present", stock);
	} else {
		fclose(f);
		const char *paths[] = {stock, nginx, secret};
		struct ruleset *rs = load_paths(paths, 3);
		cr_expect_geq(soundness_run(rs, 100000, 99), 100000);
		ruleset_free(rs);
		eval_cache_clear();
	}
	free(stock);
	free(nginx);
	free(secret);
}
