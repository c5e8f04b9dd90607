#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# netmon-loader: gets netmon.ko for the node's running kernel loaded, building it on the node if need be.
#
# The init container of the Netmon pod (k8s/base/daemonset.yaml) runs this from the netmon-loader image,
# which has kmod, gcc-12, make, pahole, the module's sources and build.sh in $NETMON_SRC. In order:
#   1. netmon already in /proc/modules                       -> nothing to do          (already-loaded)
#   2. a module installed for <kver>: <node>/lib/modules/<kver>/updates/dkms/netmon.ko (dkms),
#      .../extra/netmon.ko (kbuild modules_install), $NETMON_IMAGE_MODULES/<kver>/netmon.ko (image)
#                                                             -> insmod it              (prebuilt)
#   3. the node's cache $NETMON_CACHE/<kver>/netmon.ko, built from sources with the same hash
#      (source.sha256 beside it; other sources, i.e. another Netmon version, rebuild)
#                                                             -> insmod it              (cache)
#   4. the node's headers <node>/lib/modules/<kver>/build     -> build.sh, cache, insmod (built)
# where <kver> is `uname -r`. Anything else -- no headers, a failed build, a refused insmod (Secure Boot
# lockdown, signature enforcement) -- ends in (fallback): the service reads /proc/net/dev and snmp.
#
# It always exits 0: a missing module must never keep Netmon from starting. The outcome is logged and
# written as one line "<path>: <why>" to $NETMON_STATUS, which the server shows in /network's notes
# while it reads procfs (NETMON_LOADER_STATUS of `netmon serve`).
#
# Environment (the defaults are the in-cluster paths; tests point them at fixture trees):
#   NETMON_KVER [uname -r]  NETMON_PROC_MODULES [/proc/modules]  NETMON_HOST_ROOT [/host]
#   NETMON_CACHE [$NETMON_HOST_ROOT/var/lib/netmon]  NETMON_SRC [/usr/share/netmon/kmod]
#   NETMON_IMAGE_MODULES [/opt/netmon/modules]  NETMON_STATUS [/run/netmon/loader-status]
set -u

kver=${NETMON_KVER:-$(uname -r 2>/dev/null)}
proc_modules=${NETMON_PROC_MODULES:-/proc/modules}
host=${NETMON_HOST_ROOT:-/host}
cache=${NETMON_CACHE:-$host/var/lib/netmon}
src=${NETMON_SRC:-/usr/share/netmon/kmod}
image_modules=${NETMON_IMAGE_MODULES:-/opt/netmon/modules}
status_file=${NETMON_STATUS:-/run/netmon/loader-status}
refused=""

log() { printf 'netmon-loader: %s\n' "$*"; }

# outcome PATH MESSAGE: say it, leave it for the server, stop.
outcome() {
	log "$2"
	log "path: $1"
	if [ -n "$status_file" ] && ! printf '%s: %s\n' "$1" "$2" > "$status_file" 2>/dev/null; then
		log "cannot write $status_file: the server will not know why"
	fi
	exit 0
}

carry_on() {
	outcome fallback "$*; the service falls back to /proc/net/dev and /proc/net/snmp"
}

