// SPDX-License-Identifier: GPL-2.0
/* main.c - module init and exit, per-netns setup and teardown, and the netdevice notifier. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "netmon.h"

unsigned int netmon_net_id __read_mostly;

/*
 * A table and two hooks per interface, from NETDEV_REGISTER to NETDEV_UNREGISTER (also on
 * netns moves: the device leaves one namespace's notifier and joins another's).
 */
static int netmon_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct netmon_net *nn = container_of(nb, struct netmon_net, nb);
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	int err;

	switch (event) {
	case NETDEV_REGISTER:
		/* never veto a device for the sake of statistics */
		err = netmon_if_add(nn, dev);
		if (err)
			pr_warn_ratelimited("%s is not counted: %d\n", dev->name, err);
		break;
	case NETDEV_UNREGISTER:
		netmon_if_del(nn, dev);
		break;
	}
	return NOTIFY_DONE;
}

static int __net_init netmon_net_init(struct net *net)
{
	struct netmon_net *nn = net_generic(net, netmon_net_id);
	int err;

	xa_init(&nn->ifs);
	nn->stats = alloc_percpu(struct netmon_ns_pcpu);
	if (!nn->stats)
		return -ENOMEM;

	err = netmon_proc_init(net);
	if (err)
		goto err_free_stats;

	/* replays NETDEV_REGISTER for the interfaces the namespace already has: hooks from here on */
	nn->nb.notifier_call = netmon_netdev_event;
	err = register_netdevice_notifier_net(net, &nn->nb);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	netmon_proc_exit(net);
err_free_stats:
	free_percpu(nn->stats);
	return err;
}

/*
 * First half of teardown (namespace deleted, or module unloaded): unregistering the notifier
 * replays NETDEV_UNREGISTER for every interface left, which unregisters its hooks and frees
 * its table after a grace period. No hook of this namespace is registered after this; one may
 * still be running on another CPU. The netns core then waits for a grace period
 * (synchronize_rcu() between .pre_exit and .exit) before .exit frees what the hooks read.
 */
static void __net_exit netmon_net_pre_exit(struct net *net)
{
	struct netmon_net *nn = net_generic(net, netmon_net_id);

	unregister_netdevice_notifier_net(net, &nn->nb);
}

/* Second half: no hook runs any more. remove_proc_entry() waits for readers inside the file
 * and closes the descriptors still open (their next read() is -EIO). */
static void __net_exit netmon_net_exit(struct net *net)
{
	struct netmon_net *nn = net_generic(net, netmon_net_id);

	netmon_proc_exit(net);
	WARN_ON_ONCE(!xa_empty(&nn->ifs));
	xa_destroy(&nn->ifs);
	free_percpu(nn->stats);
}

static struct pernet_operations netmon_net_ops = {
	.init		= netmon_net_init,
	.pre_exit	= netmon_net_pre_exit,
	.exit		= netmon_net_exit,
	.id		= &netmon_net_id,
	.size		= sizeof(struct netmon_net),
};

static int __init netmon_init(void)
{
	int err;

	err = register_pernet_subsys(&netmon_net_ops);
	if (err)
		return err;
	pr_info("version %s loaded\n", NETMON_VERSION);
	return 0;
}

static void __exit netmon_exit(void)
{
	unregister_pernet_subsys(&netmon_net_ops);
	/* the per-interface tables are freed by call_rcu() callbacks in this module */
	rcu_barrier();
	pr_info("unloaded\n");
}

module_init(netmon_init);
module_exit(netmon_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Netmon authors");
MODULE_DESCRIPTION("Per-netns, per-interface, per-protocol packet and byte counters in /proc/net/netmon");
MODULE_VERSION(NETMON_VERSION);
