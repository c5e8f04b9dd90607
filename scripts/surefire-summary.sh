#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prints one "NAME: N passed, N failed, N skipped" line from Surefire's XML reports (Maven -q hides its own).
# Usage: scripts/surefire-summary.sh NAME REPORT-DIR [CLASS-PREFIX]   (e.g. io.netmon.deploy.)
set -euo pipefail
name=$1 dir=$2 prefix=${3:-}
compgen -G "$dir/TEST-$prefix*.xml" >/dev/null || { echo "$name: no Surefire reports in $dir" >&2; exit 1; }
sed -n 's/.*<testsuite \([^>]*\)>.*/\1/p' "$dir"/TEST-"$prefix"*.xml | awk -v name="$name" '
	{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			gsub(/"/, "", kv[2])
			n[kv[1]] += kv[2]
		}
	}
	END {
		failed = n["failures"] + n["errors"]
		printf "%s: %d passed, %d failed, %d skipped\n", name, n["tests"] - failed - n["skipped"], failed, n["skipped"]
		exit failed > 0
	}'
