// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/netmon, formats 1 and 2 (docs/PROC_FORMAT.md). Fields are separated by
 * exactly one space, with no trailing space. Every line is checked left to right; a
 * field is checked for syntax first (-EBADMSG at the first byte that cannot be
 * accepted), then for range (-EBADMSG, -ENAMETOOLONG or -EOVERFLOW at the field's
 * first byte).
 */
#include "netmon.h"
#include "lines.h"

#include <errno.h>
#include <string.h>

static const char COLUMNS[] =
	"ifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes";

/* The family words (4, 6) and the proto words (unknown, other) of a row. */
static const char *const FAMILIES[] = { "ipv4", "ipv6" };
static const char *const PROTO_WORDS[] = { "unknown", "other" };

/* Bytes allowed in the module version string: [0-9A-Za-z.+~-]. */
static int module_byte(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '.' || c == '+' || c == '~' || c == '-';
}

/*
 * After a field: either exactly one space before the next one (last == 0), or
 * the end of the line (last == 1).
 */
static int separator(const char *s, size_t len, size_t *i, int last, uint32_t *col)
{
	if (last ? *i < len : (*i >= len || s[*i] != ' ')) {
		*col = nm_col(*i);
		return -EBADMSG;
	}
	if (!last)
		(*i)++;
	return 0;
}

/*
 * A decimal field and its separator. Out of range is -EBADMSG for the fields
 * bounded by max (ifindex, format, proto) and -EOVERFLOW for the u64 fields only
 * (max UINT64_MAX: the counters and the namespace inode).
 */
static int number(const char *s, size_t len, size_t *i, int last, uint64_t max,
		  uint64_t *v, uint32_t *col)
{
	size_t start = *i;
	int rc = nm_scan_u64(s, len, i, v);

	if (rc == -EBADMSG) {
		*col = nm_col(*i);
		return rc;
	}
	if (*i < len && s[*i] != ' ') {
		*col = nm_col(*i);
		return -EBADMSG;
	}
	if (max != UINT64_MAX && (rc == -EOVERFLOW || *v > max))
		rc = -EBADMSG;
	if (rc < 0) {
		*col = nm_col(start);
		return rc;
	}
	return separator(s, len, i, last, col);
}

/* A field up to the next space or the end of the line; *end is one past it. */
static size_t token_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != ' ')
		i++;
	return i;
}

static int token_is(const char *s, size_t start, size_t end, const char *word)
{
	size_t n = strlen(word);

	return end - start == n && memcmp(s + start, word, n) == 0;
}

/*
 * A word field that must be one of words[0..n) and its separator. Returns the
 * word's index, -EBADMSG at the field's first byte for any other word, or the
 * separator's error.
 */
static int word_field(const char *s, size_t len, size_t *i, const char *const *words, int n,
		      uint32_t *col)
{
	size_t end = token_end(s, len, *i);

	for (int k = 0; k < n; k++) {
		if (token_is(s, *i, end, words[k])) {
			int rc;

			*i = end;
			rc = separator(s, len, i, 0, col);
			return rc < 0 ? rc : k;
		}
	}
	*col = nm_col(*i);
	return -EBADMSG;
}

/*
 * Line 1: "netmon <format> <module>", then " <netns_inode>" in format 2. The first two
 * fields are the same in every format, so one this library does not read is still named:
 * -EPROTONOSUPPORT at its first byte, with format_version and module_version filled and
 * the rest of the line left unchecked.
 */
static int parse_header(const char *s, size_t len, struct netmon_kmod_header *h, uint32_t *col)
{
	size_t i = 0, start;
	uint64_t format, inode;
	int rc;

	rc = nm_expect(s, len, &i, "netmon ", col);
	if (rc < 0)
		return rc;
	rc = number(s, len, &i, 0, UINT32_MAX, &format, col);
	if (rc < 0)
		return rc;
	start = i;
	while (i < len && module_byte(s[i]))
		i++;
	if (i == start || (i < len && s[i] != ' ')) {
		*col = nm_col(i);
		return -EBADMSG;
	}
	if (i - start >= NETMON_VERSION_MAX) {
		*col = nm_col(start);
		return -ENAMETOOLONG;
	}
	h->format_version = (uint32_t)format;
	memcpy(h->module_version, s + start, i - start);
	h->module_version[i - start] = '\0';
	if (format < NETMON_PROC_FORMAT_MIN || format > NETMON_PROC_FORMAT) {
		*col = nm_col(sizeof("netmon ") - 1);
		return -EPROTONOSUPPORT;
	}
	rc = separator(s, len, &i, format == 1, col);
	if (rc < 0 || format == 1)
		return rc;

	/* Format 2: the namespace's inode number, never 0 (0 stands for "format 1"). */
	start = i;
	rc = number(s, len, &i, 1, UINT64_MAX, &inode, col);
	if (rc < 0)
		return rc;
	if (inode == 0) {
		*col = nm_col(start);
		return -EBADMSG;
	}
	h->netns_inode = inode;
	return 0;
}

