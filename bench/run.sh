#!/usr/bin/env bash
# bench/run.sh — Lanner's benchmark driver (`make bench`). See bench/README.md.
#
# The figures that decide are counted, not timed: the workload's CPU per operation (wait4 rusage),
# the BPF programs' own run time (the kernel's bpf_stats, read from the agent's program fds) and
# the agent's CPU (schedstat of its threads, in ns). They are taken in ROUNDS; each round runs every
# mode once, in a rotated order (round r starts with mode r), and each mode runs every workload in
# one agent session (an agent with Falco's three rulesets takes seconds to load): a warm-up of every
# workload, then BENCH_REPS samples of each (default one: samples of one session share the
# machine's moment, so more sessions, not more samples per session, make the figures precise),
# with the counters read before and after each sample. Each figure's centre is the 20 % trimmed
# mean over its samples (all rounds); the deciding figures, lanner relative to the baselines, are
# the ratios of the modes' fast-half means (the mean of the samples at or below the median) — for
# the BPF ratios, the fast half of the per-sample ratios of the paired samples, where each lanner
# session runs every workload once more with the floor's empty programs loaded beside lanner's. The
# report gives each with its standard error and its spread (min–max as % of the centre; the
# median and quartiles in the JSON); bench/compare.sh checks three reports against each other.
# Why this method: bench/README.md. Wall-clock is reported as context.
#
# Then: a CPU profile (perf) of one lanner fork+exec storm, which splits the programs' time by
# program (the exit dispatcher's per-syscall handlers, the exec path's parts); the exec path's cost
# with a realistic environment (fork+exec storms with the empty one, a synthetic 1.4 KB one and a
# long 6 KB one, in turn, in one lanner session: context); the benign workload
# (a C build, package queries, a loopback web server, container churn)
# with all three rulesets: events reaching userspace per alert and per 1,000 syscalls; with
# BENCH_FULL=1 also the alert storm's loss vs paced rate and the scaling run (1 … 1000 generated
# secret-file rules).
#
# A mode that cannot run here (binary missing, load failure) is reported as "not available
# (reason)"; the driver never fails because of one. Agents are always stopped: SIGINT, then
# SIGTERM, then SIGKILL after a grace period (and by the EXIT trap).
#
# Environment (all optional):
#   BENCH_QUICK=1         a smoke run (≈ 1–2 minutes): 3 rounds, counts × 0.25, benign × 1 iteration
#   BENCH_FULL=1          also the context phases: busy_server and alert_storm workloads, bpftrace
#                         mode, alert-rate loss sweep, scaling run (adds ≈ 4 minutes)
#   BENCH_ROUNDS=N        rounds of the main matrix (default 14; quick 3)
#   BENCH_REPS="M=N …"    samples of every workload per session of mode M (default: 1 for every
#                         mode; a mode not named: 1; quick "lanner=2")
#   BENCH_CONTEXT_ROUNDS=N  rounds that also run the context modes ship and bpftrace (default 3)
#   BENCH_SCALE=F         multiply every workload count by F (quick: 0.25); no sizing to the machine
#   BENCH_CALIBRATE=0     keep the base counts on a slow machine (default: size the deciding
#                         workloads' counts so a sample takes about what it took where they were
#                         chosen; see TARGET_S)
#   BENCH_MODES="…"       subset of: none floor lanner ship bpftrace
#   BENCH_WORKLOADS="…"   subset of: open_storm fork_exec tcp_storm busy_server alert_storm
#   BENCH_BENIGN_RUNS=N   runs of the benign workload in the lanner mode (default 1; 0 skips it; ship: one)
#   BENCH_BENIGN_ITERS=N  iterations of the benign workload per run (default 3; quick 1)
#   BENCH_SCALING="…"     rule counts for the scaling run (full: "1 10 100 1000"; "" skips it)
#   BENCH_RATES="…"       alert-storm paced rates in alerts/s for the loss sweep (full; "" skips it)
#   BENCH_BUDGET_S=S      start no new round or phase after S seconds of measuring (default 480;
#                         full 660); a round only while BENCH_RESERVE_S (60; full 240) stay for the
#                         later phases (both defaults + the exec-environment phase's allowance,
#                         BENCH_ENV_EXEC). The first agent start, which may compile the rules, is
#                         not counted: it happens before the clock starts
#   BENCH_PIN=0           do not pin the workload to the last CPU and the agent to the others
#   BENCH_PAIRED=0        no paired samples: the lanner session's BPF ns are divided by the floor's
#                         own sessions (run every round then), as before the paired floor
#   BENCH_PROFILE=0       skip the fork+exec profile (perf) that splits the exit programs' time by
#                         syscall handler (default: on when perf is installed and lanner runs)
#   BENCH_ENV_EXEC=N      triples of fork+exec runs (empty, synthetic, long environment) in the
#                         exec-environment phase (default 5; 0 skips it); its time (45 s in the
#                         profile's session, 65 s in its own) is added to the default budget and
#                         reserve
#   BENCH_ATTACH_TIMEOUT=S  limit of one agent start; the first may compile (default 600)
#   BENCH_GEN_TIMEOUT=S   scaling run: limit of one lanner-gen bundle build (default 120)
#   BENCH_OUT=DIR         output folder (default bench/results; every run is also kept in DIR/runs/)
#   LANNER, LANNER_GEN    binaries (default build/lanner, build/lanner-gen)
#   LANNER_GEN_OUT_FLAG   lanner-gen's bundle-output option (default -b)
#   LANNER_RULE_ARGS      rules of the lanner and ship modes (default: Falco's stable,
#                         incubating and sandbox rules, then rules/examples/secret-file.yaml)
#   LANNER_READY          regex on the agent's stderr meaning "attached" (default below)
#   LANNER_CACHE_DIR      where lanner caches the compiled rules (default $BUILD/bench/cache)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

