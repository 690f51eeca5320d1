/* rules_mode.c — see rules_mode.h. */
#include "rules_mode.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "common/privileges.h"
#include "common/progress.h"
#include "events/bundle_maps.h"
#include "events/kernel_features.h"
#include "bundle_meta.h"
#include "containers/container_meta.h"
#include "diag.h"
#include "eval/fields_extract.h"
#include "outputs/drop_alerts.h"
#include "outputs/format.h"
#include "outputs/outputs.h"
#include "events/record.h"
#include "eval/rule_engine.h"
#include "reload/reload.h"
#include "reload/watch.h"
#include "rules_cache.h"
#include "web/httpd.h"
#include "web/metrics.h"
#include "web/rule_tally.h"
#include "events/session.h"
#include "containers/userdb.h"
#include "containers/meta_push.h"
#include "common/xalloc.h"
#include "config/rule_select.h"
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#define CONTAINER_WAIT_MS 1000 /* longest an alert waits for pending container metadata */

/* Engine counters summed over reloads. */
struct eng_totals {
	uint64_t events, evaluated, evals, alerts, kernel_true;
};

struct rmode {
	struct lanner_options opt;
	/* the configuration's `rules:` selections: compiled into the rules with -r (and
	 * --ship-all), applied to a -b bundle's rules (config/rule_select.h) */
	struct rule_selects sel;
	struct engine eng;
	struct proctable *pt;
	struct userdb *udb;
	struct container_meta *cm; /* the session's cache (borrowed) */
	struct meta_push *mp;	   /* the kernel's meta maps (NULL with --ship-all) */
	int64_t boot_to_epoch;
	const struct lnr_hdr *h; /* record being decided */
	struct outputs *out;
	uint64_t received, sys_records, proc_records, bad;
	/* LANNER_STATS_PID: syscall records of that process are also counted (tests show with it
	 * that a workload's events never reached userspace, whatever else the machine runs) */
	uint32_t stats_pid;
	uint64_t stats_pid_records;
	struct rec_view v;
	struct fx_ctx fx;
	/* the process table, filled when an event ships (no lifecycle records unless rules
	 * need them): events/proc_lazy.h */
	struct proc_lazy pl;
	bool self_loaded; /* the record's process is loaded already (cwd-relative paths) */
	/* reload: the generation the kernel stamps into records (lnr_hdr.v_gen) for eng, and the
	 * previous rules (old, old_gen) kept for the records they judged before the swap */
	uint32_t gen, old_gen;
	struct engine *old;
	uint64_t stale_gen; /* records of a generation neither engine knows (not decided) */
	uint64_t reloads, reload_failures;
	bool matching_set;
	const struct rules_run_opts *ro;
	size_t ring_bytes;
	struct rules_watch *watch;
	struct reload_job job;
	bool reload_pending;
	struct eng_totals tot;	   /* counters of the engines reloads retired */
	struct rule_tally retired; /* their per-rule alert counts */
	/* health and metrics: the web server (webserver.*), the stderr report (--stats-interval,
	 * metrics.interval), bpf_stats held on while metrics want it */
	struct httpd *web;
	double publish_at, report_at, report_every;
	int bpf_stats_fd;
};

/* ---- alerts ---- */

/* Container metadata still being looked up: hold the alert (bounded) so it is printed with it. */
static void wait_container(struct rmode *r)
{
	if (!r->cm)
		return;
	const struct proc_entry *e = proctable_get(r->pt, (int)r->h->pid);
	if (!e || !strcmp(e->container_id, "host"))
		return;
	const struct container_info *ci = NULL;
	if (container_meta_get(r->cm, e->container_id, NULL, &ci) == CONTAINER_META_PENDING)
		container_meta_wait(r->cm, e->container_id, NULL, CONTAINER_WAIT_MS, &ci);
}

