#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test-e2e: boot each Debian kernel under QEMU (tools/guest/run.sh) and run guest-service.sh
# there: the real jar with the real module (the same checked build make test-kmod made), exact
# counts read over HTTP; then, in a guest of its own, guest-pods.sh: a node laid out as the kubelet
# lays it out, its pods read by the service as uid 65532 without capabilities. Kernels: KVERS,
# default every kernel kmod/kernels.sh finds; their guests run at once, each console in
# build/logs/e2e/<kver>.log and build/logs/e2e-pods/<kver>.log.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tools/guest/lib.sh"
here=$GUEST_REPO/tests/e2e
jar=$GUEST_REPO/target/netmon.jar
start=$SECONDS
GUEST_RESULTS=$GUEST_REPO/build/e2e
[ -f "$jar" ] || guest_die "$jar missing: make build first"
kvers=$(guest_kernels)

for kver in $kvers; do guest_module "$kver" W=1 C=2 > /dev/null; done
nmtest=$(guest_nmtest)

# in_guest KVER SCRIPT [ARG...]: tests/e2e/SCRIPT in that kernel's guest, given the checked module, the jar
# and ARGs; its results in $GUEST_RESULTS/KVER
in_guest() {
	local kver=$1 script=$2 res=$GUEST_RESULTS/$1 ko
	shift 2
	ko=$(guest_module "$kver" W=1 C=2) || return 1
	rm -rf "$res" && mkdir -p "$res"
	"$GUEST_RUN" --kver "$kver" --cpus 2 --mem 2048 --timeout 2400 --out "$res" -- \
		bash "$here/$script" "$ko" "$jar" "$@"
}
service() { in_guest "$1" guest-service.sh; }	# the service with the module, unloaded, reloaded
pods() { in_guest "$1" guest-pods.sh "$nmtest"; }	# the pods of a kubelet-style node
guest_each e2e service
GUEST_RESULTS=$GUEST_REPO/build/e2e-pods
guest_each e2e-pods pods
guest_report "e2e tests" "$start"
