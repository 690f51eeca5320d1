#!/usr/bin/env bash
# outputs.test.sh — every output channel delivers the identical alert string (Falco's
# outputs: file, stdout, syslog, program, http), in text and in JSON; a stalled HTTP receiver
# does not hold back stdout and what it could not take is counted.
#
# Local receivers only (tests/integration/outputs_receivers.py): syslog on a unix datagram socket
# (lanner.syslog_address), HTTP on 127.0.0.1 (python3 http.server), the program is `cat >> FILE`.
# Alerts come from this test's own file names (/tmp/lanner-out-PID-*), so concurrent tests
# cannot add any.
. "$(dirname "$0")/lib.sh"
need_root
need_btf
command -v python3 >/dev/null || skip "no python3"
workdir outputs
recv=tests/integration/outputs_receivers.py
tag=/tmp/lanner-out-$$
rpids=()
cleanup() {
	for p in "${rpids[@]}"; do kill "$p" 2>/dev/null; done
	rm -f "$tag"-*
}

cat >"$work/rules.yaml" <<Y
- rule: Outputs test open
  desc: an open of this test's own files
  condition: evt.type in (open, openat, openat2) and fd.name startswith $tag
  output: "outputs-test %proc.cmdline file=%fd.name"
  priority: WARNING
  tags: [test_outputs, b_tag]
Y

# receiver KIND A B: starts a receiver in the background
receiver() {
	python3 "$recv" "$@" 2>>"$work/receivers.err" &
	rpids+=($!)
}
# wait_for CMD...: until CMD succeeds, at most 20 s
wait_for() {
	for _ in $(seq 400); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }

mkdir -p "$work/http" "$work/stall"
receiver http "$work/http.port" "$work/http"
receiver unixgram "$work/log.sock" "$work/syslog.out"
receiver stall "$work/stall.port" "$work/stall"
wait_for test -s "$work/http.port" && wait_for test -S "$work/log.sock" &&
	wait_for test -s "$work/stall.port" || {
	cat "$work/receivers.err"
	skip "the local receivers did not start"
}
http_port=$(cat "$work/http.port")
stall_port=$(cat "$work/stall.port")

# config NAME JSON KEEP_ALIVE: every channel enabled
config() {
	cat >"$work/$1.yaml" <<Y
rules_files:
  - $work/rules.yaml
json_output: $2
stdout_output:
  enabled: true
file_output:
  enabled: true
  keep_alive: $3
  filename: $work/$1.file
syslog_output:
  enabled: true
program_output:
  enabled: true
  keep_alive: $3
  program: "cat >> $work/$1.program"
http_output:
  enabled: true
  url: "http://127.0.0.1:$http_port/$1"
lanner:
  syslog_address: $work/log.sock
Y
}

# all_channels NAME JSON KEEP_ALIVE N0: run, trigger one alert, compare the five copies
all_channels() {
	local n=$1 json=$2 keep=$3
	config "$n" "$json" "$keep"
	http_n=$((http_n + 1))
	rm -f "$work/syslog.out"
	lanner_start "$work/$n.out" -c "$work/$n.yaml" -U || {
		bad "$n: lanner did not start: $(tail -3 "$work/$n.out.err")"
		lanner_stop
		return
	}
	touch "$tag-$n"
	wait_for test -s "$work/$n.file"
	wait_for test -s "$work/$n.program"
	wait_for test -s "$work/syslog.out"
	wait_for test -s "$work/http/$http_n.body"
	lanner_stop
	local want
	want=$(grep -F "file=$tag-$n" "$work/$n.out" | head -1)
	if [ -z "$want" ]; then
		bad "$n: no alert on stdout"
		cat "$work/$n.out.err"
		return
	fi
	check "$n: one alert on stdout" 1 "$(grep -cF "file=$tag-$n" "$work/$n.out")"
	check "$n: file output, the same alert" "$want" "$(cat "$work/$n.file")"
	check "$n: program output, the same alert" "$want" "$(cat "$work/$n.program")"
	local sl
	sl=$(head -1 "$work/syslog.out")
	check "$n: syslog output, the same alert" "$want" "${sl#*]: }"
	# LOG_USER (8) + Warning (4), and the header syslog(3) writes
	if [[ $sl =~ ^\<12\>[A-Z][a-z][a-z]\ [\ 0-9][0-9]\ [0-9:]{8}\ lanner\[[0-9]+\]:\  ]]; then
		ok "$n: syslog header <12>Mmm dd hh:mm:ss lanner[pid]:"
	else bad "$n: syslog header: $sl"; fi
	check "$n: http output, the same alert" "$want" "$(cat "$work/http/$http_n.body")"
	check "$n: http Content-Type" "$([ "$json" = true ] && echo application/json || echo text/plain)" \
		"$(cat "$work/http/$http_n.type")"
	check "$n: no alert dropped or failed" "" \
		"$(grep '^lanner: outputs:' "$work/$n.out.err" | grep -oE '(dropped|failed)=[1-9][0-9]*')"
}

