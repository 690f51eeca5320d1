#!/usr/bin/env bash
# capture.test.sh — `lanner capture` reports the exact Falco field values of known actions
# (tests/integration/actions.c): paths (absolute, relative, dirfd, .. and //, failure), flags,
# exec with/without a terminal, process ancestry, sockets, and the other captured syscalls.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
[ -x "$lanner" ] || { echo "FAIL: $lanner not built"; exit 1; }

workdir capture
cc -O1 -o "$work/actions" tests/integration/actions.c -lutil || { echo "FAIL: cannot build actions"; exit 1; }
cp /bin/true "$work/lanner-exec"
check_line() { # description, file, pattern (fixed strings, every one must be on ONE line)
	local what=$1 file=$2; shift 2
	local lines; lines=$(cat "$file")
	for pat in "$@"; do lines=$(grep -F -- "$pat" <<<"$lines"); done
	if [ -n "$lines" ]; then ok "$what"; else bad "$what: no line with: $*"; fi
}

# start capture, wait until it is attached
start() { # out-file, lanner args...
	local out=$1; shift
	lanner_start "$out" capture "$@" && return 0
	echo "FAIL: capture did not start"; cat "$out.err"; exit 1
}

# ---- files ---------------------------------------------------------------------------------
d=$work/d; mkdir -p "$d"
start "$work/files" -e open,openat,unlinkat,renameat2,symlinkat,mkdirat,fchmodat
"$work/actions" files "$d" & apid=$!; wait $apid
sleep 0.3; lanner_stop
f=$work/files; P="proc.pid=$apid "
check_line "openat absolute, O_CREAT|O_TRUNC" $f "$P" "fd.name=$d/abs " "evt.arg.flags=O_TRUNC|O_CREAT|O_WRONLY" "fd.typechar=f" "evt.res=SUCCESS"
check_line "openat relative after chdir" $f "$P" "fd.name=$d/rel " "evt.arg.name=$d/rel "
check_line "openat relative to a dirfd" $f "$P" "fd.name=$d/sub/viadirfd " "fd.directory=$d/sub " "fd.filename=viadirfd"
check_line "path with .. and // normalised" $f "$P" "evt.arg.name=$d/sub/viadirfd " "evt.arg.flags=O_RDONLY "
check_line "failed open" $f "$P" "fd.num=-1 " "evt.res=ENOENT" "fd.name=/nonexistent-lanner/x"
check_line "mkdirat" $f "$P" "mkdirat " "evt.arg.path=$d/sub " "evt.arg.mode=493"
check_line "unlinkat" $f "$P" "unlinkat " "evt.arg.name=$d/rel " "evt.res=SUCCESS"
check_line "renameat2" $f "$P" "renameat2 " "evt.arg.oldpath=$d/abs " "evt.arg.newpath=$d/renamed "
check_line "symlinkat" $f "$P" "symlinkat " "evt.arg.target=/etc/shadow " "evt.arg.linkpath=$d/link"
check_line "fchmodat" $f "$P" "fchmodat " "evt.arg.filename=$d/renamed " "evt.arg.mode=S_IWUSR|S_IRUSR"

# ---- exec with and without a terminal ------------------------------------------------------
start "$work/exec" -e execve
LANNER_TTY_OUT=$work/ttynr "$work/actions" exec "$work/lanner-exec" 1 & apid=$!; wait $apid
"$work/actions" exec "$work/lanner-exec" 0 & apid2=$!; wait $apid2
sleep 0.3; lanner_stop
tty=$(cat "$work/ttynr" 2>/dev/null)
luid=$(cat /proc/self/loginuid); [ "$luid" = 4294967295 ] && luid=-1
pname=$(ps -o comm= -p $$)
if [ -n "$tty" ] && [ "$tty" != 0 ]; then
	check_line "execve under a pty: proc.tty=$tty" "$work/exec" "proc.name=lanner-exec " "proc.tty=$tty " "proc.cmdline=lanner-exec gamma delta " "proc.exepath=$work/lanner-exec " "proc.pname=actions " "proc.aname[2]=$pname " "user.uid=0 " "user.loginuid=$luid "
else bad "no tty_nr from the pty child"; fi
check_line "execve without a terminal: proc.tty=0" "$work/exec" "proc.name=lanner-exec " "proc.tty=0 " "proc.cmdline=lanner-exec alpha beta " "proc.exe=lanner-exec-notty "

# ---- sockets ----------------------------------------------------------------------------------
start "$work/net" -e connect
"$work/actions" net "$work/u.sock" & apid=$!; wait $apid
sleep 0.3; lanner_stop
check_line "connect tcp loopback" "$work/net" "proc.pid=$apid " "fd.typechar=4 " "fd.sip=127.0.0.1 " "fd.sport=47123 " "->127.0.0.1:47123 " "fd.l4proto=tcp"
check_line "connect unix socket" "$work/net" "proc.pid=$apid " "fd.typechar=u " "fd.type=unix " " $work/u.sock"

# ---- ptrace, memfd_create, setuid ------------------------------------------------------------
start "$work/misc" -e ptrace,memfd_create,setuid
"$work/actions" misc & apid=$!; wait $apid
sleep 0.3; lanner_stop
check_line "ptrace attach" "$work/misc" "proc.pid=$apid " "ptrace " "evt.arg.request=PTRACE_ATTACH" "evt.res=SUCCESS"
check_line "memfd_create" "$work/misc" "proc.pid=$apid " "memfd_create " "evt.arg.name=lanner-memfd" "fd.typechar=m"
check_line "setuid" "$work/misc" "proc.pid=$apid " "setuid " "evt.arg.uid=root" "evt.res=SUCCESS"

# ---- the issue's example: touch /tmp/secret ----------------------------------------------------
start "$work/touch" -e openat
touch /tmp/secret
sleep 0.3; lanner_stop
n=$(grep -F 'proc.name=touch ' "$work/touch" | grep -F 'fd.name=/tmp/secret ' | grep -F 'proc.cmdline=touch /tmp/secret ' | grep -cF 'user.uid=0 ')
if [ "$n" = 1 ]; then ok "touch /tmp/secret: one openat line"; else bad "touch /tmp/secret: $n lines"; fi

[ $fails = 0 ] && echo "capture: all checks passed" || echo "capture: $fails checks failed"
[ $fails = 0 ]
