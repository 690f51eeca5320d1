#!/usr/bin/env bash
# A TCP connect/accept storm under Falco's three rulesets (stable + incubating + sandbox), the seed
# rule rules/examples/secret-file.yaml (`fd.name = /tmp/secret`, no evt.type: it applies to every
# fd event, sockets included) and this test's unix-socket rules, from one bundle:
#   - the storm (socket, connect, accept, close x2 per op over 127.0.0.1) ships almost nothing to
#     userspace: an IP socket's fd.name is address:port text without '/', so the kernel decides
#     the seed rule's leaf FALSE (it shipped 5 events per op when those leaves were UNKNOWN);
#   - a unix socket's name can be a path: binding one at this test's path alerts on the bind
#     (`fd.name =` the path) and on the connect (`fd.name contains` the path), in the kernel mode
#     as with --ship-all (every event evaluated in userspace);
#   - the seed rule still alerts on a real open of /tmp/secret, in both modes;
#   - bpf and userfaultfd fds have no name: a test needing a '/' is FALSE in the kernel, and
#     --ship-all agrees (no alert there either).
# Alerts are counted on this test's own processes and paths (a marker): other tests may run now.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang"
command -v python3 >/dev/null || skip "no python3 (unix socket client)"
F=$root/../shared/falco
sets=("$F/falco_rules.yaml" "$F/falco-incubating_rules.yaml" "$F/falco-sandbox_rules.yaml")
for f in "${sets[@]}"; do [ -r "$f" ] || skip "Falco's rules files are absent ($F)"; done
workdir tcpship
M=lnrtcp$$
sock=/tmp/$M.sock
cat >"$work/sock.yaml" <<Y
- rule: Unix socket bound at the test path
  desc: a unix socket's fd.name is its bound address on bind (a path)
  condition: fd.name = "$sock" and evt.dir = <
  output: "unix bind (evt=%evt.type name=%fd.name)"
  priority: WARNING
- rule: Unix socket connected to the test path
  desc: a connected unix socket's fd.name holds the peer's path
  condition: evt.type in (connect, accept, accept4, close) and fd.name contains "$sock"
  output: "unix connect (evt=%evt.type name=%fd.name)"
  priority: WARNING
- rule: Anonymous fd named like a path
  desc: bpf and userfaultfd fds have no name (the kernel decides this FALSE)
  condition: evt.type in (bpf, userfaultfd) and fd.name contains "/"
  output: "anon fd with a path (evt=%evt.type name=%fd.name cmd=%proc.cmdline)"
  priority: WARNING
- rule: Anonymous fd made by this test
  desc: the bpf and userfaultfd events happen
  condition: evt.type in (bpf, userfaultfd) and proc.cmdline contains "$M"
  output: "anon fd (evt=%evt.type cmd=%proc.cmdline)"
  priority: NOTICE
Y
rargs=()
for f in "${sets[@]}" rules/examples/secret-file.yaml "$work/sock.yaml"; do rargs+=(-r "$f"); done
if "$gen" -q "${rargs[@]}" -b "$work/all.lnb" 2>"$work/gen.err"; then
	ok "three rulesets + seed rule + unix socket rules: built and verified"
else
	bad "bundle: $(tail -5 "$work/gen.err")"
	summary tcp_storm_ship
	exit 1
fi
"$gen" "${rargs[@]}" --explain 2>/dev/null |
	awk '/^Rule: Detect Access to Secret File/{r=1} r&&/^  kernel \[/{print; exit}' >"$work/explain"
grep -q 'connect' "$work/explain" && grep -q 'accept' "$work/explain" &&
	ok "--explain: the seed rule's fd.name leaf is in the kernel on connect and accept" ||
	bad "--explain: seed rule not in the kernel on connect/accept: $(cat "$work/explain")"
${CC:-cc} -O2 -o "$work/tcp_storm" bench/workloads/tcp_storm.c -lpthread || bad "tcp_storm build"

