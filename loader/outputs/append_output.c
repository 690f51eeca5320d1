/* append_output.c — see append_output.h. */
#include "outputs/append_output.h"

#include <stdlib.h>
#include <string.h>

bool ao_matches(const struct ao_entry *e, const char *rule, const char *source, char *const *tags,
		size_t ntags)
{
	if (e->source && strcmp(e->source, source ? source : "syscall"))
		return false;
	if (e->rule && (!rule || strcmp(e->rule, rule)))
		return false;
	for (size_t i = 0; i < e->ntags; i++) {
		bool has = false;
		for (size_t j = 0; j < ntags && !has; j++)
			has = !strcmp(e->tags[i], tags[j]);
		if (!has)
			return false;
	}
	return true;
}

bool ao_suggested(const struct append_output *a)
{
	for (size_t i = 0; a && i < a->n; i++)
		if (a->v[i].suggested_output)
			return true;
	return false;
}

void ao_free(struct append_output *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct ao_entry *e = &a->v[i];
		free(e->source);
		free(e->rule);
		for (size_t k = 0; k < e->ntags; k++)
			free(e->tags[k]);
		free(e->tags);
		free(e->extra_output);
		for (size_t k = 0; k < e->nfields; k++) {
			free(e->fields[k].key);
			free(e->fields[k].fmt);
		}
		free(e->fields);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}
