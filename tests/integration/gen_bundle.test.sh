#!/usr/bin/env bash
# lanner-gen bundles pass this kernel's verifier: falco_rules.yaml + secret-file (timed: build +
# load must stay under 10 s), and a rules file 10x falco_rules.yaml (tests/gen/make_big_rules.sh).
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 1
B=${BUILD:-build}
if [ "$(id -u)" != 0 ] || [ ! -r /sys/kernel/btf/vmlinux ]; then
	echo "skipped: needs root and BPF"
	exit 77
fi
if ! command -v "${CLANG:-clang}" >/dev/null; then
	echo "skipped: needs clang"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
t0=$(date +%s.%N)
if ! $B/lanner-gen -r ../shared/falco/falco_rules.yaml -r rules/examples/secret-file.yaml \
	-o "$tmp/falco.lnb" 2>"$tmp/gen.log"; then
	echo "FAIL: lanner-gen falco_rules.yaml"; tail -20 "$tmp/gen.log"; exit 1
fi
if ! $B/lanner-gen --load-check "$tmp/falco.lnb"; then
	echo "FAIL: falco_rules.yaml bundle refused by the verifier"; fail=1
fi
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "falco_rules.yaml + secret-file: generate + compile + load in ${secs} s"
if awk -v s="$secs" 'BEGIN { exit !(s >= 10) }'; then
	echo "FAIL: not under 10 s"; fail=1
fi
tests/gen/make_big_rules.sh ../shared/falco/falco_rules.yaml 10 >"$tmp/big.yaml"
if ! $B/lanner-gen -r "$tmp/big.yaml" -o "$tmp/big.lnb" 2>"$tmp/big.log"; then
	echo "FAIL: lanner-gen on the 10x rules file"; tail -20 "$tmp/big.log"; exit 1
fi
if ! $B/lanner-gen --load-check "$tmp/big.lnb"; then
	echo "FAIL: 10x bundle refused by the verifier"; fail=1
fi
# a bundle is refused cleanly when damaged
head -c 1000 "$tmp/falco.lnb" >"$tmp/cut.lnb"
if $B/lanner-gen --load-check "$tmp/cut.lnb" 2>/dev/null; then
	echo "FAIL: truncated bundle accepted"; fail=1
fi
[ $fail = 0 ] && echo "gen_bundle: ok"
exit $fail
