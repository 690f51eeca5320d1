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
void session_close(struct session *ss);

#endif
