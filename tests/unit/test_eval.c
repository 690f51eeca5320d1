/* Fallback evaluator (loader/eval.c, loader/operators.c): Falco operator semantics against a
 * table-driven fake event. Conditions are parsed with cond_parse() and typed here the way
 * compile.c types them (field resolved, literals converted to the field's type into ast.vals). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "eval/eval.h"
#include "fields.h"

/* value tables below list only the members each entry needs */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* ---- fake event: key → value. Keys: "proc.name", "proc.aname[2]" style for bracket args,
 * "proc.aname#2" for ancestor level 2, "fd.ip#c"/"fd.ip#s" for endpoints. */
struct tv {
	const char *key;
	enum fv_kind kind;
	const char *s; /* FV_STR (len = strlen unless slen), FV_IP text */
	int64_t i;
	const char *items[6]; /* FV_LIST, NULL-terminated */
	size_t slen;
};

struct fake {
	const struct tv *tab;
	int calls;
	struct fv_str items[6];
};

static void getter_key(const struct operand *o, const struct fieldval *out, char *key, size_t n)
{
	const struct field_info *f = o->field;
	switch (eval_field_access(f)) {
	case EVA_ANCESTOR:
		snprintf(key, n, "%s#%d", f->name, out->anc);
		return;
	case EVA_ENDPOINT:
		snprintf(key, n, "%s#%c", f->name, out->side == FV_SIDE_CLIENT ? 'c' : 's');
		return;
	case EVA_PLAIN:
		break;
	}
	if (o->arg)
		snprintf(key, n, "%s[%s]", f->name, o->arg);
	else
		snprintf(key, n, "%s", o->name);
}

static bool fake_get(void *ctx, const struct operand *o, struct fieldval *out)
{
	struct fake *fk = ctx;
	char key[128];
	fk->calls++;
	getter_key(o, out, key, sizeof(key));
	for (const struct tv *t = fk->tab; t && t->key; t++) {
		if (strcmp(t->key, key))
			continue;
		out->kind = t->kind;
		switch (t->kind) {
		case FV_STR:
			out->s = t->s;
			out->len = t->slen ? t->slen : strlen(t->s);
			break;
		case FV_IP:
			out->family = strchr(t->s, ':') ? 6 : 4;
			inet_pton(out->family == 6 ? AF_INET6 : AF_INET, t->s, out->ip);
			break;
		case FV_LIST: {
			size_t k = 0;
			for (; t->items[k]; k++) {
				fk->items[k].s = t->items[k];
				fk->items[k].len = strlen(t->items[k]);
			}
			out->items = fk->items;
			out->nitems = k;
			break;
		}
		default:
			out->i = t->i;
			break;
		}
		return true;
	}
	return false;
}

/* ---- typing, as compile.c does it ---- */

