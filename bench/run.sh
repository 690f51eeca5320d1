#!/usr/bin/env bash
# bench/run.sh — Lanner's benchmark driver (`make bench`). Runs each workload under each mode,
# interleaved (mode A, B, C … then again), BENCH_RUNS times, and writes
# bench/results/latest.md and latest.json (medians, min–max, ratios to the no-agent run), then a
# scaling run (1, 10, 100, 1000 generated secret-file rules). See bench/README.md.
#
# A mode that cannot run here (binary missing, flag not implemented, load failure) is reported as
# "not available (reason)"; the driver never fails because of one. Agents are always stopped:
# SIGINT, then SIGTERM, then SIGKILL after a grace period (and by the EXIT trap).
#
# Environment (all optional):
#   BENCH_QUICK=1         small counts, 3 runs, scaling 1/10/100 only: a ~2 minute smoke run
#   BENCH_RUNS=N          runs per workload × mode (default 5; quick 3)
#   BENCH_SCALE=F         multiply every workload count by F (quick: 0.2)
#   BENCH_MODES="…"       subset of: none floor lanner ship bpftrace
#   BENCH_WORKLOADS="…"   subset of: open_storm fork_exec tcp_storm busy_server alert_storm
#   BENCH_SCALING="…"     rule counts for the scaling run ("" to skip; default "1 10 100 1000")
#   BENCH_RATES="…"       alert-storm paced rates in alerts/s for the loss sweep ("" to skip)
#   BENCH_BUDGET_S=S      stop starting new runs after S seconds (default 560)
#   BENCH_GEN_TIMEOUT=S   scaling run: limit of one lanner-gen bundle build (default 120)
#   BENCH_OUT=DIR         output folder (default bench/results)
#   LANNER, LANNER_GEN    binaries (default build/lanner, build/lanner-gen)
#   LANNER_GEN_OUT_FLAG   lanner-gen's bundle-output option (default -b: `lanner-gen -r F -b BUNDLE`)
#   LANNER_RULE_ARGS      args of the rule mode (default: -r falco_rules.yaml -r secret-file.yaml)
#   LANNER_SHIP_FLAG      flag that makes `lanner` evaluate every event in userspace (auto-detected
#                         from `lanner --help`; without it the mode falls back to `lanner capture`)
#   LANNER_READY          regex on the agent's stderr meaning "attached" (default below)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

BUILD=${BUILD:-build}
B=$BUILD/bench
LANNER=${LANNER:-$BUILD/lanner}
GEN=${LANNER_GEN:-$BUILD/lanner-gen}
GEN_OUT_FLAG=${LANNER_GEN_OUT_FLAG:--b} # lanner-gen's "write the bundle to FILE" option
GEN_TIMEOUT=${BENCH_GEN_TIMEOUT:-120}  # scaling run: give up on one generation after this
FALCO_RULES=${FALCO_RULES:-$root/../shared/falco/falco_rules.yaml}
SECRET_RULE=$root/rules/examples/secret-file.yaml
OUT=${BENCH_OUT:-bench/results}
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	RUNS=${BENCH_RUNS:-3}
	SCALE=${BENCH_SCALE:-0.2}
	SCALING=${BENCH_SCALING-1 10 100}
	RATES=${BENCH_RATES-}
else
	RUNS=${BENCH_RUNS:-5}
	SCALE=${BENCH_SCALE:-1}
	SCALING=${BENCH_SCALING-1 10 100 1000}
	RATES=${BENCH_RATES-50000 100000 200000}
fi
MODES=${BENCH_MODES:-none floor lanner ship bpftrace}
WORKLOADS=${BENCH_WORKLOADS:-open_storm fork_exec tcp_storm busy_server alert_storm}
BUDGET_S=${BENCH_BUDGET_S:-560}
READY_RE=${LANNER_READY:-attached|[Aa]ttaching|ready|[Ll]oaded}
MAX_WL_S=60 # every workload also stops itself after this many seconds
HZ=$(getconf CLK_TCK)

# Base counts: each run takes roughly 0.5–1.5 s without an agent on this 2-core VM.
declare -A BASE=([open_storm]=800000 [fork_exec]=1000 [tcp_storm]=25000 [busy_server]=120000
	[alert_storm]=200000)
