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
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$d"
}
rm -rf "$d"
mkdir -p "$work/cache-K" "$work/cache-S"
if ! "$gen" -r $rules --emit-c "$work/gen.c" 2>/dev/null || ! grep -q 'LNR_DISPATCH(' "$work/gen.c"; then
	bad "the generated filter has no dispatch"
fi
lanner_bg "$work/K.out" LANNER_CACHE_DIR="$work/cache-K" -r $rules
pids+=("$lpid")
lanner_bg "$work/S.out" LANNER_CACHE_DIR="$work/cache-S" -r $rules --ship-all
pids+=("$lpid")
lpid=""
i=0
for n in K S; do
	if ! wait_attached "$work/$n.out.err" "${pids[$i]}"; then
		bad "lanner ($n) did not start:"
		cat "$work/$n.out.err"
		exit 1
	fi
	i=$((i + 1))
done

mkdir -p "$d"
for f in f1 f2 f3 f4 f5 f6 f7 f8 f9 f10 g1 g2 h c x; do touch "$d/$f"; done
cat "$d/f3" "$d/f8" "$d/g2" "$d/h" "$d/c" >/dev/null
(cd "$d" && touch f1 h) # relative paths: resolved in the kernel
# close's gate compares the file's own name: a bind-mounted file is named by its mount point
echo src >"$d/src"
mounted=0
if mount --bind "$d/src" "$d/f2" 2>/dev/null; then
	mounted=1
	cat "$d/f2" >/dev/null
	umount "$d/f2"
fi
sleep 1
for p in "${pids[@]}"; do kill -INT "$p"; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
pids=()

lines() { grep -o "disp [a-z0-9]* [a-z0-9]* $d/[^ ]* [a-z]*" "$1" | sort; }
k=$(lines "$work/K.out")
s=$(lines "$work/S.out")
if [ -n "$k" ] && [ "$k" = "$s" ]; then
	ok "kernel dispatch and --ship-all: the same $(echo "$k" | wc -l) alerts"
else
	bad "alerts differ (< kernel, > ship-all)"
	diff <(echo "$k") <(echo "$s") | sed 's/^/  /'
fi
has() { # description, regex
	if echo "$k" | grep -qE "$2"; then ok "$1"; else bad "$1: no alert matching $2"; fi
}
hasnt() {
	if echo "$k" | grep -qE "$2"; then bad "$1: an alert matches $2"; else ok "$1"; fi
}
has "f3 (before the prefix rule) alerts as itself" "^disp f3 openat $d/f3 cat$"
has "f8 (after the prefix rule) alerts as the prefix rule" "^disp prefix openat $d/f8 cat$"
hasnt "f8's own rule never wins" "^disp f8 "
has "two constants of one rule" "^disp in openat $d/g2 cat$"
has "a hit whose rule tests more: touch" "^disp and openat $d/h touch$"
hasnt "a hit whose rule tests more: not cat" "^disp and [a-z0-9]* $d/h cat$"
has "shared constant: the first rule" "^disp same1 openat $d/c touch$"
has "shared constant: the second rule on close" "^disp same2 close $d/c touch$"
hasnt "an unwatched file" " $d/x "
has "close of a watched file (the close gate passes it)" "^disp f3 close $d/f3 cat$"
hasnt "close of an unwatched file" "close $d/x "
if [ $mounted = 1 ]; then
	has "close of a file bind-mounted on a watched name" "^disp f2 close $d/f2 cat$"
else
	echo "note: mount --bind failed here: the mount-root case is not checked"
fi
summary kernel_dispatch
