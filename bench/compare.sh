#!/usr/bin/env bash
# bench/compare.sh — do benchmark runs agree? Reads the JSON reports of several `make bench` runs
# (three, as the benchmark's target asks) and prints, per workload × mode × figure, each run's
# centre (its "center": the trimmed mean over the samples; "median" in reports from before it).
# What decides is lanner's cost relative to the same run's baseline: its workload CPU ÷ the
# no-agent run's, its BPF ns ÷ the floor's (the empty programs'), each the ratio of the two modes'
# fast-half means (the mean of the samples at or below the median), and its agent CPU as % of the
# workload's CPU. A drift of the whole machine between runs (the no-agent figures move with it)
# cancels there and only there. A report from before the fast halves (its meta has no rel_center)
# has its relative figures recomputed the same way from the samples it keeps, so old and new runs
# are compared by one method; a report without samples falls back to the ratio of its centres.
# A report with paired samples (meta rel_bpf "paired_floor_fast_half": the floor's programs loaded
# beside lanner's in each lanner session) has its BPF ratios from those pairs (the fast half of the
# per-sample ratios); comparing it with a report without them mixes two methods, which the header
# says.
# For each: the spread across the runs ((max − min) as % of their mean), the largest deviation
# from the mean, the largest standard error of a run, and whether every run lies within ±5 % of
# the mean — or, for agent CPU near zero, within its absolute floor (0.05 points). The absolute
# figures follow as context, with their standard errors. Exit status: 0 when every deciding
# figure agrees, 1 otherwise, 2 on bad input.
#   bench/compare.sh [A.json B.json C.json …] [--all] [--last N] [--dir DIR]
# Without files: the newest N (3) full reports in DIR (bench/results/runs; quick runs are skipped).
# --all: the context figures of the absolute table too. BENCH_TOLERANCE_PCT=5.
set -u
all=0 last=3 dir=bench/results/runs
files=()
while [ $# -gt 0 ]; do
	case $1 in
	--all) all=1 ;;
	--last) last=${2:?--last N} && shift ;;
	--dir) dir=${2:?--dir DIR} && shift ;;
	-h | --help)
		sed -n '2,19p' "$0"
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

def fast_half(v):
    """(mean of the lowest ceil(n/2) values, its standard error in %): report.awk's fhmean"""
    v = sorted(v)
    n = len(v)
    if not n:
        return None, None
    h = (n + 1) // 2
    c = sum(v[:h]) / h
    if n < 2 or not c:
        return c, None
    w = [min(x, v[h - 1]) for x in v]
    wm = sum(w) / n
    se = (sum((x - wm) ** 2 for x in w) / (n - 1)) ** 0.5 * n ** 0.5 / h
    return c, 100 * se / c

REL_DEF = {"rel_sys": ("none", "sys"), "rel_cpu": ("none", "cpu"), "rel_bpf_sc": ("floor", "bsc"),
           "rel_bpf_op": ("floor", "bop")}
REL_LABEL = {"rel_sys": "workload sys ÷ no agent's (fast halves)",
             "rel_cpu": "workload user+sys ÷ no agent's (fast halves)",
             "rel_bpf_sc": "BPF ns/syscall ÷ the floor's (fast halves)",
             "rel_bpf_op": "BPF ns/op ÷ the floor's (fast halves)"}

def recompute_rel(r):
    """the relative figures (lanner and floor) from a report's kept samples, by fast halves"""
    cols = r.get("runs_columns")
    if not cols or not r.get("runs"):
        return False
    vals = {}
    for row in r["runs"]:
        d = dict(zip(cols, row))
        ops = d.get("ops") or 0
        if ops <= 0 or "workload-failed" in (d.get("note") or ""):
            continue
        k = (d["workload"], d["mode"])
        vals.setdefault((k, "sys"), []).append(d["sys_s"] / ops * 1e6)
        vals.setdefault((k, "cpu"), []).append((d["user_s"] + d["sys_s"]) / ops * 1e6)
        if d["mode"] != "none" and d.get("enter_runs") and d.get("exit_runs"):
            vals.setdefault((k, "bsc"), []).append(d["enter_ns"] / d["enter_runs"] + d["exit_ns"] / d["exit_runs"])
        if d["mode"] != "none" and d.get("bpf_ns") is not None and d.get("bpf_runs"):
            vals.setdefault((k, "bop"), []).append(d["bpf_ns"] / ops)
    figs = [f for f in r["figures"] if not f["figure"].startswith("rel_")]
    for (w, mode), x in sorted(set((k, x) for k, x in vals)):
        for g, (bm, bx) in REL_DEF.items():
            if bx != x or mode in ("none", bm):
                continue
            mc, mse = fast_half(vals[((w, mode), x)])
            bc, bse = fast_half(vals.get(((w, bm), x), []))
            if mc is None or not bc:
                continue
            figs.append({"workload": w, "mode": mode, "figure": g, "label": REL_LABEL[g],
                         "deciding": mode == "lanner" and not (w == "fork_exec" and g == "rel_sys")
                         and w in ("open_storm", "fork_exec", "tcp_storm"),
                         "center": mc / bc, "floor": 0,
                         "center_se_pct": (mse ** 2 + bse ** 2) ** 0.5 if mse is not None and bse is not None else None})
    r["figures"] = figs
    return True

