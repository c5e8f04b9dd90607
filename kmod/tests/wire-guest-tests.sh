# SPDX-License-Identifier: GPL-2.0
# wire-guest-tests.sh - netmon.ko counts per wire frame, on every path the stack takes. Sourced by
# run-guest-tests.sh INSIDE a QEMU guest (needs lib-guest.sh and $KO). "The wire" of a device is
# its own /proc/net/dev delta less its link header per frame (14 B on veth, lo, bridges, vxlan;
# 0 on ipip and gre): every check below asserts netmon's counts of a device against that, and
# against the exact figure the traffic makes; static neighbours keep ARP off the wire, and
# IPv6 is off wherever it is not the subject (no autoconfiguration frames).
#
#   w-fa  wa0 10.20.0.1 fd00:20::1 ========= wb0 10.20.0.2 fd00:20::2  w-fb     (MTU 1500)
#   w-ra  ra0 10.21.0.1 ==== rr0 10.21.0.2 [w-rr, forwarding] rr1 10.22.0.1 ==== rb0 10.22.0.2 w-rb
#                                  (MTU 1500)                        (MTU 1000)
#   w-mc  mc0 10.23.0.1 fd00:23::1 ========= md0 10.23.0.2 fd00:23::2  w-md     (broadcast,
#                                            multicast, a neighbour that never answers, AF_PACKET)
#   w-vr  vrf-blue > vr0 10.24.0.1 ========= vp0 10.24.0.2  w-vp                 (VRF)
#   w-t1  t0 10.25.0.1 =================== t0 10.25.0.2  w-t2                     (underlay)
#         gre1 192.168.1.1, ipip1 192.168.2.1, vx42 192.168.3.1 (VNI 42), vxf 192.168.4.1 (VNI 0xF00000)
#   w-br  br0 10.26.0.1 [pa, pb] -- pa = ba0 10.26.0.2 (w-ba), pb = bb0 10.26.0.3 (w-bb)   (bridge)

WIRE_NS="w-fa w-fb w-ra w-rr w-rb w-mc w-md w-vr w-vp w-t1 w-t2 w-br w-ba w-bb"
wire_cleanup() {
	local ns
	for ns in $WIRE_NS; do del_ns "$ns"; done
}

# sink_start NS ADDR PORT N [IFNAME]: a UDP sink for N datagrams in the background (no ICMP
# "port unreachable" then); sink_wait checks it got them all.
sink_start() {
	SINK_OUT=$(mktemp)
	nsx "$1" "$NMTEST" sink "$2" "$3" "$4" 20 ${5:-} > "$SINK_OUT" 2>&1 &
	SINK_PID=$!
	wait_ready "$SINK_OUT"
}
sink_wait() {
	wait "$SINK_PID"
	check "$1: the receiver got every datagram" "received $2" "$(tail -n 1 "$SINK_OUT")"
	rm -f "$SINK_OUT"
}

insmod "$KO"
check "insmod netmon.ko for the wire tests" "0" "$?"
wire_cleanup

