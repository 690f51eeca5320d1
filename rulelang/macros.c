/* macros.c — Falco's macros: every macro condition is list-substituted and parsed once, then
 * macro references are replaced by clones of the referenced macro's parsed tree (AST
 * substitution, so a macro behaves as if parenthesised). docs/falco-semantics.md, "Lists and
 * macros".
 *
 * Visibility: while a macro is resolved, only macros whose first definition comes before its
 * last (re)definition are visible; rules see every macro. An unknown or invisible name is
 * "Undefined macro 'X' used in filter.", a cycle "reference loop in macro 'X'".
 *
 * Size: inlining counts nodes as it goes and stops as soon as the condition would exceed
 * RL_MAX_CONDITION_NODES, before building it; the error then gives the full expanded size,
 * computed with one memoised size per macro (a macro doubling at each of 40 levels is sized,
 * never built).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/vec.h"
#include "common/xalloc.h"
#include "compile_passes.h"
static int find_macro(struct cctx *c, const char *name)
{
	for (size_t i = 0; i < c->rs->nmacros; i++)
		if (!strcmp(c->rs->macros[i].name, name))
			return (int)i;
	return -1;
}

static void checks_push(struct checks *cs, struct ast *a, const struct srctext *st)
{
	VEC_PUSH(*cs, ((struct check_ref){.a = a, .st = st}));
}

/* Nodes of the fully expanded tree under a (macro references replaced by their macros'
 * expansions, saturating), memoised per macro: a doubling macro's size is found without
 * building it. A macro on a reference loop counts as one node (the loop is an error anyway). */
static size_t tree_expanded_size(struct cctx *c, const struct ast *a);

static size_t macro_expanded_size(struct cctx *c, int mi)
{
	struct mraw *r = &c->macros[mi];
	if (r->expanded)
		return r->expanded;
	if (r->visiting || !r->ast)
		return 1;
	r->visiting = true;
	r->expanded = tree_expanded_size(c, r->ast);
	r->visiting = false;
	return r->expanded;
}

static size_t tree_expanded_size(struct cctx *c, const struct ast *a)
{
	if (a->kind == AST_MACRO) {
		int mi = find_macro(c, a->macro);
		return mi < 0 ? 1 : macro_expanded_size(c, mi);
	}
	size_t n = 1 + operand_size(a->lhs) + operand_size(a->rhs);
	for (size_t i = 0; i < a->nkids; i++)
		n = add_sat(n, tree_expanded_size(c, a->kids[i]));
	return n;
}

/* One macro-inlining run over a condition. */
struct inliner {
	struct cctx *c;
	int visibility;	   /* macros whose first index is below this are visible */
	int *stack;	   /* macros being expanded (loop detection) */
	struct checks *cs; /* when non-NULL, every check reached, with its text */
	struct resolve_err *err;
	struct ast **root;	   /* the whole condition, for the size in a limit error */
	const struct srctext *st0; /* the text of *root */
	size_t nodes;		   /* current size of *root */
};

static void inline_fail(struct inliner *in, const struct ast *a, const struct srctext *st,
			const char *fmt, const char *name)
{
	in->err->failed = true;
	in->err->pos = a->pos;
	in->err->st = st;
	snprintf(in->err->msg, sizeof(in->err->msg), fmt, name);
}

/* The condition would exceed RL_MAX_CONDITION_NODES: the error gives its full expanded size. */
static void size_fail(struct inliner *in)
{
	size_t total = tree_expanded_size(in->c, *in->root);
	in->err->failed = true;
	in->err->too_big = true;
	in->err->pos = 0;
	in->err->st = in->st0;
	snprintf(in->err->msg, sizeof(in->err->msg),
		 "condition has %s%zu nodes after macro and list expansion, more than the limit "
		 "of %d",
		 total == SIZE_MAX ? "more than " : "", total, RL_MAX_CONDITION_NODES);
}

/* Replaces every macro reference under *slot by a clone of the referenced macro's parsed tree,
 * recursively, counting nodes as it goes: it stops as soon as the condition would exceed the
 * limit, before building it. */
