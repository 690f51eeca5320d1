/* build.c — rules → pushdown → generated C → clang → bundle (contract in build.h), and the
 * load check of a bundle's object. */
#include "build.h"

/* paths are cut at PATH_MAX on purpose (such a path cannot be opened anyway) */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_sign.h"
#include "bundle_variants.h"
#include "bundle_meta.h"
#include "common/progress.h"
#include "common/rmtree.h"
#include "common/xalloc.h"
#include "compile.h"
#include "emit_c.h"
#include "leaf_meta.h"
#include "plan.h"
#include "verify.h"
#include "pushdown.h"
#include "selection.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Directory of the running lanner-gen. */
static void bin_dir(const char *argv0, char *out, size_t len)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0) {
		snprintf(buf, sizeof(buf), "%s", argv0 ? argv0 : ".");
		n = (ssize_t)strlen(buf);
	}
	buf[n] = 0;
	char *sl = strrchr(buf, '/');
	if (sl)
		*sl = 0;
	else
		snprintf(buf, sizeof(buf), ".");
	snprintf(out, len, "%s", buf);
}

static int find_templates(const struct build_opts *b, const char *bindir, char *out, size_t len)
{
	const char *env = getenv("LANNER_TEMPLATES");
	char cand[4][PATH_MAX];
	int n = 0;
	if (b->templates)
		snprintf(cand[n++], PATH_MAX, "%s", b->templates);
	if (env && *env)
		snprintf(cand[n++], PATH_MAX, "%s", env);
	snprintf(cand[n++], PATH_MAX, "%s/../bpf-templates", bindir);
	snprintf(cand[n++], PATH_MAX, "%s/../share/lanner/bpf-templates", bindir);
	for (int i = 0; i < n; i++) {
		char probe[PATH_MAX + 32];
		snprintf(probe, sizeof(probe), "%s/sensor.bpf.c", cand[i]);
		if (is_file(probe)) {
			snprintf(out, len, "%s", cand[i]);
			return 0;
		}
	}
	fprintf(stderr,
		"lanner-gen: cannot find the BPF templates (sensor.bpf.c); use --templates DIR or "
		"LANNER_TEMPLATES\n");
	return -1;
}

/* Starts argv with stderr/stdout to log; returns the pid or -1. */
static pid_t start(char *const argv[], const char *log)
{
	pid_t pid = fork();
	if (pid == 0) {
		FILE *f = log ? freopen(log, "w", stderr) : NULL;
		if (f)
			dup2(fileno(stderr), 1);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

#define RUN_TIMEOUT 255 /* the children were stopped after the time limit */

/* Waits for the n children pids[] (in the order they end: secs[i] = each one's wall time from
 * t0, codes[i] = its exit status); past `limit` seconds they are killed and RUN_TIMEOUT
 * returned, else 0. */
static int wait_children(const pid_t *pids, int n, int *codes, double *secs, double t0,
			 unsigned long limit)
{
	int left = 0;
	for (int i = 0; i < n; i++)
		left += pids[i] > 0;
	while (left > 0) {
		int st;
		pid_t w = waitpid(-1, &st, WNOHANG);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			if (now_s() - t0 > (double)limit) {
				for (int i = 0; i < n; i++)
					if (pids[i] > 0 && codes[i] < 0)
						kill(pids[i], SIGKILL);
				for (int i = 0; i < n; i++)
					if (pids[i] > 0 && codes[i] < 0)
						waitpid(pids[i], &st, 0);
				return RUN_TIMEOUT;
			}
			usleep(20000);
			continue;
		}
		for (int i = 0; i < n; i++)
			if (w == pids[i]) {
				codes[i] = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
				if (secs)
					secs[i] = now_s() - t0;
				left--;
			}
	}
	return 0;
}

/* Runs argv; stderr/stdout of the child go to log (a file). Returns the exit status, or
 * RUN_TIMEOUT after limit seconds. */
static int run(char *const argv[], const char *log, unsigned long limit)
{
	pid_t pid = start(argv, log);
	int code = -1;
	if (pid < 0)
		return -1;
	int w = wait_children(&pid, 1, &code, NULL, now_s(), limit);
	return w ? w : code;
}

static char *read_file(const char *path, size_t *len);

static void append_file(const char *to, const char *from)
{
	FILE *o = fopen(to, "a");
	size_t n;
	char *s = read_file(from, &n);
	if (o && s)
		fwrite(s, 1, n, o);
	if (o)
		fclose(o);
	free(s);
}

/* Whether a variant is built: LANNER_GEN_NO_KFUNCS=1 skips the one calling the string kfuncs,
 * LANNER_GEN_NO_OLD_KERNELS=1 the one for kernels before 6.2 (a bundle for this machine only:
 * one clang run less). */
static bool env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0");
}

