/* collector.h — the contract between reader.c (YAML items) and collector.c (the accumulated
 * ruleset). Internal to rulelang; users include rules.h.
 *
 * Every collect_* function takes ownership of the heap contents of what it is given (it moves
 * them into the ruleset or frees them) and returns 0, or -1 after adding exactly one error to
 * ctx->out. The reader stops the file at the first -1 (Falco).
 */
#ifndef LANNER_COLLECTOR_H
#define LANNER_COLLECTOR_H

#include "rules.h"

struct load_ctx {
	struct ruleset *rs;
	const char *file; /* owned by rs->files */
	struct diags *out;
};

/* Which keys a rule update (override / legacy append) carries. */
enum rule_key {
	RK_CONDITION = 1 << 0,
	RK_OUTPUT = 1 << 1,
	RK_DESC = 1 << 2,
	RK_PRIORITY = 1 << 3,
	RK_TAGS = 1 << 4,
	RK_EXCEPTIONS = 1 << 5,
	RK_ENABLED = 1 << 6,
	RK_WARN_EVTTYPES = 1 << 7,
	RK_SKIP_IF_UNKNOWN = 1 << 8,
	RK_CAPTURE = 1 << 9,
	RK_CAPTURE_DURATION = 1 << 10,
};

/* version is "x.y.z" (the reader turns a bare integer N into "0.N.0"). */
int collect_engine_version(struct load_ctx *c, char *version, struct srcpos pos);
/* reqs[0] is the entry, reqs[1..] its alternatives. */
int collect_plugin_versions(struct load_ctx *c, struct plugin_req *reqs, size_t n,
			    struct srcpos pos);
int collect_list(struct load_ctx *c, struct rl_list *l, bool append);
int collect_macro(struct load_ctx *c, struct rl_macro *m, bool append);
int collect_rule(struct load_ctx *c, struct rl_rule *r);
/* append: Falco's collector.append (legacy append: true, or override append keys);
 * otherwise selective replace. `keys` says which fields of u are set. */
int collect_rule_update(struct load_ctx *c, struct rl_rule *u, unsigned keys, bool append,
			bool legacy);
int collect_rule_enable(struct load_ctx *c, const char *name, bool enabled, struct srcpos pos);

/* helpers shared by reader and collector */
void rl_rule_clear(struct rl_rule *r);
void rule_exception_clear(struct rule_exception *e);
void strv_free(char **v, size_t n);
/* "x.y.z" with unsigned numbers (trailing text after z allowed, as libsinsp's sscanf). */
bool semver_parse(const char *s, unsigned v[3]);

#endif
