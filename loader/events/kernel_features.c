/* kernel_features.c — probes the running kernel's BTF for what the sensor needs (see
 * kernel_features.h). Helpers are looked up as members of enum bpf_func_id, kfuncs as BTF
 * functions: both are what the kernel itself would accept, without loading a program. */
#include "events/kernel_features.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <string.h>

#include "common/strbuf.h"

struct feature {
	const char *what; /* the name a message uses */
	const char *since;
	bool kfunc; /* a BTF function; else a member of enum bpf_func_id */
	const char *name;
};

static const struct feature required[] = {
	{"the BPF ring buffer", "5.8", false, "BPF_FUNC_ringbuf_reserve"},
	{"task storage (bpf_task_storage_get)", "5.11", false, "BPF_FUNC_task_storage_get"},
	{"bpf_get_current_task_btf", "5.11", false, "BPF_FUNC_get_current_task_btf"},
	{"bpf_loop", "5.17", false, "BPF_FUNC_loop"},
	{"the bpf_rdonly_cast kfunc", "6.2", true, "bpf_rdonly_cast"},
};

static bool enum_has(const struct btf *btf, const char *enum_name, const char *member)
{
	int id = btf__find_by_name_kind(btf, enum_name, BTF_KIND_ENUM);
	if (id <= 0)
		return false;
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_enum *e = btf_enum(t);
	for (int i = 0; i < btf_vlen(t); i++, e++)
		if (!strcmp(btf__name_by_offset(btf, e->name_off), member))
			return true;
	return false;
}

static bool has(const struct btf *btf, const struct feature *f)
{
	if (f->kfunc)
		return btf__find_by_name_kind(btf, f->name, BTF_KIND_FUNC) > 0;
	return enum_has(btf, "bpf_func_id", f->name);
}

int kernel_features_check(char *err, size_t errlen)
{
	struct btf *btf = btf__load_vmlinux_btf();
	if (!btf) {
		snprintf(err, errlen,
			 "this kernel has no BTF (/sys/kernel/btf/vmlinux; CONFIG_DEBUG_INFO_BTF), "
			 "which every Lanner bundle needs (Linux 6.2 or newer built with BTF)");
		return -1;
	}
	struct strbuf sb = {0};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!has(btf, &required[i]))
			sb_addf(&sb, "%s%s (Linux %s)", sb.len ? ", " : "", required[i].what,
				required[i].since);
	btf__free(btf);
	if (!sb.len)
		return 0;
	snprintf(err, errlen,
		 "this kernel is older than Lanner's supported minimum (Linux 6.2): it lacks %s",
		 sb_str(&sb));
	sb_free(&sb);
	return -1;
}

bool kernel_has_str_kfuncs(void)
{
	static int cached = -1;
	if (cached < 0) {
		struct btf *btf = btf__load_vmlinux_btf();
		cached = btf && btf__find_by_name_kind(btf, "bpf_strnstr", BTF_KIND_FUNC) > 0;
		btf__free(btf);
	}
	return cached;
}

const struct bundle_section *bundle_pick_object(const struct bundle *b)
{
	static bool said;
	const struct bundle_section *kf = bundle_find(b, BSEC_BPF_OBJECT_STR_KFUNCS);
	const struct bundle_section *base = bundle_find(b, BSEC_BPF_OBJECT);
	bool use_kf = kf && kernel_has_str_kfuncs();
	if (!said) {
		fprintf(stderr, "lanner: variants: contains %s\n",
			use_kf ? "by the string kfunc bpf_strnstr (this kernel has it)"
			: kf   ? "by a bpf_loop scan (this kernel lacks the string kfuncs of Linux "
				 "6.17)"
			       : "by a bpf_loop scan (the only variant the bundle has)");
		said = true;
	}
	return use_kf ? kf : base;
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
