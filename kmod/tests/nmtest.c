// SPDX-License-Identifier: GPL-2.0
/* nmtest.c - deterministic traffic and /proc helpers for the netmon.ko guest tests and benchmark. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

/* flood SECONDS [4|6]: UDP round trips on 127.0.0.1 (or ::1) for that long. */
static int cmd_flood(int argc, char **argv)
{
	unsigned long long end;
	int rx, tx;

	if (argc != 1 && argc != 2)
		return -1;
	end = now_ns() + num(argv[0]) * 1000000000ull;
	udp_pair(argc == 2 && strcmp(argv[1], "6") == 0 ? AF_INET6 : AF_INET, &rx, &tx);
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

/* ADDR PORT [IFNAME] as a socket address: IPv4 or IPv6 (with IFNAME as the scope of a link-local). */
static socklen_t address(const char *addr, const char *port, const char *ifname, struct sockaddr_storage *ss)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(num(port));
		return sizeof(*a4);
	}
	if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(num(port));
		a6->sin6_scope_id = ifname ? if_nametoindex(ifname) : 0;
		return sizeof(*a6);
	}
	fprintf(stderr, "nmtest: bad address '%s'\n", addr);
	exit(2);
}

static void setopt(int s, int level, int name, int value, const char *what)
{
	if (setsockopt(s, level, name, &value, sizeof(value)) < 0)
		die(what);
}

/*
 * Segments this socket sent more than once. The byte checks are exact only for a transfer
 * without retransmissions (a starved TCG guest can fire a spurious RTO even on lo): the
 * tests repeat a transfer that reports some (exit status 3, NMTEST_RETRANS).
 */
#define NMTEST_RETRANS 3
static unsigned int retransmitted(int s)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		die("TCP_INFO");
	if (ti.tcpi_total_retrans)
		fprintf(stderr, "nmtest: %u segments retransmitted\n", ti.tcpi_total_retrans);
	return ti.tcpi_total_retrans;
}

/*
 * The server side of a transfer: read to EOF, answer with the 8-byte count read, half-close,
 * wait for the client's close (which acknowledges ours), then look for retransmissions.
 */
static int tcp_serve_one(int ls)
{
	static char buf[65536];
	unsigned long long got = 0;
	unsigned int again;
	ssize_t r;
	int s = accept(ls, NULL, NULL);

	if (s < 0)
		die("accept");
	while ((r = read(s, buf, sizeof(buf))) > 0)
		got += r;
	if (r < 0)
		die("server read");
	write_all(s, (char *)&got, sizeof(got));
	shutdown(s, SHUT_WR);
	while ((r = read(s, buf, sizeof(buf))) > 0)
		;
	if (r < 0)
		die("server read after reply");
	again = retransmitted(s);
	close(s);
	return again ? NMTEST_RETRANS : 0;
}

/*
 * The client side: send total bytes, half-close, read the server's count to EOF; 0 if it
 * matches and nothing was retransmitted, NMTEST_RETRANS if it matches but was.
 */
static int tcp_send(const struct sockaddr_storage *ss, socklen_t len, long total)
{
	static char buf[65536];
	unsigned long long reply = 0;
	unsigned int again;
	long left;
	ssize_t r;
	int s;

	s = socket(ss->ss_family, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (const struct sockaddr *)ss, len) < 0)
		die("connect");
	for (left = total; left > 0; left -= left < (long)sizeof(buf) ? left : (long)sizeof(buf))
		write_all(s, buf, left < (long)sizeof(buf) ? left : (long)sizeof(buf));
	shutdown(s, SHUT_WR);
	left = sizeof(reply);
	while ((r = read(s, (char *)&reply + sizeof(reply) - left, left > 0 ? left : 1)) > 0)
		left -= r;
	if (r < 0)
		die("client read");
	again = retransmitted(s);
	close(s);
	if (reply != (unsigned long long)total) {
		fprintf(stderr, "nmtest: server read %llu of %ld bytes\n", reply, total);
		return 1;
	}
	return again ? NMTEST_RETRANS : 0;
}

