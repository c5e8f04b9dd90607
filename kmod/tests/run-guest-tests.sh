#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-guest-tests.sh - netmon.ko's behaviour in a real kernel, with exact counts. Runs INSIDE a
# QEMU guest (tools/guest/run.sh), never on a development machine: it loads and unloads modules.
#
# Usage: run-guest-tests.sh NETMON.KO
#
# Topology (every namespace is built here and deleted on every exit path):
#
#   init netns   lo (up before the module is loaded: picked up at load time)
#
#   $ns1         lo                       ping, UDP, reset and permission tests on loopback
#   $ns_tcp      lo (mtu 1500)            a bulk TCP transfer, cut into wire segments by GSO
#
#   $ns2         lo   veth0 10.0.0.1/24 ------------- veth1 10.0.0.2/24   $ns3
#                     dummy0 10.9.0.1/24 (sends into nothing: tx only)
#                IPv6 disabled in $ns2 and $ns3 so no autoconfiguration traffic is counted
#
#   $ns4         lo   dc (ifindex 17)   d1..d40 (dummies)
#
#   $ns5         lo   veth0 10.5.0.1/24 fd00:5::1/64 --- veth1 10.5.0.2/24 fd00:5::2/64   $ns6
#                (a realistic capture, IPv6 autoconfiguration included: no exact asserts)
#
# Then wire-guest-tests.sh: every path of the stack, netmon against each device's own counters.
# Prints one line per check and, last, "kmod <kver>: N passed, M failed"; exits 1 if M > 0.
set -uo pipefail

KO=$(readlink -f "${1:?usage: run-guest-tests.sh NETMON.KO}")
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib-guest.sh"
VERSION=$(project_version)

ns1=nm-lo ns_tcp=nm-tcp ns2=nm-a ns3=nm-b ns4=nm-c ns5=nm-d ns6=nm-e
N=10		# pings, datagrams
P=100		# UDP payload
K=1000000	# TCP bulk bytes

n0() { "$@"; }				# the init namespace
n1() { nsx $ns1 "$@"; }
n2() { nsx $ns2 "$@"; }
n3() { nsx $ns3 "$@"; }
n4() { nsx $ns4 "$@"; }
nt() { nsx $ns_tcp "$@"; }

cleanup() {
	set +e
	kill $(jobs -p) 2>/dev/null
	wait 2>/dev/null
	del_all_ns
	wire_cleanup 2>/dev/null
}
trap cleanup EXIT

dmesg -C

pretty "load"
insmod "$KO"
check "insmod netmon.ko" "0" "$?"
check "module version: the project's ($VERSION)" "$VERSION" "$(cat /sys/module/netmon/version 2>&1)"
check "header: format 2, version, the namespace's inode; column line" \
	"netmon 2 $VERSION $(stat -L -c %i /proc/self/ns/net)
ifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes" "$(head -n 2 $PROC)"
check "mode: anyone reads, anyone may try to write" "666" "$(stat -c %a $PROC)"

pretty "ping 127.0.0.1 x $N in the init netns (lo existed before the module)"
nm_reset -
ping -n -q -c $N -i 0.01 127.0.0.1 >/dev/null
check "init: echo requests and replies, exactly, on all and lo" \
	"0 all ipv4 1 $((2 * N)) $((2 * N * 84)) $((2 * N)) $((2 * N * 84))
1 lo ipv4 1 $((2 * N)) $((2 * N * 84)) $((2 * N)) $((2 * N * 84))" "$(rows -)"

