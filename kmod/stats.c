// SPDX-License-Identifier: GPL-2.0
/* stats.c - the per-interface tables and their hooks: protocol map, add, RCU free, and reset. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "netmon.h"

/*
 * The memory figures kmod/README.md gives, per CPU (u64_stats_sync is empty on 64-bit), and
 * per interface beside its per-CPU table.
 */
static_assert(BITS_PER_LONG != 64 || sizeof(struct netmon_if_pcpu) == 1024);
static_assert(BITS_PER_LONG != 64 || sizeof(struct netmon_ns_pcpu) == 16448);
static_assert(BITS_PER_LONG != 64 || sizeof(struct netmon_if) <= 192);

#define NETMON_PROTO_TO_SLOT(slot, proto)	[proto] = slot,
#define NETMON_SLOT_TO_PROTO(slot, proto)	[slot] = proto,

/* protocol number (or NETMON_PROTO_UNKNOWN) -> per-interface slot; 0 is "other" */
const u8 netmon_proto_slot[NETMON_NPROTOS] = {
	NETMON_SLOT_PROTOS(NETMON_PROTO_TO_SLOT)
	[NETMON_PROTO_UNKNOWN] = NETMON_SLOT_UNKNOWN,
};

/* slot -> protocol number, for the named slots */
const u8 netmon_slot_proto[NETMON_NSLOTS] = {
	NETMON_SLOT_PROTOS(NETMON_SLOT_TO_PROTO)
};

static void netmon_if_free_rcu(struct rcu_head *head)
{
	struct netmon_if *nif = container_of(head, struct netmon_if, rcu);

	free_percpu(nif->stats);
	kfree(nif);
}

/*
 * A new interface in nn's namespace (netdevice notifier, RTNL held): its table, then its two
 * hooks. Never vetoes the device: on failure it is simply not counted (the caller says so).
 */
int netmon_if_add(struct netmon_net *nn, struct net_device *dev)
{
	struct netmon_if *nif;
	int err;

	nif = kzalloc(sizeof(*nif), GFP_KERNEL);
	if (!nif)
		return -ENOMEM;
	nif->nn = nn;
	nif->ifindex = dev->ifindex;
	nif->stats = alloc_percpu(struct netmon_if_pcpu);
	if (!nif->stats) {
		err = -ENOMEM;
		goto err_free_nif;
	}
	netmon_hooks_init(nif, dev);
	err = xa_insert(&nn->ifs, dev->ifindex, nif, GFP_KERNEL);
	if (err)
		goto err_free_stats;
	err = nf_register_net_hooks(dev_net(dev), nif->ops, ARRAY_SIZE(nif->ops));
	if (err)
		goto err_erase;
	return 0;

err_erase:
	xa_erase(&nn->ifs, dev->ifindex);
	/* a reader of /proc/net/netmon may have found it meanwhile */
	call_rcu(&nif->rcu, netmon_if_free_rcu);
	return err;
err_free_stats:
	free_percpu(nif->stats);
err_free_nif:
	kfree(nif);
	return err;
}

/*
 * An interface leaves nn's namespace (deleted or moved away; netdevice notifier, RTNL held):
 * unregister its hooks, then free its table a grace period later. nf_unregister_net_hooks()
 * does not wait for a hook already running on another CPU, which may still hold the table
 * through its priv; every such hook runs inside an RCU read-side section (ingress under
 * rcu_read_lock(), egress under rcu_read_lock_bh()), so call_rcu() outlives them all.
 * Module exit waits for these callbacks with rcu_barrier().
 */
void netmon_if_del(struct netmon_net *nn, struct net_device *dev)
{
	struct netmon_if *nif = xa_erase(&nn->ifs, dev->ifindex);

	if (!nif)
		return;
	nf_unregister_net_hooks(dev_net(dev), nif->ops, ARRAY_SIZE(nif->ops));
	call_rcu(&nif->rcu, netmon_if_free_rcu);
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