def machine_ref(r):
    """the machine's speed over the run: bench/workloads/ref_chase's ns per step before each sample"""
    cols = r.get("runs_columns") or []
    if "ref_ns" not in cols:
        return ""
    i = cols.index("ref_ns")
    v = sorted(row[i] for row in r.get("runs", []) if row[i] is not None)
    if not v:
        return ""
    return f"; machine reference {v[len(v) // 2]:.1f} ns/step (median; quartiles {v[len(v) // 4]:.1f}–{v[3 * len(v) // 4]:.1f})"

for path, r in runs:
    m = r["meta"]
    if m.get("rel_center") == "fast_half_ratio":
        how = "fast halves"
    elif recompute_rel(r):
        how = "fast halves, recomputed from its samples"
    else:
        how = "ratio of the run centres (no samples kept)"
    if m.get("rel_bpf") == "paired_floor_fast_half":
        how += "; BPF ÷ the floor beside lanner (paired samples)"
    print(f"{path}: {m.get('date')} commit {m.get('commit')} rounds {m.get('rounds')} "
          f"samples/session {m.get('samples_per_session') or 1} centre {m.get('center', 'median')} "
          f"load {m.get('loadavg_start')} → {m.get('loadavg_end')}{' QUICK' if m.get('quick') else ''}"
          f"{' BUDGET-EXHAUSTED' if m.get('budget_exhausted') else ''}"
          f"{' OTHER-AGENTS: ' + m['other_agents'] if m.get('other_agents') else ''}; relative figures: {how}"
          f"{machine_ref(r)}")
paired = {r["meta"].get("rel_bpf") == "paired_floor_fast_half" for _, r in runs}
if len(paired) > 1:
    print("NOTE: some runs have paired BPF ratios and some do not: their BPF ratios are not the same measure")
print()

keys, seen = [], {}
for i, (_, r) in enumerate(runs):
    for f in r["figures"]:
        k = (f["workload"], f["mode"], f["figure"])
        if k not in seen:
            seen[k] = [None] * len(runs)
            keys.append((k, f))
        seen[k][i] = f

hdr = f"{'workload':<12} {'mode':<9} {'figure':<44} " + " ".join(f"{'run' + str(i + 1):>11}" for i in range(len(runs))) \
    + f" {'spread':>8} {'max dev':>8} {'max se':>7}  verdict"

def centre(i, k):
    f = seen.get(k, [None] * len(runs))[i]
    return (f["center"] if "center" in f else f.get("median")) if f else None

def judge(vals, floor):
    """(verdict, spread, dev, inside) of one figure's values across the runs"""
    if any(v is None for v in vals):
        return "MISSING in a run", "", "", False
    mean = sum(vals) / len(vals)
    maxdev = max(abs(v - mean) for v in vals)
    spread = f"{100 * (max(vals) - min(vals)) / abs(mean):7.1f}%" if mean else "      —"
    dev = f"{100 * maxdev / abs(mean):7.1f}%" if mean else "      —"
    if mean and maxdev <= tol / 100 * abs(mean):
        return f"within ±{tol:g} %", spread, dev, True
    if maxdev <= floor:
        return f"within the floor (±{floor:.3g})", spread, dev, True
    return f"OUTSIDE ±{tol:g} %", spread, dev, False

# ---- deciding: lanner relative to the same run's baseline. Reports from report.awk carry them as
# figures rel_* (each sample ÷ the mean of the same round's baseline samples: no agent's workload
# CPU, the floor's BPF ns); for older reports the ratio of the run's centres stands in. Agent CPU %
# is a ratio to the workload's CPU already. Interleaving the modes in every round cancels what
# changes within a run; the ratio cancels a drift of the whole machine between runs.
REL = [("rel_sys", "sys_us_op", "none"), ("rel_cpu", "cpu_us_op", "none"),
       ("rel_bpf_sc", "bpf_ns_sc", "floor"), ("rel_bpf_op", "bpf_ns_op", "floor")]
