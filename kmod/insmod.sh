#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Lab nodes only: build netmon.ko against the running kernel's headers and load it.
# Works from a read-only source tree (builds in a temporary directory then).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kver=$(uname -r)
kdir=/lib/modules/$kver/build

[ "$(id -u)" = 0 ] || { echo "insmod: must be root" >&2; exit 1; }
if grep -q '^netmon ' /proc/modules; then
	echo "insmod: netmon is already loaded (make rmmod first)" >&2
	exit 1
fi
if [ ! -f "$kdir/Makefile" ]; then
	echo "insmod: no headers for the running kernel $kver in $kdir" >&2
	echo "insmod: install them: apt-get install linux-headers-$kver" >&2
	exit 1
fi

# An up-to-date build for this kernel (the checked one "make test" makes, or a plain one) is
# loaded as it is, as make would: compiling under emulation takes minutes. NETMON_REBUILD=1
# builds afresh regardless.
builds=$(cd "$here/.." && pwd)/build/kmod/$kver
out=$builds/plain
if [ "${NETMON_REBUILD:-0}" != 1 ]; then
	for ko in "$builds/W-1-C-2/netmon.ko" "$builds/plain/netmon.ko"; do
		if [ -f "$ko" ] && [ "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)" = "$kver" ] &&
		   [ -z "$(find "$here/Kbuild" "$here"/*.[ch] "$here/build.sh" -newer "$ko" 2>/dev/null)" ]; then
			insmod "$ko"
			echo "netmon $(cat /sys/module/netmon/version) loaded on $kver (up-to-date build $ko)"
			exit 0
		fi
	done
fi

if [ "${NETMON_REBUILD:-0}" = 1 ] || ! mkdir -p "$out" 2>/dev/null || [ ! -w "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/netmon-build.XXXXXX")
	trap 'rm -rf "$out"' EXIT
fi
echo "insmod: building against $kdir"
if ! "$here/build.sh" "$kdir" "$out" > "$out/insmod-build.log" 2>&1; then
	cat "$out/insmod-build.log" >&2
	exit 1
fi
insmod "$out/netmon.ko"
echo "netmon $(cat /sys/module/netmon/version) loaded on $kver"
