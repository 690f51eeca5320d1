#!/usr/bin/env bash
# Undoes what the container tests leave behind (root). Idempotent.
#   tests/containers/teardown.sh            remove every lanner-ct-* container (podman and ctr's
#                                           "default" namespace) and stop the containerd that
#                                           containerd.sh started
#   tests/containers/teardown.sh --images   also remove the two local images and the import stamp
# Packages and /etc/containers/containers.conf stay: setup.sh is cheap when they are present.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "teardown.sh: needs root" >&2
	exit 1
fi
if command -v podman >/dev/null; then
	for c in $(podman ps -a --format '{{.Names}}' 2>/dev/null | grep '^lanner-ct-'); do
		podman rm -f -t 0 "$c" >/dev/null 2>&1
	done
fi
if command -v ctr >/dev/null && "$here/containerd.sh" running; then
	c="ctr --connect-timeout 1s -n default"
	for t in $($c task ls -q 2>/dev/null | grep '^lanner-ct-'); do
		$c task kill -s KILL "$t" >/dev/null 2>&1
		for _ in $(seq 20); do
			$c task rm -f "$t" >/dev/null 2>&1 && break
			sleep 0.1
		done
	done
	for k in $($c container ls -q 2>/dev/null | grep '^lanner-ct-'); do
		$c container rm "$k" >/dev/null 2>&1
	done
fi
if [ "${1:-}" = --images ]; then
	command -v podman >/dev/null &&
		podman rmi -f localhost/busybox:latest localhost/nginx:latest >/dev/null 2>&1
	if command -v ctr >/dev/null && "$here/containerd.sh" running; then
		ctr --connect-timeout 1s -n default image rm localhost/busybox:latest \
			localhost/nginx:latest >/dev/null 2>&1
	fi
	rm -f /var/lib/lanner-ct/ctr-images
fi
"$here/containerd.sh" stop
echo "teardown.sh: done"
