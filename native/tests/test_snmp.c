// SPDX-License-Identifier: GPL-2.0
#include "check.h"

#define MAXROWS 128

static struct netmon_snmp_entry rows[MAXROWS + 1];
static struct netmon_read_info info;

static int32_t read_snmp(const char *name, uint32_t capacity)
{
	memset(rows, CANARY, sizeof(rows));
	memset(&info, 0xff, sizeof(info));
	return netmon_read_snmp(fixture(name), rows, capacity, &info);
}

static int entry_is(const struct netmon_snmp_entry *e, const char *group, const char *name,
		    uint64_t value)
{
	return strcmp(e->group, group) == 0 && strcmp(e->name, name) == 0 && e->value == value;
}

#define CHECK_ENTRY(e, g, n, v) do { \
	if (!entry_is(e, g, n, v)) \
		check_fail(__FILE__, __LINE__, "%s is %s %s %llu, want %s %s %llu", #e, (e)->group, \
			   (e)->name, (unsigned long long)(e)->value, g, n, (unsigned long long)(v)); \
} while (0)

static void snmp_host(void)
{
	int32_t rc = read_snmp("proc-net-snmp-6.18-host.txt", MAXROWS);

	CHECK_RESULT(rc, info, 83, 83, 0, 0);
	CHECK_ENTRY(&rows[0], "Ip", "Forwarding", 2);
	CHECK_ENTRY(&rows[1], "Ip", "DefaultTTL", 64);
	CHECK_ENTRY(&rows[19], "Ip", "OutTransmits", 3181);
	CHECK_ENTRY(&rows[20], "Icmp", "InMsgs", 1);
	CHECK_ENTRY(&rows[49], "IcmpMsg", "InType3", 1);
	CHECK_ENTRY(&rows[50], "Tcp", "RtoAlgorithm", 1);
	CHECK_ENTRY(&rows[53], "Tcp", "MaxConn", (uint64_t)-1); /* -1, two's complement */
	CHECK_ENTRY(&rows[59], "Tcp", "InSegs", 6548);
	CHECK_ENTRY(&rows[65], "Udp", "InDatagrams", 29);
	CHECK_ENTRY(&rows[74], "UdpLite", "InDatagrams", 0);
	CHECK_ENTRY(&rows[82], "UdpLite", "MemErrors", 0);
	CHECK(canary_intact(&rows[83], sizeof(rows[83])));
	for (size_t i = 2; i < sizeof(rows[0].group); i++)
		CHECK_INT(rows[0].group[i], 0);
}

static void snmp_extremes(void)
{
	int32_t rc = read_snmp("proc-net-snmp-6.18-extremes.txt", MAXROWS);

	CHECK_INT(rc, 83);
	CHECK_ENTRY(&rows[65], "Udp", "InDatagrams", UINT64_MAX);
	CHECK_ENTRY(&rows[66], "Udp", "NoPorts", (uint64_t)INT64_MIN);
	CHECK_RESULT(read_snmp("proc-net-snmp-6.18-no-final-newline.txt", MAXROWS), info,
		     83, 83, 0, 0);
	CHECK_ENTRY(&rows[82], "UdpLite", "MemErrors", 0);
	CHECK_RESULT(read_snmp("proc-net-snmp-empty.txt", MAXROWS), info, 0, 0, 0, 0);
}

static void snmp6_host(void)
{
	int32_t rc = read_snmp("proc-net-snmp6-6.18-host.txt", MAXROWS);

	CHECK_RESULT(rc, info, 90, 90, 0, 0);
	CHECK_ENTRY(&rows[0], "Ip6", "InReceives", 1);
	CHECK_ENTRY(&rows[10], "Ip6", "OutRequests", 10);
	CHECK_ENTRY(&rows[22], "Ip6", "InOctets", 128);
	CHECK_ENTRY(&rows[33], "Icmp6", "InMsgs", 1);
	CHECK_ENTRY(&rows[69], "Icmp6", "InType1", 1);
	CHECK_ENTRY(&rows[71], "Icmp6", "OutType135", 4);
	CHECK_ENTRY(&rows[73], "Udp6", "InDatagrams", 0);
	CHECK_ENTRY(&rows[84], "UdpLite6", "InErrors", 0);
	CHECK_ENTRY(&rows[89], "UdpLite6", "MemErrors", 0);
	CHECK(canary_intact(&rows[90], sizeof(rows[90])));
}