static void on_alert(void *ctx, struct eng_rule *er)
{
	struct rmode *r = ctx;
	wait_container(r);
	struct alert a = {
		.ts_ns = (uint64_t)((int64_t)r->h->ts + r->boot_to_epoch),
		.priority = (enum priority)er->m->priority,
		.rule = er->m->name,
		.source = er->m->source,
		.tags = er->m->tags,
		.ntags = er->m->ntags,
		.fmt = er->fmt,
		.get = fx_getter,
		.ctx = &r->fx,
	};
	char *line = output_alert(&a, &r->opt);
	outputs_send(r->out, a.priority, line);
	free(line);
}

/* ---- records ---- */

/* Starts the lookup of a container's metadata at its processes' execs (non-blocking; one hash
 * probe once cached), so that it is ready for the container's later events — as Falco's plugin
 * learns of a container from the runtime's events before its processes run. */
static void prefetch_container(struct rmode *r)
{
	const struct proc_entry *e = r->cm ? proctable_get(r->pt, (int)r->v.h->pid) : NULL;
	const struct container_info *ci;
	if (e && strcmp(e->container_id, "host") != 0)
		container_meta_get(r->cm, e->container_id, NULL, &ci);
}

/* The facts only userspace learns, for the kernel's meta leaves: this record's process's
 * container and user ids (meta_push.h; cheap once known). */
static void note_meta(struct rmode *r)
{
	if (!r->mp)
		return;
	const struct proc_entry *e = proctable_get(r->pt, (int)r->v.h->pid);
	if (!e)
		return;
	const struct lnr_sys *s = r->v.sys;
	meta_push_note(r->mp, e, s ? s->uid : e->uid, s ? s->gid : e->gid,
		       s ? s->loginuid : (uint32_t)e->loginuid);
}

/* The rules that judged the record in the kernel: its generation's (after a reload, records
 * of the previous rules may still be in the ring). NULL: a generation neither knows. */
static struct engine *engine_of(struct rmode *r, const struct lnr_hdr *h)
{
	if (h->v_gen == r->gen)
		return &r->eng;
	if (r->old && h->v_gen == r->old_gen)
		return r->old;
	r->stale_gen++;
	return NULL;
}

static void decide(struct rmode *r, struct engine *eng, int evt)
{
	const struct lnr_hdr *h = r->v.h;
	if (!eng || !eng->ev[evt < 0 || evt >= EVT_COUNT ? 0 : evt] ||
	    (!eng->ship_all && h->v_state == LNR_V_NONE))
		return;
	if (r->fx.pl && !r->self_loaded) /* the process and its parent: kernel map, or /proc */
		proc_lazy_self(r->fx.pl, (int)h->pid, h->ts);
	else if (!proctable_get(r->pt, (int)h->pid)) /* born between attach and scan */
		proctable_scan_pid(r->pt, NULL, (int)h->pid);
	r->h = h;
	fx_begin(&r->fx, &r->v, r->pt, r->received, r->boot_to_epoch);
	engine_event(eng, evt, h, fx_getter, &r->fx, on_alert, r);
}

static int on_record(void *ctx, const void *data, size_t size)
{
	struct rmode *r = ctx;
	const char *why = NULL;
	r->received++;
	r->self_loaded = false;
	if (!rec_decode(data, size, &r->v, &why)) {
		r->bad++;
		return 0;
	}
	switch (r->v.h->kind) {
	case LNR_K_SYSCALL: {
		r->sys_records++;
		if (r->stats_pid && r->v.h->pid == r->stats_pid)
			r->stats_pid_records++;
		struct engine *eng = engine_of(r, r->v.h);
		/* cwd-relative paths are joined to the process's cwd: load it first */
		if (r->fx.pl && (r->v.h->flags & (LNR_RF_CWD_A | LNR_RF_CWD_B))) {
			proc_lazy_self(r->fx.pl, (int)r->v.h->pid, r->v.h->ts);
			r->self_loaded = true;
		}
		rec_apply_proc(r->pt, &r->v);
		decide(r, eng, r->v.h->evt);
		note_meta(r);
		break;
	}
	case LNR_K_EXEC: /* Falco evaluates execve against the state after the exec */
		r->proc_records++;
		rec_apply_proc(r->pt, &r->v);
		prefetch_container(r);
		decide(r, engine_of(r, r->v.h), r->v.h->evt);
		note_meta(r);
		break;
	case LNR_K_EXIT: /* ... and procexit before the process leaves the table */
		r->proc_records++;
		/* sent by the first generation's attached program, with no verdict of its own:
		 * today's rules judge it */
		decide(r, &r->eng, EVT_procexit);
		rec_apply_proc(r->pt, &r->v);
		break;
	default:
		r->proc_records++;
		rec_apply_proc(r->pt, &r->v);
		break;
	}
	/* non-zero ends the poll batch after this record: SIGINT/SIGTERM is honoured at once,
	 * not after the rest of a full ring */
	return session_stop ? 1 : 0;
}

