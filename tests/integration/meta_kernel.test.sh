#!/usr/bin/env bash
# meta_kernel.test.sh — checks on facts only userspace learns, decided in the kernel by the bits
# the loader writes (container.image.repository, container.name, user.name; meta_push.h), against
# --ship-all on the same events (tests/rules/meta_kernel.yaml):
#   - a podman busybox container: opens as root and as uid 101 (nginx in the container's own
#     /etc/passwd); on the host, opens as uid 1 (daemon) and uid 101 (postgres or whatever the
#     host's passwd says: not nginx) — user.name is per mount namespace;
#   - a second container whose first open happens at its start, before its metadata can be known
#     (the kernel entry is absent: UNKNOWN, decided in userspace), then one more open later;
#   - a SIGHUP reload of the in-kernel run: the new object's maps are filled again;
#   - the in-kernel run's alerts equal --ship-all's; it wrote container and user entries and the
#     kernel decided alerts alone (kernel_decided > 0: the meta bits were read).
# Needs root and podman (tests/containers/setup.sh). Exit 77 = skipped.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root
need_btf
[ -x "$lanner" ] || skip "build/lanner not built (run make)"
command -v setpriv >/dev/null || skip "no setpriv"

workdir metakernel
A=lanner-meta-a-$$
B=lanner-meta-b-$$
cleanup() {
	group_stop
	podman rm -f -t 0 "$A" "$B" >/dev/null 2>&1
	rm -f /tmp/lanner-meta-host-$$
}
trap 'cleanup; lib_exit' EXIT

containers_setup podman
podman rm -f -t 0 "$A" "$B" >/dev/null 2>&1
podman_runs_or_skip "$work/run.log" -d --name "$A" localhost/busybox sleep 300
ida=$(podman inspect -f '{{.Id}}' "$A" | cut -c1-12)

rules=tests/rules/meta_kernel.yaml
group_start gen -r "$rules" -U -M 300 -o rule_matching=all
group_start ship -r "$rules" --ship-all -U -M 300 -o rule_matching=all
group_wait || exit 1
sleep 0.3

# Userspace reads a container's passwd through the event's process (/proc/PID/root), once per
# mount namespace: the first open in each container comes from a process that stays alive, so
# that a lagging --ship-all run (it evaluates every event of the machine) still finds it, as the
# in-kernel run's loader does at once. (A short-lived first one would leave --ship-all with
# "<NA>" names for that container: userspace's limit, not the kernel's.)
podman exec -d "$A" sh -c 'echo x > /tmp/lanner-meta-a1; sleep 60' >/dev/null
sleep 1
# container A: known before its opens (its exec above started the lookup)
podman exec "$A" cat /tmp/lanner-meta-a1 >/dev/null
podman exec -d -u 101 "$A" sh -c 'cat /tmp/lanner-meta-a1 >/dev/null; sleep 4' >/dev/null
podman exec -d -u 101 "$A" sh -c 'cat /tmp/lanner-meta-a2 2>/dev/null; sleep 4' >/dev/null # failed open
# the host: daemon (uid 1) and uid 101 (not nginx here)
echo x >/tmp/lanner-meta-host-$$
chmod 644 /tmp/lanner-meta-host-$$
setpriv --reuid=1 --regid=1 --clear-groups cat /tmp/lanner-meta-host-$$ >/dev/null
setpriv --reuid=101 --regid=101 --clear-groups cat /tmp/lanner-meta-host-$$ >/dev/null
# container B: its first open at its start, before anyone can know its metadata
podman run -d --name "$B" localhost/busybox sh -c \
	'cat /tmp/lanner-meta-b1 2>/dev/null; sleep 300' >/dev/null
idb=$(podman inspect -f '{{.Id}}' "$B" | cut -c1-12)
sleep 1.5
podman exec "$B" sh -c 'echo y > /tmp/lanner-meta-b2; cat /tmp/lanner-meta-b2; sleep 3' >/dev/null &
bpid=$!
sleep 0.5
podman exec -d -u 101 "$B" sh -c 'cat /tmp/lanner-meta-b2 >/dev/null; sleep 4' >/dev/null
podman exec "$A" cat /tmp/lanner-meta-a1 >/dev/null # A again: its entry is written by now
sleep 3
wait "$bpid"
# a reload: new programs, new (empty) meta maps, which the loader fills again
kill -HUP "${group_pids[0]}"
for _ in $(seq 600); do
	grep -q 'lanner: reloaded' "$work/gen.out.err" && break
	sleep 0.1
done
reloaded=$(grep -c 'lanner: reloaded' "$work/gen.out.err")
sleep 0.5
podman exec -d -u 101 "$A" sh -c 'cat /tmp/lanner-meta-a3 2>/dev/null; sleep 4' >/dev/null
sleep 2
group_stop

re="meta (image|user|not root) \(file=/tmp/lanner-meta-[^ ]* [^)]*\)"
same_alerts "in-kernel vs --ship-all (meta rules)" "$re" gen ship
has_alert "image: container A's root open" "meta image \(file=/tmp/lanner-meta-a1 container_id=$ida repository=localhost/busybox\)"
has_alert "user: uid 101 in container A is nginx" "meta user \(file=/tmp/lanner-meta-a1 user=nginx uid=101 container_id=$ida\)"
has_alert "user: the host's uid 1 is daemon" "meta user \(file=/tmp/lanner-meta-host-$$ user=daemon uid=1 container_id=host\)"
no_alert "user: the host's uid 101 is not nginx" "meta user \(file=/tmp/lanner-meta-host-$$ user=[^ ]* uid=101 "
has_alert "not root: uid 101 in container A" "meta not root \(file=/tmp/lanner-meta-a1 user=nginx container_id=$ida\)"
no_alert "not root: never for the host" "meta not root \(file=/tmp/lanner-meta-host"
has_alert "image: container B after its metadata arrived" "meta image \(file=/tmp/lanner-meta-b2 container_id=$idb "
has_alert "after the reload: image and user of container A" "meta user \(file=/tmp/lanner-meta-a3 user=nginx uid=101 container_id=$ida\)"
has_alert "user: uid 101 in container B is nginx" "meta user \(file=/tmp/lanner-meta-b2 user=nginx uid=101 container_id=$idb\)"

st=$(grep '^lanner: meta:' "$work/gen.out.err")
ce=$(echo "$st" | sed -nE 's/.* container_entries=([0-9]+).*/\1/p')
ue=$(echo "$st" | sed -nE 's/.* user_entries=([0-9]+).*/\1/p')
kd=$(sed -nE 's/.* kernel_decided=([0-9]+).*/\1/p' "$work/gen.out.err")
# host, A, B, and again into the reloaded object's maps
if [ "$reloaded" = 1 ] && [ "${ce:-0}" -ge 6 ] && [ "${ue:-0}" -ge 6 ]; then
	ok "the loader wrote container (host, A, B) and user entries, again after the reload ($st)"
else
	bad "meta entries written: $st"
fi
if [ "${kd:-0}" -gt 0 ]; then
	ok "the kernel decided $kd alerts alone (meta bits read)"
else
	bad "no alert decided by the kernel alone"
	grep '^lanner: userspace' "$work/gen.out.err"
fi
summary meta_kernel
