package io.netmon.source;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The four counters every row of traffic has (an interface, a protocol, a series of history): bytes
 * and packets received, bytes and packets sent. Their order here is the order of {@link Counts}, of
 * history's arrays and of /proc/net/dev, whose field each one is.
 */
public enum Counter {
    BYTES_RECEIVED(DevField.BYTES_RECEIVED, true, Counts::rxBytes),
    PACKETS_RECEIVED(DevField.PACKETS_RECEIVED, false, Counts::rxPackets),
    BYTES_SENT(DevField.BYTES_SENT, true, Counts::txBytes),
    PACKETS_SENT(DevField.PACKETS_SENT, false, Counts::txPackets);

    /** Every counter in order, without the copy {@link #values()} makes on each call. */
    public static final List<Counter> ALL = List.of(values());
    public static final int COUNT = ALL.size();

    private final DevField field;
    private final boolean bytes;
    private final ToLongFunction<Counts> value;

    Counter(DevField field, boolean bytes, ToLongFunction<Counts> value) {
        this.field = field;
        this.bytes = bytes;
        this.value = value;
    }

    /** The same counter among the 16 of /proc/net/dev: its JSON name and its C field name come from there. */
    public DevField field() {
        return field;
    }

    /** The counter's name, as in {@code /network}: {@code bytes_received}. */
    public String jsonName() {
        return field.jsonName();
    }

    /** Whether this counts bytes (protocol rows from /proc/net/snmp have packets only). */
    public boolean bytes() {
        return bytes;
    }

    /** This counter of {@code counts} (u64 in a long). */
    public long of(Counts counts) {
        return value.applyAsLong(counts);
    }
}
