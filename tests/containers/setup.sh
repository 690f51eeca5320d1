#!/usr/bin/env bash
# Prepares real container runtimes for Lanner's container tests (root, Debian 12). Idempotent: a
# second run only checks and returns (well under a second).
#   tests/containers/setup.sh [podman|all]     default: all (podman + containerd/ctr)
# Afterwards: podman runs localhost/busybox:latest and localhost/nginx:latest; with "all", the same
# two images are also in containerd's "default" namespace (containerd itself is NOT left running:
# tests start it with tests/containers/containerd.sh start and stop it themselves).
# State and logs: $LANNER_CT_DIR (default /run/lanner-ct).
set -euo pipefail
what=${1:-all}
case $what in podman | all) ;; *)
	echo "usage: $0 [podman|all]" >&2
	exit 2
	;;
esac
if [ "$(id -u)" != 0 ]; then
	echo "setup.sh: needs root" >&2
	exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
state=${LANNER_CT_DIR:-/run/lanner-ct}
mkdir -p "$state"
export DEBIAN_FRONTEND=noninteractive

# ---- packages ---------------------------------------------------------------------------------
pkgs="podman runc conmon fuse-overlayfs containernetworking-plugins busybox-static"
[ "$what" = all ] && pkgs="$pkgs containerd"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
	echo "setup.sh: installing$missing"
	apt-get install -y -qq $missing >/dev/null 2>&1 ||
		{ apt-get update -qq && apt-get install -y -qq $missing >/dev/null; }
fi

# ---- podman configuration ---------------------------------------------------------------------
# This VM's capability bounding set has no CAP_SYS_RESOURCE and its hard RLIMIT_NOFILE is about
# 20000, so podman's default ulimits (nofile 1048576) make runc's setrlimit fail: pin them low.
# crun refuses the hybrid cgroup v1/v2 layout found here; runc copes with it.
conf=/etc/containers/containers.conf
want='[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"'
if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
	mkdir -p /etc/containers
	printf '%s\n' "$want" >"$conf"
fi

# ---- images -----------------------------------------------------------------------------------
# No registry is reachable: both images are a busybox-static root filesystem imported locally.
# They hold the same files but differ in one ENV line, so their image ids differ. The label
# marks images built by this kit's current recipe: images of the same name made another way (an
# older recipe, another kit) lack files the tests rely on, such as the nginx group.
kit_label=lanner.ct.kit=2
have_image() {
	[ "$(podman image inspect -f '{{index .Labels "lanner.ct.kit"}}' "localhost/$1:latest" \
		2>/dev/null)" = "${kit_label#*=}" ]
}
if ! have_image busybox || ! have_image nginx; then
	work=$state/images
	rm -rf "$work"
	mkdir -p "$work/rootfs"
	r=$work/rootfs
	mkdir -p "$r/bin" "$r/tmp" "$r/proc" "$r/sys" "$r/dev" "$r/etc" "$r/root" "$r/usr"
	cp /bin/busybox "$r/bin/busybox"
	for a in $("$r/bin/busybox" --list); do
		[ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
	done
	ln -s bin "$r/sbin"
	ln -s ../bin "$r/usr/bin"
	ln -s ../bin "$r/usr/sbin"
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nginx:x:101:101:nginx:/nonexistent:/bin/false' \
		>"$r/etc/passwd"
	printf '%s\n' 'root:x:0:' 'nginx:x:101:' >"$r/etc/group"
	chmod 1777 "$r/tmp"
	tar -C "$r" -cf "$work/rootfs.tar" .
	# ctr adds no default PATH, so the images carry one.
	path_env='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
	podman import -q --change "$path_env" --change "LABEL $kit_label" --change 'CMD ["/bin/sh"]' \
		"$work/rootfs.tar" localhost/busybox:latest >/dev/null
	podman import -q --change "$path_env" --change "LABEL $kit_label" \
		--change 'ENV IMAGE_NAME=nginx' --change 'CMD ["/bin/sh"]' "$work/rootfs.tar" \
		localhost/nginx:latest >/dev/null
	rm -rf "$r"
fi

if [ "$what" = all ]; then
	# Importing needs the daemon, which takes a second or two to start, so a stamp that records
	# which podman image ids were imported lets warm runs skip it while containerd's db remains.
	stamp=/var/lib/lanner-ct/ctr-images
	ids=$(podman image inspect -f '{{.Id}}' localhost/busybox:latest localhost/nginx:latest)
	if [ ! -f /var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db ] ||
		[ "$(cat "$stamp" 2>/dev/null)" != "$ids" ]; then
		started=0
		if ! "$here/containerd.sh" running; then
			"$here/containerd.sh" start
			started=1
		fi
		for i in busybox nginx; do
			podman save -q -o "$state/$i.tar" "localhost/$i:latest"
			ctr --connect-timeout 1s -n default image import "$state/$i.tar" >/dev/null
			rm -f "$state/$i.tar"
		done
		[ "$started" = 1 ] && "$here/containerd.sh" stop
		mkdir -p "$(dirname "$stamp")"
		printf '%s\n' "$ids" >"$stamp"
	fi
fi
echo "setup.sh: ready ($what): localhost/busybox:latest localhost/nginx:latest"
