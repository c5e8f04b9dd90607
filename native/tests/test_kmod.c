// SPDX-License-Identifier: GPL-2.0
#include "check.h"

#define MAXROWS 16

static struct netmon_proto_row rows[MAXROWS + 1];
static struct netmon_kmod_header hdr;
static struct netmon_read_info info;

static int32_t read_kmod(const char *name, uint32_t capacity)
{
	memset(rows, CANARY, sizeof(rows));
	memset(&hdr, CANARY, sizeof(hdr));
	memset(&info, 0xff, sizeof(info));
	return netmon_read_kmod(fixture(name), &hdr, rows, capacity, &info);
}

static int row_is(const struct netmon_proto_row *r, int32_t ifindex, const char *ifname,
		  uint8_t family, int16_t proto, uint64_t rxp, uint64_t rxb, uint64_t txp,
		  uint64_t txb)
{
	return r->ifindex == ifindex && strcmp(r->ifname, ifname) == 0 && r->family == family &&
	       r->pad == 0 && r->proto == proto && r->rx_packets == rxp && r->rx_bytes == rxb &&
	       r->tx_packets == txp && r->tx_bytes == txb;
}

#define CHECK_ROW(r, ...) do { \
	if (!row_is(r, __VA_ARGS__)) \
		check_fail(__FILE__, __LINE__, "row %s is %d %.16s %u %d %llu %llu %llu %llu", #r, \
			   (r)->ifindex, (r)->ifname, (r)->family, (r)->proto, \
			   (unsigned long long)(r)->rx_packets, (unsigned long long)(r)->rx_bytes, \
			   (unsigned long long)(r)->tx_packets, (unsigned long long)(r)->tx_bytes); \
} while (0)

/* The header struct as line 1 gave it (reserved is always 0). */
#define CHECK_HEADER(format, module, inode) do { \
	CHECK_INT(hdr.format_version, format); \
	CHECK_STR(hdr.module_version, module); \
	CHECK_INT(hdr.reserved, 0); \
	CHECK_U64(hdr.netns_inode, inode); \
} while (0)

/* The rows of the docs/PROC_FORMAT.md example, the same in both formats. */
static void check_doc_rows(void)
{
	CHECK_ROW(&rows[0], 0, "all", 4, 1, 74, 6216, 74, 6216);
	CHECK_ROW(&rows[1], 0, "all", 4, 17, 10, 1280, 10, 1280);
	CHECK_ROW(&rows[2], 0, "all", 6, 58, 4, 416, 4, 416);
	CHECK_ROW(&rows[3], 1, "lo", 4, 1, 74, 6216, 74, 6216);
	CHECK_ROW(&rows[4], 1, "lo", 4, 17, 10, 1280, 10, 1280);
	CHECK_ROW(&rows[5], 1, "lo", 6, 58, 4, 416, 4, 416);
	CHECK_ROW(&rows[6], 3, "veth0", 4, NETMON_PROTO_OTHER, 2, 120, 0, 0);
	CHECK_ROW(&rows[7], 3, "veth0", 6, NETMON_PROTO_UNKNOWN, 1, 40, 0, 0);
	CHECK(canary_intact(&rows[8], sizeof(rows[8])));
}

/* The example of docs/PROC_FORMAT.md in format 1, row for row: no namespace inode. */
static void kmod_doc_example(void)
{
	int32_t rc = read_kmod("proc-net-netmon-v1-crafted.txt", MAXROWS);

	CHECK_RESULT(rc, info, 8, 8, 0, 0);
	CHECK_HEADER(1, "0.1.0", 0);
	check_doc_rows();
}

/* The docs/PROC_FORMAT.md example as it stands (format 2): same rows, and the netns inode. */
static void kmod_v2(void)
{
	int32_t rc = read_kmod("proc-net-netmon-v2-crafted.txt", MAXROWS);

	CHECK_RESULT(rc, info, 8, 8, 0, 0);
	CHECK_HEADER(2, "0.2.0", 4026532281ULL);
	check_doc_rows();

	rc = read_kmod("proc-net-netmon-v2-crafted-inode-u64-max.txt", MAXROWS);
	CHECK_RESULT(rc, info, 2, 2, 0, 0);
	CHECK_U64(hdr.netns_inode, UINT64_MAX);
	CHECK_ROW(&rows[1], 0, "all", 4, 17, 10, 1280, 10, 1280);

	/* The size query fills the header too. */
	memset(&hdr, CANARY, sizeof(hdr));
	rc = netmon_read_kmod(fixture("proc-net-netmon-v2-crafted.txt"), &hdr, NULL, 0, &info);
	CHECK_RESULT(rc, info, -ENOSPC, 8, 0, 0);
	CHECK_U64(hdr.netns_inode, 4026532281ULL);
}

