#!/usr/bin/env bash
# Footprint: netmon next to Prometheus' node_exporter (netdev and netstat collectors, reading the
# same files: --no-collector.netdev.netlink) on generated /proc roots of 10, 1000 and 4000
# interfaces, all in one run: start to first 200; RSS idle, after SCRAPE of one Prometheus-style
# scrape per second (OpenMetrics, gzip) with RSS at minute 2 as well, and after a SOAK at 256
# connections (netmon: /network and /metrics in turn; node_exporter: /metrics); CPU per scrape
# (utime + stime from /proc/<pid>/stat over the scrape run); /network req/s, p50 and p99 at 64
# connections. netmon runs through its launcher (java/bin/netmon), as make run and the DaemonSet do.
#
#   make bench-footprint          # the full form: about 35 minutes; writes docs/BENCHMARKS.md's table
#   make bench-footprint-short    # every step a few seconds long, in make test: every server starts and answers
#                                 # right (exact counters), figures printed, no timing asserted
#   BASELINE_JAR=path/netmon.jar  # also an older build run as it was (java -jar, JVM defaults):
#                                 # its start, RSS idle and /network figures beside the new ones
#                                 # (BASELINE_NAME says what it is in the table)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
# a start on a busy machine can take many seconds: give up only after 2 minutes
export TIMEOUT_S=${TIMEOUT_S:-120}
trap 'rc=$?; echo "footprint.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

MODE=${MODE:-full}
case "$MODE" in
full)  SCRAPE_S=${SCRAPE_S:-600} EARLY_S=${EARLY_S:-120} SOAK=${SOAK:-300s} WRK=${WRK:-30s} START_RUNS=${START_RUNS:-3} ;;
# short: every step once, briefly; 32 soak connections, so node_exporter's backlog after it is short
short) SCRAPE_S=${SCRAPE_S:-10} EARLY_S=${EARLY_S:-2} SOAK=${SOAK:-3s} WRK=${WRK:-2s} START_RUNS=${START_RUNS:-1} SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-32} ;;
*) echo "footprint.sh: MODE is full or short, got '$MODE'" >&2; exit 2 ;;
esac
SIZES=${SIZES:-10 1000 4000}
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-256}
CONNECTIONS=${CONNECTIONS:-64}
PORT_BASE=${PORT_BASE:-18500}  # below the ephemeral range, where no client socket takes a port
JAR=$(realpath "${JAR:-target/netmon.jar}")
EXPORTER=${EXPORTER:-$(command -v prometheus-node-exporter || command -v node_exporter || true)}
OUT=${OUT:-build/bench/footprint-$MODE.md}
DOC=docs/BENCHMARKS.md

for tool in java wrk curl gzip; do
	command -v "$tool" >/dev/null || { echo "footprint.sh: $tool is missing (scripts/deps.sh java bench)" >&2; exit 1; }
done
[[ -n "$EXPORTER" ]] || { echo "footprint.sh: node_exporter is missing (Debian: prometheus-node-exporter; scripts/deps.sh bench)" >&2; exit 1; }
[[ -f "$JAR" ]] || { echo "footprint.sh: $JAR is missing: run make build" >&2; exit 1; }
[[ -z "${BASELINE_JAR:-}" || -f "$BASELINE_JAR" ]] || { echo "footprint.sh: BASELINE_JAR $BASELINE_JAR is missing" >&2; exit 1; }
tick_ms=$((1000 / $(getconf CLK_TCK)))

work=$(mktemp -d)
pids=()
scrapers=()
cleanup() {
	local pid
	for pid in "${scrapers[@]}" "${pids[@]}" $(cat "$work/started" 2>/dev/null); do
		stop "$pid"
	done
	wait 2>/dev/null || true
	rm -rf "$work"
}

