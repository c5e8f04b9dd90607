#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench-guest.sh - guest instructions per UDP datagram over loopback, for each way of counting.
# Runs INSIDE a guest booted with one CPU and -icount shift=0,sleep=off (tools/guest/run.sh
# --icount), where CLOCK_MONOTONIC advances 1 ns per guest instruction: ns == instructions.
#
# Usage: bench-guest.sh NETMON.KO [DATAGRAMS] [RUNS]
# Each datagram passes POST_ROUTING once (sent) and PRE_ROUTING once (received).
set -euo pipefail

KO=$(readlink -f "$1")
N=${2:-20000}
RUNS=${3:-5}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NMTEST=${NMTEST:-$(cd "$HERE/../.." && pwd)/build/kmod/tools/nmtest}
OUT=${GUEST_OUT:-/tmp}

nft_base() {	# nft_base RULE [SETDECL]: an inet table with prerouting and postrouting base chains
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

# run NAME: RUNS timed runs of N datagrams; prints the median and the spread
base=""
run() {
	local name=$1 i v vals=()
	# One discarded run first. Before every run, idle a moment: deferred kernel work (RCU
	# callbacks, workqueues, compaction) runs then instead of inside a timed run; with
	# -icount sleep=off idle guest time passes at no cost.
	sleep 1
	"$NMTEST" bench "$N" > /dev/null
	for ((i = 0; i < RUNS; i++)); do
		sleep 0.5
		v=$("$NMTEST" bench "$N" | awk '{ print $3 }')
		vals+=("$v")
	done
	printf '%s\n' "${vals[@]}" | sort -n | awk -v name="$name" -v base="$base" -v runs="$RUNS" '
		{ v[NR] = $1 }
		END {
			med = v[int((NR + 1) / 2)]
			spread = (v[NR] - v[1]) / med * 100
			over = base == "" ? "-" : sprintf("%+.0f", med - base)
			all = ""; for (i = 1; i <= NR; i++) all = all " " v[i]
			printf "| %-62s | %5.0f | %5s | %5.3f %% |%s |\n", name, med, over, spread, all
		}' | tee -a "$OUT/bench.txt"
	[ -n "$base" ] || base=$(printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
}

modprobe nf_tables
: > "$OUT/bench.txt"
echo "kernel $(uname -r), $(nproc) CPU, $N datagrams of 64 bytes per run, $RUNS runs" | tee -a "$OUT/bench.txt"
{
	printf '| %-62s | %5s | %5s | %7s | %s |\n' "setup" "instr" "added" "spread" "runs (instructions per datagram)"
	printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "------:" "------:" "--------:" "---"
} | tee -a "$OUT/bench.txt"
nft flush ruleset
run "no hooks"
nft_base ""
run "nftables: two empty base chains"
nft_base "counter"
run "nftables: one counter rule per chain"
nft_base "update @p { meta l4proto counter }" "set p { type inet_proto; flags dynamic; }"
run "nftables: per-protocol set, update @p { meta l4proto counter }"
nft flush ruleset
insmod "$KO"
run "netmon.ko (namespace-wide and per-interface)"
rmmod netmon
cat /proc/net/netmon 2>/dev/null || true
run "no hooks, again"
