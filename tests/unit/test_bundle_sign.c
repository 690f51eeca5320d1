/* Signed bundles: a signature made with one key verifies with its public key; an unsigned
 * bundle, a bundle signed by another key, and a bundle changed after signing (with its CRCs
 * recomputed, so only the signature can tell) are refused with a message saying which. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_sign.h"

static char dir[64], bpath[96], k1[96], k1pub[96], k2[96];
static const uint8_t obj[] = "\x7f"
			     "ELF fake object bytes";
static const char meta[] = "{\"rules\":[]}";
static uint8_t hash[32];

/* A fresh Ed25519 key: private PEM at priv, public PEM at pub (when not NULL). */
static void keygen(const char *priv, const char *pub)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	cr_assert(c && EVP_PKEY_keygen_init(c) == 1 && EVP_PKEY_keygen(c, &k) == 1);
	FILE *f = fopen(priv, "w");
	cr_assert(f && PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1);
	fclose(f);
	if (pub) {
		f = fopen(pub, "w");
		cr_assert(f && PEM_write_PUBKEY(f, k) == 1);
		fclose(f);
	}
	EVP_PKEY_free(k);
	EVP_PKEY_CTX_free(c);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/lanner-sign-test-%d", (int)getpid());
	cr_assert_eq(mkdir(dir, 0700), 0);
	snprintf(bpath, sizeof(bpath), "%s/b.lnb", dir);
	snprintf(k1, sizeof(k1), "%s/k1.pem", dir);
	snprintf(k1pub, sizeof(k1pub), "%s/k1.pub", dir);
	snprintf(k2, sizeof(k2), "%s/k2.pem", dir);
	keygen(k1, k1pub);
	keygen(k2, NULL);
	memset(hash, 0xab, sizeof(hash));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

static void write_signed(const char *key)
{
	struct bundle_section s[2] = {
		{BSEC_BPF_OBJECT, obj, sizeof(obj)},
		{BSEC_METADATA, (const uint8_t *)meta, strlen(meta)},
	};
	char err[256];
	cr_assert_eq(bundle_write_signed(bpath, hash, s, 2, key, err, sizeof(err)), 0, "%s", err);
}

static int verify(const char *key, char *err, size_t len)
{
	struct bundle b;
	char rerr[256];
	cr_assert_eq(bundle_read(bpath, &b, rerr, sizeof(rerr)), 0, "%s", rerr);
	int rc = bundle_verify_signature(&b, key, err, len);
	bundle_free(&b);
	return rc;
}

TestSuite(bundle_sign, .init = setup, .fini = teardown);

Test(bundle_sign, signed_bundle_verifies_with_public_and_private_key)
{
	write_signed(k1);
	char err[512] = "";
	cr_expect_eq(verify(k1pub, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(verify(k1, err, sizeof(err)), 0, "%s", err);
	struct bundle b;
	cr_assert_eq(bundle_read(bpath, &b, err, sizeof(err)), 0);
	char got[BUNDLE_FPR_LEN], want[BUNDLE_FPR_LEN];
	cr_expect_eq(bundle_signer(&b, got), 1);
	cr_assert_eq(bundle_key_fingerprint(k1pub, want, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(got, want);
	cr_expect_eq(strncmp(got, "SHA256:", 7), 0);
	bundle_free(&b);
}

Test(bundle_sign, unsigned_bundle_is_refused)
{
	struct bundle_section s[1] = {{BSEC_BPF_OBJECT, obj, sizeof(obj)}};
	char err[512];
	cr_assert_eq(bundle_write(bpath, hash, s, 1, err, sizeof(err)), 0);
	cr_expect_eq(verify(k1pub, err, sizeof(err)), -1);
	cr_expect(strstr(err, "not signed"), "%s", err);
	struct bundle b;
	cr_assert_eq(bundle_read(bpath, &b, err, sizeof(err)), 0);
	char fpr[BUNDLE_FPR_LEN];
	cr_expect_eq(bundle_signer(&b, fpr), 0);
	cr_expect_str_eq(fpr, "unsigned");
	bundle_free(&b);
}

Test(bundle_sign, other_key_is_refused)
{
	write_signed(k2);
	char err[512];
	cr_expect_eq(verify(k1pub, err, sizeof(err)), -1);
	cr_expect(strstr(err, "not by the trusted key"), "%s", err);
}

/* Every byte of every signed section matters: flip each one, rewrite the file with correct
 * CRCs and the old signature, and the signature must fail. */
Test(bundle_sign, any_changed_byte_is_refused)
{
	write_signed(k1);
	struct bundle b;
	char err[512];
	cr_assert_eq(bundle_read(bpath, &b, err, sizeof(err)), 0);
	for (size_t si = 0; si < b.nsec; si++) {
		if (b.sec[si].type == BSEC_SIGNATURE)
			continue;
		for (size_t i = 0; i < b.sec[si].len; i++) {
			uint8_t *p = (uint8_t *)b.sec[si].data + i;
			*p ^= 0x01;
			char e2[512];
			cr_assert_eq(bundle_verify_signature(&b, k1pub, e2, sizeof(e2)), -1,
				     "section %zu byte %zu", si, i);
			cr_expect(strstr(e2, "does not match"), "%s", e2);
			*p ^= 0x01;
		}
	}
	/* the source hash too */
	b.source_hash[5] ^= 0x80;
	cr_expect_eq(bundle_verify_signature(&b, k1pub, err, sizeof(err)), -1);
	b.source_hash[5] ^= 0x80;
	cr_expect_eq(bundle_verify_signature(&b, k1pub, err, sizeof(err)), 0, "%s", err);
	/* and a re-written file (CRCs recomputed) with a changed section */
	uint8_t changed[sizeof(obj)];
	memcpy(changed, obj, sizeof(obj));
	changed[3] = 'X';
	struct bundle_section s[3] = {
		{BSEC_BPF_OBJECT, changed, sizeof(changed)}, b.sec[1], b.sec[2]};
	cr_assert_eq(bundle_write(bpath, hash, s, 3, err, sizeof(err)), 0, "%s", err);
	bundle_free(&b);
	cr_expect_eq(verify(k1pub, err, sizeof(err)), -1);
	cr_expect(strstr(err, "does not match"), "%s", err);
}

Test(bundle_sign, public_key_cannot_sign_and_bad_keys_are_named)
{
	struct bundle_section s[1] = {{BSEC_BPF_OBJECT, obj, sizeof(obj)}};
	char err[512];
	cr_expect_eq(bundle_write_signed(bpath, hash, s, 1, k1pub, err, sizeof(err)), -1);
	cr_expect(strstr(err, "cannot sign"), "%s", err);
	cr_expect_eq(access(bpath, F_OK), -1, "nothing written");
	cr_expect_eq(bundle_write_signed(bpath, hash, s, 1, "/nonexistent.pem", err, sizeof(err)),
		     -1);
	cr_expect(strstr(err, "/nonexistent.pem"), "%s", err);
}
