/* bpf_rodata.c — a BPF object's .rodata configuration (contract in bpf_rodata.h). */
#include "bpf_rodata.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <string.h>

/* The variable is found by name in the .rodata section's BTF, written in the map's initial value
 * (libbpf freezes it at load, so the verifier prunes the code it switches off). */
int bpf_rodata_set_u32(struct bpf_object *obj, const char *var, uint32_t val)
{
	struct bpf_map *m;
	bpf_object__for_each_map(m, obj)
	{
		const char *n = bpf_map__name(m);
		if (!bpf_map__is_internal(m) || !strstr(n, ".rodata"))
			continue;
		struct btf *btf = bpf_object__btf(obj);
		int sec = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
		if (sec < 0)
			return -ENOENT;
		const struct btf_type *t = btf__type_by_id(btf, sec);
		const struct btf_var_secinfo *vs = btf_var_secinfos(t);
		size_t sz;
		char *data = (char *)bpf_map__initial_value(m, &sz);
		for (int i = 0; i < btf_vlen(t); i++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);
			if (strcmp(btf__name_by_offset(btf, v->name_off), var))
				continue;
			if (!data || vs->offset + sizeof(val) > sz)
				return -EINVAL;
			memcpy(data + vs->offset, &val, sizeof(val));
			return 0;
		}
		return -ENOENT;
	}
	return -ENOENT;
}
