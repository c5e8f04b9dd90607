#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end, inside a QEMU guest (tools/guest/run.sh): netmon.ko + the service, exact counts over HTTP.
#
#   init netns                                   netns "peer"
#   +--------------------------------+           +----------------------+
#   | lo 127.0.0.1                   |           |                      |
#   | nm0 10.200.0.1/24  <== veth ==>|===========| nm1 10.200.0.2/24     |
#   | netmon serve :3000 (one JVM    |           +----------------------+
#   |  for the whole run)            |
#   +--------------------------------+
#
# 1. module loaded: N pings on lo and M pings to the peer -> the exact ICMP packets and bytes on lo,
#    on nm0, and namespace-wide, read through /network?interface=...&protocol=icmp&family=ipv4;
# 2. rmmod: the same service says "procfs" and /proc/net/snmp's ICMP counts moved by exactly 2K;
# 3. insmod again: "kmod" is back, from zero, exact again. The service is never restarted.
#
# Usage (in the guest): guest-service.sh NETMON_KO NETMON_JAR
set -euo pipefail

ko=$1 jar=$2
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
out=${GUEST_OUT:-/tmp}
server=""

cleanup() {
	local rc=$?
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	ip netns del peer 2>/dev/null || true
	ip link del nm0 2>/dev/null || true
	if grep -q '^netmon ' /proc/modules; then rmmod netmon || true; fi
	exit "$rc"
}
trap cleanup EXIT

# field NAME JSON: the value of "NAME": in a one-object answer (compact JSON, one protocol row).
field() { sed -n "s/.*\"protocols\":\[{[^]]*\"$1\":\([^,}]*\).*/\1/p" <<<"$2"; }

# icmp4 IFACE: "rx_packets rx_bytes tx_packets tx_bytes" of IPv4 ICMP on IFACE (or "all").
icmp4() {
	local q="protocol=icmp&family=ipv4" doc
	[ "$1" != all ] && q="interface=$1&$q"
	doc=$(fetch "/network?$q")
	echo "$(field packets_received "$doc") $(field bytes_received "$doc") $(field packets_sent "$doc") $(field bytes_sent "$doc")"
}

source_of() { fetch /network?interface=lo | sed -n 's/^{"source":"\([a-z]*\)".*/\1/p'; }

ip link add nm0 type veth peer name nm1
ip netns add peer
ip link set nm1 netns peer
ip addr add 10.200.0.1/24 dev nm0
ip link set nm0 up
ip -n peer addr add 10.200.0.2/24 dev nm1
ip -n peer link set nm1 up
ip -n peer link set lo up

insmod "$ko"
java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -jar "$jar" serve --port $port --interval 200ms >"$out/serve.log" 2>&1 &
server=$!
wait_service "$server" "$out/serve.log"
fetch /readyz
echo

check "source with the module" kmod "$(source_of)"

# 1. pings on lo, then to the peer: a 56-byte ping is an 84-byte IPv4 packet (20 IP + 8 ICMP + 56).
N=37 M=11
fresh
lo0=$(icmp4 lo) nm0=$(icmp4 nm0) all0=$(icmp4 all)
ping -q -c $N -i 0.01 127.0.0.1 >/dev/null
fresh
lo1=$(icmp4 lo) nm1=$(icmp4 nm0) all1=$(icmp4 all)
check "lo icmp after $N pings (rxp rxb txp txb)" "$((2 * N)) $((2 * N * 84)) $((2 * N)) $((2 * N * 84))" "$(minus "$lo1" "$lo0")"
check "nm0 icmp untouched by pings on lo" "0 0 0 0" "$(minus "$nm1" "$nm0")"
check "namespace-wide icmp after $N pings" "$((2 * N)) $((2 * N * 84)) $((2 * N)) $((2 * N * 84))" "$(minus "$all1" "$all0")"

ping -q -c $M -i 0.01 10.200.0.2 >/dev/null
fresh
lo2=$(icmp4 lo) nm2=$(icmp4 nm0) all2=$(icmp4 all)
check "nm0 icmp after $M pings to the peer" "$M $((M * 84)) $M $((M * 84))" "$(minus "$nm2" "$nm1")"
check "lo icmp untouched by pings to the peer" "0 0 0 0" "$(minus "$lo2" "$lo1")"
check "namespace-wide icmp after $M pings to the peer" "$M $((M * 84)) $M $((M * 84))" "$(minus "$all2" "$all1")"
doc=$(fetch "/network?interface=nm0&protocol=icmp&family=ipv4")
echo "GET /network?interface=nm0&protocol=icmp&family=ipv4 -> $doc" | tee "$out/e2e-kmod-answer.json"

# 2. unload: the same service falls back to /proc/net/snmp (host-wide ICMP packets, no bytes).
rmmod netmon
fresh
check "source without the module" procfs "$(source_of)"
K=23
s0=$(icmp4 all)
ping -q -c $K -i 0.01 127.0.0.1 >/dev/null
fresh
s1=$(icmp4 all)
d=($(minus "$(sed 's/null/0/g' <<<"$s1")" "$(sed 's/null/0/g' <<<"$s0")"))
check "snmp Icmp InMsgs after $K pings on lo" $((2 * K)) "${d[0]}"
check "snmp Icmp OutMsgs after $K pings on lo" $((2 * K)) "${d[2]}"
check "procfs bytes are null" "null null" "$(awk '{print $2, $4}' <<<"$s1")"

# 3. load again: kmod is back, counting from zero.
insmod "$ko"
fresh
check "source after insmod again" kmod "$(source_of)"
ping -q -c 3 -i 0.01 127.0.0.1 >/dev/null
fresh
check "lo icmp from zero after reload" "6 504 6 504" "$(icmp4 lo)"

alive=no
kill -0 "$server" 2>/dev/null && alive=yes
check "the same service process answered throughout" yes "$alive"
echo "e2e $(uname -r): $passed passed, $failed failed" | tee "$out/summary.txt"
[ "$failed" -eq 0 ]
