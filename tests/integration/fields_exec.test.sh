#!/usr/bin/env bash
# fields_exec.test.sh — Falco's values of the process fields, with real actions, in both modes
# (A: in-kernel filters, `lanner -r`; B: `--ship-all`, every event judged in userspace), on
# Falco's own rules (falco_rules.yaml), Lanner's default ruleset and a few rules of this test:
#
#  exe flags (computed in the kernel at exec, Falco's driver rules; libs sched_process_exec):
#   1 a binary written into a podman overlay container and run: the CRITICAL stable rule "Drop
#     and execute new binary in container" (output "Executing binary not part of base image")
#     fires with exe_flags=EXE_WRITABLE|EXE_UPPER_LAYER (rule_matching first, as Falco: that
#     event gives no other alert); the image's own sh runs from the lower layer
#     (EXE_WRITABLE|EXE_LOWER_LAYER) and does not fire it
#   2 a memfd execveat'd (AT_EMPTY_PATH): "Fileless execution via memfd_create" fires with
#     exe_flags=EXE_WRITABLE|EXE_FROM_MEMFD and proc_exepath=memfd:NAME (Falco names a memfd by
#     its dentry); the default ruleset's "Fileless execution from memfd" fires too. Falco's
#     modern driver reports a successful execveat as an execve, so evt_type=execve
#   3 root running its own binary: EXE_WRITABLE (fsuid owns it); `nobody` running root's
#     /bin/true: no flag, rendered "0" as Falco renders a FLAGS32 with no name
#  cwd:
#   4 `cd /dev/shm && ./x`: stable "Execution from /dev/shm" fires, proc_cwd=/dev/shm/ (Falco's
#     cwd always ends with '/')
#   5 `cd` through a symlink, then a relative open: fd.name is the lexical path through the
#     symlink (Falco's cwd), not the real directory; the same after fchdir to a directory fd
#     opened through the symlink (Falco's cwd is the fd's name); after the cwd was renamed,
#     fd.name keeps the old name (Falco does not see renames) — docs/falco-differences.md
#  open access mode 3 (O_WRONLY|O_RDWR bits): Falco's conversion gives O_RDONLY, so
#   6 evt.is_open_read=true, evt.is_open_write=false, flags=O_CREAT|O_RDONLY|O_F_CREATED
#  32-bit syscalls:
#   7 a 64-bit program's `int $0x80` open (ia32 number 5, x86_64's fstat) is an open of the file,
#     as in Falco (a note instead when the kernel refuses 32-bit syscalls)
# Only alerts naming this test's own files or processes are counted (other tests run at once).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v clang >/dev/null || skip "no clang (the rules must be compiled)"
[ -x "$lanner" ] || { echo "FAIL: build/lanner not built"; exit 1; }

workdir fields-exec
export LANNER_CACHE_DIR=$work/cache
W=/tmp/lnr-fx.$$
cleanup() {
	rm -rf "$W" /dev/shm/lnr-fx-shm.$$ /tmp/lnr-open3.$$ /tmp/lnr-fx-ia32.$$
	podman rm -f -t 0 "lnr-fx-$$" >/dev/null 2>&1
}
mkdir -p "$W/real/sub" "$W/cwdold"
ln -s "$W/real" "$W/link"
echo data >"$W/real/target.txt"
echo data >"$W/cwdold/f.txt"
cc -O1 -o "$W/act" tests/integration/fields_exec_actions.c || { bad "cannot build the actions"; exit 1; }
cp /bin/true "$W/mytrue"
echo x >"/tmp/lnr-fx-ia32.$$"

cat >"$work/extra.yaml" <<Y
- rule: LNR FX relative open
  desc: an open of the test's target by a relative path (the fchdir action opens sub/ itself)
  condition: evt.type in (open, openat) and fd.name contains "lnr-fx.$$/" and fd.filename = target.txt
  output: "fx-rel fd=%fd.name cwd=%proc.cwd cmd=%proc.cmdline"
  priority: NOTICE
