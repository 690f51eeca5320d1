/* outfmt.h — the one parser of Falco rule output format strings, used both to
 * validate a rule's output at load time (compile.c, LOAD_ERR_COMPILE_OUTPUT) and to render
 * alerts (loader/format.c), so that what loads is exactly what renders.
 *
 * Syntax: text is literal up to a '%'. Every '%' starts a token: an optional decimal width
 * ("%20proc.name": pad with spaces or truncate to 20), then either
 *   - a transformer call "name(args)" with an optional "[arg]" (tolower, toupper, b64,
 *     basename, len, join, concat, getopt), parsed by cond_parse, every field in it resolved;
 *   - the longest catalogue field at that point (field_lookup_prefix), which takes a dotted
 *     argument ("evt.arg.flags") or, if the field accepts one, a bracket argument
 *     ("proc.aname[2]"); the argument is checked with field_arg_valid.
 * There is no escape for '%': "%%" is an error, as a '%' at the end, a width at the end, an
 * unknown field, a filter-only field (FF_FILTER_ONLY, also inside a transformer) or an unclosed
 * bracket or call. Error texts are Falco's where Falco has one (they are the load errors).
 */
#ifndef LANNER_OUTFMT_H
#define LANNER_OUTFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "fields.h"

struct out_token {
	bool is_field; /* false: literal text */
	bool is_transformer;
	char *text; /* literal text, or the token as written without '%' and width ("proc.aname[2]",
		     * "evt.arg.flags", "tolower(proc.name)"): the JSON output_fields key */
	size_t len; /* strlen(text) */
	size_t off; /* byte offset in the format: of the literal, or of the token's '%' */
	int width;  /* %20proc.name → 20; 0 = as is */
	const struct field_info *field; /* field tokens; NULL for literals and transformers */
	char *arg;			/* field tokens: the dotted or bracket argument, or NULL */
	struct operand *ref;		/* OPND_FIELD (field resolved) or OPND_TRANSFORMER; owned */
	struct ast *owner;		/* transformer tokens: the parse tree that owns ref */
};

struct out_format {
	struct out_token *toks; /* literals and tokens in order; never two literals in a row */
	size_t n;
};

/* Parses fmt into out (which it initialises). On error returns false with out empty, the
 * message in err and, when erroff is not NULL, *erroff the offset of the bad token's '%'. */
bool outfmt_parse(const char *fmt, struct out_format *out, char *err, size_t errlen,
		  size_t *erroff);
/* Length of the transformer name at p when "(" follows it ("tolower(" → 7), else 0. */
size_t outfmt_transformer_name(const char *p);

/* Frees the tokens (not out itself) and leaves out empty. */
void outfmt_free(struct out_format *f);

#endif
