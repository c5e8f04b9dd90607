#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# static-key-guest.sh - the bytes at the nf_hook() static branch of ip_rcv and ipv6_rcv with no
# netfilter hook, with one inet prerouting chain, and after it is deleted: the site the
# emulator's int3 oops points at (kmod/README.md, "The emulator's own oops"). Runs INSIDE a guest:
#   tools/guest/run.sh --kver KVER --cpus 1 -- bash kmod/tests/static-key-guest.sh
set -uo pipefail
dump() {	# dump SYMBOL: 80 bytes from the symbol, hex
	python3 - "$1" <<'PY'
import struct, sys
sym = sys.argv[1]
addr = None
for line in open('/proc/kallsyms'):
    a, t, name = line.split()[:3]
    if name == sym:
        addr = int(a, 16)
        break
if not addr:
    sys.exit('static-key-guest.sh: %s: no address in /proc/kallsyms' % sym)
f = open('/proc/kcore', 'rb')
h = f.read(64)
phoff = struct.unpack_from('<Q', h, 32)[0]
phentsize, phnum = struct.unpack_from('<HH', h, 54)
for i in range(phnum):
    f.seek(phoff + i * phentsize)
    p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz = struct.unpack_from('<IIQQQQ', f.read(56))
    if p_type == 1 and p_vaddr <= addr < p_vaddr + p_filesz:
        f.seek(p_offset + addr - p_vaddr)
        print('%s %x %s' % (sym, addr, f.read(80).hex()))
        break
else:
    sys.exit('static-key-guest.sh: %s: %x is in no segment of /proc/kcore' % (sym, addr))
PY
}
echo "kernel $(uname -r)"
sysctl -q -w kernel.kptr_restrict=0 || { echo "static-key-guest.sh: cannot lift kptr_restrict" >&2; exit 1; }
echo "== no hooks"
dump ip_rcv; dump ipv6_rcv
nft add table inet sk && nft add chain inet sk pre '{ type filter hook prerouting priority 0; }' ||
	{ echo "static-key-guest.sh: cannot add the chain" >&2; exit 1; }
echo "== an inet prerouting chain"
dump ip_rcv; dump ipv6_rcv
nft delete table inet sk
echo "== deleted again"
dump ip_rcv; dump ipv6_rcv
