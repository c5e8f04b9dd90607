package io.netmon.source;

import java.util.Objects;

/**
 * One interface's line of /proc/net/dev: the four counters every row has ({@link Counts}) and the
 * twelve that only interfaces have. Every counter is an unsigned 64-bit value held in a {@code long}:
 * compare with {@link Long#compareUnsigned}, print with {@link Long#toUnsignedString}.
 */
public record InterfaceStats(
        String name, Counts counts,
        long rxErrors, long rxDrops, long rxFifo, long rxFrame, long rxCompressed, long rxMulticast,
        long txErrors, long txDrops, long txFifo, long txCollisions, long txCarrier, long txCompressed) {

    public InterfaceStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(counts, "counts");
    }

    /** Builds from the 16 counters in {@link DevField} order. */
    public static InterfaceStats of(String name, long... c) {
        if (c.length != DevField.values().length) {
            throw new IllegalArgumentException("expected 16 counters, got " + c.length);
        }
        return new InterfaceStats(name, Counts.of(counter -> c[counter.field().ordinal()]),
                c[2], c[3], c[4], c[5], c[6], c[7], c[10], c[11], c[12], c[13], c[14], c[15]);
    }

    public long rxBytes() {
        return counts.rxBytes();
    }

    public long rxPackets() {
        return counts.rxPackets();
    }

    public long txBytes() {
        return counts.txBytes();
    }

    public long txPackets() {
        return counts.txPackets();
    }
}
