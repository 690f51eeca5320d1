/* fields.h — the field catalogue: every field Lanner knows, with Falco's name, type, argument
 * rules and description, and the operator/type legality table (docs/falco-semantics.md,
 * "Fields", "Operators").
 *
 * Owned by fields.c. The generator decides per field whether the kernel can know it; the
 * evaluator and the output formatter switch on `id`.
 */
#ifndef LANNER_FIELDS_H
#define LANNER_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ast.h"

enum ftype {
	FT_CHARBUF,
	FT_FSPATH,
	FT_FSRELPATH,
	FT_BYTEBUF,
	FT_INT8,
	FT_INT16,
	FT_INT32,
	FT_INT64,
	FT_UINT8,
	FT_UINT16,
	FT_UINT32,
	FT_UINT64,
	FT_ERRNO,
	FT_FD,
	FT_PID,
	FT_PORT,
	FT_FLAGS8,
	FT_FLAGS16,
	FT_FLAGS32,
	FT_MODE,
	FT_RELTIME,
	FT_ABSTIME,
	FT_DOUBLE,
	FT_BOOL,
	FT_IPV4ADDR,
	FT_IPV6ADDR,
	FT_IPADDR,
	FT_IPNET,
	FT_SYSCALLID,
	FT_SIGTYPE,
};

enum ftype_class { FTC_NUMERIC, FTC_BOOL, FTC_STRING, FTC_BYTEBUF, FTC_IPADDR, FTC_IPNET };

/* field flags (Falco's EPF_*) */
enum {
	FF_ARG_REQUIRED = 1 << 0,
	FF_ARG_ALLOWED = 1 << 1,
	FF_ARG_INDEX = 1 << 2, /* argument must be a number */
	FF_ARG_KEY = 1 << 3,   /* argument is a free text key */
	FF_IS_LIST = 1 << 4,
	FF_NO_RHS = 1 << 5,
	FF_NO_TRANSFORMER = 1 << 6,
	FF_FILTER_ONLY = 1 << 7,
	FF_DEPRECATED = 1 << 8,
	FF_PRINT_HEX = 1 << 9,	 /* JSON renders as string */
	FF_ARG_DOTTED = 1 << 10, /* argument may follow as ".NAME" (evt.arg.flags) */
};

/* One identifier per field, in catalogue order. The enum here and the table in fields.c both
 * expand the one list in fields_list.def, so they cannot drift apart. */
enum field_id {
#define X(id, name, type, flags, desc) id,
#include "fields_list.def"
#undef X
	F_COUNT
};

struct field_info {
	enum field_id id;
	const char *name;
	enum ftype type;
	unsigned flags;
	const char *desc;
};

enum ftype_class ftype_class(enum ftype t);
const char *ftype_name(enum ftype t); /* Falco's type name: "CHARBUF", "UINT32"... */
bool ftype_is_signed(enum ftype t);   /* numbers of this type are read as signed */
unsigned ftype_width(enum ftype t);   /* bytes libs stores a number of this type in; 0: no number */

const struct field_info *field_by_id(enum field_id id);
/* Exact name without argument ("proc.aname"); NULL if unknown. */
const struct field_info *field_by_name(const char *name);
/* Longest-match lookup of a dotted token that may continue with more text, e.g.
 * "evt.arg.flags" → evt.arg with arg "flags". Returns the field and the number of bytes consumed.
 */
const struct field_info *field_lookup_prefix(const char *text, size_t *consumed);
size_t field_count(void);

/* Is op legal for the field's type? On false, msg gets Falco's text. */
bool field_op_allowed(const struct field_info *f, enum cmp_op op, char *msg, size_t msglen);

/* Checks the argument of a resolved field against its flags (required, allowed, numeric index).
 * `arg` is the bracket text or the dotted suffix (NULL when none); `shown` is the field as
 * written, for messages. On false, msg gets the problem. */
bool field_arg_valid(const struct field_info *f, const char *shown, const char *arg, char *msg,
		     size_t msglen);

/* The argument of a resolved field operand: its "[...]" text, else for dotted-argument fields
 * the text after "name." (operand name "evt.arg.flags" → "flags"), else NULL. */
const char *field_operand_arg(const struct operand *o);

/* `lanner-gen --list-fields`: every field with type, flags and description, grouped by class. */
void field_list_write(FILE *out);

#endif
