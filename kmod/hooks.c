// SPDX-License-Identifier: GPL-2.0
/* hooks.c - the packet path: four netfilter hooks that classify and count, and always accept. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>

#include "netmon.h"

/*
 * IPv6: the upper-layer protocol after the extension headers, walked by the kernel's own
 * ipv6_find_hdr() (what nftables uses for "meta l4proto"). Each step consumes at least 8
 * bytes that skb_header_pointer() must find in the packet, so the walk is bounded by the
 * packet's length. A non-first fragment counts under the protocol its fragment header names.
 */
static noinline unsigned int netmon_ipv6_exthdr_proto(const struct sk_buff *skb)
{
	unsigned int offset = 0;
	int proto = ipv6_find_hdr(skb, &offset, -1, NULL, NULL);

	return proto < 0 ? NETMON_PROTO_UNKNOWN : proto;
}

/*
 * GSO/GRO: one skb standing for gso_segs wire packets. Count the segments, and add the
 * headers each extra segment carries, as qdisc_pkt_len_init() does for the qdisc layer,
 * so the bytes are what the segments carry at L3. Out of line: not the common case.
 * Returns segments << 32 | bytes.
 */
static noinline u64 netmon_gso(const struct sk_buff *skb)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int segs = shinfo->gso_segs;
	unsigned int hdr_len;

	if (!skb_transport_header_was_set(skb))
		return (u64)(segs ? segs : 1) << 32 | skb->len;

	/* the L3 header(s); at these hooks skb->data is the network header */
	hdr_len = skb_transport_offset(skb);
	if (shinfo->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) {
		const struct tcphdr *th;
		struct tcphdr _th;

		th = skb_header_pointer(skb, skb_transport_offset(skb), sizeof(_th), &_th);
		if (likely(th))
			hdr_len += __tcp_hdrlen(th);
	} else {
		struct udphdr _uh;

		if (skb_header_pointer(skb, skb_transport_offset(skb), sizeof(_uh), &_uh))
			hdr_len += sizeof(struct udphdr);
	}

	/* untrusted sources (SKB_GSO_DODGY) or not yet computed: derive it, like the qdisc layer */
	if (unlikely(!segs || (shinfo->gso_type & SKB_GSO_DODGY))) {
		if (skb->len <= hdr_len || !shinfo->gso_size)
			return (u64)1 << 32 | skb->len;
		segs = DIV_ROUND_UP(skb->len - hdr_len, shinfo->gso_size);
	}
	return (u64)segs << 32 | (skb->len + (segs - 1) * hdr_len);
}

/* The namespace's state. Hooks run inside rcu_read_lock(): no need for net_generic()'s own. */
static __always_inline struct netmon_net *netmon_pernet(const struct net *net)
{
	return rcu_dereference(net->gen)->ptr[netmon_net_id];
}

/* Add one observation to the namespace-wide row and, if the interface has a table, its slot. */
static __always_inline void netmon_add(struct netmon_net *nn, struct netmon_if *nif,
				       const enum netmon_family fam, unsigned int proto,
				       const enum netmon_dir dir, unsigned int segs,
				       unsigned int bytes)
{
	struct netmon_ns_pcpu *ns;
	unsigned long flags;

	/* TX runs in process context too: stay on this CPU while touching its counters */
	preempt_disable();
	ns = this_cpu_ptr(nn->stats);
	flags = u64_stats_update_begin_irqsave(&ns->syncp);
	u64_stats_add(&ns->c[fam][proto][dir].packets, segs);
	u64_stats_add(&ns->c[fam][proto][dir].bytes, bytes);
	u64_stats_update_end_irqrestore(&ns->syncp, flags);

	if (likely(nif)) {
		struct netmon_if_pcpu *is = this_cpu_ptr(nif->stats);
		unsigned int slot = netmon_proto_slot[proto];

		flags = u64_stats_update_begin_irqsave(&is->syncp);
		u64_stats_add(&is->c[fam][slot][dir].packets, segs);
		u64_stats_add(&is->c[fam][slot][dir].bytes, bytes);
		u64_stats_update_end_irqrestore(&is->syncp, flags);
	}
	preempt_enable();
}

