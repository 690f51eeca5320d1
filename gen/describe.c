/* describe.c — what the loaded rules are: `-L` (list rules), `--print-condition RULE` (the fully
 * resolved condition in canonical form) and `--list-fields` (the field catalogue). */
#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fields.h"

/* Descriptions are folded YAML; print them on one line with single spaces. */
static void print_collapsed(FILE *f, const char *s)
{
	bool space = false, started = false;
	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = started;
			continue;
		}
		if (space)
			fputc(' ', f);
		fputc(*s, f);
		space = false;
		started = true;
	}
}

int cmd_list_rules(struct ruleset *rs, const struct lanner_options *o)
{
	if (o->json_output) {
		json_object *arr = json_object_new_array();
		for (size_t i = 0; i < rs->nrules; i++) {
			const struct rl_rule *r = &rs->rules[i];
			json_object *info = json_object_new_object();
			json_object_object_add(info, "name", json_object_new_string(r->name));
			json_object_object_add(
				info, "condition",
				json_object_new_string(r->condition ? r->condition : ""));
			json_object_object_add(info, "priority",
					       json_object_new_string(priority_name(r->priority)));
			json_object_object_add(info, "output",
					       json_object_new_string(r->output ? r->output : ""));
			json_object_object_add(info, "description",
					       json_object_new_string(r->desc ? r->desc : ""));
			json_object_object_add(info, "enabled",
					       json_object_new_boolean(r->enabled));
			json_object_object_add(
				info, "source",
				json_object_new_string(r->source ? r->source : "syscall"));
			json_object *tags = json_object_new_array();
			for (size_t t = 0; t < r->ntags; t++)
				json_object_array_add(tags, json_object_new_string(r->tags[t]));
			json_object_object_add(info, "tags", tags);
			json_object *pos = json_object_new_object();
			json_object_object_add(
				pos, "file",
				json_object_new_string(r->pos.file ? r->pos.file : ""));
			json_object_object_add(pos, "line", json_object_new_int(r->pos.line));
			json_object *item = json_object_new_object();
			json_object_object_add(item, "info", info);
			json_object_object_add(item, "position", pos);
			json_object_array_add(arr, item);
		}
		json_object *top = json_object_new_object();
		json_object_object_add(top, "rules", arr);
		puts(json_object_to_json_string_ext(top, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(top);
		return 0;
	}
	int w = 4;
	for (size_t i = 0; i < rs->nrules; i++) {
		int l = (int)strlen(rs->rules[i].name);
		if (l > w)
			w = l;
	}
	printf("%-*s  %-13s  %-7s  %-30s  %s\n", w, "Rule", "Priority", "Enabled", "Source",
	       "Description");
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rl_rule *r = &rs->rules[i];
		char src[512];
		snprintf(src, sizeof(src), "%s:%d", r->pos.file ? r->pos.file : "?", r->pos.line);
		printf("%-*s  %-13s  %-7s  %-30s  ", w, r->name, priority_name(r->priority),
		       r->enabled ? "true" : "false", src);
		print_collapsed(stdout, r->desc);
		putchar('\n');
	}
	return 0;
}

int cmd_print_condition(struct ruleset *rs, const char *name)
{
	struct rl_rule *r = ruleset_find_rule(rs, name);
	if (!r) {
		fprintf(stderr, "lanner-gen: no rule named '%s'\n", name);
		return 1;
	}
	if (!r->ast) {
		fprintf(stderr, "lanner-gen: rule '%s' has no compiled condition%s\n", name,
			r->skipped ? " (skipped)" : "");
		return 1;
	}
	char *s = ast_print(r->ast);
	puts(s);
	free(s);
	return 0;
}

int cmd_list_fields(const struct lanner_options *o)
{
	size_t n = field_count();
	if (o->json_output) {
		json_object *arr = json_object_new_array();
		for (size_t i = 0; i < n; i++) {
			const struct field_info *f = field_by_id((enum field_id)i);
			json_object *j = json_object_new_object();
			json_object_object_add(j, "name", json_object_new_string(f->name));
			json_object_object_add(j, "type",
					       json_object_new_string(ftype_name(f->type)));
			json_object_object_add(j, "desc", json_object_new_string(f->desc));
			json_object_array_add(arr, j);
		}
		puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct field_info *f = field_by_id((enum field_id)i);
		const char *arg = (f->flags & FF_ARG_REQUIRED)	? "[ARG]"
				  : (f->flags & FF_ARG_ALLOWED) ? "[ARG?]"
								: "";
		char nm[128];
		snprintf(nm, sizeof(nm), "%s%s", f->name, arg);
		printf("%-32s %-10s %s\n", nm, ftype_name(f->type), f->desc);
	}
	return 0;
}
