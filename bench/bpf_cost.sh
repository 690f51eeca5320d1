#!/usr/bin/env bash
# bench/bpf_cost.sh — what Lanner's BPF programs cost per run, from the kernel's own accounting
# (kernel.bpf_stats_enabled: run_cnt, run_time_ns per program), during the open storm. Wall-clock
# ratios on this 2-core VM move by ±30 % between runs (bench/results/latest.md); this counts
# only the programs' own execution (the tracepoint trampolines, which the floor also pays, are
# not in it), so small differences between rule sets show.
#   bench/bpf_cost.sh [ROUNDS]   (root; default 5 rounds; writes bench/results/bpf_cost.md)
# Sets: falco_rules.yaml + secret-file.yaml, and 1 / 1000 generated secret-file rules (as the
# scaling run of bench/run.sh). Per set and round: ns/run of lnr_sys_enter and lnr_sys_exit
# (the exit includes the tail-called per-syscall program and the generated filter).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
rounds=${1:-5}
B=${BUILD:-build}
N=${BPF_COST_OPS:-400000}
[ "$(id -u)" = 0 ] || { echo "bpf_cost: needs root" >&2; exit 1; }
command -v bpftool >/dev/null && command -v python3 >/dev/null || { echo "bpf_cost: needs bpftool and python3" >&2; exit 1; }
[ -x "$B/bench/open_storm" ] || { echo "bpf_cost: run make bench-bin first" >&2; exit 1; }
tmp=$(mktemp -d /tmp/lanner-bpfcost.XXXXXX)
lp=""
old=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() { [ -n "$lp" ] && kill "$lp" 2>/dev/null; sysctl -qw kernel.bpf_stats_enabled="$old"; rm -rf "$tmp"; }
trap cleanup EXIT
eval "$(sed -n '/^gen_rules()/,/^}/p' bench/run.sh)"
gen_rules 1 "$tmp/r1.yaml"
gen_rules 1000 "$tmp/r1000.yaml"
falco=$root/../shared/falco/falco_rules.yaml
sets=("falco_rules+secret-file" "1 rule" "1000 rules")
"$B/lanner-gen" -r "$falco" -r rules/examples/secret-file.yaml -b "$tmp/s0.lnb" 2>/dev/null &&
	"$B/lanner-gen" -r "$tmp/r1.yaml" -b "$tmp/s1.lnb" 2>/dev/null &&
	"$B/lanner-gen" -r "$tmp/r1000.yaml" -b "$tmp/s2.lnb" 2>/dev/null ||
	{ echo "bpf_cost: lanner-gen failed" >&2; exit 1; }
measure() { # bundle → "enter exit" ns/run of this lanner's programs
	"$B/lanner" -b "$1" >/dev/null 2>"$tmp/err" &
	lp=$!
	for _ in $(seq 300); do grep -q 'attached in' "$tmp/err" && break; sleep 0.1; done
	# this agent's programs: the newest of each name (ids grow; nothing else loads meanwhile)
	local ids
	ids=$(bpftool prog show -j | python3 -c '
import json,sys
best={}
for p in json.load(sys.stdin):
    n=p.get("name")
    if n in ("lnr_sys_enter","lnr_sys_exit") and p["id"]>best.get(n,-1): best[n]=p["id"]
print(" ".join(str(v) for v in best.values()))')
	sysctl -qw kernel.bpf_stats_enabled=1
	bpftool prog show -j >"$tmp/a.json"
	"$B/bench/open_storm" "$N" >/dev/null
	bpftool prog show -j >"$tmp/b.json"
	sysctl -qw kernel.bpf_stats_enabled="$old"
	kill -INT "$lp"; wait "$lp" 2>/dev/null; lp=""
	python3 - "$tmp/a.json" "$tmp/b.json" "$ids" <<'PY'
import json,sys
a={p["id"]:p for p in json.load(open(sys.argv[1]))}
ids={int(x) for x in sys.argv[3].split()}
r={}
for p in json.load(open(sys.argv[2])):
    if p["id"] not in ids or p.get("name") not in ("lnr_sys_enter","lnr_sys_exit"): continue
    q=a.get(p["id"],{})
    n=p.get("run_cnt",0)-q.get("run_cnt",0); t=p.get("run_time_ns",0)-q.get("run_time_ns",0)
    r[p["name"]]=t/n if n else 0
print("%.0f %.0f"%(r.get("lnr_sys_enter",0),r.get("lnr_sys_exit",0)))
PY
}
out=bench/results/bpf_cost.md
{
	echo "# BPF cost per run, open storm ($N openat+close), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null)"
	echo
	echo "From kernel.bpf_stats_enabled (run_time_ns / run_cnt of this agent's programs), $rounds rounds interleaved. \`bench/bpf_cost.sh\`."
	echo
	echo "| rule set | round | lnr_sys_enter ns/run | lnr_sys_exit ns/run | per syscall (enter + exit) ns |"
	echo "|---|---|---|---|---|"
} >"$out"
for r in $(seq "$rounds"); do
	for i in 0 1 2; do
		read -r en ex < <(measure "$tmp/s$i.lnb")
		echo "| ${sets[$i]} | $r | $en | $ex | $((en + ex)) |" | tee -a "$out"
	done
done
# medians per set, and per round the ratio 1000 rules / 1 rule (same round: same CPU speed; this
# VM's speed itself drifts by tens of percent between rounds)
python3 - "$out" >>"$out" <<'PY'
import sys, statistics as st
rows = [l.split("|")[1:-1] for l in open(sys.argv[1]) if l.startswith("| ") and "round" not in l]
per = {}
for r in rows:
    per.setdefault(r[0].strip(), {})[int(r[1])] = int(r[4])
print("\n| rule set | median per syscall ns | min–max |\n|---|---|---|")
for k, v in per.items():
    x = list(v.values())
    print(f"| {k} | {st.median(x):.0f} | {min(x)}–{max(x)} |")
one, thou = per.get("1 rule", {}), per.get("1000 rules", {})
ratios = [thou[r] / one[r] for r in one if r in thou and one[r]]
if ratios:
    print(f"\n1000 rules / 1 rule, per round: {', '.join(f'{x:.2f}' for x in ratios)}; "
          f"median {st.median(ratios):.2f}")
PY
echo "wrote $out"
