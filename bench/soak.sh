#!/usr/bin/env bash
# Soak: netmon serve under load and hostile input at once, for SECONDS_TOTAL seconds.
#
#   bench/soak.sh                      # 5 minutes, 256 connections (make soak)
#   SECONDS_TOTAL=45 CONNECTIONS=64 bench/soak.sh   # the short form make test runs (make test-soak)
#   LOGS=/tmp/soak bench/soak.sh       # keep the service's log, wrk's output and each client's result there
#
# While wrk keeps CONNECTIONS connections busy with well-formed GETs (/network, /metrics,
# /network/history, /readyz, ...), one slowloris client a second opens a connection and sends
# its headers at one byte a second, and every SWAP_SECONDS the fake /proc/net/dev is replaced,
# in turn, by a good one, one truncated in the middle of a row, and an empty one. /healthz and
# /readyz are asked once a second on their own connection, as the DaemonSet's probes ask them:
# an answer must be 200 within 2 s, and three failures in a row would have the pod restarted.
#
# Passes (exit 0) when wrk saw no non-2xx answer and no socket error, no probe failed three times
# in a row, every slowloris client was cut off by the server, and the service is still running. It
# prints the figures: requests, non-2xx, socket errors, RSS at start and end, slowloris
# connections cut and after how long. Needs target/netmon.jar (make build), wrk and curl
# (scripts/deps.sh java bench). Everything listens on loopback and is stopped on every exit.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TOTAL=${SECONDS_TOTAL:-300}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-2}
SWAP_SECONDS=${SWAP_SECONDS:-10}
# the DaemonSet's probes: timeoutSeconds 2, failureThreshold 3
PROBE_TIMEOUT=${PROBE_TIMEOUT:-2}
PROBE_FAILURES=${PROBE_FAILURES:-3}
PORT=${PORT:-39200}
HEAP=${HEAP:-256m}
JAR=${JAR:-target/netmon.jar}
LOGS=${LOGS:-}
FIXTURES=java/src/test/resources/fixtures

fail() {
	echo "bench/soak.sh: $*" >&2
	exit 1
}

for tool in java wrk curl; do
	command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh java bench)"
done
[[ -f "$JAR" ]] || fail "$JAR is missing: run make build"
((SECONDS_TOTAL >= 3 * SWAP_SECONDS)) || fail "SECONDS_TOTAL=$SECONDS_TOTAL is too short to swap the file through its three forms"

