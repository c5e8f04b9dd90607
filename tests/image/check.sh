#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make test-image`: what `make image` built, checked without a container runtime or a guest. Each
# oci-archive is unpacked with umoci (as a runtime would lay it out) and:
#   netmon:        its config runs the launcher (entrypoint /opt/netmon/bin/netmon, cmd serve, uid 65532);
#                  the launcher and jar are the repository's; in a chroot of the image's root filesystem,
#                  as uid 65532 with the image's own JRE, `netmon --version` prints the pom's version,
#                  the launcher passes the image's class-data archive, -Xshare:on (which refuses to start
#                  on an archive that does not fit) is accepted, the archive's dynamic regions are mapped
#                  and netmon's classes come from it, for `--version` and for `serve` up to its first
#                  /readyz; then, with the jar's mtime changed, the same -Xshare:on start is refused (so
#                  the check above can fail);
#   netmon-loader: entrypoint /usr/local/bin/netmon-loader as root, /usr/src -> /host/usr/src.
# The chroot runs in a mount namespace of its own, with its own /proc (java finds its libraries
# through /proc/self/exe), which goes away with it; nothing is mounted on this machine's tree.
#
# Usage: tests/image/check.sh [IMAGE-DIR]   (default build/image; root, for umoci unpack and chroot)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
images=${1:-$repo/build/image}
jar=${NETMON_JAR:-$repo/target/netmon.jar}
step="start"
trap 'echo "test-image: failed while: $step" >&2' ERR
passed=0 failed=0
check() { # check WHAT EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1)); echo "ok   $1 = $3"
	else
		failed=$((failed + 1)); echo "FAIL $1: expected $2, got $3"
	fi
}

[ "$(id -u)" = 0 ] || { echo "test-image: run as root (umoci unpack, chroot)" >&2; exit 1; }
for tool in umoci jq unshare chroot curl; do
	command -v "$tool" >/dev/null || { echo "test-image: $tool missing: scripts/deps.sh image" >&2; exit 1; }
done
version=$(sed -n '/<artifactId>netmon<\/artifactId>/{n;s/.*<version>\([^<]*\)<\/version>.*/\1/p;q}' "$repo/pom.xml")
work=$(mktemp -d)
pid=
# stop: SIGTERM to the server started in the background ($pid runs in_image, whose one child is the JVM:
# unshare, sh, chroot and env each exec the next); waits for it; $rc: its exit status.
stop() {
	local jvm
	jvm=$(pgrep -P "$pid" || true)
	kill -TERM "${jvm:-$pid}" 2>/dev/null || true
	rc=0
	wait "$pid" || rc=$?
	pid=
}
trap 'if [ -n "$pid" ]; then stop; fi; rm -rf "$work"' EXIT

# unpack NAME: OCI layout in $work/NAME, root filesystem in $work/NAME-bundle/rootfs; $cfg: its config.
unpack() {
	local name=$1 manifest config
	step="unpacking $name.oci.tar"
	[ -f "$images/$name.oci.tar" ] || { echo "test-image: $images/$name.oci.tar missing: make image first" >&2; exit 1; }
	mkdir "$work/$name"
	tar -C "$work/$name" -xf "$images/$name.oci.tar"
	umoci unpack --image "$work/$name:$name:$version" "$work/$name-bundle" >/dev/null
	manifest=$(jq -r '.manifests[0].digest' "$work/$name/index.json")
	check "$name: manifest digest is the one make image printed" "$(cat "$images/$name.digest")" "$manifest"
	config=$(jq -r '.config.digest' "$work/$name/blobs/sha256/${manifest#sha256:}")
	cfg=$(jq -c .config "$work/$name/blobs/sha256/${config#sha256:}")
	echo "$name: config $cfg"
}

# in_image ROOT VAR=VALUE... COMMAND...: COMMAND in a chroot of ROOT as uid 65532, the image's PATH only.
in_image() {
	local root=$1
	shift
	unshare --mount --propagation private -- sh -c \
		'mount -t proc proc "$0/proc" && exec chroot --userspec=65532:65532 "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"' \
		"$root" "$@"
}

# shared_classes LOG: "N M": netmon's classes (io.netmon.*) the log says came from the archive, and from the jar.
shared_classes() {
	echo "$(grep -c ' io\.netmon\.[^ ]* source: shared objects file (top)$' "$1") $(grep -c ' io\.netmon\.[^ ]* source: file:' "$1")"
}

