/* diag.c — diagnostic records: codes, Falco's short texts, accumulation and the -V text form. */
#include "diag.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each code's name is its enum constant spelled out; the text is Falco's short description. */
#define CODE(c, text) [c] = {#c, text}
static const struct {
	const char *name, *text;
} codes[DIAG_CODE_COUNT] = {
	CODE(LOAD_ERR_FILE_READ, "File read error"),
	CODE(LOAD_ERR_YAML_PARSE, "YAML parse error"),
	CODE(LOAD_ERR_YAML_VALIDATE, "Error validating internal structure of YAML file"),
	CODE(LOAD_ERR_COMPILE_CONDITION, "Error compiling condition"),
	CODE(LOAD_ERR_COMPILE_OUTPUT, "Error compiling output"),
	CODE(LOAD_ERR_VALIDATE, "Error validating rule/macro/list/exception objects"),
	CODE(LOAD_ERR_EXTENSION, "Error in extension item"),
	CODE(LOAD_UNKNOWN_SOURCE, "Unknown event source"),
	CODE(LOAD_UNSAFE_NA_CHECK, "Unsafe <NA> comparison in condition"),
	CODE(LOAD_NO_EVTTYPE, "Condition has no event-type restriction"),
	CODE(LOAD_UNKNOWN_FILTER, "Unknown field or event-type in condition or output"),
	CODE(LOAD_UNUSED_MACRO, "Unused macro"),
	CODE(LOAD_UNUSED_LIST, "Unused list"),
	CODE(LOAD_UNKNOWN_ITEM, "Unknown rules file item"),
	CODE(LOAD_DEPRECATED_ITEM, "Used deprecated item"),
	CODE(LOAD_WARNING_EXTENSION, "Warning in extension item"),
	CODE(LOAD_APPEND_NO_VALUES, "Overriding/appending with no values"),
	CODE(LOAD_EXCEPTION_NAME_NOT_UNIQUE, "Multiple exceptions defined with the same name"),
	CODE(LOAD_INVALID_MACRO_NAME, "Invalid macro name"),
	CODE(LOAD_INVALID_LIST_NAME, "Invalid list name"),
	CODE(LOAD_COMPILE_CONDITION, "Warning in rule condition"),
	CODE(LOAD_UNKNOWN_KEY, "Unknown key in item definition"),
};
#undef CODE

bool diag_is_error(enum diag_code c)
{
	return c <= LOAD_ERR_EXTENSION;
}

const char *diag_code_name(enum diag_code c)
{
	return (unsigned)c < DIAG_CODE_COUNT ? codes[c].name : "LOAD_UNKNOWN_CODE";
}

const char *diag_code_short(enum diag_code c)
{
	return (unsigned)c < DIAG_CODE_COUNT ? codes[c].text : "Unknown code";
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void diags_add(struct diags *d, enum diag_code code, const char *file, int line, int col,
	       const char *item_type, const char *item_name, const char *fmt, ...)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct diag *v = xreallocarray(d->v, cap, sizeof(*v));
		d->v = v;
		d->cap = cap;
	}
	struct diag *g = &d->v[d->n++];
	memset(g, 0, sizeof(*g));
	g->code = code;
	struct strbuf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	g->message = sb_detach(&msg);
	g->file = xstrdup(file ? file : "");
	g->line = line;
	g->col = col;
	g->item_type = dup_or_null(item_type);
	g->item_name = dup_or_null(item_name);
}

size_t diags_count_errors(const struct diags *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += diag_is_error(d->v[i].code);
	return n;
}

void diags_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].message);
		free(d->v[i].file);
		free(d->v[i].item_type);
		free(d->v[i].item_name);
		free(d->v[i].deprecated_field);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

void diag_format(const struct diag *g, char *buf, size_t len)
{
	if (!len)
		return;
	int n = snprintf(buf, len, "%s:%d:%d: %s %s: %s", g->file ? g->file : "", g->line, g->col,
			 diag_is_error(g->code) ? "error" : "warning", diag_code_name(g->code),
			 g->message ? g->message : "");
	if (n >= 0 && (size_t)n < len && g->item_type && g->item_name)
		n += snprintf(buf + n, len - n, " (%s '%s')", g->item_type, g->item_name);
	if (n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, "\n");
	else if (len >= 2) /* truncated: keep the line newline-terminated */
		buf[len - 2] = '\n', buf[len - 1] = '\0';
}
