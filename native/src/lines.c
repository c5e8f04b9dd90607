// SPDX-License-Identifier: GPL-2.0
#include "lines.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int nm_lines_open(struct nm_lines *r, const char *path)
{
	r->fd = -1;
	r->eof = 0;
	r->lineno = 0;
	r->start = 0;
	r->end = 0;
	if (!path)
		return -EINVAL;
	do {
		r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	} while (r->fd < 0 && errno == EINTR);
	return r->fd < 0 ? -errno : 0;
}

int nm_lines_begin(struct nm_lines *r, const char *path, const void *out, uint32_t capacity,
		   struct netmon_read_info *info)
{
	if (info)
		memset(info, 0, sizeof(*info));
	if (!out && capacity > 0)
		return -EINVAL;
	return nm_lines_open(r, path);
}

void nm_lines_close(struct nm_lines *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* Refills buf after the unconsumed bytes. Returns bytes read, 0 at EOF, or -errno. */
static ssize_t fill(struct nm_lines *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	do {
		n = read(r->fd, r->buf + r->end, sizeof(r->buf) - r->end);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return n;
}

int nm_lines_next(struct nm_lines *r, const char **line, size_t *len)
{
	size_t scanned = 0; /* bytes after start already known to hold no '\n' */

	for (;;) {
		const char *s = r->buf + r->start;
		size_t have = r->end - r->start;
		const char *nl = memchr(s + scanned, '\n', have - scanned);

		if (nl) {
			*line = s;
			*len = (size_t)(nl - s);
			r->start += *len + 1;
			r->lineno++;
			return 1;
		}
		scanned = have;
		if (have > NM_LINE_MAX) {
			/* The buffer is full and holds no newline. */
			r->lineno++;
			*line = s;
			*len = NM_LINE_MAX;
			return -EBADMSG;
		}
		if (r->eof) {
			if (have == 0)
				return 0;
			*line = s;
			*len = have;
			r->start = r->end;
			r->lineno++;
			return 1;
		}
		ssize_t n = fill(r);
		if (n < 0)
			return (int)n;
	}
}

int nm_scan_u64(const char *s, size_t len, size_t *pos, uint64_t *value)
{
	size_t i = *pos;
	uint64_t v = 0;
	int over = 0;

	if (i >= len || s[i] < '0' || s[i] > '9')
		return -EBADMSG;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	*pos = i;
	*value = v;
	return over ? -EOVERFLOW : 0;
}

int nm_ifname_byte(unsigned char c)
{
	/* dev_valid_name(): no NUL, no isspace() byte, no '/', no ':'. */
	switch (c) {
	case '\0': case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
	case '/': case ':':
		return 0;
	default:
		return 1;
	}
}

int32_t nm_finish(struct nm_lines *r, int rc, uint32_t col, uint32_t count,
		  uint32_t capacity, struct netmon_read_info *info)
{
	nm_lines_close(r);
	if (rc == -EBADMSG && col == 0)
		col = NM_LINE_MAX + 1; /* the line reader's "line too long" */
	if (info) {
		info->needed = count;
		if (rc < 0 && col) {
			info->line = r->lineno;
			info->column = col;
		}
	}
	if (rc < 0)
		return rc;
	if (count > capacity)
		return -ENOSPC;
	return (int32_t)count;
}

int nm_expect(const char *s, size_t len, size_t *pos, const char *lit, uint32_t *col)
{
	size_t i = *pos;

	for (; *lit; lit++, i++) {
		if (i >= len || s[i] != *lit) {
			*col = nm_col(i);
			return -EBADMSG;
		}
	}
	*pos = i;
	return 0;
}
