/* SPDX-License-Identifier: GPL-2.0 */
/* A tiny test helper: named cases of CHECK()s, counted by main.c. */
#ifndef NETMON_CHECK_H
#define NETMON_CHECK_H

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "netmon.h"

struct test_case {
	const char *name;
	void (*fn)(void);
};

void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Absolute path of a fixture in the data directory given to the runner. */
const char *fixture(const char *name);
const char *fixture_r(const char *name, char *buf, size_t size);

#define CHECK(c) \
	do { if (!(c)) check_fail(__FILE__, __LINE__, "%s", #c); } while (0)

#define CHECK_INT(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) check_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); \
} while (0)

#define CHECK_U64(a, b) do { \
	unsigned long long a_ = (a), b_ = (b); \
	if (a_ != b_) check_fail(__FILE__, __LINE__, "%s == %s: %llu != %llu", #a, #b, a_, b_); \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (strcmp(a_, b_) != 0) check_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, a_, b_); \
} while (0)

/* A reader's result and the info it filled: rc, needed, line, column. */
#define CHECK_RESULT(rc, info, want_rc, want_needed, want_line, want_col) do { \
	CHECK_INT(rc, want_rc); \
	CHECK_INT((info).needed, want_needed); \
	CHECK_INT((info).line, want_line); \
	CHECK_INT((info).column, want_col); \
} while (0)

/* A fixture a reader must refuse, and the rc and info it must refuse it with. */
struct error_case {
	const char *file;
	int32_t rc;
	uint32_t needed, line, column;
};

/*
 * For each case: rc = reader(file, capacity), which fills *info; a failure (reported
 * at file:line) unless rc, needed, line and column are as the case says. Then
 * also(case), when not NULL, for what a reader checks beyond that.
 */
void check_error_cases(const char *file, int line, const struct error_case *cases, size_t n,
		       int32_t (*reader)(const char *fixture_name, uint32_t capacity),
		       uint32_t capacity, const struct netmon_read_info *info,
		       void (*also)(const struct error_case *c));

#define CHECK_ERROR_CASES(cases, reader, capacity, info, also) \
	check_error_cases(__FILE__, __LINE__, cases, sizeof(cases) / sizeof((cases)[0]), \
			  reader, capacity, &(info), also)

/* Bytes a canary slot is filled with; a reader must never touch it. */
#define CANARY 0xA5
int canary_intact(const void *p, size_t size);

extern const struct test_case dev_tests[];
extern const struct test_case kmod_tests[];
extern const struct test_case snmp_tests[];
extern const struct test_case api_tests[];
extern const struct test_case mutate_tests[];

#endif
