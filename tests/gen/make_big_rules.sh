#!/usr/bin/env bash
# Writes a rules file N times the size of a Falco rules file (default: 10 x falco_rules.yaml):
# the file itself, then N-1 renamed copies of every rule whose condition gets a varied constant
# (`not proc.name = bigK and ...`), so no two copies share a kernel predicate. Used to check
# that the generated programs still pass the verifier (tests/integration/gen_big.test.sh).
# Usage: make_big_rules.sh [SRC] [N] > big.yaml
set -eu
src=${1:-$(dirname "$0")/../../../shared/falco/falco_rules.yaml}
n=${2:-10}
cat "$src"
for k in $(seq 2 "$n"); do
	awk -v k="$k" '
	/^- / { inrule = ($0 ~ /^- rule:/) }
	!inrule { next }
	/^- rule:/ { sub(/^- rule: */, ""); print "- rule: " $0 " (copy " k ")"; next }
	/^  condition: *[>|][-+]? *$/ { print; incond = 1; next }
	incond && /^    / { print "    not proc.name = big" k " and"; incond = 0 }
	/^  condition: / && !/^  condition: *[>|]/ {
		sub(/^  condition: */, ""); print "  condition: not proc.name = big" k " and " $0; next }
	{ incond = 0; print }
	' "$src"
done
