package io.netmon.history;

import io.netmon.source.Counter;

/**
 * One ring of one {@link Series}: the four {@link Counter}s of each point, laid out
 * {@code [slot * 4 + counter]}, and one bit per slot saying whether the point starts a new segment.
 * Point {@code index} lives in slot {@code index % capacity}, as in its {@link Timeline}.
 *
 * <p><b>Narrow while it can be.</b> A counter's value is kept as 32 unsigned bits above a base, one
 * base per counter: 4 bytes a value instead of 8. The base is the smallest value of that counter
 * the ring holds, so this works while the counter's values in the ring span less than 2<sup>32</sup>
 * (4 GiB of bytes over the ring's retention: most interfaces of a node with hundreds of them). A
 * value that does not fit moves the base down to the smallest value held, or up past values that
 * left the ring (a rebase, a pass over the ring); when even the span of what is held does not fit
 * (a busy link, or a counter reset: the old segment's values beside the new one's), the ring turns
 * wide, plain 64-bit values. A wide ring tries to turn narrow again each time it has been written
 * {@code capacity} times since: once the points that did not fit have left it. The budget counts
 * every ring as wide ({@link #arrayBoundBytes}), so no ring ever takes the store past it.
 *
 * <p>Which points are held is the caller's knowledge: every {@code put} and {@code endPoint} names
 * {@code from}, the oldest point still held; slots outside {@code [from, index]} hold stale values
 * nobody reads.
 */
final class Ring {
    private static final int C = Counter.COUNT;
    /** The largest offset above a base a narrow value holds. */
    private static final long SPAN = 0xFFFF_FFFFL;
    /**
     * A ring's bytes besides its value and bitset arrays: the object (12-byte header, the capacity,
     * {@code narrowAt} and four references: 40 bytes) and its base array (16 + 4 x 8).
     */
    static final long FIXED_BYTES = 40 + 16 + C * 8;

    final int capacity;
    private int[] narrow;
    private long[] wide;
    private final long[] base = new long[C];
    private final long[] segments;
    /** When wide: the point at which to try turning narrow again. */
    private long narrowAt;

    Ring(int capacity) {
        this.capacity = capacity;
        this.narrow = new int[capacity * C];
        this.segments = new long[bitsetWords(capacity)];
    }

    private int slot(long index) {
        return (int) (index % capacity);
    }

    /** The value of {@code counter} (an ordinal) at point {@code index}. */
    long value(long index, int counter) {
        int i = slot(index) * C + counter;
        return wide != null ? wide[i] : base[counter] + Integer.toUnsignedLong(narrow[i]);
    }

    boolean segmentStart(long index) {
        int slot = slot(index);
        return (segments[slot >>> 6] & (1L << slot)) != 0;
    }

    /** Whether the ring had to turn wide. */
    boolean wide() {
        return wide != null;
    }

    /**
     * Writes {@code value} of {@code counter} at point {@code index}; points {@code from} to
     * {@code index - 1} are held and keep their values.
     */
    void put(long index, long from, int counter, long value) {
        int i = slot(index) * C + counter;
        if (wide != null) {
            wide[i] = value;
            return;
        }
        if (!fits(value, base[counter])) {
            long min = value;
            long max = value;
            for (long p = from; p < index; p++) {
                long v = value(p, counter);
                min = Long.compareUnsigned(v, min) < 0 ? v : min;
                max = Long.compareUnsigned(v, max) > 0 ? v : max;
            }
            if (fits(max, min)) {
                rebase(index, from, counter, min);
            } else {
                widen(index, from);
                wide[i] = value;
                return;
            }
        }
        narrow[i] = (int) (value - base[counter]);
    }

    /**
     * Ends point {@code index}, its four counters {@linkplain #put put}: records whether it starts a
     * segment and, when the ring is wide and it is time, turns it narrow if what it holds fits.
     */
    void endPoint(long index, long from, boolean segmentStart) {
        int slot = slot(index);
        if (segmentStart) {
            segments[slot >>> 6] |= 1L << slot;
        } else {
            segments[slot >>> 6] &= ~(1L << slot);
        }
        if (wide != null && index >= narrowAt) {
            narrowAt = index + capacity;
            tryNarrow(index, from);
        }
    }

    private void tryNarrow(long index, long from) {
        long[] min = new long[C];
        long[] max = new long[C];
        for (int k = 0; k < C; k++) {
            min[k] = max[k] = value(index, k);
        }
        for (long p = from; p < index; p++) {
            for (int k = 0; k < C; k++) {
                long v = value(p, k);
                min[k] = Long.compareUnsigned(v, min[k]) < 0 ? v : min[k];
                max[k] = Long.compareUnsigned(v, max[k]) > 0 ? v : max[k];
            }
        }
        for (int k = 0; k < C; k++) {
            if (!fits(max[k], min[k])) {
                return;
            }
        }
        int[] values = new int[capacity * C];
        for (long p = from; p <= index; p++) {
            for (int k = 0; k < C; k++) {
                values[slot(p) * C + k] = (int) (value(p, k) - min[k]);
            }
        }
        System.arraycopy(min, 0, base, 0, C);
        narrow = values;
        wide = null;
    }

    private static boolean fits(long value, long base) {
        return Long.compareUnsigned(value - base, SPAN) <= 0 && Long.compareUnsigned(value, base) >= 0;
    }

    /** Moves {@code counter}'s base to {@code next}, every held value kept. */
    private void rebase(long index, long from, int counter, long next) {
        int shift = (int) (base[counter] - next);
        for (long p = from; p < index; p++) {
            narrow[slot(p) * C + counter] += shift;
        }
        base[counter] = next;
    }

    /** Turns the ring wide, every held value of every counter kept. */
    private void widen(long index, long from) {
        long[] values = new long[capacity * C];
        // the point being written too: its other counters may be in already
        for (long p = from; p <= index; p++) {
            for (int k = 0; k < C; k++) {
                values[slot(p) * C + k] = value(p, k);
            }
        }
        wide = values;
        narrow = null;
        narrowAt = index + capacity;
    }

    /** The bytes of this ring's value and bitset arrays now ({@link #FIXED_BYTES} besides). */
    long arrayBytes() {
        long values = wide != null ? Series.longArrayBytes((long) capacity * C) : intArrayBytes((long) capacity * C);
        return values + Series.longArrayBytes(segments.length);
    }

    /** The most those arrays of a ring of {@code capacity} points ever hold: turned wide (the narrow array it leaves is garbage). */
    static long arrayBoundBytes(int capacity) {
        return Series.longArrayBytes((long) capacity * C) + Series.longArrayBytes(bitsetWords(capacity));
    }

    /** An int[] of {@code length}: a 16-byte header and 4 bytes each, padded to 8. */
    static long intArrayBytes(long length) {
        return (16 + 4 * length + 7) & ~7L;
    }

    static int bitsetWords(int bits) {
        return (bits + 63) >>> 6;
    }
}
