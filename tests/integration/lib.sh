# lib.sh — what the integration tests (tests/integration/*.test.sh) share; each sources it first:
#   . "$(dirname "$0")/lib.sh"
# It moves to the repository root ($root; LANNER_ROOT overrides), sets $lanner / $gen (the built
# binaries; LANNER overrides the first), $CTR, t0 (the start, for elapsed_ms), and installs an EXIT
# trap that stops a running lanner ($lpid), calls the test's own cleanup() if it defines one,
# stops a containerd this test started, and removes $work (kept when LANNER_TEST_KEEP is set).
#
# Result lines, the same in every test: "ok: <what>", "FAIL: <what>", and "skipped: <why>" with
# exit 77 when the test cannot run here. passes / fails count the ok / FAIL lines.
# shellcheck shell=bash
set -u
root=${LANNER_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$root" || exit 1
t0=$(date +%s%N)
lanner=${LANNER:-$root/${BUILD:-build}/lanner}
gen=$root/${BUILD:-build}/lanner-gen
# Tests call $CTR only after containerd_up found the daemon answering; on a loaded machine it can
# take longer than a second to accept (a 1 s limit failed a `ctr run` with "context deadline
# exceeded" under load 11), so the limit is generous here, unlike the up/down probes' 1 s.
CTR="ctr --connect-timeout 10s -n default"
# Bundles built here load here: the variants for kernels before 6.2 (two more clang runs each)
# are tested by `make test-kernels`, not by every bundle of every test.
export LANNER_GEN_NO_OLD_KERNELS=${LANNER_GEN_NO_OLD_KERNELS-1}
passes=0
fails=0
work=""
lpid=""
started_containerd=0

skip() {
	echo "skipped: $*"
	exit 77
}
need_root() { [ "$(id -u)" = 0 ] || skip "${1:-needs root}"; }
need_btf() { [ -r /sys/kernel/btf/vmlinux ] || skip "${1:-kernel has no BTF}"; }

ok() {
	echo "ok: $*"
	passes=$((passes + 1))
}
bad() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
check() { # description, want, got
	if [ "$2" = "$3" ]; then ok "$1 ($3)"; else bad "$1: want '$2', got '$3'"; fi
}

elapsed_ms() { echo $((($(date +%s%N) - t0) / 1000000)); }
# "<name>: N checks passed, N failed in N ms"; succeeds when nothing failed.
summary() {
	echo "$1: $passes checks passed, $fails failed in $(elapsed_ms) ms"
	[ "$fails" = 0 ]
}

# workdir NAME: a fresh $work (/tmp/lanner-NAME.XXXXXX), removed on exit.
workdir() { work=$(mktemp -d "/tmp/lanner-$1.XXXXXX"); }

lib_exit() {
	for p in "${group_pids[@]}"; do kill "$p" 2>/dev/null; done
	if [ -n "$lpid" ]; then
		kill "$lpid" 2>/dev/null
		wait "$lpid" 2>/dev/null
	fi
	declare -F cleanup >/dev/null && cleanup
	[ "$started_containerd" = 1 ] && tests/containers/containerd.sh stop
	if [ -n "$work" ]; then
		if [ -n "${LANNER_TEST_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
	fi
}
trap lib_exit EXIT

# ---- lanner ----
# lanner_bg OUT [NAME=VALUE...] ARGS...: starts lanner in the background with the NAME=VALUE
# settings in its environment only (PATH=... hides clang from lanner, not from this script);
# stdout to OUT, stderr to OUT.err; its pid in $lpid.
lanner_bg() {
	local out=$1
	shift
	local envs=()
	while [[ $# -gt 0 && $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do
		envs+=("$1")
		shift
	done
	# emptied here, not by the background job's redirections: those run after the fork, and
	# wait_attached could meanwhile find the line a previous lanner left in the same file (then
	# a test acts before this lanner is attached: seen under load)
	: >"$out"
	: >"$out.err"
	env "${envs[@]}" "$lanner" "$@" >"$out" 2>"$out.err" &
	lpid=$!
}
# wait_attached ERRFILE PID: until lanner says it is attached (0), exits or 90 s pass (1).
wait_attached() {
	for _ in $(seq 1800); do
		grep -q 'loaded and attached' "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || break
		sleep 0.05
	done
	grep -q 'loaded and attached' "$1" 2>/dev/null
}
# lanner_start OUT [NAME=VALUE...] ARGS...: lanner_bg, then wait_attached.
lanner_start() {
	lanner_bg "$@"
	wait_attached "$1.err" "$lpid"
}
# lanner_stop: SIGINT (lanner prints its statistics), then its exit status.
lanner_stop() {
	local rc=0
	kill -INT "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null || rc=$?
	lpid=""
	return $rc
}

# ---- several lanners on the same events (e.g. in-kernel filters vs --ship-all) ----
group_names=()
group_pids=()
# group_start NAME [NAME=VALUE...] ARGS...: lanner_bg into $work/NAME.out (stderr: NAME.out.err).
group_start() {
	local n=$1
	shift
	lanner_bg "$work/$n.out" "$@"
	group_names+=("$n")
	group_pids+=("$lpid")
	lpid=""
}
# group_wait: until every one started is attached; a FAIL line and 1 for one that is not.
group_wait() {
	local i
	for i in "${!group_pids[@]}"; do
		wait_attached "$work/${group_names[$i]}.out.err" "${group_pids[$i]}" && continue
		bad "lanner (${group_names[$i]}) did not start:"
		cat "$work/${group_names[$i]}.out.err"
		return 1
	done
}
# group_stop: SIGINT to every one (they print their statistics), then wait for them all.
group_stop() {
	local p
	for p in "${group_pids[@]}"; do kill -INT "$p" 2>/dev/null; done
	for p in "${group_pids[@]}"; do wait "$p" 2>/dev/null; done
	group_names=()
	group_pids=()
}
# same_alerts DESC ERE A B: the parts of lines matching ERE (grep -oE) in $work/A.out and
# $work/B.out are the same non-empty multiset. A's are left in $alerts (for has_alert/no_alert).
same_alerts() {
	alerts=$(grep -oE "$2" "$work/$3.out" | sort)
	local b
	b=$(grep -oE "$2" "$work/$4.out" | sort)
	if [ -n "$alerts" ] && [ "$alerts" = "$b" ]; then
		ok "$1: the same $(echo "$alerts" | wc -l) alerts"
	else
		bad "$1: alerts differ (< $3, > $4)"
		diff <(echo "$alerts") <(echo "$b") | sed 's/^/  /'
	fi
}
# expect_alerts EXPECTED ERE MODE...: for each MODE, the parts of lines matching ERE (grep -oE)
# in $work/MODE.out, sorted, are exactly EXPECTED (newline-separated, sorted).
expect_alerts() {
	local expected=$1 ere=$2 n got
	shift 2
	for n in "$@"; do
		got=$(grep -oE "$ere" "$work/$n.out" | sort)
		if [ "$got" = "$expected" ]; then
			ok "$n: the $(echo "$expected" | wc -l) expected alerts, nothing else"
		else
			bad "$n: alerts differ (< expected, > got)"
			diff <(echo "$expected") <(echo "$got") | sed 's/^/  /'
		fi
	done
}
# kernel_decided RULES_FILE RULE...: lanner-gen --explain says each RULE is decided fully in the
# kernel.
kernel_decided() {
	local rules=$1 r
	shift
	for r in "$@"; do
		if build/lanner-gen -r "$rules" --explain "$r" | grep -q 'decided in kernel: fully'; then
			ok "$r: decided fully in the kernel"
		else
			bad "$r: not decided fully in the kernel"
		fi
	done
}
has_alert() { # DESC ERE: a line of $alerts matches
	if echo "$alerts" | grep -qE "$2"; then ok "$1"; else bad "$1: no alert matching $2"; fi
}
no_alert() { # DESC ERE: no line of $alerts matches
	if echo "$alerts" | grep -qE "$2"; then bad "$1: an alert matches $2"; else ok "$1"; fi
}

# ---- containers ----
# containers_setup WHAT: tests/containers/setup.sh WHAT (installs podman, images, ...), or skip.
containers_setup() {
	if ! tests/containers/setup.sh "$1" >"$work/setup.log" 2>&1; then
		tail -3 "$work/setup.log"
		skip "container setup failed (tests/containers/setup.sh $1)"
	fi
}
# podman_runs_or_skip LOG ARGS...: `podman run ARGS`, or skip when podman cannot run it here.
podman_runs_or_skip() {
	local log=$1
	shift
	if ! podman run "$@" >"$log" 2>&1; then
		tail -3 "$log"
		skip "podman cannot run a container here"
	fi
}
# containerd_up: containerd is running, started here if need be (then stopped on exit).
containerd_up() {
	tests/containers/containerd.sh running && return 0
	tests/containers/containerd.sh start && started_containerd=1
}
# kube_id: a random 64-hex container id, as Kubernetes runtimes name cgroup leaves.
kube_id() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
# ctr_pid NAME: the pid of ctr task NAME (empty when it does not run).
ctr_pid() { $CTR task ls | awk -v t="$1" '$1 == t {print $2}'; }
# ctr_remove ID...: kills and removes ctr tasks and containers.
ctr_remove() {
	local c
	for c in "$@"; do
		$CTR task kill -s KILL "$c" >/dev/null 2>&1
		for _ in $(seq 20); do
			$CTR task rm -f "$c" >/dev/null 2>&1 && break
			sleep 0.1
		done
		$CTR container rm "$c" >/dev/null 2>&1
	done
}
