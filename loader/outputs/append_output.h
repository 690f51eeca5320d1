/* append_output.h — Falco's `append_output` configuration: a list of entries, each adding to the
 * outputs of the rules it matches (docs/falco-semantics.md, "Appended output").
 *
 * An entry matches a rule when its source is unset or equal to the rule's ("syscall" by
 * default), the rule has every one of its tags, and its rule name is unset or exactly the
 * rule's. What a matching entry adds, applied to each rule's output when it is compiled
 * (format.c), in the order of the entries:
 *   extra_output  " " + the format, appended to the output text (so also to JSON "output");
 *   extra_fields  JSON "output_fields" only: {key: "format"} adds key → the rendered string; a
 *                 bare field name adds that field with its typed value; the text never changes;
 *   suggested_output  the container plugin's suggested fields (format.h); as in Falco they are
 *                 appended to every rule of the source whatever the entry's match says.
 */
#ifndef LANNER_APPEND_OUTPUT_H
#define LANNER_APPEND_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

struct ao_field {
	char *key; /* the JSON key: the {key: ...} key, or the bare field name */
	char *fmt; /* the format to render; for a bare field "%" + the field name */
	bool raw;  /* a bare field name: the typed value, not a string */
};

struct ao_entry {
	char *source; /* NULL: any */
	char *rule;   /* NULL: any; else the exact rule name */
	char **tags;  /* the rule must have all of them */
	size_t ntags;
	char *extra_output; /* NULL: none */
	struct ao_field *fields;
	size_t nfields;
	bool suggested_output;
};

struct append_output {
	struct ao_entry *v;
	size_t n, cap;
};

/* Does entry e apply to the rule (source NULL = "syscall")? */
bool ao_matches(const struct ao_entry *e, const char *rule, const char *source, char *const *tags,
		size_t ntags);
/* Any entry asks for the suggested fields. */
bool ao_suggested(const struct append_output *a);
void ao_free(struct append_output *a);

#endif
