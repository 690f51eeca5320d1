/* privileges.h — does this process hold the capabilities loading and attaching Lanner's BPF
 * programs needs? Tracing programs (tp_btf) that read kernel memory need CAP_BPF and
 * CAP_PERFMON (Linux 5.8+), or CAP_SYS_ADMIN, in the effective set.
 *
 * Used before anything slow (compiling, loading) so that a run without them fails at once with
 * the missing capability named, instead of a verifier or libbpf message. */
#ifndef LANNER_PRIVILEGES_H
#define LANNER_PRIVILEGES_H

#include <stdbool.h>
#include <stddef.h>

/* false, with a message naming what is missing in msg, when the effective capabilities cannot
 * load tracing programs; true when they can (or /proc/self/status cannot be read: the kernel
 * will then say). */
bool bpf_privileges_ok(char *msg, size_t msglen);

#endif
