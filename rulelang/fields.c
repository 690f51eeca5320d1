/* fields.c — the field catalogue (fields_list.def) and its lookups, the operator/type legality
 * table and the argument rules of docs/falco-semantics.md ("Operators", "Field arguments and
 * transformers"). */
#include "fields.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct field_info fields[F_COUNT] = {
#define X(id_, name_, type_, flags_, desc_)                                                        \
	{.id = id_, .name = name_, .type = type_, .flags = flags_, .desc = desc_},
#include "fields_list.def"
#undef X
};

size_t field_count(void)
{
	return F_COUNT;
}

const struct field_info *field_by_id(enum field_id id)
{
	if ((unsigned)id >= F_COUNT)
		return NULL;
	return &fields[id];
}

const struct field_info *field_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < F_COUNT; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Pure longest prefix: the caller decides whether what follows is acceptable (a condition token
 * must be consumed whole; an output token may be followed by any text). A field
 * taking a dotted argument swallows ".NAME" after its name. */
const struct field_info *field_lookup_prefix(const char *text, size_t *consumed)
{
	const struct field_info *best = NULL;
	size_t best_len = 0;

	if (consumed)
		*consumed = 0;
	if (!text)
		return NULL;
	for (size_t i = 0; i < F_COUNT; i++) {
		size_t n = strlen(fields[i].name);
		if (n <= best_len || strncmp(text, fields[i].name, n) != 0)
			continue;
		best = &fields[i];
		best_len = n;
	}
	if (!best)
		return NULL;
	size_t len = best_len;
	if ((best->flags & FF_ARG_DOTTED) && text[len] == '.' && is_ident_char(text[len + 1])) {
		len++;
		while (is_ident_char(text[len]))
			len++;
	}
	if (consumed)
		*consumed = len;
	return best;
}

/* Each type in one row: Falco's name, the class the operator rules check, whether a number of
 * that type is read as signed, and the bytes libs stores it in (0: not a number). */
static const struct {
	const char *name;
	enum ftype_class cls;
	bool is_signed;
	unsigned char width;
} ftypes[] = {
#define T(t, cls, sgn, width) [FT_##t] = {#t, cls, sgn, width}
	T(CHARBUF, FTC_STRING, false, 0),    T(FSPATH, FTC_STRING, false, 0),
	T(FSRELPATH, FTC_STRING, false, 0),  T(BYTEBUF, FTC_BYTEBUF, false, 0),
	T(INT8, FTC_NUMERIC, true, 1),	     T(INT16, FTC_NUMERIC, true, 2),
	T(INT32, FTC_NUMERIC, true, 4),	     T(INT64, FTC_NUMERIC, true, 8),
	T(UINT8, FTC_NUMERIC, false, 1),     T(UINT16, FTC_NUMERIC, false, 2),
	T(UINT32, FTC_NUMERIC, false, 4),    T(UINT64, FTC_NUMERIC, false, 8),
	T(ERRNO, FTC_NUMERIC, true, 8),	     T(FD, FTC_NUMERIC, true, 8),
	T(PID, FTC_NUMERIC, true, 8),	     T(PORT, FTC_NUMERIC, false, 2),
	T(FLAGS8, FTC_NUMERIC, false, 1),    T(FLAGS16, FTC_NUMERIC, false, 2),
	T(FLAGS32, FTC_NUMERIC, false, 4),   T(MODE, FTC_NUMERIC, false, 4),
	T(RELTIME, FTC_NUMERIC, true, 8),    T(ABSTIME, FTC_NUMERIC, true, 8),
	T(DOUBLE, FTC_NUMERIC, true, 8),     T(BOOL, FTC_BOOL, false, 0),
	T(IPV4ADDR, FTC_IPADDR, false, 0),   T(IPV6ADDR, FTC_IPADDR, false, 0),
	T(IPADDR, FTC_IPADDR, false, 0),     T(IPNET, FTC_IPNET, false, 0),
	T(SYSCALLID, FTC_NUMERIC, false, 2), T(SIGTYPE, FTC_NUMERIC, false, 1),
#undef T
};

