#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the static test and benchmark tool nmtest (run inside guests) into build/kmod/tools/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
mkdir -p "$repo/build/kmod/tools"
if ! gcc -static -print-file-name=libc.a | grep -q /; then
	echo "build-nmtest.sh: static libc missing: install libc6-dev (scripts/deps.sh kmod)" >&2
	exit 1
fi
gcc -static -O2 -Wall -Wextra -Werror -o "$repo/build/kmod/tools/nmtest" "$here/nmtest.c"
