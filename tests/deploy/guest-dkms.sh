#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test-dkms, inside a QEMU guest (tools/guest/run.sh): Debian's dkms builds netmon.ko from the tree
# `make dkms` lays out (dkms/source.sh), for the guest's kernel; the module loads and reads.
# The guest's / is read-only: the dkms tree goes to a tmpfs on /var/lib (a node's is writable), the
# source tree to /tmp (instead of /usr/src, passed with --sourcetree). `dkms install` is left out: it
# writes to /lib/modules and runs depmod there.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
kver=$(uname -r)
passed=0 failed=0
check() {
	if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1 = $3"
	else failed=$((failed + 1)); echo "FAIL $1: expected $2, got $3"; fi
}
mount -t tmpfs -o mode=0755 tmpfs /var/lib
mkdir -p /var/lib/dkms	# dkms wants its tree to exist and be writable (Debian's package ships it)
tree=$("$repo/dkms/source.sh" /tmp/dkms-src)
version=${tree##*/netmon-}
echo "== $(dkms --version), kernel $kver, tree $tree"
dkms add -m netmon -v "$version" --sourcetree /tmp/dkms-src
start=$(date +%s)
dkms build -m netmon -v "$version" -k "$kver" --sourcetree /tmp/dkms-src
echo "dkms build took $(( $(date +%s) - start )) s"
dkms status -m netmon
ko=$(find "/var/lib/dkms/netmon/$version/$kver" -name 'netmon.ko*' | sed -n 1p)
echo "built: $ko"
check "vermagic" "$kver" "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)"
check "module version" "$version" "$(modinfo -F version "$ko")"
insmod "$ko"
check "loaded" yes "$(grep -q '^netmon ' /proc/modules && echo yes || echo no)"
check "/proc/net/netmon readable" yes "$(head -c 1 /proc/net/netmon >/dev/null && echo yes || echo no)"
rmmod netmon
echo "dkms $kver: $passed passed, $failed failed" | tee "${GUEST_OUT:-/tmp}/summary.txt"
[ "$failed" -eq 0 ]