static void resolve(struct operand *o)
{
	if (!o)
		return;
	if (o->kind == OPND_FIELD) {
		size_t c = 0;
		o->field = field_lookup_prefix(o->name, &c);
		cr_assert(o->field && c == strlen(o->name), "unknown field %s", o->name);
	}
	for (size_t i = 0; i < o->nargs; i++)
		resolve(o->args[i]);
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void type_value(const struct ast *a, enum ftype_class cls, const struct operand *lit,
		       struct typed_value *t)
{
	memset(t, 0, sizeof(*t));
	t->s = strndup(lit->name, lit->len);
	t->len = lit->len;
	switch (cls) {
	case FTC_NUMERIC:
		t->i = strtoll(lit->name, NULL, 10);
		break;
	case FTC_BOOL:
		t->i = !strcmp(lit->name, "true");
		break;
	case FTC_IPADDR:
	case FTC_IPNET: {
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", lit->name);
		char *sl = strchr(buf, '/');
		if (sl)
			*sl = 0;
		t->family = strchr(buf, ':') ? 6 : 4;
		cr_assert(inet_pton(t->family == 6 ? AF_INET6 : AF_INET, buf, t->ip) == 1);
		t->prefix = sl ? atoi(sl + 1) : (t->family == 6 ? 128 : 32);
		break;
	}
	default:
		if (a->op == OP_BCONTAINS || a->op == OP_BSTARTSWITH) {
			size_t k;
			for (k = 0; k < lit->len / 2; k++)
				t->s[k] = (char)(hexv(lit->name[2 * k]) << 4 |
						 hexv(lit->name[2 * k + 1]));
			t->s[k] = 0;
			t->len = k;
		}
		break;
	}
}

static void type_tree(struct ast *a)
{
	for (size_t i = 0; i < a->nkids; i++)
		type_tree(a->kids[i]);
	if (a->kind != AST_CHECK)
		return;
	resolve(a->lhs);
	resolve(a->rhs);
	enum ftype_class cls = FTC_STRING;
	if (a->lhs->kind == OPND_FIELD)
		cls = ftype_class(a->lhs->field->type);
	else if (!strcmp(a->lhs->name, "len"))
		cls = FTC_NUMERIC;
	if (!a->rhs || a->rhs->kind == OPND_VAL || a->rhs->kind == OPND_TRANSFORMER)
		return;
	size_t n = a->rhs->kind == OPND_LIST ? a->rhs->nargs : 1;
	a->vals = calloc(n + 1, sizeof(*a->vals));
	a->nvals = n;
	for (size_t k = 0; k < n; k++)
		type_value(a, cls, a->rhs->kind == OPND_LIST ? a->rhs->args[k] : a->rhs,
			   &a->vals[k]);
}

static struct ast *compile_cond(const char *cond)
{
	struct parse_error pe;
	struct ast *a = cond_parse(cond, &pe);
	cr_assert(a, "parse of '%s' failed: %s", cond, pe.msg);
	type_tree(a);
	return a;
}

static bool ev(const char *cond, const struct tv *tab)
{
	struct ast *a = compile_cond(cond);
	struct fake fk = {.tab = tab};
	bool r = eval_ast(a, fake_get, &fk);
	ast_free(a);
	return r;
}

#define T(c, tab) cr_expect(ev(c, tab), "expected true: %s", c)
#define F(c, tab) cr_expect(!ev(c, tab), "expected false: %s", c)

static void fini(void)
{
	eval_cache_clear();
}

TestSuite(eval, .fini = fini);

static const struct tv shell[] = {
	{"proc.name", FV_STR, "bash"},
	{"proc.cmdline", FV_STR, "bash -c ls"},
	{"proc.exepath", FV_STR, "/usr/bin/bash"},
	{"proc.tty", FV_UINT, NULL, 34816},
	{"user.uid", FV_UINT, NULL, 0},
	{"evt.rawres", FV_INT, NULL, -2},
	{"fd.name", FV_STR, "/var/run/docker.sock"},
	{"evt.is_open_read", FV_BOOL, NULL, 1},
	{"proc.aname#0", FV_STR, "bash"},
	{"proc.aname#1", FV_STR, "sshd"},
	{"proc.aname#2", FV_STR, "systemd"},
	{"proc.pname", FV_STR, "sshd"},
	{NULL},
};

static const struct tv orphan[] = {
	{"proc.name", FV_STR, "bash"},
	{"proc.aname#0", FV_STR, "bash"},
	{NULL},
};

Test(eval, equality_and_missing_values)
{
	T("proc.name = bash", shell);
	T("proc.name == bash", shell);
	F("proc.name = Bash", shell);
	F("proc.name = bas", shell);
	T("proc.name != sh", shell);
	F("proc.name != bash", shell);
	/* docs/falco-semantics.md: "Missing values": a missing parent makes every comparison false,
	 * != included; only not flips it */
	F("proc.pname != sshd", orphan);
	F("proc.pname = sshd", orphan);
	T("not proc.pname = sshd", orphan);
	T("not proc.pname != sshd", orphan);
	F("proc.pname exists", orphan);
	T("proc.pname exists", shell);
	T("not fd.name exists", orphan);
	F("fd.name in (a, b)", orphan);
	F("fd.name contains a", orphan);
}

Test(eval, numeric_and_bool)
{
	T("proc.tty != 0", shell);
	T("proc.tty = 34816", shell);
	T("user.uid < 1000", shell);
	T("user.uid <= 0", shell);
	F("user.uid > 0", shell);
	T("user.uid >= 0", shell);
	T("evt.rawres < 0", shell);
	T("evt.rawres = -2", shell);
	F("evt.rawres > -2", shell);
	T("user.uid in (0, 1)", shell);
	F("user.uid in (5, 1)", shell);
	T("evt.is_open_read = true", shell);
	F("evt.is_open_read = false", shell);
	T("evt.is_open_read != false", shell);
}

Test(eval, unsigned_compare_does_not_sign_wrap)
{
	static const struct tv big[] = {{"user.uid", FV_UINT, NULL, 4294967295LL}, {NULL}};
	T("user.uid > 1000", big);
	static const struct tv huge[] = {{"evt.num", FV_UINT, NULL, (int64_t)0x8000000000000000ULL},
					 {NULL}};
	T("evt.num > 1", huge);
}

Test(eval, string_ordering_is_strcmp)
{
	/* the grammar takes only numbers after < <= > >=, so strings are ordered via val() */
	static const struct tv t[] = {
		{"proc.name", FV_STR, "bash"}, {"proc.pname", FV_STR, "sshd"},
		{"proc.exe", FV_STR, "bashx"}, {"proc.exepath", FV_STR, "bash"},
		{"proc.cwd", FV_STR, "Bash"},  {NULL},
	};
	T("proc.name < val(proc.pname)", t);
	F("proc.name > val(proc.pname)", t);
	T("proc.name < val(proc.exe)", t); /* a prefix sorts first */
	F("proc.name < val(proc.exepath)", t);
	T("proc.name <= val(proc.exepath)", t);
	T("proc.name >= val(proc.exepath)", t);
	T("proc.name > val(proc.cwd)", t); /* bytewise: 'B' < 'b' */
}

Test(eval, substring_operators)
{
	T("proc.cmdline contains \"-c\"", shell);
	F("proc.cmdline contains BASH", shell);
	T("proc.cmdline icontains BASH", shell);
	T("proc.cmdline icontains '-C L'", shell);
	F("proc.cmdline icontains zsh", shell);
	T("proc.exepath startswith /usr/", shell);
	F("proc.exepath startswith /bin/", shell);
	T("proc.exepath endswith /bash", shell);
	F("proc.exepath endswith /sh", shell);
	T("proc.exepath endswith ''", shell);
}

Test(eval, bcontains_is_hex)
{
	static const struct tv buf[] = {
		{"evt.buffer", FV_STR, "he\0llo", 0, {NULL}, 6},
		{NULL},
	};
	T("evt.buffer bcontains 00", buf);
	T("evt.buffer bcontains 65006c", buf);
	T("evt.buffer bcontains 65006C", buf);
	F("evt.buffer bcontains 6c6c6c", buf);
	T("evt.buffer bstartswith 6865", buf);
	F("evt.buffer bstartswith 65", buf);
	/* plain contains on a byte buffer compares raw text, not hex */
	F("evt.buffer contains 6865", buf);
	T("evt.buffer contains llo", buf);
}

Test(eval, glob_crosses_slash_and_iglob_folds_case)
{
	static const struct tv f[] = {{"fd.name", FV_STR, "/tmp/a/b.log"}, {NULL}};
	T("fd.name glob '/tmp/*'", f);
	T("fd.name glob '*.log'", f);
	T("fd.name glob '/tmp/?/b.log'", f);
	T("fd.name glob '/tmp/[abc]/*'", f);
	F("fd.name glob '/tmp/[!a]/*'", f);
	F("fd.name glob '/TMP/*'", f);
	T("fd.name iglob '/TMP/*.LOG'", f);
	F("fd.name glob '/tmp'", f);
}

Test(eval, regex_is_a_full_match)
{
	T("proc.name regex 'ba.h'", shell);
	T("proc.name regex '[a-z]+'", shell);
	F("proc.name regex 'as'", shell);  /* would match as a search */
	F("proc.name regex 'bas'", shell); /* prefix only */
	F("proc.name regex 'ash'", shell); /* suffix only */
	T("proc.name regex 'bash|zsh'", shell);
	T("proc.cmdline regex 'bash .*'", shell);
	F("proc.name regex 'BASH'", shell);
}

Test(eval, regex_compiled_once_and_bad_pattern_reported)
{
	struct ast *a = compile_cond("proc.name regex 'b.*h'");
	char err[256] = "";
	cr_assert(eval_prepare(a, err, sizeof(err)), "%s", err);
	struct fake fk = {.tab = shell};
	for (int i = 0; i < 2000; i++)
		cr_assert(eval_ast(a, fake_get, &fk));
	ast_free(a);

	a = compile_cond("proc.name regex 'a(b'");
	cr_assert(!eval_prepare(a, err, sizeof(err)));
	cr_expect(strstr(err, "invalid regex pattern") != NULL, "%s", err);
	struct fake fk2 = {.tab = shell};
	cr_expect(!eval_ast(a, fake_get, &fk2));
	ast_free(a);
}

Test(eval, in_and_empty_list)
{
	T("proc.name in (sh, bash, zsh)", shell);
	F("proc.name in (sh, zsh, bas)", shell);
	F("proc.name in ()", shell);
	T("not proc.name in ()", shell);
	T("proc.name intersects (bash)", shell);
	T("proc.name in (\"bash\")", shell);
}

Test(eval, pmatch_by_components)
{
	static const struct tv run[] = {{"fd.name", FV_STR, "/var/run/docker.sock"}, {NULL}};
	static const struct tv runx[] = {{"fd.name", FV_STR, "/var/runx"}, {NULL}};
	static const struct tv var[] = {{"fd.name", FV_STR, "/var"}, {NULL}};
	static const struct tv same[] = {{"fd.name", FV_STR, "/var/run"}, {NULL}};
	static const struct tv dbl[] = {{"fd.name", FV_STR, "//var///run/x"}, {NULL}};
	T("fd.name pmatch (/var/run)", run);
	F("fd.name pmatch (/var/run)", runx);
	F("fd.name pmatch (/var/run)", var);
	T("fd.name pmatch (/var/run)", same);
	T("fd.name pmatch (/var/run/)", same);
	T("fd.name pmatch (/var/run)", dbl);
	T("fd.name pmatch (/etc, /var/run)", run);
	F("fd.name pmatch (/etc, /usr)", run);
	T("fd.name pmatch (/var/*/docker.sock)", run);
	T("fd.name pmatch (/)", run);
	F("fd.name pmatch ()", run);
}

Test(eval, modifiers)
{
	T("proc.name startswith anyof (zs, ba)", shell);
	F("proc.name startswith anyof (zs, cs)", shell);
	T("proc.name startswith oneof (zs, ba)", shell);
	F("proc.name startswith oneof (b, ba)", shell); /* two match */
	T("proc.name startswith allof (b, ba, bas)", shell);
	F("proc.name startswith allof (b, z)", shell);
	F("proc.name startswith allof ()", shell);
	F("proc.name startswith anyof ()", shell);
	T("proc.name = anyof (sh, bash)", shell);
	T("proc.name != allof (sh, zsh)", shell);
	F("proc.name != allof (sh, bash)", shell);
	T("proc.name regex anyof ('z.*', 'b.*')", shell);
	F("proc.name regex oneof ('b.*', '.*h')", shell);
	T("proc.name contains oneof (as, zz)", shell);
}

Test(eval, ancestors)
{
	T("proc.aname = sshd", shell);
	T("proc.aname = systemd", shell);
	F("proc.aname = bash", shell); /* the process itself is not an ancestor */
	T("proc.aname[0] = bash", shell);
	T("proc.aname[1] = sshd", shell);
	F("proc.aname[1] = systemd", shell);
	T("proc.aname[2] = systemd", shell);
	F("proc.aname[3] = systemd", shell);
	F("proc.aname[3] != systemd", shell); /* missing level */
	T("proc.aname in (cron, sshd)", shell);
	T("proc.aname startswith sys", shell);
	T("proc.aname != sshd", shell); /* systemd differs */
	F("proc.aname = sshd", orphan);
	F("proc.aname != sshd", orphan);
	T("not proc.aname = sshd", orphan);
	T("proc.aname exists", shell);
	F("proc.aname exists", orphan);
}

Test(eval, either_endpoint_fields)
{
	static const struct tv sock[] = {
		{"fd.ip#c", FV_IP, "10.1.2.3"},	     {"fd.ip#s", FV_IP, "192.168.1.5"},
		{"fd.net#c", FV_IP, "10.1.2.3"},     {"fd.net#s", FV_IP, "192.168.1.5"},
		{"fd.port#c", FV_UINT, NULL, 54321}, {"fd.port#s", FV_UINT, NULL, 443},
		{"fd.sip", FV_IP, "192.168.1.5"},    {"fd.snet", FV_IP, "192.168.1.5"},
		{"fd.cip", FV_IP, "10.1.2.3"},	     {NULL},
	};
	T("fd.ip = 192.168.1.5", sock);
	T("fd.ip = 10.1.2.3", sock);
	F("fd.ip = 10.1.2.4", sock);
	T("fd.port = 443", sock);
	T("fd.port = 54321", sock);
	F("fd.port = 80", sock);
	T("fd.port in (80, 443)", sock);
	T("fd.net = 10.0.0.0/8", sock);
	T("fd.net = 192.168.0.0/16", sock);
	F("fd.net = 172.16.0.0/12", sock);
	T("fd.net in (172.16.0.0/12, 192.168.1.0/24)", sock);
	T("fd.sip = 192.168.1.5", sock);
	F("fd.sip = 10.1.2.3", sock);
	T("fd.sip != 10.1.2.3", sock);
	F("fd.sip = ::1", sock); /* other family: neither = nor != */
	F("fd.sip != ::1", sock);
	T("fd.sip in (1.1.1.1, 192.168.1.5)", sock);
	T("fd.snet in (192.168.0.0/16)", sock); /* one endpoint only */
	F("fd.snet = 10.0.0.0/8", sock);
	F("fd.ip exists", orphan);
	T("fd.ip exists", sock);
}

Test(eval, ipv6_and_cidr_edges)
{
	static const struct tv v6[] = {
		{"fd.cip", FV_IP, "fe80::1"}, {"fd.net#c", FV_IP, "fe80::1"}, {NULL}};
	T("fd.cip = fe80::1", v6);
	F("fd.cip = fe80::2", v6);
	T("fd.net = fe80::/10", v6);
	F("fd.net = 10.0.0.0/8", v6);
	static const struct tv v4[] = {{"fd.net#c", FV_IP, "10.255.0.1"}, {NULL}};
	F("fd.net = 10.0.0.0/9", v4);
	T("fd.net = 10.128.0.0/9", v4);
	T("fd.net = 0.0.0.0/0", v4);
	F("fd.net = 10.254.0.0/16", v4);
}

Test(eval, transformers)
{
	static const struct tv t[] = {
		{"proc.name", FV_STR, "BaSh"},
		{"proc.pname", FV_STR, "sshd"},
		{"proc.exepath", FV_STR, "/usr/bin/bash"},
		{"proc.cmdline", FV_STR, "aGVsbG8gd29ybGQ="},
		{"fd.name", FV_STR, "/tmp/"},
		{"proc.args", FV_STR, "not base64!"},
		{"fd.types", FV_LIST, NULL, 0, {"file", "ipv4"}},
		{NULL},
	};
	T("tolower(proc.name) = bash", t);
	F("proc.name = bash", t);
	T("toupper(proc.name) = BASH", t);
	T("basename(proc.exepath) = bash", t);
	T("basename(fd.name) = ''", t);
	T("b64(proc.cmdline) = 'hello world'", t);
	F("b64(proc.args) exists", t); /* invalid input: no value */
	F("b64(fd.name) exists", t);
	T("len(proc.name) = 4", t);
	T("len(proc.exepath) > 10", t);
	F("len(proc.name) > 4", t);
	T("len(fd.types) = 2", t);
	T("concat(proc.name, \"-\", proc.pname) = BaSh-sshd", t);
	F("concat(proc.name, proc.aname[5]) exists", t);
	T("join(\",\", fd.types) = 'file,ipv4'", t);
	T("tolower(proc.name) in (sh, bash)", t);
	T("toupper(tolower(proc.name)) = BASH", t);
	T("tolower(proc.name) startswith anyof (ba, z)", t);
}

Test(eval, val_rhs)
{
	static const struct tv t[] = {
		{"proc.name", FV_STR, "sshd"},		{"proc.pname", FV_STR, "sshd"},
		{"proc.exe", FV_STR, "/usr/sbin/sshd"}, {"user.uid", FV_UINT, NULL, 7},
		{"group.gid", FV_UINT, NULL, 7},	{NULL},
	};
	T("proc.name = val(proc.pname)", t);
	F("proc.name != val(proc.pname)", t);
	T("proc.exe endswith val(proc.name)", t);
	T("user.uid = val(group.gid)", t);
	F("proc.name = val(proc.cmdline)", t);	/* missing right-hand side */
	F("proc.name != val(proc.cmdline)", t); /* ... makes != false too */
	T("not proc.name = val(proc.cmdline)", t);
	T("proc.exe endswith tolower(proc.name)", t);
	/* without val() a field name on the right is a plain string */
	F("proc.name = proc.pname", t);
}

Test(eval, list_fields)
{
	static const struct tv one[] = {{"fd.types", FV_LIST, NULL, 0, {"file"}}, {NULL}};
	static const struct tv two[] = {{"fd.types", FV_LIST, NULL, 0, {"file", "pipe"}}, {NULL}};
	T("fd.types in (file, ipv4)", one);
	F("fd.types in (file, ipv4)", two); /* in: every element */
	T("fd.types intersects (pipe, unix)", two);
	F("fd.types intersects (unix)", two);
	T("fd.types exists", two);
}

Test(eval, boolean_structure_and_short_circuit)
{
	T("proc.name = bash and (fd.name = x or proc.tty != 0)", shell);
	F("proc.name = bash and not proc.tty != 0", shell);
	T("not not proc.name = bash", shell);
	T("proc.name = x or proc.name = y or proc.name = bash", shell);

	struct ast *a = compile_cond("proc.name = x and fd.name = y and proc.tty = 1");
	struct fake fk = {.tab = shell};
	cr_assert(!eval_ast(a, fake_get, &fk));
	cr_expect_eq(fk.calls, 1, "and must stop at the first false (calls=%d)", fk.calls);
	ast_free(a);

	a = compile_cond("proc.name = bash or fd.name = y");
	fk.calls = 0;
	cr_assert(eval_ast(a, fake_get, &fk));
	cr_expect_eq(fk.calls, 1, "or must stop at the first true (calls=%d)", fk.calls);
	ast_free(a);
}

Test(eval, untyped_tree_falls_back_to_literal_text)
{
	struct parse_error pe;
	struct ast *a = cond_parse("proc.name in (sh, bash) and proc.tty > 5", &pe);
	cr_assert(a);
	/* resolve fields only, leave vals empty */
	for (size_t i = 0; i < a->nkids; i++)
		resolve(a->kids[i]->lhs);
	struct fake fk = {.tab = shell};
	cr_expect(eval_ast(a, fake_get, &fk));
	ast_free(a);
}

Test(eval, numbers_compare_at_the_field_width)
{
	static const struct tv t[] = {{"user.uid", FV_UINT, NULL, 4294967295LL},
				      {"fd.sport", FV_UINT, NULL, 65535},
				      {NULL}};
	T("user.uid = -1", t); /* libs wraps -1 into the UINT32 field: 4294967295 */
	T("fd.sport = -1", t);
	F("user.uid < 0", t);
}

/* The same checks through the real loading pipeline: compile.c's typed literals. */
static const char rules_yaml[] =
	"- list: shells\n"
	"  items: [bash, sh, zsh]\n"
	"- macro: spawned_shell\n"
	"  condition: proc.name in (shells)\n"
	"- rule: Detect Access to Secret File\n"
	"  desc: d\n"
	"  condition: fd.name = \"/tmp/secret\" and evt.dir = <\n"
	"  output: \"secret (user=%user.name command=%proc.cmdline)\"\n"
	"  priority: WARNING\n"
	"- rule: Shell under sshd\n"
	"  desc: d\n"
	"  condition: spawned_shell and proc.aname = sshd and not proc.pname in (cron)\n"
	"  output: o\n"
	"  priority: NOTICE\n"
	"- rule: Odd uid\n"
	"  desc: d\n"
	"  condition: user.uid = -1 or (fd.sport in (http, 8080) and fd.snet in (10.0.0.0/8))\n"
	"  output: o\n"
	"  priority: NOTICE\n"
	"- rule: Regex and bytes\n"
	"  desc: d\n"
	"  condition: proc.cmdline regex 'curl .*[.]sh' or evt.buffer bcontains 7f454c46\n"
	"  output: o\n"
	"  priority: NOTICE\n";

#include "rules.h"

static bool rule_matches(struct ruleset *rs, const char *name, const struct tv *tab)
{
	struct rl_rule *r = ruleset_find_rule(rs, name);
	cr_assert(r && r->ast, "rule %s not compiled", name);
	struct fake fk = {.tab = tab};
	return eval_ast(r->ast, fake_get, &fk);
}

Test(eval, rules_compiled_by_the_front_end)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	int errs = ruleset_load_string(rs, "t.yaml", rules_yaml, strlen(rules_yaml), &d);
	if (errs) {
		char buf[512];
		for (size_t i = 0; i < d.n; i++) {
			diag_format(&d.v[i], buf, sizeof(buf));
			fprintf(stderr, "%s\n", buf);
		}
	}
	cr_assert_eq(errs, 0, "rules did not load");
	for (size_t i = 0; i < rs->nrules; i++) {
		char err[256] = "";
		cr_assert(eval_prepare(rs->rules[i].ast, err, sizeof(err)), "%s", err);
	}

	static const struct tv secret[] = {
		{"fd.name", FV_STR, "/tmp/secret"}, {"evt.dir", FV_STR, "<"}, {NULL}};
	static const struct tv secretx[] = {
		{"fd.name", FV_STR, "/tmp/secretx"}, {"evt.dir", FV_STR, "<"}, {NULL}};
	cr_expect(rule_matches(rs, "Detect Access to Secret File", secret));
	cr_expect(!rule_matches(rs, "Detect Access to Secret File", secretx));

	cr_expect(rule_matches(rs, "Shell under sshd", shell));
	cr_expect(!rule_matches(rs, "Shell under sshd", orphan));

	static const struct tv uid[] = {{"user.uid", FV_UINT, NULL, 4294967295LL}, {NULL}};
	static const struct tv web[] = {{"user.uid", FV_UINT, NULL, 0},
					{"fd.sport", FV_UINT, NULL, 80},
					{"fd.snet", FV_IP, "10.9.8.7"},
					{NULL}};
	static const struct tv web2[] = {{"user.uid", FV_UINT, NULL, 0},
					 {"fd.sport", FV_UINT, NULL, 80},
					 {"fd.snet", FV_IP, "11.9.8.7"},
					 {NULL}};
	cr_expect(rule_matches(rs, "Odd uid", uid));
	cr_expect(rule_matches(rs, "Odd uid", web));
	cr_expect(!rule_matches(rs, "Odd uid", web2));

	static const struct tv curl[] = {{"proc.cmdline", FV_STR, "curl http://x/a.sh"}, {NULL}};
	static const struct tv curl2[] = {{"proc.cmdline", FV_STR, "curl http://x/a.shx"}, {NULL}};
	static const struct tv elf[] = {{"evt.buffer",
					 FV_STR,
					 "..\x7f"
					 "ELF..",
					 0,
					 {NULL},
					 7},
					{NULL}};
	cr_expect(rule_matches(rs, "Regex and bytes", curl));
	cr_expect(!rule_matches(rs, "Regex and bytes", curl2));
	cr_expect(rule_matches(rs, "Regex and bytes", elf));

	ruleset_free(rs);
	diags_free(&d);
}

