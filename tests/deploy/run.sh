#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# For each Debian kernel, boot it under QEMU (tools/guest/run.sh) and run one of these there:
#   deploy (make test-deploy): guest-deploy.sh: the images `make image` built, loaded into podman, and the
#          single-node overlay as `kubectl kustomize` renders it, run by podman -- the loader building
#          netmon.ko on the node, then taking it from the node's cache;
#   dkms   (make test-dkms): guest-dkms.sh: Debian's dkms builds the `make dkms` tree for the kernel.
# Usage: tests/deploy/run.sh [deploy|dkms]. Kernels: DEPLOY_KVERS, default every kernel kmod/kernels.sh
# finds (6.1 and 6.12). Transcripts: build/<what>/<kver>/transcript.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
what=${1:-deploy}
images=$repo/build/image
case $what in
deploy)
	for name in netmon netmon-loader; do
		[ -f "$images/$name.oci.tar" ] || { echo "deploy: $images/$name.oci.tar missing: make image first" >&2; exit 1; }
	done
	guest=("$here/guest-deploy.sh" "$images") ;;
dkms)
	guest=("$here/guest-dkms.sh") ;;
*)
	echo "usage: tests/deploy/run.sh [deploy|dkms]" >&2; exit 2 ;;
esac
kvers=${DEPLOY_KVERS:-$("$repo/kmod/kernels.sh")}
[ -n "$kvers" ] || { echo "deploy: no kernel with headers found (scripts/deps.sh kmod)" >&2; exit 1; }

status=0
for kver in $kvers; do
	res=$repo/build/$what/$kver
	rm -rf "$res" && mkdir -p "$res"
	echo "== $what $kver: in the guest"
	start=$(date +%s)
	rc=0
	"$repo/tools/guest/run.sh" --kver "$kver" --cpus 2 --mem 3072 --timeout 3600 --out "$res" -- \
		bash "${guest[@]}" 2>&1 | tee "$res/transcript.txt" || rc=$?
	echo "== $what $kver: exit $rc after $(( $(date +%s) - start )) s" | tee -a "$res/transcript.txt"
	[ "$rc" = 0 ] || status=1
done
exit $status
