/* rule_engine.h — the loader's rules at run time: which rules an event of each type may match,
 * in Falco's evaluation order, and the per-event decision that combines the kernel's verdict
 * (records.h lnr_hdr v_first/v_state/v_maybe/v_true) with the userspace evaluator (eval.h).
 *
 * Built from a bundle's metadata (bundle_meta.h): every rule's canonical full condition is
 * re-typed with the rules compiler (no YAML, no macros, no lists needed) and its output compiled
 * with format_compile (suggested output appended per the options, as Falco's default config).
 * For `--ship-all`, engine_meta_from_ruleset() computes the same metadata in-process from rules
 * files, and the engine ignores kernel verdicts: every event of an enabled type is evaluated in
 * userspace against every rule indexed under its type (Falco's architecture; the benchmarks'
 * baseline).
 *
 * Per event (engine_event), with rules R = events[evt]:
 *   verdict NONE (kernel found every rule FALSE, or not a rule event) → nothing;
 *   else positions p = v_first.. in order, skipping p where p - v_first < 64 and bit p - v_first
 *   of v_maybe is 0; a rule below the priority threshold is skipped; a rule whose bit of v_true
 *   is set (p == v_first: v_state TRUE) matched (the kernel decided it exactly) without
 *   evaluation; otherwise eval_ast on the full condition (counted in evals: the userspace rule
 *   evaluations). rule_matching first stops at the first match, so a kernel-TRUE rule decides
 *   once every earlier maybe rule has been evaluated FALSE.
 * When the loader asks for `all` but the bundle was built for `first`, the kernel may have
 * stopped evaluating after a TRUE rule, so the maybe bits after v_first are not trusted.
 */
#ifndef LANNER_RULE_ENGINE_H
#define LANNER_RULE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle_meta.h"
#include "events.h"
#include "outputs/format.h"
#include "options.h"
#include "rules.h"
#include "shared_definitions/records.h"

struct eng_rule {
	const struct meta_rule *m; /* name, priority, source, tags */
	const struct ast *ast;	   /* typed full condition (owned by engine.rs) */
	struct out_format *fmt;	   /* compiled output (+ suggested fields) */
	bool active;		   /* priority at least as severe as the threshold */
	uint64_t alerts;
};

struct engine {
	struct bundle_meta meta; /* owned */
	struct ruleset *rs;	 /* owns the typed conditions */
	struct eng_rule *rules;
	size_t nrules;
	const struct meta_event *ev[EVT_COUNT]; /* NULL: no rule for this type */
	struct evtset want;			/* types with at least one active rule */
	enum rule_matching matching;
	bool distrust_maybe; /* `all` over a bundle built for `first` */
	bool ship_all;	     /* ignore kernel verdicts: evaluate everything */
	const struct lanner_options *opt;
	/* counters */
	uint64_t events;      /* events with a verdict (kernel TRUE/UNKNOWN, or shipped) */
	uint64_t evaluated;   /* of those, events on which eval_ast ran at least once */
	uint64_t evals;	      /* eval_ast calls */
	uint64_t kernel_true; /* alerts decided by the kernel alone */
	uint64_t alerts;
};

/* Takes ownership of *m (zeroed on return, success or not). `name` names the source in
 * messages (the bundle file). rule_matching comes from opt when matching_set, else from the
 * bundle. Returns 0, or -1 with "NAME: rule 'X': why" in err. */
int engine_init(struct engine *e, struct bundle_meta *m, const char *name,
		const struct lanner_options *opt, bool matching_set, char *err, size_t errlen);
void engine_free(struct engine *e);

/* Metadata for --ship-all from a loaded ruleset: enabled, compiled rules in evaluation order that
 * pass opt->priority, canonical conditions (ast_print), events from the inferred event types. */
int engine_meta_from_ruleset(const struct ruleset *rs, const struct lanner_options *opt,
			     struct bundle_meta *m, char *err, size_t errlen);

/* Called for each matching rule, in order. */
typedef void (*engine_alert_fn)(void *ctx, struct eng_rule *r);

/* Decides one event of type evt with header h (verdict); updates the counters. Returns the
 * number of alerts. */
int engine_event(struct engine *e, int evt, const struct lnr_hdr *h, field_getter_fn get,
		 void *gctx, engine_alert_fn fn, void *fctx);

#endif
