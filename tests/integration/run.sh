#!/usr/bin/env bash
# Runs every integration test (tests/integration/*.test.sh). Each prints its own result lines;
# a test that cannot run here prints "skipped: <why>" and exits 77.
# Each test's time follows it ("-- t: N s"), and the slowest five precede the closing line: CI
# has a time limit, and its log is where a test that grew shows first.
# Ends with the plain closing line "integration: N passed, N failed, N skipped".
set -u
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 1
pass=0 fail=0 skip=0 times=""
t_all=$SECONDS
for t in tests/integration/*.test.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	t0=$SECONDS
	bash "$t"
	rc=$?
	echo "-- $t: $((SECONDS - t0)) s"
	times="$times$((SECONDS - t0)) $t"$'\n'
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)); echo "FAILED: $t (exit $rc)" ;;
	esac
done
echo "integration: $((SECONDS - t_all)) s in all; the slowest:"
printf '%s' "$times" | sort -rn | head -5 | sed 's/^/  /'
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
