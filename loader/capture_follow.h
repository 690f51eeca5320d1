/* capture_follow.h — `lanner capture -p PID` follows PID and its descendants.
 *
 * The kernel filters syscall records by the lnr_follow map (PID, the descendants marked at start,
 * and every process a followed one forks); userspace marks the same processes in its process
 * table (proc_entry.mark, inherited on fork) to select the exec records, which the sensor sends
 * for every process. Descendants are those whose parent chain in the table reaches PID. */
#ifndef LANNER_CAPTURE_FOLLOW_H
#define LANNER_CAPTURE_FOLLOW_H

#include <stdbool.h>

#include "events/proctable.h"
#include "events/sensor.h"

/* Marks tgid and its current descendants in pt and in the sensor's lnr_follow map; run after the
 * sensor is attached (children forked meanwhile by a followed parent are followed by the kernel,
 * the others are found by a second scan of /proc). Returns the number of processes followed,
 * or -1 when the map is missing. */
int capture_follow_start(struct proctable *pt, struct sensor *s, int tgid);

/* Whether records of pid are to be shown. */
bool capture_followed(const struct proctable *pt, int pid, int tgid);

#endif
