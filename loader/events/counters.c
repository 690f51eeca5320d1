/* counters.c — the table of counters.h. */
#include "events/counters.h"

#define C(name, field, degraded)                                                                   \
	{                                                                                          \
		name, offsetof(struct kernel_counts, c.field), degraded                            \
	}

const struct kernel_counter kernel_counters[] = {
	C("events", seen, false),
	C("sent", sent, false),
	C("lost_ring_full", drop_ring, false),
	/* a loss like lost_ring_full (/metrics: lanner_kernel_lost_total) */
	{"skipped_by_kernel", offsetof(struct kernel_counts, skipped_by_kernel), false},
	C("strings_truncated", trunc_str, true),
	C("paths_too_deep", path_deep, true),
	C("map_full", map_full, true),
	C("records_overflow", overflow, true),
	C("entry_copy_missing", stash_miss, true),
	C("proc_map_miss", proc_miss, true),
	C("fd_names_not_seen_opened", fdname_miss, true),
	C("filtered_out", filtered, false),
};
const size_t kernel_ncounters = sizeof(kernel_counters) / sizeof(kernel_counters[0]);
