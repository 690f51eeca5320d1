#!/usr/bin/env bash
# capture_json.test.sh — `lanner capture --json` writes valid JSON for any bytes: a file whose
# name holds ill-formed UTF-8 (0xff 0xfe, a truncated 3-byte sequence, a surrogate), a control
# byte, a newline, a quote and a backslash. Every line must parse, and the name must read back
# as Falco writes it (nlohmann::json, replace handler: one U+FFFD per maximal ill-formed subpart,
# \n and \u00xx escapes, valid non-ASCII kept).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
need_root "needs root (BPF)"
need_btf
command -v python3 >/dev/null || skip "no python3 (JSON check)"
[ -x "$lanner" ] || { echo "FAIL: $lanner not built"; exit 1; }

workdir capjson
name=$(printf 'n\377\376-\342\202-\355\240\200-\001-q"b\\-\303\251\nz')
if ! lanner_start "$work/cap" capture --json -e open,openat; then
	echo "FAIL: capture did not start"
	cat "$work/cap.err"
	exit 1
fi
sh -c 'exec 3>"$1"; exec 3>&-' sh "$work/$name" & apid=$!
wait $apid
sleep 0.3
lanner_stop
res=$(python3 - "$work/cap" "$work" "$apid" <<'EOF'
import json, sys
path, work, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
bad = 0
names = []
with open(path, 'rb') as f:
    for i, raw in enumerate(f, 1):
        try:
            o = json.loads(raw.decode('utf-8'))  # strict: the bytes must be UTF-8
        except Exception as e:
            bad += 1
            if bad <= 3:
                print(f"  line {i} invalid: {e}: {raw[:120]!r}")
            continue
        if o.get('proc.pid') == pid and str(o.get('fd.name', '')).startswith(work + '/n'):
            names.append(o['fd.name'])
lines = i if 'i' in dir() else 0
print(f"ok: every line is valid JSON ({lines} lines)" if bad == 0 and lines else f"FAIL: {bad} of {lines} lines are not valid JSON")
F = '\ufffd'
want = work + '/n' + F + F + '-' + F + '-' + F + F + F + '-\x01-q"b\\-\u00e9\nz'
if names and all(n == want for n in names):
    print(f"ok: the name reads back as Falco writes it ({len(names)} events)")
else:
    print(f"FAIL: names {names!r}, want {want!r}")
EOF
)
echo "$res"
passes=$(grep -c '^ok:' <<<"$res")
fails=$(grep -c '^FAIL' <<<"$res")
summary capture_json
