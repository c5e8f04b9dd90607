#!/usr/bin/env bash
# What each JVM setting of the launcher (java/bin/netmon) buys, one knob added at a time from the
# JVM's defaults, on a generated /proc root of INTERFACES (default 1000) interfaces, in one run:
# start to first 200 on /readyz (and the CPU it took, which a busy machine changes less), RSS idle,
# the CPU a Prometheus scrape a second costs (sampling included), RSS after LOAD (wrk -c64 on
# /network, then on /metrics as Prometheus asks), and /network's req/s and p99 under that load.
#
#   bench/jvm-knobs.sh                 # needs target/netmon.jar and .jsa (make build), wrk, curl
#   INTERFACES=4000 LOAD=20s bench/jvm-knobs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
trap 'rc=$?; echo "jvm-knobs.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

INTERFACES=${INTERFACES:-1000}
LOAD=${LOAD:-10s}
PORT=${PORT:-19870}  # below the ephemeral range, where client sockets never take it
JAR=$(realpath "${JAR:-target/netmon.jar}")
JSA=${JAR%.jar}.jsa
tick_ms=$((1000 / $(getconf CLK_TCK)))
for tool in java wrk curl; do
	command -v "$tool" >/dev/null || { echo "jvm-knobs.sh: $tool is missing (scripts/deps.sh java bench)" >&2; exit 1; }
done
[[ -f "$JAR" && -f "$JSA" ]] || { echo "jvm-knobs.sh: $JAR or $JSA is missing: run make build" >&2; exit 1; }

work_with_proc_root "$INTERFACES"

heap="-Xms8m -Xmx128m"
free="-XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40"
bounds="-XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -Xss512k -XX:MaxDirectMemorySize=32m -Djdk.nio.maxCachedBufferSize=262144"
netty="-Dio.netty.allocator.type=unpooled"
cds="-XX:SharedArchiveFile=$JSA"
serial="-XX:+UseSerialGC $heap"
# name|options, each row adding to the one above it unless it says "instead"; the last is the launcher itself
configs=(
	"JVM defaults (G1, heap from RAM)|"
	"G1, $heap|-XX:+UseG1GC $heap"
	"ParallelGC, $heap (instead)|-XX:+UseParallelGC $heap"
	"SerialGC, $heap|$serial"
	"+ $free|$serial $free"
	"+ metaspace, code cache, stacks, direct memory bounded|$serial $free $bounds"
	"+ Netty unpooled|$serial $free $bounds $netty"
	"+ -XX:-UsePerfData|$serial $free $bounds $netty -XX:-UsePerfData"
	"+ AppCDS archive|$serial $free $bounds $netty -XX:-UsePerfData $cds"
	"+ C1 only (-XX:TieredStopAtLevel=1)|$serial $free $bounds $netty -XX:-UsePerfData $cds -XX:TieredStopAtLevel=1"
	"+ young generation at most 8 MB (-XX:MaxNewSize=8m): java/bin/netmon as it is|launcher"
)

echo "jvm knobs: $INTERFACES interfaces, load wrk -t2 -c64 -d$LOAD on /network then /metrics (OpenMetrics, gzip); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| JVM options | start to first 200 (ms) | CPU to first 200 (ms) | RSS idle (MB) | RSS after load (MB) | /network req/s | /network p99 (ms) | CPU per scrape, one a second (ms) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for config in "${configs[@]}"; do
	name=${config%%|*}
	# shellcheck disable=SC2206  # a list of options
	opts=(${config#*|})
	port_free "$PORT"
	start=$(now_ms)
	if [[ ${opts[*]} == launcher ]]; then
		NETMON_JAR=$JAR java/bin/netmon serve --bind 127.0.0.1 --port "$PORT" --proc-root "$work/proc" >"$work/out" 2>"$work/err" &
	else
		java "${opts[@]}" -Djna.tmpdir="$work" -jar "$JAR" serve --bind 127.0.0.1 --port "$PORT" --proc-root "$work/proc" \
			>"$work/out" 2>"$work/err" &
	fi
	pid=$!
	ms=$(first_200_ms "http://127.0.0.1:$PORT/readyz" "$start" "$pid") || { cat "$work/err" >&2; exit 1; }
	startup_cpu=$(( $(cpu_ticks "$pid") * tick_ms ))
	sleep 10
	idle=$(rss_kb "$pid")
	# what a Prometheus scrape a second costs, sampling included: 20 of them (each renders a new sample)
	before=$(cpu_ticks "$pid")
	for _ in $(seq 1 20); do
		curl -sf -o /dev/null -H "Accept: $PROMETHEUS_ACCEPT" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/metrics"
		sleep 1
	done
	render=$(( ($(cpu_ticks "$pid") - before) * tick_ms / 20 ))
	read -r rps _ p99 _ < <(wrk_run "http://127.0.0.1:$PORT/network" -t2 -c64 -d"$LOAD")
	wrk_run "http://127.0.0.1:$PORT/metrics" -t2 -c64 -d"$LOAD" -H "Accept: $PROMETHEUS_ACCEPT" -H 'Accept-Encoding: gzip' >/dev/null
	sleep 2
	loaded=$(rss_kb "$pid")
	kill "$pid"
	wait "$pid" || true
	pid=
	printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n" "$name" "$ms" "$startup_cpu" "$(mb "$idle")" "$(mb "$loaded")" "$rps" "$p99" "$render"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
