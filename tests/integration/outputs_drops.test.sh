#!/usr/bin/env bash
# outputs_drops.test.sh — a forced ring overflow raises Falco's syscall event drop alert through
# the outputs while lanner runs, with counts that add up.
#
# The overflow is forced, not hoped for: a 64 KiB ring (lanner.ring_buffer_kb), lanner stopped
# with SIGSTOP while this test opens 20,000 of its own files (each one matches the rule, so each
# is a record for userspace), then SIGCONT. The drop monitor reads the kernel counters once a
# second; the rate limit is lifted (rate 100/s) so that every second with losses is alerted,
# and the alerts' n_drops must then add up to the exit summary's lost_ring_full + skipped_by_kernel
# (program runs the kernel skipped are losses too: loader/events/skips.h; 0 on most kernels).
. "$(dirname "$0")/lib.sh"
need_root
need_btf
command -v python3 >/dev/null || skip "no python3"
workdir drops
tag=/tmp/lanner-drop-$$
cleanup() { rm -rf "$tag"; }
mkdir -p "$tag"

cat >"$work/rules.yaml" <<Y
- rule: Drops test open
  desc: an open of this test's own files
  condition: evt.type in (open, openat, openat2) and fd.name startswith $tag/
  output: "drops-test file=%fd.name"
  priority: NOTICE
Y
cat >"$work/lanner.yaml" <<Y
rules_files: [$work/rules.yaml]
json_output: true
stdout_output: {enabled: true}
syscall_event_drops:
  actions: [log, alert]
  rate: 100
  max_burst: 100
lanner:
  ring_buffer_kb: 64
Y

lanner_start "$work/out" -c "$work/lanner.yaml" -U || {
	bad "lanner did not start: $(tail -3 "$work/out.err")"
	exit 1
}
kill -STOP "$lpid"
python3 -c '
import os, sys
d = sys.argv[1]
for i in range(20000):
    os.close(os.open("%s/f%d" % (d, i % 50), os.O_RDONLY | os.O_CREAT, 0o644))
' "$tag"
t_cont=$(date +%s%N)
kill -CONT "$lpid"
t_alert=""
for _ in $(seq 200); do
	if grep -q '"rule":"Falco internal: syscall event drop"' "$work/out"; then
		t_alert=$(date +%s%N)
		break
	fi
	sleep 0.05
done
# two more checks of the monitor: every loss is reported before we stop
sleep 2.5
lanner_stop

drops=$(grep '"rule":"Falco internal: syscall event drop"' "$work/out")
if [ -n "$t_alert" ]; then
	ok "drop alert on stdout while running, $(((t_alert - t_cont) / 1000000)) ms after lanner resumed"
else
	bad "no drop alert on stdout"
	cat "$work/out.err"
fi
lost=$(grep -oE 'lost_ring_full=[0-9]+' "$work/out.err" | head -1 | cut -d= -f2)
skipped=$(grep -oE 'skipped_by_kernel=[0-9]+' "$work/out.err" | head -1 | cut -d= -f2)
echo "  $(grep '^lanner: kernel:' "$work/out.err")"
echo "  $(echo "$drops" | head -1)"
if [ "${lost:-0}" -gt 0 ]; then ok "the ring overflowed: lost_ring_full=$lost"; else
	bad "the ring did not overflow (lost_ring_full=${lost:-?})"; fi
sum=$(echo "$drops" | python3 -c '
import json, sys
total = 0
opens = 0
for line in sys.stdin:
    if not line.strip():
        continue
    a = json.loads(line)
    assert sorted(a) == ["hostname", "output", "output_fields", "priority", "rule", "source", "time"], sorted(a)
    assert a["priority"] == "Debug" and a["source"] == "internal", a
    f = a["output_fields"]
    cats = ["n_drops_buffer_%s_exit" % c for c in
            ("clone_fork", "close", "connect", "dir_file", "execve", "open", "other_interest", "proc")]
    assert sorted(f) == sorted(["ebpf_enabled", "n_drops", "n_drops_buffer_total", "n_drops_bug",
                                "n_drops_page_faults", "n_drops_scratch_map", "n_evts"] + cats), sorted(f)
    assert sum(int(f[c]) for c in cats) <= int(f["n_drops"]), f
    opens += int(f["n_drops_buffer_open_exit"])
    assert all(isinstance(v, str) for v in f.values()), f
    n = int(f["n_drops"])
    assert n > 0 and int(f["n_drops_buffer_total"]) <= n and int(f["n_evts"]) >= n, f
    assert a["output"].startswith("Falco internal: syscall event drop. %d system calls dropped in last " % n), a["output"]
    total += n
assert opens > 0, "no open among the lost records"
print(total)
' 2>"$work/py.err")
if [ -s "$work/py.err" ]; then bad "drop alert shape: $(tail -1 "$work/py.err")"; else
	ok "drop alerts have Falco's shape (rule, Debug, source internal, string output fields)"; fi
check "the drop alerts' n_drops add up to lost_ring_full + skipped_by_kernel" \
	"$((${lost:-0} + ${skipped:-0}))" "${sum:-x}"
if grep -q '^lanner: syscall event drop: ' "$work/out.err"; then ok "the log action wrote on stderr"; else
	bad "no log line on stderr"; fi

# the text form (Falco's handle_msg): "<time>: Debug <msg> (k="v" ...)"
printf 'rules_files: [%s]\nsyscall_event_drops: {simulate_drops: true, rate: 100, max_burst: 100}\n' \
	"$work/rules.yaml" >"$work/sim.yaml"
lanner_start "$work/sim" -c "$work/sim.yaml" -U && {
	for _ in $(seq 100); do grep -q 'syscall event drop' "$work/sim" && break; sleep 0.05; done
	lanner_stop
}
line=$(grep -m1 'Falco internal: syscall event drop' "$work/sim")
re='^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}: Debug Falco internal: syscall event drop\. [0-9]+ system calls dropped in last second\. \(ebpf_enabled="1" n_drops="[0-9]+" (n_drops_buffer_[a-z_]+_exit="[0-9]+" ){8}n_drops_buffer_total="[0-9]+" n_drops_bug="0" n_drops_page_faults="0" n_drops_scratch_map="0" n_evts="[0-9]+"\)$'
if [[ $line =~ $re ]]; then ok "simulate_drops: Falco's text form: $line"; else bad "simulate_drops text form: '$line'"; fi

summary outputs_drops
