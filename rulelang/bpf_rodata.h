/* bpf_rodata.h — setting a BPF object's `const volatile` configuration before it is loaded.
 *
 * Both binaries need it: lanner sets the values it runs with, and lanner-gen's verifier check
 * sets the ones that switch optional kernel code on, so what it verifies is what a node loads.
 */
#ifndef LANNER_BPF_RODATA_H
#define LANNER_BPF_RODATA_H

#include <stdint.h>

struct bpf_object;

/* Sets the u32 global VAR of OBJ's .rodata (before bpf_object__load). 0, or -ENOENT when the
 * object has no such variable, -EINVAL when the section is too small for it. */
int bpf_rodata_set_u32(struct bpf_object *obj, const char *var, uint32_t val);

#endif
