/* bundle.h — the single prebuilt file lanner-gen writes and lanner runs.
 *
 * A bundle is a small header, a section table and the sections' bytes. Every section carries a
 * CRC-32 and the header its own, so a truncated, corrupted or foreign file is refused before any
 * of it is used. Integers are little-endian. Sections are opaque to this layer; their meaning:
 *   BSEC_BPF_OBJECT  the compiled BPF ELF object (generated filters + sensor)
 *   BSEC_METADATA    JSON: rules (names, priorities, outputs, tags, residual conditions), list
 *                    contents for kernel maps, options the bundle was built with
 *   BSEC_SOURCE_C    the generated BPF C, so users can read what runs in their kernel
 *   BSEC_SIGNATURE   optional, last: the signer's Ed25519 key and signature (bundle_sign.h)
 *   BSEC_BPF_OBJECT_STR_KFUNCS, _5_10  optional: the same C compiled for other kernels
 *                    (bundle_variants.h); the loader picks the best one the running kernel
 *                    runs, BSEC_BPF_OBJECT (Linux 6.2+) among them
 * The source hash is SHA-256 over the rules files' names and contents in load order; `lanner -r`
 * uses it as the cache key for bundles compiled on the fly.
 */
#ifndef LANNER_BUNDLE_H
#define LANNER_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#define BUNDLE_MAGIC	    "LANNERB"
#define BUNDLE_VERSION	    1
#define BUNDLE_MAX_SECTIONS 16

enum bundle_section_type {
	BSEC_BPF_OBJECT = 1,
	BSEC_METADATA = 2,
	BSEC_SOURCE_C = 3,
	BSEC_SIGNATURE = 4,
	BSEC_BPF_OBJECT_STR_KFUNCS = 5,
	BSEC_BPF_OBJECT_5_10 = 6, /* the C for Linux 5.10 to 6.1 (bundle_variants.h) */
};

/* What every object variant needs of the kernel; each variant's own needs: bundle_variants.h. */
#define BUNDLE_KERNEL_REQUIREMENTS                                                                 \
	"Linux 5.10 or newer with BTF (tp_btf programs, the BPF ring buffer)"

struct bundle_section {
	uint32_t type;
	const uint8_t *data;
	size_t len;
};

struct bundle {
	uint32_t version;
	uint8_t source_hash[32];
	struct bundle_section sec[BUNDLE_MAX_SECTIONS];
	size_t nsec;
	uint8_t *mem; /* the whole file; sections point into it */
	size_t memlen;
};

/* Writes atomically (temp file + rename). Returns 0, or -1 with a message in err. */
int bundle_write(const char *path, const uint8_t source_hash[32], const struct bundle_section *secs,
		 size_t n, char *err, size_t errlen);
/* Reads and validates. Returns 0, or -1 with "PATH: why" in err. */
int bundle_read(const char *path, struct bundle *b, char *err, size_t errlen);
/* Same, from memory (the bytes are copied). */
int bundle_parse(const uint8_t *data, size_t len, const char *name, struct bundle *b, char *err,
		 size_t errlen);
const struct bundle_section *bundle_find(const struct bundle *b, uint32_t type);
void bundle_free(struct bundle *b);

/* SHA-256 over rules files (names and contents, in order). Returns 0 or -1 (err set). */
int bundle_hash_sources(char *const *paths, size_t n, uint8_t out[32], char *err, size_t errlen);
void bundle_hash_hex(const uint8_t hash[32], char out[65]);

#endif
