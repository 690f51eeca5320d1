#!/usr/bin/env bash
# fields_paths_names.test.sh — fd.name on close/dup* is the name the fd was OPENED by, as Falco's
# fd table keeps it (not the file's path at the time of the close):
#   - `touch` through a symlink named in a rule: 4 alerts (openat, dup2, close, close), as Falco;
#   - a file renamed while open (python: os.open, os.rename, os.close): 2 alerts (openat,
#     close) with the old name, none with the new name, as Falco;
#   - `cat` of a symlink TO a watched file: no alert on the watched name (Falco: the fd's name is
#     the symlink's), the symlink's own rule alerts on openat, newfstatat (cat's fstat) and close;
#   - an fd opened before lanner started, closed after: the kernel did not see it opened, so its
#     close carries the file's path (what Falco read from /proc at its start) and the kernel
#     leaves the rule UNKNOWN (fd_names_not_seen_opened counts it): 1 alert in both modes.
# K `lanner -r RULES` (in-kernel filters, with its close gate) and S `--ship-all` run at the same
# time; both must give exactly these alerts.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
command -v python3 >/dev/null || skip "no python3"
workdir pnames
d=/tmp/lnr-pnames.$$
holder=""
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	rm -rf "$d"
}
mkdir -p "$d"
echo x >"$d/target"
ln -s "$d/target" "$d/link"
echo x >"$d/ren"
echo x >"$d/early"
rules=$work/rules.yaml
cat >"$rules" <<EOF
- rule: link
  desc: a symlink's own name
  condition: fd.name = $d/link
  output: "pn link %evt.type %fd.name %proc.name"
  priority: WARNING
- rule: target
  desc: the file the symlink points to
  condition: fd.name = $d/target
  output: "pn target %evt.type %fd.name %proc.name"
  priority: WARNING
- rule: ren
  desc: renamed while open
  condition: fd.name in ($d/ren, $d/ren2)
  output: "pn ren %evt.type %fd.name %proc.name"
  priority: WARNING
- rule: early
  desc: opened before lanner started
  condition: fd.name = $d/early
  output: "pn early %evt.type %fd.name %proc.name"
  priority: WARNING
EOF
# holds $d/early open from before lanner starts until $d/go exists, then closes it
python3 -c "
import os, time
fd = os.open('$d/early', os.O_RDONLY)
while not os.path.exists('$d/go'):
    time.sleep(0.05)
os.close(fd)
" &
holder=$!
mkdir -p "$work/cache-K" "$work/cache-S"
group_start K LANNER_CACHE_DIR="$work/cache-K" -r "$rules"
group_start S LANNER_CACHE_DIR="$work/cache-S" -r "$rules" --ship-all
group_wait || exit 1
touch "$d/link"
cat "$d/link" >/dev/null
python3 -c "
import os
fd = os.open('$d/ren', os.O_RDONLY)
os.rename('$d/ren', '$d/ren2')
os.close(fd)
"
touch "$d/go"
wait "$holder"
holder=""
sleep 1
group_stop

for m in K S; do
	got() { grep -cE "^[0-9:. ]*Warning pn $1 container_id=" "$work/$m.out"; }
	check "$m: touch via the symlink: openat" 1 "$(got "link openat $d/link touch")"
	check "$m: touch via the symlink: dup2" 1 "$(got "link dup2 $d/link touch")"
	check "$m: touch via the symlink: close" 2 "$(got "link close $d/link touch")"
	check "$m: cat of the symlink: openat, newfstatat, close" 3 "$(got "link (openat|newfstatat|close) $d/link cat")"
	check "$m: no alert on the symlink's target" 0 "$(got "target [a-z0-9]+ [^ ]+ [^ ]+")"
	check "$m: renamed while open: openat, close with the old name" 2 "$(got "ren (openat|close) $d/ren python3")"
	check "$m: renamed while open: nothing with the new name" 0 "$(got "ren [a-z0-9]+ $d/ren2 [^ ]+")"
	check "$m: opened before lanner: close" 1 "$(got "early close $d/early python3")"
	if grep -qE 'fd_names_not_seen_opened=[1-9]' "$work/$m.out.err"; then
		ok "$m: fds not seen opened are counted"
	else
		bad "$m: fd_names_not_seen_opened is 0: $(tail -2 "$work/$m.out.err")"
	fi
done
same_alerts "kernel and --ship-all" "pn [a-z]+ [a-z0-9]+ $d/[^ ]+ (touch|cat|python3)" K S
summary fields_paths_names
