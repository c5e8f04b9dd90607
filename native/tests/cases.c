// SPDX-License-Identifier: GPL-2.0
/* The loop over a table of malformed fixtures that each reader's tests share. */
#include "check.h"

void check_error_cases(const char *file, int line, const struct error_case *cases, size_t n,
		       int32_t (*reader)(const char *fixture_name, uint32_t capacity),
		       uint32_t capacity, const struct netmon_read_info *info,
		       void (*also)(const struct error_case *c))
{
	for (size_t i = 0; i < n; i++) {
		int32_t rc = reader(cases[i].file, capacity);

		if (rc != cases[i].rc || info->needed != cases[i].needed ||
		    info->line != cases[i].line || info->column != cases[i].column)
			check_fail(file, line, "%s: rc %d needed %u line %u column %u, "
				   "want %d %u %u %u", cases[i].file, rc, info->needed, info->line,
				   info->column, cases[i].rc, cases[i].needed, cases[i].line,
				   cases[i].column);
		if (also)
			also(&cases[i]);
	}
}
