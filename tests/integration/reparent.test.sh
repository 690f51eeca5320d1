#!/usr/bin/env bash
# reparent.test.sh — a process whose parent exits is re-parented to its reaper, as the kernel and
# Falco do (the nearest child subreaper ancestor, else the pid namespace's init), in both modes
# (in-kernel filtering and --ship-all):
#   A  a double-forked daemon under a child subreaper (tests/integration/reaper.c, comm
#      lnr-reaper): `sh -c "(exec sh -c 'sleep 1; : < M') & exit 0"`: the daemon execs while its
#      parent lives, then opens M after the parent's exit (no exec in between to refresh what
#      the kernel's process map holds); its open of M gives
#      proc.pname=lnr-reaper, proc.ppid=<the reaper's pid>, proc.aname[2]=<the reaper's parent>;
#      a rule on `proc.ppid = <reaper pid>` (decided in the kernel in that mode) fires, and one
#      on `not proc.pname exists` does not;
#   B  the same without a subreaper of ours: proc.ppid and proc.pname are what /proc says the
#      daemon's parent is once its parent has exited.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v clang >/dev/null || skip "no clang (the rules must be compiled)"
[ -x "$lanner" ] || { echo "FAIL: $lanner not built"; exit 1; }

workdir reparent
export LANNER_CACHE_DIR=$work/cache
cc -O1 -o "$work/lnr-reaper" tests/integration/reaper.c || { echo "FAIL: cannot build reaper"; exit 1; }
ma=/tmp/lnr-reparent-a-$$
mb=/tmp/lnr-reparent-b-$$
touch "$ma" "$mb"
cleanup() { [ -n "${rpid:-}" ] && kill "$rpid" 2>/dev/null; rm -f "$ma" "$mb"; }
myname=$(cat /proc/$$/comm)

# the subreaper waits on a fifo for the go, so its pid can go into the rules
mkfifo "$work/go"
start_reaper() {
	"$work/lnr-reaper" sh -c "(exec sh -c 'sleep 1; : < $ma') & exit 0" <"$work/go" &
	rpid=$!
	exec 7>"$work/go"
}

run_mode() { # name, lanner args...
	local m=$1
	shift
	start_reaper
	cat >"$work/rules.yaml" <<EOF
- rule: daemon values
  desc: the re-parented daemon's process fields
  condition: evt.type in (open, openat) and fd.name in ($ma, $mb) and proc.pid != 0
  output: "VALUES name=%proc.name pid=%proc.pid ppid=%proc.ppid pname=%proc.pname aname2=%proc.aname[2] fd=%fd.name"
  priority: WARNING
- rule: ppid is the reaper
  desc: proc.ppid compared where the mode decides it (the kernel in-kernel)
  condition: evt.type in (open, openat) and fd.name = $ma and proc.ppid = $rpid
  output: "PPID_IS_REAPER pid=%proc.pid"
  priority: WARNING
- rule: pname is the reaper
  desc: proc.pname and proc.aname[2] compared where the mode decides them
  condition: evt.type in (open, openat) and fd.name = $ma and proc.pname = lnr-reaper and proc.aname[2] = $myname
  output: "PNAME_IS_REAPER pid=%proc.pid"
  priority: WARNING
- rule: no parent
  desc: must not fire for a re-parented process
  condition: evt.type in (open, openat) and fd.name in ($ma, $mb) and proc.pid != 0 and not proc.pname exists
  output: "NO_PNAME pid=%proc.pid"
  priority: WARNING
EOF
	local out=$work/$m.out
	if ! lanner_start "$out" -r "$work/rules.yaml" -o rule_matching=all "$@"; then
		bad "$m: lanner did not start"
		cat "$out.err"
		exec 7>&-
		lanner_stop
		return
	fi
	# A: under our subreaper
	echo go >&7
	exec 7>&-
	wait "$rpid"
	rpid=""
	# B: no subreaper of ours; the daemon's pid is written by itself
	sh -c "sh -c 'echo \$\$ > $work/bpid; sleep 1; : < $mb' & exit 0"
	sleep 0.5
	local bpid breaper bname
	bpid=$(cat "$work/bpid")
	breaper=$(awk '{ sub(/.*\) /, ""); print $2 }' /proc/"$bpid"/stat 2>/dev/null)
	bname=$(cat /proc/"$breaper"/comm 2>/dev/null)
	sleep 1
	lanner_stop
	local a
	a=$(grep -F "fd=$ma" "$out" | grep VALUES)
	check "$m A: one alert of the daemon's open" 1 "$(echo -n "$a" | grep -c VALUES)"
	local reaper_pid
	reaper_pid=$(grep -o 'ppid=[0-9]*' <<<"$a" | cut -d= -f2)
	case "$a" in
	*" pname=lnr-reaper aname2=$myname "*) ok "$m A: proc.pname=lnr-reaper proc.aname[2]=$myname" ;;
	*) bad "$m A: want pname=lnr-reaper aname2=$myname in: $a" ;;
	esac
	check "$m A: kernel-decided proc.ppid = reaper fires" 1 "$(grep -c '^.*PPID_IS_REAPER' "$out")"
	check "$m A: proc.pname/aname[2] rule fires" 1 "$(grep -c '^.*PNAME_IS_REAPER' "$out")"
	check "$m: 'not proc.pname exists' never fires" 0 "$(grep -c 'NO_PNAME' "$out")"
	[ -n "$reaper_pid" ] && echo "  $m A: reaper pid $reaper_pid"
	local b
	b=$(grep -F "fd=$mb" "$out" | grep VALUES)
	case "$b" in
	*" pid=$bpid ppid=$breaper pname=$bname "*) ok "$m B: proc.ppid=$breaper proc.pname=$bname (its reaper, as /proc says)" ;;
	*) bad "$m B: want pid=$bpid ppid=$breaper pname=$bname in: $b" ;;
	esac
}

run_mode in-kernel
run_mode ship-all --ship-all
summary reparent
