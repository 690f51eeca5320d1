/* plan_names / pred_order: which rules get a bit of a filter's proc.name mask and with which
 * names (only a set the rule's kernel part really needs: conjuncts intersect, disjuncts unite,
 * negations and partial ORs give none), the .rodata table of the names (every name found with
 * its bits within the probe bound, other names 0), the tests the filter prints; and the operand
 * order of the rule functions (cheap likely deciders first); a conjunct the ANDs of an OR share
 * printed once. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "emit_c.h"
#include "plan.h"
#include "pushdown.h"
#include "rules.h"
#include "rules_fixture.h"

static const char names_yaml[] =
	"- rule: r0\n  desc: d\n  condition: evt.type = execve and proc.name in (a, b, g) and "
	"proc.cmdline contains x\n  output: o\n  priority: WARNING\n"
	"- rule: r1\n  desc: d\n  condition: evt.type = execve and ((proc.name = c and proc.args "
	"contains y) or proc.name in (d, c))\n  output: o\n  priority: WARNING\n"
	"- rule: r2\n  desc: d\n  condition: evt.type = execve and proc.name in (a, b, g) and "
	"proc.name "
	"in (b, e, h)\n  output: o\n  priority: WARNING\n"
	"- rule: r3\n  desc: d\n  condition: evt.type = execve and not proc.name in (a)\n"
	"  output: o\n  priority: WARNING\n"
	"- rule: r4\n  desc: d\n  condition: evt.type = execve and (proc.name = a or proc.cmdline "
	"contains z)\n  output: o\n  priority: WARNING\n"
	"- rule: r5\n  desc: d\n  condition: evt.type = execve and proc.name in "
	"(abcdefghijklmnopq, f, ff) and user.uid = 0\n  output: o\n  priority: WARNING\n"
	/* a conjunct proc.name = x (two names at most) is a guard: no bit */
	"- rule: r6\n  desc: d\n  condition: evt.type = execve and proc.name = a and "
	"proc.cmdline contains x\n  output: o\n  priority: WARNING\n";

static struct ruleset *load(const char *yaml)
{
	struct rules_fx f = {0};
	rules_fx_load(&f, "t.yaml", yaml);
	expect_ok(&f);
	diags_free(&f.d);
	return f.rs;
}

/* Does the NULL-terminated list hold s? */
static bool has(char *const *m, const char *s)
{
	for (; m && *m; m++)
		if (!strcmp(*m, s))
			return true;
	return false;
}

static size_t count(char *const *m)
{
	size_t n = 0;
	while (m && m[n])
		n++;
	return n;
}

