#!/usr/bin/env bash
# Scrape cost: how many /metrics requests per second netmon serves, next to Prometheus'
# node_exporter on the same machine, measured with wrk in one run.
#
#   bench/scrape.sh                 # needs target/netmon.jar (make build), wrk, prometheus-node-exporter
#   DURATION=30s CONNECTIONS=16 bench/scrape.sh
#
# Both servers listen on loopback only and are stopped on every exit path. Each is measured
# twice: a plain GET, and a GET with the headers Prometheus sends (OpenMetrics preferred, gzip).
# netmon samples every second as in production; its body is rendered once per sample, so most
# scrapes are served from bytes already rendered. node_exporter runs with its default collectors.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
NETMON_PORT=${NETMON_PORT:-39100}
EXPORTER_PORT=${EXPORTER_PORT:-39101}
JAR=${JAR:-target/netmon.jar}
EXPORTER=${EXPORTER:-$(command -v prometheus-node-exporter || command -v node_exporter || true)}
PROMETHEUS_HEADERS=(-H 'Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
	-H 'Accept-Encoding: gzip')

for tool in java wrk curl; do
	command -v "$tool" >/dev/null || { echo "bench/scrape.sh: $tool is missing (scripts/deps.sh java bench)" >&2; exit 1; }
done
[[ -n "$EXPORTER" ]] || { echo "bench/scrape.sh: node_exporter is missing (Debian: prometheus-node-exporter)" >&2; exit 1; }
[[ -f "$JAR" ]] || { echo "bench/scrape.sh: $JAR is missing: run make build" >&2; exit 1; }

pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap cleanup EXIT

java -jar "$JAR" serve --bind 127.0.0.1 --port "$NETMON_PORT" >/tmp/netmon-bench-scrape.log 2>&1 &
pids+=($!)
"$EXPORTER" --web.listen-address="127.0.0.1:$EXPORTER_PORT" >/tmp/node-exporter-bench-scrape.log 2>&1 &
pids+=($!)

wait_ready() {
	for _ in $(seq 1 100); do
		curl -sf -o /dev/null "$1" && return 0
		sleep 0.2
	done
	echo "bench/scrape.sh: $1 never answered" >&2
	exit 1
}
wait_ready "http://127.0.0.1:$NETMON_PORT/metrics"
wait_ready "http://127.0.0.1:$EXPORTER_PORT/metrics"

# requests per second of one wrk run: wrk URL [extra wrk arguments...]
rps() {
	local url=$1
	shift
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@" "$url" | awk '/^Requests\/sec:/ { print $2 }'
}

# warm both up (netmon's JIT, node_exporter's first collections)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$NETMON_PORT/metrics" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$EXPORTER_PORT/metrics" >/dev/null

netmon_bytes=$(curl -s "http://127.0.0.1:$NETMON_PORT/metrics" | wc -c)
exporter_bytes=$(curl -s "http://127.0.0.1:$EXPORTER_PORT/metrics" | wc -c)
netmon_plain=$(rps "http://127.0.0.1:$NETMON_PORT/metrics")
exporter_plain=$(rps "http://127.0.0.1:$EXPORTER_PORT/metrics")
netmon_prom=$(rps "http://127.0.0.1:$NETMON_PORT/metrics" "${PROMETHEUS_HEADERS[@]}")
exporter_prom=$(rps "http://127.0.0.1:$EXPORTER_PORT/metrics" "${PROMETHEUS_HEADERS[@]}")

echo "scrape cost: wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores, $(uname -r), $("$EXPORTER" --version 2>&1 | head -1)"
echo
printf '| request | netmon req/s | node_exporter req/s | netmon / node_exporter |\n'
printf '|---|---:|---:|---:|\n'
printf '| plain GET (text format; bodies %s and %s bytes) | %s | %s | %s |\n' "$netmon_bytes" "$exporter_bytes" \
	"$netmon_plain" "$exporter_plain" "$(awk -v a="$netmon_plain" -v b="$exporter_plain" 'BEGIN { printf "%.1fx", a / b }')"
printf '| as Prometheus asks (OpenMetrics, gzip) | %s | %s | %s |\n' \
	"$netmon_prom" "$exporter_prom" "$(awk -v a="$netmon_prom" -v b="$exporter_prom" 'BEGIN { printf "%.1fx", a / b }')"