static int tcp_listen(struct sockaddr_storage *ss, socklen_t *len)
{
	int ls = socket(ss->ss_family, SOCK_STREAM, 0);

	if (ls < 0)
		die("socket");
	setopt(ls, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
	if (bind(ls, (struct sockaddr *)ss, *len) < 0 || listen(ls, 1) < 0 ||
	    getsockname(ls, (struct sockaddr *)ss, len) < 0)
		die("listen");
	return ls;
}

/*
 * tcp BYTES: a client sends BYTES to a server over 127.0.0.1 and half-closes; the server
 * answers with the 8-byte count it read and closes; the client reads to EOF and closes.
 * Payload on the wire: BYTES + 8. No resets: every side reads to EOF before closing.
 * Exit status NMTEST_RETRANS: transferred, but some segment went twice.
 */
static int cmd_tcp(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(AF_INET, &ss);
	int ls, status, sent;
	pid_t pid;

	if (argc != 1)
		return -1;
	ls = tcp_listen(&ss, &len);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		_exit(tcp_serve_one(ls));
	close(ls);
	sent = tcp_send(&ss, len, num(argv[0]));
	if (sent == 1)
		return 1;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return 1;
	if (WEXITSTATUS(status) && WEXITSTATUS(status) != NMTEST_RETRANS)
		return 1;
	return sent || WEXITSTATUS(status) ? NMTEST_RETRANS : 0;
}

/* tcpserve ADDR PORT: one transfer as in "tcp", the server side, in this namespace. */
static int cmd_tcpserve(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int ls, status;

	if (argc != 2)
		return -1;
	len = address(argv[0], argv[1], NULL, &ss);
	ls = tcp_listen(&ss, &len);
	printf("ready\n");
	status = tcp_serve_one(ls);
	close(ls);
	return status;
}

/* tcpsend ADDR PORT BYTES: the client side of "tcp", to a tcpserve elsewhere. */
static int cmd_tcpsend(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (argc != 3)
		return -1;
	len = address(argv[0], argv[1], NULL, &ss);
	return tcp_send(&ss, len, num(argv[2]));
}

/*
 * udpto ADDR PORT N PAYLOAD [IFNAME]: N datagrams of PAYLOAD bytes to ADDR, never received here.
 * Broadcast allowed, fragmentation allowed (no DF), multicast out of IFNAME and looped back to
 * this host as a member would get it; with IFNAME the socket is bound to that device.
 */
static int cmd_udpto(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_storage ss;
	const char *ifname = argc == 5 ? argv[4] : NULL;
	socklen_t len;
	long i, n, payload;
	int s;

	if (argc != 4 && argc != 5)
		return -1;
	len = address(argv[0], argv[1], ifname, &ss);
	n = num(argv[2]);
	payload = num(argv[3]);
	s = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (s < 0)
		die("socket");
	setopt(s, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST");
	if (ifname && setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname)) < 0)
		die("SO_BINDTODEVICE");
	if (ss.ss_family == AF_INET) {
		struct ip_mreqn mreq = { .imr_ifindex = ifname ? (int)if_nametoindex(ifname) : 0 };

		setopt(s, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT, "IP_MTU_DISCOVER");
		setopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, 1, "IP_MULTICAST_LOOP");
		if (ifname && setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq)) < 0)
			die("IP_MULTICAST_IF");
	} else {
		setopt(s, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DONT, "IPV6_MTU_DISCOVER");
		setopt(s, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 1, "IPV6_MULTICAST_LOOP");
		if (ifname)
			setopt(s, IPPROTO_IPV6, IPV6_MULTICAST_IF, if_nametoindex(ifname), "IPV6_MULTICAST_IF");
	}
	for (i = 0; i < n; i++)
		if (sendto(s, buf, payload, 0, (struct sockaddr *)&ss, len) != payload)
			die("sendto");
	close(s);
	return 0;
}

/*
 * sink ADDR PORT N SECONDS [IFNAME]: receive datagrams on ADDR:PORT (a multicast ADDR is joined
 * on IFNAME) until N arrived or SECONDS passed; print how many arrived. Exit 1 if fewer than N.
 */
