#!/usr/bin/env bash
# rule_select.test.sh — Falco's `rules:` selections can enable a rule its file disables:
#   - `lanner -r RULES -c CONFIG` whose `rules:` enables an `enabled: false` rule (by wildcard
#     name) and disables an enabled one (by tag): the first alerts, the second does not, in the
#     in-kernel mode and with --ship-all;
#   - the same by Falco's `-o rules[].enable.rule=NAME`;
#   - the compile cache: the same selection is a cache hit, a changed one compiles again;
#   - `lanner-gen -c CONFIG -b FILE` builds a bundle that carries the rule; `lanner -b` runs it;
#   - `lanner -b` on a bundle built without it, with a configuration enabling it: a message naming
#     the rule and how to build a bundle with it, and the agent runs;
#   - a reload (SIGHUP) after the configuration's selection changed applies the new selection;
#     so does rewriting the (watched) configuration file.
# Only this test's own file names are matched: other tests' activity cannot disturb the counts.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v clang >/dev/null || skip "no clang (the rules are compiled)"
workdir rulesel
touch "$work/off" "$work/on"

cat >"$work/rules.yaml" <<EOR
- rule: Rulesel File Off
  desc: disabled in its file; the configuration enables it
  condition: evt.type in (open, openat) and fd.name = "$work/off"
  output: "RULESEL_OFF file=%fd.name pid=%proc.pid"
  priority: WARNING
  enabled: false
  tags: [rulesel_a]
- rule: Rulesel File On
  desc: enabled in its file; the configuration disables it by tag
  condition: evt.type in (open, openat) and fd.name = "$work/on"
  output: "RULESEL_ON file=%fd.name pid=%proc.pid"
  priority: WARNING
  tags: [rulesel_b]
EOR
printf 'rules:\n  - enable:\n      rule: "Rulesel * Off"\n  - disable:\n      tag: rulesel_b\n' >"$work/sel.yaml"
: >"$work/empty.yaml"
export LANNER_CACHE_DIR=$work/cache

hits() { grep -c "$1 file=$work/$2" "$work/$3.out" 2>/dev/null; }
# settle NAME PATTERN: until an alert matching it is in NAME.out (printed asynchronously), 10 s
settle() {
	for _ in $(seq 100); do
		grep -q "$2" "$work/$1.out" 2>/dev/null && break
		sleep 0.1
	done
	sleep 0.3
}

# wait_reload NAME: until NAME.out.err says the reload ended (compiling may take long), 180 s
wait_reload() {
	for _ in $(seq 1800); do
		grep -qE "lanner: (reloaded|reload failed)" "$work/$1.out.err" && return
		sleep 0.1
	done
}

# the in-kernel agent compiles first (the others find its bundle or compile their own)
group_start kernel -r "$work/rules.yaml" -c "$work/sel.yaml" --no-watch
group_wait || {
	summary rule_select
	exit 1
}
group_start shipall -r "$work/rules.yaml" -c "$work/sel.yaml" --ship-all --no-watch
group_start dash_o -r "$work/rules.yaml" -c "$work/empty.yaml" -o 'rules[].enable.rule=Rulesel File Off' --no-watch
group_wait || {
	summary rule_select
	exit 1
}
cat "$work/off" "$work/on"
for n in kernel shipall dash_o; do settle "$n" RULESEL_OFF; done
group_stop
check "in the kernel: the file-disabled rule a selection enables alerts" 1 "$(hits RULESEL_OFF off kernel)"
check "in the kernel: the rule a selection disables by tag does not" 0 "$(hits RULESEL_ON on kernel)"
check "--ship-all: the file-disabled rule a selection enables alerts" 1 "$(hits RULESEL_OFF off shipall)"
check "--ship-all: the rule a selection disables by tag does not" 0 "$(hits RULESEL_ON on shipall)"
check "-o rules[].enable.rule=NAME: the file-disabled rule alerts" 1 "$(hits RULESEL_OFF off dash_o)"
check "-o rules[].enable.rule=NAME: the file's enabled rule still alerts" 1 "$(hits RULESEL_ON on dash_o)"
grep -q "compiled 1 rules file" "$work/dash_o.out.err" && ok "a different selection compiles its own bundle" ||
	bad "a different selection did not compile: $(grep 'lanner: c' "$work/dash_o.out.err")"
check "one cached bundle per selection" 2 "$(find "$work/cache" -name '*-s*.lnb' | wc -l)"

