#!/usr/bin/env bash
# Writes a node of N pods as the kubelet and procfs lay it out, for bench/pods.sh: DIR/proc (the
# node's net/dev, snmp, snmp6 and, with --module, net/netmon of format 2), and for pod i two processes
# (10000 + i, the pause container's, and 110000 + i, the application's), each DIR/proc/<pid>/net with
# the pod's dev (lo, eth0), snmp, snmp6 and, with --module, netmon (a namespace inode of its own);
# DIR/cgroup, the cgroup2 tree of the systemd driver (a pod cgroup in
# kubepods-burstable.slice with two container scopes, the pause and the application, each with the
# files a real cgroup2 directory shows), and DIR/pods, the pods' log directories
# (default_pod-<i>_<uid>/app). Deterministic: pod i's eth0 has rx_bytes = 1000 * i + 7 and so on.
#
#   bench/pod-tree.sh DIR N [--module]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../java/src/test/resources/fixtures
[[ ($# -eq 2 || ($# -eq 3 && $3 == --module)) && $2 =~ ^[0-9]+$ ]] || {
	echo "usage: bench/pod-tree.sh DIR N [--module]" >&2
	exit 2
}
dir=$1
count=$2
module=${3:-}

# The files a cgroup2 directory of a pod or container shows (memory, cpu, io, pids controllers).
cgroup_files=(cgroup.controllers cgroup.events cgroup.freeze cgroup.kill cgroup.max.depth
	cgroup.max.descendants cgroup.pressure cgroup.stat cgroup.subtree_control cgroup.threads cgroup.type
	cpu.idle cpu.max cpu.max.burst cpu.pressure cpu.stat cpu.weight cpu.weight.nice io.max io.pressure
	io.stat io.weight memory.current memory.events memory.events.local memory.high memory.low memory.max
	memory.min memory.numa_stat memory.oom.group memory.peak memory.pressure memory.stat memory.swap.current
	memory.swap.events memory.swap.high memory.swap.max pids.current pids.events pids.max)

# cgroup_dir DIR: DIR is a cgroup: made, with the files above (cgroup.procs empty), by make_tree
dirs=()
files=()
cgroup_dir() {
	dirs+=("$1")
	local f
	for f in "${cgroup_files[@]}" cgroup.procs; do files+=("$1/$f"); done
}

# dev RX_BYTES RX_PACKETS TX_BYTES TX_PACKETS: a namespace's /proc/net/dev with lo and eth0
dev() {
	printf '%s\n%s\n' 'Inter-|   Receive                                                |  Transmit' \
		' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed'
	printf '%6s:%8d %7d    0    0    0     0          0         0 %8d %7d    0    0    0     0       0          0\n' \
		lo 4200 42 4200 42 eth0 "$1" "$2" "$3" "$4"
}

# netmon INODE I: a namespace's /proc/net/netmon, format 2: tcp, udp and icmp of IPv4 and tcp of IPv6,
# namespace-wide and on eth0 (ifindex 2)
netmon() {
	printf 'netmon 2 0.2.0 %d\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n' "$1"
	local scope
	for scope in "0 all" "2 eth0"; do
		printf '%s ipv4 6 %d %d %d %d\n' "$scope" $((100 * $2 + 1)) $((64000 * $2 + 52)) $((90 * $2 + 1)) $((9000 * $2 + 52))
		printf '%s ipv4 17 %d %d %d %d\n' "$scope" $((10 * $2)) $((1280 * $2)) $((10 * $2)) $((1280 * $2))
		printf '%s ipv4 1 %d %d %d %d\n' "$scope" "$2" $((84 * $2)) "$2" $((84 * $2))
		printf '%s ipv6 6 %d %d %d %d\n' "$scope" $((5 * $2)) $((600 * $2)) $((5 * $2)) $((600 * $2))
	done
}

# Everything is written by the shell itself (no process per file): thousands of pods stay quick.
snmp=$(< "$fixtures/proc-net-snmp-lab-node.txt")
snmp6=$(< "$fixtures/proc-net-snmp6-lab-node.txt")
kubepods=$dir/cgroup/kubepods.slice
cgroup_dir "$dir/cgroup"
cgroup_dir "$kubepods"
cgroup_dir "$kubepods/kubepods-burstable.slice"
dirs+=("$dir/proc/net")
for ((i = 1; i <= count; i++)); do
	printf -v uid '5e1f2a%02x-7c3d-4e8f-9a1b-%012d' $((i % 256)) "$i"
	printf -v pause 'cri-containerd-%064d.scope' "$i"
	printf -v app 'cri-containerd-a%063d.scope' "$i"
	pod=$kubepods/kubepods-burstable.slice/kubepods-burstable-pod${uid//-/_}.slice
	cgroup_dir "$pod"
	cgroup_dir "$pod/$pause"
	cgroup_dir "$pod/$app"
	dirs+=("$dir/pods/default_pod-${i}_$uid/app" "$dir/proc/$((10000 + i))/net" "$dir/proc/$((110000 + i))/net")
done
printf '%s\0' "${dirs[@]}" | xargs -0 mkdir -p
printf '%s\0' "${files[@]}" | xargs -0 touch

dev 987654321 765432 87654321 543210 > "$dir/proc/net/dev"
printf '%s\n' "$snmp" > "$dir/proc/net/snmp"
printf '%s\n' "$snmp6" > "$dir/proc/net/snmp6"
[[ -z $module ]] || netmon 4026531840 1 > "$dir/proc/net/netmon"
for ((i = 1; i <= count; i++)); do
	printf -v uid '5e1f2a%02x-7c3d-4e8f-9a1b-%012d' $((i % 256)) "$i"
	printf -v pause 'cri-containerd-%064d.scope' "$i"
	printf -v app 'cri-containerd-a%063d.scope' "$i"
	pod=$kubepods/kubepods-burstable.slice/kubepods-burstable-pod${uid//-/_}.slice
	echo $((10000 + i)) > "$pod/$pause/cgroup.procs"
	echo $((110000 + i)) > "$pod/$app/cgroup.procs"
	# both processes see the pod's namespace: the same files
	for pid in $((10000 + i)) $((110000 + i)); do
		net=$dir/proc/$pid/net
		dev $((1000 * i + 7)) $((10 * i)) $((2000 * i)) $((20 * i)) > "$net/dev"
		printf '%s\n' "$snmp" > "$net/snmp"
		printf '%s\n' "$snmp6" > "$net/snmp6"
		[[ -z $module ]] || netmon $((4026532000 + i)) "$i" > "$net/netmon"
	done
done
found=$(find "$dir/cgroup" -name cgroup.procs -size +0 | wc -l)
[[ $found -eq $((2 * count)) ]] || { echo "bench/pod-tree.sh: $found containers with a process, not $((2 * count))" >&2; exit 1; }