static bool ftype_known(enum ftype t)
{
	return (unsigned)t < sizeof(ftypes) / sizeof(ftypes[0]) && ftypes[t].name;
}

enum ftype_class ftype_class(enum ftype t)
{
	return ftype_known(t) ? ftypes[t].cls : FTC_NUMERIC;
}

const char *ftype_name(enum ftype t)
{
	return ftype_known(t) ? ftypes[t].name : "UNKNOWN";
}

bool ftype_is_signed(enum ftype t)
{
	return ftype_known(t) && ftypes[t].is_signed;
}

unsigned ftype_width(enum ftype t)
{
	return ftype_known(t) ? ftypes[t].width : 0;
}

static bool op_in(enum cmp_op op, const enum cmp_op *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == op)
			return true;
	return false;
}

#define OPS(...)                                                                                   \
	(const enum cmp_op[]){__VA_ARGS__},                                                        \
		sizeof((enum cmp_op[]){__VA_ARGS__}) / sizeof(enum cmp_op)

/* Falco's flt_is_comparable: the texts below are the ones libsinsp throws (including its quirks:
 * bools say "numeric", lists lack "for"). */
bool field_op_allowed(const struct field_info *f, enum cmp_op op, char *msg, size_t msglen)
{
	const char *what;
	bool ok;

	if (op == OP_EXISTS)
		return true;
	if (f->flags & FF_IS_LIST) {
		switch (f->type) {
		case FT_CHARBUF:
		case FT_UINT64:
		case FT_RELTIME:
		case FT_ABSTIME:
		case FT_BOOL:
		case FT_IPADDR:
		case FT_IPNET:
			if (op == OP_IN || op == OP_INTERSECTS)
				return true;
			if (msg)
				snprintf(msg, msglen, "'%s' operator not supported list filters",
					 cmp_op_name(op));
			return false;
		default:
			if (msg)
				snprintf(msg, msglen,
					 "list filters are not supported for type '%s'",
					 ftype_name(f->type));
			return false;
		}
	}
	switch (ftype_class(f->type)) {
	case FTC_NUMERIC:
		ok = op_in(op, OPS(OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_INTERSECTS));
		what = "numeric";
		break;
	case FTC_BOOL:
		ok = op_in(op, OPS(OP_EQ, OP_NE, OP_IN, OP_INTERSECTS));
		what = "numeric";
		break;
	case FTC_STRING:
		ok = op != OP_BCONTAINS && op != OP_BSTARTSWITH;
		what = "string";
		break;
	case FTC_BYTEBUF:
		ok = op_in(op, OPS(OP_EQ, OP_NE, OP_CONTAINS, OP_IN, OP_STARTSWITH, OP_ENDSWITH,
				   OP_INTERSECTS, OP_BCONTAINS, OP_BSTARTSWITH));
		what = "buffer";
		break;
	default:
		ok = op_in(op, OPS(OP_EQ, OP_NE, OP_IN, OP_INTERSECTS));
		what = "ip address and network";
		break;
	}
	if (!ok && msg)
		snprintf(msg, msglen, "'%s' operator not supported for %s filters", cmp_op_name(op),
			 what);
	return ok;
}

