#!/usr/bin/env bash
# fields_paths_unix.test.sh — fd.name of unix sockets on bind and accept, as Falco prints it:
#   bind:   the bound address (Falco names the socket by bind's addr): "/path", and an abstract
#           address without its leading NUL;
#   accept: "<local>-><peer> /path" — the two kernel socket addresses in hex and the path of the
#           listening socket the connection came to.
# A python3 server binds, listens and accepts one connection. K `lanner -r RULES` (in-kernel
# filters) and S `--ship-all` run at the same time; both must give exactly these alerts.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
command -v python3 >/dev/null || skip "no python3"
workdir punix
d=/tmp/lnr-punix.$$
cleanup() { rm -rf "$d"; }
mkdir -p "$d"
sock=$d/srv.sock
abstract=lnr-punix-$$-abstract
rules=$work/rules.yaml
cat >"$rules" <<EOF2
- rule: unix bind
  desc: a unix socket bound at a path
  condition: evt.type = bind and fd.name = $sock
  output: "pu %evt.type %fd.name %proc.name"
  priority: WARNING
- rule: unix abstract bind
  desc: a unix socket bound at an abstract address
  condition: evt.type = bind and fd.name = $abstract
  output: "pu %evt.type %fd.name %proc.name"
  priority: WARNING
- rule: unix accept
  desc: a connection accepted on the socket
  condition: evt.type in (accept, accept4) and fd.name contains $sock
  output: "pu %evt.type %fd.name %proc.name"
  priority: WARNING
EOF2
mkdir -p "$work/cache-K" "$work/cache-S"
group_start K LANNER_CACHE_DIR="$work/cache-K" -r "$rules"
group_start S LANNER_CACHE_DIR="$work/cache-S" -r "$rules" --ship-all
group_wait || exit 1
python3 -c "
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind('$sock'); s.listen(1)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect('$sock')
a, _ = s.accept()
b = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
b.bind('\0$abstract')
for x in (a, c, s, b):
    x.close()
"
sleep 1
group_stop

for m in K S; do
	got() { grep -cE "^[0-9:. ]*Warning pu $1 python3 container_id=" "$work/$m.out"; }
	check "$m: bind at a path: fd.name is the path" 1 "$(got "bind $sock")"
	check "$m: bind at an abstract address: fd.name without the NUL" 1 "$(got "bind $abstract")"
	check "$m: accept: fd.name is local->peer and the listener's path" 1 "$(got "accept4? [0-9a-f]{8,16}->[0-9a-f]{8,16} $sock")"
done
same_alerts "kernel and --ship-all" "pu [a-z0-9]+ [^ ]+( [^ ]+)? python3" K S
summary fields_paths_unix
