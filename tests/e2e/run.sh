#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test-e2e: build netmon.ko for a Debian kernel, boot it under QEMU (tools/guest/run.sh) and run
# guest-service.sh there: the real jar with the real module, exact counts read over HTTP.
# Kernels: E2E_KVERS, default every kernel kmod/kernels.sh finds (bookworm's 6.1 and backports' 6.12).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
jar=$repo/target/netmon.jar
kvers=${E2E_KVERS:-$("$repo/kmod/kernels.sh")}
[ -f "$jar" ] || { echo "e2e: $jar missing: make build first" >&2; exit 1; }
[ -n "$kvers" ] || { echo "e2e: no kernel with headers found (scripts/deps.sh kmod)" >&2; exit 1; }

status=0
for kver in $kvers; do
	echo "== e2e $kver: build netmon.ko"
	"$repo/kmod/build.sh" "/lib/modules/$kver/build" "$repo/build/kmod/$kver" > /dev/null
	res=$repo/build/e2e/$kver
	rm -rf "$res" && mkdir -p "$res"
	echo "== e2e $kver: the service in the guest"
	"$repo/tools/guest/run.sh" --kver "$kver" --cpus 2 --mem 2048 --timeout 900 --out "$res" -- \
		bash "$here/guest-service.sh" "$repo/build/kmod/$kver/netmon.ko" "$jar" || status=1
done
exit $status
