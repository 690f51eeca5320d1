#!/usr/bin/env bash
# Differential test of the generated kernel predicates against the interpreter (tests/diff/):
# >= 100,000 random and crafted events per rules set; needs no root.
root=${LANNER_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 1
if ! command -v "${CC:-cc}" >/dev/null || [ ! -x "${BUILD:-build}/lanner-gen" ]; then
	echo "skipped: needs a host compiler and build/lanner-gen"
	exit 77
fi
exec tests/diff/run.sh 100000
