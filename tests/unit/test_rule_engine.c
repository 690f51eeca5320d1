/* Rule engine (loader/rule_engine.c): metadata from rules (the --ship-all path), re-typing of
 * canonical conditions, and the per-event decision over the kernel verdict: v_first/v_maybe
 * skipping, kernel TRUE without evaluation, rule_matching first/all, priority threshold, and not
 * trusting maybe bits when `all` runs a bundle built for `first`. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval/rule_engine.h"

static const char yaml[] =
	"- rule: R0\n  desc: d\n  condition: evt.type = openat and proc.name = a\n"
	"  output: r0 %proc.name\n  priority: WARNING\n  tags: [z, b]\n"
	"- rule: R1\n  desc: d\n  condition: evt.type in (openat, close) and proc.name startswith "
	"a\n"
	"  output: r1\n  priority: NOTICE\n"
	"- rule: R2\n  desc: d\n  condition: proc.name = ab\n  output: r2\n  priority: DEBUG\n"
	"- rule: Off\n  desc: d\n  condition: proc.name = a\n  output: off\n  priority: DEBUG\n"
	"  enabled: false\n";

/* the fake event: an openat by process `name`; counts getter calls */
struct ev {
	const char *name;
	int calls;
};

static bool get(void *ctx, const struct operand *o, struct fieldval *out)
{
	struct ev *e = ctx;
	e->calls++;
	if (!o->field)
		return false;
	const char *v = !strcmp(o->field->name, "proc.name")  ? e->name
			: !strcmp(o->field->name, "evt.type") ? "openat"
							      : NULL;
	if (!v)
		return false;
	out->kind = FV_STR;
	out->s = v;
	out->len = strlen(v);
	return true;
}

struct hits {
	char names[8][16];
	int n;
};

static void on_alert(void *ctx, struct eng_rule *r)
{
	struct hits *h = ctx;
	if (h->n < 8)
		snprintf(h->names[h->n++], 16, "%s", r->m->name);
}

static struct lanner_options opt;

static void build(struct engine *e, const char *set_opt, bool matching_set, int built_matching)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	cr_assert_eq(ruleset_load_string(rs, "t.yaml", yaml, strlen(yaml), &d), 0);
	options_init(&opt);
	char err[256];
	if (set_opt)
		cr_assert_eq(options_set(&opt, set_opt, err, sizeof(err)), 0, "%s", err);
	struct lanner_options bo;
	options_init(&bo);
	bo.rule_matching = built_matching;
	struct bundle_meta m;
	cr_assert_eq(engine_meta_from_ruleset(rs, &bo, &m, err, sizeof(err)), 0, "%s", err);
	diags_free(&d);
	ruleset_free(rs);
	cr_assert_eq(engine_init(e, &m, "t.yaml", &opt, matching_set, err, sizeof(err)), 0, "%s",
		     err);
}

static int run(struct engine *e, int evt, unsigned first, int state, uint64_t maybe,
	       const char *name, struct hits *h, int *calls)
{
	struct lnr_hdr hd = {
		.v_first = (uint16_t)first, .v_state = (uint8_t)state, .v_maybe = maybe};
	struct ev ev = {.name = name};
	memset(h, 0, sizeof(*h));
	int n = engine_event(e, evt, &hd, get, &ev, on_alert, h);
	if (calls)
		*calls = ev.calls;
	return n;
}

