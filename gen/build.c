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
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_meta.h"
#include "common/progress.h"
#include "compile.h"
#include "emit_c.h"
#include "plan.h"
#include "pushdown.h"

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

/* Runs argv; stderr/stdout of the child go to log (a file). Returns the exit status. */
static int run(char *const argv[], const char *log)
{
	pid_t pid = start(argv, log);
	if (pid < 0)
		return -1;
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
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

/* Whether the generated C may call the string kfuncs (rules/strings.h): when this machine's
 * kernel has them. A bundle is then for kernels that have them too (Linux 6.17+); set
 * LANNER_GEN_NO_KFUNCS=1 to build one for older kernels. */
static bool str_kfuncs(void)
{
	const char *no = getenv("LANNER_GEN_NO_KFUNCS");
	if (no && *no && strcmp(no, "0"))
		return false;
	struct btf *vm = btf__load_vmlinux_btf();
	if (!vm)
		return false;
	bool ok = btf__find_by_name_kind(vm, "bpf_strnstr", BTF_KIND_FUNC) > 0;
	btf__free(vm);
	return ok;
}

/* The generated file as two objects compiled in parallel (LNR_PART 1: sensor, fetch, filters;
 * 2: rule and leaf functions, set maps) and linked with libbpf's linker: the two halves take
 * similar time, so the wall-clock compile roughly halves on two cores. argv is the single-object
 * command; its "-c" is at argc - 4 and the output at argc - 1. */
static int compile_split(char *argv[], const char *tmp, const char *out_o, const char *log,
			 double secs[3])
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
	pid_t p1 = start(a1, log), p2 = start(a2, l2);
	int s1 = -1, s2 = -1;
	/* in the order they end, so each half's own wall time is known */
	for (int left = (p1 > 0) + (p2 > 0); left > 0; left--) {
		int st;
		pid_t w = waitpid(-1, &st, 0);
		if (w < 0 && errno == EINTR) {
			left++;
			continue;
		}
		if (w < 0)
			break;
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		if (w == p1) {
			s1 = code;
			secs[0] = now_s() - t0;
		} else if (w == p2) {
			s2 = code;
			secs[1] = now_s() - t0;
		} else {
			left++; /* not ours */
		}
	}
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

static void rm_tree(const char *dir)
{
	char cmd[PATH_MAX + 32];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "lanner-gen: could not remove %s\n", dir);
}

char *build_rule_condition(const struct rl_rule *r)
{
	return r->ast ? ast_print(r->ast) : NULL;
}

/* Metadata from the pushdown and the emitted maps; strings borrowed from rs/pd/er except where
 * noted in free_meta. */
static int fill_meta(struct bundle_meta *m, const struct pushdown *pd, struct emit_result *er,
		     const struct build_opts *b, const char *hash)
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
}

