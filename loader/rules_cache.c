/* rules_cache.c — see rules_cache.h. */
#include "rules_cache.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bundle.h"
#include "bundle_variants.h"
#include "common/progress.h"
#include "common/strbuf.h"
#include "common/vec.h"
#include "rules.h"

bool rules_cache_in_path(const char *name)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	char *dup = strdup(path), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(dup, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char p[PATH_MAX];
		snprintf(p, sizeof(p), "%s/%s", *d ? d : ".", name);
		found = access(p, X_OK) == 0;
	}
	free(dup);
	return found;
}

static int mkdir_p(const char *dir)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s", dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0755) && errno != EEXIST ? -1 : 0;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static bool newer(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

static struct timespec newest_template;
static int note_newest(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)path;
	(void)f;
	if (type == FTW_F && newer(&st->st_mtim, &newest_template))
		newest_template = st->st_mtim;
	return 0;
}

/* Valid, same sources, and not older than what would rebuild it: the generator binary and the
 * kernel templates it compiles into the bundle (found as lanner-gen finds them). */
static bool cache_usable(const char *path, const uint8_t hash[32], const char *gen,
			 const char *templates)
{
	struct stat bs, gs;
	if (stat(path, &bs))
		return false;
	if (!stat(gen, &gs) && newer(&gs.st_mtim, &bs.st_mtim))
		return false;
	memset(&newest_template, 0, sizeof(newest_template));
	if (nftw(templates, note_newest, 16, FTW_PHYS) == 0 && newer(&newest_template, &bs.st_mtim))
		return false;
	struct bundle b;
	char err[256];
	if (bundle_read(path, &b, err, sizeof(err)))
		return false;
	bool ok = !memcmp(b.source_hash, hash, 32);
	bundle_free(&b);
	return ok;
}

static int run_gen(const char *gen, char *const *rules, size_t n, const struct lanner_options *o,
		   const struct rule_selects *sel, const char *out, char *err, size_t errlen)
{
	size_t nsel = sel ? sel->n : 0;
	char **argv = calloc(2 * n + 2 * nsel + 10, sizeof(char *));
	char prio[64], match[64];
	size_t k = 0;
	if (!argv) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* the selections as Falco's -o forms: lanner-gen applies them before generating */
	char **selargs = calloc(nsel + 1, sizeof(char *));
	if (!selargs) {
		free(argv);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	argv[k++] = (char *)gen;
	for (size_t i = 0; i < n; i++) {
		argv[k++] = "-r";
		argv[k++] = rules[i];
	}
	if (o->priority != PRI_DEBUG) {
		snprintf(prio, sizeof(prio), "priority=%s", priority_name(o->priority));
		argv[k++] = "-o";
		argv[k++] = prio;
	}
	if (o->rule_matching != MATCH_FIRST) {
		snprintf(match, sizeof(match), "rule_matching=all");
		argv[k++] = "-o";
		argv[k++] = match;
	}
	for (size_t i = 0; i < nsel; i++) {
		selargs[i] = rule_select_override(&sel->v[i]);
		argv[k++] = "-o";
		argv[k++] = selargs[i];
	}
	argv[k++] = "-b";
	argv[k++] = (char *)out;
	/* this lanner loads it at once and reports a refusal itself: not verified twice */
	argv[k++] = "--no-verify";
	argv[k] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "cannot fork: %s", strerror(errno));
		FREE_EACH(selargs, nsel, free);
		free(argv);
		return -1;
	}
	if (pid == 0) {
		dup2(2, 1); /* lanner-gen's messages are diagnostics, not alerts */
		/* a bundle for this machine: the variants for older kernels only when it needs them
		 */
		if (kernel_runs_variant(bundle_variant_of(BSEC_BPF_OBJECT), NULL, 0))
			setenv("LANNER_GEN_NO_OLD_KERNELS", "1", 1);
		execv(gen, argv);
		fprintf(stderr, "lanner: cannot run %s: %s\n", gen, strerror(errno));
		_exit(127);
	}
	FREE_EACH(selargs, nsel, free);
	free(argv);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(err, errlen, "lanner-gen failed (%s %d) for the rules given",
			 WIFEXITED(st) ? "exit" : "signal",
			 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	return 0;
}

