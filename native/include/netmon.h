/* SPDX-License-Identifier: GPL-2.0 */
/* libnetmon: allocation-free readers for /proc/net/{dev,netmon,snmp,snmp6} into caller structs. */
#ifndef NETMON_H
#define NETMON_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a struct below changes layout; JNA checks it at load time. */
#define NETMON_API_VERSION 2

#define NETMON_IFNAME_MAX 16   /* IFNAMSIZ: 15 bytes + NUL */
#define NETMON_VERSION_MAX 32  /* module version string + NUL */
#define NETMON_SNMP_GROUP_MAX 16
#define NETMON_SNMP_NAME_MAX 48

/* Special values of netmon_proto_row.proto. */
#define NETMON_PROTO_UNKNOWN (-1) /* headers could not be read */
#define NETMON_PROTO_OTHER (-2)   /* per-interface overflow slot */

/* The /proc/net/netmon format versions this library reads (docs/PROC_FORMAT.md). */
#define NETMON_PROC_FORMAT_MIN 1
#define NETMON_PROC_FORMAT 2 /* the newest */

/*
 * Filled by every reader when not NULL. On success: needed = rows in the file.
 * On -ENOSPC: needed = rows in the file, the first `capacity` were written.
 * On a parse error: line = 1-based line that failed, column = 1-based byte offset in it.
 */
struct netmon_read_info {
	uint32_t needed;
	uint32_t line;
	uint32_t column;
	uint32_t reserved;
};

/*
 * The 16 counters of a /proc/net/dev line, in the kernel's order: the one list of their
 * names. NETMON_DEV_FIELDS(X) expands X(field) for each; struct netmon_dev and the
 * reader are both made from it.
 */
#define NETMON_DEV_FIELDS(X) \
	X(rx_bytes) X(rx_packets) X(rx_errs) X(rx_drop) \
	X(rx_fifo) X(rx_frame) X(rx_compressed) X(rx_multicast) \
	X(tx_bytes) X(tx_packets) X(tx_errs) X(tx_drop) \
	X(tx_fifo) X(tx_colls) X(tx_carrier) X(tx_compressed)

#define NETMON_DEV_FIELD_DECL_(field) uint64_t field;
#define NETMON_DEV_FIELD_ONE_(field) + 1

/* How many counters NETMON_DEV_FIELDS lists (16). */
#define NETMON_DEV_COUNTERS (0 NETMON_DEV_FIELDS(NETMON_DEV_FIELD_ONE_))

/* One line of /proc/net/dev: the name, then the 16 counters, one uint64_t each. */
struct netmon_dev {
	char name[NETMON_IFNAME_MAX];
	NETMON_DEV_FIELDS(NETMON_DEV_FIELD_DECL_)
};

/* The header line of /proc/net/netmon. */
struct netmon_kmod_header {
	uint32_t format_version;
	char module_version[NETMON_VERSION_MAX];
	uint32_t reserved;               /* always 0 */
	uint64_t netns_inode;            /* format 2: the file's network namespace; 0 in format 1 */
};

/* One row of /proc/net/netmon (docs/PROC_FORMAT.md). */
struct netmon_proto_row {
	int32_t ifindex;                 /* 0: namespace-wide ("all") */
	char ifname[NETMON_IFNAME_MAX];
	uint8_t family;                  /* 4 or 6 */
	uint8_t pad;
	int16_t proto;                   /* 0..255, NETMON_PROTO_UNKNOWN, NETMON_PROTO_OTHER */
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
};

/*
 * One counter of /proc/net/snmp ("Udp: InDatagrams" -> group "Udp", name "InDatagrams")
 * or /proc/net/snmp6 ("Udp6InDatagrams" -> group "Udp6", name "InDatagrams": the group is
 * the name up to and including its first '6'). Negative values (Tcp MaxConn -1) are stored
 * as two's complement.
 */
struct netmon_snmp_entry {
	char group[NETMON_SNMP_GROUP_MAX];
	char name[NETMON_SNMP_NAME_MAX];
	uint64_t value;
};

/* NETMON_API_VERSION of the loaded library. */
int32_t netmon_api_version(void);

/*
 * Each reader opens `path`, parses it in one pass with fixed-size stack buffers, and
 * writes at most `capacity` structs to `out`. Returns the number written (>= 0) or a
 * negative errno: open/read errors as the system gave them, -ENOSPC when the file holds
 * more rows than `capacity` (info->needed tells how many), -EBADMSG for malformed input
 * (info->line/column tell where), -ENAMETOOLONG for a name that does not fit,
 * -EOVERFLOW for a counter above 2^64-1, -EPROTONOSUPPORT for a netmon format other than
 * NETMON_PROC_FORMAT_MIN..NETMON_PROC_FORMAT.
 * Never writes past out[capacity - 1]; never allocates.
 */
int32_t netmon_read_dev(const char *path, struct netmon_dev *out, uint32_t capacity,
			struct netmon_read_info *info);

int32_t netmon_read_kmod(const char *path, struct netmon_kmod_header *header,
			 struct netmon_proto_row *out, uint32_t capacity,
			 struct netmon_read_info *info);

int32_t netmon_read_snmp(const char *path, struct netmon_snmp_entry *out, uint32_t capacity,
			 struct netmon_read_info *info);

/* strerror-like text for a value returned above; never NULL, static storage. */
const char *netmon_strerror(int32_t rc);

#ifdef __cplusplus
}
#endif

#endif /* NETMON_H */