static void snmp6_variants(void)
{
	CHECK_RESULT(read_snmp("proc-net-snmp6-6.18-no-final-newline.txt", MAXROWS), info,
		     90, 90, 0, 0);
	CHECK_ENTRY(&rows[89], "UdpLite6", "MemErrors", 0);
	/* Spaces only, or a tab only, between name and value. */
	CHECK_RESULT(read_snmp("proc-net-snmp6-6.18-separators.txt", MAXROWS), info,
		     90, 90, 0, 0);
	CHECK_ENTRY(&rows[4], "Ip6", "InAddrErrors", 0);
	CHECK_ENTRY(&rows[5], "Ip6", "InUnknownProtos", 0);
}

static void snmp_malformed(void)
{
	static const struct error_case cases[] = {
		{ "proc-net-snmp-6.18-group-mismatch.txt", -EBADMSG, 65, 10, 1 },
		{ "proc-net-snmp-6.18-fewer-values.txt", -EBADMSG, 20, 4, 62 },
		{ "proc-net-snmp-6.18-more-values.txt", -EBADMSG, 50, 8, 50 },
		{ "proc-net-snmp-6.18-non-numeric.txt", -EBADMSG, 65, 10, 8 },
		{ "proc-net-snmp-6.18-names-without-values.txt", -EBADMSG, 65, 10, 1 },
		{ "proc-net-snmp-6.18-u64-max-plus-one.txt", -EOVERFLOW, 65, 10, 6 },
		{ "proc-net-snmp-6.18-negative-overflow.txt", -EOVERFLOW, 65, 10, 8 },
		{ "proc-net-snmp6-6.18-no-six-in-name.txt", -EBADMSG, 4, 5, 1 },
		{ "proc-net-snmp6-6.18-long-group.txt", -ENAMETOOLONG, 4, 5, 1 },
		{ "proc-net-snmp6-6.18-long-name.txt", -ENAMETOOLONG, 4, 5, 4 },
		{ "proc-net-snmp6-6.18-non-numeric.txt", -EBADMSG, 4, 5, 35 },
		{ "proc-net-snmp-6.18-line-too-long.txt", -EBADMSG, 20, 3, 4096 },
		{ "proc-net-snmp6-6.18-line-too-long.txt", -EBADMSG, 4, 5, 4096 },
	};

	CHECK_ERROR_CASES(cases, read_snmp, MAXROWS, info, NULL);
}

static void snmp_capacity(void)
{
	/* The capacity ends in the middle of the Icmp pair. */
	int32_t rc = read_snmp("proc-net-snmp-6.18-host.txt", 25);

	CHECK_RESULT(rc, info, -ENOSPC, 83, 0, 0);
	CHECK_ENTRY(&rows[24], "Icmp", "InTimeExcds", 0);
	CHECK(canary_intact(&rows[25], sizeof(rows[25])));

	rc = read_snmp("proc-net-snmp6-6.18-host.txt", 7);
	CHECK_RESULT(rc, info, -ENOSPC, 90, 0, 0);
	CHECK_ENTRY(&rows[6], "Ip6", "InTruncatedPkts", 0);
	CHECK(canary_intact(&rows[7], sizeof(rows[7])));

	rc = read_snmp("proc-net-snmp-6.18-host.txt", 0);
	CHECK_RESULT(rc, info, -ENOSPC, 83, 0, 0);
	CHECK(canary_intact(&rows[0], sizeof(rows[0])));
}

static void snmp_live(void)
{
	static struct netmon_snmp_entry big[1024];
	int32_t rc = netmon_read_snmp("/proc/net/snmp", big, 1024, &info);

	if (rc != -ENOENT) {
		CHECK(rc > 0);
		CHECK_STR(big[0].group, "Ip");
	}
	rc = netmon_read_snmp("/proc/net/snmp6", big, 1024, &info);
	if (rc != -ENOENT) {
		CHECK(rc > 0);
		CHECK_STR(big[0].group, "Ip6");
	}
}

const struct test_case snmp_tests[] = {
	{ "snmp: host capture", snmp_host },
	{ "snmp: u64 max, -2^63, no final newline, empty", snmp_extremes },
	{ "snmp6: host capture, groups split at the first 6", snmp6_host },
	{ "snmp6: separators and no final newline", snmp6_variants },
	{ "snmp: malformed files, exact line and column", snmp_malformed },
	{ "snmp: capacity overflow and canary", snmp_capacity },
	{ "snmp: live /proc/net/snmp and snmp6", snmp_live },
	{ NULL, NULL },
};
