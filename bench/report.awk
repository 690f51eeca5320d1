# report.awk — turns bench/run.sh's tab-separated records into latest.md and latest.json.
# Input files, in order: modes (mode, available, label, reason), workloads (name, count, desc),
# runs (header + one line per round × mode × workload), rates, scaling, benign (header + rows),
# split (header + tp, program, profile samples: progsplit.awk's output), the exec-environment
# phase (header + one line per sample: fork_exec with the empty, the synthetic or the long environment).
# Variables: md, json (output paths); META_* come from the environment. Portable awk (mawk).
#
# Every figure is computed per sample (one run of one workload in a session of one mode; a session
# takes REPS samples of each workload, every round one session per mode) and summarised over all
# its samples by its centre, the 20 % trimmed mean (the mean of the samples left when the lowest
# and highest 20 % are set aside: robust to the odd disturbed sample like the median, but it
# averages the rest, where the median of a few samples jumps between clusters), with the
# standard error of that centre (from the winsorized variance) and the spread (max − min) as % of
# it; the JSON also has the median and quartiles. The "deciding" figures (decides()) are the
# counted ones bench/compare.sh checks across reports; each has an absolute floor below which a
# difference is within the figure's resolution. Everything else is context.
# The relative figures (rel_*: lanner's cost ÷ the baseline's) are the exception: their centre is
# the ratio of the two modes' fast-half means (fhmean: the mean of the samples at or below the
# median), each over the whole run, with the two standard errors combined. The machine's slow
# moments only add time, last tens of seconds and cost lanner's programs about twice what they
# cost the baselines, so dividing by the same round's baseline does not cancel them; setting
# aside each mode's slow half does, as long as fewer than half of its samples were slowed. Why:
# bench/README.md.
# Paired samples (records of mode "paired": the floor's empty programs loaded beside lanner's, the
# same workload run; lanner's counters in the usual columns, the floor's in pf_*) put both at the
# same moments: where a run has them, lanner's BPF ratios are the fast half of the per-sample
# ratios lanner ÷ the floor beside it, and the floor's own sessions are context.
BEGIN {
	FS = "\t"
	fileno = 0
	# figure key, label, decimals, deciding (1) or context (0), absolute floor for compare.sh
	nf = split("rel_sys rel_cpu rel_bpf_sc rel_bpf_op sys_us_op cpu_us_op bpf_ns_sc bpf_ns_op agent_pct agent_us_op ev_op wall_us_op sys_add_ns ev_ksc ev_alert " \
		"tp_enter tp_exit tp_pexec tp_pfork tp_pexit tp_other ref_ns pl_bpf_sc pf_bpf_sc pf_bpf_op", FIG, " ")
	# Deciding: lanner relative to the same run's baseline (no agent's workload CPU, the floor's
	# BPF ns): the ratio of the two modes' fast-half means. The modes alternate in every round, so
	# a drift of the whole machine between runs — the no-agent figures moving with it — cancels in
	# the ratio; the absolute figures carry it. Each sample's value here is the sample ÷ the
	# baseline's fast-half mean (for the spread and quartiles).
	fig("rel_sys", "workload sys ÷ no agent's (fast halves)", 3, 1, 0)
	fig("rel_cpu", "workload user+sys ÷ no agent's (fast halves)", 3, 1, 0)
	fig("rel_bpf_sc", "BPF ns/syscall ÷ the floor's (fast halves)", 3, 1, 0)
	fig("rel_bpf_op", "BPF ns/op ÷ the floor's (fast halves)", 3, 1, 0)
	fig("sys_us_op", "workload sys µs/op", 3, 0, 0)
	fig("cpu_us_op", "workload user+sys µs/op", 3, 0, 0)
	fig("bpf_ns_sc", "BPF ns/syscall (enter+exit)", 0, 0, 2)
	fig("bpf_ns_op", "BPF ns/op (all programs)", 0, 0, 2)
	fig("agent_pct", "agent CPU % of workload CPU", 2, 1, 0.05)
	fig("agent_us_op", "agent CPU µs/op", 3, 0, -1) # floor: 0.05 % of the op's CPU
	fig("ev_op", "events to userspace/op", 4, 0, 0.002)
	fig("wall_us_op", "wall µs/op", 3, 0, 0)
	fig("sys_add_ns", "workload sys ns/op added (vs no agent, same round)", 0, 0, 20)
	fig("ev_ksc", "events to userspace per 1,000 syscalls", 2, 0, 0)
	fig("ev_alert", "events to userspace per alert", 1, 0, 0)
	# the programs' own ns per operation by attach point (bpf_stats; a tail call counts in its
	# caller's): where the fork+exec storm's nanoseconds go. Context.
	fig("tp_enter", "BPF ns/op at sys_enter", 0, 0, 2)
	fig("tp_exit", "BPF ns/op at sys_exit (every syscall's exit program, tail calls included)", 0, 0, 2)
	fig("tp_pexec", "BPF ns/op at sched_process_exec (exec record, rule parts included)", 0, 0, 2)
	fig("tp_pfork", "BPF ns/op at sched_process_fork", 0, 0, 2)
	fig("tp_pexit", "BPF ns/op at sched_process_exit", 0, 0, 2)
	fig("tp_other", "BPF ns/op elsewhere", 0, 0, 2)
	# the machine's speed just before each sample (bench/workloads/ref_chase: ns per step of a
	# pointer chase on the workload's CPU, by its CPU time): context for the slow moments
	fig("ref_ns", "reference: ns per pointer-chase step before the sample", 1, 0, 0)
	# the paired samples' absolute figures (context; their ratio is rel_bpf_*)
	fig("pl_bpf_sc", "paired samples: lanner's BPF ns/syscall", 0, 0, 2)
	fig("pf_bpf_sc", "paired samples: the floor's BPF ns/syscall beside lanner", 0, 0, 2)
	fig("pf_bpf_op", "paired samples: the floor's BPF ns/op beside lanner", 0, 0, 2)
	# the exec-environment phase (context; not in FIG: its own table and JSON key, never a figure
	# bench/compare.sh reads)
	fig("ex_path", "exec path BPF ns per exec", 0, 0, 0)
	fig("ex_bpf_op", "BPF ns per fork+exec (all programs)", 0, 0, 0)
	TRIM = 0.2 # of the samples set aside at each end for the centre
	# The storms the targets name decide, in the modes measured every round; ship and bpftrace run
	# in fewer rounds (context). fork_exec's sys/user split is tick-sampled per short-lived child
	# (a child no tick hit counts as all user time), so its sys µs/op is context there and its
	# user+sys (exact) decides.
	split("open_storm fork_exec tcp_storm", t, " ")
	for (i in t) DECIDE_WL[t[i]] = 1
	split("none floor lanner", t, " ")
	for (i in t) DECIDE_MODE[t[i]] = 1
	# the headline: workload, figure, target
	nh = split("open_storm bpf_ns_sc ≤_200|open_storm rel_bpf_sc |open_storm bpf_ns_op |open_storm sys_us_op |open_storm rel_sys |open_storm rel_cpu |open_storm agent_pct ≤_1|open_storm ev_op ≈_0|" \
		"fork_exec bpf_ns_op ≤_1,000|fork_exec rel_bpf_op |fork_exec cpu_us_op |fork_exec rel_cpu |fork_exec agent_pct ≤_1|fork_exec ev_op ≈_0|" \
		"tcp_storm bpf_ns_op |tcp_storm rel_bpf_op |tcp_storm bpf_ns_sc |tcp_storm rel_bpf_sc |tcp_storm sys_us_op |tcp_storm rel_sys |tcp_storm rel_cpu |tcp_storm agent_pct ≤_1|tcp_storm ev_op |" \
		"benign ev_ksc |benign ev_alert ", HL, "|")
}
# RELB[W, REL]: the fast-half mean of workload W's baseline for relative figure REL (mode BM,
# figure G); RELB_SEP: its standard error in %
function rel_base(w, rel, bm, g,    c) {
	c = fhmean(w SUBSEP bm, g)
	if (c == "" || c + 0 <= 0) return
	RELB[w, rel] = c
	if (FSE != "") RELB_SEP[w, rel] = pct(FSE, c)
}
function fig(g, label, dec, decide, floor) { LABEL[g] = label; DEC[g] = dec; DECIDE[g] = decide; FLOOR[g] = floor }
function decides(w, m, g) {
	if (!DECIDE[g] || !(w in DECIDE_WL) || !(m in DECIDE_MODE)) return 0
	if (w == "fork_exec" && (g == "sys_us_op" || g == "rel_sys")) return 0
	return m == "lanner" # the floor's "agent" only waits for a signal; the floor is the baseline
}
FNR == 1 { fileno++ }
fileno == 1 { nm++; M[nm] = $1; MAV[$1] = $2; MLAB[$1] = $3; MWHY[$1] = $4; next }
fileno == 2 { nw++; W[nw] = $1; WCNT[$1] = $2; WDESC[$1] = $3; next }
# runs: 1 workload 2 mode 3 round 4 ops 5 wall_s 6 user_s 7 sys_s 8 agent_cpu_s 9 bpf_ns 10 bpf_runs
# 11 enter_ns 12 enter_runs 13 exit_ns 14 exit_runs 15 events_user 16 lost 17 alerts 18 expected
# 19 load_ms 20 agent_hwm_kb 21 note 22 sample 23 pexec_ns 24 pexec_runs 25 pfork_ns 26 pfork_runs
# 27 pexit_ns 28 pexit_runs 29 reported_kib 30 t_s (seconds into the measured part, at the sample's
# end) 31 ref_ns (the machine's speed just before the sample) 32–37 pf_bpf_ns pf_bpf_runs
# pf_enter_ns pf_enter_runs pf_exit_ns pf_exit_runs (the floor beside lanner: paired samples only)
# (22–30: absent in records from before samples per session; 31 before the reference; 32–37
# before the paired samples)
fileno == 3 && FNR > 1 && $2 == "paired" {
	nr++; RUN[nr] = $0
	if (index($21, "workload-failed") || $4 + 0 <= 0 || $12 + 0 <= 0 || $14 + 0 <= 0 || $33 + 0 <= 0 || $35 + 0 <= 0 || $37 + 0 <= 0) next
	k = $1 SUBSEP "lanner"
	PAIRW[$1] = 1; ANYPAIR = 1
	pl_v = $11 / $12 + $13 / $14; pf_v = $34 / $35 + $36 / $37
	add(k, "pl_bpf_sc", pl_v); add(k, "pf_bpf_sc", pf_v); add(k, "rel_bpf_sc", pl_v / pf_v)
	add(k, "pf_bpf_op", $32 / $4); add(k, "rel_bpf_op", $9 / $32)
	next
}
fileno == 3 && FNR > 1 {
	k = $1 SUBSEP $2
	nr++; RUN[nr] = $0
	if ($21 != "") NOTE[k] = NOTE[k] (NOTE[k] == "" ? "" : "; ") "round " $3 ": " $21
	if (index($21, "workload-failed") || $4 + 0 <= 0) { FAILED[k]++; next } # not in the statistics
	N[k]++
	ops = $4 + 0
	add(k, "wall_us_op", $5 / ops * 1e6)
	add(k, "sys_us_op", $7 / ops * 1e6)
	add(k, "cpu_us_op", ($6 + $7) / ops * 1e6)
	if ($31 != "") add(k, "ref_ns", $31)
	SYS[$1, $2, $3] += $7 / ops * 1e6; SYSN[$1, $2, $3]++ # per round: the mean of its samples
	RND[k, $3] = 1
	if ($2 != "none") {
		if ($9 != "" && $10 + 0 > 0) add(k, "bpf_ns_op", $9 / ops)
		if ($9 != "" && $10 + 0 > 0 && NF >= 28) {
			add(k, "tp_enter", $11 / ops); add(k, "tp_exit", $13 / ops)
			add(k, "tp_pexec", $23 / ops); add(k, "tp_pfork", $25 / ops); add(k, "tp_pexit", $27 / ops)
			add(k, "tp_other", ($9 - $11 - $13 - $23 - $25 - $27) / ops)
			add(k, "runs_enter", $12 / ops); add(k, "runs_exit", $14 / ops); add(k, "runs_pexec", $24 / ops)
			add(k, "runs_pfork", $26 / ops); add(k, "runs_pexit", $28 / ops)
		}
		if ($12 + 0 > 0 && $14 + 0 > 0) add(k, "bpf_ns_sc", $11 / $12 + $13 / $14)
		if ($8 != "") {
			add(k, "agent_us_op", $8 / ops * 1e6)
			if ($6 + $7 > 0) add(k, "agent_pct", 100 * $8 / ($6 + $7))
		}
		if ($15 != "") add(k, "ev_op", $15 / ops)
	}
	add(k, "ops", ops); add(k, "lost", $16); add(k, "alerts", $17); add(k, "exp", $18)
	add(k, "load", $19); add(k, "hwm", $20)
	if ($17 != "" && $18 != "") {
		ALN[k]++
		if ($17 == $18) ALOK[k]++
	}
	next
}
fileno == 4 && FNR > 1 { nrate++; RATE[nrate] = $0; next }
fileno == 5 && FNR > 1 { nsc++; SC[nsc] = $0; next }
# the exec-environment phase (context): 1 env (empty, synthetic, long) 2 sample 3 env_bytes
# 4 env_vars 5 ops 6 wall_s 7 user_s 8 sys_s 9 bpf_ns 10 bpf_runs 11 enter_ns 12 enter_runs
# 13 exit_ns 14 exit_runs 15 pexec_ns 16 pexec_runs 17 pfork_ns 18 pfork_runs 19 pexit_ns
# 20 pexit_runs 21 events (records the agent received) 22 note
fileno == 8 && FNR > 1 { nex++; EX[nex] = $0; next }
fileno == 7 && FNR > 1 { # split: 1 tp 2 program 3 samples
	if ($1 == "total") { SPLIT_TOTAL = $3; next }
	nsp++; SPTP[nsp] = $1; SPPROG[nsp] = $2; SPN[nsp] = $3; SPTPN[$1] += $3
	next
}
fileno == 6 && FNR > 1 { # benign: 1 mode 2 run 3 wall_s 4 user_s 5 sys_s 6 agent_cpu_s 7 syscalls 8 events 9 lost 10 alerts 11 note
	nbn++; BN[nbn] = $0
	k = "benign" SUBSEP $1
	N[k]++
	if ($7 + 0 > 0) add(k, "ev_ksc", 1000 * $8 / $7)
	if ($10 + 0 > 0) add(k, "ev_alert", $8 / $10)
	next
}

