/* emit_int.h — the printers of the generated C, shared by emit_c.c (the file), emit_fetch.c
 * (fetch, lnr_need) and emit_rules.c (leaf and rule functions, per-event filters, dispatch,
 * close gate). They print the plan (plan.h) and decide nothing. */
#ifndef LANNER_GEN_EMIT_INT_H
#define LANNER_GEN_EMIT_INT_H

#include <stdbool.h>

#include "common/strbuf.h"
#include "emit_c.h"
#include "leaf_c.h"
#include "plan.h"
#include "values.h"

struct emit {
	struct strbuf *o;
	const struct plan *pl;
	const struct emit_opts *opts;
	int nvar;	    /* Kleene temporaries of the rule function being printed */
	size_t *rule_bytes; /* per pushdown rule: bytes of its functions (emit_result) */
	unsigned walk;	    /* ancestor groups an enclosing OR's leaves read (put_pred_nary) */
};

/* emit_fetch.c */
void put_argv_fetch(struct strbuf *o, const struct evmembers *all);
void put_need(struct strbuf *o, const struct evmembers *all);
void put_fetch(struct strbuf *o, const char *fname, int evt, const struct evmembers *em, bool exec);

/* emit_rules.c */
void put_needles_and_leaves(struct emit *em);
void put_rule_functions(struct emit *em);
void put_rule_decls(struct emit *em);
void put_filter(struct emit *em, const struct plan_prog *pp, const char *fname, const char *fetch,
		bool exec);
void put_part_maps(struct emit *em);
void put_dispatch_maps(struct emit *em);
void put_close_gate(struct emit *em);

/* pred_order.c: the evaluation order of p's operands (p: KP_AND or KP_OR) into ord[nkids] */
void pred_order(const struct plan *pl, const struct kpred *p, int evt, size_t *ord);

/* emit_guards.c: per filter part, the cheap conjuncts of its rules tested once per event */
#define GUARDS_MAX	24 /* distinct guards of one part (fv->g[]) */
#define GUARDS_PER_RULE 4
struct guard_test {
	size_t n;
	size_t idx[GUARDS_PER_RULE]; /* guard numbers */
	/* for the test before the process's values are fetched: the rule's path test (plan_paths.c)
	 * and what its other conjuncts that read no process value say ("not FALSE"), or NULL */
	const char *px;
	char *local;
	bool likely; /* no path test and no positive local test: TRUE on most events */
};
struct guards {
	size_t first, end;     /* the part's rule positions */
	long leaf[GUARDS_MAX]; /* guard j: leaf id */
	size_t n;	       /* guards */
	size_t nlocal;	       /* guards 0..nlocal-1 read no process value; the others do */
	/* guard j's dominator (an earlier guard every rule testing j tests: j is computed FALSE
	 * when it is), GUARDS_MAX for none */
	size_t dom[GUARDS_MAX];
	struct guard_test *tests; /* per position first..end-1 */
};
/* Does a leaf expression only compare inline (no call, map, scan or loop)? */
bool guard_expr_inline(const char *e);
void guards_plan(struct guards *g, const struct plan *pl, const struct plan_prog *pp, size_t first,
		 size_t end);
void guards_free(struct guards *g);
/* Does any filter part of the plan have a guard (struct lnr_fv then holds g[])? */
bool guards_any(const struct plan *pl);
void guards_put_head(struct emit *em, const struct guards *g);
void guards_put_test(struct emit *em, const struct guards *g, size_t pos, const char *pre,
		     const char *post, const char *ind);

#endif