int cmd_build(struct ruleset *rs, const struct build_opts *b)
{
	double t0 = now_s();
	int rc = 1;
	char hash_hex[65] = "";
	uint8_t hash[32];
	char err[512];
	char tmp[] = "/tmp/lanner-gen-XXXXXX";
	bool have_tmp = false;
	char *obj = NULL;
	size_t objlen = 0;
	struct emit_result er = {0};
	struct plan *pl = NULL;
	struct bundle_meta meta = {0};
	char *json = NULL;

	if (bundle_hash_sources(b->rules, b->nrules, hash, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanner-gen: %s\n", err);
		return 1;
	}
	bundle_hash_hex(hash, hash_hex);
	double tp = now_s();
	progress_start("generating the C");
	struct pushdown *pd = pushdown_build(rs, b->lo->priority);
	if (!pd) {
		fprintf(stderr, "lanner-gen: out of memory\n");
		return 1;
	}
	struct emit_opts eo = {b->lo->rule_matching, b->rules, b->nrules, hash_hex,
			       LANNER_GEN_VERSION};
	double te = now_s();
	bool kfuncs = str_kfuncs();
	pl = plan_build(pd, kfuncs);
	if (plan_check(pl, "lanner-gen"))
		goto out;
	emit_c(pl, &eo, &er);
	double t_pushdown = te - tp, t_emit = now_s() - te;
	progress_done("%zu rules, %zu event types, %zu KiB of C", pd->nrules, pd->nevents,
		      strlen(er.text) >> 10);
	if (b->emit_c_path && write_file(b->emit_c_path, er.text, strlen(er.text)))
		goto out;
	if (!b->bundle_path) {
		rc = 0;
		goto out;
	}
	if (!pd->nevents)
		fprintf(stderr, "lanner-gen: warning: no rule can match any captured event type\n");

	char bindir[PATH_MAX], templates[PATH_MAX], vmdir[PATH_MAX], rulelang[PATH_MAX + 32];
	bin_dir(b->argv0, bindir, sizeof(bindir));
	if (find_templates(b, bindir, templates, sizeof(templates)))
		goto out;
	snprintf(rulelang, sizeof(rulelang), "%s/../rulelang", templates);
	if (!is_dir(rulelang))
		snprintf(rulelang, sizeof(rulelang), "%s/../include", templates);
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "lanner-gen: cannot create a temporary directory: %s\n",
			strerror(errno));
		goto out;
	}
	have_tmp = true;
	if (find_vmlinux(bindir, tmp, templates, vmdir, sizeof(vmdir)))
		goto out;
	char src[PATH_MAX], out_o[PATH_MAX], log[PATH_MAX];
	snprintf(src, sizeof(src), "%s/rules.bpf.c", tmp);
	snprintf(out_o, sizeof(out_o), "%s/rules.bpf.o", tmp);
	snprintf(log, sizeof(log), "%s/clang.log", tmp);
	if (write_file(src, er.text, strlen(er.text)))
		goto out;
	char i1[PATH_MAX + 8], i2[PATH_MAX + 8], i3[PATH_MAX + 48];
	snprintf(i1, sizeof(i1), "-I%s", vmdir);
	snprintf(i2, sizeof(i2), "-I%s", templates);
	snprintf(i3, sizeof(i3), "-I%s", rulelang);
	const char *clang = getenv("CLANG");
	char *argv[] = {(char *)(clang && *clang ? clang : "clang"),
			"-g",
			"-O2",
			"-target",
			"bpf",
			(char *)bpf_arch(),
			"-Wall",
			"-Wextra",
			"-Werror",
			"-Wno-unused-function",
			kfuncs ? "-DLNR_HAVE_STR_KFUNCS=1" : "-DLNR_NO_STR_KFUNCS=1",
			i1,
			i2,
			i3,
			"-c",
			src,
			"-o",
			out_o,
			NULL};
	if (b->verbose) {
		for (char **a = argv; *a; a++)
			fprintf(stderr, "%s%s", a == argv ? "" : " ", *a);
		fputc('\n', stderr);
	}
	double tc = now_s(), parts[3] = {0, 0, 0};
	bool serial = getenv("LANNER_GEN_SERIAL") != NULL;
	progress_announce("clang");
	int st = serial ? run(argv, log) : compile_split(argv, tmp, out_o, log, parts);
	double t_clang = now_s() - tc;
	if (st)
		progress_fail();
	else
		progress_done(NULL);
	if (st != 0) {
		fprintf(stderr, "lanner-gen: clang failed (exit %d) compiling the generated C:\n",
			st);
		print_file(stderr, log);
		fprintf(stderr, "lanner-gen: (generated C kept in %s)\n", src);
		have_tmp = false; /* keep it for inspection */
		goto out;
	}
	obj = read_file(out_o, &objlen);
	if (!obj) {
		fprintf(stderr, "lanner-gen: cannot read %s\n", out_o);
		goto out;
	}
	if (fill_meta(&meta, pd, &er, b, hash_hex) < 0) {
		fprintf(stderr, "lanner-gen: out of memory\n");
		goto out;
	}
	json = bundle_meta_to_json(&meta);
	if (!json) {
		fprintf(stderr, "lanner-gen: out of memory\n");
		goto out;
	}
	struct bundle_section secs[3] = {
		{BSEC_BPF_OBJECT, (const uint8_t *)obj, objlen},
		{BSEC_METADATA, (const uint8_t *)json, strlen(json)},
		{BSEC_SOURCE_C, (const uint8_t *)er.text, strlen(er.text)},
	};
	progress_start("writing the bundle");
	if (bundle_write(b->bundle_path, hash, secs, 3, err, sizeof(err)) < 0) {
		progress_fail();
		fprintf(stderr, "lanner-gen: %s\n", err);
		goto out;
	}
	progress_done("%s", b->bundle_path);
	if (b->verbose) {
		fprintf(stderr,
			"lanner-gen: %s: %zu rules, %zu event types, %zu maps; clang %.2f s, total "
			"%.2f s\n",
			b->bundle_path, pd->nrules, pd->nevents, er.nmaps, now_s() - tc,
			now_s() - t0);
		/* where a slow build spends its time (the front end ran before cmd_build) */
		fprintf(stderr,
			"lanner-gen: phases: pushdown %.3f s, emit %.3f s (%zu bytes of C), clang "
			"%.2f "
			"s",
			t_pushdown, t_emit, strlen(er.text), t_clang);
		if (!serial)
			fprintf(stderr,
				" (sensor+filters part %.2f s, rule functions part %.2f s, "
				"link %.3f s)",
				parts[0], parts[1], parts[2]);
		fprintf(stderr, ", bundle %.3f s\n", now_s() - tc - t_clang);
	}
	rc = 0;
out:
	free(json);
	free_meta(&meta);
	free(obj);
	if (have_tmp)
		rm_tree(tmp);
	emit_result_free(&er);
	plan_free(pl);
	pushdown_free(pd);
	return rc;
}

