#!/usr/bin/env bash
# Writes the class-data sharing archive of a netmon jar (netmon.jsa beside it) with a training run
# of the service through its launcher, so that the archive is dumped with the very options the
# service runs with: serve a small generated /proc root, ask every endpoint once, stop with SIGTERM;
# the JVM writes every class it loaded (-XX:ArchiveClassesAtExit) on the way out.
#
#   scripts/cds-archive.sh [JAR]              # default target/netmon.jar; `make build` runs it
#   scripts/cds-archive.sh --root DIR JAR     # the image build: JAR is a path inside the root
#                                             # filesystem DIR, the launcher is the netmon beside it,
#                                             # and both run in `chroot DIR`, with DIR's own java
#
# The archive is only good for the JVM that dumped it and the jar it was dumped from (the JVM
# checks both at start: the jar's path, size and mtime; and ignores an archive that does not
# match): so an image builds its own, against its own JRE, with --root (k8s/image/build.sh).
# The requests come from this machine's curl: a chroot shares the network.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
trap 'rc=$?; echo "cds-archive.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

root=
if [[ "${1:-}" == --root ]]; then
	[[ $# -eq 3 ]] || { echo "usage: scripts/cds-archive.sh [JAR] | --root DIR JAR" >&2; exit 2; }
	root=$(realpath "$2")
	shift 2
fi
for tool in curl ${root:+chroot}; do
	command -v "$tool" >/dev/null || { echo "cds-archive.sh: $tool is missing (scripts/deps.sh java)" >&2; exit 1; }
done
if [[ -n "$root" ]]; then
	# JAR as the chroot sees it; the launcher is the one installed beside it, java the root's.
	jar=$1
	[[ "$jar" == /* && -f "$root$jar" ]] || { echo "cds-archive.sh: no jar at $jar in $root" >&2; exit 1; }
	launcher=$(dirname "$jar")/netmon
	[[ -x "$root$launcher" ]] || { echo "cds-archive.sh: no launcher at $launcher in $root" >&2; exit 1; }
	# Nothing of this machine's environment (JAVA_HOME, PATH) leaks into the root's.
	in_root=(chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin)
	java_version=$("${in_root[@]}" java -version 2>&1 | sed -n 2p)
	# The work directory (proc root, logs, the archive) inside the root, under its /tmp.
	work=$(mktemp -d "$root/tmp/cds-archive.XXXXXX")
	inside=${work#"$root"}
	pid=
	trap 'if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
	bench/proc-root.sh "$work/proc" 10
else
	command -v java >/dev/null || { echo "cds-archive.sh: java is missing (scripts/deps.sh java)" >&2; exit 1; }
	jar=$(realpath "${1:-target/netmon.jar}")
	[[ -f "$jar" ]] || { echo "cds-archive.sh: no jar at $jar: run make build" >&2; exit 1; }
	launcher=${LAUNCHER:-java/bin/netmon}
	in_root=(env)
	java_version=$(java -version 2>&1 | sed -n 2p)
	work_with_proc_root 10
	inside=$work
fi
archive=$root${jar%.jar}.jsa
rm -f "$archive"

: >"$work/out"
# the launcher takes no archive (there is none yet) and dumps one at exit
"${in_root[@]}" NETMON_JAR="$jar" NETMON_CDS_ARCHIVE="$inside/none.jsa" TMPDIR="$inside" \
	NETMON_JAVA_OPTS="-XX:ArchiveClassesAtExit=$inside/netmon.jsa" \
	"$launcher" serve --bind 127.0.0.1 --port 0 --proc-root "$inside/proc" >"$work/out" 2>"$work/err" &
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
echo "cds-archive.sh: $archive ($(du -k "$archive" | cut -f1) kB) for $java_version"
