#!/usr/bin/env bash
# container.id as the KERNEL classifies it (bpf-templates/helpers/ct_cache.h, lnr_fill_container),
# seen through `lanner capture -e execve` with the userspace fallback switched off
# (LANNER_TEST_NO_USERSPACE_CT=1: an exec the kernel did not classify would show an empty id):
#   (a) `podman exec` into a container started BEFORE lanner,
#   (b) the processes of a container started AFTER lanner,
#   (c) a host process (this sandbox's /process_api/<hex> memory cgroup is not a container),
#   (d) a host shell that moves itself into the container's cgroups (as runc's `exec` does after
#       setns) and then execs: classified again at that exec. (Until it execs, a process that
#       moved keeps the id its last exec/fork gave it: the kernel classifies at exec, and at fork
#       when the child's cgroups differ from the parent's.)
# Needs root; installs what it needs with tests/containers/setup.sh. Exit 77 = skipped.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root
[ -x "$lanner" ] || skip "build/lanner not built (run make)"

workdir ctk
cleanup() { podman rm -f -t 0 lanner-ck-a lanner-ck-b >/dev/null 2>&1; }
containers_setup podman
podman rm -f -t 0 lanner-ck-a lanner-ck-b >/dev/null 2>&1
podman_runs_or_skip "$work/a.log" -d --name lanner-ck-a localhost/busybox sleep 300
ida=$(podman inspect -f '{{.Id}}' lanner-ck-a)
apid=$(podman inspect -f '{{.State.Pid}}' lanner-ck-a)

# ---- lanner, kernel classification only ----
if ! lanner_start "$work/cap.txt" LANNER_TEST_NO_USERSPACE_CT=1 capture -e execve -M 40; then
	cat "$work/cap.txt.err"
	check "lanner capture started" started failed
	exit 1
fi
grep -o "loaded and attached in [0-9]* ms" "$work/cap.txt.err"

# (a) exec into the container started before lanner
podman exec lanner-ck-a /bin/busybox echo lanner-ck-mark-a >/dev/null
# (b) a container started after lanner: its shell and its busybox exec
podman run -d --name lanner-ck-b localhost/busybox \
	sh -c 'sleep 0.3; /bin/busybox echo lanner-ck-mark-b; sleep 300' >/dev/null
idb=$(podman inspect -f '{{.Id}}' lanner-ck-b)
# (c) the host
/bin/echo lanner-ck-mark-c >/dev/null
# (d) move into container a's cgroups (every hierarchy where it has one), then exec
cgpaths=""
while IFS=: read -r _ ctrls path; do
	case $ctrls in name=*) continue ;; esac
	if [ -z "$ctrls" ]; then
		mnt=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
	else
		first=${ctrls%%,*}
		mnt=$(awk -v c="$first" '$3 == "cgroup" && ("," $4 ",") ~ ("," c ",") {print $2; exit}' \
			/proc/mounts)
	fi
	[ -n "$mnt" ] && [ -e "$mnt$path/cgroup.procs" ] && cgpaths="$cgpaths $mnt$path/cgroup.procs"
done <"/proc/$apid/cgroup"
if [ -n "$cgpaths" ]; then
	sh -c 'for f in '"$cgpaths"'; do echo $$ > $f 2>/dev/null; done
		exec /bin/echo lanner-ck-mark-d' >/dev/null
	moved=1
else
	moved=0
fi
sleep 1.5
lanner_stop

ctid_of() { # cmdline prefix → container.id of the first execve line whose proc.cmdline has it
	grep -m1 -F -- " proc.cmdline=$1" "$work/cap.txt" | grep -o 'container\.id=[^ ]*' |
		head -1 | cut -d= -f2
}
check "(a) podman exec into a container started before lanner" "${ida:0:12}" \
	"$(ctid_of "busybox echo lanner-ck-mark-a")"
check "(b) exec in a container started after lanner" "${idb:0:12}" "$(ctid_of "busybox echo lanner-ck-mark-b")"
check "(b) the container's first process (sh -c)" "${idb:0:12}" "$(ctid_of "sh -c sleep 0.3")"
check "(c) host process" host "$(ctid_of "echo lanner-ck-mark-c")"
if [ "$moved" = 1 ]; then
	check "(d) host shell moved into the container's cgroups, then exec" "${ida:0:12}" \
		"$(ctid_of "echo lanner-ck-mark-d")"
else
	echo "skipped part: (d) container a has no writable cgroup.procs"
fi
n=$(grep -c 'container\.id= ' "$work/cap.txt")
check "no exec left unclassified by the kernel" 0 "$n"

summary container_kernel
