#!/usr/bin/env bash
# Differential test of the generated kernel predicates against the interpreter (tests/diff/):
# >= 100,000 random and crafted events per rules set; needs no root.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
if ! command -v "${CC:-cc}" >/dev/null || [ ! -x "$gen" ]; then
	skip "needs a host compiler and build/lanner-gen"
fi
exec tests/diff/run.sh 100000
