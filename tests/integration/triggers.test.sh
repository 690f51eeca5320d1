#!/usr/bin/env bash
# triggers.test.sh — every rule of Falco's stable (falco_rules.yaml) and incubating
# (falco-incubating_rules.yaml) files on its real attack: the steps of tests/triggers/table.tsv
# (tests/triggers/actions.sh, tests/triggers/act.c), each an action the rule describes or a benign
# control close to it, performed with real syscalls on the host or in real podman / ctr
# containers while two agents run on the same events:
#   gen   lanner -r stable -r incubating -r tests/triggers/operationalize.yaml (in-kernel filters)
#   ship  the same with --ship-all (every event evaluated in userspace)
# both with json_output=true and rule_matching=all (so every rule an event matches prints, and
# each rule is judged on its own; Falco's default "first" would hide e.g. the second of the two
# identical metadata-service rules). Per step: each expected rule alerts exactly `count` times,
# with the rule's name and priority, the step's marker, and a value in every output field
# except those Falco leaves empty for it (table column na); no other rule alerts on the step;
# the two agents print the same alerts. Rows marked pending/gap in the table print "pending:"
# lines instead of failing (values other helpers are fixing, or Lanner gaps to report).
# The summary prints one line per rule: triggered / pending, alerts per action in each mode,
# and where `lanner-gen --explain` says the rule is decided (in kernel fully / partly / …).
# operationalize.yaml only appends a namespace to the empty list namespace_scope_network_only_subnet,
# as "Network Connection outside Local Subnet" asks adopters to (empty, the rule cannot fire).
# Needs root, BTF, clang, podman, containerd (tests/containers/setup.sh installs them), jq,
# script(1), ssh, a static libc. Exit 77 = skipped.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root
need_btf
[ -x "$lanner" ] && [ -x "$gen" ] || skip "build/lanner not built (run make)"
falco=$root/../shared/falco
stable=$falco/falco_rules.yaml
incub=$falco/falco-incubating_rules.yaml
[ -r "$stable" ] && [ -r "$incub" ] || skip "Falco's rules files are absent ($falco)"
for t in clang jq script ssh pwck; do command -v $t >/dev/null || skip "no $t"; done
table=tests/triggers/table.tsv
oper=tests/triggers/operationalize.yaml

workdir triggers
RUN=$$
W=$work
BIN=$W/bin
export LANNER_CACHE_DIR=${LANNER_CACHE_DIR:-$W/cache}
PLAIN=lt$RUN-plain
PRIV=lt$RUN-priv
KID=""
HL=""
RELEASE_AGENT=""
# shellcheck source=tests/triggers/actions.sh
. tests/triggers/actions.sh
cleanup() {
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	local c
	for c in "$PLAIN" "$PRIV" $(mark start-privileged) $(mark start-cap-ptrace) $(mark start-plain); do
		podman rm -f -t 0 "$c" >/dev/null 2>&1
	done
	[ -n "$KID" ] && ctr_remove "$KID"
	cleanup_steps
}

