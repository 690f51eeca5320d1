/* bundle_sign.c — see bundle_sign.h. */
#include "bundle_sign.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>

#include "common/xalloc.h"

static const char DOMAIN[] = "lanner bundle signature v1";

/* The message Ed25519 signs: SHA-512 of the domain, the source hash and every section but the
 * signature, each as (type, length, bytes). */
static int digest(const uint8_t source_hash[32], const struct bundle_section *secs, size_t n,
		  uint8_t out[64])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, EVP_sha512(), NULL) &&
		 EVP_DigestUpdate(c, DOMAIN, sizeof(DOMAIN)) &&
		 EVP_DigestUpdate(c, source_hash, 32);
	for (size_t i = 0; ok && i < n; i++) {
		if (secs[i].type == BSEC_SIGNATURE)
			continue;
		uint8_t h[12];
		uint64_t len = secs[i].len;
		for (int k = 0; k < 4; k++)
			h[k] = (uint8_t)(secs[i].type >> (8 * k));
		for (int k = 0; k < 8; k++)
			h[4 + k] = (uint8_t)(len >> (8 * k));
		ok = EVP_DigestUpdate(c, h, sizeof(h)) &&
		     EVP_DigestUpdate(c, secs[i].data, secs[i].len);
	}
	unsigned int olen = 0;
	ok = ok && EVP_DigestFinal_ex(c, out, &olen) && olen == 64;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

/* A PEM key file: private first, else public. The key must be Ed25519. */
static EVP_PKEY *read_key(const char *path, int *is_private, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open the key: %m", path);
		return NULL;
	}
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	*is_private = k != NULL;
	if (!k) {
		rewind(f);
		k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	}
	fclose(f);
	if (!k) {
		snprintf(err, errlen, "%s: not a PEM private or public key", path);
		return NULL;
	}
	if (EVP_PKEY_id(k) != EVP_PKEY_ED25519) {
		snprintf(err, errlen, "%s: not an Ed25519 key (openssl genpkey -algorithm ed25519)",
			 path);
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

static void fingerprint(const uint8_t pub[32], char out[BUNDLE_FPR_LEN])
{
	uint8_t h[32];
	unsigned int hl = 0;
	EVP_Digest(pub, 32, h, &hl, EVP_sha256(), NULL);
	memcpy(out, "SHA256:", 7);
	for (int i = 0; i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", h[i]);
}

static int raw_public(EVP_PKEY *k, uint8_t pub[32])
{
	size_t len = 32;
	return EVP_PKEY_get_raw_public_key(k, pub, &len) == 1 && len == 32 ? 0 : -1;
}

int bundle_write_signed(const char *path, const uint8_t source_hash[32],
			const struct bundle_section *secs, size_t n, const char *key_path,
			char *err, size_t errlen)
{
	int priv = 0;
	EVP_PKEY *k = read_key(key_path, &priv, err, errlen);
	if (!k)
		return -1;
	int rc = -1;
	uint8_t sig[BUNDLE_SIG_LEN], md[64];
	size_t siglen = 64;
	EVP_MD_CTX *c = NULL;
	if (!priv) {
		snprintf(err, errlen, "%s: a public key cannot sign (give the private key)",
			 key_path);
		goto out;
	}
	c = EVP_MD_CTX_new();
	if (raw_public(k, sig) || digest(source_hash, secs, n, md) || !c ||
	    EVP_DigestSignInit(c, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestSign(c, sig + 32, &siglen, md, sizeof(md)) != 1 || siglen != 64) {
		snprintf(err, errlen, "%s: signing failed", key_path);
		goto out;
	}
	struct bundle_section *all = xcalloc(n + 1, sizeof(*all));
	memcpy(all, secs, n * sizeof(*all));
	all[n] = (struct bundle_section){BSEC_SIGNATURE, sig, sizeof(sig)};
	rc = bundle_write(path, source_hash, all, n + 1, err, errlen);
	free(all);
out:
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(k);
	return rc;
}

int bundle_signer(const struct bundle *b, char out[BUNDLE_FPR_LEN])
{
	const struct bundle_section *s = bundle_find(b, BSEC_SIGNATURE);
	if (!s || s->len != BUNDLE_SIG_LEN) {
		snprintf(out, BUNDLE_FPR_LEN, "unsigned");
		return 0;
	}
	fingerprint(s->data, out);
	return 1;
}

int bundle_key_fingerprint(const char *key_path, char out[BUNDLE_FPR_LEN], char *err, size_t errlen)
{
	int priv = 0;
	EVP_PKEY *k = read_key(key_path, &priv, err, errlen);
	if (!k)
		return -1;
	uint8_t pub[32];
	int rc = raw_public(k, pub);
	if (rc)
		snprintf(err, errlen, "%s: cannot read the public key", key_path);
	else
		fingerprint(pub, out);
	EVP_PKEY_free(k);
	return rc;
}

int bundle_verify_signature(const struct bundle *b, const char *trusted_key_path, char *err,
			    size_t errlen)
{
	int priv = 0;
	EVP_PKEY *k = read_key(trusted_key_path, &priv, err, errlen);
	if (!k)
		return -1;
	int rc = -1;
	uint8_t pub[32], md[64];
	char want[BUNDLE_FPR_LEN], got[BUNDLE_FPR_LEN];
	EVP_MD_CTX *c = NULL;
	const struct bundle_section *s = bundle_find(b, BSEC_SIGNATURE);
	if (raw_public(k, pub)) {
		snprintf(err, errlen, "%s: cannot read the public key", trusted_key_path);
		goto out;
	}
	fingerprint(pub, want);
	if (!s || s->len != BUNDLE_SIG_LEN) {
		snprintf(err, errlen, "the bundle is not signed; the trusted key is %s", want);
		goto out;
	}
	fingerprint(s->data, got);
	if (memcmp(s->data, pub, 32) != 0) {
		snprintf(err, errlen, "the bundle is signed by %s, not by the trusted key %s", got,
			 want);
		goto out;
	}
	c = EVP_MD_CTX_new();
	if (digest(b->source_hash, b->sec, b->nsec, md) || !c ||
	    EVP_DigestVerifyInit(c, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestVerify(c, s->data + 32, 64, md, sizeof(md)) != 1) {
		snprintf(err, errlen,
			 "the bundle's signature by %s does not match its contents (modified "
			 "after signing)",
			 got);
		goto out;
	}
	rc = 0;
out:
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(k);
	return rc;
}
