/* validate.c — `lanner-gen -V FILE...`: Falco's validation, file by file and cumulatively
 * (each file sees what earlier ones defined, docs/falco-semantics.md: "Files and order",
 * "Diagnostics"). */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void print_diags_text(FILE *f, const struct diags *d, size_t from)
{
	char line[4096];
	for (size_t i = from; i < d->n; i++) {
		diag_format(&d->v[i], line, sizeof(line));
		fputs(line, f);
	}
}

int load_rules_or_report(struct ruleset *rs, char **paths, size_t n)
{
	struct diags d = {0};
	int errors = 0;
	for (size_t i = 0; i < n && errors == 0; i++)
		errors += ruleset_load_path(rs, paths[i], &d);
	print_diags_text(stderr, &d, 0);
	diags_free(&d);
	return errors;
}

/* One Falco diagnostic object: {"code","codedesc","message","context":{...}}. Falco reports
 * 0-based YAML marks in positions; so do we here (text output is 1-based like compilers). */
static json_object *diag_json(const struct diag *g)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "code", json_object_new_string(diag_code_name(g->code)));
	json_object_object_add(o, "codedesc", json_object_new_string(diag_code_short(g->code)));
	json_object_object_add(o, "message", json_object_new_string(g->message ? g->message : ""));
	if (g->deprecated_field)
		json_object_object_add(o, "deprecated_field",
				       json_object_new_string(g->deprecated_field));
	json_object *ctx = json_object_new_object();
	json_object *locs = json_object_new_array();
	json_object *loc = json_object_new_object();
	json_object_object_add(
		loc, "item_type",
		json_object_new_string(g->item_type ? g->item_type : "rules content"));
	json_object_object_add(loc, "item_name",
			       json_object_new_string(g->item_name ? g->item_name : ""));
	json_object *pos = json_object_new_object();
	json_object_object_add(pos, "name", json_object_new_string(g->file ? g->file : ""));
	json_object_object_add(pos, "line", json_object_new_int(g->line > 0 ? g->line - 1 : 0));
	json_object_object_add(pos, "column", json_object_new_int(g->col > 0 ? g->col - 1 : 0));
	json_object_object_add(pos, "offset", json_object_new_int(0));
	json_object_object_add(loc, "position", pos);
	json_object_array_add(locs, loc);
	json_object_object_add(ctx, "locations", locs);
	json_object_object_add(ctx, "snippet", json_object_new_string(""));
	json_object_object_add(o, "context", ctx);
	return o;
}

int cmd_validate(char **paths, size_t n, const struct lanner_options *o)
{
	struct ruleset *rs = ruleset_new();
	json_object *results = json_object_new_array();
	int invalid = 0;
	for (size_t i = 0; i < n; i++) {
		struct diags d = {0};
		int errors = ruleset_load_path(rs, paths[i], &d);
		size_t warnings = d.n - diags_count_errors(&d);
		if (errors)
			invalid = 1;
		if (o->json_output) {
			json_object *r = json_object_new_object();
			json_object *errs = json_object_new_array();
			json_object *warns = json_object_new_array();
			for (size_t k = 0; k < d.n; k++)
				json_object_array_add(diag_is_error(d.v[k].code) ? errs : warns,
						      diag_json(&d.v[k]));
			json_object_object_add(r, "name", json_object_new_string(paths[i]));
			json_object_object_add(r, "successful", json_object_new_boolean(!errors));
			json_object_object_add(r, "errors", errs);
			json_object_object_add(r, "warnings", warns);
			json_object_array_add(results, r);
		} else {
			print_diags_text(stdout, &d, 0);
			printf("%s: %s\n", paths[i],
			       errors	  ? "Invalid"
			       : warnings ? "Ok, with warnings"
					  : "Ok");
		}
		diags_free(&d);
	}
	if (o->json_output) {
		json_object *top = json_object_new_object();
		json_object_object_add(top, "falco_load_results", results);
		puts(json_object_to_json_string_ext(top, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(top);
	} else {
		json_object_put(results);
	}
	ruleset_free(rs);
	return invalid;
}
