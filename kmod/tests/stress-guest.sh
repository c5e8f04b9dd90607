#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# stress-guest.sh - netmon.ko's lifetimes under load: what would corrupt memory if a hook ran
# after its state was freed. Runs INSIDE a QEMU guest (kmod/tests/stress.sh boots it with
# slub_debug or KFENCE, oops=panic and panic_on_warn, so any fault ends the guest).
#
# Usage: stress-guest.sh NETMON.KO ROUNDS PHASE...
# Phases:
#   nft      control, no module: UDP floods on lo (IPv4 and IPv6) while an inet table with two
#            base chains is added and deleted ROUNDS times (what flips the same static keys)
#   module   insmod/rmmod ROUNDS times with floods in two namespaces and 4 readers
#   netns    ROUNDS namespaces created and deleted under traffic, with the module loaded
#   ifaces   2,000 interfaces added and removed while 2 readers read, ROUNDS / 50 times (>= 2)
#   reset    ROUNDS resets under floods
# Every phase prints its rounds and seconds; then Slab, SUnreclaim and Percpu before and after.
set -uo pipefail

KO=$(readlink -f "${1:?usage: stress-guest.sh NETMON.KO ROUNDS PHASE...}")
ROUNDS=${2:?rounds}
shift 2
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib-guest.sh"

bg_pids=()
stop_bg() {
	[ ${#bg_pids[@]} -gt 0 ] && kill "${bg_pids[@]}" 2>/dev/null
	wait "${bg_pids[@]}" 2>/dev/null
	bg_pids=()
}
cleanup() {
	set +e
	stop_bg
	del_all_ns
	grep -q '^netmon ' /proc/modules && rmmod netmon
}
trap cleanup EXIT

# meminfo: "Slab SUnreclaim Percpu" in kB, after the deferred frees of the phase have run
meminfo() {
	sleep 1
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^(Slab|SUnreclaim|Percpu):/ { v[$1] = $2 } END { print v["Slab:"], v["SUnreclaim:"], v["Percpu:"] }' /proc/meminfo
}

floods() {	# floods SECONDS NS...: a v4 and a v6 flood in each namespace ("-": init)
	local s=$1 ns
	shift
	for ns in "$@"; do
		nsx "$ns" "$NMTEST" flood "$s" 4 & bg_pids+=($!)
		nsx "$ns" "$NMTEST" flood "$s" 6 & bg_pids+=($!)
	done
}

readers() {	# readers NS...: one reader per namespace, re-reading the file whether it is there or not
	local ns
	for ns in "$@"; do
		nsx "$ns" "$NMTEST" reread $PROC 36000 > /dev/null & bg_pids+=($!)
	done
}

# progress NAME I: a line every 20 rounds, so a slow guest shows it is moving
progress() { [ $(($2 % 20)) != 0 ] || echo "     $1: round $2 of $ROUNDS (${SECONDS}s)"; }

phase_nft() {
	floods 3600 -
	for ((i = 1; i <= ROUNDS; i++)); do
		nft -f - <<-'NFT' || { fail "nft add, round $i"; return; }
		table inet stress {
			chain pre { type filter hook prerouting priority 0; }
			chain post { type filter hook postrouting priority 0; }
		}
		NFT
		nft delete table inet stress || { fail "nft delete, round $i"; return; }
		progress nft $i
	done
	stop_bg
	pass "nft: $ROUNDS rounds of two base chains added and deleted under floods"
}

phase_module() {
	new_ns st-a
	floods 3600 - st-a
	readers - - st-a st-a
	for ((i = 1; i <= ROUNDS; i++)); do
		insmod "$KO" || { fail "insmod, round $i"; return; }
		sleep 0.05
		rmmod netmon || { fail "rmmod, round $i"; return; }
		progress module $i
	done
	stop_bg
	del_ns st-a
	pass "module: $ROUNDS insmod/rmmod under floods in 2 namespaces and 4 readers"
}

phase_netns() {
	insmod "$KO"
	floods 3600 -
	for ((i = 1; i <= ROUNDS; i++)); do
		new_ns st-b
		ip -n st-b link add sv0 type veth peer name sv1
		ip -n st-b link set sv0 up
		ip -n st-b link set sv1 up
		nsx st-b "$NMTEST" flood 1 4 &
		nsx st-b cat $PROC > /dev/null
		sleep 0.05
		del_ns st-b	# the namespace dies when its flood ends
		wait $! 2>/dev/null
		progress netns $i
	done
	stop_bg
	rmmod netmon
	pass "netns: $ROUNDS namespaces with a veth pair created and deleted under traffic"
}

listed() {	# listed: how many of st-if's dummies d1..d2000 have rows in its /proc/net/netmon
	nsx st-if cat $PROC | awk '$2 ~ /^d[0-9]+$/ { print $2 }' | sort -u | wc -l
}

phase_ifaces() {
	local n=$((ROUNDS / 50)) i
	[ "$n" -ge 2 ] || n=2
	insmod "$KO"
	new_ns st-if
	readers st-if st-if
	nsx st-if "$NMTEST" flood 3600 4 & bg_pids+=($!)
	for ((i = 1; i <= n; i++)); do
		seq 1 2000 | sed 's/.*/link add d& type dummy/' | ip -n st-if -batch - || { fail "adding 2000 dummies"; return; }
		# an interface gets rows with its first frame: up, each sends IPv6's MLD reports and DAD
		seq 1 2000 | sed 's/.*/link set d& up/' | ip -n st-if -batch - || { fail "2000 dummies up"; return; }
		for ((t = 0; t < 120; t++)); do
			[ "$(listed)" = 2000 ] && break
			sleep 1
		done
		check "ifaces: round $i, 2000 interfaces listed" "2000" "$(listed)"
		seq 1 2000 | sed 's/.*/link del d&/' | ip -n st-if -batch - || { fail "deleting 2000 dummies"; return; }
	done
	stop_bg
	del_ns st-if
	rmmod netmon
	pass "ifaces: $n rounds of 2,000 interfaces added and removed while reading"
}

phase_reset() {
	insmod "$KO"
	new_ns st-a
	floods 3600 - st-a
	for ((i = 1; i <= ROUNDS; i++)); do
		"$NMTEST" write $PROC reset > /dev/null || { fail "reset, round $i"; return; }
		nsx st-a "$NMTEST" write $PROC reset > /dev/null || { fail "reset in st-a, round $i"; return; }
		progress reset $i
	done
	stop_bg
	del_ns st-a
	rmmod netmon
	pass "reset: $ROUNDS resets in each of 2 namespaces under floods"
}

dmesg -C
before=$(meminfo)
for phase in "$@"; do
	start=$SECONDS
	pretty "phase $phase"
	"phase_$phase"
	echo "     $phase: $((SECONDS - start)) s"
done
after=$(meminfo)
echo "memory (kB)   Slab SUnreclaim Percpu"
echo "  before      $before"
echo "  after       $after"
echo "Slab SUnreclaim Percpu before: $before after: $after" > "$OUT/meminfo.txt"
dmesg > "$OUT/dmesg.txt"
check "dmesg: no BUG, WARNING, Oops, KFENCE or slab error" "" \
	"$(grep -E 'BUG|WARNING|Oops|KFENCE|refcount|general protection|Poison overwritten|Redzone|Object padding|list_(add|del) corruption|Call Trace' "$OUT/dmesg.txt")"
summary "stress $*"
