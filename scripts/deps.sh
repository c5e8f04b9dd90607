#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages a make target needs, only when something is missing.
# Usage: scripts/deps.sh GROUP...   (groups: see pkgs_for below; "scripts/deps.sh --list" prints them)
# Runs apt-get as root; prints what it would install and fails clearly when not root.
# apt's sources may be deb822 (.sources), one-line (.list) or both; bookworm-backports (for the
# 6.12 kernel) is added from the mirror apt already uses for bookworm.
set -euo pipefail

die() { echo "deps.sh: $*" >&2; exit 1; }
trap 'rc=$?; echo "deps.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

GROUPS_ALL="native java kmod k8s nix web browser bench fuzz prometheus image deploy dkms"

pkgs_for() {
	case "$1" in
	native)     echo "gcc make libc6-dev" ;;
	# busybox-static: LauncherTest runs the launcher under busybox's sh too (the Nix image's /bin/sh)
	java)       echo "openjdk-17-jdk-headless maven prometheus curl busybox-static" ;;
	kmod)       echo "libc6-dev qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-image-6.12-amd64 linux-headers-6.12-amd64 busybox-static sparse iproute2 iputils-ping nftables kmod cpio gcc make ethtool" ;;
	k8s)        command -v kubectl >/dev/null 2>&1 && echo "" || echo "kubernetes-client" ;;
	nix)        echo "nix-bin" ;;
	web)        command -v npm >/dev/null 2>&1 && echo "" || echo "nodejs npm" ;;
	browser)    echo "chromium chromium-driver tmux" ;;
	bench)      echo "wrk prometheus-node-exporter" ;;
	fuzz)       echo "clang-14 libclang-rt-14-dev llvm-14" ;;	# llvm-14: llvm-cov, llvm-profdata
	prometheus) echo "prometheus" ;;
	# curl: the image's CDS training run (scripts/cds-archive.sh --root) and tests/image/check.sh ask it from here
	image)      echo "mmdebstrap umoci jq curl" ;;
	# podman for `make test-deploy` (kube play in the guests): crun, netavark (not CNI), catatonit for the
	# pod's infra container; python3-yaml for tests/deploy/podman-run.py; curl asks the server from the guest
	deploy)     echo "podman crun conmon netavark catatonit python3-yaml curl" ;;
	dkms)       echo "dkms" ;;
	*) echo "deps.sh: unknown group '$1' (groups: $GROUPS_ALL)" >&2; return 2 ;;
	esac
}

# apt's enabled source files, both formats (files that do not exist are left out).
APT_ETC=${DEPS_APT_ETC:-/etc/apt}	# tests point it at a crafted directory

source_files() {
	local f
	for f in "$APT_ETC/sources.list" "$APT_ETC"/sources.list.d/*.list "$APT_ETC"/sources.list.d/*.sources; do
		[ -f "$f" ] && echo "$f"
	done
	return 0
}

have_backports() {
	local files
	files=$(source_files)
	[ -n "$files" ] || return 1
	# shellcheck disable=SC2086
	grep -qs 'bookworm-backports' $files
}

# "URI KEYRING" of the bookworm suite in apt's sources (KEYRING may be empty), or nothing.
debian_mirror() {
	local f
	while read -r f; do
		case "$f" in
		*.sources)
			awk 'BEGIN { RS = ""; FS = "\n" }
			{
				uri = ""; key = ""; ok = 0
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^URIs:/)      { split($i, a, /[ \t]+/); uri = a[2] }
					if ($i ~ /^Suites:/)    { if ($i ~ /[ \t]bookworm([ \t]|$)/) ok = 1 }
					if ($i ~ /^Signed-By:/) { split($i, a, /[ \t]+/); key = a[2] }
					if ($i ~ /^Enabled:[ \t]*no/) ok = 0
				}
				if (ok && uri != "") { print uri, key; exit }
			}' "$f"
			;;
		*)
			# deb [option=value ...] URI SUITE COMPONENT...
			awk '$1 == "deb" {
				key = ""; i = 2
				if ($i ~ /^\[/) {
					for (; i <= NF; i++) {
						if ($i ~ /signed-by=/) { key = $i; sub(/.*signed-by=/, "", key); sub(/\].*/, "", key) }
						if ($i ~ /\]$/) { i++; break }
					}
				}
				if ($(i + 1) == "bookworm") { print $i, key; exit }
			}' "$f"
			;;
		esac
	done < <(source_files) | sed -n 1p
}

add_backports() {
	local line uri key
	line=$(debian_mirror)
	[ -n "$line" ] || die "cannot find the bookworm suite in apt's sources ($(source_files | tr '\n' ' ')): add bookworm-backports by hand"
	read -r uri key <<<"$line"
	{
		echo "# added by netmon's scripts/deps.sh: the 6.12 kernel for the guest tests"
		echo "Types: deb"
		echo "URIs: $uri"
		echo "Suites: bookworm-backports"
		echo "Components: main"
		[ -z "$key" ] || echo "Signed-By: $key"
	} > "$APT_ETC/sources.list.d/netmon-bookworm-backports.sources"
	echo "deps.sh: added bookworm-backports from $uri"
}

case "${1:-}" in
--list)    echo "$GROUPS_ALL"; exit 0 ;;
--mirror)  debian_mirror; exit 0 ;;	# what add_backports would use (for scripts/test-deps.sh)
--backports) have_backports && echo yes || echo no; exit 0 ;;
esac
[ $# -gt 0 ] || die "usage: scripts/deps.sh GROUP... (groups: $GROUPS_ALL)"

missing=()
for group in "$@"; do
	pkgs=$(pkgs_for "$group") || exit 2
	for p in $pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
	die "run as root (or: sudo apt-get install ${missing[*]})"
fi

# The 6.12 kernel comes from bookworm-backports, served by the same mirror as bookworm itself.
if printf '%s\n' "${missing[@]}" | grep -q -- '-6\.12-' && ! have_backports; then
	add_backports
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Our guests boot with their own busybox initramfs: skip building Debian's for each kernel.
export INITRD=No
# A machine that just booted runs apt's daily jobs (unattended-upgrades), which hold apt's locks for
# minutes: wait up to 10 minutes for them rather than fail with "Could not get lock". install waits by
# itself (DPkg::Lock::Timeout); update does not honour it for its lists lock, so it is tried again.
apt_update() {
	local err tries=0
	err=$(mktemp)
	until apt-get update -qq 2> "$err"; do
		if grep -q 'Could not get lock' "$err" && [ $((tries += 1)) -le 120 ]; then
			[ "$tries" -gt 1 ] || echo "deps.sh: apt is busy ($(sed -n 1p "$err")); waiting up to 10 minutes" >&2
			sleep 5
			continue
		fi
		cat "$err" >&2; rm -f "$err"
		return 1
	done
	cat "$err" >&2; rm -f "$err"
}
apt_update || die "apt-get update failed"
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" \
	|| die "apt-get install ${missing[*]} failed"