Test(plan_names, bits_only_for_rules_that_need_a_name)
{
	struct ruleset *rs = load(names_yaml);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	struct plan *pl = plan_build(pd, true);
	const struct plan_prog *pp = NULL;
	for (size_t p = 0; p < pl->nprogs; p++)
		if (pl->progs[p].ev->evt == EVT_execve)
			pp = &pl->progs[p];
	cr_assert(pp);
	cr_assert_eq(pp->nparts, 1);
	const struct plan_nmask *nm = &pp->nmask[0];
	cr_assert_eq(nm->n, 4, "%zu bits: %d %d %d %d %d %d %d", nm->n, plan_name_bit(pp, 0, 0),
		     plan_name_bit(pp, 0, 1), plan_name_bit(pp, 0, 2), plan_name_bit(pp, 0, 3),
		     plan_name_bit(pp, 0, 4), plan_name_bit(pp, 0, 5), plan_name_bit(pp, 0, 6));
	/* r0: {a, b, g}; r1: {c, d}; r2: {b}; r3, r4: none; r5: {f, ff}; r6: none (a guard) */
	int want[7] = {0, 1, 2, -1, -1, 3, -1};
	for (size_t i = 0; i < 7; i++)
		cr_expect_eq(plan_name_bit(pp, 0, i), want[i], "rule %zu", i);
	char **const *m = nm->names;
	cr_assert(m && m[0] && m[1] && m[2] && m[3]);
	cr_expect(count(m[0]) == 3 && has(m[0], "a") && has(m[0], "b") && has(m[0], "g"));
	cr_expect(count(m[1]) == 2 && has(m[1], "c") && has(m[1], "d"));
	cr_expect(count(m[2]) == 1 && has(m[2], "b"), "the intersection of the two conjuncts");
	cr_expect(count(m[3]) == 2 && has(m[3], "f") && has(m[3], "ff"),
		  "a constant longer than a name is no name");
	/* the table: each name with the OR of its rules' bits ("b": r0 and r2) */
	cr_assert_eq(pl->nnsig, 1);
	const struct plan_ntab *t = &pl->ntabs[nm->tab];
	cr_expect_eq(t->nnames, 7);
	cr_expect_eq(plan_ntab_find(t, "a", 1, NULL), 1u << 0);
	cr_expect_eq(plan_ntab_find(t, "b", 1, NULL), 1u << 0 | 1u << 2);
	cr_expect_eq(plan_ntab_find(t, "c", 1, NULL), 1u << 1);
	cr_expect_eq(plan_ntab_find(t, "ff", 2, NULL), 1u << 3);
	cr_expect_eq(plan_ntab_find(t, "e", 1, NULL), 0, "only in r2's second conjunct");
	cr_expect_eq(plan_ntab_find(t, "abcdefghijklmnopq", 17, NULL), 0);

	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct emit_result r;
	cr_assert_eq(emit_c(pl, &o, &r), 0);
	char call[128];
	snprintf(call, sizeof(call), "LNR_NAME_TAB(lnr_n0, 0x%llxULL, %u, %u, &fv->proc_name);",
		 (unsigned long long)t->seed, t->shift, t->probes);
	cr_expect(strstr(r.text, call), "%s\n%s", call, r.text);
	cr_expect(strstr(r.text, "static const struct lnr_name_slot lnr_n0[16]"),
		  "7 names: 16 slots in .rodata");
	cr_expect(strstr(r.text, "fv->nm = LNR_NM_UNSET;"), "looked up on first use");
	cr_expect(strstr(r.text, "{\n\tif (!LNR_NM(fv, b))\n\t\treturn 0;\n"),
		  "a rule's bit test first: no test for the lookup on a clear bit");
	cr_expect(strstr(r.text, "(fv, 2)))\n\t\tif (lnr_verdict_step(v, 2, "), "%s", r.text);
	cr_expect(strstr(r.text, "\tif (lnr_verdict_step(v, 3, "), "r3 is called as usual");
	/* the table is the program's data: no map for the loader to fill */
	for (size_t i = 0; i < r.nmaps; i++)
		cr_expect(strcmp(r.maps[i].name, "lnr_n0"), "no map entries");
	emit_result_free(&r);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
}

Test(plan_names, one_rule_has_no_mask)
{
	struct ruleset *rs = load("- rule: r0\n  desc: d\n  condition: evt.type = execve and "
				  "proc.name in (a, b)\n  output: o\n  priority: WARNING\n");
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	struct plan *pl = plan_build(pd, true);
	cr_expect_eq(pl->nnsig, 0);
	cr_expect_eq(plan_name_bit(&pl->progs[0], 0, 0), -1);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
}

/* Name i of a table built alone: i in base 36, '-', then digits of a scramble of (i, salt)
 * (distinct for distinct i; without the scramble the names would be an arithmetic progression
 * of words, which multiply-shift spreads without any collision). */