function add(k, f, v) {
	if (v == "") return
	C[k, f]++
	V[k, f, C[k, f]] = v + 0
}
function sorted(k, f,    n, i, j, t) {
	n = C[k, f] + 0
	for (i = 1; i <= n; i++) S[i] = V[k, f, i]
	for (i = 2; i <= n; i++) {
		t = S[i]
		for (j = i - 1; j >= 1 && S[j] > t; j--) S[j + 1] = S[j]
		S[j + 1] = t
	}
	return n
}
function quant(k, f, p,    n, h, lo) { # linear interpolation between order statistics
	n = sorted(k, f)
	if (n == 0) return ""
	h = (n - 1) * p + 1
	lo = int(h)
	return lo >= n ? S[n] : S[lo] + (h - lo) * (S[lo + 1] - S[lo])
}
function med(k, f) { return quant(k, f, 0.5) }
# the centre: the TRIM-trimmed mean; TSE = its standard error (Tukey–McLaughlin: the winsorized
# standard deviation × √n ÷ the number of samples kept)
function tmean(k, f,    n, g, i, s, h, wm, ws, v) {
	n = sorted(k, f)
	TSE = ""
	if (n == 0) return ""
	g = int(TRIM * n); h = n - 2 * g
	s = 0
	for (i = g + 1; i <= n - g; i++) s += S[i]
	if (n > 1) {
		wm = 0
		for (i = 1; i <= n; i++) wm += (i <= g ? S[g + 1] : i > n - g ? S[n - g] : S[i])
		wm /= n; ws = 0
		for (i = 1; i <= n; i++) { v = (i <= g ? S[g + 1] : i > n - g ? S[n - g] : S[i]) - wm; ws += v * v }
		TSE = sqrt(ws / (n - 1)) * sqrt(n) / h
	}
	return s / h
}
# the fast-half mean: the mean of the lowest ceil(n/2) samples (those at or below the median);
# FSE = its standard error, the same formula with the samples above them winsorized (set to the
# highest one kept): the asymmetric trimmed mean's
function fhmean(k, f,    n, h, i, s, wm, ws, v) {
	n = sorted(k, f)
	FSE = ""
	if (n == 0) return ""
	h = int((n + 1) / 2)
	s = 0
	for (i = 1; i <= h; i++) s += S[i]
	if (n > 1) {
		wm = 0
		for (i = 1; i <= n; i++) wm += (i > h ? S[h] : S[i])
		wm /= n; ws = 0
		for (i = 1; i <= n; i++) { v = (i > h ? S[h] : S[i]) - wm; ws += v * v }
		FSE = sqrt(ws / (n - 1)) * sqrt(n) / h
	}
	return s / h
}
# a relative figure's centre is the ratio of fast-half means (its samples are already divided by
# the baseline's); its standard error adds the baseline's (RELB_SEP, in %) to the mode's own
function ctr(k, f) { return f ~ /^rel_/ ? fhmean(k, f) : tmean(k, f) }
function sep(k, f,    c, e, t) {
	if (f ~ /^rel_/) {
		c = fhmean(k, f)
		if (c == "" || c + 0 == 0 || FSE == "") return ""
		e = pct(FSE, c); split(k, t, SUBSEP)
		if (f ~ /^rel_bpf/ && (t[1] in PAIRW)) return e # paired: the ratio is per sample
		return (t[1], f) in RELB_SEP ? sqrt(e * e + RELB_SEP[t[1], f] * RELB_SEP[t[1], f]) : e
	}
	c = tmean(k, f)
	return (c == "" || c + 0 == 0 || TSE == "") ? "" : pct(TSE, c)
}
function mn(k, f) { return quant(k, f, 0) }
function mx(k, f) { return quant(k, f, 1) }
function sum(k, f,    n, i, s) { n = C[k, f] + 0; if (!n) return ""; s = 0; for (i = 1; i <= n; i++) s += V[k, f, i]; return s }
function pct(a, b) { return (b + 0 == 0) ? "" : 100 * a / b }
function rng(k, f,    m) { m = ctr(k, f); return (m == "" || m + 0 == 0) ? "" : pct(mx(k, f) - mn(k, f), m) }
function iqr(k, f,    m) { m = med(k, f); return (m == "" || m + 0 == 0) ? "" : pct(quant(k, f, 0.75) - quant(k, f, 0.25), m) }
function fmt(v, p) { return v == "" ? "—" : sprintf("%." p "f", v) }
function cell(k, f,    m, r, e) { # centre ±standard error % [range %]
	m = ctr(k, f)
	if (m == "") return "—"
	e = sep(k, f); r = rng(k, f)
	return sprintf("%." DEC[f] "f", m) (C[k, f] > 1 && e != "" ? sprintf(" ±%.1f %%", e) : "") (C[k, f] > 1 && r != "" ? sprintf(" [%.1f %%]", r) : "")
}
function dcell(w, m, g) { # a table cell: "—" where the mode has no such figure, "*" when it decides
	if (m == "none" && g != "sys_us_op" && g != "cpu_us_op" && g != "wall_us_op") return "—"
	return cell(w SUBSEP m, g) (decides(w, m, g) && C[w SUBSEP m, g] ? " *" : "")
}
function jnum(v) { return v == "" ? "null" : v + 0 }
function jstr(s) {
	gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
	return "\"" s "\""
}
function opname(w) { return w == "fork_exec" ? "fork+exec" : "op" }
# ns per run of attach point G: its ns per op ÷ its runs per op (centres)
function per_run(k, g, r,    a, b) { a = ctr(k, g); b = ctr(k, r); return (a == "" || b == "" || b + 0 <= 0) ? "—" : sprintf("%.0f", a / b) }
# ns per op V as ns per exec: ÷ the sched_process_exec runs per op (every exec on the machine
# meanwhile, so other processes' execs do not inflate it)
function per_exec(k, v,    r) { r = ctr(k, "runs_pexec"); return (r == "" || r + 0 <= 0) ? "—" : sprintf("%.0f", v / r) }
# the figure of attach point TP (a tracepoint's name)
function tpfig(tp) {
	return tp == "sys_enter" ? "tp_enter" : tp == "sys_exit" ? "tp_exit" : tp == "sched_process_exec" ? "tp_pexec" : \
		tp == "sched_process_fork" ? "tp_pfork" : tp == "sched_process_exit" ? "tp_pexit" : ""
}
# the group of program P run at attach point TP, for a fork+exec
function pgroup(tp, p) {
	if (tp == "sched_process_exec" || p ~ /^lnr_x_execve(at)?$/) return "exec"
	if (tp == "sched_process_fork" || p ~ /^lnr_x_(clone3?|v?fork)$/) return "fork"
	if (tp == "sched_process_exit") return "exit"
	if (tp == "sys_enter") return "enter"
	return "other"
}
# lanner's ns per fork+exec of each group: each attach point's ns per fork+exec (bpf_stats, the
# main matrix's centre) spread over its programs by their profile samples (GNS[group]; GSN: the
# samples); 0 when there is no profile
function split_groups(w,    i, f, c, kl, tp) {
	kl = w SUBSEP "lanner"
	delete GNS; delete GSN
	if (nsp == 0) return 0
	for (i = 1; i <= nsp; i++) {
		f = tpfig(SPTP[i]); c = f == "" ? "" : ctr(kl, f)
		if (c == "" || SPTPN[SPTP[i]] + 0 <= 0) continue
		SPNS[i] = c * SPN[i] / SPTPN[SPTP[i]]
		GNS[pgroup(SPTP[i], SPPROG[i])] += SPNS[i]
		GSN[pgroup(SPTP[i], SPPROG[i])] += SPN[i]
	}
	# a sched_process_* attach point the profile caught no sample of (perf attributed none to
	# its programs) keeps its bpf_stats time whole, in its own group: without this the exec
	# path showed only execve's exit handler
	for (i = 1; i <= 3; i++) {
		tp = i == 1 ? "sched_process_exec" : i == 2 ? "sched_process_fork" : "sched_process_exit"
		c = ctr(kl, tpfig(tp))
		if (c != "" && SPTPN[tp] + 0 <= 0)
			GNS[pgroup(tp, "")] += c
	}
	return 1
}
# The fork+exec storm by program group: the exec path (execve's exit handler + sched_process_exec
# with its tail calls: exec capture, the rules' parts), fork (sched_process_fork + the clone
# family's exit handlers, the parent's and the child's), exit (sched_process_exit), the other
# syscalls' exits, every syscall's entry; lanner from the profile split, the floor from its
# programs' bpf_stats (empty programs: one sys_exit run per execve, two per fork)
function group_table(w,    kl, kf, fx, i, g, lab, fv, pe, pf) {
	kl = w SUBSEP "lanner"; kf = w SUBSEP "floor"
	if (!split_groups(w)) {
		printf "\nBy program group (exec path, fork, exit, other syscalls): no profile (%s).\n",
			ENVIRON["META_SPLIT_NOTE"] == "" ? "not run" : ENVIRON["META_SPLIT_NOTE"] > md
		return
	}
	fx = per_run(kf, "tp_exit", "runs_exit"); fx = fx == "—" ? 0 : fx + 0
	FLG["exec"] = ctr(kf, "tp_pexec") + fx; FLG["fork"] = ctr(kf, "tp_pfork") + 2 * fx; FLG["exit"] = ctr(kf, "tp_pexit")
	FLG["other"] = ctr(kf, "tp_exit") - 3 * fx; FLG["enter"] = ctr(kf, "tp_enter")
	printf "\nBy program group, ns per %s: lanner's from a CPU profile of one lanner session (perf, %d samples in its programs of %d on the workload's CPU): each attach point's ns above spread over its programs by their share of the samples (a handler tail-called from the sys_exit dispatcher has its own symbol there); the floor's from its empty programs (one sys_exit run per execve, two per fork: the parent's and the child's return):\n\n",
		opname(w), SPTPN["sys_enter"] + SPTPN["sys_exit"] + SPTPN["sched_process_exec"] + SPTPN["sched_process_fork"] + SPTPN["sched_process_exit"], SPLIT_TOTAL > md
	table("", 1, "", sprintf("group | lanner ns/%s | floor ns/%s | lanner − floor | lanner ns per exec (÷ sched_process_exec runs) | profile samples", opname(w), opname(w)))
	split("exec exec path: execve/execveat exit + sched_process_exec (exec capture, rule parts)|fork fork: sched_process_fork + clone/fork exits|exit exit: sched_process_exit|other other syscalls' exits (dispatcher, handlers, rule parts)|enter every syscall's entry (sys_enter)", GL, "|")
	for (i = 1; i <= 5; i++) {
		g = GL[i]; sub(/ .*/, "", g); lab = substr(GL[i], length(g) + 2)
		printf "| %s | %.0f | %.0f | %.0f | %s | %d |\n", lab, GNS[g], FLG[g], GNS[g] - FLG[g], per_exec(kl, GNS[g]), GSN[g] > md
	}
	printf "\nPrograms (lanner, this profile):\n\n" > md
	table("", 1, "", sprintf("attach point | program | samples | share of the attach point | ns/%s", opname(w)))
	for (i = 1; i <= nsp; i++)
		printf "| %s | %s | %d | %.1f %% | %s |\n", SPTP[i], SPPROG[i], SPN[i], 100 * SPN[i] / SPTPN[SPTP[i]], (i in SPNS) ? sprintf("%.0f", SPNS[i]) : "—" > md
}
# The exec path's share of attach point TP's ns, as split_groups spreads them: the profile samples
# of its programs in the exec group ÷ all of the attach point's; sched_process_exec without a
# sample counts whole there, so here too
function exec_share(tp,    i, n) {
	if (SPTPN[tp] + 0 <= 0) return tp == "sched_process_exec" ? 1 : 0
	n = 0
	for (i = 1; i <= nsp; i++)
		if (SPTP[i] == tp && pgroup(tp, SPPROG[i]) == "exec") n += SPN[i]
	return n / SPTPN[tp]
}
# The exec-environment phase (context): fork_exec with the empty environment, a synthetic one
# like a shell's and a long one past the 4096 bytes the kernel scans, in triples in one lanner
# session; per sample the exec path's BPF ns per exec by the headline's definition (the attach
# points' bpf_stats ns spread by the profile's shares, ÷ the sched_process_exec runs) —
# sched_process_exec alone when there is no profile — and the records reaching userspace
function envexec_calc(    i, f, v, ns, ok, j) {
	EXDEF = nsp > 0 ? "execve's exit (its share of sys_exit in the profile) + sched_process_exec, ÷ sched_process_exec runs" \
		: "sched_process_exec only, ÷ its runs (no profile: execve's exit share unknown)"
	for (i = 1; i <= nex; i++) {
		split(EX[i], f, "\t")
		v = f[1]
		if (f[3] + 0 > 0) { EXBYTES[v] = f[3]; EXVARS[v] = f[4] }
		if (f[22] != "") EXNOTE = EXNOTE (EXNOTE == "" ? "" : "; ") v " " f[2] ": " f[22]
		ok = f[5] + 0 > 0 && f[16] + 0 > 0 && !index(f[22], "workload-failed") && !index(f[22], "no-synthetic")
		if (!ok) continue
		ns = f[15] * exec_share("sched_process_exec") + f[13] * exec_share("sys_exit") + f[11] * exec_share("sys_enter") + \
			f[17] * exec_share("sched_process_fork") + f[19] * exec_share("sched_process_exit")
		EXV[i] = ns / f[16]
		add("envexec" SUBSEP v, "ex_path", EXV[i]); add("envexec" SUBSEP v, "ex_bpf_op", f[9] / f[5])
		add("envexec" SUBSEP v, "ex_runs", f[16] / f[5]); add("envexec" SUBSEP v, "ex_events", f[21] / f[5])
		EXS[v, f[2]] = EXV[i]; EXB[v, f[2]] = f[9] / f[5]
	}
	# the differences to the empty run of the same triple (one right after the other): the
	# median of theirs, which a slow moment of the machine under one triple does not move
	for (i = 1; i <= nex; i++) {
		split(EX[i], f, "\t")
		v = f[1]
		if (v != "empty" && (v, f[2]) in EXS && ("empty", f[2]) in EXS) {
			add("envexec" SUBSEP "d_" v, "ex_path", EXS[v, f[2]] - EXS["empty", f[2]])
			add("envexec" SUBSEP "d_" v, "ex_bpf_op", EXB[v, f[2]] - EXB["empty", f[2]])
		}
	}
	ke = "envexec" SUBSEP "empty"
	for (j = 1; j <= 2; j++) {
		v = j == 1 ? "synthetic" : "long"
		EXD[v] = C["envexec" SUBSEP "d_" v, "ex_path"] ? med("envexec" SUBSEP "d_" v, "ex_path") : ""
		EXDC[v] = (C[ke, "ex_path"] && C["envexec" SUBSEP v, "ex_path"]) ? tmean("envexec" SUBSEP v, "ex_path") - tmean(ke, "ex_path") : ""
	}
}
function envexec_label(v) {
	if (v == "empty") return "empty (as the storm above)"
	if (!(v in EXBYTES)) return v == "long" ? "long (past the 4096 bytes the kernel scans)" : "synthetic (like a shell's)"
	return sprintf("%s, %d bytes in %d variables", v == "long" ? "long (past the 4096 bytes the kernel scans)" : "synthetic (like a shell's)", EXBYTES[v], EXVARS[v])
}
function envexec_table(    i, v, k, kd) {
	if (!table("fork_exec with an environment (context)", C[ke, "ex_path"] + C["envexec" SUBSEP "synthetic", "ex_path"] + C["envexec" SUBSEP "long", "ex_path"],
		"Not run (" (ENVIRON["META_ENVEXEC_NOTE"] != "" ? ENVIRON["META_ENVEXEC_NOTE"] : "no lanner mode or no fork_exec workload") ")." (EXNOTE == "" ? "" : " " EXNOTE),
		"environment | samples | exec path BPF ns per exec | BPF ns per fork+exec (all programs) | sched_process_exec runs per fork+exec | records to userspace per fork+exec"))
		return
	for (i = 1; i <= 3; i++) {
		v = i == 1 ? "empty" : i == 2 ? "synthetic" : "long"; k = "envexec" SUBSEP v
		printf "| %s | %d | %s | %s | %s | %s |\n", envexec_label(v), C[k, "ex_path"], cell(k, "ex_path"),
			cell(k, "ex_bpf_op"), fmt(ctr(k, "ex_runs"), 3), C[k, "ex_events"] ? sprintf("%.3f", med(k, "ex_events")) : "—" > md
	}
	for (i = 1; i <= 2; i++) {
		v = i == 1 ? "synthetic" : "long"; kd = "envexec" SUBSEP "d_" v
		printf "| difference (%s − empty): median of the triples | %d | %s | %s | | |\n", v, C[kd, "ex_path"],
			EXD[v] == "" ? "—" : sprintf("%+.0f (triples %+.0f … %+.0f; of the centres %+.0f)", EXD[v], mn(kd, "ex_path"), mx(kd, "ex_path"), EXDC[v]),
			C[kd, "ex_bpf_op"] ? sprintf("%+.0f", med(kd, "ex_bpf_op")) : "—" > md
	}
	printf "\nThe storm above execs with an empty environment, where a rule scanning it (`proc.env icontains GLIBC_TUNABLES`) reads nothing; here fork_exec ran in %d triples of one run with it, one with a synthetic environment like a shell's (≈ 1.4 KB, ≈ 37 variables) and one with a long environment (≈ 6 KB, 99 variables: a CI job's, a pod's among many services) past the 4096 bytes of proc.env that the kernel scans, the same bytes every run, one right after the other (count %s each, in %s, %s s), so each difference is what such an environment adds to the exec path: context, not deciding. None of these execs matches a rule: the records column (what the agent received during the run, ÷ fork+execs; the machine's other processes count too) stays ≈ 0 for all three. Exec path: %s.%s\n",
		C["envexec" SUBSEP "d_synthetic", "ex_path"], ENVIRON["META_ENVEXEC_COUNT"], ENVIRON["META_ENVEXEC_SESSION"], ENVIRON["META_ENVEXEC_S"], EXDEF,
		EXNOTE == "" ? "" : " Note: " EXNOTE > md
}
function envexec_json(k, diff) {
	return sprintf("{\"n\":%d,\"center\":%s,\"center_se_pct\":%s,\"median\":%s,\"min\":%s,\"max\":%s,\"bpf_ns_per_op\":%s,\"pexec_runs_per_op\":%s,\"records_per_op\":%s}",
		C[k, "ex_path"], jnum(ctr(k, "ex_path")), jnum(sep(k, "ex_path")), jnum(med(k, "ex_path")), jnum(mn(k, "ex_path")), jnum(mx(k, "ex_path")),
		jnum(diff ? med(k, "ex_bpf_op") : ctr(k, "ex_bpf_op")), jnum(ctr(k, "ex_runs")), jnum(C[k, "ex_events"] ? med(k, "ex_events") : ""))
}
# Where the programs' nanoseconds go on workload W, by attach point (bpf_stats per program; a
# tail-called program counts in its caller's), lanner beside the floor and ship-everything
function attach_table(w,    i, g, r, kl, kf, ks, d) {
	kl = w SUBSEP "lanner"; kf = w SUBSEP "floor"; ks = w SUBSEP "ship"
	if (!C[kl, "tp_exit"] && !C[kf, "tp_exit"]) return
	printf "\nWhere the programs' own time goes per %s, by attach point (bpf_stats of each program; a tail-called program — an exit program's per-syscall handler, the exec record's rule parts — counts in its caller's):\n\n", opname(w) > md
	table("", 1, "", sprintf("attach point | lanner ns/%s | lanner runs/%s | lanner ns/run | floor ns/%s | floor ns/run | lanner − floor ns/%s | ship ns/%s (context)",
		opname(w), opname(w), opname(w), opname(w), opname(w)))
	split("tp_enter runs_enter sys_enter (every syscall's entry)|tp_exit runs_exit sys_exit (every syscall's exit: per-syscall handler, execve's included)|" \
		"tp_pexec runs_pexec sched_process_exec (exec path: process map, exec capture, rule parts)|tp_pfork runs_pfork sched_process_fork|" \
		"tp_pexit runs_pexit sched_process_exit|tp_other - elsewhere", AT, "|")
	for (i = 1; i <= 6; i++) {
		split(AT[i], t, " ")
		g = t[1]; r = t[2]; lab = substr(AT[i], length(g) + length(r) + 3)
		d = (ctr(kl, g) != "" && ctr(kf, g) != "") ? sprintf("%.0f", ctr(kl, g) - ctr(kf, g)) : "—"
		printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", lab, cell(kl, g), r == "-" ? "—" : fmt(ctr(kl, r), 2),
			r == "-" ? "—" : per_run(kl, g, r), cell(kf, g), r == "-" ? "—" : per_run(kf, g, r), d, cell(ks, g) > md
	}
	printf "| all programs | %s | | | %s | | %s | %s |\n", cell(kl, "bpf_ns_op"), cell(kf, "bpf_ns_op"),
		(ctr(kl, "bpf_ns_op") != "" && ctr(kf, "bpf_ns_op") != "") ? sprintf("%.0f", ctr(kl, "bpf_ns_op") - ctr(kf, "bpf_ns_op")) : "—", cell(ks, "bpf_ns_op") > md
	group_table(w)
}
# table(TITLE, N, WHY_NOT, COLS): a "## TITLE" section (none when TITLE is ""), then WHY_NOT when
# there are no rows (N = 0), else the header row of COLS ("a | b | c") and its rule; 1 when rows
# are to follow
function table(title, n, why_not, cols,    k, i, rule) {
	if (title != "") print "\n## " title "\n" > md
	if (n == 0) {
		print why_not > md
		return 0
	}
	k = split(cols, HC, "|")
	rule = "|"
	for (i = 1; i <= k; i++) rule = rule "---|"
	print "| " cols " |" > md
	print rule > md
	return 1
}

