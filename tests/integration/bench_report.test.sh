#!/usr/bin/env bash
# bench_report.test.sh — bench/report.awk and bench/compare.sh on made-up sample records (no BPF,
# no timing: every figure checked is arithmetic on the numbers written here). A run with paired
# samples (the floor's programs beside lanner's) takes lanner's BPF ratios from the pairs, per
# sample, fast half; a run without them divides the two modes' fast-half means; compare.sh names
# the method of each report, notes a mix, and still recomputes the kept reports at 057b269 the way
# their commit message says (8 of 14 deciding figures agree). The exec-environment phase's
# differences to the empty run and its records per fork+exec, from made-up triples.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip "bench/compare.sh needs python3"
workdir bench-report

printf 'none\t1\tno agent\t\nfloor\t1\tfloor\t\nlanner\t1\tlanner\t\n' >"$work/modes.tsv"
printf 'open_storm\t1000\topen\n' >"$work/wl.tsv"
for f in rates scale benign; do printf 'h\n' >"$work/$f.tsv"; done
printf 'tp\tprogram\tsamples\n' >"$work/split.tsv"

# records WITH_PAIRS: five rounds of none, floor and lanner (one sample each); lanner's BPF
# ns/syscall 240, 240, 240, 300, 360 (enter 120 + exit 120…240 per run), the floor's 50, 55, 55,
# 60, 65; with WITH_PAIRS=1 also a paired sample per round: lanner as above, the floor beside it
# at 60 ns/syscall, so the per-sample ratios are 4, 4, 4, 5, 6
records() {
	printf 'workload\tmode\tround\tops\twall_s\tuser_s\tsys_s\tagent_cpu_s\tbpf_ns\tbpf_runs\tenter_ns\tenter_runs\texit_ns\texit_runs\tevents_user\tlost\talerts\texpected\tload_ms\tagent_hwm_kb\tnote\tsample\tpexec_ns\tpexec_runs\tpfork_ns\tpfork_runs\tpexit_ns\tpexit_runs\treported_kib\tt_s\tref_ns\tpf_bpf_ns\tpf_bpf_runs\tpf_enter_ns\tpf_enter_runs\tpf_exit_ns\tpf_exit_runs\n'
	awk -v pairs="$1" 'BEGIN {
		split("120 120 120 180 240", lx, " "); split("25 30 30 35 40", fx, " ")
		for (r = 1; r <= 5; r++) {
			row("none", r, "", "", "", "", "")
			row("floor", r, 0, 25000 + fx[r] * 1000, 1000, 25000, fx[r] * 1000)
			row("lanner", r, 0.001, 120000 + lx[r] * 1000, 1000, 120000, lx[r] * 1000)
			if (pairs) row("paired", r, 0.001, 120000 + lx[r] * 1000, 1000, 120000, lx[r] * 1000, 60000, 2000, 30000, 1000, 30000, 1000)
		}
	}
	# MODE ROUND AGENT_CPU BPF_NS RUNS ENTER_NS EXIT_NS [PF…]: one record of 1000 ops
	function row(m, r, acpu, bns, runs, ens, xns, p1, p2, p3, p4, p5, p6) {
		printf "open_storm\t%s\t%d\t1000\t0.01\t0.001\t0.009\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t0\t0\t\t\t\t\t\t1\t0\t0\t0\t0\t0\t0\t0\t%d\t\t%s\t%s\t%s\t%s\t%s\t%s\n",
			m, r, acpu, bns, runs == "" ? "" : 2 * runs, ens, runs, xns, runs, r, p1, p2, p3, p4, p5, p6
	}'
}
report() { # NAME WITH_PAIRS
	records "$2" >"$work/$1-runs.tsv"
	awk -f bench/report.awk md="$work/$1.md" json="$work/$1.json" "$work/modes.tsv" "$work/wl.tsv" \
		"$work/$1-runs.tsv" "$work/rates.tsv" "$work/scale.tsv" "$work/benign.tsv" "$work/split.tsv"
}
# figure WORKLOAD MODE FIGURE JSON: its centre, 4 decimals
figure() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[4]))
print(next(("%.4f" % f["center"] for f in r["figures"] if (f["workload"], f["mode"], f["figure"]) == tuple(sys.argv[1:4])), "missing"))' "$@"
}
meta() { python3 -c 'import json, sys; print(json.load(open(sys.argv[2]))["meta"].get(sys.argv[1]))' "$@"; }

report paired 1 || bad "report.awk failed on records with paired samples"
check "paired: meta rel_bpf" paired_floor_fast_half "$(meta rel_bpf "$work/paired.json")"
check "paired: BPF ns/syscall ratio = fast half of 4, 4, 4, 5, 6" 4.0000 "$(figure open_storm lanner rel_bpf_sc "$work/paired.json")"
check "paired: BPF ns/op ratio the same" 4.0000 "$(figure open_storm lanner rel_bpf_op "$work/paired.json")"
check "paired: the floor beside lanner (context)" 60.0000 "$(figure open_storm lanner pf_bpf_sc "$work/paired.json")"
check "paired: lanner's own BPF ns/syscall unchanged (trimmed mean of 240 240 240 300 360)" 260.0000 \
	"$(figure open_storm lanner bpf_ns_sc "$work/paired.json")"
