/* libFuzzer target: arbitrary bytes as a rules file through the whole loading pipeline
 * (YAML → reader → collector → compile). Each input gets a fresh ruleset, then a second load
 * on top of it so that redefinition/append/override paths against existing items are reached. */
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	ruleset_load_string(rs, "fuzz.yaml", (const char *)data, size, &d);
	ruleset_load_string(rs, "fuzz2.yaml", (const char *)data, size, &d);
	char buf[512];
	for (size_t i = 0; i < d.n; i++)
		diag_format(&d.v[i], buf, sizeof(buf));
	diags_free(&d);
	ruleset_free(rs);
	return 0;
}
