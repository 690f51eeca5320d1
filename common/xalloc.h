/* Allocation that never returns NULL.
 *
 * Contract: every function here either returns usable memory or prints one line
 * ("lanner: out of memory (N bytes)") on stderr and aborts. Callers never check for NULL.
 * Sizes of 0 are rounded up to 1 so the result is always freeable and distinct. */
#ifndef LNR_COMMON_XALLOC_H
#define LNR_COMMON_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: n * size checked for overflow (an overflow is treated as out of memory). */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A copy of s without its leading and trailing white space (isspace in the C locale). */
char *xstrdup_trim(const char *s);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