static int parse_row(const char *s, size_t len, struct netmon_proto_row *row, uint32_t *col)
{
	size_t i = 0, start;
	uint64_t v;
	int rc;

	memset(row, 0, sizeof(*row));

	rc = number(s, len, &i, 0, INT32_MAX, &v, col);
	if (rc < 0)
		return rc;
	row->ifindex = (int32_t)v;

	start = i;
	while (i < len && nm_ifname_byte((unsigned char)s[i]))
		i++;
	if (i == start || (i < len && s[i] != ' ')) {
		*col = nm_col(i);
		return -EBADMSG;
	}
	if (i - start >= NETMON_IFNAME_MAX) {
		*col = nm_col(start);
		return -ENAMETOOLONG;
	}
	if (row->ifindex == 0 && !token_is(s, start, i, "all")) {
		*col = nm_col(start);
		return -EBADMSG;
	}
	memcpy(row->ifname, s + start, i - start);
	rc = separator(s, len, &i, 0, col);
	if (rc < 0)
		return rc;

	rc = word_field(s, len, &i, FAMILIES, 2, col);
	if (rc < 0)
		return rc;
	row->family = rc == 0 ? 4 : 6;

	if (i < len && s[i] >= '0' && s[i] <= '9') {
		rc = number(s, len, &i, 0, 255, &v, col);
		if (rc < 0)
			return rc;
		row->proto = (int16_t)v;
	} else {
		/* "other" is a per-interface slot only. */
		rc = word_field(s, len, &i, PROTO_WORDS, row->ifindex != 0 ? 2 : 1, col);
		if (rc < 0)
			return rc;
		row->proto = rc == 0 ? NETMON_PROTO_UNKNOWN : NETMON_PROTO_OTHER;
	}

	uint64_t *counters[4] = { &row->rx_packets, &row->rx_bytes, &row->tx_packets,
				  &row->tx_bytes };
	for (int k = 0; k < 4; k++) {
		rc = number(s, len, &i, k == 3, UINT64_MAX, counters[k], col);
		if (rc < 0)
			return rc;
	}
	return 0;
}

NM_EXPORT int32_t netmon_read_kmod(const char *path, struct netmon_kmod_header *header,
				   struct netmon_proto_row *out, uint32_t capacity,
				   struct netmon_read_info *info)
{
	struct netmon_kmod_header h;
	struct nm_lines r;
	struct netmon_proto_row row;
	uint32_t count = 0, col = 0;
	const char *s;
	size_t len;
	int rc;

	memset(&h, 0, sizeof(h));
	if (header)
		*header = h;
	rc = nm_lines_begin(&r, path, out, capacity, info);
	if (rc < 0)
		return rc;

	while ((rc = nm_lines_next(&r, &s, &len)) > 0) {
		if (r.lineno == 1) {
			rc = parse_header(s, len, &h, &col);
			if (header && (rc == 0 || rc == -EPROTONOSUPPORT))
				*header = h;
		} else if (r.lineno == 2) {
			size_t i = 0;

			rc = nm_expect(s, len, &i, COLUMNS, &col);
			if (rc == 0 && i < len) {
				rc = -EBADMSG;
				col = nm_col(i);
			}
		} else if (count == INT32_MAX) {
			rc = -EOVERFLOW;
			col = 1;
		} else if ((rc = parse_row(s, len, &row, &col)) == 0) {
			if (count < capacity)
				out[count] = row;
			count++;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0 && r.lineno < 2) {
		/* The header and the column line are mandatory. */
		rc = -EBADMSG;
		col = 1;
		r.lineno++;
	}
	return nm_finish(&r, rc, col, count, capacity, info);
}
