/* emit_c: deterministic output, readable rule blocks, long lists as set maps; bundle metadata
 * conditions (ast_print of the compiled rule) re-parse and re-compile to the same tree. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "common/strbuf.h"
#include "plan.h"
#include "emit_c.h"
#include "pushdown.h"
#include "rules.h"

static const char rules_yaml[] =
	"- list: shells\n"
	"  items: [bash, sh, zsh, dash, ksh, csh, tcsh, fish, busybox, python3]\n"
	"- list: bin_dirs\n"
	"  items: [/bin, /sbin, /usr/bin, /usr/sbin, /usr/local/bin, /opt/a, /opt/b, /opt/c, "
	"/opt/d]\n"
	"- rule: Shell reads shadow\n"
	"  desc: d\n"
	"  condition: evt.type = openat and fd.name = /etc/shadow and proc.name in (shells)\n"
	"  output: o\n"
	"  priority: WARNING\n"
	"- rule: Binary dir write\n"
	"  desc: d\n"
	"  condition: evt.type in (open, openat) and fd.name pmatch (bin_dirs) and not proc.name "
	"in "
	"(apt, dpkg)\n"
	"  output: o\n"
	"  priority: ERROR\n"
	"- rule: Ends with\n"
	"  desc: d\n"
	"  condition: evt.type = openat and (fd.name endswith .a or fd.name endswith .b) and "
	"fd.filename startswith x and user.name = root\n"
	"  output: o\n"
	"  priority: NOTICE\n";

static struct ruleset *load(const char *yaml)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	int errs = ruleset_load_string(rs, "t.yaml", yaml, strlen(yaml), &d);
	diags_free(&d);
	cr_assert_eq(errs, 0);
	return rs;
}

static char *gen(struct ruleset *rs, struct emit_result *r)
{
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	cr_assert(pd);
	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct plan *pl = plan_build(pd, true);
	cr_assert_eq(emit_c(pl, &o, r), 0);
	plan_free(pl);
	pushdown_free(pd);
	return r->text;
}

Test(emit_c, deterministic)
{
	struct ruleset *rs = load(rules_yaml);
	struct emit_result a, b;
	gen(rs, &a);
	gen(rs, &b);
	cr_assert_str_eq(a.text, b.text);
	cr_assert_eq(a.nmaps, b.nmaps);
	emit_result_free(&a);
	emit_result_free(&b);
	ruleset_free(rs);
}

Test(emit_c, rule_blocks_name_rule_and_quote_kernel_part)
{
	struct ruleset *rs = load(rules_yaml);
	struct emit_result r;
	gen(rs, &r);
	cr_assert(strstr(r.text, "/* rule 0: \"Shell reads shadow\""), "rule block missing");
	cr_assert(strstr(r.text, "kernel part: fd.name = /etc/shadow and proc.name in (bash, sh, "),
		  "kernel part not quoted");
	cr_assert(strstr(r.text, "/* rule 1: \"Binary dir write\""));
	/* the userspace-only leaf is UNKNOWN in the kernel and says so */
	cr_assert(strstr(r.text, "kernel part: ") && strstr(r.text, "UNKNOWN"));
	/* per event type filters, the hook, the sensor */
	cr_assert(strstr(r.text, "#define lnr_rules_openat lnr_filter"));
	cr_assert(strstr(r.text, "#define LNR_WANT_openat 1"));
	cr_assert(strstr(r.text, "#include \"sensor.bpf.c\""));
	cr_assert(evtset_test(&r.events, EVT_openat) && evtset_test(&r.events, EVT_open));
	cr_assert(!evtset_test(&r.events, EVT_execve));
	emit_result_free(&r);
	ruleset_free(rs);
}

static const struct meta_map *find_map(const struct emit_result *r, enum meta_map_kind k,
				       const char *item)
{
	for (size_t i = 0; i < r->nmaps; i++) {
		if (r->maps[i].kind != k)
			continue;
		for (size_t j = 0; j < r->maps[i].nitems; j++)
			if (!strcmp(r->maps[i].items[j], item))
				return &r->maps[i];
	}
	return NULL;
}

