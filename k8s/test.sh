#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make test-k8s`: render the kustomize base, the single-node overlay and monitoring/ (the
# operator's objects), then run the manifest and loader tests (java/src/test/java/io/netmon/deploy).
# No cluster is involved.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v kubectl >/dev/null 2>&1 || {
	echo "k8s/test.sh: kubectl not found; scripts/deps.sh k8s installs Debian's kubernetes-client" >&2
	exit 1
}
echo "k8s/test.sh: $(kubectl version --client 2>/dev/null | head -n 1)"

# Deprecation warnings for `bases:`/`patchesJson6902:` (kept for kubectl 1.20) are expected on newer kubectl.
for dir in k8s k8s/overlays/single-node monitoring; do
	kinds=$(kubectl kustomize "$dir" 2> >(grep -v "is deprecated" >&2) | awk '/^kind:/ {print $2}' | sort | paste -sd' ')
	echo "k8s/test.sh: $dir renders: $kinds"
done

# The native step is not needed to test manifests; the full build runs it.
${MVN:-mvn -B -q -Dstyle.color=never} test -Dexec.skip=true -Dtest='io.netmon.deploy.*Test' -Dsurefire.failIfNoSpecifiedTests=false

# Surefire's summary is silenced by -q; count from its reports (Maven stopped above on any failure).
echo
scripts/surefire-summary.sh k8s target/surefire-reports io.netmon.deploy.
