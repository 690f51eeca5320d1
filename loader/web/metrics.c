/* metrics.c — see metrics.h. */
#include "web/metrics.h"

#include "events/counters.h"
#include "rules.h"

/* A label value: backslash, double quote and newline escaped, as the text format requires. */
static void label(struct strbuf *sb, const char *v)
{
	for (; v && *v; v++) {
		if (*v == '\\' || *v == '"')
			sb_addc(sb, '\\');
		if (*v == '\n') {
			sb_add(sb, "\\n");
			continue;
		}
		sb_addc(sb, *v);
	}
}

static void head(struct strbuf *sb, const char *name, const char *type, const char *help)
{
	sb_addf(sb, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void one(struct strbuf *sb, const char *name, const char *type, const char *help,
		unsigned long long v)
{
	head(sb, name, type, help);
	sb_addf(sb, "%s %llu\n", name, v);
}

static void kernel(const struct metrics_snapshot *m, struct strbuf *sb)
{
	const struct lnr_counters *k = &m->k.c;
	head(sb, "lanner_kernel_events_total", "counter",
	     "Kernel records built (seen), written to the ring (sent), and events the rule "
	     "filters removed in the kernel (filtered_out).");
	sb_addf(sb,
		"lanner_kernel_events_total{stage=\"seen\"} %llu\n"
		"lanner_kernel_events_total{stage=\"sent\"} %llu\n"
		"lanner_kernel_events_total{stage=\"filtered_out\"} %llu\n",
		(unsigned long long)k->seen, (unsigned long long)k->sent,
		(unsigned long long)k->filtered);
	head(sb, "lanner_kernel_lost_total", "counter",
	     "Records the kernel could not deliver (ring_full), events no program saw because the "
	     "kernel skipped its run (skipped_by_kernel).");
	sb_addf(sb,
		"lanner_kernel_lost_total{cause=\"ring_full\"} %llu\n"
		"lanner_kernel_lost_total{cause=\"skipped_by_kernel\"} %llu\n",
		(unsigned long long)k->drop_ring, (unsigned long long)m->k.skipped_by_kernel);
	head(sb, "lanner_kernel_degraded_total", "counter",
	     "Records sent incomplete or with a missing piece, per cause.");
	for (size_t i = 0; i < kernel_ncounters; i++)
		if (kernel_counters[i].degraded)
			sb_addf(sb, "lanner_kernel_degraded_total{cause=\"%s\"} %llu\n",
				kernel_counters[i].name,
				(unsigned long long)kernel_counter_value(&m->k,
									 &kernel_counters[i]));
}

static void userspace(const struct metrics_snapshot *m, struct strbuf *sb)
{
	head(sb, "lanner_userspace_records_total", "counter",
	     "Records read from the ring, per kind.");
	sb_addf(sb,
		"lanner_userspace_records_total{kind=\"syscall\"} %llu\n"
		"lanner_userspace_records_total{kind=\"process\"} %llu\n"
		"lanner_userspace_records_total{kind=\"malformed\"} %llu\n"
		"lanner_userspace_records_total{kind=\"stale_generation\"} %llu\n",
		(unsigned long long)m->syscall_records, (unsigned long long)m->proc_records,
		(unsigned long long)m->malformed, (unsigned long long)m->stale_generation);
	one(sb, "lanner_userspace_rule_events_total", "counter",
	    "Events that reached userspace with a rule verdict.", m->rule_events);
	one(sb, "lanner_userspace_evaluated_events_total", "counter",
	    "Events on which the userspace evaluator ran.", m->evaluated);
	one(sb, "lanner_rule_evaluations_total", "counter", "Userspace condition evaluations.",
	    m->evals);
	one(sb, "lanner_alerts_total", "counter", "Alerts raised.", m->alerts);
	one(sb, "lanner_kernel_decided_alerts_total", "counter",
	    "Alerts the kernel decided alone (no userspace evaluation).", m->kernel_decided);
	head(sb, "lanner_rule_alerts_total", "counter", "Alerts raised, per rule.");
	for (size_t i = 0; i < m->nrules; i++) {
		sb_add(sb, "lanner_rule_alerts_total{rule=\"");
		label(sb, m->rules[i].name);
		sb_addf(sb, "\",priority=\"%s\"} %llu\n",
			priority_name((enum priority)m->rules[i].priority),
			(unsigned long long)m->rules[i].alerts);
	}
}

void metrics_prometheus(const struct metrics_snapshot *m, struct strbuf *sb)
{
	one(sb, "lanner_attached", "gauge", "1 while the kernel programs are attached.",
	    m->attached);
	kernel(m, sb);
	userspace(m, sb);
	head(sb, "lanner_output_total", "counter",
	     "Alerts per output channel: delivered, dropped (queue full) or failed.");
	for (size_t i = 0; i < m->nout; i++) {
		const struct output_stats *o = &m->out[i];
		sb_addf(sb,
			"lanner_output_total{channel=\"%s\",result=\"sent\"} %llu\n"
			"lanner_output_total{channel=\"%s\",result=\"dropped\"} %llu\n"
			"lanner_output_total{channel=\"%s\",result=\"failed\"} %llu\n",
			o->name, (unsigned long long)o->sent, o->name,
			(unsigned long long)o->dropped, o->name, (unsigned long long)o->failed);
	}
	head(sb, "lanner_output_queued", "gauge", "Alerts waiting in each channel's queue.");
	for (size_t i = 0; i < m->nout; i++)
		sb_addf(sb, "lanner_output_queued{channel=\"%s\"} %llu\n", m->out[i].name,
			(unsigned long long)m->out[i].queued);
	if (m->bpf_stats) {
		one(sb, "lanner_bpf_run_time_ns_total", "counter",
		    "Run time of Lanner's BPF programs (kernel bpf_stats).", m->bpf_run_ns);
		one(sb, "lanner_bpf_runs_total", "counter", "Runs of Lanner's BPF programs.",
		    m->bpf_runs);
	}
	head(sb, "lanner_reloads_total", "counter", "Rules reloads, per result.");
	sb_addf(sb,
		"lanner_reloads_total{result=\"ok\"} %llu\n"
		"lanner_reloads_total{result=\"failed\"} %llu\n",
		(unsigned long long)m->reloads, (unsigned long long)m->reload_failures);
	one(sb, "lanner_rules_generation", "gauge",
	    "Generation of the running rules (records carry it, mod 256).", m->generation);
}

void metrics_line(const struct metrics_snapshot *m, struct strbuf *sb)
{
	const struct lnr_counters *k = &m->k.c;
	uint64_t out_dropped = 0, out_failed = 0;
	for (size_t i = 0; i < m->nout; i++) {
		out_dropped += m->out[i].dropped;
		out_failed += m->out[i].failed;
	}
	sb_addf(sb,
		"lanner: metrics: events_seen=%llu events_sent=%llu filtered_out=%llu "
		"lost_ring_full=%llu skipped_by_kernel=%llu records=%llu rule_events=%llu "
		"evaluated=%llu rule_evals=%llu alerts=%llu kernel_decided=%llu "
		"output_dropped=%llu output_failed=%llu reloads=%llu reload_failures=%llu",
		(unsigned long long)k->seen, (unsigned long long)k->sent,
		(unsigned long long)k->filtered, (unsigned long long)k->drop_ring,
		(unsigned long long)m->k.skipped_by_kernel, (unsigned long long)m->records,
		(unsigned long long)m->rule_events, (unsigned long long)m->evaluated,
		(unsigned long long)m->evals, (unsigned long long)m->alerts,
		(unsigned long long)m->kernel_decided, (unsigned long long)out_dropped,
		(unsigned long long)out_failed, (unsigned long long)m->reloads,
		(unsigned long long)m->reload_failures);
	if (m->bpf_stats)
		sb_addf(sb, " bpf_run_ns=%llu bpf_runs=%llu", m->bpf_run_ns, m->bpf_runs);
}