BUILD=${BUILD:-build}
B=$BUILD/bench
LANNER=${LANNER:-$BUILD/lanner}
GEN=${LANNER_GEN:-$BUILD/lanner-gen}
GEN_OUT_FLAG=${LANNER_GEN_OUT_FLAG:--b}
GEN_TIMEOUT=${BENCH_GEN_TIMEOUT:-120}
ATTACH_TIMEOUT=${BENCH_ATTACH_TIMEOUT:-600}
FALCO_DIR=${FALCO_DIR:-$root/../shared/falco}
SECRET_RULE=$root/rules/examples/secret-file.yaml
OUT=${BENCH_OUT:-bench/results}
# The compiled rules are cached in a folder of this build's own: the machine-wide cache is shared
# with every other checkout, whose builds would invalidate it (or recompile it) meanwhile.
case $BUILD in /*) cache_dir=$BUILD/bench/cache ;; *) cache_dir=$root/$BUILD/bench/cache ;; esac
export LANNER_CACHE_DIR=${LANNER_CACHE_DIR:-$cache_dir}
QUICK=${BENCH_QUICK:-0}
FULL=${BENCH_FULL:-0}
if [ "$QUICK" = 1 ]; then
	ROUNDS=${BENCH_ROUNDS:-3}
	REPS_SPEC=${BENCH_REPS:-lanner=2}
	SCALE=${BENCH_SCALE:-0.25}
	BENIGN_ITERS=${BENCH_BENIGN_ITERS:-1}
else
	ROUNDS=${BENCH_ROUNDS:-14}
	REPS_SPEC=${BENCH_REPS:-}
	SCALE=${BENCH_SCALE:-1}
	BENIGN_ITERS=${BENCH_BENIGN_ITERS:-3}
fi
BENIGN_RUNS=${BENCH_BENIGN_RUNS:-1}
CONTEXT_ROUNDS=${BENCH_CONTEXT_ROUNDS:-3}
# What decides (the storms the issue's targets name, the floor, lanner, ship-everything beside it)
# runs by default; BENCH_FULL=1 adds the context phases.
if [ "$FULL" = 1 ]; then
	MODES=${BENCH_MODES:-none floor lanner ship bpftrace}
	WORKLOADS=${BENCH_WORKLOADS:-open_storm fork_exec tcp_storm busy_server alert_storm}
	SCALING=${BENCH_SCALING-1 10 100 1000}
	RATES=${BENCH_RATES-50000 100000 200000}
	BUDGET_S=${BENCH_BUDGET_S:-660}
	RESERVE_S=${BENCH_RESERVE_S:-240}
else
	MODES=${BENCH_MODES:-none floor lanner ship}
	WORKLOADS=${BENCH_WORKLOADS:-open_storm fork_exec tcp_storm}
	SCALING=${BENCH_SCALING-}
	RATES=${BENCH_RATES-}
	BUDGET_S=${BENCH_BUDGET_S:-480}
	RESERVE_S=${BENCH_RESERVE_S:-60} # of the budget, kept for the phases after the main matrix
fi
PIN=${BENCH_PIN:-1}
PROFILE=${BENCH_PROFILE:-1}
ENV_REPS=${BENCH_ENV_EXEC:-5}
case $ENV_REPS in
[0-9] | [1-9][0-9]) ;;
*) echo "bench: BENCH_ENV_EXEC: '$ENV_REPS' is not a number of samples (0 to 99)" >&2 && exit 1 ;;
esac
ENV_BYTES=1400 # a shell's environment here: ≈ 1.4 KB in ≈ 37 variables (fork_exec makes 37)
# A long one, past the 4096 bytes of proc.env that the kernel scans (LANNER_MAX_ENV, as Falco's
# driver keeps): a CI job's or a pod's in a namespace with many services (≈ 6 KB, 99 variables).
# Until 576f3c2 every such exec went to userspace; its row shows it does not.
ENV_LONG_BYTES=6000
# The exec-environment phase's allowance, on top of the default budget and reserve: the rounds
# keep the time they had before it (their figures stay comparable with earlier runs') and the
# other phases their reserve. It shares the profile's lanner session when there is one (15 runs
# of a quarter of the fork+exec count, three warm-ups and the agent's catching up after each
# run: ≈ 20 s on a fast machine, ≈ 40 on a slow one) and needs its own otherwise (the agent's
# start with the three rulesets adds 15–25 s).
ENV_S=0
if [ "$ENV_REPS" -gt 0 ] && case " $MODES " in *" lanner "*) true ;; *) false ;; esac &&
	case " $WORKLOADS " in *" fork_exec "*) true ;; *) false ;; esac; then
	if [ "$PROFILE" = 1 ] && command -v perf >/dev/null; then ENV_S=45; else ENV_S=65; fi
fi
[ -z "${BENCH_BUDGET_S:-}" ] && BUDGET_S=$((BUDGET_S + ENV_S))
[ -z "${BENCH_RESERVE_S:-}" ] && RESERVE_S=$((RESERVE_S + ENV_S))
PAIRED=${BENCH_PAIRED:-1}
READY_RE=${LANNER_READY:-attached|[Aa]ttaching|ready|[Ll]oaded}
MAX_WL_S=60 # every workload also stops itself after this many seconds
STATS_EVERY=0.25 # the lanner modes print their counters this often (read between workloads)

# Base counts: each takes roughly 0.5–1.5 s without an agent on the 2-core VM (fork_exec and
# tcp_storm were raised from 3000 and 25000: their samples were the shortest for their noise).
declare -A BASE=([open_storm]=800000 [fork_exec]=4000 [tcp_storm]=40000 [busy_server]=150000
	[alert_storm]=200000)
# Counts sized to the machine (BENCH_CALIBRATE, default on unless BENCH_SCALE is given): the
# deciding figures' spread comes from the number of rounds, and the rounds fill a fixed budget.
# On a machine where a sample of the base count takes several times what it took where the counts
# were chosen (no-agent fork_exec: 2.9 s there, 9.1–9.7 s on a PVM guest with pti=on), 3 rounds
# of 14 fit and three runs disagreed by up to 40 %. Before the rounds, each deciding workload runs
# once without an agent at a tenth of its count; one that would take longer than its target
# below (its time where the base counts were chosen, with some margin; open_storm's longer: at
# 0.6 s the agent's fixed work in a sample, a metrics line every 0.25 s, moved its CPU share by
# ±13 % between runs) is scaled down to about the target, never below a tenth of its count and
# never up. The report gives the factors.
declare -A TARGET_S=([open_storm]=1.2 [fork_exec]=3.5 [tcp_storm]=0.9)
declare -A WSCALE=()
CALIBRATE=${BENCH_CALIBRATE:-$([ -n "${BENCH_SCALE:-}" ] && echo 0 || echo 1)}
wscale_desc="" # "open_storm ×0.24 …" for the report; empty when nothing was scaled
declare -A WL_DESC=(
	[open_storm]="openat+close of a private temp file (matches no rule); 1 op = 2 syscalls"
	[fork_exec]="fork + execve /bin/true + waitpid; 1 op = 1 fork+exec"
	[tcp_storm]="connect/accept/close on 127.0.0.1 (server thread, client RST close)"
	[busy_server]="stat+open+read+close over 512 files in a temp tree, /bin/true every 2000 ops"
	[alert_storm]="openat+close of /tmp/secret: 2 secret-file events per op (openat, close)")
declare -A MODE_LABEL MODE_REASON AVAIL CONTEXT_MODE=([ship]=1 [bpftrace]=1) REPS
# With paired samples (below) the BPF ratios no longer need the floor's own sessions: they run in
# the context rounds only, which pays for the paired samples' time.
case " $MODES " in *" floor "*) [ "$PAIRED" = 1 ] && CONTEXT_MODE[floor]=1 ;; *) PAIRED=0 ;; esac
for kv in $REPS_SPEC; do
	case $kv in
	*=[1-9] | *=[1-9][0-9]) REPS[${kv%%=*}]=${kv#*=} ;;
	*) echo "bench: BENCH_REPS: '$kv' is not MODE=N (N from 1 to 99)" >&2 && exit 1 ;;
	esac
done

log() { printf '[bench %4ds] %s\n' $((SECONDS)) "$*" >&2; }
die() {
	echo "bench: $*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || die "needs root (BPF)"
for w in $WORKLOADS timeit floor floor.bpf.o probe; do
	[ -e "$B/$w" ] || die "$B/$w missing: run 'make bench' (or 'make bench-bin')"
done

tmp=$(mktemp -d /tmp/lanner-bench.XXXXXX)
apid="" gpid="" spid="" fpid=""
mounted_tracefs=0
created_secret=0
cleanup() {
	[ -n "$apid" ] && stop_agent
	[ -n "$fpid" ] && stop_pfloor
	[ -n "$gpid" ] && kill -KILL -- "-$gpid" 2>/dev/null
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	[ "$mounted_tracefs" = 1 ] && umount /sys/kernel/tracing 2>/dev/null
	rm -rf "$tmp"
	[ "$created_secret" = 1 ] && rm -f /tmp/secret
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT" "$LANNER_CACHE_DIR"

# CPU placement: the workload on the last CPU, agents (and their load) on the others, so the
# scheduler does not move them around between runs. BENCH_PIN=0 turns it off.
ncpu=$(nproc)
WL_PIN=() AG_PIN=()
if [ "$PIN" = 1 ] && [ "$ncpu" -ge 2 ] && command -v taskset >/dev/null; then
	WL_PIN=(taskset -c $((ncpu - 1)))
	AG_PIN=(taskset -c 0-$((ncpu - 2)))
fi

# The kernel's BPF run-time statistics stay on for the whole benchmark, held by a process of
# ours (a count in the kernel, so nobody else's sysctl write can switch them off meanwhile). They
# cost every mode with BPF programs the same two clock reads per program run.
setsid "$B/floor" --hold-stats 2>"$tmp/stats.err" &
spid=$!
for _ in $(seq 50); do grep -q held "$tmp/stats.err" && break; sleep 0.1; done
grep -q held "$tmp/stats.err" || die "cannot hold bpf_stats on: $(cat "$tmp/stats.err")"

# ---- counters of a running agent ------------------------------------------------------------------
# bench/probe.c reads them (schedstat, the program fds' bpf_stats, the agent's metrics lines) in one
# process that starts no other: a shell loop would exec dozens of processes inside the measured
# window, and the agent would count their events. One line of 17 numbers, in this order (`delta
# S0 S1` subtracts two; `snap_read S0 S1` sets these variables to the difference):
#   agent_ns bpf_ns bpf_runs enter_ns enter_runs exit_ns exit_runs events lost alerts pexec_ns
#   pexec_runs pfork_ns pfork_runs pexit_ns pexit_runs reported_kib
bpftrace_counts() { # LINE → LINE with events/lost/alerts from bpftrace's output
	local ev lost
	ev=$(grep -c '^ALERT' "$aout")
	lost=$(cat "$aout" "$aerr" | grep -Eo 'Lost [0-9]+ events' | awk '{ s += $2 } END { print s + 0 }')
	echo "$1" | awk -v e="$ev" -v l="$lost" '{ $8 = e; $9 = l; $10 = e; print }'
}
# snapshot MODE: the agent's counters now (all 0 without an agent)
snapshot() { probe snap "$1"; }
# drain_snap MODE: waits until the agent has read what the kernel sent up to now and its CPU
# settled (bounded, see probe.c), then its counters
drain_snap() { probe drain "$1"; }
probe() {
	if [ -z "$apid" ]; then
		echo "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 $(cat /sys/module/page_reporting/parameters/reported_kib 2>/dev/null || echo 0)"
		return
	fi
	case $2 in
	lanner | ship | scale) "$B/probe" "$1" "$apid" "$aerr" ;;
	bpftrace) bpftrace_counts "$("$B/probe" "$1" "$apid")" ;;
	*) "$B/probe" "$1" "$apid" ;;
	esac
}
delta() { echo "$1 $2" | awk '{ n = NF / 2; for (i = 1; i <= n; i++) printf "%s%.0f", (i > 1 ? " " : ""), $(i + n) - $i; print "" }'; }
snap_read() {
	local -a v
	read -ra v <<<"$(delta "$1" "$2")"
	agent_ns=${v[0]} bpf_ns=${v[1]} bpf_runs=${v[2]} enter_ns=${v[3]} enter_runs=${v[4]} exit_ns=${v[5]}
	exit_runs=${v[6]} events=${v[7]} lost=${v[8]} alerts=${v[9]} pexec_ns=${v[10]} pexec_runs=${v[11]}
	pfork_ns=${v[12]} pfork_runs=${v[13]} pexit_ns=${v[14]} pexit_runs=${v[15]} reported_kib=${v[16]}
}

# ---- agent control ---------------------------------------------------------------------------------
# Agents run as leaders of their own process group (`setsid CMD &` as a simple command: setsid
# execs in place, so $! is the leader); stopping one signals the group, so a lanner-gen and clang
# that `lanner -r` started for rules not yet cached die with it.
start_agent() { # MODE [EXTRA ARGS…]: sets apid, aout, aerr, load_ms; 1 (MODE_REASON) on failure
	local mode=$1 t0 t1 i
	shift
	aout=$tmp/agent.out aerr=$tmp/agent.err
	: >"$aout"
	: >"$aerr"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	case $mode in
	floor) setsid "${AG_PIN[@]}" "$B/floor" "$B/floor.bpf.o" >"$aout" 2>"$aerr" & ;;
	lanner) setsid "${AG_PIN[@]}" "$LANNER" $RULE_ARGS --no-watch --stats-interval $STATS_EVERY "$@" >"$aout" 2>"$aerr" & ;;
	ship) setsid "${AG_PIN[@]}" "$LANNER" --ship-all $RULE_ARGS --no-watch --stats-interval $STATS_EVERY "$@" >"$aout" 2>"$aerr" & ;;
	bpftrace) setsid "${AG_PIN[@]}" bpftrace "$tmp/secret.bt" >"$aout" 2>"$aerr" & ;;
	scale) setsid "${AG_PIN[@]}" "$LANNER" "$@" --no-watch --stats-interval $STATS_EVERY >"$aout" 2>"$aerr" & ;;
	esac
	apid=$!
	for i in $(seq $((ATTACH_TIMEOUT * 10))); do
		if ! kill -0 "$apid" 2>/dev/null; then
			wait "$apid" 2>/dev/null
			MODE_REASON[$mode]="exited before attaching: $(grep -v '^\s*$' "$aerr" | tail -1 | sed "s#$tmp/##g" | cut -c1-160)"
			apid=""
			return 1
		fi
		if grep -Eq "$READY_RE" "$aerr" "$aout" 2>/dev/null; then
			t1=$(date +%s%N)
			load_ms=$(((t1 - t0) / 1000000))
			# taskset (when pinning) execs the agent in place: same pid, same group
			sleep 1 # let the attach finish and the load's aftermath (RCU, kworkers) settle
			return 0
		fi
		sleep 0.1
	done
	MODE_REASON[$mode]="did not report attaching within $ATTACH_TIMEOUT s"
	stop_agent
	return 1
}

# stop_agent: SIGINT, SIGTERM, SIGKILL — 5 s each — to the agent's process group; sets agent_note
stop_agent() {
	local sig i target=-$apid
	agent_note=""
	kill -0 -- "$target" 2>/dev/null || target=$apid
	for sig in INT TERM KILL; do
		kill -"$sig" -- "$target" 2>/dev/null || break
		for i in $(seq 50); do
			kill -0 -- "$target" 2>/dev/null || break 2
			sleep 0.1
		done
		agent_note="${agent_note}no-exit-on-SIG$sig "
	done
	wait "$apid" 2>/dev/null
	apid=""
}

# run_gen LIMIT_S RESULT_FILE CMD…: timeit CMD in its own process group, killed (TERM, then KILL)
# with its children after LIMIT_S. Returns CMD's status, 124 on timeout.
run_gen() {
	local limit=$1 res=$2 i st
	shift 2
	rm -f "$res"
	setsid "$B/timeit" "$res" "$@" &
	gpid=$!
	for ((i = 0; i < limit * 10; i++)); do
		kill -0 "$gpid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$gpid" 2>/dev/null; then
		kill -TERM -- "-$gpid" 2>/dev/null
		for i in $(seq 30); do kill -0 -- "-$gpid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL -- "-$gpid" 2>/dev/null
		wait "$gpid" 2>/dev/null
		gpid=""
		return 124
	fi
	wait "$gpid" 2>/dev/null
	gpid=""
	st=$(sed -n 's/.*status=\([0-9]*\).*/\1/p' "$res" 2>/dev/null)
	return "${st:-1}"
}

