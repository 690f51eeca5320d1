/* reload.c — see reload.h. */
#include "reload/reload.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "bundle_sign.h"
#include "diag.h"
#include "eval/fields_extract.h"
#include "eval/rule_engine.h"
#include "events/bundle_maps.h"
#include "events/kernel_features.h"
#include "rules_cache.h"

int reload_read_bundle(const char *path, const char *trusted_key, struct bundle *b,
		       struct bundle_meta *m, char *err, size_t errlen)
{
	if (bundle_read(path, b, err, errlen))
		return -1;
	char why[512];
	if (trusted_key && bundle_verify_signature(b, trusted_key, why, sizeof(why))) {
		snprintf(err, errlen, "%.400s: refused: %.600s", path, why);
		bundle_free(b);
		return -1;
	}
	const struct bundle_section *obj = bundle_find(b, BSEC_BPF_OBJECT);
	const struct bundle_section *meta = bundle_find(b, BSEC_METADATA);
	if (!obj || !meta) {
		snprintf(err, errlen, "%.512s: not a runnable bundle (no %s section)", path,
			 obj ? "metadata" : "BPF object");
		bundle_free(b);
		return -1;
	}
	if (bundle_meta_from_json((const char *)meta->data, meta->len, m, why, sizeof(why))) {
		snprintf(err, errlen, "%.400s: bad metadata: %.500s", path, why);
		bundle_free(b);
		return -1;
	}
	return 0;
}

int reload_load_rules(char *const *rules, size_t n, const struct lanner_options *o,
		      const struct rule_selects *sel, struct bundle_meta *m, char *err,
		      size_t errlen)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	int errors = 0;
	for (size_t i = 0; i < n && !errors; i++)
		errors += ruleset_load_path(rs, rules[i], &d);
	for (size_t i = 0; i < d.n; i++) {
		if (!diag_is_error(d.v[i].code))
			continue;
		char line[1024];
		diag_format(&d.v[i], line, sizeof(line));
		fputs(line, stderr);
	}
	int rc = 0;
	if (errors) {
		snprintf(err, errlen, "the rules files have %d error%s", errors,
			 errors == 1 ? "" : "s");
		rc = -1;
	} else {
		rule_selects_apply_ruleset(sel, rs);
		rc = engine_meta_from_ruleset(rs, o, m, err, errlen);
	}
	diags_free(&d);
	ruleset_free(rs);
	return rc;
}

void reload_meta_want(const struct bundle_meta *m, const struct lanner_options *o,
		      struct evtset *want)
{
	evtset_none(want);
	for (size_t k = 0; k < m->nevents; k++) {
		const struct meta_event *me = &m->events[k];
		for (size_t j = 0; j < me->nrules; j++) {
			int r = me->rules[j];
			if (me->evt >= 0 && me->evt < EVT_COUNT && r >= 0 &&
			    (size_t)r < m->nrules && m->rules[r].priority <= (int)o->priority)
				evtset_set(want, me->evt);
		}
	}
}

static void *run(void *arg)
{
	struct reload_job *j = arg;
	struct bundle b = {0};
	const char *path = j->bundle_path;
	char cached[PATH_MAX];
	j->next = NULL;
	if (j->ship_all) {
		snprintf(j->name, sizeof(j->name), "%s", j->rules[0]);
		if (reload_load_rules(j->rules, j->nrules, &j->opt, j->sel, &j->meta, j->err,
				      sizeof(j->err)))
			goto done;
	} else {
		if (j->nrules) {
			if (rules_cache_bundle(j->rules, j->nrules, &j->opt, j->sel, cached,
					       sizeof(cached), j->err, sizeof(j->err)))
				goto done;
			path = cached;
		}
		snprintf(j->name, sizeof(j->name), "%s", path);
		if (reload_read_bundle(path, j->nrules ? NULL : j->trusted_key, &b, &j->meta,
				       j->err, sizeof(j->err)))
			goto done;
	}
	reload_meta_want(&j->meta, &j->opt, &j->want);
	const struct bundle_section *obj = bundle_pick_object(&b);
	j->so.want = &j->want;
	j->so.exec_env = fx_meta_reads_env(&j->meta);
	j->so.obj = obj ? obj->data : NULL;
	j->so.obj_len = obj ? obj->len : 0;
	j->next = sensor_prepare(j->cur, &j->so, j->err, sizeof(j->err));
	j->so.obj = NULL;
	if (j->next && !j->ship_all &&
	    bundle_maps_fill(j->next, &j->meta, j->err, sizeof(j->err)) < 0) {
		sensor_discard(j->next);
		j->next = NULL;
	}
	if (!j->next) {
		bundle_meta_free(&j->meta);
		memset(&j->meta, 0, sizeof(j->meta));
	}
done:
	bundle_free(&b);
	atomic_store(&j->done, true);
	return NULL;
}

bool reload_start(struct reload_job *j)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	j->started = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
	atomic_store(&j->done, false);
	memset(&j->meta, 0, sizeof(j->meta));
	j->err[0] = 0;
	if (pthread_create(&j->thread, NULL, run, j)) {
		snprintf(j->err, sizeof(j->err), "cannot start the reload thread");
		return false;
	}
	j->running = true;
	return true;
}

bool reload_finished(struct reload_job *j)
{
	return j->running && atomic_load(&j->done);
}

void reload_join(struct reload_job *j)
{
	if (!j->running)
		return;
	pthread_join(j->thread, NULL);
	j->running = false;
}
