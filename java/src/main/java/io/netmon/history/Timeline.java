package io.netmon.history;

/**
 * The times of one ring's points, shared by every series: point {@code i} (counted from 0 since
 * the store began) lives in slot {@code i % capacity} until {@code capacity} newer points replace it.
 */
final class Timeline {
    final int capacity;
    private final long[] epochMillis;
    private final long[] monotonicNanos;
    private long count;

    Timeline(int capacity) {
        this.capacity = capacity;
        this.epochMillis = new long[capacity];
        this.monotonicNanos = new long[capacity];
    }

    /** A smaller timeline holding this one's latest {@code capacity} points under the same indices. */
    Timeline latest(int capacity) {
        if (capacity > this.capacity) {
            throw new IllegalArgumentException("a timeline only shrinks: " + this.capacity + " -> " + capacity);
        }
        Timeline next = new Timeline(capacity);
        long from = Math.max(oldest(), count - capacity);
        next.count = from;
        for (long index = from; index < count; index++) {
            next.append(epochMillis(index), monotonicNanos(index));
        }
        return next;
    }

    /** Appends a point and returns its index. */
    long append(long epochMs, long monoNanos) {
        int slot = slot(count);
        epochMillis[slot] = epochMs;
        monotonicNanos[slot] = monoNanos;
        return count++;
    }

    /** How many points were ever appended: the next point's index. */
    long count() {
        return count;
    }

    /** The oldest index still held. */
    long oldest() {
        return Math.max(0, count - capacity);
    }

    int slot(long index) {
        return (int) (index % capacity);
    }

    long epochMillis(long index) {
        return epochMillis[slot(index)];
    }

    long monotonicNanos(long index) {
        return monotonicNanos[slot(index)];
    }

    long arrayBytes() {
        return Series.longArrayBytes(capacity) * 2;
    }
}
