/* counters.h — the names the kernel's loss/traffic counters (struct lnr_counters) are printed
 * under, written once for the stderr line and for /metrics.
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

struct kernel_counter {
	const char *name; /* as printed: "lost_ring_full" */
	size_t off;	  /* of its __u64 in struct lnr_counters */
	bool degraded;
};

extern const struct kernel_counter kernel_counters[];
extern const size_t kernel_ncounters;

static inline uint64_t kernel_counter_value(const struct lnr_counters *c,
					    const struct kernel_counter *k)
{
	return *(const __u64 *)((const char *)c + k->off);
}

#endif
