#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make -C kmod test: for each kernel kernels.sh finds, build netmon.ko with W=1 and sparse (C=2),
# failing on any warning, then boot that kernel under QEMU and run run-guest-tests.sh in it.
# Outputs (summary, /proc/net/netmon capture, dmesg) go to build/kmod/results/<kver>/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kmod=$(cd "$here/.." && pwd)
repo=$(cd "$kmod/.." && pwd)
kvers=${KVERS:-$("$kmod/kernels.sh")}
start=$SECONDS

"$here/build-nmtest.sh"

for kver in $kvers; do
	echo "== $kver: build with W=1 C=2"
	"$kmod/build.sh" "/lib/modules/$kver/build" "$repo/build/kmod/$kver" W=1 C=2 > /dev/null
	echo "   no warnings"
done

summary=() status=0
for kver in $kvers; do
	echo "== $kver: guest tests"
	res=$repo/build/kmod/results/$kver
	rm -rf "$res" && mkdir -p "$res"
	rc=0
	"$repo/tools/guest/run.sh" --kver "$kver" --cpus 2 --mem 1024 --timeout 600 --out "$res" -- \
		bash "$here/run-guest-tests.sh" "$repo/build/kmod/$kver/netmon.ko" || rc=$?
	line=$(cat "$res/summary.txt" 2>/dev/null || echo "kmod $kver: guest failed (status $rc)")
	summary+=("$line")
	[ "$rc" = 0 ] || status=1
done

echo
printf '%s\n' "${summary[@]}"
echo "kmod tests: $((SECONDS - start))s; results in build/kmod/results/"
exit $status
