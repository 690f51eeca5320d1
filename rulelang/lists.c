/* lists.c — Falco's lists: expansion in definition order, then textual substitution into
 * condition text before it is parsed (docs/falco-semantics.md, "Lists and macros").
 *
 * Expansion: an item naming a list defined earlier is replaced by that list's expanded items, so
 * nesting expands to any depth (l3: [l2, c], l2: [l1, b], l1: [a] gives a, b, c); an item naming
 * a later list stays text and is substituted when that list's turn comes. Each list is sized
 * before it is built: one that could never fit in a condition (RL_MAX_CONDITION_NODES) is only
 * counted, and naming it in a condition is an error.
 *
 * Substitution: for every list in definition order, each occurrence of its name bounded by the
 * start or end of the text or one of blank ( ) , = is replaced, blanks around it swallowed, by
 * " item, item " (items through quote_item); an empty list also takes one neighbouring comma.
 * The text is rebuilt once per list (not once per occurrence), with a map from every byte back
 * to the text as written for diagnostics, and the items substituted are counted against the
 * limit while substituting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/vec.h"
#include "common/xalloc.h"
#include "compile.h"
#include "compile_passes.h"
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

void lists_compile(struct cctx *c)
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

void lists_free(struct cctx *c)
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

char *lists_substitute(struct cctx *c, const char *text, int **map_out, struct subst_err *err)
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
	char *s = lists_substitute(&c, text, NULL, &err);
	lists_free(&c);
	return s;
}