# stop PID: SIGTERM (and SIGCONT, should step 4 have left it stopped), and SIGKILL if it is still
# there after 5 s (the servers are not our children)
stop() {
	kill "$1" 2>/dev/null || return 0
	kill -CONT "$1" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# start KIND SIZE PORT: starts one server on a size's root; prints its pid
start() {
	local kind=$1 size=$2 port=$3 root=$work/proc-$2
	port_free "$port"
	case "$kind" in
	netmon)
		NETMON_JAR=$JAR java/bin/netmon serve --bind 127.0.0.1 --port "$port" --proc-root "$root" \
			>"$work/$kind-$size.log" 2>&1 &
		;;
	today)
		java -Djna.tmpdir="$work" -jar "$BASELINE_JAR" serve --bind 127.0.0.1 --port "$port" --proc-root "$root" \
			>"$work/$kind-$size.log" 2>&1 &
		;;
	exporter)
		"$EXPORTER" --web.listen-address="127.0.0.1:$port" --path.procfs="$root" --collector.disable-defaults \
			--collector.netdev --collector.netstat --no-collector.netdev.netlink >"$work/$kind-$size.log" 2>&1 &
		;;
	esac
	echo $!
}

# ready_url KIND PORT: what answers 200 once the server can answer: netmon's /readyz (a first sample
# taken); node_exporter reads on each scrape, so its landing page (it listens)
ready_url() {
	case "$1" in
	exporter) echo "http://127.0.0.1:$2/" ;;
	*) echo "http://127.0.0.1:$2/readyz" ;;
	esac
}

# The last veth of a root and its rx_bytes, as bench/proc-root.sh wrote them.
last_veth() { printf 'veth%07x' $(($1 - 3)); }
last_rx() { echo $((1000003 * ($1 - 3) + 7)); }

# check KIND SIZE PORT: the server answers what the root holds, exactly; fails loudly if not
check() {
	local kind=$1 size=$2 port=$3 veth rx body count value
	veth=$(last_veth "$size")
	rx=$(last_rx "$size")
	if [[ $kind == exporter ]]; then
		# right after a soak node_exporter may still be busy with its backlog and answer 503: a few tries
		local tries=0
		until curl -sf --max-time 30 -H "Accept: $PROMETHEUS_ACCEPT" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/metrics" \
			>"$work/check.gz"; do
			tries=$((tries + 1))
			(( tries < 30 )) || { echo "footprint.sh: $kind at $size interfaces never answered /metrics whole" >&2; exit 1; }
			sleep 1
		done
		body=$(gzip -dc "$work/check.gz")
		count=$(grep -c '^node_network_receive_bytes_total{device="veth' <<<"$body" || true)
		value=$(awk -v d="node_network_receive_bytes_total{device=\"$veth\"}" '$1 == d { printf "%.0f", $2 }' <<<"$body")
	else
		body=$(curl -sf "http://127.0.0.1:$port/network")
		count=$(grep -o '"interface":"veth[0-9a-f]*"' <<<"$body" | wc -l)
		value=$(grep -o "\"interface\":\"$veth\",\"bytes_received\":[0-9]*" <<<"$body" | sed 's/.*://')
		if [[ $kind == netmon ]]; then
			curl -sf -H "Accept: $PROMETHEUS_ACCEPT" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/metrics" | gzip -dc \
				| tail -n 1 | grep -qx '# EOF' || { echo "footprint.sh: $kind at $size: /metrics is not OpenMetrics ending in # EOF" >&2; exit 1; }
		fi
	fi
	[[ $count -eq $((size - 2)) ]] || { echo "footprint.sh: $kind at $size interfaces answers $count veths, not $((size - 2))" >&2; exit 1; }
	[[ $value == "$rx" ]] || { echo "footprint.sh: $kind at $size: $veth received '$value' bytes, not $rx" >&2; exit 1; }
}

