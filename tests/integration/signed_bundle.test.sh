#!/usr/bin/env bash
# Signed bundles end to end: lanner-gen --sign writes a bundle whose signer --show-bundle names;
# lanner -b with lanner.trusted_key loads it, and refuses (exit 1, a clear message) an unsigned
# bundle, one signed by another key, and one with a byte flipped (either caught by the CRC, or,
# with the CRCs recomputed, by the signature — the unit tests cover that case byte by byte).
. "$(dirname "$0")/lib.sh"
need_root
need_btf
command -v openssl >/dev/null || skip "no openssl command"
workdir signed
openssl genpkey -algorithm ed25519 -out "$work/k1.pem" 2>/dev/null
openssl pkey -in "$work/k1.pem" -pubout -out "$work/k1.pub" 2>/dev/null
openssl genpkey -algorithm ed25519 -out "$work/k2.pem" 2>/dev/null
rules=rules/examples/secret-file.yaml

"$gen" -q -r $rules -b "$work/signed.lnb" --sign "$work/k1.pem" 2>"$work/gen.err" ||
	{ cat "$work/gen.err"; bad "lanner-gen --sign"; }
"$gen" -q -r $rules -b "$work/other.lnb" --sign "$work/k2.pem" --no-verify 2>/dev/null ||
	bad "lanner-gen --sign (second key)"
"$gen" -q -r $rules -b "$work/unsigned.lnb" --no-verify 2>/dev/null || bad "lanner-gen unsigned"

# the fingerprint: SHA-256 of the raw 32-byte public key (the DER's last 32 bytes)
want="SHA256:$(openssl pkey -pubin -in "$work/k1.pub" -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1)"
got=$("$gen" --show-bundle "$work/signed.lnb" | awk '/^signed by:/ {print $3}')
check "--show-bundle names the signer's key" "$want" "$got"
check "--show-bundle says unsigned" "unsigned" \
	"$("$gen" --show-bundle "$work/unsigned.lnb" | awk '/^signed by:/ {print $3}')"

run() { # NAME BUNDLE: lanner --dry-run with the trusted key; exit status in $rc, stderr in NAME.err
	"$lanner" -b "$2" -o lanner.trusted_key="$work/k1.pub" --dry-run >"$work/$1.out" 2>"$work/$1.err"
	rc=$?
}
run good "$work/signed.lnb"
check "the signed bundle loads (exit)" 0 "$rc"
grep -q 'loaded and attached' "$work/good.err" && ok "signed bundle attached" ||
	{ bad "signed bundle did not attach"; cat "$work/good.err"; }

refused() { # NAME BUNDLE ERE
	run "$1" "$2"
	check "$1: refused with exit 1" 1 "$rc"
	if grep -qE "$3" "$work/$1.err"; then ok "$1: says why"; else
		bad "$1: message does not match '$3'"
		cat "$work/$1.err"
	fi
	grep -q 'loaded and attached' "$work/$1.err" && bad "$1: attached anyway"
}
refused unsigned "$work/unsigned.lnb" 'refused: the bundle is not signed'
refused other-key "$work/other.lnb" 'refused: the bundle is signed by SHA256:[0-9a-f]+, not by the trusted key'
# flip one byte in the middle of the BPF object
cp "$work/signed.lnb" "$work/flipped.lnb"
size=$(stat -c %s "$work/flipped.lnb")
off=$((size / 2))
b=$(od -An -tu1 -j "$off" -N1 "$work/flipped.lnb" | tr -d ' ')
printf "$(printf '\\%03o' $(((b ^ 1) & 255)))" | dd of="$work/flipped.lnb" bs=1 seek="$off" conv=notrunc 2>/dev/null
refused flipped "$work/flipped.lnb" 'corrupt|checksum|CRC|does not match'

# without a trusted key, any bundle loads as before
"$lanner" -b "$work/unsigned.lnb" --dry-run >/dev/null 2>"$work/nokey.err"
check "no trusted key: unsigned bundle still loads" 0 "$?"
summary signed_bundle
