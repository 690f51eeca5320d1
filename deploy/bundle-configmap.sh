#!/usr/bin/env bash
# bundle-configmap.sh — the DaemonSet's rules as Kubernetes ConfigMaps, on stdout.
#
# Usage: deploy/bundle-configmap.sh [-n NAMESPACE] [-k SIGNING_KEY] [-r RULES]... [CUSTOM_DIR]
# Compiles Falco's stable rules (-r, repeatable; default: /etc/lanner/falco_rules.yaml when it
# exists) followed by every CUSTOM_DIR/*.yaml (default deploy/custom-rules) into one bundle with
# lanner-gen (LANNER_GEN, default lanner-gen on PATH, else this tree's build/lanner-gen),
# signed with -k (lanner-gen --sign), and prints two ConfigMaps:
#   lanner-custom-rules  one key per custom rules file (Falco's chart: customRules)
#   lanner-bundle        binaryData rules.lnb.xz (a ConfigMap holds at most 1 MiB; xz's large
#                        window finds the bundle's object variants, mostly alike, ~3x smaller
#                        than gzip's 32 KiB window can; rules.lnb.gz where xz is not installed)
# Then: ... | kubectl apply --server-side -f - && kubectl -n lanner rollout restart daemonset/lanner
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ns=lanner key="" rules=()
while getopts n:k:r: o; do
	case $o in
	n) ns=$OPTARG ;;
	k) key=$OPTARG ;;
	r) rules+=("$OPTARG") ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
custom=${1:-$here/custom-rules}
gen=${LANNER_GEN:-$(command -v lanner-gen || echo "$here/../build/lanner-gen")}
[ ${#rules[@]} -gt 0 ] || { [ -r /etc/lanner/falco_rules.yaml ] && rules=(/etc/lanner/falco_rules.yaml); }
files=()
for f in "$custom"/*.yaml; do [ -e "$f" ] && files+=("$f"); done
[ ${#rules[@]} -gt 0 ] || [ ${#files[@]} -gt 0 ] ||
	{ echo "bundle-configmap.sh: no rules (-r FILE or $custom/*.yaml)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/lanner-cm.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
args=()
for f in "${rules[@]}" "${files[@]}"; do args+=(-r "$f"); done
[ -z "$key" ] || args+=(--sign "$key")
"$gen" -q "${args[@]}" -b "$tmp/rules.lnb" >&2
if command -v xz >/dev/null; then
	z=rules.lnb.xz
	xz -9e -T1 -c "$tmp/rules.lnb" >"$tmp/$z"
else
	z=rules.lnb.gz
	gzip -9 -n -c "$tmp/rules.lnb" >"$tmp/$z"
fi
size=$(stat -c %s "$tmp/$z")
# the API server counts binaryData's decoded bytes against the 1 MiB
[ "$size" -lt 1000000 ] ||
	{ echo "bundle-configmap.sh: the compressed bundle ($z) is $size bytes, over a ConfigMap's 1 MiB" >&2; exit 1; }

printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lanner-custom-rules\n  namespace: %s\ndata:\n' "$ns"
[ ${#files[@]} -gt 0 ] || echo '  {}'
for f in "${files[@]}"; do
	printf '  %s: |-\n' "$(basename "$f")"
	sed 's/^/    /' "$f"
done
printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lanner-bundle\n  namespace: %s\n' "$ns"
printf 'binaryData:\n  %s: %s\n' "$z" "$(base64 -w0 "$tmp/$z")"
