/* bundle_variants.c — the variant table and the kernel feature probes (contract in
 * bundle_variants.h). Helpers are looked up as members of enum bpf_func_id, kfuncs as BTF
 * functions: what the kernel itself would accept, without loading a program. */
#include "bundle_variants.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <string.h>

enum {
	KF_RINGBUF = 1 << 0,
	KF_TASK_STORAGE = 1 << 1,
	KF_TASK_BTF = 1 << 2,
	KF_TASK_PT_REGS = 1 << 3,
	KF_LOOP = 1 << 4,
	KF_RDONLY_CAST = 1 << 5,
	KF_STRNSTR = 1 << 6,
};

struct feature {
	unsigned bit;
	const char *what; /* the name a message uses */
	const char *since;
	bool kfunc; /* a BTF function; else a member of enum bpf_func_id */
	const char *name;
};

static const struct feature features[] = {
	{KF_RINGBUF, "the BPF ring buffer", "5.8", false, "BPF_FUNC_ringbuf_reserve"},
	{KF_TASK_STORAGE, "task storage (bpf_task_storage_get)", "5.11", false,
	 "BPF_FUNC_task_storage_get"},
	{KF_TASK_BTF, "bpf_get_current_task_btf", "5.11", false, "BPF_FUNC_get_current_task_btf"},
	{KF_TASK_PT_REGS, "bpf_task_pt_regs", "5.15", false, "BPF_FUNC_task_pt_regs"},
	{KF_LOOP, "bpf_loop", "5.17", false, "BPF_FUNC_loop"},
	{KF_RDONLY_CAST, "the bpf_rdonly_cast kfunc", "6.2", true, "bpf_rdonly_cast"},
	{KF_STRNSTR, "the string kfunc bpf_strnstr", "6.17", true, "bpf_strnstr"},
};
#define NFEATURES (sizeof(features) / sizeof(features[0]))

#define KF_6_2                                                                                     \
	(KF_RINGBUF | KF_TASK_STORAGE | KF_TASK_BTF | KF_TASK_PT_REGS | KF_LOOP | KF_RDONLY_CAST)

const struct bundle_variant bundle_variants[] = {
	{BSEC_BPF_OBJECT_STR_KFUNCS, "kfuncs", "-DLNR_HAVE_STR_KFUNCS=1", "Linux 6.17+",
	 "contains by the string kfunc bpf_strnstr", true, false, KF_6_2 | KF_STRNSTR},
	{BSEC_BPF_OBJECT, "6.2", "-DLNR_NO_STR_KFUNCS=1", "Linux 6.2+",
	 "contains by a bpf_loop scan", true, false, KF_6_2},
	{BSEC_BPF_OBJECT_5_10, "5.10", "-DLNR_VARIANT_5_10=1", "Linux 5.10 to 6.1",
	 "probe reads, bounded loops, a tid-keyed hash for entry copies (no bpf_loop, task "
	 "storage, bpf_get_current_task_btf)",
	 true, true, KF_RINGBUF},
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

/* The KF_* bits the running kernel has, probed once; -1u when it has no BTF. */
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
			bits |= f->bit;
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
			if (lack & features[i].bit)
				at += (size_t)snprintf(missing + at, len - at, "%s%s (Linux %s)",
						       at ? ", " : "", features[i].what,
						       features[i].since);
	}
	return lack == 0;
}