# --- 1. IP fragmentation at the sender ----------------------------------------------------------
pretty "fragments: 7 UDP datagrams of 4,000 bytes over a 1500-byte MTU, IPv4 and IPv6"
new_ns w-fa
new_ns w-fb
for ns in w-fa w-fb; do sysctl_ns $ns net.ipv6.conf.default.router_solicitations=0; done
veth_pair w-fa wa0 10.20.0.1/24 w-fb wb0 10.20.0.2/24
ip -n w-fa addr add fd00:20::1/64 dev wa0 nodad
ip -n w-fb addr add fd00:20::2/64 dev wb0 nodad
ip -n w-fa neigh replace fd00:20::2 lladdr "$(mac w-fb wb0)" dev wa0 nud permanent
ip -n w-fb neigh replace fd00:20::1 lladdr "$(mac w-fa wa0)" dev wb0 nud permanent
settle 3	# let IPv6 say what it says when an address comes up (MLD reports), then it is quiet
# 4,008 bytes of UDP in 1,480-byte pieces: frames of 1500, 1500 and 1068 bytes: 3 / 4,068 each
snap fa w-fa wa0
snap fb w-fb wb0
sink_start w-fb 10.20.0.2 9 7
nsx w-fa "$NMTEST" udpto 10.20.0.2 9 7 4000
sink_wait "fragments v4" 7
wire_check "7 x 4,000 B UDP v4 sent" fa w-fa wa0 14 "0 0 21 28476"
wire_check "7 x 4,000 B UDP v4 received" fb w-fb wb0 14 "21 28476 0 0"
check "fragments v4: all under ipv4 udp" "0 0 21 28476" "$(row w-fa wa0 ipv4 17)"
# IPv6: 40-byte header + 8-byte fragment header; pieces of 1,448: frames of 1496, 1496, 1160
snap fa w-fa wa0
snap fb w-fb wb0
sink_start w-fb fd00:20::2 9 7
nsx w-fa "$NMTEST" udpto fd00:20::2 9 7 4000
sink_wait "fragments v6" 7
wire_check "7 x 4,000 B UDP v6 sent" fa w-fa wa0 14 "0 0 21 29064"
wire_check "7 x 4,000 B UDP v6 received" fb w-fb wb0 14 "21 29064 0 0"
check "fragments v6: non-first fragments under the protocol their header names" "0 0 21 29064" \
	"$(row w-fa wa0 ipv6 17)"

# --- 2. a router refragments onto a smaller MTU, without and with conntrack ------------------------
pretty "a router forwards 1,428-byte packets onto MTU 1000, then conntrack defragments and refragments"
for ns in w-ra w-rr w-rb; do new_ns $ns; no_ipv6 $ns; done
veth_pair w-ra ra0 10.21.0.1/24 w-rr rr0 10.21.0.2/24
veth_pair w-rr rr1 10.22.0.1/24 w-rb rb0 10.22.0.2/24 1000
sysctl_ns w-rr net.ipv4.ip_forward=1
ip -n w-ra route add default via 10.21.0.2
ip -n w-rb route add default via 10.22.0.1
route_round() {	# route_round WHAT N PAYLOAD "A->R frames" "R->B frames"
	local what=$1 n=$2 p=$3
	snap ra w-ra ra0
	snap rr0 w-rr rr0
	snap rr1 w-rr rr1
	snap rb w-rb rb0
	sink_start w-rb 10.22.0.2 9 "$n"
	nsx w-ra "$NMTEST" udpto 10.22.0.2 9 "$n" "$p"
	sink_wait "$what" "$n"
	wire_check "$what: A sends" ra w-ra ra0 14 "0 0 $4"
	wire_check "$what: the router receives" rr0 w-rr rr0 14 "$4 0 0"
	wire_check "$what: the router sends, refragmented" rr1 w-rr rr1 14 "0 0 $5"
	wire_check "$what: B receives" rb w-rb rb0 14 "$5 0 0"
}
# 1,408 bytes of UDP onto MTU 1000: pieces of 976 and 432: frames of 996 and 452, 2 / 1,448 each
route_round "7 x 1,428 B forwarded onto MTU 1000" 7 1400 "7 9996" "14 10136"
# 4,008 bytes arrive in 3 fragments (4,068 B); without conntrack each is forwarded and cut on its own:
# 996 + 524, 996 + 524, 996 + 92: 6 / 4,128 each
route_round "7 x 4,000 B as fragments, each refragmented onto MTU 1000" 7 4000 "21 28476" "42 28896"
nsx w-rr nft -f - <<-'NFT'
	table ip conn {
		chain pre { type filter hook prerouting priority 0; ct state new counter; }
	}
NFT
route_round "the same with conntrack" 7 1400 "7 9996" "14 10136"
# 4,008 bytes arrive in 3 fragments (4,068 B); conntrack reassembles them, and forwarding cuts
# the 4,028-byte packet into 976-byte pieces: 4 x 996 + 124: 5 / 4,108 each
route_round "7 x 4,000 B defragmented by conntrack, refragmented onto MTU 1000" 7 4000 "21 28476" "35 28756"
nsx w-rr nft delete table ip conn

