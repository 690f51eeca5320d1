#!/usr/bin/env bash
# lanner-gen at scale, end to end: a program over the kernel's 256-function limit is planned with
# its leaves inlined, verifies and alerts; without that (LANNER_GEN_NO_INLINE=1, tests only) the
# verifier refuses it before anything is written and the message names the program, the rule and
# what to do; --no-verify writes it anyway; the limits on generated C (per rule and in all) and
# on clang's time end with an error naming the rule, exit 1; a 10,000-`and` condition ends within
# 10 s with an error.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ] || [ ! -r /sys/kernel/btf/vmlinux ] || ! command -v "${CLANG:-clang}" >/dev/null; then
	skip "needs root, BPF and clang"
fi
workdir genverify

# one rule with 300 distinct leaves on openat (one function each would be 300 > 256)
{
	printf -- '- rule: many leaves\n  desc: t\n  condition: evt.type = openat and proc.name = touch and ('
	for i in $(seq 0 299); do
		[ "$i" -gt 0 ] && printf ' or '
		printf 'fd.name startswith %s/d%d/' "$work" "$i"
	done
	printf ')\n  output: "MANY %%fd.name"\n  priority: WARNING\n'
} >"$work/many.yaml"

if "$gen" -q -r "$work/many.yaml" -b "$work/many.lnb" 2>"$work/many.err"; then
	ok "300 leaves on openat: built and verified (leaves inlined)"
else
	bad "300 leaves on openat: $(tail -3 "$work/many.err")"
fi
if [ -s "$work/many.lnb" ]; then
	mkdir -p "$work/d7"
	"$lanner" -b "$work/many.lnb" -U >"$work/run.out" 2>"$work/run.err" &
	lpid=$!
	for _ in $(seq 1 300); do grep -q 'attached' "$work/run.err" 2>/dev/null && break; sleep 0.1; done
	touch "$work/d7/x" "$work/nomatch"
	sleep 1
	kill -INT "$lpid"
	wait "$lpid" 2>/dev/null
	lpid=""
	if grep -q "MANY $work/d7/x" "$work/run.out" && ! grep -q "MANY $work/nomatch" "$work/run.out"; then
		ok "the inlined program alerts on its file only"
	else
		bad "inlined program alerts: $(head -3 "$work/run.out") / $(tail -2 "$work/run.err")"
	fi
fi

rm -f "$work/refused.lnb"
if LANNER_GEN_NO_INLINE=1 "$gen" -q -r "$work/many.yaml" -b "$work/refused.lnb" 2>"$work/refused.err"; then
	bad "without inlining the verifier accepted 300 functions"
else
	ok "without inlining: refused, exit 1"
fi
[ ! -e "$work/refused.lnb" ] && ok "nothing written when the verifier refuses" || bad "a refused bundle was written"
for want in "lnr_x_openat" "openat" "'many leaves'" "--no-verify" "too many subprograms"; do
	grep -q -- "$want" "$work/refused.err" && ok "refusal message names $want" || bad "refusal message lacks $want: $(head -12 "$work/refused.err")"
done
if LANNER_GEN_NO_INLINE=1 "$gen" -q -r "$work/many.yaml" -b "$work/unchecked.lnb" --no-verify 2>/dev/null && [ -s "$work/unchecked.lnb" ]; then
	ok "--no-verify writes the bundle"
else
	bad "--no-verify did not write the bundle"
fi

# limits
if LANNER_GEN_MAX_C_BYTES=1000 "$gen" -q -r "$work/many.yaml" -b "$work/l1.lnb" 2>"$work/l1.err"; then
	bad "C size limit not applied"
else
	grep -q "over the limit of 1000" "$work/l1.err" && grep -q "'many leaves'" "$work/l1.err" &&
		ok "C size limit: $(head -1 "$work/l1.err" | cut -c1-120)..." || bad "C size limit message: $(cat "$work/l1.err")"
fi
printf '#!/bin/sh\nsleep 60\n' >"$work/slowclang"
chmod +x "$work/slowclang"
s=$(date +%s)
if CLANG=$work/slowclang LANNER_GEN_CLANG_TIMEOUT=2 "$gen" -q -r "$work/many.yaml" -b "$work/l2.lnb" 2>"$work/l2.err"; then
	bad "clang timeout not applied"
else
	e=$(($(date +%s) - s))
	grep -q "did not finish within 2 s" "$work/l2.err" && [ "$e" -lt 10 ] &&
		ok "clang timeout: error after ${e}s" || bad "clang timeout (${e}s): $(cat "$work/l2.err")"
fi
{
	printf -- '- rule: big and\n  desc: t\n  condition: evt.type = openat'
	for i in $(seq 0 9999); do printf ' and fd.name != /x%d' "$i"; done
	printf '\n  output: o\n  priority: WARNING\n'
} >"$work/and.yaml"
s=$(date +%s)
timeout 60 "$gen" -q -r "$work/and.yaml" -b "$work/and.lnb" 2>"$work/and.err"
rc=$?
e=$(($(date +%s) - s))
if [ "$rc" = 1 ] && [ "$e" -le 10 ] && grep -q "big and" "$work/and.err"; then
	ok "10,000 ands: error in ${e}s: $(grep -m1 error "$work/and.err" | cut -c1-110)..."
else
	bad "10,000 ands: exit $rc after ${e}s: $(tail -2 "$work/and.err")"
fi
summary gen_verify
