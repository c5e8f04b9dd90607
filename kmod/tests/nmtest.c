// SPDX-License-Identifier: GPL-2.0
/* nmtest.c - deterministic traffic and /proc helpers for the netmon.ko guest tests and benchmark. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "nmtest: %s: %s\n", what, strerror(errno));
	exit(2);
}

static long num(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0) {
		fprintf(stderr, "nmtest: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* A loopback address of the family with port 0, and its length. */
static socklen_t loopback(int family, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		return sizeof(*a);
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;

	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*a);
}

/* A bound receiver and a sender connected to it, both on the loopback. */
static void udp_pair(int family, int *rx, int *tx)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(family, &ss);
	struct timeval tv = { .tv_sec = 5 };

	*rx = socket(family, SOCK_DGRAM, 0);
	*tx = socket(family, SOCK_DGRAM, 0);
	if (*rx < 0 || *tx < 0)
		die("socket");
	if (bind(*rx, (struct sockaddr *)&ss, len) < 0)
		die("bind");
	if (getsockname(*rx, (struct sockaddr *)&ss, &len) < 0)
		die("getsockname");
	if (connect(*tx, (struct sockaddr *)&ss, len) < 0)
		die("connect");
	if (setsockopt(*rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		die("SO_RCVTIMEO");
}

/* One datagram out and back in: each passes POST_ROUTING and PRE_ROUTING once. */
static void udp_roundtrips(int rx, int tx, long n, long payload)
{
	static char buf[65536];
	long i;

	for (i = 0; i < n; i++) {
		if (send(tx, buf, payload, 0) != payload)
			die("send");
		if (recv(rx, buf, sizeof(buf), 0) != payload)
			die("recv");
	}
}

/*
 * udp 4|6|6hbh N PAYLOAD: N datagrams of PAYLOAD bytes to 127.0.0.1 or ::1, each received.
 * 6hbh: IPv6 with an 8-byte hop-by-hop extension header (one PadN option) on every datagram.
 */
static int cmd_udp(int argc, char **argv)
{
	static const unsigned char hbh[8] = { 0, 0, 1, 4, 0, 0, 0, 0 };
	int family, rx, tx;

	if (argc != 3)
		return -1;
	family = strcmp(argv[0], "4") == 0 ? AF_INET : AF_INET6;
	udp_pair(family, &rx, &tx);
	if (strcmp(argv[0], "6hbh") == 0 &&
	    setsockopt(tx, IPPROTO_IPV6, IPV6_HOPOPTS, hbh, sizeof(hbh)) < 0)
		die("IPV6_HOPOPTS");
	udp_roundtrips(rx, tx, num(argv[1]), num(argv[2]));
	return 0;
}

/*
 * v6trunc: one IPv6 header to ::1 announcing a hop-by-hop header that is not there (40
 * bytes, raw). Sent, but no extension-header walk can read it: the receiving side drops it.
 */
static int cmd_v6trunc(int argc, char **argv)
{
	struct sockaddr_in6 dst = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	unsigned char pkt[40] = { 0x60 };
	int s;

	(void)argv;
	if (argc != 0)
		return -1;
	pkt[6] = 0;		/* next header: hop-by-hop options */
	pkt[7] = 64;		/* hop limit */
	pkt[23] = 1;		/* source ::1 */
	pkt[39] = 1;		/* destination ::1 */
	s = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	if (s < 0)
		die("raw socket");
	if (sendto(s, pkt, sizeof(pkt), 0, (struct sockaddr *)&dst, sizeof(dst)) != sizeof(pkt))
		die("sendto");
	close(s);
	return 0;
}

/* bench N [PAYLOAD]: guest nanoseconds (instructions under -icount shift=0) per datagram. */
static int cmd_bench(int argc, char **argv)
{
	unsigned long long t0, t1;
	long n, payload = 64;
	int rx, tx;

	if (argc < 1 || argc > 2)
		return -1;
	n = num(argv[0]);
	if (argc == 2)
		payload = num(argv[1]);
	udp_pair(AF_INET, &rx, &tx);
	udp_roundtrips(rx, tx, n / 10 + 1, payload);	/* warm the caches and the socket */
	t0 = now_ns();
	udp_roundtrips(rx, tx, n, payload);
	t1 = now_ns();
	printf("%llu %ld %.1f\n", t1 - t0, n, (double)(t1 - t0) / n);
	return 0;
}

/* flood SECONDS: UDP round trips on 127.0.0.1 for that long. */
static int cmd_flood(int argc, char **argv)
{
	unsigned long long end;
	int rx, tx;

	if (argc != 1)
		return -1;
	end = now_ns() + num(argv[0]) * 1000000000ull;
	udp_pair(AF_INET, &rx, &tx);
	while (now_ns() < end)
		udp_roundtrips(rx, tx, 100, 100);
	return 0;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0)
			die("write");
		p += w;
		n -= w;
	}
}

