/* progress.c — see progress.h. */
#include "common/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static const char *prefix = "lanner";
static bool enabled;
static const char *current; /* phase being timed, NULL when none */
static double started;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void progress_init(const char *prog, bool on)
{
	prefix = prog;
	enabled = on;
	current = NULL;
}

bool progress_on(void)
{
	return enabled;
}

void progress_start(const char *phase)
{
	current = phase;
	started = now_s();
}

void progress_announce(const char *phase)
{
	progress_start(phase);
	if (enabled) {
		fprintf(stderr, "%s: %s...\n", prefix, phase);
		fflush(stderr);
	}
}

void progress_done(const char *detail_fmt, ...)
{
	if (!current)
		return;
	if (enabled) {
		char detail[256] = "";
		if (detail_fmt) {
			va_list ap;
			va_start(ap, detail_fmt);
			vsnprintf(detail, sizeof(detail), detail_fmt, ap);
			va_end(ap);
		}
		fprintf(stderr, "%s: %s: %.2f s%s%s%s\n", prefix, current, now_s() - started,
			*detail ? " (" : "", detail, *detail ? ")" : "");
		fflush(stderr);
	}
	current = NULL;
}

void progress_fail(void)
{
	if (current && enabled)
		fprintf(stderr, "%s: %s: failed after %.2f s\n", prefix, current,
			now_s() - started);
	current = NULL;
}
