#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make image`: the two OCI images the manifests run, from Debian bookworm packages, without a daemon.
#
#   netmon:<version>         the server: Debian's JRE (no JDK) and the launcher /opt/netmon/bin/netmon with
#                            netmon.jar and its class-data archive netmon.jsa beside it, runs as uid 65532
#   netmon-loader:<version>  the init container: kmod, gcc-12, make and pahole (what Debian's kbuild for
#                            bookworm's 6.1 and backports' 6.12 needs), the module's sources and the loader
#
# Each image is two layers: the root filesystem mmdebstrap makes from the packages, then our files. umoci
# writes them as an OCI layout, tarred as an oci-archive that podman/skopeo/containerd load as it is.
# <version> is the pom's. With SOURCE_DATE_EPOCH (default: the last commit's time) and the same package
# versions in the archive, a rebuild gives the same digests; OUTDIR/<image>.packages lists the versions.
#
# Usage: k8s/image/build.sh [OUTDIR]   (default build/image; needs root: mmdebstrap's root mode)
# Env:   NETMON_JAR [target/netmon.jar]  SOURCE_DATE_EPOCH  NETMON_IMAGE_MIRROR [mmdebstrap's default]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$repo/build/image}
jar=${NETMON_JAR:-$repo/target/netmon.jar}
step="start"
trap 'echo "image/build.sh: failed while: $step" >&2' ERR

step="reading the version from pom.xml"
version=$(sed -n '/<artifactId>netmon<\/artifactId>/{n;s/.*<version>\([^<]*\)<\/version>.*/\1/p;q}' "$repo/pom.xml")
[ -n "$version" ] || { echo "image/build.sh: no <version> after <artifactId>netmon</artifactId> in pom.xml" >&2; exit 1; }
[ -f "$jar" ] || { echo "image/build.sh: $jar missing: make build first" >&2; exit 1; }
for tool in mmdebstrap umoci jq; do
	command -v "$tool" >/dev/null || { echo "image/build.sh: $tool missing: scripts/deps.sh image" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "image/build.sh: run as root (mmdebstrap --mode=root)" >&2; exit 1; }

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH
created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
mirror=()
[ -z "${NETMON_IMAGE_MIRROR:-}" ] || mirror=("$NETMON_IMAGE_MIRROR")

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# rootfs NAME PACKAGES: the bookworm root filesystem as an uncompressed tar, without docs, man pages
# or locales (copyright files stay; update-alternatives still wants man1/), without the host's resolv.conf and hostname, with the netmon user.
rootfs() {
	local name=$1 packages=$2
	step="mmdebstrap $name ($packages)"
	echo "image/build.sh: $name: root filesystem from bookworm: $packages"
	mmdebstrap --logfile="$out/$name.mmdebstrap.log" --mode=root --variant=essential --format=tar \
		--include="$packages" \
		--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
		--essential-hook='mkdir -p "$1/usr/share/man/man1"' \
		--customize-hook='rm -f "$1/etc/resolv.conf" "$1/etc/hostname"' \
		--customize-hook='echo "netmon:x:65532:65532:netmon:/nonexistent:/usr/sbin/nologin" >> "$1/etc/passwd"' \
		--customize-hook='echo "netmon:x:65532:" >> "$1/etc/group"' \
		--customize-hook="chroot \"\$1\" dpkg-query -W -f='\${Package} \${Version}\n' > \"$out/$name.packages\"" \
		"${EXTRA_HOOKS[@]}" \
		bookworm "$work/$name-rootfs.tar" "${mirror[@]}"
}

# layer DIR TAR: DIR as a reproducible tar (sorted, root-owned, mtimes at SOURCE_DATE_EPOCH).
layer() {
	step="making the layer of $1"
	tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime --owner=0 --group=0 --numeric-owner \
		--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime --format=posix \
		-C "$1" -cf "$2" .
}

