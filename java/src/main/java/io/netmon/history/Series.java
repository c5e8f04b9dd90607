package io.netmon.history;

import io.netmon.source.Counter;
import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.Unsigned;

/**
 * The history of one interface or one (family, protocol): the four {@link Counter}s in two
 * {@link Ring}s, every sample for a while and one point per coarse step for longer. Only the store's
 * lock holder touches it.
 *
 * <p>Values in the rings are the kernel's counters plus 2<sup>32</sup> for every 32-bit wrap seen
 * in the current segment, so within a segment they never decrease and any two points of it give a
 * rate by plain subtraction, at either resolution.
 */
final class Series {
    private static final int C = Counter.COUNT;

    final String interfaceName;
    final Family family;
    final int protocol;

    /** Fixed bytes of a series besides its rings' arrays: its three state arrays (16 + 4 x 8 bytes each) and the two rings' own. */
    static final long STATE_BYTES = 3 * (16 + C * 8) + 2 * Ring.FIXED_BYTES;

    private Ring full;
    private Ring coarse;
    /** Index of the first point of this series in each ring (the coarse one: the next coarse point). */
    final long fullBorn;
    private long coarseBorn;

    /** Kernel values of the latest sample, and the wrap offsets of the current segment. */
    private final long[] raw = new long[C];
    private final long[] offset = new long[C];
    /** Rates between the latest two samples, NaN at a segment start. */
    private final double[] rate = new double[C];
    private boolean latestSegment;
    private boolean segmentSinceCoarse;
    int generation;

    Series(String interfaceName, Family family, int protocol, Timeline fullTimes, Timeline coarseTimes, long born) {
        this.interfaceName = interfaceName;
        this.family = family;
        this.protocol = protocol;
        this.full = new Ring(fullTimes.capacity);
        this.coarse = new Ring(coarseTimes.capacity);
        this.fullBorn = born;
        this.coarseBorn = coarseTimes.count();
    }

    /**
     * Records the sample at full-ring index {@code index}: {@code counts} are the kernel's counters,
     * {@code seconds} the time since the previous sample (not positive: force a new segment).
     */
    void record(long index, Timeline times, Counts counts, double seconds) {
        boolean segment = index == fullBorn || !(seconds > 0);
        if (!segment) {
            for (int k = 0; k < C; k++) {
                if (CounterRule.isReset(raw[k], Counter.ALL.get(k).of(counts))) {
                    segment = true;
                    break;
                }
            }
        }
        long from = Math.max(fullBorn, index - times.capacity + 1);
        for (int k = 0; k < C; k++) {
            long next = Counter.ALL.get(k).of(counts);
            if (segment) {
                offset[k] = 0;
                rate[k] = Double.NaN;
            } else if (CounterRule.isWrap32(raw[k], next)) {
                offset[k] += CounterRule.WRAP;
            }
            raw[k] = next;
            long value = next + offset[k];
            if (!segment) {
                rate[k] = Unsigned.toDouble(value - full.value(index - 1, k)) / seconds;
            }
            full.put(index, from, k, value);
        }
        full.endPoint(index, from, segment);
        latestSegment = segment;
        segmentSinceCoarse |= segment;
    }

    /** Copies the latest full point into the coarse ring at {@code coarseIndex}. */
    void recordCoarse(long fullIndex, long coarseIndex, Timeline coarseTimes) {
        long from = Math.max(coarseBorn, coarseIndex - coarseTimes.capacity + 1);
        for (int k = 0; k < C; k++) {
            coarse.put(coarseIndex, from, k, full.value(fullIndex, k));
        }
        coarse.endPoint(coarseIndex, from, segmentSinceCoarse || coarseIndex == coarseBorn);
        segmentSinceCoarse = false;
    }

    boolean latestSegment() {
        return latestSegment;
    }

    /** The rates between the latest two samples. */
    Rates latestRates() {
        return Rates.of(counter -> rate[counter.ordinal()]);
    }

    long born(boolean coarseRing) {
        return coarseRing ? coarseBorn : fullBorn;
    }

    long value(boolean coarseRing, long index, Counter counter) {
        return (coarseRing ? coarse : full).value(index, counter.ordinal());
    }

    boolean segmentStart(boolean coarseRing, long index) {
        return (coarseRing ? coarse : full).segmentStart(index);
    }

    /**
     * Moves the rings into smaller ones when the store {@linkplain History reshapes} to fit its budget:
     * the full ring keeps its latest points that {@code newFull} holds; the coarse ring keeps the old
     * points {@code kept} (ascending old indices, every {@code factor}-th back from the latest), which
     * become points 0, 1, ... of {@code newCoarse}. A kept coarse point starts a segment when any of
     * the {@code factor} points it stands for did, so no rate crosses a reset.
     */
    void reshape(Timeline newFull, Timeline oldCoarse, Timeline newCoarse, long[] kept, int factor) {
        Ring nextFull = new Ring(newFull.capacity);
        long fullFrom = Math.max(fullBorn, newFull.oldest());
        for (long index = fullFrom; index < newFull.count(); index++) {
            for (int k = 0; k < C; k++) {
                nextFull.put(index, fullFrom, k, full.value(index, k));
            }
            nextFull.endPoint(index, fullFrom, full.segmentStart(index));
        }
        Ring nextCoarse = new Ring(newCoarse.capacity);
        long nextBorn = 0;
        for (int m = 0; m < kept.length; m++) {
            long old = kept[m];
            if (old < coarseBorn) {
                nextBorn = m + 1;
                continue;
            }
            boolean segment = false;
            for (long i = Math.max(old - factor + 1, Math.max(coarseBorn, oldCoarse.oldest())); i <= old; i++) {
                segment |= coarse.segmentStart(i);
            }
            for (int k = 0; k < C; k++) {
                nextCoarse.put(m, nextBorn, k, coarse.value(old, k));
            }
            nextCoarse.endPoint(m, nextBorn, segment);
        }
        full = nextFull;
        coarse = nextCoarse;
        coarseBorn = nextBorn;
    }

    /** Bytes of this series' ring arrays as they are now (narrow or wide), array headers included. */
    long arrayBytes() {
        return full.arrayBytes() + coarse.arrayBytes();
    }

    /** The most a series' ring arrays hold: both rings wide. What the budget counts. */
    static long arrayBytes(int fullPoints, int coarsePoints) {
        return Ring.arrayBoundBytes(fullPoints) + Ring.arrayBoundBytes(coarsePoints);
    }

    /** A long[] of {@code length}: a 16-byte header (64-bit JVM, compressed class pointers) and 8 bytes each. */
    static long longArrayBytes(long length) {
        return 16 + 8 * length;
    }
}