work=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	if [[ -n "$LOGS" ]]; then
		mkdir -p "$LOGS" && cp "$work"/*.txt "$work"/*.log "$LOGS"/ 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# The proc root: the lab node's files; /proc/net/dev in three forms, swapped in by rename.
root=$work/proc
mkdir -p "$root/net"
cp "$FIXTURES/proc-net-snmp-lab-node.txt" "$root/net/snmp"
cp "$FIXTURES/proc-net-snmp6-lab-node.txt" "$root/net/snmp6"
cp "$FIXTURES/proc-net-dev-lab-node.txt" "$work/dev.good"
good_bytes=$(wc -c <"$work/dev.good")
head -c $((good_bytes - 40)) "$work/dev.good" >"$work/dev.truncated"
: >"$work/dev.empty"
cp "$work/dev.good" "$root/net/dev"

swap_in() {
	cp "$work/dev.$1" "$root/net/dev.next"
	mv -f "$root/net/dev.next" "$root/net/dev"
}

java "-Xmx$HEAP" -XX:+ExitOnOutOfMemoryError -jar "$JAR" serve --bind 127.0.0.1 --port "$PORT" \
	--proc-root "$root" >"$work/serve.log" 2>&1 &
server=$!
pids+=("$server")
base=http://127.0.0.1:$PORT
for _ in $(seq 1 150); do
	curl -sf -o /dev/null "$base/readyz" && break
	kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; fail "netmon serve exited while starting"; }
	sleep 0.2
done
curl -sf -o /dev/null "$base/readyz" || fail "netmon serve was not ready within 30 s"
rss_kb() { ps -o rss= -p "$server" | tr -d ' '; }
rss_start=$(rss_kb)

# wrk: well-formed GETs over the API, round robin.
cat >"$work/paths.lua" <<'EOF'
local paths = {"/network", "/metrics", "/network/history?seconds=10", "/readyz", "/healthz",
	"/network/interfaces/eth0", "/network/protocols?protocol=tcp"}
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
EOF
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_TOTAL}s" --timeout 10s -s "$work/paths.lua" "$base" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
pids+=("$wrk_pid")

# One slowloris client: headers at one byte a second until the server answers or closes.
# Prints "<seconds until cut> <first line of the answer, or closed>", or "open" if it never was.
slowloris() {
	local request pad fd line partial='' i started now
	printf -v pad '%*s' 120 ''
	request=$'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '"${pad// /a}"$'\r\n\r\n'
	started=$(date +%s%N)
	exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || { echo "refused"; return; }
	for ((i = 0; i < ${#request}; i++)); do
		if ! printf '%s' "${request:i:1}" >&"$fd" 2>/dev/null; then
			now=$(date +%s%N)
			echo "$(((now - started) / 1000000)) closed"
			exec {fd}>&- 2>/dev/null || true
			return
		fi
		if IFS= read -r -t 1 -u "$fd" line; then
			now=$(date +%s%N)
			echo "$(((now - started) / 1000000)) ${partial}${line%$'\r'}"
			exec {fd}>&-
			return
		elif (($? > 128)); then
			partial+=$line # a read that timed out keeps what it had read: the start of the answer, if any
		else
			now=$(date +%s%N)
			echo "$(((now - started) / 1000000)) closed"
			exec {fd}>&-
			return
		fi
	done
	exec {fd}>&- 2>/dev/null || true
	echo "open"
}

forms=(good truncated empty)
health_checks=0
health_failures=0
declare -A in_a_row=([/healthz]=0 [/readyz]=0)
most_in_a_row=0
: >"$work/slowloris.txt"
: >"$work/health.txt"
started=$(date +%s%N)
for ((second = 1; second <= SECONDS_TOTAL; second++)); do
	# one round a second of wall clock, however long the health checks took
	sleep "$(awk -v due="$((started + (second - 1) * 1000000000))" -v now="$(date +%s%N)" \
		'BEGIN { d = (due - now) / 1e9; print (d > 0 ? d : 0) }')"
	if ((second % SWAP_SECONDS == 0)); then
		swap_in "${forms[$(((second / SWAP_SECONDS) % 3))]}"
	fi
	slowloris >>"$work/slowloris.txt" &
	for path in /healthz /readyz; do
		status=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$PROBE_TIMEOUT" "$base$path" || true)
		health_checks=$((health_checks + 1))
		if [[ "$status" == 200 ]]; then
			in_a_row[$path]=0
		else
			health_failures=$((health_failures + 1))
			in_a_row[$path]=$((in_a_row[$path] + 1))
			((in_a_row[$path] <= most_in_a_row)) || most_in_a_row=${in_a_row[$path]}
			echo "second $second: $path answered '$status' (000: nothing within $PROBE_TIMEOUT s)" >>"$work/health.txt"
		fi
	done
	kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; fail "netmon serve died at second $second"; }
done
wait "$wrk_pid" || { cat "$work/wrk.txt" >&2; fail "wrk failed"; }
# The last slowloris clients started less than a request timeout ago: let them be cut.
wait_clients=0
while (($(wc -l <"$work/slowloris.txt") < SECONDS_TOTAL)) && ((wait_clients < 60)); do
	sleep 1
	wait_clients=$((wait_clients + 1))
done
rss_end=$(rss_kb)
kill -0 "$server" 2>/dev/null || fail "netmon serve died after the load"

requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$work/wrk.txt")
non2xx=${non2xx:-0}
socket_errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$work/wrk.txt")
socket_errors=${socket_errors:-0}
socket_detail=$(sed -n 's/.*Socket errors: //p' "$work/wrk.txt")
socket_detail=${socket_detail:-none}
slow_total=$(wc -l <"$work/slowloris.txt")
slow_408=$(grep -c '^[0-9]* HTTP/1.1 408 Request Timeout$' "$work/slowloris.txt" || true)
slow_closed=$(grep -c ' closed$' "$work/slowloris.txt" || true)
slow_open=$(grep -c -v -E '^[0-9]+ ' "$work/slowloris.txt" || true)
cut_after=$(awk '/^[0-9]+ / { print $1 / 1000 }' "$work/slowloris.txt" | sort -n |
	awk '{ v[NR] = $1 } END { if (NR) printf "min %.1f s, median %.1f s, max %.1f s", v[1], v[int((NR + 1) / 2)], v[NR]; else print "none" }')
notes=$(grep -c "sampling failed" "$work/serve.log" || true)

echo "soak: ${SECONDS_TOTAL} s, wrk -t$THREADS -c$CONNECTIONS on $(nproc) cores, $(uname -r), heap $HEAP; /proc/net/dev" \
	"swapped every $SWAP_SECONDS s (good, truncated, empty); one slowloris client a second"
echo
echo "| figure | value |"
echo "|---|---:|"
echo "| well-formed requests (wrk) | $requests |"
echo "| non-2xx answers | $non2xx |"
echo "| socket errors | $socket_errors ($socket_detail) |"
echo "| /healthz and /readyz probes, failed (most in a row) | $health_checks, $health_failures ($most_in_a_row) |"
echo "| RSS at start, at end | $((rss_start / 1024)) MB, $((rss_end / 1024)) MB |"
echo "| slowloris clients, cut with 408, closed without an answer, never cut | $slow_total, $slow_408, $slow_closed, $slow_open |"
echo "| slowloris cut after | $cut_after |"
echo "| failed reads logged (once per change of reason) | $notes |"
echo
sed -n '/Latency/,/Req\/Sec/p' "$work/wrk.txt"

status=0
((non2xx == 0)) || { echo "FAIL: $non2xx non-2xx answers to well-formed requests" >&2; status=1; }
((socket_errors == 0)) || { echo "FAIL: $socket_errors socket errors" >&2; status=1; }
((most_in_a_row < PROBE_FAILURES)) || { cat "$work/health.txt" >&2; echo "FAIL: a probe failed $most_in_a_row times in a row" >&2; status=1; }
((slow_open == 0 && slow_total == SECONDS_TOTAL)) || { echo "FAIL: $slow_open slowloris clients never cut, $slow_total of $SECONDS_TOTAL reported" >&2; status=1; }
((slow_408 + slow_closed == slow_total)) || { echo "FAIL: slowloris answers other than 408" >&2; status=1; }
exit "$status"
