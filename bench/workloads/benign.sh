#!/usr/bin/env bash
# benign.sh — what a developer's machine or a small server does all day, none of it an attack: the
# benign workload the benchmark runs with Falco's three rulesets loaded, to count how many events
# still reach userspace per alert and per 1,000 syscalls.
#   benign.sh --prepare DIR    web root, container image check; prints `note: …` for parts skipped
#   benign.sh DIR ITERATIONS   the workload; prints `ops=N` (iterations done) and `note: …` lines
#   benign.sh --cleanup DIR
# One iteration: a C build (three of this project's files compiled with cc), package queries
# (dpkg -l, dpkg -S, apt-cache policy), 40 HTTP requests to a loopback web server (python3's
# http.server, started once per run; HTTP/1.0, so one connection per request), and one container
# start / exec / exec / stop with podman (localhost/busybox, built locally by
# tests/containers/setup.sh; skipped with a note where podman cannot run it).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
CT_IMAGE=localhost/busybox

prepare() {
	local dir=$1 i
	mkdir -p "$dir/www" "$dir/obj"
	for i in $(seq 20); do head -c 4096 /dev/urandom >"$dir/www/f$i.bin"; done
	rm -f "$dir/podman_ok"
	if ! command -v podman >/dev/null; then
		echo "note: container churn skipped: podman not installed"
	elif ! podman image exists "$CT_IMAGE" 2>/dev/null && ! tests/containers/setup.sh podman >"$dir/setup.log" 2>&1; then
		echo "note: container churn skipped: tests/containers/setup.sh podman failed: $(tail -1 "$dir/setup.log")"
	elif ! podman run --rm "$CT_IMAGE" true >"$dir/probe.log" 2>&1; then
		echo "note: container churn skipped: podman cannot run $CT_IMAGE here: $(tail -1 "$dir/probe.log")"
	else
		touch "$dir/podman_ok"
	fi
	command -v curl >/dev/null || echo "note: web requests skipped: curl not installed"
	command -v python3 >/dev/null || echo "note: web server skipped: python3 not installed"
}

web_start() { # DIR: python3 http.server on a free loopback port; sets web_pid, web_port
	local dir=$1 i
	web_pid="" web_port=""
	command -v python3 >/dev/null && command -v curl >/dev/null || return 1
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$dir/www" >"$dir/web.log" 2>&1 &
	web_pid=$!
	for i in $(seq 50); do
		web_port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$dir/web.log" | head -1)
		[ -n "$web_port" ] && return 0
		sleep 0.1
	done
	return 1
}

iteration() { # DIR N
	local dir=$1 n=$2 f args=() name
	for f in common/strbuf.c common/jsonstr.c rulelang/lexer.c; do
		cc -std=c11 -O2 -D_GNU_SOURCE -I. -Irulelang -c "$f" -o "$dir/obj/$(basename "$f" .c).o" || echo "note: cc $f failed"
	done
	dpkg -l >/dev/null
	dpkg -S /bin/ls >/dev/null
	apt-cache policy bash >/dev/null
	if [ -n "$web_port" ]; then
		for f in $(seq 40); do args+=(-o /dev/null "http://127.0.0.1:$web_port/f$(((f - 1) % 20 + 1)).bin"); done
		curl -s "${args[@]}" || echo "note: web requests failed"
	fi
	if [ -e "$dir/podman_ok" ]; then
		name=lanner-bench-benign-$$-$n
		if podman run -d --name "$name" "$CT_IMAGE" sleep 60 >/dev/null 2>&1; then
			podman exec "$name" true >/dev/null 2>&1
			podman exec "$name" cat /etc/hostname >/dev/null 2>&1
		else
			echo "note: podman run failed"
		fi
		podman rm -f -t 0 "$name" >/dev/null 2>&1
	fi
}

case ${1:-} in
--prepare) prepare "$2" ;;
--cleanup) rm -rf "$2" ;;
*)
	dir=$1 iters=${2:-4}
	[ -d "$dir/www" ] || prepare "$dir"
	web_start "$dir" || echo "note: web server did not start"
	for i in $(seq "$iters"); do iteration "$dir" "$i"; done
	[ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null
	[ -e "$dir/podman_ok" ] || echo "note: container churn skipped (see --prepare)"
	echo "ops=$iters"
	;;
esac
exit 0