/* "-s" and 16 hex digits of the selections' digest; "" when there are none. */
static void selection_suffix(const struct rule_selects *sel, char out[24])
{
	out[0] = 0;
	if (!sel || !sel->n)
		return;
	struct strbuf b = {0};
	rule_selects_canon(sel, &b);
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (EVP_Digest(b.s, b.len, md, &mdlen, EVP_sha256(), NULL) == 1 && mdlen >= 8)
		snprintf(out, 24, "-s%02x%02x%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2], md[3],
			 md[4], md[5], md[6], md[7]);
	else /* no digest: never share a file with another selection's bundle */
		snprintf(out, 24, "-s%08x%08x", (unsigned)getpid(), (unsigned)time(NULL));
	sb_free(&b);
}

int rules_cache_bundle(char *const *rules, size_t n, const struct lanner_options *o,
		       const struct rule_selects *sel, char *path, size_t pathlen, char *err,
		       size_t errlen)
{
	uint8_t hash[32];
	char hex[65], self[PATH_MAX], gen[PATH_MAX + 16];
	if (bundle_hash_sources(rules, n, hash, err, errlen))
		return -1;
	bundle_hash_hex(hash, hex);
	ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (sl <= 0) {
		snprintf(err, errlen, "cannot find my own binary: %s", strerror(errno));
		return -1;
	}
	self[sl] = 0;
	char *slash = strrchr(self, '/');
	if (slash)
		*slash = 0;
	snprintf(gen, sizeof(gen), "%s/lanner-gen", self);
	char templates[PATH_MAX + 32];
	const char *tenv = getenv("LANNER_TEMPLATES");
	if (tenv && *tenv)
		snprintf(templates, sizeof(templates), "%s", tenv);
	else
		snprintf(templates, sizeof(templates), "%s/../bpf-templates", self);
	if (access(templates, F_OK)) /* installed: make install's layout */
		snprintf(templates, sizeof(templates), "%s/../share/lanner/bpf-templates", self);

	const char *dir = getenv("LANNER_CACHE_DIR");
	if (!dir || !*dir)
		dir = "/var/cache/lanner";
	char suffix[64] = "", selsuffix[24];
	if (o->priority != PRI_DEBUG || o->rule_matching != MATCH_FIRST)
		snprintf(suffix, sizeof(suffix), "-%s-%s", priority_name(o->priority),
			 o->rule_matching == MATCH_ALL ? "all" : "first");
	selection_suffix(sel, selsuffix);
	if ((size_t)snprintf(path, pathlen, "%s/%s%s%s.lnb", dir, hex, suffix, selsuffix) >=
	    pathlen) {
		snprintf(err, errlen, "cache path too long");
		return -1;
	}
	if (cache_usable(path, hash, gen, templates)) {
		fprintf(stderr, "lanner: cache hit: %s\n", path);
		return 0;
	}
	if (!rules_cache_in_path("clang")) {
		snprintf(
			err, errlen,
			"no clang on PATH to compile the rules, and no cached bundle %s; build one "
			"with `lanner-gen -r RULES -b FILE` and run it with `lanner -b FILE`",
			path);
		return -1;
	}
	if (access(gen, X_OK)) {
		snprintf(err, errlen, "cannot compile the rules: %s: %s", gen, strerror(errno));
		return -1;
	}
	if (mkdir_p(dir)) {
		snprintf(err, errlen, "cannot create the cache directory %s: %s", dir,
			 strerror(errno));
		return -1;
	}
	double t0 = now_ms();
	/* lanner-gen prints its own phase lines (rules, C, clang) in between */
	progress_announce("compiling the rules (cache miss)");
	if (run_gen(gen, rules, n, o, sel, path, err, errlen)) {
		progress_fail();
		return -1;
	}
	progress_done(NULL);
	fprintf(stderr, "lanner: compiled %zu rules file%s in %.0f ms: %s\n", n, n == 1 ? "" : "s",
		now_ms() - t0, path);
	return 0;
}
