# Helpers the footprint benchmarks share (sourced, not run): start a server and time its first 200,
# read a process's RSS and CPU ticks, run wrk and read its figures.

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# RSS of PID in kB (VmRSS).
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# kB as MB with one decimal.
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# utime + stime of PID in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Polls URL every 5 ms until it answers 200; prints the milliseconds since START_MS. Fails after
# TIMEOUT_S (default 120: a busy machine can take that long) or as soon as PID is gone.
first_200_ms() {
	local url=$1 start=$2 pid=$3 deadline
	deadline=$(( $(now_ms) + ${TIMEOUT_S:-120} * 1000 ))
	while (( $(now_ms) < deadline )); do
		if curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null | grep -qx 200; then
			echo $(( $(now_ms) - start ))
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || { echo "bench: the server behind $url exited before answering 200" >&2; return 1; }
		sleep 0.005
	done
	echo "bench: $url never answered 200 within ${TIMEOUT_S:-120} s" >&2
	return 1
}

# wrk's summary of one run as "req/s p50_ms p99_ms non2xx": wrk_run URL wrk-arguments...
# Answers other than 2xx fail the run unless ALLOW_NON_2XX=1 (then they are counted).
wrk_run() {
	local url=$1 out
	shift
	out=$(wrk --latency "$@" "$url")
	awk '
		/^Requests\/sec:/ { rps = $2 }
		/^ +50%/ { p50 = $2 }
		/^ +99%/ { p99 = $2 }
		/Non-2xx or 3xx responses/ { bad = $NF }
		function ms(t) {
			if (t ~ /us$/) { sub(/us$/, "", t); return t / 1000 }
			if (t ~ /ms$/) { sub(/ms$/, "", t); return t + 0 }
			if (t ~ /s$/) { sub(/s$/, "", t); return t * 1000 }
			return t
		}
		END {
			if (bad > 0 && !allow) { print "bench: wrk saw " bad " answers that were not 2xx" > "/dev/stderr"; exit 1 }
			if (rps == "") { print "bench: wrk printed no Requests/sec" > "/dev/stderr"; exit 1 }
			printf "%s %.2f %.2f %d\n", rps, ms(p50), ms(p99), bad
		}' allow="${ALLOW_NON_2XX:-0}" <<<"$out"
}

# Prometheus' scrape headers (OpenMetrics preferred, gzip), as it sends them.
PROMETHEUS_ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

# Sets $work to a new directory holding a generated /proc root of N interfaces ($work/proc), and an
# EXIT trap that stops the server in $pid (when set) and removes $work: work_with_proc_root N
work_with_proc_root() {
	work=$(mktemp -d)
	pid=
	trap 'if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
	bench/proc-root.sh "$work/proc" "$1"
}

# Fails when something already answers on PORT of the loopback (another bench, another engineer's).
port_free() {
	if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; then
		echo "bench: something already answers on port $1 (set PORT or PORT_BASE to move)" >&2
		return 1
	fi
}
