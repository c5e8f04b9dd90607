#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a Debian kernel under QEMU (TCG) with this machine's root shared read-only, run one command in it.
#
# Usage: tools/guest/run.sh --kver KVER [--cpus N] [--mem MB] [--icount] [--mttcg] [--timeout S]
#                           [--out DIR] [--share DIR]... [-e NAME=VALUE]... [--append KERNEL-ARGS]
#                           -- COMMAND [ARG]...
#
# The guest sees / (read-only, over 9p) with fresh proc, sys, dev, tmpfs /tmp /run /var/tmp /dev/shm,
# and on top of that, at their own paths, this checkout and every --share DIR (read-only, shared
# explicitly, so they are there even under /tmp); it switches root into it and runs COMMAND from the
# current directory; $GUEST_OUT in the guest is DIR on the host (read-write).
# The exit status is COMMAND's, 124 on timeout, 125 on a harness failure.
set -euo pipefail
trap 'rc=$?; echo "run.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2; exit 125' ERR

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

kver="" cpus=1 mem=2048 icount=0 mttcg=0 timeout=600 out="" append="" envs=() shares=()
usage() { sed -n '4,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 125; }
while [ $# -gt 0 ]; do
	case "$1" in
	--kver)    kver=$2; shift 2 ;;
	--cpus)    cpus=$2; shift 2 ;;
	--mem)     mem=$2; shift 2 ;;
	--icount)  icount=1; shift ;;
	--mttcg)   mttcg=1; shift ;;
	--share)   shares+=("$(cd "$2" && pwd)"); shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--out)     out=$2; shift 2 ;;
	--append)  append=$2; shift 2 ;;
	-e)        envs+=("$2"); shift 2 ;;
	--)        shift; break ;;
	-h|--help) usage ;;
	*)         echo "run.sh: unknown option '$1'" >&2; usage ;;
	esac