# the same selection again: the cached bundle
lanner_bg "$work/again.out" -r "$work/rules.yaml" -c "$work/sel.yaml" --dry-run
wait "$lpid"
lpid=""
grep -q "cache hit" "$work/again.out.err" && ok "the same selection reuses the cached bundle" ||
	bad "no cache hit for the same selection: $(grep 'lanner: c' "$work/again.out.err")"

# a fleet bundle: lanner-gen -c CONFIG builds the selection in; lanner -b runs it as built
"$gen" -q -r "$work/rules.yaml" -c "$work/sel.yaml" -b "$work/fleet.lnb" 2>"$work/gen.err" ||
	bad "lanner-gen -c: $(tail -3 "$work/gen.err")"
"$gen" -q -r "$work/rules.yaml" -b "$work/plain.lnb" 2>>"$work/gen.err" ||
	bad "lanner-gen (no selection): $(tail -3 "$work/gen.err")"
group_start fleet -b "$work/fleet.lnb" -c "$work/empty.yaml" --no-watch
group_start plain -b "$work/plain.lnb" -c "$work/sel.yaml" --no-watch
group_wait || {
	summary rule_select
	exit 1
}
cat "$work/off" "$work/on"
settle fleet RULESEL_OFF
group_stop
check "lanner-gen -c: the bundle carries the file-disabled rule, and it alerts" 1 "$(hits RULESEL_OFF off fleet)"
check "lanner-gen -c: the rule its selection disabled is not in the bundle" 0 "$(hits RULESEL_ON on fleet)"
grep -q "'Rulesel File Off' is enabled by the configuration's rules: selections but the bundle $work/plain.lnb does not hold it" "$work/plain.out.err" &&
	ok "-b without the rule: the message names the rule and the bundle" ||
	bad "-b without the rule: no message naming it: $(grep 'rules:' "$work/plain.out.err")"
grep -q "build a bundle with it: lanner-gen -r $work/rules.yaml -c CONFIG -b FILE" "$work/plain.out.err" &&
	ok "-b without the rule: the message says how to build a bundle with it" ||
	bad "-b without the rule: no build hint: $(grep 'rules:' "$work/plain.out.err")"
check "-b without the rule: it cannot alert" 0 "$(hits RULESEL_OFF off plain)"
check "-b without the rule: the selection still disables the other by tag" 0 "$(hits RULESEL_ON on plain)"

# reloaded NAME WHAT ALERT: the reload ended well (WHAT says what caused it), then both files are
# opened, ALERT's alert awaited and lanner stopped
reloaded() {
	wait_reload "$1"
	grep -q "lanner: reloaded" "$work/$1.out.err" && ok "$2: reloaded" ||
		bad "$2: no reload: $(tail -3 "$work/$1.out.err")"
	cat "$work/off" "$work/on"
	settle "$1" "$3"
	lanner_stop
}

# reload: the configuration's selection changes, SIGHUP applies it (-r compiles it in)
cp "$work/empty.yaml" "$work/live.yaml"
if lanner_start "$work/live.out" -r "$work/rules.yaml" -c "$work/live.yaml" --no-watch; then
	cp "$work/sel.yaml" "$work/live.yaml"
	kill -HUP "$lpid"
	reloaded live "SIGHUP after the selection changed" RULESEL_OFF
	check "after the reload: the rule the new selection enables alerts" 1 "$(hits RULESEL_OFF off live)"
	check "after the reload: the rule the new selection disables does not" 0 "$(hits RULESEL_ON on live)"
else
	bad "lanner (reload) did not start: $(tail -3 "$work/live.out.err")"
fi
# the configuration file is watched: rewriting it reloads with its selection, no signal
if lanner_start "$work/watched.out" -r "$work/rules.yaml" -c "$work/live.yaml"; then
	cp "$work/empty.yaml" "$work/live.yaml.tmp" && mv "$work/live.yaml.tmp" "$work/live.yaml"
	reloaded watched "a rewritten configuration file (watched)" RULESEL_ON
	check "after the watched reload: no selection, the file-disabled rule is off again" 0 "$(hits RULESEL_OFF off watched)"
	check "after the watched reload: no selection, the file's enabled rule alerts" 1 "$(hits RULESEL_ON on watched)"
else
	bad "lanner (watching) did not start: $(tail -3 "$work/watched.out.err")"
fi

summary rule_select
