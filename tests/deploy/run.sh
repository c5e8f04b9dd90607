#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# For each Debian kernel, boot it under QEMU (tools/guest/run.sh) and run one of these there:
#   deploy (make test-deploy): guest-deploy.sh: the images `make image` built, loaded into podman, and the
#          single-node overlay as `kubectl kustomize` renders it, run by podman -- the loader building
#          netmon.ko on the node, then taking it from the node's cache;
#   dkms   (make test-dkms): guest-dkms.sh: Debian's dkms builds the `make dkms` tree for the kernel.
# Usage: tests/deploy/run.sh [deploy|dkms]. Kernels: KVERS (DEPLOY_KVERS too), default every kernel
# kmod/kernels.sh finds (6.1 and 6.12); their guests run at once (tools/guest/lib.sh). Transcripts:
# build/logs/<what>/<kver>.log; what the guest wrote (the rendered spec, the podman commands, the
# loader's logs): build/<what>/<kver>/.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../tools/guest/lib.sh"
here=$GUEST_REPO/tests/deploy
what=${1:-deploy}
images=$GUEST_REPO/build/image
start=$SECONDS
case $what in
deploy)
	for name in netmon netmon-loader; do
		[ -f "$images/$name.oci.tar" ] || guest_die "$images/$name.oci.tar missing: make image first"
	done
	guest=("$here/guest-deploy.sh" "$images") ;;
dkms)
	guest=("$here/guest-dkms.sh") ;;
*)
	echo "usage: tests/deploy/run.sh [deploy|dkms]" >&2; exit 2 ;;
esac
[ -z "${DEPLOY_KVERS:-}" ] || export KVERS=$DEPLOY_KVERS
GUEST_RESULTS=$GUEST_REPO/build/$what

# in_guest KVER: the guest script in that kernel's guest; what it writes in $GUEST_RESULTS/KVER. Podman
# loads two images of 100-140 MB and the loader builds a module, so 3 GB and an hour.
in_guest() {
	local kver=$1 res=$GUEST_RESULTS/$1
	rm -rf "$res" && mkdir -p "$res"
	"$GUEST_RUN" --kver "$kver" --cpus 2 --mem 3072 --timeout 3600 --out "$res" -- bash "${guest[@]}"
}
guest_each "$what" in_guest
guest_report "$what tests" "$start"