static bool none_get(void *ctx, const struct operand *o, struct fieldval *out)
{
	(void)ctx;
	(void)o;
	(void)out;
	return false;
}

/* A deterministic "everything present" event: strings, numbers, addresses, lists of one. */
static bool busy_get(void *ctx, const struct operand *o, struct fieldval *out)
{
	static const struct fv_str items[1] = {{"file", 4}};
	unsigned *n = ctx;
	const struct field_info *f = o->field;
	if (out->anc > 3)
		return false;
	(*n)++;
	if (f->flags & FF_IS_LIST) {
		out->kind = FV_LIST;
		out->items = items;
		out->nitems = 1;
		return true;
	}
	switch (ftype_class(f->type)) {
	case FTC_NUMERIC:
		out->kind = FV_UINT;
		out->i = *n;
		return true;
	case FTC_BOOL:
		out->kind = FV_BOOL;
		out->i = *n & 1;
		return true;
	case FTC_IPADDR:
	case FTC_IPNET:
		out->kind = FV_IP;
		out->family = 4;
		out->ip[0] = 10;
		out->ip[3] = (uint8_t)*n;
		return true;
	default:
		out->kind = FV_STR;
		out->s = (*n & 1) ? "/usr/bin/bash" : "sh";
		out->len = strlen(out->s);
		return true;
	}
}

