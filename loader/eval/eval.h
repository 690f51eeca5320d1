/* eval.h — the userspace fallback evaluator: decides a resolved Falco condition for one event.
 *
 * Input is a condition tree as compile.c leaves it (rulelang/ast.h: macros inlined, every field
 * operand's `field` set, every check's `vals`/`nvals` holding the right-hand literals converted to
 * the left-hand type). Field values come from a callback, so this module does not know how events
 * are captured. Semantics follow docs/falco-semantics.md, "Conditions":
 *   - a check whose left-hand value (or `val()` right-hand value) is missing is false, `!=`
 *     included; only an enclosing `not` makes it true; `exists` is true iff there is a value;
 *   - proc.aname/aexe/aexepath/acmdline/apid without an index: true iff some ancestor from the
 *     parent upwards satisfies the operator;
 *   - fd.ip/fd.port/fd.net/fd.proto: true iff the client or the server endpoint satisfies it;
 *   - and/or short-circuit left to right.
 *
 * Sections: eval.c (tree walk, field access, transformers), operators.c (one comparison of an
 * extracted value against right-hand values; regex cache).
 *
 * Threading: regexes are compiled once per (check node, list index) and kept in a process-wide
 * cache; evaluate from one thread at a time (the loader's consumer thread).
 */
#ifndef LANNER_EVAL_H
#define LANNER_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "fields.h"

/* How a value is held. The getter picks the kind matching the field's type class (fields.h
 * ftype_class): FTC_NUMERIC → FV_INT for signed types (INT*, ERRNO, FD, PID, DOUBLE) and FV_UINT
 * for unsigned ones (UINT*, PORT, FLAGS*, MODE, RELTIME, ABSTIME, SYSCALLID, SIGTYPE);
 * FTC_BOOL → FV_BOOL; FTC_STRING/FTC_BYTEBUF → FV_STR; FTC_IPADDR/FTC_IPNET → FV_IP (the
 * address; for IPNET fields the right-hand side is the network). Fields flagged FF_IS_LIST →
 * FV_LIST (a list of strings). */
enum fv_kind { FV_STR, FV_INT, FV_UINT, FV_BOOL, FV_IP, FV_LIST };

/* What the evaluator asks for with ancestor fields and either-endpoint fields. */
enum fv_side { FV_SIDE_NONE, FV_SIDE_CLIENT, FV_SIDE_SERVER };

struct fv_str {
	const char *s;
	size_t len;
};

struct fieldval {
	/* ---- request: set by the caller before the getter runs; the getter must not clear them */
	/* proc.aname, proc.aexe, proc.aexepath, proc.acmdline, proc.apid: the ancestor level whose
	 * proc.name/exe/exepath/cmdline/pid is wanted (0 = the process itself, 1 = parent, ...).
	 * The evaluator derives it from the operand's argument or walks 1, 2, ... until the getter
	 * reports no value; the getter uses `anc` and ignores the argument text for these fields.
	 */
	int anc;
	/* fd.ip, fd.port, fd.net, fd.proto: which endpoint (client ip/port, server ip/port; for
	 * fd.proto the protocol name of that side's port). FV_SIDE_NONE for every other field. */
	enum fv_side side;

	/* ---- answer: filled by the getter when it returns true */
	bool present; /* set by the evaluator from the getter's return value */
	enum fv_kind kind;
	int64_t i;     /* FV_INT, FV_UINT (as uint64_t bits), FV_BOOL (0/1) */
	const char *s; /* FV_STR: bytes, not necessarily NUL-terminated */
	size_t len;
	uint8_t ip[16]; /* FV_IP: network byte order, IPv4 in ip[0..3] (inet_pton layout) */
	int family;	/* FV_IP: 4 or 6 */
	const struct fv_str *items; /* FV_LIST */
	size_t nitems;
};

/* Fetches the value of `fieldref` (an OPND_FIELD operand: ->field is the catalogue entry, ->arg
 * the bracket argument or NULL; for dotted-argument fields such as evt.arg.flags see
 * field_operand_arg() in fields.h) for the event behind ctx. `out` arrives with its request
 * members set and everything else zeroed. Returns false when the field has no value for this
 * event (Falco's "not available"); fields that Falco renders as the string "<NA>" (user.name of
 * an unknown uid, ...) must return true with that string instead. Strings and lists handed out
 * must stay valid until the evaluation (eval_ast / format_render call) returns. */
typedef bool (*field_getter_fn)(void *ctx, const struct operand *fieldref, struct fieldval *out);

/* Evaluates a resolved condition. AST_MACRO nodes (not inlined) evaluate to false. */
bool eval_ast(const struct ast *a, field_getter_fn get, void *ctx);

/* Compiles every regex of the tree into the cache now, so a bad pattern is reported at load time
 * rather than silently failing to match. Returns false with a message on the first bad one. */
bool eval_prepare(const struct ast *a, char *err, size_t errlen);

/* Frees the regex cache (at exit, or after the trees it was built from were freed). */
void eval_cache_clear(void);

/* ---- value access shared with the output formatter (format.c) ---- */

/* Memory for values the evaluator builds (transformer results, joined ancestor names). */
struct eval_scratch {
	char **bufs;
	size_t n, cap;
};
void *eval_scratch_alloc(struct eval_scratch *s, size_t size);
void eval_scratch_free(struct eval_scratch *s);

/* The value of an operand: a field (ancestor fields with an index resolved to their level), a
 * transformer applied to its arguments, a literal, a list literal or val(field). Returns false
 * (out->present = false) when there is no value. Results built here live in `s`. */
bool eval_operand(const struct operand *o, field_getter_fn get, void *ctx, struct eval_scratch *s,
		  struct fieldval *out);

/* Kind of special access a field needs (cheap switch on the field id). */
enum eval_access { EVA_PLAIN, EVA_ANCESTOR, EVA_ENDPOINT };
enum eval_access eval_field_access(const struct field_info *f);

/* ---- operators.c ---- */

/* One comparison of an extracted value against right-hand values, with Falco's per-type
 * semantics. `node` is the AST_CHECK (operator, modifier, and the key of the regex cache);
 * `rhs`/`nrhs` are its typed literals or the values of a val()/transformer right-hand side;
 * `type` is the left-hand type (the field's, or the transformer's result type): numbers compare
 * at its width, and FT_IPNET makes the right-hand values CIDRs.
 * The left-hand value must be present (missing values never reach operators). */
bool evop_compare(const struct ast *node, const struct fieldval *v, const struct typed_value *rhs,
		  size_t nrhs, enum ftype type);

/* Component-wise path prefix test used by pmatch (exposed for the generator's host tests). */
bool evop_path_prefix(const char *prefix, size_t plen, const char *path, size_t len);

/* The compiled regex for rhs value `idx` of `node`, compiling and caching it on first use.
 * Returns NULL and fills err when the pattern is invalid. */
void *evop_regex_get(const struct ast *node, size_t idx, const struct typed_value *tv, char *err,
		     size_t errlen);

#endif
