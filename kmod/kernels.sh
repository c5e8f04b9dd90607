#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Print the kernels the tests run on: the newest installed 6.1.* and 6.12.* that have both an
# image in /boot and headers in /lib/modules/<kver>/build. Usage: kmod/kernels.sh [SERIES...]
set -euo pipefail
[ $# -gt 0 ] || set -- 6.1 6.12
status=0
for series in "$@"; do
	best=""
	for img in /boot/vmlinuz-"$series".*; do
		[ -e "$img" ] || continue
		kver=${img#/boot/vmlinuz-}
		[ -e "/lib/modules/$kver/build/Makefile" ] || continue
		best=$(printf '%s\n%s\n' "$best" "$kver" | sed '/^$/d' | sort -V | tail -n 1)
	done
	if [ -n "$best" ]; then
		echo "$best"
	else
		echo "kernels.sh: no $series.* kernel with image and headers (scripts/deps.sh kmod installs them)" >&2
		status=1
	fi
done
exit $status
