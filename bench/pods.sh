#!/usr/bin/env bash
# make bench-pods: what the node's pods cost one sample. For 0, 110 (the kubelet's default maximum)
# and 500 pods, a node written by bench/pod-tree.sh (on tmpfs when there is one, as /proc and the
# cgroup tree are in memory), read by `netmon serve` through its launcher, first with the module's
# files (net/netmon in every namespace), then without them (dev, snmp and snmp6). The time of a
# sample is the service's own: netmon_sample_duration_seconds' sum over its count, between a scrape
# after WARMUP samples and one SAMPLES samples later (each read of the node and of every pod, in the
# sampler's thread); CPU is the process's utime + stime over the same samples. Before measuring,
# /network/pods must list exactly the pods written. Prints a Markdown table.
#
#   make bench-pods                      # PODS="0 110 500" SAMPLES=40 WARMUP=20 INTERVAL=100ms
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
JAR=${JAR:-target/netmon.jar}
PORT=${PORT:-18610}
PODS=${PODS:-0 110 500}
SAMPLES=${SAMPLES:-40}
WARMUP=${WARMUP:-20}
INTERVAL=${INTERVAL:-100ms}
[[ -f $JAR ]] || { echo "pods.sh: $JAR missing: make build first" >&2; exit 1; }
port_free "$PORT"

shm=/dev/shm
[[ -d $shm && -w $shm ]] || shm=${TMPDIR:-/tmp}
work=$(mktemp -d -p "$shm" netmon-bench-pods.XXXXXX)
pid=
trap 'if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
step="writing the trees"
trap 'echo "pods.sh: failed at line $LINENO, $step" >&2' ERR
base=http://127.0.0.1:$PORT

# metric NAME: the value of the unlabelled series NAME in /metrics
metric() {
	local body value
	body=$(curl -sf --max-time 5 "$base/metrics") || { echo "pods.sh: /metrics did not answer" >&2; return 1; }
	value=$(awk -v name="$1" '$1 == name { print $2 }' <<<"$body")
	[[ -n $value ]] || { echo "pods.sh: /metrics has no $1" >&2; return 1; }
	echo "$value"
}

# count_at_least N: waits until the service has sampled N times (120 s at most)
count_at_least() {
	local deadline=$((SECONDS + 120)) count
	while :; do
		count=$(metric netmon_sample_duration_seconds_count)
		awk -v c="$count" -v n="$1" 'BEGIN { exit !(c >= n) }' && return 0
		((SECONDS < deadline)) || { echo "pods.sh: $count samples after 120 s, waiting for $1" >&2; return 1; }
		kill -0 "$pid" 2>/dev/null || { echo "pods.sh: the server exited" >&2; return 1; }
		sleep 0.2
	done
}

# measure SOURCE PODS: one server on the tree of PODS pods; sets ms[SOURCE,PODS] and cpu[SOURCE,PODS]
# (milliseconds a sample, wall and CPU). Runs in this shell, so that the EXIT trap stops its server.
measure() {
	local source=$1 pods=$2 tree=$work/$2 listed sum0 count0 ticks0 sum1 count1 ticks1 hz
	NETMON_JAR=$JAR java/bin/netmon serve --bind 127.0.0.1 --port "$PORT" --proc-root "$tree/proc" \
		--cgroup-root "$tree/cgroup" --pod-log-root "$tree/pods" --interval "$INTERVAL" \
		> "$work/serve.log" 2>&1 &
	pid=$!
	first_200_ms "$base/readyz" "$(now_ms)" "$pid" > /dev/null || { cat "$work/serve.log" >&2; return 1; }
	listed=$(curl -sf --max-time 10 "$base/network/pods" | { grep -o '"uid":' || true; } | wc -l)
	[[ $listed -eq $pods ]] || { echo "pods.sh: /network/pods lists $listed pods of $pods ($source)" >&2; return 1; }
	curl -sf --max-time 10 "$base/network/pods" | grep -q "\"source\":\"$source\"" \
		|| { echo "pods.sh: /network/pods is not read from $source" >&2; return 1; }
	count_at_least "$WARMUP"
	sum0=$(metric netmon_sample_duration_seconds_sum)
	count0=$(metric netmon_sample_duration_seconds_count)
	ticks0=$(cpu_ticks "$pid")
	count_at_least $((${count0%.*} + SAMPLES))
	sum1=$(metric netmon_sample_duration_seconds_sum)
	count1=$(metric netmon_sample_duration_seconds_count)
	ticks1=$(cpu_ticks "$pid")
	hz=$(getconf CLK_TCK)
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	ms[$source,$pods]=$(awk -v s0="$sum0" -v s1="$sum1" -v c0="$count0" -v c1="$count1" \
		'BEGIN { printf "%.3f", (s1 - s0) / (c1 - c0) * 1000 }')
	cpu[$source,$pods]=$(awk -v t0="$ticks0" -v t1="$ticks1" -v c0="$count0" -v c1="$count1" -v hz="$hz" \
		'BEGIN { printf "%.2f", (t1 - t0) / hz * 1000 / (c1 - c0) }')
}

start=$SECONDS
for pods in $PODS; do
	bench/pod-tree.sh "$work/$pods" "$pods" --module
done
echo "bench-pods: trees written in $((SECONDS - start)) s" >&2
declare -A ms cpu
for source in kmod procfs; do
	for pods in $PODS; do
		step="measuring $pods pods from $source"
		measure "$source" "$pods"
		echo "bench-pods: $source, $pods pods: ${ms[$source,$pods]} ms a sample" >&2
	done
	if [[ $source == kmod ]]; then	# the module unloaded: no netmon file in any namespace
		find "$work" -name netmon -path '*/net/netmon' -delete
	fi
done

first=${PODS%% *}
echo "pods ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(uname -r), $(java -version 2>&1 | sed -n 1p);" \
	"$SAMPLES samples at $INTERVAL after $WARMUP; $((SECONDS - start)) s in all):"
echo
echo "| pods | kmod: ms a sample | x $first pods | CPU ms a sample | procfs: ms a sample | x $first pods | CPU ms a sample |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for pods in $PODS; do
	row="| $pods"
	for source in kmod procfs; do
		row+=$(awk -v m="${ms[$source,$pods]}" -v b="${ms[$source,$first]}" -v c="${cpu[$source,$pods]}" \
			'BEGIN { printf " | %.2f | %.1f | %.2f", m, m / b, c }')
	done
	echo "$row |"
done
echo
for source in kmod procfs; do
	last=${PODS##* }
	awk -v s="$source" -v a="${ms[$source,$first]}" -v b="${ms[$source,$last]}" -v f="$first" -v l="$last" \
		'BEGIN { printf "%s: %.1f us a pod (the slope from %d to %d pods)\n", s, (b - a) / (l - f) * 1000, f, l }'
done
