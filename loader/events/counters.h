/* counters.h — the kernel's loss/traffic counters (struct kernel_counts) and the names they are
 * printed under, written once for the stderr line and for /metrics.
 *
 * kernel_counters lists them in the order the "lanner: kernel:" line prints them; `degraded`
 * marks those that count records sent incomplete or with a missing piece (/metrics' label
 * lanner_kernel_degraded_total{cause=NAME}). */
#ifndef LANNER_EVENTS_COUNTERS_H
#define LANNER_EVENTS_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shared_definitions/records.h"

/* What sensor_counters reads: the programs' own counters and what the kernel counts about them. */
struct kernel_counts {
	struct lnr_counters c; /* the per-CPU counters map, summed */
	/* runs of the attached programs the kernel skipped since attach (events lost unseen:
	 * events/skips.h), from bpf_prog_info; not in c.seen */
	uint64_t skipped_by_kernel;
};

struct kernel_counter {
	const char *name; /* as printed: "lost_ring_full" */
	size_t off;	  /* of its uint64_t in struct kernel_counts */
	bool degraded;
};

extern const struct kernel_counter kernel_counters[];
extern const size_t kernel_ncounters;

static inline uint64_t kernel_counter_value(const struct kernel_counts *c,
					    const struct kernel_counter *k)
{
	return *(const uint64_t *)((const char *)c + k->off);
}

#endif
