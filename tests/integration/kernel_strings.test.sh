#!/usr/bin/env bash
# kernel_strings.test.sh — `contains` decided in the kernel gives the alerts userspace gives.
# tests/rules/kernel_contains.yaml runs three ways at once on the same actions:
#   K  lanner -r RULES             (contains via the kernel's bpf_strnstr kfunc when it has one)
#   L  same, built with LANNER_GEN_NO_KFUNCS=1 (the bpf_loop scan, for kernels before 6.17)
#   S  lanner -r RULES --ship-all  (every event evaluated in userspace: the reference)
# Each must print exactly the expected alerts; needles in the middle, at the end, split over
# the scan window's end (a value longer than the window: the kernel says UNKNOWN, userspace
# decides), near misses that must not alert.
set -u
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 1
lanner=$root/build/lanner
if [ "$(id -u)" != 0 ]; then echo "skipped: needs root (BPF)"; exit 77; fi
if [ ! -r /sys/kernel/btf/vmlinux ]; then echo "skipped: kernel has no BTF"; exit 77; fi
if ! command -v clang >/dev/null; then echo "skipped: no clang (the rules must be compiled)"; exit 77; fi
[ -x "$lanner" ] || { echo "FAIL: build/lanner not built"; exit 1; }

tmp=$(mktemp -d /tmp/lanner-kstrt.XXXXXX)
d=$(mktemp -d /tmp/lanner-kstr.XXXXXX)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp" "$d"; }
trap cleanup EXIT
rules=tests/rules/kernel_contains.yaml
fails=0

start() { # name, env assignments..., -- lanner args...
	local name=$1; shift
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" LANNER_CACHE_DIR="$tmp/cache-$name" "$lanner" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pids="$pids $!"
	echo $! >"$tmp/$name.pid"
}
wait_attached() {
	for n in "$@"; do
		for _ in $(seq 900); do
			grep -q 'attached in' "$tmp/$n.err" 2>/dev/null && continue 2
			kill -0 "$(cat "$tmp/$n.pid")" 2>/dev/null || break
			sleep 0.1
		done
		echo "FAIL: lanner ($n) did not start:"; cat "$tmp/$n.err"; exit 1
	done
}
mkdir -p "$tmp/cache-K" "$tmp/cache-L" "$tmp/cache-S"
start K -- -r $rules
start L LANNER_GEN_NO_KFUNCS=1 -- -r $rules
start S -- -r $rules --ship-all
wait_attached K L S

# a directory deep enough that a file name in it starts past the 256-byte scan window
long=$d/$(printf 'p%.0s' $(seq 120))/$(printf 'q%.0s' $(seq 120))
mkdir -p "$long"
touch "$d/alnrNEEDLEb" "$d/lnrNEEDL" "$d/xTAIL.q" "$d/TAIL.q" "$d/TAIL.qx" "$d/TAIL." "$d/TAILxq"
touch "$long/zlnrNEEDLE"
sh -c ': > "$0"' "$d/c1" --lnr-flag
sh -c ': > "$0"' "$d/c2" --lnr-fla
sleep 1
for n in K L S; do kill -INT "$(cat "$tmp/$n.pid")"; done
for n in K L S; do wait "$(cat "$tmp/$n.pid")" 2>/dev/null; done
pids=""

expected=$(printf '%s\n' "kstr middle file=$d/alnrNEEDLEb" "kstr tail file=$d/xTAIL.q" \
	"kstr tail file=$d/TAIL.q" "kstr tail file=$d/TAIL.qx" "kstr middle file=$long/zlnrNEEDLE" \
	"kstr cmdline file=$d/c1" | sort)
for n in K L S; do
	got=$(grep -o 'kstr [a-z]* file=[^ ]*' "$tmp/$n.out" | sort)
	if [ "$got" = "$expected" ]; then
		echo "ok: $n: the 6 expected alerts, nothing else"
	else
		echo "FAIL: $n alerts differ"; diff <(echo "$expected") <(echo "$got") | sed 's/^/  /'
		fails=$((fails + 1))
	fi
done
[ $fails = 0 ] && echo "kernel_strings: all checks passed"
[ $fails = 0 ]
