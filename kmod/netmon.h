/* SPDX-License-Identifier: GPL-2.0 */
/* netmon.h - state shared by the parts of netmon.ko: per-netns data and per-CPU counter tables. */
#ifndef _NETMON_H
#define _NETMON_H

#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>

struct net;

#define NETMON_VERSION		"0.1.0"
#define NETMON_FORMAT		1	/* docs/PROC_FORMAT.md */

enum netmon_family { NETMON_IPV4, NETMON_IPV6, NETMON_NFAMILIES };
enum netmon_dir { NETMON_RX, NETMON_TX, NETMON_NDIRS };

/* Namespace-wide rows: the 256 protocol numbers, then "unknown". */
#define NETMON_PROTO_UNKNOWN	256
#define NETMON_NPROTOS		257

/*
 * Per-interface rows: a compact slot table. Slot 0 is "other", slots 1..14 are the
 * protocols listed in stats.c (ascending), slot 15 is "unknown".
 */
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

/* An interface's table, from NETDEV_REGISTER to NETDEV_UNREGISTER (then freed after RCU). */
struct netmon_if {
	struct netmon_if_pcpu __percpu *stats;
	int ifindex;
	struct rcu_head rcu;
};

/*
 * The packet path's way to an interface's table: a direct-mapped cache indexed by
 * ifindex & mask, at least twice as large as the interface count, whose entries are
 * checked against the ifindex. Ifindexes are handed out in sequence, so they rarely
 * collide; on a miss the hook falls back to the xarray.
 */
struct netmon_ifcache {
	unsigned int mask;
	struct rcu_head rcu;
	struct netmon_if __rcu *slot[];
};

#define NETMON_IFCACHE_MIN	16

/* Per network namespace, in net_generic(net, netmon_net_id). */
struct netmon_net {
	struct netmon_ns_pcpu __percpu *stats;
	struct netmon_ifcache __rcu *cache;
	struct xarray ifs;		/* ifindex -> struct netmon_if: all tables, in order */
	unsigned int nifs;		/* entries in ifs; RTNL */
	struct notifier_block nb;	/* this netns's netdevice notifier */
};

extern unsigned int netmon_net_id;
extern const u8 netmon_proto_slot[NETMON_NPROTOS];
extern const u8 netmon_slot_proto[NETMON_NSLOTS];

/* stats.c */
int netmon_ifcache_init(struct netmon_net *nn);
void netmon_ifcache_free(struct netmon_net *nn);
struct netmon_if *netmon_if_lookup_slow(struct netmon_net *nn, int ifindex);
int netmon_if_add(struct netmon_net *nn, int ifindex);
void netmon_if_del(struct netmon_net *nn, int ifindex);
void netmon_if_del_all(struct netmon_net *nn);
void netmon_reset(struct netmon_net *nn);

/* hooks.c */
int netmon_hooks_register(struct net *net);
void netmon_hooks_unregister(struct net *net);

/* proc.c */
int netmon_proc_init(struct net *net);
void netmon_proc_exit(struct net *net);

#endif /* _NETMON_H */
