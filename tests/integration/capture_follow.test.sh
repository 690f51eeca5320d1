#!/usr/bin/env bash
# capture_follow.test.sh — `lanner capture -p PID` follows PID's descendants: a child running
# before the capture started, a child forked after it, and that child's own child all show their
# opens; a process outside the tree does not. Fifos order the steps (no sleeps to win races).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
[ -x "$lanner" ] || { echo "FAIL: $lanner not built"; exit 1; }

workdir capfollow
for f in f1 f2 f3 f4; do echo x >"$work/$f"; done
mkfifo "$work/go1" "$work/go2"
# P: C1 (already running when the capture starts) waits on go1, then opens f1; P waits on go2,
# then forks C2, which opens f2 and forks C3, which opens f3.
sh -c "sh -c 'read x < $work/go1; cat $work/f1 >/dev/null' &
read y < $work/go2
sh -c 'cat $work/f2 >/dev/null; sh -c \"cat $work/f3 >/dev/null\"'
wait" &
ppid=$!
# C1 exists before the capture starts
for _ in $(seq 100); do pgrep -P "$ppid" >/dev/null && break; sleep 0.02; done
if ! lanner_start "$work/cap" capture -p "$ppid" -e open,openat; then
	echo "FAIL: capture did not start"
	cat "$work/cap.err"
	exit 1
fi
grep -o 'following pid.*' "$work/cap.err"
echo go >"$work/go1"
echo go >"$work/go2"
wait "$ppid"
cat "$work/f4" >/dev/null # not a descendant
sleep 0.3
lanner_stop
has() { # description, file name, want count (0 or "some")
	local n
	n=$(grep -c "fd.name=$work/$2 " "$work/cap")
	if [ "$3" = 0 ]; then check "$1" 0 "$n"; elif [ "$n" -ge 1 ]; then ok "$1 ($n)"; else bad "$1: no open of $2"; fi
}
has "child running at start (f1)" f1 some
has "child forked after start (f2)" f2 some
has "grandchild forked after start (f3)" f3 some
has "process outside the tree (f4) not shown" f4 0
echo "  pids seen: $(grep -o 'proc.pid=[0-9]*' "$work/cap" | sort -u | tr '\n' ' ')"
summary capture_follow
