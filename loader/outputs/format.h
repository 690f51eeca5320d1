/* format.h — Falco alert output: rule output format strings (format.c) and the alert line and
 * JSON object (output_text.c, output_json.c). Semantics: docs/falco-semantics.md, "Alerts".
 *
 * A rule's output is compiled once (format_compile) and rendered per alert with values from the
 * same field getter the evaluator uses (eval.h), so the event pipeline implements one callback.
 */
#ifndef LANNER_FORMAT_H
#define LANNER_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "eval/eval.h"
#include "options.h"
#include "outfmt.h"
#include "rules.h"

/* ---- growable text buffer ---- */
struct obuf {
	char *p; /* NUL-terminated while non-NULL */
	size_t len, cap;
};
void obuf_put(struct obuf *b, const char *s, size_t len);
void obuf_puts(struct obuf *b, const char *s);
void obuf_putc(struct obuf *b, char c);
/* Hands the text over (never NULL); the buffer is left empty. */
char *obuf_take(struct obuf *b);

/* ---- output format strings (docs/falco-semantics.md: "Output format strings") */

/* The six fields the container plugin marks "suggested" (docs/falco-semantics.md: "Appended
 * output"), appended as " key=%field" when opt->suggested_output (Falco's default falco.yaml).
 * Fields missing from the catalogue are skipped, as Falco does when the plugin is absent. */
extern const char *const format_suggested_fields[6];

/* Compiles `fmt` with the suggested fields appended per opt (NULL: none) into tokens
 * (outfmt_parse, outfmt.h: the parser rule outputs are validated with at load time). Returns
 * NULL with a message in err on error. */
struct out_format *format_compile(const char *fmt, const struct lanner_options *opt, char *err,
				  size_t errlen);

/* The rule an output belongs to, for append_output's match (append_output.h). */
struct format_rule_id {
	const char *rule;
	const char *source; /* NULL = "syscall" */
	char *const *tags;
	size_t ntags;
};

/* format_compile for one rule: after the suggested fields, the extra_output of every
 * opt->append entry matching the rule, in order; their extra_fields compiled beside it (JSON
 * output_fields only). id NULL: only the entries without a match apply. */
struct out_format *format_compile_rule(const char *fmt, const struct lanner_options *opt,
				       const struct format_rule_id *id, char *err, size_t errlen);

/* The extra fields compiled with f (format_compile* only): their count, and in *keys, *raw and
 * *fmts (arrays the caller frees, not their elements) each one's JSON key, whether it is a bare
 * field (typed value) and its format. */
size_t format_extra_fields(const struct out_format *f, const char ***keys, bool **raw,
			   const struct out_format ***fmts);
void format_free(struct out_format *f);

/* The value of one field/transformer token (ancestor fields without index: the ancestors'
 * values space-separated). Values built here live in s. */
bool format_token_value(const struct out_token *t, field_getter_fn get, void *ctx,
			struct eval_scratch *s, struct fieldval *out);

/* Text form of a value (docs/falco-semantics.md: "Output format strings"): strings as is, integers
 * in decimal (FF_PRINT_HEX fields in upper-case hex), bools true/false, addresses as inet_ntop,
 * lists "(a,b)"; missing → "<NA>". f may be NULL. */
void format_value_text(struct obuf *b, const struct fieldval *v, const struct field_info *f);
/* A list value (FV_LIST): each item through put, separated by commas, between brackets[0] and
 * brackets[1] ("()" in text, "[]" in JSON). */
void format_list(struct obuf *b, const char *brackets, const struct fieldval *v,
		 void (*put)(struct obuf *b, const char *s, size_t len));

/* The rendered message (malloc'd, never NULL). */
char *format_render(const struct out_format *f, field_getter_fn get, void *ctx);

/* ---- alerts (output_text.c, output_json.c) ---- */

struct alert {
	uint64_t ts_ns; /* event time, ns since the epoch */
	enum priority priority;
	const char *rule;
	const char *source; /* NULL = "syscall" */
	char *const *tags;  /* any order; JSON sorts them */
	size_t ntags;
	const struct out_format *fmt; /* the rule's compiled output */
	field_getter_fn get;
	void *ctx;
};

/* "HH:MM:SS.nnnnnnnnn" in local time, or with iso "YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000" (UTC).
 * buf needs 40 bytes. */
void output_time_text(uint64_t ts_ns, bool iso, char *buf, size_t len);
/* JSON "time": UTC "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ". */
void output_time_json(uint64_t ts_ns, char *buf, size_t len);

/* "<time>: <Priority> <message>" from an already rendered message (malloc'd). */
char *output_text_line(uint64_t ts_ns, enum priority p, const char *msg,
		       const struct lanner_options *o);

/* env FALCO_HOSTNAME, else gethostname(). */
const char *output_hostname(char *buf, size_t len);

/* Falco's JSON object (docs/falco-semantics.md: "JSON alert object"), compact, keys sorted
 * (malloc'd). hostname NULL = output_hostname. */
char *output_json_alert(const struct alert *a, const struct lanner_options *o,
			const char *hostname);

/* s as a JSON string (quoted; Falco's escaping, invalid UTF-8 replaced by U+FFFD). */
void output_json_string(struct obuf *b, const char *s, size_t len);

/* A Falco internal message (source "internal", e.g. the syscall drop alert) as Falco renders it:
 * with o->json_output the object {hostname, output: msg, output_fields: {key: "value"...},
 * priority, rule, source, time}; else "<HH:MM:SS.ns local>: <Priority> <msg> (k1="v1" k2="v2")"
 * (the text time is never ISO: Falco's internal messages ignore time_format_iso_8601). keys must
 * be sorted, values are strings. hostname NULL = output_hostname. malloc'd. */
char *output_internal_msg(uint64_t ts_ns, enum priority p, const char *rule, const char *msg,
			  const char *const *keys, const char *const *vals, size_t n,
			  const struct lanner_options *o, const char *hostname);

/* The alert as Falco prints it to stdout: the JSON object with o->json_output, else the text
 * line (malloc'd, no trailing newline). */
char *output_alert(const struct alert *a, const struct lanner_options *o);

/* Writes output_alert + "\n" to out; flushes unless o->buffered_outputs. Returns 0 or -1. */
int output_emit(FILE *out, const struct alert *a, const struct lanner_options *o);

#endif
