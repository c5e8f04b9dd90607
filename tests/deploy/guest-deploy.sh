#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test-deploy, inside a QEMU guest (tools/guest/run.sh): the single-node overlay, rendered by
# `kubectl kustomize` and run by Debian's podman from the images `make image` built: as the podman run
# commands podman-run.py derives from the rendered file, since podman 4.3's `kube play` refuses one of
# its fields (the hostPort of a hostNetwork pod; checked at the end, on the same file).
#
#   start 1: the loader builds netmon.ko for this kernel against its headers, caches it, loads it;
#            the server (uid 65532, no capabilities) says "kmod" and counts N pings on lo exactly;
#            `podman kube down`: ping still works, netmon.ko stays loaded (the pods never unload it).
#   rmmod (what a node reboot does), start 2: the loader takes the module from the cache, no build.
#
# The guest's / is the host's, read-only; a node's /var/lib, /var/cache and /var/log are writable, so
# tmpfs stands in for them (the cache hostPath /var/lib/netmon lives there) and podman's storage is on tmpfs.
# Usage (in the guest): guest-deploy.sh IMAGE-DIR     (netmon.oci.tar, netmon-loader.oci.tar)
set -euo pipefail

images=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${GUEST_OUT:-/tmp}
kver=$(uname -r)
base=http://127.0.0.1:3000
version=$(sed -n '/<artifactId>netmon<\/artifactId>/{n;s/.*<version>\([^<]*\)<\/version>.*/\1/p;q}' "$repo/pom.xml")
spec=$out/single-node.yaml
passed=0 failed=0
step="start"
trap 'echo "guest-deploy: failed while: $step" >&2' ERR

# No systemd in the guest: cgroupfs and a file for events. netavark (not CNI), configured under /run.
podman=(podman --root /var/tmp/podman/root --runroot /run/podman --storage-driver overlay
	--cgroup-manager cgroupfs --events-backend file
	--network-config-dir /run/podman/networks --tmpdir /run/podman/tmp)
export CONTAINERS_CONF=/run/podman/containers.conf

say() { printf '\n== %s\n' "$*"; }
check() { # check WHAT EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1)); echo "ok   $1 = $3"
	else
		failed=$((failed + 1)); echo "FAIL $1: expected $2, got $3"
	fi
}
# curl, not busybox wget: bookworm's busybox 1.35 wget crashes (SIGSEGV) whenever it is given -T, so a
# fetch with a timeout never succeeded, and the server looked as if it never got ready.
fetch() { curl -fsS --max-time 5 "$base$1"; }
# The same, whatever the status: the body, then the status code.
fetch_any() { curl -sS --max-time 5 -w ' (HTTP %{http_code})' "$base$1"; }
# field NAME JSON: the value of "NAME": in a one-row answer (compact JSON).
field() { sed -n "s/.*\"protocols\":\[{[^]]*\"$1\":\([^,}]*\).*/\1/p" <<<"$2"; }
icmp_lo() {
	local doc
	doc=$(fetch "/network?interface=lo&protocol=icmp&family=ipv4")
	echo "$(field packets_received "$doc") $(field bytes_received "$doc") $(field packets_sent "$doc") $(field bytes_sent "$doc")"
}
minus() { local -a x=($1) y=($2); echo "$((x[0] - y[0])) $((x[1] - y[1])) $((x[2] - y[2])) $((x[3] - y[3]))"; }
samples() { fetch /readyz | sed -n 's/.*"samples":\([0-9]*\).*/\1/p'; }
# Wait until the server has sampled twice since now, so its answers include everything before.
fresh() {
	local before now
	before=$(samples)
	for _ in $(seq 1 300); do
		now=$(samples)
		[ "${now:-0}" -gt $((before + 1)) ] && return 0
		sleep 0.2
	done
	echo "the server stopped sampling" >&2
	return 1
}
loaded() { grep -q '^netmon ' /proc/modules && echo yes || echo no; }