declare -A WL_DESC=(
	[open_storm]="openat+close of a private temp file (matches no rule); 1 op = 2 syscalls"
	[fork_exec]="fork + execve /bin/true + waitpid"
	[tcp_storm]="connect/accept/close on 127.0.0.1 (server thread, client RST close)"
	[busy_server]="stat+open+read+close over 512 files in a temp tree, /bin/true every 2000 ops"
	[alert_storm]="openat+close of /tmp/secret: 2 secret-file events per op (openat, close)")
declare -A MODE_LABEL MODE_REASON MODE_CMD MODE_OUT

log() { printf '[bench %4ds] %s\n' $((SECONDS)) "$*" >&2; }

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (BPF)"
for w in $WORKLOADS timeit floor floor.bpf.o; do
	[ -e "$B/$w" ] || die "$B/$w missing: run 'make bench' (or 'make bench-bin')"
done

tmp=$(mktemp -d /tmp/lanner-bench.XXXXXX)
apid=""
mounted_tracefs=0
created_secret=0
cleanup() {
	[ -n "$apid" ] && stop_agent
	[ -n "$gpid" ] && kill -KILL -- "-$gpid" 2>/dev/null
	[ "$mounted_tracefs" = 1 ] && umount /sys/kernel/tracing 2>/dev/null
	rm -rf "$tmp"
	[ "$created_secret" = 1 ] && rm -f /tmp/secret
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$OUT"
raw=$tmp/runs.tsv # one line per run (see the header)
printf 'workload\tmode\trun\tops\twall_s\tuser_s\tsys_s\tagent_cpu_s\tagent_hwm_kb\tevents_user\tlost\talerts\texpected\tload_ms\tnote\n' >"$raw"

# ---- agent control ------------------------------------------------------------------------------
agent_ticks() { # utime+stime of $1 in clock ticks (fields 14, 15 after the "(comm)" field)
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
	s=${s##*) }
	set -- $s
	echo $((${12} + ${13}))
}

# Agents and lanner-gen run as leaders of their own process group: `setsid CMD &` as a simple
# command (a shell function would put a subshell in between), and a background job of this
# non-interactive shell is no group leader, so setsid execs in place and $! is the leader.
# Stopping one signals the whole group, so the lanner-gen and clang that `lanner -r` starts for a
# bundle not yet cached die with it instead of running on into later rows.

# start_agent MODE: sets apid, aout, aerr, load_ms; returns 1 (and sets MODE_REASON) on failure
start_agent() {
	local mode=$1 t0 t1 i
	aout=$tmp/agent.out aerr=$tmp/agent.err
	: >"$aout"
	: >"$aerr"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	case $mode in
	floor) setsid "$B/floor" "$B/floor.bpf.o" >"$aout" 2>"$aerr" & ;;
	lanner) setsid "$LANNER" ${MODE_CMD[lanner]} >"$aout" 2>"$aerr" & ;;
	ship)
		if [ "${MODE_OUT[ship]}" = null ]; then
			setsid "$LANNER" ${MODE_CMD[ship]} >/dev/null 2>"$aerr" &
		else
			setsid "$LANNER" ${MODE_CMD[ship]} >"$aout" 2>"$aerr" &
		fi
		;;
	bpftrace) setsid bpftrace "$tmp/secret.bt" >"$aout" 2>"$aerr" & ;;
	scale) setsid "$LANNER" $scale_args >"$aout" 2>"$aerr" & ;;
	esac
	apid=$!
	for i in $(seq 600); do # up to 60 s (the rule mode may compile)
		if ! kill -0 "$apid" 2>/dev/null; then
			wait "$apid" 2>/dev/null
			MODE_REASON[$mode]="exited before attaching: $(grep -v '^\s*$' "$aerr" | tail -1 | sed "s#$tmp/##g" | cut -c1-160)"
			apid=""
			return 1
		fi
		if grep -Eq "$READY_RE" "$aerr" "$aout" 2>/dev/null; then
			t1=$(date +%s%N)
			load_ms=$(((t1 - t0) / 1000000))
			sleep 0.2 # let the attach finish (message printed just before the poll loop)
			return 0
		fi
		sleep 0.1
	done
	MODE_REASON[$mode]="did not report attaching within 60 s"
	stop_agent
	return 1
}

