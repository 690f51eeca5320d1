/* rules_fixture.h — a ruleset loaded from text plus its diagnostics, and assertions on them,
 * shared by the front-end test files. */
#ifndef LANNER_TEST_RULES_FIXTURE_H
#define LANNER_TEST_RULES_FIXTURE_H

#include <criterion/criterion.h>
#include <string.h>

#include "rules.h"

struct rules_fx {
	struct ruleset *rs;
	struct diags d;
	int errs;
};

/* Loads text as file `name` on top of what f already holds. */
static inline void rules_fx_load(struct rules_fx *f, const char *name, const char *text)
{
	if (!f->rs)
		f->rs = ruleset_new();
	f->errs = ruleset_load_string(f->rs, name, text, strlen(text), &f->d);
}

static inline void rules_fx_free(struct rules_fx *f)
{
	ruleset_free(f->rs);
	diags_free(&f->d);
	memset(f, 0, sizeof(*f));
}

/* The first diagnostic with this code, or NULL. */
static inline const struct diag *find(const struct rules_fx *f, enum diag_code code)
{
	for (size_t i = 0; i < f->d.n; i++)
		if (f->d.v[i].code == code)
			return &f->d.v[i];
	return NULL;
}

static inline void expect_diag(const struct rules_fx *f, enum diag_code code, int line, int col,
			       const char *msg_part)
{
	const struct diag *g = find(f, code);
	cr_assert(g, "no %s among %zu diagnostics (first: %s)", diag_code_name(code), f->d.n,
		  f->d.n ? f->d.v[0].message : "-");
	cr_expect_eq(g->line, line, "%s: line %d, want %d (%s)", diag_code_name(code), g->line,
		     line, g->message);
	cr_expect_eq(g->col, col, "%s: col %d, want %d (%s)", diag_code_name(code), g->col, col,
		     g->message);
	if (msg_part)
		cr_expect(strstr(g->message, msg_part), "message '%s' lacks '%s'", g->message,
			  msg_part);
}

static inline void expect_ok(const struct rules_fx *f)
{
	cr_assert_eq(f->errs, 0, "unexpected error: %s",
		     f->d.n ? f->d.v[0].message : "(none recorded)");
}

#endif
