/* bundle_sign.h — Ed25519 signatures of bundles (OpenSSL libcrypto).
 *
 * A signed bundle carries one more section, BSEC_SIGNATURE: the signer's raw 32-byte Ed25519
 * public key followed by the 64-byte signature. What is signed is a SHA-512 digest of a domain
 * string, the bundle's source hash, and every other section in file order as (type as 4 bytes
 * little-endian, length as 8 bytes little-endian, bytes) — so a changed, added, removed or
 * reordered section invalidates the signature even when its CRCs were recomputed.
 *
 * Keys are PEM files as `openssl genpkey -algorithm ed25519` writes them (private) and
 * `openssl pkey -pubout` (public). A key's fingerprint is "SHA256:" and the hex SHA-256 of its raw
 * public key bytes, the same whether computed from the private or the public file.
 */
#ifndef LANNER_BUNDLE_SIGN_H
#define LANNER_BUNDLE_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "bundle.h"

#define BUNDLE_SIG_LEN (32 + 64)
#define BUNDLE_FPR_LEN (7 + 64 + 1) /* "SHA256:" + hex + NUL */

/* Writes the bundle like bundle_write, with a signature section made with the private key in
 * key_path appended. Returns 0, or -1 with a message in err (nothing written). */
int bundle_write_signed(const char *path, const uint8_t source_hash[32],
			const struct bundle_section *secs, size_t n, const char *key_path,
			char *err, size_t errlen);

/* Checks that b is signed by the public (or private) key in trusted_key_path. Returns 0, or -1
 * with a message in err saying which: unsigned, signed by another key (both fingerprints), or a
 * signature that does not match the contents (tampered). */
int bundle_verify_signature(const struct bundle *b, const char *trusted_key_path, char *err,
			    size_t errlen);

/* The signer's fingerprint into out, or "unsigned". Returns 1 when signed, 0 when not. */
int bundle_signer(const struct bundle *b, char out[BUNDLE_FPR_LEN]);

/* The fingerprint of the key in a PEM file (public or private). Returns 0, or -1 with err. */
int bundle_key_fingerprint(const char *key_path, char out[BUNDLE_FPR_LEN], char *err,
			   size_t errlen);

#endif