http_n=0
all_channels text false false
all_channels json true true
if python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert sorted(a) == ["hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"], sorted(a)
assert a["rule"] == "Outputs test open" and a["priority"] == "Warning" and a["source"] == "syscall"
assert a["tags"] == ["b_tag", "test_outputs"], a["tags"]
assert a["output_fields"]["fd.name"].endswith("-json"), a["output_fields"]
' "$work/http/$http_n.body"; then ok "json: the HTTP body is Falco's JSON alert"; else
	bad "json: HTTP body: $(cat "$work/http/$http_n.body")"; fi

# ---- logrotate: the kept-open file is reopened on SIGHUP ----------------------------------------
cat >"$work/rot.yaml" <<Y
rules_files: [$work/rules.yaml]
stdout_output: {enabled: true}
file_output: {enabled: true, keep_alive: true, filename: $work/rot.log}
Y
if lanner_start "$work/rot.out" -c "$work/rot.yaml" -U; then
	touch "$tag-rot1"
	wait_for grep -q "file=$tag-rot1" "$work/rot.log"
	mv "$work/rot.log" "$work/rot.log.1" # what logrotate does, then its postrotate:
	kill -HUP "$lpid"
	wait_for grep -q 'reloading the rules (SIGHUP)' "$work/rot.out.err"
	touch "$tag-rot2"
	wait_for grep -q "file=$tag-rot2" "$work/rot.log"
	lanner_stop
	check "logrotate: the first alert stays in the rotated file" "1 0" \
		"$(grep -c "file=$tag-rot1" "$work/rot.log.1") $(grep -c "file=$tag-rot2" "$work/rot.log.1")"
	check "logrotate: after SIGHUP the alerts go to a new file" "0 1" \
		"$(grep -c "file=$tag-rot1" "$work/rot.log" 2>/dev/null) $(grep -c "file=$tag-rot2" "$work/rot.log" 2>/dev/null)"
else
	bad "logrotate: lanner did not start: $(tail -3 "$work/rot.out.err")"
	lanner_stop
fi

# ---- HTTP retries, syslog over UDP -------------------------------------------------------------
# The receiver answers 503 twice, then 200: the alert is delivered once, on the third attempt.
mkdir -p "$work/flaky"
receiver flaky "$work/flaky.port" "$work/flaky"
receiver udp "$work/udp.port" "$work/udp.out"
if wait_for test -s "$work/flaky.port" && wait_for test -s "$work/udp.port"; then
	cat >"$work/retry.yaml" <<Y
rules_files: [$work/rules.yaml]
stdout_output: {enabled: true}
syslog_output: {enabled: true}
http_output: {enabled: true, url: "http://127.0.0.1:$(cat "$work/flaky.port")/", max_consecutive_timeouts: 5}
lanner: {syslog_address: "udp:127.0.0.1:$(cat "$work/udp.port")"}
Y
	if lanner_start "$work/retry.out" -c "$work/retry.yaml" -U; then
		touch "$tag-retry"
		wait_for test -s "$work/flaky/1.body"
		wait_for test -s "$work/udp.out"
		lanner_stop
		want=$(grep -F "file=$tag-retry" "$work/retry.out" | head -1)
		check "http retries: delivered after two 503s" "$want" "$(cat "$work/flaky/1.body" 2>/dev/null)"
		check "http retries: three attempts" 3 "$(lines "$work/flaky/attempts")"
		check "http retries: counted as sent, not failed" "http sent=1 dropped=0 failed=0" \
			"$(grep '^lanner: outputs:' "$work/retry.out.err" | grep -oE 'http sent=[0-9]+ dropped=[0-9]+ failed=[0-9]+')"
		sl=$(head -1 "$work/udp.out")
		check "syslog over UDP, the same alert" "$want" "${sl#*]: }"
	else
		bad "retries: lanner did not start: $(tail -3 "$work/retry.out.err")"
		lanner_stop
	fi
