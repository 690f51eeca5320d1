#!/usr/bin/env bash
# Kernel set maps of generated filters, end to end (lanner-gen -o, lanner -b): `in` over a list
# longer than the inline limit (BPF hash), `pmatch` over one (LPM trie over "dir/"), and the
# kernel path resolution (relative paths joined to their base, "//" "." ".." removed), proc.exe /
# proc.args / proc.cmdline rebuilt in the kernel from the process map's argv, and a path
# parameter (unlinkat's name), absolute and relative.
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 1
B=${BUILD:-build}
if [ "$(id -u)" != 0 ] || [ ! -r /sys/kernel/btf/vmlinux ] || ! command -v "${CLANG:-clang}" >/dev/null; then
	echo "skipped: needs root, BPF and clang"
	exit 77
fi
t=$(mktemp -d /tmp/lnrmaps.XXXXXX)
trap 'kill $pid 2>/dev/null; rm -rf "$t"' EXIT
mkdir -p "$t"/d1 "$t"/d2 "$t"/d3 "$t"/d4 "$t"/d5 "$t"/d6 "$t"/d7 "$t"/d8 "$t"/d9 "$t"/d33
cat >"$t/rules.yaml" <<EOR
- list: t_dirs
  items: [$t/d1, $t/d2, $t/d3, $t/d4, $t/d5, $t/d6, $t/d7, $t/d8, $t/d9]
- list: t_names
  items: [lnrta, lnrtb, lnrtc, lnrtd, lnrte, lnrtf, lnrtg, lnrth, lnrtcat, lnrtj]
- rule: pmatch dirs
  desc: t
  condition: evt.type in (open, openat) and fd.name pmatch (t_dirs) and proc.name = touch
  output: "PMATCH %fd.name"
  priority: WARNING
- rule: names
  desc: t
  condition: evt.type in (open, openat) and proc.name in (t_names) and fd.name startswith $t/c
  output: "NAMES %proc.name %fd.name"
  priority: WARNING
- rule: argv
  desc: t
  condition: evt.type in (open, openat) and proc.exe = $t/lnrtcat and proc.args = "$t/afile -" and proc.cmdline startswith "lnrtcat $t/a" and fd.name = $t/afile
  output: "ARGV %proc.cmdline"
  priority: WARNING
- rule: unlink param
  desc: t
  condition: evt.type = unlinkat and evt.arg.name = $t/victim
  output: "UNLINK %evt.arg.name"
  priority: WARNING
- rule: exec rule
  desc: t
  condition: evt.type = execve and proc.name = lnrtcat and proc.pname exists and proc.args = "$t/afile -"
  output: "EXEC %proc.cmdline"
  priority: WARNING
EOR
if ! $B/lanner-gen -r "$t/rules.yaml" -o "$t/b.lnb" 2>"$t/gen.log"; then
	echo "FAIL: lanner-gen"; cat "$t/gen.log"; exit 1
fi
$B/lanner -b "$t/b.lnb" -U >"$t/out" 2>"$t/err" &
pid=$!
for _ in $(seq 1 50); do grep -q "attached" "$t/err" 2>/dev/null && break; sleep 0.2; done
sleep 0.5
touch "$t/d3/x" "$t/d33/x" "$t/d9/y" "$t/d1"
touch "$t//d2/z" # not normalised: the kernel normalises it as userspace does
cp /bin/cat "$t/lnrtcat"
touch "$t/cfile"
"$t/lnrtcat" "$t/cfile" >/dev/null
touch "$t/afile"
"$t/lnrtcat" "$t/afile" - </dev/null >/dev/null
cat "$t/cfile" >/dev/null
touch "$t/victim" "$t/other"
rm "$t/victim" "$t/other"
(cd "$t" && touch victim && rm victim) # relative: joined to the cwd in the kernel
sleep 1
kill -INT $pid; wait $pid 2>/dev/null
fail=0
expect() { if grep -qF -- "$1" "$t/out"; then echo "ok: $1"; else echo "FAIL: missing '$1'"; fail=1; fi; }
reject() { if grep -qF -- "$1" "$t/out"; then echo "FAIL: unexpected '$1'"; fail=1; else echo "ok: no '$1'"; fi; }
expect "PMATCH $t/d3/x"
expect "PMATCH $t/d9/y"
expect "PMATCH $t/d1"
expect "PMATCH $t/d2/z"
reject "PMATCH $t/d33/x"
expect "NAMES lnrtcat $t/cfile"
expect "ARGV lnrtcat $t/afile -"
expect "UNLINK $t/victim"
expect "EXEC lnrtcat $t/afile -"
reject "EXEC lnrtcat $t/cfile"
reject "UNLINK $t/other"
[ "$(grep -c "UNLINK $t/victim" "$t/out")" = 2 ] && echo "ok: relative unlink alerted too" ||
	{ echo "FAIL: relative unlink"; fail=1; }
reject "NAMES cat"
# the maps decided in the kernel (TRUE), not just shipped: the loader counts those
kd=$(grep -o 'kernel_decided=[0-9]*' "$t/err" | head -1 | cut -d= -f2)
if [ -n "$kd" ]; then
	if [ "$kd" -ge 9 ]; then echo "ok: $kd events decided in the kernel"; else
		echo "FAIL: only ${kd} events decided in the kernel (expected >= 9)"; fail=1; fi
fi
[ $fail = 0 ] || { echo "--- alerts"; cat "$t/out"; echo "--- stderr"; cat "$t/err"; }
exit $fail
