#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make dkms`: the dkms source tree of netmon.ko, DEST/netmon-<version>/: the module's sources and
# build.sh (k8s/image/kmod-sources.sh, with VERSION), and dkms.conf with the pom's version filled in.
# Usage: dkms/source.sh [DEST]   (default build/dkms); prints the tree's path.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
dest=${1:-$repo/build/dkms}
version=$(sed -n '/<artifactId>netmon<\/artifactId>/{n;s/.*<version>\([^<]*\)<\/version>.*/\1/p;q}' "$repo/pom.xml")
[ -n "$version" ] || { echo "dkms/source.sh: no <version> after <artifactId>netmon</artifactId> in pom.xml" >&2; exit 1; }
tree=$dest/netmon-$version
rm -rf "$tree"
"$repo/k8s/image/kmod-sources.sh" "$repo/kmod" "$tree" "$version"
sed "s/@VERSION@/$version/g" "$here/dkms.conf.in" > "$tree/dkms.conf"
echo "$tree"
