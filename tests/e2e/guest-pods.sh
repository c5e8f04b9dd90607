#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end, inside a QEMU guest (tools/guest/run.sh): a node laid out as the kubelet lays it out, read
# by the service running as uid 65532 with no capability; exact counts per pod over HTTP and in /metrics.
#
#   node: the init netns                         pods: a netns each, its process in a kubelet pod cgroup
#   +-----------------------------------+        +--------------------------------------------+
#   | lo; netmon serve :3000 (uid 65532)|        | default/web-0     eth0 10.244.1.1  (pings) |
#   | vweb, vdb, vloader: 10.244.254.1  |==veth==| default/db-0      eth0 10.244.1.2  (sink)  |
#   |   each, a /32 route to its pod,   |        | batch/loader-x7   eth0 10.244.1.3  (UDP)   |
#   |   forwarding between them         |        +--------------------------------------------+
#   | kube-system/node-agent: a process |        no IPv6, static neighbours: no frame but ours
#   |   of the node's netns (host network)
#   +-----------------------------------+
#
# Pod cgroups under the guest's cgroup2: kubepods.slice/kubepods-<qos>.slice/kubepods-<qos>-pod<uid_>.slice/
# cri-containerd-<id>.scope (systemd driver) for three of them, kubepods/besteffort/pod<uid>/<id> (cgroupfs)
# for the loader: the service reads either. Names from <tmpfs>/pod-logs/<namespace>_<name>_<uid>/ (the
# guest's /var/log is the host's, read-only).
#
# 1. module loaded: N pings web-0 -> db-0 and M UDP datagrams of S bytes loader-x7 -> db-0; /network/pods
#    and /metrics give exactly those packets and bytes per pod and protocol, and nothing else; the node's
#    namespace-wide ICMP is its own (each ping crosses two node veths: 2N each way); node-agent is on the
#    host's network and has nothing of its own.
# 2. rmmod: the same traffic again (N2, M2): packets from each pod's snmp, bytes per interface.
# 3. db-0 deleted (process, cgroup, log directory, netns): gone from /network/pods and /metrics within
#    two samples.
#
# Usage (in the guest): guest-pods.sh NETMON_KO NETMON_JAR NMTEST
set -euo pipefail

ko=$1 jar=$2 nmtest=$3
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
out=${GUEST_OUT:-/tmp}
cg=/sys/fs/cgroup
logs=/tmp/pod-logs
unprivileged=(setpriv --reuid=65532 --regid=65532 --clear-groups --inh-caps=-all --bounding-set=-all --)
N=13 M=7 S=1000 N2=5 M2=3
IP_HDR=20 UDP_HDR=8 ETH_HDR=14
PING=84	# a 56-byte ping: 20 IP + 8 ICMP + 56
GATEWAY=10.244.254.1

pods=(web db loader)
declare -A NS=([web]=default [db]=default [loader]=batch [agent]=kube-system)
declare -A NAME=([web]=web-0 [db]=db-0 [loader]=loader-x7 [agent]=node-agent)
declare -A UID_OF=([web]=3f6c2a1e-7b8d-4e9f-a0b1-c2d3e4f5a6b7 [db]=5d4c3b2a-1f0e-4d9c-8b7a-695847362514
	[loader]=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d [agent]=e7d6c5b4-a392-4817-9605-f4e3d2c1b0a9)
declare -A IP=([web]=10.244.1.1 [db]=10.244.1.2 [loader]=10.244.1.3)
declare -A HOLDER=() PODDIR=()
server="" sink=""

step() { echo "[+] $* (${SECONDS}s)"; }

cleanup() {
	local rc=$?
	for pid in $server $sink "${HOLDER[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	for pod in "${pods[@]}"; do ip netns del "$pod" 2>/dev/null || true; done
	if grep -q '^netmon ' /proc/modules; then rmmod netmon || true; fi
	exit "$rc"
}
trap cleanup EXIT

