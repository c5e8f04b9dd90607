package io.netmon.source;

import java.util.function.ToLongFunction;

/** The 16 counters of a /proc/net/dev line, in the kernel's order, with their JSON names. */
public enum DevField {
    BYTES_RECEIVED("bytes_received", InterfaceStats::rxBytes),
    PACKETS_RECEIVED("packets_received", InterfaceStats::rxPackets),
    ERRORS_RECEIVED("errors_received", InterfaceStats::rxErrors),
    DROPS_RECEIVED("drops_received", InterfaceStats::rxDrops),
    FIFO_RECEIVED("fifo_received", InterfaceStats::rxFifo),
    FRAME_RECEIVED("frame_received", InterfaceStats::rxFrame),
    COMPRESSED_RECEIVED("compressed_received", InterfaceStats::rxCompressed),
    MULTICAST_RECEIVED("multicast_received", InterfaceStats::rxMulticast),
    BYTES_SENT("bytes_sent", InterfaceStats::txBytes),
    PACKETS_SENT("packets_sent", InterfaceStats::txPackets),
    ERRORS_SENT("errors_sent", InterfaceStats::txErrors),
    DROPS_SENT("drops_sent", InterfaceStats::txDrops),
    FIFO_SENT("fifo_sent", InterfaceStats::txFifo),
    COLLISIONS_SENT("collisions_sent", InterfaceStats::txCollisions),
    CARRIER_SENT("carrier_sent", InterfaceStats::txCarrier),
    COMPRESSED_SENT("compressed_sent", InterfaceStats::txCompressed);

    private final String jsonName;
    private final ToLongFunction<InterfaceStats> getter;

    DevField(String jsonName, ToLongFunction<InterfaceStats> getter) {
        this.jsonName = jsonName;
        this.getter = getter;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The counter's value as an unsigned 64-bit bit pattern (use {@link Long#toUnsignedString}). */
    public long get(InterfaceStats stats) {
        return getter.applyAsLong(stats);
    }
}
