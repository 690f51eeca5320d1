/* drop_alerts.c — see drop_alerts.h. */
#include "outputs/drop_alerts.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outputs/format.h"

#define DROP_RULE "Falco internal: syscall event drop"

void drop_alerts_init(struct drop_alerts *d, const struct cfg_drops *cfg,
		      const struct lanner_options *opt, const struct kernel_counts *now,
		      double mono)
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

char *drop_alert_text(uint64_t ts_ns, uint64_t evts, uint64_t drops, uint64_t skipped,
		      const uint64_t *cat, double window_s, const struct lanner_options *opt,
		      const char *hostname)
{
	char msg[256], v[16][24];
	long secs = (long)(window_s + 0.5);
	if (secs <= 1)
		snprintf(msg, sizeof(msg), "%s. %" PRIu64 " system calls dropped in last second.",
			 DROP_RULE, drops);
	else
		snprintf(msg, sizeof(msg),
			 "%s. %" PRIu64 " system calls dropped in last %ld seconds.", DROP_RULE,
			 drops, secs);
	/* sorted, as Falco's JSON object keeps them; the categories in LNR_DCAT_* order */
	static const char *const keys[] = {"ebpf_enabled",
					   "n_drops",
					   "n_drops_buffer_clone_fork_exit",
					   "n_drops_buffer_close_exit",
					   "n_drops_buffer_connect_exit",
					   "n_drops_buffer_dir_file_exit",
					   "n_drops_buffer_execve_exit",
					   "n_drops_buffer_open_exit",
					   "n_drops_buffer_other_interest_exit",
					   "n_drops_buffer_proc_exit",
					   "n_drops_buffer_total",
					   "n_drops_bug",
					   "n_drops_page_faults",
					   "n_drops_scratch_map",
					   "n_evts"};
	/* the index in cat[] (LNR_DCAT_* - 1) of keys[2..9] */
	static const int cat_of_key[8] = {0, 6, 2, 4, 1, 3, 5, 7};
	const char *vals[15];
	snprintf(v[0], sizeof(v[0]), "%" PRIu64, drops);
	snprintf(v[1], sizeof(v[1]), "%" PRIu64, evts);
	vals[0] = "1";
	vals[1] = v[0];
	for (int i = 0; i < 8; i++) {
		snprintf(v[2 + i], sizeof(v[2 + i]), "%" PRIu64, cat ? cat[cat_of_key[i]] : 0);
		vals[2 + i] = v[2 + i];
	}
	snprintf(v[10], sizeof(v[10]), "%" PRIu64, skipped < drops ? drops - skipped : 0);
	vals[10] = v[10];
	vals[11] = vals[12] = vals[13] = "0";
	vals[14] = v[1];
	return output_internal_msg(ts_ns, PRI_DEBUG, DROP_RULE, msg, keys, vals, 15, opt, hostname);
}

bool drop_alerts_check(struct drop_alerts *d, const struct kernel_counts *now, double mono,
		       uint64_t now_ns, struct outputs *out)
{
	if (mono < d->next_check)
		return true;
	d->next_check = mono + 1;
	double second_began = d->prev_check;
	d->prev_check = mono;
	/* a skipped run is an event lost unseen: not in `seen`, so counted in both */
	uint64_t skips = now->skipped_by_kernel - d->last.skipped_by_kernel;
	uint64_t evts = now->c.seen - d->last.c.seen + skips;
	uint64_t drops = now->c.drop_ring - d->last.c.drop_ring + skips;
	for (int i = 0; i < 8; i++)
		d->acc_cat[i] += now->c.drop_cat[i] - d->last.c.drop_cat[i];
	d->last = *now;
	d->acc_evts += evts;
	d->acc_drops += drops;
	d->acc_skips += skips;
	if (d->cfg.simulate_drops) {
		drops++;
		d->acc_drops++;
	}
	if (drops && !d->first_drop)
		d->first_drop = second_began;
	if (d->final && d->acc_drops && !drops)
		drops = d->acc_drops; /* carried losses, reported at the last check */
	if (!drops || (d->cfg.actions & DROP_ACT_IGNORE))
		return true;
	/* the events counted include the lost ones */
	double ratio = evts ? (double)drops / (double)evts : 1.0;
	if (!d->final && !d->cfg.simulate_drops && ratio <= d->cfg.threshold)
		return true;
	d->detected++;
	if (!claim(d, mono) && !d->final)
		return true;
	d->actions++;
	double window = mono - d->first_drop;
	bool go_on = true;
	if (d->cfg.actions & DROP_ACT_LOG)
		fprintf(stderr,
			"lanner: syscall event drop: %" PRIu64 " of %" PRIu64
			" events lost (%" PRIu64 " ring buffer full, %" PRIu64
			" skipped by the kernel) in the last %.0f s\n",
			d->acc_drops, d->acc_evts, d->acc_drops - d->acc_skips, d->acc_skips,
			window);
	if (d->cfg.actions & DROP_ACT_ALERT) {
		char *s = drop_alert_text(now_ns, d->acc_evts, d->acc_drops, d->acc_skips,
					  d->acc_cat, window, d->opt, NULL);
		outputs_send(out, PRI_DEBUG, s);
		free(s);
	}
	if (d->cfg.actions & DROP_ACT_EXIT) {
		fprintf(stderr, "lanner: syscall event drop: exiting (syscall_event_drops.actions "
				"has exit)\n");
		go_on = false;
	}
	d->acc_evts = d->acc_drops = d->acc_skips = 0;
	memset(d->acc_cat, 0, sizeof(d->acc_cat));
	d->first_drop = 0;
	return go_on;
}

void drop_alerts_print(const struct drop_alerts *d, FILE *f)
{
	fprintf(f, "lanner: syscall event drops: detected=%" PRIu64 " actions=%" PRIu64 "\n",
		d->detected, d->actions);
}