static int cmd_sink(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_storage ss;
	const char *ifname = argc == 5 ? argv[4] : NULL;
	unsigned long long end;
	struct timeval tv = { .tv_usec = 100000 };
	long got = 0, n;
	socklen_t len;
	int s;

	if (argc != 4 && argc != 5)
		return -1;
	len = address(argv[0], argv[1], ifname, &ss);
	n = num(argv[2]);
	end = now_ns() + num(argv[3]) * 1000000000ull;
	s = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (s < 0)
		die("socket");
	setopt(s, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
	if (bind(s, (struct sockaddr *)&ss, len) < 0)
		die("bind");
	if (ss.ss_family == AF_INET && IN_MULTICAST(ntohl(((struct sockaddr_in *)&ss)->sin_addr.s_addr))) {
		struct ip_mreqn mreq = { .imr_multiaddr = ((struct sockaddr_in *)&ss)->sin_addr,
					 .imr_ifindex = ifname ? (int)if_nametoindex(ifname) : 0 };

		if (setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0)
			die("IP_ADD_MEMBERSHIP");
	} else if (ss.ss_family == AF_INET6 && IN6_IS_ADDR_MULTICAST(&((struct sockaddr_in6 *)&ss)->sin6_addr)) {
		struct ipv6_mreq mreq = { .ipv6mr_multiaddr = ((struct sockaddr_in6 *)&ss)->sin6_addr,
					  .ipv6mr_interface = ifname ? if_nametoindex(ifname) : 0 };

		if (setsockopt(s, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0)
			die("IPV6_ADD_MEMBERSHIP");
	}
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		die("SO_RCVTIMEO");
	printf("ready\n");
	while (got < n && now_ns() < end)
		if (recv(s, buf, sizeof(buf), 0) >= 0)
			got++;
	printf("received %ld\n", got);
	close(s);
	return got < n;
}

static uint16_t ip_checksum(const void *data, size_t len)
{
	const uint16_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const uint8_t *)p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/*
 * rawudp IFNAME DSTMAC SRC DST N PAYLOAD: N Ethernet frames carrying IPv4/UDP datagrams of
 * PAYLOAD bytes from SRC to DST (port 9), built here and sent through an AF_PACKET socket: the
 * IP stack never sees them on the way out.
 */
static int cmd_rawudp(int argc, char **argv)
{
	static unsigned char frame[ETH_FRAME_LEN];
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_halen = ETH_ALEN };
	struct ether_header *eth = (struct ether_header *)frame;
	struct iphdr *ip = (struct iphdr *)(frame + sizeof(*eth));
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	struct ifreq ifr = { 0 };
	long i, n, payload;
	size_t len;
	int s;

	if (argc != 6)
		return -1;
	n = num(argv[4]);
	payload = num(argv[5]);
	len = sizeof(*eth) + sizeof(*ip) + sizeof(*udp) + payload;
	if (len > sizeof(frame)) {
		fprintf(stderr, "nmtest: payload %ld too large for one frame\n", payload);
		return 2;
	}
	s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
	if (s < 0)
		die("packet socket");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[0]);
	if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0)
		die("SIOCGIFHWADDR");
	ll.sll_ifindex = if_nametoindex(argv[0]);
	if (sscanf(argv[1], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &ll.sll_addr[0], &ll.sll_addr[1], &ll.sll_addr[2],
		   &ll.sll_addr[3], &ll.sll_addr[4], &ll.sll_addr[5]) != 6) {
		fprintf(stderr, "nmtest: bad MAC address '%s'\n", argv[1]);
		return 2;
	}
	memcpy(eth->ether_dhost, ll.sll_addr, ETH_ALEN);
	memcpy(eth->ether_shost, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	eth->ether_type = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(len - sizeof(*eth));
	if (inet_pton(AF_INET, argv[2], &ip->saddr) != 1 || inet_pton(AF_INET, argv[3], &ip->daddr) != 1) {
		fprintf(stderr, "nmtest: bad IPv4 address\n");
		return 2;
	}
	ip->check = ip_checksum(ip, sizeof(*ip));
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(sizeof(*udp) + payload);
	for (i = 0; i < n; i++)
		if (sendto(s, frame, len, 0, (struct sockaddr *)&ll, sizeof(ll)) != (ssize_t)len)
			die("sendto");
	close(s);
	return 0;
}

/* udpgso ADDR PORT SEGS SIZE: one send of SEGS x SIZE bytes cut into SIZE-byte datagrams by UDP GSO. */
static int cmd_udpgso(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_storage ss;
	long segs, size;
	socklen_t len;
	int s;

	if (argc != 4)
		return -1;
	len = address(argv[0], argv[1], NULL, &ss);
	segs = num(argv[2]);
	size = num(argv[3]);
	if (segs * size > (long)sizeof(buf) - 1024) {
		fprintf(stderr, "nmtest: %ld x %ld bytes is more than one GSO send\n", segs, size);
		return 2;
	}
	s = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&ss, len) < 0)
		die("udpgso connect");
	setopt(s, SOL_UDP, 103 /* UDP_SEGMENT */, size, "UDP_SEGMENT");
	if (send(s, buf, segs * size, 0) != segs * size)
		die("udpgso send");
	close(s);
	return 0;
}