Test(rule_engine, metadata_order_events_and_outputs)
{
	struct engine e;
	build(&e, NULL, false, MATCH_FIRST);
	cr_assert_eq(e.nrules, 3, "disabled rule left out");
	cr_assert_str_eq(e.rules[0].m->name, "R0");
	cr_assert_str_eq(e.rules[2].m->name, "R2");
	cr_assert_eq(e.rules[0].m->ntags, 2);
	const struct meta_event *op = e.ev[EVT_openat], *cl = e.ev[EVT_close], *rd = e.ev[EVT_read];
	cr_assert(op && cl && rd);
	cr_assert_eq(op->nrules, 3);
	cr_assert_eq(op->rules[0], 0);
	cr_assert_eq(op->rules[2], 2);
	cr_assert_eq(cl->nrules, 2);
	cr_assert_eq(cl->rules[0], 1);
	cr_assert_eq(rd->nrules, 1, "R2 has no event-type restriction");
	cr_assert(evtset_test(&e.want, EVT_execve));
	/* suggested output appended to the compiled format */
	struct obuf b = {0};
	for (size_t i = 0; i < e.rules[1].fmt->n; i++)
		if (!e.rules[1].fmt->toks[i].is_field)
			obuf_puts(&b, e.rules[1].fmt->toks[i].text);
	cr_assert(b.p && strstr(b.p, "container_id="), "%s", b.p ? b.p : "");
	free(b.p);
	engine_free(&e);
}

Test(rule_engine, first_matching_and_verdicts)
{
	struct engine e;
	struct hits h;
	int calls;
	build(&e, NULL, false, MATCH_FIRST);
	/* NONE: nothing, no evaluation */
	cr_assert_eq(run(&e, EVT_openat, 0, LNR_V_NONE, ~0ull, "a", &h, &calls), 0);
	cr_assert_eq(calls, 0);
	/* UNKNOWN from 0: R0 matches first */
	cr_assert_eq(run(&e, EVT_openat, 0, LNR_V_UNKNOWN, ~0ull, "a", &h, NULL), 1);
	cr_assert_str_eq(h.names[0], "R0");
	/* v_first = 1: R0 never looked at; R1 matches "ab" */
	cr_assert_eq(run(&e, EVT_openat, 1, LNR_V_UNKNOWN, ~0ull, "ab", &h, NULL), 1);
	cr_assert_str_eq(h.names[0], "R1");
	/* maybe bit of R1 (position 1 = bit 0 from first 1) clear: skipped, R2 alerts */
	cr_assert_eq(run(&e, EVT_openat, 1, LNR_V_UNKNOWN, 0x2, "ab", &h, NULL), 1);
	cr_assert_str_eq(h.names[0], "R2");
	/* kernel TRUE for the first: alert without calling the getter */
	cr_assert_eq(run(&e, EVT_openat, 2, LNR_V_TRUE, 0x1, "zzz", &h, &calls), 1);
	cr_assert_eq(calls, 0);
	cr_assert_str_eq(h.names[0], "R2");
	cr_assert_eq(e.kernel_true, 1);
	/* no rule matches */
	cr_assert_eq(run(&e, EVT_openat, 0, LNR_V_UNKNOWN, ~0ull, "x", &h, NULL), 0);
	/* event type without rules */
	cr_assert_eq(run(&e, EVT_COUNT + 5, 0, LNR_V_UNKNOWN, ~0ull, "a", &h, NULL), 0);
	engine_free(&e);
}

Test(rule_engine, all_matching)
{
	struct engine e;
	struct hits h;
	build(&e, "rule_matching=all", true, MATCH_ALL);
	cr_assert_eq(run(&e, EVT_openat, 0, LNR_V_UNKNOWN, ~0ull, "ab", &h, NULL), 2);
	cr_assert_str_eq(h.names[0], "R1");
	cr_assert_str_eq(h.names[1], "R2");
	/* maybe bits honoured when the bundle was built for all */
	cr_assert_eq(run(&e, EVT_openat, 0, LNR_V_UNKNOWN, 0x4, "ab", &h, NULL), 1);
	cr_assert_str_eq(h.names[0], "R2");
	engine_free(&e);
}