Test(emit_c, long_lists_become_maps)
{
	struct ruleset *rs = load(rules_yaml);
	struct emit_result r;
	gen(rs, &r);
	/* 10 shells > LANNER_MAX_INLINE_LIST, but compared with a process name (16 bytes): up to
	 * 32 short compares stay inline (the long list below becomes a map) */
	cr_assert_null(find_map(&r, MM_HASH_EXACT, "python3"));
	cr_assert(strstr(r.text, "LNR_STR_EQ(fv->proc_name, \"python3\")"));
	/* 9 directories with pmatch: an LPM trie over "<dir>/" */
	const struct meta_map *p = find_map(&r, MM_LPM_PREFIX, "/usr/local/bin/");
	cr_assert(p, "no LPM map for pmatch");
	cr_assert_eq(p->nitems, 9);
	cr_assert_eq(p->key_size, 4 + 16);
	/* short lists stay inline: apt/dpkg are compared in the code */
	cr_assert_null(find_map(&r, MM_HASH_EXACT, "dpkg"));
	cr_assert(strstr(r.text, "LNR_STR_EQ(fv->proc_name, \"dpkg\")"));
	/* named string tests, no per-character chains */
	cr_assert_null(strstr(r.text, ".s[1] =="));
	emit_result_free(&r);
	ruleset_free(rs);
}

/* The metadata carries ast_print(rule->ast); the loader re-compiles it: it must come back as
 * the same tree and print the same text. */
static void roundtrip(const struct rl_rule *r)
{
	char *text = build_rule_condition(r);
	cr_assert(text, "%s: no condition", r->name);
	struct parse_error pe;
	struct ast *a = cond_parse(text, &pe);
	cr_assert(a, "%s: canonical condition does not parse: %s", r->name, pe.msg);
	cr_assert(ast_equal(a, r->ast), "%s: re-parsed tree differs", r->name);
	ast_free(a);
	/* re-compile in a ruleset that has no lists and macros */
	size_t need = strlen(text) * 2 + 256;
	char *yaml = malloc(need);
	snprintf(yaml, need,
		 "- rule: r\n  desc: d\n  condition: |\n    %s\n  output: o\n  priority: INFO\n",
		 text);
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	int errs = ruleset_load_string(rs, "rt.yaml", yaml, strlen(yaml), &d);
	diags_free(&d);
	cr_assert_eq(errs, 0, "%s: canonical condition does not compile", r->name);
	cr_assert(rs->nrules == 1 && rs->rules[0].ast);
	cr_assert(ast_equal(rs->rules[0].ast, r->ast), "%s: re-compiled tree differs", r->name);
	char *again = ast_print(rs->rules[0].ast);
	cr_assert_str_eq(again, text);
	free(again);
	ruleset_free(rs);
	free(yaml);
	free(text);
}

Test(emit_c, metadata_conditions_roundtrip, .timeout = 120)
{
	const char *root = getenv("LANNER_ROOT");
	char path[4096];
	snprintf(path, sizeof(path), "%s/../shared/falco/falco_rules.yaml", root ? root : ".");
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	cr_assert_eq(ruleset_load_path(rs, path, &d), 0);
	diags_free(&d);
	size_t n = 0;
	for (size_t i = 0; i < rs->nrules; i++)
		if (rs->rules[i].ast) {
			roundtrip(&rs->rules[i]);
			n++;
		}
	cr_assert_gt(n, 20);
	ruleset_free(rs);
	struct ruleset *own = load(rules_yaml);
	for (size_t i = 0; i < own->nrules; i++)
		roundtrip(&own->rules[i]);
	ruleset_free(own);
}

/* The plan: every rule's kernel part is called (an UNKNOWN rule does not end the filter), the
 * seed rule's file is short, has a contents comment and no dead stubs; a program over the
 * subprogram budget gets its leaves inlined. */
static const char two_rules_yaml[] =
	"- rule: nobody user\n  desc: d\n  condition: evt.type = openat and user.name = "
	"val(proc.name)\n"
	"  output: o\n  priority: WARNING\n"
	"- rule: secret contains\n  desc: d\n  condition: evt.type = openat and fd.name contains "
	"secretz\n  output: o\n  priority: WARNING\n";

Test(emit_c, plan_calls_every_rule_and_prints_contents)
{
	struct ruleset *rs = load(two_rules_yaml);
	struct emit_result r;
	gen(rs, &r);
	cr_assert(strstr(r.text, " * Rules (evaluation order) -> event types -> rule functions:"));
	cr_assert(strstr(r.text, "if (lnr_verdict_step(v, 0, LNR_U, 1))\n\t\tgoto done;"), "%s",
		  r.text);
	/* the last rule: nothing after it to skip */
	cr_assert(strstr(r.text, "lnr_verdict_add(v, 1, (__s8)lnr_r0(), 1);"), "%s", r.text);
	cr_assert_null(strstr(r.text, "maybe = ~0"), "no early end after an UNKNOWN rule");
	cr_assert_null(strstr(r.text, "LNR_RULES_NONE"));
	cr_assert_null(strstr(r.text, "_UNUSED"));
	emit_result_free(&r);
	ruleset_free(rs);
}