# one_start KIND SIZE PORT: start, time the first 200, check the answer, stop; prints the ms
one_start() {
	local kind=$1 size=$2 port=$3 begin pid ms
	begin=$(now_ms)
	pid=$(start "$kind" "$size" "$port")
	echo "$pid" >>"$work/started"
	ms=$(first_200_ms "$(ready_url "$kind" "$port")" "$begin" "$pid") || { cat "$work/$kind-$size.log" >&2; exit 1; }
	check "$kind" "$size" "$port"
	stop "$pid"
	echo "$ms"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# scraper URL END_MS FILE: Prometheus-style scrapes until END_MS: one a second, never two at once
# (a scrape slower than a second makes the next wait for the next whole second), each given
# Prometheus' default 10 s timeout; writes "answered timed-out" to FILE. Any answer but 200 fails.
scraper() {
	local url=$1 end=$2 file=$3 n=0 late=0 next code now
	next=$(now_ms)
	while (( next < end )); do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Accept: $PROMETHEUS_ACCEPT" -H 'Accept-Encoding: gzip' "$url" || true)
		case "$code" in
		200) n=$((n + 1)) ;;
		000) late=$((late + 1)) ;;
		*) echo "footprint.sh: a scrape of $url answered $code" >&2; return 1 ;;
		esac
		now=$(now_ms)
		next=$((next + 1000))
		(( next > now )) || next=$((now + 1000 - (now - next) % 1000))
		(( next >= end )) || sleep "$(awk -v ms="$((next - now))" 'BEGIN { printf "%.3f", ms / 1000 }')"
	done
	echo "$n $late" >"$file"
}

kinds=(netmon exporter)
declare -A late soak_rps soak_shed port pid start_ms idle rss_early rss_late rss_soak cpu scrapes net_rps net_p50 net_p99 gz_rps gz_p99

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "footprint.sh ($MODE): sizes $SIZES; $(nproc) cores; load average $load_start" >&2
i=0
for size in $SIZES; do
	bench/proc-root.sh "$work/proc-$size" "$size"
	for kind in "${kinds[@]}" ${BASELINE_JAR:+today}; do
		port[$kind,$size]=$((PORT_BASE + i))
		i=$((i + 1))
	done
done

# 1. start to first 200, the median of START_RUNS starts, each checked
for size in $SIZES; do
	for kind in "${kinds[@]}" ${BASELINE_JAR:+today}; do
		start_ms[$kind,$size]=$(for _ in $(seq 1 "$START_RUNS"); do one_start "$kind" "$size" "${port[$kind,$size]}"; done | median)
		echo "footprint.sh: $kind at $size interfaces: first 200 after ${start_ms[$kind,$size]} ms" >&2
	done
done

# 2. every server up at once, RSS idle after 10 s
for size in $SIZES; do
	for kind in "${kinds[@]}" ${BASELINE_JAR:+today}; do
		pid[$kind,$size]=$(start "$kind" "$size" "${port[$kind,$size]}")
		pids+=("${pid[$kind,$size]}")
		first_200_ms "$(ready_url "$kind" "${port[$kind,$size]}")" "$(now_ms)" "${pid[$kind,$size]}" >/dev/null
	done
done
if [[ $MODE == full ]]; then sleep 10; else sleep 2; fi
for size in $SIZES; do
	for kind in "${kinds[@]}" ${BASELINE_JAR:+today}; do
		idle[$kind,$size]=$(rss_kb "${pid[$kind,$size]}")
	done
done
echo "footprint.sh: idle RSS read; scraping for $SCRAPE_S s" >&2

# 3. one scrape per second to every netmon and node_exporter for SCRAPE_S, RSS at EARLY_S and at the end
scrape_start=$(now_ms)
scrape_end=$((scrape_start + SCRAPE_S * 1000))
for size in $SIZES; do
	for kind in "${kinds[@]}"; do
		cpu[$kind,$size]=$(cpu_ticks "${pid[$kind,$size]}")
		scraper "http://127.0.0.1:${port[$kind,$size]}/metrics" "$scrape_end" "$work/scrapes-$kind-$size" &
		scrapers+=($!)
	done
done
sleep "$EARLY_S"
for size in $SIZES; do
	for kind in "${kinds[@]}"; do
		rss_early[$kind,$size]=$(rss_kb "${pid[$kind,$size]}")
	done
done
for scraper_pid in "${scrapers[@]}"; do
	wait "$scraper_pid"
done
for size in $SIZES; do
	for kind in "${kinds[@]}"; do
		rss_late[$kind,$size]=$(rss_kb "${pid[$kind,$size]}")
		read -r scrapes[$kind,$size] late[$kind,$size] <"$work/scrapes-$kind-$size"
		cpu[$kind,$size]=$(( ($(cpu_ticks "${pid[$kind,$size]}") - ${cpu[$kind,$size]}) * tick_ms ))
		check "$kind" "$size" "${port[$kind,$size]}"
	done
