#!/bin/sh
# container-entrypoint.sh — /usr/share/lanner/entrypoint.sh of the agent image (busybox sh).
# Runs `lanner -b BUNDLE` with the container's arguments appended. BUNDLE is the first that
# exists of: $LANNER_BUNDLE; /etc/lanner/bundle/rules.lnb.gz (the DaemonSet's ConfigMap; gzip, so
# it is unpacked into /run/lanner first); /etc/lanner/bundle/rules.lnb.
set -e
b=${LANNER_BUNDLE:-}
if [ -z "$b" ] && [ -r /etc/lanner/bundle/rules.lnb.gz ]; then
	mkdir -p /run/lanner
	gunzip -c /etc/lanner/bundle/rules.lnb.gz >/run/lanner/rules.lnb.tmp
	mv /run/lanner/rules.lnb.tmp /run/lanner/rules.lnb
	b=/run/lanner/rules.lnb
fi
[ -n "$b" ] || b=/etc/lanner/bundle/rules.lnb
if [ ! -r "$b" ]; then
	echo "lanner entrypoint: no bundle: mount one at /etc/lanner/bundle/rules.lnb.gz (the" \
		"lanner-bundle ConfigMap, deploy/bundle-configmap.sh) or set LANNER_BUNDLE" >&2
	exit 1
fi
exec /usr/bin/lanner -b "$b" "$@"
