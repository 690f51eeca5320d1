/* ref_chase — the machine's speed at this moment, as a reference beside the benchmark's samples:
 * COUNT dependent loads through a random cycle over a 4 MiB table (twice this VM's L2, so each
 * load goes to the last-level cache, like an agent's map lookups), timed by this thread's CPU
 * clock (another process running on the CPU meanwhile does not count; a CPU slowed by the host
 * does). The table and its cycle come from a fixed seed, so every run chases the same cycle;
 * building it is not timed. Prints `ops=N ns_per_op=X`. It makes no system call in the timed
 * part, so the agents' programs do not run there: it tells how slow the CPU and its caches are
 * just then, whatever the agent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#define ENTRIES (1u << 20) /* 4-byte entries: 4 MiB */

/* a random cyclic permutation (Sattolo's algorithm) from a fixed xorshift seed */
static uint32_t *make_cycle(void)
{
	uint32_t *next = malloc(ENTRIES * sizeof *next);
	if (!next)
		return NULL;
	for (uint32_t i = 0; i < ENTRIES; i++)
		next[i] = i;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (uint32_t i = ENTRIES - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint32_t j = (uint32_t)(x % i); /* j < i: one cycle through every entry */
		uint32_t t = next[i];
		next[i] = next[j];
		next[j] = t;
	}
	return next;
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv, "");
	uint32_t *next = make_cycle();
	if (!next) {
		perror("malloc");
		return 1;
	}
	uint32_t p = 0;
	long i;
	double t0 = cpu_now();
	for (i = 0; i < a.count && !bench_expired(&a, i); i++)
		p = next[p];
	double t1 = cpu_now();
	/* p printed so the chase cannot be optimised away */
	printf("ops=%ld ns_per_op=%.3f end=%u\n", i, i > 0 ? (t1 - t0) * 1e9 / (double)i : 0.0, p);
	free(next);
	return 0;
}
