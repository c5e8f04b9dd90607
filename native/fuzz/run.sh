#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs the libFuzzer targets that `make -C native fuzz-build` builds (native/README.md, "Fuzzing").
#   run.sh check    every committed input and fixture once, then FUZZ_CHECK_SECONDS (10) of
#                   fuzzing per reader, one after the other (make test)
#   run.sh long     FUZZ_SECONDS (1800) per reader, FUZZ_JOBS (2) at a time under nice -n 19,
#                   then a summary with llvm-cov line coverage (make fuzz); dev also keeps 1 in
#                   1000 of the inputs it reads in long/dev-samples, for the Java oracle
#   run.sh summary  that summary again, from the last long run's logs and inputs
#   run.sh corpus   minimize fuzz/corpus/<reader>: what the fixtures, the committed corpus and
#                   the last long run hold, cut down to the inputs that earn coverage the
#                   fixtures do not
# FUZZ_READERS="dev snmp" runs some of the readers only. Crashing inputs are saved as
# build/fuzz/crashes/<reader>-crash-<sha1>.
set -euo pipefail

trap 'rc=$?; echo "fuzz/run.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NATIVE=$(dirname "$HERE")
DATA=$NATIVE/tests/data
CORPUS=$HERE/corpus
B=${FUZZ_BUILD:-$NATIVE/build/fuzz}	# where the Makefile put the binaries
read -r -a READERS <<< "${FUZZ_READERS:-dev netmon-v1 netmon-v2 snmp snmp6}"
MAX_LEN=8192	# room for a line past the 4095-byte limit and for the line reader's refills
LLVM_PROFDATA=${LLVM_PROFDATA:-llvm-profdata-14}
LLVM_COV=${LLVM_COV:-llvm-cov-14}

die() { echo "fuzz/run.sh: $*" >&2; exit 1; }

# The fixtures a reader is seeded with, and the source file that is that reader.
fixtures() {
	case "$1" in
	dev)                 echo "proc-net-dev-*" ;;
	netmon-v1|netmon-v2) echo "proc-net-netmon-*" ;;
	snmp)                echo "proc-net-snmp-*" ;;
	snmp6)               echo "proc-net-snmp6-*" ;;
	*) die "unknown reader '$1'" ;;
	esac
}
source_of() {
	case "$1" in
	dev) echo dev.c ;; netmon-*) echo kmod.c ;; snmp*) echo snmp.c ;;
	esac
}

make_seeds() {
	local r=$1 pattern
	pattern=$(fixtures "$r")
	rm -rf "$B/seeds/$r"
	mkdir -p "$B/seeds/$r" "$CORPUS/$r"
	# shellcheck disable=SC2086 # the pattern is a glob on purpose
	cp "$DATA"/$pattern "$B/seeds/$r/"
}

# libFuzzer's flags for every run of reader $1; the input directories follow.
flags() {
	echo "-max_len=$MAX_LEN -timeout=10 -print_final_stats=1 -artifact_prefix=$B/crashes/$1-"
}

# "executions exec/s cov ft corpus" from a libFuzzer log.
figures() {
	awk '/^stat::number_of_executed_units:/ { runs = $2 }
	     /^stat::average_exec_per_sec:/     { rate = $2 }
	     / cov: [0-9]+ ft: [0-9]+ corp: /   { for (i = 1; i <= NF; i++) {
	                                              if ($i == "cov:") cov = $(i + 1)
	                                              if ($i == "ft:") ft = $(i + 1)
	                                              if ($i == "corp:") corp = $(i + 1) } }
	     END { printf "%s %s %s %s %s\n", runs, rate, cov, ft, corp }' "$1"
}

# Tells where a reader's crash is and what it said.
report_crash() {
	local r=$1 log=$2
	echo "fuzz $r: FAILED, log $log:" >&2
	grep -E 'invariant broken|ERROR: (AddressSanitizer|libFuzzer)|runtime error|SUMMARY|Test unit written|^artifact_prefix' "$log" >&2 || tail -30 "$log" >&2
}

