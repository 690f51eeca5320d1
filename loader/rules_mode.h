/* rules_mode.h — `lanner -b BUNDLE` / `lanner -r RULES...` (the command line is main.c's): load a
 * bundle (or compile one from rules files, rules_cache.h; or, with --ship-all, run the rules wholly
 * in userspace over the embedded sensor), attach, and print Falco alerts for matching events
 * (rule_engine.h).
 *
 * Statistics on exit, on stderr, one line each (the benchmarks parse them):
 *   lanner: kernel: events=N sent=N lost_ring_full=N ...      (sensor_print_counters)
 *   lanner: userspace: records=N syscall_records=N proc_records=N rule_events=N evaluated=N
 *           rule_evals=N alerts=N kernel_decided=N malformed=N lost=N
 * records: everything read from the ring; syscall_records: syscall events among them (the rest
 * are exec/fork/exit records that keep the process table current); rule_events: events that
 * carried a TRUE/UNKNOWN verdict (all events of enabled types with --ship-all); evaluated: events
 * on which the userspace evaluator ran; rule_evals: condition evaluations; alerts: alerts
 * printed; kernel_decided: alerts the kernel decided alone (no userspace evaluation); lost: records
 * the kernel could not put in the full ring (= lost_ring_full); reloads / reload_failures: rules
 * reloads (SIGHUP, a watched file changed; reload/reload.h); stale_generation: records of rules
 * neither the running nor the previous generation (not decided, counted). Counters are summed
 * over reloads.
 *
 * Health and metrics (web/httpd.h, web/metrics.h): the webserver.* keys start /healthz and
 * /metrics; --stats-interval or metrics.interval print "lanner: metrics: ..." periodically. Then
 * the outputs' line (outputs_print_stats) and the drop monitor's (drop_alerts_print). Readiness:
 * the start-up line on stderr contains "loaded and attached in N ms".
 *
 * Alerts go through the configured outputs (outputs.h): a stalled channel never delays the
 * event loop. Ring losses and program runs the kernel skipped raise Falco's syscall event drop
 * alerts while running (drop_alerts.h).
 */
#ifndef LANNER_RULES_MODE_H
#define LANNER_RULES_MODE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

struct rules_run_opts {
	const char *bundle; /* run this bundle ... */
	char *const *rules; /* ... or compile these rules files (one of the two) */
	size_t nrules;
	bool dry;      /* load, verify, attach, exit */
	bool ship_all; /* no kernel filtering (rules only) */
	bool verbose;  /* libbpf diagnostics */
	double max_s;  /* stop after that long; 0 = run until SIGINT/SIGTERM */
	/* SIGHUP reloads the rules; so does a change of a rules file (or the bundle) unless
	 * no_watch (Falco's watch_config_files) */
	bool no_watch;
	double stats_interval; /* > 0: the counters on stderr every that many seconds */
	/* a -b bundle must be signed by this key (PEM); bundles lanner compiles itself from -r
	 * are built on this node and need no signature */
	const char *trusted_key;
	/* where the configuration came from (-c FILE or NULL, then the -o overrides): a reload
	 * reads its `rules:` selections again */
	const char *config;
	char *const *overrides;
	size_t noverrides;
};

/* Runs the rules with the configuration (its `rules:` selections are taken from cfg). Returns
 * the process exit status. */
int rules_run(struct lanner_config *cfg, const struct rules_run_opts *ro);

#endif
