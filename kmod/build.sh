#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build netmon.ko out of tree in its own directory, so builds for different kernels never mix.
# Usage: kmod/build.sh KDIR OUTDIR [KBUILD-ARGS...]   e.g. W=1 C=2
# Copies the sources to OUTDIR, runs kbuild there, and fails on any compiler or sparse warning.
# The module's version is the project's: $NETMON_VERSION, else the pom's <version> (../pom.xml),
# else the file VERSION beside this script (what a copy of the sources without the pom carries).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 2 ] || { echo "usage: build.sh KDIR OUTDIR [KBUILD-ARGS...]" >&2; exit 2; }
kdir=$1 out=$2
shift 2
# the sources are what Kbuild lists, plus the headers
srcs=(Kbuild $(cd "$here" && ls ./*.h | sed 's|^\./||') $(sed -n 's/^netmon-y[ :+]*=//p' "$here/Kbuild" | sed 's/\.o\b/.c/g'))

version=${NETMON_VERSION:-}
if [ -z "$version" ] && [ -f "$here/../pom.xml" ]; then
	# the project's own <version>: the first one after its <artifactId>netmon</artifactId>
	version=$(sed -n '/<artifactId>netmon<\/artifactId>/,/<version>/s|.*<version>\(.*\)</version>.*|\1|p' "$here/../pom.xml" | sed -n 1p)
fi
if [ -z "$version" ] && [ -f "$here/VERSION" ]; then
	version=$(sed -n 1p "$here/VERSION")
fi
[ -n "$version" ] || { echo "build.sh: no version: set NETMON_VERSION, or keep ../pom.xml or VERSION beside build.sh" >&2; exit 1; }

[ -f "$kdir/Makefile" ] || { echo "build.sh: no kernel headers in $kdir" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
for f in "${srcs[@]}"; do
	[ -f "$here/$f" ] || { echo "build.sh: $f, listed in Kbuild, is missing" >&2; exit 1; }
	cmp -s "$here/$f" "$out/$f" || cp "$here/$f" "$out/$f"
done
args="$* NETMON_VERSION=$version"
if [ "$args" != "$(cat "$out/.kbuild-args" 2>/dev/null)" ]; then
	# different checks or version: rebuild everything so every file goes through them
	rm -f "$out"/*.o "$out"/.*.cmd "$out/netmon.ko"
	echo "$args" > "$out/.kbuild-args"
fi

log=$out/build.log
set +e
make -C "$kdir" M="$out" "$@" NETMON_VERSION="$version" modules 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { echo "build.sh: kbuild failed ($rc); the log is $log" >&2; exit "$rc"; }
if grep -E -i '(warning|error):' "$log" >/dev/null; then
	echo "build.sh: warnings in $log:" >&2
	grep -E -i '(warning|error):' "$log" >&2
	exit 1
fi
