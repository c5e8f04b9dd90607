// SPDX-License-Identifier: GPL-2.0
#include "check.h"

#include <pthread.h>

static void api_version(void)
{
	CHECK_INT(netmon_api_version(), NETMON_API_VERSION);
	CHECK_INT(netmon_api_version(), 2);
}

static void api_strerror(void)
{
	CHECK_STR(netmon_strerror(0), "success");
	CHECK_STR(netmon_strerror(12), "success");
	CHECK_STR(netmon_strerror(-ENOSPC), "more rows than the buffer holds (see needed)");
	CHECK_STR(netmon_strerror(-EBADMSG), "malformed input (see line and column)");
	CHECK_STR(netmon_strerror(-ENAMETOOLONG), "name too long");
	CHECK_STR(netmon_strerror(-EOVERFLOW), "value out of range");
	CHECK_STR(netmon_strerror(-EPROTONOSUPPORT), "unsupported /proc/net/netmon format version");
	CHECK_STR(netmon_strerror(-ENOENT), "no such file or directory");
	CHECK_STR(netmon_strerror(-EACCES), "permission denied");
	CHECK_STR(netmon_strerror(-100000), "unknown error");
	CHECK_STR(netmon_strerror(INT32_MIN), "unknown error");
}

static void api_system_errors(void)
{
	struct netmon_dev d[2];
	struct netmon_proto_row p[2];
	struct netmon_snmp_entry s[2];
	struct netmon_read_info info;

	memset(&info, 0xff, sizeof(info));
	CHECK_INT(netmon_read_dev(fixture("does-not-exist.txt"), d, 2, &info), -ENOENT);
	CHECK_RESULT(0, info, 0, 0, 0, 0);
	CHECK_INT(netmon_read_kmod(fixture("does-not-exist.txt"), NULL, p, 2, &info), -ENOENT);
	CHECK_INT(netmon_read_snmp(fixture("does-not-exist.txt"), s, 2, &info), -ENOENT);
	CHECK_INT(netmon_read_dev(fixture(""), d, 2, &info), -EISDIR);
	CHECK_RESULT(0, info, 0, 0, 0, 0);
	CHECK_INT(netmon_read_dev(NULL, d, 2, &info), -EINVAL);
	CHECK_INT(netmon_read_kmod(NULL, NULL, p, 2, &info), -EINVAL);
	CHECK_INT(netmon_read_snmp(NULL, s, 2, &info), -EINVAL);
	CHECK_INT(netmon_read_dev(fixture("proc-net-dev-6.18-host.txt"), NULL, 2, &info), -EINVAL);
	CHECK_INT(netmon_read_kmod(fixture("proc-net-netmon-v1-crafted.txt"), NULL, NULL, 1, &info),
		  -EINVAL);
	CHECK_INT(netmon_read_snmp(fixture("proc-net-snmp-6.18-host.txt"), NULL, 1, &info),
		  -EINVAL);
	/* info is optional. */
	CHECK_INT(netmon_read_dev(fixture("proc-net-dev-6.18-host.txt"), d, 2, NULL), -ENOSPC);
	CHECK_INT(netmon_read_dev(fixture("proc-net-dev-6.18-crlf.txt"), d, 2, NULL), -EBADMSG);
}

/* No shared state: readers on several threads at once give the same answers. */
static void *reader(void *arg)
{
	static struct netmon_dev dev[4][4100];
	struct netmon_snmp_entry snmp[100];
	struct netmon_proto_row rows[8];
	struct netmon_kmod_header h;
	struct netmon_read_info info;
	char path[3][4096];
	int id = (int)(intptr_t)arg;
	uintptr_t bad = 0;

	fixture_r("proc-net-dev-6.18-many-veths.txt", path[0], sizeof(path[0]));
	fixture_r("proc-net-snmp6-6.18-host.txt", path[1], sizeof(path[1]));
	fixture_r("proc-net-netmon-v1-crafted-edges.txt", path[2], sizeof(path[2]));
	for (int i = 0; i < 10; i++) {
		if (netmon_read_dev(path[0], dev[id], 4100, &info) != 4002 ||
		    dev[id][4001].rx_bytes != 3999012004ULL)
			bad++;
		if (netmon_read_snmp(path[1], snmp, 100, &info) != 90 || snmp[89].value != 0)
			bad++;
		if (netmon_read_kmod(path[2], &h, rows, 8, &info) != 6 ||
		    rows[5].ifindex != INT32_MAX || strcmp(h.module_version, "1.2.3-rc1+g0a1b~dirty"))
			bad++;
	}
	return (void *)bad;
}

static void api_threads(void)
{
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		CHECK_INT(pthread_create(&t[i], NULL, reader, (void *)(intptr_t)i), 0);
	for (int i = 0; i < 4; i++) {
		void *bad = NULL;

		CHECK_INT(pthread_join(t[i], &bad), 0);
		CHECK_INT((uintptr_t)bad, 0);
	}
}

const struct test_case api_tests[] = {
	{ "api: version", api_version },
	{ "api: strerror texts are fixed", api_strerror },
	{ "api: system errors, bad arguments, optional info", api_system_errors },
	{ "api: four threads at once", api_threads },
	{ NULL, NULL },
};
