/* session.h — the start-up both loader modes share: load and attach the sensor, scan /proc into
 * the userspace process table, seed the kernel process map, and stop on SIGINT/SIGTERM.
 * `lanner capture` (capture.c) and the rule mode (rules_mode.c) differ only in what they do with
 * each record. */
#ifndef LANNER_SESSION_H
#define LANNER_SESSION_H

#include <signal.h>
#include <stdint.h>

#include "containers/container_meta.h"
#include "containers/ct_confirm.h"
#include "events/proctable.h"
#include "events/sensor.h"

struct session {
	struct sensor *s;
	/* container metadata (NULL when it could not start) and the loose-container confirmations
	 * mirrored into the kernel, so both sides compute the same container.id (ct_confirm.h) */
	struct container_meta *cm;
	struct ct_confirm cc;
	int64_t boot_to_epoch; /* fx_boot_to_epoch() measured after attach */
	double load_ms;	       /* sensor_open + sensor_attach */
	int nproc, nseed;      /* processes scanned from /proc, seeded in the kernel map */
};

/* Set by the handlers session_signals() installs: session_stop on SIGINT/SIGTERM,
 * session_reload on SIGHUP (Falco reloads its rules on SIGHUP; the loop clears the flag). */
extern volatile sig_atomic_t session_stop;
extern volatile sig_atomic_t session_reload;
void session_signals(void);

/* Starts the container metadata cache and gives pt its loose-container resolver, opens (o),
 * attaches, scans /proc into pt, seeds the kernel map and queues the metadata lookups of the
 * containers found (without waiting for them). On failure returns -1 with
 * a message in err and nothing left open. `after_load`, when not NULL, runs between load and
 * attach (filling the bundle's set maps); a non-zero return aborts with its message in err. */
int session_start(struct session *ss, const struct sensor_opts *o, struct proctable *pt,
		  int (*after_load)(void *ctx, struct sensor *s, char *err, size_t errlen),
		  void *ctx, char *err, size_t errlen);
/* Monotonic seconds. */
double session_now(void);
/* The poll loop both modes share: polls the ring (100 ms at a time) handing each record to
 * on_record(rec_ctx, ...), then calls tick(tick_ctx) after each poll, until session_stop,
 * max_s seconds (0: no limit) or tick's say. tick returns 0 to go on, 1 to stop (status 0), -1
 * to stop with status 1. A failed poll prints one line and stops with status 1. Returns the
 * status. */
int session_loop(struct session *ss, double max_s, sensor_record_fn on_record, void *rec_ctx,
		 int (*tick)(void *tick_ctx), void *tick_ctx);
void session_close(struct session *ss);

#endif
