#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build netmon.ko out of tree in its own directory, so builds for different kernels never mix.
# Usage: kmod/build.sh KDIR OUTDIR [KBUILD-ARGS...]   e.g. W=1 C=2
# Copies the sources to OUTDIR, runs kbuild there, and fails on any compiler or sparse warning.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kdir=$1 out=$2
shift 2
srcs=(Kbuild netmon.h main.c hooks.c stats.c proc.c)

[ -f "$kdir/Makefile" ] || { echo "build.sh: no kernel headers in $kdir" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
for f in "${srcs[@]}"; do
	cmp -s "$here/$f" "$out/$f" || cp "$here/$f" "$out/$f"
done
if [ "$*" != "$(cat "$out/.kbuild-args" 2>/dev/null)" ]; then
	# different checks: rebuild everything so every file goes through them
	rm -f "$out"/*.o "$out"/.*.cmd "$out/netmon.ko"
	echo "$*" > "$out/.kbuild-args"
fi

log=$out/build.log
set +e
make -C "$kdir" M="$out" "$@" modules 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { echo "build.sh: kbuild failed ($rc)" >&2; exit "$rc"; }
if grep -E -i '(warning|error):' "$log" >/dev/null; then
	echo "build.sh: warnings in $log:" >&2
	grep -E -i '(warning|error):' "$log" >&2
	exit 1
fi
