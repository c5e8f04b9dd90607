package io.netmon.history;

import io.netmon.source.Counter;
import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.Unsigned;

/**
 * The history of one interface or one (family, protocol): the four {@link Counter}s in two rings
 * of primitive arrays, laid out {@code [slot * 4 + counter]}, and one bit per slot saying whether
 * the point starts a new segment. Only the store's lock holder touches it.
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

    /** Fixed bytes of a series besides its rings: its three state arrays (16 + 4 x 8 bytes each). */
    static final long STATE_BYTES = 3 * (16 + C * 8);

    private long[] full;
    private long[] fullSegments;
    private long[] coarse;
    private long[] coarseSegments;
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
        this.full = new long[fullTimes.capacity * C];
        this.fullSegments = new long[bitsetWords(fullTimes.capacity)];
        this.coarse = new long[coarseTimes.capacity * C];
        this.coarseSegments = new long[bitsetWords(coarseTimes.capacity)];
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
        int base = times.slot(index) * C;
        int previous = times.slot(index - 1 + times.capacity) * C;
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
                rate[k] = Unsigned.toDouble(value - full[previous + k]) / seconds;
            }
            full[base + k] = value;
        }
        setBit(fullSegments, times.slot(index), segment);
        latestSegment = segment;
        segmentSinceCoarse |= segment;
    }

    /** Copies the latest full point into the coarse ring at {@code coarseIndex}. */
    void recordCoarse(long fullIndex, Timeline fullTimes, long coarseIndex, Timeline coarseTimes) {
        System.arraycopy(full, fullTimes.slot(fullIndex) * C, coarse, coarseTimes.slot(coarseIndex) * C, C);
        setBit(coarseSegments, coarseTimes.slot(coarseIndex), segmentSinceCoarse || coarseIndex == coarseBorn);
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

    long value(boolean coarseRing, Timeline times, long index, Counter counter) {
        return (coarseRing ? coarse : full)[times.slot(index) * C + counter.ordinal()];
    }

    boolean segmentStart(boolean coarseRing, Timeline times, long index) {
        long[] bits = coarseRing ? coarseSegments : fullSegments;
        int slot = times.slot(index);
        return (bits[slot >>> 6] & (1L << slot)) != 0;
    }

    /**
     * Moves the rings into smaller ones when the store {@linkplain History reshapes} to fit its budget:
     * the full ring keeps its latest points that {@code newFull} holds; the coarse ring keeps the old
     * points {@code kept} (ascending old indices, every {@code factor}-th back from the latest), which
     * become points 0, 1, ... of {@code newCoarse}. A kept coarse point starts a segment when any of
     * the {@code factor} points it stands for did, so no rate crosses a reset.
     */
    void reshape(Timeline oldFull, Timeline newFull, Timeline oldCoarse, Timeline newCoarse, long[] kept, int factor) {
        long[] nextFull = new long[newFull.capacity * C];
        long[] nextFullSegments = new long[bitsetWords(newFull.capacity)];
        for (long index = Math.max(fullBorn, newFull.oldest()); index < newFull.count(); index++) {
            System.arraycopy(full, oldFull.slot(index) * C, nextFull, newFull.slot(index) * C, C);
            setBit(nextFullSegments, newFull.slot(index), segmentStart(false, oldFull, index));
        }
        long[] nextCoarse = new long[newCoarse.capacity * C];
        long[] nextCoarseSegments = new long[bitsetWords(newCoarse.capacity)];
        long nextBorn = 0;
        for (int m = 0; m < kept.length; m++) {
            long old = kept[m];
            if (old < coarseBorn) {
                nextBorn = m + 1;
                continue;
            }
            boolean segment = false;
            for (long i = Math.max(old - factor + 1, Math.max(coarseBorn, oldCoarse.oldest())); i <= old; i++) {
                segment |= segmentStart(true, oldCoarse, i);
            }
            System.arraycopy(coarse, oldCoarse.slot(old) * C, nextCoarse, newCoarse.slot(m) * C, C);
            setBit(nextCoarseSegments, newCoarse.slot(m), segment);
        }
        full = nextFull;
        fullSegments = nextFullSegments;
        coarse = nextCoarse;
        coarseSegments = nextCoarseSegments;
        coarseBorn = nextBorn;
    }

    /** Bytes of this series' ring arrays, array headers included. */
    long arrayBytes() {
        return arrayBytes(full.length / C, coarse.length / C);
    }

    static long arrayBytes(int fullPoints, int coarsePoints) {
        return longArrayBytes((long) fullPoints * C) + longArrayBytes(bitsetWords(fullPoints))
                + longArrayBytes((long) coarsePoints * C) + longArrayBytes(bitsetWords(coarsePoints));
    }

    /** A long[] of {@code length}: a 16-byte header (64-bit JVM, compressed class pointers) and 8 bytes each. */
    static long longArrayBytes(long length) {
        return 16 + 8 * length;
    }

    private static int bitsetWords(int bits) {
        return (bits + 63) >>> 6;
    }

    private static void setBit(long[] bits, int slot, boolean value) {
        if (value) {
            bits[slot >>> 6] |= 1L << slot;
        } else {
            bits[slot >>> 6] &= ~(1L << slot);
        }
    }
}
