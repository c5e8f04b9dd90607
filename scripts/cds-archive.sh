#!/usr/bin/env bash
# Writes the class-data sharing archive of a netmon jar (netmon.jsa beside it) with a training run
# of the service through its launcher, so that the archive is dumped with the very options the
# service runs with: serve a small generated /proc root, ask every endpoint once, stop with SIGTERM;
# the JVM writes every class it loaded (-XX:ArchiveClassesAtExit) on the way out.
#
#   scripts/cds-archive.sh [JAR]        # default target/netmon.jar; `make build` runs it
#
# The archive is only good for the JVM that dumped it and the jar it was dumped from (the JVM
# checks both at start and ignores an archive that does not match): an image builds its own,
# against its own JRE, by running this script (or the same steps) in the image build.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
trap 'rc=$?; echo "cds-archive.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

jar=$(realpath "${1:-target/netmon.jar}")
archive=${jar%.jar}.jsa
launcher=${LAUNCHER:-java/bin/netmon}
for tool in java curl; do
	command -v "$tool" >/dev/null || { echo "cds-archive.sh: $tool is missing (scripts/deps.sh java)" >&2; exit 1; }
done
[[ -f "$jar" ]] || { echo "cds-archive.sh: no jar at $jar: run make build" >&2; exit 1; }

work_with_proc_root 10
rm -f "$archive"

: >"$work/out"
# the launcher takes no archive (there is none yet) and dumps one at exit
NETMON_JAR=$jar NETMON_CDS_ARCHIVE="$work/none.jsa" NETMON_JAVA_OPTS="-XX:ArchiveClassesAtExit=$work/netmon.jsa" \
	"$launcher" serve --bind 127.0.0.1 --port 0 --proc-root "$work/proc" >"$work/out" 2>"$work/err" &
pid=$!
port=
for _ in $(seq 1 200); do
	port=$(sed -n 's|^Netmon serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/out")
	[[ -n "$port" ]] && break
	kill -0 "$pid" 2>/dev/null || { echo "cds-archive.sh: the training run exited:" >&2; cat "$work/err" >&2; exit 1; }
	sleep 0.1
done
[[ -n "$port" ]] || { echo "cds-archive.sh: the training run never said its port" >&2; exit 1; }
base=http://127.0.0.1:$port
for _ in $(seq 1 100); do
	curl -sf -o /dev/null "$base/readyz" && break
	sleep 0.1
done
curl -sf -o /dev/null "$base/readyz"
gzip=(-H 'Accept-Encoding: gzip')
openmetrics=(-H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')
for path in /healthz /network '/network?interface=lo' /network/interfaces/lo /network/protocols /network/protocols/tcp \
	'/network/history?seconds=60' /metrics /; do
	curl -sf -o /dev/null "$base$path"
	curl -sf -o /dev/null "${gzip[@]}" "$base$path"
done
curl -sf -o /dev/null "${openmetrics[@]}" "${gzip[@]}" "$base/metrics"
curl -s -o /dev/null "$base/nowhere" || true
curl -s -o /dev/null -m 2 -N "$base/network/stream" || true
kill -TERM "$pid"
wait "$pid" || true
pid=
[[ -s "$work/netmon.jsa" ]] || { echo "cds-archive.sh: the training run wrote no archive:" >&2; cat "$work/err" >&2; exit 1; }
mv "$work/netmon.jsa" "$archive"
echo "cds-archive.sh: $archive ($(du -k "$archive" | cut -f1) kB) for $(java -version 2>&1 | sed -n 2p)"