echo "== netmon:$version"
unpack netmon
check "netmon: entrypoint" '["/opt/netmon/bin/netmon"]' "$(jq -c .Entrypoint <<<"$cfg")"
check "netmon: cmd" '["serve"]' "$(jq -c .Cmd <<<"$cfg")"
check "netmon: user" 65532:65532 "$(jq -r .User <<<"$cfg")"
check "netmon: NETMON_PORT" NETMON_PORT=3000 "$(jq -r '.Env[] | select(startswith("NETMON_PORT="))' <<<"$cfg")"
check "netmon: exposed ports" '["3000/tcp"]' "$(jq -c '.ExposedPorts | keys' <<<"$cfg")"
root=$work/netmon-bundle/rootfs
bin=/opt/netmon/bin
step="the netmon image's files"
check "netmon: $bin" "netmon netmon.jar netmon.jsa" "$(ls "$root$bin" | paste -sd' ')"
check "netmon: the launcher is java/bin/netmon" same "$(cmp -s "$repo/java/bin/netmon" "$root$bin/netmon" && echo same || echo different)"
check "netmon: the jar is $(basename "$jar")" same "$(cmp -s "$jar" "$root$bin/netmon.jar" && echo same || echo different)"
check "netmon: the launcher's mode" 755 "$(stat -c %a "$root$bin/netmon")"
check "netmon: the archive's mode" 644 "$(stat -c %a "$root$bin/netmon.jsa")"
check "netmon: no /netmon.jar (the old layout)" absent "$([ -e "$root/netmon.jar" ] && echo present || echo absent)"

step="netmon --version in the image"
check "netmon: netmon --version, uid 65532, the image's java" "netmon $version" "$(in_image "$root" "$bin/netmon" --version)"
check "netmon: the launcher passes the archive" yes \
	"$(in_image "$root" NETMON_LAUNCHER=print "$bin/netmon" --version | grep -q -- " -XX:SharedArchiveFile=$bin/netmon.jsa " && echo yes || echo no)"
echo "the image's JRE: $(in_image "$root" java -version 2>&1 | sed -n 2p)"

step="-Xshare:on with the image's archive (--version)"
rc=0
in_image "$root" NETMON_JAVA_OPTS="-Xshare:on -Xlog:cds -Xlog:class+load" "$bin/netmon" --version > "$work/version.log" 2>&1 || rc=$?
check "netmon: -Xshare:on --version exit status" 0 "$rc"
check "netmon: the archive's dynamic regions mapped" 3 "$(grep -c '\[cds\] Mapped dynamic region #[0-2] ' "$work/version.log")"
check "netmon: io.netmon.cli.Main from the archive" yes \
	"$(grep -q ' io\.netmon\.cli\.Main source: shared objects file (top)$' "$work/version.log" && echo yes || echo no)"
echo "--version: netmon classes from the archive, from the jar: $(shared_classes "$work/version.log")"

step="-Xshare:on with the image's archive (serve up to /readyz)"
mkdir "$root/tmp/check"
"$repo/bench/proc-root.sh" "$root/tmp/check/proc" 10
chown -R 65532:65532 "$root/tmp/check"
in_image "$root" NETMON_JAVA_OPTS="-Xshare:on -Xlog:class+load" TMPDIR=/tmp/check \
	"$bin/netmon" serve --bind 127.0.0.1 --port 0 --proc-root /tmp/check/proc > "$work/serve.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 600); do
	port=$(sed -n 's|^Netmon serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
	[ -n "$port" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
[ -n "$port" ] || { echo "test-image: serve in the image never said its port:" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
check "netmon: serve in the image, -Xshare:on: /readyz" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")"
stop
check "netmon: serve's exit status after SIGTERM (128 + 15)" 143 "$rc"
read -r shared fromjar <<<"$(shared_classes "$work/serve.log")"
echo "serve: netmon classes from the archive: $shared, from the jar: $fromjar"
check "netmon: serve's netmon classes from the archive (more than from the jar)" yes "$([ "$shared" -gt "$fromjar" ] && echo yes || echo no)"

step="-Xshare:on refused when the jar is not the archive's"
touch "$root$bin/netmon.jar"
rc=0
in_image "$root" NETMON_JAVA_OPTS=-Xshare:on "$bin/netmon" --version > "$work/refused.log" 2>&1 || rc=$?
check "netmon: -Xshare:on with a touched jar exit status" 1 "$rc"
check "netmon: the JVM says why" yes \
	"$(grep -q "A jar file is not the one used while building the shared archive file: $bin/netmon.jar" "$work/refused.log" && echo yes || echo no)"

echo "== netmon-loader:$version"
unpack netmon-loader
check "netmon-loader: entrypoint" '["/usr/local/bin/netmon-loader"]' "$(jq -c .Entrypoint <<<"$cfg")"
check "netmon-loader: user" 0:0 "$(jq -r .User <<<"$cfg")"
check "netmon-loader: the loader is k8s/image/load-module.sh" same \
	"$(cmp -s "$repo/k8s/image/load-module.sh" "$work/netmon-loader-bundle/rootfs/usr/local/bin/netmon-loader" && echo same || echo different)"
check "netmon-loader: /usr/src" /host/usr/src "$(readlink "$work/netmon-loader-bundle/rootfs/usr/src")"

echo
echo "test-image: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
