/* compile.c — resolves the collected ruleset as Falco's rule_loader_compiler does (spec §1.6–1.8,
 * §2.4–2.8, §6.2, §7.1), in passes over the whole accumulated set:
 *
 *   lists      expanded in definition order (an item naming an earlier list is replaced by that
 *              list's own items, one level, as Falco's compile_list_infos)
 *   macros     each condition list-substituted and parsed; then each resolved with its visibility
 *   rules      in definition order: exceptions → condition text; output checked; condition
 *              list-substituted, parsed, macros inlined, fields resolved and literals typed;
 *              event types inferred
 *   warnings   unused macros and lists
 *
 * Like Falco, the first error stops the compilation (later rules stay uncompiled). Positions:
 * every parsed text keeps a map from its offsets back to the text before list substitution, and
 * that is mapped onto the YAML file by aligning it with the file's bytes from the scalar's start
 * (see file_pos()); folded/multi-line scalars therefore get a best-effort column.
 */
#include "compile.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "common/regex.h"
#include "common/strbuf.h"
#include "common/vec.h"
#include "common/xalloc.h"
#include "events.h"
#include "outfmt.h"

/* ---- exceptions as condition text (§1.6) ------------------------------------------------ */

char *rl_quote_item(const char *s)
{
	if (strchr(s, ' ') && s[0] != '"' && s[0] != '\'') {
		size_t n = strlen(s);
		char *q = xmalloc(n + 3);
		q[0] = '"';
		memcpy(q + 1, s, n);
		q[n + 1] = '"';
		q[n + 2] = 0;
		return q;
	}
	return xstrdup(s);
}

static void sb_add_quoted(struct strbuf *b, const char *s)
{
	char *q = rl_quote_item(s);
	sb_add(b, q);
	free(q);
}

