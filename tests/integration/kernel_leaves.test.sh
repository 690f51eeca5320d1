#!/usr/bin/env bash
# kernel_leaves.test.sh — leaves decided from the kernel's own process map give the alerts
# userspace gives. tests/rules/kernel_leaves.yaml runs two ways at once on the same actions:
#   K  lanner -r RULES             (the kernel decides the parent/ancestor, capability and
#                                   proc.env leaves)
#   S  lanner -r RULES --ship-all  (every event evaluated in userspace: the reference)
# Actions: a parent whose command line holds a flag (and a near miss), a parent with a chosen
# argv[0] (exec -a), a parent run from a copy of sh (its exe path), a grandparent's argv[0] and
# command line, files opened as root (CAP_SYS_ADMIN) and as nobody (no capabilities), and execs
# with and without a needle in their environment, failed and successful opens (evt.res
# startswith), a fifth ancestor's name, connects that succeed and fail (fd.connected), and
# connects to loopback addresses (fd.ip, fd.sip, fd.snet, fd.net). Each kind is decided fully in the kernel
# (lanner-gen --explain). proc.env: the exec record ships the environment (a rule reads it);
# both sides keep its first LANNER_MAX_ENV (4 KiB) bytes: env-long holds the needle there,
# env-late holds both needles past them (Falco's proc.env does not have them: `kl noenv`).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
workdir kleaves
d=$work/files
mkdir -p "$d" "$work/cache-K" "$work/cache-S"
chmod 0777 "$work" "$d"
cp "$(readlink -f /bin/sh)" "$work/lnr-psh"
cp "$(readlink -f /bin/true)" "$work/lnr-envt"
rules=tests/rules/kernel_leaves.yaml
group_start K LANNER_CACHE_DIR="$work/cache-K" -r $rules
group_start S LANNER_CACHE_DIR="$work/cache-S" -r $rules --ship-all
group_wait || exit 1

# the parent's command line (sh forks touch: the `; true` keeps it from exec'ing in place)
sh -c 'touch "$1"; true' --lnr-parent-flag "$d/p1"
sh -c 'touch "$1"; true' --lnr-parent-fla "$d/p2"
# the parent's argv[0]
bash -c 'exec -a /x/lnr-sh sh -c "touch \"\$0\"; true" "$1"' _ "$d/e1"
bash -c 'exec -a /x/lnr-shx sh -c "touch \"\$0\"; true" "$1"' _ "$d/e2"
# the parent's executable
"$work/lnr-psh" -c 'touch "$1"; true' _ "$d/x1"
sh -c 'touch "$1"; true' _ "$d/x2"
# the grandparent's argv[0] and command line: $work/gp.sh runs as sh with argv[0] set by
# exec -a and a marker argument, and starts a shell that forks touch
printf '%s\n' 'sh -c '"'"'touch "$0"; true'"'"' "$1"; true' >"$work/gp.sh"
bash -c 'exec -a /y/lnr-gsh sh "$0" "$1" lnr-gmark' "$work/gp.sh" "$d/g1"
bash -c 'exec -a /y/lnr-gsh sh "$0" "$1" lnr-gmarx' "$work/gp.sh" "$d/g2"
bash -c 'exec -a /y/lnr-gshx sh "$0" "$1" lnr-gmark' "$work/gp.sh" "$d/g3"
# capability sets: root has them all, nobody none
touch "$d/cap-root" "$d/icap-root"
setpriv --reuid=65534 --regid=65534 --clear-groups touch "$d/cap-nobody" "$d/icap-nobody"
# evt.res startswith: ENOENT alerts, success and EACCES do not
cat "$d/res-missing" 2>/dev/null
touch "$d/res-present" && cat "$d/res-present"
touch "$d/res-denied" && chmod 0600 "$d/res-denied"
setpriv --reuid=65534 --regid=65534 --clear-groups cat "$d/res-denied" 2>/dev/null
# the fifth ancestor: lnr-a5 (a copy of sh) runs nest.sh, which nests N more shells before touch
cp "$(readlink -f /bin/sh)" "$work/lnr-a5"
printf '%s\n' 'n=$1; f=$2' 'if [ "$n" -gt 0 ]; then sh "$0" $((n - 1)) "$f"; true; else touch "$f"; true; fi' \
	>"$work/nest.sh"
"$work/lnr-a5" "$work/nest.sh" 4 "$d/anc5-a"
"$work/lnr-a5" "$work/nest.sh" 3 "$d/anc5-b"
# fd.connected: a connect to a listener (true) and to a closed port (false)
python3 - lnr-conn-mark <<'PY'
import socket
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
closed = socket.socket(); closed.bind(("127.0.0.1", 0)); cport = closed.getsockname()[1]; closed.close()
c1 = socket.socket(); c1.connect(("127.0.0.1", srv.getsockname()[1]))
c2 = socket.socket()
try:
    c2.connect(("127.0.0.1", cport))