# --- 3. broadcast, multicast with a local member, a neighbour that never answers, AF_PACKET ------
pretty "broadcast and multicast out of a veth: the copy looped back to the sender is not on the wire"
new_ns w-mc
new_ns w-md
for ns in w-mc w-md; do sysctl_ns $ns net.ipv6.conf.default.router_solicitations=0; done
veth_pair w-mc mc0 10.23.0.1/24 w-md md0 10.23.0.2/24
ip -n w-mc addr add fd00:23::1/64 dev mc0 nodad
ip -n w-md addr add fd00:23::2/64 dev md0 nodad
ip -n w-mc neigh replace fd00:23::2 lladdr "$(mac w-md md0)" dev mc0 nud permanent
settle 3
for dst in 10.23.0.255 224.0.0.1 ff02::1; do
	case $dst in *:*) size=148 ;; *) size=128 ;; esac	# 100 B of UDP + 8 + 20 or 40
	snap mc w-mc mc0
	snap md w-md md0
	nsx w-mc "$NMTEST" udpto $dst 9 10 100 mc0
	settle
	wire_check "10 x UDP to $dst: sent once, the local copy not received" mc w-mc mc0 14 "0 0 10 $((10 * size))"
	wire_check "10 x UDP to $dst: the peer receives them" md w-md md0 14 "10 $((10 * size)) 0 0"
done

pretty "a neighbour that never answers: ARP on the wire, no IP packet"
snap mc w-mc mc0
nsx w-mc ping -n -q -c 5 -i 0.2 -W 1 10.23.0.99 >/dev/null 2>&1
settle 1
check "5 pings to a dead neighbour: netmon counts no IP frame" "0 0 0 0" "$(minus "$(nm_dev w-mc mc0)" "${SNAP_NM[mc]}")"
read -r _ _ arp_p arp_b <<<"$(minus "$(dev_stat w-mc mc0)" "${SNAP_DEV[mc]}")"
check "5 pings to a dead neighbour: the wire carries ARP requests only (42 B each)" "yes $((42 * arp_p))" \
	"$([ "$arp_p" -ge 1 ] && echo yes) $arp_b"

pretty "10 frames sent through an AF_PACKET socket"
snap mc w-mc mc0
snap md w-md md0
udp_before=$(row w-mc mc0 ipv4 17)
sink_start w-md 10.23.0.2 9 10
nsx w-mc "$NMTEST" rawudp mc0 "$(mac w-md md0)" 10.23.0.1 10.23.0.2 10 100
sink_wait "AF_PACKET" 10
wire_check "AF_PACKET: 10 IPv4/UDP frames sent" mc w-mc mc0 14 "0 0 10 1280"
wire_check "AF_PACKET: the peer receives them" md w-md md0 14 "10 1280 0 0"
check "AF_PACKET: as ipv4 udp" "0 0 10 1280" "$(minus "$(row w-mc mc0 ipv4 17)" "$udp_before")"

# --- 4. VRF -------------------------------------------------------------------------------------
pretty "ping x 10 out of a VRF: counted on the real device only"
new_ns w-vr
new_ns w-vp
no_ipv6 w-vr
no_ipv6 w-vp
ip -n w-vr link add vrf-blue type vrf table 10
ip -n w-vr link set vrf-blue up
veth_pair w-vr vr0 10.24.0.1/24 w-vp vp0 10.24.0.2/24
ip -n w-vr link set vr0 master vrf-blue
ip -n w-vr neigh replace 10.24.0.2 lladdr "$(mac w-vp vp0)" dev vr0 nud permanent
nm_reset w-vr
snap vr w-vr vr0
nsx w-vr ping -n -q -c 10 -i 0.01 -I vrf-blue 10.24.0.2 >/dev/null
settle
wire_check "VRF: 10 pings on the enslaved veth" vr w-vr vr0 14 "10 840 10 840"
check "VRF: nothing on the VRF device (it is no wire)" "0 0 0 0" "$(nm_dev w-vr vrf-blue)"
check "VRF: namespace-wide, each frame once" "10 840 10 840" "$(row w-vr all ipv4 1)"
echo "     (vrf-blue's own /proc/net/dev: $(dev_stat w-vr vrf-blue): the VRF counts what its slaves carried)"