# pod_start N PATH: run the rendered spec, then check what the loader did and the server.
pod_start() {
	local n=$1 path=$2 t0 t1 ctr pid status doc
	say "start $n: the rendered spec as podman run commands"
	sed 's/^/  /' "$out/podman-run-up.sh"
	step="podman run (start $n)"
	t0=$(date +%s)
	PODMAN=("${podman[@]}")
	# shellcheck source=/dev/null
	. "$out/podman-run-up.sh"
	t1=$(date +%s)
	echo "the pod's start returned after $((t1 - t0)) s"
	step="the loader's log (start $n)"
	"${podman[@]}" ps -a --pod --format '{{.Names}} {{.Status}} {{.PodName}}'
	ctr=$("${podman[@]}" ps -a --format '{{.Names}}' | grep -- '-load-module$')
	"${podman[@]}" logs "$ctr" | tee "$out/loader-$n.log"
	check "start $n: the loader's path" "$path" "$(sed -n 's/^netmon-loader: path: //p' "$out/loader-$n.log")"
	check "start $n: the loader's exit status" 0 "$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$ctr")"
	check "start $n: netmon in /proc/modules" yes "$(loaded)"
	check "start $n: the loaded module's version" "$version" "$(cat /sys/module/netmon/version)"
	check "start $n: cached module built for" "$kver" "$(modinfo -F vermagic "/var/lib/netmon/$kver/netmon.ko" | cut -d' ' -f1)"

	step="waiting for the server (start $n)"
	# A deadline, not a count of tries: each try can take its 5 s timeout in a starved guest.
	local deadline=$(( $(date +%s) + READY_S ))
	while [ "$(date +%s)" -lt "$deadline" ] && ! fetch /readyz >/dev/null 2>&1; do sleep 1; done
	if ! fetch /readyz >/dev/null 2>&1; then
		echo "the server did not answer /readyz 200 within $(( $(date +%s) - t1 )) s (at $(date -u +%T) UTC); /readyz says:"
		fetch_any /readyz 2>&1 || true
		"${podman[@]}" ps -a --format '{{.Names}} {{.Status}}'
		echo "its log, with the times podman received each line:"
		"${podman[@]}" logs -t "$("${podman[@]}" ps -a --format '{{.Names}}' | grep -- '-netmon$')" | tail -30
		exit 1
	fi
	echo "GET /readyz -> $(fetch /readyz)"
	echo "server ready $(( $(date +%s) - t1 )) s after kube play returned"
	doc=$(fetch "/network?interface=lo")
	check "start $n: /network source" kmod "$(sed -n 's/^{"source":"\([a-z]*\)".*/\1/p' <<<"$doc")"
	check "start $n: /network notes" '"notes":[]' "$(grep -o '"notes":\[[^]]*\]' <<<"$doc")"

	step="counting pings (start $n)"
	fresh
	local before after
	before=$(icmp_lo)
	ping -q -c "$N" -i 0.05 127.0.0.1 >/dev/null
	fresh
	after=$(icmp_lo)
	echo "lo icmp ipv4 before: $before  after: $after  (rx packets, rx bytes, tx packets, tx bytes)"
	check "start $n: lo icmp after $N pings (rxp rxb txp txb)" \
		"$((2 * N)) $((2 * N * 84)) $((2 * N)) $((2 * N * 84))" "$(minus "$after" "$before")"

	step="the server's process (start $n)"
	ctr=$("${podman[@]}" ps --format '{{.Names}}' | grep -- '-netmon$')
	pid=$("${podman[@]}" inspect --format '{{.State.Pid}}' "$ctr")
	status=/proc/$pid/status
	grep -E '^(Name|Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' "$status" | tee "$out/server-status-$n.txt"
	check "start $n: server uids (real effective saved fs)" "65532 65532 65532 65532" "$(awk '/^Uid:/ {print $2, $3, $4, $5}' "$status")"
	check "start $n: server CapEff" 0000000000000000 "$(awk '/^CapEff:/ {print $2}' "$status")"
	check "start $n: server CapPrm" 0000000000000000 "$(awk '/^CapPrm:/ {print $2}' "$status")"
	check "start $n: server NoNewPrivs" 1 "$(awk '/^NoNewPrivs:/ {print $2}' "$status")"
	check "start $n: server Seccomp (2 = filter)" 2 "$(awk '/^Seccomp:/ {print $2}' "$status")"
	check "start $n: server's root is read-only" ro "$(awk '$2 == "/" {split($4, o, ","); print o[1]}' "/proc/$pid/mounts")"
	# The launcher ran it, and the JVM mapped the class-data archive the image built for its own JRE.
	check "start $n: server runs the launcher's JVM options" yes \
		"$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- '^java -XX:+UseSerialGC .* -XX:SharedArchiveFile=/opt/netmon/bin/netmon.jsa -jar /opt/netmon/bin/netmon.jar serve' && echo yes || echo no)"
	check "start $n: server maps the image's CDS archive" yes "$(grep -q '/opt/netmon/bin/netmon.jsa$' "/proc/$pid/maps" && echo yes || echo no)"
}

# pod_down N: tear the pod down; the node keeps working.
pod_down() {
	local n=$1
	say "start $n: tear the pod down"
	step="tearing down (start $n)"
	PODMAN=("${podman[@]}")
	# shellcheck source=/dev/null
	. "$out/podman-run-down.sh"
	check "after start $n: containers left" 0 "$("${podman[@]}" ps -a -q | wc -l)"
	check "after start $n: port 3000 free" free "$(fetch /healthz >/dev/null 2>&1 && echo busy || echo free)"
	check "after start $n: ping still works" 0 "$(ping -q -c 3 -i 0.05 127.0.0.1 >/dev/null && echo 0 || echo $?)"
	check "after start $n: netmon.ko stays loaded" yes "$(loaded)"
}

