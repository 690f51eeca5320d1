#!/usr/bin/env bash
# exec_handoff.test.sh — on the exec path lnr_need reads the process's own values from the head
# of its process-map entry that lnr_sched_exec left in the per-CPU scratch (helpers/process.h
# lnr_exec_store, rules/kernel.h lnr_pv_handed) instead of looking the entry up again. Built with
# -DLNR_XH_CHECK, each read of that copy compares it byte for byte with the entry the map has
# (the description, the exe buffer and argv's bytes: everything lnr_need's getters read, so the
# values and their OK/UNKNOWN/MISSING states are the same) and says so in the trace buffer.
# The execs cover no arguments, empty ones, argv and an exe path longer than the map keeps
# (LNR_PF_ARGS_TRUNC / LNR_PF_EXE_TRUNC) and an argv[0] that is not the file run.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v "${CLANG:-clang}" >/dev/null || skip "no clang (the rules must be compiled)"
tp=/sys/kernel/tracing/trace_pipe
# a machine that has not mounted tracefs (a fresh VM here did not): mount it, as root
[ -r $tp ] || [ ! -d /sys/kernel/tracing ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
[ -r $tp ] || tp=/sys/kernel/debug/tracing/trace_pipe
[ -r $tp ] || skip "no trace_pipe (tracefs not mounted and not mountable)"
workdir xh
printf '#!/bin/sh\nexec %s -DLNR_XH_CHECK "$@"\n' "$(command -v "${CLANG:-clang}")" >"$work/clang"
chmod +x "$work/clang"
cp /bin/true "$work/lnrxh-t"
d1=$work/$(printf 'd%.0s' $(seq 200))
d2=$d1/$(printf 'e%.0s' $(seq 200))
mkdir -p "$d2"
cp /bin/true "$d2/lnrxh-d"

timeout 120 cat $tp >"$work/trace" &
tpid=$!
cleanup() { kill "$tpid" 2>/dev/null; }
lanner_start "$work/out" CLANG="$work/clang" LANNER_GEN_NO_OLD_KERNELS=1 \
	LANNER_CACHE_DIR="$work/cache" -r tests/rules/kernel_argv.yaml ||
	{
		cat "$work/out.err"
		exit 1
	}
long=$(printf 'x%.0s' $(seq 300))
"$work/lnrxh-t"
"$work/lnrxh-t" '' lnr-a '' ''
"$work/lnrxh-t" lnr-b "$long" lnr-c
(exec -a "lnrxh-$long" "$work/lnrxh-t" lnr-d)
(exec -a lnrxh-a0 "$work/lnrxh-t")
"$d2/lnrxh-d" lnr-e
sleep 1
lanner_stop
sleep 0.5
kill "$tpid" 2>/dev/null
wait "$tpid" 2>/dev/null

# one line per lnr_need call that reads the process's own values: several per exec
check "execs whose handed values were read" 6 \
	"$(grep -o 'lnr_xh lnrxh-[td] [0-9]* ok' "$work/trace" | awk '{print $3}' | sort -u | wc -l)"
check "handed values that differ from the entry" 0 "$(grep -c 'lnr_xh .* DIFF' "$work/trace")"
check "handed values without an entry" 0 "$(grep -c 'lnr_xh .* gone' "$work/trace")"
summary exec_handoff
