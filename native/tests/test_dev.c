// SPDX-License-Identifier: GPL-2.0
#include "check.h"

#define MAXROWS 64

static struct netmon_dev rows[MAXROWS + 1];
static struct netmon_read_info info;

static int32_t read_dev(const char *name, uint32_t capacity)
{
	memset(rows, CANARY, sizeof(rows));
	memset(&info, 0xff, sizeof(info));
	return netmon_read_dev(fixture(name), rows, capacity, &info);
}

static void dev_host(void)
{
	int32_t rc = read_dev("proc-net-dev-6.18-host.txt", MAXROWS);

	CHECK_RESULT(rc, info, 4, 4, 0, 0);
	CHECK_INT(info.reserved, 0);
	CHECK_STR(rows[0].name, "lo");
	CHECK_U64(rows[0].rx_bytes, 3593);
	CHECK_U64(rows[0].rx_packets, 37);
	CHECK_U64(rows[0].tx_bytes, 3593);
	CHECK_U64(rows[0].tx_packets, 37);
	CHECK_U64(rows[0].tx_compressed, 0);
	CHECK_STR(rows[1].name, "ifb0");
	CHECK_STR(rows[2].name, "ifb1");
	CHECK_STR(rows[3].name, "eth0");
	CHECK_U64(rows[3].rx_bytes, 253619641);
	CHECK_U64(rows[3].rx_packets, 6544);
	CHECK_U64(rows[3].tx_bytes, 219714);
	CHECK_U64(rows[3].tx_packets, 3155);
	CHECK(canary_intact(&rows[4], sizeof(rows[4])));
	/* The name is NUL-padded to the end, so Java sees no stack garbage. */
	for (size_t i = 3; i < sizeof(rows[0].name); i++)
		CHECK_INT(rows[0].name[i], 0);
}

/* Every counter lands in its own field, in the kernel's order. */
static void dev_field_order(void)
{
	int32_t rc = read_dev("proc-net-dev-6.18-odd-names.txt", MAXROWS);
	const struct netmon_dev *d = &rows[2];

	CHECK_INT(rc, 7);
	CHECK_STR(d->name, "br-lan");
	CHECK_U64(d->rx_bytes, 1);
	CHECK_U64(d->rx_packets, 2);
	CHECK_U64(d->rx_errs, 3);
	CHECK_U64(d->rx_drop, 4);
	CHECK_U64(d->rx_fifo, 5);
	CHECK_U64(d->rx_frame, 6);
	CHECK_U64(d->rx_compressed, 7);
	CHECK_U64(d->rx_multicast, 8);
	CHECK_U64(d->tx_bytes, 9);
	CHECK_U64(d->tx_packets, 10);
	CHECK_U64(d->tx_errs, 11);
	CHECK_U64(d->tx_drop, 12);
	CHECK_U64(d->tx_fifo, 13);
	CHECK_U64(d->tx_colls, 14);
	CHECK_U64(d->tx_carrier, 15);
	CHECK_U64(d->tx_compressed, 16);
}

static void dev_odd_names(void)
{
	int32_t rc = read_dev("proc-net-dev-6.18-odd-names.txt", MAXROWS);

	CHECK_RESULT(rc, info, 7, 7, 0, 0);
	CHECK_STR(rows[1].name, "eth0.100");
	CHECK_U64(rows[1].rx_bytes, 1000);
	CHECK_U64(rows[1].rx_multicast, 1);
	CHECK_U64(rows[1].tx_bytes, 2000);
	CHECK_STR(rows[3].name, "veth_1");
	CHECK_STR(rows[4].name, "odd@if5");
	CHECK_U64(rows[4].rx_bytes, 42);
	CHECK_STR(rows[5].name, "cali0123456789a"); /* 15 bytes, glued to its counter */
	CHECK_U64(rows[5].rx_bytes, 123456789012ULL);
	CHECK_U64(rows[5].rx_packets, 99);
	CHECK_STR(rows[6].name, "wg0");
	CHECK_U64(rows[6].rx_bytes, 12345678901234567890ULL);
}

/* A name is bytes, not ASCII: UTF-8 comes through as it is. */
static void dev_utf8_name(void)
{
	int32_t rc = read_dev("proc-net-dev-6.18-utf8-name.txt", MAXROWS);

	CHECK_RESULT(rc, info, 4, 4, 0, 0);
	CHECK_STR(rows[3].name, "\xc3\xb1\xc3\xa9\xe2\x82\xac"); /* U+00F1 U+00E9 U+20AC */
	CHECK_U64(rows[3].rx_bytes, 253619641);
	CHECK_U64(rows[3].tx_packets, 3155);
}

