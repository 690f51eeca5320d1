/* parser.c — condition text → syntax tree (the grammar of docs/falco-semantics.md, "Tokens,
 * grammar and precedence"), recursive descent as Falco's parser.
 *
 * The grammar is context-sensitive, so each production asks the lexer for the token kind it
 * expects at the cursor (lexer.h). Every production that may recurse counts one level of depth,
 * like Falco's depth guard, so the limit (1000) rejects the same inputs Falco rejects (about 200
 * nested parentheses) and deep input can never overflow the stack. Errors carry the byte offset
 * of the cursor where the problem was seen and Falco's message text.
 */
#include "ast.h"
#include "common/xalloc.h"
#include "lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 1000

struct parser {
	const char *s;
	size_t pos;
	int depth;
	bool failed;
	struct parse_error *err;
	char last[96]; /* the last token read, for "unexpected token after '…'" */
};

static const char *const transformers[] = {"tolower", "toupper", "b64",	   "basename",
					   "len",     "join",	 "concat", "getopt"};
#define TRANSFORMER_LIST                                                                           \
	"'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'"

static const struct {
	const char *text;
	enum cmp_op op;
	bool word; /* must be followed by a blank */
} num_ops[] = {{"<=", OP_LE, false},
	       {"<", OP_LT, false},
	       {">=", OP_GE, false},
	       {">", OP_GT, false}},
  str_ops[] = {{"==", OP_EQ, false},
	       {"=", OP_EQ, false},
	       {"!=", OP_NE, false},
	       {"glob", OP_GLOB, true},
	       {"iglob", OP_IGLOB, true},
	       {"contains", OP_CONTAINS, true},
	       {"icontains", OP_ICONTAINS, true},
	       {"bcontains", OP_BCONTAINS, true},
	       {"startswith", OP_STARTSWITH, true},
	       {"bstartswith", OP_BSTARTSWITH, true},
	       {"endswith", OP_ENDSWITH, true},
	       {"regex", OP_REGEX, true}},
  list_ops[] = {
	  {"intersects", OP_INTERSECTS, false}, {"in", OP_IN, false}, {"pmatch", OP_PMATCH, false}};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static __attribute__((format(printf, 3, 4))) void fail(struct parser *p, size_t pos,
						       const char *fmt, ...)
{
	va_list ap;
	if (p->failed)
		return;
	p->failed = true;
	p->err->pos = (int)pos;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

/* Leaves a nesting level entered with enter(): o when ok, else NULL with o freed. */
static struct operand *leave(struct parser *p, struct operand *o, bool ok)
{
	p->depth--;
	if (ok)
		return o;
	operand_free(o);
	return NULL;
}

static bool enter(struct parser *p)
{
	if (++p->depth >= MAX_DEPTH) {
		fail(p, p->pos, "exceeded max depth limit of %d", MAX_DEPTH);
		return false;
	}
	return true;
}

static const char *cur(struct parser *p)
{
	return p->s + p->pos;
}

static void set_last(struct parser *p, const char *tok, size_t len)
{
	if (len >= sizeof(p->last))
		len = sizeof(p->last) - 1;
	memcpy(p->last, tok, len);
	p->last[len] = '\0';
}

/* consumes n bytes as a token */
static void take(struct parser *p, size_t n)
{
	set_last(p, cur(p), n);
	p->pos += n;
}

static bool blank(struct parser *p)
{
	size_t n = cond_lex_blank(cur(p));
	p->pos += n;
	return n > 0;
}

/* enter, then skip blanks and note where the construct starts in *start. */
static bool enter_at(struct parser *p, size_t *start)
{
	if (!enter(p))
		return false;
	blank(p);
	*start = p->pos;
	return true;
}

static bool lit(struct parser *p, const char *s)
{
	size_t n = strlen(s);
	if (strncmp(cur(p), s, n) != 0)
		return false;
	take(p, n);
	return true;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* arrays grow by powers of two; n is the current count */
static bool must_grow(size_t n)
{
	return (n & (n - 1)) == 0;
}

static void push_kid(struct ast *a, struct ast *kid)
{
	if (must_grow(a->nkids)) {
		struct ast **k = xreallocarray(a->kids, a->nkids ? a->nkids * 2 : 1, sizeof(*k));
		a->kids = k;
	}
	a->kids[a->nkids++] = kid;
}

static void push_arg(struct operand *o, struct operand *arg)
{
	if (must_grow(o->nargs)) {
		struct operand **k =
			xreallocarray(o->args, o->nargs ? o->nargs * 2 : 1, sizeof(*k));
		o->args = k;
	}
	o->args[o->nargs++] = arg;
}

/* Quoted string at the cursor: 1 read (into *out), 0 none here, -1 error (reported). */
static int quoted(struct parser *p, char **out, size_t *len)
{
	char msg[160];
	size_t off = 0;
	long n = cond_lex_quoted(cur(p), out, len, msg, sizeof(msg), &off);
	if (n == 0)
		return 0;
	if (n < 0) {
		fail(p, p->pos + off, "%s", msg);
		return -1;
	}
	set_last(p, *out, *len);
	p->pos += (size_t)n;
	return 1;
}

static struct operand *string_operand(size_t pos, char *bytes, size_t len, bool was_quoted)
{
	struct operand *o = operand_new(OPND_STRING, (int)pos);
	o->name = bytes;
	o->len = len;
	o->quoted = was_quoted;
	return o;
}

/* StrValue ::= QuotedStr | BareStr. Returns NULL without failing when neither starts here. */
static struct operand *str_value(struct parser *p)
{
	size_t start = p->pos, len, n;
	char *bytes;
	int q = quoted(p, &bytes, &len);
	if (q < 0)
		return NULL;
	if (q > 0)
		return string_operand(start, bytes, len, true);
	n = cond_lex_bare_string(cur(p));
	if (!n)
		return NULL;
	take(p, n);
	return string_operand(start, dup_n(p->s + start, n), n, false);
}

static struct operand *num_value(struct parser *p)
{
	size_t start = p->pos;
	size_t n = cond_lex_hex_number(cur(p));
	if (!n)
		n = cond_lex_number(cur(p));
	if (!n)
		return NULL;
	take(p, n);
	return string_operand(start, dup_n(p->s + start, n), n, false);
}

/* Transformer name immediately followed by "(" at the cursor: its length, or 0. */
static size_t transformer_here(struct parser *p)
{
	size_t n = cond_lex_identifier(cur(p));
	if (!n || cur(p)[n] != '(')
		return 0;
	for (size_t i = 0; i < N(transformers); i++)
		if (strlen(transformers[i]) == n && strncmp(cur(p), transformers[i], n) == 0)
			return n;
	return 0;
}

/* "[" (QuotedStr | FieldArgBareStr) "]" right after a field name or transformer. */
static bool field_arg(struct parser *p, struct operand *o)
{
	size_t len, n;
	char *bytes;
	int q;
	if (!lit(p, "["))
		return true;
	q = quoted(p, &bytes, &len);
	if (q < 0)
		return false;
	if (q > 0) {
		o->arg = bytes;
	} else if ((n = cond_lex_field_arg_bare(cur(p)))) {
		o->arg = dup_n(cur(p), n);
		take(p, n);
	} else {
		fail(p, p->pos,
		     "expected a valid field argument: a quoted string or a bare string");
		return false;
	}
	if (!lit(p, "]")) {
		fail(p, p->pos, "expected a ']' token");
		return false;
	}
	return true;
}

/* FieldName [ "[" arg "]" ]; the cursor is on the field name. */
static struct operand *field(struct parser *p)
{
	size_t start = p->pos, n = cond_lex_field_name(cur(p));
	struct operand *o = operand_new(OPND_FIELD, (int)start);
	o->name = dup_n(cur(p), n);
	o->len = n;
	take(p, n);
	if (!field_arg(p, o)) {
		operand_free(o);
		return NULL;
	}
	return o;
}

static struct operand *transformer(struct parser *p);

/* TrArg ::= Transformer | Field | QuotedStr | NumValue | "(" [TrArg {"," TrArg}] ")" */
static bool tr_args(struct parser *p, struct operand *o, bool empty_ok, const char *missing);

static struct operand *tr_arg(struct parser *p)
{
	struct operand *o = NULL;
	size_t start;
	if (!enter_at(p, &start))
		return NULL;
	if (transformer_here(p)) {
		o = transformer(p);
	} else if (cond_lex_field_name(cur(p))) {
		o = field(p);
	} else if (*cur(p) == '"' || *cur(p) == '\'') {
		o = str_value(p);
	} else if ((o = num_value(p))) {
		/* done */
	} else if (lit(p, "(")) {
		o = operand_new(OPND_LIST, (int)start);
		blank(p);
		if (!tr_args(p, o, true, "expected a ')' token"))
			goto err;
	} else {
		fail(p, p->pos,
		     "expected a field, a nested transformer, a quoted string, a number or a list "
		     "as transformer argument");
	}
	return leave(p, o, true);
err:
	return leave(p, o, false);
}

/* TrArg {"," TrArg} ")" into o's arguments (none when empty_ok and the cursor is on the ')');
 * false after an error (missing: the message when the ')' is not there). */
static bool tr_args(struct parser *p, struct operand *o, bool empty_ok, const char *missing)
{
	struct operand *arg;
	if (!empty_ok || *cur(p) != ')') {
		for (;;) {
			if (!(arg = tr_arg(p)))
				return false;
			push_arg(o, arg);
			blank(p);
			if (!lit(p, ","))
				break;
		}
	}
	if (!lit(p, ")")) {
		fail(p, p->pos, "%s", missing);
		return false;
	}
	return true;
}

/* TrName "(" TrArg {"," TrArg} ")" [ "[" arg "]" ]; the cursor is on the name. */
static struct operand *transformer(struct parser *p)
{
	size_t start = p->pos, n = transformer_here(p);
	struct operand *o;
	if (!enter(p))
		return NULL;
	o = operand_new(OPND_TRANSFORMER, (int)start);
	o->name = dup_n(cur(p), n);
	o->len = n;
	take(p, n + 1);
	if (!tr_args(p, o, false, "expected a ')' token closing the transformer"))
		goto err;
	if (!field_arg(p, o))
		goto err;
	return leave(p, o, true);
err:
	return leave(p, o, false);
}

/* TransformerOrVal at the cursor (after blanks). NULL and !p->failed: neither starts here. */
static struct operand *transformer_or_val(struct parser *p)
{
	size_t start;
	struct operand *o = NULL, *f;
	if (!enter_at(p, &start))
		return NULL;
	if (lit(p, "val(")) {
		blank(p);
		if (!cond_lex_field_name(cur(p))) {
			fail(p, p->pos, "expected a field within 'val' transformer");
			goto out;
		}
		if (!(f = field(p)))
			goto out;
		blank(p);
		if (!lit(p, ")")) {
			operand_free(f);
			fail(p, p->pos, "expected a ')' token closing the transformer");
			goto out;
		}
		o = operand_new(OPND_VAL, (int)start);
		o->name = dup_n("val", 3);
		o->len = 3;
		push_arg(o, f);
	} else if (transformer_here(p)) {
		o = transformer(p);
	}
out:
	p->depth--;
	return o;
}

/* A transformer or val(), else a value read by value (num_value or str_value); what names
 * the value in the error. */
static struct operand *
value_or_transformer(struct parser *p, struct operand *(*value)(struct parser *), const char *what)
{
	struct operand *o;
	if (!enter(p))
		return NULL;
	blank(p);
	if (!(o = transformer_or_val(p)) && !p->failed && !(o = value(p)))
		fail(p, p->pos,
		     "expected a %s value or a field with a valid transformer: " TRANSFORMER_LIST,
		     what);
	p->depth--;
	return o;
}

/* ListValue ::= "(" [StrValue {"," StrValue}] ")" | Identifier, or a transformer/val when
 * allowed (after a list operator; not after a modifier). */
static struct operand *list_value(struct parser *p, bool allow_transformer)
{
	struct operand *o = NULL, *item;
	size_t start, n;
	if (!enter_at(p, &start))
		return NULL;
	if (lit(p, "(")) {
		o = operand_new(OPND_LIST, (int)start);
		blank(p);
		if ((item = str_value(p))) {
			push_arg(o, item);
			blank(p);
			while (lit(p, ",")) {
				blank(p);
				if (!(item = str_value(p))) {
					fail(p, p->pos, "expected a string value");
					goto err;
				}
				push_arg(o, item);
				blank(p);
			}
		}
		if (p->failed)
			goto err;
		if (!lit(p, ")")) {
			fail(p, p->pos, "expected a ')' token");
			goto err;
		}
		goto out;
	}
	if (allow_transformer && ((o = transformer_or_val(p)) || p->failed))
		goto out;
	if ((n = cond_lex_identifier(cur(p)))) {
		/* a name that was not substituted as a list is a one-element list: Falco compares
		 * with the name itself */
		o = operand_new(OPND_LIST, (int)start);
		push_arg(o, string_operand(start, dup_n(cur(p), n), n, false));
		take(p, n);
		goto out;
	}
	fail(p, p->pos,
	     allow_transformer ? "expected a list, an identifier, or a field with a valid "
				 "transformer: " TRANSFORMER_LIST
			       : "expected a list or an identifier");
	goto out;
err:
	operand_free(o);
	o = NULL;
out:
	p->depth--;
	return o;
}

/* After a string operator: "oneof"/"anyof"/"allof" is a modifier only when followed by blanks
 * and then "(" or an identifier other than and/or/not; otherwise it is a bare string value. */
static enum op_mod modifier(struct parser *p)
{
	static const struct {
		const char *w;
		enum op_mod m;
	} mods[] = {{"oneof", MOD_ONEOF}, {"anyof", MOD_ANYOF}, {"allof", MOD_ALLOF}};
	const char *c;
	size_t b, n;
	blank(p);
	c = cur(p);
	for (size_t i = 0; i < N(mods); i++) {
		if (!cond_lex_word(c, mods[i].w))
			continue;
		b = cond_lex_blank(c + 5);
		if (!b)
			return MOD_NONE;
		c += 5 + b;
		n = cond_lex_identifier(c);
		if (*c != '(' && (!n || cond_lex_word(c, "and") || cond_lex_word(c, "or") ||
				  cond_lex_word(c, "not")))
			return MOD_NONE;
		take(p, 5);
		return mods[i].m;
	}
	return MOD_NONE;
}

/* Condition ::= "exists" | NumOp … | StrOp … | StrOp Modifier ListValue | ListOp … */
static struct ast *condition(struct parser *p, struct operand *lhs, size_t start)
{
	struct ast *a = NULL;
	struct operand *rhs = NULL;
	enum cmp_op op = OP_COUNT;
	enum op_mod mod = MOD_NONE;
	size_t i;
	if (!enter(p)) {
		operand_free(lhs);
		return NULL;
	}
	blank(p);
	if (lit(p, "exists")) {
		op = OP_EXISTS;
		goto done;
	}
	for (i = 0; i < N(num_ops); i++)
		if (lit(p, num_ops[i].text)) {
			op = num_ops[i].op;
			rhs = value_or_transformer(p, num_value, "number");
			goto done;
		}
	for (i = 0; i < N(str_ops); i++) {
		size_t n = strlen(str_ops[i].text);
		if (strncmp(cur(p), str_ops[i].text, n) != 0)
			continue;
		if (str_ops[i].word && !cond_lex_is_blank(cur(p)[n]) &&
		    !cond_lex_is_space(cur(p)[n]))
			continue;
		take(p, n);
		if (str_ops[i].word)
			p->pos++; /* the blank that must follow */
		op = str_ops[i].op;
		mod = modifier(p);
		rhs = mod != MOD_NONE ? list_value(p, false)
				      : value_or_transformer(p, str_value, "string");
		goto done;
	}
	for (i = 0; i < N(list_ops); i++)
		if (lit(p, list_ops[i].text)) {
			op = list_ops[i].op;
			rhs = list_value(p, true);
			goto done;
		}
	fail(p, p->pos,
	     "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', "
	     "'!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', "
	     "'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'");
done:
	if (p->failed) {
		operand_free(lhs);
		operand_free(rhs);
	} else {
		a = ast_new(AST_CHECK, (int)start);
		a->lhs = lhs;
		a->op = op;
		a->mod = mod;
		a->rhs = rhs;
	}
	p->depth--;
	return a;
}

static struct ast *parse_or(struct parser *p);

/* the rest of "(" Expr ")" after the "(" */
static struct ast *embedded(struct parser *p)
{
	struct ast *a;
	if (!enter(p))
		return NULL;
	blank(p);
	a = parse_or(p);
	if (a) {
		blank(p);
		if (!lit(p, ")")) {
			fail(p, p->pos, "expected a ')' token");
			ast_free(a);
			a = NULL;
		}
	}
	p->depth--;
	return a;
}

/* Check ::= "(" Expr ")" | (Field | Transformer) Condition | Identifier */
static struct ast *check(struct parser *p)
{
	struct ast *a = NULL;
	struct operand *lhs;
	size_t start, n;
	if (!enter_at(p, &start))
		return NULL;
	if (lit(p, "(")) {
		a = embedded(p);
	} else if (cond_lex_field_name(cur(p))) {
		if ((lhs = field(p)))
			a = condition(p, lhs, start);
	} else if (transformer_here(p)) {
		if ((lhs = transformer(p)))
			a = condition(p, lhs, start);
	} else if ((n = cond_lex_identifier(cur(p)))) {
		a = ast_new(AST_MACRO, (int)start);
		a->macro = dup_n(cur(p), n);
		take(p, n);
	} else {
		fail(p, p->pos, "expected a '(' token, a field check, or an identifier");
	}
	p->depth--;
	return a;
}

/* "not" followed by at least one [:space:] */
static size_t not_blank(const char *c)
{
	size_t n = 3;
	if (strncmp(c, "not", 3) != 0 || !cond_lex_is_space(c[3]))
		return 0;
	while (cond_lex_is_space(c[n]))
		n++;
	return n;
}

/* NotExpr ::= { "not" blank+ } ( "not(" Expr ")" | Check ); repeated "not"s toggle. */
static struct ast *parse_not(struct parser *p)
{
	struct ast *a, *kid;
	bool negate = false;
	size_t start, n;
	if (!enter_at(p, &start))
		return NULL;
	while ((n = not_blank(cur(p)))) {
		set_last(p, "not", 3);
		p->pos += n;
		negate = !negate;
	}
	if (lit(p, "not(")) {
		negate = !negate;
		kid = embedded(p);
	} else {
		kid = check(p);
	}
	a = kid;
	if (kid && negate) {
		a = ast_new(AST_NOT, (int)start);
		push_kid(a, kid);
	}
	p->depth--;
	return a;
}

typedef struct ast *(*parse_fn)(struct parser *);

/* n-ary "and"/"or": Kid { word (blank Kid | "(" Expr ")") } */
static struct ast *nary(struct parser *p, enum ast_kind kind, const char *word, parse_fn kid_fn)
{
	struct ast *a = NULL, *kid;
	size_t start;
	if (!enter_at(p, &start))
		return NULL;
	if (!(kid = kid_fn(p)))
		goto out;
	blank(p);
	while (lit(p, word)) {
		if (!a) {
			a = ast_new(kind, (int)start);
			push_kid(a, kid);
		}
		if (blank(p)) {
			kid = kid_fn(p);
		} else if (lit(p, "(")) {
			kid = embedded(p);
		} else {
			fail(p, p->pos, "expected blank or '(' after '%s'", word);
			kid = NULL;
		}
		if (!kid) {
			ast_free(a);
			a = NULL;
			goto out;
		}
		push_kid(a, kid);
		blank(p);
	}
	if (!a)
		a = kid;
out:
	p->depth--;
	return a;
}

static struct ast *parse_and(struct parser *p)
{
	return nary(p, AST_AND, "and", parse_not);
}

static struct ast *parse_or(struct parser *p)
{
	return nary(p, AST_OR, "or", parse_and);
}

struct ast *cond_parse(const char *text, struct parse_error *err)
{
	struct parse_error dummy;
	struct parser p = {.s = text ? text : "", .err = err ? err : &dummy};
	struct ast *a;

	p.err->pos = 0;
	p.err->msg[0] = '\0';
	if (!*p.s) {
		fail(&p, 0, "filter input string is empty");
		return NULL;
	}
	a = parse_or(&p);
	if (a && p.s[p.pos]) {
		fail(&p, p.pos, "unexpected token after '%s', expecting 'or', 'and'", p.last);
		ast_free(a);
		a = NULL;
	}
	return a;
}