END {
	# paired figure: sys per op added vs the no-agent session of the same round and workload (each
	# the mean of its samples)
	for (i = 1; i <= nr; i++) {
		split(RUN[i], f, "\t")
		if (f[2] == "none" || ((f[1], f[2], f[3]) in PAIRED) || !((f[1], f[2], f[3]) in SYS) || !((f[1], "none", f[3]) in SYS))
			continue
		PAIRED[f[1], f[2], f[3]] = 1
		add(f[1] SUBSEP f[2], "sys_add_ns", (SYS[f[1], f[2], f[3]] / SYSN[f[1], f[2], f[3]] - SYS[f[1], "none", f[3]] / SYSN[f[1], "none", f[3]]) * 1000)
	}
	# the deciding ratios: each sample of a mode with programs ÷ the fast-half mean of the run's
	# baseline samples (no agent's workload CPU; the floor's BPF ns), so that their fast-half mean
	# is the ratio of the two fast-half means
	for (i = 1; i <= nw; i++) {
		w = W[i]
		rel_base(w, "rel_sys", "none", "sys_us_op"); rel_base(w, "rel_cpu", "none", "cpu_us_op")
		rel_base(w, "rel_bpf_sc", "floor", "bpf_ns_sc"); rel_base(w, "rel_bpf_op", "floor", "bpf_ns_op")
	}
	for (i = 1; i <= nr; i++) {
		split(RUN[i], f, "\t")
		w = f[1]; m = f[2]; ops = f[4] + 0
		if (m == "none" || m == "paired" || index(f[21], "workload-failed") || ops <= 0) continue
		k = w SUBSEP m
		if (RELB[w, "rel_sys"] > 0) add(k, "rel_sys", (f[7] / ops * 1e6) / RELB[w, "rel_sys"])
		if (RELB[w, "rel_cpu"] > 0) add(k, "rel_cpu", ((f[6] + f[7]) / ops * 1e6) / RELB[w, "rel_cpu"])
		if (m == "floor" || (w in PAIRW)) continue # paired: lanner's BPF ratios came with the pairs
		if (RELB[w, "rel_bpf_op"] > 0 && f[9] != "" && f[10] + 0 > 0)
			add(k, "rel_bpf_op", (f[9] / ops) / RELB[w, "rel_bpf_op"])
		if (RELB[w, "rel_bpf_sc"] > 0 && f[12] + 0 > 0 && f[14] + 0 > 0)
			add(k, "rel_bpf_sc", (f[11] / f[12] + f[13] / f[14]) / RELB[w, "rel_bpf_sc"])
	}
	if (ANYPAIR) {
		LABEL["rel_bpf_sc"] = "BPF ns/syscall ÷ floor beside it (paired)"
		LABEL["rel_bpf_op"] = "BPF ns/op ÷ floor beside it (paired)"
	}
	for (kr in RND) { split(kr, t, SUBSEP); NRND[t[1] SUBSEP t[2]]++ } # rounds per workload × mode
	envexec_calc()
	dirty = (ENVIRON["META_DIRTY"] + 0 > 0)
	quick = (ENVIRON["META_QUICK"] == 1)
	budget = (ENVIRON["META_BUDGET"] == 1)
	# ---------------- markdown ----------------
	print "# Lanner benchmarks — latest run" > md
	print "" > md
	printf "%s, commit %s%s, kernel %s, %s CPUs, %s rounds (modes interleaved in rotated order each round; the context modes in the first %s; samples of every workload per session: %s), count scale %s%s, %ss measured (+ %ss before: the first agent start, %s). Workload pinned: %s.\n",
		ENVIRON["META_DATE"], ENVIRON["META_COMMIT"], dirty ? " (+ uncommitted changes in the tree)" : "",
		ENVIRON["META_KERNEL"], ENVIRON["META_CPUS"], ENVIRON["META_ROUNDS"], ENVIRON["META_CONTEXT_ROUNDS"],
		ENVIRON["META_REPS"] == "" ? "1" : ENVIRON["META_REPS"],
		ENVIRON["META_SCALE"] (ENVIRON["META_WSCALE"] == "" ? "" : "; sized to this machine: " ENVIRON["META_WSCALE"]),
		quick ? " (QUICK mode: a smoke run, not for comparison)" : "", ENVIRON["META_ELAPSED"], ENVIRON["META_PREP"],
		ENVIRON["META_FIRST_LOAD"] == "" ? "none" : ENVIRON["META_FIRST_LOAD"],
		ENVIRON["META_PIN"] == "" ? "no" : "`" ENVIRON["META_PIN"] "` (agents on the other CPUs)" > md
	printf "\nLoad average at start: %s; at the end: %s (anything else running widens the spreads). Hypervisor steal time over the measured part: %s ms.\n",
		ENVIRON["META_LOAD0"], ENVIRON["META_LOAD1"], ENVIRON["META_STEAL_MS"] == "" ? "?" : ENVIRON["META_STEAL_MS"] > md
	if (ENVIRON["META_OTHERS"] != "")
		print "\n**Warning: other agents were running during this benchmark (figures perturbed):** `" ENVIRON["META_OTHERS"] "`" > md
	if (budget)
		print "\n**Warning: the time budget ran out; some rounds or phases were skipped (see the counts).**" > md
	if (ENVIRON["META_AGENT_NOTES"] != "")
		print "\nAgents that needed more than SIGINT to stop: " ENVIRON["META_AGENT_NOTES"] > md
	print "\nGenerated by `make bench` (bench/run.sh). Each cell: the centre — the 20 % trimmed mean over every sample (all rounds × samples per session: the lowest and highest 20 % set aside, the rest averaged); for the relative figures (÷ no agent's, ÷ the floor's) the ratio of the two modes' fast-half means, below —, ± its standard error as % of it, and in brackets the spread (max − min) as % of it; the JSON also has the median and quartiles. `bench/compare.sh` (the newest three reports in bench/results/runs/, or the files given) checks three runs against each other: every deciding figure within ±5 %." > md
	print "\n**Deciding figures** (counted, not timed; `*` below), all of lanner relative to its own run, so that a drift of the whole machine between runs cancels: *workload CPU ÷ no agent's* — the workload's system CPU (and user+sys) from `wait4` rusage (its waited-for children included) per operation, lanner's fast-half mean (the mean of its samples at or below their median) divided by the no-agent runs' fast-half mean (this kernel splits user from sys by sampling ticks, so the split carries a sampling error; user+sys is exact: the scheduler's runtime; on fork_exec only the exact one decides); *BPF ns ÷ the floor's* — the programs' own run time from the kernel's bpf_stats (held on for the whole benchmark; every program the agent holds, a tail call counted in its caller), per syscall as the sys_enter program's ns/run + the sys_exit program's ns/run, and per operation as all programs' ns ÷ operations (every process's syscalls meanwhile count, the workload's dominate), lanner's fast-half mean divided by the floor's (the empty programs); the machine's slow moments only add time and cost lanner's programs about twice what they cost the baselines, so each mode's slower half is set aside and the standard errors of the two halves combine; *agent CPU* — user+sys of every agent thread from schedstat (ns), from before the workload until the agent drained its backlog (its idle work in that window included), as % of the workload's user+sys. They decide on open_storm, fork_exec and tcp_storm. The absolute figures (µs, ns) are beside them: the targets are read there, but they carry the machine's speed of the day (the no-agent figures move with it). Context: events to userspace per operation (the agent's own counters), wall-clock per operation, the sys time added against the no-agent run of the same round, ship and bpftrace (fewer rounds). Which figures are noisy by construction, and why: bench/README.md." > md
	if (ANYPAIR)
		print "\n**BPF ratios by paired samples** (this run): each lanner session ends with one more run of every workload with the floor's empty programs loaded beside lanner's, so both programs' bpf_stats cover the same syscalls at the same moments; lanner's BPF ratio is the fast half of those samples' ratios (lanner ÷ the floor beside it), its standard error the fast half's own. The floor's own sessions run in the context rounds only. Why: bench/README.md." > md
	print "\n## Modes\n" > md
	for (i = 1; i <= nm; i++) {
		m = M[i]
		printf "- **%s**: %s%s\n", m, MLAB[m], MAV[m] == 1 ? "" : " — **not available** (" MWHY[m] ")" > md
	}
	# headline: the figures the targets name, lanner beside the floor and ship-everything
	table("Headline: lanner beside the floor and ship-everything", 1, "",
		"figure | lanner | floor | ship (context) | no agent | target (lanner)")
	for (i = 1; i <= nh; i++) {
		split(HL[i], t, " ")
		w = t[1]; g = t[2]; tg = t[3]; gsub(/_/, " ", tg)
		if (!((w SUBSEP "lanner") in N) && !((w SUBSEP "floor") in N) && !((w SUBSEP "ship") in N)) continue
		printf "| %s: %s%s | %s | %s | %s | %s | %s |\n", w, g == "bpf_ns_op" ? "BPF ns per " opname(w) : LABEL[g], decides(w, "lanner", g) ? " *" : "",
			cell(w SUBSEP "lanner", g), cell(w SUBSEP "floor", g), cell(w SUBSEP "ship", g), cell(w SUBSEP "none", g), tg == "" ? "—" : tg > md
		if (w == "fork_exec" && g == "bpf_ns_op" && split_groups(w))
			printf "| fork_exec: BPF ns per exec on the exec path (execve's exit + sched_process_exec, per sched_process_exec run; profile split, below) | %s | %s | — | — | ≤ 1,000 read per exec path |\n",
				per_exec(w SUBSEP "lanner", GNS["exec"]), per_exec(w SUBSEP "floor", ctr(w SUBSEP "floor", "tp_pexec") + (per_run(w SUBSEP "floor", "tp_exit", "runs_exit") == "—" ? 0 : per_run(w SUBSEP "floor", "tp_exit", "runs_exit"))) > md
	}
	for (wi = 1; wi <= nw; wi++) {
		w = W[wi]
		table(sprintf("%s — %s (count %s)", w, WDESC[w], WCNT[w]), 1, "",
			sprintf("mode | samples (rounds) | workload sys µs/%s | workload user+sys µs/%s | BPF ns/syscall | BPF ns/%s | agent CPU %% of workload | agent CPU µs/%s | events to userspace/%s | lost | alerts / expected",
				opname(w), opname(w), opname(w), opname(w), opname(w)))
		for (i = 1; i <= nm; i++) {
			m = M[i]; k = w SUBSEP m
			if (N[k] == 0) {
				printf "| %s | 0 | %s | | | | | | | | |\n", m, FAILED[k] ? "every run failed (see note)" : "not available: " (MWHY[m] == "" ? "not run" : MWHY[m]) > md
				continue
			}
			al = "—"
			if (ALN[k] > 0)
				al = (ALOK[k] == ALN[k]) ? sprintf("%d / %d ✓", med(k, "alerts"), med(k, "exp")) : sprintf("%d–%d / %d ✗", mn(k, "alerts"), mx(k, "alerts"), med(k, "exp"))
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", m, N[k] " (" NRND[k] ")" (FAILED[k] ? " (+" FAILED[k] " failed)" : ""),
				dcell(w, m, "sys_us_op"), dcell(w, m, "cpu_us_op"), dcell(w, m, "bpf_ns_sc"), dcell(w, m, "bpf_ns_op"),
				dcell(w, m, "agent_pct"), dcell(w, m, "agent_us_op"), dcell(w, m, "ev_op"), m == "none" ? "—" : fmt(sum(k, "lost"), 0), al > md
		}
		printf "\nContext:\n\n" > md
		table("", 1, "", sprintf("mode | wall µs/%s | wall ratio | sys ns/%s added (same round) | agent peak RSS MB | load ms | machine reference ns/step (before each sample)", opname(w), opname(w)))
		base = ctr(w SUBSEP "none", "wall_us_op")
		for (i = 1; i <= nm; i++) {
			m = M[i]; k = w SUBSEP m
			if (N[k] == 0) continue
			hwm = mx(k, "hwm")
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", m, cell(k, "wall_us_op"),
				(base != "" && base > 0) ? sprintf("%.3f×", ctr(k, "wall_us_op") / base) : "—",
				m == "none" ? "—" : cell(k, "sys_add_ns"), hwm == "" ? "—" : sprintf("%.1f", hwm / 1024), fmt(med(k, "load"), 0), cell(k, "ref_ns") > md
		}
		k = w SUBSEP "lanner"
		if (w in PAIRW)
			printf "\nPaired samples (after lanner's own in each lanner session, the floor's empty programs loaded beside lanner's, the same workload run; they decide the BPF ratios): %d; lanner %s ns/syscall, the floor beside it %s ns/syscall (%s ns/%s); lanner ÷ the floor beside it, per sample, fast half: %s per syscall, %s per %s.\n",
				C[k, "pl_bpf_sc"], cell(k, "pl_bpf_sc"), cell(k, "pf_bpf_sc"), cell(k, "pf_bpf_op"), opname(w), cell(k, "rel_bpf_sc"), cell(k, "rel_bpf_op"), opname(w) > md
		if (w == "fork_exec") attach_table(w)
		for (i = 1; i <= nm; i++) {
			k = w SUBSEP M[i]
			if (NOTE[k] != "") printf "\nNote (%s): %s\n", M[i], NOTE[k] > md
		}
		if (w == "fork_exec") envexec_table()
	}
	if (table("Benign workload with all three rulesets", nbn, "Not run (BENCH_BENIGN_RUNS=0, the budget, or no lanner mode).",
		"mode | run | wall s | syscalls | events to userspace | alerts | events per alert | events per 1,000 syscalls | agent CPU % of workload | lost | note")) {
		for (i = 1; i <= nbn; i++) {
			split(BN[i], f, "\t")
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], fmt(f[3], 1), f[7], f[8], f[10],
				(f[10] + 0 > 0) ? sprintf("%.1f", f[8] / f[10]) : "no alert", (f[7] + 0 > 0) ? sprintf("%.2f", 1000 * f[8] / f[7]) : "—",
				(f[4] + f[5] > 0) ? sprintf("%.2f", 100 * f[6] / (f[4] + f[5])) : "—", f[9], f[11] > md
		}
		printf "\nPer run, `bench/workloads/benign.sh` × %s iterations: a C build (3 of this project's files with cc), package queries (dpkg -l, dpkg -S, apt-cache policy), 40 HTTP requests to a loopback python3 http.server, one podman container start / 2 execs / stop. Syscalls: runs of the agent's sys_enter program (every syscall on the machine meanwhile). Alerts: every alert the agent raised meanwhile.%s\n", ENVIRON["META_BENIGN_ITERS"],
			ENVIRON["META_BENIGN_NOTE"] == "" ? "" : " **" ENVIRON["META_BENIGN_NOTE"] "**" > md
	}
	if (table("Alert storm: loss vs paced alert rate", nrate, "Not run (BENCH_FULL=1 runs it).",
		"mode | target alerts/s | achieved alerts/s | ops | events to user | lost | alerts / expected | note")) {
		for (i = 1; i <= nrate; i++) {
			split(RATE[i], f, "\t")
			printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], f[4], f[5], f[6],
				f[7] == "" ? "—" : f[7] " / " f[8] (f[7] == f[8] ? " ✓" : " ✗"), f[9] > md
		}
	}
	if (table("Scaling: N generated secret-file rules (distinct paths), open storm", nsc, "Not run (BENCH_FULL=1 runs it).",
		"rules | front end + pushdown s (`lanner-gen --explain`) | generate+compile s | load ms | BPF ns/syscall median (min–max) | workload sys µs/op | runs")) {
		for (i = 1; i <= nsc; i++) {
			split(SC[i], f, "\t")
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[11] == "" ? "—" : f[11] " (" f[12] ")", f[2] != "" ? f[2] : f[3],
				f[4] != "" ? f[4] : f[5], f[6] == "" ? "—" : f[6] " (" f[7] "–" f[8] ")", f[9] == "" ? "—" : f[9], f[10] > md
		}
	}

	# ---------------- json ----------------
	printf "{\"meta\":{\"center\":\"trimmed_mean_%d\",\"rel_center\":\"fast_half_ratio\",\"rel_bpf\":%s,\"samples_per_session\":%s,\"steal_ms\":%s,\"date\":%s,\"commit\":%s,\"uncommitted_changes\":%s,\"kernel\":%s,\"cpus\":%s,\"rounds\":%s,\"context_rounds\":%s,\"scale\":%s,\"sized_counts\":%s,\"quick\":%s,\"pinned\":%s,\"elapsed_s\":%s,\"prep_s\":%s,\"first_load\":%s,\"budget_exhausted\":%s,\"loadavg_start\":%s,\"loadavg_end\":%s,\"other_agents\":%s},\n",
		100 * TRIM, ANYPAIR ? "\"paired_floor_fast_half\"" : "\"floor_sessions_fast_half\"", jstr(ENVIRON["META_REPS"]), jnum(ENVIRON["META_STEAL_MS"]), jstr(ENVIRON["META_DATE"]), jstr(ENVIRON["META_COMMIT"]), dirty ? "true" : "false",
		jstr(ENVIRON["META_KERNEL"]), jnum(ENVIRON["META_CPUS"]), jnum(ENVIRON["META_ROUNDS"]), jnum(ENVIRON["META_CONTEXT_ROUNDS"]),
		jnum(ENVIRON["META_SCALE"]), jstr(ENVIRON["META_WSCALE"]), quick ? "true" : "false", jstr(ENVIRON["META_PIN"]), jnum(ENVIRON["META_ELAPSED"]),
		jnum(ENVIRON["META_PREP"]), jstr(ENVIRON["META_FIRST_LOAD"]), budget ? "true" : "false", jstr(ENVIRON["META_LOAD0"]), jstr(ENVIRON["META_LOAD1"]), jstr(ENVIRON["META_OTHERS"]) > json
	printf "\"modes\":[" > json
	for (i = 1; i <= nm; i++)
		printf "%s{\"mode\":%s,\"label\":%s,\"available\":%s,\"reason\":%s}", (i > 1) ? "," : "", jstr(M[i]), jstr(MLAB[M[i]]),
			MAV[M[i]] == 1 ? "true" : "false", MWHY[M[i]] == "" ? "null" : jstr(MWHY[M[i]]) > json
	printf "],\n\"figures\":[" > json
	first = 1
	for (wi = 1; wi <= nw + 1; wi++) {
		w = wi <= nw ? W[wi] : "benign"
		for (i = 1; i <= nm; i++) {
			m = M[i]; k = w SUBSEP m
			for (j = 1; j <= nf; j++) {
				g = FIG[j]
				if (C[k, g] + 0 == 0) continue
				fl = FLOOR[g]
				if (fl < 0) fl = 0.0005 * ctr(k, "cpu_us_op")
				printf "%s\n{\"workload\":%s,\"mode\":%s,\"figure\":%s,\"label\":%s,\"deciding\":%s,\"n\":%d,\"rounds\":%d,\"center\":%s,\"center_se_pct\":%s,\"median\":%s,\"min\":%s,\"max\":%s,\"q1\":%s,\"q3\":%s,\"range_pct\":%s,\"iqr_pct\":%s,\"floor\":%s}",
					first ? "" : ",", jstr(w), jstr(m), jstr(g), jstr(LABEL[g]), decides(w, m, g) ? "true" : "false", C[k, g], NRND[k],
					jnum(ctr(k, g)), jnum(sep(k, g)), jnum(med(k, g)), jnum(mn(k, g)), jnum(mx(k, g)), jnum(quant(k, g, 0.25)), jnum(quant(k, g, 0.75)),
					jnum(rng(k, g)), jnum(iqr(k, g)), jnum(fl) > json
				first = 0
			}
		}
	}
	printf "],\n\"results\":[" > json
	first = 1
	for (wi = 1; wi <= nw; wi++) {
		w = W[wi]
		for (i = 1; i <= nm; i++) {
			m = M[i]; k = w SUBSEP m
			printf "%s\n{\"workload\":%s,\"count\":%s,\"mode\":%s,\"rounds\":%d,\"failed_runs\":%d,\"ops_median\":%s,\"lost_total\":%s,\"alerts_median\":%s,\"alerts_expected\":%s,\"alerts_ok\":%s,\"agent_peak_rss_kb\":%s,\"load_ms_median\":%s,\"notes\":%s}",
				first ? "" : ",", jstr(w), jnum(WCNT[w]), jstr(m), N[k], FAILED[k], jnum(med(k, "ops")), jnum(sum(k, "lost")),
				jnum(med(k, "alerts")), jnum(med(k, "exp")), (ALN[k] + 0 > 0) ? (ALOK[k] == ALN[k] ? "true" : "false") : "null",
				jnum(mx(k, "hwm")), jnum(med(k, "load")), NOTE[k] == "" ? "null" : jstr(NOTE[k]) > json
			first = 0
		}
	}
	printf "],\n\"benign\":[" > json
	for (i = 1; i <= nbn; i++) {
		split(BN[i], f, "\t")
		printf "%s{\"mode\":%s,\"run\":%s,\"wall_s\":%s,\"user_s\":%s,\"sys_s\":%s,\"agent_cpu_s\":%s,\"syscalls\":%s,\"events_user\":%s,\"lost\":%s,\"alerts\":%s,\"events_per_alert\":%s,\"events_per_1000_syscalls\":%s,\"note\":%s}",
			(i > 1) ? "," : "", jstr(f[1]), jnum(f[2]), jnum(f[3]), jnum(f[4]), jnum(f[5]), jnum(f[6]), jnum(f[7]), jnum(f[8]), jnum(f[9]), jnum(f[10]),
			(f[10] + 0 > 0) ? sprintf("%.3f", f[8] / f[10]) : "null", (f[7] + 0 > 0) ? sprintf("%.4f", 1000 * f[8] / f[7]) : "null",
			f[11] == "" ? "null" : jstr(f[11]) > json
	}
	printf "],\n\"alert_rates\":[" > json
	for (i = 1; i <= nrate; i++) {
		split(RATE[i], f, "\t")
		printf "%s{\"mode\":%s,\"target_alerts_per_s\":%s,\"achieved_alerts_per_s\":%s,\"ops\":%s,\"events_user\":%s,\"lost\":%s,\"alerts\":%s,\"expected\":%s,\"note\":%s}",
			(i > 1) ? "," : "", jstr(f[1]), jnum(f[2]), jnum(f[3]), jnum(f[4]), jnum(f[5]), jnum(f[6]), jnum(f[7]), jnum(f[8]), f[9] == "" ? "null" : jstr(f[9]) > json
	}
	printf "],\n\"scaling\":[" > json
	for (i = 1; i <= nsc; i++) {
		split(SC[i], f, "\t")
		printf "%s{\"rules\":%s,\"explain_s\":%s,\"explain_summary\":%s,\"gen_compile_s\":%s,\"gen_note\":%s,\"load_ms\":%s,\"load_note\":%s,\"bpf_ns_per_syscall\":%s,\"bpf_ns_per_syscall_min\":%s,\"bpf_ns_per_syscall_max\":%s,\"sys_us_per_op\":%s,\"runs\":%s}",
			(i > 1) ? "," : "", jnum(f[1]), jnum(f[11]), f[12] == "" ? "null" : jstr(f[12]), jnum(f[2]), f[3] == "" ? "null" : jstr(f[3]), jnum(f[4]), f[5] == "" ? "null" : jstr(f[5]),
			jnum(f[6]), jnum(f[7]), jnum(f[8]), jnum(f[9]), jnum(f[10]) > json
	}
	printf "],\n\"fork_exec_split\":{\"note\":%s,\"profile_samples\":%s,\"groups_ns_per_op\":{", jstr(ENVIRON["META_SPLIT_NOTE"]), jnum(SPLIT_TOTAL) > json
	if (split_groups("fork_exec"))
		printf "\"exec\":%s,\"fork\":%s,\"exit\":%s,\"other\":%s,\"enter\":%s", jnum(GNS["exec"]), jnum(GNS["fork"]), jnum(GNS["exit"]), jnum(GNS["other"]), jnum(GNS["enter"]) > json
	printf "},\"programs\":[" > json
	for (i = 1; i <= nsp; i++)
		printf "%s{\"tp\":%s,\"program\":%s,\"samples\":%d,\"ns_per_op\":%s}", (i > 1) ? "," : "", jstr(SPTP[i]), jstr(SPPROG[i]), SPN[i], (i in SPNS) ? jnum(SPNS[i]) : "null" > json
	# the exec-environment phase: context, in a key of its own (bench/compare.sh reads "figures")
	printf "]},\n\"fork_exec_env\":{\"deciding\":false,\"note\":%s,\"session\":%s,\"phase_s\":%s,\"count\":%s,\"env_bytes\":%s,\"env_vars\":%s,\"env_long_bytes\":%s,\"env_long_vars\":%s,\"definition\":%s,\"exec_path_ns_per_exec\":{\"empty\":%s,\"synthetic\":%s,\"difference\":%s,\"difference_of_centres\":%s,\"pairs\":%s,\"long\":%s,\"difference_long\":%s,\"difference_long_of_centres\":%s,\"triples_long\":%s}",
		jstr(ENVIRON["META_ENVEXEC_NOTE"] (EXNOTE == "" ? "" : (ENVIRON["META_ENVEXEC_NOTE"] == "" ? "" : "; ") EXNOTE)), jstr(ENVIRON["META_ENVEXEC_SESSION"]),
		jnum(ENVIRON["META_ENVEXEC_S"]), jnum(ENVIRON["META_ENVEXEC_COUNT"]), jnum(EXBYTES["synthetic"]), jnum(EXVARS["synthetic"]),
		jnum(EXBYTES["long"]), jnum(EXVARS["long"]), jstr(EXDEF),
		envexec_json(ke), envexec_json("envexec" SUBSEP "synthetic"), jnum(EXD["synthetic"]), jnum(EXDC["synthetic"]), envexec_json("envexec" SUBSEP "d_synthetic", 1),
		envexec_json("envexec" SUBSEP "long"), jnum(EXD["long"]), jnum(EXDC["long"]), envexec_json("envexec" SUBSEP "d_long", 1) > json
	printf ",\"samples\":[" > json
	for (i = 1; i <= nex; i++) {
		n = split(EX[i], f, "\t")
		printf "%s[%s,%s", (i > 1) ? "," : "", jstr(f[1]), jnum(f[2]) > json
		for (j = 3; j <= 21; j++) printf ",%s", jnum(f[j]) > json
		printf ",%s,%s]", jstr(f[22]), (i in EXV) ? jnum(EXV[i]) : "null" > json
	}
	printf "],\"samples_columns\":[\"env\",\"sample\",\"env_bytes\",\"env_vars\",\"ops\",\"wall_s\",\"user_s\",\"sys_s\",\"bpf_ns\",\"bpf_runs\",\"enter_ns\",\"enter_runs\",\"exit_ns\",\"exit_runs\",\"pexec_ns\",\"pexec_runs\",\"pfork_ns\",\"pfork_runs\",\"pexit_ns\",\"pexit_runs\",\"events\",\"note\",\"exec_path_ns_per_exec\"]},\n\"runs\":[" > json
	for (i = 1; i <= nr; i++) {
		n = split(RUN[i], f, "\t")
		printf "%s\n[%s,%s,%s", (i > 1) ? "," : "", jstr(f[1]), jstr(f[2]), jnum(f[3]) > json
		for (j = 4; j <= 20; j++) printf ",%s", jnum(f[j]) > json
		printf ",%s", jstr(f[21]) > json
		for (j = 22; j <= 37; j++) printf ",%s", jnum(f[j]) > json
		printf "]" > json
	}
	printf "],\n\"runs_columns\":[\"workload\",\"mode\",\"round\",\"ops\",\"wall_s\",\"user_s\",\"sys_s\",\"agent_cpu_s\",\"bpf_ns\",\"bpf_runs\",\"enter_ns\",\"enter_runs\",\"exit_ns\",\"exit_runs\",\"events_user\",\"lost\",\"alerts\",\"expected\",\"load_ms\",\"agent_hwm_kb\",\"note\",\"sample\",\"pexec_ns\",\"pexec_runs\",\"pfork_ns\",\"pfork_runs\",\"pexit_ns\",\"pexit_runs\",\"reported_kib\",\"t_s\",\"ref_ns\",\"pf_bpf_ns\",\"pf_bpf_runs\",\"pf_enter_ns\",\"pf_enter_runs\",\"pf_exit_ns\",\"pf_exit_runs\"]}\n" > json
}