# ---- modes -----------------------------------------------------------------------------------------
default_rules="-r $FALCO_DIR/falco_rules.yaml -r $FALCO_DIR/falco-incubating_rules.yaml -r $FALCO_DIR/falco-sandbox_rules.yaml -r $SECRET_RULE"
RULE_ARGS=${LANNER_RULE_ARGS:-$default_rules}
rules_label=${LANNER_RULE_ARGS:+"$LANNER_RULE_ARGS"}
rules_label=${rules_label:-"Falco's stable + incubating + sandbox rules + rules/examples/secret-file.yaml"}
MODE_LABEL[none]="no agent"
MODE_LABEL[floor]="floor: empty tp_btf sys_enter/sys_exit + sched exec/fork/exit programs"
MODE_LABEL[lanner]="lanner, $rules_label (in-kernel filters)"
MODE_LABEL[ship]="context: lanner --ship-all, the same rules, every event of their types evaluated in userspace (Falco's architecture)"
MODE_LABEL[bpftrace]="context: bpftrace, openat path == /tmp/secret in kernel + fd tracking for close (classic syscall tracepoints)"

cat >"$tmp/secret.bt" <<'EOF'
tracepoint:syscalls:sys_enter_openat /str(args->filename) == "/tmp/secret"/ { @p[tid] = 1; }
tracepoint:syscalls:sys_exit_openat /@p[tid]/ {
	delete(@p[tid]);
	if (args->ret >= 0) { @fd[pid, (int64)args->ret] = 1; }
	printf("ALERT openat fd.name=/tmp/secret comm=%s pid=%d\n", comm, pid);
}
tracepoint:syscalls:sys_enter_close /@fd[pid, (int64)args->fd]/ {
	delete(@fd[pid, (int64)args->fd]);
	printf("ALERT close fd.name=/tmp/secret comm=%s pid=%d\n", comm, pid);
}
END { clear(@p); clear(@fd); }
EOF