pretty "netns $ns1: ping, ping ::1, UDP over IPv4 and IPv6"
new_ns $ns1
n1 ping -n -q -c $N -i 0.01 127.0.0.1 >/dev/null
v4="$((2 * N)) $((2 * N * 84)) $((2 * N)) $((2 * N * 84))"
check "ping: icmp on all" "$v4" "$(row $ns1 all ipv4 1)"
check "ping: icmp on lo" "$v4" "$(row $ns1 lo ipv4 1)"
n1 ping -6 -n -q -c $N -i 0.01 ::1 >/dev/null
v6="$((2 * N)) $((2 * N * 104)) $((2 * N)) $((2 * N * 104))"
check "ping ::1: icmpv6 on all" "$v6" "$(row $ns1 all ipv6 58)"
check "ping ::1: icmpv6 on lo" "$v6" "$(row $ns1 lo ipv6 58)"
{ head -n 2 $PROC; rows $ns1; } > "$OUT/proc-net-netmon-lo.txt"
check "init netns saw none of it" "" "$(rows - | grep -v '^0 all ipv4 1 \|^1 lo ipv4 1 ')"

nm_reset $ns1
check "reset as root: no rows left" "" "$(rows $ns1)"
n1 "$NMTEST" udp 4 $N $P
u4="$N $((N * (P + 28))) $N $((N * (P + 28)))"
check "udp: $N datagrams of $P bytes, N*(P+28) bytes, exactly" \
	"0 all ipv4 17 $u4
1 lo ipv4 17 $u4" "$(rows $ns1)"
nm_reset $ns1
n1 "$NMTEST" udp 6 $N $P
u6="$N $((N * (P + 48))) $N $((N * (P + 48)))"
check "udp ::1: $N datagrams, N*(P+48) bytes, exactly" \
	"0 all ipv6 17 $u6
1 lo ipv6 17 $u6" "$(rows $ns1)"

pretty "IPv6 extension headers: walked to the protocol, or unknown"
nm_reset $ns1
n1 "$NMTEST" udp 6hbh $N $P
u6h="$N $((N * (P + 56))) $N $((N * (P + 56)))"
check "udp ::1 behind a hop-by-hop header: udp, N*(P+48+8) bytes" \
	"0 all ipv6 17 $u6h
1 lo ipv6 17 $u6h" "$(rows $ns1)"
nm_reset $ns1
n1 "$NMTEST" v6trunc
sleep 0.2
check "truncated extension header: unknown, sent and received on lo (the stack drops it after)" \
	"0 all ipv6 unknown 1 40 1 40
1 lo ipv6 unknown 1 40 1 40" "$(rows $ns1)"
n1 "$NMTEST" udp 6 $N $P

pretty "reset permissions"
before=$(rows $ns1)
check "unprivileged reset: EPERM" "EPERM" \
	"$(n1 setpriv --reuid=65534 --regid=65534 --clear-groups "$NMTEST" write $PROC reset)"
check "unprivileged reader still reads" "$before" \
	"$(n1 setpriv --reuid=65534 --regid=65534 --clear-groups cat $PROC | tail -n +3)"
check "root of another user namespace: EPERM" "EPERM" \
	"$(n1 unshare -U -r "$NMTEST" write $PROC reset)"
check "counters untouched by refused resets" "$before" "$(rows $ns1)"
check "root of a user namespace owning its netns: may reset its own" "OK" \
	"$(unshare -U -r -n "$NMTEST" write $PROC reset)"
for bad in "" "rese" "resetx" $'reset\n\n' "RESET" " reset" "$(head -c 5000 /dev/zero | tr '\0' x)"; do
	check "write '$(printf '%q' "${bad:0:12}")': EINVAL" "EINVAL" "$(n1 "$NMTEST" write $PROC "$bad")"
done
check "counters untouched by bad writes" "$before" "$(rows $ns1)"
check "write 'reset\\n': OK" "OK" "$(n1 "$NMTEST" write $PROC $'reset\n')"
check "write 'reset': OK" "OK" "$(n1 "$NMTEST" write $PROC reset)"
check "counters zeroed" "" "$(rows $ns1)"

