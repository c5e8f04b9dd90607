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

/* A table per interface, from NETDEV_REGISTER to NETDEV_UNREGISTER (also on netns moves). */
static int netmon_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct netmon_net *nn = container_of(nb, struct netmon_net, nb);
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	int err;

	switch (event) {
	case NETDEV_REGISTER:
		/* never veto a device for the sake of statistics: count it in "all" only */
		err = netmon_if_add(nn, dev->ifindex);
		if (err)
			pr_warn_ratelimited("no per-interface counters for %s: %d\n", dev->name, err);
		break;
	case NETDEV_UNREGISTER:
		netmon_if_del(nn, dev->ifindex);
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

	err = netmon_ifcache_init(nn);
	if (err)
		goto err_free_stats;

	err = netmon_proc_init(net);
	if (err)
		goto err_ifcache;

	/* replays NETDEV_REGISTER for the interfaces the namespace already has */
	nn->nb.notifier_call = netmon_netdev_event;
	err = register_netdevice_notifier_net(net, &nn->nb);
	if (err)
		goto err_proc;

	err = netmon_hooks_register(net);
	if (err)
		goto err_notifier;
	return 0;

err_notifier:
	unregister_netdevice_notifier_net(net, &nn->nb);
	netmon_if_del_all(nn);
err_proc:
	netmon_proc_exit(net);
err_ifcache:
	netmon_ifcache_free(nn);
err_free_stats:
	free_percpu(nn->stats);
	return err;
}

static void __net_exit netmon_net_exit(struct net *net)
{
	struct netmon_net *nn = net_generic(net, netmon_net_id);

	/* waits for running hooks (synchronize_net) */
	netmon_hooks_unregister(net);
	/* replays NETDEV_UNREGISTER for the interfaces left, if any */
	unregister_netdevice_notifier_net(net, &nn->nb);
	netmon_if_del_all(nn);
	xa_destroy(&nn->ifs);
	/* waits for readers inside the file and closes the descriptors still open */
	netmon_proc_exit(net);
	netmon_ifcache_free(nn);
	free_percpu(nn->stats);
}

static struct pernet_operations netmon_net_ops = {
	.init	= netmon_net_init,
	.exit	= netmon_net_exit,
	.id	= &netmon_net_id,
	.size	= sizeof(struct netmon_net),
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