for m in $MODES; do AVAIL[$m]=1; done
if [ ! -x "$LANNER" ]; then
	for m in lanner ship; do AVAIL[$m]=0 MODE_REASON[$m]="$LANNER not built"; done
elif ! "$LANNER" --help 2>&1 | grep -q -- --ship-all; then
	AVAIL[ship]=0 MODE_REASON[ship]="$LANNER has no --ship-all"
fi
if [ "${AVAIL[bpftrace]:-0}" = 1 ]; then
	if ! command -v bpftrace >/dev/null; then
		AVAIL[bpftrace]=0 MODE_REASON[bpftrace]="bpftrace not installed (Debian package bpftrace)"
	elif [ ! -d /sys/kernel/tracing/events/syscalls ]; then
		if mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null; then mounted_tracefs=1; else
			AVAIL[bpftrace]=0 MODE_REASON[bpftrace]="tracefs not mounted and cannot be mounted"
		fi
	fi
fi

# Other agents running now perturb every figure: note them in the report (by command name: the
# arguments of unrelated processes may well contain "lanner", e.g. a path).
others=$(ps -eo pid=,comm=,args= | awk -v sp="$spid" '$1 != sp && $2 ~ /^(lanner|falco|bpftrace|floor)$/ {
	$2 = ""; print substr($0, 1, 100) }' | paste -sd ';' -)

# Other sessions' tests create and delete /tmp/secret too: re-create it (before the agent starts,
# so the creation is no alert) whenever it is missing.
ensure_secret() {
	if [ ! -e /tmp/secret ]; then printf 'x\n' >/tmp/secret && created_secret=1; fi
}

# ---- the main matrix --------------------------------------------------------------------------------
raw=$tmp/runs.tsv # one line per (round, mode, sample, workload)
printf 'workload\tmode\tround\tops\twall_s\tuser_s\tsys_s\tagent_cpu_s\tbpf_ns\tbpf_runs\tenter_ns\tenter_runs\texit_ns\texit_runs\tevents_user\tlost\talerts\texpected\tload_ms\tagent_hwm_kb\tnote\tsample\tpexec_ns\tpexec_runs\tpfork_ns\tpfork_runs\tpexit_ns\tpexit_runs\treported_kib\tt_s\tref_ns\tpf_bpf_ns\tpf_bpf_runs\tpf_enter_ns\tpf_enter_runs\tpf_exit_ns\tpf_exit_runs\n' >"$raw"
wl_count() { awk -v b="${BASE[$1]}" -v s="$SCALE" -v f="${WSCALE[$1]:-1}" 'BEGIN { n = int(b * s * f); print (n < 1 ? 1 : n) }'; }

# run_workload W COUNT [ARGS…]: runs $B/W pinned under timeit; sets ops, res (wall user sys), wl_note
run_workload() {
	local w=$1
	shift
	wl_note=""
	"$B/timeit" "$tmp/res" "${WL_PIN[@]}" "$B/$w" "$@" >"$tmp/wl.out" 2>"$tmp/wl.err" || wl_note="workload-failed "
	ops=$(grep -Eo 'ops=[0-9]+' "$tmp/wl.out" | head -1 | sed 's/ops=//')
	# shellcheck disable=SC2046
	res=$(sed 's/[a-z_]*=//g' "$tmp/res" 2>/dev/null | cut -d' ' -f1-3)
}

# one session: MODE ROUND — start the agent, a warm-up of every workload (not recorded), then
# REPS[MODE] samples of every workload, interleaved (w1 w2 w3 w1 w2 w3 …), counters around each
session() {
	local m=$1 r=$2 w k
	load_ms=""
	if [ "$m" != none ]; then
		# one retry: others may be relinking build/lanner at this very moment
		if ! start_agent "$m" && { sleep 3; ! start_agent "$m"; }; then
			AVAIL[$m]=0
			log "$m: not available: ${MODE_REASON[$m]}"
			return
		fi
		log "round $r: $m attached in ${load_ms} ms"
	fi
	# The warm-up: each workload once at a tenth of its count, so no measured sample pays a fresh
	# agent's first touches (its maps' first entries, the workload cgroup's classification, the
	# code paths' first runs). alert_storm is left out: its alerts are counted per sample.
	for w in $WORKLOADS; do
		[ "$w" = alert_storm ] && continue
		run_workload "$w" "$(wl_count "$w" | awk '{ print int($1 / 10) + 1 }')" "$MAX_WL_S"
	done
	drain_snap "$m" >/dev/null
	for ((k = 1; k <= ${REPS[$m]:-1}; k++)); do
		for w in $WORKLOADS; do
			sample "$m" "$r" "$k" "$w"
		done
	done
	if [ "$m" = lanner ] && [ "$PAIRED" = 1 ] && start_pfloor; then
		for w in $WORKLOADS; do
			[ "$w" = alert_storm ] || sample paired "$r" 1 "$w"
		done
		stop_pfloor
	fi
	if [ "$m" != none ]; then
		stop_agent
		[ -n "$agent_note" ] && echo "$m round $r: $agent_note" >>"$tmp/agent-notes"
	fi
}

