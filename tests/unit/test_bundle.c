/* Bundle files: round trip, and refusal of truncated, corrupted and foreign files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"

static char path[64];
static const uint8_t obj[] = "\x7f"
			     "ELF fake object bytes";
static const char meta[] = "{\"rules\":[]}";

static void write_sample(void)
{
	snprintf(path, sizeof(path), "/tmp/lanner-bundle-test-%d.lnb", (int)getpid());
	uint8_t hash[32];
	memset(hash, 0xab, sizeof(hash));
	struct bundle_section s[2] = {
		{BSEC_BPF_OBJECT, obj, sizeof(obj)},
		{BSEC_METADATA, (const uint8_t *)meta, strlen(meta)},
	};
	char err[256];
	cr_assert_eq(bundle_write(path, hash, s, 2, err, sizeof(err)), 0, "%s", err);
}

static uint8_t *slurp(size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	uint8_t *b = malloc(*len);
	cr_assert_eq(fread(b, 1, *len, f), *len);
	fclose(f);
	return b;
}

static void cleanup(void)
{
	unlink(path);
}

TestSuite(bundle, .init = write_sample, .fini = cleanup);

Test(bundle, round_trip)
{
	struct bundle b;
	char err[256];
	cr_assert_eq(bundle_read(path, &b, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(b.version, BUNDLE_VERSION);
	cr_assert_eq(b.nsec, 2);
	const struct bundle_section *o = bundle_find(&b, BSEC_BPF_OBJECT);
	cr_assert(o);
	cr_assert_eq(o->len, sizeof(obj));
	cr_assert_eq(memcmp(o->data, obj, sizeof(obj)), 0);
	const struct bundle_section *m = bundle_find(&b, BSEC_METADATA);
	cr_assert(m);
	cr_assert_eq(m->len, strlen(meta));
	cr_assert_null(bundle_find(&b, BSEC_SOURCE_C));
	cr_assert_eq(b.source_hash[0], 0xab);
	bundle_free(&b);
}

Test(bundle, every_truncation_is_refused)
{
	size_t len;
	uint8_t *data = slurp(&len);
	char err[256];
	for (size_t cut = 0; cut < len; cut++) {
		struct bundle b;
		cr_assert_eq(bundle_parse(data, cut, "t.lnb", &b, err, sizeof(err)), -1,
			     "accepted a file cut at %zu of %zu", cut, len);
		cr_assert(strstr(err, "t.lnb:"), "error names the file: %s", err);
	}
	free(data);
}

Test(bundle, every_flipped_byte_is_refused)
{
	size_t len;
	uint8_t *data = slurp(&len);
	char err[256];
	for (size_t i = 0; i < len; i++) {
		data[i] ^= 0x40;
		struct bundle b;
		int rc = bundle_parse(data, len, "c.lnb", &b, err, sizeof(err));
		if (rc == 0) {
			/* only alignment padding between sections may change unnoticed */
			const struct bundle_section *o = bundle_find(&b, BSEC_BPF_OBJECT);
			const struct bundle_section *m = bundle_find(&b, BSEC_METADATA);
			cr_assert_eq(memcmp(o->data, obj, sizeof(obj)), 0, "byte %zu", i);
			cr_assert_eq(memcmp(m->data, meta, strlen(meta)), 0, "byte %zu", i);
			bundle_free(&b);
		}
		data[i] ^= 0x40;
	}
	free(data);
}

Test(bundle, foreign_and_wrong_version)
{
	char err[256];
	struct bundle b;
	const char *elf = "\x7f"
			  "ELF\x02\x01\x01\x00 not a bundle at all, just some bytes here....";
	cr_assert_eq(bundle_parse((const uint8_t *)elf, strlen(elf), "x.o", &b, err, sizeof(err)),
		     -1);
	cr_assert(strstr(err, "not a Lanner bundle"), "%s", err);

	size_t len;
	uint8_t *data = slurp(&len);
	data[8] = 99; /* version field */
	cr_assert_eq(bundle_parse(data, len, "v.lnb", &b, err, sizeof(err)), -1);
	cr_assert(strstr(err, "version 99"), "%s", err);
	free(data);

	cr_assert_eq(bundle_read("/nonexistent/dir/b.lnb", &b, err, sizeof(err)), -1);
	cr_assert(strstr(err, "No such file"), "%s", err);
}

Test(bundle, source_hash_depends_on_content_and_order)
{
	char a[64], c[64], err[256];
	snprintf(a, sizeof(a), "/tmp/lanner-hash-a-%d.yaml", (int)getpid());
	snprintf(c, sizeof(c), "/tmp/lanner-hash-c-%d.yaml", (int)getpid());
	FILE *f = fopen(a, "w");
	fputs("- list: x\n  items: [a]\n", f);
	fclose(f);
	f = fopen(c, "w");
	fputs("- list: y\n  items: [b]\n", f);
	fclose(f);
	uint8_t h1[32], h2[32], h3[32];
	char *ab[] = {a, c}, *ba[] = {c, a};
	cr_assert_eq(bundle_hash_sources(ab, 2, h1, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(bundle_hash_sources(ba, 2, h2, err, sizeof(err)), 0, "%s", err);
	cr_assert_neq(memcmp(h1, h2, 32), 0);
	f = fopen(a, "a");
	fputs("# changed\n", f);
	fclose(f);
	cr_assert_eq(bundle_hash_sources(ab, 2, h3, err, sizeof(err)), 0, "%s", err);
	cr_assert_neq(memcmp(h1, h3, 32), 0);
	char hex[65];
	bundle_hash_hex(h1, hex);
	cr_assert_eq(strlen(hex), 64);
	unlink(a);
	unlink(c);
}
