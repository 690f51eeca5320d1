#!/usr/bin/env bash
# fetch.sh — fetches and caches the Debian kernel images `make test-kernels` boots.
#
# Usage: tests/kernels/fetch.sh [CACHE]   (default /var/cache/lanner/kernels)
# Prints one line per kernel: "<label> <path to vmlinuz>".
#
# A private apt state under CACHE/apt (its own sources.list naming bullseye, bookworm and trixie
# with its backports, the host's archive keyring, its own lists and archives) leaves the host's apt
# untouched; `apt-get download` fetches the newest image package of each wanted series and
# `dpkg-deb -x` unpacks it under CACHE/<label>/, of which only boot/vmlinuz-* is kept.
# Images already unpacked are not fetched again; the package lists are refreshed once a day.
set -euo pipefail
cache=${1:-/var/cache/lanner/kernels}
apt=$cache/apt
mirror=${LANNER_DEBIAN_MIRROR:-http://deb.debian.org}
mkdir -p "$apt/etc/sources.list.d" "$apt/etc/preferences.d" "$apt/state/lists/partial" \
	"$apt/cache/archives/partial"
key=/usr/share/keyrings/debian-archive-keyring.gpg
cat >"$apt/etc/sources.list" <<EOS
deb [signed-by=$key] $mirror/debian bullseye main
deb [signed-by=$key] $mirror/debian bookworm main
deb [signed-by=$key] $mirror/debian-security bookworm-security main
deb [signed-by=$key] $mirror/debian trixie main
deb [signed-by=$key] $mirror/debian trixie-backports main
EOS
O=(-o "Dir::Etc=$apt/etc" -o "Dir::Etc::SourceList=$apt/etc/sources.list"
	-o "Dir::Etc::SourceParts=$apt/etc/sources.list.d" -o "Dir::Etc::Preferences=$apt/etc/preferences"
	-o "Dir::Etc::PreferencesParts=$apt/etc/preferences.d" -o "Dir::State=$apt/state"
	-o "Dir::State::status=$apt/state/status" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
touch "$apt/state/status"
stamp=$apt/state/updated
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
	apt-get "${O[@]}" -qq update >&2
	touch "$stamp"
fi

# newest PATTERN: the newest linux-image package whose name matches the ERE PATTERN.
newest() {
	apt-cache "${O[@]}" search --names-only "$1" 2>/dev/null | awk '{print $1}' |
		grep -v -- '-dbg$' | sort -V | tail -1
}

# The series `make test-kernels` covers: the oldest supported (5.10), two LTS, the newest 7.x.
declare -A want=(
	[5.10]='^linux-image-5\.10\.[0-9]+-[0-9]+-amd64(-unsigned)?$'
	[6.1]='^linux-image-6\.1\.[0-9]+-[0-9]+-amd64(-unsigned)?$'
	[6.12]='^linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64(-unsigned)?$'
	[7.x]='^linux-image-7\.[0-9]+\.[0-9]+\+deb[0-9]+-amd64(-unsigned)?$'
)
for label in 5.10 6.1 6.12 7.x; do
	dir=$cache/$label
	img=$(ls "$dir"/vmlinuz-* 2>/dev/null | head -1 || true)
	if [ -z "$img" ]; then
		pkg=$(newest "${want[$label]}")
		[ -n "$pkg" ] || { echo "fetch.sh: no package for $label" >&2; exit 1; }
		tmp=$(mktemp -d "$cache/dl.XXXXXX")
		(cd "$tmp" && apt-get "${O[@]}" -qq download "$pkg" >&2)
		dpkg-deb -x "$tmp"/*.deb "$tmp/x"
		# newer series ship the image in linux-binary-<version>, the image package only depends
		if ! ls "$tmp"/x/boot/vmlinuz-* >/dev/null 2>&1; then
			(cd "$tmp" && apt-get "${O[@]}" -qq download "linux-binary-${pkg#linux-image-}" >&2)
			dpkg-deb -x "$tmp"/linux-binary-*.deb "$tmp/x"
		fi
		mkdir -p "$dir"
		# the image is boot/vmlinuz-<version>, or usr/lib/modules/<version>/vmlinuz in 7.x
		src=$(ls "$tmp"/x/boot/vmlinuz-* "$tmp"/x/usr/lib/modules/*/vmlinuz 2>/dev/null | head -1 || true)
		[ -n "$src" ] || { echo "fetch.sh: no kernel image in $pkg" >&2; exit 1; }
		ver=${pkg#linux-image-}
		mv "$src" "$dir/vmlinuz-${ver%-unsigned}"
		rm -rf "$tmp"
		img=$(ls "$dir"/vmlinuz-* | head -1)
	fi
	echo "$label $img"
done
