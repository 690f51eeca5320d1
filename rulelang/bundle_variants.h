/* bundle_variants.h — the compilations of one bundle's BPF C for kernels of different ages, and
 * which one the running kernel loads.
 *
 * lanner-gen compiles the generated C once per variant (gen/build.c), each with its clang define
 * (bpf-templates/helpers/compat.h says what each changes), into its own bundle section; lanner
 * loads the first variant, best first, whose kernel features the running kernel's BTF shows.
 * Every variant gives the same answers; the older ones are slower (helper calls instead of
 * plain loads, hashes instead of task storage, bounded loops whose cut is UNKNOWN).
 *
 *   kfuncs  Linux 6.17+        contains by the string kfunc bpf_strnstr
 *   6.2     Linux 6.2+         contains by a bpf_loop scan
 *   5.10    Linux 5.10 – 6.1   without bpf_rdonly_cast, bpf_loop, task storage,
 *                              bpf_get_current_task_btf, pointer arguments of global functions
 * (helpers/compat.h also has LNR_VARIANT_6_1, without bpf_rdonly_cast only, for a variant for
 * 5.17 – 6.1: not built, a fourth clang run per bundle for kernels the 5.10 variant serves.)
 */
#ifndef LANNER_BUNDLE_VARIANTS_H
#define LANNER_BUNDLE_VARIANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle.h"

struct bundle_variant {
	uint32_t sec;	     /* its bundle section (enum bundle_section_type) */
	const char *name;    /* "kfuncs", "6.2", "5.10" */
	const char *define;  /* the clang -D selecting it */
	const char *kernels; /* "Linux 5.10 to 6.1" */
	const char *how;     /* what it does differently, for messages */
	bool split;	     /* compiled as two objects linked (global functions link across) */
	bool old;	     /* for kernels older than 6.2 (LANNER_GEN_NO_OLD_KERNELS skips it) */
	unsigned needs;	     /* bits of the kernel features (KF in bundle_variants.c) */
};

/* Best first. */
extern const struct bundle_variant bundle_variants[];
extern const size_t bundle_nvariants;

/* The variant a section type holds, NULL when it is not an object section. */
const struct bundle_variant *bundle_variant_of(uint32_t sec);

/* Whether the running kernel has every feature v needs (BTF probed once); when not and missing is
 * given, the missing ones ("task storage (Linux 5.11), ...") in it. */
bool kernel_runs_variant(const struct bundle_variant *v, char *missing, size_t len);

/* Whether the running kernel has BTF (/sys/kernel/btf/vmlinux). */
bool kernel_has_btf(void);

/* The oldest Linux any variant runs on. */
#define BUNDLE_MIN_LINUX "5.10"

#endif