Test(emit_c, budget_inlines_leaves)
{
	/* one rule with 300 distinct leaves on openat: over the budget of separate functions */
	struct strbuf y = {0};
	sb_add(&y, "- rule: many\n  desc: d\n  condition: evt.type = openat and (");
	for (int i = 0; i < 300; i++)
		sb_addf(&y, "%sfd.name startswith /d%d/", i ? " or " : "", i);
	sb_add(&y, ")\n  output: o\n  priority: WARNING\n");
	struct ruleset *rs = load(sb_str(&y));
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	struct plan *pl = plan_build(pd, true);
	const struct plan_prog *big = plan_largest(pl);
	cr_assert_gt(big->nsub_full, PLAN_BUDGET);
	cr_assert_leq(big->nsub, PLAN_BUDGET);
	cr_assert_eq(plan_check(pl, "test"), 0);
	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct emit_result r;
	emit_c(pl, &o, &r);
	cr_assert(strstr(r.text, "static __always_inline int lnr_leaf0(struct lnr_fv *fv)"));
	cr_assert(strstr(r.text, "lnr_leaf299(fv)"));
	emit_result_free(&r);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
	sb_free(&y);
}

/* The seed rule's generated file stays short enough to read (no per-event boilerplate): about
 * 300 lines, of which the header, maps, fetches and gates are a fixed part. */
Test(emit_c, seed_rule_file_is_short)
{
	static const char seed[] =
		"- rule: Detect Access to Secret File\n  desc: d\n  condition: >\n"
		"    fd.name = \"/tmp/secret\" and evt.dir = <\n  output: \"o\"\n  priority: "
		"WARNING\n";
	struct ruleset *rs = load(seed);
	struct emit_result r;
	gen(rs, &r);
	size_t lines = 0;
	for (const char *c = r.text; *c; c++)
		lines += *c == '\n';
	/* 353 lines: a fetch of its own for the socket events (fd.name there is no path); the
	 * path prefix test before the rule's call in each filter, and its host twin for tests/diff
	 */
	cr_assert_leq(lines, 360, "%zu lines", lines);
	emit_result_free(&r);
	ruleset_free(rs);
}

/* fd.name tests whose constants hold a '/' are decided on IP sockets (their names have none):
 * the leaf is lnr_leaf_ns, and on socket events (no fd path) fd.name is read as NOSLASH/UNK only;
 * a constant without '/' keeps the plain leaf. */
Test(emit_c, fd_name_slash_leaves_decided_on_ip_sockets)
{
	static const char y[] =
		"- rule: a\n  desc: d\n  condition: fd.name = /tmp/secret and evt.dir = <\n"
		"  output: o\n  priority: WARNING\n"
		"- rule: b\n  desc: d\n  condition: evt.type = close and fd.name contains x\n"
		"  output: o\n  priority: WARNING\n";
	struct ruleset *rs = load(y);
	struct emit_result r;
	gen(rs, &r);
	cr_expect(strstr(r.text,
			 "lnr_leaf_ns(fv->fd_name.st, LNR_STR_EQ(fv->fd_name, \"/tmp/secret\")"),
		  "%s", r.text);
	cr_expect(strstr(r.text, "lnr_get_fd_name_sock(fd, (void *)&fv->fd_name)"));
	cr_expect(strstr(r.text, "lnr_leaf(fv->fd_name.st, LNR_CONTAINS"));
	emit_result_free(&r);
	ruleset_free(rs);
}

/* A list constant longer than the value's buffer cannot equal a whole value: it is left out of
 * the set map (its key would not hold it; the loader refuses such an item). */
