package io.netmon.source;

import java.util.function.ToLongFunction;

/**
 * The four counters of one row of traffic, in {@link Counter} order: bytes and packets received,
 * bytes and packets sent. Each is an unsigned 64-bit value held in a long.
 */
public record Counts(long rxBytes, long rxPackets, long txBytes, long txPackets) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    /** Counts whose every counter is {@code value.applyAsLong(counter)}. */
    public static Counts of(ToLongFunction<Counter> value) {
        return new Counts(value.applyAsLong(Counter.BYTES_RECEIVED), value.applyAsLong(Counter.PACKETS_RECEIVED),
                value.applyAsLong(Counter.BYTES_SENT), value.applyAsLong(Counter.PACKETS_SENT));
    }

    public long get(Counter counter) {
        return counter.of(this);
    }

    /** Counter by counter sums, wrapping at 2^64 like the counters themselves. */
    public Counts plus(Counts other) {
        return new Counts(rxBytes + other.rxBytes, rxPackets + other.rxPackets, txBytes + other.txBytes,
                txPackets + other.txPackets);
    }
}
