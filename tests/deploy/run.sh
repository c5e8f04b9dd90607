#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test-deploy: for each Debian kernel, boot it under QEMU (tools/guest/run.sh) and run guest-deploy.sh
# there: the images `make image` built, loaded into podman, and the single-node overlay as `kubectl kustomize`
# renders it, run with `podman kube play` -- the loader building netmon.ko on the node, then taking it from
# the node's cache. Kernels: DEPLOY_KVERS, default every kernel kmod/kernels.sh finds (6.1 and 6.12).
# Transcripts: build/deploy/<kver>/transcript.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
images=$repo/build/image
for name in netmon netmon-loader; do
	[ -f "$images/$name.oci.tar" ] || { echo "deploy: $images/$name.oci.tar missing: make image first" >&2; exit 1; }
done
kvers=${DEPLOY_KVERS:-$("$repo/kmod/kernels.sh")}
[ -n "$kvers" ] || { echo "deploy: no kernel with headers found (scripts/deps.sh kmod)" >&2; exit 1; }

status=0
for kver in $kvers; do
	res=$repo/build/deploy/$kver
	rm -rf "$res" && mkdir -p "$res"
	echo "== deploy $kver: podman kube play in the guest"
	start=$(date +%s)
	rc=0
	"$repo/tools/guest/run.sh" --kver "$kver" --cpus 2 --mem 3072 --timeout 2400 --out "$res" -- \
		bash "$here/guest-deploy.sh" "$images" 2>&1 | tee "$res/transcript.txt" || rc=$?
	echo "== deploy $kver: exit $rc after $(( $(date +%s) - start )) s" | tee -a "$res/transcript.txt"
	[ "$rc" = 0 ] || status=1
done
exit $status