ok = bad = 0
print("Deciding: lanner relative to the same run's baseline (workload CPU ÷ no agent's; BPF ns ÷ the floor's; agent CPU % of the workload's)")
print(hdr)
print("-" * len(hdr))
context_rel = []
workloads = []
for (k, f0) in keys:
    if k[0] not in workloads and k[0] != "benign":
        workloads.append(k[0])
def max_se(k):
    ses = [f.get("center_se_pct") for f in seen.get(k, []) if f]
    return max((x for x in ses if x is not None), default=None)
def se_cell(se):
    return ("±%.1f%%" % se) if se is not None else "—"
def rel_row(w, mode, rel, absf, basemode):
    """(label, values, deciding) of one relative figure, or None"""
    k = (w, mode, rel)
    if k in seen and all(seen[k]):
        f0 = seen[k][0]
        return f0["label"], [centre(i, k) for i in range(len(runs))], f0["deciding"], max_se(k)
    ka, kb = (w, mode, absf), (w, basemode, absf)
    if ka not in seen:
        return None
    f0 = seen[ka][0] or next(f for f in seen[ka] if f)
    vals = [None if centre(i, ka) is None or not centre(i, kb) else centre(i, ka) / centre(i, kb)
            for i in range(len(runs))]
    return f0["label"] + " ÷ " + basemode + " (run centres)", vals, f0["deciding"], None
for w in workloads:
    for mode in ("lanner", "floor"):
        for rel, absf, basemode in REL:
            if basemode == mode:
                continue
            row = rel_row(w, mode, rel, absf, basemode)
            if row is None or not row[2] and mode == "lanner":
                continue
            label, vals, _, se = row
            if mode != "lanner":
                context_rel.append((w, mode, label, vals, se))
                continue
            verdict, spread, dev, inside = judge(vals, 0)
            ok += inside
            bad += not inside
            cells = " ".join(f"{v:>11.4g}" if v is not None else f"{'—':>11}" for v in vals)
            print(f"{w:<12} {mode:<9} {label[:44]:<44} {cells} {spread:>8} {dev:>8} {se_cell(se):>7}  {verdict}")
    k = (w, "lanner", "agent_pct")
    if k in seen:
        vals = [centre(i, k) for i in range(len(runs))]
        floor = max((f["floor"] or 0) for f in seen[k] if f)
        verdict, spread, dev, inside = judge(vals, floor)
        ok += inside
        bad += not inside
        cells = " ".join(f"{v:>11.4g}" if v is not None else f"{'—':>11}" for v in vals)
        print(f"{w:<12} {'lanner':<9} {seen[k][0]['label'][:44] if seen[k][0] else 'agent CPU %':<44} {cells} {spread:>8} {dev:>8} {se_cell(max_se(k)):>7}  {verdict}")
print()
print(f"{'FAIL' if bad else 'PASS'}: deciding figures: {ok} agree, {bad} do not "
      f"(tolerance ±{tol:g} % of the mean of the runs' centres, or the figure's floor)")

# ---- context: the floor's own ratio, then the absolute figures (which carry the machine's drift)
print()
print("Context: the floor relative to no agent, and every figure absolute (a drift of the whole machine between runs shows here)")
print(hdr)
print("-" * len(hdr))
for (w, mode, label, vals, se) in context_rel:
    verdict, spread, dev, _ = judge(vals, 0)
    cells = " ".join(f"{v:>11.4g}" if v is not None else f"{'—':>11}" for v in vals)
    print(f"{w:<12} {mode:<9} {label[:44]:<44} {cells} {spread:>8} {dev:>8} {se_cell(se):>7}  {verdict}")
abs_ok = abs_bad = 0
ABS = ("sys_us_op", "cpu_us_op", "bpf_ns_sc", "bpf_ns_op", "agent_pct", "agent_us_op")
for (k, f0) in keys:
    if k[2].startswith("rel_") or (k[2] not in ABS or k[1] not in ("none", "floor", "lanner")) and not show_all:
        continue
    fs = seen[k]
    vals = [((f["center"] if "center" in f else f.get("median")) if f else None) for f in fs]
    ses = [f.get("center_se_pct") for f in fs if f]
    floor = max((f["floor"] or 0) for f in fs if f)
    verdict, spread, dev, inside = judge(vals, floor)
    abs_ok += inside
    abs_bad += not inside
    se = max((x for x in ses if x is not None), default=None)
    cells = " ".join(f"{v:>11.4g}" if v is not None else f"{'—':>11}" for v in vals)
    label = f0["label"]
    print(f"{k[0]:<12} {k[1]:<9} {label[:44]:<44} {cells} {spread:>8} {dev:>8} {('±%.1f%%' % se) if se is not None else '—':>7}  {verdict}")
print()
print(f"absolute (context): {abs_ok} agree, {abs_bad} do not")
sys.exit(1 if bad else 0)
PY