# stop_agent: SIGINT (lanner, bpftrace), SIGTERM, SIGKILL — 5 s each — to the agent's process
# group; sets agent_note. The agent may exit first and leave children (a lanner-gen it started):
# the group is killed until empty.
stop_agent() {
	local sig i
	agent_note=""
	local target=-$apid
	kill -0 -- "$target" 2>/dev/null || target=$apid # not a group leader (should not happen)
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

# run_gen LIMIT_S RESULT_FILE CMD…: timeit CMD in its own process group; after LIMIT_S the whole
# group (timeit, lanner-gen, its clang children) is killed: TERM, then KILL 3 s later. Returns
# CMD's status, 124 on timeout (the coreutils convention).
gpid=""
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

# wait until the agent's CPU time stops growing (it drained its buffers), at most 15 s
drain_agent() {
	local a b i
	a=$(agent_ticks "$apid")
	for i in $(seq 75); do
		sleep 0.2
		b=$(agent_ticks "$apid")
		[ "$a" = "$b" ] && return
		a=$b
	done
}

kv() { # kv KEY FILE: last value of KEY=… in FILE (lanner's stats lines), empty if none
	grep -Eo "(^|[ ])$1=[0-9]+" "$2" 2>/dev/null | tail -1 | sed 's/.*=//'
}

# ---- modes ---------------------------------------------------------------------------------------
MODE_LABEL[none]="no agent"
MODE_LABEL[floor]="floor: empty tp_btf sys_enter/sys_exit + sched exec/fork/exit programs"
MODE_CMD[lanner]=${LANNER_RULE_ARGS:-"-r $FALCO_RULES -r $SECRET_RULE"}
MODE_LABEL[lanner]="lanner -r falco_rules.yaml -r secret-file.yaml (in-kernel filters)"
MODE_OUT[ship]=file
ship_flag=${LANNER_SHIP_FLAG:-}
if [ -z "$ship_flag" ] && [ -x "$LANNER" ]; then
	ship_flag=$("$LANNER" --help 2>&1 | grep -Eo -- '--(ship-all|ship-everything|userspace-only|no-kernel-filter)' | head -1)
fi
if [ -n "$ship_flag" ]; then
	MODE_CMD[ship]="$ship_flag ${MODE_CMD[lanner]}"
	MODE_LABEL[ship]="lanner $ship_flag (same rules, every event of their types evaluated in userspace)"
else
	# The secret-file rule has no evt.type restriction, so in Falco's architecture it is
	# evaluated on every event type: the capture stand-in ships every type the sensor has.
	MODE_CMD[ship]="capture"
	MODE_OUT[ship]=null
	MODE_LABEL[ship]="STAND-IN: lanner capture (all sensor event types, formatted to /dev/null; no rule evaluation — lanner has no ship-everything flag yet)"
fi
MODE_LABEL[bpftrace]="bpftrace: openat path == /tmp/secret in kernel + fd tracking for close (classic syscall tracepoints)"

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

declare -A AVAIL
for m in $MODES; do AVAIL[$m]=1; done
[ -x "$LANNER" ] || { AVAIL[lanner]=0; AVAIL[ship]=0; MODE_REASON[lanner]="$LANNER not built"; MODE_REASON[ship]="$LANNER not built"; }
if [ "${AVAIL[bpftrace]:-0}" = 1 ]; then
	if ! command -v bpftrace >/dev/null; then
		AVAIL[bpftrace]=0
		MODE_REASON[bpftrace]="bpftrace not installed (Debian package bpftrace)"
	elif [ ! -d /sys/kernel/tracing/events/syscalls ]; then
		if mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null; then mounted_tracefs=1; else
			AVAIL[bpftrace]=0
			MODE_REASON[bpftrace]="tracefs not mounted and cannot be mounted"
		fi
	fi
fi

# Other agents running now perturb every figure: note them in the report.
others=$(ps -eo pid,args | grep -E 'lanner|falco|bpftrace|floor' | grep -vE "grep|bench/run.sh|$$" |
	sed 's/^ *//' | cut -c1-100 | paste -sd ';' -)

# Other sessions' tests create and delete /tmp/secret too: re-create it (before the agent starts,
# so the creation is no alert) whenever it is missing; a run that still fails is marked failed.
ensure_secret() {
	if [ ! -e /tmp/secret ]; then printf 'x\n' >/tmp/secret && created_secret=1; fi
}

# ---- one run ------------------------------------------------------------------------------------
wl_count() { awk -v b="${BASE[$1]}" -v s="$SCALE" 'BEGIN { n = int(b * s); print (n < 1 ? 1 : n) }'; }

run_one() { # workload mode run
	local w=$1 m=$2 r=$3 n c0=0 c1=0 hwm="" ev="" lost="" alerts="" exp="" note="" agent_cpu=""
	load_ms=""
	n=$(wl_count "$w")
	[ "$w" = alert_storm ] && ensure_secret
	if [ "$m" != none ]; then
		# one retry: others may be relinking build/lanner at this very moment
		if ! start_agent "$m" && { sleep 3; ! start_agent "$m"; }; then
			AVAIL[$m]=0
			log "$m: not available: ${MODE_REASON[$m]}"
			return
		fi
		c0=$(agent_ticks "$apid")
	fi
	local args=("$n" "$MAX_WL_S")
	"$B/timeit" "$tmp/res" "$B/$w" "${args[@]}" >"$tmp/wl.out" 2>"$tmp/wl.err" || note="workload-failed "
	local ops
	ops=$(grep -Eo 'ops=[0-9]+' "$tmp/wl.out" | head -1 | sed 's/ops=//')
	if [ "$m" != none ]; then
		drain_agent
		c1=$(agent_ticks "$apid")
		hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$apid/status" 2>/dev/null)
		stop_agent
		note="$note$agent_note"
		agent_cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" 'BEGIN { printf "%.3f", (b - a) / hz }')
		case $m in
		floor) ev=0 lost=0 ;;
		bpftrace)
			ev=$(grep -c '^ALERT' "$aout")
			lost=$(cat "$aout" "$aerr" | grep -Eo 'Lost [0-9]+ events' | awk '{ s += $2 } END { print s + 0 }')
			alerts=$(grep -c "^ALERT .*comm=$w" "$aout")
			;;
		*)
			ev=$(kv records "$aerr")
			[ -z "$ev" ] && ev=$(kv sent "$aerr")
			local l1 l2
			l1=$(kv lost_ring_full "$aerr") l2=$(kv lost "$aerr")
			lost=$(( ${l1:-0} > ${l2:-0} ? ${l1:-0} : ${l2:-0} ))
			[ -z "$l1$l2" ] && lost=""
			if [ "$m" = ship ] && [ "${MODE_OUT[ship]}" = null ]; then
				alerts=""
			else
				alerts=$(grep -c "Access to secret file.*command=$w" "$aout")
			fi
			;;
		esac
		if [ "$m" != floor ]; then
			if [ "$w" = alert_storm ]; then exp=$((2 * ${ops:-0})); else exp=0; fi
		fi
	fi
	# shellcheck disable=SC2046
	set -- $(sed 's/[a-z_]*=//g' "$tmp/res" 2>/dev/null)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$m" "$r" "${ops:-}" \
		"${1:-}" "${2:-}" "${3:-}" "$agent_cpu" "$hwm" "$ev" "$lost" "$alerts" "$exp" "$load_ms" \
		"${note% }" >>"$raw"
	log "$w $m run $r: ops=${ops:-?} wall=${1:-?}s sys=${3:-?}s agent_cpu=${agent_cpu:-} ev=${ev:-} lost=${lost:-} alerts=${alerts:-}/${exp:-} ${note}"
}