/* ---- set-up ---- */

static int fill_maps(void *ctx, struct sensor *s, char *err, size_t errlen)
{
	struct rmode *r = ctx;
	long n = bundle_maps_fill(s, &r->eng.meta, err, errlen);
	return n < 0 ? -1 : 0;
}

/* ---- reload ---- */

static void add_totals(struct eng_totals *t, const struct engine *e)
{
	if (!e)
		return;
	t->events += e->events;
	t->evaluated += e->evaluated;
	t->evals += e->evals;
	t->alerts += e->alerts;
	t->kernel_true += e->kernel_true;
}

/* Counters over the agent's life: retired engines, the previous one, the current one. */
static struct eng_totals totals(const struct rmode *r)
{
	struct eng_totals t = r->tot;
	add_totals(&t, &r->eng);
	add_totals(&t, r->old);
	return t;
}

static void retire_engine(struct rmode *r, struct engine *e)
{
	add_totals(&r->tot, e);
	tally_add_engine(&r->retired, e);
	engine_free(e);
	free(e);
}

static void reload_failed(struct rmode *r, const char *why)
{
	r->reload_failures++;
	fprintf(stderr, "lanner: reload failed: %s; the previous rules keep running\n", why);
}

/* The configuration's `rules:` selections as they are now (a reload reads them again; the other
 * keys keep their values until a restart). -1 after reporting the failure: the running rules
 * stay. */
static int reread_selection(struct rmode *r)
{
	if (!r->ro->config && !r->ro->noverrides)
		return 0;
	struct lanner_config c;
	char err[1024];
	config_defaults(&c);
	int rc = config_load(&c, r->ro->config, r->ro->overrides, r->ro->noverrides, err,
			     sizeof(err));
	if (rc) {
		char why[1100];
		snprintf(why, sizeof(why), "configuration: %s", err);
		reload_failed(r, why);
	} else {
		rule_selects_free(&r->sel);
		r->sel = c.rules;
		memset(&c.rules, 0, sizeof(c.rules));
	}
	config_free(&c);
	return rc ? -1 : 0;
}

static void reload_begin(struct rmode *r, struct session *ss, const char *why)
{
	struct reload_job *j = &r->job;
	if (j->running) { /* again once this one is done: it may have read the old text */
		r->reload_pending = true;
		return;
	}
	r->reload_pending = false;
	fprintf(stderr, "lanner: reloading the rules (%s); the current rules keep running\n", why);
	if (reread_selection(r))
		return;
	j->rules = r->ro->rules;
	j->nrules = r->ro->nrules;
	j->bundle_path = r->ro->bundle;
	j->trusted_key = r->ro->trusted_key;
	j->ship_all = r->ro->ship_all;
	j->opt = r->opt;
	j->sel = &r->sel;
	j->cur = ss->s;
	/* the first generation's lifecycle records setting (the new exec program reads its own) */
	j->so = (struct sensor_opts){.ring_bytes = r->ring_bytes,
				     .proc_records = r->ro->ship_all,
				     .verbose = r->ro->verbose};
	if (!reload_start(j))
		reload_failed(r, j->err);
}

