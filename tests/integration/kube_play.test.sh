#!/usr/bin/env bash
# kube_play.test.sh — the DaemonSet's pod (deploy/lanner.yaml) run by `podman kube play`, as a
# node runs it: the image from packaging/image.sh, the rules from deploy/bundle-configmap.sh
# (Falco's stable rules + deploy/custom-rules/, xz-compressed into the lanner-bundle ConfigMap), the
# pod privileged with the host's PID namespace. The agent inside the pod must alert on
#   1  seed scenario 1: `podman exec -t` of a shell into another container (busybox): exactly one
#      "Terminal shell in container" alert naming that container;
#   2  the custom rule on the host: a uniquely named copy of coreutils' touch on /tmp/secret gives
#      the seed's 4 "Access to secret file" alerts (openat, dup2, close, close).
# Alerts are matched by this test's own container id and program name, so concurrent tests
# cannot disturb the counts. podman 4.3 plays no DaemonSet: the pod is the DaemonSet's template.
# The agent's processes seeded from /proc must be the host's (hostPID): more than 20 of them.
# Skips (exit 77) only when podman cannot run a container here.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root
need_btf
[ -x "$lanner" ] && [ -x "$gen" ] || skip "build/lanner not built (run make)"
command -v podman >/dev/null || skip "podman is not installed (tests/containers/setup.sh podman)"
falco_rules=$root/../shared/falco/falco_rules.yaml
[ -r "$falco_rules" ] || skip "$falco_rules is absent"
command -v script >/dev/null || skip "no script(1) to give the exec a terminal"

workdir kubeplay
tag=localhost/lanner:kubeplay-$$
pod=lanner-kp-$$
web=lanner-kp-web-$$
cleanup() {
	podman pod rm -f -t 0 "$pod" >/dev/null 2>&1
	podman rm -f -t 0 "$web" >/dev/null 2>&1
	podman rmi -f "$tag" >/dev/null 2>&1
}
podman_runs_or_skip "$work/web.log" -d --name "$web" localhost/busybox sleep 600
cid=$(podman inspect -f '{{.Id}}' "$web" | cut -c1-12)

# the image, from this tree's build
if packaging/image.sh "$root/${BUILD:-build}" "$tag" >"$work/image.log" 2>&1; then
	ok "podman build of the agent image ($tag)"
else
	cat "$work/image.log"
	bad "packaging/image.sh"
	summary kube_play
	exit 1
fi
# the ConfigMaps: podman takes one ConfigMap per --configmap file; the fleet's bundle, with the
# variant for Linux 5.10 to 6.1 that lib.sh leaves out of bundles for this machine
if ! LANNER_GEN_NO_OLD_KERNELS=0 LANNER_GEN=$gen deploy/bundle-configmap.sh -n default \
	-r "$falco_rules" >"$work/cm.yaml" 2>"$work/cm.err"; then
	cat "$work/cm.err"
	bad "deploy/bundle-configmap.sh"
	summary kube_play
	exit 1
fi
awk -v d="$work" 'BEGIN {f = d "/cm1.yaml"} /^---$/ {f = d "/cm2.yaml"; next} {print > f}' \
	"$work/cm.yaml"
check "bundle ConfigMap under 1 MiB" yes \
	"$([ "$(stat -c %s "$work/cm2.yaml")" -lt 1048576 ] && echo yes || echo no)"
# the pod: the DaemonSet's template, named, with this test's image tag
awk -v name="$pod" -v tag="$tag" '
	/^kind:/ {ds = ($2 == "DaemonSet")}
	/^---/ {ds = 0; tpl = 0}
	ds && /^  template:/ {tpl = 1; print "apiVersion: v1\nkind: Pod"; next}
	tpl && /^    / {
		l = substr($0, 5)
		sub(/image: localhost\/lanner:latest/, "image: " tag, l)
		print l
		if (l == "metadata:") print "  name: " name
	}' deploy/lanner.yaml >"$work/pod.yaml"