- rule: LNR FX renamed cwd open
  desc: an open of a file of the renamed cwd by a relative path
  condition: evt.type in (open, openat) and fd.name contains "lnr-fx.$$/" and fd.filename = f.txt
  output: "fx-ren fd=%fd.name cwd=%proc.cwd"
  priority: NOTICE
- rule: LNR FX open mode 3
  desc: access mode 3
  condition: evt.type in (open, openat) and fd.name = /tmp/lnr-open3.$$ and evt.is_open_read=true and evt.is_open_write=false
  output: "fx-open3 read=%evt.is_open_read write=%evt.is_open_write flags=%evt.arg.flags"
  priority: NOTICE
- rule: LNR FX ia32 open
  desc: a 32-bit open of the test's file
  condition: evt.type in (open, openat) and fd.name = /tmp/lnr-fx-ia32.$$
  output: "fx-ia32 %proc.name type=%evt.type fd=%fd.name flags=%evt.arg.flags"
  priority: NOTICE
- rule: LNR FX exe flags
  desc: exe flags of the test's marked execs
  condition: evt.type in (execve, execveat) and proc.args contains "lnr-fx-mark-$$"
  output: "fx-exe %proc.name w=%proc.is_exe_writable up=%proc.is_exe_upper_layer lo=%proc.is_exe_lower_layer memfd=%proc.is_exe_from_memfd flags=%evt.arg.flags"
  priority: NOTICE
Y
RULES=(-r /work/shared/falco/falco_rules.yaml -r "$work/extra.yaml")
[ -r /work/shared/falco/falco_rules.yaml ] || RULES=(-r "$root/../shared/falco/falco_rules.yaml" -r "$work/extra.yaml")

containers_setup podman
podman_runs_or_skip "$work/run.log" -d --name "lnr-fx-$$" localhost/busybox sleep 300
ct=$(podman inspect -f '{{.Id}}' "lnr-fx-$$" | cut -c1-12)

# in-kernel first (it compiles into the cache), then --ship-all (cache hit), then the default
# ruleset in both modes
group_start kern "${RULES[@]}" -U
group_wait || exit 1
group_start ship "${RULES[@]}" -U --ship-all
group_start dkern -r rules/lanner_rules.yaml -U
group_wait || exit 1
group_start dship -r rules/lanner_rules.yaml -U --ship-all
group_wait || exit 1

# ---- the actions ----
podman exec "lnr-fx-$$" sh -c "cp /bin/busybox /tmp/lnrfxdrop && /tmp/lnrfxdrop true lnr-fx-mark-$$; sh -c 'true lnr-fx-mark-$$'"
"$W/act" memfd /bin/echo "lnr-fx-mark-$$" >/dev/null
"$W/mytrue" "lnr-fx-mark-$$"
setpriv --reuid=65534 --regid=65534 --clear-groups /bin/true "lnr-fx-mark-$$"
cp /bin/true "/dev/shm/lnr-fx-shm.$$"
(cd /dev/shm && "./lnr-fx-shm.$$" "lnr-fx-mark-$$")
(cd "$W/link" && cat ./target.txt >/dev/null && cat sub/../target.txt >/dev/null)
"$W/act" fchdir "$W/link/sub" cat ../target.txt >/dev/null
(cd "$W/cwdold" && mv "$W/cwdold" "$W/cwdnew" && cat ./f.txt >/dev/null)
"$W/act" open3 "/tmp/lnr-open3.$$"
"$W/act" int80open "/tmp/lnr-fx-ia32.$$" >"$work/int80.out" 2>&1
int80=$?
sleep 1
group_stop

