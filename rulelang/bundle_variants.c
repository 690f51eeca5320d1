/* bundle_variants.c — the variant table and the kernel feature probes (contract in
 * bundle_variants.h). Helpers are looked up as members of enum bpf_func_id, kfuncs as BTF
 * functions: what the kernel itself would accept, without loading a program. */
#include "bundle_variants.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <string.h>

/* The kernel features a variant may need, each written once: its bit is its position here.
 * X(ID, what a message calls it, the Linux version that has it, kfunc?, the name probed) */
#define KERNEL_FEATURES(X)                                                                         \
	X(RINGBUF, "the BPF ring buffer", "5.8", false, "BPF_FUNC_ringbuf_reserve")                \
	X(TASK_STORAGE, "task storage (bpf_task_storage_get)", "5.11", false,                      \
	  "BPF_FUNC_task_storage_get")                                                             \
	X(TASK_BTF, "bpf_get_current_task_btf", "5.11", false, "BPF_FUNC_get_current_task_btf")    \
	X(TASK_PT_REGS, "bpf_task_pt_regs", "5.15", false, "BPF_FUNC_task_pt_regs")                \
	X(LOOP, "bpf_loop", "5.17", false, "BPF_FUNC_loop")                                        \
	X(RDONLY_CAST, "the bpf_rdonly_cast kfunc", "6.2", true, "bpf_rdonly_cast")                \
	X(STRNSTR, "the string kfunc bpf_strnstr", "6.17", true, "bpf_strnstr")

#define FEATURE_INDEX(id, what, since, kfunc, name) KFI_##id,
enum { KERNEL_FEATURES(FEATURE_INDEX) NFEATURES };
#define KF(id) (1u << KFI_##id)

struct feature {
	const char *what; /* the name a message uses */
	const char *since;
	bool kfunc; /* a BTF function; else a member of enum bpf_func_id */
	const char *name;
};

#define FEATURE_ROW(id, what, since, kfunc, name) {what, since, kfunc, name},
static const struct feature features[NFEATURES] = {KERNEL_FEATURES(FEATURE_ROW)};

#define KF_6_2                                                                                     \
	(KF(RINGBUF) | KF(TASK_STORAGE) | KF(TASK_BTF) | KF(TASK_PT_REGS) | KF(LOOP) |             \
	 KF(RDONLY_CAST))

const struct bundle_variant bundle_variants[] = {
	{BSEC_BPF_OBJECT_STR_KFUNCS, "kfuncs", "-DLNR_HAVE_STR_KFUNCS=1", "Linux 6.17+",
	 "contains by the string kfunc bpf_strnstr", true, false, KF_6_2 | KF(STRNSTR)},
	{BSEC_BPF_OBJECT, "6.2", "-DLNR_NO_STR_KFUNCS=1", "Linux 6.2+",
	 "contains by a bpf_loop scan", true, false, KF_6_2},
	{BSEC_BPF_OBJECT_5_10, "5.10", "-DLNR_VARIANT_5_10=1", "Linux 5.10 to 6.1",
	 "probe reads, bounded loops, a tid-keyed hash for entry copies (no bpf_loop, task "
	 "storage, bpf_get_current_task_btf)",
	 true, true, KF(RINGBUF)},
};
const size_t bundle_nvariants = sizeof(bundle_variants) / sizeof(bundle_variants[0]);

const struct bundle_variant *bundle_variant_of(uint32_t sec)
{
	for (size_t i = 0; i < bundle_nvariants; i++)
		if (bundle_variants[i].sec == sec)
			return &bundle_variants[i];
	return NULL;
}

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

/* The feature bits (KF) the running kernel has, probed once; -1u when it has no BTF. */
static unsigned kernel_bits(void)
{
	static int probed;
	static unsigned bits;
	if (probed)
		return bits;
	probed = 1;
	struct btf *btf = btf__load_vmlinux_btf();
	if (!btf) {
		bits = ~0u;
		return bits;
	}
	for (size_t i = 0; i < NFEATURES; i++) {
		const struct feature *f = &features[i];
		bool yes = f->kfunc ? btf__find_by_name_kind(btf, f->name, BTF_KIND_FUNC) > 0
				    : enum_has(btf, "bpf_func_id", f->name);
		if (yes)
			bits |= 1u << i;
	}
	btf__free(btf);
	return bits;
}

bool kernel_has_btf(void)
{
	return kernel_bits() != ~0u;
}

bool kernel_runs_variant(const struct bundle_variant *v, char *missing, size_t len)
{
	unsigned have = kernel_bits();
	if (have == ~0u) {
		if (missing && len)
			snprintf(missing, len, "BTF (/sys/kernel/btf/vmlinux)");
		return false;
	}
	unsigned lack = v->needs & ~have;
	if (missing && len) {
		missing[0] = 0;
		size_t at = 0;
		for (size_t i = 0; i < NFEATURES && at < len; i++)
			if (lack & (1u << i))
				at += (size_t)snprintf(missing + at, len - at, "%s%s (Linux %s)",
						       at ? ", " : "", features[i].what,
						       features[i].since);
	}
	return lack == 0;
}