static char *trim_dup(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Falco's is_operator_for_list: the list operators and every string operator with a modifier. */
static bool is_list_comp(const char *comp)
{
	char *c = trim_dup(comp);
	bool r = !strcmp(c, "in") || !strcmp(c, "intersects") || !strcmp(c, "pmatch");
	if (!r) {
		const char *sp = strrchr(c, ' ');
		if (sp) {
			const char *m = sp + 1;
			r = !strcmp(m, "oneof") || !strcmp(m, "anyof") || !strcmp(m, "allof");
		}
	}
	free(c);
	return r;
}

static size_t exc_tuple_len(const struct rule_exception *e, size_t i)
{
	if (e->value_len)
		return e->value_len[i];
	return e->nfields;
}

static char *exceptions_condition(const struct rl_rule *r, char *err, size_t errlen, size_t *bad);

char *rl_exceptions_condition(const struct rl_rule *r, char *err, size_t errlen)
{
	size_t bad;
	return exceptions_condition(r, err, errlen, &bad);
}

static char *exceptions_condition(const struct rl_rule *r, char *err, size_t errlen, size_t *bad)
{
	struct strbuf b = {0};
	sb_add(&b, "(");
	sb_add(&b, r->condition ? r->condition : "");
	sb_add(&b, ")");
	for (size_t x = 0; x < r->nexceptions; x++) {
		const struct rule_exception *e = &r->exceptions[x];
		struct strbuf ic = {0};
		*bad = x;
		if (!e->fields_is_list) {
			const char *f = e->nfields ? e->fields[0] : "";
			const char *comp = e->ncomps ? e->comps[0] : "in";
			for (size_t i = 0; i < e->nvalues; i++) {
				const struct exc_value *v = &e->values[i][0];
				if (v->is_list || (e->value_is_seq && e->value_is_seq[i])) {
					snprintf(err, errlen,
						 "Expected values array to contain a list of "
						 "strings");
					free(ic.s);
					free(b.s);
					return NULL;
				}
				if (!ic.len) {
					sb_add(&ic, "(");
					sb_add(&ic, f);
					sb_add(&ic, " ");
					sb_add(&ic, comp);
					sb_add(&ic, " (");
				} else {
					sb_add(&ic, ", ");
				}
				sb_add_quoted(&ic, v->s ? v->s : "");
			}
			if (ic.len)
				sb_add(&ic, "))");
		} else {
			sb_add(&ic, "(");
			for (size_t i = 0; i < e->nvalues; i++) {
				if (exc_tuple_len(e, i) != e->nfields) {
					snprintf(err, errlen,
						 "Fields and values lists must have equal length");
					free(ic.s);
					free(b.s);
					return NULL;
				}
				if (strcmp(ic.s, "("))
					sb_add(&ic, " or ");
				sb_add(&ic, "(");
				for (size_t k = 0; k < e->nfields; k++) {
					const struct exc_value *v = &e->values[i][k];
					const char *comp = k < e->ncomps ? e->comps[k] : "=";
					if (k)
						sb_add(&ic, " and ");
					sb_add(&ic, " ");
					sb_add(&ic, e->fields[k]);
					sb_add(&ic, " ");
					sb_add(&ic, comp);
					sb_add(&ic, " ");
					if (v->is_list) {
						sb_add(&ic, "(");
						for (size_t j = 0; j < v->nitems; j++) {
							if (j)
								sb_add(&ic, ", ");
							sb_add_quoted(&ic, v->items[j]);
						}
						sb_add(&ic, ")");
					} else if (is_list_comp(comp)) {
						const char *s = v->s ? v->s : "";
						if (s[0] != '(') {
							sb_add(&ic, "(");
							sb_add(&ic, s);
							sb_add(&ic, ")");
						} else {
							sb_add(&ic, s);
						}
					} else {
						sb_add_quoted(&ic, v->s ? v->s : "");
					}
				}
				sb_add(&ic, ")");
			}
			sb_add(&ic, ")");
			if (!strcmp(ic.s, "()"))
				ic.len = 0;
		}
		if (ic.len) {
			sb_add(&b, " and not ");
			sb_addn(&b, ic.s, ic.len);
		}
		free(ic.s);
	}
	return sb_detach(&b);
}

/* ---- lists (§1.7) ---------------------------------------------------------------------- */

struct xlist {
	struct rl_list *l;
	char **items; /* borrowed pointers into the ruleset's list items; NULL when too_big */
	size_t n;     /* number of expanded items (saturating), also when too_big */
	bool too_big; /* more items than any condition may hold: not materialised */
};

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

static size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static int cmp_list_index(const void *a, const void *b)
{
	const struct xlist *x = a, *y = b;
	return (x->l->index > y->l->index) - (x->l->index < y->l->index);
}

static int cmp_list_name(const void *a, const void *b)
{
	const struct xlist *x = *(struct xlist *const *)a, *y = *(struct xlist *const *)b;
	return strcmp(x->l->name, y->l->name);
}

static struct xlist *xlist_find(const struct cctx *c, const char *name)
{
	size_t lo = 0, hi = c->nlists;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(name, c->byname[mid]->l->name);
		if (!r)
			return c->byname[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The list named by item when it was defined before x (Falco expands only those), else NULL. */
static struct xlist *earlier_list(const struct cctx *c, const struct xlist *x, const char *item)
{
	struct xlist *ref = xlist_find(c, item);
	return ref && ref->l->index < x->l->index ? ref : NULL;
}

/* Falco's list compilation: an item naming an earlier list is replaced by that list's expanded
 * items (lists are expanded in definition order, so nesting expands to any depth). The size is
 * counted first: a list that could never fit in a condition is not materialised. */
static void list_expand(struct cctx *c, struct xlist *x)
{
	struct rl_list *l = x->l;
	size_t n = 0, w = 0;
	for (size_t k = 0; k < l->nitems; k++) {
		struct xlist *ref = earlier_list(c, x, l->items[k]);
		if (ref)
			ref->l->used = true;
		n = add_sat(n, ref ? ref->n : 1);
	}
	x->n = n;
	if (n > RL_MAX_CONDITION_NODES) {
		x->too_big = true;
		return;
	}
	x->items = xmalloc((n ? n : 1) * sizeof(char *));
	for (size_t k = 0; k < l->nitems; k++) {
		struct xlist *ref = earlier_list(c, x, l->items[k]);
		if (!ref) {
			x->items[w++] = l->items[k];
			continue;
		}
		if (ref->n)
			memcpy(x->items + w, ref->items, ref->n * sizeof(char *));
		w += ref->n;
	}
}

static void lists_compile(struct cctx *c)
{
	struct ruleset *rs = c->rs;
	c->nlists = rs->nlists;
	c->lists = xcalloc(rs->nlists ? rs->nlists : 1, sizeof(*c->lists));
	c->byname = xcalloc(rs->nlists ? rs->nlists : 1, sizeof(*c->byname));
	for (size_t i = 0; i < rs->nlists; i++) {
		c->lists[i].l = &rs->lists[i];
		rs->lists[i].used = false;
	}
	qsort(c->lists, c->nlists, sizeof(*c->lists), cmp_list_index);
	for (size_t i = 0; i < c->nlists; i++)
		c->byname[i] = &c->lists[i];
	qsort(c->byname, c->nlists, sizeof(*c->byname), cmp_list_name);
	for (size_t i = 0; i < c->nlists; i++)
		list_expand(c, &c->lists[i]);
}

static void lists_free(struct cctx *c)
{
	for (size_t i = 0; i < c->nlists; i++)
		free(c->lists[i].items);
	free(c->lists);
	free(c->byname);
	c->lists = NULL;
	c->byname = NULL;
	c->nlists = 0;
}

static bool is_blank_c(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static bool is_delim_c(char ch)
{
	return is_blank_c(ch) || ch == '(' || ch == ')' || ch == ',' || ch == '=';
}

/* A text being rewritten, with a map from each of its bytes to an offset in the text the user
 * wrote (map has len + 1 entries once finished: the last one is the end-of-text offset). */
struct mtext {
	struct strbuf s;
	struct {
		int *v;
		size_t n, cap;
	} map;
};

/* Appends n bytes, each mapped from smap (when given) or to origin. */
static void mt_add(struct mtext *m, const char *s, const int *smap, size_t n, int origin)
{
	sb_addn(&m->s, s, n);
	VEC_RESERVE(m->map, n + 1);
	for (size_t i = 0; i < n; i++)
		m->map.v[m->map.n++] = smap ? smap[i] : origin;
}

static char mt_last(const struct mtext *m)
{
	return m->s.len ? m->s.s[m->s.len - 1] : 0;
}

static void mt_pop(struct mtext *m)
{
	m->s.s[--m->s.len] = 0;
	m->map.n--;
}

static void mt_free(struct mtext *m)
{
	sb_free(&m->s);
	VEC_FREE(m->map);
}

/* Why a substitution stopped: the expansion would exceed RL_MAX_CONDITION_NODES. */
struct subst_err {
	bool failed;
	int pos; /* offset in the text as written */
	char msg[300];
};

static void list_items_text(struct strbuf *sub, const struct xlist *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (i)
			sb_add(sub, ", ");
		char *q = rl_quote_item(x->items[i]);
		sb_add(sub, q);
		free(q);
	}
}

/* Replaces one bounded occurrence at src offset h (Falco's resolve_list step) and returns
 * where the next search starts. out holds the rewritten text before h. */
static size_t replace_occurrence(struct mtext *out, const struct mtext *t, size_t h,
				 const struct xlist *x, size_t *pos)
{
	const char *s = t->s.s;
	size_t end = h + strlen(x->l->name);
	int origin = t->map.v[h];
	mt_add(out, s + *pos, t->map.v + *pos, h - *pos, 0);
	/* blanks around the name are swallowed, on the left also from what was already written */
	while (out->s.len && is_blank_c(mt_last(out)))
		mt_pop(out);
	while (end < t->s.len && is_blank_c(s[end]))
		end++;
	struct strbuf sub = {0};
	list_items_text(&sub, x);
	if (!sub.len) { /* an empty list takes one neighbouring comma with it */
		if (out->s.len && mt_last(out) == ',')
			mt_pop(out);
		else if (end < t->s.len && s[end] == ',')
			end++;
	}
	bool at_start = out->s.len == 0;
	if (!at_start)
		mt_add(out, " ", NULL, 1, origin);
	mt_add(out, sb_str(&sub), NULL, sub.len, origin);
	mt_add(out, " ", NULL, 1, origin);
	sb_free(&sub);
	*pos = end;
	/* Falco resumes one byte after the inserted text, which skips the first byte after the
	 * occurrence when the occurrence started the text */
	return end + (at_start ? 1 : 0);
}

/* Falco's resolve_list on t: every occurrence of the list's name bounded by delimiters is
 * replaced by its items. One pass: the text is rebuilt once, not once per occurrence. items
 * counts every item substituted so far in this text. Returns true if anything was replaced. */
static bool resolve_list(struct mtext *t, const struct xlist *x, size_t *items,
			 struct subst_err *err)
{
	const char *name = x->l->name;
	size_t nlen = strlen(name), from = 0, pos = 0;
	struct mtext out = {0};
	bool used = false;
	while (nlen && from < t->s.len) {
		const char *hit = memmem(t->s.s + from, t->s.len - from, name, nlen);
		if (!hit)
			break;
		size_t h = (size_t)(hit - t->s.s), end = h + nlen;
		/* the byte before the name in the text as rewritten so far */
		bool left = h > pos ? is_delim_c(t->s.s[h - 1])
				    : !out.s.len || is_delim_c(mt_last(&out));
		if (!left || (end < t->s.len && !is_delim_c(t->s.s[end]))) {
			from = h + 1;
			continue;
		}
		*items = add_sat(*items, x->n);
		if (x->too_big || *items > RL_MAX_CONDITION_NODES) {
			err->failed = true;
			err->pos = t->map.v[h];
			if (x->too_big)
				snprintf(
					err->msg, sizeof(err->msg),
					"list '%s' expands to %zu items, more than the limit of %d "
					"nodes in a condition after macro and list expansion",
					name, x->n, RL_MAX_CONDITION_NODES);
			else
				snprintf(err->msg, sizeof(err->msg),
					 "condition has more than %d nodes after macro and list "
					 "expansion: its lists alone add %zu items (the limit is "
					 "%d)",
					 RL_MAX_CONDITION_NODES, *items, RL_MAX_CONDITION_NODES);
			mt_free(&out);
			return false;
		}
		from = replace_occurrence(&out, t, h, x, &pos);
		used = true;
	}
	if (!used) {
		mt_free(&out);
		return false;
	}
	mt_add(&out, t->s.s + pos, t->map.v + pos, t->s.len - pos, 0);
	mt_free(t);
	*t = out;
	return true;
}

/* Substitutes all lists into text; *map_out (when non-NULL) gets the offset map (len + 1
 * entries). NULL with err filled when the expansion would exceed the condition size limit. */
static char *substitute(struct cctx *c, const char *text, int **map_out, struct subst_err *err)
{
	struct mtext t = {0};
	size_t n = strlen(text), items = 0;
	VEC_RESERVE(t.map, n + 1);
	for (size_t i = 0; i < n; i++)
		t.map.v[i] = (int)i;
	t.map.n = n;
	sb_addn(&t.s, text, n);
	for (size_t i = 0; i < c->nlists && !err->failed; i++)
		if (resolve_list(&t, &c->lists[i], &items, err))
			c->lists[i].l->used = true;
	if (err->failed) {
		mt_free(&t);
		return NULL;
	}
	VEC_RESERVE(t.map, 1);
	t.map.v[t.s.len] = t.s.len ? t.map.v[t.s.len - 1] + 1 : 0;
	if (map_out) {
		*map_out = t.map.v;
		t.map.v = NULL;
	}
	VEC_FREE(t.map);
	return sb_detach(&t.s);
}

char *rl_substitute_lists(struct ruleset *rs, const char *text)
{
	struct cctx c = {.rs = rs};
	struct subst_err err = {0};
	lists_compile(&c);
	char *s = substitute(&c, text, NULL, &err);
	lists_free(&c);
	return s;
}

/* ---- positions --------------------------------------------------------------------------- */

/* A text that was parsed: where it came from, and how its offsets map back. */
struct srctext {
	const struct srcpos *base; /* YAML scalar start (">" of block scalars) */
	const char *orig;	   /* the YAML scalar's value */
	int prefix;		   /* offset of orig inside the pre-substitution text */
	const int *map;		   /* parsed-text offset → pre-substitution offset */
	size_t maplen;
	const struct srcpos *tail; /* position for offsets beyond orig (exception text) */
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf b = {0};
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&b, buf, n);
	fclose(f);
	*len = b.len;
	return sb_detach(&b);
}

/* Offset `off` of the scalar value `text` → file line/col, by walking the file from the scalar
 * start and matching bytes, treating any run of whitespace (folding, indentation) as equal to
 * any other. Escapes in quoted scalars end the walk early: the column is then approximate. */
static void file_pos(const struct srcpos *base, const char *text, size_t off, int *line, int *col)
{
	*line = base->line;
	*col = base->col + (int)off;
	if (!base->file || !base->line)
		return;
	size_t flen;
	char *f = read_file(base->file, &flen);
	if (!f)
		return;
	size_t j = 0;
	int l = 1;
	while (j < flen && l < base->line) {
		if (f[j++] == '\n')
			l++;
	}
	j += (size_t)(base->col > 0 ? base->col - 1 : 0);
	if (j > flen)
		j = flen;
	if (j < flen && (f[j] == '>' || f[j] == '|')) {
		while (j < flen && f[j] != '\n')
			j++;
	} else if (j < flen && (f[j] == '"' || f[j] == '\'')) {
		j++;
	}
	size_t i = 0, tl = strlen(text);
	if (off > tl)
		off = tl;
	while (i < off && j < flen) {
		if (isspace((unsigned char)text[i]) || isspace((unsigned char)f[j])) {
			while (i < off && isspace((unsigned char)text[i]))
				i++;
			while (j < flen && isspace((unsigned char)f[j]))
				j++;
			continue;
		}
		if (text[i] != f[j])
			break; /* an escape or a comment: the walk stops here, approximately */
		i++;
		j++;
	}
	/* land on the offending token, not on the blanks before it */
	if (i < tl && !isspace((unsigned char)text[i]))
		while (j < flen && isspace((unsigned char)f[j]))
			j++;
	size_t linestart = 0;
	l = 1;
	for (size_t k = 0; k < j && k < flen; k++)
		if (f[k] == '\n') {
			l++;
			linestart = k + 1;
		}
	*line = l;
	*col = (int)(j - linestart) + 1;
	free(f);
}

static void src_pos(const struct srctext *st, int off, int *line, int *col)
{
	int o = off;
	if (st->map && off >= 0 && (size_t)off <= st->maplen)
		o = st->map[off];
	o -= st->prefix;
	size_t olen = st->orig ? strlen(st->orig) : 0;
	if (o < 0)
		o = 0;
	if ((size_t)o > olen && st->tail) {
		*line = st->tail->line;
		*col = st->tail->col;
		return;
	}
	file_pos(st->base, st->orig ? st->orig : "", (size_t)o, line, col);
}

static const char *srcfile(struct cctx *c, const struct srcpos *p)
{
	return p && p->file ? p->file : (c->file ? c->file : "");
}

/* ---- macros ------------------------------------------------------------------------------ */

struct mraw {
	struct ast *ast; /* parsed, lists substituted, macro references unresolved */
	char *text;	 /* the parsed text */
	int *map;
	size_t len;
	struct srctext st;
	size_t nodes;	 /* ast_size(ast) */
	size_t expanded; /* memo of macro_expanded_size(), 0 = not computed */
	bool visiting;
};

static int find_macro(struct cctx *c, const char *name)
{
	for (size_t i = 0; i < c->rs->nmacros; i++)
		if (!strcmp(c->rs->macros[i].name, name))
			return (int)i;
	return -1;
}

/* A check node and the text it was parsed from (a macro's, or the rule's). */
struct check_ref {
	struct ast *a;
	const struct srctext *st;
};

struct checks {
	struct check_ref *v;
	size_t n, cap;
};

static void checks_push(struct checks *cs, struct ast *a, const struct srctext *st)
{
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 32;
		cs->v = xrealloc(cs->v, cs->cap * sizeof(*cs->v));
	}
	cs->v[cs->n].a = a;
	cs->v[cs->n].st = st;
	cs->n++;
}

struct resolve_err {
	bool failed;
	bool too_big; /* the expanded-condition limit, not a reference problem */
	char msg[300];
	int pos;
	const struct srctext *st;
};

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

/* Inlines the macros of *root (parsed from st). Returns false with err filled. */
static bool inline_all(struct cctx *c, struct ast **root, const struct srctext *st, int visibility,
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

static void diag_at(struct cctx *c, enum diag_code code, const struct srctext *st, int off,
		    const char *item_type, const char *item_name, const char *msg)
{
	int line = 0, col = 0;
	src_pos(st, off, &line, &col);
	diags_add(c->out, code, srcfile(c, st->base), line, col, item_type, item_name, "%s", msg);
	if (diag_is_error(code)) {
		c->errors++;
		c->stop = true;
	}
}

static void diag_pos(struct cctx *c, enum diag_code code, const struct srcpos *p,
		     const char *item_type, const char *item_name, const char *msg)
{
	diags_add(c->out, code, srcfile(c, p), p ? p->line : 0, p ? p->col : 0, item_type,
		  item_name, "%s", msg);
	if (diag_is_error(code)) {
		c->errors++;
		c->stop = true;
	}
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
	r->text = substitute(c, m->condition ? m->condition : "", &r->map, &se);
	if (!r->text) {
		diag_at(c, LOAD_ERR_COMPILE_CONDITION, &r->st, se.pos, "macro", m->name, se.msg);
		return;
	}
	r->len = strlen(r->text);
	r->st.map = r->map;
	r->st.maplen = r->len;
	r->ast = cond_parse(r->text, &pe);
	if (!r->ast)
		diag_at(c, LOAD_ERR_COMPILE_CONDITION, &r->st, pe.pos, "macro", m->name, pe.msg);
	else
		r->nodes = ast_size(r->ast);
}

static void macros_compile(struct cctx *c)
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
		if (!inline_all(c, &a, &c->macros[i].st, m->last_index, NULL, &err)) {
			ast_free(a);
			diag_at(c, err.too_big ? LOAD_ERR_COMPILE_CONDITION : LOAD_ERR_VALIDATE,
				err.st, err.pos, "macro", m->name, err.msg);
			break;
		}
		m->ast = a;
	}
}

