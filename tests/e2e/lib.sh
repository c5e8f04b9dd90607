# SPDX-License-Identifier: GPL-2.0
# tests/e2e/lib.sh - what the end-to-end guest scripts share (guest-service.sh, guest-pods.sh): the service
# over HTTP (busybox wget), checks that count, waiting for samples taken after now. Sourced INSIDE a QEMU
# guest, from bash with `set -euo pipefail`; set `port` before sourcing to serve elsewhere than 3000.

port=${port:-3000}
base=http://127.0.0.1:$port
passed=0 failed=0

fetch() { busybox wget -q -O - "$base$1"; }

check() { # check WHAT EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1)); echo "ok   $1 = $3"
	else
		failed=$((failed + 1)); echo "FAIL $1: expected $2, got $3"
	fi
}

# samples: how many samples the service has taken (from /readyz)
samples() {
	local ready
	ready=$(fetch /readyz) || return 1
	[[ $ready =~ \"samples\":([0-9]+) ]] || { echo "no sample count in /readyz: $ready" >&2; return 1; }
	echo "${BASH_REMATCH[1]}"
}

# fresh: waits until the service has taken a sample after now (two samples on: the first may have begun
# before), so answers include everything sent before; fails after 10 s
fresh() {
	local before now
	before=$(samples)
	for _ in $(seq 1 100); do
		now=$(samples)
		[ "$now" -gt $((before + 1)) ] && return 0
		sleep 0.1
	done
	echo "service stopped sampling" >&2; return 1
}

# wait_service PID LOG: waits (at most 2 minutes: the JVM starts slowly under TCG) for /readyz; fails,
# printing the log, if the service process ends first
wait_service() {
	for _ in $(seq 1 600); do
		fetch /readyz >/dev/null 2>&1 && return 0
		kill -0 "$1" 2>/dev/null || { cat "$2"; return 1; }
		sleep 0.2
	done
	echo "the service never answered /readyz" >&2; cat "$2"; return 1
}

minus() { # minus "a b c d" "e f g h" -> element-wise a-e ...
	local -a x=($1) y=($2)
	echo "$((x[0] - y[0])) $((x[1] - y[1])) $((x[2] - y[2])) $((x[3] - y[3]))"
}