static void dev_glued_colon(void)
{
	int32_t rc = read_dev("proc-net-dev-6.18-glued-colon.txt", MAXROWS);

	CHECK_RESULT(rc, info, 2, 2, 0, 0);
	CHECK_STR(rows[0].name, "lo");
	CHECK_U64(rows[0].rx_bytes, 143205148);
	CHECK_U64(rows[0].rx_packets, 1203349);
	CHECK_U64(rows[0].tx_bytes, 143205148);
	CHECK_STR(rows[1].name, "eth0");
}

static void dev_u64_max(void)
{
	int32_t rc = read_dev("proc-net-dev-6.18-u64-max.txt", MAXROWS);

	CHECK_RESULT(rc, info, 2, 2, 0, 0);
	CHECK_U64(rows[0].rx_bytes, UINT64_MAX);
	CHECK_U64(rows[0].rx_packets, 37);
	CHECK_U64(rows[1].rx_bytes, 253619641);
	CHECK_U64(rows[1].tx_bytes, UINT64_MAX);
	CHECK_U64(rows[1].tx_compressed, UINT64_MAX);
}

static void dev_u64_max_plus_one(void)
{
	CHECK_RESULT(read_dev("proc-net-dev-6.18-u64-max-plus-one.txt", MAXROWS), info,
		     -EOVERFLOW, 1, 4, 68);
}

static void dev_empty_and_header_only(void)
{
	CHECK_RESULT(read_dev("proc-net-dev-empty.txt", MAXROWS), info, 0, 0, 0, 0);
	CHECK(canary_intact(&rows[0], sizeof(rows[0])));
	CHECK_RESULT(read_dev("proc-net-dev-6.18-header-only.txt", MAXROWS), info, 0, 0, 0, 0);
	CHECK(canary_intact(&rows[0], sizeof(rows[0])));
}

static void dev_no_final_newline(void)
{
	int32_t rc = read_dev("proc-net-dev-6.18-no-final-newline.txt", MAXROWS);

	CHECK_RESULT(rc, info, 4, 4, 0, 0);
	CHECK_STR(rows[3].name, "eth0");
	CHECK_U64(rows[3].tx_compressed, 0);
	CHECK_U64(rows[3].tx_packets, 3155);
}

static void dev_malformed(void)
{
	static const struct error_case cases[] = {
		{ "proc-net-dev-6.18-truncated-line.txt", -EBADMSG, 1, 4, 114 },
		{ "proc-net-dev-6.18-extra-field.txt", -EBADMSG, 1, 4, 125 },
		{ "proc-net-dev-6.18-non-numeric.txt", -EBADMSG, 1, 4, 24 },
		{ "proc-net-dev-6.18-negative.txt", -EBADMSG, 1, 4, 29 },
		{ "proc-net-dev-6.18-overlong-name.txt", -ENAMETOOLONG, 1, 4, 1 },
		{ "proc-net-dev-6.18-slash-in-name.txt", -EBADMSG, 1, 4, 5 },
		{ "proc-net-dev-6.18-no-colon.txt", -EBADMSG, 1, 4, 7 },
		{ "proc-net-dev-6.18-crlf.txt", -EBADMSG, 0, 3, 123 },
		{ "proc-net-dev-6.18-missing-header.txt", -EBADMSG, 0, 2, 2 },
		{ "proc-net-dev-6.18-blank-line.txt", -EBADMSG, 1, 4, 1 },
		{ "proc-net-dev-6.18-line-too-long.txt", -EBADMSG, 1, 4, 4096 },
		{ "proc-net-dev-6.18-first-header-line-only.txt", -EBADMSG, 0, 2, 1 },
		{ "proc-net-dev-6.18-tab-in-name.txt", -EBADMSG, 0, 3, 4 },
		{ "proc-net-dev-6.18-trailing-space.txt", -EBADMSG, 3, 6, 125 },
	};

	CHECK_ERROR_CASES(cases, read_dev, MAXROWS, info, NULL);
}

#define MANY 4002
static struct netmon_dev many[MANY + 1];