static void macros_free_raw(struct cctx *c)
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

char *rl_rule_output(const struct rl_rule *r)
{
	static const char tok[] = "%container.info";
	const char *s = r->output ? r->output : "";
	struct strbuf b = {0};
	const char *p;
	while ((p = strstr(s, tok))) {
		sb_addn(&b, s, (size_t)(p - s));
		s = p + sizeof(tok) - 1;
	}
	sb_add(&b, s);
	return sb_detach(&b);
}

/* ---- literals → typed values (§2.7) ------------------------------------------------------ */

static bool parse_dec_i64(const char *s, int64_t *v)
{
	char *end;
	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (*end || errno)
		return false;
	*v = x;
	return true;
}

static bool parse_dec_u64(const char *s, int64_t *v)
{
	char *end;
	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	if (*s == '-') {
		/* libsinsp's sscanf wraps negative numbers for unsigned fields */
		long long x = strtoll(s, &end, 10);
		if (*end || errno)
			return false;
		*v = x;
		return true;
	}
	unsigned long long x = strtoull(s, &end, 10);
	if (*end || errno)
		return false;
	*v = (int64_t)x;
	return true;
}

static bool is_signed_type(enum ftype t)
{
	switch (t) {
	case FT_INT8:
	case FT_INT16:
	case FT_INT32:
	case FT_INT64:
	case FT_ERRNO:
	case FT_FD:
	case FT_PID:
	case FT_RELTIME:
	case FT_ABSTIME:
	case FT_DOUBLE:
		return true;
	default:
		return false;
	}
}

