#!/usr/bin/env bash
# run.sh — `make test-kernels`: one bundle, built once on this host from the seed rule and
# Falco's stable rules, booted under qemu (TCG) on each kernel series fetch.sh provides.
#
# In every guest it asserts: the bundle loads and attaches, the secret-file rule alerts 4 times
# on `touch /tmp/secret` (openat, dup2, close, close — as Falco), an exec rule of the stable set
# alerts (`find ... -name id_rsa`), and nothing is lost (lost_ring_full=0, lost=0).
# A guest that hangs or panics fails with the tail of its serial log.
# Ends with a table kernel → variants → load time → alerts and the plain closing line
# "test-kernels: N passed, N failed".
#
# Environment: BUILD (default build), LANNER_KERNELS (labels, default "5.10 6.1 6.12 7.x"),
# LANNER_KERNEL_CACHE (default /var/cache/lanner/kernels), LANNER_QEMU_TIMEOUT (s, default 300).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
B=${BUILD:-build}
cache=${LANNER_KERNEL_CACHE:-/var/cache/lanner/kernels}
labels=${LANNER_KERNELS:-5.10 6.1 6.12 7.x}
tmo=${LANNER_QEMU_TIMEOUT:-300}
falco=${LANNER_FALCO_RULES:-$root/../shared/falco/falco_rules.yaml}

skip() { echo "skipped: $*"; echo "test-kernels: 0 passed, 0 failed, 1 skipped"; exit 0; }
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed (make deps-kernels)"
[ -r "$falco" ] || skip "no Falco rules at $falco"

work=$(mktemp -d /tmp/lanner-kernels.XXXXXX)
trap 'rm -rf "$work"' EXIT
images=$(tests/kernels/fetch.sh "$cache") || { echo "FAIL: cannot fetch the kernel images"; exit 1; }

echo "== building one bundle on $(uname -r): seed secret-file rule + Falco stable rules"
if ! "$B/lanner-gen" -q -r rules/examples/secret-file.yaml -r "$falco" -b "$work/rules.lnb" \
	>"$work/gen.log" 2>&1; then
	cat "$work/gen.log"
	echo "FAIL: lanner-gen"
	exit 1
fi
"$B/lanner-gen" --show-bundle "$work/rules.lnb" 2>/dev/null | grep -iE 'kernel|feature|variant' | head -10
tests/kernels/initramfs.sh "$B/lanner" "$work/rules.lnb" "$work/initrd.gz" ||
	{ echo "FAIL: initramfs"; exit 1; }

pass=0 fail=0
table=$'kernel\tvariants\tload s\tsecret alerts\texec alerts\tresult'
for label in $labels; do
	img=$(awk -v l="$label" '$1 == l {print $2}' <<<"$images")
	[ -n "$img" ] || { echo "FAIL: $label: no image"; fail=$((fail + 1)); continue; }
	log=$work/serial-$label.log
	echo "== $label: $(basename "$img")"
	t=$(date +%s)
	timeout "$tmo" qemu-system-x86_64 -m 1536 -smp 2 -cpu max -nographic -no-reboot \
		-kernel "$img" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet loglevel=3" >"$log" 2>&1
	qrc=$?
	secs=$(($(date +%s) - t))
	l() { grep -a "^LNR $1 " "$log" | head -1 | cut -d' ' -f3-; }
	kver=$(l kernel)
	att=$(l attached)
	sec=$(l secret)
	fk=$(l findkeys)
	var=$(grep -a '^LNR stderr .*variant' "$log" | head -1 | sed 's/.*variants\? *:\? *//' | tr -d '\r')
	why=""
	[ "$qrc" = 124 ] && why="hung (no poweroff within ${tmo} s)"
	grep -aq 'Kernel panic' "$log" && why="kernel panic"
	grep -aq '^LNR done' "$log" || why=${why:-"guest did not finish"}
	[ -z "$why" ] && [ "${att:-no}" = no ] && why="bundle did not load"
	[ -z "$why" ] && [ "${sec:-0}" != 4 ] && why="secret-file alerts: want 4, got ${sec:-0}"
	[ -z "$why" ] && [ "${fk:-0}" -lt 1 ] && why="no exec-rule alert"
	if [ -z "$why" ] && ! grep -aq 'lost_ring_full=0 ' "$log"; then why="events lost (ring)"; fi
	if [ -z "$why" ] && ! grep -aq ' lost=0' "$log"; then why="events lost (userspace)"; fi
	if [ -z "$why" ]; then
		echo "ok: $label ($kver): loaded in ${att} s, secret-file 4 alerts, exec rule $fk, nothing lost (${secs} s in qemu)"
		pass=$((pass + 1))
		res=ok
	else
		echo "FAIL: $label (${kver:-?}): $why (${secs} s in qemu); serial log:"
		grep -a '^LNR' "$log" | tail -40 | sed 's/^/  /'
		grep -aq '^LNR' "$log" || tail -40 "$log" | sed 's/^/  /'
		fail=$((fail + 1))
		res="FAIL: $why"
	fi
	table+=$'\n'"$label ${kver:-?}"$'\t'"${var:-?}"$'\t'"${att:-no}"$'\t'"${sec:-0}"$'\t'"${fk:-0}"$'\t'"$res"
done
echo
column -t -s $'\t' <<<"$table"
echo "test-kernels: $pass passed, $fail failed"
[ "$fail" = 0 ]
