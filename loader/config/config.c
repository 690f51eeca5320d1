/* config.c — read, merge and type lanner's configuration (see config.h). */
#include "config/config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/vec.h"
#include "common/xalloc.h"
#include "config/cfgtree.h"
#include "config/config_files.h"
#include "config/config_append.h"
#include "config/config_keys.h"
#include "rules.h"

void config_defaults(struct lanner_config *c)
{
	memset(c, 0, sizeof(*c));
	options_init(&c->opt);
	c->stdout_output = true;
	c->http_output.user_agent = xstrdup("falcosecurity/falco");
	c->http_output.ca_path = xstrdup("/etc/ssl/certs");
	c->http_output.client_cert = xstrdup("/etc/ssl/certs/client.crt");
	c->http_output.client_key = xstrdup("/etc/ssl/certs/client.key");
	c->http_output.max_consecutive_timeouts = 5;
	c->output_timeout_ms = 2000;
	c->drops.actions = DROP_ACT_LOG | DROP_ACT_ALERT;
	c->drops.threshold = 0.1;
	c->drops.rate = 0.03333;
	c->drops.max_burst = 1;
	c->metrics.interval_ms = 3600 * 1000;
	c->metrics.output_rule = true;
	c->metrics.rules_counters_enabled = true;
	c->metrics.resource_utilization_enabled = true;
	c->metrics.state_counters_enabled = true;
	c->metrics.kernel_event_counters_enabled = true;
	c->metrics.libbpf_stats_enabled = true;
	c->metrics.convert_memory_to_mb = true;
	c->webserver.listen_port = 8765;
	c->webserver.listen_address = xstrdup("0.0.0.0");
	c->webserver.k8s_healthz_endpoint = xstrdup("/healthz");
	c->webserver.ssl_certificate = xstrdup("/etc/falco/falco.pem");
}

static void strlist_free(struct cfg_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void config_free(struct lanner_config *c)
{
	for (size_t i = 0; i < config_nkeys; i++)
		if (config_keys[i].type == CK_STR) {
			char **p = (char **)((char *)c + config_keys[i].off);
			free(*p);
			*p = NULL;
		}
	strlist_free(&c->rules_files);
	strlist_free(&c->config_files);
	ao_free(&c->append_output);
	rule_selects_free(&c->rules);
	c->opt.append = NULL;
	free(c->path);
	c->path = NULL;
}

/* ---- typing one value ---- */

struct typer {
	struct lanner_config *c;
	char *err;
	size_t errlen;
	int failed;
};

static int type_error(struct typer *t, const struct cnode *n, const char *path, const char *want)
{
	char where[600];
	cnode_where(n, where, sizeof(where));
	snprintf(t->err, t->errlen, "%s: %s: expected %s, got %s%s%s", where, path, want,
		 n->kind == CN_SCALAR ? "'" : "",
		 n->kind == CN_SCALAR ? n->val
		 : n->kind == CN_MAP  ? "a mapping"
		 : n->kind == CN_SEQ  ? "a list"
				      : "nothing",
		 n->kind == CN_SCALAR ? "'" : "");
	t->failed = 1;
	return -1;
}

static bool scalar(const struct cnode *n)
{
	return n->kind == CN_SCALAR;
}

/* A duration: a number of milliseconds, or number+unit groups ("1h30m", "500ms", "15s"). */
static bool parse_duration_ms(const char *s, long *out)
{
	char *end;
	errno = 0;
	long plain = strtol(s, &end, 10);
	if (end != s && !*end && !errno && plain >= 0) {
		*out = plain;
		return true;
	}
	static const struct {
		const char *u;
		double ms;
	} units[] = {{"ms", 1},	     {"s", 1e3},      {"m", 60e3},	{"h", 3600e3},
		     {"d", 86400e3}, {"w", 604800e3}, {"y", 31536000e3}};
	double total = 0;
	const char *p = s;
	if (!*p)
		return false;
	while (*p) {
		double v = strtod(p, &end);
		if (end == p || v < 0)
			return false;
		p = end;
		size_t best = 0, bl = 0;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t l = strlen(units[i].u);
			if (!strncmp(p, units[i].u, l) && l > bl) {
				best = i;
				bl = l;
			}
		}
		if (!bl)
			return false;
		total += v * units[best].ms;
		p += bl;
	}
	if (!isfinite(total) || total > (double)LONG_MAX)
		return false;
	*out = (long)total;
	return true;
}