static bool parse_net(const char *s, struct typed_value *v)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return false;
	char *addr = xstrndup(s, (size_t)(slash - s));
	int64_t pfx;
	bool ok = false;
	if (strchr(addr, ':')) {
		ok = inet_pton(AF_INET6, addr, v->ip) == 1 && parse_dec_i64(slash + 1, &pfx) &&
		     pfx >= 0 && pfx <= 128;
		v->family = 6;
	} else {
		ok = inet_pton(AF_INET, addr, v->ip) == 1 && parse_dec_i64(slash + 1, &pfx) &&
		     pfx >= 0 && pfx <= 32;
		v->family = 4;
	}
	free(addr);
	if (ok)
		v->prefix = (int)pfx;
	return ok;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Converts one literal to the type t; false with msg on error. */
static bool type_value(enum ftype t, enum cmp_op op, const struct operand *lit,
		       struct typed_value *v, char *msg, size_t msglen)
{
	const char *s = lit->name ? lit->name : "";
	memset(v, 0, sizeof(*v));
	v->s = xstrndup(s, lit->len);
	v->len = lit->len;
	switch (ftype_class(t)) {
	case FTC_STRING:
		return true;
	case FTC_BYTEBUF:
		if (op == OP_BCONTAINS || op == OP_BSTARTSWITH) {
			if (lit->len % 2) {
				snprintf(msg, msglen,
					 "bytes value '%s' has an odd number of hex digits", s);
				return false;
			}
			char *bytes = xmalloc(lit->len / 2 + 1);
			for (size_t i = 0; i < lit->len; i += 2) {
				int hi = hexval(s[i]), lo = hexval(s[i + 1]);
				if (hi < 0 || lo < 0) {
					free(bytes);
					snprintf(msg, msglen, "'%s' is not a valid hex string", s);
					return false;
				}
				bytes[i / 2] = (char)(hi << 4 | lo);
			}
			bytes[lit->len / 2] = 0;
			free(v->s);
			v->s = bytes;
			v->len = lit->len / 2;
		}
		return true;
	case FTC_BOOL:
		if (!strcmp(s, "true"))
			v->i = 1;
		else if (!strcmp(s, "false"))
			v->i = 0;
		else {
			snprintf(msg, msglen, "'%s' is not a valid boolean", s);
			return false;
		}
		return true;
	case FTC_IPADDR: {
		bool v4 = t == FT_IPV4ADDR || (t == FT_IPADDR && strchr(s, '.'));
		if (v4 && inet_pton(AF_INET, s, v->ip) == 1) {
			v->family = 4;
			return true;
		}
		if (!v4 && inet_pton(AF_INET6, s, v->ip) == 1) {
			v->family = 6;
			return true;
		}
		snprintf(msg, msglen, "unrecognized IP address %s", s);
		return false;
	}
	case FTC_IPNET:
		if (parse_net(s, v))
			return true;
		snprintf(msg, msglen, "unrecognized IP network %s", s);
		return false;
	case FTC_NUMERIC:
		break;
	}
	bool ok = is_signed_type(t) ? parse_dec_i64(s, &v->i) : parse_dec_u64(s, &v->i);
	if (ok)
		return true;
	if (t == FT_PORT) {
		struct servent *se = getservbyname(s, NULL);
		if (se) {
			v->i = ntohs((uint16_t)se->s_port);
			return true;
		}
	}
	snprintf(msg, msglen, "%s is not a valid number", s);
	return false;
}

