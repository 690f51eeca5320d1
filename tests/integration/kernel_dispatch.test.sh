#!/usr/bin/env bash
# kernel_dispatch.test.sh — the fd.name dispatch (many rules `fd.name = <constant>`, decided by
# one map lookup in the kernel: gen/emit_c.c put_dispatch) gives the alerts userspace gives.
# tests/rules/dispatch.yaml: 10 one-file rules split by a prefix rule that is not part of the
# dispatch (rule_matching first: f1..f5 are before it and win, f6..f10 after it and lose), a
# rule with two constants, one whose kernel part is more than the test (its rule function runs
# on a hit), and two rules sharing a constant (kept out of the dispatch). Run at once as
#   K  lanner -r RULES  and  S  lanner -r RULES --ship-all  (every event decided in userspace);
# the alert lines (rule, event type, file, process) must be the same multiset, and the expected
# rules must appear. (The prefix rule applies to close too, so this set has no close gate:
# kernel_close_gate.test.sh tests that.)
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
workdir kdisp
rules=tests/rules/dispatch.yaml
d=/tmp/lnr-disp
cleanup() { rm -rf "$d"; }
rm -rf "$d"
mkdir -p "$work/cache-K" "$work/cache-S"
if ! "$gen" -r $rules --emit-c "$work/gen.c" 2>/dev/null || ! grep -q 'LNR_DISPATCH(' "$work/gen.c"; then
	bad "the generated filter has no dispatch"
fi
group_start K LANNER_CACHE_DIR="$work/cache-K" -r $rules
group_start S LANNER_CACHE_DIR="$work/cache-S" -r $rules --ship-all
group_wait || exit 1

mkdir -p "$d"
for f in f1 f2 f3 f4 f5 f6 f7 f8 f9 f10 g1 g2 h c x; do touch "$d/$f"; done
cat "$d/f3" "$d/f8" "$d/g2" "$d/h" "$d/c" >/dev/null
(cd "$d" && touch f1 h) # relative paths: resolved in the kernel
sleep 1
group_stop

same_alerts "kernel dispatch and --ship-all" "disp [a-z0-9]* [a-z0-9]* $d/[^ ]* [a-z]*" K S
has_alert "f3 (before the prefix rule) alerts as itself" "^disp f3 openat $d/f3 cat$"
has_alert "f8 (after the prefix rule) alerts as the prefix rule" "^disp prefix openat $d/f8 cat$"
no_alert "f8's own rule never wins" "^disp f8 "
has_alert "two constants of one rule" "^disp in openat $d/g2 cat$"
has_alert "a hit whose rule tests more: touch" "^disp and openat $d/h touch$"
no_alert "a hit whose rule tests more: not cat" "^disp and [a-z0-9]* $d/h cat$"
has_alert "shared constant: the first rule" "^disp same1 openat $d/c touch$"
has_alert "shared constant: the second rule on close" "^disp same2 close $d/c touch$"
no_alert "an unwatched file" " $d/x "
summary kernel_dispatch