/* A header line that fails leaves the header struct all zero. */
static void header_zero(const struct error_case *c)
{
	static const struct netmon_kmod_header zero;

	(void)c;
	CHECK(memcmp(&hdr, &zero, sizeof(hdr)) == 0);
}

static void kmod_v2_malformed_header(void)
{
	static const struct error_case cases[] = {
		{ "proc-net-netmon-v2-crafted-missing-inode.txt", -EBADMSG, 0, 1, 15 },
		{ "proc-net-netmon-v2-crafted-bad-inode.txt", -EBADMSG, 0, 1, 21 },
		{ "proc-net-netmon-v2-crafted-double-space.txt", -EBADMSG, 0, 1, 16 },
		{ "proc-net-netmon-v2-crafted-inode-zero.txt", -EBADMSG, 0, 1, 16 },
		{ "proc-net-netmon-v2-crafted-inode-overflow.txt", -EOVERFLOW, 0, 1, 16 },
		{ "proc-net-netmon-v2-crafted-extra-field.txt", -EBADMSG, 0, 1, 26 },
		{ "proc-net-netmon-v1-crafted-with-inode.txt", -EBADMSG, 0, 1, 15 },
	};

	CHECK_ERROR_CASES(cases, read_kmod, MAXROWS, info, header_zero);
}

static void kmod_edges(void)
{
	int32_t rc = read_kmod("proc-net-netmon-v1-crafted-edges.txt", MAXROWS);

	CHECK_RESULT(rc, info, 6, 6, 0, 0);
	CHECK_INT(hdr.format_version, 1);
	CHECK_STR(hdr.module_version, "1.2.3-rc1+g0a1b~dirty");
	CHECK_ROW(&rows[0], 0, "all", 4, 0, 1, 20, 0, 0);
	CHECK_ROW(&rows[1], 0, "all", 4, 255, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX);
	CHECK_ROW(&rows[2], 0, "all", 6, NETMON_PROTO_UNKNOWN, 3, 120, 0, 0);
	/* An interface may be called "all": scope comes from ifindex. */
	CHECK_ROW(&rows[3], 7, "all", 4, 6, 5, 300, 5, 300);
	CHECK_ROW(&rows[4], 42, "cali0123456789a", 6, NETMON_PROTO_OTHER, 1, 60, 1, 60);
	CHECK_ROW(&rows[5], INT32_MAX, "eth0.100", 4, 17, 0, 0, 1, 76);
}

static void kmod_no_rows_and_no_final_newline(void)
{
	CHECK_RESULT(read_kmod("proc-net-netmon-v1-crafted-no-rows.txt", MAXROWS), info, 0, 0, 0, 0);
	CHECK_STR(hdr.module_version, "0.1.0");
	CHECK(canary_intact(&rows[0], sizeof(rows[0])));
	CHECK_RESULT(read_kmod("proc-net-netmon-v1-crafted-no-final-newline.txt", MAXROWS), info,
		     1, 1, 0, 0);
	CHECK_ROW(&rows[0], 1, "lo", 4, 1, 74, 6216, 74, 6216);
}

/* Any other format is refused, but the header says which one it was. */
static void kmod_unknown_format(void)
{
	int32_t rc = read_kmod("proc-net-netmon-v3-crafted.txt", MAXROWS);

	CHECK_RESULT(rc, info, -EPROTONOSUPPORT, 0, 1, 8);
	CHECK_HEADER(3, "0.3.0", 0);
	CHECK(canary_intact(&rows[0], sizeof(rows[0])));
}

/* The header is filled once line 1 parsed, zeroed when it did not. */
static void header_after_error(const struct error_case *c)
{
	if (c->line > 1)
		CHECK_STR(hdr.module_version, "0.1.0");
	else
		CHECK_INT(hdr.format_version, 0);
}

