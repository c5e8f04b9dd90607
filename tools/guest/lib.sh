# SPDX-License-Identifier: GPL-2.0
# tools/guest/lib.sh - what the guest test runners share (kmod/tests/run.sh, kmod/tests/bench.sh,
# kmod/tests/stress.sh, tests/e2e/run.sh): the kernels, one module build per kernel and argument
# set, and a summary of one line per guest. Source it from bash with `set -euo pipefail`.

GUEST_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GUEST_REPO=$(cd "$GUEST_LIB_DIR/../.." && pwd)
GUEST_RUN=$GUEST_LIB_DIR/run.sh
GUEST_SUMMARY=()
GUEST_STATUS=0

# guest_die MESSAGE: say which step broke and stop.
guest_die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# guest_kernels [SERIES...]: the kernels to run on ($KVERS if set, else kmod/kernels.sh), one per
# line; fails when a series has no kernel with image and headers.
guest_kernels() {
	if [ -n "${KVERS:-}" ]; then
		printf '%s\n' $KVERS
		return 0
	fi
	"$GUEST_REPO/kmod/kernels.sh" "$@" || guest_die "no kernel to test on (scripts/deps.sh kmod installs them)"
}

# guest_module KVER [KBUILD-ARGS...]: build netmon.ko for KVER into build/kmod/KVER/<args> (one
# directory per argument set, so the checked W=1 C=2 build and a plain one never rebuild each
# other); prints the module's path. kbuild decides what is up to date.
guest_module() {
	local kver=$1 flavor out
	shift
	flavor=$(printf '%s' "${*:-plain}" | tr -c 'A-Za-z0-9' '-')
	out=$GUEST_REPO/build/kmod/$kver/$flavor
	"$GUEST_REPO/kmod/build.sh" "/lib/modules/$kver/build" "$out" "$@" > /dev/null \
		|| guest_die "building netmon.ko for $kver ($flavor) failed: see $out/build.log"
	echo "$out/netmon.ko"
}

# guest_nmtest: build the static traffic and /proc tool the guests run; prints its path.
guest_nmtest() {
	"$GUEST_REPO/kmod/tests/build-nmtest.sh" || guest_die "building nmtest failed"
	echo "$GUEST_REPO/build/kmod/tools/nmtest"
}

# guest_each TITLE CMD...: run CMD KVER for every kernel at once (each TCG guest is one host
# thread), CMD's output to build/<TITLE>/<kver>.log; then record each one's summary line from
# $GUEST_RESULTS/<kver>/summary.txt and show the log of any that failed.
guest_each() {
	local title=$1 kver logs=$GUEST_REPO/build/logs/$1
	shift
	local -A pids=()
	local kvers
	kvers=$(guest_kernels)	# (a failure here stops the script; inside `for ... in $(...)` it would not)
	mkdir -p "$logs"
	for kver in $kvers; do
		"$@" "$kver" > "$logs/$kver.log" 2>&1 &
		pids[$kver]=$!
		echo "== $title $kver: started (log: build/logs/$title/$kver.log)"
	done
	for kver in "${!pids[@]}"; do
		local rc=0
		wait "${pids[$kver]}" || rc=$?
		if [ "$rc" != 0 ]; then
			echo "== $title $kver failed (status $rc); its log:"
			# (a log with none of these lines is no reason to stop before its tail and the other guests)
			{ grep -a -E '^(FAIL|     (expected|actual))|run\.sh:|guest:|BUG|Oops|panic|Error' "$logs/$kver.log" || true; } | head -80
			echo "   ... last lines:"
			tail -n 25 "$logs/$kver.log"
		fi
		guest_record "$title $kver" "$GUEST_RESULTS/$kver/summary.txt" "$rc"
	done
}

# guest_record NAME SUMMARY-FILE STATUS: remember one guest's summary line (or why it has none).
guest_record() {
	local name=$1 file=$2 rc=$3 line
	line=$(cat "$file" 2>/dev/null || true)
	if [ -z "$line" ]; then
		case $rc in
		124) line="$name: guest timed out" ;;
		125) line="$name: the guest harness failed (see the console above)" ;;
		*)   line="$name: guest failed (status $rc) before writing its summary" ;;
		esac
	fi
	GUEST_SUMMARY+=("$line")
	[ "$rc" = 0 ] || GUEST_STATUS=1
}

# guest_report TITLE START-SECONDS: print the summary lines; returns 1 if any guest failed.
guest_report() {
	echo
	printf '%s\n' "${GUEST_SUMMARY[@]}"
	echo "$1: $((SECONDS - $2))s"
	return "$GUEST_STATUS"
}
