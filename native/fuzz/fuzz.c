// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for one libnetmon reader, chosen when it is built:
 * -DNM_FUZZ_TARGET='"dev"' (or "netmon-v1", "netmon-v2", "snmp", "snmp6").
 *
 * Each input is written to a memfd and read through its /proc/self/fd path (the API
 * takes paths), several times and with several capacities. Beyond "no crash, no
 * sanitizer report" every run checks what netmon.h promises:
 *   - the count returned is <= capacity; -ENOSPC says how many rows there are, and a
 *     second call with that capacity succeeds with the same rows;
 *   - the outcome (rc, needed, line, column, header) does not depend on the capacity,
 *     and the same call twice gives the same bytes (no hidden state);
 *   - rows past the count are never written (each buffer is malloc'ed to its exact
 *     size, so AddressSanitizer sees a write past the capacity);
 *   - on a parse error line and column point into the input (or at the line after
 *     its last one, column 1); on success and -ENOSPC they are 0;
 *   - strings are NUL-terminated and NUL-padded, names and values hold only what the
 *     grammar allows (tests/data/README.md), the kmod header matches its line.
 * A broken promise prints what broke and aborts, which libFuzzer records as a crash.
 */
#define _GNU_SOURCE
#include "netmon.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef NM_FUZZ_TARGET
#error "build with -DNM_FUZZ_TARGET='\"dev\"' (or netmon-v1, netmon-v2, snmp, snmp6)"
#endif

/* Bytes a buffer is filled with before a call, to tell written from untouched. */
#define FILL 0xA5

enum kind { DEV, KMOD, SNMP };

struct target {
	const char *name;
	enum kind kind;
	size_t row_size;
	/* 1 if this target reads the input (see reads_* below). */
	int (*reads)(const uint8_t *data, size_t size);
};

/* One call of the reader and everything it filled. */
struct result {
	int32_t rc;
	uint32_t capacity;
	struct netmon_read_info info;
	struct netmon_kmod_header header;
	unsigned char *rows; /* capacity rows, NULL when capacity is 0 */
};

static const uint8_t *input;
static size_t input_size;

__attribute__((noreturn, format(printf, 1, 2)))
static void broken(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\nnetmon fuzz (" NM_FUZZ_TARGET "): invariant broken: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define EXPECT(c, ...) do { if (!(c)) broken(__VA_ARGS__); } while (0)

/*
 * Which inputs each target reads. The kmod and snmp readers take more than one
 * format; each format gets its own target so that its corpus stays about it. The
 * pairs split all inputs between them (netmon-v2 reads those that start "netmon 2 ",
 * netmon-v1 all others; snmp those whose first line starts "Name:", snmp6 all
 * others), so every input is read by one of them. An input a target does not read
 * reaches no reader code, earns no coverage and so stays out of its corpus (the
 * libFuzzer of clang 14 has no "reject" return value).
 */
static int starts_with(const uint8_t *d, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(d, lit, k) == 0;
}

static int reads_all(const uint8_t *d, size_t n)
{
	(void)d;
	(void)n;
	return 1;
}

static int reads_netmon_v1(const uint8_t *d, size_t n)
{
	return !starts_with(d, n, "netmon 2 ");
}

static int reads_netmon_v2(const uint8_t *d, size_t n)
{
	return starts_with(d, n, "netmon 2 ");
}

/* The reader's own test (snmp.c): the first line starts with a name and a ':'. */
static int snmp_name_byte(uint8_t c)
{
	return c > ' ' && c < 0x7f && c != ':';
}

static int first_line_is_snmp(const uint8_t *d, size_t n)
{
	size_t i = 0;

	while (i < n && snmp_name_byte(d[i]))
		i++;
	return i > 0 && i < n && d[i] == ':';
}

static int reads_snmp(const uint8_t *d, size_t n)
{
	return first_line_is_snmp(d, n);
}

static int reads_snmp6(const uint8_t *d, size_t n)
{
	return !first_line_is_snmp(d, n);
}

static const struct target targets[] = {
	{ "dev", DEV, sizeof(struct netmon_dev), reads_all },
	{ "netmon-v1", KMOD, sizeof(struct netmon_proto_row), reads_netmon_v1 },
	{ "netmon-v2", KMOD, sizeof(struct netmon_proto_row), reads_netmon_v2 },
	{ "snmp", SNMP, sizeof(struct netmon_snmp_entry), reads_snmp },
	{ "snmp6", SNMP, sizeof(struct netmon_snmp_entry), reads_snmp6 },
};

static const struct target *target;
static char path[64];
static int fd = -1;

static void setup(void)
{
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (strcmp(targets[i].name, NM_FUZZ_TARGET) == 0)
			target = &targets[i];
	EXPECT(target, "unknown target %s", NM_FUZZ_TARGET);
	fd = memfd_create("netmon-fuzz", MFD_CLOEXEC);
	EXPECT(fd >= 0, "memfd_create: %s", strerror(errno));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
}

static void write_input(const uint8_t *data, size_t size)
{
	size_t done = 0;

	EXPECT(ftruncate(fd, 0) == 0, "ftruncate: %s", strerror(errno));
	while (done < size) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);

		EXPECT(n > 0, "pwrite: %s", strerror(errno));
		done += (size_t)n;
	}
}