/* The fast half, in the event loop: the new engine, then the kernel swap (sensor_gen.h). */
static void reload_commit(struct rmode *r, struct session *ss)
{
	struct reload_job *j = &r->job;
	char err[1024];
	reload_join(j);
	if (!j->next) {
		reload_failed(r, j->err);
		return;
	}
	struct engine *ne = xcalloc(1, sizeof(*ne));
	struct sensor *s = NULL;
	if (engine_init(ne, &j->meta, j->name, &r->opt, r->matching_set, err, sizeof(err)) == 0) {
		if (!r->ro->nrules)
			rule_select_bundle(&r->sel, ne, r->opt.priority, j->name);
		s = sensor_swap(ss->s, j->next, err, sizeof(err));
	}
	if (!s) {
		sensor_discard(j->next);
		j->next = NULL;
		engine_free(ne);
		free(ne);
		reload_failed(r, err);
		return;
	}
	j->next = NULL;
	ne->ship_all = r->ro->ship_all;
	ss->s = s;
	/* the previous rules stay for the records they judged that are still in the ring */
	if (r->old)
		retire_engine(r, r->old);
	r->old = xmalloc(sizeof(*r->old));
	*r->old = r->eng;
	r->old_gen = r->gen;
	r->eng = *ne;
	free(ne);
	r->gen = sensor_generation(s);
	r->reloads++;
	/* the new object's meta maps start empty (the bits are numbered per bundle) */
	if (r->mp && meta_push_rules(r->mp, &r->eng.meta, s, err, sizeof(err)))
		fprintf(stderr, "lanner: reload: %s; meta leaves stay UNKNOWN in the kernel\n",
			err);
	size_t active = 0;
	for (size_t i = 0; i < r->eng.nrules; i++)
		active += r->eng.rules[i].active;
	fprintf(stderr,
		"lanner: reloaded: %zu rules (%zu at priority %s or above) from %s, %zu event "
		"types enabled, generation %u, in %.0f ms\n",
		r->eng.nrules, active, priority_name(r->opt.priority), j->name,
		evtset_count(sensor_enabled(s)), r->gen, (session_now() - j->started) * 1000);
}

/* SIGHUP, a watched file changed, a finished reload job: one step of the event loop. */
static void reload_step(struct rmode *r, struct session *ss)
{
	if (session_reload) {
		session_reload = 0;
		outputs_reopen(r->out); /* files reopened: logrotate, as Falco on SIGHUP */
		reload_begin(r, ss, "SIGHUP");
	}
	if (watch_changed(r->watch))
		reload_begin(r, ss, "a watched rules file changed");
	if (reload_finished(&r->job)) {
		reload_commit(r, ss);
		if (r->reload_pending)
			reload_begin(r, ss, "changed again during the reload");
	}
}

/* At exit: a reload still compiling ends first; the current rules stay. */
static void reload_abandon(struct rmode *r)
{
	if (!r->job.running)
		return;
	reload_join(&r->job);
	if (r->job.next)
		sensor_discard(r->job.next);
	r->job.next = NULL;
	bundle_meta_free(&r->job.meta);
}

/* ---- health and metrics ---- */

/* The counters as they are now (rules: per-rule counts in live, which the caller frees). */
static void snapshot(struct rmode *r, struct session *ss, struct metrics_snapshot *m,
		     struct rule_tally *live)
{
	memset(m, 0, sizeof(*m));
	sensor_counters(ss->s, &m->k);
	struct eng_totals t = totals(r);
	m->records = r->received;
	m->syscall_records = r->sys_records;
	m->proc_records = r->proc_records;
	m->malformed = r->bad;
	m->stale_generation = r->stale_gen;
	m->rule_events = t.events;
	m->evaluated = t.evaluated;
	m->evals = t.evals;
	m->alerts = t.alerts;
	m->kernel_decided = t.kernel_true;
	m->reloads = r->reloads;
	m->reload_failures = r->reload_failures;
	m->generation = r->gen;
	m->attached = true;
	sensor_run_stats(ss->s, &m->bpf_run_ns, &m->bpf_runs);
	m->bpf_stats = r->bpf_stats_fd >= 0 || m->bpf_runs > 0;
	m->nout = outputs_stats(r->out, m->out, OUTPUTS_MAX);
	tally_copy(live, &r->retired);
	tally_add_engine(live, &r->eng);
	tally_add_engine(live, r->old);
	m->rules = live->v;
	m->nrules = live->n;
}

