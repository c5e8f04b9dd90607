// SPDX-License-Identifier: GPL-2.0
/*
 * Test runner: main DATA_DIR [LABEL]. Runs every case, prints each failure and a
 * last line "LABEL: N passed, M failed"; exits 1 if any case failed.
 * NETMON_TEST_VERBOSE=1 also prints each case and how long it took.
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *data_dir = "tests/data";
static int case_failed;

void check_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	case_failed = 1;
}

const char *fixture_r(const char *name, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", data_dir, name);

	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "fixture path too long: %s\n", name);
		exit(2);
	}
	return buf;
}

const char *fixture(const char *name)
{
	static char buf[4096];

	return fixture_r(name, buf, sizeof(buf));
}

int canary_intact(const void *p, size_t size)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < size; i++)
		if (b[i] != CANARY)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	const struct test_case *suites[] = { dev_tests, kmod_tests, snmp_tests, api_tests, mutate_tests };
	const char *label = argc > 2 ? argv[2] : "native";
	int passed = 0, failed = 0;

	int verbose = getenv("NETMON_TEST_VERBOSE") != NULL;

	if (argc > 1)
		data_dir = argv[1];
	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		for (const struct test_case *t = suites[s]; t->name; t++) {
			struct timespec t0, t1;

			case_failed = 0;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			t->fn();
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (verbose)
				fprintf(stderr, "%6.3f s  %s\n", (double)(t1.tv_sec - t0.tv_sec) +
					(double)(t1.tv_nsec - t0.tv_nsec) / 1e9, t->name);
			if (case_failed) {
				fprintf(stderr, "FAIL %s\n", t->name);
				failed++;
			} else {
				passed++;
			}
		}
	}
	printf("%s: %d passed, %d failed\n", label, passed, failed);
	return failed ? 1 : 0;
}
