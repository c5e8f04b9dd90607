# SPDX-License-Identifier: GPL-2.0
# lib-guest.sh - what the guest scripts share (run-guest-tests.sh, wire-guest-tests.sh,
# stress-guest.sh): checks that count, namespaces, and reading /proc/net/netmon and /proc/net/dev.
# Sourced INSIDE a QEMU guest, never on a development machine.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
NMTEST=${NMTEST:-$REPO/build/kmod/tools/nmtest}
KVER=$(uname -r)
OUT=${GUEST_OUT:-/tmp}
PROC=/proc/net/netmon
passed=${passed:-0} failed=${failed:-0}

pretty() { echo "[+] $* (${SECONDS}s)"; }
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() {	# check NAME EXPECTED ACTUAL
	if [ "$2" == "$3" ]; then
		pass "$1"
	else
		fail "$1"
		echo "     expected: $(printf '%s' "$2" | sed -n '1p;2,$s/^/               /p')"
		echo "     actual:   $(printf '%s' "$3" | sed -n '1p;2,$s/^/               /p')"
	fi
}

# The project's version, as kmod/build.sh gives it to the module.
project_version() {
	sed -n '/<artifactId>netmon<\/artifactId>/,/<version>/s|.*<version>\(.*\)</version>.*|\1|p' "$REPO/pom.xml" | sed -n 1p
}

# Every process start costs a tenth of a second or more under TCG, and the checks read /proc
# thousands of times: each namespace made here has a holder process (sleep), and its files are
# read as /proc/<holder>/net/... with bash builtins, never through `ip netns exec cat`.
declare -A NSPID=([-]=$$)

# nsx NS CMD...: run CMD in network namespace NS ("-" is the init namespace).
nsx() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then "$@"; else nsenter --net="/run/netns/$ns" -- "$@"; fi
}

new_ns() {	# new_ns NAME: a namespace with lo up, and its holder
	del_ns "$1"
	ip netns add "$1" && ip -n "$1" link set lo up || return 1
	nsenter --net="/run/netns/$1" -- sleep infinity &
	NSPID[$1]=$!
}

del_ns() {	# del_ns NAME: the namespace goes (its holder first, so it really goes)
	if [ -n "${NSPID[$1]:-}" ]; then
		kill "${NSPID[$1]}" 2>/dev/null || true
		wait "${NSPID[$1]}" 2>/dev/null || true
		unset "NSPID[$1]"
	fi
	ip netns del "$1" 2>/dev/null || true
}

del_all_ns() {	# every namespace made with new_ns
	local ns
	for ns in "${!NSPID[@]}"; do [ "$ns" = - ] || del_ns "$ns"; done
}

