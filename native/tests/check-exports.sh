#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-exports.sh LIB SYMBOL...: LIB's dynamic symbol table defines exactly SYMBOL...
set -eu
lib=$1
shift
want=$(printf '%s\n' "$@" | sort)
have=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "B" || $2 == "R" { print $3 }' | sort)
if [ "$want" != "$have" ]; then
	echo "$lib exports:" >&2
	echo "$have" >&2
	echo "expected exactly:" >&2
	echo "$want" >&2
	exit 1
fi
