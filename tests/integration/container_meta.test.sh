#!/usr/bin/env bash
# Container and user metadata of processes in real containers, as Lanner's userspace computes it
# (loader/container_meta.c + container_sources.c + unix_http.c, loader/cgroup.c, loader/userdb.c,
# printed by tests/integration/container_meta_probe.c), against what the runtimes say:
#   - podman: a container from localhost/nginx (name, image, repository, tag, image id,
#     privileged=false, k8s fields from --annotation) and a --privileged one from localhost/busybox;
#     first from state on disk, then through the podman API socket (/run/podman/podman.sock);
#   - user.name of a `podman exec -u 101` process: "nginx" from the image's /etc/passwd, whatever
#     the host calls uid 101;
#   - eviction: the cache drops a podman container once it is removed;
#   - containerd (ctr): a container in /kubepods/besteffort/pod<uid>/<64hex> with CRI labels
#     (k8s.pod.name=web-0, k8s.ns.name=prod, ...), a --privileged one, and one in ctr's loose
#     /default/<name> cgroup (container.id only through the task-dir resolver).
# Needs root; installs what it needs with tests/containers/setup.sh. Exit 77 = skipped.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root

# field FILE NAME: the value of NAME= in a probe output ("<missing>" when absent).
field() {
	local v
	v=$(grep -m1 "^$2=" "$1") || {
		echo "<missing>"
		return
	}
	echo "${v#*=}"
}

workdir ctmeta
api_pid=""
PODMAN_NAMES="lanner-meta-web lanner-meta-priv lanner-meta-gone"
cleanup() {
	for c in $PODMAN_NAMES; do podman rm -f -t 0 "$c" >/dev/null 2>&1; done
	if [ -n "$api_pid" ]; then
		kill "$api_pid" 2>/dev/null
		wait "$api_pid" 2>/dev/null
		rm -f /run/podman/podman.sock
		rmdir /run/podman 2>/dev/null
	fi
	ctr_remove ${ctr_ids:-}
}
containers_setup all
podman_runs_or_skip "$work/probe.log" --rm localhost/busybox true

probe=$work/container_meta_probe
gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O1 -I. -Iloader -Ibpf-templates -o "$probe" \
	tests/integration/container_meta_probe.c loader/containers/container_meta.c \
	loader/containers/container_sources.c loader/containers/unix_http.c loader/containers/cgroup.c loader/containers/userdb.c \
	common/xalloc.c \
	-ljson-c -lpthread || {
	echo "FAIL: cannot build container_meta_probe"
	exit 1
}

# Waits for a process whose full command line is exactly $1; prints its pid.
wait_pid() {
	local p=""
	for _ in $(seq 40); do
		p=$(pgrep -f -x "$1" | head -1)
		[ -n "$p" ] && break
		sleep 0.05
	done
	echo "$p"
}

# ---- host ----
"$probe" --no-api $$ >"$work/host.out"
check "host: container.id" host "$(field "$work/host.out" container.id)"
check "host: container.name" host "$(field "$work/host.out" container.name)"
check "host: container.image.repository is empty" "" "$(field "$work/host.out" container.image.repository)"

# ---- podman, state on disk ----
for c in $PODMAN_NAMES; do podman rm -f -t 0 "$c" >/dev/null 2>&1; done
podman run -d --name lanner-meta-web --annotation io.kubernetes.pod.name=podman-pod \
	--annotation io.kubernetes.pod.namespace=dev -v /tmp:/mnt/host:ro localhost/nginx \
	sleep 300 >/dev/null || check "podman run lanner-meta-web" started failed
podman run -d --privileged --name lanner-meta-priv localhost/busybox sleep 300 >/dev/null ||
	check "podman run lanner-meta-priv" started failed
web_id=$(podman inspect -f '{{.Id}}' lanner-meta-web)
web_pid=$(podman inspect -f '{{.State.Pid}}' lanner-meta-web)
web_img=$(podman inspect -f '{{.Image}}' lanner-meta-web)
priv_id=$(podman inspect -f '{{.Id}}' lanner-meta-priv)
priv_pid=$(podman inspect -f '{{.State.Pid}}' lanner-meta-priv)

