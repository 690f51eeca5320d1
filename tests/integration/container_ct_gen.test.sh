#!/usr/bin/env bash
# The kernel caches a task's container classification per css_set (bpf-templates/helpers/ct_cache.h)
# and classifies a set again when the loader's loose-cgroup confirmations moved on (a generation
# in lnr_ct_gen, which loader/containers/ct_confirm.c bumps after each one).
# Seen through `lanner capture -e execve` with the userspace fallback off
# (LANNER_TEST_NO_USERSPACE_CT=1), for execs in a cgroup of our own (a sleeper holds its css_set):
#   1. before any confirmation: host;
#   2. a confirmation written WITHOUT a new generation: still host (the cached class; the loader
#      never does this, it shows the cache is used);
#   3. the generation moved: the confirmed id.
# Needs root, a writable cgroup2 mount and bpftool. Exit 77 = skipped.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root
need_btf
[ -x "$lanner" ] || skip "build/lanner not built (run make)"
command -v bpftool >/dev/null || skip "bpftool not installed"
cg2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
[ -n "$cg2" ] || skip "no cgroup2 mount"
cg=$cg2/lanner-ctgen-$$
mkdir "$cg" 2>/dev/null || skip "cannot create a cgroup under $cg2"
sleeper=""
cleanup() {
	[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null && wait "$sleeper" 2>/dev/null
	rmdir "$cg" 2>/dev/null
}
workdir ctgen
tag=ctgen$$
ino=$(stat -c %i "$cg")

if ! lanner_start "$work/cap.txt" LANNER_TEST_NO_USERSPACE_CT=1 capture -e execve -M 40; then
	cat "$work/cap.txt.err"
	check "lanner capture started" started failed
	exit 1
fi
# our lanner's lnr_ct_confirmed and lnr_ct_gen: among the maps its fds hold (names are cut to 15
# characters)
ids=$(grep -h '^map_id:' /proc/"$lpid"/fdinfo/* 2>/dev/null | awk '{print $2}')
mid=""
gid=""
for id in $ids; do
	show=$(bpftool map show id "$id" 2>/dev/null)
	grep -q ' name lnr_ct_confirme ' <<<"$show" && mid=$id
	grep -q ' name lnr_ct_gen ' <<<"$show" && gid=$id
done
[ -n "$mid" ] || skip "lanner's lnr_ct_confirmed map not found (bpftool)"
[ -n "$gid" ] || skip "lanner's lnr_ct_gen map not found (bpftool)"
hexbytes() { python3 -c "import struct,sys; print(' '.join('%02x' % b for b in $1))"; }

sh -c "echo \$\$ > $cg/cgroup.procs && exec sleep 60" &
sleeper=$!
sleep 0.3
in_cg() { sh -c "echo \$\$ > $cg/cgroup.procs && exec /bin/echo $tag-$1" >/dev/null; }
in_cg 1
read -ra key <<<"$(hexbytes "struct.pack('<Q', $ino)")"
read -ra val <<<"$(hexbytes "struct.pack('<I', 7) + b'abcdef012345'")"
bpftool map update id "$mid" key hex "${key[@]}" value hex "${val[@]}"
in_cg 2
read -ra gen <<<"$(hexbytes "struct.pack('<I', 1000)")"
bpftool map update id "$gid" key hex 00 00 00 00 value hex "${gen[@]}"
in_cg 3
sleep 1.5
lanner_stop

ctid_of() {
	grep -m1 -F -- " proc.cmdline=echo $tag-$1" "$work/cap.txt" | grep -o 'container\.id=[^ ]*' |
		head -1 | cut -d= -f2
}
check "1. exec in a new cgroup, nothing confirmed: host" host "$(ctid_of 1)"
check "2. confirmed without a new generation: the cached class (host)" host "$(ctid_of 2)"
check "3. the generation moved: classified again, the confirmed id" abcdef012345 "$(ctid_of 3)"
summary container_ct_gen
