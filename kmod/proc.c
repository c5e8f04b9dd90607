// SPDX-License-Identifier: GPL-2.0
/* proc.c - /proc/net/netmon: the counters as text (docs/PROC_FORMAT.md), and "reset". */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "netmon.h"

/*
 * Positions: 0 is the header, 1 the namespace-wide rows, ifindex + 2 an interface's rows.
 * Each record is one scope; the seq_file core grows its buffer for a large one.
 */
#define NETMON_POS_ALL		1
#define NETMON_POS_IF0		2
#define NETMON_SEQ_ALL		((void *)2)

static const char *const netmon_family_name[NETMON_NFAMILIES] = { "ipv4", "ipv6" };

struct netmon_sum {
	u64 rx_packets, rx_bytes, tx_packets, tx_bytes;
};

static void netmon_add(struct netmon_sum *s, const struct netmon_ctr *c,
		       const struct u64_stats_sync *syncp)
{
	u64 rp, rb, tp, tb;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(syncp);
		rp = u64_stats_read(&c[NETMON_RX].packets);
		rb = u64_stats_read(&c[NETMON_RX].bytes);
		tp = u64_stats_read(&c[NETMON_TX].packets);
		tb = u64_stats_read(&c[NETMON_TX].bytes);
	} while (u64_stats_fetch_retry(syncp, start));
	s->rx_packets += rp;
	s->rx_bytes += rb;
	s->tx_packets += tp;
	s->tx_bytes += tb;
}

static void netmon_row(struct seq_file *seq, int ifindex, const char *ifname, int fam,
		       const char *proto, const struct netmon_sum *s)
{
	if (!(s->rx_packets | s->rx_bytes | s->tx_packets | s->tx_bytes))
		return;
	seq_printf(seq, "%d %s %s %s %llu %llu %llu %llu\n", ifindex, ifname,
		   netmon_family_name[fam], proto,
		   s->rx_packets, s->rx_bytes, s->tx_packets, s->tx_bytes);
}

static void netmon_show_all(struct seq_file *seq, struct netmon_net *nn)
{
	char num[4];
	int fam, p, cpu;

	for (fam = 0; fam < NETMON_NFAMILIES; fam++) {
		for (p = 0; p < NETMON_NPROTOS; p++) {
			struct netmon_sum s = {};

			for_each_possible_cpu(cpu) {
				const struct netmon_ns_pcpu *pc = per_cpu_ptr(nn->stats, cpu);

				netmon_add(&s, pc->c[fam][p], &pc->syncp);
			}
			if (p == NETMON_PROTO_UNKNOWN) {
				netmon_row(seq, 0, "all", fam, "unknown", &s);
			} else {
				snprintf(num, sizeof(num), "%d", p);
				netmon_row(seq, 0, "all", fam, num, &s);
			}
		}
	}
}

/* The i-th slot to print: the named slots in protocol order, then "other", then "unknown". */
static unsigned int netmon_slot_at(unsigned int i)
{
	if (i < NETMON_NSLOTS - 2)
		return i + 1;
	return i == NETMON_NSLOTS - 2 ? NETMON_SLOT_OTHER : NETMON_SLOT_UNKNOWN;
}

#define NETMON_ONE(slot, proto)	+ 1
static_assert(0 NETMON_SLOT_PROTOS(NETMON_ONE) == NETMON_NSLOTS - 2);

