#!/usr/bin/env bash
# Writes a rules file whose openat and execve programs are over the kernel's per-program limit
# even with their leaves inlined, so lanner-gen splits them into parts chained by tail calls
# (gen/plan.h). On openat: N rules `fd.name startswith DIR/dK/` (kernel), every 10th one
# `fd.name = DIR/eK` (the fd.name dispatch, whose group spans the parts), every 25th one also
# reading user.name (part UNKNOWN in the kernel); on execve: N rules `proc.name = MK`.
# Usage: make_split_rules.sh DIR MARKER [N] > split.yaml   (N: default 420)
set -eu
dir=$1
m=$2
n=${3:-420}
for k in $(seq 0 $((n - 1))); do
	if [ $((k % 10)) = 5 ]; then
		c="fd.name = $dir/e$k"
	else
		c="fd.name startswith $dir/d$k/"
	fi
	[ $((k % 25)) = 3 ] && c="$c and user.name != nobody$k"
	printf -- '- rule: split open %d\n  desc: t\n  condition: evt.type = openat and %s and proc.name != zz%d\n  output: "SPLITOPEN %d %%fd.name"\n  priority: WARNING\n' "$k" "$c" "$k" "$k"
done
for k in $(seq 0 $((n - 1))); do
	printf -- '- rule: split exec %d\n  desc: t\n  condition: evt.type = execve and proc.name = %s%d\n  output: "SPLITEXEC %d %%proc.name"\n  priority: WARNING\n' "$k" "$m" "$k" "$k"
done
