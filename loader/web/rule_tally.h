/* rule_tally.h — alerts per rule name over the agent's life. A reload replaces the engines
 * (and their per-rule counters): the retired engines' counts are kept here by rule name, and
 * the live engines' added on top when a snapshot is taken, so per-rule counters never go back. */
#ifndef LANNER_WEB_RULE_TALLY_H
#define LANNER_WEB_RULE_TALLY_H

#include <stddef.h>

#include "eval/rule_engine.h"
#include "web/metrics.h"

struct rule_tally {
	struct metrics_rule *v; /* names owned */
	size_t n, cap;
};

/* Adds an engine's per-rule alert counts (by name; e may be NULL). */
void tally_add_engine(struct rule_tally *t, const struct engine *e);
/* dst = src (dst's previous content freed). */
void tally_copy(struct rule_tally *dst, const struct rule_tally *src);
void tally_free(struct rule_tally *t);

#endif