/*
 * tcp BYTES: a client sends BYTES to a server over 127.0.0.1 and half-closes; the server
 * answers with the 8-byte count it read and closes; the client reads to EOF and closes.
 * Payload on the wire: BYTES + 8. No resets: every side reads to EOF before closing.
 */
static int cmd_tcp(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_storage ss;
	socklen_t len = loopback(AF_INET, &ss);
	unsigned long long got = 0, reply = 0;
	long total, left;
	int ls, s, status;
	pid_t pid;
	ssize_t r;

	if (argc != 1)
		return -1;
	total = num(argv[0]);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&ss, len) < 0 || listen(ls, 1) < 0 ||
	    getsockname(ls, (struct sockaddr *)&ss, &len) < 0)
		die("listen");

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		s = accept(ls, NULL, NULL);
		if (s < 0)
			die("accept");
		while ((r = read(s, buf, sizeof(buf))) > 0)
			got += r;
		if (r < 0)
			die("server read");
		write_all(s, (char *)&got, sizeof(got));
		close(s);
		_exit(0);
	}
	close(ls);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&ss, len) < 0)
		die("connect");
	for (left = total; left > 0; left -= left < (long)sizeof(buf) ? left : (long)sizeof(buf))
		write_all(s, buf, left < (long)sizeof(buf) ? left : (long)sizeof(buf));
	shutdown(s, SHUT_WR);
	left = sizeof(reply);
	while ((r = read(s, (char *)&reply + sizeof(reply) - left, left > 0 ? left : 1)) > 0)
		left -= r;
	if (r < 0)
		die("client read");
	close(s);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	if (reply != (unsigned long long)total) {
		fprintf(stderr, "nmtest: server read %llu of %ld bytes\n", reply, total);
		return 1;
	}
	return 0;
}

/* write PATH STRING: write STRING (as is) to PATH; print OK or the errno name. */
static int cmd_write(int argc, char **argv)
{
	int fd;

	if (argc != 2)
		return -1;
	fd = open(argv[0], O_WRONLY);
	if (fd < 0 || write(fd, argv[1], strlen(argv[1])) < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	close(fd);
	printf("OK\n");
	return 0;
}

/*
 * hold PATH SECONDS: keep PATH open and re-read it until a read fails (the file went away
 * under us) or the time is up; say which.
 */
static int cmd_hold(int argc, char **argv)
{
	static char buf[65536];
	unsigned long long end;
	long reads = 0;
	ssize_t r = 0;
	int fd;

	if (argc != 2)
		return -1;
	end = now_ns() + num(argv[1]) * 1000000000ull;
	fd = open(argv[0], O_RDONLY);
	if (fd < 0)
		die("open");
	while (now_ns() < end) {
		lseek(fd, 0, SEEK_SET);	/* fails with EINVAL once the file is gone: read says how */
		while ((r = read(fd, buf, sizeof(buf))) > 0)
			;
		if (r < 0)
			break;
		reads++;
		usleep(10000);
	}
	printf("hold: %ld full reads, then %s\n", reads, r < 0 ? strerrorname_np(errno) : "timeout");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "udp", cmd_udp }, { "v6trunc", cmd_v6trunc }, { "tcp", cmd_tcp }, { "bench", cmd_bench },
		{ "flood", cmd_flood }, { "write", cmd_write }, { "hold", cmd_hold },
	};
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name) == 0) {
			int rc = cmds[i].fn(argc - 2, argv + 2);

			if (rc >= 0)
				return rc;
			break;
		}
	}
	fprintf(stderr, "usage: nmtest udp 4|6|6hbh N PAYLOAD | v6trunc | tcp BYTES | bench N [PAYLOAD]\n"
			"              | flood SECONDS | write PATH STRING | hold PATH SECONDS\n");
	return 2;
}
