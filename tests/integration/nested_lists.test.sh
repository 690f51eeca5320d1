#!/usr/bin/env bash
# nested_lists.test.sh — lists nested three and four levels deep expand fully (Falco expands each
# list with the already expanded items of the lists defined before it): the rules of
# tests/rules/nested_lists.yaml alert on a program named after an item of the innermost list, in
# both modes run at once:
#   K  lanner -r RULES            (the kernel filter tests the expanded list)
#   S  lanner -r RULES --ship-all (userspace decides every event)
# with rule_matching=all, so that both rules alert on a name both lists hold.
# Programs are copies of true(1) with unique names; only alerts naming them are counted, so other
# processes on the machine cannot disturb the counts.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
rules=tests/rules/nested_lists.yaml
[ -x "$gen" ] || { echo "FAIL: build/lanner-gen not built"; exit 1; }

# ---- validation and the resolved condition (no root needed) ---------------------------------
out=$("$gen" -V $rules 2>&1)
check "-V accepts the file" "$rules: Ok" "$out"
cond=$("$gen" -r $rules --print-condition "nested three levels" 2>&1)
check "three levels: resolved condition" \
	"(evt.type in (execve, execveat) and proc.name in (lnrnest_in, lnrnest_mid, lnrnest_out))" \
	"$cond"
cond=$("$gen" -r $rules --print-condition "nested four levels" 2>&1)
case $cond in
*"(lnrnest_in, lnrnest_mid, lnrnest_out, lnrnest_top)"*) ok "four levels: all four items" ;;
*) bad "four levels: resolved condition is $cond" ;;
esac

need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
workdir nested
mkdir -p "$work/cache-K" "$work/cache-S" "$work/bin"
for p in lnrnest_in lnrnest_mid lnrnest_out lnrnest_top lnrnest_no; do
	cp "$(type -P true)" "$work/bin/$p"
done
group_start K LANNER_CACHE_DIR="$work/cache-K" -r $rules -o rule_matching=all
group_start S LANNER_CACHE_DIR="$work/cache-S" -r $rules -o rule_matching=all --ship-all
group_wait || exit 1
for p in lnrnest_in lnrnest_mid lnrnest_out lnrnest_top lnrnest_no; do "$work/bin/$p"; done
sleep 1
group_stop

for m in K S; do
	f=$work/$m.out
	check "$m: innermost item, three levels" 1 "$(grep -c ' nested3 proc=lnrnest_in ' "$f")"
	check "$m: innermost item, four levels" 1 "$(grep -c ' nested4 proc=lnrnest_in ' "$f")"
	check "$m: middle item, four levels" 1 "$(grep -c ' nested4 proc=lnrnest_mid ' "$f")"
	check "$m: middle item, three levels" 1 "$(grep -c ' nested3 proc=lnrnest_mid ' "$f")"
	check "$m: outer item, three levels" 1 "$(grep -c ' nested3 proc=lnrnest_out ' "$f")"
	check "$m: top item, four levels only" "0 1" \
		"$(grep -c ' nested3 proc=lnrnest_top ' "$f") $(grep -c ' nested4 proc=lnrnest_top ' "$f")"
	check "$m: a name in no list" 0 "$(grep -c 'proc=lnrnest_no ' "$f")"
done
summary nested_lists