check_web() { # label, output file, expected source
	local o=$2
	check "$1: status" ready "$(field "$o" status)"
	check "$1: source" "$3" "$(field "$o" source)"
	check "$1: container.id" "${web_id:0:12}" "$(field "$o" container.id)"
	check "$1: container.name" lanner-meta-web "$(field "$o" container.name)"
	check "$1: container.type" podman "$(field "$o" container.type)"
	check "$1: container.image" localhost/nginx:latest "$(field "$o" container.image)"
	check "$1: container.image.repository" localhost/nginx "$(field "$o" container.image.repository)"
	check "$1: container.image.tag" latest "$(field "$o" container.image.tag)"
	check "$1: container.image.id" "${web_img#sha256:}" "$(field "$o" container.image.id)"
	check "$1: container.privileged" false "$(field "$o" container.privileged)"
	check "$1: container.mounts" "/tmp:/mnt/host::false:rprivate" "$(field "$o" container.mounts)"
	check "$1: k8s.pod.name (annotation)" podman-pod "$(field "$o" k8s.pod.name)"
	check "$1: k8s.ns.name (annotation)" dev "$(field "$o" k8s.ns.name)"
	local ts now
	ts=$(field "$o" container.start_ts)
	now=$(date +%s%N)
	if [ "$ts" != "<missing>" ] && [ "$ts" -le "$now" ] && [ "$ts" -gt $((now - 600000000000)) ]; then
		check "$1: container.start_ts within the last 10 min" yes yes
	else
		check "$1: container.start_ts within the last 10 min" yes "$ts"
	fi
}
"$probe" --no-api "$web_pid" >"$work/web.disk"
check_web "podman disk" "$work/web.disk" disk
"$probe" --no-api "$priv_pid" >"$work/priv.disk"
check "podman disk: --privileged container.privileged" true "$(field "$work/priv.disk" container.privileged)"
check "podman disk: privileged container.name" lanner-meta-priv "$(field "$work/priv.disk" container.name)"
check "podman disk: privileged image" localhost/busybox:latest "$(field "$work/priv.disk" container.image)"
check "podman disk: privileged container.id" "${priv_id:0:12}" "$(field "$work/priv.disk" container.id)"

# ---- user.name from the container's /etc/passwd ----
check "container init user.name" root "$(field "$work/web.disk" user.name)"
podman exec -d -u 101 lanner-meta-web sleep 2718 >/dev/null
epid=$(wait_pid "sleep 2718")
if [ -n "$epid" ]; then
	"$probe" --no-api "$epid" >"$work/exec.out"
	host_101=$(getent passwd 101 | cut -d: -f1)
	echo "note: the host calls uid 101 '${host_101:-<nobody>}'"
	check "podman exec -u 101: user.uid" 101 "$(field "$work/exec.out" user.uid)"
	check "podman exec -u 101: user.name from the image's passwd" nginx "$(field "$work/exec.out" user.name)"
	check "podman exec -u 101: group.name from the image's group" nginx "$(field "$work/exec.out" group.name)"
	check "podman exec -u 101: user.homedir" /nonexistent "$(field "$work/exec.out" user.homedir)"
	check "podman exec -u 101: container.id" "${web_id:0:12}" "$(field "$work/exec.out" container.id)"
else
	check "podman exec -u 101 process found" found missing
fi

# ---- podman through the API socket ----
sock=/run/podman/podman.sock
if [ -S "$sock" ]; then
	echo "note: $sock is already served; using it"
else
	mkdir -p /run/podman
	podman system service -t 0 "unix://$sock" >"$work/api.log" 2>&1 &
	api_pid=$!
	for _ in $(seq 100); do
		[ -S "$sock" ] && break
		sleep 0.05
	done
fi
if [ -S "$sock" ]; then
	# The default socket list: /run/docker.sock (if any docker knows nothing of podman's
	# containers) then podman's socket.
	"$probe" "$web_pid" >"$work/web.api"
	check_web "podman API" "$work/web.api" api
	"$probe" "$priv_pid" >"$work/priv.api"
	check "podman API: --privileged container.privileged" true "$(field "$work/priv.api" container.privileged)"
	check "podman API: source" api "$(field "$work/priv.api" source)"
	check "podman API: same image digest as disk" "$(field "$work/web.disk" container.image.digest)" \
		"$(field "$work/web.api" container.image.digest)"
