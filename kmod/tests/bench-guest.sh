#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench-guest.sh - guest instructions per datagram, for each way of counting. Runs INSIDE a guest
# booted with one CPU and -icount shift=0,sleep=off (tools/guest/run.sh --icount), where
# CLOCK_MONOTONIC advances 1 ns per guest instruction: ns == instructions.
#
# Usage: bench-guest.sh NETMON.KO DATAGRAMS RUNS [LABEL=OTHER.KO]...
#
# Three paths, each measured with no hooks first, then with each way of counting:
#   loopback    one 64-byte UDP datagram to 127.0.0.1 and its receipt: 2 frames cross lo
#   fragmented  a 4,000-byte UDP datagram over a veth of MTU 1500 (3 fragments) and a 1-byte
#               echo: 4 frames sent, 4 received
#   bridged     a 64-byte UDP datagram across a bridge and a 1-byte echo: 8 frames cross a device
# Each LABEL=OTHER.KO is another build of netmon.ko (an earlier design, an instrumented variant)
# measured in the same run on the loopback path, in the row LABEL.
set -Eeuo pipefail
trap 'echo "bench-guest.sh: failed (status $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

KO=$(readlink -f "$1")
N=${2:-20000}
RUNS=${3:-5}
shift 3 || true
OTHERS=("$@")
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib-guest.sh"

nft_inet() {	# nft_inet RULE [SETDECL]: an inet table with prerouting and postrouting base chains
	nft flush ruleset
	nft -f - <<-NFT
	table inet bench {
		${2:-}
		chain pre {
			type filter hook prerouting priority 0;
			$1
		}
		chain post {
			type filter hook postrouting priority 0;
			$1
		}
	}
	NFT
}

nft_netdev() {	# nft_netdev DEV RULE: a netdev table with ingress and egress base chains on DEV
	nft flush ruleset
	nft -f - <<-NFT
	table netdev bench {
		chain in {
			type filter hook ingress device "$1" priority 0;
			$2
		}
		chain out {
			type filter hook egress device "$1" priority 0;
			$2
		}
	}
	NFT
}

