#!/usr/bin/env bash
# initramfs.sh — builds the guest initramfs for `make test-kernels`.
#
# Usage: tests/kernels/initramfs.sh LANNER BUNDLE OUT.cpio.gz
# Holds: static busybox (the shell and tools), /init (guest-init.sh), coreutils touch and find,
# ia32open (tests/kernels/ia32open.c),
# lanner with every shared
# library ldd names and the dynamic loader, the bundle, and a minimal /etc/passwd and /etc/group
# so user.name resolves. No clang: the guest runs the prebuilt bundle only.
set -euo pipefail
lanner=$1 bundle=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
bb=$(command -v busybox)
file -L "$bb" | grep -q 'statically linked' || { echo "initramfs.sh: $bb is not static" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,lanner,usr/bin}
cp "$bb" "$root/bin/busybox"
cp "$here/guest-init.sh" "$root/init"
chmod 755 "$root/init"
cp "$lanner" "$root/lanner/lanner"
cp "$bundle" "$root/lanner/rules.lnb"
# the action programs: coreutils' touch (openat, dup2, close, close: the seed's 4 alerts; busybox's
# touch makes 2 syscalls) and findutils' find (busybox runs its find applet without an exec)
cp /usr/bin/touch /usr/bin/find "$root/usr/bin/"
# and the 32-bit one: int $0x80 open/close from a static binary (no gcc-multilib needed)
gcc -O2 -static -no-pie -o "$root/usr/bin/ia32open" "$here/ia32open.c"
# the storm run beside a CPU hog (openloop.c)
gcc -O2 -static -o "$root/usr/bin/openloop" "$here/openloop.c"
# the loader and every library, at the paths ldd prints
ldd "$lanner" /usr/bin/touch /usr/bin/find | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
mkdir -p "$root/lib64"
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
echo vm >"$root/etc/hostname"
(cd "$root" && find . | "$bb" cpio -o -H newc 2>/dev/null | gzip -1) >"$out"
