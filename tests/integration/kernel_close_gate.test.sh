#!/usr/bin/env bash
# kernel_close_gate.test.sh — close's entry gate (LNR_CLOSE_GATE, gen/emit_c.c put_close_gate):
# when every rule on close needs fd.name to be one of its constants, the close of a file whose
# own name is none of their last components is dropped in the kernel before the path walk.
# Two rule sets, 3 names (compared inline) and 17 (a hash map the loader fills), each run as
#   K  lanner -r RULES  and  S  lanner -r RULES --ship-all  (every event decided in userspace)
# at the same time; their alerts must be the same, closes of watched files alert, closes of
# others do not, and a file bind-mounted on a watched name (its dentry has another name: the
# mount point names it) still alerts on close.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
workdir kgate
d=/tmp/lnr-gate
cleanup() {
	umount "$d/f2" 2>/dev/null
	rm -rf "$d"
}
for n in 3 17; do
	rules=tests/rules/close_gate_$n.yaml
	"$gen" -r $rules --emit-c "$work/gen$n.c" 2>/dev/null
	kind=inline
	[ $n = 17 ] && kind=map
	if ! grep -q 'define LNR_CLOSE_GATE 1' "$work/gen$n.c"; then
		bad "$n names: no close gate generated"
	elif [ $kind = map ] && ! grep -q 'lnr_close_names' "$work/gen$n.c"; then
		bad "$n names: the gate is not a map"
	else
		ok "$n names: a close gate ($kind)"
	fi
	# every name is a path: the closes of IPv4/IPv6 sockets are gated too
	if grep -q 'define LNR_CLOSE_GATE_INET 1' "$work/gen$n.c"; then
		ok "$n names: IPv4/IPv6 sockets gated"
	else
		bad "$n names: no LNR_CLOSE_GATE_INET"
	fi
	rm -rf "$d"
	mkdir -p "$d" "$work/cache-K$n" "$work/cache-S$n"
	group_start "K$n" LANNER_CACHE_DIR="$work/cache-K$n" -r $rules
	group_start "S$n" LANNER_CACHE_DIR="$work/cache-S$n" -r $rules --ship-all
	if ! group_wait; then
		group_stop
		continue
	fi
	for k in $(seq 1 $n); do touch "$d/f$k"; done
	touch "$d/x" "$d/f1x" "$d/xf1"
	cat "$d/f1" "$d/f$n" "$d/x" >/dev/null
	# sockets closed and received on among them (gated: no alert either way)
	python3 -c '
import socket
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.bind(("127.0.0.1", 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(50):
    b.sendto(b"x", a.getsockname()); a.recvfrom(4)
for i in range(50):
    socket.socket().close()
a.close(); b.close()
' 2>/dev/null
	cat "$d/f1" >/dev/null
	echo src >"$d/src"
	mounted=0
	if mount --bind "$d/src" "$d/f2" 2>/dev/null; then
		mounted=1
		cat "$d/f2" >/dev/null
		umount "$d/f2"
	fi
	sleep 1
	group_stop
	same_alerts "$n names: kernel and --ship-all" "gate [a-z0-9]* [a-z0-9]* $d/[^ ]* [a-z]*" "K$n" "S$n"
	for want in "gate f1 close $d/f1 cat" "gate f$n close $d/f$n cat" "gate f1 close $d/f1 touch"; do
		has_alert "$n names: $want" "^$want\$"
	done
	no_alert "$n names: unwatched files: no alert" " $d/(x|f1x|xf1) "
	if [ $mounted = 1 ]; then
		has_alert "$n names: close of a file bind-mounted on a watched name" "^gate f2 close $d/f2 cat\$"
	else
		echo "note: mount --bind failed here: the mount-root case is not checked"
	fi
done
summary kernel_close_gate