# --- 5. tunnels: pings, and bulk TCP cut into segments (GSO) -------------------------------------
pretty "tunnels over a veth underlay: gre, ipip, vxlan (VNI 42 and 0xF00000)"
new_ns w-t1
new_ns w-t2
no_ipv6 w-t1
no_ipv6 w-t2
veth_pair w-t1 t0 10.25.0.1/24 w-t2 t0 10.25.0.2/24
# tunnel_tcp ADDR: K bytes from w-t1 to a server at ADDR:5001 in w-t2; 3 if retransmitted. Both
# ends on CPU 0: a veth queues what it sends to the sending CPU's backlog, so a sender that
# migrates mid-transfer can overtake its own segments, and the sender may then retransmit what
# was only late.
tunnel_tcp() {
	local srv srv_pid rc src
	srv=$(mktemp)
	nsx w-t2 taskset -c 0 "$NMTEST" tcpserve "$1" 5001 > "$srv" 2>&1 &
	srv_pid=$!
	wait_ready "$srv" || { kill $srv_pid; rm -f "$srv"; return 1; }
	nsx w-t1 taskset -c 0 "$NMTEST" tcpsend "$1" 5001 $K
	rc=$?
	wait $srv_pid
	src=$?
	[ $src -eq 0 ] || sed 's/^/     server: /' "$srv"
	rm -f "$srv"
	settle
	[ $rc -eq 0 ] || [ $rc -eq 3 ] || return $rc
	[ $src -eq 0 ] || [ $src -eq 3 ] || return $src
	[ $rc -eq 0 ] && [ $src -eq 0 ] || return 3
}

tunnel_equation() {	# the inner bytes of $name's last transfer, as the lo test's equation has them
	local rp rb tp tb
	read -r rp rb tp tb <<<"$(row w-t1 "$name" ipv4 6)"
	[ "$((tb + rb))" = "$((K + 8 + 52 * (tp + rp) + 16))" ] || {
		echo "sent $tp and received $rp segments, $tb + $rb B: $((tb + rb - K - 8 - 52 * (tp + rp) - 16)) B off the equation"
		return 1
	}
}

tunnel() {	# tunnel NAME NET yes|no(Ethernet inside) MTU|- TYPE-ARGS...: the same tunnel in both, 192.168.NET.1|2
	local name=$1 net=$2 eth=$3 mtu=()
	[ "$4" = - ] || mtu=(mtu "$4")
	shift 4
	ip -n w-t1 link add "$name" "${mtu[@]}" "$@" local 10.25.0.1 remote 10.25.0.2
	ip -n w-t2 link add "$name" "${mtu[@]}" "$@" local 10.25.0.2 remote 10.25.0.1
	ip -n w-t1 addr add "192.168.$net.1/24" dev "$name"
	ip -n w-t2 addr add "192.168.$net.2/24" dev "$name"
	ip -n w-t1 link set "$name" up
	ip -n w-t2 link set "$name" up
	steady_tcp w-t1 "192.168.$net.0/24 dev $name proto kernel scope link src 192.168.$net.1" &&
		steady_tcp w-t2 "192.168.$net.0/24 dev $name proto kernel scope link src 192.168.$net.2" ||
		fail "$name: no rto_min or tcp_early_retrans"
	if [ "$eth" = yes ]; then	# no ARP inside the tunnel either
		ip -n w-t1 neigh replace "192.168.$net.2" lladdr "$(mac w-t2 "$name")" dev "$name" nud permanent
		ip -n w-t2 neigh replace "192.168.$net.1" lladdr "$(mac w-t1 "$name")" dev "$name" nud permanent
	fi
}
tunnel gre1 1 no - type gre ttl 64
tunnel ipip1 2 no - type ipip ttl 64
# (vxlan, unlike gre and ipip, does not size its MTU from the underlay: 1500 - 50 by hand, else
# every full segment would be fragmented on the underlay)
tunnel vx42 3 yes 1450 type vxlan id 42 dstport 4789
tunnel vxf 4 yes 1450 type vxlan id 15728640 dstport 4790
# name, inner net, outer protocol, outer bytes per packet (IP 20 + GRE 4 | IP 20 | IP 20 + UDP 8
# + VXLAN 8 + inner Ethernet 14), and what the tunnel device's own counters add to the inner IP
# packet (none: ip_tunnel and vxlan both count the inner packet from its IP header on)
for t in "gre1 1 47 24 0" "ipip1 2 4 20 0" "vx42 3 17 50 0" "vxf 4 17 50 0"; do
	read -r name net outer over hdr <<<"$t"
	snap in1 w-t1 "$name"
	snap ul1 w-t1 t0
	nsx w-t1 ping -n -q -c 5 -i 0.01 "192.168.$net.2" >/dev/null
	settle
	wire_check "$name: 5 pings inside" in1 w-t1 "$name" "$hdr" "5 420 5 420"
	wire_check "$name: 5 pings, outer" ul1 w-t1 t0 14 "5 $((420 + 5 * over)) 5 $((420 + 5 * over))"

	# bulk TCP: the tunnel device sends GSO skbs, the underlay encapsulated GSO skbs
	exact_tcp "w-t1 w-t2" tunnel_equation tunnel_tcp "192.168.$net.2"
	check "$name: bulk TCP transfer completed, nothing retransmitted" "0" "$?"
	read -r irp irb itp itb <<<"$(row w-t1 "$name" ipv4 6)"
	read -r orp orb otp otb <<<"$(row w-t1 t0 ipv4 $outer)"
	check "$name TCP: inner bytes = payload + 52 per segment + 16 (SYN options)" \
		"$((K + 8 + 52 * (itp + irp) + 16))" "$((itb + irb))"
	check "$name TCP sent: one outer packet per inner segment, $over B more each" \
		"$itp $((itb + over * itp))" "$otp $otb"
	check "$name TCP received: one outer packet per inner segment, $over B more each" \
		"$irp $((irb + over * irp))" "$orp $orb"
	check "$name TCP: the peer received what was sent, inside and outside" \
		"$itp $itb $otp $otb" "$(row w-t2 "$name" ipv4 6 | awk '{print $1, $2}') $(row w-t2 t0 ipv4 $outer | awk '{print $1, $2}')"
