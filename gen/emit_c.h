/* emit_c.h — prints the program plan (plan.h) as readable eBPF C: the printers decide nothing.
 *
 * Structure of the generated file (compiled together with the sensor):
 *   header comment: sources, their hash, generator version, rule matching, and the contents:
 *     rules -> event types -> rule functions, programs -> filter, rules, functions
 *   #include "rules/rt.h" (Kleene values, field states, verdict; also built on the host)
 *   struct lnr_fv: every value the kernel leaves read, each with a state (MISSING / OK / UNK,
 *     rt.h); kept per CPU in map memory; then rules/kernel.h (value access, fetch helpers)
 *   set maps (BPF hash / LPM trie) for lists longer than LANNER_MAX_INLINE_LIST, listed in
 *     emit_result.maps for the bundle metadata (the loader fills them)
 *   lnr_fetch<k>(): fills the values the rules of a group of event types read, ONCE per event
 *     (and lnr_fetch_exec_<evt> for execve/execveat on the sched_process_exec path)
 *   contains needles, leaf functions lnr_l<k>(fv) (one per distinct check, a global function
 *     verified once; lnr_leaf<k> inlined into compact rule functions) and rule functions
 *     lnr_r<k>() (one per distinct kernel part, shared by event types), each a commented block
 *     naming the rule and quoting the kernel part it implements, Kleene logic
 *   lnr_filter<k>(): fetch, then EVERY rule's kernel part in evaluation order, each verdict into
 *     the record header (v_first/v_state/v_maybe/v_true); every rule FALSE → 0 (dropped before
 *     any ring work); lnr_rules_<syscall> is defined as its event type's filter; then
 *     LNR_RULES_HOOK / LNR_EXEC_RULES_HOOK, LNR_SELECT + LNR_WANT_<syscall> (only those exit
 *     programs are compiled), #include "sensor.bpf.c"
 * A leaf whose value or operator is not implemented here is UNKNOWN (always sound). A global
 * function no kernel program calls is compiled for the host only.
 * LNR_PART=1/2 compiles the sensor side / the rule functions as separate objects (build.c links
 * them); neither: one object. With LNR_HOST the file compiles on the host: the fetch is left out
 * and tables (lnr_host_*) describe every value and rule, so tests/diff fills the values and runs
 * the very same leaf and rule functions.
 *
 * Output is deterministic: the same plan gives the same text.
 */
#ifndef LANNER_EMIT_C_H
#define LANNER_EMIT_C_H

#include <stddef.h>

#include "bundle_meta.h"
#include "events.h"
#include "options.h"
#include "plan.h"
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
	size_t *rule_bytes;   /* per pushdown rule: bytes of C of its rule and leaf functions */
};

#define LANNER_GEN_VERSION "lanner-gen 0.1"

/* 0 (allocation failures abort). */
int emit_c(const struct plan *pl, const struct emit_opts *o, struct emit_result *out);
void emit_result_free(struct emit_result *r);

#endif