static void netmon_show_if(struct seq_file *seq, const struct netmon_if *nif)
{
	struct net_device *dev;
	char name[IFNAMSIZ], num[4];
	int fam, i, cpu;

	dev = dev_get_by_index_rcu(seq_file_net(seq), nif->ifindex);
	if (!dev)
		return;		/* going away: its table goes with it */
	strscpy(name, dev->name, sizeof(name));

	for (fam = 0; fam < NETMON_NFAMILIES; fam++) {
		for (i = 0; i < NETMON_NSLOTS; i++) {
			unsigned int slot = netmon_slot_at(i);
			struct netmon_sum s = {};
			const char *proto = num;

			for_each_possible_cpu(cpu) {
				const struct netmon_if_pcpu *pc = per_cpu_ptr(nif->stats, cpu);

				netmon_add(&s, pc->c[fam][slot], &pc->syncp);
			}
			if (slot == NETMON_SLOT_OTHER)
				proto = "other";
			else if (slot == NETMON_SLOT_UNKNOWN)
				proto = "unknown";
			else
				snprintf(num, sizeof(num), "%u", netmon_slot_proto[slot]);
			netmon_row(seq, nif->ifindex, name, fam, proto, &s);
		}
	}
}

/* The record at *pos or the first one after it; updates *pos to where it was found. */
static void *netmon_seq_find(struct seq_file *seq, loff_t *pos)
{
	struct netmon_net *nn = net_generic(seq_file_net(seq), netmon_net_id);
	unsigned long index;
	void *nif;

	if (*pos == 0)
		return SEQ_START_TOKEN;
	if (*pos == NETMON_POS_ALL)
		return NETMON_SEQ_ALL;
	if (*pos - NETMON_POS_IF0 > INT_MAX)
		return NULL;
	index = *pos - NETMON_POS_IF0;
	nif = xa_find(&nn->ifs, &index, INT_MAX, XA_PRESENT);
	if (nif)
		*pos = index + NETMON_POS_IF0;
	return nif;
}

static void *netmon_seq_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	rcu_read_lock();
	return netmon_seq_find(seq, pos);
}

static void *netmon_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	return netmon_seq_find(seq, pos);
}

static void netmon_seq_stop(struct seq_file *seq, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

static int netmon_seq_show(struct seq_file *seq, void *v)
{
	if (v == SEQ_START_TOKEN) {
		/* format, module version, and the namespace's inode (stat -L /proc/PID/ns/net) */
		seq_printf(seq, "netmon %d %s %u\n", NETMON_FORMAT, NETMON_VERSION, seq_file_net(seq)->ns.inum);
		seq_puts(seq, "ifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
	} else if (v == NETMON_SEQ_ALL) {
		netmon_show_all(seq, net_generic(seq_file_net(seq), netmon_net_id));
	} else {
		netmon_show_if(seq, v);
	}
	return 0;
}

static const struct seq_operations netmon_seq_ops = {
	.start	= netmon_seq_start,
	.next	= netmon_seq_next,
	.stop	= netmon_seq_stop,
	.show	= netmon_seq_show,
};

/*
 * "reset" or "reset\n" zeroes this namespace's counters. The proc core has already bounded
 * the input (at most a page, else -EINVAL) and copied it. Both the opener and the writer
 * need CAP_NET_ADMIN over the namespace, so a descriptor handed to or from a privileged
 * process grants nothing.
 */
static int netmon_proc_write(struct file *file, char *buf, size_t size)
{
	struct net *net = seq_file_net(file->private_data);

	if (!file_ns_capable(file, net->user_ns, CAP_NET_ADMIN) ||
	    !ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (!((size == 5 && !memcmp(buf, "reset", 5)) ||
	      (size == 6 && !memcmp(buf, "reset\n", 6))))
		return -EINVAL;
	netmon_reset(net_generic(net, netmon_net_id));
	return 0;
}

/* Anyone may read; anyone may open for writing, so an unprivileged "reset" gets -EPERM, not -EACCES. */
int netmon_proc_init(struct net *net)
{
	if (!proc_create_net_data_write("netmon", 0666, net->proc_net, &netmon_seq_ops,
					netmon_proc_write, sizeof(struct seq_net_private), NULL))
		return -ENOMEM;
	return 0;
}

void netmon_proc_exit(struct net *net)
{
	remove_proc_entry("netmon", net->proc_net);
}