# The paired samples: after its own samples, the lanner session loads the floor's empty programs
# beside lanner's and runs every workload once more; each program's bpf_stats then cover the same
# syscalls at the same moments, so the machine's slow moments (tens of seconds, felt most by
# lanner's memory-heavy programs, see bench/README.md) fall on both. These samples give only the
# BPF ratios (the floor's programs add to the workload's CPU meanwhile); the records' mode is
# "paired", lanner's counters in the usual columns, the floor's in the pf_* ones.
start_pfloor() { # sets fpid; 1 when the floor does not attach
	local i
	setsid "${AG_PIN[@]}" "$B/floor" "$B/floor.bpf.o" >/dev/null 2>"$tmp/pfloor.err" &
	fpid=$!
	for i in $(seq 100); do
		grep -q attached "$tmp/pfloor.err" && { sleep 1; return 0; }
		kill -0 "$fpid" 2>/dev/null || break
		sleep 0.1
	done
	log "paired floor did not attach: $(tail -1 "$tmp/pfloor.err")"
	stop_pfloor
	return 1
}
stop_pfloor() {
	kill -INT -- "-$fpid" 2>/dev/null || kill -INT "$fpid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$fpid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
	fpid=""
}
# the paired floor's bpf_stats now: bpf_ns bpf_runs enter_ns enter_runs exit_ns exit_runs
pfloor_snap() { "$B/probe" snap "$fpid" | cut -d' ' -f2-7; }

# alerts_of MODE WORKLOAD: the alerts the session's agent printed so far for WORKLOAD's processes
# ("" for a mode without alerts)
alerts_of() {
	case $1 in
	lanner | ship) grep -c "Access to secret file.*command=$2" "$aout" ;;
	bpftrace) grep -c "^ALERT .*comm=$2" "$aout" ;;
	esac
}

# The machine's speed just before each sample, as context for the next look at its slow moments:
# ns per step of bench/workloads/ref_chase (a pointer chase through a 4 MiB table, on the
# workload's CPU, by its CPU time; ≈ 40 ms). Empty when it is not built.
REF_STEPS=262144
ref_speed() {
	[ -x "$B/ref_chase" ] || return 0
	"${WL_PIN[@]}" "$B/ref_chase" "$REF_STEPS" 2>/dev/null | sed -n 's/.*ns_per_op=\([0-9.]*\).*/\1/p'
}

# one sample: MODE ROUND SAMPLE WORKLOAD — the workload with the agent's counters around it; one
# record in $raw
sample() {
	local m=$1 r=$2 k=$3 w=$4 s0 s1 n a0 wl_alerts exp hwm wall user sys ref pf0="" pf1="" am=$1
	n=$(wl_count "$w")
	[ "$m" = paired ] && am=lanner # lanner's counters; the floor's beside them in pf
	[ "$w" = alert_storm ] && ensure_secret
	ref=$(ref_speed)
	a0=$(alerts_of "$am" "$w") # this session's earlier samples (and warm-up) raised these
	[ "$m" = paired ] && pf0=$(pfloor_snap)
	s0=$(snapshot "$am") # just before: the driver's own work in between is outside the window
	run_workload "$w" "$n" "$MAX_WL_S"
	[ "$m" = paired ] && pf1=$(pfloor_snap)
	s1=$(drain_snap "$am")
	local -a pf=("" "" "" "" "" "")
	[ "$m" = paired ] && read -ra pf <<<"$(delta "$pf0" "$pf1")"
	wl_alerts=$(alerts_of "$am" "$w") exp=""
	[ -n "$wl_alerts" ] && wl_alerts=$((wl_alerts - a0))
	if [ -n "$wl_alerts" ]; then
		if [ "$w" = alert_storm ]; then exp=$((2 * ${ops:-0})); else exp=0; fi
	fi
	hwm=""
	[ -n "$apid" ] && hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$apid/status" 2>/dev/null)
	snap_read "$s0" "$s1"
	read -r wall user sys <<<"$res"
	local acpu="" bpf=("$bpf_ns" "$bpf_runs" "$enter_ns" "$enter_runs" "$exit_ns" "$exit_runs")
	local progs=("$pexec_ns" "$pexec_runs" "$pfork_ns" "$pfork_runs" "$pexit_ns" "$pexit_runs")
	[ "$m" != none ] && acpu=$(awk -v n="$agent_ns" 'BEGIN { printf "%.6f", n / 1e9 }')
	if [ "$m" = none ]; then events="" lost="" bpf=("" "" "" "" "" "") progs=("" "" "" "" "" ""); fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$w" "$m" "$r" "${ops:-}" "${wall:-}" "${user:-}" "${sys:-}" "$acpu" "${bpf[@]}" "$events" "$lost" \
		"$wl_alerts" "$exp" "$load_ms" "$hwm" "${wl_note% }" "$k" "${progs[@]}" "$reported_kib" "$SECONDS" "$ref" "${pf[@]:0:6}" >>"$raw"
	log "round $r.$k $m $w: ops=${ops:-?} wall=${wall:-?}s sys=${sys:-?}s agent_cpu=${acpu:-–}s bpf_ns=${bpf[0]:-–}${pf[0]:+ floor_bpf_ns=${pf[0]}} ev=${events:-–} lost=${lost:-–} alerts=${wl_alerts:-–}/${exp:-–} ${wl_note}"
}

ensure_secret
[ -f /tmp/secret ] || die "/tmp/secret exists and is not a regular file"
reps_label=$(for m in $MODES; do printf '%s=%s ' "$m" "${REPS[$m]:-1}"; done)
reps_label=${reps_label% }
log "modes: $MODES; workloads: $WORKLOADS; rounds: $ROUNDS (context modes in the first $CONTEXT_ROUNDS); samples per session: $reps_label; scale: $SCALE; pinning: ${WL_PIN[*]:-off}"
[ -n "$others" ] && log "WARNING: other agents running: $others"
# The first start of an agent with these rules may compile them (lanner-gen and clang: minutes on a
# cold cache, more on a busy machine). It happens here, unmeasured, before the budget's clock starts.
first_load=""
for m in lanner ship; do
	case " $MODES " in *" $m "*) ;; *) continue ;; esac
	[ "${AVAIL[$m]:-0}" = 1 ] || continue
	log "first $m start (compiles the rules on a cold cache; not measured)"
	if start_agent "$m"; then
		first_load="$first_load${first_load:+; }$m ${load_ms} ms"
		stop_agent
	fi
done
prep_s=$SECONDS
# the counts sized to the machine (above), before the budget's clock starts: a few seconds
if [ "$CALIBRATE" = 1 ]; then
	for w in $WORKLOADS; do
		[ -n "${TARGET_S[$w]:-}" ] || continue
		n=$(wl_count "$w" | awk '{ print int($1 / 10) + 1 }')
		run_workload "$w" "$n" "$MAX_WL_S"
		read -r wall _ <<<"$res"
		[ -n "$wall" ] && [ -z "$wl_note" ] || continue
		f=$(awk -v t="${TARGET_S[$w]}" -v wall="$wall" -v n="$n" -v full="$(wl_count "$w")" 'BEGIN {
			est = wall * full / n; f = est > t ? t / est : 1; if (f < 0.1) f = 0.1; printf "%.3f", f }')
		WSCALE[$w]=$f
		[ "$f" != 1.000 ] && wscale_desc="$wscale_desc${wscale_desc:+, }$w ×$f ($(wl_count "$w") ops)"
	done
	log "counts sized to this machine: ${wscale_desc:-none scaled (each within its target)}"
