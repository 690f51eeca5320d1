#!/usr/bin/env bash
# proc_lazy.test.sh — no per-process traffic: the kernel keeps the process map, userspace reads it
# only when an event ships.
#   1. A fork+exec storm that matches no rule (an execve rule and an open rule loaded, neither
#      matching it) sends no lifecycle record to userspace: the agent's proc_records stays ~0
#      while the kernel's process map counts the storm's processes as added (counters, not time).
#   2. An event read after its process (and its parent) exited still has its process fields:
#      the agent is stopped (SIGSTOP) while a short-lived process opens a file and exits, then
#      continued; proc.name/exepath/cmdline/cwd/pname/aname come from the kernel map's exited
#      entries (/proc no longer has them); its process group's fields (proc.vpgid...) too. The
#      same with --ship-all (lifecycle records) agrees.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v clang >/dev/null || skip "no clang (the rules must be compiled)"
[ -x "$lanner" ] && [ -x "$gen" ] || { echo "FAIL: build/lanner or build/lanner-gen not built"; exit 1; }

workdir proclazy
mkdir -p "$work/cache" "$work/d/sub"
export LANNER_CACHE_DIR=$work/cache
tag=lnrlz$$
cp /bin/cat "$work/d/sub/${tag}c"
echo hi >"$work/d/target"
cat >"$work/rules.yaml" <<Y
- rule: lazy exec nomatch
  desc: an exec rule no process of the storm matches (the kernel decides it)
  condition: evt.type = execve and evt.dir = < and proc.name = ${tag}none
  output: "nomatch exec (proc.name=%proc.name)"
  priority: WARNING
- rule: lazy open target
  desc: the open of one file, reported with the process fields
  condition: evt.type in (open, openat) and fd.name = $work/d/target
  output: "lazy-open name=%proc.name exepath=%proc.exepath cmdline=%proc.cmdline cwd=%proc.cwd pname=%proc.pname aname2=%proc.aname[2] pid=%proc.pid vpgid=%proc.vpgid gname=%proc.vpgid.name gleader=%proc.is_vpgid_leader sleader=%proc.is_sid_leader"
  priority: WARNING
Y

# ---- 1: fork+exec storm matching nothing ------------------------------------------------------
N=1000
if lanner_start "$work/a.out" -r "$work/rules.yaml" -U; then
	for _ in $(seq $N); do /bin/true; done
	sleep 0.5
	lanner_stop
	recs=$(sed -n 's/.*proc_records=\([0-9]*\).*/\1/p' "$work/a.out.err" | head -1)
	added=$(sed -n 's/.*process_map: entries=[0-9]* added=\([0-9]*\).*/\1/p' "$work/a.out.err")
	echo "  $(grep -E 'lanner: (kernel|userspace): (events|records|process)' "$work/a.out.err" | tr '\n' ' ')"
	# other processes of the machine exec too, but no rule here can match them either
	if [ -n "$recs" ] && [ "$recs" -le $((N / 100)) ]; then
		ok "storm of $N fork+exec matching nothing: $recs lifecycle records reached userspace"
	else bad "storm: ${recs:-?} lifecycle records reached userspace (want <= $((N / 100)))"; fi
	if [ -n "$added" ] && [ "$added" -ge $N ]; then
		ok "the kernel's process map added the storm's processes ($added >= $N)"
	else bad "the kernel's process map added ${added:-?} processes, expected >= $N"; fi
	grep -q 'nomatch exec' "$work/a.out" && bad "the non-matching exec rule alerted"
else
	bad "lanner did not start:"; cat "$work/a.out.err"; lanner_stop
fi

# ---- 2: fields of processes that exited before their event was read ---------------------------
exited_case() { # mode, extra lanner args...
	local m=$1; shift
	if ! lanner_start "$work/$m.out" -r "$work/rules.yaml" -U "$@"; then
		bad "$m: lanner did not start:"; cat "$work/$m.out.err"; lanner_stop; return
	fi
	kill -STOP "$lpid"
	# sh (parent) → cd sub → the copy of cat opens ../target, then both exit
	bash -c "cd $work/d/sub && ./${tag}c ../target >/dev/null; true" &
	local wpid=$!
	wait $wpid
	sleep 0.2
	kill -CONT "$lpid"
	sleep 1
	lanner_stop
	local line
	line=$(grep "lazy-open name=${tag}c " "$work/$m.out" | head -1)
	if [ -n "$line" ]; then ok "$m: the exited process's open alerted (${line#*: })"
	else bad "$m: no alert for the exited process's open:"; tail -3 "$work/$m.out.err"; return; fi
	check "$m: proc.exepath of the exited process" "$work/d/sub/${tag}c" \
		"$(sed -n 's/.* exepath=\([^ ]*\) .*/\1/p' <<<"$line")"
	check "$m: proc.cmdline" "${tag}c ../target" "$(sed -n 's/.* cmdline=\(.*\) cwd=.*/\1/p' <<<"$line")"
	check "$m: proc.cwd (Falco's, from cd)" "$work/d/sub/" "$(sed -n 's/.* cwd=\([^ ]*\) .*/\1/p' <<<"$line")"
	check "$m: proc.pname (the exited parent)" "bash" "$(sed -n 's/.* pname=\([^ ]*\) .*/\1/p' <<<"$line")"
	check "$m: proc.aname[2] (this script's shell)" "bash" "$(sed -n 's/.* aname2=\([^ ]*\) .*/\1/p' <<<"$line")"
	# no job control here: the exited process was in this script's process group
	local pg; pg=$(ps -o pgid= -p $$ | tr -d ' ')
	check "$m: proc.vpgid (this script's group)" "$pg" "$(sed -n 's/.* vpgid=\([^ ]*\) .*/\1/p' <<<"$line")"
	# a group whose leader has exited (e.g. the test started by a subshell that is gone) has
	# no leader to name: <NA>, as Falco
	# (group 0, PID 1's, where the test's init never called setpgid, has no leader either)
	local leader=""
	[ "$pg" != 0 ] && leader=$(ps -o comm= -p "$pg")
	leader=${leader:-<NA>}
	check "$m: proc.vpgid.name (its leader)" "$leader" \
		"$(sed -n 's/.* gname=\([^ ]*\) .*/\1/p' <<<"$line")"
	check "$m: proc.is_vpgid_leader, proc.is_sid_leader" "false false" \
		"$(sed -n 's/.* gleader=\([^ ]*\) sleader=\([^ ]*\) .*/\1 \2/p' <<<"$line")"
}
exited_case kern
exited_case ship --ship-all
summary proc_lazy