static void dev_many_veths(void)
{
	struct netmon_read_info mi;
	int32_t rc;

	memset(many, CANARY, sizeof(many));
	rc = netmon_read_dev(fixture("proc-net-dev-6.18-many-veths.txt"), many, MANY, &mi);
	CHECK_RESULT(rc, mi, MANY, MANY, 0, 0);
	CHECK(canary_intact(&many[MANY], sizeof(many[MANY])));
	CHECK_STR(many[0].name, "lo");
	CHECK_STR(many[1].name, "eth0");
	for (uint32_t i = 0; i < MANY - 2; i++) {
		const struct netmon_dev *d = &many[i + 2];

		if (d->rx_bytes != 1000003ULL * i + 7 || d->rx_packets != i ||
		    d->tx_bytes != 2000003ULL * i || d->tx_packets != 2ULL * i ||
		    d->rx_multicast != i % 5 || d->rx_errs || d->tx_compressed ||
		    strncmp(d->name, i % 2 ? "cali" : "veth", 4) != 0 ||
		    strlen(d->name) != (i % 2 ? 15u : 11u)) {
			check_fail(__FILE__, __LINE__, "many-veths row %u (%s) is wrong", i + 2, d->name);
			break;
		}
	}
	CHECK_STR(many[MANY - 1].name, "cali9a78495f3ef");
	CHECK_U64(many[MANY - 1].rx_bytes, 3999012004ULL);
}

/* Capacity overflow writes exactly `capacity` rows, keeps counting for `needed`. */
static void dev_capacity(void)
{
	struct netmon_read_info mi;
	int32_t rc;

	memset(many, CANARY, sizeof(many));
	rc = netmon_read_dev(fixture("proc-net-dev-6.18-many-veths.txt"), many, 100, &mi);
	CHECK_RESULT(rc, mi, -ENOSPC, MANY, 0, 0);
	CHECK_STR(many[99].name, "cali03bf3051c11");
	CHECK_U64(many[99].rx_bytes, 1000003ULL * 97 + 7);
	CHECK(canary_intact(&many[100], sizeof(many[100])));

	rc = read_dev("proc-net-dev-6.18-host.txt", 3);
	CHECK_RESULT(rc, info, -ENOSPC, 4, 0, 0);
	CHECK_STR(rows[2].name, "ifb1");
	CHECK(canary_intact(&rows[3], sizeof(rows[3])));

	/* Exactly enough room is not an overflow. */
	rc = read_dev("proc-net-dev-6.18-host.txt", 4);
	CHECK_RESULT(rc, info, 4, 4, 0, 0);
	CHECK(canary_intact(&rows[4], sizeof(rows[4])));

	/* Capacity 0 with no buffer asks for the size. */
	memset(&mi, 0xff, sizeof(mi));
	rc = netmon_read_dev(fixture("proc-net-dev-6.18-host.txt"), NULL, 0, &mi);
	CHECK_RESULT(rc, mi, -ENOSPC, 4, 0, 0);
	rc = netmon_read_dev(fixture("proc-net-dev-6.18-header-only.txt"), NULL, 0, &mi);
	CHECK_RESULT(rc, mi, 0, 0, 0, 0);

	/* A malformed row after the capacity is still an error, not -ENOSPC. */
	rc = read_dev("proc-net-dev-6.18-truncated-line.txt", 0);
	CHECK_RESULT(rc, info, -EBADMSG, 1, 4, 114);
	CHECK(canary_intact(&rows[0], sizeof(rows[0])));
	rc = read_dev("proc-net-dev-6.18-truncated-line.txt", 1);
	CHECK_RESULT(rc, info, -EBADMSG, 1, 4, 114);
	CHECK(canary_intact(&rows[1], sizeof(rows[1])));
}

/* The real file of the machine running the tests parses (whatever it holds). */
static void dev_live(void)
{
	struct netmon_read_info mi;
	int32_t rc = netmon_read_dev("/proc/net/dev", many, MANY, &mi);

	if (rc == -ENOENT)
		return;
	CHECK(rc >= 1);
	CHECK_INT(mi.needed, rc);
}

const struct test_case dev_tests[] = {
	{ "dev: host capture", dev_host },
	{ "dev: counters in kernel order", dev_field_order },
	{ "dev: names with . - _ @ and 15 bytes", dev_odd_names },
	{ "dev: a UTF-8 name", dev_utf8_name },
	{ "dev: wide counter glued to the colon", dev_glued_colon },
	{ "dev: 2^64-1 parses", dev_u64_max },
	{ "dev: 2^64 is -EOVERFLOW", dev_u64_max_plus_one },
	{ "dev: empty file and header only", dev_empty_and_header_only },
	{ "dev: missing final newline", dev_no_final_newline },
	{ "dev: malformed files, exact line and column", dev_malformed },
	{ "dev: 4000 veths", dev_many_veths },
	{ "dev: capacity overflow and canary", dev_capacity },
	{ "dev: live /proc/net/dev", dev_live },
	{ NULL, NULL },
};
