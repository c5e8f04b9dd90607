#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test-e2e: boot each Debian kernel under QEMU (tools/guest/run.sh) and run guest-service.sh
# there: the real jar with the real module (the same checked build make test-kmod made), exact
# counts read over HTTP. Kernels: KVERS, default every kernel kmod/kernels.sh finds; their guests
# run at once, each console in build/logs/e2e/<kver>.log.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tools/guest/lib.sh"
here=$GUEST_REPO/tests/e2e
jar=$GUEST_REPO/target/netmon.jar
start=$SECONDS
GUEST_RESULTS=$GUEST_REPO/build/e2e
[ -f "$jar" ] || guest_die "$jar missing: make build first"
kvers=$(guest_kernels)

for kver in $kvers; do guest_module "$kver" W=1 C=2 > /dev/null; done

one() {	# one KVER: the service in that kernel's guest
	local res=$GUEST_RESULTS/$1 ko
	ko=$(guest_module "$1" W=1 C=2) || return 1
	rm -rf "$res" && mkdir -p "$res"
	"$GUEST_RUN" --kver "$1" --cpus 2 --mem 2048 --timeout 2400 --out "$res" -- \
		bash "$here/guest-service.sh" "$ko" "$jar"
}
guest_each e2e one
guest_report "e2e tests" "$start"
