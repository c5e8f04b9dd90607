#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make -C kmod bench: guest instructions per UDP datagram over loopback with no hooks, nftables
# setups and netmon.ko, in one guest run per kernel (1 CPU, -icount shift=0,sleep=off).
# Usage: tests/bench.sh   (KVERS="..." to choose kernels, DATAGRAMS=20000 RUNS=5;
#        BASELINE_REF=<git commit> adds that commit's netmon.ko to the same run, for comparing designs;
#        EXTRA_KO="LABEL=PATH;..." more builds, e.g. instrumented ones, %k in PATH is the kernel)
# Results: build/kmod/bench/<kver>/bench.txt
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tools/guest/lib.sh"
here=$GUEST_REPO/kmod/tests

# baseline KVER: an earlier commit's module, built as that commit built it (its own Kbuild)
baseline() {
	local src=$GUEST_REPO/build/kmod-baseline/$BASELINE_REF
	if [ ! -f "$src/kmod/Kbuild" ]; then
		mkdir -p "$src"
		git -C "$GUEST_REPO" archive "$BASELINE_REF" kmod | tar -x -C "$src" || guest_die "cannot read kmod/ at $BASELINE_REF"
	fi
	mkdir -p "$src/$1" && cp "$src"/kmod/*.[ch] "$src/kmod/Kbuild" "$src/$1/"
	make -s -C "/lib/modules/$1/build" M="$src/$1" modules > "$src/$1/build.log" 2>&1 \
		|| guest_die "building the baseline module for $1 failed: $src/$1/build.log"
	echo "$src/$1/netmon.ko"
}

guest_nmtest > /dev/null
kvers=$(guest_kernels)
for kver in $kvers; do
	ko=$(guest_module "$kver" W=1 C=2)
	others=()
	[ -z "${BASELINE_REF:-}" ] || others+=("netmon.ko at $BASELINE_REF (BASELINE_REF)=$(baseline "$kver")")
	# LABEL=PATH of more builds to measure, ";"-separated, %k standing for the kernel release
	if [ -n "${EXTRA_KO:-}" ]; then
		IFS=';' read -r -a extra <<<"${EXTRA_KO//%k/$kver}"
		others+=("${extra[@]}")
	fi
	res=$GUEST_REPO/build/kmod/bench/$kver
	rm -rf "$res" && mkdir -p "$res"
	"$GUEST_RUN" --kver "$kver" --cpus 1 --mem 1024 --icount --timeout 1800 --out "$res" -- \
		bash "$here/bench-guest.sh" "$ko" "${DATAGRAMS:-20000}" "${RUNS:-5}" "${others[@]}" \
		> "$res/console.txt" 2>&1 || { cat "$res/console.txt"; guest_die "benchmark guest for $kver failed"; }
	cat "$res/bench.txt"
	echo
done