for m in kern ship; do
	f=$work/$m.out
	grep -E "Executing binary not part of base image .*proc_exepath=/tmp/lnrfxdrop .*exe_flags=EXE_WRITABLE\|EXE_UPPER_LAYER container_id=$ct" "$f" >/dev/null &&
		ok "$m: stable 'Drop and execute new binary in container' fires (EXE_WRITABLE|EXE_UPPER_LAYER)" ||
		bad "$m: no 'Drop and execute' alert for /tmp/lnrfxdrop in container $ct"
	n=$(grep -E "Executing binary not part of base image .*container_id=$ct" "$f" | grep -vc "proc_exepath=/tmp/lnrfxdrop")
	check "$m: no 'Drop and execute' alert for the image's own binaries" 0 "$n"
	check "$m: container's image sh (lower layer)" "w=true up=false lo=true memfd=false flags=EXE_WRITABLE|EXE_LOWER_LAYER" \
		"$(grep -E "fx-exe sh .*container_id=$ct" "$f" | grep -oE 'w=[^ ]+ up=[^ ]+ lo=[^ ]+ memfd=[^ ]+ flags=[^ ]+' | head -1)"
	grep -E "Fileless execution via memfd_create .*proc_exepath=memfd:lnrtest .*command=memfd:lnrtest lnr-fx-mark-$$ .*exe_flags=EXE_WRITABLE\|EXE_FROM_MEMFD" "$f" | grep -q "evt_type=execve" &&
		ok "$m: stable 'Fileless execution via memfd_create' fires (EXE_WRITABLE|EXE_FROM_MEMFD, memfd:lnrtest)" ||
		bad "$m: no 'Fileless execution via memfd_create' alert"
	check "$m: root runs its own binary" "fx-exe mytrue w=true up=false lo=false memfd=false flags=EXE_WRITABLE" \
		"$(grep -oE "fx-exe mytrue [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+" "$f" | head -1)"
	check "$m: nobody runs root's /bin/true" "fx-exe true w=false up=false lo=false memfd=false flags=0" \
		"$(grep -E "fx-exe true .*container_id=host" "$f" | grep -oE "fx-exe true [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+" | grep "w=false" | head -1)"
	grep -E "File execution detected from /dev/shm .*proc_cwd=/dev/shm/ .* lnr-fx-mark-$$ " "$f" >/dev/null &&
		ok "$m: stable 'Execution from /dev/shm' fires for cd /dev/shm && ./x (proc_cwd=/dev/shm/)" ||
		bad "$m: no 'Execution from /dev/shm' alert"
	check "$m: relative open after cd through a symlink (Falco's lexical cwd)" \
		"fx-rel fd=$W/link/target.txt cwd=$W/link/ cmd=cat ./target.txt|fx-rel fd=$W/link/target.txt cwd=$W/link/ cmd=cat sub/../target.txt|fx-rel fd=$W/link/target.txt cwd=$W/link/sub/ cmd=cat ../target.txt" \
		"$(grep -oE "fx-rel fd=[^ ]+ cwd=[^ ]+ cmd=cat [^ ]+" "$f" | paste -sd'|')"
	check "$m: relative open after the cwd was renamed (Falco keeps the old name)" \
		"fx-ren fd=$W/cwdold/f.txt cwd=$W/cwdold/" "$(grep -oE "fx-ren fd=[^ ]+ cwd=[^ ]+" "$f" | head -1)"
	check "$m: open with access mode 3" "fx-open3 read=true write=false flags=O_CREAT|O_RDONLY|O_F_CREATED" \
		"$(grep -oE "fx-open3 read=[^ ]+ write=[^ ]+ flags=[^ ]+" "$f" | head -1)"
	if [ "$int80" = 3 ]; then
		echo "note: $m: this kernel refuses 32-bit syscalls (int \$0x80): the ia32 open is not tried"
	else
		check "$m: a 32-bit open (int \$0x80, ia32 number 5) is an open" \
			"fx-ia32 act type=open fd=/tmp/lnr-fx-ia32.$$ flags=O_RDONLY" \
			"$(grep -oE "fx-ia32 act type=[^ ]+ fd=[^ ]+ flags=[^ ]+" "$f" | head -1)"
	fi
done
for m in dkern dship; do
	grep -qE "Program executed from memfd \(process=memfd:lnrtest command=memfd:lnrtest lnr-fx-mark-$$" "$work/$m.out" &&
		ok "$m: default ruleset 'Fileless execution from memfd' fires" ||
		bad "$m: no default-ruleset memfd alert"
done
summary fields_exec
