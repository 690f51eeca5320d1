/* drop_alerts.h — Falco's syscall event drop alerts while running (Falco's syscall_evt_drop_mgr,
 * configured by syscall_event_drops).
 *
 * Once a second the kernel counters are read; when events were lost — records the full ring could
 * not take (lost_ring_full), or runs of the attached programs the kernel skipped
 * (skipped_by_kernel, events/skips.h: the event was never seen) — and the lost share of that
 * second's events exceeds `threshold` (or simulate_drops), and the token bucket (`rate` per
 * second, at most `max_burst`) allows, the configured actions run:
 *   log    one line on stderr;
 *   alert  Falco's internal alert through every output: rule "Falco internal: syscall event
 *          drop", priority Debug, source "internal", message
 *          "Falco internal: syscall event drop. N system calls dropped in last second." and
 *          Falco's output fields (all strings): ebpf_enabled, n_drops (every loss: ring-full
 *          drops and skipped runs), n_drops_buffer_total (the ring-full drops),
 *          n_drops_buffer_{clone_fork,execve,connect,open,dir_file,other_interest,close,proc}_exit
 *          (the kernel counts ring-full drops by Falco's syscall categories; like Falco's, they
 *          may sum to less than the total), n_drops_bug, n_drops_page_faults,
 *          n_drops_scratch_map (0: Lanner loses events for no such cause), n_evts (events seen,
 *          and the skipped ones). A skipped run has no category (the kernel skipped it before
 *          the program could tell what it was) and no field of its own in Falco's alert: it is
 *          in n_drops only, so n_drops may exceed n_drops_buffer_total, which Falco's never does;
 *          like Falco's, the fields may sum to less than n_drops;
 *   exit   lanner stops (drop_alerts_check returns false).
 * Difference from Falco, so that nothing is lost silently: the counts are those since the last
 * action, not only the last second's — drops in seconds the rate limit or the threshold skipped
 * are carried into the next alert, so the alerts' n_drops add up to the kernel line's
 * lost_ring_full + skipped_by_kernel. When those drops span more than the last second the message
 * says "in last N seconds". */
#ifndef LANNER_DROP_ALERTS_H
#define LANNER_DROP_ALERTS_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "events/counters.h"
#include "outputs/outputs.h"

struct drop_alerts {
	struct cfg_drops cfg;
	const struct lanner_options *opt;
	struct kernel_counts last;     /* at the previous check */
	uint64_t acc_evts, acc_drops;  /* since the last action (both count the skipped runs) */
	uint64_t acc_skips;	       /* the skipped runs among acc_drops */
	uint64_t acc_cat[8];	       /* ring-full drops by category (lnr_counters.drop_cat) */
	double next_check, prev_check; /* monotonic seconds */
	double first_drop; /* start of the first second with drops since the last action; 0: none */
	double tokens, tokens_at;
	uint64_t detected, actions; /* seconds over the threshold; actions taken */
	bool final; /* the last check, after the sensor is detached: what was carried (under the
		     * threshold or the rate limit) is reported too, so every loss is alerted */
};

void drop_alerts_init(struct drop_alerts *d, const struct cfg_drops *cfg,
		      const struct lanner_options *opt, const struct kernel_counts *now,
		      double mono);

/* Call often (each poll); does its work once a second. now_ns: epoch time for the alert.
 * Returns false when the exit action asks lanner to stop. */
bool drop_alerts_check(struct drop_alerts *d, const struct kernel_counts *now, double mono,
		       uint64_t now_ns, struct outputs *out);

/* The alert string for `drops` lost out of `evts` over `window_s` seconds, `skipped` of them runs
 * the kernel skipped (the rest lost in the ring), cat[8] of the ring's by category (LNR_DCAT_* - 1;
 * NULL: zeros). Exposed for tests. */
char *drop_alert_text(uint64_t ts_ns, uint64_t evts, uint64_t drops, uint64_t skipped,
		      const uint64_t *cat, double window_s, const struct lanner_options *opt,
		      const char *hostname);

/* "lanner: syscall event drops: detected=N actions=N" */
void drop_alerts_print(const struct drop_alerts *d, FILE *f);

#endif