# ---- where each rule is decided (lanner-gen --explain) ---------------------------------------
rules_args=(-r "$stable" -r "$incub" -r "$oper")
declare -A DECIDED PRIO
if "$gen" "${rules_args[@]}" --explain >"$W/explain.txt" 2>"$W/explain.err"; then
	while IFS=$'\t' read -r r d; do DECIDED[$r]=$d; done < <(awk '
		/^Rule: / { r = substr($0, 7) }
		/^  decided in kernel: / { sub(/^  decided in kernel: /, ""); print r "\t" $0 }' "$W/explain.txt")
else
	bad "lanner-gen --explain on stable + incubating: $(tail -1 "$W/explain.err")"
fi
# each rule's priority as its file writes it, in Falco's printed form
canon() {
	case ${1^^} in
	EMERGENCY) echo Emergency ;; ALERT) echo Alert ;; CRITICAL) echo Critical ;; ERROR) echo Error ;;
	WARNING) echo Warning ;; NOTICE) echo Notice ;; INFO | INFORMATIONAL) echo Informational ;;
	DEBUG) echo Debug ;; *) echo "?$1" ;;
	esac
}
while IFS=$'\t' read -r r p; do PRIO[$r]=$(canon "$p"); done < <(awk '
	/^- rule: / { r = substr($0, 9); want = 0 }
	/^  priority:/ { p = $2; if (p == "") want = 1; else print r "\t" p; next }
	want && NF { print r "\t" $1; want = 0 }' "$stable" "$incub")

# ---- the table ------------------------------------------------------------------------------
# ROWS: rule|kind|step|count|where|status|na ; STEPS: every step once, in table order
ROWS=()
STEPS=()
declare -A SEEN
while IFS=$'\t' read -r r k s n w st na ex; do
	[[ -z $r || $r == \#* || $r == rule ]] && continue
	ROWS+=("$r|$k|$s|$n|$w|$st|$na|$ex")
	[ -n "${SEEN[$s]:-}" ] && continue
	SEEN[$s]=1
	STEPS+=("$s")
	declare -F "step_$s" >/dev/null || bad "table.tsv names step $s, which actions.sh does not define"
done <"$table"

# ---- the machine: files, containers, addresses ----------------------------------------------
HOSTIP=$(ip -4 route get 192.0.2.200 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')
[ -n "$HOSTIP" ] || HOSTIP=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')
case $HOSTIP in
"" | 10.* | 192.168.* | 172.1[6-9].* | 172.2[0-9].* | 172.3[01].* | 127.*)
	echo "note: host address '$HOSTIP' is private or absent: the outbound rules cannot fire here" ;;
esac
prepare_files || skip "cannot build tests/triggers/act.c statically (no static libc?)"
containers_setup all
for c in "$PLAIN" "$PRIV"; do podman rm -f -t 0 "$c" >/dev/null 2>&1; done
podman_runs_or_skip "$W/plain.log" -d --name "$PLAIN" -v "$BIN:/trg:ro" -v /:/host:ro \
	localhost/busybox sleep 600
podman run -d --privileged --name "$PRIV" -v "$BIN:/trg:ro" -v /:/host:ro localhost/busybox \
	sleep 600 >"$W/priv.log" 2>&1 || bad "podman run --privileged: $(tail -1 "$W/priv.log")"
if command -v ctr >/dev/null && containerd_up; then
	KID=$(kube_id)
	puid=$(cat /proc/sys/kernel/random/uuid)
	$CTR run -d --net-host --cgroup "/kubepods/besteffort/pod$puid/$KID" \
		--mount "type=bind,src=$BIN,dst=/trg,options=rbind:ro" \
		--label io.kubernetes.pod.name=triggers-0 --label io.kubernetes.pod.namespace=lanner-triggers \
		--label io.kubernetes.pod.uid="$puid" --label io.kubernetes.container.name=triggers \
		--label io.kubernetes.cri.image-name=localhost/busybox:latest \
		localhost/busybox:latest "$KID" sleep 600 >"$W/ctr.log" 2>&1 ||
		{ bad "ctr run in /kubepods: $(tail -1 "$W/ctr.log")"; KID=""; }
else
	bad "containerd did not start (tests/containers/containerd.sh)"
fi
prepare_containers || bad "preparing files in the containers failed"
start_listeners

# ---- two agents on the same events, then every step ------------------------------------------
common=("${rules_args[@]}" -o json_output=true -o rule_matching=all -U -M 600 --ring-mb 64)
group_start gen "${common[@]}"
group_start ship "${common[@]}" --ship-all
group_wait || exit 1
sleep 0.3
t_steps=$(date +%s%N)
M=$(mark nginx-shadow-late)
step_nginx-shadow-late >>"$W/steps.log" 2>&1 &
late=$!
for s in "${STEPS[@]}"; do
	[ "$s" = nginx-shadow-late ] && continue
	M=$(mark "$s")
	echo "== $s" >>"$W/steps.log"
	"step_$s" >>"$W/steps.log" 2>&1
done
wait "$late"
echo "steps: ${#STEPS[@]} in $((($(date +%s%N) - t_steps) / 1000000)) ms"
sleep 2 # container metadata may hold an alert up to 1 s
group_stop

# ---- the alerts -------------------------------------------------------------------------------
# one line per alert: rule TAB priority TAB output without its time TAB fields without a value
# TAB field=value of every output field with one, separated by \x1f
declare -A LOST
for m in gen ship; do
	jq -r '[.rule, .priority, (.output | sub("^[^ ]+: "; "")),
		([.output_fields | to_entries[] | select(.value == null or .value == "<NA>") | .key]
		| join(" ")),
		([.output_fields | to_entries[] | select(.value != null)
		| "\(.key)=\(.value | if type == "string" then . else tojson end)"] | join("\u001f"))]
		| @tsv' "$W/$m.out" >"$W/$m.tsv" 2>"$W/$m.jq.err" ||
		bad "[$m] output is not JSON lines: $(head -c 200 "$W/$m.jq.err")"
	LOST[$m]=$(grep -o 'lost_ring_full=[0-9]*' "$W/$m.out.err" | tail -1 | cut -d= -f2)
	[ "${LOST[$m]:-0}" = 0 ] || echo "note: [$m] the ring was full: ${LOST[$m]} events lost (a busy machine); alerts missing in this mode are reported, not failed"
done
# alerts_of MODE STEP: the step's alert lines (by marker; mount -l by command and container)
alerts_of() {
	if [ "$2" = mount-list-priv ]; then
		grep -F "command=mount -l " "$W/$1.tsv" | grep -F "container_name=$PRIV "
	else
		grep -F "$(mark "$2")" "$W/$1.tsv"
	fi
}
# for comparing the modes: rule, priority, text and empty fields (not evt.time); container.start_ts
# is computed by each agent from its own clock offsets and may differ by a few ns
same_text() { cut -f1-4 | sed -E 's/container_start_ts=[0-9]+/container_start_ts=T/'; }

declare -A GOT       # "mode|rule|step" -> count
declare -A RULE_OK   # rule -> 1 when every action row has the right count in both modes
declare -A RULE_BAD  # rule -> an action row with a wrong count
declare -A RULE_GAPS # rule -> output fields Falco fills and Lanner does not (table "!field")
declare -A RULE_CTL  # rule -> "fires (why)" when a control fires because of a known gap
declare -A RULE_COUNTS
npend=0
pend() {
	echo "pending: $*"
	npend=$((npend + 1))
}
row_status() { # STEP RULE: the status of the row naming both, else ""
	local row rr k ss n w st
	for row in "${ROWS[@]}"; do
		IFS='|' read -r rr k ss n w st _ <<<"$row"
		[ "$ss" = "$1" ] && [ "$rr" = "$2" ] && echo "$k|$st" && return
	done
}
step_known_gap() { # STEP: the status of its first non-real row that is not a control, else ""
	local row rr k ss st
	for row in "${ROWS[@]}"; do
		IFS='|' read -r rr k ss _ _ st _ <<<"$row"
		[ "$ss" = "$1" ] && [ "$k" != control ] && [ "$st" != real ] && echo "$st" && return
	done
}
for s in "${STEPS[@]}"; do
	for m in gen ship; do
		alerts_of $m "$s" | cut -f1 | sort | uniq -c >"$W/c.$m.$s"
		while read -r n r; do GOT["$m|$r|$s"]=$n; done <"$W/c.$m.$s"
	done
	# the two modes must agree on this step's alerts (rule, priority, text, empty fields)
	a=$(alerts_of gen "$s" | same_text | sort)
	b=$(alerts_of ship "$s" | same_text | sort)
	if [ "$a" != "$b" ] && [ "${LOST[gen]:-0}${LOST[ship]:-0}" = 00 ]; then
		known=$(step_known_gap "$s")
		if [ -n "$known" ]; then
			pend "[$s] in-kernel and --ship-all alerts differ — $known"
		else
			bad "[$s] in-kernel and --ship-all alerts differ"
		fi
		diff <(echo "$a") <(echo "$b") | sed 's/^/  /' | head -8
	fi
	# alerts of rules no row expects for this step
	while read -r n r; do
		ks=$(row_status "$s" "$r")
		[ -n "$ks" ] && [ "${ks%%|*}" != control ] && continue
		if [[ ${ks#*|} == pending* || ${ks#*|} == gap* ]]; then
			pend "[$s] $n alert(s) of \"$r\" (${ks#*|})"
		else
			bad "[$s] $n alert(s) of \"$r\", which no row of table.tsv expects for this step"
			alerts_of gen "$s" | grep -F "$r	" | head -2 | cut -f3 | sed 's/^/  /'
		fi
	done <"$W/c.gen.$s"
done

for row in "${ROWS[@]}"; do
	IFS='|' read -r r k s n w st na ex <<<"$row"
	g=${GOT["gen|$r|$s"]:-0}
	p=${GOT["ship|$r|$s"]:-0}
	[ "$k" != control ] && RULE_COUNTS[$r]="${RULE_COUNTS[$r]:-}${RULE_COUNTS[$r]:+, }$s $g/$p"
	problems=()
	for m in gen ship; do
		c=$([ $m = gen ] && echo "$g" || echo "$p")
		[ "$c" = "$n" ] && continue
		if [ "$c" -lt "$n" ] && [ "${LOST[$m]:-0}" != 0 ]; then
			echo "note: [$s] \"$r\": $m gave $c of $n alerts while its ring lost events"
		else
			problems+=("$m $c alerts, want $n")
		fi
	done
	# outside Kubernetes, Falco's container plugin has no pod name or namespace either
	[ "$w" != ctr-k8s ] && na="$na k8s.pod.name k8s.ns.name"
	if [ "$n" != 0 ]; then
		while IFS=$'\t' read -r rule prio out empty vals; do
			[ "$prio" = "${PRIO[$r]:-?}" ] || problems+=("priority $prio, want ${PRIO[$r]:-?}")
			for e in $ex; do
				[ "$e" = - ] && continue
				e=${e//@M@/$(mark "$s")}
				e=${e//@W@/$W}
				e=${e//@PLAIN@/$PLAIN}
				e=${e//@PRIV@/$PRIV}
				want_gap=""
				[ "${e:0:1}" = "!" ] && want_gap=1 && e=${e:1}
				have=$(tr '\037' '\n' <<<"$vals" | grep -F -x -- "$e")
				[ -n "$have" ] && continue
				have=$(tr '\037' '\n' <<<"$vals" | grep -F -- "${e%%=*}=" | head -1)
				if [ -n "$want_gap" ]; then
					RULE_GAPS[$r]="${RULE_GAPS[$r]:-}${RULE_GAPS[$r]:+ }${e%%=*}"
					pend "[$s] \"$r\": want $e (Falco), got ${have:-no value}"
				else
					problems+=("want $e, got ${have:-no value}")
				fi
			done
			for f in $empty; do
				[[ " $na " == *" $f "* ]] && continue
				if [[ " $na " == *" !$f "* ]]; then
					RULE_GAPS[$r]="${RULE_GAPS[$r]:-}${RULE_GAPS[$r]:+ }$f"
					pend "[$s] \"$r\": $f has no value (Falco has one)"
				else
					problems+=("$f has no value")
				fi
			done
			[[ $out == *"$(mark "$s")"* ]] || [ "$s" = mount-list-priv ] || problems+=("no marker")
		done < <(alerts_of gen "$s" | awk -F'\t' -v r="$r" '$1 == r' | sort -u -t$'\t' -k4,4)
	fi
	what="[$s] \"$r\" ($k, $w): $n alert(s)"
	if [ ${#problems[@]} = 0 ]; then
		ok "$what"
		[ "$k" = action ] && [ -z "${RULE_BAD[$r]:-}" ] && RULE_OK[$r]=1
		[ "$st" != real ] && echo "note: [$s] \"$r\" passes although the table says: $st"
		continue
	fi
	[ "$k" = action ] && RULE_BAD[$r]=$st && unset "RULE_OK[$r]"
	[ "$k" = control ] && RULE_CTL[$r]="fires: $st"
	if [ "$st" = real ]; then
		bad "$what: $(IFS=';'; echo "${problems[*]}")"
		alerts_of gen "$s" | awk -F'\t' -v r="$r" '$1 == r' | head -2 | cut -f3 | sed 's/^/  got: /'
	else
		pend "$what: $(IFS=';'; echo "${problems[*]}") — $st"
	fi
done

# ---- the in-kernel agent loaded every rule's kernel part ---------------------------------------
nrules=$(($(grep -c '^- rule: ' "$stable") + $(grep -c '^- rule: ' "$incub")))
check "the in-kernel agent loaded all $nrules rules filtered in the kernel" "$nrules" \
	"$(sed -n 's/^lanner: \([0-9]*\) rules (.*filtered in the kernel.*/\1/p' "$W/gen.out.err" | head -1)"

# ---- rules not triggered for real: the evaluator on the event Falco would see ------------------
declare -A SYNTH
if cc -std=gnu11 -D_GNU_SOURCE -I. -Irulelang -Iloader -o "$W/synth" tests/triggers/synth.c \
	"${BUILD:-build}"/obj/rulelang/*.o "${BUILD:-build}"/obj/common/*.o \
	"${BUILD:-build}"/obj/loader/eval/eval.o "${BUILD:-build}"/obj/loader/eval/operators.o \
	-lyaml -lre2 -lstdc++ -lcrypto -lbpf -lelf -lz -ljson-c 2>"$W/synth.err"; then
	while IFS=$'\t' read -r -a col; do
		[[ -z ${col[0]:-} || ${col[0]} == \#* ]] && continue
		r=${col[0]}
		want=${col[1]}
		got=$("$W/synth" "$stable" "$incub" "$oper" -- "$r" "${col[@]:2}" 2>&1)
		check "synthetic event, \"$r\": ${col[*]:2}" "$want" "$got"
		[ "$want" = "$got" ] && SYNTH[$r]="${SYNTH[$r]:-}${SYNTH[$r]:+, }$want ok" ||
			SYNTH[$r]="${SYNTH[$r]:-}${SYNTH[$r]:+, }$want FAILED"
	done <tests/triggers/synthetic.tsv
else
	bad "tests/triggers/synth.c does not build: $(head -3 "$W/synth.err")"
fi

# ---- per rule ---------------------------------------------------------------------------------
# result: triggered = every action gives its alerts in both modes; not yet = an action does not
# (the reason follows); fields/control: what is still missing where it fires
printf '\n%-45.45s | %-9s | %-40s | %s\n' "rule" "result" "alerts per action (in-kernel/--ship-all)" "decided in kernel"
nst=0
nin=0
for f in "$stable" "$incub"; do
	while read -r r; do
		res="not yet"
		if [ -n "${RULE_OK[$r]:-}" ]; then
			res=triggered
			[ "$f" = "$stable" ] && nst=$((nst + 1)) || nin=$((nin + 1))
		fi
		printf '%-45.45s | %-9s | %-40s | %s\n' "$r" "$res" "${RULE_COUNTS[$r]:-none}" "${DECIDED[$r]:-?}"
		[ -n "${RULE_BAD[$r]:-}" ] && echo "      why: ${RULE_BAD[$r]}"
		[ -n "${RULE_GAPS[$r]:-}" ] && echo "      output fields Lanner leaves empty or prints differently: $(tr ' ' '\n' <<<"${RULE_GAPS[$r]}" | sort -u | tr '\n' ' ')"
		[ -n "${RULE_CTL[$r]:-}" ] && echo "      control ${RULE_CTL[$r]}"
		[ -n "${SYNTH[$r]:-}" ] && echo "      synthetic events in the evaluator: ${SYNTH[$r]}"
	done < <(sed -n 's/^- rule: //p' "$f")
done
echo
echo "triggered for real: stable $nst of $(grep -c '^- rule: ' "$stable"), incubating $nin of $(grep -c '^- rule: ' "$incub"); $npend pending lines"
summary triggers
