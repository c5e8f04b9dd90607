#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make -C kmod test: for each kernel kernels.sh finds, build netmon.ko with W=1 and sparse (C=2),
# failing on any warning, then boot that kernel under QEMU and run run-guest-tests.sh in it (the
# kernels' guests run at once: each is one host thread).
# Outputs (summary, /proc/net/netmon capture, dmesg) go to build/kmod/results/<kver>/, each guest's
# console to build/logs/kmod/<kver>.log.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tools/guest/lib.sh"
here=$GUEST_REPO/kmod/tests
start=$SECONDS
GUEST_RESULTS=$GUEST_REPO/build/kmod/results

guest_nmtest > /dev/null
kvers=$(guest_kernels)
for kver in $kvers; do
	echo "== $kver: build with W=1 C=2"
	guest_module "$kver" W=1 C=2 > /dev/null
	echo "   no warnings"
done

one() {	# one KVER: the guest tests on that kernel
	local res=$GUEST_RESULTS/$1 ko
	ko=$(guest_module "$1" W=1 C=2) || return 1
	rm -rf "$res" && mkdir -p "$res"
	"$GUEST_RUN" --kver "$1" --cpus 2 --mem 1024 --timeout 2400 --out "$res" -- \
		bash "$here/run-guest-tests.sh" "$ko"
}
guest_each kmod one
guest_report "kmod tests" "$start"