static bool is_decimal(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Digits only (a sign was accepted by is_decimal), at most INT32_MAX. */
static bool index_in_range(const char *s)
{
	if (*s == '+' || *s == '-')
		return false;
	while (*s == '0' && s[1])
		s++;
	size_t n = strlen(s);
	return n < 10 || (n == 10 && strcmp(s, "2147483647") <= 0);
}

bool field_arg_valid(const struct field_info *f, const char *shown, const char *arg, char *msg,
		     size_t msglen)
{
	if (!arg) {
		if (!(f->flags & FF_ARG_REQUIRED))
			return true;
		if (msg)
			snprintf(msg, msglen, "field '%s' requires an argument", f->name);
		return false;
	}
	if (!(f->flags & (FF_ARG_REQUIRED | FF_ARG_ALLOWED))) {
		/* libsinsp does not consume the "[...]", so the token names no field */
		if (msg)
			snprintf(msg, msglen, "filter_check called with nonexistent field %s",
				 shown);
		return false;
	}
	/* "[N]" of an index field: decimal digits, 0..INT32_MAX (libsinsp reads a 32-bit index; a
	 * sign or an overflow would silently name another element). Key fields take any text, but
	 * an all-digit key is an index and is held to the same range. */
	bool bracket =
		shown && !strncmp(shown, f->name, strlen(f->name)) && shown[strlen(f->name)] == '[';
	bool index_only = (f->flags & FF_ARG_INDEX) && !(f->flags & FF_ARG_KEY);
	if (index_only && (bracket || !(f->flags & FF_ARG_DOTTED)) && !is_decimal(arg)) {
		if (msg)
			snprintf(msg, msglen, "%s is not a valid number", arg);
		return false;
	}
	if ((f->flags & FF_ARG_INDEX) && is_decimal(arg) && !index_in_range(arg)) {
		if (msg)
			snprintf(
				msg, msglen,
				"invalid index %s of field '%s': an index is a number from 0 to %d",
				arg, f->name, INT32_MAX);
		return false;
	}
	if (!*arg) {
		if (msg)
			snprintf(msg, msglen, "field '%s' requires an argument", f->name);
		return false;
	}
	return true;
}

const char *field_operand_arg(const struct operand *o)
{
	if (!o)
		return NULL;
	if (o->arg)
		return o->arg;
	if (o->field && (o->field->flags & FF_ARG_DOTTED) && o->name) {
		size_t n = strlen(o->field->name);
		if (strncmp(o->name, o->field->name, n) == 0 && o->name[n] == '.' && o->name[n + 1])
			return o->name + n + 1;
	}
	return NULL;
}

static void flag_notes(unsigned fl, char *buf, size_t len)
{
	buf[0] = 0;
	size_t n = 0;
#define NOTE(cond, text)                                                                           \
	if ((cond) && n < len)                                                                     \
		n += snprintf(buf + n, len - n, "%s%s", n ? ", " : "", text);
	NOTE(fl & FF_ARG_REQUIRED, "argument required")
	NOTE((fl & FF_ARG_ALLOWED) && !(fl & FF_ARG_REQUIRED), "argument allowed")
	NOTE(fl & FF_IS_LIST, "list")
	NOTE(fl & FF_FILTER_ONLY, "filter only")
	NOTE(fl & FF_NO_TRANSFORMER, "no transformers")
	NOTE(fl & FF_DEPRECATED, "deprecated")
#undef NOTE
}

void field_list_write(FILE *out)
{
	char prev[32] = "";
	for (size_t i = 0; i < F_COUNT; i++) {
		const struct field_info *f = &fields[i];
		const char *dot = strchr(f->name, '.');
		size_t cl = dot ? (size_t)(dot - f->name) : strlen(f->name);
		if (cl >= sizeof(prev))
			cl = sizeof(prev) - 1;
		if (strncmp(prev, f->name, cl) != 0 || prev[cl] != 0) {
			memcpy(prev, f->name, cl);
			prev[cl] = 0;
			fprintf(out, "%sField class: %s\n\n", i ? "\n" : "", prev);
		}
		char notes[96];
		flag_notes(f->flags, notes, sizeof(notes));
		fprintf(out, "%-40s %-9s %s%s%s%s\n", f->name, ftype_name(f->type), f->desc,
			notes[0] ? " [" : "", notes, notes[0] ? "]" : "");
	}
}
