#!/usr/bin/env bash
# install.test.sh — `make install` lays out the files (DESTDIR + PREFIX), and an installed
# `lanner` with no arguments runs the installed default: its configuration, the default ruleset
# and rules.d/ — under exactly the capabilities the systemd unit grants.
. "$(dirname "$0")/lib.sh"
need_root
need_btf
workdir install
tag=/tmp/lanner-install-$$
cleanup() { rm -f "$tag"; }

# ---- DESTDIR layout ----------------------------------------------------------------------------
d=$work/dest
if ! make -s install DESTDIR="$d" PREFIX=/usr >"$work/make.log" 2>&1; then
	bad "make install DESTDIR=... failed: $(tail -3 "$work/make.log")"
	exit 1
fi
for f in usr/bin/lanner usr/bin/lanner-gen usr/share/lanner/bpf-templates/sensor.bpf.c \
	usr/share/lanner/bpf-templates/rules/rt.h usr/share/lanner/bpf-templates/vmlinux/vmlinux_fallback.h \
	usr/share/lanner/rulelang/syscalls_list.h etc/lanner/lanner.yaml etc/lanner/lanner_rules.yaml \
	usr/lib/systemd/system/lanner.service usr/share/man/man8/lanner.8 usr/share/man/man8/lanner-gen.8; do
	if [ -f "$d/$f" ]; then ok "installed /$f"; else bad "missing /$f"; fi
done
for dir in rules.d config.d; do
	[ -d "$d/etc/lanner/$dir" ] && ok "installed /etc/lanner/$dir/" || bad "missing /etc/lanner/$dir/"
done
check "lanner.yaml names the installed ruleset and rules.d" \
	"/etc/lanner/lanner_rules.yaml /etc/lanner/rules.d" \
	"$(sed -n '/^rules_files:/,/^[a-z]/p' "$d/etc/lanner/lanner.yaml" | grep -oE '/etc/lanner/[a-z_.]+' | tr '\n' ' ' | sed 's/ $//')"
check "the unit runs the installed binary" "ExecStart=/usr/bin/lanner -c /etc/lanner/lanner.yaml" \
	"$(grep '^ExecStart=' "$d/usr/lib/systemd/system/lanner.service")"
check "lanner --version" "lanner 0.1.0" "$("$d/usr/bin/lanner" --version | cut -d' ' -f1-2)"
check "lanner-gen --version" "lanner-gen 0.1.0" "$("$d/usr/bin/lanner-gen" --version | cut -d' ' -f1-2)"
for m in lanner lanner-gen; do
	if man --warnings -l "$d/usr/share/man/man8/$m.8" >/dev/null 2>"$work/man.err" && [ ! -s "$work/man.err" ]; then
		ok "man page $m(8) renders without warnings"
	else bad "man page $m(8): $(head -2 "$work/man.err")"; fi
done
echo "# edited" >>"$d/etc/lanner/lanner.yaml"
make -s install DESTDIR="$d" PREFIX=/usr >"$work/make2.log" 2>&1
if tail -1 "$d/etc/lanner/lanner.yaml" | grep -q '^# edited' && [ -f "$d/etc/lanner/lanner.yaml.new" ]; then
	ok "a second install keeps the edited lanner.yaml (new one as lanner.yaml.new)"
else bad "a second install overwrote lanner.yaml"; fi

# ---- an installation under a prefix, run with no arguments -------------------------------------
p=$work/prefix
if ! make -s install PREFIX="$p" SYSCONFDIR="$p/etc" >"$work/make3.log" 2>&1; then
	bad "make install PREFIX=... failed: $(tail -3 "$work/make3.log")"
	exit 1
fi
if command -v systemd-analyze >/dev/null; then
	systemd-analyze verify "$p/lib/systemd/system/lanner.service" >"$work/verify.log" 2>&1
	# (its man page is not in the system's man path: that complaint is expected)
	if grep -v "Command 'man lanner(8)' failed" "$work/verify.log" | grep -q .; then
		bad "systemd-analyze verify lanner.service: $(head -3 "$work/verify.log")"
	else ok "systemd-analyze verify lanner.service: no complaint"; fi
fi
cat >"$p/etc/lanner/rules.d/local.yaml" <<Y
- rule: Install test local rule
  desc: a rule of rules.d, on this test's own file
  condition: evt.type in (open, openat, openat2) and fd.name = $tag
  output: "install-test local rule file=%fd.name"
  priority: NOTICE
Y
# a drop-in of config.d/ is merged: JSON alerts
printf 'json_output: true\n' >"$p/etc/lanner/config.d/50-json.yaml"
# the unit's capabilities, and only those (as systemd would grant them to root)
caps=$(grep '^CapabilityBoundingSet=' "$p/lib/systemd/system/lanner.service" | cut -d= -f2)
bset=$(for c in $caps; do printf ',+%s' "$(echo "${c#CAP_}" | tr 'A-Z' 'a-z')"; done)
echo "  capabilities: $caps"
mkdir -p "$work/cache"
(cd "$work" && exec env LANNER_CACHE_DIR="$work/cache" setpriv --bounding-set "-all$bset" -- \
	"$p/bin/lanner" >"$work/run.out" 2>"$work/run.out.err") &
lpid=$!
if wait_attached "$work/run.out.err" "$lpid"; then
	ok "installed lanner with no arguments, under the unit's capabilities only: attached"
	touch "$tag"
	sleep 0.5
	lanner_stop
	check "it read the installed configuration" "lanner: configuration $p/etc/lanner/lanner.yaml" \
		"$(grep '^lanner: configuration' "$work/run.out.err")"
	n=$(grep -c '^- rule:' "$root/rules/lanner_rules.yaml")
	if grep -q "^lanner: $((n + 1)) rules" "$work/run.out.err"; then
		ok "the default ruleset ($n rules) and rules.d/ (1) loaded"
	else bad "rules loaded: $(grep -o '^lanner: [0-9]* rules' "$work/run.out.err")"; fi
	check "the rules.d/ rule alerts" 1 "$(grep -c "install-test local rule file=$tag" "$work/run.out")"
	if grep "install-test local rule file=$tag" "$work/run.out" | python3 -c 'import json,sys; json.loads(sys.stdin.readline())' 2>/dev/null; then
		ok "the config.d/ drop-in applies (the alert is JSON)"
	else bad "the config.d/ drop-in did not apply: $(head -1 "$work/run.out")"; fi
else
	bad "installed lanner did not start: $(tail -3 "$work/run.out.err")"
	lanner_stop
fi

summary install
