/* drop_alerts.c — see drop_alerts.h. */
#include "outputs/drop_alerts.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outputs/format.h"

#define DROP_RULE "Falco internal: syscall event drop"

void drop_alerts_init(struct drop_alerts *d, const struct cfg_drops *cfg,
		      const struct lanner_options *opt, const struct lnr_counters *now, double mono)
{
	memset(d, 0, sizeof(*d));
	d->cfg = *cfg;
	d->opt = opt;
	d->last = *now;
	d->next_check = mono + 1;
	d->prev_check = mono;
	d->tokens = cfg->max_burst;
	d->tokens_at = mono;
}

static bool claim(struct drop_alerts *d, double mono)
{
	d->tokens += (mono - d->tokens_at) * d->cfg.rate;
	if (d->tokens > d->cfg.max_burst)
		d->tokens = d->cfg.max_burst;
	d->tokens_at = mono;
	if (d->tokens < 1)
		return false;
	d->tokens -= 1;
	return true;
}

char *drop_alert_text(uint64_t ts_ns, uint64_t evts, uint64_t drops, double window_s,
		      const struct lanner_options *opt, const char *hostname)
{
	char msg[256], e[24], n[24];
	long secs = (long)(window_s + 0.5);
	if (secs <= 1)
		snprintf(msg, sizeof(msg), "%s. %" PRIu64 " system calls dropped in last second.",
			 DROP_RULE, drops);
	else
		snprintf(msg, sizeof(msg),
			 "%s. %" PRIu64 " system calls dropped in last %ld seconds.", DROP_RULE,
			 drops, secs);
	snprintf(e, sizeof(e), "%" PRIu64, evts);
	snprintf(n, sizeof(n), "%" PRIu64, drops);
	/* sorted, as Falco's JSON object keeps them */
	const char *const keys[] = {"ebpf_enabled",
				    "n_drops",
				    "n_drops_buffer_total",
				    "n_drops_bug",
				    "n_drops_page_faults",
				    "n_drops_scratch_map",
				    "n_evts"};
	const char *const vals[] = {"1", n, n, "0", "0", "0", e};
	return output_internal_msg(ts_ns, PRI_DEBUG, DROP_RULE, msg, keys, vals, 7, opt, hostname);
}

bool drop_alerts_check(struct drop_alerts *d, const struct lnr_counters *now, double mono,
		       uint64_t now_ns, struct outputs *out)
{
	if (mono < d->next_check)
		return true;
	d->next_check = mono + 1;
	double second_began = d->prev_check;
	d->prev_check = mono;
	uint64_t evts = now->seen - d->last.seen, drops = now->drop_ring - d->last.drop_ring;
	d->last = *now;
	d->acc_evts += evts;
	d->acc_drops += drops;
	if (d->cfg.simulate_drops) {
		drops++;
		d->acc_drops++;
	}
	if (drops && !d->first_drop)
		d->first_drop = second_began;
	if (!drops || (d->cfg.actions & DROP_ACT_IGNORE))
		return true;
	/* the events counted include the lost ones */
	double ratio = evts ? (double)drops / (double)evts : 1.0;
	if (!d->cfg.simulate_drops && ratio <= d->cfg.threshold)
		return true;
	d->detected++;
	if (!claim(d, mono))
		return true;
	d->actions++;
	double window = mono - d->first_drop;
	bool go_on = true;
	if (d->cfg.actions & DROP_ACT_LOG)
		fprintf(stderr,
			"lanner: syscall event drop: %" PRIu64 " of %" PRIu64
			" records lost (ring buffer full) in the last %.0f s\n",
			d->acc_drops, d->acc_evts, window);
	if (d->cfg.actions & DROP_ACT_ALERT) {
		char *s = drop_alert_text(now_ns, d->acc_evts, d->acc_drops, window, d->opt, NULL);
		outputs_send(out, PRI_DEBUG, s);
		free(s);
	}
	if (d->cfg.actions & DROP_ACT_EXIT) {
		fprintf(stderr, "lanner: syscall event drop: exiting (syscall_event_drops.actions "
				"has exit)\n");
		go_on = false;
	}
	d->acc_evts = d->acc_drops = 0;
	d->first_drop = 0;
	return go_on;
}

void drop_alerts_print(const struct drop_alerts *d, FILE *f)
{
	fprintf(f, "lanner: syscall event drops: detected=%" PRIu64 " actions=%" PRIu64 "\n",
		d->detected, d->actions);
}
