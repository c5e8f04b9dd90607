#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make -C kmod bench: guest instructions per UDP datagram over loopback with no hooks, three
# nftables setups and netmon.ko, in one guest run per kernel (1 CPU, -icount shift=0,sleep=off).
# Usage: tests/bench.sh   (KVERS="..." to choose kernels, DATAGRAMS=20000 RUNS=5)
# Results: build/kmod/bench/<kver>/bench.txt
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kmod=$(cd "$here/.." && pwd)
repo=$(cd "$kmod/.." && pwd)
kvers=${KVERS:-$("$kmod/kernels.sh")}

"$here/build-nmtest.sh"

for kver in $kvers; do
	"$kmod/build.sh" "/lib/modules/$kver/build" "$repo/build/kmod/$kver" W=1 C=2 > /dev/null
	res=$repo/build/kmod/bench/$kver
	rm -rf "$res" && mkdir -p "$res"
	"$repo/tools/guest/run.sh" --kver "$kver" --cpus 1 --mem 1024 --icount --timeout 900 --out "$res" -- \
		bash "$here/bench-guest.sh" "$repo/build/kmod/$kver/netmon.ko" "${DATAGRAMS:-20000}" "${RUNS:-5}" \
		> "$res/console.txt" 2>&1 || { cat "$res/console.txt"; exit 1; }
	cat "$res/bench.txt"
	echo
done