/* Before anything slow: /healthz answers 503 until the programs are attached. */
static int web_begin(struct rmode *r, const struct lanner_config *cfg,
		     const struct rules_run_opts *ro, char *err, size_t errlen)
{
	r->bpf_stats_fd = -1;
	r->report_every = ro->stats_interval > 0 ? ro->stats_interval
			  : cfg->metrics.enabled && cfg->metrics.interval_ms > 0
				  ? cfg->metrics.interval_ms / 1e3
				  : 0;
	/* program run times are only counted while someone holds bpf_stats on */
	if (cfg->metrics.enabled && cfg->metrics.libbpf_stats_enabled)
		r->bpf_stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (!cfg->webserver.enabled)
		return 0;
	const struct cfg_webserver *w = &cfg->webserver;
	bool prom = w->prometheus_metrics_enabled && cfg->metrics.enabled;
	r->web = httpd_start(w->listen_address, (int)w->listen_port, w->k8s_healthz_endpoint, prom,
			     err, errlen);
	if (!r->web)
		return -1;
	fprintf(stderr, "lanner: web server on %s:%d (%s%s)\n", w->listen_address,
		httpd_port(r->web), w->k8s_healthz_endpoint ? w->k8s_healthz_endpoint : "/healthz",
		prom ? ", /metrics" : "");
	return 0;
}

/* In the loop: /metrics' text at most once a second, the stderr report when due. */
static void web_tick(struct rmode *r, struct session *ss, double now)
{
	bool publish = r->web && now >= r->publish_at;
	bool report = r->report_every > 0 && now >= r->report_at;
	if (!publish && !report)
		return;
	struct metrics_snapshot m;
	struct rule_tally live = {0};
	struct strbuf sb = {0};
	snapshot(r, ss, &m, &live);
	if (publish) {
		metrics_prometheus(&m, &sb);
		httpd_publish(r->web, sb.s ? sb.s : "", sb.len);
		httpd_set_healthy(r->web, true);
		r->publish_at = now + 1;
		sb_reset(&sb);
	}
	if (report) {
		metrics_line(&m, &sb);
		fprintf(stderr, "%s\n", sb.s);
		if (r->report_at > 0)
			r->report_at += r->report_every;
		if (r->report_at <= now)
			r->report_at = now + r->report_every;
	}
	sb_free(&sb);
	tally_free(&live);
}

static void web_end(struct rmode *r)
{
	httpd_stop(r->web);
	r->web = NULL;
	if (r->bpf_stats_fd >= 0)
		close(r->bpf_stats_fd);
	r->bpf_stats_fd = -1;
	tally_free(&r->retired);
}

struct loop_ctx {
	struct rmode *r;
	struct session *ss;
	struct drop_alerts *drops;
};

/* After each poll: container metadata, a pending reload, the web endpoints, drop alerts
 * (whose action may be to exit: -1). */
static int loop_tick(void *ctx)
{
	struct loop_ctx *lc = ctx;
	struct rmode *r = lc->r;
	if (r->cm)
		container_meta_collect(r->cm);
	meta_push_tick(r->mp);
	reload_step(r, lc->ss);
	double now = session_now();
	web_tick(r, lc->ss, now);
	if (now >= lc->drops->next_check) {
		struct kernel_counts k;
		sensor_counters(lc->ss->s, &k);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t now_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
		if (!drop_alerts_check(lc->drops, &k, now, now_ns, r->out))
			return -1;
	}
	return 0;
}

