/* verify.c — the verifier on a bundle's object (contract in verify.h). */
#include "verify.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bpf_rodata.h"
#include "common/progress.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "events.h"

#define LOG_SIZE (16u << 20)
#define MAX_LOGS 512

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("LANNER_LIBBPF_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

struct logs {
	char *buf[MAX_LOGS];
	const char *name[MAX_LOGS];
	int n;
};

/* Programs of the bundle's event types only, each with a log buffer. */
static void select_programs(struct bpf_object *obj, const struct bundle_meta *m, bool verbose,
			    struct logs *lg)
{
	bool need_enter = false;
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj)
	{
		const char *pn = bpf_program__name(p);
		bool want = true;
		if (!strncmp(pn, "lnr_x_", 6)) {
			int id = evt_lookup(pn + 6);
			want = false;
			for (size_t i = 0; i < m->nevents; i++)
				want |= m->events[i].evt == id;
			/* the entry program runs for the syscalls with an entry-time copy */
			if (want && evt_info(id) && evt_info(id)->enter_kind)
				need_enter = true;
		}
		bpf_program__set_autoload(p, want);
		if (!want || lg->n >= MAX_LOGS)
			continue;
		lg->buf[lg->n] = xmalloc(LOG_SIZE);
		lg->buf[lg->n][0] = 0;
		lg->name[lg->n] = pn;
		bpf_program__set_log_buf(p, lg->buf[lg->n], LOG_SIZE);
		bpf_program__set_log_level(p, verbose ? 4 : 1);
		/* LANNER_VLOG=<prog>: full instruction trace of that program (debugging) */
		const char *vl = getenv("LANNER_VLOG");
		if (vl && !strcmp(vl, pn)) {
			lg->buf[lg->n] = xrealloc(lg->buf[lg->n], 1u << 29);
			lg->buf[lg->n][0] = 0;
			bpf_program__set_log_buf(p, lg->buf[lg->n], 1u << 29);
			bpf_program__set_log_level(p, 2);
		}
		lg->n++;
	}
	struct bpf_program *en = bpf_object__find_program_by_name(obj, "lnr_sys_enter");
	if (en)
		bpf_program__set_autoload(en, need_enter);
	struct bpf_map *ring = bpf_object__find_map_by_name(obj, "lnr_ring");
	if (ring)
		bpf_map__set_max_entries(ring, 1 << 22);
}

/* The name of the rule whose block holds `int FN(` in the generated C (its comment
 * "rule N: \"NAME\"" before it); for a leaf, the rule of its first caller. */
static char *rule_of_function(const char *src, const char *fn)
{
	if (!src || strncmp(fn, "lnr_", 4))
		return NULL;
	char pat[96];
	const char *at = NULL;
	if (!strncmp(fn, "lnr_r", 5)) {
		snprintf(pat, sizeof(pat), "int %s(void)", fn);
		at = strstr(src, pat);
	} else if (!strncmp(fn, "lnr_l", 5)) {
		snprintf(pat, sizeof(pat), "= LNR_K(fv, %s(LNR_LEAF_ARGS(fv)))", fn);
		at = strstr(src, pat);
	}
	if (!at)
		return NULL;
	const char *best = NULL;
	for (const char *c = src; (c = strstr(c, "/* rule ")) && c < at; c++)
		best = c;
	const char *q = best ? strchr(best, '"') : NULL;
	const char *e = q ? strstr(q + 1, "\"\n") : NULL;
	return e ? xstrndup(q + 1, (size_t)(e - q - 1)) : NULL;
}

/* The function being verified when the log ends ("Validating NAME() func#..."). */
static void failing_function(const char *log, char *out, size_t len)
{
	out[0] = 0;
	for (const char *c = log; (c = strstr(c, "Validating ")); c++) {
		const char *s = c + 11, *e = strchr(s, '(');
		if (e && (size_t)(e - s) < len) {
			memcpy(out, s, (size_t)(e - s));
			out[e - s] = 0;
		}
	}
}