Test(emit_c, long_constants_left_out_of_set_maps)
{
	struct strbuf y = {0};
	sb_add(&y, "- rule: names\n  desc: d\n  condition: evt.type = openat and proc.name in (");
	for (int i = 0; i < 40; i++)
		sb_addf(&y, "%sn%d", i ? ", " : "", i);
	sb_add(&y, ", probe_rpmverifyfile)\n  output: o\n  priority: WARNING\n");
	struct ruleset *rs = load(sb_str(&y));
	struct emit_result r;
	gen(rs, &r);
	const struct meta_map *m = find_map(&r, MM_HASH_EXACT, "n7");
	cr_assert(m, "40 names: a hash map");
	cr_assert_eq(m->nitems, 40);
	cr_assert_geq(m->key_size, 8);
	cr_assert(strstr(r.text, m->name), "map not used in the generated C");
	cr_assert_null(find_map(&r, MM_HASH_EXACT, "probe_rpmverifyfile"));
	emit_result_free(&r);
	ruleset_free(rs);
	sb_free(&y);
}

/* The generated lnr_need of a one-rule file on open whose condition is cond (r: freed by the
 * caller with emit_result_free). */
static const char *need_of(const char *cond, struct ruleset **rs, struct emit_result *r)
{
	char *y = NULL;
	cr_assert(asprintf(&y,
			   "- rule: a\n  desc: d\n  condition: evt.type = open and %s\n  output: "
			   "o\n  priority: WARNING\n",
			   cond) > 0);
	*rs = load(y);
	free(y);
	gen(*rs, r);
	const char *f = strstr(r->text, "int lnr_need(__u32 want)");
	cr_assert(f);
	return f;
}

/* lnr_need takes the process's own head from the per-CPU memo (rules/kernel.h lnr_pv_memo)
 * unless it also wants the exe path or argv, which only the map entry holds. */
Test(emit_c, need_reads_head_from_memo)
{
	struct ruleset *rs;
	struct emit_result r;
	const char *f = need_of("proc.name = x and container.id != host", &rs, &r);
	cr_expect(strstr(f, "pv = lnr_pv_memo(fv->lz_pid);"), "%s", f);
	emit_result_free(&r);
	ruleset_free(rs);

	f = need_of("proc.name = x and proc.cmdline contains y", &rs, &r);
	cr_expect(strstr(f, "pv = todo & (LNR_LZ_EXE | LNR_LZ_ARGV) ? lnr_pv_self(fv->lz_pid) : "
			    "lnr_pv_memo(fv->lz_pid);") ||
			  strstr(f, "pv = todo & (LNR_LZ_ARGV) ? lnr_pv_self(fv->lz_pid) : "
				    "lnr_pv_memo(fv->lz_pid);"),
		  "%s", f);
	emit_result_free(&r);
	ruleset_free(rs);
}

/* The walk's first level, the parent, goes through the per-CPU parent memo (rules/kernel.h
 * lnr_anc_parent_live), the map when the ancestors' argv is wanted; deeper levels through the map.
 */
Test(emit_c, walk_parent_from_memo)
{
	struct ruleset *rs;
	struct emit_result r;
	const char *f = need_of("proc.pname = x and proc.aname[2] = y", &rs, &r);
	cr_expect(strstr(f, "a = lnr_anc_step1(fv, &ast, 0);"), "%s", f);
	cr_expect(strstr(f, "a = lnr_anc_step(fv, 2, &ast);"), "%s", f);
	emit_result_free(&r);
	ruleset_free(rs);
}

/* The process's name and container id are one lazy group (LNR_LZ_PV), its other head values
 * another (LNR_LZ_PVX): an event whose guards read the name copies nothing else. */
Test(emit_c, name_group_apart)
{
	struct ruleset *rs;
	struct emit_result r;
	const char *f = need_of("proc.name = x and proc.tty = 0", &rs, &r);
	const char *pv = strstr(f, "if (todo & LNR_LZ_PV) {");
	const char *pvx = strstr(f, "if (todo & LNR_LZ_PVX) {");
	cr_assert(pv && pvx, "%s", f);
	const char *comm = strstr(f, "lnr_get_comm((void *)&fv->proc_name, pv);");
	const char *tty = strstr(f, "fv->proc_tty.v = ");
	cr_expect(comm && comm > pv && comm < pvx, "proc.name in LNR_LZ_PV: %s", f);
	cr_expect(tty && tty > pvx, "proc.tty in LNR_LZ_PVX: %s", f);
	emit_result_free(&r);
	ruleset_free(rs);
}

/* Guards reading the process's name go through lnr_need_head, which copies it from this CPU's
 * copy of the entry without a call when that copy is the process's. */