# podman 4.3's kube play ignores the pod's hostPID; containers.conf's pidns = "host", for this
# command only, gives the pod's containers the host's PID namespace as the DaemonSet asks
conf=$work/containers.conf
{ [ -r /etc/containers/containers.conf ] && cat /etc/containers/containers.conf; } |
	awk '/^\[containers\]/ {print; print "pidns = \"host\""; done = 1; next} {print}
		END {if (!done) print "[containers]\npidns = \"host\""}' >"$conf"
if ! CONTAINERS_CONF=$conf podman kube play --configmap "$work/cm1.yaml" --configmap "$work/cm2.yaml" \
	"$work/pod.yaml" >"$work/play.log" 2>&1; then
	cat "$work/play.log"
	bad "podman kube play of the DaemonSet's pod"
	summary kube_play
	exit 1
fi
ok "podman kube play of the DaemonSet's pod"
ctr=$pod-lanner
check "pod shares the host's PID namespace" host "$(podman inspect -f '{{.HostConfig.PidMode}}' "$ctr")"
check "pod is privileged" true "$(podman inspect -f '{{.HostConfig.Privileged}}' "$ctr")"
for _ in $(seq 600); do
	podman logs "$ctr" >"$work/logs" 2>&1
	grep -q 'loaded and attached' "$work/logs" && break
	[ "$(podman inspect -f '{{.State.Running}}' "$ctr")" = true ] || break
	sleep 0.5
done
if ! grep -q 'loaded and attached' "$work/logs"; then
	tail -20 "$work/logs"
	bad "the agent in the pod loaded the bundle"
	summary kube_play
	exit 1
fi
ok "the agent in the pod loaded the bundle ($(grep -o 'variants: .*' "$work/logs" | head -1))"
check "the bundle has the variant for Linux 5.10 to 6.1" yes \
	"$(grep -q 'the bundle has .*5\.10' "$work/logs" && echo yes || echo no)"
seeded=$(grep -o '[0-9]* processes known' "$work/logs" | head -1 | cut -d' ' -f1)
check "the agent sees the host's processes (hostPID)" yes "$([ "${seeded:-0}" -gt 20 ] && echo yes || echo "no: ${seeded:-0}")"

# 1: a shell with a terminal in another container
script -qc "podman exec -t $web sh -c 'id'" /dev/null >"$work/exec.out" 2>&1
# 2: the custom rule, on the host
cp /usr/bin/touch "$work/kptouch$$"
"$work/kptouch$$" /tmp/secret
want_term=1 want_secret=4
for _ in $(seq 100); do
	podman logs "$ctr" >"$work/logs" 2>&1
	nt=$(grep 'A shell was spawned in a container with an attached terminal' "$work/logs" |
		grep -c "container_id=$cid")
	ns=$(grep 'Access to secret file' "$work/logs" | grep -c "kptouch$$ /tmp/secret")
	[ "$nt" -ge "$want_term" ] && [ "$ns" -ge "$want_secret" ] && break
	sleep 0.2
done
sleep 1
podman logs "$ctr" >"$work/logs" 2>&1
check "Terminal shell in container alerts from the pod, for container $cid" 1 \
	"$(grep 'A shell was spawned in a container with an attached terminal' "$work/logs" |
		grep -c "container_id=$cid")"
check "custom secret-file rule alerts from the pod on the host's touch" 4 \
	"$(grep 'Access to secret file' "$work/logs" | grep -c "kptouch$$ /tmp/secret")"
podman pod stop -t 10 "$pod" >/dev/null 2>&1
podman logs "$ctr" >"$work/logs" 2>&1
check "nothing lost in the pod's agent" "lost_ring_full=0 lost=0" \
	"$(grep -o 'lost_ring_full=[0-9]*' "$work/logs" | tail -1) $(grep -o ' lost=[0-9]*' "$work/logs" | tail -1 | tr -d ' ')"
[ "$fails" = 0 ] || tail -30 "$work/logs"
summary kube_play