static void explain_refusal(const char *label, const struct logs *lg, const struct bundle_meta *m,
			    const char *src, int err)
{
	/* libbpf loads in order and stops at the first refusal: the last non-empty log is the
	 * refused program's; its tail holds the reason */
	int last = -1;
	for (int i = 0; i < lg->n; i++)
		if (lg->buf[i][0])
			last = i;
	const char *pn = last >= 0 ? lg->name[last] : "?";
	int evt = strncmp(pn, "lnr_x_", 6) ? -1 : evt_lookup(pn + 6);
	fprintf(stderr, "%s: error: the kernel's verifier refused the program %s%s%s: %s\n", label,
		pn, evt >= 0 ? " of event type " : "", evt >= 0 ? evt_name(evt) : "",
		strerror(-err));
	char fn[64];
	failing_function(last >= 0 ? lg->buf[last] : "", fn, sizeof(fn));
	char *rule = fn[0] ? rule_of_function(src, fn) : NULL;
	for (size_t e = 0; !rule && evt >= 0 && e < m->nevents; e++)
		if (m->events[e].evt == evt && m->events[e].nrules == 1)
			rule = xstrdup(m->rules[m->events[e].rules[0]].name); /* the only one */
	if (rule && fn[0])
		fprintf(stderr, "%s: it failed in %s, the kernel part of rule '%s'\n", label, fn,
			rule);
	else if (rule)
		fprintf(stderr, "%s: the program holds the kernel part of rule '%s'\n", label,
			rule);
	for (size_t e = 0; evt >= 0 && e < m->nevents; e++) {
		if (m->events[e].evt != evt)
			continue;
		fprintf(stderr, "%s: rules of this program:", label);
		for (size_t j = 0; j < m->events[e].nrules && j < 30; j++)
			fprintf(stderr, "%s '%s'", j ? "," : "",
				m->rules[m->events[e].rules[j]].name);
		fprintf(stderr, "%s\n", m->events[e].nrules > 30 ? ", ..." : "");
	}
	fprintf(stderr,
		"%s: to build anyway: disable %s (enabled: false) or narrow its condition, or put "
		"the rules of %s in a separate bundle; --no-verify writes the bundle unchecked "
		"(for kernels other than this one)\n",
		label, rule ? "that rule" : "one of these rules", evt >= 0 ? evt_name(evt) : pn);
	free(rule);
	if (last >= 0) {
		size_t n = strlen(lg->buf[last]);
		const char *tail = n > 4000 ? lg->buf[last] + n - 4000 : lg->buf[last];
		fprintf(stderr, "---- verifier log of %s (tail) ----\n%s\n", pn, tail);
	}
}

/* Instructions and functions of every loaded program: the largest ones. */
static void measure(struct bpf_object *obj, struct verify_report *rep)
{
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj)
	{
		int fd = bpf_program__fd(p);
		if (fd < 0)
			continue;
		rep->nprog++;
		struct bpf_prog_info info;
		__u32 il = sizeof(info);
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(fd, &info, &il))
			continue;
		uint32_t insns = info.xlated_prog_len / 8, funcs = info.nr_func_info;
		if (insns > rep->insns) {
			rep->insns = insns;
			rep->funcs = funcs;
			snprintf(rep->largest, sizeof(rep->largest), "%s", bpf_program__name(p));
		}
		if (funcs > rep->max_funcs) {
			rep->max_funcs = funcs;
			snprintf(rep->max_funcs_of, sizeof(rep->max_funcs_of), "%s",
				 bpf_program__name(p));
		}
	}
}

static void dump_vlog(const struct logs *lg)
{
	const char *want = getenv("LANNER_VLOG");
	for (int i = 0; want && i < lg->n; i++)
		if (!strcmp(lg->name[i], want)) {
			FILE *vf = fopen("/tmp/lanner-vlog.txt", "w");
			if (vf) {
				fputs(lg->buf[i], vf);
				fclose(vf);
			}
		}
}

int verify_object(const void *objdata, size_t len, const struct bundle_meta *m, const char *src_c,
		  const char *label, bool verbose, struct verify_report *rep)
{
	struct verify_report local;
	if (!rep)
		rep = &local;
	bool quiet_e2big = rep != &local && rep->quiet_too_large;
	memset(rep, 0, sizeof(*rep));
	libbpf_set_print(quiet_print);
	double t0 = now_s();
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "lanner_rules");
	struct bpf_object *obj = bpf_object__open_mem(objdata, len, &oo);
	if (!obj) {
		fprintf(stderr, "%s: cannot open the BPF object: %s\n", label, strerror(errno));
		return -1;
	}
	struct logs lg = {{0}, {0}, 0};
	select_programs(obj, m, verbose, &lg);
	/* The loader switches the exec record's environment copy on when a rule reads proc.env;
	 * verified switched on, so a bundle that passes here loads either way (its absence only
	 * removes code). An object without the switch ignores it. */
	bpf_rodata_set_u32(obj, "lnr_cfg_exec_env", 1);
	/* Likewise the guard against preemption the loader switches on where the kernel runs
	 * syscall programs preemptibly (bpf-templates/helpers/preempt.h): verified with it, the
	 * objects load on such a kernel too, and without it (it only adds code). */
	bpf_rodata_set_u32(obj, "lnr_cfg_preempt_guard", 1);
	progress_announce("verifier");
	int lr = bpf_object__load(obj);
	rep->secs = now_s() - t0;
	if (lr)
		progress_fail();
	else
		progress_done(NULL);
	dump_vlog(&lg);
	rep->too_large = lr == -E2BIG;
	if (lr && !(quiet_e2big && rep->too_large))
		explain_refusal(label, &lg, m, src_c, lr);
	else
		measure(obj, rep);
	for (int i = 0; verbose && !lr && i < lg.n; i++) {
		const char *s = strstr(lg.buf[i], "processed ");
		const char *t = strstr(lg.buf[i], "verification time ");
		if (s)
			printf("  %s: %.*s%s%.*s\n", lg.name[i], (int)strcspn(s, "\n"), s,
			       t ? "; " : "", t ? (int)strcspn(t, "\n") : 0, t ? t : "");
	}
	for (int i = 0; i < lg.n; i++)
		free(lg.buf[i]);
	bpf_object__close(obj);
	return lr ? -1 : 0;
}
