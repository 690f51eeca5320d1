/* metrics.h — the agent's counters as one snapshot, rendered two ways: Prometheus text for
 * /metrics (httpd.h) and one "lanner: metrics: key=value ..." line for the periodic stderr
 * report. The event loop fills the snapshot (it owns the counters); rendering is pure.
 *
 * Names (all counters are totals since start, summed over reloads):
 *   lanner_kernel_events_total{stage="seen|sent|filtered_out"}   records built / written to the
 *       ring / events the generated filters removed in the kernel
 *   lanner_kernel_lost_total{cause="ring_full|skipped_by_kernel"} records lost in the full
 *       ring / events lost unseen: runs of the attached programs the kernel skipped (skips.h)
 *   lanner_kernel_degraded_total{cause=...}                       sent, but not whole
 *   lanner_userspace_records_total{kind="syscall|process|malformed|stale_generation"}
 *   lanner_userspace_rule_events_total, _evaluated_events_total, lanner_rule_evaluations_total
 *   lanner_alerts_total, lanner_kernel_decided_alerts_total
 *   lanner_rule_alerts_total{rule="...",priority="..."}           per rule
 *   lanner_output_total{channel="...",result="sent|dropped|failed"}, lanner_output_queued
 *   lanner_bpf_run_time_ns_total, lanner_bpf_runs_total           when bpf_stats is enabled
 *   lanner_reloads_total{result="ok|failed"}, lanner_rules_generation, lanner_attached
 */
#ifndef LANNER_WEB_METRICS_H
#define LANNER_WEB_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "events/counters.h"
#include "outputs/outputs.h"

struct metrics_rule {
	const char *name;
	int priority; /* enum priority */
	uint64_t alerts;
};

struct metrics_snapshot {
	struct kernel_counts k;
	uint64_t records, syscall_records, proc_records, malformed, stale_generation;
	uint64_t rule_events, evaluated, evals, alerts, kernel_decided;
	uint64_t reloads, reload_failures;
	uint32_t generation;
	bool attached;
	bool bpf_stats; /* run time/count below are meaningful */
	unsigned long long bpf_run_ns, bpf_runs;
	struct output_stats out[OUTPUTS_MAX];
	size_t nout;
	const struct metrics_rule *rules;
	size_t nrules;
};

void metrics_prometheus(const struct metrics_snapshot *m, struct strbuf *sb);
/* One line, no trailing newline: "lanner: metrics: events_seen=N ...". */
void metrics_line(const struct metrics_snapshot *m, struct strbuf *sb);

#endif
