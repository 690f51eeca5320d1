/* kernel_features.c — which of a bundle's object variants the running kernel loads, and the
 * check that it can load the chosen one (see kernel_features.h; the variants and the feature
 * probes are rulelang/bundle_variants.c). */
#include "events/kernel_features.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "bundle_variants.h"

/* The variant bundle_pick_object chose; NULL: the embedded sensor (built for Linux 6.2+). */
static const struct bundle_variant *chosen;

int kernel_features_check(char *err, size_t errlen)
{
	if (!kernel_has_btf()) {
		snprintf(err, errlen,
			 "this kernel has no BTF (/sys/kernel/btf/vmlinux; CONFIG_DEBUG_INFO_BTF), "
			 "which every Lanner bundle needs (Linux %s or newer built with BTF)",
			 BUNDLE_MIN_LINUX);
		return -1;
	}
	const struct bundle_variant *v = chosen ? chosen : bundle_variant_of(BSEC_BPF_OBJECT);
	char missing[512];
	if (kernel_runs_variant(v, missing, sizeof(missing)))
		return 0;
	if (!strcmp(v->name, "5.10"))
		snprintf(
			err, errlen,
			"this kernel is older than Lanner's supported minimum (Linux %s): it lacks "
			"%s",
			BUNDLE_MIN_LINUX, missing);
	else
		snprintf(err, errlen,
			 "this kernel is older than Lanner's supported minimum (%s, for this %s): "
			 "it lacks %s%s",
			 v->kernels, chosen ? "bundle's variants" : "built-in sensor", missing,
			 chosen ? "; a bundle built without LANNER_GEN_NO_OLD_KERNELS=1 has a "
				  "variant for Linux 5.10 to 6.1"
				: "");
	return -1;
}

bool kernel_has_str_kfuncs(void)
{
	return kernel_runs_variant(bundle_variant_of(BSEC_BPF_OBJECT_STR_KFUNCS), NULL, 0);
}

bool kernel_syscall_progs_preemptible(void)
{
	const char *force = getenv("LANNER_PREEMPT_GUARD");
	if (force && *force)
		return strcmp(force, "0") != 0;
	struct utsname u;
	int major = 0;
	if (uname(&u) == 0)
		major = atoi(u.release);
	return major >= 7;
}

/* LANNER_VARIANT=NAME: that variant whatever the kernel has (tests: an old kernel's variant on
 * this one). */
static const struct bundle_variant *forced(const struct bundle *b)
{
	const char *want = getenv("LANNER_VARIANT");
	if (!want || !*want)
		return NULL;
	for (size_t i = 0; i < bundle_nvariants; i++)
		if (!strcmp(bundle_variants[i].name, want) &&
		    bundle_find(b, bundle_variants[i].sec))
			return &bundle_variants[i];
	fprintf(stderr, "lanner: LANNER_VARIANT=%s: the bundle has no such variant\n", want);
	return NULL;
}

const struct bundle_section *bundle_pick_object(const struct bundle *b)
{
	const struct bundle_variant *v = forced(b), *last = NULL;
	/* why: what the kernel lacks for the better variant just skipped, if one was */
	char why[400];
	snprintf(why, sizeof(why), "%s", v ? "LANNER_VARIANT" : "");
	for (size_t i = 0; !v && i < bundle_nvariants; i++) {
		if (!bundle_find(b, bundle_variants[i].sec))
			continue;
		char lacks[300];
		last = &bundle_variants[i];
		if (kernel_runs_variant(last, lacks, sizeof(lacks))) {
			v = last;
			size_t at = strlen(why);
			snprintf(why + at, sizeof(why) - at, "%sthis kernel has what it needs",
				 at ? "; " : "");
		} else {
			snprintf(why, sizeof(why), "not %s: this kernel lacks %s", last->name,
				 lacks);
		}
	}
	if (!v) {
		/* none fits: the least demanding one, which kernel_features_check refuses with
		 * what it lacks */
		chosen = last;
		return last ? bundle_find(b, last->sec) : NULL;
	}
	if (chosen != v) {
		char n[64] = "";
		size_t at = 0;
		for (size_t i = 0; i < bundle_nvariants; i++)
			if (bundle_find(b, bundle_variants[i].sec))
				at += (size_t)snprintf(n + at, sizeof(n) - at, "%s%s",
						       at ? ", " : "", bundle_variants[i].name);
		fprintf(stderr, "lanner: variants: %s (%s: %s; %s); the bundle has %s\n", v->name,
			v->kernels, v->how, why, n);
	}
	chosen = v;
	return bundle_find(b, v->sec);
}

const char *kernel_features_required(void)
{
	return BUNDLE_KERNEL_REQUIREMENTS;
}

bool kernel_exit_tp_has_group_dead(void)
{
	struct btf *btf = btf__load_vmlinux_btf();
	if (!btf)
		return false;
	bool yes = false;
	int id = btf__find_by_name_kind(btf, "btf_trace_sched_process_exit", BTF_KIND_TYPEDEF);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	while (t && (btf_is_typedef(t) || btf_is_ptr(t)))
		t = btf__type_by_id(btf, t->type);
	/* void (*)(void *data, struct task_struct *p[, bool group_dead]) */
	if (t && btf_is_func_proto(t))
		yes = btf_vlen(t) >= 3;
	btf__free(btf);
	return yes;
}
