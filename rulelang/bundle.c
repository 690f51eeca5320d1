/* bundle.c — reading, validating and writing bundle files (format in bundle.h). */
#include "bundle.h"
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* On-disk layout. Fixed sizes, explicit padding, little-endian. */
struct disk_header {
	char magic[8];
	uint32_t version;
	uint32_t nsections;
	uint8_t source_hash[32];
	uint32_t header_crc; /* CRC-32 of this header with header_crc = 0, plus the section table */
	uint32_t reserved;
};
struct disk_section {
	uint32_t type;
	uint32_t crc;
	uint64_t offset;
	uint64_t length;
};
_Static_assert(sizeof(struct disk_header) == 56, "header layout");
_Static_assert(sizeof(struct disk_section) == 24, "section layout");

static uint32_t crc(const void *p, size_t n, uint32_t seed)
{
	/* zlib's crc32 takes uInt lengths: feed large buffers in pieces */
	const uint8_t *b = p;
	uLong c = seed;
	while (n) {
		uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = crc32(c, b, k);
		b += k;
		n -= k;
	}
	return (uint32_t)c;
}

static uint32_t header_crc(const struct disk_header *h, const struct disk_section *t, size_t n)
{
	struct disk_header c = *h;
	c.header_crc = 0;
	uint32_t v = crc(&c, sizeof(c), 0);
	return crc(t, n * sizeof(*t), v);
}

int bundle_parse(const uint8_t *data, size_t len, const char *name, struct bundle *b, char *err,
		 size_t errlen)
{
	memset(b, 0, sizeof(*b));
	struct disk_header h;
	if (len < sizeof(h) || memcmp(data, BUNDLE_MAGIC, sizeof(BUNDLE_MAGIC)) != 0) {
		snprintf(err, errlen, "%s: not a Lanner bundle (%s)", name,
			 len < sizeof(h) ? "file too short" : "bad magic");
		return -1;
	}
	memcpy(&h, data, sizeof(h));
	if (h.version != BUNDLE_VERSION) {
		snprintf(err, errlen,
			 "%s: bundle format version %u is not supported (this build reads %u)",
			 name, h.version, BUNDLE_VERSION);
		return -1;
	}
	if (h.nsections == 0 || h.nsections > BUNDLE_MAX_SECTIONS) {
		snprintf(err, errlen, "%s: corrupt bundle: %u sections", name, h.nsections);
		return -1;
	}
	size_t tlen = h.nsections * sizeof(struct disk_section);
	if (len < sizeof(h) + tlen) {
		snprintf(err, errlen, "%s: truncated bundle: section table cut off", name);
		return -1;
	}
	struct disk_section t[BUNDLE_MAX_SECTIONS];
	memcpy(t, data + sizeof(h), tlen);
	if (header_crc(&h, t, h.nsections) != h.header_crc) {
		snprintf(err, errlen, "%s: corrupt bundle: header checksum mismatch", name);
		return -1;
	}
	for (uint32_t i = 0; i < h.nsections; i++) {
		if (t[i].offset < sizeof(h) + tlen || t[i].offset > len ||
		    t[i].length > len - t[i].offset) {
			snprintf(err, errlen,
				 "%s: truncated bundle: section %u (type %u) needs bytes "
				 "%llu..%llu, "
				 "file has %zu",
				 name, i, t[i].type, (unsigned long long)t[i].offset,
				 (unsigned long long)(t[i].offset + t[i].length), len);
			return -1;
		}
		if (crc(data + t[i].offset, t[i].length, 0) != t[i].crc) {
			snprintf(err, errlen,
				 "%s: corrupt bundle: section %u (type %u) checksum mismatch", name,
				 i, t[i].type);
			return -1;
		}
	}
	b->mem = malloc(len ? len : 1);
	if (!b->mem) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	memcpy(b->mem, data, len);
	b->memlen = len;
	b->version = h.version;
	memcpy(b->source_hash, h.source_hash, 32);
	b->nsec = h.nsections;
	for (uint32_t i = 0; i < h.nsections; i++) {
		b->sec[i].type = t[i].type;
		b->sec[i].data = b->mem + t[i].offset;
		b->sec[i].len = t[i].length;
	}
	return 0;
}

