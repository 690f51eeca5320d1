/* pushdown.h — splits every enabled rule into what the kernel decides and what userspace decides.
 *
 * For each enabled rule (Falco's evaluation order, docs/falco-semantics.md: "Rule order") and each
 * event type it applies to (the compiler's evt.type inference, docs/falco-semantics.md: "Event-type
 * inference", intersected with what the sensor captures, kernel_caps.h), the condition is
 * specialised to that event type: every check becomes a kernel leaf (KC_EXACT / KC_NARROW), or a
 * constant — TRUE/FALSE when decided now (evt.type, missing fields, evt.dir), UNKNOWN when only
 * userspace can decide it. The tree is then folded in Kleene logic (AND: FALSE wins, then UNKNOWN;
 * OR: TRUE wins, then UNKNOWN; NOT swaps TRUE/FALSE).
 *
 * Contract of the result for one (event type, rule), which the C emitter implements and the
 * loader honours:
 *   kernel predicate FALSE   → the rule cannot match this event: nothing sent for it;
 *   kernel predicate TRUE    → the rule matched: userspace only formats the alert;
 *   kernel predicate UNKNOWN → the event is sent flagged for this rule; userspace evaluates the
 *                              rule's FULL condition (pd_rule.residual) with Falco's semantics.
 * Sound because every kernel leaf is TRUE/FALSE only when Falco's check is, and Kleene logic is
 * monotone: replacing any UNKNOWN by TRUE or FALSE never turns a TRUE into FALSE or back.
 * A predicate that is constant FALSE for an event type removes that type from the rule.
 */
#ifndef LANNER_PUSHDOWN_H
#define LANNER_PUSHDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "events.h"
#include "kernel_caps.h"
#include "rules.h"

enum kp_kind { KP_CONST, KP_LEAF, KP_AND, KP_OR, KP_NOT };

/* A simplified kernel predicate. After simplification: KP_AND/KP_OR have >= 2 kids, none of them
 * a constant other than at most one UNKNOWN, and none of the same kind (flattened); KP_NOT has one
 * kid which is a KP_LEAF, KP_AND or KP_OR; a KP_CONST appears only as the whole tree or as that
 * single UNKNOWN kid. */
struct kpred {
	enum kp_kind kind;
	enum tv value;	     /* KP_CONST */
	struct kpred **kids; /* KP_AND, KP_OR (n-ary), KP_NOT (one) */
	size_t nkids;
	const struct ast *check; /* KP_LEAF: the AST_CHECK of rule->ast it implements (borrowed) */
	struct kc_leaf leaf;	 /* KP_LEAF: verdict KC_EXACT or KC_NARROW, with the descriptor */
};

/* One rule on one event type. */
struct pd_entry {
	const struct rl_rule *rule;
	size_t rule_index;    /* index into pushdown.rules */
	struct kpred *pred;   /* never constant FALSE */
	bool fully_in_kernel; /* pred has no UNKNOWN constant: only NARROW limits can ship */
	bool exact;	      /* fully_in_kernel and every leaf KC_EXACT: never UNKNOWN */
};

/* The program of one event type: its rules in evaluation order. */
struct pd_event {
	int evt; /* events.h enum evt_id */
	struct pd_entry *entries;
	size_t nentries;
};

enum pd_decided {
	PD_FULL,    /* every event type: fully_in_kernel */
	PD_PARTIAL, /* some kernel filtering beyond the event type */
	PD_NONE,    /* kernel predicate constant UNKNOWN on every event type: the kernel only
		     * selects the event types */
	PD_NEVER,   /* no captured event type left: the rule can never match here */
};
const char *pd_decided_name(enum pd_decided d); /* "fully", "partly", "not at all", "never" */

struct pd_rule {
	const struct rl_rule *rule;
	struct evtset types;	  /* event types with a kernel program entry for this rule */
	struct evtset uncaptured; /* in the rule's set but not captured by the sensor */
	bool all_types;		  /* the rule has no event-type restriction */
	enum pd_decided decided;
	const struct ast *residual; /* what userspace evaluates on UNKNOWN: the full condition */
};

struct pushdown {
	struct pd_rule *rules; /* evaluation order (rule->index) */
	size_t nrules;
	struct pd_event *events; /* ascending evt id; only event types with at least one entry */
	size_t nevents;
};

/* Builds the split for every rule of rs that is enabled, compiled (ast set, not skipped) and at
 * least as severe as min_priority (enum priority; PRI_DEBUG keeps all). NULL on allocation
 * failure. */
struct pushdown *pushdown_build(const struct ruleset *rs, int min_priority);
void pushdown_free(struct pushdown *pd);
const struct pd_rule *pushdown_find(const struct pushdown *pd, const char *rule_name);

/* The per-event-type specialisation of one condition, simplified. Never NULL except on
 * allocation failure. */
struct kpred *kpred_specialise(const struct ast *cond, int evt);
void kpred_free(struct kpred *p);
/* Folds constants of an unsimplified tree in place (exposed for tests); returns the new root. */
struct kpred *kpred_simplify(struct kpred *p);

/* Kleene evaluation; leaf(p, ctx) gives each KP_LEAF's value. */
enum tv kpred_eval(const struct kpred *p, enum tv (*leaf)(const struct kpred *p, void *ctx),
		   void *ctx);
/* Kleene connectives. */
enum tv tv_and(enum tv a, enum tv b);
enum tv tv_or(enum tv a, enum tv b);
enum tv tv_not(enum tv a);

/* Marks in used[F_COUNT] every field a kernel leaf of p reads (the emitter fetches each once
 * per event). */
void kpred_fields(const struct kpred *p, bool *used);

/* Canonical text: leaves as ast_print prints the check, constants TRUE/FALSE/UNKNOWN, `and`,
 * `or`, `not` fully parenthesised. malloc'd. */
char *kpred_print(const struct kpred *p);
/* Is there a leaf of the given verdict / an UNKNOWN constant in p? */
bool kpred_has_unknown(const struct kpred *p);
bool kpred_all_exact(const struct kpred *p);

#endif
