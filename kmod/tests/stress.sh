#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make stress-kmod: stress-guest.sh in a 4-vCPU guest per kernel (both at once), with the
# allocator's debugging on (6.1: slub_debug=FZP, red zones and poisoning; 6.12: also KFENCE on every
# allocation) and every oops or warning a panic, so a use-after-free or a corrupted object ends the
# guest.
# Usage: kmod/tests/stress.sh   (KVERS="...", ROUNDS=200, PHASES="module netns ifaces reset nft",
#        MTTCG=1 to run multi-threaded TCG instead: the emulator's own static-key oops, see README)
# Results: build/kmod/stress/<kver>/{meminfo.txt,dmesg.txt,summary.txt}, consoles in
# build/logs/stress/<kver>.log
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tools/guest/lib.sh"
here=$GUEST_REPO/kmod/tests
start=$SECONDS
rounds=${ROUNDS:-200}
phases=${PHASES:-module netns ifaces reset nft}
GUEST_RESULTS=$GUEST_REPO/build/kmod/stress
accel=()
[ "${MTTCG:-0}" = 1 ] && accel=(--mttcg)

guest_nmtest > /dev/null
kvers=$(guest_kernels)
for kver in $kvers; do guest_module "$kver" W=1 C=2 > /dev/null; done

one() {	# one KVER
	local res=$GUEST_RESULTS/$1 debug="slub_debug=FZP" ko
	ko=$(guest_module "$1" W=1 C=2) || return 1
	case $1 in 6.1.*) ;; *) debug="$debug kfence.sample_interval=1" ;; esac
	rm -rf "$res" && mkdir -p "$res"
	echo "stress $1: $phases, $rounds rounds ($debug${accel[*]:+, multi-threaded TCG})"
	"$GUEST_RUN" --kver "$1" --cpus 4 --mem 2048 --timeout 5400 --out "$res" "${accel[@]}" \
		--append "$debug oops=panic panic_on_warn=1" -- \
		bash "$here/stress-guest.sh" "$ko" "$rounds" $phases
}
guest_each stress one
for kver in $kvers; do
	[ -f "$GUEST_RESULTS/$kver/meminfo.txt" ] && echo "$kver: $(cat "$GUEST_RESULTS/$kver/meminfo.txt")"
done
guest_report "kmod stress" "$start"
