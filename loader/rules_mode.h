/* rules_mode.h — `lanner -b BUNDLE` / `lanner -r RULES...`: load a bundle (or compile one from
 * rules files, rules_cache.h; or, with --ship-all, run the rules wholly in userspace over the
 * embedded sensor), attach, and print Falco alerts for matching events (rule_engine.h).
 *
 * Statistics on exit, on stderr, one line each (the benchmarks parse them):
 *   lanner: kernel: events=N sent=N lost_ring_full=N ...      (sensor_print_counters)
 *   lanner: userspace: records=N syscall_records=N proc_records=N rule_events=N evaluated=N
 *           rule_evals=N alerts=N kernel_decided=N malformed=N lost=N
 * records: everything read from the ring; syscall_records: syscall events among them (the rest
 * are exec/fork/exit records that keep the process table current); rule_events: events that
 * carried a TRUE/UNKNOWN verdict (all events of enabled types with --ship-all); evaluated: events
 * on which the userspace evaluator ran; rule_evals: condition evaluations; alerts: alerts
 * printed; kernel_decided: alerts the kernel decided alone (no userspace evaluation); lost: records
 * the kernel could not put in the full ring (= lost_ring_full). Readiness: the start-up line on
 * stderr contains "loaded and attached in N ms".
 */
#ifndef LANNER_RULES_MODE_H
#define LANNER_RULES_MODE_H

/* argv as main's. Returns the process exit status. */
int rules_main(int argc, char **argv);

#endif