static int type_strlist(struct typer *t, const struct cnode *n, const char *path,
			struct cfg_strlist *l)
{
	strlist_free(l);
	if (scalar(n)) {
		VEC_PUSH(*l, xstrdup(n->val));
		return 0;
	}
	if (n->kind == CN_NULL)
		return 0;
	if (n->kind != CN_SEQ)
		return type_error(t, n, path, "a file name or a list of them");
	for (size_t i = 0; i < n->n; i++) {
		if (!scalar(n->kids[i]))
			return type_error(t, n->kids[i], path, "a file name");
		VEC_PUSH(*l, xstrdup(n->kids[i]->val));
	}
	return 0;
}

static int type_drop_actions(struct typer *t, const struct cnode *n, const char *path,
			     unsigned *out)
{
	static const char *const names[] = {"ignore", "log", "alert", "exit"};
	unsigned set = 0;
	size_t cnt = n->kind == CN_SEQ ? n->n : n->kind == CN_NULL ? 0 : 1;
	for (size_t i = 0; i < cnt; i++) {
		const struct cnode *a = n->kind == CN_SEQ ? n->kids[i] : n;
		size_t k = 0;
		while (k < 4 && !(scalar(a) && !strcmp(a->val, names[k])))
			k++;
		if (k == 4)
			return type_error(t, a, path, "ignore, log, alert or exit");
		set |= 1u << k;
	}
	if ((set & DROP_ACT_IGNORE) && (set & (DROP_ACT_LOG | DROP_ACT_ALERT))) {
		char where[600];
		cnode_where(n, where, sizeof(where));
		snprintf(t->err, t->errlen,
			 "%s: %s: \"log\" and \"alert\" do not make sense with \"ignore\"", where,
			 path);
		t->failed = 1;
		return -1;
	}
	*out = set ? set : DROP_ACT_IGNORE;
	return 0;
}

/* append_output and rules: config_append.c; the list typed last replaces what was there */
static int type_listed(struct typer *t, const struct ckey *k, const struct cnode *n, void *dst)
{
	int rc;
	if (k->type == CK_APPEND_OUTPUT) {
		ao_free(dst);
		rc = config_type_append_output(n, dst, t->err, t->errlen);
		t->c->opt.suggested_output = ao_suggested(dst);
	} else {
		rule_selects_free(dst);
		rc = config_type_rules(n, dst, t->err, t->errlen);
	}
	if (rc)
		t->failed = 1;
	return rc;
}

static int type_one(struct typer *t, const struct ckey *k, const struct cnode *n)
{
	void *dst = (char *)t->c + k->off;
	char *end;
	switch (k->type) {
	case CK_BOOL:
		if (!scalar(n) || !yaml_parse_bool(n->val, (bool *)dst))
			return type_error(t, n, k->path, "a boolean (true/false)");
		return 0;
	case CK_LONG: {
		errno = 0;
		long v = scalar(n) ? strtol(n->val, &end, 0) : 0;
		if (!scalar(n) || !*n->val || *end || errno || v < (long)k->min ||
		    v > (long)k->max) {
			char want[96];
			snprintf(want, sizeof(want), "an integer from %.0f to %.0f", k->min,
				 k->max);
			return type_error(t, n, k->path, want);
		}
		*(long *)dst = v;
		return 0;
	}
	case CK_DOUBLE: {
		double v = scalar(n) ? strtod(n->val, &end) : 0;
		if (!scalar(n) || !*n->val || *end || !isfinite(v) || v < k->min || v > k->max) {
			char want[96];
			snprintf(want, sizeof(want), "a number from %g to %g", k->min, k->max);
			return type_error(t, n, k->path, want);
		}
		*(double *)dst = v;
		return 0;
	}
	case CK_STR:
		if (n->kind != CN_SCALAR && n->kind != CN_NULL)
			return type_error(t, n, k->path, "a string");
		free(*(char **)dst);
		*(char **)dst = n->kind == CN_SCALAR ? xstrdup(n->val) : NULL;
		return 0;
	case CK_STRLIST:
		return type_strlist(t, n, k->path, dst);
	case CK_PRIORITY: {
		int p = scalar(n) ? priority_parse(n->val) : -1;
		if (p < 0)
			return type_error(t, n, k->path,
					  "a priority (emergency, alert, critical, error, "
					  "warning, notice, informational, debug)");
		*(int *)dst = p;
		return 0;
	}
	case CK_MATCHING:
		if (scalar(n) && !strcasecmp(n->val, "first"))
			*(enum rule_matching *)dst = MATCH_FIRST;
		else if (scalar(n) && !strcasecmp(n->val, "all"))
			*(enum rule_matching *)dst = MATCH_ALL;
		else
			return type_error(t, n, k->path, "first or all");
		t->c->rule_matching_set = true;
		return 0;
	case CK_DROP_ACTIONS:
		return type_drop_actions(t, n, k->path, dst);
	case CK_DURATION_MS:
		if (!scalar(n) || !parse_duration_ms(n->val, (long *)dst) ||
		    *(long *)dst < (long)k->min)
			return type_error(t, n, k->path,
					  "a duration of at least 100ms (e.g. 1h, 30s, 500ms)");
		return 0;
	case CK_APPEND_OUTPUT:
	case CK_RULES:
		return type_listed(t, k, n, dst);
	}
	return 0;
}

