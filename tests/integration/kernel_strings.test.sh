#!/usr/bin/env bash
# kernel_strings.test.sh — `contains` decided in the kernel gives the alerts userspace gives.
# tests/rules/kernel_contains.yaml runs three ways at once on the same actions:
#   K  lanner -r RULES             (contains via the kernel's bpf_strnstr kfunc when it has one)
#   L  same, built with LANNER_GEN_NO_KFUNCS=1 (the bpf_loop scan, for kernels before 6.17)
#   S  lanner -r RULES --ship-all  (every event evaluated in userspace: the reference)
# Each must print exactly the expected alerts: needles in the middle, at the end, past the scan
# window's end (a value longer than the window: the kernel says UNKNOWN, userspace decides),
# near misses that must not alert, a proc.cmdline needle (argv fetched lazily), icontains on
# fd.name and proc.cmdline (ASCII case folding only) and a contains needle over 32 bytes; the
# kernel decides those rules fully (lanner-gen --explain).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
workdir kstr
d=$work/files
mkdir -p "$d" "$work/cache-K" "$work/cache-L" "$work/cache-S"
rules=tests/rules/kernel_contains.yaml
group_start K LANNER_CACHE_DIR="$work/cache-K" -r $rules
group_start L LANNER_CACHE_DIR="$work/cache-L" LANNER_GEN_NO_KFUNCS=1 -r $rules
group_start S LANNER_CACHE_DIR="$work/cache-S" -r $rules --ship-all
group_wait || exit 1

# a directory deep enough that a file name in it starts past the 256-byte scan window
long=$d/$(printf 'p%.0s' $(seq 120))/$(printf 'q%.0s' $(seq 120))
mkdir -p "$long"
touch "$d/alnrNEEDLEb" "$d/lnrNEEDL" "$d/xTAIL.q" "$d/TAIL.q" "$d/TAIL.qx" "$d/TAIL." "$d/TAILxq"
touch "$long/zlnrNEEDLE"
sh -c ': > "$0"' "$d/c1" --lnr-flag
sh -c ': > "$0"' "$d/c2" --lnr-fla
# icontains: ASCII letters folded, other bytes as they are ("ä" is not "Ä")
touch "$d/xLNRCASE-Äy" "$d/lnrcase-Ä" "$d/lnrcase-ä" "$d/lnrcas-Ä"
sh -c ': > "$0"' "$d/c3" --lnr-ICASE
sh -c ': > "$0"' "$d/c4" --lnr-icas
# glob ('*' crosses '/'): three pieces, one star
mkdir -p "$d/gl-a"
touch "$d/gl-a/b-x"
touch "$d/gl-a-x" "$d/gl-a-y" "$d/gl1-only" "$d/xgl1-only" "$d/gl1-onlyx"
# a contains needle longer than 32 bytes
sh -c ': > "$0"' "$d/c5" --lnr-a-needle-longer-than-thirty-two-bytes
sh -c ': > "$0"' "$d/c6" --lnr-a-needle-longer-than-thirty-two-byte
sleep 1
group_stop

expected=$(printf '%s\n' "kstr middle file=$d/alnrNEEDLEb" "kstr tail file=$d/xTAIL.q" \
	"kstr tail file=$d/TAIL.q" "kstr tail file=$d/TAIL.qx" "kstr middle file=$long/zlnrNEEDLE" \
	"kstr cmdline file=$d/c1" "kstr icase file=$d/xLNRCASE-Äy" "kstr icase file=$d/lnrcase-Ä" \
	"kstr icmdline file=$d/c3" "kstr long file=$d/c5" "kstr globp file=$d/gl-a-x" \
	"kstr globp file=$d/gl-a/b-x" "kstr globone file=$d/gl1-only" | sort)
expect_alerts "$expected" 'kstr [a-z]* file=[^ ]*' K L S
kernel_decided "$rules" "kstr icase" "kstr icmdline" "kstr long needle" "kstr glob pieces" "kstr glob one star"
summary kernel_strings
