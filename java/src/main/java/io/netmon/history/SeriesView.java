package io.netmon.history;

import io.netmon.source.Counter;
import io.netmon.source.Family;
import io.netmon.source.Unsigned;

/**
 * One series over the points of a {@link HistoryView}: counters and rates by point, absent before
 * the series existed. A copy: reading it never touches the store.
 */
public final class SeriesView {
    private static final int C = Counter.COUNT;

    private final String interfaceName;
    private final Family family;
    private final int protocol;
    private final int first;
    private final long[] values;
    private final long[] before;
    private final boolean[] segment;
    private final double[] seconds;

    SeriesView(String interfaceName, Family family, int protocol, int first, long[] values, long[] before,
            boolean[] segment, double[] seconds) {
        this.interfaceName = interfaceName;
        this.family = family;
        this.protocol = protocol;
        this.first = first;
        this.values = values;
        this.before = before;
        this.segment = segment;
        this.seconds = seconds;
    }

    /** The interface, or null for a protocol series. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The family, or null for an interface series. */
    public Family family() {
        return family;
    }

    public int protocol() {
        return protocol;
    }

    public int size() {
        return segment.length;
    }

    /** Whether the series has a value at point {@code i}. */
    public boolean present(int i) {
        return i >= first;
    }

    /** Whether a new segment starts at point {@code i}: the series appeared or its counters went back. */
    public boolean segmentStart(int i) {
        return present(i) && segment[i];
    }

    /** The counter at point {@code i} (u64 in a long; 32-bit wraps of this segment added back). Check {@link #present}. */
    public long counter(Counter counter, int i) {
        if (!present(i)) {
            throw new IllegalArgumentException("no value at point " + i);
        }
        return values[i * C + counter.ordinal()];
    }

    /** Per-second rate from point {@code i - 1} to {@code i}; NaN where there is none. */
    public double rate(Counter counter, int i) {
        if (!present(i) || segment[i]) {
            return Double.NaN;
        }
        long previous;
        if (i > 0) {
            previous = values[(i - 1) * C + counter.ordinal()];
        } else if (before != null) {
            previous = before[counter.ordinal()];
        } else {
            return Double.NaN;
        }
        return Unsigned.toDouble(values[i * C + counter.ordinal()] - previous) / seconds[i];
    }
}
