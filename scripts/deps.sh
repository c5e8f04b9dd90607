#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages a make target needs, only when something is missing.
# Usage: scripts/deps.sh GROUP...   (groups: native java kmod k8s nix web browser bench)
# Runs apt-get as root; prints what it would install and fails clearly when not root.
set -euo pipefail

pkgs_for() {
	case "$1" in
	native)  echo "gcc make libc6-dev" ;;
	java)    echo "openjdk-17-jdk-headless maven prometheus" ;;
	kmod)    echo "libc6-dev qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-image-6.12-amd64 linux-headers-6.12-amd64 busybox-static sparse iproute2 iputils-ping nftables kmod cpio gcc make" ;;
	k8s)     command -v kubectl >/dev/null 2>&1 && echo "" || echo "kubernetes-client" ;;
	nix)     echo "nix-bin" ;;
	web)     command -v npm >/dev/null 2>&1 && echo "" || echo "nodejs npm" ;;
	browser) echo "chromium chromium-driver" ;;
	bench)   echo "wrk prometheus-node-exporter" ;;
	*) echo "deps.sh: unknown group '$1'" >&2; return 2 ;;
	esac
}

need_backports() {
	grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 1
	return 0
}

# The URI apt already uses for the bookworm suite (deb822 .sources or one-line .list).
debian_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ {u=$2} /^Suites:/ && / bookworm( |$)/ {print u; exit}' "$f"
	done | sed -n 1p
	grep -hE '^deb [^ ]+ bookworm main' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
		| awk '{print $2}' | sed -n 1p
}

missing=()
for group in "$@"; do
	for p in $(pkgs_for "$group"); do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
	echo "deps.sh: run as root (or: sudo apt-get install ${missing[*]})" >&2
	exit 1
fi

# The 6.12 kernel comes from bookworm-backports, served by the same mirror as bookworm itself.
if printf '%s\n' "${missing[@]}" | grep -q -- '-6\.12-' && need_backports; then
	mirror=$(debian_mirror | sed -n 1p)
	[ -n "$mirror" ] || { echo "deps.sh: cannot find the bookworm mirror in apt's sources" >&2; exit 1; }
	echo "deb $mirror bookworm-backports main" > /etc/apt/sources.list.d/netmon-bookworm-backports.list
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Our guests boot with their own busybox initramfs: skip building Debian's for each kernel.
export INITRD=No
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