static void kmod_malformed(void)
{
	static const struct error_case cases[] = {
		{ "proc-net-netmon-empty.txt", -EBADMSG, 0, 1, 1 },
		{ "proc-net-netmon-v1-crafted-bad-magic.txt", -EBADMSG, 0, 1, 6 },
		{ "proc-net-netmon-v1-crafted-long-module-version.txt", -ENAMETOOLONG, 0, 1, 10 },
		{ "proc-net-netmon-v1-crafted-no-columns.txt", -EBADMSG, 0, 2, 1 },
		{ "proc-net-netmon-v1-crafted-bad-columns.txt", -EBADMSG, 0, 2, 52 },
		{ "proc-net-netmon-v1-crafted-proto-256.txt", -EBADMSG, 1, 4, 11 },
		{ "proc-net-netmon-v1-crafted-bad-proto-word.txt", -EBADMSG, 1, 4, 11 },
		{ "proc-net-netmon-v1-crafted-ifindex0-not-all.txt", -EBADMSG, 1, 4, 3 },
		{ "proc-net-netmon-v1-crafted-other-in-all.txt", -EBADMSG, 1, 4, 12 },
		{ "proc-net-netmon-v1-crafted-bad-family.txt", -EBADMSG, 1, 4, 6 },
		{ "proc-net-netmon-v1-crafted-double-space.txt", -EBADMSG, 1, 4, 3 },
		{ "proc-net-netmon-v1-crafted-trailing-space.txt", -EBADMSG, 1, 4, 28 },
		{ "proc-net-netmon-v1-crafted-missing-counter.txt", -EBADMSG, 1, 4, 23 },
		{ "proc-net-netmon-v1-crafted-counter-overflow.txt", -EOVERFLOW, 1, 4, 16 },
		{ "proc-net-netmon-v1-crafted-overlong-ifname.txt", -ENAMETOOLONG, 1, 4, 3 },
		{ "proc-net-netmon-v1-crafted-negative-ifindex.txt", -EBADMSG, 1, 4, 1 },
		{ "proc-net-netmon-v1-crafted-ifindex-too-big.txt", -EBADMSG, 1, 4, 1 },
		{ "proc-net-netmon-v1-crafted-line-too-long.txt", -EBADMSG, 6, 9, 4096 },
	};

	CHECK_ERROR_CASES(cases, read_kmod, MAXROWS, info, header_after_error);
}

static void kmod_capacity(void)
{
	int32_t rc = read_kmod("proc-net-netmon-v1-crafted.txt", 5);

	CHECK_RESULT(rc, info, -ENOSPC, 8, 0, 0);
	CHECK_ROW(&rows[4], 1, "lo", 4, 17, 10, 1280, 10, 1280);
	CHECK(canary_intact(&rows[5], sizeof(rows[5])));
	CHECK_INT(hdr.format_version, 1);

	rc = netmon_read_kmod(fixture("proc-net-netmon-v1-crafted.txt"), NULL, NULL, 0, &info);
	CHECK_RESULT(rc, info, -ENOSPC, 8, 0, 0);
	rc = netmon_read_kmod(fixture("proc-net-netmon-v1-crafted.txt"), NULL, rows, 8, NULL);
	CHECK_INT(rc, 8);
}

/* Real captures from QEMU guests are added later as proc-net-netmon-6.1-guest*.txt. */
static void kmod_live(void)
{
	int32_t rc = netmon_read_kmod("/proc/net/netmon", &hdr, rows, MAXROWS, &info);

	if (rc == -ENOENT)
		return;
	CHECK(rc >= 0 || rc == -ENOSPC);
	CHECK(hdr.format_version >= NETMON_PROC_FORMAT_MIN && hdr.format_version <= NETMON_PROC_FORMAT);
	CHECK((hdr.format_version == 1) == (hdr.netns_inode == 0));
}

const struct test_case kmod_tests[] = {
	{ "kmod: the PROC_FORMAT.md example", kmod_doc_example },
	{ "kmod: edges (u64 max, proto 0/255, an interface named all)", kmod_edges },
	{ "kmod: no rows, no final newline", kmod_no_rows_and_no_final_newline },
	{ "kmod: format 2, the same rows and the namespace inode", kmod_v2 },
	{ "kmod: format 2 headers without a good inode, format 1 with one", kmod_v2_malformed_header },
	{ "kmod: format 3 is -EPROTONOSUPPORT with the header filled", kmod_unknown_format },
	{ "kmod: malformed files, exact line and column", kmod_malformed },
	{ "kmod: capacity overflow and canary", kmod_capacity },
	{ "kmod: live /proc/net/netmon if the module is loaded", kmod_live },
	{ NULL, NULL },
};
