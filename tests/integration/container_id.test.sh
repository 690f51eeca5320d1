#!/usr/bin/env bash
# container.id of processes in real containers, as Lanner's userspace classifier (loader/cgroup.c,
# the same code as the kernel's container_id.h) computes it, against the runtimes' own ids:
#   - a podman container (cgroup /libpod_parent/libpod-<64hex>) and a `podman exec` into it,
#   - this test's shell (host: this sandbox's /process_api/<hex> cgroup is not a container),
#   - a ctr container in the Kubernetes layout /kubepods/besteffort/pod<uid>/<64hex>, and one in
#     ctr's loose default /default/<name> (host for the strict classifier, by design).
# Needs root; installs what it needs with tests/containers/setup.sh. Exit 77 = skipped.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root

workdir ctid
cleanup() {
	podman rm -f -t 0 lanner-ct-web >/dev/null 2>&1
	ctr_remove ${ctr_ids:-}
}
containers_setup all
podman_runs_or_skip "$work/probe.log" --rm localhost/busybox true

bin=$work/cgroup_id
gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O1 -Iloader -Ibpf-templates \
	-o "$bin" tests/integration/cgroup_id.c loader/containers/cgroup.c || {
	echo "FAIL: cannot build cgroup_id"
	exit 1
}

# ---- host ----
check "this test shell is on the host" host "$("$bin" $$)"
check "pid 2 (kthreadd) is on the host" host "$("$bin" 2)"

# ---- podman ----
podman rm -f -t 0 lanner-ct-web >/dev/null 2>&1
if podman run -d --name lanner-ct-web localhost/busybox sleep 300 >/dev/null; then
	full=$(podman inspect -f '{{.Id}}' lanner-ct-web)
	pid=$(podman inspect -f '{{.State.Pid}}' lanner-ct-web)
	check "podman container init (pid $pid)" "${full:0:12}" "$("$bin" "$pid")"
	# A process that enters later with `podman exec` is a child of conmon, not of the init.
	podman exec -d lanner-ct-web sleep 271 >/dev/null
	epid=""
	for _ in $(seq 20); do
		epid=$(pgrep -f -x 'sleep 271' | head -1)
		[ -n "$epid" ] && break
		sleep 0.05
	done
	if [ -n "$epid" ]; then
		check "podman exec'd process (pid $epid)" "${full:0:12}" "$("$bin" "$epid")"
	else
		check "podman exec'd process found" found missing
	fi
else
	check "podman run" started failed
fi

# ---- containerd / ctr ----
if ! command -v ctr >/dev/null; then
	echo "skipped part: ctr is not installed"
elif ! containerd_up; then
	echo "skipped part: containerd could not be started"
else
	kid=$(kube_id)
	uid=$(cat /proc/sys/kernel/random/uuid)
	ctr_ids="lanner-ct-$kid lanner-ct-loose"
	$CTR run -d --cgroup "/kubepods/besteffort/pod$uid/$kid" \
		--label io.kubernetes.pod.name=web-0 --label io.kubernetes.pod.namespace=prod \
		localhost/busybox:latest "lanner-ct-$kid" sleep 300 >/dev/null
	$CTR run -d localhost/busybox:latest lanner-ct-loose sleep 300 >/dev/null
	kpid=$(ctr_pid "lanner-ct-$kid")
	loose_pid=$(ctr_pid lanner-ct-loose)
	if [ -n "$kpid" ]; then
		check "ctr container in /kubepods/besteffort/pod<uid>/<64hex> (pid $kpid)" \
			"${kid:0:12}" "$("$bin" "$kpid")"
	else
		check "ctr kubepods container started" started failed
	fi
	if [ -n "$loose_pid" ]; then
		check "ctr container in loose /default/<name>: host without runtime confirmation" \
			host "$("$bin" "$loose_pid")"
	else
		check "ctr default container started" started failed
	fi
fi

summary container_id