done
[ -n "$kver" ] && [ $# -gt 0 ] || usage

kernel=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
[ -r "$kernel" ] || { echo "run.sh: no kernel image $kernel" >&2; exit 125; }
[ -r "$moddir/modules.dep" ] || { echo "run.sh: no $moddir/modules.dep" >&2; exit 125; }
command -v qemu-system-x86_64 >/dev/null || { echo "run.sh: qemu-system-x86_64 missing" >&2; exit 125; }
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || { echo "run.sh: need a static busybox (busybox-static)" >&2; exit 125; }
if command -v readelf >/dev/null && readelf -l "$busybox" 2>/dev/null | grep -q INTERP; then
	echo "run.sh: $busybox is dynamically linked; install busybox-static" >&2
	exit 125
fi

# --- initramfs, cached per kernel ------------------------------------------------------------
cache=${GUEST_CACHE:-$REPO/build/guest}/$kver
initrd=$cache/initramfs.cpio.gz

# Print the modules needed for "$@" in load order (dependencies first), skipping built-ins.
resolve_modules() {
	local -A seen=()
	local order=()
	visit() {
		local name=$1 path deps d i
		path=$(awk -v n="$name" -F: '{ f=$1; sub(/.*\//, "", f); sub(/\.ko(\.(xz|zst|gz))?$/, "", f);
			gsub(/-/, "_", f); if (f == n) { print $1; exit } }' "$moddir/modules.dep")
		if [ -z "$path" ]; then
			grep -q "/$name.ko\$" "$moddir/modules.builtin" 2>/dev/null && return 0
			grep -q "/${name//_/-}.ko\$" "$moddir/modules.builtin" 2>/dev/null && return 0
			echo "run.sh: module $name not found for $kver" >&2; return 1
		fi
		[ -n "${seen[$path]:-}" ] && return 0
		seen[$path]=1
		deps=$(awk -v p="$path" -F': *' '$1 == p { print $2; exit }' "$moddir/modules.dep")
		# modules.dep lists dependencies so that the last one must be loaded first.
		local arr=($deps)
		for ((i = ${#arr[@]} - 1; i >= 0; i--)); do
			d=${arr[i]##*/}; d=${d%%.ko*}; d=${d//-/_}
			visit "$d" || return 1
		done
		order+=("$path")
	}
	for m in "$@"; do visit "$m" || return 1; done
	printf '%s\n' "${order[@]}"
}

stamp=$( { cat "$HERE/init" "${BASH_SOURCE[0]}"; echo "$kver"; stat -c %Y "$moddir/modules.dep"; } | sha256sum | cut -c1-16)
if [ ! -f "$initrd" ] || [ "$(cat "$cache/stamp" 2>/dev/null)" != "$stamp" ]; then
	mkdir -p "$cache"
	stage=$(mktemp -d "$cache/stage.XXXXXX")
	trap 'rm -rf "$stage"' EXIT
	mkdir -p "$stage"/{bin,dev,etc,lib/modules,proc,sys,newroot}
	cp "$busybox" "$stage/bin/busybox"
	cp "$HERE/init" "$stage/init"
	chmod 755 "$stage/init"
	mknod -m 600 "$stage/dev/console" c 5 1
	: > "$stage/etc/modules.order"
	# resolve first, then copy: a module that cannot be found must fail the build, never leave
	# a half-built initramfs behind under a valid stamp
	modules=$(resolve_modules virtio_pci 9pnet_virtio 9p) || { echo "run.sh: cannot build the initramfs for $kver" >&2; exit 125; }
	for path in $modules; do
		name=${path##*/}; name=${name%%.ko*}.ko
		case "$path" in
		*.ko.xz)  "$busybox" xzcat "$moddir/$path" > "$stage/lib/modules/$name" ;;
		*.ko.zst) zstd -qdc "$moddir/$path" > "$stage/lib/modules/$name" ;;
		*.ko.gz)  "$busybox" zcat "$moddir/$path" > "$stage/lib/modules/$name" ;;
		*)        cp "$moddir/$path" "$stage/lib/modules/$name" ;;
		esac
		echo "$name" >> "$stage/etc/modules.order"
	done
	(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
	echo "$stamp" > "$cache/stamp"
	rm -rf "$stage"
	trap - EXIT
fi

# --- shared output directory and the command -----------------------------------------------
own_out=0
if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/guest-out.XXXXXX")
	own_out=1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/.guest-rc" "$out/.guest-cmd" "$out/.guest-shares"
# The checkout (and --share DIRs) are shared explicitly and mounted at their own paths in the
# guest, after its tmpfs /tmp, /run and /var/tmp: a clone under /tmp is as visible as one in /srv.
shares=("$REPO" "${shares[@]}")
virtfs=()
for i in "${!shares[@]}"; do
	printf 'share%d %s\n' "$i" "${shares[$i]}" >> "$out/.guest-shares"
	virtfs+=(-virtfs "local,path=${shares[$i]},mount_tag=share$i,security_model=none,readonly=on,multidevs=remap")
done
{
	echo "# written by tools/guest/run.sh"
	for e in "${envs[@]}"; do printf 'export %q\n' "$e"; done
	printf 'cd %q || { echo "guest: the working directory is not visible here: --share it"; exit 125; }\n' "$PWD"
	printf 'exec'
	printf ' %q' "$@"
	echo
} > "$out/.guest-cmd"

log=$(mktemp "${TMPDIR:-/tmp}/guest-console.XXXXXX")
cleanup() {
	rm -f "$log" "$out/.guest-cmd" "$out/.guest-rc" "$out/.guest-shares"
	[ "$own_out" = 1 ] && rm -rf "$out"
	return 0
}
trap cleanup EXIT

# One host thread runs every vCPU (thread=single). Multi-threaded TCG patches the kernel's code
# on one vCPU while another executes it: when netfilter hooks are registered or unregistered
# under traffic, the static keys they flip (nf_hooks_needed, ingress/egress_needed_key) can leave
# a stale int3 behind and oops the guest on its own (kmod/README.md, "The emulator's own oops").
# Round-robin execution makes code patching atomic for the guest. --mttcg only for that experiment.
accel=tcg,thread=single
[ "$mttcg" = 1 ] && accel=tcg,thread=multi
qemu=(qemu-system-x86_64 -accel "$accel" -machine pc -cpu max -smp "$cpus" -m "$mem"
	-kernel "$kernel" -initrd "$initrd"
	-append "console=ttyS0 rdinit=/init panic=-1 quiet loglevel=4 no_timer_check $append"
	-nographic -monitor none -serial stdio -nic none -no-reboot
	-virtfs "local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$out,mount_tag=out,security_model=none,multidevs=remap"
	"${virtfs[@]}")
[ "$icount" = 1 ] && qemu+=(-icount shift=0,sleep=off)

# (the ERR trap fires whatever set -e says: lift it around the one command whose status is ours
# to read, or a timeout would be reported as a harness failure)
trap - ERR
set +e
timeout -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$log" | sed -u -e 's/\r$//' -e 's/\x1b\[[?0-9;]*[a-zA-Z]//g' -e 's/\x1bc//g'
qrc=${PIPESTATUS[0]}
set -e
trap 'rc=$?; echo "run.sh: failed (status $rc) at line $LINENO: $BASH_COMMAND" >&2; exit 125' ERR

if [ -f "$out/.guest-rc" ]; then
	rc=$(cat "$out/.guest-rc")
elif marker=$(grep -a -o 'GUEST-EXIT-STATUS=[0-9]*' "$log" | tail -n 1) && [ -n "$marker" ]; then
	rc=${marker#*=}
elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "run.sh: guest timed out after ${timeout}s" >&2
	rc=124
else
	echo "run.sh: guest ended without reporting a status (qemu exit $qrc)" >&2
	rc=125
fi
exit "$rc"
