/* common.h — shared by the benchmark workloads: argument parsing and the time bound.
 * Every workload takes `COUNT [MAX_SECONDS]`, does at most COUNT operations, stops early when
 * MAX_SECONDS (default 60) have passed, and prints `ops=N` on stdout so the driver knows how many
 * operations were done (and, for the alert storm, how many alerts to expect). */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double bench_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct bench_args {
	long count;
	double deadline; /* monotonic seconds */
};

static struct bench_args bench_parse(int argc, char **argv, const char *usage_rest)
{
	struct bench_args a;
	if (argc < 2 || (a.count = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: %s COUNT [MAX_SECONDS]%s\n", argv[0], usage_rest);
		exit(2);
	}
	double max_s = argc >= 3 ? strtod(argv[2], NULL) : 60.0;
	if (max_s <= 0)
		max_s = 60.0;
	a.deadline = bench_now() + max_s;
	return a;
}

/* Check the clock only every 256 operations: the storms must stay syscall-bound. */
static int bench_expired(const struct bench_args *a, long i)
{
	return (i & 255) == 0 && bench_now() >= a->deadline;
}

#endif