# ---- main matrix ------------------------------------------------------------------------------
# the alert storm's target must exist before any agent starts (its creation is not an alert)
ensure_secret
[ -f /tmp/secret ] || die "/tmp/secret exists and is not a regular file"
budget_hit=0
load0=$(cut -d' ' -f1-3 /proc/loadavg) # other work on this machine perturbs every figure
log "modes: $MODES; workloads: $WORKLOADS; runs: $RUNS; scale: $SCALE"
[ -n "$others" ] && log "WARNING: other agents running: $others"
for w in $WORKLOADS; do
	for r in $(seq "$RUNS"); do
		for m in $MODES; do
			[ "${AVAIL[$m]}" = 1 ] || continue
			if [ $SECONDS -ge "$BUDGET_S" ]; then budget_hit=1; continue; fi
			run_one "$w" "$m" "$r"
		done
	done
done

# ---- alert-rate sweep: loss vs paced alert rate (rule mode and the ship mode) ------------------
rates=$tmp/rates.tsv
printf 'mode\ttarget_alerts_per_s\tachieved_alerts_per_s\tops\tevents_user\tlost\talerts\texpected\tnote\n' >"$rates"
for rate in $RATES; do
	for m in lanner ship; do
		case " $MODES " in *" $m "*) ;; *) continue ;; esac
		if [ "${AVAIL[$m]}" != 1 ]; then
			printf '%s\t%s\t\t\t\t\t\t\tnot available: %s\n' "$m" "$rate" "${MODE_REASON[$m]}" >>"$rates"
			continue
		fi
		[ $SECONDS -ge "$BUDGET_S" ] && { budget_hit=1; continue; }
		ensure_secret
		start_agent "$m" || { AVAIL[$m]=0; continue; }
		ops_n=$((rate)) # one second of alerts at the target rate = rate/2 ops … ×2 s
		"$B/alert_storm" "$ops_n" 10 $((rate / 2)) >"$tmp/wl.out" 2>&1
		drain_agent
		stop_agent
		ops=$(grep -Eo 'ops=[0-9]+' "$tmp/wl.out" | sed 's/ops=//')
		ach=$(grep -Eo 'rate_ops_per_s=[0-9]+' "$tmp/wl.out" | sed 's/.*=//')
		l1=$(kv lost_ring_full "$aerr") l2=$(kv lost "$aerr")
		al=""
		# every mode writes its alerts to $aout except the capture stand-in (MODE_OUT null)
		[ "${MODE_OUT[$m]:-file}" = file ] && al=$(grep -c "Access to secret file.*command=alert_storm" "$aout")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$rate" "$((2 * ${ach:-0}))" "$ops" \
			"$(kv records "$aerr")" "$(( ${l1:-0} > ${l2:-0} ? ${l1:-0} : ${l2:-0} ))" "$al" \
			"$((2 * ${ops:-0}))" "$agent_note" >>"$rates"
		log "rate $rate alerts/s $m: $(tail -1 "$rates" | tr '\t' ' ')"
	done