done

pretty "the same transfers with segmentation offloads off: netmon = each device's own counters"
for ns in w-t1 w-t2; do
	for dev in t0 gre1 ipip1 vx42 vxf; do
		nsx $ns ethtool -K $dev tso off gso off gro off 2>/dev/null
	done
done
for t in "gre1 1" "ipip1 2" "vx42 3" "vxf 4"; do
	read -r name net <<<"$t"
	snap i1 w-t1 "$name"
	snap u1 w-t1 t0
	snap i2 w-t2 "$name"
	snap u2 w-t2 t0
	srv=$(mktemp)
	nsx w-t2 "$NMTEST" tcpserve "192.168.$net.2" 5002 > "$srv" 2>&1 &
	srv_pid=$!
	wait_ready "$srv"
	nsx w-t1 "$NMTEST" tcpsend "192.168.$net.2" 5002 100000
	wait $srv_pid
	rm -f "$srv"
	settle
	wire_same "$name, 100 kB TCP, no offloads, sender" i1 w-t1 "$name" 0
	wire_same "$name, 100 kB TCP, no offloads, sender underlay" u1 w-t1 t0 14
	wire_same "$name, 100 kB TCP, no offloads, receiver" i2 w-t2 "$name" 0
	wire_same "$name, 100 kB TCP, no offloads, receiver underlay" u2 w-t2 t0 14
done

pretty "UDP GSO: one send of 20 segments is 20 datagrams"
nm_reset w-t1
nm_reset w-t2
sink_start w-t2 10.25.0.2 9 20
nsx w-t1 "$NMTEST" udpgso 10.25.0.2 9 20 1000
sink_wait "UDP GSO" 20
check "UDP GSO: 20 datagrams of 1,028 B sent" "0 0 20 20560" "$(row w-t1 t0 ipv4 17)"
check "UDP GSO: 20 datagrams of 1,028 B received" "20 20560 0 0" "$(row w-t2 t0 ipv4 17)"

