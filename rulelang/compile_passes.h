/* compile_passes.h — what the passes of the rules compiler share. Internal to rulelang: users
 * include rules.h (ruleset_compile) and compile.h.
 *
 * ruleset_compile() (compile.c) resolves the whole accumulated ruleset the way Falco's rule
 * compiler does, one pass per file:
 *   lists.c       every list expanded in definition order; list names substituted into condition
 *                 text (textual, before parsing)
 *   macros.c      every macro condition substituted and parsed, then its macro references
 *                 inlined against the macros visible to it; the expanded-condition limit
 *   compile.c     each rule in definition order: exceptions.c turns its exceptions into condition
 *                 text, its output is checked, its condition substituted, parsed and inlined,
 *                 then checks.c resolves every check (values.c types the literals) and
 *                 evttypes.c infers its event types; finally unused macros and lists
 *   srcpos.c      offsets in a parsed text → file, line and column of the rules file, and the
 *                 diagnostics placed there
 * The first error stops the compilation (later rules stay uncompiled), as in Falco.
 */
#ifndef LANNER_COMPILE_PASSES_H
#define LANNER_COMPILE_PASSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "events.h"
#include "rules.h"

/* A text that was parsed: where it came from, and how its offsets map back. */
struct srctext {
	const struct srcpos *base; /* YAML scalar start (">" of block scalars) */
	const char *orig;	   /* the YAML scalar's value */
	int prefix;		   /* offset of orig inside the pre-substitution text */
	const int *map;		   /* parsed-text offset → pre-substitution offset */
	size_t maplen;
	const struct srcpos *tail; /* position for offsets beyond orig (exception text) */
};

/* A list after expansion. */
struct xlist {
	struct rl_list *l;
	char **items; /* borrowed pointers into the ruleset's list items; NULL when too_big */
	size_t n;     /* number of expanded items (saturating), also when too_big */
	bool too_big; /* more items than any condition may hold: not materialised */
};

/* A macro as parsed, before its references are inlined. */
struct mraw {
	struct ast *ast; /* parsed, lists substituted, macro references unresolved */
	char *text;	 /* the parsed text */
	int *map;
	size_t len;
	struct srctext st;
	size_t nodes;	 /* ast_size(ast) */
	size_t expanded; /* memo of the expanded size (macros.c), 0 = not computed */
	bool visiting;
};

/* One compilation of the whole ruleset. */
struct cctx {
	struct ruleset *rs;
	struct diags *out;
	const char *file;
	int errors;
	bool stop;	       /* first error seen: Falco aborts the compilation */
	struct xlist *lists;   /* definition order */
	struct xlist **byname; /* the same, sorted by name */
	size_t nlists;
	struct mraw *macros; /* parallel to rs->macros */
};

/* A check node and the text it was parsed from (a macro's, or the rule's). */
struct check_ref {
	struct ast *a;
	const struct srctext *st;
};

struct checks {
	struct check_ref *v;
	size_t n, cap;
};

/* Why resolving a condition stopped. */
struct resolve_err {
	bool failed;
	bool too_big; /* the expanded-condition limit, not a reference problem */
	char msg[300];
	int pos;
	const struct srctext *st;
};

/* Why a list substitution stopped: the expansion would exceed RL_MAX_CONDITION_NODES. */
struct subst_err {
	bool failed;
	int pos; /* offset in the text as written */
	char msg[300];
};

static inline size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* lists.c */
void lists_compile(struct cctx *c);
void lists_free(struct cctx *c);
/* Substitutes every list into text; *map_out (when non-NULL) gets the offset map (len + 1
 * entries). NULL with err filled when the expansion would exceed the condition size limit. */
char *lists_substitute(struct cctx *c, const char *text, int **map_out, struct subst_err *err);

/* exceptions.c: "(condition) and not (...)" for r's exceptions; NULL with err filled and *bad
 * set to the index of the malformed exception. */
char *exceptions_text(const struct rl_rule *r, char *err, size_t errlen, size_t *bad);

/* macros.c */
void macros_compile(struct cctx *c);
void macros_free(struct cctx *c);
/* Inlines the macros referenced under *root (parsed from st): visible are the macros whose
 * first index is below visibility. cs (optional) receives every check reached. False with err
 * filled on an undefined macro, a reference loop or the size limit. */
bool macros_inline(struct cctx *c, struct ast **root, const struct srctext *st, int visibility,
		   struct checks *cs, struct resolve_err *err);

/* checks.c: fields, operators and values of one check, with the warnings Falco gives. */
struct fctx {
	struct cctx *c;
	struct rl_rule *rule;
	const struct srctext *st;
	struct resolve_err *err;
	struct warn {
		char *msg;
		int pos;
		const struct srctext *st;
		int deprecated; /* field id of a deprecated-field warning, else -1 */
	} * warns;
	size_t nwarns;
	bool deprecated_seen[F_COUNT];
};
bool check_resolve(struct fctx *x, struct ast *a);
void fctx_free_warnings(struct fctx *x);

/* values.c: one literal converted to the type t; false with msg on error. */
bool value_from_literal(enum ftype t, enum cmp_op op, const struct operand *lit,
			struct typed_value *v, char *msg, size_t msglen);

/* evttypes.c: the event types a condition can match (De Morgan through "not"). */
void evttypes_infer(const struct ast *a, struct evtset *s);

/* srcpos.c */
void srcpos_of(const struct srctext *st, int off, int *line, int *col);
/* A diagnostic at offset off of st / at p; an error stops the compilation. */
void cdiag_at(struct cctx *c, enum diag_code code, const struct srctext *st, int off,
	      const char *item_type, const char *item_name, const char *msg);
void cdiag_pos(struct cctx *c, enum diag_code code, const struct srcpos *p, const char *item_type,
	       const char *item_name, const char *msg);

#endif