# The path as the node names it (the node's / is mounted at $host).
on_node() {
	case $1 in
	"$host"/*) printf '%s' "${1#"$host"}" ;;
	*) printf '%s' "$1" ;;
	esac
}

# try_insmod KO: load it; "File exists" means another pod won the race, which is as good.
try_insmod() {
	if refused=$(insmod "$1" 2>&1); then
		return 0
	fi
	case $refused in
	*"File exists"*)
		log "netmon.ko was loaded meanwhile on kernel $kver"
		return 0 ;;
	esac
	refused=${refused:-insmod printed no reason}
	return 1
}

# The kernel refuses any module it cannot verify: building another would be refused the same way.
refused_by_policy() {
	case $refused in
	*"Key was rejected"* | *"Required key not available"* | *"Operation not permitted"*) return 0 ;;
	esac
	return 1
}

policy_carry_on() {
	carry_on "the kernel refuses $(on_node "$1") ($refused): Secure Boot lockdown or module signature" \
		"enforcement allows only modules signed with a key the node trusts (docs/DEPLOY.md: signing)"
}

# sha256 over the sources' names and contents (Kbuild, *.c, *.h, build.sh, VERSION).
source_hash() {
	(cd "$src" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-64
}

[ -n "$kver" ] || carry_on "cannot tell the node's kernel release: uname -r printed nothing"
[ -r "$proc_modules" ] || carry_on "$proc_modules is unreadable: this kernel cannot load modules"

if grep -q '^netmon ' "$proc_modules"; then
	outcome already-loaded "netmon.ko is already loaded on kernel $kver; nothing to do"
fi

# 1. A module installed for this kernel.
for ko in "$host/lib/modules/$kver/updates/dkms/netmon.ko" \
          "$host/lib/modules/$kver/extra/netmon.ko" \
          "$image_modules/$kver/netmon.ko"; do
	[ -f "$ko" ] || continue
	if try_insmod "$ko"; then
		outcome prebuilt "loaded $(on_node "$ko") on kernel $kver"
	fi
	log "insmod $(on_node "$ko") refused: $refused"
	refused_by_policy && policy_carry_on "$ko"
done

[ -f "$src/build.sh" ] || carry_on "no netmon.ko installed for kernel $kver, and this image has no module sources" \
	"($src) to build one"
version=$(cat "$src/VERSION" 2>/dev/null || echo unknown)
hash=$(source_hash)
[ ${#hash} = 64 ] || carry_on "cannot hash the module sources in $src"
dir=$cache/$kver

# 2. The node's cache, if it was built from these very sources.
if [ -f "$dir/netmon.ko" ]; then
	cached=$(cat "$dir/source.sha256" 2>/dev/null || true)
	if [ "$cached" = "$hash" ]; then
		if try_insmod "$dir/netmon.ko"; then
			outcome cache "loaded $(on_node "$dir/netmon.ko") from the node's cache (netmon $version, sources $hash) on kernel $kver"
		fi
		log "insmod of the cached $(on_node "$dir/netmon.ko") refused: $refused"
		refused_by_policy && policy_carry_on "$dir/netmon.ko"
		log "rebuilding it"
	else
		log "the cached $(on_node "$dir/netmon.ko") was built from other sources (${cached:-no source.sha256}; this image's are $hash): rebuilding it"
	fi
fi

# 3. Build against the node's own headers.
kdir=$host/lib/modules/$kver/build
[ -f "$kdir/Makefile" ] || carry_on "no netmon.ko for kernel $kver and no headers to build one:" \
	"$(on_node "$kdir")/Makefile is missing on the node (Debian: apt-get install linux-headers-$kver, then restart the pod)"
mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || carry_on "cannot write the module cache $(on_node "$dir")"
rm -rf "$dir/build" "$dir/tmp" "$dir/netmon.ko" "$dir/source.sha256"
mkdir -p "$dir/tmp" || carry_on "cannot write the module cache $(on_node "$dir")"
log "building netmon.ko $version for kernel $kver against $(on_node "$kdir") (sources $hash)"
start=$(date +%s)
if ! TMPDIR=$dir/tmp "$src/build.sh" "$kdir" "$dir/build" > "$dir/build.log" 2>&1; then
	tail -n 20 "$dir/build.log" | sed 's/^/netmon-loader:   | /'
	carry_on "building netmon.ko for kernel $kver failed (the whole log: $(on_node "$dir/build.log") on the node)"
fi
seconds=$(( $(date +%s) - start ))
rm -rf "$dir/tmp"
cp "$dir/build/netmon.ko" "$dir/netmon.ko.tmp" && mv "$dir/netmon.ko.tmp" "$dir/netmon.ko" &&
	printf '%s\n' "$hash" > "$dir/source.sha256" ||
	carry_on "cannot write the module cache $(on_node "$dir")"
log "built $(on_node "$dir/netmon.ko") in $seconds s"
if try_insmod "$dir/netmon.ko"; then
	outcome built "built netmon.ko $version for kernel $kver in $seconds s, cached it as $(on_node "$dir/netmon.ko") and loaded it"
fi
refused_by_policy && policy_carry_on "$dir/netmon.ko"
carry_on "the kernel refused the netmon.ko just built for kernel $kver: $refused (the node's dmesg says more)"
