/* verify.h — the kernel's verifier on a bundle's BPF object, on the build host: the programs the
 * loader would load in rules mode (the exit programs of the bundle's event types, the entry
 * program when an event type needs it) are loaded, then unloaded. `lanner-gen -b` runs it before
 * writing the bundle (nothing is written when the verifier refuses; --no-verify skips it, for a
 * bundle built for other kernels); `--load-check BUNDLE` runs it on a written bundle.
 *
 * A refusal names the program (its event type), the function being verified when it failed and
 * the rule it belongs to (from the generated C's rule comments), the rules of that program, the
 * verifier's reason (the log's tail) and what to do: disable or narrow the rule, put the rules of
 * that event type in another bundle, or --no-verify for another kernel.
 */
#ifndef LANNER_GEN_VERIFY_H
#define LANNER_GEN_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle_meta.h"

struct verify_report {
	int nprog;	       /* programs loaded */
	double secs;	       /* load (verification) time */
	char largest[64];      /* the program with the most instructions */
	uint32_t insns;	       /* its instructions (translated) */
	uint32_t funcs;	       /* its functions (main + subprograms) */
	uint32_t max_funcs;    /* the most functions of any program */
	char max_funcs_of[64]; /* ... and which program */
	/* in: a refusal as too large (E2BIG: over the verifier's instruction limit) is not
	 * explained, the caller will retry; out: the refusal was that one */
	bool quiet_too_large, too_large;
};

/* Loads obj (len bytes) with the bundle metadata m; src_c (the generated C, may be NULL) names
 * the rules in a refusal. label prefixes messages. 0 when every program loads; else the
 * refusal is printed on stderr and -1 returned. rep may be NULL. */
int verify_object(const void *obj, size_t len, const struct bundle_meta *m, const char *src_c,
		  const char *label, bool verbose, struct verify_report *rep);

#endif