Test(rule_engine, all_over_a_first_bundle_distrusts_maybe)
{
	struct engine e;
	struct hits h;
	build(&e, "rule_matching=all", true, MATCH_FIRST);
	cr_assert(e.distrust_maybe);
	/* the kernel stopped at R0 (TRUE) and left later bits clear: R1, R2 still evaluated */
	cr_assert_eq(run(&e, EVT_openat, 0, LNR_V_TRUE, 0x1, "a", &h, NULL), 2);
	cr_assert_str_eq(h.names[0], "R0");
	cr_assert_str_eq(h.names[1], "R1");
	engine_free(&e);
}

Test(rule_engine, priority_threshold)
{
	struct engine e;
	struct hits h;
	build(&e, "priority=notice", false, MATCH_FIRST);
	cr_assert(!e.rules[2].active);
	cr_assert(!evtset_test(&e.want, EVT_read), "only R2 (debug) is indexed under read");
	cr_assert_eq(run(&e, EVT_openat, 2, LNR_V_UNKNOWN, ~0ull, "ab", &h, NULL), 0);
	engine_free(&e);
}

Test(rule_engine, bad_condition_is_refused)
{
	struct engine e;
	struct bundle_meta m = {0};
	char err[256];
	options_init(&opt);
	m.format = BUNDLE_META_FORMAT;
	m.rules = calloc(1, sizeof(*m.rules));
	m.nrules = 1;
	m.rules[0].name = strdup("Broken");
	m.rules[0].condition = strdup("proc.nope = x");
	m.rules[0].output = strdup("o");
	m.rules[0].priority = PRI_WARNING;
	cr_assert_eq(engine_init(&e, &m, "b.lnb", &opt, false, err, sizeof(err)), -1);
	cr_assert(strstr(err, "b.lnb") && strstr(err, "Broken"), "%s", err);
	engine_free(&e);
}

/* Per-rule kernel verdicts: v_true marks the maybe rules the kernel found TRUE; userspace
 * evaluates only the others, in order, and with `first` a kernel-TRUE rule decides once every
 * earlier maybe rule evaluated FALSE. */
Test(rule_engine, per_rule_true_bits)
{
	struct engine e;
	build(&e, "rule_matching=all", true, MATCH_ALL);
	/* R0 UNKNOWN, R1 and R2 kernel TRUE: only R0 evaluated; "zz" fails R0, R1 and R2 alert
	 * without evaluation */
	struct lnr_hdr hd = {.v_first = 0, .v_state = LNR_V_UNKNOWN, .v_maybe = 0x7, .v_true = 0x6};
	struct ev ev = {.name = "zz"};
	struct hits h = {0};
	uint64_t evals = e.evals;
	cr_assert_eq(engine_event(&e, EVT_openat, &hd, get, &ev, on_alert, &h), 2);
	cr_assert_eq(e.evals - evals, 1, "only the UNKNOWN rule is evaluated");
	cr_assert_str_eq(h.names[0], "R1");
	cr_assert_str_eq(h.names[1], "R2");
	engine_free(&e);

	build(&e, NULL, false, MATCH_FIRST);
	/* first: R0 UNKNOWN is evaluated first; "a" matches it, R1's TRUE bit is not used */
	struct lnr_hdr h2 = {.v_first = 0, .v_state = LNR_V_UNKNOWN, .v_maybe = 0x3, .v_true = 0x2};
	ev = (struct ev){.name = "a"};
	memset(&h, 0, sizeof(h));
	cr_assert_eq(engine_event(&e, EVT_openat, &h2, get, &ev, on_alert, &h), 1);
	cr_assert_str_eq(h.names[0], "R0");
	/* "b": R0 evaluates FALSE, then the kernel-TRUE R1 decides without evaluation */
	ev = (struct ev){.name = "b"};
	memset(&h, 0, sizeof(h));
	evals = e.evals;
	cr_assert_eq(engine_event(&e, EVT_openat, &h2, get, &ev, on_alert, &h), 1);
	cr_assert_str_eq(h.names[0], "R1");
	cr_assert_eq(e.evals - evals, 1);
	engine_free(&e);
}