cleanup() {
	rm -f "$sock"
	[ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null # the storm, if still waiting on its fifo
}
unix_actions() { # bind + listen at $sock, connect to it, accept: this test's unix sockets
	python3 - "$sock" "$M" <<'P'
import ctypes, socket, sys
p = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall(323, 0)  # userfaultfd(0)
libc.syscall(321, 0, 0, 0)  # bpf(BPF_MAP_CREATE, NULL, 0): fails, still an event
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(p)
s.listen(1)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect(p)
a, _ = s.accept()
a.close(); c.close(); s.close()
P
	rm -f "$sock"
	cat /tmp/secret "$M" >/dev/null 2>&1 # the seed rule: its output names the command line
}

# kernel filters vs --ship-all on the same actions
group_start kern -b "$work/all.lnb" -U -o rule_matching=all
group_start ship "${rargs[@]}" --ship-all --ring-mb 256 -U -o rule_matching=all
if group_wait; then
	unix_actions
	sleep 2
	for _ in $(seq 1 120); do
		[ "$(grep -c "$M" "$work/ship.out")" -ge "$(grep -c "$M" "$work/kern.out")" ] && break
		sleep 0.5
	done
	group_stop
	P="(Warning|Notice) .*$M.*"
	grep -q "unix bind (evt=bind name=$sock)" "$work/kern.out" &&
		ok "unix socket bound at the rule's path: alert on bind" ||
		bad "no alert on the unix socket's bind: $(grep "$M" "$work/kern.out")"
	grep -q "unix connect (evt=connect " "$work/kern.out" &&
		ok "unix socket connected to the rule's path: alert on connect" ||
		bad "no alert on the unix socket's connect: $(grep "$M" "$work/kern.out")"
	grep -q "Access to secret file detected.*cat /tmp/secret $M" "$work/kern.out" &&
		ok "seed rule: alert on this test's open of /tmp/secret" ||
		bad "seed rule: no alert on this test's open of /tmp/secret"
	grep -q "anon fd (evt=bpf" "$work/kern.out" && grep -q "anon fd (evt=userfaultfd" "$work/kern.out" &&
		ok "bpf and userfaultfd events of this test seen" ||
		bad "bpf/userfaultfd events not seen: $(grep "anon fd" "$work/kern.out")"
	same_alerts "kernel vs --ship-all" "$P" kern ship
fi

# the storm: the records of the storm's own process (LANNER_STATS_PID: it waits on a fifo until
# lanner is attached, then execs the workload under the same pid)
N=5000
mkfifo "$work/go"
(
	read -r _ <"$work/go"
	exec "$work/tcp_storm" "$N" >"$work/storm.wl"
) &
wpid=$!
lanner_start "$work/storm.out" LANNER_STATS_PID=$wpid -b "$work/all.lnb" -U
echo go >"$work/go"
wait "$wpid" || bad "tcp_storm failed: $(cat "$work/storm.wl")"
sleep 0.5
lanner_stop
ops=$(grep -o 'ops=[0-9]*' "$work/storm.wl" | cut -d= -f2)
ev=$(grep -o "pid $wpid: syscall_records=[0-9]*" "$work/storm.out.err" | cut -d= -f2)
if [ -z "$ev" ] || [ -z "$ops" ]; then
	bad "storm counters not read (records '$ev', ops '$ops'): $(tail -3 "$work/storm.out.err")"
else
	all=$(grep -o ' sent=[0-9]*' "$work/storm.out.err" | head -1 | cut -d= -f2)
	echo "  storm: $ops ops, $ev records of the storm's process ($all sent by all processes)"
	# when the seed rule's socket leaves were UNKNOWN: 5 per op (25,000 here)
	if [ "$ev" -le $((ops / 50)) ]; then
		ok "TCP storm ships almost nothing: $ev records for $ops connect/accept ops"
	else
		bad "TCP storm shipped $ev records for $ops ops (want <= $((ops / 50)))"
	fi
fi
grep -q "$M" "$work/storm.out" && bad "alerts during the storm: $(grep -c "$M" "$work/storm.out")"
summary tcp_storm_ship
