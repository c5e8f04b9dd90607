// SPDX-License-Identifier: GPL-2.0
/*
 * hooks.c - the packet path: a netdev ingress and a netdev egress hook on every interface,
 * which classify and count each IPv4 and IPv6 frame as it crosses the device, and accept it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_netdev.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>

#include "netmon.h"

/*
 * IPv6: the upper-layer protocol after the extension headers, walked by the kernel's own
 * ipv6_find_hdr() (what nftables uses for "meta l4proto"). It reads the fixed header in place,
 * so only call it when that is in the linear part; every further step goes through
 * skb_header_pointer() and consumes at least 8 bytes, so the walk is bounded by the packet.
 * A non-first fragment counts under the protocol its fragment header names.
 */
static noinline unsigned int netmon_ipv6_exthdr_proto(const struct sk_buff *skb, int noff)
{
	unsigned int offset = 0;
	int proto;

	if (skb_headlen(skb) < noff + sizeof(struct ipv6hdr))
		return NETMON_PROTO_UNKNOWN;
	proto = ipv6_find_hdr(skb, &offset, -1, NULL, NULL);
	return proto < 0 ? NETMON_PROTO_UNKNOWN : proto;
}

/*
 * The protocol of a frame whose IP header is not (wholly) in the linear part, or which has
 * extension headers: read through skb_header_pointer(); "unknown" when the fixed header is not
 * all there or is not one of its family. At ingress nothing has validated the header yet.
 */
static noinline unsigned int netmon_proto_slow(const struct sk_buff *skb, enum netmon_family fam, int noff)
{
	union {
		struct iphdr v4;
		struct ipv6hdr v6;
	} buf;
	const struct ipv6hdr *ip6;

	if (fam == NETMON_IPV4) {
		const struct iphdr *iph = skb_header_pointer(skb, noff, sizeof(buf.v4), &buf);

		return iph && iph->version == 4 ? iph->protocol : NETMON_PROTO_UNKNOWN;
	}
	ip6 = skb_header_pointer(skb, noff, sizeof(buf.v6), &buf);
	if (!ip6 || ip6->version != 6)
		return NETMON_PROTO_UNKNOWN;
	if (!ipv6_ext_hdr(ip6->nexthdr))
		return ip6->nexthdr;
	return netmon_ipv6_exthdr_proto(skb, noff);
}

/*
 * GSO (egress) and GRO (ingress): one skb standing for gso_segs frames on the wire. Count the
 * segments, and add the headers each extra segment carries, as qdisc_pkt_len_init() does for
 * the qdisc layer: every segment repeats the headers up to and including the innermost L4
 * header (the inner ones too when the skb is encapsulated: GRE, UDP tunnels, IP-in-IP), less
 * the link header, which is not counted. Returns segments << 32 | bytes.
 */
static noinline u64 netmon_gso(const struct sk_buff *skb, int noff)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int segs = shinfo->gso_segs;
	unsigned int len = skb->len - noff;
	int hdr;

	if (skb->encapsulation)
		hdr = skb_inner_transport_offset(skb);
	else if (skb_transport_header_was_set(skb))
		hdr = skb_transport_offset(skb);
	else
		return (u64)(segs ? segs : 1) << 32 | len;
	if (hdr <= noff || hdr >= skb->len)
		return (u64)(segs ? segs : 1) << 32 | len;

	if (shinfo->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) {
		const struct tcphdr *th;
		struct tcphdr _th;

		th = skb_header_pointer(skb, hdr, sizeof(_th), &_th);
		if (likely(th))
			hdr += __tcp_hdrlen(th);
	} else if (shinfo->gso_type & SKB_GSO_UDP_L4) {
		hdr += sizeof(struct udphdr);
	}
	hdr -= noff;

	/* untrusted sources (SKB_GSO_DODGY) or not yet computed: derive it, like the qdisc layer */
	if (unlikely(!segs || (shinfo->gso_type & SKB_GSO_DODGY))) {
		if (len <= hdr || !shinfo->gso_size)
			return (u64)1 << 32 | len;
		segs = DIV_ROUND_UP(len - hdr, shinfo->gso_size);
	}
	return (u64)segs << 32 | (len + (segs - 1) * hdr);
}

