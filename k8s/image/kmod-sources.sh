#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Copy what builds netmon.ko without the rest of the repository: kmod/Kbuild, kmod/*.c, kmod/*.h,
# kmod/build.sh (the one way the module is built) and a VERSION file beside them (build.sh's version
# when there is no pom.xml above it). The loader image and the dkms source tree are made with this.
# Usage: k8s/image/kmod-sources.sh KMOD-DIR DEST VERSION
set -euo pipefail
[ $# = 3 ] || { echo "usage: kmod-sources.sh KMOD-DIR DEST VERSION" >&2; exit 2; }
kmod=$1 dest=$2 version=$3
[ -f "$kmod/Kbuild" ] && [ -x "$kmod/build.sh" ] || { echo "kmod-sources.sh: $kmod has no Kbuild or build.sh" >&2; exit 1; }
mkdir -p "$dest"
install -m 0644 "$kmod/Kbuild" "$kmod"/*.c "$kmod"/*.h "$dest/"
install -m 0755 "$kmod/build.sh" "$dest/build.sh"
printf '%s\n' "$version" > "$dest/VERSION"
