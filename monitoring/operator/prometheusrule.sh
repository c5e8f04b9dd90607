#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Writes operator/prometheusrule.yaml from prometheus/netmon.rules.yml: the same groups under a
# PrometheusRule's spec. Run it after changing the rules; MonitoringManifestsTest fails until then.
set -euo pipefail
cd "$(dirname "$0")/.."
rules=prometheus/netmon.rules.yml
out=operator/prometheusrule.yaml
[ -f "$rules" ] || { echo "prometheusrule.sh: $rules is missing" >&2; exit 1; }
{
	echo "# Written by operator/prometheusrule.sh from prometheus/netmon.rules.yml: edit that, then run it."
	echo "apiVersion: monitoring.coreos.com/v1"
	echo "kind: PrometheusRule"
	echo "metadata:"
	echo "  name: netmon"
	echo "  labels:"
	echo "    app.kubernetes.io/name: netmon"
	echo "spec:"
	grep -v '^#' "$rules" | sed 's/^\(.\)/  \1/'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "prometheusrule.sh: wrote $out"