# run NAME NS CMD...: RUNS timed runs of CMD in NS (which prints "total n per-datagram");
# prints the median, what it adds to the path's first row, and the spread
base=""
run() {
	local name=$1 ns=$2 i v vals=()
	shift 2
	# One discarded run first. Before every run, idle a moment: deferred kernel work (RCU
	# callbacks, workqueues, compaction) runs then instead of inside a timed run; with
	# -icount sleep=off idle guest time passes at no cost.
	sleep 1
	nsx "$ns" "$@" > /dev/null
	for ((i = 0; i < RUNS; i++)); do
		sleep 0.5
		v=$(nsx "$ns" "$@" | awk '{ print $3 }')
		vals+=("$v")
	done
	printf '%s\n' "${vals[@]}" | sort -n | awk -v name="$name" -v base="$base" '
		{ v[NR] = $1 }
		END {
			med = v[int((NR + 1) / 2)]
			spread = (v[NR] - v[1]) / med * 100
			over = base == "" ? "-" : sprintf("%+.0f", med - base)
			all = ""; for (i = 1; i <= NR; i++) all = all " " v[i]
			printf "| %-58s | %6.0f | %5s | %5.3f %% |%s |\n", name, med, over, spread, all
		}' | tee -a "$OUT/bench.txt"
	[ -n "$base" ] || base=$(printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
}

path() {	# path TITLE: a new path: its first row is the one the others are compared with
	base=""
	printf '| **%s** | | | | |\n' "$1" | tee -a "$OUT/bench.txt"
}

with_netmon() {	# with_netmon NAME KO NS CMD...
	local name=$1 ko=$2
	shift 2
	insmod "$ko"
	run "$name" "$@"
	rmmod netmon
}

modprobe nf_tables
modprobe bridge
: > "$OUT/bench.txt"
echo "kernel $(uname -r), $(nproc) CPU, $N datagrams per run, $RUNS runs" | tee -a "$OUT/bench.txt"
{
	printf '| %-58s | %6s | %5s | %7s | %s |\n' "setup" "instr" "added" "spread" "runs (instructions per datagram)"
	printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "-------:" "------:" "--------:" "---"
} | tee -a "$OUT/bench.txt"

LO=("$NMTEST" bench "$N")
path "loopback: 64-byte UDP to 127.0.0.1 (2 frames)"
nft flush ruleset
run "no hooks" - "${LO[@]}"
nft_inet ""
run "nftables: two empty inet base chains (pre/postrouting)" - "${LO[@]}"
nft_inet "counter"
run "nftables: one counter rule per inet chain" - "${LO[@]}"
nft_inet "update @p { meta l4proto counter }" "set p { type inet_proto; flags dynamic; }"
run "nftables: per-protocol set, update @p { meta l4proto counter }" - "${LO[@]}"
nft_netdev lo ""
run "nftables: two empty netdev base chains on lo (ingress/egress)" - "${LO[@]}"
nft_netdev lo "counter"
run "nftables: one counter rule per netdev chain" - "${LO[@]}"
nft flush ruleset
for other in "${OTHERS[@]}"; do
	with_netmon "${other%%=*}" "$(readlink -f "${other#*=}")" - "${LO[@]}"
done
with_netmon "netmon.ko" "$KO" - "${LO[@]}"
run "no hooks, again" - "${LO[@]}"

# Two namespaces over a veth of MTU 1500, and an echo server; static neighbours.
new_ns b-a
new_ns b-b
no_ipv6 b-a
no_ipv6 b-b
veth_pair b-a va 10.30.0.1/24 b-b vb 10.30.0.2/24
nsx b-b "$NMTEST" echo 10.30.0.2 9 36000 > "$OUT/echo-b.txt" &
wait_ready "$OUT/echo-b.txt"
FRAG=("$NMTEST" benchto 10.30.0.2 9 $((N / 4)) 4000)
path "fragmented: 4,000-byte UDP over MTU 1500 and a 1-byte echo (8 frames)"
run "no hooks" b-a "${FRAG[@]}"
with_netmon "netmon.ko" "$KO" b-a "${FRAG[@]}"

# A bridge between two more namespaces
new_ns b-br
new_ns b-c
new_ns b-d
for ns in b-br b-c b-d; do no_ipv6 $ns; done
ip -n b-br link add br0 type bridge stp_state 0
for p in "pc b-c c0 10.31.0.1" "pd b-d d0 10.31.0.2"; do
	read -r port ns dev addr <<<"$p"
	ip -n b-br link add "$port" type veth peer name "$dev" netns "$ns"
	ip -n b-br link set "$port" master br0
	ip -n b-br link set "$port" up
	ip -n "$ns" addr add "$addr/24" dev "$dev"
	ip -n "$ns" link set "$dev" up
done
ip -n b-br link set br0 up
ip -n b-c neigh replace 10.31.0.2 lladdr "$(mac b-d d0)" dev c0 nud permanent
ip -n b-d neigh replace 10.31.0.1 lladdr "$(mac b-c c0)" dev d0 nud permanent
nsx b-d "$NMTEST" echo 10.31.0.2 9 36000 > "$OUT/echo-d.txt" &
wait_ready "$OUT/echo-d.txt"
BRIDGE=("$NMTEST" benchto 10.31.0.2 9 $((N / 2)) 64)
path "bridged: 64-byte UDP across a bridge and a 1-byte echo (8 frames)"
run "no hooks" b-c "${BRIDGE[@]}"
with_netmon "netmon.ko" "$KO" b-c "${BRIDGE[@]}"

kill $(jobs -p) 2>/dev/null || true
for ns in b-a b-b b-br b-c b-d; do ip netns del $ns; done
