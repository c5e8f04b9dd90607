// SPDX-License-Identifier: GPL-2.0
/* stats.c - the per-interface slot tables: protocol map, allocation, RCU free, and reset. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "netmon.h"

#define NETMON_IPPROTO_OSPF	89
#define NETMON_IPPROTO_VRRP	112

/* The memory figures kmod/README.md gives, per CPU (u64_stats_sync is empty on 64-bit). */
static_assert(BITS_PER_LONG != 64 || sizeof(struct netmon_if_pcpu) == 1024);
static_assert(BITS_PER_LONG != 64 || sizeof(struct netmon_ns_pcpu) == 16448);

/* protocol number (or NETMON_PROTO_UNKNOWN) -> per-interface slot; 0 is "other" */
const u8 netmon_proto_slot[NETMON_NPROTOS] = {
	[IPPROTO_ICMP]		= 1,
	[IPPROTO_IGMP]		= 2,
	[IPPROTO_IPIP]		= 3,
	[IPPROTO_TCP]		= 4,
	[IPPROTO_UDP]		= 5,
	[IPPROTO_IPV6]		= 6,
	[IPPROTO_GRE]		= 7,
	[IPPROTO_ESP]		= 8,
	[IPPROTO_AH]		= 9,
	[IPPROTO_ICMPV6]	= 10,
	[NETMON_IPPROTO_OSPF]	= 11,
	[NETMON_IPPROTO_VRRP]	= 12,
	[IPPROTO_SCTP]		= 13,
	[IPPROTO_UDPLITE]	= 14,
	[NETMON_PROTO_UNKNOWN]	= NETMON_SLOT_UNKNOWN,
};

/* slot -> protocol number, for the named slots 1..14 (ascending, as /proc prints them) */
const u8 netmon_slot_proto[NETMON_NSLOTS] = {
	[1]  = IPPROTO_ICMP,
	[2]  = IPPROTO_IGMP,
	[3]  = IPPROTO_IPIP,
	[4]  = IPPROTO_TCP,
	[5]  = IPPROTO_UDP,
	[6]  = IPPROTO_IPV6,
	[7]  = IPPROTO_GRE,
	[8]  = IPPROTO_ESP,
	[9]  = IPPROTO_AH,
	[10] = IPPROTO_ICMPV6,
	[11] = NETMON_IPPROTO_OSPF,
	[12] = NETMON_IPPROTO_VRRP,
	[13] = IPPROTO_SCTP,
	[14] = IPPROTO_UDPLITE,
};

static struct netmon_ifcache *netmon_ifcache_alloc(unsigned int size)
{
	struct netmon_ifcache *c = kzalloc(struct_size(c, slot, size), GFP_KERNEL);

	if (c)
		c->mask = size - 1;
	return c;
}

int netmon_ifcache_init(struct netmon_net *nn)
{
	struct netmon_ifcache *c = netmon_ifcache_alloc(NETMON_IFCACHE_MIN);

	if (!c)
		return -ENOMEM;
	RCU_INIT_POINTER(nn->cache, c);
	return 0;
}

/* Only once no hook can run any more (after nf_unregister_net_hooks()). */
void netmon_ifcache_free(struct netmon_net *nn)
{
	kfree(rcu_dereference_protected(nn->cache, true));
	RCU_INIT_POINTER(nn->cache, NULL);
}

/* Put a table in its cache slot unless another interface holds it (that one stays). */
static void netmon_ifcache_put(struct netmon_ifcache *c, struct netmon_if *nif)
{
	struct netmon_if __rcu **slot = &c->slot[nif->ifindex & c->mask];

	if (!rcu_access_pointer(*slot))
		rcu_assign_pointer(*slot, nif);
}