Test(emit_c, guards_copy_name_inline)
{
	struct ruleset *rs =
		load("- rule: a\n  desc: d\n  condition: evt.type = open and fd.typechar = f and "
		     "proc.name = x and fd.name startswith /a\n  output: o\n  priority: WARNING\n"
		     "- rule: b\n  desc: d\n  condition: evt.type = open and fd.typechar = f and "
		     "proc.name = x and fd.name startswith /b\n  output: o\n  priority: WARNING\n");
	struct emit_result r;
	gen(rs, &r);
	const char *h =
		strstr(r.text, "static __always_inline void lnr_need_head(struct lnr_fv *fv)");
	cr_assert(h, "no lnr_need_head");
	const char *hit = strstr(h, "lnr_pv_memo_hit(fv->lz_pid)");
	const char *comm = strstr(h, "lnr_get_comm((void *)&fv->proc_name, pv);");
	const char *miss = strstr(h, "lnr_need(LNR_LZ_PV);");
	cr_expect(hit && comm && miss && hit < comm && comm < miss, "%s", h);
	cr_expect(strstr(r.text, "lnr_need_head(fv);\n\t\t/* proc.name = x"),
		  "the guards do not use lnr_need_head");
	emit_result_free(&r);
	ruleset_free(rs);
}

/* The number of "LNR_G(fv, " in the line of rule block `label` that tests its guards. */
static int guard_tests_of(const char *text, const char *label)
{
	const char *b = strstr(text, label);
	cr_assert(b, "no block %s", label);
	const char *e = strchr(b + strlen(label), '\n');
	const char *eol = e ? strchr(e + 1, '\n') : NULL;
	cr_assert(eol);
	int n = 0;
	for (const char *p = e + 1; (p = strstr(p, "LNR_G(fv, ")) && p < eol; p++)
		n++;
	return n;
}

/* A rule's test leaves out the guards another of its guards implies: one computed FALSE whenever
 * an earlier one is (its dominator, "its rules all need guard N") is tested alone. */
Test(emit_c, guard_tests_skip_implied)
{
	struct ruleset *rs =
		load("- rule: w\n  desc: d\n  condition: evt.type = open and fd.typechar = f and "
		     "fd.num >= 0 and evt.is_open_write = true and user.uid = 5\n  output: o\n  "
		     "priority: "
		     "WARNING\n"
		     "- rule: n\n  desc: d\n  condition: evt.type = open and fd.typechar = f and "
		     "fd.num >= 0 and user.uid = 6\n  output: o\n  priority: WARNING\n"
		     "- rule: t\n  desc: d\n  condition: evt.type = open and fd.typechar = f and "
		     "user.uid = 7\n  output: o\n  priority: WARNING\n");
	struct emit_result r;
	gen(rs, &r);
	cr_assert(strstr(r.text, "(its rules all need guard"), "no dominated guard");
	/* each rule's uid guard is computed under the guards of its other conjuncts (a chain of
	 * dominators): it alone is tested */
	cr_expect_eq(guard_tests_of(r.text, "/* 0: w */"), 1, "%s", r.text);
	cr_expect_eq(guard_tests_of(r.text, "/* 1: n */"), 1, "%s", r.text);
	cr_expect_eq(guard_tests_of(r.text, "/* 2: t */"), 1, "%s", r.text);
	emit_result_free(&r);
	ruleset_free(rs);
}

/* The close gate drops the close of an IPv4/IPv6 socket too (LNR_CLOSE_GATE_INET) only when every
 * constant of the rules on close is an absolute path: a socket's fd.name (addresses and ports)
 * can be equal to any other constant. */
static bool close_gate_inet(const char *names)
{
	char y[512];
	snprintf(y, sizeof(y),
		 "- rule: a\n  desc: d\n  condition: evt.type = close and fd.name in (%s)\n"
		 "  output: o\n  priority: WARNING\n",
		 names);
	struct ruleset *rs = load(y);
	struct emit_result r;
	gen(rs, &r);
	cr_assert(strstr(r.text, "#define LNR_CLOSE_GATE 1\n"), "no close gate for (%s)", names);
	bool inet = strstr(r.text, "#define LNR_CLOSE_GATE_INET 1\n") != NULL;
	emit_result_free(&r);
	ruleset_free(rs);
	return inet;
}

Test(emit_c, close_gate_inet_only_for_paths)
{
	cr_expect(close_gate_inet("/tmp/a, /etc/b"), "paths: sockets not gated");
	cr_expect(!close_gate_inet("/tmp/a, \"127.0.0.1:80->127.0.0.1:4000\""),
		  "a socket's name among the constants: sockets gated");
}
