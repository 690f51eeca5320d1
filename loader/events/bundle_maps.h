/* bundle_maps.h — fills the kernel set maps a bundle's generated filters look strings up in
 * (bundle_meta.h maps[]), after the object is loaded and before it is attached.
 *   MM_HASH_EXACT  key = the string zero-padded to the map's key size;
 *   MM_LPM_PREFIX  key = {u32 prefixlen; u8 data[key_size - 4]}, data = the string's bytes,
 *                  prefixlen = 8 * length;
 *   MM_LPM_SUFFIX  the same over the string's bytes reversed (endswith).
 * The value (meta_map.value, a u32 in the first bytes of the map's value, rest zero) is OR-ed
 * into an existing entry, so two rules sharing a map keep both their bits. */
#ifndef LANNER_BUNDLE_MAPS_H
#define LANNER_BUNDLE_MAPS_H

#include <stddef.h>

#include "bundle_meta.h"
#include "events/sensor.h"

/* Returns the number of entries written, or -1 with a message in err (map missing from the
 * object, item longer than the key, kernel refusal). */
long bundle_maps_fill(struct sensor *s, const struct bundle_meta *m, char *err, size_t errlen);

/* A split filter's later parts (gen/plan.h): programs lnr_part<S> (syscall exit) and
 * lnr_xpart<S> (exec path) go into slot S of the object's own prog arrays lnr_parts and
 * lnr_exec_parts, before the generation is switched to (its first parts tail-call into them).
 * 0, or -1 with a message in err. */
struct bpf_object;
int bundle_parts_fill(struct bpf_object *obj, char *err, size_t errlen);

#endif