static void tab_name(size_t i, unsigned salt, char *out)
{
	static const char d[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char *p = out;
	size_t k = i;
	do {
		*p++ = d[k % 36];
		k /= 36;
	} while (k);
	*p++ = '-';
	unsigned long long x = (i + 1) * 0x9e3779b97f4a7c15ULL ^ salt;
	x = (x ^ (x >> 29)) * 0xbf58476d1ce4e5b9ULL;
	for (int j = 0; j < 1 + (int)(x % 7); j++, x /= 36)
		*p++ = d[(x >> 3) % 36];
	*p = 0;
}

/* Every name found with its bits within the probe bound, every other name 0, on tables from 0
 * to 2000 names (collisions certain: at least 2 slots a name, so the larger ones have names
 * away from their home slot). */
Test(plan_ntab, every_name_found_absent_names_zero)
{
	static const size_t sizes[] = {0, 1, 2, 7, 8, 100, 159, 500, 2000};
	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
		size_t n = sizes[z];
		char(*buf)[16] = calloc(n + 1, sizeof(*buf)); /* at most 3 + 1 + 7 bytes */
		const char **names = calloc(n + 1, sizeof(*names));
		uint32_t *bits = calloc(n + 1, sizeof(*bits));
		for (size_t i = 0; i < n; i++) {
			tab_name(i, 0, buf[i]);
			names[i] = buf[i];
			bits[i] = 1u << (i % 32);
		}
		struct plan_ntab t;
		plan_ntab_build(&t, names, bits, n);
		cr_expect_eq(t.nnames, n);
		cr_expect(t.nslots >= 2 * n && t.nslots >= 8 && !(t.nslots & (t.nslots - 1)),
			  "%zu slots for %zu names", t.nslots, n);
		cr_expect(t.probes >= 1 && t.probes <= LNR_NAME_PROBES_MAX, "%u probes", t.probes);
		cr_expect(t.seed & 1);
		size_t away = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned p = 0;
			cr_expect_eq(plan_ntab_find(&t, names[i], strlen(names[i]), &p), bits[i],
				     "%s", names[i]);
			cr_expect(p >= 1 && p <= t.probes);
			away += p > 1;
		}
		if (n >= 100)
			cr_expect(away > 0, "%zu names: some collide", n);
		/* absent: names of the same form (other numbers; the same numbers with other
		 * suffixes), every name's prefix one byte shorter and its extension, the empty
		 * name, the longest a name can be and one longer */
		char o[32];
		for (size_t i = 0; i < n + 3000; i++) {
			unsigned p = 0;
			tab_name(i, i < n ? 1 : 0, o);
			if (i < n && !strcmp(o, names[i]))
				continue; /* the scramble gave the same suffix */
			cr_expect_eq(plan_ntab_find(&t, o, strlen(o), &p), 0, "%s", o);
			cr_expect(p <= t.probes);
		}
		for (size_t i = 0; i < n; i++) {
			size_t l = strlen(names[i]);
			memcpy(o, names[i], l + 1);
			cr_expect_eq(plan_ntab_find(&t, o, l - 1, NULL), 0, "%.*s", (int)l - 1, o);
			o[l] = '~';
			cr_expect_eq(plan_ntab_find(&t, o, l + 1, NULL), 0, "%.*s", (int)l + 1, o);
		}
		cr_expect_eq(plan_ntab_find(&t, "", 0, NULL), 0);
		cr_expect_eq(plan_ntab_find(&t, "0-aaaaaaaaaaaaa", 15, NULL), 0);
		cr_expect_eq(plan_ntab_find(&t, "0-aaaaaaaaaaaaaa", 16, NULL), 0);
		/* the slots: n used, every used one with a bit, every empty one all zero */
		size_t used = 0;
		for (size_t i = 0; i < t.nslots; i++) {
			used += t.slot[i].bits != 0;
			if (!t.slot[i].bits)
				cr_expect(!t.slot[i].w[0] && !t.slot[i].w[1]);
		}
		cr_expect_eq(used, n);
		plan_ntab_free(&t);
		free(buf);
		free(names);
		free(bits);
	}
}

/* A name several rules share: one slot, the OR of the bits; the empty name and the longest (15
 * bytes, two words) are names like the others; names equal in their first word differ. */
Test(plan_ntab, shared_names_empty_and_long)
{
	const char *names[] = {"sshd",		 "",	     "sshd",	"docker-entrypoi",
			       "docker-entrypo", "docker-e", "docker-", "sshd"};
	uint32_t bits[] = {1, 2, 4, 8, 16, 32, 64, 1u << 31};
	struct plan_ntab t;
	plan_ntab_build(&t, names, bits, 8);
	cr_expect_eq(t.nnames, 6);
	cr_expect_eq(plan_ntab_find(&t, "sshd", 4, NULL), 1u | 4u | 1u << 31);
	cr_expect_eq(plan_ntab_find(&t, "", 0, NULL), 2);
	cr_expect_eq(plan_ntab_find(&t, "docker-entrypoi", 15, NULL), 8);
	cr_expect_eq(plan_ntab_find(&t, "docker-entrypo", 14, NULL), 16);
	cr_expect_eq(plan_ntab_find(&t, "docker-e", 8, NULL), 32);
	cr_expect_eq(plan_ntab_find(&t, "docker-", 7, NULL), 64);
	cr_expect_eq(plan_ntab_find(&t, "docker-entrypoin", 16, NULL), 0);
	cr_expect_eq(plan_ntab_find(&t, "docker-entryp", 13, NULL), 0);
	cr_expect_eq(plan_ntab_find(&t, "ssh", 3, NULL), 0);
	plan_ntab_free(&t);
}

