package io.netmon.source;

import java.util.Objects;

/**
 * One pod of the node at one sample: who it is, and its own network namespace's counters, read
 * through one of its processes ({@code /proc/<pid>/net/...}) as the node's are read.
 *
 * @param uid         the pod's UID, with dashes (the systemd cgroup driver's underscores put back)
 * @param namespace   its Kubernetes namespace, or null when the kubelet's log directory for it was not found
 * @param name        its name, or null likewise
 * @param hostNetwork whether it shares the node's network namespace; then {@code netns} is empty, since its
 *                    counters are the node's and are not counted twice
 * @param firstSeen   the sequence of the first sample that had this pod (for a stable order)
 * @param netns       the pod's namespace as a snapshot: its interfaces (lo included) and namespace-wide and
 *                    per-interface protocol rows, from the node's source; the node's sequence and times;
 *                    the module's header of the pod's file (its namespace's inode) with the module
 */
public record PodStats(String uid, String namespace, String name, boolean hostNetwork, long firstSeen, Snapshot netns) {
    /** The loopback interface, which {@link #total()} leaves out: traffic that never leaves the pod. */
    public static final String LOOPBACK = "lo";

    public PodStats {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(netns, "netns");
        if ((namespace == null) != (name == null)) {
            throw new IllegalArgumentException("a pod has both a namespace and a name, or neither");
        }
    }

    /** Whether its namespace and name are known. */
    public boolean named() {
        return namespace != null;
    }

    /** {@code namespace/name}, or the UID when the name is not known: how people and logs call it. */
    public String label() {
        return named() ? namespace + "/" + name : uid;
    }

    /** The pod's traffic: the four counters summed over its interfaces, lo left out. */
    public Counts total() {
        Counts total = Counts.ZERO;
        for (InterfaceStats stats : netns.interfaces()) {
            if (!LOOPBACK.equals(stats.name())) {
                total = total.plus(stats.counts());
            }
        }
        return total;
    }
}
