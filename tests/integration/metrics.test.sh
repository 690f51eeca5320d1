#!/usr/bin/env bash
# metrics.test.sh — health and metrics of a running agent:
#   - /healthz answers 200 while the programs are attached (the web server bound to 127.0.0.1,
#     on a free port);
#   - /metrics answers Prometheus text with the counters: per-rule alerts (exactly this test's
#     alerts), kernel events seen / sent / filtered out, lost per cause, userspace evaluations,
#     output-queue drops;
#   - an oversized request is refused (413) and the server keeps answering;
#   - --stats-interval prints the same counters on stderr periodically.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v clang >/dev/null || skip "no clang (the rules are compiled)"
command -v python3 >/dev/null || skip "no python3 (HTTP client)"
workdir metrics
export LANNER_CACHE_DIR=$work/cache
touch "$work/target"
cat >"$work/rules.yaml" <<EOR
- rule: Metrics Target Opened
  desc: this test's own file
  condition: evt.type in (open, openat) and fd.name = "$work/target"
  output: "METRICSHIT file=%fd.name"
  priority: WARNING
EOR
# get PATH [BYTES-OF-HEADER-PADDING]: prints "CODE\nBODY"
get() {
	python3 - "$port" "$1" "${2:-0}" <<'PY'
import socket, sys
port, path, pad = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
try:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
except OSError:
    print("none")
    sys.exit(0)
req = "GET %s HTTP/1.0\r\nHost: x\r\n" % path
if pad:
    req += "X-Pad: " + "a" * pad + "\r\n"
try:
    s.sendall((req + "\r\n").encode())
except OSError:
    pass
data = b""
while True:
    try:
        b = s.recv(65536)
    except OSError:
        break
    if not b:
        break
    data += b
head, _, body = data.partition(b"\r\n\r\n")
print(head.split(b" ")[1].decode() if head else "none")
sys.stdout.write(body.decode(errors="replace"))
PY
}
if ! lanner_start "$work/out" -r "$work/rules.yaml" --no-watch --stats-interval 1 \
	-o webserver.enabled=true -o webserver.listen_address=127.0.0.1 \
	-o webserver.listen_port=0 -o webserver.prometheus_metrics_enabled=true \
	-o metrics.enabled=true; then
	bad "lanner did not start: $(tail -5 "$work/out.err")"
	summary metrics
	exit 1
fi
port=$(sed -n 's/^lanner: web server on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/out.err" | head -1)
[ -n "$port" ] && ok "web server bound to 127.0.0.1:$port" || bad "no web server line: $(cat "$work/out.err")"
for _ in $(seq 50); do
	[ "$(get /healthz | head -1)" = 200 ] && break
	sleep 0.1
done
check "/healthz while attached" 200 "$(get /healthz | head -1)"
for _ in 1 2 3; do cat "$work/target"; done
for _ in $(seq 100); do
	[ "$(grep -c METRICSHIT "$work/out")" -ge 3 ] && break
	sleep 0.1
done
sleep 1.5 # /metrics is republished every second
get /metrics >"$work/metrics"
check "/metrics answers" 200 "$(head -1 "$work/metrics")"
check "per-rule alert count" 'lanner_rule_alerts_total{rule="Metrics Target Opened",priority="Warning"} 3' \
	"$(grep '^lanner_rule_alerts_total{rule="Metrics Target Opened"' "$work/metrics")"
for series in 'lanner_kernel_events_total{stage="seen"}' 'lanner_kernel_events_total{stage="sent"}' \
	'lanner_kernel_events_total{stage="filtered_out"}' 'lanner_kernel_lost_total{cause="ring_full"}' \
	'lanner_kernel_lost_total{cause="skipped_by_kernel"}' \
	'lanner_userspace_evaluated_events_total' 'lanner_rule_evaluations_total' \
	'lanner_output_total{channel="stdout",result="dropped"}' 'lanner_attached'; do
	line=$(grep -F "$series " "$work/metrics" | grep -v '^#' | head -1)
	if [ -n "$line" ]; then ok "series $line"; else bad "no $series"; fi
done
filtered=$(sed -n 's/^lanner_kernel_events_total{stage="filtered_out"} //p' "$work/metrics")
[ "${filtered:-0}" -gt 0 ] && ok "the kernel filters removed events ($filtered)" || bad "filtered_out is ${filtered:-missing}"
check "oversized request refused" 413 "$(get /healthz 20000 | head -1)"
check "unknown path" 404 "$(get /nope | head -1)"
check "/healthz still answers after a refused request" 200 "$(get /healthz | head -1)"
for _ in $(seq 30); do
	grep -q "^lanner: metrics: .*alerts=3 " "$work/out.err" && break
	sleep 0.1
done
grep -q "^lanner: metrics: events_seen=[0-9]* .*alerts=3 " "$work/out.err" &&
	ok "--stats-interval: $(grep '^lanner: metrics:' "$work/out.err" | tail -1 | cut -c1-120)..." ||
	bad "no periodic metrics line with alerts=3: $(grep 'metrics' "$work/out.err" | tail -2)"
lanner_stop
check "no web server after exit" none "$(get /healthz 2>/dev/null | head -1 || echo none)"
summary metrics
