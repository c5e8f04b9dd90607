// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/dev. Two header lines, then one line per interface:
 *   *SP name ":" *SP counter 15( 1*SP counter )
 * name: 1..15 bytes the kernel allows in an interface name (anything but NUL,
 * whitespace, '/' and ':'); counter: decimal digits, at most 2^64-1.
 */
#include "netmon.h"
#include "lines.h"

#include <errno.h>
#include <string.h>

static const char HEADER1[] = "Inter-|";
static const char HEADER2[] = " face |";

static int parse_row(const char *s, size_t len, struct netmon_dev *d, uint32_t *col)
{
#define COUNTER_PTR(field) &d->field,
	uint64_t *counters[NETMON_DEV_COUNTERS] = { NETMON_DEV_FIELDS(COUNTER_PTR) };
#undef COUNTER_PTR
	size_t i = 0, name;

	while (i < len && s[i] == ' ')
		i++;
	name = i;
	while (i < len && nm_ifname_byte((unsigned char)s[i]))
		i++;
	if (i >= len || s[i] != ':' || i == name) {
		*col = nm_col(i);
		return -EBADMSG;
	}
	if (i - name >= NETMON_IFNAME_MAX) {
		*col = nm_col(name);
		return -ENAMETOOLONG;
	}
	memset(d, 0, sizeof(*d));
	memcpy(d->name, s + name, i - name);
	i++; /* ':' */

	for (int k = 0; k < NETMON_DEV_COUNTERS; k++) {
		size_t start;
		int rc;

		if (k > 0) {
			/* At least one space before every counter but the first. */
			if (i >= len || s[i] != ' ') {
				*col = nm_col(i);
				return -EBADMSG;
			}
		}
		while (i < len && s[i] == ' ')
			i++;
		start = i;
		rc = nm_scan_u64(s, len, &i, counters[k]);
		if (rc == -EBADMSG) {
			*col = nm_col(i);
			return rc;
		}
		if (i < len && s[i] != ' ') {
			*col = nm_col(i);
			return -EBADMSG;
		}
		if (rc < 0) {
			*col = nm_col(start);
			return rc;
		}
	}
	if (i < len) {
		*col = nm_col(i);
		return -EBADMSG;
	}
	return 0;
}

NM_EXPORT int32_t netmon_read_dev(const char *path, struct netmon_dev *out, uint32_t capacity,
				  struct netmon_read_info *info)
{
	struct nm_lines r;
	struct netmon_dev row;
	uint32_t count = 0, col = 0;
	const char *s;
	size_t len;
	int rc;

	rc = nm_lines_begin(&r, path, out, capacity, info);
	if (rc < 0)
		return rc;

	while ((rc = nm_lines_next(&r, &s, &len)) > 0) {
		if (r.lineno == 1) {
			rc = nm_expect(s, len, &(size_t){0}, HEADER1, &col);
		} else if (r.lineno == 2) {
			rc = nm_expect(s, len, &(size_t){0}, HEADER2, &col);
		} else if (count == INT32_MAX) {
			rc = -EOVERFLOW; /* more rows than an int32_t return can count */
			col = 1;
		} else if ((rc = parse_row(s, len, &row, &col)) == 0) {
			if (count < capacity)
				out[count] = row;
			count++;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0 && r.lineno == 1) {
		/* The kernel prints both header lines or none: this file was cut short. */
		rc = -EBADMSG;
		col = 1;
		r.lineno++;
	}
	return nm_finish(&r, rc, col, count, capacity, info);
}
