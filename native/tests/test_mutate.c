// SPDX-License-Identifier: GPL-2.0
/*
 * Every one-byte change (and deletion) of a real capture: the reader must return
 * a documented code, put line/column inside the file on a parse error, and never
 * write past the capacity. Run under ASan/UBSan by `make test`.
 */
#include "check.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum kind { DEV, KMOD, SNMP };

#define CAP 3
#define FILE_MAX 4096

static int32_t run(enum kind k, const char *path, struct netmon_read_info *info)
{
	union {
		struct netmon_dev dev[CAP + 1];
		struct netmon_proto_row kmod[CAP + 1];
		struct netmon_snmp_entry snmp[CAP + 1];
	} u;
	int32_t rc;
	size_t slot;

	memset(&u, CANARY, sizeof(u));
	switch (k) {
	case DEV:
		rc = netmon_read_dev(path, u.dev, CAP, info);
		slot = sizeof(u.dev[0]);
		break;
	case KMOD:
		rc = netmon_read_kmod(path, NULL, u.kmod, CAP, info);
		slot = sizeof(u.kmod[0]);
		break;
	default:
		rc = netmon_read_snmp(path, u.snmp, CAP, info);
		slot = sizeof(u.snmp[0]);
		break;
	}
	if (!canary_intact((char *)&u + CAP * slot, slot))
		check_fail(__FILE__, __LINE__, "wrote past the capacity");
	return rc;
}

static void mutate(enum kind k, const char *name)
{
	static const char repl[] = { ' ', '0', '9', ':', '\n', 'x', '-', '\t', '\0', '6' };
	char src[FILE_MAX], buf[FILE_MAX], path[4096];
	FILE *f = fopen(fixture(name), "rb");
	size_t n, lines = 0, bad = 0;
	int fd;

	if (!f) {
		check_fail(__FILE__, __LINE__, "cannot open %s", name);
		return;
	}
	n = fread(src, 1, sizeof(src), f);
	fclose(f);
	/* tmpfs when there is one: truncating a file on ext4 50000 times is slow. */
	snprintf(path, sizeof(path), "%s/netmon-mutate-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") :
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		check_fail(__FILE__, __LINE__, "mkstemp failed");
		return;
	}
	for (size_t i = 0; i < n; i++)
		lines += src[i] == '\n';
	for (size_t i = 0; i < n && bad < 5; i++) {
		for (size_t r = 0; r <= sizeof(repl); r++) {
			struct netmon_read_info info;
			size_t len = n;
			int32_t rc;

			memcpy(buf, src, n);
			if (r == sizeof(repl)) { /* delete byte i */
				memmove(buf + i, buf + i + 1, n - i - 1);
				len--;
			} else {
				buf[i] = repl[r];
			}
			if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, len, 0) != (ssize_t)len) {
				check_fail(__FILE__, __LINE__, "cannot write %s", path);
				bad = 5;
				break;
			}
			rc = run(k, path, &info);
			if (rc >= 0 || rc == -ENOSPC) {
				if (info.line || info.column || (rc >= 0 && info.needed != (uint32_t)rc))
					bad++;
			} else if (rc == -EBADMSG || rc == -ENAMETOOLONG || rc == -EOVERFLOW ||
				   rc == -EPROTONOSUPPORT) {
				if (info.line < 1 || info.line > lines + 2 || info.column < 1 ||
				    info.column > 4096)
					bad++;
			} else {
				bad++;
			}
			if (bad && bad < 2 && r < sizeof(repl))
				check_fail(__FILE__, __LINE__, "%s byte %zu -> %d: rc %d line %u column %u",
					   name, i, repl[r], rc, info.line, info.column);
		}
	}
	close(fd);
	unlink(path);
	if (bad)
		check_fail(__FILE__, __LINE__, "%s: %zu bad results", name, bad);
}

static void mutate_dev(void) { mutate(DEV, "proc-net-dev-6.18-host.txt"); }
static void mutate_kmod(void) { mutate(KMOD, "proc-net-netmon-v1-crafted.txt"); }
static void mutate_kmod_v2(void) { mutate(KMOD, "proc-net-netmon-v2-crafted.txt"); }
static void mutate_snmp(void) { mutate(SNMP, "proc-net-snmp-6.18-host.txt"); }
static void mutate_snmp6(void) { mutate(SNMP, "proc-net-snmp6-6.18-host.txt"); }

const struct test_case mutate_tests[] = {
	{ "mutate: every byte of the dev capture", mutate_dev },
	{ "mutate: every byte of the netmon example", mutate_kmod },
	{ "mutate: every byte of the netmon format 2 example", mutate_kmod_v2 },
	{ "mutate: every byte of the snmp capture", mutate_snmp },
	{ "mutate: every byte of the snmp6 capture", mutate_snmp6 },
	{ NULL, NULL },
};
