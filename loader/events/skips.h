/* skips.h — the runs of Lanner's attached programs the kernel skipped, so that an event no program
 * saw is counted, not lost silently (the "skipped_by_kernel" counter).
 *
 * Why runs are skipped: the kernel does not run a tp_btf/raw_tp program on a CPU where the same
 * program is already in flight (per-CPU prog->active); it counts each such skip in the program's
 * recursion_misses (struct bpf_prog_info, Linux 5.12+; older kernels report 0). A run is in flight
 * while a nested event fires (an NMI, or a tracepoint hit inside the program), and on kernels that
 * run the syscall programs with preemption enabled (Linux 7.x, preempt=full or lazy: only
 * migration is disabled) while the task running it is preempted: every other task's syscall on
 * that CPU then goes unseen. A skipped run is a lost event like a ring-full drop. Only attached
 * programs are checked by the kernel (tail calls are not), so those are the ones watched.
 *
 * Accounting: each watched program's count when it was attached is its base; the total is what
 * every watched program counted since its base, plus what programs no longer watched counted. The
 * dispatchers stay attached for the agent's life; each generation's entry programs (sensor_gen.h)
 * are detached at the next reload. A detached program is read once more at the reload after
 * (a run that had entered the tracepoint before the detach may still count a skip), then folded
 * into the total and closed, so the total only grows across reloads.
 */
#ifndef LANNER_EVENTS_SKIPS_H
#define LANNER_EVENTS_SKIPS_H

#include <stdbool.h>
#include <stdint.h>

/* A program's recursion_misses, read by its fd (0 when unreadable). */
typedef uint64_t (*skips_read_fn)(int fd);

/* gen of a program attached for the agent's whole life (the dispatchers) */
#define SKIPS_LIFE UINT32_MAX

struct skips_prog {
	int fd;	       /* owned */
	uint64_t base; /* its recursion_misses when it was attached */
	uint32_t gen;  /* the generation whose program it is, or SKIPS_LIFE */
	bool detached;
};

struct skips {
	skips_read_fn read;
	struct skips_prog *p;
	int n, cap;
	uint64_t folded; /* what programs no longer watched counted while attached */
};

/* read NULL: bpf_prog_info.recursion_misses. */
void skips_init(struct skips *k, skips_read_fn read);
/* Call just before attaching the program of prog_fd (not taken: a dup is kept). -1 when the dup
 * fails (errno). */
int skips_watch(struct skips *k, int prog_fd, uint32_t gen);
/* Generation gen's programs were detached: the programs detached before (a reload ago) are folded
 * in and closed, gen's are marked detached (still read until the next call). */
void skips_detached(struct skips *k, uint32_t gen);
/* Runs skipped since attach, over every program watched, monotonic. */
uint64_t skips_total(const struct skips *k);
void skips_free(struct skips *k);

/* The reader skips_init(k, NULL) uses. */
uint64_t skips_read_prog(int fd);

#endif