static void inline_macros(struct inliner *in, struct ast **slot, int depth,
			  const struct srctext *st)
{
	struct ast *a = *slot;
	struct cctx *c = in->c;
	if (in->err->failed || !a)
		return;
	switch (a->kind) {
	case AST_AND:
	case AST_OR:
	case AST_NOT:
		for (size_t i = 0; i < a->nkids && !in->err->failed; i++)
			inline_macros(in, &a->kids[i], depth, st);
		return;
	case AST_CHECK:
		if (in->cs)
			checks_push(in->cs, a, st);
		return;
	case AST_MACRO:
		break;
	}
	int mi = find_macro(c, a->macro);
	if (mi < 0 || c->rs->macros[mi].first_index >= in->visibility || !c->macros[mi].ast) {
		inline_fail(in, a, st, "Undefined macro '%s' used in filter.", a->macro);
		return;
	}
	for (int i = 0; i < depth; i++)
		if (in->stack[i] == mi) {
			inline_fail(in, a, st, "reference loop in macro '%s'", a->macro);
			return;
		}
	in->nodes = add_sat(in->nodes, c->macros[mi].nodes - 1);
	if (in->nodes > RL_MAX_CONDITION_NODES) {
		size_fail(in);
		return;
	}
	c->rs->macros[mi].used = true;
	struct ast *clone = ast_clone(c->macros[mi].ast);
	ast_free(a);
	*slot = clone;
	in->stack[depth] = mi;
	inline_macros(in, slot, depth + 1, &c->macros[mi].st);
}

bool macros_inline(struct cctx *c, struct ast **root, const struct srctext *st, int visibility,
		   struct checks *cs, struct resolve_err *err)
{
	struct inliner in = {.c = c,
			     .visibility = visibility,
			     .cs = cs,
			     .err = err,
			     .root = root,
			     .st0 = st,
			     .nodes = ast_size(*root)};
	if (in.nodes > RL_MAX_CONDITION_NODES) {
		size_fail(&in);
		return false;
	}
	in.stack = xmalloc((c->rs->nmacros + 1) * sizeof(int));
	inline_macros(&in, root, 0, st);
	free(in.stack);
	return !err->failed;
}

/* Lists substituted and parsed, as Falco's compile_macros_infos; NULL after an error. */
static void macro_parse(struct cctx *c, size_t i)
{
	struct rl_macro *m = &c->rs->macros[i];
	struct mraw *r = &c->macros[i];
	struct parse_error pe = {0};
	struct subst_err se = {0};
	m->used = false;
	r->st = (struct srctext){.base = &m->cond_pos, .orig = m->condition};
	r->text = lists_substitute(c, m->condition ? m->condition : "", &r->map, &se);
	if (!r->text) {
		cdiag_at(c, LOAD_ERR_COMPILE_CONDITION, &r->st, se.pos, "macro", m->name, se.msg);
		return;
	}
	r->len = strlen(r->text);
	r->st.map = r->map;
	r->st.maplen = r->len;
	r->ast = cond_parse(r->text, &pe);
	if (!r->ast)
		cdiag_at(c, LOAD_ERR_COMPILE_CONDITION, &r->st, pe.pos, "macro", m->name, pe.msg);
	else
		r->nodes = ast_size(r->ast);
}

void macros_compile(struct cctx *c)
{
	struct ruleset *rs = c->rs;
	c->macros = xcalloc(rs->nmacros ? rs->nmacros : 1, sizeof(*c->macros));
	/* parse every macro first (Falco: compile_macros_infos) */
	for (size_t i = 0; i < rs->nmacros && !c->stop; i++)
		macro_parse(c, i);
	/* then resolve each against the macros visible to it */
	for (size_t i = 0; i < rs->nmacros && !c->stop; i++) {
		struct rl_macro *m = &rs->macros[i];
		struct resolve_err err = {0};
		struct ast *a = ast_clone(c->macros[i].ast);
		/* the macro itself is on the stack only once it refers back to itself: Falco
		 * reports a self reference as undefined unless a later (re)definition made it
		 * visible */
		if (!macros_inline(c, &a, &c->macros[i].st, m->last_index, NULL, &err)) {
			ast_free(a);
			cdiag_at(c, err.too_big ? LOAD_ERR_COMPILE_CONDITION : LOAD_ERR_VALIDATE,
				 err.st, err.pos, "macro", m->name, err.msg);
			break;
		}
		m->ast = a;
	}
}

void macros_free(struct cctx *c)
{
	if (!c->macros)
		return;
	for (size_t i = 0; i < c->rs->nmacros; i++) {
		ast_free(c->macros[i].ast);
		free(c->macros[i].text);
		free(c->macros[i].map);
	}
	free(c->macros);
	c->macros = NULL;
}