pretty "netns $ns_tcp: bulk TCP on lo with mtu 1500 (GSO)"
new_ns $ns_tcp
ip -n $ns_tcp link set lo mtu 1500
steady_tcp $ns_tcp "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 table local" \
	"local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 table local" ||
	fail "tcp: no rto_min or tcp_early_retrans in $ns_tcp"
# Every segment carries 20 (IP) + 32 (TCP with timestamps) header bytes; SYN and SYN-ACK
# carry 8 more option bytes. Payload: K bytes one way, the 8-byte reply the other way.
lo_equation() {
	local rp rb tp tb
	sleep 0.2
	read -r rp rb tp tb <<< "$(row $ns_tcp all ipv4 6)"
	[ "$tb" = "$((K + 8 + 52 * tp + 16))" ] ||
		{ echo "sent $tp segments, $tb B: $((tb - K - 8 - 52 * tp - 16)) B off the equation"; return 1; }
}
exact_tcp $ns_tcp lo_equation nt taskset -c 0 "$NMTEST" tcp $K
check "tcp transfer completed, nothing retransmitted" "0" "$?"
read -r rp rb tp tb <<< "$(row $ns_tcp all ipv4 6)"
check "tcp: lo and all agree" "$rp $rb $tp $tb" "$(row $ns_tcp lo ipv4 6)"
check "tcp: what lo sent it received" "$tp $tb" "$rp $rb"
check "tcp: bytes = payload + 52 per wire segment + 16 (SYN options)" \
	"$((K + 8 + 52 * tp + 16))" "$tb"
if [ "$tp" -ge $((K / 1448)) ]; then
	pass "tcp: counted $tp wire segments for $K bytes (at least $((K / 1448)) needed)"
else
	fail "tcp: counted $tp packets, fewer than the $((K / 1448)) segments $K bytes need"
fi
check "tcp: nothing else (no udp)" "2" "$(rows $ns_tcp | wc -l)"

pretty "per interface: lo vs veth vs dummy (netns $ns2, $ns3)"
new_ns $ns2
new_ns $ns3
no_ipv6 $ns2
no_ipv6 $ns3
ip -n $ns2 link add veth0 type veth peer name veth1 netns $ns3
ip -n $ns2 link add dummy0 type dummy
ip -n $ns2 addr add 10.0.0.1/24 dev veth0
ip -n $ns3 addr add 10.0.0.2/24 dev veth1
ip -n $ns2 addr add 10.9.0.1/24 dev dummy0
ip -n $ns2 link set veth0 up
ip -n $ns2 link set dummy0 up
ip -n $ns3 link set veth1 up
nm_reset $ns2
nm_reset $ns3
n2 ping -n -q -c $N -i 0.01 10.0.0.2 >/dev/null
check "ping over veth: $ns2 sees it on veth0 only" \
	"0 all ipv4 1 $N $((N * 84)) $N $((N * 84))
$(ifindex $ns2 veth0) veth0 ipv4 1 $N $((N * 84)) $N $((N * 84))" "$(rows $ns2)"
check "ping over veth: $ns3 sees it on veth1 only" \
	"0 all ipv4 1 $N $((N * 84)) $N $((N * 84))
$(ifindex $ns3 veth1) veth1 ipv4 1 $N $((N * 84)) $N $((N * 84))" "$(rows $ns3)"
check "lo in $ns2: no rows" "0 0 0 0" "$(row $ns2 lo ipv4 1)"
n2 ping -n -q -c $N -i 0.01 -W 0.2 10.9.0.2 >/dev/null
check "ping into dummy0: sent, never received" "0 0 $N $((N * 84))" "$(row $ns2 dummy0 ipv4 1)"
check "veth0 unchanged by dummy traffic" "$N $((N * 84)) $N $((N * 84))" "$(row $ns2 veth0 ipv4 1)"
check "all in $ns2: both" "$N $((N * 84)) $((2 * N)) $((2 * N * 84))" "$(row $ns2 all ipv4 1)"
n2 "$NMTEST" udp 4 $N $P
n2 ping -6 -n -q -c 1 ::1 >/dev/null 2>&1	# IPv6 is off here: nothing may be counted
check "scopes ordered: all first, then interfaces by ifindex" \
	"$(rows $ns2 | sort -s -n -k1,1)" "$(rows $ns2)"
{ head -n 2 $PROC; rows $ns2; } > "$OUT/proc-net-netmon-veth.txt"