fi
SECONDS=0 # the budget counts from here
load0=$(cut -d' ' -f1-3 /proc/loadavg)
# the hypervisor's steal time (all CPUs, USER_HZ ticks) over the measured part: context
steal() { awk '$1 == "cpu" { print $9 + 0 }' /proc/stat; }
steal0=$(steal)
budget_hit=0
read -ra mode_list <<<"$MODES"
nmodes=${#mode_list[@]}
rounds_done=0
round_s=0 # the last round's duration: a round is started only if one more fits before the phases
for r in $(seq "$ROUNDS"); do
	if [ $((SECONDS + round_s)) -gt $((BUDGET_S - RESERVE_S)) ] && [ "$r" -gt 1 ]; then
		budget_hit=1
		log "budget: no time for round $r (the later phases keep ${RESERVE_S}s)"
		break
	fi
	round_t0=$SECONDS
	for ((i = 0; i < nmodes; i++)); do
		m=${mode_list[$(((i + r - 1) % nmodes))]} # rotated: round r starts with mode r
		[ "${AVAIL[$m]}" = 1 ] || continue
		[ -n "${CONTEXT_MODE[$m]:-}" ] && [ "$r" -gt "$CONTEXT_ROUNDS" ] && continue
		session "$m" "$r"
	done
	rounds_done=$r
	round_s=$((SECONDS - round_t0))
done

# ---- the exec path with an environment (context) ---------------------------------------------------------
# The fork+exec storm execs /bin/true with an empty environment, where a rule scanning proc.env
# (Falco's "Environment Variables Misuse": icontains GLIBC_TUNABLES) reads nothing and the exec
# capture copies nothing; real execs carry one (a shell's: ≈ 1.4 KB in ≈ 37 variables). In one
# lanner session, fork_exec runs ENV_REPS times with each of three environments: the empty one,
# a synthetic one of ENV_BYTES and a long one of ENV_LONG_BYTES (the same bytes every run, never
# the driver's), at a quarter of the storm's count, in triples whose order alternates (empty
# synthetic long, long synthetic empty, …: a drift over the phase cancels), so that the three of a
# triple meet the same moment of the machine. The programs' bpf_stats and the events the kernel
# sent are read right before and after each run (the kernel counts both as the programs run, so
# no wait for the agent to drain). The report gives the exec path's BPF ns per exec of each (the
# headline's definition: execve's exit share of sys_exit by the profile, + sched_process_exec,
# ÷ its runs), the medians of the triples' differences to the empty run, and the events reaching
# userspace per fork+exec (≈ 0: no exec of these matches a rule, whatever its environment).
# Context: a few samples of one session, outside the rounds; nothing decides on them.
envexec=$tmp/envexec.tsv
printf 'env\tsample\tenv_bytes\tenv_vars\tops\twall_s\tuser_s\tsys_s\tbpf_ns\tbpf_runs\tenter_ns\tenter_runs\texit_ns\texit_runs\tpexec_ns\tpexec_runs\tpfork_ns\tpfork_runs\tpexit_ns\tpexit_runs\tevents\tnote\n' >"$envexec"
envexec_note="" envexec_session="" envexec_s="" envexec_n=""
[ "$ENV_REPS" = 0 ] && envexec_note="BENCH_ENV_EXEC=0"
env_exec_samples() { # in the running lanner session: a warm-up of each environment, then the triples
	local t0=$SECONDS k v s0 s1 m0 m1 wall user sys vars note order bytes
	envexec_n=$(wl_count fork_exec | awk '{ n = int($1 / 4); print (n < 1 ? 1 : n) }')
	# fork_exec's third argument is the environment's size; without it, the empty one
	for bytes in "" "$ENV_BYTES" "$ENV_LONG_BYTES"; do
		run_workload fork_exec "$(wl_count fork_exec | awk '{ print int($1 / 10) + 1 }')" "$MAX_WL_S" $bytes
	done
	m1=$(drain_snap lanner)
	for ((k = 1; k <= ENV_REPS; k++)); do
		order="empty synthetic long"
		[ $((k % 2)) = 0 ] && order="long synthetic empty"
		for v in $order; do
			case $v in
			empty) bytes="" ;;
			synthetic) bytes=$ENV_BYTES ;;
			long) bytes=$ENV_LONG_BYTES ;;
			esac
			# the records the agent received: from its metrics lines, caught up before and after
			# (drain; the one after a run is the one before the next); the bpf_stats right around
			# the run, where no wait widens the window
			m0=$m1
			s0=$("$B/probe" snap "$apid")
			run_workload fork_exec "$envexec_n" "$MAX_WL_S" $bytes
			s1=$("$B/probe" snap "$apid")
			m1=$(drain_snap lanner)
			snap_read "$s0" "$s1"
			events=$(delta "$m0" "$m1" | cut -d' ' -f8) # the records (snap_read's 8th field)
			read -r wall user sys <<<"$res"
			vars=$(grep -Eo 'env_vars=[0-9]+' "$tmp/wl.out" | sed 's/.*=//') note=$wl_note
			# a fork_exec built before ENV_BYTES ignores it: both would be the empty environment
			[ "$v" != empty ] && [ -z "$vars" ] && note="${note}no-synthetic-environment (rebuild: make bench-bin) "
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
				"$v" "$k" "${bytes:-0}" "${vars:-0}" "${ops:-}" "${wall:-}" "${user:-}" \
				"${sys:-}" "$bpf_ns" "$bpf_runs" "$enter_ns" "$enter_runs" "$exit_ns" "$exit_runs" "$pexec_ns" "$pexec_runs" \
				"$pfork_ns" "$pfork_runs" "$pexit_ns" "$pexit_runs" "$events" "${note% }" >>"$envexec"
			log "exec environment $v $k: ops=${ops:-?} bpf_ns=$bpf_ns sched_process_exec=${pexec_ns}ns/${pexec_runs} sys_exit=${exit_ns}ns/${exit_runs} events=$events ${note}"
		done
	done
	envexec_s=$((SECONDS - t0))
}