int bundle_read(const char *path, struct bundle *b, char *err, size_t errlen)
{
	memset(b, 0, sizeof(*b));
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		fclose(f);
		return -1;
	}
	size_t len = (size_t)st.st_size;
	uint8_t *buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != len) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	int rc = bundle_parse(buf, len, path, b, err, errlen);
	free(buf);
	return rc;
}

const struct bundle_section *bundle_find(const struct bundle *b, uint32_t type)
{
	for (size_t i = 0; i < b->nsec; i++)
		if (b->sec[i].type == type)
			return &b->sec[i];
	return NULL;
}

void bundle_free(struct bundle *b)
{
	free(b->mem);
	memset(b, 0, sizeof(*b));
}

int bundle_write(const char *path, const uint8_t source_hash[32], const struct bundle_section *secs,
		 size_t n, char *err, size_t errlen)
{
	if (n == 0 || n > BUNDLE_MAX_SECTIONS) {
		snprintf(err, errlen, "%s: bad section count %zu", path, n);
		return -1;
	}
	struct disk_header h = {0};
	memcpy(h.magic, BUNDLE_MAGIC, sizeof(BUNDLE_MAGIC));
	h.version = BUNDLE_VERSION;
	h.nsections = (uint32_t)n;
	memcpy(h.source_hash, source_hash, 32);
	struct disk_section t[BUNDLE_MAX_SECTIONS] = {{0}};
	uint64_t off = sizeof(h) + n * sizeof(struct disk_section);
	for (size_t i = 0; i < n; i++) {
		off = (off + 7) &
		      ~(uint64_t)7; /* 8-byte alignment keeps the ELF readable in place */
		t[i].type = secs[i].type;
		t[i].offset = off;
		t[i].length = secs[i].len;
		t[i].crc = crc(secs[i].data, secs[i].len, 0);
		off += secs[i].len;
	}
	h.header_crc = header_crc(&h, t, n);

	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	static const uint8_t zeros[8];
	int ok = fwrite(&h, sizeof(h), 1, f) == 1 && fwrite(t, sizeof(t[0]), n, f) == n;
	uint64_t pos = sizeof(h) + n * sizeof(struct disk_section);
	for (size_t i = 0; ok && i < n; i++) {
		if (t[i].offset > pos)
			ok = fwrite(zeros, 1, t[i].offset - pos, f) == t[i].offset - pos;
		ok = ok &&
		     (secs[i].len == 0 || fwrite(secs[i].data, 1, secs[i].len, f) == secs[i].len);
		pos = t[i].offset + t[i].length;
	}
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Only regular files of at most RL_MAX_RULES_FILE_BYTES, as the rules loader reads: a device
 * such as /dev/zero would never end, a FIFO could block. */
static int hash_file(EVP_MD_CTX *md, const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	EVP_DigestUpdate(md, path, strlen(path) + 1);
	char buf[65536];
	size_t k, total = 0;
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0 && total <= RL_MAX_RULES_FILE_BYTES) {
		EVP_DigestUpdate(md, buf, k);
		total += k;
	}
	fclose(f);
	if (total > RL_MAX_RULES_FILE_BYTES) {
		snprintf(err, errlen, "%s: more than %u bytes, the limit for a rules file", path,
			 RL_MAX_RULES_FILE_BYTES);
		return -1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories hash the same files the loader would load: sorted .yaml/.yml entries. */
static int hash_path(EVP_MD_CTX *md, const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return hash_file(md, path, err, errlen);
	DIR *d = opendir(path);
	if (!d) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (!((l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0) ||
		      (l > 4 && strcmp(e->d_name + l - 4, ".yml") == 0)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof(*names));
		}
		size_t pl = strlen(path) + l + 2;
		names[n] = malloc(pl);
		snprintf(names[n++], pl, "%s/%s", path, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			rc = hash_file(md, names[i], err, errlen);
		free(names[i]);
	}
	free(names);
	return rc;
}

int bundle_hash_sources(char *const *paths, size_t n, uint8_t out[32], char *err, size_t errlen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		snprintf(err, errlen, "sha256 unavailable");
		EVP_MD_CTX_free(md);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = hash_path(md, paths[i], err, errlen);
	unsigned int ol = 0;
	if (rc == 0)
		EVP_DigestFinal_ex(md, out, &ol);
	EVP_MD_CTX_free(md);
	return rc;
}

void bundle_hash_hex(const uint8_t hash[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[hash[i] >> 4];
		out[2 * i + 1] = hex[hash[i] & 15];
	}
	out[64] = 0;
}
