# progsplit.awk — where an agent's BPF programs spend their time, by program, from a CPU profile.
# Input: `perf script -F ip,sym` of `perf record -g` (kernel callchains, one frame a line, samples
# separated by blank lines). Variable tags (optional): the space-separated tags of the programs to
# count (as perf names them: bpf_prog_<tag>_<name>); without it every BPF program counts, so other
# agents running the same programs meanwhile mix in (identical programs share their tag, and perf's
# tag of a program with subprograms is its main function's, not fdinfo's prog_tag).
# Output, one line per attach point × program: tp <TAB> program <TAB> samples, then one line
# "total <TAB> - <TAB> N" (every sample read).
#
# bpf_stats time a program from its attach point's run to its return, tail calls included, so it
# cannot tell a dispatcher's tail-called handlers apart; a profile can. A sample belongs to the
# outermost BPF program frame of its callchain — the one the tracepoint ran (a tail call replaces
# its caller's frame, so that is the handler running, not the dispatcher), with the helpers and
# subprograms it called above it — and to the tracepoint named by the __bpf_trace_<tp> (or, where
# that call was a tail call, __traceiter_<tp>) frame below. Samples outside BPF programs (the tracepoint machinery, the kernel) are not counted, like
# bpf_stats.
BEGIN {
	n = split(tags, T, " ")
	for (i = 1; i <= n; i++) TAG[T[i]] = 1
}
function flush() {
	if (nfr > 0) total++
	if (prog != "" && tp != "") COUNT[tp "\t" prog]++
	nfr = 0; prog = ""; tp = ""
}
/^[ \t]*$/ { flush(); next }
{
	nfr++
	sym = $2
	if (sym ~ /^bpf_prog_[0-9a-f]+_/) {
		tag = sym; sub(/^bpf_prog_/, "", tag); sub(/_.*/, "", tag)
		name = sym; sub(/^bpf_prog_[0-9a-f]+_/, "", name)
		# frames go from the leaf outwards: the last BPF frame seen is the outermost
		if (n == 0 || (tag in TAG)) prog = name
		else prog = ""
	} else if (sym ~ /^__(bpf_trace|traceiter)_/ && tp == "") {
		tp = sym; sub(/^__(bpf_trace|traceiter)_/, "", tp)
	}
}
END {
	flush()
	for (k in COUNT) print k "\t" COUNT[k]
	print "total\t-\t" total + 0
}