# ---- where a fork+exec's nanoseconds go, by program: a CPU profile of one lanner session ----------------
# bpf_stats time each attached program with its tail calls, so the sys_exit dispatcher's handlers
# (execve's, clone's, openat's…) cannot be told apart by them. A perf profile of the workload's CPU
# during a fork+exec storm can: bench/progsplit.awk counts its samples per program (the outermost
# BPF frame, helpers included) and attach point; the report spreads each attach point's ns per
# fork+exec from the main matrix over its programs by those shares. Not measured with the
# figures: the profile's interrupts slow the workload.
split_tsv=$tmp/split.tsv
printf 'tp\tprogram\tsamples\n' >"$split_tsv"
split_note=""
if [ "$PROFILE" = 1 ] && [ "${AVAIL[lanner]:-0}" = 1 ] && case " $WORKLOADS " in *" fork_exec "*) true ;; *) false ;; esac; then
	if ! command -v perf >/dev/null; then
		split_note="not run: perf not installed (Debian package linux-perf)"
	elif [ $SECONDS -ge "$BUDGET_S" ]; then
		budget_hit=1 split_note="not run: the time budget ran out"
	elif start_agent lanner; then
		# the exec-environment phase first, in this session (one agent start less), before perf
		# is recording: the profile's interrupts would slow its samples
		if [ "$ENV_S" -gt 0 ]; then
			env_exec_samples
			envexec_session="the profile's lanner session, before perf records"
		fi
		run_workload fork_exec "$(wl_count fork_exec | awk '{ print int($1 / 10) + 1 }')" "$MAX_WL_S" # warm-up
		drain_snap lanner >/dev/null
		cpu_sel=(-a)
		[ ${#WL_PIN[@]} -gt 0 ] && cpu_sel=(-C $((ncpu - 1)))
		perf record -q -m 1024 -e cpu-clock -F 5000 -g "${cpu_sel[@]}" -o "$tmp/perf.data" >"$tmp/perf.out" 2>&1 &
		ppid_rec=$!
		sleep 0.5 # perf's start (symbols of the loaded programs) outside the workload
		run_workload fork_exec "$(($(wl_count fork_exec) * 3))" "$MAX_WL_S"
		kill -INT "$ppid_rec" 2>/dev/null
		wait "$ppid_rec" 2>/dev/null # perf writes its buffers out first
		# while the agent runs: its programs' symbols are still in /proc/kallsyms
		perf script -i "$tmp/perf.data" -F ip,sym 2>/dev/null |
			awk -f bench/progsplit.awk | sort >>"$split_tsv"
		stop_agent
		[ "$(wc -l <"$split_tsv")" -gt 2 ] || split_note="no samples in lanner's programs: $(tail -1 "$tmp/perf.out" | cut -c1-120)"
		[ -n "$others" ] && split_note="other agents' programs (the same names) count too: $others"
		log "profile: $(awk -F'\t' 'NR > 1 { print $1 "/" $2 "=" $3 }' "$split_tsv" | paste -sd ' ' - | cut -c1-300)"
	else
		split_note="not run: lanner did not start: ${MODE_REASON[lanner]}"
	fi
fi

# without the profile's session: a lanner session of its own
if [ "$ENV_S" -gt 0 ] && [ -z "$envexec_session" ]; then
	if [ "${AVAIL[lanner]:-0}" != 1 ]; then
		envexec_note="lanner not available: ${MODE_REASON[lanner]:-}"
	elif [ $SECONDS -ge "$BUDGET_S" ]; then
		budget_hit=1 envexec_note="the time budget ran out"
	elif start_agent lanner; then
		env_exec_samples
		stop_agent
		envexec_session="a lanner session of its own"
	else
		envexec_note="lanner did not start: ${MODE_REASON[lanner]}"
	fi
fi
[ -n "$envexec_s" ] && log "exec environment: ${envexec_s}s in $envexec_session"

# ---- the benign workload with all three rulesets ------------------------------------------------------
# events reaching userspace per alert and per 1,000 syscalls (syscalls: the runs of the agent's
# sys_enter program, i.e. every syscall on the machine meanwhile)
benign=$tmp/benign.tsv
printf 'mode\trun\twall_s\tuser_s\tsys_s\tagent_cpu_s\tsyscalls\tevents_user\tlost\talerts\tnote\n' >"$benign"
benign_note=""
if [ "$BENIGN_RUNS" -gt 0 ]; then
	bash bench/workloads/benign.sh --prepare "$tmp/benign" >"$tmp/benign-prep.out" 2>&1
	benign_note=$(grep '^note:' "$tmp/benign-prep.out" | sed 's/^note: //' | paste -sd ';' -)
fi
for r in $(seq "$BENIGN_RUNS"); do
	for m in lanner ship; do
		case " $MODES " in *" $m "*) ;; *) continue ;; esac
		[ "${AVAIL[$m]:-0}" = 1 ] || continue
		[ "$m" = ship ] && [ "$r" -gt 1 ] && continue # context: one run
		if [ $SECONDS -ge "$BUDGET_S" ]; then budget_hit=1; continue; fi
		start_agent "$m" || continue
		s0=$(snapshot "$m")
		"$B/timeit" "$tmp/res" bash bench/workloads/benign.sh "$tmp/benign" "$BENIGN_ITERS" >"$tmp/wl.out" 2>"$tmp/wl.err"
		s1=$(drain_snap "$m")
		stop_agent
		snap_read "$s0" "$s1"
		read -r wall user sys <<<"$(sed 's/[a-z_]*=//g' "$tmp/res" | cut -d' ' -f1-3)"
		note=$(grep -E '^(note|skipped):' "$tmp/wl.out" | sed 's/^[a-z]*: //' | sort -u | paste -sd ';' -)
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$r" "$wall" "$user" "$sys" \
			"$(awk -v n="$agent_ns" 'BEGIN { printf "%.6f", n / 1e9 }')" "$enter_runs" "$events" "$lost" "$alerts" "$note" >>"$benign"
		log "benign $m run $r: $(tail -1 "$benign" | tr '\t' ' ')"
	done
done
[ "$BENIGN_RUNS" -gt 0 ] && bash bench/workloads/benign.sh --cleanup "$tmp/benign" >/dev/null 2>&1

# ---- alert-rate sweep: loss vs paced alert rate (one session per mode, every rate in it) -------------
rates=$tmp/rates.tsv
printf 'mode\ttarget_alerts_per_s\tachieved_alerts_per_s\tops\tevents_user\tlost\talerts\texpected\tnote\n' >"$rates"
if [ -n "$RATES" ]; then
	for m in lanner ship; do
		case " $MODES " in *" $m "*) ;; *) continue ;; esac
		[ "${AVAIL[$m]:-0}" = 1 ] || continue
		if [ $SECONDS -ge "$BUDGET_S" ]; then budget_hit=1; continue; fi
		ensure_secret
		start_agent "$m" || continue
		s0=$(snapshot "$m")
		for rate in $RATES; do
			al0=$(grep -c "Access to secret file.*command=alert_storm" "$aout")
			note=""
			"${WL_PIN[@]}" "$B/alert_storm" "$rate" 10 $((rate / 2)) >"$tmp/wl.out" 2>&1 ||
				note="workload failed: $(tail -1 "$tmp/wl.out" | cut -c1-100)"
			s1=$(drain_snap "$m")
			ops=$(grep -Eo 'ops=[0-9]+' "$tmp/wl.out" | sed 's/ops=//')
			ach=$(grep -Eo 'rate_ops_per_s=[0-9]+' "$tmp/wl.out" | sed 's/.*=//')
			al=$(($(grep -c "Access to secret file.*command=alert_storm" "$aout") - al0))
			snap_read "$s0" "$s1"
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$rate" "$((2 * ${ach:-0}))" "$ops" \
				"$events" "$lost" "$al" "$((2 * ${ops:-0}))" "$note" >>"$rates"
			log "rate $rate alerts/s $m: $(tail -1 "$rates" | tr '\t' ' ')"
			s0=$s1
		done
		stop_agent
	done
fi

