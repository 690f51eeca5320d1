/* leaf_c.h — the C expression of one kernel leaf (a check on one event type), as an int8 Kleene
 * value over the generated struct lnr_fv `fv` (rules/rt.h lnr_leaf: MISSING → FALSE, a value
 * the kernel does not hold whole → UNKNOWN). String tests use the named helpers of
 * rules/strings.h; lists longer than LANNER_MAX_INLINE_LIST become set maps and contains tests
 * use a needle constant, both registered in the plan. The plan calls this once per distinct
 * leaf; the printers print the result. Also the small C-text helpers every printer uses.
 */
#ifndef LANNER_GEN_LEAF_C_H
#define LANNER_GEN_LEAF_C_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "plan.h"

/* Appends the expression of leaf p on evt to out; false (out unchanged) when the generator
 * cannot implement it in the kernel. *needles (malloc'd) gets the needle ids it uses. */
bool leaf_expr(struct plan *pl, const struct kpred *p, int evt, struct strbuf *out,
	       size_t **needles, size_t *nneedles);

/* A C comment body: no comment terminators, no newlines. */
void put_comment_text(struct strbuf *o, const char *s);
/* A byte inside a C string literal. */
void put_cstr_char(struct strbuf *o, unsigned char c);

#endif
