#!/usr/bin/env bash
# Kernel set maps of generated filters, end to end (lanner-gen -o, lanner -b): `in` over a list
# longer than the inline limit (BPF hash), `pmatch` over one (LPM trie over "dir/"), and the
# kernel path resolution (relative paths joined to their base, "//" "." ".." removed), proc.exe /
# proc.args / proc.cmdline rebuilt in the kernel from the process map's argv, and a path
# parameter (unlinkat's name), absolute and relative.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ] || [ ! -r /sys/kernel/btf/vmlinux ] || ! command -v "${CLANG:-clang}" >/dev/null; then
	skip "needs root, BPF and clang"
fi
workdir maps
mkdir -p "$work"/d1 "$work"/d2 "$work"/d3 "$work"/d4 "$work"/d5 "$work"/d6 "$work"/d7 "$work"/d8 "$work"/d9 "$work"/d33
cat >"$work/rules.yaml" <<EOR
- list: t_dirs
  items: [$work/d1, $work/d2, $work/d3, $work/d4, $work/d5, $work/d6, $work/d7, $work/d8, $work/d9]
- list: t_names
  items: [lnrta, lnrtb, lnrtc, lnrtd, lnrte, lnrtf, lnrtg, lnrth, lnrtcat, lnrtj]
- rule: pmatch dirs
  desc: t
  condition: evt.type in (open, openat) and fd.name pmatch (t_dirs) and proc.name = touch
  output: "PMATCH %fd.name"
  priority: WARNING
- rule: names
  desc: t
  condition: evt.type in (open, openat) and proc.name in (t_names) and fd.name startswith $work/c
  output: "NAMES %proc.name %fd.name"
  priority: WARNING
- rule: argv
  desc: t
  condition: evt.type in (open, openat) and proc.exe = $work/lnrtcat and proc.args = "$work/afile -" and proc.cmdline startswith "lnrtcat $work/a" and fd.name = $work/afile
  output: "ARGV %proc.cmdline"
  priority: WARNING
- rule: unlink param
  desc: t
  condition: evt.type = unlinkat and evt.arg.name = $work/victim
  output: "UNLINK %evt.arg.name"
  priority: WARNING
- rule: exec rule
  desc: t
  condition: evt.type = execve and proc.name = lnrtcat and proc.pname exists and proc.args = "$work/afile -"
  output: "EXEC %proc.cmdline"
  priority: WARNING
EOR
if ! "$gen" -r "$work/rules.yaml" -b "$work/b.lnb" 2>"$work/gen.log"; then
	echo "FAIL: lanner-gen"; cat "$work/gen.log"; exit 1
fi
lanner_start "$work/out" -b "$work/b.lnb" -U
sleep 0.5
touch "$work/d3/x" "$work/d33/x" "$work/d9/y" "$work/d1"
touch "$work//d2/z" # not normalised: the kernel normalises it as userspace does
cp /bin/cat "$work/lnrtcat"
touch "$work/cfile"
"$work/lnrtcat" "$work/cfile" >/dev/null
touch "$work/afile"
"$work/lnrtcat" "$work/afile" - </dev/null >/dev/null
cat "$work/cfile" >/dev/null
touch "$work/victim" "$work/other"
rm "$work/victim" "$work/other"
(cd "$work" && touch victim && rm victim) # relative: shipped, joined to Falco's lexical cwd in userspace
sleep 1
lanner_stop
expect() { if grep -qF -- "$1" "$work/out"; then ok "$1"; else bad "missing '$1'"; fi; }
reject() { if grep -qF -- "$1" "$work/out"; then bad "unexpected '$1'"; else ok "no '$1'"; fi; }
expect "PMATCH $work/d3/x"
expect "PMATCH $work/d9/y"
expect "PMATCH $work/d1"
expect "PMATCH $work/d2/z"
reject "PMATCH $work/d33/x"
expect "NAMES lnrtcat $work/cfile"
expect "ARGV lnrtcat $work/afile -"
expect "UNLINK $work/victim"
expect "EXEC lnrtcat $work/afile -"
reject "EXEC lnrtcat $work/cfile"
reject "UNLINK $work/other"
[ "$(grep -c "UNLINK $work/victim" "$work/out")" = 2 ] && ok "relative unlink alerted too" ||
	bad "relative unlink"
reject "NAMES cat"
# the maps decided in the kernel (TRUE), not just shipped: the loader counts those
kd=$(grep -o 'kernel_decided=[0-9]*' "$work/out.err" | head -1 | cut -d= -f2)
if [ -n "$kd" ]; then
	if [ "$kd" -ge 8 ]; then ok "$kd events decided in the kernel"; else
		bad "only ${kd} events decided in the kernel (expected >= 8)"; fi
fi
[ $fails = 0 ] || { echo "--- alerts"; cat "$work/out"; echo "--- stderr"; cat "$work/out.err"; }
[ $fails = 0 ]
