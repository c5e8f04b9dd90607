// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/snmp and /proc/net/snmp6, told apart by the first line.
 *
 * snmp:  pairs of lines, names then values, each field after one space:
 *          Group: Name1 Name2 ...
 *          Group: v1 v2 ...
 * snmp6: one counter a line, the name padded with spaces and/or tabs:
 *          Udp6InDatagrams                 \t26
 *        group = the name up to and including its first '6'.
 *
 * Names are printable ASCII without space or ':'. Values are decimal with an
 * optional '-' (stored as two's complement; -2^63 .. 2^64-1). As in the other
 * readers a field is checked for syntax first (-EBADMSG at the first byte that
 * cannot be accepted), then for range (at the field's first byte).
 */
#include "netmon.h"
#include "lines.h"

#include <errno.h>
#include <string.h>

static int name_byte(char c)
{
	return c > ' ' && c < 0x7f && c != ':';
}

/* A value ending at a space or the end of the line. */
static int value(const char *s, size_t len, size_t *i, uint64_t *v, uint32_t *col)
{
	size_t start = *i;
	int neg = 0, rc;

	if (*i < len && s[*i] == '-') {
		neg = 1;
		(*i)++;
	}
	rc = nm_scan_u64(s, len, i, v);
	if (rc == -EBADMSG || (*i < len && s[*i] != ' ')) {
		*col = nm_col(*i);
		return -EBADMSG;
	}
	if (rc == 0 && neg) {
		if (*v > (uint64_t)1 << 63)
			rc = -EOVERFLOW;
		else
			*v = (uint64_t)0 - *v;
	}
	if (rc < 0)
		*col = nm_col(start);
	return rc;
}

static void set_str(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* State of /proc/net/snmp between a names line and its values line. */
struct pair {
	char names[NM_LINE_MAX];
	size_t len;       /* bytes in names; 0 when no names line is pending */
	size_t group;     /* length of the group name */
	uint32_t fields;  /* names after the group */
};

static int parse_names(const char *s, size_t len, struct pair *p, uint32_t *col)
{
	size_t i = 0, start;

	while (i < len && name_byte(s[i]))
		i++;
	if (i == 0 || i >= len || s[i] != ':') {
		*col = nm_col(i);
		return -EBADMSG;
	}
	if (i >= NETMON_SNMP_GROUP_MAX) {
		*col = 1;
		return -ENAMETOOLONG;
	}
	p->group = i++;
	p->fields = 0;
	while (i < len) {
		if (s[i] != ' ') {
			*col = nm_col(i);
			return -EBADMSG;
		}
		start = ++i;
		while (i < len && name_byte(s[i]))
			i++;
		if (i == start || (i < len && s[i] != ' ')) {
			*col = nm_col(i);
			return -EBADMSG;
		}
		if (i - start >= NETMON_SNMP_NAME_MAX) {
			*col = nm_col(start);
			return -ENAMETOOLONG;
		}
		p->fields++;
	}
	memcpy(p->names, s, len);
	p->len = len;
	return 0;
}

/* Writes the pair's entries from out[count] on (as far as capacity goes). */
static int parse_values(const char *s, size_t len, const struct pair *p,
			struct netmon_snmp_entry *out, uint32_t capacity, uint32_t count,
			uint32_t *col)
{
	size_t i = p->group + 1, n = p->group + 1;
	int rc;

	if (len < i || memcmp(s, p->names, i) != 0) {
		*col = 1;
		return -EBADMSG;
	}
	for (uint32_t k = 0; k < p->fields; k++) {
		struct netmon_snmp_entry e;
		size_t name;

		if (i >= len || s[i] != ' ') {
			*col = nm_col(i);
			return -EBADMSG;
		}
		i++;
		rc = value(s, len, &i, &e.value, col);
		if (rc < 0)
			return rc;
		name = ++n; /* past the space in the names line */
		while (n < p->len && p->names[n] != ' ')
			n++;
		if (count + k < capacity) {
			memset(e.group, 0, sizeof(e.group));
			memset(e.name, 0, sizeof(e.name));
			set_str(e.group, p->names, p->group);
			set_str(e.name, p->names + name, n - name);
			out[count + k] = e;
		}
	}
	if (i < len) {
		*col = nm_col(i);
		return -EBADMSG;
	}
	return 0;
}

static int parse_snmp6(const char *s, size_t len, struct netmon_snmp_entry *e, uint32_t *col)
{
	size_t i = 0, end, group;
	int rc;

	while (i < len && name_byte(s[i]))
		i++;
	end = i;
	if (end == 0 || i >= len || (s[i] != ' ' && s[i] != '\t')) {
		*col = nm_col(i);
		return -EBADMSG;
	}
	const char *six = memchr(s, '6', end);
	if (!six || six + 1 == s + end) {
		*col = 1;
		return -EBADMSG;
	}
	group = (size_t)(six - s) + 1;
	if (group >= NETMON_SNMP_GROUP_MAX) {
		*col = 1;
		return -ENAMETOOLONG;
	}
	if (end - group >= NETMON_SNMP_NAME_MAX) {
		*col = nm_col(group);
		return -ENAMETOOLONG;
	}
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	rc = value(s, len, &i, &e->value, col);
	if (rc < 0)
		return rc;
	if (i < len) {
		*col = nm_col(i);
		return -EBADMSG;
	}
	memset(e->group, 0, sizeof(e->group));
	memset(e->name, 0, sizeof(e->name));
	set_str(e->group, s, group);
	set_str(e->name, s + group, end - group);
	return 0;
}

/* 1 if the first line is "Group:..." (snmp), 0 for snmp6. */
static int is_snmp4(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && name_byte(s[i]))
		i++;
	return i > 0 && i < len && s[i] == ':';
}

NM_EXPORT int32_t netmon_read_snmp(const char *path, struct netmon_snmp_entry *out,
				   uint32_t capacity, struct netmon_read_info *info)
{
	struct nm_lines r;
	struct pair p;
	struct netmon_snmp_entry e;
	uint32_t count = 0, col = 0;
	const char *s;
	size_t len;
	int rc, v4 = 0;

	rc = nm_lines_begin(&r, path, out, capacity, info);
	if (rc < 0)
		return rc;
	p.len = 0;

	while ((rc = nm_lines_next(&r, &s, &len)) > 0) {
		if (r.lineno == 1)
			v4 = is_snmp4(s, len);
		if (!v4) {
			if (count == INT32_MAX) {
				rc = -EOVERFLOW;
				col = 1;
			} else if ((rc = parse_snmp6(s, len, &e, &col)) == 0) {
				if (count < capacity)
					out[count] = e;
				count++;
			}
		} else if (p.len == 0) {
			rc = parse_names(s, len, &p, &col);
		} else if (p.fields > INT32_MAX - count) {
			rc = -EOVERFLOW;
			col = 1;
		} else {
			rc = parse_values(s, len, &p, out, capacity, count, &col);
			if (rc == 0)
				count += p.fields;
			p.len = 0;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0 && p.len != 0) {
		/* A names line without its values line. */
		rc = -EBADMSG;
		col = 1;
		r.lineno++;
	}
	return nm_finish(&r, rc, col, count, capacity, info);
}