/* Add one frame (or a GSO skb's segments) to its interface's slot and to the namespace's row. */
static __always_inline void netmon_add(struct netmon_if *nif, const enum netmon_family fam,
				       unsigned int proto, const enum netmon_dir dir,
				       unsigned int segs, unsigned int bytes)
{
	struct netmon_ns_pcpu *ns;
	struct netmon_if_pcpu *is;
	unsigned int slot = netmon_proto_slot[proto];

	/* both hooks run with BH off; stay on this CPU regardless, it costs next to nothing */
	preempt_disable();
	ns = this_cpu_ptr(nif->nn->stats);
	u64_stats_update_begin(&ns->syncp);
	u64_stats_add(&ns->c[fam][proto][dir].packets, segs);
	u64_stats_add(&ns->c[fam][proto][dir].bytes, bytes);
	u64_stats_update_end(&ns->syncp);

	is = this_cpu_ptr(nif->stats);
	u64_stats_update_begin(&is->syncp);
	u64_stats_add(&is->c[fam][slot][dir].packets, segs);
	u64_stats_add(&is->c[fam][slot][dir].bytes, bytes);
	u64_stats_update_end(&is->syncp);
	preempt_enable();
}

/* Everything the fast path leaves out: headers outside the linear part, IPv6 extension
 * headers, GSO/GRO skbs, a network header where none can be. */
static noinline unsigned int netmon_count_slow(struct netmon_if *nif, struct sk_buff *skb,
					       const enum netmon_family fam,
					       const enum netmon_dir dir)
{
	int noff = skb_network_offset(skb);
	unsigned int segs = 1, bytes, proto;

	if (unlikely(noff < 0 || noff > skb->len)) {
		/* no network header to speak of: count the frame, its protocol unknown */
		netmon_add(nif, fam, NETMON_PROTO_UNKNOWN, dir, 1, skb->len);
		return NF_ACCEPT;
	}
	proto = netmon_proto_slow(skb, fam, noff);
	bytes = skb->len - noff;
	if (skb_is_gso(skb)) {
		u64 sb = netmon_gso(skb, noff);

		segs = sb >> 32;
		bytes = (u32)sb;
	}
	netmon_add(nif, fam, proto, dir, segs, bytes);
	return NF_ACCEPT;
}

/*
 * The fast path: an IPv4 frame, or an IPv6 one without extension headers, not GSO, its IP
 * header in the linear part. Bytes are the frame less its link header: skb->len from the
 * network header on (at ingress the link header is already pulled, at egress it is pushed).
 * No calls, no locks, no lookups: the hook's priv is the interface's table.
 */
static __always_inline unsigned int netmon_count(void *priv, struct sk_buff *skb,
						 const enum netmon_dir dir)
{
	struct netmon_if *nif = priv;
	enum netmon_family fam;
	unsigned int proto;
	int noff;

	if (skb->protocol == htons(ETH_P_IP))
		fam = NETMON_IPV4;
	else if (skb->protocol == htons(ETH_P_IPV6))
		fam = NETMON_IPV6;
	else
		return NF_ACCEPT;	/* ARP, LLDP, ...: not IP, only in /proc/net/dev */

	/* a multicast or broadcast copy the host looped back to itself never crossed the wire */
	if (dir == NETMON_RX && unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return NF_ACCEPT;

	noff = skb_network_offset(skb);
	if (unlikely(skb_is_gso(skb) || noff < 0 ||
		     skb_headlen(skb) < noff + sizeof(struct ipv6hdr)))
		goto slow;
	if (fam == NETMON_IPV4) {
		const struct iphdr *iph = (const struct iphdr *)skb_network_header(skb);

		if (unlikely(iph->version != 4))
			goto slow;
		proto = iph->protocol;
	} else {
		const struct ipv6hdr *ip6 = (const struct ipv6hdr *)skb_network_header(skb);

		if (unlikely(ip6->version != 6 || ipv6_ext_hdr(ip6->nexthdr)))
			goto slow;
		proto = ip6->nexthdr;
	}
	netmon_add(nif, fam, proto, dir, 1, skb->len - noff);
	return NF_ACCEPT;
slow:
	return netmon_count_slow(nif, skb, fam, dir);
}

/* Received: first of every ingress hook, before anything can drop the frame. */
static unsigned int netmon_ingress(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	return netmon_count(priv, skb, NETMON_RX);
}

/* Sent: last of every egress hook, after IP fragmentation and neighbour resolution. */
static unsigned int netmon_egress(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	return netmon_count(priv, skb, NETMON_TX);
}

/* The two hooks of one interface; registered and unregistered by stats.c. */
void netmon_hooks_init(struct netmon_if *nif, struct net_device *dev)
{
	nif->ops[NETMON_RX] = (struct nf_hook_ops) {
		.hook		= netmon_ingress,
		.dev		= dev,
		.priv		= nif,
		.pf		= NFPROTO_NETDEV,
		.hooknum	= NF_NETDEV_INGRESS,
		.priority	= INT_MIN,
	};
	nif->ops[NETMON_TX] = (struct nf_hook_ops) {
		.hook		= netmon_egress,
		.dev		= dev,
		.priv		= nif,
		.pf		= NFPROTO_NETDEV,
		.hooknum	= NF_NETDEV_EGRESS,
		.priority	= INT_MAX,
	};
}