/* ---- load check ------------------------------------------------------------------------------ */

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("LANNER_LIBBPF_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

#define LOG_SIZE (16u << 20)

int cmd_load_check(const char *path, bool verbose)
{
	struct bundle bu;
	char err[512];
	if (bundle_read(path, &bu, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanner-gen: %s\n", err);
		return 1;
	}
	const struct bundle_section *so = bundle_find(&bu, BSEC_BPF_OBJECT);
	const struct bundle_section *sm = bundle_find(&bu, BSEC_METADATA);
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
	libbpf_set_print(quiet_print);
	double t0 = now_s();
	int rc = 1;
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "lanner_rules");
	struct bpf_object *obj = bpf_object__open_mem(so->data, so->len, &oo);
	char *logs[512] = {0};
	const char *names[512];
	int nlog = 0;
	if (!obj) {
		fprintf(stderr, "lanner-gen: %s: cannot open the BPF object: %s\n", path,
			strerror(errno));
		goto out;
	}
	bool need_enter = false;
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj)
	{
		const char *pn = bpf_program__name(p);
		bool want = true;
		if (!strncmp(pn, "lnr_x_", 6)) {
			int id = evt_lookup(pn + 6);
			want = false;
			for (size_t i = 0; i < m.nevents; i++)
				want |= m.events[i].evt == id;
			if (want && (!strcmp(pn + 6, "open") || !strcmp(pn + 6, "openat") ||
				     !strcmp(pn + 6, "openat2") || !strcmp(pn + 6, "creat") ||
				     !strcmp(pn + 6, "connect") || !strcmp(pn + 6, "close")))
				need_enter = true;
		}
		bpf_program__set_autoload(p, want);
		if (want && nlog < 512 && (logs[nlog] = malloc(LOG_SIZE))) {
			logs[nlog][0] = 0;
			names[nlog] = pn;
			bpf_program__set_log_buf(p, logs[nlog], LOG_SIZE);
			bpf_program__set_log_level(p, verbose ? 4 : 1);
			/* LANNER_VLOG=<prog>: full instruction trace of that program (debugging) */
			const char *vl = getenv("LANNER_VLOG");
			if (vl && !strcmp(vl, pn)) {
				char *big = realloc(logs[nlog], 1u << 29);
				if (big) {
					logs[nlog] = big;
					big[0] = 0;
					bpf_program__set_log_buf(p, big, 1u << 29);
					bpf_program__set_log_level(p, 2);
				}
			}
			nlog++;
		}
	}
	struct bpf_program *en = bpf_object__find_program_by_name(obj, "lnr_sys_enter");
	if (en)
		bpf_program__set_autoload(en, need_enter);
	struct bpf_map *ring = bpf_object__find_map_by_name(obj, "lnr_ring");
	if (ring)
		bpf_map__set_max_entries(ring, 1 << 22);
	progress_announce("verifier");
	int lr = bpf_object__load(obj);
	double dt = now_s() - t0;
	if (lr)
		progress_fail();
	else
		progress_done(NULL);
	for (int i = 0; i < nlog && getenv("LANNER_VLOG"); i++)
		if (!strcmp(names[i], getenv("LANNER_VLOG"))) {
			FILE *vf = fopen("/tmp/lanner-vlog.txt", "w");
			if (vf) {
				fputs(logs[i], vf);
				fclose(vf);
			}
		}
	if (lr) {
		fprintf(stderr, "lanner-gen: %s: the kernel refused the programs: %s\n", path,
			strerror(-lr));
		/* libbpf loads in order and stops at the first refusal: the last non-empty log is
		 * the refused program's; its tail holds the reason */
		int last = -1;
		for (int i = 0; i < nlog; i++)
			if (logs[i][0])
				last = i;
		if (last >= 0) {
			size_t n = strlen(logs[last]);
			const char *tail = n > 8000 ? logs[last] + n - 8000 : logs[last];
			fprintf(stderr, "---- verifier log of %s (tail) ----\n%s\n", names[last],
				tail);
		}
		goto out;
	}
	int nprog = 0;
	bpf_object__for_each_program(p, obj) nprog += bpf_program__fd(p) >= 0;
	printf("%s: %d programs loaded and verified in %.2f s (%zu rules, %zu event types, %zu "
	       "maps)\n",
	       path, nprog, dt, m.nrules, m.nevents, m.nmaps);
	if (verbose)
		for (int i = 0; i < nlog; i++) {
			const char *s = strstr(logs[i], "processed ");
			const char *t = strstr(logs[i], "verification time ");
			if (s)
				printf("  %s: %.*s%s%.*s\n", names[i], (int)strcspn(s, "\n"), s,
				       t ? "; " : "", t ? (int)strcspn(t, "\n") : 0, t ? t : "");
		}
	rc = 0;
out:
	for (int i = 0; i < nlog; i++)
		free(logs[i]);
	bpf_object__close(obj);
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
	printf("bundle %s: format %u, source hash %s, object %zu bytes, C %zu bytes\n", path,
	       bu.version, hex, so ? so->len : 0, sc ? sc->len : 0);
	if (sm)
		printf("%.*s\n", (int)sm->len, (const char *)sm->data);
	bundle_free(&bu);
	return sm ? 0 : 1;
}
