#!/usr/bin/env bash
# bench/compare.sh — do benchmark runs agree? Reads the JSON reports of several `make bench` runs
# (three, as the benchmark's target asks) and prints, per workload × mode × figure, each run's
# centre (its "center": the trimmed mean over the samples; "median" in reports from before it), and
# its standard error where the report has one, the spread across the runs ((max − min) as % of their mean, and the largest deviation
# from the mean) and whether every run lies within ±5 % of the mean — or, for a figure near zero,
# within the figure's absolute floor (its resolution, written by report.awk: e.g. 0.05 points of
# agent CPU %). Exit status: 0 when every deciding figure agrees, 1 otherwise, 2 on bad input.
#   bench/compare.sh [A.json B.json C.json …] [--all] [--last N] [--dir DIR]
# Without files: the newest N (3) full reports in DIR (bench/results/runs; quick runs are skipped).
# --all: the context figures too. BENCH_TOLERANCE_PCT=5.
set -u
all=0 last=3 dir=bench/results/runs
files=()
while [ $# -gt 0 ]; do
	case $1 in
	--all) all=1 ;;
	--last) last=${2:?--last N} && shift ;;
	--dir) dir=${2:?--dir DIR} && shift ;;
	-h | --help)
		sed -n '2,10p' "$0"
		exit 0
		;;
	*) files+=("$1") ;;
	esac
	shift
done
if [ "${#files[@]}" = 0 ]; then
	cd "$(dirname "$0")/.." || exit 2
	# the names start with the UTC time: their order is the runs' order
	all_files=()
	for f in "$dir"/*.json; do
		case $f in *-quick.json) ;; *) [ -e "$f" ] && all_files+=("$f") ;; esac
	done
	mapfile -t files < <(printf '%s\n' "${all_files[@]}" | grep -v '^$' | sort | tail -n "$last")
fi
[ "${#files[@]}" -ge 2 ] || {
	echo "usage: bench/compare.sh [A.json B.json …] [--all] [--last N] [--dir DIR] (found ${#files[@]} report(s) in $dir)" >&2
	exit 2
}
command -v python3 >/dev/null || {
	echo "compare.sh: needs python3" >&2
	exit 2
}
exec python3 - "$all" "${BENCH_TOLERANCE_PCT:-5}" "${files[@]}" <<'PY'
import json, sys

show_all, tol = sys.argv[1] == "1", float(sys.argv[2])
runs = []
for path in sys.argv[3:]:
    try:
        with open(path) as f:
            runs.append((path, json.load(f)))
    except (OSError, ValueError) as e:
        print(f"compare.sh: {path}: {e}", file=sys.stderr)
        sys.exit(2)
    if "figures" not in runs[-1][1]:
        print(f"compare.sh: {path}: no \"figures\" (a report from before bench/compare.sh existed)", file=sys.stderr)
        sys.exit(2)

for path, r in runs:
    m = r["meta"]
    print(f"{path}: {m.get('date')} commit {m.get('commit')} rounds {m.get('rounds')} "
          f"samples/session {m.get('samples_per_session') or 1} centre {m.get('center', 'median')} "
          f"load {m.get('loadavg_start')} → {m.get('loadavg_end')}{' QUICK' if m.get('quick') else ''}"
          f"{' BUDGET-EXHAUSTED' if m.get('budget_exhausted') else ''}"
          f"{' OTHER-AGENTS: ' + m['other_agents'] if m.get('other_agents') else ''}")
print()

keys, seen = [], {}
for i, (_, r) in enumerate(runs):
    for f in r["figures"]:
        k = (f["workload"], f["mode"], f["figure"])
        if k not in seen:
            seen[k] = [None] * len(runs)
            keys.append((k, f))
        seen[k][i] = f

bad = ok = 0
hdr = f"{'workload':<12} {'mode':<9} {'figure':<44} " + " ".join(f"{'run' + str(i + 1):>11}" for i in range(len(runs))) \
    + f" {'spread':>8} {'max dev':>8} {'max se':>7}  verdict"
print(hdr)
print("-" * len(hdr))
for (k, f0) in keys:
    if not f0["deciding"] and not show_all:
        continue
    fs = seen[k]
    vals = [(f.get("center", f["median"]) if f else None) for f in fs]
    ses = [f.get("center_se_pct") for f in fs if f]
    label = f0["label"] + ("" if f0["deciding"] else " (context)")
    cells = " ".join(f"{v:>11.4g}" if v is not None else f"{'—':>11}" for v in vals)
    if any(v is None for v in vals):
        verdict, spread, dev = "MISSING in a run", "", ""
        bad += f0["deciding"]
    else:
        mean = sum(vals) / len(vals)
        floor = max((f["floor"] or 0) for f in fs)
        maxdev = max(abs(v - mean) for v in vals)
        spread = f"{100 * (max(vals) - min(vals)) / abs(mean):7.1f}%" if mean else "      —"
        dev = f"{100 * maxdev / abs(mean):7.1f}%" if mean else "      —"
        if mean and maxdev <= tol / 100 * abs(mean):
            verdict = f"within ±{tol:g} %"
        elif maxdev <= floor:
            verdict = f"within the floor (±{floor:.3g})"
        else:
            verdict = f"OUTSIDE ±{tol:g} %"
        if verdict.startswith("OUTSIDE"):
            bad += f0["deciding"]
        else:
            ok += f0["deciding"]
    se = max((x for x in ses if x is not None), default=None)
    print(f"{k[0]:<12} {k[1]:<9} {label[:44]:<44} {cells} {spread:>8} {dev:>8} {('±%.1f%%' % se) if se is not None else '—':>7}  {verdict}")
print()
print(f"{'FAIL' if bad else 'PASS'}: deciding figures: {ok} agree, {bad} do not "
      f"(tolerance ±{tol:g} % of the mean of the runs' medians, or the figure's floor)")

# The same figures relative to the same run's baseline: a mode's workload CPU over the no-agent
# run's, lanner's BPF ns over the floor's. Interleaving cancels what changes within a run; a
# drift of the whole machine between runs (the no-agent figures move too) cancels only here.
def centre(i, k):
    f = seen.get(k, [None] * len(runs))[i]
    return f.get("center", f["median"]) if f else None

rel_ok = rel_bad = 0
print()
print("relative to the same run's baseline (workload CPU ÷ no agent's; BPF ns ÷ the floor's):")
print(hdr.replace("max se ", "       "))
print("-" * len(hdr))
for (k, f0) in keys:
    w, mode, fig = k
    if not f0["deciding"] or mode in ("none",) or "agent CPU" in f0["label"]:
        continue
    base = (w, "none", fig) if "workload" in f0["label"] else (w, "floor", fig)
    if base[1] == mode:
        continue
    vals = [None if centre(i, k) is None or not centre(i, base) else centre(i, k) / centre(i, base)
            for i in range(len(runs))]
    if any(v is None for v in vals):
        continue
    mean = sum(vals) / len(vals)
    maxdev = max(abs(v - mean) for v in vals)
    inside = maxdev <= tol / 100 * abs(mean)
    rel_ok += inside
    rel_bad += not inside
    label = (f0["label"] + " ÷ " + base[1])[:44]
    cells = " ".join(f"{v:>11.4g}" for v in vals)
    print(f"{w:<12} {mode:<9} {label:<44} {cells} {100 * (max(vals) - min(vals)) / mean:7.1f}% "
          f"{100 * maxdev / mean:7.1f}%           {'within' if inside else 'OUTSIDE'} ±{tol:g} %")
print()
print(f"relative: {rel_ok} agree, {rel_bad} do not")
sys.exit(1 if bad else 0)
PY
