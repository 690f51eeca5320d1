#!/bin/sh
# container-entrypoint.sh — /usr/share/lanner/entrypoint.sh of the agent image (busybox sh).
# Runs `lanner -b BUNDLE` with the container's arguments appended. BUNDLE is the first that
# exists of: $LANNER_BUNDLE; /etc/lanner/bundle/rules.lnb.xz or rules.lnb.gz (the DaemonSet's
# ConfigMap, compressed, so it is unpacked into /run/lanner first); /etc/lanner/bundle/rules.lnb.
set -e
b=${LANNER_BUNDLE:-}
for z in xz gz; do
	[ -z "$b" ] && [ -r /etc/lanner/bundle/rules.lnb.$z ] || continue
	mkdir -p /run/lanner
	case $z in
	xz) unxz -c /etc/lanner/bundle/rules.lnb.xz >/run/lanner/rules.lnb.tmp ;;
	gz) gunzip -c /etc/lanner/bundle/rules.lnb.gz >/run/lanner/rules.lnb.tmp ;;
	esac
	mv /run/lanner/rules.lnb.tmp /run/lanner/rules.lnb
	b=/run/lanner/rules.lnb
done
[ -n "$b" ] || b=/etc/lanner/bundle/rules.lnb
if [ ! -r "$b" ]; then
	echo "lanner entrypoint: no bundle: mount one at /etc/lanner/bundle/rules.lnb.xz (the" \
		"lanner-bundle ConfigMap, deploy/bundle-configmap.sh) or set LANNER_BUNDLE" >&2
	exit 1
fi
exec /usr/bin/lanner -b "$b" "$@"