/*
 * Everything the fast path leaves out: IPv6 extension headers, GSO, a device without a
 * table or whose cache slot another interface holds (then the xarray finds it), no device.
 */
static noinline unsigned int netmon_count_slow(struct sk_buff *skb,
					       const struct nf_hook_state *state,
					       const enum netmon_family fam,
					       const enum netmon_dir dir)
{
	struct netmon_net *nn = netmon_pernet(state->net);
	const struct net_device *dev = dir == NETMON_RX ? state->in : state->out;
	unsigned int bytes = skb->len, segs = 1, proto;

	if (fam == NETMON_IPV4) {
		proto = ip_hdr(skb)->protocol;
	} else {
		proto = ipv6_hdr(skb)->nexthdr;
		if (ipv6_ext_hdr(proto))
			proto = netmon_ipv6_exthdr_proto(skb);
	}
	if (skb_is_gso(skb)) {
		u64 sb = netmon_gso(skb);

		segs = sb >> 32;
		bytes = (u32)sb;
	}
	netmon_add(nn, dev ? netmon_if_lookup_slow(nn, dev->ifindex) : NULL,
		   fam, proto, dir, segs, bytes);
	return NF_ACCEPT;
}

/*
 * The fast path: a plain IPv4 or IPv6 packet (no extension header), not GSO, on a device
 * whose table sits in its cache slot. No calls, no locks (hooks run inside rcu_read_lock()).
 */
static __always_inline unsigned int netmon_count(struct sk_buff *skb,
						 const struct nf_hook_state *state,
						 const enum netmon_family fam,
						 const enum netmon_dir dir)
{
	struct netmon_net *nn = netmon_pernet(state->net);
	const struct net_device *dev = dir == NETMON_RX ? state->in : state->out;
	const struct netmon_ifcache *c;
	struct netmon_if *nif;
	unsigned int proto;

	/* The IP header was validated (RX) or built by the stack (TX) before these hooks. */
	if (fam == NETMON_IPV4) {
		proto = ip_hdr(skb)->protocol;
	} else {
		proto = ipv6_hdr(skb)->nexthdr;
		if (unlikely(ipv6_ext_hdr(proto)))
			goto slow;
	}
	if (unlikely(skb_is_gso(skb) || !dev))
		goto slow;

	/* the table stays valid until a grace period after NETDEV_UNREGISTER */
	c = rcu_dereference(nn->cache);
	nif = rcu_dereference(c->slot[dev->ifindex & c->mask]);
	if (unlikely(!nif || nif->ifindex != dev->ifindex))
		goto slow;

	netmon_add(nn, nif, fam, proto, dir, 1, skb->len);
	return NF_ACCEPT;
slow:
	return netmon_count_slow(skb, state, fam, dir);
}

static unsigned int netmon_ipv4_in(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	return netmon_count(skb, state, NETMON_IPV4, NETMON_RX);
}

static unsigned int netmon_ipv4_out(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	return netmon_count(skb, state, NETMON_IPV4, NETMON_TX);
}

static unsigned int netmon_ipv6_in(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	return netmon_count(skb, state, NETMON_IPV6, NETMON_RX);
}

static unsigned int netmon_ipv6_out(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	return netmon_count(skb, state, NETMON_IPV6, NETMON_TX);
}

/*
 * Received: first in PRE_ROUTING, before defragmentation and NAT, as close to the wire as
 * netfilter gets. Sent: last in POST_ROUTING, after NAT, just before the device.
 */
static const struct nf_hook_ops netmon_hook_ops[] = {
	{
		.hook		= netmon_ipv4_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_FIRST,
	},
	{
		.hook		= netmon_ipv4_out,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP_PRI_LAST,
	},
	{
		.hook		= netmon_ipv6_in,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_FIRST,
	},
	{
		.hook		= netmon_ipv6_out,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP6_PRI_LAST,
	},
};

int netmon_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, netmon_hook_ops, ARRAY_SIZE(netmon_hook_ops));
}

void netmon_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, netmon_hook_ops, ARRAY_SIZE(netmon_hook_ops));
}
