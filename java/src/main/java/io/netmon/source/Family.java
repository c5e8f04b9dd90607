package io.netmon.source;

import java.util.Optional;

/** The network-layer family a protocol row belongs to. */
public enum Family {
    IPV4("ipv4"),
    IPV6("ipv6"),
    /**
     * Both families at once: only in the procfs fallback, for TCP, whose /proc/net/snmp counters
     * the kernel keeps for IPv4 and IPv6 together.
     */
    IP("ip");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Family> parse(String label) {
        for (Family family : values()) {
            if (family.label.equals(label)) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }
}