/* Without the empty name, a lookup of it meets an empty slot or a name: 0 either way. */
Test(plan_ntab, empty_name_absent)
{
	const char *names[] = {"a", "b", "c"};
	uint32_t bits[] = {1, 2, 4};
	struct plan_ntab t;
	plan_ntab_build(&t, names, bits, 3);
	cr_expect_eq(plan_ntab_find(&t, "", 0, NULL), 0);
	plan_ntab_free(&t);
}

/* The generated C of rule r0 (condition cond), from its function's name to its closing brace:
 * a copy, free() it. */
static char *rule0_fn(const char *cond, bool kfuncs)
{
	char yaml[1024];
	snprintf(yaml, sizeof(yaml),
		 "- rule: r0\n  desc: d\n  condition: %s\n  output: o\n  priority: WARNING\n",
		 cond);
	struct ruleset *rs = load(yaml);
	struct pushdown *pd = pushdown_build(rs, PRI_DEBUG);
	struct plan *pl = plan_build(pd, kfuncs);
	char *srcs[] = {"t.yaml"};
	struct emit_opts o = {MATCH_FIRST, srcs, 1, "abc", LANNER_GEN_VERSION};
	struct emit_result r;
	cr_assert_eq(emit_c(pl, &o, &r), 0);
	const char *f = strstr(r.text, "int lnr_r0(void)");
	cr_assert(f);
	const char *end = strstr(f, "\n}\n");
	cr_assert(end);
	char *fn = strndup(f, (size_t)(end - f) + 3);
	emit_result_free(&r);
	plan_free(pl);
	pushdown_free(pd);
	ruleset_free(rs);
	return fn;
}

/* Operands: a positive test that decides cheaply first, an exception (NOT) and a process-map
 * read after the fd.name tests. */
Test(pred_order, cheap_deciders_first)
{
	char *f =
		rule0_fn("evt.type = openat and not proc.name in (sshd, ssh) and fd.name contains "
			 "/.ssh/ and proc.pname = x",
			 true);
	const char *a = strstr(f, "/* fd.name contains /.ssh/"),
		   *b = strstr(f, "/* proc.pname = x"),
		   *c = strstr(f, "/* proc.name in (sshd, ssh)");
	cr_assert(a && b && c);
	cr_expect(a < b && b < c, "fd.name, then the parent, then the exception");
	free(f);
}

static size_t occurrences(const char *s, const char *w)
{
	size_t n = 0;
	for (const char *q = strstr(s, w); q; q = strstr(q + 1, w))
		n++;
	return n;
}

Test(shared_conjuncts, factored_once)
{
	char *f =
		rule0_fn("evt.type = execve and ((proc.name in (a, b) and proc.args startswith x) "
			 "or (proc.name in (a, b) and proc.args startswith y) or proc.exe "
			 "startswith /z or (proc.name in (a, c) and proc.args startswith w))",
			 true);
	cr_expect_eq(occurrences(f, "/* proc.name in (a, b) ["), 1, "%s", f);
	cr_expect_eq(occurrences(f, "the shared A tested once"), 1);
	cr_expect_eq(occurrences(f, "/* proc.name in (a, c) ["), 1, "not the same test");
	cr_expect_eq(occurrences(f, "/* proc.args startswith x ["), 1);
	cr_expect_eq(occurrences(f, "/* proc.args startswith y ["), 1);
	cr_expect_eq(occurrences(f, "/* proc.exe startswith /z ["), 1);
	free(f);
}

/* An ancestor walk (a process-map lookup per level) after contains tests of the command line
 * (the argv fetch, then a word scan or a callback per needle): nine alternatives of one value
 * are one chance of TRUE, not nine ("Reverse Shell from Web Server"). */
Test(pred_order, walk_after_cmdline_contains)
{
	char *f =
		rule0_fn("evt.type = execve and evt.dir = < and (proc.pname in (nginx, httpd) or "
			 "proc.aname[2] in (nginx, httpd) or proc.aname[3] in (nginx, httpd)) and "
			 "(proc.cmdline contains /dev/tcp/ or proc.cmdline contains \"nc -e\" or "
			 "proc.cmdline contains \"bash -i\" or proc.cmdline contains \"ruby "
			 "-rsocket\")",
			 false);
	const char *a = strstr(f, "/* proc.cmdline contains"), *b = strstr(f, "/* proc.pname in");
	cr_assert(a && b);
	cr_expect(a < b, "the command line's contains before the ancestors' names");
	free(f);
}
