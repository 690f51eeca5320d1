/* append_output.c — see append_output.h. */
#include "outputs/append_output.h"

#include <stdlib.h>
#include <string.h>

#include "common/vec.h"

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

static void ao_field_clear(struct ao_field *f)
{
	free(f->key);
	free(f->fmt);
}

static void ao_entry_clear(struct ao_entry *e)
{
	free(e->source);
	free(e->rule);
	FREE_EACH(e->tags, e->ntags, free);
	free(e->extra_output);
	CLEAR_EACH(e->fields, e->nfields, ao_field_clear);
}

void ao_free(struct append_output *a)
{
	CLEAR_EACH(a->v, a->n, ao_entry_clear);
	memset(a, 0, sizeof(*a));
}
