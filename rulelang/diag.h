/* diag.h — diagnostics produced while loading and compiling rules files.
 *
 * Every problem found in a rules file is recorded as one `struct diag` with Falco's code
 * (docs/falco-semantics.md, "Diagnostics"), the file, a 1-based line and column, and the item it
 * belongs to. Nothing in rulelang prints: callers decide how to render (text lines, Falco's -V
 * JSON).
 */
#ifndef LANNER_DIAG_H
#define LANNER_DIAG_H

#include <stdbool.h>
#include <stddef.h>

enum diag_code {
	/* errors */
	LOAD_ERR_FILE_READ,
	LOAD_ERR_YAML_PARSE,
	LOAD_ERR_YAML_VALIDATE,
	LOAD_ERR_COMPILE_CONDITION,
	LOAD_ERR_COMPILE_OUTPUT,
	LOAD_ERR_VALIDATE,
	LOAD_ERR_EXTENSION,
	/* warnings */
	LOAD_UNKNOWN_SOURCE,
	LOAD_UNSAFE_NA_CHECK,
	LOAD_NO_EVTTYPE,
	LOAD_UNKNOWN_FILTER,
	LOAD_UNUSED_MACRO,
	LOAD_UNUSED_LIST,
	LOAD_UNKNOWN_ITEM,
	LOAD_DEPRECATED_ITEM,
	LOAD_WARNING_EXTENSION,
	LOAD_APPEND_NO_VALUES,
	LOAD_EXCEPTION_NAME_NOT_UNIQUE,
	LOAD_INVALID_MACRO_NAME,
	LOAD_INVALID_LIST_NAME,
	LOAD_COMPILE_CONDITION,
	LOAD_UNKNOWN_KEY,
	DIAG_CODE_COUNT
};

struct diag {
	enum diag_code code;
	char *message;	 /* Falco-style message text, without code or position */
	char *file;	 /* file name as given by the user; "" when not file-bound */
	int line, col;	 /* 1-based; 0 when unknown */
	char *item_type; /* "rule", "macro", "list", "rules content", ... (Falco's item_type) */
	char *item_name; /* rule/macro/list name or NULL */
	char *deprecated_field; /* for deprecated-field warnings, else NULL */
};

struct diags {
	struct diag *v;
	size_t n, cap;
};

bool diag_is_error(enum diag_code c);
const char *diag_code_name(enum diag_code c);  /* "LOAD_ERR_YAML_PARSE" */
const char *diag_code_short(enum diag_code c); /* "YAML parse error" */

/* Appends a diagnostic; strings are copied. item_type/item_name may be NULL. */
void diags_add(struct diags *d, enum diag_code code, const char *file, int line, int col,
	       const char *item_type, const char *item_name, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
size_t diags_count_errors(const struct diags *d);
void diags_free(struct diags *d);

/* "FILE:LINE:COL: error CODE: message (rule 'NAME')" — the -V text form, newline-terminated. */
void diag_format(const struct diag *g, char *buf, size_t len);

#endif
