package io.netmon.history;

import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;

/** The four counters history keeps per series, in the order of its arrays, with their JSON names. */
public enum Counter {
    BYTES_RECEIVED("bytes_received", true),
    PACKETS_RECEIVED("packets_received", false),
    BYTES_SENT("bytes_sent", true),
    PACKETS_SENT("packets_sent", false);

    /** The counters as an array, without the copy {@link #values()} makes on each call. */
    static final Counter[] ALL = values();
    static final int COUNT = ALL.length;

    private final String jsonName;
    private final boolean bytes;

    Counter(String jsonName, boolean bytes) {
        this.jsonName = jsonName;
        this.bytes = bytes;
    }

    /** The counter's name, as in {@code /network}: {@code bytes_received}. */
    public String jsonName() {
        return jsonName;
    }

    /** The name of its rate: {@code bytes_received_per_second}. */
    public String rateName() {
        return jsonName + "_per_second";
    }

    /** Whether this counts bytes (protocol rows from /proc/net/snmp have packets only). */
    public boolean bytes() {
        return bytes;
    }

    long of(InterfaceStats stats) {
        return switch (this) {
            case BYTES_RECEIVED -> stats.rxBytes();
            case PACKETS_RECEIVED -> stats.rxPackets();
            case BYTES_SENT -> stats.txBytes();
            case PACKETS_SENT -> stats.txPackets();
        };
    }

    long of(ProtocolStats stats) {
        return switch (this) {
            case BYTES_RECEIVED -> stats.rxBytes();
            case PACKETS_RECEIVED -> stats.rxPackets();
            case BYTES_SENT -> stats.txBytes();
            case PACKETS_SENT -> stats.txPackets();
        };
    }
}
