/* build.h — the generator pipeline: rules → pushdown → C → clang → bundle; and a load check.
 *
 *   lanner-gen -r RULES... -b FILE          bundle (BPF object + metadata + generated C),
 *                                           verified on this kernel first (verify.h) unless
 *                                           --no-verify; limits: generated C size
 *                                           (LANNER_GEN_MAX_C_BYTES), clang time
 *                                           (LANNER_GEN_CLANG_TIMEOUT)
 *   lanner-gen -r RULES... --emit-c FILE    the generated C only (both may be given)
 *   lanner-gen --load-check BUNDLE          load the bundle's object into this kernel (verifier)
 *   lanner-gen --show-bundle BUNDLE         print the bundle's metadata
 *
 * Templates (bpf-templates/) are found, in order: --templates DIR, $LANNER_TEMPLATES,
 * <dir of lanner-gen>/../bpf-templates, <dir of lanner-gen>/../share/lanner/bpf-templates. The
 * rulelang headers the records need come from <templates>/../rulelang (or .../include). vmlinux.h:
 * $LANNER_VMLINUX, <dir of lanner-gen>/vmlinux.h, generated with bpftool from
 * /sys/kernel/btf/vmlinux, else <templates>/vmlinux/vmlinux_fallback.h.
 */
#ifndef LANNER_GEN_BUILD_H
#define LANNER_GEN_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "rules.h"

struct build_opts {
	char **rules; /* the rules files as given (hash, metadata) */
	size_t nrules;
	const char *bundle_path; /* -b FILE, or NULL */
	const char *emit_c_path; /* --emit-c FILE, or NULL */
	const char *templates;	 /* --templates DIR, or NULL */
	const char *argv0;
	const struct lanner_options *lo;
	bool verbose;	      /* print the clang command and timings */
	bool no_verify;	      /* --no-verify: write the bundle without loading it here first */
	const char *sign_key; /* --sign KEY: Ed25519 private key (PEM) to sign the bundle with */
	/* the `rules:` selections applied to the rules (selection.h canonical text; "" none) */
	const char *rule_selection;
};

/* Runs the pipeline on an already loaded ruleset. 0 on success; errors on stderr. */
int cmd_build(struct ruleset *rs, const struct build_opts *b);

/* Loads the BPF object of a bundle as the loader would (rule-mode programs only), reporting
 * verifier failures with the log. 0 when every program loads. */
int cmd_load_check(const char *bundle_path, bool verbose);

/* Prints a bundle's header facts and its metadata JSON (--show-bundle). */
int cmd_show_bundle(const char *bundle_path);

/* The canonical condition of a compiled rule for the metadata (ast_print of rule->ast). */
char *build_rule_condition(const struct rl_rule *r);

#endif
