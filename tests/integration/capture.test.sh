#!/usr/bin/env bash
# capture.test.sh — `lanner capture` reports the exact Falco field values of known actions
# (tests/integration/actions.c): paths (absolute, relative, dirfd, .. and //, failure), flags,
# exec with/without a terminal, process ancestry, sockets, and the other syscalls of issue 3.
set -u
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 1
lanner=${LANNER:-$root/build/lanner}
if [ "$(id -u)" != 0 ]; then echo "skipped: needs root (BPF)"; exit 77; fi
if [ ! -r /sys/kernel/btf/vmlinux ]; then echo "skipped: kernel has no BTF"; exit 77; fi
[ -x "$lanner" ] || { echo "FAIL: $lanner not built"; exit 1; }

tmp=$(mktemp -d /tmp/lanner-capture.XXXXXX)
trap 'kill $lpid 2>/dev/null; rm -rf "$tmp"' EXIT
cc -O1 -o "$tmp/actions" tests/integration/actions.c -lutil || { echo "FAIL: cannot build actions"; exit 1; }
cp /bin/true "$tmp/lanner-exec"
fails=0
check() { # description, file, pattern (fixed strings, every one must be on ONE line)
	local what=$1 file=$2; shift 2
	local lines; lines=$(cat "$file")
	for pat in "$@"; do lines=$(grep -F -- "$pat" <<<"$lines"); done
	if [ -n "$lines" ]; then echo "ok: $what"; else
		echo "FAIL: $what: no line with: $*"; fails=$((fails + 1)); fi
}

# start capture, wait until it is attached
start() { # out-file, lanner args...
	local out=$1; shift
	"$lanner" capture "$@" >"$out" 2>"$out.err" &
	lpid=$!
	for _ in $(seq 100); do grep -q 'attached' "$out.err" 2>/dev/null && return 0; sleep 0.1; done
	echo "FAIL: capture did not start"; cat "$out.err"; exit 1
}
stop() { kill -INT $lpid; wait $lpid; }

# ---- files ---------------------------------------------------------------------------------
d=$tmp/d; mkdir -p "$d"
start "$tmp/files" -e open,openat,unlinkat,renameat2,symlinkat,mkdirat,fchmodat
"$tmp/actions" files "$d" & apid=$!; wait $apid
sleep 0.3; stop
f=$tmp/files; P="proc.pid=$apid "
check "openat absolute, O_CREAT|O_TRUNC" $f "$P" "fd.name=$d/abs " "evt.arg.flags=O_TRUNC|O_CREAT|O_WRONLY" "fd.typechar=f" "evt.res=SUCCESS"
check "openat relative after chdir" $f "$P" "fd.name=$d/rel " "evt.arg.name=$d/rel "
check "openat relative to a dirfd" $f "$P" "fd.name=$d/sub/viadirfd " "fd.directory=$d/sub " "fd.filename=viadirfd"
check "path with .. and // normalised" $f "$P" "evt.arg.name=$d/sub/viadirfd " "evt.arg.flags=O_RDONLY "
check "failed open" $f "$P" "fd.num=-1 " "evt.res=ENOENT" "fd.name=/nonexistent-lanner/x"
check "mkdirat" $f "$P" "mkdirat " "evt.arg.path=$d/sub " "evt.arg.mode=493"
check "unlinkat" $f "$P" "unlinkat " "evt.arg.name=$d/rel " "evt.res=SUCCESS"
check "renameat2" $f "$P" "renameat2 " "evt.arg.oldpath=$d/abs " "evt.arg.newpath=$d/renamed "
check "symlinkat" $f "$P" "symlinkat " "evt.arg.target=/etc/shadow " "evt.arg.linkpath=$d/link"
check "fchmodat" $f "$P" "fchmodat " "evt.arg.filename=$d/renamed " "evt.arg.mode=S_IWUSR|S_IRUSR"

# ---- exec with and without a terminal ------------------------------------------------------
start "$tmp/exec" -e execve
LANNER_TTY_OUT=$tmp/ttynr "$tmp/actions" exec "$tmp/lanner-exec" 1 & apid=$!; wait $apid
"$tmp/actions" exec "$tmp/lanner-exec" 0 & apid2=$!; wait $apid2
sleep 0.3; stop
tty=$(cat "$tmp/ttynr" 2>/dev/null)
luid=$(cat /proc/self/loginuid); [ "$luid" = 4294967295 ] && luid=-1
pname=$(ps -o comm= -p $$)
if [ -n "$tty" ] && [ "$tty" != 0 ]; then
	check "execve under a pty: proc.tty=$tty" "$tmp/exec" "proc.name=lanner-exec " "proc.tty=$tty " "proc.cmdline=lanner-exec gamma delta " "proc.exepath=$tmp/lanner-exec " "proc.pname=actions " "proc.aname[2]=$pname " "user.uid=0 " "user.loginuid=$luid "
else echo "FAIL: no tty_nr from the pty child"; fails=$((fails + 1)); fi
check "execve without a terminal: proc.tty=0" "$tmp/exec" "proc.name=lanner-exec " "proc.tty=0 " "proc.cmdline=lanner-exec alpha beta " "proc.exe=lanner-exec-notty "

# ---- sockets ----------------------------------------------------------------------------------
start "$tmp/net" -e connect
"$tmp/actions" net "$tmp/u.sock" & apid=$!; wait $apid
sleep 0.3; stop
check "connect tcp loopback" "$tmp/net" "proc.pid=$apid " "fd.typechar=4 " "fd.sip=127.0.0.1 " "fd.sport=47123 " "->127.0.0.1:47123 " "fd.l4proto=tcp"
check "connect unix socket" "$tmp/net" "proc.pid=$apid " "fd.typechar=u " "fd.type=unix " " $tmp/u.sock"

# ---- ptrace, memfd_create, setuid ------------------------------------------------------------
start "$tmp/misc" -e ptrace,memfd_create,setuid
"$tmp/actions" misc & apid=$!; wait $apid
sleep 0.3; stop
check "ptrace attach" "$tmp/misc" "proc.pid=$apid " "ptrace " "evt.arg.request=PTRACE_ATTACH" "evt.res=SUCCESS"
check "memfd_create" "$tmp/misc" "proc.pid=$apid " "memfd_create " "evt.arg.name=lanner-memfd" "fd.typechar=m"
check "setuid" "$tmp/misc" "proc.pid=$apid " "setuid " "evt.arg.uid=root" "evt.res=SUCCESS"

# ---- the issue's example: touch /tmp/secret ----------------------------------------------------
start "$tmp/touch" -e openat
touch /tmp/secret
sleep 0.3; stop
n=$(grep -F 'proc.name=touch ' "$tmp/touch" | grep -F 'fd.name=/tmp/secret ' | grep -F 'proc.cmdline=touch /tmp/secret ' | grep -cF 'user.uid=0 ')
if [ "$n" = 1 ]; then echo "ok: touch /tmp/secret: one openat line"; else echo "FAIL: touch /tmp/secret: $n lines"; fails=$((fails + 1)); fi

[ $fails = 0 ] && echo "capture: all checks passed" || echo "capture: $fails checks failed"
[ $fails = 0 ]
