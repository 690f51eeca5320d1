#!/usr/bin/env bash
# image.sh — `make image`: the agent's container image from this tree's build, with podman.
#
# Usage: packaging/image.sh [BUILD_DIR] [TAG]   (defaults: build, localhost/lanner:VERSION,
# then also tagged localhost/lanner:latest). Stages a root filesystem in a temporary directory: lanner,
# every library `ldd` names at its path, the dynamic loader, a static busybox (sh, unxz, gunzip: the
# entrypoint), /etc/passwd and /etc/group for user names; then `podman build` with
# packaging/Containerfile. Nothing is pulled: the image has no base.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
version=$("$build/lanner" --version 2>/dev/null | awk '{print $2; exit}')
tag=${2:-localhost/lanner:${version:-dev}}
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' ||
	{ echo "image.sh: a static busybox is needed (apt-get install busybox-static)" >&2; exit 1; }
command -v podman >/dev/null || { echo "image.sh: podman is not installed" >&2; exit 1; }
ctx=$(mktemp -d /tmp/lanner-image.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
r=$ctx/rootfs
mkdir -p "$r"/{bin,usr/bin,usr/share/lanner,etc/lanner/bundle,run,tmp,proc,sys,dev,lib64}
install -m 0755 "$build/lanner" "$r/usr/bin/lanner"
cp "$bb" "$r/bin/busybox"
for t in sh gunzip unxz cat ls mkdir mv; do ln -s busybox "$r/bin/$t"; done
install -m 0755 "$root/packaging/container-entrypoint.sh" "$r/usr/share/lanner/entrypoint.sh"
ldd "$build/lanner" | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' | while read -r lib; do
	mkdir -p "$r$(dirname "$lib")"
	cp -L "$lib" "$r$lib"
done
[ -e "$r/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$r/lib64/"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	>"$r/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
cp "$root/packaging/Containerfile" "$ctx/Containerfile"
podman build -q -f "$ctx/Containerfile" -t "$tag" "$ctx" >/dev/null
# the DaemonSet's image is :latest; an explicit TAG (a test's) leaves it alone
[ $# -ge 2 ] || podman tag "$tag" localhost/lanner:latest
echo "$tag"
