#!/usr/bin/env bash
# Runs every integration test (tests/integration/*.test.sh). Each prints its own result lines;
# a test that cannot run here prints "skipped: <why>" and exits 77.
# Ends with the plain closing line "integration: N passed, N failed, N skipped".
set -u
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 1
pass=0 fail=0 skip=0
for t in tests/integration/*.test.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	bash "$t"
	rc=$?
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)); echo "FAILED: $t (exit $rc)" ;;
	esac
done
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