/*
 * NM_FUZZ_SAMPLE_DIR=DIR (run.sh long sets it for dev): every NM_FUZZ_SAMPLE_EVERY-th
 * input read (1000) is also written there as sample-N, at most 20000 of them, so that
 * the Java oracle sees what the fuzzer generated and not only what it kept: an input
 * that takes a path some other input took first is never kept, but may still be one
 * the oracle reads another way.
 */
static void sample(const uint8_t *data, size_t size)
{
	static const char *dir;
	static unsigned long every, seen, saved;
	static int ready;
	char name[4096];
	FILE *f;

	if (!ready) {
		const char *e = getenv("NM_FUZZ_SAMPLE_EVERY");

		ready = 1;
		dir = getenv("NM_FUZZ_SAMPLE_DIR");
		if (dir && !*dir)
			dir = NULL;
		every = e ? strtoul(e, NULL, 10) : 0;
		if (every == 0)
			every = 1000;
	}
	if (!dir || seen++ % every != 0 || saved >= 20000)
		return;
	snprintf(name, sizeof(name), "%s/sample-%05lu", dir, saved++);
	f = fopen(name, "wb");
	EXPECT(f, "cannot write %s: %s", name, strerror(errno));
	EXPECT(fwrite(data, 1, size, f) == size && fclose(f) == 0, "cannot write %s", name);
}

static void call(uint32_t capacity, struct result *r)
{
	size_t bytes = (size_t)capacity * target->row_size;

	memset(r, 0, sizeof(*r));
	r->capacity = capacity;
	if (capacity) {
		r->rows = malloc(bytes);
		EXPECT(r->rows, "out of memory for %u rows", capacity);
		memset(r->rows, FILL, bytes);
	}
	memset(&r->info, FILL, sizeof(r->info));
	memset(&r->header, FILL, sizeof(r->header));
	switch (target->kind) {
	case DEV:
		r->rc = netmon_read_dev(path, (struct netmon_dev *)(void *)r->rows, capacity,
					&r->info);
		break;
	case KMOD:
		r->rc = netmon_read_kmod(path, &r->header,
					 (struct netmon_proto_row *)(void *)r->rows, capacity,
					 &r->info);
		break;
	case SNMP:
		r->rc = netmon_read_snmp(path, (struct netmon_snmp_entry *)(void *)r->rows,
					 capacity, &r->info);
		break;
	}
}

static void release(struct result *r)
{
	free(r->rows);
	r->rows = NULL;
}

static int parse_error(int32_t rc)
{
	return rc == -EBADMSG || rc == -ENAMETOOLONG || rc == -EOVERFLOW ||
	       (rc == -EPROTONOSUPPORT && target->kind == KMOD);
}

/* Lines in the input (a last line without '\n' counts) and the length of line n. */
static uint32_t input_lines(void)
{
	uint32_t n = 0;

	for (size_t i = 0; i < input_size; i++)
		n += input[i] == '\n';
	return n + (input_size > 0 && input[input_size - 1] != '\n');
}

static size_t line_length(uint32_t line)
{
	size_t i = 0, start;

	for (uint32_t l = 1; l < line; l++) {
		const uint8_t *nl = memchr(input + i, '\n', input_size - i);

		i = (size_t)(nl - input) + 1;
	}
	start = i;
	while (i < input_size && input[i] != '\n')
		i++;
	return i - start;
}

