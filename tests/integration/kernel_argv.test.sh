#!/usr/bin/env bash
# kernel_argv.test.sh — proc.exe, proc.args, proc.cmdline and the parent's proc.pcmdline/pexe as
# the kernel splits the process map's argv bytes (rules/kernel.h lnr_argv_*) give the alerts
# userspace gives. tests/rules/kernel_argv.yaml runs two ways at once on the same execs:
#   K  lanner -r RULES             (decided in the kernel where the values are whole)
#   S  lanner -r RULES --ship-all  (every event evaluated in userspace: the reference)
# Both must print exactly the expected alerts: argv[0] that is not the file run (exec -a),
# empty arguments in the middle and at the end (each NUL after argv[0] a space, the last one
# not), no arguments (cmdline = name), one empty argument (name + ' '), near misses that must
# not alert, and argv[0] or the arguments longer than the kernel keeps (UNKNOWN there: the
# event ships, userspace decides).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
workdir kargv
mkdir -p "$work/cache-K" "$work/cache-S"
rules=tests/rules/kernel_argv.yaml
group_start K LANNER_CACHE_DIR="$work/cache-K" -r $rules
group_start S LANNER_CACHE_DIR="$work/cache-S" -r $rules --ship-all
group_wait || exit 1

long=$(printf 'x%.0s' $(seq 300))
longexe=$work/$(printf 'y%.0s' $(seq 300))
(exec -a "$work/e1" /bin/true)
(exec -a "$longexe" /bin/true)
/bin/true lnr-a '' lnr-b ''
/bin/true lnr-a lnr-b    # near miss: no empty arguments
/bin/true lnr-a '' lnr-b # near miss: no trailing empty argument
/bin/true lnr-c1
(exec -a lnr-c1x /bin/true lnr-c1) # the name is comm, not argv[0]
/bin/true lnr-c1 ''                # near miss: "true lnr-c1 "
(exec -a lnr-noargs /bin/true)
(exec -a lnr-empty1 /bin/true '')
/bin/true lnr-long "$long" lnr-end
/bin/true lnr-long "$long" lnr-nd # near miss past the kept bytes
sh -c '/bin/true; :' lnr-pmark
sleep 1
group_stop

expected=$(printf '%s\n' "kargv exe exe=$work/e1" "kargv exe exe=$longexe" \
	"kargv args exe=/bin/true" "kargv cmdline exe=/bin/true" "kargv cmdline exe=lnr-c1x" \
	"kargv noargs exe=lnr-noargs" "kargv emptyarg exe=lnr-empty1" "kargv long exe=/bin/true" \
	"kargv parent exe=sh" | sort)
expect_alerts "$expected" 'kargv [a-z]* exe=[^ ]*' K S
kernel_decided "$rules" "kargv args" "kargv cmdline" "kargv cmdline no args" "kargv cmdline empty arg" "kargv parent"
summary kernel_argv