done
echo "footprint.sh: scrapes done; /network at $CONNECTIONS connections" >&2

# 4. /network at 64 connections: plain (as the dashboard and curl ask) and gzipped. One server at a
# time, the others stopped (SIGSTOP) meanwhile: each netmon still samples every second (at 4000
# interfaces about 95 ms of CPU), and those bursts on the same cores, not the server measured, made
# its p99. They go on (SIGCONT) before the next step; a stopped server loses no state.
for size in $SIZES; do
	for kind in netmon ${BASELINE_JAR:+today}; do
		url="http://127.0.0.1:${port[$kind,$size]}/network"
		others=()
		for other in "${pids[@]}"; do
			[[ $other == "${pid[$kind,$size]}" ]] || others+=("$other")
		done
		(( ${#others[@]} == 0 )) || kill -STOP "${others[@]}"
		read -r net_rps[$kind,$size] net_p50[$kind,$size] net_p99[$kind,$size] _ < <(wrk_run "$url" -t2 -c"$CONNECTIONS" -d"$WRK")
		read -r gz_rps[$kind,$size] _ gz_p99[$kind,$size] _ < <(wrk_run "$url" -t2 -c"$CONNECTIONS" -d"$WRK" -H 'Accept-Encoding: gzip')
		(( ${#others[@]} == 0 )) || kill -CONT "${others[@]}"
	done
done
echo "footprint.sh: /network done; soak of $SOAK at $SOAK_CONNECTIONS connections, one size at a time" >&2

# 5. the soak, both servers of a size at once: netmon /network and /metrics in turn, node_exporter /metrics
for size in $SIZES; do
	wrk_run "http://127.0.0.1:${port[netmon,$size]}/" -t2 -c"$SOAK_CONNECTIONS" -d"$SOAK" -s bench/mixed.lua >"$work/soak-netmon" &
	soak_netmon=$!
	# node_exporter answers 503 past its --web.max-requests (40 at once): counted, not a failure
	ALLOW_NON_2XX=1 wrk_run "http://127.0.0.1:${port[exporter,$size]}/metrics" -t2 -c"$SOAK_CONNECTIONS" -d"$SOAK" --timeout 10s \
		-H "Accept: $PROMETHEUS_ACCEPT" -H 'Accept-Encoding: gzip' >"$work/soak-exporter" &
	soak_exporter=$!
	wait "$soak_netmon"
	wait "$soak_exporter"
	sleep 2
	read -r soak_rps[netmon,$size] _ _ _ <"$work/soak-netmon"
	read -r soak_rps[exporter,$size] _ _ soak_shed[$size] <"$work/soak-exporter"
	for kind in "${kinds[@]}"; do
		rss_soak[$kind,$size]=$(rss_kb "${pid[$kind,$size]}")
		check "$kind" "$size" "${port[$kind,$size]}"
	done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
per_scrape() { awk -v ms="$1" -v n="$2" 'BEGIN { printf "%.2f", ms / n }'; }
growth() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", (b - a) * 100 / a }'; }

mkdir -p "$(dirname "$OUT")"
{
	echo '```'
	echo "footprint ($MODE): $(nproc) cores, $(uname -r), $(java -version 2>&1 | sed -n 2p), $("$EXPORTER" --version 2>&1 | head -1);"
	echo "scrapes for $SCRAPE_S s (RSS early at $EARLY_S s), soak $SOAK at $SOAK_CONNECTIONS connections, /network wrk -t2 -c$CONNECTIONS -d$WRK;"
	echo "load average at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
	echo '```'
	echo
	echo "| interfaces | measure | netmon | node_exporter | netmon / node_exporter |"
	echo "|---:|---|---:|---:|---:|"
	for size in $SIZES; do
		row() { printf '| %s | %s | %s | %s | %s |\n' "$size" "$1" "$2" "$3" "$(ratio "$4" "$5")"; }
		row "start to first 200 (ms, median of $START_RUNS)" "${start_ms[netmon,$size]}" "${start_ms[exporter,$size]}" "${start_ms[netmon,$size]}" "${start_ms[exporter,$size]}"
		row "RSS idle (MB)" "$(mb "${idle[netmon,$size]}")" "$(mb "${idle[exporter,$size]}")" "${idle[netmon,$size]}" "${idle[exporter,$size]}"
		row "RSS after $EARLY_S s of scrapes (MB)" "$(mb "${rss_early[netmon,$size]}")" "$(mb "${rss_early[exporter,$size]}")" "${rss_early[netmon,$size]}" "${rss_early[exporter,$size]}"
		row "RSS after $SCRAPE_S s of scrapes (MB; growth since $EARLY_S s)" \
			"$(mb "${rss_late[netmon,$size]}") ($(growth "${rss_early[netmon,$size]}" "${rss_late[netmon,$size]}"))" \
			"$(mb "${rss_late[exporter,$size]}") ($(growth "${rss_early[exporter,$size]}" "${rss_late[exporter,$size]}"))" \
			"${rss_late[netmon,$size]}" "${rss_late[exporter,$size]}"
		row "CPU per scrape (ms; ${scrapes[netmon,$size]} and ${scrapes[exporter,$size]} scrapes, ${late[netmon,$size]} and ${late[exporter,$size]} past 10 s)" \
			"$(per_scrape "${cpu[netmon,$size]}" "${scrapes[netmon,$size]}")" "$(per_scrape "${cpu[exporter,$size]}" "${scrapes[exporter,$size]}")" \
			"$(per_scrape "${cpu[netmon,$size]}" "${scrapes[netmon,$size]}")" "$(per_scrape "${cpu[exporter,$size]}" "${scrapes[exporter,$size]}")"
		row "RSS after the soak (MB)" "$(mb "${rss_soak[netmon,$size]}")" "$(mb "${rss_soak[exporter,$size]}")" "${rss_soak[netmon,$size]}" "${rss_soak[exporter,$size]}"
		row "soak req/s (node_exporter: 503s past its 40 at once)" "${soak_rps[netmon,$size]}" \
			"${soak_rps[exporter,$size]} (${soak_shed[$size]} answered 503)" "${soak_rps[netmon,$size]}" "${soak_rps[exporter,$size]}"
		printf '| %s | /network at %s connections: req/s, p50, p99 (ms) | %s, %s, %s | - | - |\n' "$size" "$CONNECTIONS" \
			"${net_rps[netmon,$size]}" "${net_p50[netmon,$size]}" "${net_p99[netmon,$size]}"
		printf '| %s | /network gzipped: req/s, p99 (ms) | %s, %s | - | - |\n' "$size" "${gz_rps[netmon,$size]}" "${gz_p99[netmon,$size]}"
	done
	if [[ -n "${BASELINE_JAR:-}" ]]; then
		echo
		echo "${BASELINE_NAME:-The older build} (java -jar with the JVM's defaults), in the same run:"
		echo
		echo "| interfaces | start to first 200 (ms) | RSS idle (MB) | /network req/s, p50, p99 (ms) | gzipped req/s | new / old req/s |"
		echo "|---:|---:|---:|---:|---:|---:|"
		for size in $SIZES; do
			printf '| %s | %s | %s | %s, %s, %s | %s | %s |\n' "$size" "${start_ms[today,$size]}" "$(mb "${idle[today,$size]}")" \
				"${net_rps[today,$size]}" "${net_p50[today,$size]}" "${net_p99[today,$size]}" "${gz_rps[today,$size]}" \
				"$(ratio "${net_rps[netmon,$size]}" "${net_rps[today,$size]}")"
		done
	fi
} | tee "$OUT"

if [[ $MODE == full && -z "${NO_DOC:-}" ]]; then
	# the table between the markers of docs/BENCHMARKS.md
	grep -q '^<!-- footprint:begin -->$' "$DOC" || { echo "footprint.sh: $DOC has no <!-- footprint:begin --> marker" >&2; exit 1; }
	awk -v table="$OUT" '
		/^<!-- footprint:begin -->$/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
		/^<!-- footprint:end -->$/ { skip = 0 }
		!skip' "$DOC" >"$work/doc"
	cp "$work/doc" "$DOC"
	echo "footprint.sh: wrote the table into $DOC" >&2
fi
