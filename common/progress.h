/* progress.h — progress of slow steps on stderr, one line per phase with its elapsed time:
 *
 *   lanner-gen: loading the rules: 0.41 s (2 files)
 *   lanner-gen: clang...                        (progress_announce: a long phase is not silent)
 *   lanner-gen: clang: 15.21 s
 *
 * Lines are whole (other diagnostics printed during a phase never split them). Off
 * (progress_init(..., false)): nothing is printed. One phase at a time; not thread-safe. */
#ifndef LANNER_PROGRESS_H
#define LANNER_PROGRESS_H

#include <stdbool.h>

/* prog prefixes every line ("lanner-gen"); the string must outlive its use. */
void progress_init(const char *prog, bool on);
bool progress_on(void);
/* Starts timing a phase (silently). */
void progress_start(const char *phase);
/* Starts timing a phase and says so at once ("prog: phase..."): for the long ones. */
void progress_announce(const char *phase);
/* Ends the current phase: "prog: phase: T s" and, when detail_fmt is not NULL, " (detail)".
 * Without a started phase, does nothing. */
void progress_done(const char *detail_fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the current phase with "failed after T s" (the error messages are printed apart). */
void progress_fail(void);

#endif
