#!/usr/bin/env bash
# Starts or stops a containerd daemon for tests (there is no init system on these machines).
#   containerd.sh start     start it in the background unless one answers already (≤ 10 s)
#   containerd.sh stop      stop the one that `start` started (others are left alone)
#   containerd.sh running   exit 0 when a containerd answers on /run/containerd/containerd.sock
# `ctr` without a daemon hangs 10 s, so every probe uses --connect-timeout 1s.
set -u
state=${LANNER_CT_DIR:-/run/lanner-ct}
mkdir -p "$state"
pidfile=$state/containerd.pid
up() {
	[ -S /run/containerd/containerd.sock ] && ctr --connect-timeout 1s version >/dev/null 2>&1
}
case ${1:-} in
running) up ;;
start)
	up && exit 0
	command -v containerd >/dev/null || {
		echo "containerd.sh: containerd is not installed" >&2
		exit 1
	}
	setsid containerd >"$state/containerd.log" 2>&1 </dev/null &
	echo $! >"$pidfile"
	for _ in $(seq 100); do
		up && exit 0
		sleep 0.1
	done
	echo "containerd.sh: containerd did not come up; see $state/containerd.log" >&2
	exit 1
	;;
stop)
	[ -f "$pidfile" ] || exit 0
	p=$(cat "$pidfile")
	kill "$p" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	rm -f "$pidfile"
	;;
*)
	echo "usage: $0 start|stop|running" >&2
	exit 2
	;;
esac