pretty "interfaces come and go"
ip -n $ns2 link del dummy0
check "deleted interface: its rows are gone" "0 0 0 0" "$(row $ns2 dummy0 ipv4 1)"
check "deleted interface: all keeps its packets" "$N $((N * 84)) $((2 * N)) $((2 * N * 84))" \
	"$(row $ns2 all ipv4 1)"
ip -n $ns2 link add dummy0 type dummy
check "new interface: starts at zero" "0 0 0 0" "$(row $ns2 dummy0 ipv4 1)"
ip -n $ns3 link set veth1 netns $ns2 && ip -n $ns2 link set veth1 name veth9
check "interface moved into $ns2: listed there, from zero" "" \
	"$(rows $ns2 | awk '$2 == "veth9"')"
check "interface moved out of $ns3: gone there" "" "$(rows $ns3 | awk '$2 ~ /^veth/')"

pretty "netns $ns4: ifindex 17 beside lo, then 40 interfaces more"
new_ns $ns4
no_ipv6 $ns4
# (ifindex 17 once shared lo's slot in a 16-slot cache, before the hooks carried their table)
ip -n $ns4 link add dc index 17 type dummy
ip -n $ns4 addr add 10.7.0.1/24 dev dc
ip -n $ns4 link set dc up
n4 ping -n -q -c $N -i 0.01 -W 0.2 10.7.0.2 >/dev/null
n4 ping -n -q -c $N -i 0.01 127.0.0.1 >/dev/null
check "ifindex 17: counted exactly" "0 0 $N $((N * 84))" "$(row $ns4 dc ipv4 1)"
check "lo beside it: counted exactly" "$v4" "$(row $ns4 lo ipv4 1)"
for i in $(seq 1 40); do echo "link add d$i type dummy"; done | ip -n $ns4 -batch -
n4 ping -n -q -c $N -i 0.01 -W 0.2 10.7.0.2 >/dev/null
n4 ping -n -q -c $N -i 0.01 127.0.0.1 >/dev/null
check "40 interfaces later: dc counted exactly" "0 0 $((2 * N)) $((2 * N * 84))" "$(row $ns4 dc ipv4 1)"
check "40 interfaces later: lo counted exactly" "$((4 * N)) $((4 * N * 84)) $((4 * N)) $((4 * N * 84))" \
	"$(row $ns4 lo ipv4 1)"
check "40 interfaces later: rows for lo and dc only" "2" "$(rows $ns4 | awk '$1 != 0 { print $2 }' | sort -u | wc -l)"
del_ns $ns4

pretty "a capture for the readers' tests: lo and a veth pair, IPv4 and IPv6 (netns $ns5)"
new_ns $ns5
new_ns $ns6
ip -n $ns5 link add veth0 type veth peer name veth1 netns $ns6
ip -n $ns5 addr add 10.5.0.1/24 dev veth0
ip -n $ns5 addr add fd00:5::1/64 dev veth0 nodad
ip -n $ns6 addr add 10.5.0.2/24 dev veth1
ip -n $ns6 addr add fd00:5::2/64 dev veth1 nodad
ip -n $ns6 link set veth1 up
ip -n $ns5 link set veth0 up
n5() { nsx $ns5 "$@"; }
n5 ping -n -q -c 3 -i 0.01 10.5.0.2 >/dev/null
n5 ping -6 -n -q -c 3 -i 0.01 fd00:5::2 >/dev/null
n5 ping -n -q -c 2 -i 0.01 127.0.0.1 >/dev/null
n5 "$NMTEST" udp 4 5 100
n5 "$NMTEST" udp 6 5 100
n5 "$NMTEST" tcp 100000
n5 cat $PROC > "$OUT/proc-net-netmon.txt"
check "capture: header, columns, rows" "netmon 2 $VERSION $(n5 stat -L -c %i /proc/self/ns/net)" \
	"$(head -n 1 "$OUT/proc-net-netmon.txt")"