/* What every call must satisfy on its own. */
static void check_info(const struct result *r)
{
	const struct netmon_read_info *in = &r->info;

	EXPECT(in->reserved == 0, "info.reserved %u", in->reserved);
	EXPECT(in->needed <= input_size, "needed %u for %zu bytes", in->needed, input_size);
	if (r->rc >= 0) {
		EXPECT((uint32_t)r->rc <= r->capacity, "rc %d > capacity %u", r->rc, r->capacity);
		EXPECT(in->needed == (uint32_t)r->rc, "rc %d, needed %u", r->rc, in->needed);
		EXPECT(in->line == 0 && in->column == 0, "rc %d with line %u column %u", r->rc,
		       in->line, in->column);
	} else if (r->rc == -ENOSPC) {
		EXPECT(in->needed > r->capacity, "-ENOSPC: needed %u, capacity %u", in->needed,
		       r->capacity);
		EXPECT(in->line == 0 && in->column == 0, "-ENOSPC with line %u column %u",
		       in->line, in->column);
	} else {
		uint32_t lines = input_lines();

		EXPECT(parse_error(r->rc), "rc %d (%s) is no parse error", r->rc,
		       netmon_strerror(r->rc));
		EXPECT(in->line >= 1 && in->line <= lines + 1, "rc %d at line %u of %u", r->rc,
		       in->line, lines);
		if (in->line <= lines)
			EXPECT(in->column >= 1 && in->column <= line_length(in->line) + 1,
			       "rc %d at %u:%u, the line has %zu bytes", r->rc, in->line,
			       in->column, line_length(in->line));
		else
			EXPECT(in->column == 1, "rc %d at %u:%u past the last line", r->rc, in->line,
			       in->column);
	}
}

/* s[0..size) holds a NUL-terminated, NUL-padded string of 1..size-1 bytes, each ok(). */
static void check_string(const char *what, const char *s, size_t size, int (*ok)(uint8_t))
{
	size_t n = strnlen(s, size);

	EXPECT(n > 0 && n < size, "%s: length %zu of %zu", what, n, size);
	for (size_t i = 0; i < n; i++)
		EXPECT(ok((uint8_t)s[i]), "%s: byte 0x%02x at %zu", what, (uint8_t)s[i], i);
	for (size_t i = n; i < size; i++)
		EXPECT(s[i] == '\0', "%s: not NUL-padded at %zu", what, i);
}

/* dev_valid_name(): no NUL, no isspace() byte, no '/' or ':'. */
static int ifname_byte(uint8_t c)
{
	return c != '\0' && c != ' ' && (c < '\t' || c > '\r') && c != '/' && c != ':';
}

static int module_byte(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '.' || c == '+' || c == '~' || c == '-';
}

static void check_row(const unsigned char *p)
{
	switch (target->kind) {
	case DEV: {
		const struct netmon_dev *d = (const void *)p;

		check_string("dev name", d->name, sizeof(d->name), ifname_byte);
		break;
	}
	case KMOD: {
		const struct netmon_proto_row *k = (const void *)p;

		check_string("ifname", k->ifname, sizeof(k->ifname), ifname_byte);
		EXPECT(k->ifindex >= 0, "ifindex %d", k->ifindex);
		EXPECT(k->ifindex != 0 || strcmp(k->ifname, "all") == 0, "ifindex 0 named %s",
		       k->ifname);
		EXPECT(k->family == 4 || k->family == 6, "family %u", k->family);
		EXPECT(k->pad == 0, "pad %u", k->pad);
		EXPECT(k->proto >= NETMON_PROTO_OTHER && k->proto <= 255, "proto %d", k->proto);
		EXPECT(k->proto != NETMON_PROTO_OTHER || k->ifindex != 0, "other in scope 0");
		break;
	}
	case SNMP: {
		const struct netmon_snmp_entry *e = (const void *)p;

		check_string("group", e->group, sizeof(e->group), snmp_name_byte);
		check_string("name", e->name, sizeof(e->name), snmp_name_byte);
		if (!first_line_is_snmp(input, input_size)) {
			/* snmp6: the group is the name up to and including its first '6'. */
			const char *six = strchr(e->group, '6');

			EXPECT(six && six[1] == '\0', "snmp6 group %s", e->group);
		}
		break;
	}
	}
}

