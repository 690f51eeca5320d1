/* Tests of loader/web/metrics.c (Prometheus text, stderr line), rule_tally.c (per-rule counts
 * summed by name over engines) and common/numparse.c (strict numbers). */
#include <criterion/criterion.h>
#include <string.h>

#include "common/numparse.h"
#include "web/metrics.h"
#include "web/rule_tally.h"

Test(metrics, rule_labels_escaped_and_counted)
{
	struct metrics_rule rules[] = {{"a \"quoted\" \\ rule\nx", 4, 7}};
	struct metrics_snapshot m = {.rules = rules, .nrules = 1, .attached = true};
	m.k.c.filtered = 12;
	struct strbuf sb = {0};
	metrics_prometheus(&m, &sb);
	cr_assert(strstr(sb.s, "lanner_rule_alerts_total{rule=\"a \\\"quoted\\\" \\\\ rule\\nx\","
			       "priority=\"Warning\"} 7\n"),
		  "%s", sb.s);
	cr_assert(strstr(sb.s, "lanner_kernel_events_total{stage=\"filtered_out\"} 12\n"));
	cr_assert(strstr(sb.s, "lanner_attached 1\n"));
	cr_assert(!strstr(sb.s, "lanner_bpf_run_time_ns_total"), "no bpf_stats: no run time");
	sb_free(&sb);
	metrics_line(&m, &sb);
	cr_assert(!strncmp(sb.s, "lanner: metrics: events_seen=0 ", 31), "%s", sb.s);
	cr_assert(!strchr(sb.s, '\n'));
	sb_free(&sb);
}

Test(metrics, tally_sums_by_name)
{
	struct meta_rule mr[2] = {{.name = "A", .priority = 3}, {.name = "B", .priority = 4}};
	struct eng_rule er1[2] = {{.m = &mr[0], .alerts = 2}, {.m = &mr[1], .alerts = 1}};
	struct eng_rule er2[1] = {{.m = &mr[1], .alerts = 5}};
	struct engine e1 = {.rules = er1, .nrules = 2}, e2 = {.rules = er2, .nrules = 1};
	struct rule_tally t = {0}, c = {0};
	tally_add_engine(&t, &e1);
	tally_add_engine(&t, &e2);
	tally_add_engine(&t, NULL);
	cr_assert_eq(t.n, 2);
	cr_assert_eq(t.v[0].alerts, 2);
	cr_assert_eq(t.v[1].alerts, 6);
	tally_copy(&c, &t);
	cr_assert_eq(c.n, 2);
	cr_assert_eq(c.v[1].alerts, 6);
	tally_free(&t);
	tally_free(&c);
}

Test(numparse, strict)
{
	unsigned long long v;
	double d;
	char err[256];
	cr_assert(parse_uint_range("x", "16", 1, 1024, &v, err, sizeof(err)) && v == 16);
	const char *bad_uint[] = {"",	"abc",	"-1", "1e3",  " 4",
				  "4 ", "0x10", "0",  "2048", "99999999999999999999999"};
	for (size_t i = 0; i < sizeof(bad_uint) / sizeof(bad_uint[0]); i++)
		cr_assert(!parse_uint_range("x", bad_uint[i], 1, 1024, &v, err, sizeof(err)), "%s",
			  bad_uint[i]);
	cr_assert(parse_seconds("-M", "2.5", 1e9, &d, err, sizeof(err)) && d == 2.5);
	cr_assert(parse_seconds("-M", "0", 1e9, &d, err, sizeof(err)) && d == 0);
	const char *bad_s[] = {"", "abc", "-1", "1e999", "inf", "nan", "1x", ".", "1.2.3", "2e9"};
	for (size_t i = 0; i < sizeof(bad_s) / sizeof(bad_s[0]); i++)
		cr_assert(!parse_seconds("-M", bad_s[i], 1e9, &d, err, sizeof(err)), "%s",
			  bad_s[i]);
}

Test(metrics, skipped_runs_are_a_loss)
{
	struct metrics_snapshot m = {.attached = true};
	m.k.c.drop_ring = 3;
	m.k.skipped_by_kernel = 4;
	struct strbuf sb = {0};
	metrics_prometheus(&m, &sb);
	cr_assert(strstr(sb.s, "lanner_kernel_lost_total{cause=\"ring_full\"} 3\n"), "%s", sb.s);
	cr_assert(strstr(sb.s, "lanner_kernel_lost_total{cause=\"skipped_by_kernel\"} 4\n"), "%s",
		  sb.s);
	cr_assert(!strstr(sb.s, "degraded_total{cause=\"skipped_by_kernel\"}"), "%s", sb.s);
	sb_free(&sb);
	metrics_line(&m, &sb);
	cr_assert(strstr(sb.s, " lost_ring_full=3 skipped_by_kernel=4 "), "%s", sb.s);
	sb_free(&sb);
}