except OSError:
    pass
PY

# addresses: UDP connects (no packet sent) to 127.0.0.3 (fd.ip), 127.0.0.2 (fd.snet) and
# 127.0.0.1 (neither)
python3 - lnr-ip-mark <<'PY'
import socket
for a in ("127.0.0.3", "127.0.0.2", "127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((a, 9))
    s.close()
PY
# proc.env at the exec (rule_matching first: an exec `kl env` matches is not `kl noenv`'s)
env LNR_ENV_NEEDLE=1 "$work/lnr-envt" env-with
env -u LNR_ENV_NEEDLE "$work/lnr-envt" env-without
env LNR_ENV_OTHER=1 "$work/lnr-envt" env-other
env -i LNR_ENV_NEEDLE=2 "LNR_BIG=$(head -c 5000 /dev/zero | tr '\0' x)" "$work/lnr-envt" env-long
env -i "LNR_BIG=$(head -c 5000 /dev/zero | tr '\0' x)" LNR_ENV_NEEDLE=3 LNR_ENV_OTHER=1 "$work/lnr-envt" env-late
# a process group leader's exec (setsid: its own session and group) and a member's (a
# non-interactive shell's child stays in the shell's group)
cp "$(readlink -f /bin/true)" "$work/lnr-pgl"
setsid -w "$work/lnr-pgl" pgl-leader
sh -c '"$1" pgl-member; true' _ "$work/lnr-pgl"
sleep 1
group_stop

expected=$(printf '%s\n' "kl pcmdline file=$d/p1" "kl pexe file=$d/e1" "kl pexepath file=$d/x1" \
	"kl aexe2 file=$d/g1" "kl caps file=$d/cap-root" "kl icaps file=$d/icap-root" \
	"kl res file=$d/res-missing" "kl aname5 file=$d/anc5-a" \
	"kl connected port=y" "kl notconnected port=y" "kl ip port=y" "kl net port=y" \
	"kl env exe=$work/lnr-envt cmd=lnr-envt env-with" \
	"kl env exe=$work/lnr-envt cmd=lnr-envt env-long" \
	"kl noenv exe=$work/lnr-envt cmd=lnr-envt env-without" \
	"kl noenv exe=$work/lnr-envt cmd=lnr-envt env-late" \
	"kl pgl exe=$work/lnr-pgl cmd=lnr-pgl pgl-leader" | sort)
expect_alerts "$expected" 'kl [a-z0-9]+ (file|exe|port)=[^ ]*( cmd=lnr-(envt|pgl) [a-z-]*)?' K S
# proc.env[NAME] in the output, from the environment the exec record brought
for n in K S; do
	v=$(grep -oE 'kl env exe=[^ ]* cmd=lnr-envt env-[a-z]+ val=[^ "]*' "$work/$n.out" | sed 's/.* env-//' | sort | tr '\n' ' ')
	if [ "$v" = "long val=2 with val=1 " ]; then
		ok "$n: proc.env[LNR_ENV_NEEDLE] printed as Falco does"
	else
		bad "$n: proc.env[LNR_ENV_NEEDLE] printed as '$v'"
	fi
done
# An environment longer than LANNER_MAX_ENV is decided in the kernel on the prefix both sides
# keep: 20 execs of one whose first 4 KiB hold LNR_ENV_OTHER and no needle (no rule matches)
# ship next to nothing (before, each was UNKNOWN and shipped: 20 or more)
lanner_start "$work/long.out" LANNER_CACHE_DIR="$work/cache-K" -r $rules ||
	bad "long environment: lanner did not start: $(tail -3 "$work/long.out.err")"
# (execve straight from python: `env -i ... VAR=<5000 bytes>` would itself exec with an argv over
# 4 KiB, whose record ships whatever the rules, so userspace has its whole command line)
python3 - "$work/lnr-envt" <<'PY'
import os, sys
env = {"LNR_ENV_OTHER": "1", "LNR_BIG": "x" * 5000}  # in this order
for _ in range(20):
    pid = os.fork()
    if pid == 0:
        os.execve(sys.argv[1], [sys.argv[1], "env-big"], env)
    os.waitpid(pid, 0)
PY
sleep 0.5
lanner_stop
sent=$(grep '^lanner: kernel: ' "$work/long.out.err" | grep -o ' sent=[0-9]*' | tail -1 | cut -d= -f2)
if [ -n "$sent" ] && [ "$sent" -lt 20 ]; then
	ok "long environment: $sent records shipped for 20 non-matching execs (< 20)"
else
	bad "long environment: '${sent:-?}' records shipped for 20 non-matching execs (want < 20)"
fi
kernel_decided "$rules" "kl pcmdline" "kl pexe" "kl pexepath" "kl aexe2" "kl caps" "kl icaps" "kl env" "kl noenv" \
	"kl res" "kl aname5" "kl connected" "kl notconnected" "kl ip" "kl net" "kl pgl"
summary kernel_leaves