else
	tail -3 "$work/api.log"
	check "podman API socket $sock came up" yes no
fi

# ---- eviction of a removed container ----
podman run -d --name lanner-meta-gone localhost/busybox sleep 300 >/dev/null
gone_pid=$(podman inspect -f '{{.State.Pid}}' lanner-meta-gone)
"$probe" --no-api --watch-gone 20 "$gone_pid" >"$work/gone.out" &
watcher=$!
for _ in $(seq 100); do
	grep -q '^watching' "$work/gone.out" && break
	sleep 0.05
done
check "eviction probe saw the container" lanner-meta-gone "$(field "$work/gone.out" container.name)"
podman rm -f -t 0 lanner-meta-gone >/dev/null
wait "$watcher"
check "the cache evicts a removed podman container" 1 "$(field "$work/gone.out" evicted)"

# ---- containerd / ctr ----
if ! command -v ctr >/dev/null; then
	echo "skipped part: ctr is not installed"
elif ! containerd_up; then
	echo "skipped part: containerd could not be started"
else
	kid=$(kube_id)
	puid=$(cat /proc/sys/kernel/random/uuid)
	ctr_ids="$kid lanner-meta-ctrpriv lanner-meta-loose"
	# As Kubernetes does, the task is named by the same id as its cgroup leaf.
	$CTR run -d --cgroup "/kubepods/besteffort/pod$puid/$kid" \
		--label io.kubernetes.pod.name=web-0 --label io.kubernetes.pod.namespace=prod \
		--label io.kubernetes.pod.uid="$puid" --label io.kubernetes.container.name=web \
		--label io.kubernetes.cri.image-name=localhost/busybox:latest --label app=frontend \
		localhost/busybox:latest "$kid" sleep 300 >/dev/null
	$CTR run -d --privileged localhost/busybox:latest lanner-meta-ctrpriv sleep 300 >/dev/null
	$CTR run -d localhost/busybox:latest lanner-meta-loose sleep 300 >/dev/null
	kpid=$(ctr_pid "$kid")
	ppid_=$(ctr_pid lanner-meta-ctrpriv)
	loose_pid=$(ctr_pid lanner-meta-loose)
	if [ -n "$kpid" ]; then
		o=$work/k8s.out
		"$probe" "$kpid" >"$o"
		check "ctr kubepods: container.id" "${kid:0:12}" "$(field "$o" container.id)"
		check "ctr kubepods: status" ready "$(field "$o" status)"
		check "ctr kubepods: container.type" containerd "$(field "$o" container.type)"
		check "ctr kubepods: k8s.pod.name" web-0 "$(field "$o" k8s.pod.name)"
		check "ctr kubepods: k8s.ns.name" prod "$(field "$o" k8s.ns.name)"
		check "ctr kubepods: k8s.pod.uid" "$puid" "$(field "$o" k8s.pod.uid)"
		check "ctr kubepods: k8s.pod.labels" app:frontend "$(field "$o" k8s.pod.labels)"
		check "ctr kubepods: container.name (io.kubernetes.container.name)" web "$(field "$o" container.name)"
		check "ctr kubepods: container.image.repository (cri image-name)" localhost/busybox \
			"$(field "$o" container.image.repository)"
		check "ctr kubepods: container.privileged" false "$(field "$o" container.privileged)"
		check "ctr kubepods: user.name" root "$(field "$o" user.name)"
	else
		check "ctr kubepods container started" started failed
	fi
	if [ -n "$ppid_" ]; then
		"$probe" "$ppid_" >"$work/ctrpriv.out"
		check "ctr --privileged: container.privileged" true "$(field "$work/ctrpriv.out" container.privileged)"
	else
		check "ctr privileged container started" started failed
	fi
	if [ -n "$loose_pid" ]; then
		o=$work/loose.out
		"$probe" "$loose_pid" >"$o"
		check "ctr loose /default/<name>: container.id through the task-dir resolver" \
			lanner-meta- "$(field "$o" container.id)"
		check "ctr loose: container.name" lanner-meta-loose "$(field "$o" container.name)"
		check "ctr loose: container.type" containerd "$(field "$o" container.type)"
	else
		check "ctr loose container started" started failed
	fi
fi

summary container_meta
