#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# netmon loader: loads netmon.ko for the node's running kernel unless it is loaded already.
#
# Runs as the privileged init container of the Netmon pod (k8s/base/daemonset.yaml), from the
# netmon image, which has a POSIX sh, grep and insmod. It builds nothing: it loads the first of
#   $NETMON_HOST_ROOT/opt/netmon/<kver>/netmon.ko         a module dropped on the node by hand
#   $NETMON_HOST_ROOT/lib/modules/<kver>/extra/netmon.ko  one installed into the node's module tree
#   $NETMON_IMAGE_MODULES/<kver>/netmon.ko                one shipped in the image (its own kernel)
# that exists and that insmod accepts, where <kver> is the node's `uname -r`.
#
# It always exits 0 and says why on stdout: without the module the service falls back to
# /proc/net/dev and /proc/net/snmp, so a missing module must never keep Netmon from starting.
#
# Environment (for tests; the defaults are the in-cluster paths):
#   NETMON_KVER [uname -r]  NETMON_PROC_MODULES [/proc/modules]
#   NETMON_HOST_ROOT [/host]  NETMON_IMAGE_MODULES [/opt/netmon/modules]
set -u

log() { printf 'netmon-loader: %s\n' "$*"; }

carry_on() {
	log "$*"
	log "carrying on without netmon.ko: the service falls back to /proc/net/dev and /proc/net/snmp"
	exit 0
}

kver=${NETMON_KVER:-$(uname -r 2>/dev/null)}
proc_modules=${NETMON_PROC_MODULES:-/proc/modules}
host=${NETMON_HOST_ROOT:-/host}
image_modules=${NETMON_IMAGE_MODULES:-/opt/netmon/modules}

[ -n "$kver" ] || carry_on "cannot tell the node's kernel release: uname -r printed nothing"
[ -r "$proc_modules" ] || carry_on "$proc_modules is unreadable: this kernel cannot load modules"

if grep -q '^netmon ' "$proc_modules"; then
	log "netmon.ko is already loaded on kernel $kver; nothing to do"
	exit 0
fi

missing=""
failed=""
for ko in "$host/opt/netmon/$kver/netmon.ko" \
          "$host/lib/modules/$kver/extra/netmon.ko" \
          "$image_modules/$kver/netmon.ko"; do
	if [ ! -f "$ko" ]; then
		missing="$missing $ko"
		continue
	fi
	if out=$(insmod "$ko" 2>&1); then
		log "loaded $ko on kernel $kver"
		exit 0
	fi
	case $out in
	*"File exists"*)
		log "netmon.ko was loaded meanwhile on kernel $kver; nothing to do"
		exit 0 ;;
	esac
	log "insmod $ko refused: ${out:-no message}"
	failed="$failed $ko"
done

[ -z "$failed" ] || carry_on "no module for kernel $kver could be loaded (refused:$failed; the node's dmesg says why)"
carry_on "no netmon.ko for kernel $kver (looked for:$missing); run 'make insmod' on the node or drop one at /opt/netmon/$kver/netmon.ko (docs/DEPLOY.md)"
