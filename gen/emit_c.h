/* emit_c.h — writes the in-kernel rule filters as readable eBPF C from the pushdown split.
 *
 * Structure of the generated file (compiled together with the sensor):
 *   header comment: sources, their hash, generator version, rule matching
 *   #include "rules/rt.h" (Kleene values, field states, verdict; also built on the host)
 *   struct lnr_fv: every value the kernel leaves read, each with a state (MISSING / OK / UNK,
 *     rt.h); kept per CPU in map memory; then rules/kernel.h (value access, fetch helpers)
 *   set maps (BPF hash / LPM trie) for lists longer than LANNER_MAX_INLINE_LIST, listed in
 *     emit_result.maps for the bundle metadata (the loader fills them)
 *   per event type lnr_fetch_<evt>(): fills the values its rules read, ONCE per event (and
 *     lnr_fetch_exec_<evt> for execve/execveat on the sched_process_exec path)
 *   leaf functions lnr_l<k>(fv) (one per distinct check: a global function, verified once) and
 *     rule functions lnr_r<k>() (one per distinct kernel part, shared by event types), each a
 *     commented block naming the rule and quoting the kernel part it implements, Kleene logic
 *   per event type lnr_rules_<evt>(): fetch, then the rules in evaluation order, verdict into the
 *     record header (v_first/v_state/v_maybe); every rule FALSE → 0 (dropped before any ring
 *     work); then LNR_RULES_HOOK / LNR_EXEC_RULES_HOOK, LNR_SELECT + LNR_WANT_<syscall> (only
 *     those exit programs are compiled), #include "sensor.bpf.c"
 * A leaf whose value or operator is not implemented here is UNKNOWN (always sound).
 * LNR_PART=1/2 compiles the sensor side / the rule functions as separate objects (build.c links
 * them); neither: one object. With LNR_HOST the file compiles on the host: the fetch is left out
 * and tables (lnr_host_*) describe every value and rule, so tests/diff fills the values and runs
 * the very same leaf and rule functions.
 *
 * Output is deterministic: the same pushdown gives the same text.
 */
#ifndef LANNER_EMIT_C_H
#define LANNER_EMIT_C_H

#include <stddef.h>

#include "bundle_meta.h"
#include "events.h"
#include "options.h"
#include "pushdown.h"

struct emit_opts {
	enum rule_matching matching;
	char *const *sources; /* rules files, for the header comment */
	size_t nsources;
	const char *source_hash; /* hex, or NULL */
	const char *generator;	 /* "lanner-gen <version>" */
};

struct emit_result {
	char *text;	       /* the C file (malloc'd) */
	struct meta_map *maps; /* set maps the loader must fill (bundle_meta.h) */
	size_t nmaps;
	struct evtset events; /* event types with a kernel program (the metadata `events`) */
};

#define LANNER_GEN_VERSION "lanner-gen 0.1"

/* 0, or -1 on allocation failure. */
int emit_c(const struct pushdown *pd, const struct emit_opts *o, struct emit_result *out);
void emit_result_free(struct emit_result *r);

#endif
