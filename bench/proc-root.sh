#!/usr/bin/env bash
# Writes a fake /proc root for the footprint benchmark: DIR/net/dev with lo, eth0 and N veths in
# the kernel's own printf format (net/core/net-procfs.c), and DIR/net/snmp, snmp6 and netstat from
# the lab node's captures, so that netmon (--proc-root DIR) and node_exporter (--path.procfs DIR)
# read the same files. Deterministic: row i has rx_bytes = 1000003 * i + 7, rx_packets = i,
# tx_bytes = 2000003 * i, tx_packets = 2 * i.
#
#   bench/proc-root.sh DIR N
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../java/src/test/resources/fixtures
[[ $# -eq 2 && $2 =~ ^[0-9]+$ && $2 -ge 2 ]] || { echo "usage: bench/proc-root.sh DIR N (N >= 2 interfaces)" >&2; exit 2; }
dir=$1
count=$2
mkdir -p "$dir/net"
awk -v n=$((count - 2)) 'BEGIN {
	f = "%6s:%8s %7s %4s %4s %4s %5s %10s %9s %8s %7s %4s %4s %4s %5s %7s %10s\n"
	print "Inter-|   Receive                                                |  Transmit"
	print " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed"
	printf f, "lo", 123456789, 654321, 0, 0, 0, 0, 0, 0, 123456789, 654321, 0, 0, 0, 0, 0, 0
	printf f, "eth0", 987654321, 765432, 0, 0, 0, 0, 0, 12, 87654321, 543210, 0, 0, 0, 0, 0, 0
	for (i = 0; i < n; i++) {
		# %.0f: awk would print a number past 2^31 as 2.1e+09 with %s
		printf f, sprintf("veth%07x", i), sprintf("%.0f", 1000003 * i + 7), i, 0, 0, 0, 0, 0, i % 5,
			sprintf("%.0f", 2000003 * i), 2 * i, 0, 0, 0, 0, 0, 0
	}
}' > "$dir/net/dev"
cp "$fixtures/proc-net-snmp-lab-node.txt" "$dir/net/snmp"
cp "$fixtures/proc-net-snmp6-lab-node.txt" "$dir/net/snmp6"
cp "$here/proc-net-netstat.txt" "$dir/net/netstat"
[[ $(($(wc -l < "$dir/net/dev") - 2)) -eq $count ]] || { echo "bench/proc-root.sh: $dir/net/dev does not have $count interfaces" >&2; exit 1; }