else bad "the flaky/udp receivers did not start"; fi

# ---- a stalled HTTP receiver -------------------------------------------------------------------
# It accepts the connection and never answers: every attempt lasts output_timeout (5 s). 20
# alerts, 50 ms apart: stdout must have them all while the receiver still holds its first
# request; the HTTP channel's queue (capacity 4) overflows and every alert is accounted for at
# exit. (The alerts are spaced so that stdout's own queue of 4 is never the one that overflows.)
cat >"$work/stall.yaml" <<Y
rules_files: [$work/rules.yaml]
json_output: true
stdout_output: {enabled: true}
http_output:
  enabled: true
  url: "http://127.0.0.1:$stall_port/"
  max_consecutive_timeouts: 0
outputs_queue: {capacity: 4}
output_timeout: 5000
Y
# stdout through a pipe that stamps each line with the time it arrived: the delay from the
# event (output_fields evt.time) to stdout is measured (reported, not asserted: timings vary)
mkfifo "$work/stall.fifo"
python3 -u -c '
import sys, time
for l in sys.stdin:
    sys.stdout.write("%d %s" % (time.time_ns(), l))
    sys.stdout.flush()' <"$work/stall.fifo" >"$work/stall.out" &
rpids+=($!)
lanner_bg "$work/stall.fifo" -c "$work/stall.yaml" -U
if wait_attached "$work/stall.fifo.err" "$lpid"; then
	t_burst=$(date +%s%N)
	for i in $(seq 20); do
		touch "$tag-stall-$i"
		sleep 0.05
	done
	wait_for test "$(grep -c "$tag-stall-" "$work/stall.out")" -ge 20
	t_all=$(date +%s%N)
	held=$(lines "$work/stall/accepted")
	got=$(grep -c "$tag-stall-" "$work/stall.out")
	check "stalled http: all 20 alerts on stdout" 20 "$got"
	if [ "$held" -le 1 ]; then
		ok "stalled http: stdout had them all $(((t_all - t_burst) / 1000000)) ms after the burst began, while the receiver still held its first request"
	else bad "stalled http: the receiver took $held connections before stdout had the 20 alerts"; fi
	delay=$(grep "$tag-stall-" "$work/stall.out" | python3 -c '
import json, sys
d = [int(l.split(" ", 1)[0]) - json.loads(l.split(" ", 1)[1])["output_fields"]["evt.time"] for l in sys.stdin]
print("%.1f ms max, %.1f ms median" % (max(d) / 1e6, sorted(d)[len(d) // 2] / 1e6))')
	echo "  event to stdout, with the HTTP receiver stalled: $delay"
	lanner_stop
	st=$(grep '^lanner: outputs:' "$work/stall.fifo.err")
	echo "  $st"
	hs=$(echo "$st" | grep -oE 'http sent=[0-9]+ dropped=[0-9]+ failed=[0-9]+')
	read -r s d f < <(echo "$hs" | sed -E 's/http sent=([0-9]+) dropped=([0-9]+) failed=([0-9]+)/\1 \2 \3/')
	check "stalled http: nothing delivered" 0 "${s:-x}"
	if [ "${d:-0}" -ge 15 ]; then ok "stalled http: the full queue's drops counted (dropped=$d)"; else
		bad "stalled http: dropped=${d:-?}, expected at least 15 of 20 with a queue of 4"; fi
	check "stalled http: sent + dropped + failed = 20 alerts" 20 "$((${s:-0} + ${d:-0} + ${f:-0}))"
	check "stalled http: stdout delivered all" "stdout sent=20 dropped=0 failed=0" \
		"$(echo "$st" | grep -oE 'stdout sent=[0-9]+ dropped=[0-9]+ failed=[0-9]+')"
else
	bad "stalled http: lanner did not start: $(tail -3 "$work/stall.fifo.err")"
	lanner_stop
fi

# ---- append_output (extra_output, extra_fields, match) and rules: selections ---------------------
# Three rules on this test's own files: A is enabled by tag after `disable: {rule: "*"}`, B by a
# wildcard, C stays disabled. A's entry (match by tag) appends text and two JSON fields; B's
# (match by rule name) only text; the unconditional entry goes to both.
cat >"$work/sel-rules.yaml" <<Y
- rule: Sel A open
  desc: a
  condition: evt.type in (open, openat, openat2) and fd.name = $tag-selA
  output: "sel-a file=%fd.name"
  priority: WARNING
  tags: [sel_a, test_outputs]
- rule: Sel B open
  desc: b
  condition: evt.type in (open, openat, openat2) and fd.name = $tag-selB
  output: "sel-b file=%fd.name"
  priority: WARNING
  tags: [sel_b]
- rule: Sel C open
  desc: c
  condition: evt.type in (open, openat, openat2) and fd.name = $tag-selC
  output: "sel-c file=%fd.name"
  priority: WARNING
  tags: [sel_c]
Y
cat >"$work/sel.yaml" <<Y
rules_files: [$work/sel-rules.yaml]
json_output: true
stdout_output: {enabled: true}
append_output:
  - match: {source: syscall, tags: [sel_a, test_outputs]}
    extra_output: "extra=%proc.name"
    extra_fields:
      - via: "file %fd.name"
      - proc.pid
  - match: {rule: Sel B open}
    extra_output: b-only
  - extra_output: "(all)"
rules:
  - disable: {rule: "*"}
  - enable: {tag: sel_a}
  - enable: {rule: "Sel B*"}
Y
if lanner_start "$work/sel.out" -c "$work/sel.yaml" -U; then
	for f in selA selB selC; do touch "$tag-$f"; done
	wait_for grep -q "sel-b file=$tag-selB" "$work/sel.out"
	sleep 0.5
	lanner_stop
	a=$(grep '"rule":"Sel A open"' "$work/sel.out" | head -1)
	b=$(grep '"rule":"Sel B open"' "$work/sel.out" | head -1)
	check "append_output: extra_output of the entries matching by tags, then the unconditional one" \
		"sel-a file=$tag-selA extra=touch (all)" "$(echo "$a" | sed -n 's/.*Warning \(sel-a[^"]*\)".*/\1/p')"
	check "append_output: extra_fields {key: format} rendered, a bare field typed" \
		"\"via\":\"file $tag-selA\" pid-typed" \
		"$(echo "$a" | grep -o '"via":"[^"]*"') $(echo "$a" | grep -qE '"proc.pid":[0-9]+' && echo pid-typed)"
	check "append_output: match by rule name; extra_fields of another entry stay out" \
		"sel-b file=$tag-selB b-only (all) no-extra-fields" \
		"$(echo "$b" | sed -n 's/.*Warning \(sel-b[^"]*\)".*/\1/p') $(echo "$b" | grep -q '"via"' || echo no-extra-fields)"
	check "rules: disable {rule: \"*\"} keeps Sel C off (enable by tag and by wildcard turned A, B on)" \
		"0" "$(grep -c "sel-c file=$tag-selC" "$work/sel.out")"
else
	bad "append_output/rules: lanner did not start: $(tail -3 "$work/sel.out.err")"
	lanner_stop
fi
printf 'rules:\n  - enable: {rule: a, tag: b}\n' >"$work/badsel.yaml"
"$lanner" -c "$work/badsel.yaml" --dry-run >/dev/null 2>"$work/badsel.err"
check "a rules: selection with both rule and tag is an error naming file:line" \
	"lanner: $work/badsel.yaml:2: rules.enable: expected exactly one of rule, tag" \
	"$(head -1 "$work/badsel.err")"

# ---- configuration errors name the key and where it was set ------------------------------------
printf 'json_output: maybe\n' >"$work/bad.yaml"
"$lanner" -c "$work/bad.yaml" --dry-run >/dev/null 2>"$work/bad.err"
check "a wrong type is an error naming file:line and key" \
	"lanner: $work/bad.yaml:1: json_output: expected a boolean (true/false), got 'maybe'" \
	"$(head -1 "$work/bad.err")"
"$lanner" -c "$work/stall.yaml" -o outputs_queue.capacity=-3 --dry-run >/dev/null 2>"$work/bad2.err"
check "a wrong -o value names the -o" \
	"lanner: -o outputs_queue.capacity=-3: outputs_queue.capacity: expected an integer from 0 to 10000000, got '-3'" \
	"$(head -1 "$work/bad2.err")"
printf 'rules_files: [%s]\nfile_output: {enabled: true}\n' "$work/rules.yaml" >"$work/nofile.yaml"
"$lanner" -c "$work/nofile.yaml" --dry-run >/dev/null 2>"$work/bad3.err"
check "file_output without filename refused" \
	"lanner: file output: file_output.filename is required when file_output is enabled" \
	"$(grep -v '^lanner: configuration' "$work/bad3.err" | head -1)"

summary outputs