/* ---- field resolution and checks (§2.4–2.8) ---------------------------------------------- */

struct ctype {
	enum ftype type;
	bool is_list;
	const struct field_info *field; /* the plain field, or NULL for transformers */
};

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

static bool fail(struct fctx *x, int pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail(struct fctx *x, int pos, const char *fmt, ...)
{
	va_list ap;
	x->err->failed = true;
	x->err->pos = pos;
	x->err->st = x->st;
	va_start(ap, fmt);
	vsnprintf(x->err->msg, sizeof(x->err->msg), fmt, ap);
	va_end(ap);
	return false;
}

static void warn(struct fctx *x, int pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(struct fctx *x, int pos, const char *fmt, ...)
{
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	x->warns = xrealloc(x->warns, (x->nwarns + 1) * sizeof(*x->warns));
	x->warns[x->nwarns].msg = xstrdup(buf);
	x->warns[x->nwarns].pos = pos;
	x->warns[x->nwarns].st = x->st;
	x->warns[x->nwarns].deprecated = -1;
	x->nwarns++;
}

static bool resolve_operand(struct fctx *x, struct operand *o, struct ctype *ct);

static bool resolve_field(struct fctx *x, struct operand *o, struct ctype *ct)
{
	size_t used;
	const struct field_info *f = field_lookup_prefix(o->name, &used);
	char shown[300], msg[300];
	snprintf(shown, sizeof(shown), "%s%s%s%s", o->name, o->arg ? "[" : "", o->arg ? o->arg : "",
		 o->arg ? "]" : "");
	if (!f || used != strlen(o->name))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	o->field = f;
	const char *arg = field_operand_arg(o);
	if (o->arg && used > strlen(f->name))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	if (o->arg && (f->flags & FF_ARG_DOTTED) && !(f->flags & (FF_ARG_INDEX | FF_ARG_KEY)))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	if (!field_arg_valid(f, shown, arg, msg, sizeof(msg)))
		return fail(x, o->pos, "%s", msg);
	if (f->id == F_EVT_ARG && !o->arg && arg && !evt_param_name_known(arg))
		return fail(x, o->pos, "filter_check called with nonexistent field %s", shown);
	if (f->id == F_EVT_TYPE_IS && evt_lookup(arg) < 0)
		return fail(x, o->pos, "unknown event type %s", arg);
	if ((f->flags & FF_DEPRECATED) && !x->deprecated_seen[f->id]) {
		x->deprecated_seen[f->id] = true;
		warn(x, o->pos,
		     "usage of deprecated field '%s' has been detected in the rule "
		     "condition",
		     f->name);
		x->warns[x->nwarns - 1].deprecated = (int)f->id;
	}
	ct->type = f->type;
	ct->is_list = (f->flags & FF_IS_LIST) != 0;
	ct->field = f;
	return true;
}

static bool is_string_type(enum ftype t)
{
	return ftype_class(t) == FTC_STRING;
}

static bool resolve_transformer(struct fctx *x, struct operand *o, struct ctype *ct)
{
	struct ctype a0 = {0};
	const char *n = o->name;
	for (size_t i = 0; i < o->nargs; i++) {
		struct operand *a = o->args[i];
		struct ctype t = {0};
		if (a->kind == OPND_FIELD || a->kind == OPND_TRANSFORMER) {
			if (!resolve_operand(x, a, &t))
				return false;
			if (a->kind == OPND_FIELD && (a->field->flags & FF_NO_TRANSFORMER))
				return fail(x, a->pos, "field '%s' does not support transformers",
					    a->field->name);
		} else {
			t.type = FT_CHARBUF;
		}
		if (i == 0)
			a0 = t;
	}
	ct->field = NULL;
	ct->is_list = false;
	if (!strcmp(n, "tolower") || !strcmp(n, "toupper") || !strcmp(n, "basename")) {
		if (o->nargs != 1 || !is_string_type(a0.type) || a0.is_list)
			return fail(x, o->pos,
				    "transformer '%s' requires one string field argument", n);
		ct->type = a0.type;
		ct->is_list = a0.is_list;
	} else if (!strcmp(n, "b64")) {
		if (o->nargs != 1 ||
		    (!is_string_type(a0.type) && ftype_class(a0.type) != FTC_BYTEBUF))
			return fail(
				x, o->pos,
				"transformer 'b64' requires one string or buffer field argument");
		ct->type = a0.type;
	} else if (!strcmp(n, "len")) {
		if (o->nargs != 1 || (!a0.is_list && !is_string_type(a0.type) &&
				      ftype_class(a0.type) != FTC_BYTEBUF))
			return fail(
				x, o->pos,
				"transformer 'len' requires one string, buffer or list argument");
		ct->type = FT_UINT64;
	} else {
		/* join, concat, getopt: text results */
		if (o->nargs < 1)
			return fail(x, o->pos, "transformer '%s' requires arguments", n);
		ct->type = FT_CHARBUF;
	}
	return true;
}

static bool resolve_operand(struct fctx *x, struct operand *o, struct ctype *ct)
{
	switch (o->kind) {
	case OPND_FIELD:
		return resolve_field(x, o, ct);
	case OPND_TRANSFORMER:
		return resolve_transformer(x, o, ct);
	case OPND_VAL:
		if (o->nargs != 1 || o->args[0]->kind != OPND_FIELD)
			return fail(x, o->pos, "'val' requires one field");
		return resolve_field(x, o->args[0], ct);
	default:
		return fail(x, o->pos, "expected a field");
	}
}

static bool is_regex_meta(char ch)
{
	return strchr(".^$*+?()[]{}|\\", ch) != NULL;
}

static void check_value_warnings(struct fctx *x, struct ast *a, const struct operand *lit)
{
	const char *s = lit->name ? lit->name : "";
	if (a->op == OP_REGEX) {
		bool meta = false;
		for (size_t i = 0; i < lit->len; i++)
			meta |= is_regex_meta(s[i]);
		if (!meta)
			warn(x, lit->pos,
			     "'regex' operator used with a value that has no regex metacharacters "
			     "('%s'): may be optimized with simpler operators",
			     s);
	}
	if (!lit->quoted) {
		size_t used;
		const struct field_info *f = field_lookup_prefix(s, &used);
		if (f && used == lit->len && strchr(s, '.'))
			warn(x, lit->pos,
			     "'%s' may be a valid field misused as a const string value", s);
	}
	size_t tl = outfmt_transformer_name(s);
	if (tl && s[lit->len ? lit->len - 1 : 0] == ')')
		warn(x, lit->pos,
		     "'%s' may be a valid field transformer misused as a const string value", s);
}

/* Falco compiles every regex value with RE2 (POSIX options) and refuses the rule with
 * "invalid regex pattern: <RE2's message>"; the offset names the offending text. */
static bool check_regex(struct fctx *x, const struct operand *lit)
{
	char msg[200];
	size_t at = 0;
	struct lnr_regex *re =
		lnr_regex_compile(lit->name, lit->name ? lit->len : 0, msg, sizeof(msg), &at);
	if (!re) {
		/* point at the offending character when the text maps 1:1 onto the pattern (no
		 * escapes in a quoted literal), else at the literal */
		const char *p = lit->name ? lit->name : "";
		int pos = lit->pos;
		if (!memchr(p, '\\', lit->len) && at <= lit->len)
			pos += (lit->quoted ? 1 : 0) + (int)at;
		return fail(x, pos, "invalid regex pattern: %s (at offset %zu of the pattern)", msg,
			    at);
	}
	lnr_regex_free(re);
	return true;
}

static bool resolve_check(struct fctx *x, struct ast *a)
{
	struct ctype lt = {0};
	char msg[300];

	if (!resolve_operand(x, a->lhs, &lt))
		return false;
	if (a->lhs->kind == OPND_VAL)
		return fail(x, a->lhs->pos, "'val' is not allowed on the left-hand side");
	struct field_info eff = {.name = lt.field ? lt.field->name : a->lhs->name,
				 .type = lt.type,
				 .flags = lt.is_list ? FF_IS_LIST : 0};
	if (!field_op_allowed(&eff, a->op, msg, sizeof(msg)))
		return fail(x, a->pos, "%s", msg);
	if (a->mod != MOD_NONE && !is_string_type(lt.type))
		return fail(x, a->pos, "'%s %s' operator not supported for non-string filters",
			    cmp_op_name(a->op), op_mod_name(a->mod));
	if (a->op == OP_EXISTS || !a->rhs)
		return true;

	struct operand *r = a->rhs;
	if (r->kind == OPND_VAL || r->kind == OPND_TRANSFORMER) {
		struct ctype rt = {0};
		if (!resolve_operand(x, r, &rt))
			return false;
		const struct operand *rf = r->kind == OPND_VAL ? r->args[0] : NULL;
		if (rf && (rf->field->flags & FF_NO_RHS))
			return fail(x, rf->pos,
				    "field '%s' cannot be used as right-hand side of a comparison",
				    rf->field->name);
		if (a->op == OP_PMATCH || a->op == OP_REGEX || a->mod != MOD_NONE)
			return fail(x, r->pos,
				    "operator '%s' does not support comparison with a field",
				    cmp_op_name(a->op));
		if (lt.type == FT_IPNET || rt.type == FT_IPNET)
			return fail(x, r->pos,
				    "network fields do not support comparison with a field");
		if (rt.type != lt.type || rt.is_list != lt.is_list)
			return fail(x, r->pos, "field '%s' has incompatible type with field '%s'",
				    rf ? rf->field->name : r->name, eff.name);
		return true;
	}

	/* literal(s) */
	struct operand *single = r->kind == OPND_STRING ? r : NULL;
	struct operand **items = single ? &single : r->args;
	size_t n = single ? 1 : r->nargs;
	if (r->kind != OPND_STRING && r->kind != OPND_LIST)
		return fail(x, r->pos, "unexpected right-hand side");
	a->vals = calloc(n ? n : 1, sizeof(*a->vals));
	if (!a->vals)
		abort();
	bool is_evt_type =
		lt.field && lt.field->id == F_EVT_TYPE &&
		(a->op == OP_EQ || a->op == OP_NE || a->op == OP_IN || a->op == OP_INTERSECTS);
	for (size_t i = 0; i < n; i++) {
		struct operand *lit = items[i];
		if (lit->kind != OPND_STRING)
			return fail(x, lit->pos, "expected a string value");
		if (lit->name && memchr(lit->name, 0, lit->len) &&
		    ftype_class(lt.type) != FTC_BYTEBUF)
			return fail(x, lit->pos, "value contains a NUL byte");
		check_value_warnings(x, a, lit);
		if (!type_value(lt.type, a->op, lit, &a->vals[i], msg, sizeof(msg))) {
			a->nvals = i + 1;
			return fail(x, lit->pos, "%s", msg);
		}
		a->nvals = i + 1;
		if (a->op == OP_REGEX && !check_regex(x, lit))
			return false;
		if (is_evt_type && evt_lookup(a->vals[i].s) < 0)
			return fail(x, lit->pos, "unknown event type %s", a->vals[i].s);
	}
	return true;
}

bool rl_lhs_field_valid(const char *field)
{
	struct parse_error pe = {0};
	char *text = xasprintf("%s exists", field);
	struct ast *a = cond_parse(text, &pe);
	bool ok = false;
	free(text);
	if (a && a->kind == AST_CHECK && a->op == OP_EXISTS) {
		struct resolve_err err = {0};
		struct srctext st = {0};
		struct fctx x = {.err = &err, .st = &st};
		ok = resolve_check(&x, a);
		for (size_t i = 0; i < x.nwarns; i++)
			free(x.warns[i].msg);
		free(x.warns);
	}
	ast_free(a);
	return ok;
}

/* ---- event-type inference (§6.2) --------------------------------------------------------- */

static void infer(const struct ast *a, bool neg, struct evtset *s)
{
	struct evtset k;
	switch (a->kind) {
	case AST_AND:
	case AST_OR: {
		/* and → intersection, or → union; De Morgan swaps them under a negation */
		bool inter = (a->kind == AST_AND) != neg;
		if (inter)
			evtset_all(s);
		else
			evtset_none(s);
		for (size_t i = 0; i < a->nkids; i++) {
			infer(a->kids[i], neg, &k);
			if (inter)
				evtset_intersect(s, &k);
			else
				evtset_union(s, &k);
		}
		return;
	}
	case AST_NOT:
		if (a->nkids)
			infer(a->kids[0], !neg, s);
		else
			evtset_all(s);
		return;
	case AST_MACRO:
		evtset_all(s);
		return;
	case AST_CHECK:
		break;
	}
	evtset_all(s);
	if (!a->lhs || a->lhs->kind != OPND_FIELD || !a->lhs->field || a->op == OP_EXISTS)
		return;
	if (a->rhs && a->rhs->kind != OPND_STRING && a->rhs->kind != OPND_LIST)
		return;
	if (a->lhs->field->id == F_EVT_TYPE) {
		bool positive;
		if (a->op == OP_EQ || a->op == OP_IN || a->op == OP_INTERSECTS)
			positive = true;
		else if (a->op == OP_NE)
			positive = false;
		else
			return;
		evtset_none(s);
		for (size_t i = 0; i < a->nvals; i++)
			evtset_set(s, evt_lookup(a->vals[i].s));
		if (positive == neg)
			evtset_complement(s);
		return;
	}
	if (a->lhs->field->id == F_EVT_NUM) {
		/* checks whose outcome is known statically: evt.num starts at 1 */
		int known = -1; /* 0 never true, 1 always true */
		int64_t v = a->nvals ? a->vals[0].i : 0;
		switch (a->op) {
		case OP_EQ:
			known = a->nvals == 1 && v == 0 ? 0 : -1;
			break;
		case OP_LT:
			known = a->nvals == 1 && v == 1 ? 0 : -1;
			break;
		case OP_LE:
			known = a->nvals == 1 && v == 0 ? 0 : -1;
			break;
		case OP_NE:
			known = a->nvals == 1 && v == 0 ? 1 : -1;
			break;
		case OP_GT:
			known = a->nvals == 1 && v == 0 ? 1 : -1;
			break;
		case OP_GE:
			known = a->nvals == 1 && v == 1 ? 1 : -1;
			break;
		case OP_IN:
		case OP_INTERSECTS:
			known = 0;
			for (size_t i = 0; i < a->nvals; i++)
				if (a->vals[i].i != 0)
					known = -1;
			break;
		default:
			break;
		}
		if (known < 0)
			return;
		if (known != (int)neg)
			evtset_all(s);
		else
			evtset_none(s);
	}
}

/* ---- rules ------------------------------------------------------------------------------- */

static int cmp_rule_index(const void *a, const void *b)
{
	const struct rl_rule *x = *(struct rl_rule *const *)a, *y = *(struct rl_rule *const *)b;
	return (x->index > y->index) - (x->index < y->index);
}

static bool err_is_unknown(const char *e)
{
	return strstr(e, "nonexistent field") || strstr(e, "invalid formatting token") ||
	       strstr(e, "unknown event type") || strstr(e, "unknown filter:");
}

static void rule_reset(struct rl_rule *r)
{
	ast_free(r->ast);
	r->ast = NULL;
	free(r->full_condition);
	r->full_condition = NULL;
	free(r->evttypes);
	r->evttypes = NULL;
	r->nevttypes = 0;
	r->skipped = false;
}

static const char *const deprecated_output_fields[] = {"evt.dir",	    "evt.latency",
						       "evt.latency.s",	    "evt.latency.ns",
						       "evt.latency.human", "evt.wait_latency"};

static void add_deprecated_diag(struct cctx *c, const struct srcpos *p, const char *item_type,
				const char *name, const char *field, const char *msg)
{
	diag_pos(c, LOAD_DEPRECATED_ITEM, p, item_type, name, msg);
	struct diag *d = &c->out->v[c->out->n - 1];
	free(d->deprecated_field);
	d->deprecated_field = xstrdup(field);
}

static void compile_output(struct cctx *c, struct rl_rule *r, bool *drop)
{
	const struct srcpos *op = r->output_pos.line ? &r->output_pos : &r->pos;
	if (r->output && strstr(r->output, "%container.info"))
		diag_pos(c, LOAD_DEPRECATED_ITEM, &r->pos, "rule", r->name,
			 "%container.info is deprecated and no more useful, and will be dropped by "
			 "Falco 1.0.0. The container plugin will automatically add required fields "
			 "to the output message.");
	char *out = rl_rule_output(r);
	struct out_format f;
	char err[400];
	size_t off = 0;
	if (!outfmt_parse(out, &f, err, sizeof(err), &off)) {
		/* the token's place in the YAML scalar (offsets of the output as written, so
		 * approximate when a %container.info was removed before it) */
		struct srctext st = {.base = op, .orig = r->output ? r->output : ""};
		enum diag_code code = LOAD_ERR_COMPILE_OUTPUT;
		if (r->skip_if_unknown_filter && err_is_unknown(err)) {
			code = LOAD_UNKNOWN_FILTER;
			*drop = true;
		}
		diag_at(c, code, &st, (int)off, "rule output", r->name, err);
		free(out);
		return;
	}
	outfmt_free(&f);
	for (size_t i = 0; i < sizeof(deprecated_output_fields) / sizeof(char *); i++) {
		const char *df = deprecated_output_fields[i];
		if (strstr(out, df)) {
			char msg[200];
			snprintf(msg, sizeof(msg),
				 "usage of deprecated field '%s' has been detected in the rule "
				 "output",
				 df);
			add_deprecated_diag(c, op, "rule output", r->name, df, msg);
		}
	}
	free(out);
}

static void compile_rule(struct cctx *c, struct rl_rule *r)
{
	char err[300];
	bool drop = false;

	rule_reset(r);
	if (r->unknown_source) {
		r->skipped = true;
		return;
	}
	size_t bad = 0;
	r->full_condition = exceptions_condition(r, err, sizeof(err), &bad);
	if (!r->full_condition) {
		const struct srcpos *p = bad < r->nexceptions ? &r->exceptions[bad].pos : &r->pos;
		diag_pos(c, LOAD_ERR_VALIDATE, p, "exception", r->name, err);
		return;
	}
	compile_output(c, r, &drop);
	if (c->stop)
		return;
	if (drop) {
		r->skipped = true;
		return;
	}

	int *map = NULL;
	struct subst_err se = {0};
	const struct srcpos *tail = r->nexceptions ? &r->exceptions[0].pos : &r->pos;
	struct srctext st = {.base = &r->cond_pos, .orig = r->condition, .prefix = 1, .tail = tail};
	char *text = substitute(c, r->full_condition, &map, &se);
	if (!text) {
		diag_at(c, LOAD_ERR_COMPILE_CONDITION, &st, se.pos, "rule", r->name, se.msg);
		return;
	}
	st.map = map;
	st.maplen = strlen(text);
	struct parse_error pe = {0};
	struct ast *a = cond_parse(text, &pe);
	if (!a) {
		diag_at(c, LOAD_ERR_COMPILE_CONDITION, &st, pe.pos, "rule", r->name, pe.msg);
		goto out;
	}

	/* macros: every reference resolved before any field is looked at (Falco's order) */
	struct checks cs = {0};
	struct resolve_err rerr = {0};
	if (!inline_all(c, &a, &st, INT_MAX, &cs, &rerr)) {
		diag_at(c, rerr.too_big ? LOAD_ERR_COMPILE_CONDITION : LOAD_ERR_VALIDATE, rerr.st,
			rerr.pos, "rule", r->name, rerr.msg);
		free(cs.v);
		ast_free(a);
		goto out;
	}

	/* fields, operators, values */
	struct fctx x = {.c = c, .rule = r, .err = &rerr};
	for (size_t i = 0; i < cs.n && !rerr.failed; i++) {
		x.st = cs.v[i].st;
		resolve_check(&x, cs.v[i].a);
	}
	free(cs.v);
	/* deprecated-field warnings come from a pass before compilation in Falco: emit them even
	 * when the compilation then fails */
	for (size_t i = 0; i < x.nwarns; i++) {
		if (x.warns[i].deprecated >= 0) {
			const struct field_info *f =
				field_by_id((enum field_id)x.warns[i].deprecated);
			int line, col;
			src_pos(x.warns[i].st, x.warns[i].pos, &line, &col);
			struct srcpos p = {
				.file = x.warns[i].st->base->file, .line = line, .col = col};
			add_deprecated_diag(c, &p, "rule condition", r->name, f->name,
					    x.warns[i].msg);
		}
	}
	if (rerr.failed) {
		if (r->skip_if_unknown_filter && err_is_unknown(rerr.msg)) {
			diag_at(c, LOAD_UNKNOWN_FILTER, rerr.st, rerr.pos, "rule", r->name,
				rerr.msg);
			r->skipped = true;
		} else {
			diag_at(c, LOAD_ERR_COMPILE_CONDITION, rerr.st, rerr.pos, "rule", r->name,
				rerr.msg);
		}
		ast_free(a);
	} else {
		for (size_t i = 0; i < x.nwarns; i++)
			if (x.warns[i].deprecated < 0)
				diag_at(c, LOAD_COMPILE_CONDITION, x.warns[i].st, x.warns[i].pos,
					"rule", r->name, x.warns[i].msg);
		r->ast = a;
		struct evtset s;
		infer(a, false, &s);
		r->evttypes = xmalloc(EVTSET_BYTES);
		memcpy(r->evttypes, s.bits, EVTSET_BYTES);
		r->nevttypes = evtset_count(&s);
		if (r->nevttypes > 100 && r->warn_evttypes)
			diag_pos(c, LOAD_NO_EVTTYPE, &r->pos, "rule", r->name,
				 "Rule matches too many evt.type values. This has a significant "
				 "performance penalty.");
	}
	for (size_t i = 0; i < x.nwarns; i++)
		free(x.warns[i].msg);
	free(x.warns);
out:
	free(text);
	free(map);
}

int ruleset_compile(struct ruleset *rs, const char *file, struct diags *out)
{
	struct cctx c = {.rs = rs, .out = out, .file = file};
	if (!rs)
		return 0;
	for (size_t i = 0; i < rs->nmacros; i++) {
		ast_free(rs->macros[i].ast);
		rs->macros[i].ast = NULL;
		rs->macros[i].used = false;
	}
	for (size_t i = 0; i < rs->nrules; i++)
		rule_reset(&rs->rules[i]);

	lists_compile(&c);
	macros_compile(&c);

	struct rl_rule **order = xmalloc((rs->nrules ? rs->nrules : 1) * sizeof(*order));
	for (size_t i = 0; i < rs->nrules; i++)
		order[i] = &rs->rules[i];
	qsort(order, rs->nrules, sizeof(*order), cmp_rule_index);
	for (size_t i = 0; i < rs->nrules && !c.stop; i++)
		compile_rule(&c, order[i]);
	free(order);

	if (!c.stop) {
		for (size_t i = 0; i < rs->nmacros; i++)
			if (!rs->macros[i].used)
				diag_pos(&c, LOAD_UNUSED_MACRO, &rs->macros[i].pos, "macro",
					 rs->macros[i].name,
					 "Macro not referred to by any other rule/macro");
		for (size_t i = 0; i < c.nlists; i++)
			if (!c.lists[i].l->used)
				diag_pos(&c, LOAD_UNUSED_LIST, &c.lists[i].l->pos, "list",
					 c.lists[i].l->name,
					 "List not referred to by any other rule/macro");
	}
	macros_free_raw(&c);
	lists_free(&c);
	return c.errors;
}
