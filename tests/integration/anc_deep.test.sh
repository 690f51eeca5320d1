#!/usr/bin/env bash
# anc_deep.test.sh — proc.aname (any ancestor) is decided in the kernel past the levels it walks
# one by one (LANNER_ANCESTOR_DEPTH), as "System user interactive" needs, in both modes
# (in-kernel filtering and --ship-all):
#   A  execs by a system user (nobody) six and more levels below a shell of ours, no ancestor
#      named sshd: no alert, and in-kernel nothing is shipped to userspace (the rule is FALSE
#      in the kernel once the walk reaches the chain's end);
#   B  the same below an ancestor named sshd (a copy of sh) six levels up: one alert for the
#      marker's exec, in both modes.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v clang >/dev/null || skip "no clang (the rules must be compiled)"
command -v setpriv >/dev/null || skip "no setpriv"
[ -x "$lanner" ] || { echo "FAIL: $lanner not built"; exit 1; }

workdir anc-deep
export LANNER_CACHE_DIR=$work/cache
chmod 755 "$work"
# deep.sh N CMD...: CMD run N shells below (each level a process: the shell waits, no exec)
cat >"$work/deep.sh" <<'EOF'
#!/bin/sh
n=$1
shift
if [ "$n" -gt 0 ]; then
	"$0" $((n - 1)) "$@"
else
	"$@"
fi
exit 0
EOF
chmod 755 "$work/deep.sh"
cp "$(type -P sh)" "$work/sshd"
mark=lnr-deep-$$
cp "$(type -P true)" "$work/$mark"
chmod 755 "$work/sshd" "$work/$mark"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

cat >"$work/rules.yaml" <<EOF
- rule: deep system user interactive
  desc: an exec by a system user with an ancestor named sshd
  condition: evt.type = execve and evt.dir = < and user.name in (bin, daemon, nobody) and proc.aname = sshd
  output: "DEEP_SSHD exe=%proc.exepath"
  priority: WARNING
EOF

run_mode() { # name, lanner args...
	local m=$1 out=$work/$1.out
	shift
	lanner_start "$out" -r "$work/rules.yaml" "$@" || {
		bad "$m: lanner did not start: $(tail -3 "$out.err")"
		lanner_stop
		return
	}
	# A: 20 execs of the marker, 7 levels below this shell, no sshd
	for _ in $(seq 20); do as_nobody "$work/deep.sh" 6 "$work/$mark"; done
	sleep 0.5
	# B: once below sshd (the 6th ancestor of the marker's exec)
	as_nobody "$work/sshd" "$work/deep.sh" 5 "$work/$mark"
	sleep 1
	lanner_stop
	local stats
	# the kernel's line (the outputs' line has a sent= of its own)
	stats=$(grep '^lanner: kernel: .* sent=' "$out.err" | tail -1)
	check "$m A: no alert without an sshd ancestor, B: one below sshd" 1 \
		"$(grep -c "DEEP_SSHD exe=$work/$mark " "$out")"
	if [ "$m" = in-kernel ]; then
		local sent
		sent=$(grep -o ' sent=[0-9]*' <<<"$stats" | cut -d= -f2)
		# A's 20 execs (and the shells' 140) decided FALSE in the kernel: at most a few
		# records (B's alert, other processes' execs by system users)
		if [ -n "$sent" ] && [ "$sent" -lt 20 ]; then
			ok "$m: records shipped $sent (< 20 for 160 execs by nobody)"
		else
			bad "$m: records shipped '${sent:-?}' (want < 20): $stats"
		fi
	fi
}

run_mode in-kernel
run_mode ship-all --ship-all
summary anc_deep
