// SPDX-License-Identifier: GPL-2.0
#include "netmon.h"
#include "lines.h"

#include <errno.h>
#include <stddef.h>

/*
 * The Java side mirrors these layouts field for field (JNA); a change here must
 * bump NETMON_API_VERSION.
 */
_Static_assert(sizeof(struct netmon_read_info) == 16, "netmon_read_info layout");
_Static_assert(sizeof(struct netmon_dev) == 144, "netmon_dev layout");
_Static_assert(NETMON_DEV_COUNTERS == 16, "netmon_dev layout");
_Static_assert(offsetof(struct netmon_dev, rx_bytes) == 16, "netmon_dev layout");
_Static_assert(offsetof(struct netmon_dev, tx_compressed) == 136, "netmon_dev layout");
_Static_assert(sizeof(struct netmon_kmod_header) == 48, "netmon_kmod_header layout");
_Static_assert(offsetof(struct netmon_kmod_header, module_version) == 4, "netmon_kmod_header layout");
_Static_assert(offsetof(struct netmon_kmod_header, netns_inode) == 40, "netmon_kmod_header layout");
_Static_assert(sizeof(struct netmon_proto_row) == 56, "netmon_proto_row layout");
_Static_assert(offsetof(struct netmon_proto_row, ifname) == 4, "netmon_proto_row layout");
_Static_assert(offsetof(struct netmon_proto_row, family) == 20, "netmon_proto_row layout");
_Static_assert(offsetof(struct netmon_proto_row, proto) == 22, "netmon_proto_row layout");
_Static_assert(offsetof(struct netmon_proto_row, rx_packets) == 24, "netmon_proto_row layout");
_Static_assert(sizeof(struct netmon_snmp_entry) == 72, "netmon_snmp_entry layout");
_Static_assert(offsetof(struct netmon_snmp_entry, value) == 64, "netmon_snmp_entry layout");

NM_EXPORT int32_t netmon_api_version(void)
{
	return NETMON_API_VERSION;
}

/* Fixed texts, not strerror(): they must not depend on the libc or the locale. */
NM_EXPORT const char *netmon_strerror(int32_t rc)
{
	if (rc >= 0)
		return "success";
	switch (rc) {
	case -ENOSPC: return "more rows than the buffer holds (see needed)";
	case -EBADMSG: return "malformed input (see line and column)";
	case -ENAMETOOLONG: return "name too long";
	case -EOVERFLOW: return "value out of range";
	case -EPROTONOSUPPORT: return "unsupported /proc/net/netmon format version";
	case -EINVAL: return "invalid argument";
	case -ENOENT: return "no such file or directory";
	case -EACCES: return "permission denied";
	case -EPERM: return "operation not permitted";
	case -EISDIR: return "is a directory";
	case -ENOTDIR: return "not a directory";
	case -ELOOP: return "too many levels of symbolic links";
	case -EMFILE: return "too many open files";
	case -ENFILE: return "too many open files in system";
	case -ENOMEM: return "out of memory";
	case -EIO: return "input/output error";
	case -EAGAIN: return "resource temporarily unavailable";
	case -EINTR: return "interrupted system call";
	case -EFAULT: return "bad address";
	default: return "unknown error";
	}
}
