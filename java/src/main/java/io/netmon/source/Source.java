package io.netmon.source;

/** Where a snapshot's figures came from. */
public enum Source {
    /** netmon.ko is loaded: /proc/net/netmon gives per-protocol packets and bytes per interface. */
    KMOD("kmod", true),
    /** No module: /proc/net/dev for interfaces, /proc/net/snmp(6) for host-wide protocol packets. */
    PROCFS("procfs", false);

    private final String label;
    private final boolean hasBytes;

    Source(String label, boolean hasBytes) {
        this.label = label;
        this.hasBytes = hasBytes;
    }

    /** Whether protocol rows carry bytes (the module counts them; /proc/net/snmp counts packets only). */
    public boolean hasBytes() {
        return hasBytes;
    }

    public String label() {
        return label;
    }
}