/* The loop: records, container metadata, drop alerts, until stopped. Returns the exit status. */
static int run_loop(struct rmode *r, struct session *ss, const struct lanner_config *cfg,
		    const struct rules_run_opts *ro)
{
	struct kernel_counts k;
	struct drop_alerts drops;
	sensor_counters(ss->s, &k);
	drop_alerts_init(&drops, &cfg->drops, &r->opt, &k, session_now());
	struct loop_ctx lc = {r, ss, &drops};
	int rc = ro->dry ? 0 : session_loop(ss, ro->max_s, on_record, r, loop_tick, &lc);
	if (!ro->dry && rc == 0) {
		/* detach first, so that the counters below are final: the drop alerts then account
		 * for every loss the exit summary reports */
		httpd_set_healthy(r->web, false);
		sensor_detach(ss->s);
		/* judge what the kernel sent before the stop (bounded by LNR_DRAIN_S) */
		sensor_counters(ss->s, &k);
		sensor_drain(ss->s, k.c.sent, &r->received, LNR_DRAIN_S, on_record, r);
		/* and the losses since the last check: one more check now, so the drop alerts
		 * account for every loss (the rate limit still applies) */
		drops.next_check = 0;
		drops.final = true;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		drop_alerts_check(&drops, &k, session_now(),
				  (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec,
				  r->out);
		drop_alerts_print(&drops, stderr);
	}
	reload_abandon(r);
	return rc;
}

static void print_stats(struct rmode *r, struct session *ss)
{
	struct kernel_counts k;
	sensor_counters(ss->s, &k);
	sensor_print_counters(&k, stderr);
	struct eng_totals t = totals(r);
	fprintf(stderr,
		"lanner: userspace: records=%llu syscall_records=%llu proc_records=%llu "
		"rule_events=%llu evaluated=%llu rule_evals=%llu alerts=%llu kernel_decided=%llu "
		"malformed=%llu unread_at_exit=%llu lost=%llu reloads=%llu reload_failures=%llu "
		"stale_generation=%llu\n",
		(unsigned long long)r->received, (unsigned long long)r->sys_records,
		(unsigned long long)r->proc_records, (unsigned long long)t.events,
		(unsigned long long)t.evaluated, (unsigned long long)t.evals,
		(unsigned long long)t.alerts, (unsigned long long)t.kernel_true,
		(unsigned long long)r->bad, (unsigned long long)sensor_unread(&k, r->received),
		(unsigned long long)k.c.drop_ring, (unsigned long long)r->reloads,
		(unsigned long long)r->reload_failures, (unsigned long long)r->stale_gen);
	/* userspace rule evaluations per event shipped for the rules: the kernel's per-rule
	 * verdicts leave only the rules it could not decide */
	fprintf(stderr, "lanner: userspace: rule_evals_per_rule_event=%.2f\n",
		t.events ? (double)t.evals / (double)t.events : 0.0);
	if (r->mp) {
		struct meta_push_stats ms;
		meta_push_stats(r->mp, &ms);
		fprintf(stderr,
			"lanner: meta: leaves=%llu container_entries=%llu user_entries=%llu "
			"containers_pending=%llu not_tracked_full=%llu update_failed=%llu\n",
			(unsigned long long)ms.leaves, (unsigned long long)ms.ct_written,
			(unsigned long long)ms.user_written, (unsigned long long)ms.pending,
			(unsigned long long)ms.dropped_full, (unsigned long long)ms.update_failed);
	}
	if (r->stats_pid)
		fprintf(stderr, "lanner: userspace: pid %u: syscall_records=%llu\n", r->stats_pid,
			(unsigned long long)r->stats_pid_records);
	sensor_print_proc_map(ss->s, ss->nseed, &k.c, stderr);
	const struct proc_lazy_stats *ps = &r->pl.st;
	fprintf(stderr,
		"lanner: userspace: processes: from_kernel_map=%llu reused=%llu from_procfs=%llu "
		"newer_than_event=%llu missing=%llu reparented=%llu pruned=%llu\n",
		(unsigned long long)ps->from_kernel, (unsigned long long)ps->reused,
		(unsigned long long)ps->from_procfs, (unsigned long long)ps->newer,
		(unsigned long long)ps->missing, (unsigned long long)ps->reparented,
		(unsigned long long)ps->pruned);
	outputs_drain(r->out);
	outputs_print_stats(r->out, stderr);
}

/* The rules' metadata into *m and, unless shipping everything, the BPF object into *b. */
static int load_what(struct rmode *r, const struct rules_run_opts *ro, struct bundle *b,
		     struct bundle_meta *m, const char **name, char *err, size_t errlen)
{
	char cached[PATH_MAX];
	*name = ro->bundle;
	if (ro->ship_all) {
		*name = ro->rules[0];
		return reload_load_rules(ro->rules, ro->nrules, &r->opt, &r->sel, m, err, errlen);
	}
	const char *path = ro->bundle;
	if (ro->nrules) {
		if (rules_cache_bundle(ro->rules, ro->nrules, &r->opt, &r->sel, cached,
				       sizeof(cached), err, errlen))
			return -1;
		path = cached;
		*name = ro->rules[0];
	}
	return reload_read_bundle(path, ro->nrules ? NULL : ro->trusted_key, b, m, err, errlen);
}

/* After the sensor started: the lazy process table on the kernel's map, the container and
 * user maps the meta leaves read (not with --ship-all), and the start-up line. 0, or -1 after
 * printing why. */
static int attach_userspace(struct rmode *r, const struct rules_run_opts *ro, struct session *ss,
			    const char *name)
{
	char err[1024];
	r->boot_to_epoch = ss->boot_to_epoch;
	r->cm = r->fx.cm = ss->cm; /* borrowed from the session */
	proc_lazy_init(&r->pl, r->pt, sensor_map(ss->s, "lnr_procs", NULL, NULL, NULL));
	/* --ship-all too: its lifecycle records keep the table, and an ancestor whose records it
	 * has not seen (a runtime's short-lived helper) is read from the kernel map as in-kernel
	 * mode */
	r->fx.pl = &r->pl;
	if (!ro->ship_all) {
		r->mp = meta_push_new(r->cm, r->udb);
		if (meta_push_rules(r->mp, &r->eng.meta, ss->s, err, sizeof(err))) {
			fprintf(stderr, "lanner: %s: %s\n", name, err);
			return -1;
		}
		meta_push_tick(r->mp); /* the host's entry before the first event */
	}
	size_t active = 0;
	for (size_t i = 0; i < r->eng.nrules; i++)
		active += r->eng.rules[i].active;
	fprintf(stderr,
		"lanner: %zu rules (%zu at priority %s or above), %s, rule_matching %s; %zu "
		"event types enabled; loaded and attached in %.0f ms; %d processes known, %d "
		"seeded\n",
		r->eng.nrules, active, priority_name(r->opt.priority),
		ro->ship_all ? "every event shipped to userspace" : "filtered in the kernel",
		r->eng.matching == MATCH_ALL ? "all" : "first", evtset_count(sensor_enabled(ss->s)),
		ss->load_ms, ss->nproc, ss->nseed);
	return 0;
}

/* Watched from before the first compile: a change from then on reloads (the rules files or
 * the bundle, and the configuration file: its `rules:` selections, as Falco watches it). */
static void watch_begin(struct rmode *r, const struct rules_run_opts *ro)
{
	size_t n = ro->nrules ? ro->nrules : 1;
	char **paths = xcalloc(n + 2, sizeof(char *));
	memcpy(paths, ro->nrules ? ro->rules : (char *const[]){(char *)ro->bundle},
	       n * sizeof(char *));
	if (ro->config)
		paths[n++] = (char *)ro->config;
	r->watch = watch_open(paths, n);
	free(paths);
}

int rules_run(struct lanner_config *cfg, const struct rules_run_opts *ro)
{
	struct rmode *r = xcalloc(1, sizeof(*r));
	r->bpf_stats_fd = -1;
	char err[1024];
	int rc = 1;
	r->opt = cfg->opt;
	r->sel = cfg->rules; /* ours now: a reload replaces it */
	memset(&cfg->rules, 0, sizeof(cfg->rules));
	r->ro = ro;
	progress_init("lanner", true);
	const char *sp = getenv("LANNER_STATS_PID");
	if (sp)
		r->stats_pid = (uint32_t)strtoul(sp, NULL, 10);
	r->out = outputs_new(cfg, err, sizeof(err));
	if (!r->out) {
		fprintf(stderr, "lanner: %s\n", err);
		free(r);
		return 1;
	}

	if (web_begin(r, cfg, ro, err, sizeof(err))) {
		fprintf(stderr, "lanner: %s\n", err);
		goto out;
	}
	/* before anything slow: without the capabilities nothing below can work */
	if (!bpf_privileges_ok(err, sizeof(err))) {
		fprintf(stderr, "lanner: %s\n", err);
		goto out;
	}
	/* before compiling: a SIGINT/SIGTERM during a long compile must still stop us once it is
	 * done (a background job of a script starts with SIGINT ignored, and would lose it) */
	session_signals();
	if (!ro->no_watch && !ro->dry)
		watch_begin(r, ro);
	struct bundle b = {0};
	struct bundle_meta m = {0};
	const char *name;
	if (load_what(r, ro, &b, &m, &name, err, sizeof(err)))
		goto fail;
	/* the in-process metadata (--ship-all) already honours the options; a bundle was built
	 * with its own rule_matching unless one was asked for */
	bool matching_set = ro->ship_all || cfg->rule_matching_set;
	if (engine_init(&r->eng, &m, name, &r->opt, matching_set, err, sizeof(err))) {
		engine_free(&r->eng);
		bundle_free(&b);
		goto fail;
	}
	r->eng.ship_all = ro->ship_all;
	/* compiled rules files have the selections in already */
	if (!ro->nrules)
		rule_select_bundle(&r->sel, &r->eng, r->opt.priority, name);

	struct proctable_limits pl = {.max_entries = (size_t)cfg->lanner.proc_table_size};
	r->pt = proctable_new(&pl);
	r->udb = userdb_new(NULL);
	if (!r->pt || !r->udb) {
		snprintf(err, sizeof(err), "out of memory");
		bundle_free(&b);
		goto fail_engine;
	}
	r->fx.udb = r->udb;

	const struct bundle_section *obj = bundle_pick_object(&b);
	struct sensor_opts so = {
		.want = &r->eng.want,
		.ring_bytes = (size_t)cfg->lanner.ring_buffer_kb << 10,
		/* no kernel filters with --ship-all: every lifecycle record keeps the table */
		.proc_records = ro->ship_all,
		.exec_env = fx_meta_reads_env(&r->eng.meta),
		.verbose = ro->verbose,
		.obj = obj ? obj->data : NULL,
		.obj_len = obj ? obj->len : 0,
	};
	struct session ss;
	int started = session_start(&ss, &so, r->pt, ro->ship_all ? NULL : fill_maps, r, err,
				    sizeof(err));
	bundle_free(&b); /* the object was only needed to load */
	if (started) {
		fprintf(stderr, "lanner: %s: %s\n", name, err);
		goto fail_engine_quiet;
	}
	if (attach_userspace(r, ro, &ss, name)) {
		session_close(&ss);
		goto fail_engine_quiet;
	}
	r->gen = sensor_generation(ss.s);
	r->matching_set = matching_set;
	r->ro = ro;
	r->ring_bytes = so.ring_bytes;
	if (!ro->dry && r->report_every > 0)
		r->report_at = session_now() + r->report_every;
	rc = run_loop(r, &ss, cfg, ro);
	httpd_set_healthy(r->web, false); /* detaching */
	print_stats(r, &ss);
	session_close(&ss);
	goto done;
fail:
	fprintf(stderr, "lanner: %s\n", err);
	goto out;
fail_engine:
	fprintf(stderr, "lanner: %s\n", err);
fail_engine_quiet:
	rc = 1;
done:
	if (r->old)
		retire_engine(r, r->old);
	engine_free(&r->eng);
	meta_push_free(r->mp);
	userdb_free(r->udb);
	proc_lazy_free(&r->pl);
	proctable_free(r->pt);
out:
	web_end(r);
	watch_close(r->watch);
	outputs_free(r->out);
	rule_selects_free(&r->sel);
	free(r);
	return rc;
}
