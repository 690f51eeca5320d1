/* reload.h — the slow half of a rules reload, off the event loop: compile the rules again
 * (cached, rules_cache.h) or re-read the bundle, or (--ship-all) load the rules files, then load
 * the new kernel programs next to the running ones (sensor_prepare) and fill their maps. The
 * event loop keeps reading the ring meanwhile: nothing is lost while clang and the verifier
 * work. The fast half (engine, sensor_swap) runs in the event loop once the job is done.
 *
 * A job that fails leaves the running rules untouched; its error says why. */
#ifndef LANNER_RELOAD_H
#define LANNER_RELOAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "bundle_meta.h"
#include "events/sensor.h"
#include "options.h"
#include "selection.h"

struct reload_job {
	/* in */
	char *const *rules; /* -r paths (NULL with a bundle) */
	size_t nrules;
	const char *bundle_path; /* -b */
	const char *trusted_key; /* lanner.trusted_key: -b bundles must be signed by it */
	bool ship_all;
	struct lanner_options opt; /* a copy: the event loop keeps using its own */
	/* the configuration's `rules:` selections, compiled into the rules (-r, --ship-all); not
	 * changed while the job runs */
	const struct rule_selects *sel;
	struct sensor_opts so; /* want/obj are filled by the job */
	struct sensor *cur;    /* running generation (only read) */
	/* out */
	struct sensor *next; /* loaded, maps filled; NULL on failure */
	struct bundle_meta meta;
	struct evtset want;
	char name[4096]; /* the bundle used (for messages) */
	char err[1024];
	double started;
	/* state */
	pthread_t thread;
	atomic_bool done;
	bool running;
};

/* Starts the job in a thread. False (err filled) when the thread cannot start. */
bool reload_start(struct reload_job *j);
/* The job finished (then call reload_join). */
bool reload_finished(struct reload_job *j);
void reload_join(struct reload_job *j);
/* Event types the metadata's rules at or above opt's priority need (= engine.want). */
void reload_meta_want(const struct bundle_meta *m, const struct lanner_options *o,
		      struct evtset *want);

/* Reads a bundle: metadata into *m, the BPF object stays in *b (rules_mode start-up too). */
struct bundle;
int reload_read_bundle(const char *path, const char *trusted_key, struct bundle *b,
		       struct bundle_meta *m, char *err, size_t errlen);
/* --ship-all: rules files loaded in-process, the selections applied, metadata computed from
 * them; diagnostics of errors on stderr. */
int reload_load_rules(char *const *rules, size_t n, const struct lanner_options *o,
		      const struct rule_selects *sel, struct bundle_meta *m, char *err,
		      size_t errlen);
#endif
