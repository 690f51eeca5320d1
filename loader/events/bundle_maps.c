/* bundle_maps.c — see bundle_maps.h. */
#include "events/bundle_maps.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int put(int fd, const void *key, uint32_t vsize, uint32_t value)
{
	uint8_t *v = calloc(1, vsize ? vsize : 1);
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, key, v) != 0)
		memset(v, 0, vsize);
	uint32_t old = 0;
	size_t n = vsize < sizeof(old) ? vsize : sizeof(old);
	memcpy(&old, v, n);
	old |= value;
	memcpy(v, &old, n);
	int rc = bpf_map_update_elem(fd, key, v, BPF_ANY) ? -errno : 0;
	free(v);
	return rc;
}

long bundle_maps_fill(struct sensor *s, const struct bundle_meta *m, char *err, size_t errlen)
{
	long total = 0;
	for (size_t i = 0; i < m->nmaps; i++) {
		const struct meta_map *mm = &m->maps[i];
		uint32_t ks = 0, vs = 0, type = 0;
		int fd = sensor_map(s, mm->name, &ks, &vs, &type);
		if (fd < 0) {
			snprintf(err, errlen, "the BPF object has no map '%s'", mm->name);
			return -1;
		}
		bool lpm = mm->kind == MM_LPM_PREFIX || mm->kind == MM_LPM_SUFFIX;
		if ((lpm && (type != BPF_MAP_TYPE_LPM_TRIE || ks <= 4)) ||
		    (!lpm && type != BPF_MAP_TYPE_HASH)) {
			snprintf(err, errlen,
				 "map '%s' has kernel type %u, not the %s the bundle says",
				 mm->name, type, lpm ? "LPM trie" : "hash");
			return -1;
		}
		size_t room = lpm ? ks - 4 : ks;
		uint8_t *key = malloc(ks);
		if (!key) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (size_t j = 0; j < mm->nitems; j++) {
			const char *it = mm->items[j];
			size_t len = strlen(it);
			if (len > room) {
				snprintf(err, errlen,
					 "map '%s': item '%s' is longer than its key (%zu)",
					 mm->name, it, room);
				free(key);
				return -1;
			}
			memset(key, 0, ks);
			if (lpm) {
				uint32_t bits = (uint32_t)(8 * len);
				memcpy(key, &bits, 4);
				for (size_t b = 0; b < len; b++)
					key[4 + b] = (uint8_t)(mm->kind == MM_LPM_SUFFIX
								       ? it[len - 1 - b]
								       : it[b]);
			} else {
				memcpy(key, it, len);
			}
			int rc = put(fd, key, vs, mm->value);
			if (rc) {
				snprintf(err, errlen, "map '%s': cannot add '%s': %s", mm->name, it,
					 strerror(-rc));
				free(key);
				return -1;
			}
			total++;
		}
		free(key);
	}
	return total;
}

/* The slot of a part program: "<prefix><digits>" exactly; -1 otherwise. */
static long part_slot(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) || !name[n])
		return -1;
	long v = 0;
	for (const char *c = name + n; *c; c++) {
		if (*c < '0' || *c > '9' || v > 1000000)
			return -1;
		v = v * 10 + (*c - '0');
	}
	return v;
}

int bundle_parts_fill(struct bpf_object *obj, char *err, size_t errlen)
{
	static const char *const pre[2] = {"lnr_part", "lnr_xpart"};
	static const char *const map[2] = {"lnr_parts", "lnr_exec_parts"};
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj)
	{
		for (int k = 0; k < 2; k++) {
			long slot = part_slot(bpf_program__name(p), pre[k]);
			if (slot < 0)
				continue;
			int mfd = bpf_object__find_map_fd_by_name(obj, map[k]);
			int pfd = bpf_program__fd(p);
			uint32_t key = (uint32_t)slot;
			if (mfd < 0 || pfd < 0 || bpf_map_update_elem(mfd, &key, &pfd, BPF_ANY)) {
				snprintf(err, errlen, "cannot put %s into %s[%ld]: %s",
					 bpf_program__name(p), map[k], slot,
					 mfd < 0   ? "no such map"
					 : pfd < 0 ? "not loaded"
						   : strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}