no_ipv6() {	# no_ipv6 NS: no IPv6 on the interfaces NS will have (no autoconfiguration traffic)
	sysctl_ns "$1" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# sysctl_ns NS KEY=VALUE...: set sysctls in NS (they follow the writer's namespace, not a path)
sysctl_ns() {
	local ns=$1
	shift
	nsx "$ns" sysctl -q -w "$@"
}

# netfile NS NAME: the path of /proc/net/NAME as NS sees it
netfile() { echo "/proc/${NSPID[$1]}/net/$2"; }

# rows NS: the rows of that namespace's file (no header lines)
rows() {
	local -a lines
	mapfile -t lines < "$(netfile "$1" netmon)" || return 1
	[ ${#lines[@]} -gt 2 ] && printf '%s\n' "${lines[@]:2}"
	return 0
}

# row NS IFNAME FAMILY PROTO: the four counters of one row, "0 0 0 0" when there is none
row() {
	local i n f p a b c d
	while read -r i n f p a b c d; do
		if [ "$n" = "$2" ] && [ "$f" = "$3" ] && [ "$p" = "$4" ]; then
			echo "$a $b $c $d"
			return 0
		fi
	done < <(rows "$1")
	echo "0 0 0 0"
}

# nm_dev NS IFNAME: netmon's totals for one interface, over every family and protocol:
# "rx_packets rx_bytes tx_packets tx_bytes"
nm_dev() {
	local i n f p a b c d ra=0 rb=0 rc=0 rd=0
	while read -r i n f p a b c d; do
		[ "$n" = "$2" ] || continue
		ra=$((ra + a)) rb=$((rb + b)) rc=$((rc + c)) rd=$((rd + d))
	done < <(rows "$1")
	echo "$ra $rb $rc $rd"
}

# dev_stat NS IFNAME: the interface's own counters from /proc/net/dev: "rxp rxb txp txb"
dev_stat() {
	local line name
	local -a v
	while IFS= read -r line; do
		name=${line%%:*}
		name=${name// /}
		[ "$name" = "$2" ] || continue
		read -r -a v <<<"${line#*:}"
		echo "${v[1]} ${v[0]} ${v[9]} ${v[8]}"
		return 0
	done < "$(netfile "$1" dev)"
	echo "dev_stat: no $2 in $1" >&2
	return 1
}

# minus "a b c d" "e f g h" -> element-wise a-e ...
minus() {
	local -a x=($1) y=($2)
	echo "$((x[0] - y[0])) $((x[1] - y[1])) $((x[2] - y[2])) $((x[3] - y[3]))"
}

# l3 "rxp rxb txp txb" LINKHDR: the same with LINKHDR bytes taken off every packet (the wire's
# frames less their link header: what netmon counts). LINKHDR is one number, or RX/TX where a
# device counts the two directions differently (a bridge counts what it receives without it).
l3() {
	local -a x=($1)
	local rx=${2%/*} tx=${2#*/}
	echo "${x[0]} $((x[1] - rx * x[0])) ${x[2]} $((x[3] - tx * x[2]))"
}

nm_reset() { "$NMTEST" write "$(netfile "$1" netmon)" reset >/dev/null; }

# bridge_ports BRNS "PORT NS DEV ADDR"...: br0 (no STP) in BRNS, and for each PORT a veth enslaved
# to it whose peer DEV is in NS with ADDR/24, both ends up; br0 itself is left down
bridge_ports() {
	local br=$1 p port ns dev addr
	shift
	ip -n "$br" link add br0 type bridge stp_state 0 || return 1
	for p in "$@"; do
		read -r port ns dev addr <<<"$p"
		ip -n "$br" link add "$port" type veth peer name "$dev" netns "$ns" &&
			ip -n "$br" link set "$port" master br0 &&
			ip -n "$br" link set "$port" up &&
			ip -n "$ns" addr add "$addr/24" dev "$dev" &&
			ip -n "$ns" link set "$dev" up || return 1
	done
}

# steady_tcp NS ROUTE...: TCP in NS whose byte count the tests can predict: no SACK (a segment
# that arrives out of order would make the receiver add a 12-byte SACK block to its ACKs), no
# tail-loss probes, and a 5 s minimum retransmission timeout on each ROUTE (ip route arguments,
# replaced with rto_min added): a TCG guest starved by a busy host sees its clock jump past the
# 200 ms default and retransmits what was never lost. What goes twice anyway, exact_tcp redoes.
steady_tcp() {
	local ns=$1
	shift
	nsx "$ns" sysctl -q -w net.ipv4.tcp_early_retrans=0 net.ipv4.tcp_sack=0 net.ipv4.tcp_dsack=0 ||
		return 1
	while [ $# -gt 0 ]; do
		# shellcheck disable=SC2086 # a route is a word list
		ip -n "$ns" route replace $1 rto_min 5s || return 1
		shift
	done
}

# exact_tcp "NS..." VERIFY CMD...: reset netmon in each NS, run the TCP transfer CMD, then VERIFY
# (a command that prints what is off and fails when netmon's bytes miss the transfer's equation);
# again, three times at most, while CMD reports retransmitted segments (nmtest's exit status 3)
# or VERIFY fails. Every attempt that is done again says why in the log. The checks that follow
# then hold the last attempt to the equations, so three misses in a row fail the test. Why
# attempts are needed: 6.1 guests miss the equation by exactly 12 bytes in about one transfer of
# five (kmod/README.md, "Exactly 12 bytes off"); the cause is not found yet. Run CMD on one CPU
# (taskset -c 0).
exact_tcp() {
	local nss=$1 verify=$2 ns i rc off
	shift 2
	for i in 1 2 3; do
		for ns in $nss; do nm_reset "$ns"; done
		"$@"
		rc=$?
		if [ $rc -eq 3 ]; then
			echo "     (transfer $i retransmitted a segment: counters reset, once more)"
			continue
		fi
		[ $rc -eq 0 ] || return $rc
		off=$("$verify") && return 0
		echo "     (transfer $i: $off; counters reset, once more)"
	done
	return $rc
}

# snap NAME NS IFNAME: remember netmon's and the device's counters of IFNAME under NAME
declare -A SNAP_NM=() SNAP_DEV=()
snap() {
	SNAP_NM[$1]=$(nm_dev "$2" "$3")
	SNAP_DEV[$1]=$(dev_stat "$2" "$3")
}

# wire_check WHAT NAME NS IFNAME LINKHDR EXPECTED: since snap NAME, netmon's counts of IFNAME
# moved by EXPECTED ("rxp rxb txp txb"), and so did the device's own counters less LINKHDR per frame
wire_check() {
	local what=$1 name=$2 ns=$3 dev=$4 hdr=$5 expected=$6 nm wire
	nm=$(minus "$(nm_dev "$ns" "$dev")" "${SNAP_NM[$name]}")
	wire=$(l3 "$(minus "$(dev_stat "$ns" "$dev")" "${SNAP_DEV[$name]}")" "$hdr")
	check "$what: netmon on $dev" "$expected" "$nm"
	check "$what: the wire of $dev (/proc/net/dev less $hdr B a frame)" "$expected" "$wire"
	wire_row "$what" "$dev" "$expected" "$nm" "$wire"
}

# wire_row WHAT DEV EXPECTED NETMON WIRE: one row of $OUT/wire-table.md, the table of every
# comparison ("rx packets/bytes, tx packets/bytes")
wire_row() {
	local f=$OUT/wire-table.md
	[ -f "$f" ] || printf '| path | device | expected | netmon | wire |\n|---|---|---|---|---|\n' > "$f"
	printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "${3// / · }" "${4// / · }" "${5// / · }" >> "$f"
}

# wire_same WHAT NAME NS IFNAME LINKHDR: since snap NAME, netmon's counts of IFNAME moved exactly as
# the device's own counters less LINKHDR per frame (for traffic whose exact size is not known)
wire_same() {
	local nm dev
	nm=$(minus "$(nm_dev "$3" "$4")" "${SNAP_NM[$2]}")
	dev=$(l3 "$(minus "$(dev_stat "$3" "$4")" "${SNAP_DEV[$2]}")" "$5")
	check "$1: netmon on $4 = its wire ($dev)" "$dev" "$nm"
	wire_row "$1" "$4" "-" "$nm" "$dev"
}

# ifindex NS IFNAME: the interface's index (sysfs would show the init namespace's through nsx)
ifindex() {
	local out
	out=$(ip -n "$1" -o link show dev "$2") || return 1
	echo "${out%%:*}"
}

# mac NS IFNAME: the interface's link-layer address
mac() {
	local out
	out=$(ip -n "$1" -o link show dev "$2") || return 1
	out=${out#*link/* }
	echo "${out%% *}"
}

# veth_pair NS1 DEV1 ADDR1 NS2 DEV2 ADDR2 [MTU]: a veth pair between two namespaces, addresses
# (CIDR) given, up, with static neighbours both ways so no ARP frame is on the wire.
veth_pair() {
	local ns1=$1 d1=$2 a1=$3 ns2=$4 d2=$5 a2=$6 mtu=${7:-1500}
	ip -n "$ns1" link add "$d1" mtu "$mtu" type veth peer name "$d2" netns "$ns2" mtu "$mtu"
	ip -n "$ns1" addr add "$a1" dev "$d1"
	ip -n "$ns2" addr add "$a2" dev "$d2"
	ip -n "$ns1" link set "$d1" up
	ip -n "$ns2" link set "$d2" up
	ip -n "$ns1" neigh replace "${a2%/*}" lladdr "$(mac "$ns2" "$d2")" dev "$d1" nud permanent
	ip -n "$ns2" neigh replace "${a1%/*}" lladdr "$(mac "$ns1" "$d1")" dev "$d2" nud permanent
}

# wait_ready FILE: wait (at most 10 s) for a background nmtest to print "ready" into FILE
wait_ready() {
	local i
	for i in $(seq 1 100); do
		grep -q '^ready' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "     (no 'ready' in $1)"
	return 1
}

# settle: let deferred work run (RCU callbacks, neighbour timers) before a snapshot is compared.
settle() { sleep "${1:-0.3}"; }

summary() {	# summary NAME: the last line, also in $OUT/summary.txt; exit status
	echo "$1 $KVER: $passed passed, $failed failed" | tee "$OUT/summary.txt"
	[ "$failed" = 0 ]
}
