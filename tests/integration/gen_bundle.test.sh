#!/usr/bin/env bash
# lanner-gen bundles pass this kernel's verifier: falco_rules.yaml + secret-file (the build + load
# time is printed, not asserted: tests never assert on timings; bench/ measures it), and a rules
# file 10x falco_rules.yaml (tests/gen/make_big_rules.sh).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ] || [ ! -r /sys/kernel/btf/vmlinux ]; then skip "needs root and BPF"; fi
command -v "${CLANG:-clang}" >/dev/null || skip "needs clang"
workdir gen-bundle
start_s=$(date +%s.%N)
if ! "$gen" -r ../shared/falco/falco_rules.yaml -r rules/examples/secret-file.yaml \
	-o "$work/falco.lnb" 2>"$work/gen.log"; then
	echo "FAIL: lanner-gen falco_rules.yaml"; tail -20 "$work/gen.log"; exit 1
fi
if ! "$gen" --load-check "$work/falco.lnb"; then
	bad "falco_rules.yaml bundle refused by the verifier"
fi
end_s=$(date +%s.%N)
secs=$(awk -v a="$start_s" -v b="$end_s" 'BEGIN { printf "%.2f", b - a }')
echo "falco_rules.yaml + secret-file: generate + compile + load in ${secs} s"
tests/gen/make_big_rules.sh ../shared/falco/falco_rules.yaml 10 >"$work/big.yaml"
if ! "$gen" -r "$work/big.yaml" -b "$work/big.lnb" 2>"$work/big.log"; then
	echo "FAIL: lanner-gen on the 10x rules file"; tail -20 "$work/big.log"; exit 1
fi
if ! "$gen" --load-check "$work/big.lnb"; then
	bad "10x bundle refused by the verifier"
fi
# a bundle is refused cleanly when damaged
head -c 1000 "$work/falco.lnb" >"$work/cut.lnb"
if "$gen" --load-check "$work/cut.lnb" 2>/dev/null; then
	bad "truncated bundle accepted"
fi
[ $fails = 0 ] && echo "gen_bundle: ok"
[ $fails = 0 ]
