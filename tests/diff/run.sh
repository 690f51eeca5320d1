#!/usr/bin/env bash
# Differential test: the generated kernel predicates, compiled for the host,
# against the userspace interpreter, for every rule of falco_rules.yaml, rules/lanner_rules.yaml,
# Falco's stable+incubating and stable+incubating+sandbox sets, tests/diff/*.yaml,
# tests/rules/*.yaml and a file whose programs are split (tests/gen/make_split_rules.sh); and the per-rule verdicts composed as the kernel filter and the loader do.
# Needs build/lanner-gen and the object files of `make`; a host cc.
# Usage: tests/diff/run.sh [EVENTS_PER_SET] [SEED]
set -eu
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
B=${BUILD:-build}
n=${1:-100000}
seed=${2:-$(date +%s)}
out=$B/diff
mkdir -p "$out"
objs="$(ls $B/obj/rulelang/*.o $B/obj/common/*.o) $B/obj/gen/pushdown.o $B/obj/gen/kernel_caps.o $B/obj/gen/leaf_meta.o $B/obj/gen/values.o $B/obj/loader/eval/eval.o $B/obj/loader/eval/operators.o"
F=../shared/falco
sets=("$F/falco_rules.yaml rules/examples/secret-file.yaml" "rules/lanner_rules.yaml"
	"$F/falco_rules.yaml $F/falco-incubating_rules.yaml"
	"$F/falco_rules.yaml $F/falco-incubating_rules.yaml $F/falco-sandbox_rules.yaml"
	"tests/diff/unknown_before_contains.yaml" "tests/diff/socket_names.yaml"
	"tests/diff/raw_dotdot.yaml")
for f in tests/rules/*.yaml; do sets+=("$f"); done
# programs over the kernel's per-program limit: split into parts chained by tail calls
tests/gen/make_split_rules.sh /tmp/lnr-diff-split lnrdiff 300 >"$out/split.yaml"
sets+=("$out/split.yaml")
rc=0
i=0
for set in "${sets[@]}"; do
	i=$((i + 1))
	args=()
	for f in $set; do args+=(-r "$f"); done
	if ! $B/lanner-gen "${args[@]}" --emit-c "$out/gen$i.c" 2>"$out/gen$i.log"; then
		echo "FAIL: lanner-gen on $set"; cat "$out/gen$i.log"; rc=1; continue
	fi
	${CC:-cc} -std=gnu11 -O1 -g -DLNR_HOST -DLNR_HOST_ANY_DEEP -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-function \
		-I. -Irulelang -Ibpf-templates -Iloader -Igen -include "$out/gen$i.c" \
		tests/diff/diff_main.c $objs -o "$out/diff$i" -lyaml -lre2 -lstdc++ -lcrypto -lbpf -lelf -lz -ljson-c
	echo "== $set (seed $seed)"
	if ! "$out/diff$i" "$n" "$seed" $set; then
		echo "FAIL: $set (reproduce: $out/diff$i $n $seed $set)"
		rc=1
	fi
done
exit $rc