# --- 6. bridges, with br_netfilter loaded before and after netmon ----------------------------------
pretty "a bridge: each frame on each port it crosses, and on the bridge when it is for the bridge"
new_ns w-br
new_ns w-ba
new_ns w-bb
for ns in w-br w-ba w-bb; do no_ipv6 $ns; done
bridge_ports w-br "pa w-ba ba0 10.26.0.2" "pb w-bb bb0 10.26.0.3" || fail "a bridge with ports pa and pb"
ip -n w-br addr add 10.26.0.1/24 dev br0
ip -n w-br link set br0 up
ip -n w-ba neigh replace 10.26.0.1 lladdr "$(mac w-br br0)" dev ba0 nud permanent
ip -n w-ba neigh replace 10.26.0.3 lladdr "$(mac w-bb bb0)" dev ba0 nud permanent
ip -n w-bb neigh replace 10.26.0.2 lladdr "$(mac w-ba ba0)" dev bb0 nud permanent
ip -n w-br neigh replace 10.26.0.2 lladdr "$(mac w-ba ba0)" dev br0 nud permanent
# bridge_other: netmon's rows of pa, pb and br0 that are not IPv4 ICMP (not the pings')
bridge_other() { rows w-br | awk '$2 ~ /^(pa|pb|br0)$/ && !($3 == "ipv4" && $4 == 1)'; }
# bridge_pings TARGET: 10 pings from w-ba to TARGET, with pa, pb and br0 snapped just before;
# again, three times at most, while a frame that is not the pings' (anything but IPv4 ICMP in
# netmon's rows of the three) crossed the bridge meanwhile: a fresh bridge's ports have been seen
# to carry one spontaneous 40-byte IPv4 frame (in 1 run of about 10). Every attempt done again
# names the rows that moved; the checks that follow hold the last attempt to the exact counts.
bridge_pings() {
	local i before after moved
	for i in 1 2 3; do
		settle
		before=$(bridge_other)
		snap pa w-br pa
		snap pb w-br pb
		snap br w-br br0
		nsx w-ba ping -n -q -c 10 -i 0.01 "$1" >/dev/null
		settle
		after=$(bridge_other)
		[ "$before" = "$after" ] && return 0
		moved=$(diff <(echo "$before") <(echo "$after") | sed -n 's/^> //p' | paste -sd';')
		echo "     (pings $i to $1: other traffic crossed the bridge, rows now: $moved; once more)"
	done
}
bridge_round() {	# bridge_round WHEN
	bridge_pings 10.26.0.1
	wire_check "$1: 10 pings to the bridge's address, port pa" pa w-br pa 14 "10 840 10 840"
	# (the bridge's own counters take what it receives without its Ethernet header)
	wire_check "$1: 10 pings to the bridge's address, the bridge" br w-br br0 0/14 "10 840 10 840"
	wire_check "$1: 10 pings to the bridge's address, port pb (none)" pb w-br pb 14 "0 0 0 0"
	bridge_pings 10.26.0.3
	wire_check "$1: 10 pings across the bridge, port pa" pa w-br pa 14 "10 840 10 840"
	wire_check "$1: 10 pings across the bridge, port pb" pb w-br pb 14 "10 840 10 840"
	wire_check "$1: 10 pings across the bridge, the bridge itself (none)" br w-br br0 0/14 "0 0 0 0"
}
bridge_round "without br_netfilter"
rmmod netmon
modprobe br_netfilter
check "br_netfilter loaded, calling ip hooks for bridged frames" "1" \
	"$(nsx w-br sysctl -n net.bridge.bridge-nf-call-iptables)"
insmod "$KO"
bridge_round "netmon loaded after br_netfilter"
rmmod netmon
rmmod br_netfilter
insmod "$KO"
modprobe br_netfilter
bridge_round "netmon loaded before br_netfilter"
rmmod br_netfilter

# --- 7. readers ----------------------------------------------------------------------------------
pretty "a reader one byte at a time sees what cat sees"
check "dd bs=1 = cat (namespace w-t1, $(rows w-t1 | wc -l) rows)" "$(cat "$(netfile w-t1 netmon)")" \
	"$(dd if="$(netfile w-t1 netmon)" bs=1 status=none)"

wire_cleanup
rmmod netmon
check "rmmod after the wire tests" "0" "$?"