/* echo ADDR PORT SECONDS: answer every datagram on ADDR:PORT with one byte, for SECONDS. */
static int cmd_echo(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_storage ss, peer;
	struct timeval tv = { .tv_usec = 100000 };
	unsigned long long end;
	socklen_t len, plen;
	int s;

	if (argc != 3)
		return -1;
	len = address(argv[0], argv[1], NULL, &ss);
	end = now_ns() + num(argv[2]) * 1000000000ull;
	s = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&ss, len) < 0)
		die("echo bind");
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		die("SO_RCVTIMEO");
	printf("ready\n");
	while (now_ns() < end) {
		plen = sizeof(peer);
		if (recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &plen) >= 0 &&
		    sendto(s, buf, 1, 0, (struct sockaddr *)&peer, plen) != 1)
			die("echo sendto");
	}
	close(s);
	return 0;
}

/* benchto ADDR PORT N PAYLOAD: like bench, but round trips to an echo server elsewhere. */
static int cmd_benchto(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_storage ss;
	struct timeval tv = { .tv_sec = 5 };
	unsigned long long t0, t1;
	long i, n, payload;
	socklen_t len;
	int s;

	if (argc != 4)
		return -1;
	len = address(argv[0], argv[1], NULL, &ss);
	n = num(argv[2]);
	payload = num(argv[3]);
	s = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&ss, len) < 0)
		die("benchto connect");
	if (ss.ss_family == AF_INET)
		setopt(s, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT, "IP_MTU_DISCOVER");
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		die("SO_RCVTIMEO");
	for (i = 0; i < n / 10 + 1; i++)	/* warm the caches, the neighbour and the socket */
		if (send(s, buf, payload, 0) != payload || recv(s, buf, sizeof(buf), 0) != 1)
			die("benchto warm-up");
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (send(s, buf, payload, 0) != payload || recv(s, buf, sizeof(buf), 0) != 1)
			die("benchto");
	t1 = now_ns();
	printf("%llu %ld %.1f\n", t1 - t0, n, (double)(t1 - t0) / n);
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

/*
 * reread PATH SECONDS: open PATH, read it to the end, close, again, for SECONDS; while PATH is
 * absent (the module unloaded) retry every millisecond. Prints how many full reads it made.
 */
static int cmd_reread(int argc, char **argv)
{
	static char buf[65536];
	unsigned long long end;
	long reads = 0, absent = 0;
	ssize_t r;
	int fd;

	if (argc != 2)
		return -1;
	end = now_ns() + num(argv[1]) * 1000000000ull;
	while (now_ns() < end) {
		fd = open(argv[0], O_RDONLY);
		if (fd < 0) {
			absent++;
			usleep(1000);
			continue;
		}
		while ((r = read(fd, buf, sizeof(buf))) > 0)
			;
		close(fd);
		if (r == 0)
			reads++;
	}
	printf("reread: %ld full reads, %ld times absent\n", reads, absent);
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
		{ "udpto", cmd_udpto }, { "sink", cmd_sink }, { "rawudp", cmd_rawudp },
		{ "echo", cmd_echo }, { "benchto", cmd_benchto },
		{ "tcpserve", cmd_tcpserve }, { "tcpsend", cmd_tcpsend }, { "udpgso", cmd_udpgso },
		{ "reread", cmd_reread },
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
			"              | flood SECONDS [4|6] | write PATH STRING | hold PATH SECONDS\n"
			"              | udpto ADDR PORT N PAYLOAD [IFNAME] | sink ADDR PORT N SECONDS [IFNAME]\n"
			"              | rawudp IFNAME DSTMAC SRC DST N PAYLOAD | echo ADDR PORT SECONDS\n"
			"              | benchto ADDR PORT N PAYLOAD | tcpserve ADDR PORT | tcpsend ADDR PORT BYTES\n"
			"              | udpgso ADDR PORT SEGS SIZE | reread PATH SECONDS\n");
	return 2;
}