# ---- scaling: N generated secret-file rules (distinct paths) ------------------------------------------
scale_tsv=$tmp/scale.tsv
printf 'rules\tgen_s\tgen_note\tload_ms\tload_note\tbpf_ns_per_syscall\tbpf_ns_min\tbpf_ns_max\tsys_us_per_op\truns\texplain_s\texplain_summary\n' >"$scale_tsv"
gen_rules() { # N FILE
	local k
	for ((k = 0; k < $1; k++)); do
		printf -- '- rule: Detect Access to Secret File %d\n  desc: generated variant %d of the secret-file rule\n' "$k" "$k"
		printf '  condition: >\n    fd.name = "/tmp/lanner-bench-secret-%d" and evt.dir = <\n' "$k"
		printf '  output: "Security alert! Access to secret file %d detected (user=%%user.name command=%%proc.cmdline)"\n  priority: WARNING\n\n' "$k"
	done >"$2"
}
words() { tr -s ' ' '\n' <<<"$1" | grep -v '^$'; } # one word a line
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
scale_runs=2 # bpf_stats ns per syscall varies little between runs
n_open=$(wl_count open_storm)
for N in $SCALING; do
	if [ $SECONDS -ge "$BUDGET_S" ]; then
		budget_hit=1
		printf '%s\t\tbudget exhausted\t\t\t\t\t\t\t\t\t\n' "$N" >>"$scale_tsv"
		continue
	fi
	f=$tmp/rules-$N.yaml bundle=$tmp/rules-$N.lnb
	gen_rules "$N" "$f"
	gen_s="" gen_note="" scale_args="" fe_s="" fe_sum=""
	if [ -x "$GEN" ]; then
		if "$B/timeit" "$tmp/gres" "$GEN" -r "$f" --explain >"$tmp/gen.out" 2>/dev/null; then
			fe_s=$(sed 's/.*wall_s=\([0-9.]*\).*/\1/' "$tmp/gres")
			fe_sum=$(grep -E '^[0-9]+ rules:' "$tmp/gen.out" | tail -1)
		fi
		# shellcheck disable=SC2086
		run_gen "$GEN_TIMEOUT" "$tmp/gres" "$GEN" -r "$f" $GEN_OUT_FLAG "$bundle" >"$tmp/gen.out" 2>"$tmp/gen.err"
		gen_status=$?
		if [ "$gen_status" = 0 ] && [ -s "$bundle" ]; then
			gen_s=$(sed 's/.*wall_s=\([0-9.]*\).*/\1/' "$tmp/gres")
			scale_args="-b $bundle"
		elif [ "$gen_status" = 124 ]; then
			gen_note="not available: lanner-gen -r FILE $GEN_OUT_FLAG BUNDLE: timed out after ${GEN_TIMEOUT}s (killed with its clang)"
		else
			gen_note="not available: lanner-gen -r FILE $GEN_OUT_FLAG BUNDLE: $(grep -v '^\s*$' "$tmp/gen.err" | tail -1 | sed "s#$tmp/##g" | cut -c1-120)"
		fi
	else
		gen_note="not available: $GEN not built"
	fi
	load_note="" loads="" costs="" syss=""
	[ -z "$scale_args" ] && load_note="not measured (no bundle)"
	for r in $(seq "$([ -n "$scale_args" ] && echo "$scale_runs" || echo 0)"); do
		# shellcheck disable=SC2086
		if ! start_agent scale $scale_args; then
			load_note="not available: lanner ${scale_args//$tmp\//}: ${MODE_REASON[scale]}"
			break
		fi
		loads="$loads $load_ms"
		s0=$(snapshot scale)
		run_workload open_storm "$n_open" "$MAX_WL_S"
		s1=$(drain_snap scale)
		stop_agent
		snap_read "$s0" "$s1"
		read -r wall user sys <<<"$res"
		# ns per syscall: ns/run of the sys_enter program + ns/run of the sys_exit program
		costs="$costs $(awk -v et="$enter_ns" -v ec="$enter_runs" -v xt="$exit_ns" -v xc="$exit_runs" \
			'BEGIN { if (ec > 0 && xc > 0) printf "%.1f", et / ec + xt / xc }')"
		syss="$syss $(awk -v s="$sys" -v n="${ops:-0}" 'BEGIN { if (n > 0) printf "%.4f", s / n * 1e6 }')"
	done
	lm=$(words "$loads" | median) cm=$(words "$costs" | median) sm=$(words "$syss" | median)
	cmin=$(words "$costs" | sort -g | head -1) cmax=$(words "$costs" | sort -g | tail -1)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$gen_s" "$gen_note" "$lm" "$load_note" \
		"$cm" "$cmin" "$cmax" "$sm" "$(words "$costs" | wc -l)" "$fe_s" "$fe_sum" >>"$scale_tsv"
	log "scaling $N rules: $(tail -1 "$scale_tsv" | tr '\t' ' ')"
done

# ---- report ------------------------------------------------------------------------------------------
meta_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
meta_commit=$(git rev-parse --short HEAD 2>/dev/null)
meta_dirty=$(git status --porcelain --untracked-files=no -- . ":!$OUT" 2>/dev/null | wc -l) # its own results do not count
modes_tsv=$tmp/modes.tsv
: >"$modes_tsv"
for m in $MODES; do
	printf '%s\t%s\t%s\t%s\n' "$m" "${AVAIL[$m]}" "${MODE_LABEL[$m]}" "${MODE_REASON[$m]:-}" >>"$modes_tsv"
done
wl_tsv=$tmp/wl.tsv
: >"$wl_tsv"
for w in $WORKLOADS; do printf '%s\t%s\t%s\n' "$w" "$(wl_count "$w")" "${WL_DESC[$w]}" >>"$wl_tsv"; done

# Every report is kept under runs/ (named by time and commit; a quick run says so in the name),
# the newest also as latest.*: bench/compare.sh takes the newest three full ones from runs/.
stamp=$(date -u +%Y%m%dT%H%M%SZ)-${meta_commit:-nocommit}
[ "$QUICK" = 1 ] && stamp=$stamp-quick
mkdir -p "$OUT/runs"
env META_DATE="$meta_date" META_COMMIT="$meta_commit" META_DIRTY="$meta_dirty" META_KERNEL="$(uname -r)" \
	META_CPUS="$ncpu" META_ROUNDS="$rounds_done" META_CONTEXT_ROUNDS="$CONTEXT_ROUNDS" META_SCALE="$SCALE" META_WSCALE="$wscale_desc" \
	META_QUICK="$QUICK" META_PIN="${WL_PIN[*]:-}" META_OTHERS="$others" META_LOAD0="$load0" \
	META_LOAD1="$(cut -d' ' -f1-3 /proc/loadavg)" META_BUDGET="$budget_hit" META_ELAPSED="$SECONDS" META_PREP="$prep_s" \
	META_FIRST_LOAD="$first_load" META_AGENT_NOTES="$(paste -sd ';' "$tmp/agent-notes" 2>/dev/null)" \
	META_BENIGN_ITERS="$BENIGN_ITERS" META_BENIGN_NOTE="$benign_note" META_REPS="$reps_label" META_SPLIT_NOTE="$split_note" \
	META_STEAL_MS=$((($(steal) - steal0) * 1000 / $(getconf CLK_TCK))) \
	META_ENVEXEC_NOTE="$envexec_note" META_ENVEXEC_SESSION="$envexec_session" META_ENVEXEC_S="$envexec_s" \
	META_ENVEXEC_COUNT="$envexec_n" \
	awk -f bench/report.awk md="$OUT/runs/$stamp.md" json="$OUT/runs/$stamp.json" \
	"$modes_tsv" "$wl_tsv" "$raw" "$rates" "$scale_tsv" "$benign" "$split_tsv" "$envexec" || die "report failed"
cp "$OUT/runs/$stamp.md" "$OUT/latest.md"
cp "$OUT/runs/$stamp.json" "$OUT/latest.json"
cp "$raw" "$OUT/latest-runs.tsv"
log "wrote $OUT/runs/$stamp.{md,json} (also as $OUT/latest.md, latest.json; raw records: latest-runs.tsv) in ${SECONDS}s (+ ${prep_s}s before the clock)"
cat "$OUT/latest.md"
