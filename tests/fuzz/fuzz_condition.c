/* fuzz_condition.c — libFuzzer target for the condition parser and printer.
 *
 * Any input must parse or fail cleanly; when it parses, the canonical print must parse back to
 * an equal tree that prints identically (the printer's round-trip contract in ast.h). */
#include "ast.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_error err;
	struct ast *a, *b, *c;
	char *text, *s1, *s2;

	if (size > 1 << 16)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';

	a = cond_parse(text, &err);
	if (!a) {
		if (err.pos < 0 || (size_t)err.pos > size || !err.msg[0])
			abort();
		free(text);
		return 0;
	}
	s1 = ast_print(a);
	b = cond_parse(s1, &err);
	if (!b) {
		fprintf(stderr, "printed text does not parse: %s\n  at %d: %s\n", s1, err.pos,
			err.msg);
		abort();
	}
	s2 = ast_print(b);
	if (strcmp(s1, s2) != 0 || !ast_equal(a, b)) {
		fprintf(stderr, "round trip differs:\n  %s\n  %s\n", s1, s2);
		abort();
	}
	c = ast_clone(b);
	if (!ast_equal(c, a))
		abort();
	ast_free(c);
	free(s2);
	ast_free(b);
	free(s1);
	ast_free(a);
	free(text);
	return 0;
}