/* The kmod header: all zero when line 1 failed, else what line 1 says. */
static void check_header(const struct result *r)
{
	static const struct netmon_kmod_header zero;
	const struct netmon_kmod_header *h = &r->header;
	int line1_failed = parse_error(r->rc) && r->rc != -EPROTONOSUPPORT && r->info.line == 1;

	if (target->kind != KMOD)
		return;
	if (line1_failed) {
		EXPECT(memcmp(h, &zero, sizeof(*h)) == 0, "header filled by a failed line 1");
		return;
	}
	EXPECT(starts_with(input, input_size, "netmon "), "a header without its magic");
	check_string("module_version", h->module_version, sizeof(h->module_version),
		     module_byte);
	EXPECT(h->reserved == 0, "header.reserved %u", h->reserved);
	if (r->rc == -EPROTONOSUPPORT) {
		EXPECT(h->format_version < NETMON_PROC_FORMAT_MIN ||
		       h->format_version > NETMON_PROC_FORMAT, "format %u refused",
		       h->format_version);
		EXPECT(h->netns_inode == 0, "inode %llu in an unread format",
		       (unsigned long long)h->netns_inode);
		EXPECT(r->info.line == 1 && r->info.column == 8, "-EPROTONOSUPPORT at %u:%u",
		       r->info.line, r->info.column);
	} else {
		EXPECT(h->format_version == 1 || h->format_version == 2, "format %u accepted",
		       h->format_version);
		EXPECT((h->format_version == 1) == (h->netns_inode == 0),
		       "format %u with inode %llu", h->format_version,
		       (unsigned long long)h->netns_inode);
	}
}

/* Rows a call must have written: the count, or all it could hold of `needed`. */
static uint32_t rows_written(const struct result *r)
{
	if (r->rc >= 0)
		return (uint32_t)r->rc;
	return r->info.needed < r->capacity ? r->info.needed : r->capacity;
}

/*
 * a and b read the same input with capacities a->capacity <= b->capacity: the same
 * outcome, the same rows as far as a holds them. b's rows past its count are untouched
 * (on a parse error snmp may leave the failing line's entries there: documented).
 */
static void check_same(const struct result *a, const struct result *b)
{
	uint32_t n = rows_written(a);

	EXPECT(a->info.needed == b->info.needed && a->info.line == b->info.line &&
	       a->info.column == b->info.column,
	       "capacity %u: needed %u at %u:%u; capacity %u: needed %u at %u:%u", a->capacity,
	       a->info.needed, a->info.line, a->info.column, b->capacity, b->info.needed,
	       b->info.line, b->info.column);
	if (a->rc == -ENOSPC)
		EXPECT(b->rc == (b->capacity < a->info.needed ? -ENOSPC : (int32_t)a->info.needed),
		       "capacity %u: -ENOSPC, capacity %u: rc %d", a->capacity, b->capacity, b->rc);
	else
		EXPECT(a->rc == b->rc, "capacity %u: rc %d, capacity %u: rc %d", a->capacity,
		       a->rc, b->capacity, b->rc);
	EXPECT(memcmp(&a->header, &b->header, sizeof(a->header)) == 0,
	       "the header depends on the capacity");
	EXPECT(n == 0 || memcmp(a->rows, b->rows, n * target->row_size) == 0,
	       "rows differ between capacities %u and %u", a->capacity, b->capacity);
	if (b->rc >= 0 || target->kind != SNMP) {
		uint32_t m = rows_written(b);

		for (size_t i = m * target->row_size; i < b->capacity * target->row_size; i++)
			EXPECT(b->rows[i] == FILL, "byte %zu written past %u rows", i, m);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result query, full, again, part, more;
	uint32_t needed;

	if (!target)
		setup();
	if (!target->reads(data, size))
		return 0;
	input = data;
	input_size = size;
	write_input(data, size);
	sample(data, size);

	/* The size query: out = NULL, capacity = 0. */
	call(0, &query);
	check_info(&query);
	check_header(&query);
	needed = query.info.needed;

	/* Exactly the capacity the query asked for: success with every row, or the same error. */
	call(needed, &full);
	check_info(&full);
	check_header(&full);
	check_same(&query, &full);
	if (query.rc == -ENOSPC)
		EXPECT(full.rc == (int32_t)needed, "-ENOSPC said %u rows, the second call gave %d",
		       needed, full.rc);
	for (uint32_t i = 0; i < rows_written(&full); i++)
		check_row(full.rows + (size_t)i * target->row_size);

	/* The same call again: the same bytes. */
	call(needed, &again);
	EXPECT(again.rc == full.rc && memcmp(&again.info, &full.info, sizeof(full.info)) == 0 &&
	       memcmp(&again.header, &full.header, sizeof(full.header)) == 0 &&
	       (needed == 0 || memcmp(again.rows, full.rows, needed * target->row_size) == 0),
	       "the same call twice gave different results");

	/* One row short, and a few rows to spare. */
	if (needed > 0) {
		call(needed - 1, &part);
		check_info(&part);
		check_same(&part, &full);
		release(&part);
	}
	call(needed + 3, &more);
	check_info(&more);
	check_same(&full, &more);

	release(&query);
	release(&full);
	release(&again);
	release(&more);
	return 0;
}