done

# ---- scaling: 1, 10, 100, 1000 secret-file rules on different paths ---------------------------
scale_tsv=$tmp/scale.tsv
printf 'rules\tgen_s\tgen_note\tload_ms\tload_note\tnone_wall_s\tagent_wall_s\tns_per_op\tns_per_syscall\truns\texplain_s\texplain_summary\n' >"$scale_tsv"
gen_rules() { # N FILE
	local k
	for ((k = 0; k < $1; k++)); do
		printf -- '- rule: Detect Access to Secret File %d\n  desc: generated variant %d of the secret-file rule\n' "$k" "$k"
		printf '  condition: >\n    fd.name = "/tmp/lanner-bench-secret-%d" and evt.dir = <\n' "$k"
		printf '  output: "Security alert! Access to secret file %d detected (user=%%user.name command=%%proc.cmdline)"\n  priority: WARNING\n\n' "$k"
	done >"$2"
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
scale_runs=$((RUNS < 3 ? RUNS : 3))
n_open=$(wl_count open_storm)
for N in $SCALING; do
	[ $SECONDS -ge "$BUDGET_S" ] && { budget_hit=1; printf '%s\t\tbudget exhausted\t\t\t\t\t\t\t\n' "$N" >>"$scale_tsv"; continue; }
	f=$tmp/rules-$N.yaml bundle=$tmp/rules-$N.lnr
	gen_rules "$N" "$f"
	gen_s="" gen_note="" scale_args="" fe_s="" fe_sum=""
	if [ -x "$GEN" ]; then
		# front end + pushdown alone (exists before code generation does)
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
			# `lanner -r` would run the same lanner-gen inside the agent: not tried
			gen_note="not available: lanner-gen -r FILE $GEN_OUT_FLAG BUNDLE: timed out after ${GEN_TIMEOUT}s (killed with its clang)"
		else
			gen_note="not available: lanner-gen -r FILE $GEN_OUT_FLAG BUNDLE: $(grep -v '^\s*$' "$tmp/gen.err" | tail -1 | sed "s#$tmp/##g" | cut -c1-120)"
			scale_args="-r $f"
		fi
	else
		gen_note="not available: $GEN not built"
		scale_args="-r $f"
	fi
	load_ms="" load_note="" walls_none="" walls_agent=""
	[ -z "$scale_args" ] && load_note="not measured (no bundle)"
	for r in $(seq "$([ -n "$scale_args" ] && echo "$scale_runs" || echo 0)"); do
		"$B/timeit" "$tmp/res" "$B/open_storm" "$n_open" "$MAX_WL_S" >/dev/null 2>&1
		walls_none="$walls_none $(sed 's/.*wall_s=\([0-9.]*\).*/\1/' "$tmp/res")"
		if ! start_agent scale; then
			load_note="not available: lanner ${scale_args//$tmp\//}: ${MODE_REASON[scale]}"
			break
		fi
		[ "$r" = 1 ] && load_ms_first=$load_ms
		"$B/timeit" "$tmp/res" "$B/open_storm" "$n_open" "$MAX_WL_S" >/dev/null 2>&1
		walls_agent="$walls_agent $(sed 's/.*wall_s=\([0-9.]*\).*/\1/' "$tmp/res")"
		stop_agent
	done
	[ -z "$load_note" ] && load_ms=$load_ms_first
	mn=$(echo $walls_none | tr ' ' '\n' | median) ma=$(echo $walls_agent | tr ' ' '\n' | median)
	nsop="" nssc=""
	if [ -n "$ma" ] && [ -n "$mn" ]; then
		nsop=$(awk -v a="$ma" -v b="$mn" -v n="$n_open" 'BEGIN { printf "%.0f", (a - b) / n * 1e9 }')
		nssc=$(awk -v a="$ma" -v b="$mn" -v n="$n_open" 'BEGIN { printf "%.0f", (a - b) / n / 2 * 1e9 }')
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$gen_s" "$gen_note" "$load_ms" "$load_note" \
		"$mn" "$ma" "$nsop" "$nssc" "$([ -n "$walls_agent" ] && echo "$scale_runs" || echo 0)" "$fe_s" "$fe_sum" >>"$scale_tsv"
	log "scaling $N rules: $(tail -1 "$scale_tsv" | tr '\t' ' ')"
done

# ---- report -------------------------------------------------------------------------------------
meta_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
meta_commit=$(git rev-parse --short HEAD 2>/dev/null)
meta_dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | wc -l)
modes_tsv=$tmp/modes.tsv
: >"$modes_tsv"
for m in $MODES; do
	printf '%s\t%s\t%s\t%s\n' "$m" "${AVAIL[$m]}" "${MODE_LABEL[$m]}" "${MODE_REASON[$m]:-}" >>"$modes_tsv"
done
wl_tsv=$tmp/wl.tsv
: >"$wl_tsv"
for w in $WORKLOADS; do printf '%s\t%s\t%s\n' "$w" "$(wl_count "$w")" "${WL_DESC[$w]}" >>"$wl_tsv"; done

env META_DATE="$meta_date" META_COMMIT="$meta_commit" META_DIRTY="$meta_dirty" META_KERNEL="$(uname -r)" \
	META_CPUS="$(nproc)" META_RUNS="$RUNS" META_SCALE="$SCALE" META_QUICK="$QUICK" \
	META_OTHERS="$others" META_LOAD0="$load0" META_LOAD1="$(cut -d' ' -f1-3 /proc/loadavg)" META_BUDGET="$budget_hit" META_ELAPSED="$SECONDS" \
	awk -f bench/report.awk md="$OUT/latest.md" json="$OUT/latest.json" \
	"$modes_tsv" "$wl_tsv" "$raw" "$rates" "$scale_tsv" || die "report failed"
cp "$raw" "$OUT/latest-runs.tsv"
log "wrote $OUT/latest.md, $OUT/latest.json, $OUT/latest-runs.tsv in ${SECONDS}s"
cat "$OUT/latest.md"