check() {
	local secs=${FUZZ_CHECK_SECONDS:-10} r log passed=0 failed=0 runs rate cov ft corp
	mkdir -p "$B/check" "$B/crashes"
	for r in "${READERS[@]}"; do
		[ -x "$B/fuzz-$r" ] || die "$B/fuzz-$r is missing: make -C native fuzz-build"
		make_seeds "$r"
		rm -rf "$B/check/$r"
		mkdir -p "$B/check/$r"
		log=$B/check/$r.log
		# shellcheck disable=SC2046 # flags are words
		if "$B/fuzz-$r" $(flags "$r") -max_total_time="$secs" \
			"$B/check/$r" "$CORPUS/$r" "$B/seeds/$r" > "$log" 2>&1; then
			read -r runs rate cov ft corp < <(figures "$log")
			printf 'fuzz %-9s %9s runs in %ss (%s/s), cov %s ft %s, corpus %s, %s new\n' \
				"$r" "$runs" "$secs" "$rate" "$cov" "$ft" "$corp" \
				"$(find "$B/check/$r" -type f | wc -l)"
			passed=$((passed + 1))
		else
			report_crash "$r" "$log"
			failed=$((failed + 1))
		fi
	done
	echo "fuzz: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# Runs reader $1's coverage build on every input in the given directories: $B/cov/$1.profdata.
profile() {
	local r=$1
	shift
	rm -f "$B/cov/$r".prof*
	mkdir -p "$B/cov"
	LLVM_PROFILE_FILE="$B/cov/$r.profraw" "$B/cov-$r" -runs=0 -max_len=$MAX_LEN "$@" \
		> "$B/cov/$r.log" 2>&1 || die "coverage run of $r failed: $B/cov/$r.log"
	"$LLVM_PROFDATA" merge -sparse -o "$B/cov/$r.profdata" "$B/cov/$r.profraw"
}

# "dev.c 96.30% lines.c 96.92% " for the targets named $1 ("dev", or "snmp snmp6" for the
# two together), from llvm-cov's Lines column (the 10th field of each file's row).
line_coverage() {
	local names=$1 r objects=() profiles=() src tag
	for r in $names; do
		# llvm-cov takes the first binary as is, each further one after -object.
		if [ ${#objects[@]} -eq 0 ]; then
			objects+=("$B/cov-$r")
		else
			objects+=(-object "$B/cov-$r")
		fi
		profiles+=("$B/cov/$r.profdata")
		src=$(source_of "$r")
	done
	tag=${names// /+}
	"$LLVM_PROFDATA" merge -sparse -o "$B/cov/$tag.all.profdata" "${profiles[@]}"
	"$LLVM_COV" report "${objects[@]}" -instr-profile="$B/cov/$tag.all.profdata" \
		"$NATIVE/src/$src" "$NATIVE/src/lines.c" > "$B/cov/$tag.txt"
	awk '$1 ~ /\.c$/ { n = split($1, p, "/"); printf "%s %s ", p[n], $10 }' "$B/cov/$tag.txt"
}

# The table of the last long run, from its logs and directories (run.sh summary [SECONDS]).
summary() {
	local secs=${1:-${FUZZ_SECONDS:-1800}} r runs rate cov ft corp lines crashes
	{
		echo "| reader | seconds | executions | exec/s | cov | ft | corpus | line coverage | crashes |"
		echo "|---|---|---|---|---|---|---|---|---|"
		for r in "${READERS[@]}"; do
			[ -f "$B/long/$r.log" ] || die "no long run of $r in $B/long"
			read -r runs rate cov ft corp < <(figures "$B/long/$r.log")
			profile "$r" "$B/long/$r" "$CORPUS/$r" "$B/seeds/$r"
			lines=$(line_coverage "$r")
			# libFuzzer's artifacts but slow-unit-* (a unit above 10 s, which a busy machine makes)
			crashes=$(find "$B/crashes" -type f \( -name "$r-crash-*" -o -name "$r-timeout-*" \
				-o -name "$r-oom-*" -o -name "$r-leak-*" \) | wc -l)
			echo "| $r | $secs | $runs | $rate | $cov | $ft | $corp | $lines| $crashes |"
		done
		# The readers that two targets share, covered by both (when both ran).
		local pair
		for pair in "netmon-v1 netmon-v2" "snmp snmp6"; do
			if [[ " ${READERS[*]} " == *" ${pair% *} "* && " ${READERS[*]} " == *" ${pair#* } "* ]]; then
				echo "| ${pair/ / + } | | | | | | | $(line_coverage "$pair")| |"
			fi
		done
	} > "$B/summary.md"
	cat "$B/summary.md"
	echo "(summary in $B/summary.md; llvm-cov reports in $B/cov/; make -C native fuzz-corpus keeps the finds)"
}

long() {
	local secs=${FUZZ_SECONDS:-1800} jobs=${FUZZ_JOBS:-2} r running=0 failed=0 samples
	mkdir -p "$B/long" "$B/crashes"
	echo "fuzz: ${#READERS[@]} readers x ${secs}s, $jobs at a time, nice -n 19; logs in $B/long/"
	for r in "${READERS[@]}"; do
		[ -x "$B/fuzz-$r" ] && [ -x "$B/cov-$r" ] || die "fuzz-$r or cov-$r missing: make -C native fuzz-build"
		make_seeds "$r"
		rm -rf "$B/long/$r" "$B/long/$r-samples"
		mkdir -p "$B/long/$r"
	done
	for r in "${READERS[@]}"; do
		if [ "$running" -ge "$jobs" ]; then
			wait -n || true	# how each run ended is read from its log below
			running=$((running - 1))
		fi
		echo "fuzz $r: started $(date +%H:%M:%S)"
		# shellcheck disable=SC2046
		samples=
		if [ "$r" = dev ]; then
			samples=$B/long/dev-samples
			mkdir -p "$samples"
		fi
		NM_FUZZ_SAMPLE_DIR=$samples nice -n 19 "$B/fuzz-$r" $(flags "$r") -max_total_time="$secs" \
			"$B/long/$r" "$CORPUS/$r" "$B/seeds/$r" > "$B/long/$r.log" 2>&1 &
		running=$((running + 1))
	done
	wait || true
	# libFuzzer ends a run that found nothing with "Done N runs in S second(s)".
	for r in "${READERS[@]}"; do
		grep -q '^Done [0-9]* runs' "$B/long/$r.log" || failed=1
	done

	summary "$secs"
	if [ "$failed" -ne 0 ]; then
		for r in "${READERS[@]}"; do
			grep -q '^Done [0-9]* runs' "$B/long/$r.log" || report_crash "$r" "$B/long/$r.log"
		done
		die "a reader crashed or broke an invariant"
	fi
}

corpus() {
	local r new seed
	for r in "${READERS[@]}"; do
		[ -x "$B/fuzz-$r" ] || die "$B/fuzz-$r is missing: make -C native fuzz-build"
		make_seeds "$r"
		new=$B/merge/$r
		rm -rf "$new"
		mkdir -p "$new"
		# The fixtures go first, so only what they do not cover is merged in; then they go.
		cp "$B/seeds/$r"/* "$new/"
		local dirs=("$CORPUS/$r")
		[ -d "$B/long/$r" ] && dirs+=("$B/long/$r")
		# shellcheck disable=SC2046
		"$B/fuzz-$r" $(flags "$r") -merge=1 "$new" "${dirs[@]}" > "$B/merge/$r.log" 2>&1 \
			|| { report_crash "$r" "$B/merge/$r.log"; die "merge of $r failed"; }
		for seed in "$B/seeds/$r"/*; do
			rm -f "$new/$(basename "$seed")"
		done
		rm -rf "$CORPUS/$r"
		mv "$new" "$CORPUS/$r"
		echo "fuzz corpus $r: $(find "$CORPUS/$r" -type f | wc -l) files, $(du -sk "$CORPUS/$r" | cut -f1) KiB"
	done
}

case "${1:-}" in
check) check ;;
long) long ;;
summary) summary "${2:-}" ;;
corpus) corpus ;;
*) die "usage: run.sh check|long|summary [SECONDS]|corpus" ;;
esac