N=${DEPLOY_PINGS:-7}
# How long the server may take to answer /readyz 200: a JVM under TCG on a loaded 2-core machine takes
# tens of minutes (20 were not enough at a load of 23, with the guest's RCU stalling).
READY_S=${DEPLOY_READY_S:-1500}
step="the node's writable /var/lib and /var/cache"
mount -t tmpfs -o mode=0755 tmpfs /var/lib
# podman locks its short-name alias cache (/var/cache/containers) to resolve the spec's netmon:<version>
# to the docker.io/library/netmon:<version> the archives load as, the name a kubelet reads it as too.
mount -t tmpfs -o mode=0755 tmpfs /var/cache
# The kubelet's pod logs (/var/log/pods, a hostPath the server reads pod names from) are on a node's
# writable /var/log; no kubelet here, so the directory is empty and the server lists no pods.
mount -t tmpfs -o mode=0755 tmpfs /var/log
mkdir -p /var/tmp/podman /run/podman
# What systemd does on a node: hand the cpu, memory and pids controllers down, for the pod's limits.
echo "+cpu +memory +pids" > /sys/fs/cgroup/cgroup.subtree_control
printf '[network]\nnetwork_backend = "netavark"\n' > "$CONTAINERS_CONF"
say "node: $(uname -r), $("${podman[@]}" --version), kubectl $(kubectl version --client 2>/dev/null | sed -n 1p)"
check "netmon.ko before the first start" no "$(loaded)"

say "load the images ($images)"
step="podman load"
for name in netmon netmon-loader; do
	t0=$(date +%s)
	"${podman[@]}" load -q -i "$images/$name.oci.tar"
	echo "($name loaded in $(( $(date +%s) - t0 )) s)"
done
"${podman[@]}" images --format '{{.Repository}}:{{.Tag}} {{.Id}} {{.Size}}'

say "render the single-node overlay"
step="kubectl kustomize"
# (the guest has no /dev/fd for process substitution: kubectl's deprecation warnings go to a file)
kubectl kustomize "$repo/k8s/overlays/single-node" > "$spec" 2> "$out/kustomize.err"
grep -E '^kind:|image:' "$spec"

# podman 4.3's kube play refuses one field of the spec (checked at the end, on the same file): the
# server's hostPort on a hostNetwork pod. The closest equivalent: the same rendered file, unchanged, as
# the podman commands podman-run.py derives from it (it fails on any field it does not translate).
step="podman-run.py"
# The CPU limits are left out (said here, and visible in the commands): under TCG, the server's 500m of an
# emulated CPU makes its JVM take over ten minutes to start. The memory limits stay.
echo "podman-run.py --without-cpu-limits: no --cpus under emulation"
python3 "$here/podman-run.py" --without-cpu-limits up "$spec" > "$out/podman-run-up.sh"
python3 "$here/podman-run.py" --without-cpu-limits down "$spec" > "$out/podman-run-down.sh"

check "the netmon image's entrypoint" '["/opt/netmon/bin/netmon"]' \
	"$("${podman[@]}" image inspect --format '{{json .Config.Entrypoint}}' "netmon:$version")"
for name in netmon netmon-loader; do
	check "the spec's short name $name:$version finds the loaded image" yes \
		"$("${podman[@]}" image exists "$name:$version" && echo yes || echo no)"
done
[ "$failed" -eq 0 ] || exit 1

pod_start 1 built
pod_down 1

say "rmmod netmon (as a reboot would), the cache stays: $(ls /var/lib/netmon/"$kver")"
step="rmmod"
rmmod netmon
check "netmon.ko after rmmod" no "$(loaded)"

pod_start 2 cache
pod_down 2

say "podman kube play on the same rendered spec"
step="kube play"
if "${podman[@]}" kube play "$spec" > "$out/kube-play.txt" 2>&1; then
	# a podman that takes the whole spec: then it must run it
	for _ in $(seq 1 600); do fetch /readyz >/dev/null 2>&1 && break; sleep 1; done
	check "kube play runs the spec: /readyz" 200 "$(fetch /readyz >/dev/null 2>&1 && echo 200 || echo none)"
	"${podman[@]}" kube down "$spec"
else
	cat "$out/kube-play.txt"
	check "kube play refuses only the hostPort of a hostNetwork pod" yes \
		"$(grep -q 'PortMappings can only be used with Bridge or slirp4netns networking' "$out/kube-play.txt" && echo yes || echo no)"
	"${podman[@]}" pod rm -f -a >/dev/null
fi

step="cleanup"
rmmod netmon
echo
echo "deploy $kver: $passed passed, $failed failed (${SECONDS}s)" | tee "$out/summary.txt"
[ "$failed" -eq 0 ]
