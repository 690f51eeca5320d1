/* errnames.h — errno numbers ↔ names ("ENOENT"), Linux x86_64, as Falco renders evt.res and
 * ERRNO/FD parameters. Where Linux gives two names one value (EWOULDBLOCK=EAGAIN,
 * EDEADLOCK=EDEADLK, ENOTSUP=EOPNOTSUPP) errno_name returns Falco's choice (EAGAIN, EDEADLK,
 * EOPNOTSUPP) and errno_value accepts both. */
#ifndef LANNER_ERRNAMES_H
#define LANNER_ERRNAMES_H

/* e is a positive errno (a negative value is taken as -e, like a syscall's return value).
 * NULL if unknown. */
const char *errno_name(int e);
/* Positive errno for a name ("ENOENT" → 2); -1 if unknown. Exact, case-sensitive. */
int errno_value(const char *name);

#endif
