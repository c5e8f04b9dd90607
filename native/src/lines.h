/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal helpers shared by the three readers: one buffered line reader over
 * open/read, and the number and name scanners. Nothing here allocates or keeps
 * global state; every reader owns a struct nm_lines on its own stack.
 */
#ifndef NETMON_LINES_H
#define NETMON_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "netmon.h"

/* Marks the public entry points; everything else is hidden by -fvisibility=hidden. */
#define NM_EXPORT __attribute__((visibility("default")))

/*
 * Longest accepted line, newline excluded. A longer line is -EBADMSG with the
 * column of its first byte past the limit (NM_LINE_MAX + 1).
 */
#define NM_LINE_MAX 4095

struct nm_lines {
	int fd;
	int eof;
	uint32_t lineno;  /* 1-based number of the line last returned */
	size_t start;     /* first unconsumed byte in buf */
	size_t end;       /* one past the last valid byte in buf */
	char buf[NM_LINE_MAX + 1];
};

/* Opens path read-only. Returns 0 or a negative errno (-EINVAL for a NULL path). */
int nm_lines_open(struct nm_lines *r, const char *path);

/*
 * Next line without its '\n' (a last line without one is still a line; '\r' is
 * an ordinary byte). Returns 1 and sets *line, *len; 0 at end of file; or a
 * negative errno: read errors as the system gave them, -EBADMSG for a line
 * longer than NM_LINE_MAX (r->lineno is that line, *len is NM_LINE_MAX).
 */
int nm_lines_next(struct nm_lines *r, const char **line, size_t *len);

void nm_lines_close(struct nm_lines *r);

/*
 * What every reader does first: zeroes *info (when not NULL), refuses a NULL out
 * with capacity > 0 (-EINVAL), then opens path with nm_lines_open(). Returns 0
 * or a negative errno; on an error there is nothing to close.
 */
int nm_lines_begin(struct nm_lines *r, const char *path, const void *out, uint32_t capacity,
		   struct netmon_read_info *info);

/*
 * Scans decimal digits at s[*pos], stopping at the first non-digit of s[0..len).
 * Returns 0 with *value set; -EBADMSG if there is no digit at *pos (*pos unchanged);
 * -EOVERFLOW if the digits exceed 2^64-1 (*pos is still moved past all of them,
 * so the caller can check what follows before it reports the overflow).
 */
int nm_scan_u64(const char *s, size_t len, size_t *pos, uint64_t *value);

/*
 * Matches the literal lit at s[*pos] and moves *pos past it; -EBADMSG with *col
 * at the first byte that differs (or the end of the line).
 */
int nm_expect(const char *s, size_t len, size_t *pos, const char *lit, uint32_t *col);

/* 1 if c may appear in an interface name: the kernel's dev_valid_name() bytes. */
int nm_ifname_byte(unsigned char c);

/*
 * Closes r and computes a reader's result: rc < 0 is returned as is (with
 * info->line/column when col != 0, or for a line too long); else count, or
 * -ENOSPC when count > capacity. info->needed = count either way.
 */
int32_t nm_finish(struct nm_lines *r, int rc, uint32_t col, uint32_t count,
		  uint32_t capacity, struct netmon_read_info *info);

/* Column (1-based) of byte index i. */
static inline uint32_t nm_col(size_t i)
{
	return (uint32_t)(i + 1);
}

#endif /* NETMON_LINES_H */
