#!/bin/bash
# flags.test.sh — command lines are parsed strictly and say what is wrong:
#   - lanner --ring-mb / -M refuse what is not a number, out of range or not a power of two;
#   - lanner-gen: -o is only key=value (Falco's), -b FILE writes the bundle, `-o json_output`
#     (a forgotten =true) is an error instead of a bundle named json_output; --templates must
#     exist; a build prints one progress line per phase;
#   - run without the capabilities, lanner names them instead of pointing at the verifier.
. "$(dirname "$0")/lib.sh"
workdir flags
rules=rules/examples/secret-file.yaml

# refused VALUE-DESC WANT-IN-MESSAGE CMD...: exits 2 at once with a message on stderr
refused() {
	local desc=$1 want=$2
	shift 2
	local rc=0
	"$@" >"$work/out" 2>"$work/err" </dev/null || rc=$?
	if [ "$rc" = 2 ] && grep -q -- "$want" "$work/err"; then
		ok "$desc refused: $(head -1 "$work/err")"
	else
		bad "$desc: want exit 2 and '$want', got exit $rc: $(head -2 "$work/err")"
	fi
}
for v in abc 0 3 -1 2048 1e3 ""; do
	refused "lanner --ring-mb '$v'" "ring-mb" "$lanner" -b /nonexistent.lnb --ring-mb "$v"
done
for v in abc -1 1e999 inf nan 1x; do
	refused "lanner -M '$v'" "-M" "$lanner" -b /nonexistent.lnb -M "$v"
done
for a in "--ring-mb 3" "--ring-mb abc" "-M -1" "-M 1e999" "-n 0" "-n x" "-p abc"; do
	# shellcheck disable=SC2086
	refused "lanner capture $a" "${a%% *}" "$lanner" capture $a
done
refused "lanner-gen -o json_output (no =value)" "expected key=value" \
	"$gen" -r "$rules" -o json_output
[ -e json_output ] && bad "lanner-gen -o json_output wrote a file named json_output"
refused "lanner-gen --templates /nonexistent" "not a directory" \
	"$gen" -r "$rules" -b "$work/x.lnb" --templates /nonexistent
refused "lanner-gen --templates (a directory without the sensor)" "no sensor.bpf.c" \
	"$gen" -r "$rules" -b "$work/x.lnb" --templates "$work"

if command -v clang >/dev/null; then
	if "$gen" -r "$rules" -b "$work/b.lnb" 2>"$work/gen.err" && [ -s "$work/b.lnb" ]; then
		ok "lanner-gen -b FILE writes the bundle"
		for phase in "loading the rules" "generating the C" "clang" "writing the bundle"; do
			# clang runs once per bundle variant: "clang (variant ...): N s"
			if grep -qE "^lanner-gen: $phase( \([^)]*\))?: [0-9.]+ s" "$work/gen.err"; then
				ok "progress line for '$phase'"
			else
				bad "no progress line for '$phase': $(cat "$work/gen.err")"
			fi
		done
	else
		bad "lanner-gen -b FILE failed: $(tail -3 "$work/gen.err")"
	fi
	if "$gen" -r "$rules" -o "$work/old.lnb" 2>"$work/old.err" && [ -s "$work/old.lnb" ] &&
		grep -q deprecated "$work/old.err"; then
		ok "lanner-gen -o PATH.lnb still writes the bundle, with a deprecation warning"
	else
		bad "lanner-gen -o PATH.lnb: $(tail -2 "$work/old.err")"
	fi
	if "$gen" -q -r "$rules" -b "$work/q.lnb" 2>"$work/q.err" && ! grep -q clang "$work/q.err"; then
		ok "lanner-gen -q: no progress lines"
	else
		bad "lanner-gen -q printed: $(cat "$work/q.err")"
	fi
fi

# without privileges: the message names the capabilities (nobody, no capabilities at all)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$lanner" -b /nonexistent.lnb >"$work/np.out" 2>"$work/np.err" || rc=$?
	if [ "$rc" != 0 ] && grep -q "CAP_BPF and CAP_PERFMON" "$work/np.err" &&
		! grep -qi verifier "$work/np.err"; then
		ok "unprivileged lanner names the capabilities: $(head -1 "$work/np.err")"
	else
		bad "unprivileged lanner (exit $rc): $(head -2 "$work/np.err")"
	fi
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$lanner" capture -n 1 >"$work/np.out" 2>"$work/np.err" || rc=$?
	if [ "$rc" != 0 ] && grep -q "CAP_BPF and CAP_PERFMON" "$work/np.err"; then
		ok "unprivileged lanner capture names the capabilities"
	else
		bad "unprivileged lanner capture (exit $rc): $(head -2 "$work/np.err")"
	fi
else
	echo "note: not root or no setpriv: the unprivileged run is not tested"
fi
summary flags
