#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make stress-kmod: stress-guest.sh in a 4-vCPU guest per kernel, with the allocator's debugging on
# (6.1: slub_debug=FZP, red zones and poisoning; 6.12: also KFENCE on every allocation) and every
# oops or warning a panic, so a use-after-free or a corrupted object ends the guest.
# Usage: kmod/tests/stress.sh   (KVERS="...", ROUNDS=200, PHASES="module netns ifaces reset nft",
#        MTTCG=1 to run multi-threaded TCG instead: the emulator's own static-key oops, see README)
# Results: build/kmod/stress/<kver>/{console.txt,meminfo.txt,dmesg.txt,summary.txt}
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tools/guest/lib.sh"
here=$GUEST_REPO/kmod/tests
start=$SECONDS
rounds=${ROUNDS:-200}
phases=${PHASES:-module netns ifaces reset nft}
accel=()
[ "${MTTCG:-0}" = 1 ] && accel=(--mttcg)

guest_nmtest > /dev/null
for kver in $(guest_kernels); do
	ko=$(guest_module "$kver" W=1 C=2)
	res=$GUEST_REPO/build/kmod/stress/$kver
	rm -rf "$res" && mkdir -p "$res"
	debug="slub_debug=FZP"
	case $kver in 6.1.*) ;; *) debug="$debug kfence.sample_interval=1" ;; esac
	echo "== stress $kver: $phases, $rounds rounds ($debug${MTTCG:+, multi-threaded TCG})"
	set +e
	"$GUEST_RUN" --kver "$kver" --cpus 4 --mem 2048 --timeout 5400 --out "$res" "${accel[@]}" \
		--append "$debug oops=panic panic_on_warn=1" -- \
		bash "$here/stress-guest.sh" "$ko" "$rounds" $phases 2>&1 | tee "$res/console.txt"
	rc=${PIPESTATUS[0]}
	set -e
	guest_record "stress $kver" "$res/summary.txt" "$rc"
done
guest_report "kmod stress" "$start"
