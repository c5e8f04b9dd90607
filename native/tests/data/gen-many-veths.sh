#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Writes proc-net-dev-6.18-many-veths.txt: the host capture's header, lo and eth0,
# then 4000 container interfaces in the kernel's own printf format
# (net/core/net-procfs.c), alternating Docker-style veth<7 hex> and 15-byte
# Calico-style cali<11 hex> names. Row i (0-based, after lo and eth0) has
# rx_bytes = 1000003 * i + 7, rx_packets = i, tx_bytes = 2000003 * i, tx_packets = 2 * i,
# multicast = i % 5, everything else 0.
# Deterministic: running it again must give a byte-identical file.
set -euo pipefail
cd "$(dirname "$0")"
F='%6s:%8s %7s %4s %4s %4s %5s %10s %9s %8s %7s %4s %4s %4s %5s %7s %10s\n'
{
	head -n 3 proc-net-dev-6.18-host.txt
	grep '^  eth0:' proc-net-dev-6.18-host.txt
	for ((i = 0; i < 4000; i++)); do
		h=$(( (i * 2654435761) & 0xfffffffffff ))
		if (( i % 2 )); then name=$(printf 'cali%011x' "$h"); else name=$(printf 'veth%07x' $(( h & 0xfffffff ))); fi
		printf "$F" "$name" $((1000003 * i + 7)) "$i" 0 0 0 0 0 $((i % 5)) \
			$((2000003 * i)) $((2 * i)) 0 0 0 0 0 0
	done
} > proc-net-dev-6.18-many-veths.txt
