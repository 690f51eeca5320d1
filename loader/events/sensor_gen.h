/* sensor_gen.h — private to sensor.c and sensor_gen.c: the state of one loaded generation of the
 * kernel programs, and how a new generation replaces the running one (sensor.h sensor_reload).
 *
 * What every generation shares, and why the swap is atomic per event:
 *   - The dispatchers (lnr_sys_exit, lnr_sched_exec/fork/exit) are the same code in every
 *     bundle; the first generation's stay attached for the agent's whole life.
 *   - Everything rule-dependent is reached from them through a prog array: lnr_exit_progs[nr]
 *     (the per-syscall exit program with its generated filter) and lnr_exec_progs[0] (the exec
 *     record's verdict). A new generation is loaded fully (verified) next to the running one,
 *     reusing the shared maps (ring, process map, stash, tables), and then each prog-array
 *     entry is replaced by one map update — atomic for the event that reads it: each event is
 *     judged wholly by the old or wholly by the new rules, never by both, never by neither.
 *   - lnr_sys_enter (entry-time copies; the close gate is rule-dependent) is attached
 *     new-then-old-detached: while both run they write the same per-thread stash, the new one
 *     last, so a syscall entered during the overlap carries the new generation's copy.
 *   - State the kernel keeps (process map, opened fd names, cgroup cache, stash, followed
 *     processes) is shared, so the new rules start with everything the old ones learnt. The
 *     opened-name entries carry the close gate's verdict of the rules that saw the open; at the
 *     swap they are all reset to "may match" (conservative: the new rules' filter decides).
 *   - Every record carries its generation (lnr_hdr.v_gen): old and new records interleave in
 *     the ring for a moment after the swap, and userspace reads each verdict with the metadata
 *     of the generation that wrote it (no duplicates: one program ran per event).
 * bpf_link_update cannot do this: it replaces links of cgroup/XDP/netns kinds, not the tracing
 * (tp_btf) links the sensor uses; prog arrays are the atomic switch tracing programs have.
 */
#ifndef LANNER_SENSOR_GEN_H
#define LANNER_SENSOR_GEN_H

#include <bpf/libbpf.h>

#include "events/sensor.h"

/* Maps every generation shares (reused by fd), in this order. */
enum {
	SENSOR_INTERESTING,
	SENSOR_EXIT_PROGS,
	SENSOR_EXEC_PROGS,
	SENSOR_RING,
	SENSOR_COUNTERS,
	SENSOR_PROCS,
	SENSOR_CGCACHE,
	SENSOR_CT_CONFIRMED,
	SENSOR_CT_GEN,
	SENSOR_STASH,
	SENSOR_STASH_SPILL,
	SENSOR_SCRATCH,
	SENSOR_FDNAMES,
	SENSOR_FOLLOW,
	SENSOR_NSHARED
};

/* What sensor_poll hands the ring's records to (moves with the ring across reloads). */
struct sensor_pollctx {
	sensor_record_fn fn;
	void *fn_ctx;
	int batch;		   /* records handled by the current sensor_poll */
	bool drain;		   /* sensor_drain: fn's "stop" is ignored ... */
	double drain_deadline;	   /* ... until this CLOCK_MONOTONIC second */
	double drain_cpu_deadline; /* ... or this CLOCK_THREAD_CPUTIME_ID second */
};

struct sensor {
	struct bpf_object *obj; /* this generation's object */
	uint32_t gen;		/* lnr_cfg_gen, 0..255 */
	struct ring_buffer *rb;
	struct sensor_pollctx *pc;
	/* the dispatchers (attached once, by the first generation) and dups of their prog fds */
	struct bpf_link *links[8];
	int dispatch_fd[8];
	int nlinks;
	struct bpf_link *enter_link;   /* this generation's lnr_sys_enter, when attached */
	struct bpf_link *switch_link;  /* its lnr_sched_switch (moves entry copies), with it */
	int shared_fd[SENSOR_NSHARED]; /* owned dups of the shared maps */
	int counters_fd, procs_fd;     /* = shared_fd[...] */
	/* the attached programs' skipped runs (skips.h): one for every generation, made by
	 * sensor_attach, moved to the next generation by sensor_swap, freed by sensor_close */
	struct skips *skips;
	struct evtset enabled;
	bool need_enter;
	bool want_procexit; /* a rule on procexit: the kernel sends exit records */
};

/* sensor.c */
int sensor_enter_kind(const char *sysname);
void sensor_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct sensor *sensor_gen_open(const struct sensor_opts *o, const struct sensor *prev, char *err,
			       size_t errlen);

/* sensor_gen.c */
bool sensor_is_dispatcher(const char *prog);
int sensor_shared_index(const char *map);
/* Before load: the new object's shared maps become prev's. */
int sensor_gen_reuse_maps(struct sensor *s, const struct sensor *prev, char *err, size_t errlen);
/* After the first load: dups of the shared maps' fds into s->shared_fd. */
int sensor_gen_keep_maps(struct sensor *s, char *err, size_t errlen);
/* Points the prog arrays and the interesting table at s's programs; with prev, clears what prev
 * enabled and s does not. */
int sensor_gen_install(struct sensor *s, const struct sensor *prev, char *err, size_t errlen);
int sensor_gen_attach_enter(struct sensor *s, char *err, size_t errlen);
/* Detaches what sensor_gen_attach_enter attached (nothing when it did not). */
void sensor_gen_detach_enter(struct sensor *s);
/* Closes the object and the shared fds (not the links: sensor_close does). */
void sensor_gen_free(struct sensor *s);

#endif