del_ns $ns5
del_ns $ns6

pretty "netns deletion while loaded, with a reader holding the file"
n3 "$NMTEST" hold $PROC 2 > "$OUT/hold-ns.txt" &
hold=$!
sleep 0.5
del_ns $ns3
wait $hold
check "reader of a deleted netns finished cleanly" "timeout" "$(sed -n 's/.*, then //p' "$OUT/hold-ns.txt")"
del_ns $ns_tcp
check "netns deleted" "" "$(ip netns list | grep -E "^($ns3|$ns_tcp)( |\$)")"

pretty "rmmod while readers hold the file open and traffic flows"
"$NMTEST" hold $PROC 60 > "$OUT/hold-init.txt" &
h0=$!
n1 "$NMTEST" hold $PROC 60 > "$OUT/hold-ns1.txt" &
h1=$!
"$NMTEST" flood 60 &
f0=$!
n1 "$NMTEST" flood 60 &
f1=$!
sleep 1
alive=0
for p in $h0 $h1 $f0 $f1; do kill -0 $p 2>/dev/null && alive=$((alive + 1)); done
check "readers and senders running" "4" "$alive"
make -s -C "$REPO/kmod" rmmod
check "make rmmod under load" "0" "$?"
check "module gone" "" "$(grep '^netmon ' /proc/modules)"
alive=0
for p in $f0 $f1; do kill -0 $p 2>/dev/null && alive=$((alive + 1)); done
check "senders still running" "2" "$alive"
kill $f0 $f1
wait $h0 $h1 $f0 $f1
check "init reader: reads fail with EIO after unload" "EIO" "$(sed -n 's/.*, then //p' "$OUT/hold-init.txt")"
check "ns1 reader: reads fail with EIO after unload" "EIO" "$(sed -n 's/.*, then //p' "$OUT/hold-ns1.txt")"

pretty "make insmod (for the running kernel, $KVER), counts again"
check "make insmod without the running kernel's headers: refused" "insmod: no headers for the running kernel" \
	"$(unshare -m sh -c 'mount -t tmpfs none "$(readlink -f /lib/modules/$(uname -r)/build)" &&
		make -s -C "$0/kmod" insmod 2>&1' "$REPO" | grep -o '^insmod: no headers for the running kernel')"
make -s -C "$REPO/kmod" insmod
check "make insmod" "0" "$?"
check "make insmod again: refused" "2" "$(make -s -C "$REPO/kmod" insmod >/dev/null 2>&1; echo $?)"
n1 ping -n -q -c 3 -i 0.01 127.0.0.1 >/dev/null
check "reloaded: counters restart at zero, count again" "6 504 6 504" "$(row $ns1 lo ipv4 1)"
make -s -C "$REPO/kmod" rmmod
check "make rmmod" "" "$(grep '^netmon ' /proc/modules)"
insmod "$KO"
check "insmod again" "0" "$?"
rmmod netmon
check "rmmod again" "0" "$?"

# every path the stack takes, per wire frame (the module is loaded again there)
source "$HERE/wire-guest-tests.sh"

pretty "kernel log"
dmesg > "$OUT/dmesg.txt"
check "dmesg: no BUG, WARNING, Oops, refcount or RCU error" "" \
	"$(grep -E 'BUG|WARNING|Oops|refcount|general protection|rcu.*stall|list_(add|del) corruption|UBSAN|KASAN|Call Trace' "$OUT/dmesg.txt")"

summary kmod
