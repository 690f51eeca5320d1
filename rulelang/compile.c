/* compile.c — resolves the collected ruleset (placeholder until the compiler lands). */
#include "rules.h"

int ruleset_compile(struct ruleset *rs, const char *file, struct diags *out)
{
	(void)rs;
	(void)file;
	(void)out;
	return 0;
}
