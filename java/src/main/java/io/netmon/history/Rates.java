package io.netmon.history;

import io.netmon.source.Counter;
import io.netmon.source.Counts;
import java.util.function.ToDoubleFunction;

/**
 * Per-second rates of the four counters, in {@link Counter} order like {@link Counts}; {@code NaN}
 * where there is no rate.
 */
public record Rates(double rxBytes, double rxPackets, double txBytes, double txPackets) {

    /** Rates whose every counter's is {@code rate.applyAsDouble(counter)}. */
    public static Rates of(ToDoubleFunction<Counter> rate) {
        return new Rates(rate.applyAsDouble(Counter.BYTES_RECEIVED), rate.applyAsDouble(Counter.PACKETS_RECEIVED),
                rate.applyAsDouble(Counter.BYTES_SENT), rate.applyAsDouble(Counter.PACKETS_SENT));
    }

    public double get(Counter counter) {
        return switch (counter) {
            case BYTES_RECEIVED -> rxBytes;
            case PACKETS_RECEIVED -> rxPackets;
            case BYTES_SENT -> txBytes;
            case PACKETS_SENT -> txPackets;
        };
    }

    /** These rates with the byte rates {@code NaN}: for a source that counts packets only. */
    public Rates packetsOnly() {
        return new Rates(Double.NaN, rxPackets, Double.NaN, txPackets);
    }
}