# image NAME ROOTFS-TAR APP-TAR UMOCI-CONFIG-ARGS...: the OCI layout, tagged <version>, as OUTDIR/NAME.oci.tar.
image() {
	local name=$1 base=$2 app=$3
	local layout=$work/$name-oci
	shift 3
	step="umoci: assembling $name:$version"
	umoci init --layout "$layout"
	umoci new --image "$layout:$version"
	umoci raw add-layer --image "$layout:$version" --history.created="$created" \
		--history.created_by="mmdebstrap bookworm ($name.packages)" "$base"
	umoci raw add-layer --image "$layout:$version" --history.created="$created" \
		--history.created_by="k8s/image/build.sh: netmon $version" "$app"
	umoci config --image "$layout:$version" --created="$created" --history.created="$created" \
		--history.created_by="k8s/image/build.sh: config" --author="netmon" \
		--config.label="org.opencontainers.image.title=$name" \
		--config.label="org.opencontainers.image.version=$version" \
		--manifest.annotation="org.opencontainers.image.version=$version" \
		--config.env="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		"$@"
	umoci gc --layout "$layout"
	# The name loaders take the image by: podman and containerd read it from index.json's annotations.
	step="naming $name:$version in index.json"
	jq --arg ref "$name:$version" \
		'.manifests[0].annotations["org.opencontainers.image.ref.name"] = $ref
		 | .manifests[0].annotations["io.containerd.image.name"] = "docker.io/library/" + $ref' \
		"$layout/index.json" > "$layout/index.json.tmp"
	mv "$layout/index.json.tmp" "$layout/index.json"
	step="writing $name.oci.tar"
	find "$layout" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	tar --sort=name --owner=0 --group=0 --numeric-owner --format=posix \
		--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
		-C "$layout" -cf "$out/$name.oci.tar.tmp" .
	mv "$out/$name.oci.tar.tmp" "$out/$name.oci.tar"
	local digest size
	digest=$(jq -r '.manifests[0].digest' "$layout/index.json")
	size=$(jq '[.layers[].size] | add' "$layout/blobs/sha256/${digest#sha256:}")
	echo "$digest" > "$out/$name.digest"
	printf 'image/build.sh: %s:%s  manifest %s  layers %s MB compressed  (%s, %s MB)\n' "$name" "$version" \
		"$digest" "$(( (size + 524288) / 1048576 ))" "$out/$name.oci.tar" "$(( ($(stat -c %s "$out/$name.oci.tar") + 524288) / 1048576 ))"
}

# --- netmon: the server --------------------------------------------------------------------------
# Our layer: the launcher (java/bin/netmon, which sets every JVM option) with the jar and the class-data
# archive beside it, where the launcher looks for them. The archive is only good for the JVM that dumped
# it and the jar as it lies in the image (path, size, mtime): so it is dumped in the image's own root
# filesystem, with its JRE, by a customize hook: our files go in with their final mtime
# (SOURCE_DATE_EPOCH, what the layer's tar keeps), scripts/cds-archive.sh runs its training run in a
# chroot of it, and the archive comes out into our layer; the root filesystem's tar gets none of ours.
app=$work/netmon-app
bin=/opt/netmon/bin
step="the netmon layer's files"
install -D -m 0755 "$repo/java/bin/netmon" "$app$bin/netmon"
install -D -m 0644 "$jar" "$app$bin/netmon.jar"
touch -d "@$SOURCE_DATE_EPOCH" "$app$bin/netmon" "$app$bin/netmon.jar"
# Java's TLS trust store, which ca-certificates-java generates at install time, is a PKCS12 file with a
# random salt: never the same twice, so it would be one more thing that differs between two builds. The
# server makes no TLS connections; it goes.
EXTRA_HOOKS=(--customize-hook='rm -f "$1/etc/ssl/certs/java/cacerts"'
	--customize-hook="mkdir -p \"\$1/opt\" && cp -a \"$app/opt/netmon\" \"\$1/opt/\""
	--customize-hook="\"$repo/scripts/cds-archive.sh\" --root \"\$1\" $bin/netmon.jar"
	--customize-hook="mv \"\$1$bin/netmon.jsa\" \"$app$bin/netmon.jsa\" && rm -r \"\$1/opt/netmon\" && rmdir --ignore-fail-on-non-empty \"\$1/opt\"")
rootfs netmon openjdk-17-jre-headless
step="the netmon layer"
[ -s "$app$bin/netmon.jsa" ] || { echo "image/build.sh: the training run in the image left no $bin/netmon.jsa" >&2; exit 1; }
chmod 0644 "$app$bin/netmon.jsa"
layer "$app" "$work/netmon-app.tar"
image netmon "$work/netmon-rootfs.tar" "$work/netmon-app.tar" \
	--config.user=65532:65532 --config.exposedports=3000/tcp --config.env=NETMON_PORT=3000 \
	--config.entrypoint=$bin/netmon --config.cmd=serve

# --- netmon-loader: the init container ----------------------------------------------------------
# /usr/src is the node's (/host/usr/src): Debian's headers name their -common half and, through
# ../../lib/linux-kbuild-*, the node's kbuild tools by those paths.
EXTRA_HOOKS=(--customize-hook='rmdir "$1/usr/src" && ln -s /host/usr/src "$1/usr/src"')
rootfs netmon-loader kmod,gcc-12,make,libc6-dev,libelf1,pahole,mawk
step="the netmon-loader layer"
src=$work/netmon-loader-app/usr/share/netmon/kmod
mkdir -p "$src" "$work/netmon-loader-app/usr/local/bin"
install -m 0755 "$here/load-module.sh" "$work/netmon-loader-app/usr/local/bin/netmon-loader"
"$here/kmod-sources.sh" "$repo/kmod" "$src" "$version"
layer "$work/netmon-loader-app" "$work/netmon-loader-app.tar"
image netmon-loader "$work/netmon-loader-rootfs.tar" "$work/netmon-loader-app.tar" \
	--config.user=0:0 --config.entrypoint=/usr/local/bin/netmon-loader