static bool variant_wanted(const struct bundle_variant *v)
{
	if (!strcmp(v->name, "kfuncs"))
		return !env_set("LANNER_GEN_NO_KFUNCS");
	return !v->old || !env_set("LANNER_GEN_NO_OLD_KERNELS");
}

/* The generated file as two objects compiled in parallel (LNR_PART 1: sensor, fetch, filters;
 * 2: rule and leaf functions, set maps) and linked with libbpf's linker: the two halves take
 * similar time, so the wall-clock compile roughly halves on two cores. argv is the single-object
 * command; its "-c" is at argc - 4 and the output at argc - 1. */
static int compile_split(char *argv[], const char *tmp, const char *out_o, const char *log,
			 double secs[3], unsigned long limit)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	char *a1[64], *a2[64];
	char o1[PATH_MAX], o2[PATH_MAX], l2[PATH_MAX];
	snprintf(o1, sizeof(o1), "%s/part1.o", tmp);
	snprintf(o2, sizeof(o2), "%s/part2.o", tmp);
	snprintf(l2, sizeof(l2), "%s/clang2.log", tmp);
	if (argc + 2 > 64)
		return -1;
	int k = 0;
	for (int i = 0; i < argc; i++) {
		if (i == argc - 4) {
			a1[k] = "-DLNR_PART=1";
			a2[k] = "-DLNR_PART=2";
			k++;
		}
		a1[k] = a2[k] = argv[i];
		k++;
	}
	a1[k - 1] = o1;
	a2[k - 1] = o2;
	a1[k] = a2[k] = NULL;
	double t0 = now_s();
	pid_t pids[2] = {start(a1, log), start(a2, l2)};
	int codes[2] = {-1, -1};
	int w = wait_children(pids, 2, codes, secs, t0, limit);
	if (w)
		return w;
	int s1 = codes[0], s2 = codes[1];
	if (s2)
		append_file(log, l2);
	if (s1 || s2)
		return s1 ? s1 : s2;
	double tl = now_s();
	struct bpf_linker *ln = bpf_linker__new(out_o, NULL);
	if (!ln)
		return -1;
	int rc = bpf_linker__add_file(ln, o1, NULL) || bpf_linker__add_file(ln, o2, NULL) ||
		 bpf_linker__finalize(ln);
	bpf_linker__free(ln);
	secs[2] = now_s() - tl;
	if (rc) {
		FILE *f = fopen(log, "a");
		if (f) {
			fprintf(f, "libbpf could not link %s and %s\n", o1, o2);
			fclose(f);
		}
		return 1;
	}
	return 0;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "lanner-gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t w = fwrite(data, 1, len, f);
	if (fclose(f) != 0 || w != len) {
		fprintf(stderr, "lanner-gen: %s: write failed\n", path);
		return -1;
	}
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 65536 > cap) {
			cap = (cap + 65536) * 2;
			char *t = realloc(buf, cap + 1);
			if (!t) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = t;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

static void print_file(FILE *to, const char *path)
{
	size_t n;
	char *s = read_file(path, &n);
	if (s) {
		fwrite(s, 1, n, to);
		free(s);
	}
}

/* vmlinux.h directory: $LANNER_VMLINUX (a file), <bindir>/vmlinux.h, bpftool, fallback. */
static int find_vmlinux(const char *bindir, const char *tmp, const char *templates, char *out,
			size_t len)
{
	const char *env = getenv("LANNER_VMLINUX");
	char p[PATH_MAX + 32];
	if (env && is_file(env)) {
		snprintf(p, sizeof(p), "%s", env);
		char *sl = strrchr(p, '/');
		if (sl && !strcmp(sl + 1, "vmlinux.h")) {
			*sl = 0;
			snprintf(out, len, "%s", p);
			return 0;
		}
	}
	snprintf(p, sizeof(p), "%s/vmlinux.h", bindir);
	if (is_file(p)) {
		snprintf(out, len, "%s", bindir);
		return 0;
	}
	char dst[PATH_MAX + 32], cmd[PATH_MAX * 2];
	snprintf(dst, sizeof(dst), "%s/vmlinux.h", tmp);
	if (is_file("/sys/kernel/btf/vmlinux")) {
		snprintf(
			cmd, sizeof(cmd),
			"bpftool btf dump file /sys/kernel/btf/vmlinux format c > '%s' 2>/dev/null",
			dst);
		if (system(cmd) == 0 && is_file(dst)) {
			snprintf(out, len, "%s", tmp);
			return 0;
		}
	}
	snprintf(p, sizeof(p), "%s/vmlinux/vmlinux_fallback.h", templates);
	size_t n;
	char *s = read_file(p, &n);
	if (!s) {
		fprintf(stderr, "lanner-gen: no vmlinux.h (no BTF, no bpftool, no %s)\n", p);
		return -1;
	}
	int rc = write_file(dst, s, n);
	free(s);
	if (rc)
		return -1;
	snprintf(out, len, "%s", tmp);
	return 0;
}

static const char *bpf_arch(void)
{
	struct utsname u;
	if (uname(&u) == 0 && !strcmp(u.machine, "aarch64"))
		return "-D__TARGET_ARCH_arm64";
	return "-D__TARGET_ARCH_x86";
}

static void remove_build_dir(const char *dir)
{
	if (rm_tree(dir) != 0)
		fprintf(stderr, "lanner-gen: could not remove %s: %s\n", dir, strerror(errno));
}

char *build_rule_condition(const struct rl_rule *r)
{
	return r->ast ? ast_print(r->ast) : NULL;
}

/* Metadata from the pushdown and the emitted maps; strings borrowed from rs/pd/er except where
 * noted in free_meta. */
static int fill_meta(struct bundle_meta *m, const struct pushdown *pd, struct emit_result *er,
		     const struct build_opts *b, const char *hash, const struct ruleset *rs)
{
	memset(m, 0, sizeof(*m));
	m->format = BUNDLE_META_FORMAT;
	m->generator = LANNER_GEN_VERSION;
	m->source_hash = (char *)hash;
	m->sources = b->rules;
	m->nsources = b->nrules;
	m->rule_matching = b->lo->rule_matching;
	m->priority = b->lo->priority;
	m->rules = calloc(pd->nrules + 1, sizeof(*m->rules));
	m->events = calloc(pd->nevents + 1, sizeof(*m->events));
	if (!m->rules || !m->events)
		return -1;
	for (size_t i = 0; i < pd->nrules; i++) {
		const struct rl_rule *r = pd->rules[i].rule;
		struct meta_rule *mr = &m->rules[i];
		mr->name = r->name;
		mr->priority = (int)r->priority;
		mr->source = r->source ? r->source : "syscall";
		mr->tags = r->tags;
		mr->ntags = r->ntags;
		mr->output = rl_rule_output(r);		 /* owned */
		mr->condition = build_rule_condition(r); /* owned */
		mr->decided = (char *)pd_decided_name(pd->rules[i].decided);
		m->nrules = i + 1;
		if (!mr->output || !mr->condition)
			return -1;
	}
	for (size_t e = 0; e < pd->nevents; e++) {
		struct meta_event *me = &m->events[e];
		me->evt = pd->events[e].evt;
		me->rules = calloc(pd->events[e].nentries + 1, sizeof(int));
		m->nevents = e + 1;
		if (!me->rules)
			return -1;
		for (size_t i = 0; i < pd->events[e].nentries; i++)
			me->rules[i] = (int)pd->events[e].entries[i].rule_index;
		me->nrules = pd->events[e].nentries;
	}
	m->maps = er->maps;
	m->nmaps = er->nmaps;
	/* borrowed: the numbering of the plan the C was printed from */
	m->meta_leaves = (struct meta_leaf *)leaf_meta_table(&m->nmeta_leaves);
	m->rule_selection = (char *)b->rule_selection;
	m->left_out = ruleset_left_out(rs, b->lo->priority, &m->nleft_out); /* array owned */
	return 0;
}

static void free_meta(struct bundle_meta *m)
{
	for (size_t i = 0; i < m->nrules; i++) {
		free(m->rules[i].output);
		free(m->rules[i].condition);
	}
	free(m->rules);
	for (size_t e = 0; e < m->nevents; e++)
		free(m->events[e].rules);
	free(m->events);
	free(m->left_out);
}

/* ---- limits -----------------------------------------------------------------------------------
 */

/* Generated C larger than this is refused before clang runs (LANNER_GEN_MAX_C_BYTES overrides);
 * Falco's three rulesets together make about 600 KiB. */
#define GEN_MAX_C_BYTES (32u << 20)
/* One rule's share (its leaves' C) larger than this is refused (LANNER_GEN_MAX_RULE_C_BYTES
 * overrides): clang's time grows faster than linearly with one function's size; Falco's
 * largest rule needs a few KiB. */
#define GEN_MAX_RULE_C_BYTES (512u << 10)
/* clang is stopped after this many seconds (LANNER_GEN_CLANG_TIMEOUT overrides); the three
 * rulesets compile in well under a minute on an idle 2-core machine. */
#define GEN_CLANG_TIMEOUT 600

static unsigned long env_limit(const char *name, unsigned long dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n = v && *v ? strtoul(v, &end, 10) : 0;
	return v && *v && !*end && n > 0 ? n : dflt;
}

/* The rule with the most generated C (its rule functions as printed, plus its leaves'
 * expressions), for the limits' messages. */
static const char *heaviest_rule(const struct plan *pl, const size_t *rule_bytes, size_t *bytes)
{
	size_t n = pl->pd->nrules, best = 0;
	size_t *w = xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		w[i] = rule_bytes ? rule_bytes[i] : 0;
	for (size_t f = 0; f < pl->nrules; f++) {
		const struct plan_rule *r = &pl->rules[f];
		for (size_t j = 0; j < r->nleaves; j++)
			w[r->pe->rule_index] += strlen(pl->leaves[r->leaves[j]].expr) + 64;
	}
	for (size_t i = 1; i < n; i++)
		if (w[i] > w[best])
			best = i;
	*bytes = n ? w[best] : 0;
	free(w);
	return n ? pl->pd->rules[best].rule->name : "-";
}

static int check_c_size(const struct plan *pl, const size_t *rule_bytes, size_t len)
{
	unsigned long max = env_limit("LANNER_GEN_MAX_C_BYTES", GEN_MAX_C_BYTES);
	unsigned long rmax = env_limit("LANNER_GEN_MAX_RULE_C_BYTES", GEN_MAX_RULE_C_BYTES);
	size_t hb;
	const char *h = heaviest_rule(pl, rule_bytes, &hb);
	if (hb > rmax) {
		fprintf(stderr,
			"lanner-gen: error: rule '%s' needs about %zu bytes of generated C, over "
			"the "
			"limit of %lu per rule (LANNER_GEN_MAX_RULE_C_BYTES): simplify its "
			"condition "
			"or disable it\n",
			h, hb, rmax);
		return -1;
	}
	if (len <= max)
		return 0;
	fprintf(stderr,
		"lanner-gen: error: the generated C is %zu bytes, over the limit of %lu "
		"(LANNER_GEN_MAX_C_BYTES); the largest rule is '%s' (about %zu bytes of C): "
		"simplify or disable it, or split the rules over several bundles\n",
		len, max, h, hb);
	return -1;
}

/* ---- the pipeline -----------------------------------------------------------------------------
 */

struct build_state {
	const struct build_opts *b;
	const struct ruleset *rs;
	struct pushdown *pd;
	struct plan *pl;
	struct emit_result er;
	char hash_hex[65];
	uint8_t hash[32];
	char tmp[32];
	bool have_tmp;
	char *obj;
	size_t objlen;
	double t_clang, parts[3];
	/* per bundle_variants[] entry: its object, NULL when not built */
	char *objs[8];
	size_t objlens[8];
	/* in: more plans may follow (a too-large refusal stays quiet); out: it was refused so */
	bool may_retry, too_large;
};

/* rules → pushdown → plan → C (and --emit-c); 0, or 1 on an error already reported. */
static int generate(struct ruleset *rs, struct build_state *st)
{
	const struct build_opts *b = st->b;
	char err[512];
	if (bundle_hash_sources(b->rules, b->nrules, st->hash, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanner-gen: %s\n", err);
		return 1;
	}
	bundle_hash_hex(st->hash, st->hash_hex);
	progress_start("generating the C");
	st->pd = pushdown_build(rs, b->lo->priority);
	if (!st->pd) {
		fprintf(stderr, "lanner-gen: out of memory\n");
		return 1;
	}
	struct emit_opts eo = {b->lo->rule_matching, b->rules, b->nrules, st->hash_hex,
			       LANNER_GEN_VERSION};
	/* planned without the kfuncs: the one C compiles into both variants (the contains callbacks
	 * are counted as functions, which only the variant without the kfuncs calls) */
	st->pl = plan_build(st->pd, false);
	if (plan_check(st->pl, "lanner-gen")) {
		progress_fail();
		return 1;
	}
	emit_c(st->pl, &eo, &st->er);
	size_t len = strlen(st->er.text);
	progress_done("%zu rules, %zu event types, %zu KiB of C", st->pd->nrules, st->pd->nevents,
		      len >> 10);
	if (b->verbose) {
		const struct plan_prog *big = plan_largest(st->pl);
		if (big)
			fprintf(stderr,
				"lanner-gen: largest program: %s, %zu functions planned%s\n",
				evt_name(big->ev->evt), big->nsub,
				big->nsub < big->nsub_full ? " (leaves inlined)" : "");
	}
	if (b->emit_c_path && write_file(b->emit_c_path, st->er.text, len))
		return 1;
	return b->bundle_path && check_c_size(st->pl, st->er.rule_bytes, len) ? 1 : 0;
}

/* The clang command line for src → out_o (argv of 19 entries + NULL). */
static void clang_argv(char *argv[20], char bufs[3][PATH_MAX + 48], const char *define,
		       const char *vmdir, const char *templates, const char *rulelang,
		       const char *src, const char *out_o)
{
	snprintf(bufs[0], PATH_MAX + 48, "-I%s", vmdir);
	snprintf(bufs[1], PATH_MAX + 48, "-I%s", templates);
	snprintf(bufs[2], PATH_MAX + 48, "-I%s", rulelang);
	const char *clang = getenv("CLANG");
	char *a[] = {(char *)(clang && *clang ? clang : "clang"),
		     "-g",
		     "-O2",
		     "-target",
		     "bpf",
		     (char *)bpf_arch(),
		     "-Wall",
		     "-Wextra",
		     "-Werror",
		     "-Wno-unused-function",
		     (char *)define,
		     bufs[0],
		     bufs[1],
		     bufs[2],
		     "-c",
		     (char *)src,
		     "-o",
		     (char *)out_o,
		     NULL};
	memcpy(argv, a, sizeof(a));
}

/* One variant of the C → a BPF object in *obj; 0, or 1 on an error already reported. */
static int compile_variant(struct build_state *st, const struct bundle_variant *v,
			   const char *const dirs[4], char **obj, size_t *objlen)
{
	const struct build_opts *b = st->b;
	char src[PATH_MAX], out_o[PATH_MAX], log[PATH_MAX], bufs[3][PATH_MAX + 48];
	snprintf(src, sizeof(src), "%s/rules.bpf.c", st->tmp);
	snprintf(out_o, sizeof(out_o), "%s/rules-%s.bpf.o", st->tmp, v->name);
	snprintf(log, sizeof(log), "%s/clang.log", st->tmp);
	char *argv[20];
	clang_argv(argv, bufs, v->define, dirs[0], dirs[1], dirs[2], src, out_o);
	if (b->verbose) {
		for (char **a = argv; *a; a++)
			fprintf(stderr, "%s%s", a == argv ? "" : " ", *a);
		fputc('\n', stderr);
	}
	double tc = now_s();
	unsigned long limit = env_limit("LANNER_GEN_CLANG_TIMEOUT", GEN_CLANG_TIMEOUT);
	/* a variant whose functions are static (helpers/compat.h LNR_GLOBAL) is one object */
	bool serial = getenv("LANNER_GEN_SERIAL") != NULL || !v->split;
	char what[128];
	snprintf(what, sizeof(what), "clang (variant %s, %s)", v->name, v->kernels);
	progress_announce(what);
	int rc = serial ? run(argv, log, limit)
			: compile_split(argv, st->tmp, out_o, log, st->parts, limit);
	st->t_clang += now_s() - tc;
	if (rc)
		progress_fail();
	else
		progress_done(NULL);
	if (rc == RUN_TIMEOUT) {
		size_t hb;
		const char *h = heaviest_rule(st->pl, st->er.rule_bytes, &hb);
		fprintf(stderr,
			"lanner-gen: error: clang did not finish within %lu s "
			"(LANNER_GEN_CLANG_TIMEOUT) on %zu KiB of generated C; the largest rule is "
			"'%s' (about %zu bytes of C): simplify or disable it, or split the rules\n",
			limit, strlen(st->er.text) >> 10, h, hb);
		return 1;
	}
	if (rc != 0) {
		fprintf(stderr, "lanner-gen: clang failed (exit %d) compiling the generated C:\n",
			rc);
		print_file(stderr, log);
		fprintf(stderr, "lanner-gen: (generated C kept in %s)\n", src);
		st->have_tmp = false; /* keep it for inspection */
		return 1;
	}
	*obj = read_file(out_o, objlen);
	if (!*obj) {
		fprintf(stderr, "lanner-gen: cannot read %s\n", out_o);
		return 1;
	}
	return 0;
}

/* C → one BPF object per variant wanted (bundle_variants.h; variant_wanted); the loader picks
 * one by what the running kernel has. 0, or 1 on an error already reported. */
static int compile(struct build_state *st)
{
	const struct build_opts *b = st->b;
	char bindir[PATH_MAX], templates[PATH_MAX], vmdir[PATH_MAX], rulelang[PATH_MAX + 32];
	bin_dir(b->argv0, bindir, sizeof(bindir));
	if (find_templates(b, bindir, templates, sizeof(templates)))
		return 1;
	snprintf(rulelang, sizeof(rulelang), "%s/../rulelang", templates);
	if (!is_dir(rulelang))
		snprintf(rulelang, sizeof(rulelang), "%s/../include", templates);
	snprintf(st->tmp, sizeof(st->tmp), "/tmp/lanner-gen-XXXXXX");
	if (!mkdtemp(st->tmp)) {
		fprintf(stderr, "lanner-gen: cannot create a temporary directory: %s\n",
			strerror(errno));
		return 1;
	}
	st->have_tmp = true;
	if (find_vmlinux(bindir, st->tmp, templates, vmdir, sizeof(vmdir)))
		return 1;
	char src[PATH_MAX];
	snprintf(src, sizeof(src), "%s/rules.bpf.c", st->tmp);
	if (write_file(src, st->er.text, strlen(st->er.text)))
		return 1;
	const char *dirs[4] = {vmdir, templates, rulelang, NULL};
	/* the one for every kernel from 6.2 first, the others in the table's order */
	const struct bundle_variant *base = bundle_variant_of(BSEC_BPF_OBJECT);
	if (compile_variant(st, base, dirs, &st->objs[base - bundle_variants],
			    &st->objlens[base - bundle_variants]))
		return 1;
	for (size_t i = 0; i < bundle_nvariants; i++)
		if (&bundle_variants[i] != base && variant_wanted(&bundle_variants[i]) &&
		    compile_variant(st, &bundle_variants[i], dirs, &st->objs[i], &st->objlens[i]))
			return 1;
	return 0;
}

/* The variant this machine loads (the first built that its kernel runs), else the 6.2 one. */
static size_t host_variant(char *const objs[])
{
	for (size_t i = 0; i < bundle_nvariants; i++)
		if (objs[i] && kernel_runs_variant(&bundle_variants[i], NULL, 0))
			return i;
	return (size_t)(bundle_variant_of(BSEC_BPF_OBJECT) - bundle_variants);
}

/* Verify (unless --no-verify), then write the bundle; 0, or 1 on an error already reported. */
static int package(struct build_state *st)
{
	const struct build_opts *b = st->b;
	struct bundle_meta meta = {0};
	char err[512];
	int rc = 1;
	if (fill_meta(&meta, st->pd, &st->er, b, st->hash_hex, st->rs) < 0) {
		fprintf(stderr, "lanner-gen: out of memory\n");
		goto out;
	}
	if (!b->no_verify) {
		struct verify_report rep = {.quiet_too_large = st->may_retry};
		size_t h = host_variant(st->objs);
		if (verify_object(st->objs[h], st->objlens[h], &meta, st->er.text, "lanner-gen",
				  b->verbose, &rep)) {
			st->too_large = rep.too_large;
			if (!(st->may_retry && rep.too_large))
				fprintf(stderr, "lanner-gen: %s not written\n", b->bundle_path);
			goto out;
		}
		if (b->verbose)
			fprintf(stderr,
				"lanner-gen: verified %d programs in %.2f s; largest %s: %u "
				"instructions, %u functions; most functions: %s (%u)\n",
				rep.nprog, rep.secs, rep.largest, rep.insns, rep.funcs,
				rep.max_funcs_of, rep.max_funcs);
	}
	char *json = bundle_meta_to_json(&meta);
	if (!json) {
		fprintf(stderr, "lanner-gen: out of memory\n");
		goto out;
	}
	size_t bi = (size_t)(bundle_variant_of(BSEC_BPF_OBJECT) - bundle_variants);
	struct bundle_section secs[3 + 8] = {
		{BSEC_BPF_OBJECT, (const uint8_t *)st->objs[bi], st->objlens[bi]},
		{BSEC_METADATA, (const uint8_t *)json, strlen(json)},
		{BSEC_SOURCE_C, (const uint8_t *)st->er.text, strlen(st->er.text)},
	};
	size_t nsec = 3;
	for (size_t i = 0; i < bundle_nvariants; i++)
		if (i != bi && st->objs[i])
			secs[nsec++] = (struct bundle_section){bundle_variants[i].sec,
							       (const uint8_t *)st->objs[i],
							       st->objlens[i]};
	progress_start("writing the bundle");
	if ((b->sign_key
		     ? bundle_write_signed(b->bundle_path, st->hash, secs, nsec, b->sign_key, err,
					   sizeof(err))
		     : bundle_write(b->bundle_path, st->hash, secs, nsec, err, sizeof(err))) < 0) {
		progress_fail();
		fprintf(stderr, "lanner-gen: %s\n", err);
	} else {
		progress_done("%s", b->bundle_path);
		rc = 0;
	}
	free(json);
out:
	free_meta(&meta);
	return rc;
}

/* Frees what one plan built (the next attempt starts again from the rules). */
static void build_state_free(struct build_state *st)
{
	for (size_t i = 0; i < bundle_nvariants; i++) {
		free(st->objs[i]);
		st->objs[i] = NULL;
	}
	if (st->have_tmp)
		remove_build_dir(st->tmp);
	st->have_tmp = false;
	emit_result_free(&st->er);
	plan_free(st->pl);
	pushdown_free(st->pd);
	st->pl = NULL;
	st->pd = NULL;
}

/* Attempts: the plan's instruction estimate is static; a program the verifier still finds too
 * large is planned again with the estimate doubled (more, smaller parts), at most three times.
 * Ten copies of Falco's stable rules (tests/integration/gen_bundle) need x24 or x48 depending on
 * the order the rule functions test their operands in (gen/pred_order.c): the verifier's count
 * for one program moves with the order, the estimate does not. */
#define BUILD_ATTEMPTS 4

int cmd_build(struct ruleset *rs, const struct build_opts *b)
{
	double t0 = now_s();
	struct build_state st;
	int rc = 1;
	/* LANNER_GEN_INSN_SCALE=N: the first attempt plans with the estimate xN (tests build the
	 * smallest parts' plan, which otherwise only a very large rules file reaches) */
	plan_insns_scale = (unsigned)env_limit("LANNER_GEN_INSN_SCALE", plan_insns_scale);
	for (int attempt = 0; attempt < BUILD_ATTEMPTS; attempt++) {
		memset(&st, 0, sizeof(st));
		st.b = b;
		st.rs = rs;
		st.may_retry = attempt + 1 < BUILD_ATTEMPTS;
		rc = generate(rs, &st);
		if (!rc && b->bundle_path) {
			if (!st.pd->nevents && attempt == 0)
				fprintf(stderr, "lanner-gen: warning: no rule can match any "
						"captured event type\n");
			rc = compile(&st) || package(&st);
		}
		if (!rc || !st.too_large || !st.may_retry)
			break;
		plan_insns_scale *= 2;
		fprintf(stderr,
			"lanner-gen: a program is over the verifier's instruction limit: planning "
			"again with smaller parts (instruction estimate x%u)\n",
			plan_insns_scale);
		build_state_free(&st);
	}
	if (!rc && b->bundle_path && b->verbose)
		fprintf(stderr,
			"lanner-gen: %s: %zu rules, %zu event types, %zu maps; clang %.2f s "
			"(sensor+filters part %.2f s, rule functions part %.2f s, link %.3f s), "
			"total %.2f s\n",
			b->bundle_path, st.pd->nrules, st.pd->nevents, st.er.nmaps, st.t_clang,
			st.parts[0], st.parts[1], st.parts[2], now_s() - t0);
	build_state_free(&st);
	return rc;
}

/* ---- load check ------------------------------------------------------------------------------ */

int cmd_load_check(const char *path, bool verbose)
{
	struct bundle bu;
	char err[512];
	if (bundle_read(path, &bu, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanner-gen: %s\n", err);
		return 1;
	}
	/* the variant lanner loads here */
	const struct bundle_section *so = NULL;
	for (size_t i = 0; !so && i < bundle_nvariants; i++)
		if (kernel_runs_variant(&bundle_variants[i], NULL, 0))
			so = bundle_find(&bu, bundle_variants[i].sec);
	if (!so)
		so = bundle_find(&bu, BSEC_BPF_OBJECT);
	const struct bundle_section *sm = bundle_find(&bu, BSEC_METADATA);
	const struct bundle_section *sc = bundle_find(&bu, BSEC_SOURCE_C);
	struct bundle_meta m;
	if (!so || !sm) {
		fprintf(stderr, "lanner-gen: %s: no BPF object or metadata section\n", path);
		bundle_free(&bu);
		return 1;
	}
	if (bundle_meta_from_json((const char *)sm->data, sm->len, &m, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanner-gen: %s: %s\n", path, err);
		bundle_free(&bu);
		return 1;
	}
	char *src = sc ? xstrndup((const char *)sc->data, sc->len) : NULL;
	char label[PATH_MAX + 16];
	snprintf(label, sizeof(label), "lanner-gen: %s", path);
	struct verify_report rep;
	int rc = verify_object(so->data, so->len, &m, src, label, verbose, &rep) ? 1 : 0;
	if (!rc)
		printf("%s: %d programs loaded and verified in %.2f s (%zu rules, %zu event types, "
		       "%zu maps); largest %s: %u instructions, %u functions; most functions: %s "
		       "(%u)\n",
		       path, rep.nprog, rep.secs, m.nrules, m.nevents, m.nmaps, rep.largest,
		       rep.insns, rep.funcs, rep.max_funcs_of, rep.max_funcs);
	free(src);
	bundle_meta_free(&m);
	bundle_free(&bu);
	return rc;
}

int cmd_show_bundle(const char *path)
{
	struct bundle bu;
	char err[512];
	if (bundle_read(path, &bu, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanner-gen: %s\n", err);
		return 1;
	}
	const struct bundle_section *sm = bundle_find(&bu, BSEC_METADATA);
	const struct bundle_section *so = bundle_find(&bu, BSEC_BPF_OBJECT);
	const struct bundle_section *sc = bundle_find(&bu, BSEC_SOURCE_C);
	char hex[65];
	bundle_hash_hex(bu.source_hash, hex);
	char signer[BUNDLE_FPR_LEN];
	bundle_signer(&bu, signer);
	printf("bundle %s: format %u, source hash %s, object %zu bytes, C %zu bytes\n", path,
	       bu.version, hex, so ? so->len : 0, sc ? sc->len : 0);
	printf("signed by: %s\n", signer);
	/* the oldest kernel a variant of this bundle runs on */
	const char *oldest = "?";
	for (size_t i = 0; i < bundle_nvariants; i++)
		if (bundle_find(&bu, bundle_variants[i].sec))
			oldest = bundle_variants[i].kernels;
	printf("kernels: %s; the oldest variant: %s\n", BUNDLE_KERNEL_REQUIREMENTS, oldest);
	printf("variants:");
	for (size_t i = 0, n = 0; i < bundle_nvariants; i++) {
		const struct bundle_section *s = bundle_find(&bu, bundle_variants[i].sec);
		if (s)
			printf("%s %s (%s: %s; %zu bytes)", n++ ? ";" : "", bundle_variants[i].name,
			       bundle_variants[i].kernels, bundle_variants[i].how, s->len);
	}
	printf("\n");
	if (sm)
		printf("%.*s\n", (int)sm->len, (const char *)sm->data);
	bundle_free(&bu);
	return sm ? 0 : 1;
}