/* ---- walking the tree ---- */

static const struct ckey *key_exact(const char *path)
{
	for (size_t i = 0; i < config_nkeys; i++)
		if (!strcmp(config_keys[i].path, path))
			return &config_keys[i];
	return NULL;
}

static bool key_prefix(const char *path)
{
	size_t l = strlen(path);
	for (size_t i = 0; i < config_nkeys; i++)
		if (!strncmp(config_keys[i].path, path, l) && config_keys[i].path[l] == '.')
			return true;
	return false;
}

static const struct ckey_ignored *ignored(const char *path)
{
	for (size_t i = 0; i < config_nignored; i++)
		if (!strcmp(config_ignored[i].path, path))
			return &config_ignored[i];
	return NULL;
}

static void walk(struct typer *t, const struct cnode *map, const char *prefix)
{
	for (size_t i = 0; i < map->n && !t->failed; i++) {
		const struct cnode *n = map->kids[i];
		char *path = *prefix ? xasprintf("%s.%s", prefix, n->key) : xstrdup(n->key);
		const struct ckey *k = key_exact(path);
		const struct ckey_ignored *ig = k ? NULL : ignored(path);
		char where[600];
		cnode_where(n, where, sizeof(where));
		if (k)
			type_one(t, k, n);
		else if (key_prefix(path) && (n->kind == CN_MAP || n->kind == CN_NULL))
			walk(t, n, path);
		else if (key_prefix(path))
			type_error(t, n, path, "a mapping");
		else if (ig)
			fprintf(stderr, "lanner: %s: note: %s has no effect in Lanner (%s)\n",
				where, path, ig->why);
		else
			fprintf(stderr,
				"lanner: %s: warning: unknown configuration key '%s' (ignored)\n",
				where, path);
		free(path);
	}
}

/* ---- reading ---- */

int config_load(struct lanner_config *c, const char *file, char *const *overrides, size_t nover,
		char *err, size_t errlen)
{
	struct cnode *root =
		file ? cnode_read_file(file, err, errlen) : cnode_new_map("(defaults)");
	if (!root)
		return -1;
	/* -o config_files=... counts before the files it names are read, as in Falco */
	for (size_t i = 0; i < nover; i++)
		if (!strncmp(overrides[i], "config_files", 12) &&
		    cnode_set_kv(root, overrides[i], err, errlen)) {
			cnode_free(root);
			return -1;
		}
	if (config_merge_includes(root, err, errlen)) {
		cnode_free(root);
		return -1;
	}
	for (size_t i = 0; i < nover; i++)
		if (cnode_set_kv(root, overrides[i], err, errlen)) {
			cnode_free(root);
			return -1;
		}
	struct typer t = {.c = c, .err = err, .errlen = errlen};
	walk(&t, root, "");
	cnode_free(root);
	if (t.failed)
		return -1;
	free(c->path);
	c->path = file ? xstrdup(file) : NULL;
	c->opt.append = &c->append_output;
	return 0;
}

/* ---- installed defaults ---- */

/* <dir of /proc/self/exe>/../REL when it exists. */
static const char *beside_binary(const char *rel, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return NULL;
	self[n] = 0;
	char *slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	char cand[PATH_MAX + 64], real[PATH_MAX];
	snprintf(cand, sizeof(cand), "%s/../%s", self, rel);
	if (access(cand, R_OK) || !realpath(cand, real) || strlen(real) >= len)
		return NULL;
	snprintf(buf, len, "%s", real);
	return buf;
}

static const char *first_of(const char *etc_rel, const char *abs, const char *tree_rel, char *buf,
			    size_t len)
{
	if (beside_binary(etc_rel, buf, len))
		return buf;
	if (!access(abs, R_OK)) {
		snprintf(buf, len, "%s", abs);
		return buf;
	}
	return tree_rel ? beside_binary(tree_rel, buf, len) : NULL;
}

const char *config_default_path(char *buf, size_t len)
{
	return first_of("etc/lanner/lanner.yaml", "/etc/lanner/lanner.yaml", NULL, buf, len);
}

const char *config_default_rules(char *buf, size_t len)
{
	return first_of("etc/lanner/lanner_rules.yaml", "/etc/lanner/lanner_rules.yaml",
			"rules/lanner_rules.yaml", buf, len);
}