static bool all_checks_false(const struct ast *a)
{
	switch (a->kind) {
	case AST_AND:
		for (size_t i = 0; i < a->nkids; i++)
			if (!all_checks_false(a->kids[i]))
				return false;
		return true;
	case AST_OR:
		for (size_t i = 0; i < a->nkids; i++)
			if (all_checks_false(a->kids[i]))
				return true;
		return false;
	case AST_NOT:
		return !all_checks_false(a->kids[0]);
	default:
		/* literal-only transformer checks could be true, but stock rules have none */
		return false;
	}
}

Test(eval, every_stock_rule_prepares_and_evaluates)
{
	const char *root = getenv("LANNER_ROOT");
	char path[1024];
	snprintf(path, sizeof(path), "%s/../shared/falco/falco_rules.yaml", root ? root : ".");
	FILE *fp = fopen(path, "r");
	if (!fp) {
		cr_skip_test("skipped: %s not readable", path);
		return;
	}
	fclose(fp);
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	cr_assert_eq(ruleset_load_path(rs, path, &d), 0, "falco_rules.yaml did not load");
	size_t n = 0;
	for (size_t i = 0; i < rs->nrules; i++) {
		struct rl_rule *r = &rs->rules[i];
		if (!r->ast)
			continue;
		char err[256] = "";
		cr_assert(eval_prepare(r->ast, err, sizeof(err)), "%s: %s", r->name, err);
		/* with no field values every check is false (docs/falco-semantics.md: "Missing
		 * values"), so the result is the boolean structure evaluated with all leaves false;
		 * with values, nothing may crash */
		cr_assert_eq(eval_ast(r->ast, none_get, NULL), all_checks_false(r->ast), "%s",
			     r->name);
		unsigned cnt = 0;
		(void)eval_ast(r->ast, busy_get, &cnt);
		n++;
	}
	cr_expect(n > 20, "only %zu rules compiled", n);
	ruleset_free(rs);
	diags_free(&d);
}