grep -q 'Paired samples (after lanner' "$work/paired.md" && ok "paired: the report describes the pairs" ||
	bad "paired: no 'Paired samples' line in the markdown"
check "paired: 37 columns per kept sample" 37 \
	"$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(len(r["runs_columns"]) if all(len(x) == 37 for x in r["runs"]) else "ragged")' "$work/paired.json")"

report separate 0 || bad "report.awk failed on records without paired samples"
check "separate: meta rel_bpf" floor_sessions_fast_half "$(meta rel_bpf "$work/separate.json")"
check "separate: BPF ns/syscall ratio = 240 / mean(50, 55, 55)" 4.5000 "$(figure open_storm lanner rel_bpf_sc "$work/separate.json")"

# the exec-environment phase: two triples (empty, synthetic, long), 1000 fork+execs each; no
# profile, so the exec path is sched_process_exec's ns ÷ its runs: empty 1000 and 1100, synthetic
# 1500 and 1500, long 2000 and 2300 ns; records: 0, 0, and 1000 and 500 for the long runs
envexec_row() { # ENV SAMPLE BYTES PEXEC_NS EVENTS
	printf '%s\t%s\t%s\t%s\t1000\t1\t0.1\t0.9\t0\t0\t0\t0\t0\t0\t%s\t1000\t0\t0\t0\t0\t%s\t\n' \
		"$1" "$2" "$3" "$([ "$3" = 0 ] && echo 0 || echo 37)" "$4" "$5"
}
{
	printf 'env\tsample\tenv_bytes\tenv_vars\tops\twall_s\tuser_s\tsys_s\tbpf_ns\tbpf_runs\tenter_ns\tenter_runs\texit_ns\texit_runs\tpexec_ns\tpexec_runs\tpfork_ns\tpfork_runs\tpexit_ns\tpexit_runs\tevents\tnote\n'
	envexec_row empty 1 0 1000000 0
	envexec_row synthetic 1 1400 1500000 0
	envexec_row long 1 6000 2000000 1000
	envexec_row long 2 6000 2300000 500
	envexec_row synthetic 2 1400 1500000 0
	envexec_row empty 2 0 1100000 0
} >"$work/envexec.tsv"
records 1 >"$work/env-runs.tsv"
awk -f bench/report.awk md="$work/env.md" json="$work/env.json" "$work/modes.tsv" "$work/wl.tsv" \
	"$work/env-runs.tsv" "$work/rates.tsv" "$work/scale.tsv" "$work/benign.tsv" "$work/split.tsv" \
	"$work/envexec.tsv" || bad "report.awk failed on an exec-environment phase"
envx() { python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["fork_exec_env"]
v = e["exec_path_ns_per_exec"]
for k in sys.argv[2:]:
    v = v[k] if isinstance(v, dict) else None
print("%g" % v if isinstance(v, (int, float)) else v)' "$work/env.json" "$@"; }
check "env phase: synthetic − empty, median of the triples (500, 400)" 450 "$(envx difference)"
check "env phase: long − empty, median of the triples (1000, 1200)" 1100 "$(envx difference_long)"
check "env phase: long's records per fork+exec (median of 1.0, 0.5)" 0.75 "$(envx long records_per_op)"
check "env phase: the empty runs' records per fork+exec" 0 "$(envx empty records_per_op)"
check "env phase: the long environment's bytes" 6000 \
	"$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["fork_exec_env"]["env_long_bytes"])' "$work/env.json")"

cp "$work/paired.json" "$work/paired2.json"
out=$(bench/compare.sh "$work/paired.json" "$work/paired2.json")
check "compare.sh: two identical paired reports agree" 0 $?
echo "$out" | grep -q 'BPF ÷ the floor beside lanner (paired samples)' && ok "compare.sh names the paired method" ||
	bad "compare.sh does not name the paired method"
out=$(bench/compare.sh "$work/paired.json" "$work/separate.json")
echo "$out" | grep -q '^NOTE: some runs have paired BPF ratios' &&
	ok "compare.sh notes a mix of methods" || bad "compare.sh did not note the mix of methods"

kept=(bench/results/runs/20261206T130836Z-057b269.json bench/results/runs/20261206T131615Z-057b269.json
	bench/results/runs/20261206T132246Z-057b269.json)
if [ -e "${kept[0]}" ]; then
	out=$(bench/compare.sh "${kept[@]}")
	echo "$out" | grep -q '^FAIL: deciding figures: 8 agree, 6 do not' &&
		ok "compare.sh: the kept runs at 057b269 read as committed (8 of 14)" ||
		bad "compare.sh: the kept runs at 057b269 no longer read 8 agree, 6 do not"
fi
summary bench_report
