#!/usr/bin/env bash
# fields_paths_deep.test.sh — fd.name of paths deeper than 64 components (the kernel's path walk
# used to stop there and userspace joined the cut walk as if whole). Falco's fd.name is the whole
# path at any depth up to PATH_MAX:
#   - `touch` of a file 70 directories deep, by its absolute path and from its directory: 4
#     alerts each (openat, dup2, close, close), as Falco (OBSERVED.md: touch → 4);
#   - `cd` 70 levels down in a home and `cat ../../…/.ssh/id_rsa`: caught by
#     `fd.name glob /home/*/.ssh/*` (Falco: openat, newfstatat, close);
#   - a path of 1,500 components (3,000 bytes): the same 4 alerts.
# Each action runs under K `lanner -r RULES` (in-kernel filters) and S `--ship-all` at the same
# time; both must give exactly the expected alerts.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
workdir pdeep
top=/tmp/lnr-pdeep.$$
home=/home/lnr-pdeep-$$
cleanup() { rm -rf "$top" "$home"; }

deep=$top
for _ in $(seq 70); do deep=$deep/d; done
vdeep=$top/v
for _ in $(seq 1500); do vdeep=$vdeep/v; done
hdeep=$home/w
for _ in $(seq 69); do hdeep=$hdeep/w; done
up=""
for _ in $(seq 70); do up=$up../; done
mkdir -p "$deep" "$vdeep" "$hdeep" "$home/.ssh"
echo key >"$home/.ssh/id_rsa"

rules=$work/rules.yaml
cat >"$rules" <<EOF
- rule: deep file
  desc: a file 70 directories deep
  condition: fd.name = $deep/f70 and evt.dir = <
  output: "deep70 %evt.type %fd.name %proc.cmdline"
  priority: WARNING
- rule: very deep file
  desc: a file 1501 directories deep
  condition: fd.name = $vdeep/f1500 and evt.dir = <
  output: "deep1500 %evt.type %fd.name %proc.cmdline"
  priority: WARNING
- rule: ssh key
  desc: Falco's kind of test on private keys
  condition: fd.name glob /home/*/.ssh/* and evt.dir = <
  output: "sshkey %evt.type %fd.name %proc.cmdline"
  priority: WARNING
EOF
mkdir -p "$work/cache-K" "$work/cache-S"
group_start K LANNER_CACHE_DIR="$work/cache-K" -r "$rules"
group_start S LANNER_CACHE_DIR="$work/cache-S" -r "$rules" --ship-all
group_wait || exit 1
touch "$deep/f70"
(cd "$deep" && touch f70)
touch "$vdeep/f1500"
(cd "$hdeep" && cat "${up}.ssh/id_rsa" >/dev/null)
sleep 1
group_stop

for m in K S; do
	got() { grep -cE "^[0-9:. ]*Warning $1 container_id=" "$work/$m.out"; }
	for ev in openat dup2 close; do
		n=2
		[ $ev = close ] && n=4
		check "$m: touch of the 70-deep file (twice): $ev" $n "$(got "deep70 $ev $deep/f70 touch [^ ]*f70")"
		n=1
		[ $ev = close ] && n=2
		check "$m: touch of the 1501-deep file: $ev" $n "$(got "deep1500 $ev $vdeep/f1500 touch $vdeep/f1500")"
	done
	for ev in openat newfstatat close; do
		check "$m: cat ../…/.ssh/id_rsa from 70 deep: $ev" 1 "$(got "sshkey $ev $home/.ssh/id_rsa cat ${up}.ssh/id_rsa")"
	done
done
# only this test's actions (touch, cat): other tests may touch files in homes meanwhile
same_alerts "kernel and --ship-all" "(deep70|deep1500|sshkey) [a-z0-9]+ [^ ]+ (touch|cat) [^ ]+" K S
if grep -q 'paths_too_deep=[1-9]' "$work/K.out.err" "$work/S.out.err"; then
	bad "a path walk hit the component bound: $(grep -ho 'paths_too_deep=[0-9]*' "$work/K.out.err" "$work/S.out.err" | tr '\n' ' ')"
else
	ok "no path walk cut by the component bound"
fi
summary fields_paths_deep