# place POD PID DRIVER QOS: PID into a kubelet-style cgroup of POD (its pod cgroup and one container's)
place() {
	local pod=$1 pid=$2 driver=$3 qos=$4 uid=${UID_OF[$1]} dir container
	container=$(printf '%064x' "$pid")
	if [ "$driver" = systemd ]; then
		dir=$cg/kubepods.slice/kubepods-$qos.slice/kubepods-$qos-pod${uid//-/_}.slice
		container=cri-containerd-$container.scope
	else
		dir=$cg/kubepods/$qos/pod$uid
	fi
	mkdir -p "$dir/$container" "$logs/${NS[$pod]}_${NAME[$pod]}_$uid/app"
	echo "$pid" > "$dir/$container/cgroup.procs"
	PODDIR[$pod]=$dir
}

# mk_pod POD DRIVER QOS: the pod's netns (no IPv6, lo up), its process, its veth to the node (addresses
# chosen here, so neighbours are static both ways without asking), routes, its cgroup and log directory.
# Two `ip -batch` per pod: a process start costs a tenth of a second under TCG.
mk_pod() {
	local pod=$1 ip=${IP[$1]} last=${IP[$1]##*.}
	local node_mac=02:00:0a:f4:fe:0$last pod_mac=02:00:0a:f4:01:0$last
	ip netns add "$pod"
	ip netns exec "$pod" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	nsenter --net="/run/netns/$pod" -- sleep infinity &
	HOLDER[$pod]=$!
	ip -batch - <<-EOF
		link add v$pod address $node_mac type veth peer name eth0 address $pod_mac netns $pod
		addr add $GATEWAY/32 dev v$pod
		link set v$pod up
		route add $ip/32 dev v$pod
		neigh replace $ip lladdr $pod_mac dev v$pod nud permanent
	EOF
	ip -n "$pod" -batch - <<-EOF
		link set lo up
		addr add $ip/32 dev eth0
		link set eth0 up
		route add $GATEWAY dev eth0
		route add default via $GATEWAY dev eth0
		neigh replace $GATEWAY lladdr $node_mac dev eth0 nud permanent
	EOF
	place "$pod" "${HOLDER[$pod]}" "$2" "$3"
}

# pod POD [QUERY]: GET /network/pods/<namespace>/<name>[?QUERY]
pod() { fetch "/network/pods/${NS[$1]}/${NAME[$1]}${2:+?$2}"; }

# proto POD PROTO FAMILY: "rxp rxb txp txb" of one namespace-wide row of the pod ("null" bytes without the module)
proto() {
	local doc
	doc=$(pod "$1" "protocol=$2&family=$3")
	[[ $doc =~ \"protocol\":\"$2\",\"number\":[0-9]+,\"packets_received\":([0-9]+),\"bytes_received\":([0-9a-z]+),\"packets_sent\":([0-9]+),\"bytes_sent\":([0-9a-z]+) ]] \
		|| { echo "no $3 $2 row in $doc" >&2; return 1; }
	echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]} ${BASH_REMATCH[4]}"
}

# rows POD: the pod's protocol rows, "family/protocol" each, in the answer's order
rows() {
	local doc found=()
	doc=$(pod "$1")
	doc=${doc#*\"protocols\":\[}
	doc=${doc%%\]*}
	while [[ $doc =~ \"family\":\"([a-z0-9]+)\",\"protocol\":\"([a-z0-9-]+)\" ]]; do
		found+=("${BASH_REMATCH[1]}/${BASH_REMATCH[2]}")
		doc=${doc#*"${BASH_REMATCH[0]}"}
	done
	echo "${found[*]:-}"
}

# eth0 POD: "rxp rxb txp txb" of the pod's eth0, from its /proc/<pid>/net/dev through the service
eth0() {
	local doc
	doc=$(pod "$1" "protocol=icmp")
	[[ $doc =~ \"interface\":\"eth0\",\"bytes_received\":([0-9]+),\"packets_received\":([0-9]+),[^}]*,\"bytes_sent\":([0-9]+),\"packets_sent\":([0-9]+) ]] \
		|| { echo "no eth0 in $doc" >&2; return 1; }
	echo "${BASH_REMATCH[2]} ${BASH_REMATCH[1]} ${BASH_REMATCH[4]} ${BASH_REMATCH[3]}"
}

# metric TEXT NAME LABELS: the value of one series of a /metrics body, as an integer ("absent" when none)
metric() {
	local line key=$2
	[ -z "$3" ] || key+="{$3}"
	while IFS= read -r line; do
		if [[ $line == "$key "* ]]; then
			line=${line##* }
			printf '%.0f\n' "$line"
			return 0
		fi
	done <<<"$1"
	echo absent
}

# pod_metrics TEXT POD NAME: "rxp rxb txp txb" of netmon_pod_<NAME>_{packets,bytes}_total per direction
# for the pod's ipv4 icmp/udp row NAME ("protocol_icmp", "snmp_protocol_udp"), or its traffic ("traffic")
pod_metrics() {
	local text=$1 who="namespace=\"${NS[$2]}\",pod=\"${NAME[$2]}\"" kind=$3 p
	if [ "$kind" = traffic ]; then
		echo "$(metric "$text" netmon_pod_receive_packets_total "$who") $(metric "$text" netmon_pod_receive_bytes_total "$who")" \
			"$(metric "$text" netmon_pod_transmit_packets_total "$who") $(metric "$text" netmon_pod_transmit_bytes_total "$who")"
		return 0
	fi
	p=${kind##*_} kind=${kind%_*}
	local rx="direction=\"receive\",family=\"ipv4\",$who,protocol=\"$p\"" tx="direction=\"transmit\",family=\"ipv4\",$who,protocol=\"$p\""
	if [ "$kind" = protocol ]; then
		echo "$(metric "$text" netmon_pod_protocol_packets_total "$rx") $(metric "$text" netmon_pod_protocol_bytes_total "$rx")" \
			"$(metric "$text" netmon_pod_protocol_packets_total "$tx") $(metric "$text" netmon_pod_protocol_bytes_total "$tx")"
	else
		echo "$(metric "$text" netmon_pod_snmp_protocol_packets_total "$rx") $(metric "$text" netmon_pod_snmp_protocol_packets_total "$tx")"
	fi
}

# traffic K L: K pings web-0 -> db-0, then L UDP datagrams of S bytes loader-x7 -> db-0, received by a sink
traffic() {
	ip netns exec web ping -q -c "$1" -i 0.01 "${IP[db]}" > /dev/null
	nsenter --net=/run/netns/db -- "$nmtest" sink "${IP[db]}" 9000 "$2" 30 > "$out/sink.txt" &
	sink=$!
	for _ in $(seq 1 100); do grep -q '^ready' "$out/sink.txt" 2>/dev/null && break; sleep 0.1; done
	nsenter --net=/run/netns/loader -- "$nmtest" udpto "${IP[db]}" 9000 "$2" "$S"
	wait "$sink"
	sink=""
	check "the sink received the datagrams" "received $2" "$(tail -n 1 "$out/sink.txt")"
}

step "the node: forwarding, no IPv6, three pods and one on the host's network"
sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
insmod "$ko"
mk_pod web systemd burstable
mk_pod db systemd besteffort
mk_pod loader cgroupfs besteffort
sleep infinity &
HOLDER[agent]=$!
place agent "${HOLDER[agent]}" systemd burstable

step "the service as uid 65532 without capabilities"
mkdir -p /tmp/netmon-tmp
chown 65532:65532 /tmp/netmon-tmp
"${unprivileged[@]}" java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.io.tmpdir=/tmp/netmon-tmp \
	-Djna.tmpdir=/tmp/netmon-tmp -jar "$jar" serve --port "$port" --interval 200ms --pod-log-root "$logs" \
	--pod-metrics protocols > "$out/serve.log" 2>&1 &
server=$!
wait_service "$server" "$out/serve.log"
declare -A status=()
while read -r key value _; do status[$key]=$value; done < "/proc/$server/status"
check "the service's uid" 65532 "${status[Uid:]}"
check "its effective capabilities" 0000000000000000 "${status[CapEff:]}"
check "its bounding set" 0000000000000000 "${status[CapBnd:]}"
# what the service cannot do (stat a process's ns/net needs ptrace rights), and what it does instead
if "${unprivileged[@]}" stat -L -c %i "/proc/${HOLDER[web]}/ns/net" > /dev/null 2>&1; then
	check "uid 65532 cannot stat /proc/<pid>/ns/net of another user's process" refused allowed
else
	check "uid 65532 cannot stat /proc/<pid>/ns/net of another user's process" refused refused
fi

step "1. with the module: $N pings web-0 -> db-0, $M UDP datagrams of $S B loader-x7 -> db-0"
traffic "$N" "$M"
fresh
ping=$((N * PING)) udp=$((M * (S + UDP_HDR + IP_HDR)))
check "web-0 ipv4 icmp" "$N $ping $N $ping" "$(proto web icmp ipv4)"
check "db-0 ipv4 icmp" "$N $ping $N $ping" "$(proto db icmp ipv4)"
check "db-0 ipv4 udp" "$M $udp 0 0" "$(proto db udp ipv4)"
check "loader-x7 ipv4 udp" "0 0 $M $udp" "$(proto loader udp ipv4)"
check "web-0's rows: its pings alone" "ipv4/icmp" "$(rows web)"
check "db-0's rows" "ipv4/icmp ipv4/udp" "$(rows db)"
check "loader-x7's rows" "ipv4/udp" "$(rows loader)"
check "web-0 eth0 (/proc/<pid>/net/dev)" "$N $((N * (PING + ETH_HDR))) $N $((N * (PING + ETH_HDR)))" "$(eth0 web)"
check "db-0 eth0" "$((N + M)) $((N * (PING + ETH_HDR) + M * (S + 42))) $N $((N * (PING + ETH_HDR)))" "$(eth0 db)"
check "loader-x7 eth0" "0 0 $M $((M * (S + 42)))" "$(eth0 loader)"
agent=$(pod agent)
check "node-agent is on the host's network, with nothing of its own" \
	'"host_network":true,"interfaces":[],"protocols":[]' "$([[ $agent =~ \"host_network\":true,\"interfaces\":\[\],\"protocols\":\[\] ]] && echo "${BASH_REMATCH[0]}")"
node=$(fetch "/network/protocols?protocol=icmp&family=ipv4")
check "the node's namespace-wide icmp: each ping on two of its veths, no pod's counted in" \
	"$((2 * N)) $((2 * ping)) $((2 * N)) $((2 * ping))" \
	"$([[ $node =~ \"packets_received\":([0-9]+),\"bytes_received\":([0-9]+),\"packets_sent\":([0-9]+),\"bytes_sent\":([0-9]+) ]] && echo "${BASH_REMATCH[*]:1}")"
metrics=$(fetch /metrics)
check "/metrics web-0 icmp" "$N $ping $N $ping" "$(pod_metrics "$metrics" web protocol_icmp)"
check "/metrics db-0 udp" "$M $udp 0 0" "$(pod_metrics "$metrics" db protocol_udp)"
check "/metrics loader-x7 udp" "0 0 $M $udp" "$(pod_metrics "$metrics" loader protocol_udp)"
check "/metrics db-0 traffic (eth0; lo left out)" "$(eth0 db)" "$(pod_metrics "$metrics" db traffic)"
check "/metrics: node-agent has no series" absent "$(metric "$metrics" netmon_pod_receive_bytes_total 'namespace="kube-system",pod="node-agent"')"
check "/metrics: pods with series" 3 "$(metric "$metrics" netmon_pods '')"
fetch /network/pods > "$out/pods-kmod.json"

step "2. without the module: $N2 pings and $M2 datagrams more"
rmmod netmon
fresh
check "the source without the module" procfs "$(fetch /network/pods | sed -n 's/^{"source":"\([a-z]*\)".*/\1/p')"
declare -A icmp0=() udp0=() dev0=() traffic0=()
metrics=$(fetch /metrics)
for p in "${pods[@]}"; do
	icmp0[$p]=$(proto "$p" icmp ipv4) udp0[$p]=$(proto "$p" udp ipv4) dev0[$p]=$(eth0 "$p")
	traffic0[$p]=$(pod_metrics "$metrics" "$p" traffic)
done
web_snmp0=$(pod_metrics "$metrics" web snmp_protocol_icmp)
traffic "$N2" "$M2"
fresh
nulls() { sed 's/null/0/g' <<<"$1"; }
for p in web db; do
	check "${NAME[$p]} ipv4 icmp packets from its snmp (rxp rxb txp txb)" "$N2 0 $N2 0" \
		"$(minus "$(nulls "$(proto "$p" icmp ipv4)")" "$(nulls "${icmp0[$p]}")")"
done
check "db-0 ipv4 udp packets from its snmp" "$M2 0 0 0" "$(minus "$(nulls "$(proto db udp ipv4)")" "$(nulls "${udp0[db]}")")"
check "loader-x7 ipv4 udp packets from its snmp" "0 0 $M2 0" "$(minus "$(nulls "$(proto loader udp ipv4)")" "$(nulls "${udp0[loader]}")")"
check "procfs has no protocol bytes" "null null" "$(proto web icmp ipv4 | awk '{print $2, $4}')"
check "web-0 eth0 bytes" "$N2 $((N2 * (PING + ETH_HDR))) $N2 $((N2 * (PING + ETH_HDR)))" "$(minus "$(eth0 web)" "${dev0[web]}")"
check "db-0 eth0 bytes" "$((N2 + M2)) $((N2 * (PING + ETH_HDR) + M2 * (S + 42))) $N2 $((N2 * (PING + ETH_HDR)))" \
	"$(minus "$(eth0 db)" "${dev0[db]}")"
check "loader-x7 eth0 bytes" "0 0 $M2 $((M2 * (S + 42)))" "$(minus "$(eth0 loader)" "${dev0[loader]}")"
agent=$(pod agent)
check "node-agent still on the host's network (its net/dev's inode is the node's)" true \
	"$([[ $agent =~ \"host_network\":(true|false) ]] && echo "${BASH_REMATCH[1]}")"
metrics=$(fetch /metrics)
check "/metrics web-0 icmp from its snmp" "$((${web_snmp0% *} + N2)) $((${web_snmp0#* } + N2))" \
	"$(pod_metrics "$metrics" web snmp_protocol_icmp)"
check "/metrics: no module rows without the module" absent \
	"$(metric "$metrics" netmon_pod_protocol_packets_total 'direction="receive",family="ipv4",namespace="default",pod="web-0",protocol="icmp"')"
for p in "${pods[@]}"; do
	check "/metrics ${NAME[$p]} traffic" "$(minus "$(eth0 "$p")" "${dev0[$p]}")" \
		"$(minus "$(pod_metrics "$metrics" "$p" traffic)" "${traffic0[$p]}")"
done
fetch /network/pods > "$out/pods-procfs.json"

step "3. db-0 deleted: process, cgroup, log directory, netns"
kill "${HOLDER[db]}"
wait "${HOLDER[db]}" 2>/dev/null || true
unset "HOLDER[db]"
rmdir "${PODDIR[db]}"/*/ "${PODDIR[db]}"
rm -r "$logs/${NS[db]}_${NAME[db]}_${UID_OF[db]}"
ip netns del db
pods=(web loader)
gone=$(samples)
for _ in $(seq 1 100); do [ "$(samples)" -ge $((gone + 2)) ] && break; sleep 0.05; done
after=$(fetch /network/pods)
metrics=$(fetch /metrics)
check "db-0 gone from /network/pods within two samples" no "$([[ $after == *'"db-0"'* ]] && echo yes || echo no)"
check "db-0 gone from /metrics within two samples" no "$([[ $metrics == *'pod="db-0"'* ]] && echo yes || echo no)"
check "web-0 and loader-x7 stay" "yes yes" "$([[ $after == *'"web-0"'* ]] && echo yes || echo no) $([[ $after == *'"loader-x7"'* ]] && echo yes || echo no)"
check "GET /network/pods/default/db-0 is 404" 404 \
	"$(busybox wget -q -O /dev/null "$base/network/pods/default/db-0" 2>&1 | sed -n 's/.*HTTP\/1.1 \([0-9]*\).*/\1/p')"

alive=no
kill -0 "$server" 2>/dev/null && alive=yes
check "the same service process answered throughout" yes "$alive"
echo "e2e-pods $(uname -r): $passed passed, $failed failed (${SECONDS}s)" | tee "$out/summary.txt"
[ "$failed" -eq 0 ]
