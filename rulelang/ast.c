/* ast.c — allocation, cloning, freeing and structural equality of condition trees. */
#include "ast.h"

#include "common/vec.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const op_names[OP_COUNT] = {
	[OP_EQ] = "=",
	[OP_NE] = "!=",
	[OP_LT] = "<",
	[OP_LE] = "<=",
	[OP_GT] = ">",
	[OP_GE] = ">=",
	[OP_CONTAINS] = "contains",
	[OP_ICONTAINS] = "icontains",
	[OP_BCONTAINS] = "bcontains",
	[OP_STARTSWITH] = "startswith",
	[OP_BSTARTSWITH] = "bstartswith",
	[OP_ENDSWITH] = "endswith",
	[OP_GLOB] = "glob",
	[OP_IGLOB] = "iglob",
	[OP_REGEX] = "regex",
	[OP_IN] = "in",
	[OP_INTERSECTS] = "intersects",
	[OP_PMATCH] = "pmatch",
	[OP_EXISTS] = "exists",
};

const char *cmp_op_name(enum cmp_op op)
{
	if ((unsigned)op >= OP_COUNT)
		return "?";
	return op_names[op];
}

static const char *const mod_names[] = {
	[MOD_NONE] = "",
	[MOD_ONEOF] = "oneof",
	[MOD_ANYOF] = "anyof",
	[MOD_ALLOF] = "allof",
};

const char *op_mod_name(enum op_mod m)
{
	return (unsigned)m < sizeof(mod_names) / sizeof(mod_names[0]) ? mod_names[m] : "?";
}

/* Copies len bytes of s, NUL bytes included (a decoded bytes value may hold some), and
 * terminates them; NULL stays NULL. */
static char *xmemdup(const char *s, size_t len)
{
	if (!s)
		return NULL;
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = 0;
	return p;
}

struct ast *ast_new(enum ast_kind kind, int pos)
{
	struct ast *a = xcalloc(1, sizeof(*a));
	a->kind = kind;
	a->pos = pos;
	return a;
}

struct operand *operand_new(enum operand_kind kind, int pos)
{
	struct operand *o = xcalloc(1, sizeof(*o));
	o->kind = kind;
	o->pos = pos;
	return o;
}

/* dst[0..n) = clone(src[i]) for each of the n elements of src, in fresh storage. */
#define CLONE_EACH(dst, dst_n, src, n, clone)                                                      \
	do {                                                                                       \
		(dst_n) = (n);                                                                     \
		if (dst_n) {                                                                       \
			(dst) = xcalloc((dst_n), sizeof(*(dst)));                                  \
			for (size_t i_ = 0; i_ < (dst_n); i_++)                                    \
				(dst)[i_] = clone((src)[i_]);                                      \
		}                                                                                  \
	} while (0)

struct operand *operand_clone(const struct operand *o)
{
	struct operand *c;
	if (!o)
		return NULL;
	c = operand_new(o->kind, o->pos);
	c->name = xmemdup(o->name, o->len);
	c->len = o->len;
	c->quoted = o->quoted;
	c->arg = o->arg ? xmemdup(o->arg, strlen(o->arg)) : NULL;
	c->field = o->field;
	CLONE_EACH(c->args, c->nargs, o->args, o->nargs, operand_clone);
	return c;
}

struct ast *ast_clone(const struct ast *a)
{
	struct ast *c;
	if (!a)
		return NULL;
	c = ast_new(a->kind, a->pos);
	CLONE_EACH(c->kids, c->nkids, a->kids, a->nkids, ast_clone);
	c->lhs = operand_clone(a->lhs);
	c->op = a->op;
	c->mod = a->mod;
	c->rhs = operand_clone(a->rhs);
	if (a->nvals) {
		c->vals = xcalloc(a->nvals, sizeof(*c->vals));
		for (size_t i = 0; i < a->nvals; i++) {
			c->vals[i] = a->vals[i];
			c->vals[i].s = xmemdup(a->vals[i].s, a->vals[i].len);
		}
	}
	c->nvals = a->nvals;
	c->macro = a->macro ? xmemdup(a->macro, strlen(a->macro)) : NULL;
	return c;
}

void operand_free(struct operand *o)
{
	if (!o)
		return;
	FREE_EACH(o->args, o->nargs, operand_free);
	free(o->name);
	free(o->arg);
	free(o);
}

void ast_free(struct ast *a)
{
	if (!a)
		return;
	FREE_EACH(a->kids, a->nkids, ast_free);
	operand_free(a->lhs);
	operand_free(a->rhs);
	for (size_t i = 0; i < a->nvals; i++)
		free(a->vals[i].s);
	free(a->vals);
	free(a->macro);
	free(a);
}

size_t operand_size(const struct operand *o)
{
	size_t n = 0;
	if (!o)
		return 0;
	n = 1;
	for (size_t i = 0; i < o->nargs; i++)
		n += operand_size(o->args[i]);
	return n;
}

size_t ast_size(const struct ast *a)
{
	size_t n = 0;
	if (!a)
		return 0;
	n = 1 + operand_size(a->lhs) + operand_size(a->rhs);
	for (size_t i = 0; i < a->nkids; i++)
		n += ast_size(a->kids[i]);
	return n;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool operand_equal(const struct operand *a, const struct operand *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->len != b->len || a->nargs != b->nargs)
		return false;
	if ((a->name == NULL) != (b->name == NULL))
		return false;
	if (a->name && memcmp(a->name, b->name, a->len) != 0)
		return false;
	if (!str_eq(a->arg, b->arg))
		return false;
	for (size_t i = 0; i < a->nargs; i++)
		if (!operand_equal(a->args[i], b->args[i]))
			return false;
	return true;
}

bool ast_equal(const struct ast *a, const struct ast *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case AST_AND:
	case AST_OR:
	case AST_NOT:
		if (a->nkids != b->nkids)
			return false;
		for (size_t i = 0; i < a->nkids; i++)
			if (!ast_equal(a->kids[i], b->kids[i]))
				return false;
		return true;
	case AST_CHECK:
		return a->op == b->op && a->mod == b->mod && operand_equal(a->lhs, b->lhs) &&
		       operand_equal(a->rhs, b->rhs);
	case AST_MACRO:
		return str_eq(a->macro, b->macro);
	}
	return false;
}
