package io.netmon.source;

import java.util.Objects;

/**
 * Packets and bytes of one protocol in one family, for one interface or for the whole namespace.
 *
 * @param ifname    the interface, or {@link #ALL} for the namespace-wide (or host-level) row
 * @param protocol  IANA protocol number 0..255, {@link #UNKNOWN} or {@link #OTHER}
 * @param counts    the four counters; bytes are meaningful only where {@link Source#hasBytes()} is true
 */
public record ProtocolStats(String ifname, Family family, int protocol, Counts counts) {

    public static final String ALL = "all";
    /** Headers that could not be read (kmod). */
    public static final int UNKNOWN = -1;
    /** Protocols without a per-interface slot of their own (kmod per-interface rows). */
    public static final int OTHER = -2;

    public ProtocolStats {
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(counts, "counts");
        if (protocol < OTHER || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
    }

    public boolean namespaceWide() {
        return ALL.equals(ifname);
    }
}
