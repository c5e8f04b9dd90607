/* SPDX-License-Identifier: GPL-2.0 */
/* netmon.h - state shared by the parts of netmon.ko: per-netns data and per-CPU counter tables. */
#ifndef _NETMON_H
#define _NETMON_H

#include <linux/in.h>
#include <linux/netfilter.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>

struct net;
struct net_device;

#ifndef NETMON_VERSION
#error "NETMON_VERSION is set by kmod/Kbuild from the project's version"
#endif
#define NETMON_FORMAT		2	/* docs/PROC_FORMAT.md */

enum netmon_family { NETMON_IPV4, NETMON_IPV6, NETMON_NFAMILIES };
enum netmon_dir { NETMON_RX, NETMON_TX, NETMON_NDIRS };

/* Namespace-wide rows: the 256 protocol numbers, then "unknown". */
#define NETMON_PROTO_UNKNOWN	256
#define NETMON_NPROTOS		257

/*
 * Per-interface rows: a compact slot table. The protocols with a slot of their own, in
 * ascending protocol order (the order /proc prints them): X(slot, protocol number). Slot 0 is
 * "other" (every protocol not listed), the last slot "unknown" (a header that cannot be read).
 * The proto->slot map, the slot->proto map and the print order all come from this one list.
 */
#define NETMON_SLOT_PROTOS(X)		\
	X(1, IPPROTO_ICMP)		\
	X(2, IPPROTO_IGMP)		\
	X(3, IPPROTO_IPIP)		\
	X(4, IPPROTO_TCP)		\
	X(5, IPPROTO_UDP)		\
	X(6, IPPROTO_IPV6)		\
	X(7, IPPROTO_GRE)		\
	X(8, IPPROTO_ESP)		\
	X(9, IPPROTO_AH)		\
	X(10, IPPROTO_ICMPV6)		\
	X(11, 89 /* OSPF */)		\
	X(12, 112 /* VRRP */)		\
	X(13, IPPROTO_SCTP)		\
	X(14, IPPROTO_UDPLITE)

#define NETMON_SLOT_OTHER	0
#define NETMON_SLOT_UNKNOWN	15
#define NETMON_NSLOTS		16

struct netmon_ctr {
	u64_stats_t packets;
	u64_stats_t bytes;
};

/* One CPU's namespace-wide counters: 2 x 257 x 2 x 16 bytes = 16448 bytes on 64-bit. */
struct netmon_ns_pcpu {
	struct netmon_ctr c[NETMON_NFAMILIES][NETMON_NPROTOS][NETMON_NDIRS];
	struct u64_stats_sync syncp;
};

/* One CPU's counters for one interface: 2 x 16 x 2 x 16 bytes = 1024 bytes on 64-bit. */
struct netmon_if_pcpu {
	struct netmon_ctr c[NETMON_NFAMILIES][NETMON_NSLOTS][NETMON_NDIRS];
	struct u64_stats_sync syncp;
};

struct netmon_net;

/*
 * An interface's table and its two netdev hooks (ingress, egress), whose priv is this table:
 * from NETDEV_REGISTER to NETDEV_UNREGISTER, then freed a grace period after its hooks are
 * unregistered (a hook already running on another CPU may still hold it).
 */
struct netmon_if {
	struct netmon_if_pcpu __percpu *stats;
	struct netmon_net *nn;		/* its namespace's state, which outlives it */
	int ifindex;
	struct nf_hook_ops ops[NETMON_NDIRS];
	struct rcu_head rcu;
};

/* Per network namespace, in net_generic(net, netmon_net_id). */
struct netmon_net {
	struct netmon_ns_pcpu __percpu *stats;
	struct xarray ifs;		/* ifindex -> struct netmon_if: all tables, in order */
	struct notifier_block nb;	/* this netns's netdevice notifier */
};

extern unsigned int netmon_net_id;
extern const u8 netmon_proto_slot[NETMON_NPROTOS];
extern const u8 netmon_slot_proto[NETMON_NSLOTS];

/* stats.c */
int netmon_if_add(struct netmon_net *nn, struct net_device *dev);
void netmon_if_del(struct netmon_net *nn, struct net_device *dev);
void netmon_reset(struct netmon_net *nn);

/* hooks.c */
void netmon_hooks_init(struct netmon_if *nif, struct net_device *dev);

/* proc.c */
int netmon_proc_init(struct net *net);
void netmon_proc_exit(struct net *net);

#endif /* _NETMON_H */
