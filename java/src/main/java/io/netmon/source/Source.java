package io.netmon.source;

/** Where a snapshot's figures came from. */
public enum Source {
    /** netmon.ko is loaded: /proc/net/netmon gives per-protocol packets and bytes per interface. */
    KMOD("kmod"),
    /** No module: /proc/net/dev for interfaces, /proc/net/snmp(6) for host-wide protocol packets. */
    PROCFS("procfs");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
