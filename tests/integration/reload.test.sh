#!/usr/bin/env bash
# reload.test.sh — rules reload without a blind window (SIGHUP, and a watched file changing):
#   - after SIGHUP with a changed rules file, the new rule alerts and the removed one does not;
#   - an action repeated in a loop across the reload is alerted exactly once per iteration
#     (none missed while the new programs load and swap in, none doubled by the overlap);
#   - a broken rules file on reload: the error is printed and the previous rules keep running;
#   - with the default watch, writing the rules file reloads without a signal.
# Only this test's own files are matched, so other tests' activity cannot disturb the counts.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v clang >/dev/null || skip "no clang (the rules are compiled)"
workdir reload
export LANNER_CACHE_DIR=$work/cache
touch "$work/loopfile" "$work/old" "$work/new" "$work/held" "$work/other"

rules_v() { # VERSION (old|new): the loop rule, and a rule only that version has
	cat <<EOR
- rule: Loop File Opened
  desc: the file the loop opens
  condition: evt.type in (open, openat) and fd.name = "$work/loopfile"
  output: "LOOPHIT file=%fd.name pid=%proc.pid"
  priority: WARNING
- rule: Only In $1
  desc: a file only this version watches
  condition: evt.type in (open, openat) and fd.name = "$work/$1"
  output: "ONLYHIT version=$1 file=%fd.name"
  priority: WARNING
- rule: Close Of $1
  desc: "a close only this version watches (old: other, new: held)"
  condition: evt.type = close and fd.name = "$work/$([ "$1" = new ] && echo held || echo other)"
  output: "CLOSEHIT version=$1 file=%fd.name"
  priority: WARNING
EOR
}
count() { grep -c "$1" "$work/out" 2>/dev/null; }
# wait_for PATTERN FILE SECONDS
wait_for() {
	for _ in $(seq $(($3 * 10))); do
		grep -q "$1" "$2" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# settle PATTERN N: until N lines match (alerts are printed asynchronously), at most 10 s
settle() {
	for _ in $(seq 100); do
		[ "$(count "$1")" -ge "$2" ] && break
		sleep 0.1
	done
	sleep 0.3
}

rules_v old >"$work/rules.yaml"
if ! lanner_start "$work/out" -r "$work/rules.yaml" --no-watch; then
	bad "lanner did not start: $(tail -5 "$work/out.err")"
	summary reload
	exit 1
fi
cat "$work/old" "$work/new"
settle "ONLYHIT version=old" 1
check "before the reload: the old rule alerts" 1 "$(count "ONLYHIT version=old")"
check "before the reload: the new rule does not exist yet" 0 "$(count "ONLYHIT version=new")"

# a file opened under the old rules (whose close gate ignores it) and closed under the new ones
(
	exec 7<"$work/held"
	while [ ! -e "$work/release" ]; do sleep 0.1; done
	exec 7<&-
) &
holder=$!
# the loop runs before, during and after the reload
(
	i=0
	while [ ! -e "$work/stop" ]; do
		cat "$work/loopfile"
		i=$((i + 1))
	done
	echo "$i" >"$work/iterations"
) &
loop=$!
sleep 1
rules_v new >"$work/rules.yaml"
kill -HUP "$lpid"
if wait_for "lanner: reloaded" "$work/out.err" 180; then
	ok "SIGHUP reloaded: $(grep "lanner: reloaded" "$work/out.err" | head -1)"
else
	bad "no reload after SIGHUP: $(tail -5 "$work/out.err")"
fi
kill -0 "$lpid" 2>/dev/null && ok "lanner still runs after SIGHUP" || bad "lanner died on SIGHUP"
sleep 1
touch "$work/stop"
wait "$loop"
n=$(cat "$work/iterations")
settle "LOOPHIT" "$n"
check "the loop across the reload: one alert per iteration ($n iterations)" "$n" "$(count "LOOPHIT file=$work/loopfile")"
cat "$work/old" "$work/new"
settle "ONLYHIT version=new" 1
check "after the reload: the new rule alerts" 1 "$(count "ONLYHIT version=new")"
check "after the reload: the removed rule no longer alerts" 1 "$(count "ONLYHIT version=old")"
touch "$work/release"
wait "$holder"
settle "CLOSEHIT version=new" 1
# (bash's `exec 7<&-` closes the file twice over: its saved copy and fd 7)
n=$(count "CLOSEHIT version=new file=$work/held")
[ "$n" -ge 1 ] && ok "a file opened before the reload, closed after: the new close rule alerts ($n)" ||
	bad "a file opened before the reload (old close gate), closed after: no alert of the new close rule"

# a broken rules file: the error is printed, the running rules stay
printf -- '- rule: Broken\n  condition: evt.type = openat and (\n  output: x\n  priority: WARNING\n  desc: x\n' >"$work/rules.yaml"
kill -HUP "$lpid"
if wait_for "reload failed" "$work/out.err" 180; then
	ok "broken file: $(grep "reload failed" "$work/out.err" | head -1)"
else
	bad "broken file: no 'reload failed' message: $(tail -5 "$work/out.err")"
fi
grep -q "rules.yaml:2" "$work/out.err" && ok "broken file: the error names the file and line" ||
	bad "broken file: no file:line in $(grep -v '^lanner: kernel' "$work/out.err" | tail -5)"
before=$(count "LOOPHIT")
cat "$work/loopfile" "$work/new"
settle "ONLYHIT version=new" 2
check "broken file: the previous rules keep running (loop rule)" $((before + 1)) "$(count "LOOPHIT")"
check "broken file: the previous rules keep running (new rule)" 2 "$(count "ONLYHIT version=new")"
lanner_stop
grep -q "reloads=1 reload_failures=1" "$work/out.err" && ok "exit counters: reloads=1 reload_failures=1" ||
	bad "exit counters: $(grep 'lanner: userspace' "$work/out.err")"

# the watch: writing the file reloads, no signal
rules_v old >"$work/rules.yaml"
: >"$work/out"
if lanner_start "$work/out" -r "$work/rules.yaml"; then
	rules_v new >"$work/rules.yaml.tmp" && mv "$work/rules.yaml.tmp" "$work/rules.yaml"
	if wait_for "lanner: reloaded" "$work/out.err" 180; then
		ok "a changed rules file reloads by itself (inotify)"
		cat "$work/new"
		settle "ONLYHIT version=new" 1
		check "after the watched reload: the new rule alerts" 1 "$(count "ONLYHIT version=new")"
	else
		bad "no reload after the file changed: $(tail -3 "$work/out.err")"
	fi
	lanner_stop
else
	bad "lanner (watching) did not start: $(tail -3 "$work/out.err")"
fi
summary reload
