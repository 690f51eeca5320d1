/* emit_c.h — writes the in-kernel rule filters as readable eBPF C from the pushdown split.
 *
 * Structure of the generated file (one translation unit, compiled with the sensor):
 *   header comment: sources, their hash, generator version, rule matching
 *   #include "rules/rt.h" (Kleene values, field states, string tests; also built on the host)
 *   per event type with rules: struct lnr_fv_<evt> — the values its rules read, each with a state
 *     (MISSING / OK / UNK, rt.h), filled ONCE per event by lnr_fetch_<evt>() (kernel only)
 *   set maps (BPF hash / LPM trie) for lists longer than LANNER_MAX_INLINE_LIST, listed in
 *     emit_result.maps for the bundle metadata (the loader fills them)
 *   per (event type, rule) a global function lnr_r_<evt>_<pos>() returning LNR_F / LNR_T / LNR_U:
 *     one commented block naming the rule and quoting the kernel part it implements
 *   per event type lnr_rules_<evt>(): fetch, then the rules in evaluation order, verdict into the
 *     record header (v_first/v_state/v_maybe); every rule FALSE → 0 (the event is dropped)
 *   the hook definitions, then #include "sensor.bpf.c"
 * Everything between `#ifndef LNR_HOST` guards is kernel only; with LNR_HOST defined the file
 * compiles on the host, the fetch is replaced by tables (lnr_host_*) describing every value and
 * rule, so tests/diff can fill the values and run the very same predicate functions.
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
