/* sensor.h — the kernel side seen from userspace: opens the embedded sensor object
 * (bpf-templates/sensor.bpf.c), enables only the wanted event types, attaches, polls the ring
 * buffer and reads the loss counters. Records are shared_definitions/records.h; decode them with
 * record.h.
 *
 * Lifecycle: sensor_open (load + verify, fill the tail-call and interesting-syscall tables) →
 * sensor_attach → sensor_seed_procs (kernel process map from the userspace table) →
 * sensor_poll... → sensor_detach (optional: no more events, counters final) → sensor_close
 * (detaches what is left, frees). A reload replaces the rule programs in
 * place: sensor_prepare → sensor_swap.
 */
#ifndef LANNER_SENSOR_H
#define LANNER_SENSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "events/counters.h"
#include "events/proctable.h"
#include "shared_definitions/records.h"

struct sensor_opts {
	const struct evtset *want; /* event types to capture; NULL = every one the sensor has */
	uint32_t tgid;		   /* only this process (0 = all) */
	size_t ring_bytes;	   /* power of two, >= 2 pages; 0 = 4 MiB (RSS: mapped twice) */
	bool proc_records; /* send exec/fork/exit records (the userspace table needs them) */
	bool verbose;	   /* libbpf diagnostics on stderr */
	/* do NOT classify containers in the kernel (exec records then carry container_id ""
	 * and userspace decides); the default classifies (bpf-templates helpers/extract.h) */
	bool no_kernel_ct;
	/* exec records carry the new environment (a loaded rule reads proc.env) */
	bool exec_env;
	/* BPF object to load instead of the embedded sensor (a bundle's BSEC_BPF_OBJECT: the
	 * sensor with generated filters); same programs, maps and configuration globals. The bytes
	 * are only read during sensor_open. NULL = the embedded sensor. */
	const void *obj;
	size_t obj_len;
};

struct sensor;

/* Called for each record; return non-zero to stop sensor_poll early. */
typedef int (*sensor_record_fn)(void *ctx, const void *rec, size_t size);

/* NULL with err filled on failure (no BPF, verifier refusal...). */
struct sensor *sensor_open(const struct sensor_opts *o, char *err, size_t errlen);
int sensor_attach(struct sensor *s, char *err, size_t errlen);
/* Writes every entry of pt into the kernel process map (processes that existed before us). */
int sensor_seed_procs(struct sensor *s, const struct proctable *pt);
/* Waits up to timeout_ms for records and hands each to fn. Returns records consumed or -errno
 * (-EINTR when a signal arrived). */
int sensor_poll(struct sensor *s, int timeout_ms, sensor_record_fn fn, void *ctx);
/* After a stop (SIGINT/SIGTERM), hands fn the records the kernel had already sent, so that what
 * happened before the stop is judged rather than left unread: polls until *received reaches
 * `until` (the kernel's `sent` counter read at the stop), or this thread has spent max_s seconds
 * of CPU on it, or LNR_DRAIN_WALL_S seconds pass, whichever is first; fn's non-zero return does
 * not end it. What is still unread afterwards is counted by sensor_unread. */
/* How much CPU a stop may spend on sensor_drain: enough for the few records an ordinary stop
 * finds, short enough that a stop under a flood does not process the whole ring. It is counted
 * in the thread's CPU time, not wall time: on a loaded machine the agent may get a fraction of a
 * CPU, and a wall-clock bound of 80 ms then left even a handful of records unread (an alert lost
 * at every stop under load); the wall bound only caps a stop that gets no CPU at all. */
#define LNR_DRAIN_S	 0.08
#define LNR_DRAIN_WALL_S 2.0
void sensor_drain(struct sensor *s, uint64_t until, const uint64_t *received, double max_s,
		  sensor_record_fn fn, void *ctx);
/* A map of the loaded object by name (for the loader to fill set maps): its fd, or -1 when the
 * object has no such map. key_size/value_size/type (enum bpf_map_type) may be NULL. */
int sensor_map(struct sensor *s, const char *name, uint32_t *key_size, uint32_t *value_size,
	       uint32_t *type);
/* Records the kernel sent that userspace had not read when it stopped (counted, not lost
 * silently): sent - received, or 0. */
unsigned long long sensor_unread(const struct kernel_counts *k, unsigned long long received);
/* Sum of the per-CPU counters, and the runs of the attached programs the kernel skipped
 * (skips.h), monotonic across reloads. */
void sensor_counters(struct sensor *s, struct kernel_counts *k);
/* One line on the kernel process map: entries now, added by the kernel (c->proc_new), seeded,
 * and the LRU's evictions they imply (seeded + added - entries; exited processes are kept, not
 * deleted). Walks the map's keys: for the final report. */
void sensor_print_proc_map(struct sensor *s, int seeded, const struct lnr_counters *c, void *file);
/* Event types actually enabled (wanted ∩ supported). */
const struct evtset *sensor_enabled(const struct sensor *s);
/* Does the sensor have a program for this event type? */
bool sensor_supports(int evt_id);
/* Detach every program: the kernel sends and loses nothing more, so counters read after it are
 * final (the ring and the maps stay readable). */
void sensor_detach(struct sensor *s);
void sensor_close(struct sensor *s);

/* Reload (the mechanism and why it is atomic per event: sensor_gen.h).
 * sensor_prepare loads o (a new bundle's object) as the next generation of cur, sharing cur's
 * maps, without touching what runs: NULL with err on failure (cur keeps running). May run in
 * another thread than the one polling cur. Fill its set maps (sensor_map on the result), then
 * sensor_swap makes it the running generation and frees cur, returning the new sensor (or NULL
 * with err when the new entry program cannot attach: cur still runs, discard next).
 * Records carry their generation in lnr_hdr.v_gen (sensor_generation). */
struct sensor *sensor_prepare(struct sensor *cur, const struct sensor_opts *o, char *err,
			      size_t errlen);
struct sensor *sensor_swap(struct sensor *cur, struct sensor *next, char *err, size_t errlen);
void sensor_discard(struct sensor *next);
uint32_t sensor_generation(const struct sensor *s);
/* Programs' cumulative run time and run count (kernel.bpf_stats_enabled=1; zeros otherwise). */
void sensor_run_stats(struct sensor *s, unsigned long long *ns, unsigned long long *runs);

/* The embedded object (loader/embedded_bpf.c). */
extern const unsigned char lnr_sensor_obj[];
extern const unsigned char lnr_sensor_obj_end[];

/* Prints the counters as "lanner: kernel: events=N sent=N lost_ring_full=N ..." on f (names:
 * events/counters.h). */
struct proctable;
void sensor_print_counters(const struct kernel_counts *c, void *file);

#endif
