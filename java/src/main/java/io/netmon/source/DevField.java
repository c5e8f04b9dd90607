package io.netmon.source;

import java.util.function.ToLongFunction;

/**
 * The 16 counters of a /proc/net/dev line, in the kernel's order (that of {@code struct netmon_dev} in
 * native/include/netmon.h), each with its JSON name and its C field name.
 */
public enum DevField {
    BYTES_RECEIVED("bytes_received", "rx_bytes", InterfaceStats::rxBytes),
    PACKETS_RECEIVED("packets_received", "rx_packets", InterfaceStats::rxPackets),
    ERRORS_RECEIVED("errors_received", "rx_errs", InterfaceStats::rxErrors),
    DROPS_RECEIVED("drops_received", "rx_drop", InterfaceStats::rxDrops),
    FIFO_RECEIVED("fifo_received", "rx_fifo", InterfaceStats::rxFifo),
    FRAME_RECEIVED("frame_received", "rx_frame", InterfaceStats::rxFrame),
    COMPRESSED_RECEIVED("compressed_received", "rx_compressed", InterfaceStats::rxCompressed),
    MULTICAST_RECEIVED("multicast_received", "rx_multicast", InterfaceStats::rxMulticast),
    BYTES_SENT("bytes_sent", "tx_bytes", InterfaceStats::txBytes),
    PACKETS_SENT("packets_sent", "tx_packets", InterfaceStats::txPackets),
    ERRORS_SENT("errors_sent", "tx_errs", InterfaceStats::txErrors),
    DROPS_SENT("drops_sent", "tx_drop", InterfaceStats::txDrops),
    FIFO_SENT("fifo_sent", "tx_fifo", InterfaceStats::txFifo),
    COLLISIONS_SENT("collisions_sent", "tx_colls", InterfaceStats::txCollisions),
    CARRIER_SENT("carrier_sent", "tx_carrier", InterfaceStats::txCarrier),
    COMPRESSED_SENT("compressed_sent", "tx_compressed", InterfaceStats::txCompressed);

    private final String jsonName;
    private final String cName;
    private final ToLongFunction<InterfaceStats> getter;

    DevField(String jsonName, String cName, ToLongFunction<InterfaceStats> getter) {
        this.jsonName = jsonName;
        this.cName = cName;
        this.getter = getter;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The field's name in {@code struct netmon_dev} ({@code rx_bytes}); the same name in {@code netmon_proto_row}. */
    public String cName() {
        return cName;
    }

    /** The counter's value as an unsigned 64-bit bit pattern (use {@link Long#toUnsignedString}). */
    public long get(InterfaceStats stats) {
        return getter.applyAsLong(stats);
    }
}
