/* outputs.h — Falco's output channels (stdout, file, syslog, program, http), each fed through its
 * own bounded queue and drained by its own thread, so that a slow or stalled channel never
 * delays the event path nor the other channels.
 *
 * Every channel receives the identical alert string (Falco's text line or JSON object, as
 * output_alert() renders it). A channel whose queue is full drops the alert and counts it; a
 * delivery that fails (after the HTTP channel's retries) is counted too; both are reported by
 * outputs_print_stats() and outputs_stats(). Nothing is lost silently.
 *
 * Threads: outputs_send(), outputs_reopen() and outputs_stats() may be called from any thread
 * (not from a signal handler). Channel threads block every signal, so SIGINT/SIGHUP/SIGPIPE
 * reach the main thread or nobody.
 */
#ifndef LANNER_OUTPUTS_H
#define LANNER_OUTPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config/config.h"

#define OUTPUTS_QUEUE_DEFAULT 16384 /* alerts per channel when outputs_queue.capacity is 0 */
#define OUTPUTS_MAX	      5

struct outputs;

/* Starts the enabled channels (Falco's order: file, stdout, syslog, program, http). NULL with a
 * message in err when a channel's configuration is unusable (http without url, a file that
 * cannot be opened...). The configuration must outlive the outputs. */
struct outputs *outputs_new(const struct lanner_config *c, char *err, size_t errlen);

/* Queues msg (no trailing newline) for every channel; never blocks. priority: enum priority
 * (syslog severity). */
void outputs_send(struct outputs *o, int priority, const char *msg);

/* Reopens the file output (and restarts a kept-alive program) before its next alert: call it on
 * SIGHUP, after logrotate moved the file away. */
void outputs_reopen(struct outputs *o);

struct output_stats {
	const char *name; /* "stdout", "file", "syslog", "program", "http" */
	uint64_t sent;	  /* delivered */
	uint64_t dropped; /* queue full, or still queued when the exit timeout ran out */
	uint64_t failed;  /* delivery failed (after retries) */
	uint64_t queued;  /* waiting now */
};
/* Fills up to max entries, one per enabled channel; returns the count. */
size_t outputs_stats(struct outputs *o, struct output_stats *out, size_t max);
/* Sum of dropped + failed over every channel. */
uint64_t outputs_lost(struct outputs *o);

/* "lanner: outputs: stdout sent=N dropped=N failed=N, http ..." on f. */
void outputs_print_stats(struct outputs *o, FILE *f);

/* Delivers what is queued (waiting at most output_timeout ms for the channels), stops the
 * threads and frees. Alerts still queued after the timeout are counted as dropped first, so call
 * outputs_print_stats() after outputs_drain() and before outputs_free(). */
void outputs_drain(struct outputs *o);
void outputs_free(struct outputs *o);

#endif