/* Keep the cache at least twice the interface count: rebuild it twice as large. */
static void netmon_ifcache_grow(struct netmon_net *nn)
{
	struct netmon_ifcache *old = rtnl_dereference(nn->cache), *c;
	struct netmon_if *nif;
	unsigned long index;

	if (2 * nn->nifs <= old->mask + 1)
		return;
	c = netmon_ifcache_alloc(2 * (old->mask + 1));
	if (!c)
		return;		/* the old one still works, with more misses */
	xa_for_each(&nn->ifs, index, nif)
		netmon_ifcache_put(c, nif);
	rcu_assign_pointer(nn->cache, c);
	kfree_rcu(old, rcu);
}

/* A cache miss: the interface collided with another, or has no table. */
struct netmon_if *netmon_if_lookup_slow(struct netmon_net *nn, int ifindex)
{
	return xa_load(&nn->ifs, ifindex);
}

/* Called from the netdevice notifier (process context, RTNL held). */
int netmon_if_add(struct netmon_net *nn, int ifindex)
{
	struct netmon_if *nif;
	int err;

	nif = kzalloc(sizeof(*nif), GFP_KERNEL);
	if (!nif)
		return -ENOMEM;
	nif->ifindex = ifindex;
	nif->stats = alloc_percpu(struct netmon_if_pcpu);
	if (!nif->stats) {
		err = -ENOMEM;
		goto err_free_nif;
	}
	err = xa_insert(&nn->ifs, ifindex, nif, GFP_KERNEL);
	if (err)
		goto err_free_stats;
	nn->nifs++;
	netmon_ifcache_grow(nn);
	netmon_ifcache_put(rtnl_dereference(nn->cache), nif);
	return 0;

err_free_stats:
	free_percpu(nif->stats);
err_free_nif:
	kfree(nif);
	return err;
}

static void netmon_if_free_rcu(struct rcu_head *head)
{
	struct netmon_if *nif = container_of(head, struct netmon_if, rcu);

	free_percpu(nif->stats);
	kfree(nif);
}

/*
 * Hooks may still hold the table: free it only after a grace period (module exit waits
 * for that with rcu_barrier()). RTNL held, or the namespace's hooks and notifier are gone.
 */
void netmon_if_del(struct netmon_net *nn, int ifindex)
{
	struct netmon_if *nif = xa_erase(&nn->ifs, ifindex);
	struct netmon_ifcache *c;

	if (!nif)
		return;
	nn->nifs--;
	c = rcu_dereference_protected(nn->cache, true);
	if (c && rcu_access_pointer(c->slot[ifindex & c->mask]) == nif)
		RCU_INIT_POINTER(c->slot[ifindex & c->mask], NULL);
	call_rcu(&nif->rcu, netmon_if_free_rcu);
}

void netmon_if_del_all(struct netmon_net *nn)
{
	struct netmon_if *nif;
	unsigned long index;

	xa_for_each(&nn->ifs, index, nif)
		netmon_if_del(nn, index);
}

static void netmon_zero_cpu(struct netmon_net *nn, int cpu)
{
	struct netmon_if *nif;
	unsigned long index;

	memset(per_cpu_ptr(nn->stats, cpu)->c, 0, sizeof_field(struct netmon_ns_pcpu, c));
	rcu_read_lock();
	xa_for_each(&nn->ifs, index, nif)
		memset(per_cpu_ptr(nif->stats, cpu)->c, 0, sizeof_field(struct netmon_if_pcpu, c));
	rcu_read_unlock();
}

/* Runs on each online CPU with interrupts off: no writer of this CPU's counters runs meanwhile. */
static void netmon_zero_local(void *arg)
{
	netmon_zero_cpu(arg, smp_processor_id());
}

/*
 * Zero a namespace's counters. Each CPU zeroes its own (an update is one instruction that
 * an interrupt cannot split, so none is lost or half-undone); offline CPUs have no writers.
 */
void netmon_reset(struct netmon_net *nn)
{
	int cpu;

	cpus_read_lock();
	on_each_cpu(netmon_zero_local, nn, 1);
	for_each_possible_cpu(cpu)
		if (!cpu_online(cpu))
			netmon_zero_cpu(nn, cpu);
	cpus_read_unlock();
}
